"""Killing the game in the middle of a lesson loses nothing the teacher had seen done.

A child process teaches a simulated lesson, its lesson file written after every change
(as in class). After each write has returned it tells the parent, through a pipe, what
the log held: its events, its decisions and the hands of the open vote. The parent waits
for a random number of those acknowledgements and kills the child with SIGKILL — in the
middle of whatever it was doing, often inside a write. Then the lesson file must load
(no half-written file, no damage) and hold everything acknowledged before the kill:
every event and decision, and an open vote with at least the hands acknowledged.

100 trials, each a few writes long, four at a time so both cores (and the disk's flushes)
overlap; the acknowledgements are the synchronisation, never a sleep.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from pathlib import Path
from typing import Any

import pytest
from classroom_helpers import load_fixture

from game.classroom.autoplay import autoplay_session
from game.classroom.lessons import Lesson, LessonStore
from game.classroom.session import ClassSession, system_clock
from game.core.model import StoryData
from game.core.saves import read_save

TRIALS = 100
AT_ONCE = 4
MOST_WRITES_BEFORE_THE_KILL = 8

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL")


def state_of(session: ClassSession) -> dict[str, Any]:
    """What an acknowledgement says the log holds (small: a pipe write of it is atomic)."""
    vote = session.vote
    return {
        "events": len(session.log.events),
        "last_event": [session.log.events[-1].kind, session.log.events[-1].at],
        "decisions": [[d.step, d.scene, d.winner] for d in session.log.decisions],
        "vote": [vote.scene, [t.votes for t in vote.tallies]] if vote else None,
    }


class AcknowledgingLesson(Lesson):
    """A lesson file that reports each completed write down a pipe."""

    def __init__(self, path: Path, pipe: int):
        super().__init__(path)
        self.pipe = pipe

    def write(self, session: ClassSession) -> bool:
        written = super().write(session)
        if written:
            os.write(self.pipe, (json.dumps(state_of(session)) + "\n").encode("utf-8"))
        return written


def teach_until_killed(data: StoryData, folder: Path, pipe: int, seed: int) -> None:
    """The child: teach lessons one after another, each kept in its own file, until killed."""
    try:
        rng = random.Random(seed)
        store = LessonStore(folder, data)
        while True:
            lesson = AcknowledgingLesson(store.free_path(system_clock()), pipe)
            os.write(pipe, (json.dumps({"file": lesson.path.name}) + "\n").encode("utf-8"))
            autoplay_session(data, seed=rng.randrange(1000), perspective="student", keeper=lesson,
                             class_size=rng.randint(1, 4), decisions_per_sitting=rng.choice([None, 1, 2]))
    except BaseException as error:  # noqa: BLE001 - report and leave without pytest's clean-up
        os.write(pipe, (json.dumps({"error": repr(error)}) + "\n").encode("utf-8"))
    finally:
        os._exit(1)


class Trial:
    """One child, killed after a random number of acknowledged writes, and what it said."""

    def __init__(self, data: StoryData, folder: Path, seed: int, rng: random.Random):
        self.data = data
        self.folder = folder
        self.kill_after = rng.randint(1, MOST_WRITES_BEFORE_THE_KILL)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(read)
            teach_until_killed(data, folder, write, seed)
        os.close(write)
        self.pid, self.pipe = pid, os.fdopen(read, "r", encoding="utf-8")
        self.acknowledged: dict[str, dict[str, Any]] = {}  # file -> its last acknowledged state
        self.file = ""
        self.writes = 0

    def take(self, line: str) -> None:
        message = json.loads(line)
        assert "error" not in message, message["error"]
        if "file" in message:
            self.file = message["file"]
        else:
            self.acknowledged[self.file] = message
            self.writes += 1

    def run(self) -> None:
        while self.writes < self.kill_after:
            line = self.pipe.readline()
            assert line, "the child died before it was killed"
            self.take(line)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        for line in self.pipe:  # written before the kill: acknowledged too
            if line.endswith("\n"):
                self.take(line)
        self.pipe.close()

    def check(self) -> None:
        data = self.data
        for name, state in self.acknowledged.items():
            session = ClassSession.from_json(data, read_save(self.folder / name))  # loads: not damaged
            events = session.log.events
            assert len(events) >= state["events"], name
            assert [events[state["events"] - 1].kind, events[state["events"] - 1].at] == state["last_event"], name
            decisions = [[d.step, d.scene, d.winner] for d in session.log.decisions]
            assert decisions[:len(state["decisions"])] == state["decisions"], name
            if state["vote"] is not None and decisions == state["decisions"]:
                assert session.vote is not None, f"{name}: the open vote was lost"
                scene, hands = state["vote"]
                assert session.vote.scene == scene
                assert all(now >= then for now, then in zip((t.votes for t in session.vote.tallies), hands)), name
        listed = LessonStore(self.folder, data).all()
        assert listed and all(info.usable for info in listed), [info.problem for info in listed]


def test_a_lesson_killed_at_random_moments_keeps_everything_acknowledged(tmp_path: Path) -> None:
    data = load_fixture()  # loaded once before forking: each child starts from the parent's copy
    rng = random.Random(1956)
    done = 0
    while done < TRIALS:
        batch = [Trial(data, tmp_path / f"trial-{done + n:03d}", done + n, rng)
                 for n in range(min(AT_ONCE, TRIALS - done))]
        for trial in batch:
            trial.run()
        for trial in batch:
            trial.check()
        done += len(batch)
    assert done == TRIALS
