"""The devices' ballots are written on a thread of the lesson's own, and still never lost
or written over a newer state (see :class:`game.classroom.lessons.Lesson`)."""

from __future__ import annotations

import json
from pathlib import Path

from classroom_helpers import FakeClock, load_fixture
from game.classroom.lessons import Lesson
from game.classroom.session import ClassSession


def session_with_room() -> ClassSession:
    session = ClassSession(load_fixture(), None, now=FakeClock())
    session.open_room("ABCDEF")
    session.open_vote()
    return session


def ballot(session: ClassSession, device: str, index: int) -> None:
    session.change_from_devices = True
    try:
        session.devices_report([device], [(device, session.vote.key, index)])
    finally:
        session.change_from_devices = False


def on_disk(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_a_ballot_is_on_disk_after_flush_and_a_teachers_write_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "lesson.json"
    session = session_with_room()
    lesson = Lesson(path)
    lesson.keep(session)
    ballot(session, "d1", 0)
    lesson.flush()
    assert on_disk(path)["vote"]["ballots"] == {"d1": 0}
    ballot(session, "d2", 1)  # handed to the thread...
    session.add_vote(1)  # ...and the teacher's hand, written at once, is newer
    lesson.flush()
    saved = on_disk(path)["vote"]
    assert saved["ballots"] == {"d1": 0, "d2": 1}
    assert [(t["votes"], t["devices"]) for t in saved["tallies"]] == [(1, 1), (2, 1)]


def test_a_failed_background_write_is_told_on_the_next_change(tmp_path: Path) -> None:
    told: list[OSError] = []
    path = tmp_path / "lesson.json"
    session = session_with_room()
    lesson = Lesson(path, on_error=told.append)
    lesson.keep(session)
    path.unlink()
    path.mkdir()  # the disk refuses: the file cannot replace a folder (even for root)
    ballot(session, "d1", 0)
    lesson.flush()
    assert len(told) == 1 and lesson.error is not None
    path.rmdir()
    ballot(session, "d2", 0)
    lesson.flush()
    assert lesson.error is None and on_disk(path)["vote"]["ballots"] == {"d1": 0, "d2": 0}
