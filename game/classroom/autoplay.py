"""A whole class session with simulated votes, for tests and demos of classroom mode.

``budapest1956 classroom --headless --autoplay N --seed S --export DIR`` runs this: a
seeded random class reads each scene, discusses where the author paused, opens the
source drawer now and then, votes (ties go to a simulated teacher), sometimes goes back
one step, and is debriefed at each chapter's end and at the ending. Time is simulated
with the guide's own assumptions (:mod:`timing`), starting from a fixed moment, so the
same seed gives byte-identical exports.

A simulated lesson can be kept as it goes (``keeper``, e.g. a :class:`~.lessons.Lesson`,
written after every change as in class) and can be taught over several days
(``decisions_per_sitting``): after that many decisions the game is "closed", the session
goes through its JSON as a restarted game would read it, and the class resumes the next
morning, so the handout of a lesson taught over three days can be tried without waiting.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..core.model import StoryData
from .exports import export_session
from .session import ClassSession, Keeper, SessionError
from .timing import DECISION_MINUTES, PROMPT_MINUTES, WORDS_PER_MINUTE, scene_words

#: Simulated lessons start here, so exports do not depend on the machine's clock.
DEFAULT_START = datetime(1990, 10, 23, 9, 0, tzinfo=timezone.utc)
DEFAULT_CLASS_SIZE = 28
MAX_STEPS = 500


class SimulatedClock:
    """A ``now`` callable that only moves when told to (no sleeping, fully reproducible)."""

    def __init__(self, start: datetime = DEFAULT_START):
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=round(seconds))

    def next_morning(self) -> None:
        """The next day, at the hour lessons start (the class comes back tomorrow)."""
        start = DEFAULT_START.astimezone(self.moment.tzinfo) if self.moment.tzinfo else DEFAULT_START
        self.moment = (self.moment + timedelta(days=1)).replace(
            hour=start.hour, minute=start.minute, second=0, microsecond=0)


def autoplay_session(
    data: StoryData,
    *,
    seed: int = 0,
    perspective: str | None = None,
    class_size: int = DEFAULT_CLASS_SIZE,
    clock: SimulatedClock | None = None,
    max_steps: int = MAX_STEPS,
    class_name: str = "",
    keeper: Keeper | None = None,
    decisions_per_sitting: int | None = None,
) -> ClassSession:
    """Play one point of view to an ending (or ``max_steps``) as a simulated class;
    ``keeper`` is told of every change, and with ``decisions_per_sitting`` the lesson
    breaks off and resumes the next morning after every that many decisions."""
    rng = random.Random(seed)
    clock = clock or SimulatedClock()
    if perspective is None:
        playable = [p.id for p in data.perspectives.values() if p.start in data.scenes]
        if not playable:
            raise SessionError("the story has no point of view to play")
        perspective = rng.choice(playable)
    if decisions_per_sitting is not None and decisions_per_sitting < 1:
        raise SessionError("a sitting needs at least one decision")
    session = ClassSession(data, perspective, now=clock, class_name=class_name, keeper=keeper)
    undone = False
    decided = 0
    for _ in range(max_steps):
        _read_and_discuss(session, rng, clock)
        if session.is_ending:
            _debrief_all(session, clock)
            break
        if not session.story.open_choices:
            break  # a dead end: `budapest1956 check` reports it; the session just stops
        _decide(session, rng, clock, class_size)
        decided += 1
        if decisions_per_sitting and decided % decisions_per_sitting == 0 and not session.is_ending:
            session = _next_sitting(data, session, clock)
        if not undone and len(session.log.decisions) >= 2 and rng.random() < 0.08:
            clock.advance(30)
            session.undo()
            undone = True
            continue
        while session.chapter_end_due:
            clock.advance(180)
            session.chapter_ended()
    if session.log.finished_at is None:
        session.finish()
    return session


def _next_sitting(data: StoryData, session: ClassSession, clock: SimulatedClock) -> ClassSession:
    """The game is closed after this decision and opened again the next morning: the
    session is read back from its JSON, as from its lesson file, and resumed."""
    clock.next_morning()
    again = ClassSession.from_json(data, json.loads(json.dumps(session.to_json())), now=clock)
    again.keeper = session.keeper
    again.resume()
    return again


def _read_and_discuss(session: ClassSession, rng: random.Random, clock: SimulatedClock) -> None:
    scene = session.scene
    session.show_scene()
    clock.advance(60 * scene_words(scene, session.story.state) / WORDS_PER_MINUTE * rng.uniform(0.8, 1.2))
    if scene.discussion and (scene.pause or rng.random() < 0.3):
        for _ in session.show_prompts():
            clock.advance(60 * PROMPT_MINUTES * rng.uniform(0.6, 1.4))
    if scene.cites and rng.random() < 0.6:
        session.scene_sources_seen()
        clock.advance(60 * rng.uniform(0.5, 2.0))


def _decide(session: ClassSession, rng: random.Random, clock: SimulatedClock, class_size: int) -> None:
    open_choices = [choice.index for choice in session.story.open_choices]
    if rng.random() < 0.1:
        clock.advance(20)
        session.choose_directly(rng.choice(open_choices))
        return
    vote = session.open_vote()
    weights = [rng.random() + 0.05 for _ in open_choices]
    for _ in range(class_size):
        index = rng.choices(open_choices, weights)[0]
        session.add_vote(index, +1)
    clock.advance(60 * DECISION_MINUTES * rng.uniform(0.5, 1.5))
    session.close_vote(rng.choice(vote.leaders) if vote.is_tie else None)


def _debrief_all(session: ClassSession, clock: SimulatedClock) -> None:
    """At an ending: each chapter's debrief that is due, the whole story's, the epilogue."""
    while session.chapter_end_due:
        clock.advance(180)
        session.chapter_ended()
    clock.advance(300)
    session.debrief_shown(None)
    clock.advance(120)
    session.epilogue_shown()
    session.finish()


def run_autoplay(
    data: StoryData,
    games: int,
    seed: int,
    export_dir: Path | str,
    *,
    perspective: str | None = None,
    class_size: int = DEFAULT_CLASS_SIZE,
) -> list[dict[str, Path]]:
    """Play ``games`` class sessions and export each; one game writes straight into
    ``export_dir``, several into ``export_dir/session-01``, ``session-02``, ..."""
    if games < 1:
        raise SessionError("--autoplay needs at least one game")
    folder = Path(export_dir)
    written = []
    for number in range(1, games + 1):
        session = autoplay_session(
            data, seed=seed + number - 1, perspective=perspective, class_size=class_size,
            clock=SimulatedClock(DEFAULT_START + timedelta(days=number - 1)),
        )
        target = folder if games == 1 else folder / f"session-{number:02d}"
        written.append(export_session(session, target))
    return written
