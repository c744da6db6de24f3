"""The log of a class playing the story together: scenes, votes, prompts, passages, time.

A teacher projects the game, puts choices to a vote, pauses for discussion and opens the
source drawer; afterwards the class gets a handout of exactly what it did and saw. This
module is the headless half of that: :class:`ClassSession` wraps a
:class:`~game.core.story.Story` playthrough and records everything, so the pygame screens
only draw and forward key presses, and the exports and the debrief read one log.

Indices of choices are 0-based, as in :meth:`Story.choose`; screens show ``index + 1``.
The clock is a ``now`` callable so tests (and the headless autoplay) control time
without sleeping. The log is plain, versioned JSON like the saves: never pickle.

Since scene text answers the playthrough (conditional paragraphs, a choice's reply), the
log keeps the paragraphs each visit showed, as they were rendered for the class: the
handout quotes what the class read, not the scene as written, and a story edited after
the lesson cannot change it. Session files: version 1 kept no text; it loads, its visits
marked as not recorded (``None``), never filled in from the story as it reads today.
Version 2 keeps ``reply`` and ``text`` on every visit and the visit of every decision.

Version 3 keeps, with every citation of a record and every passage seen, the editors'
notes shown beside it (their words, not their ids: see :mod:`.apparatus`) and the stance
the story took toward it (``as: report`` or fact). An older file's citations and passages
get ``None`` for both: "not recorded", never looked up again in today's notes.

Version 5 keeps the class's own devices (:mod:`.devices`): the room's code and the
devices that joined (each as a hash of its secret token, never an address or a name), the
open vote's device ballots, and with every choice of a decision how many of its votes
came from devices (``devices``; the rest of ``votes`` are hands the teacher counted). A
restarted game re-opens the room with the same code and every device keeps its vote. An
older file had no room and only hands.

Version 4 keeps the class's name (the teacher's label, no student data) and the lesson's
sittings: a lesson taught over three days is one log, resumed twice (a ``resumed`` event
each time), so its handout covers all three days. An older file was one sitting, from
its start to its last event, and has no name.

A lesson must survive the game being killed: a ``keeper`` (see :mod:`.lessons`) is called
after every change to the log — every vote opened, hand counted, decision, undo, prompt,
passage seen, debrief — and writes the whole session atomically. Nested changes (a
decision that cancels the open vote) are written once, when the outermost one is done.
"""

from __future__ import annotations

import copy
import functools
import re
import types
import typing
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

from ..core.dateline import dateline
from ..core.diagnostics import SaveError, StoryError
from ..core.model import Citation, Record, Scene, StoryData
from ..core.notes import STANCES
from ..core.sources import CitationMatch
from ..core.story import Story
from .apparatus import NoteLog, notes_shown

SESSION_FORMAT = "budapest1956-classroom-session"
SESSION_VERSION = 5
OLDEST_LOADABLE_VERSION = 1
NOT_RECORDED = "(not recorded: this session was saved by a version of the game that did not keep the text)"
EPILOGUE = "(epilogue)"  # the "scene" of passages seen in the story's epilogue, as in `sources`

Clock = Callable[[], datetime]
#: called with the session after every change to its log (the lesson file's writer)
Keeper = Callable[["ClassSession"], None]
MAX_CLASS_NAME = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class SessionError(StoryError):
    """A classroom action that cannot be done now, or a session file that cannot be used.

    A :class:`StoryError`, so the command line already reports it as ``error: ...``.
    """


def system_clock() -> datetime:
    """Local wall-clock time with its offset: a handout should show the lesson's own times."""
    return datetime.now().astimezone()


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _seconds_between(start: str, end: str) -> float:
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 3)


def clean_class_name(text: str) -> str:
    """The class's name as typed, made safe to show and keep: no control or direction
    characters, one space between words, at most :data:`MAX_CLASS_NAME` characters."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())[:MAX_CLASS_NAME].strip()


# --------------------------------------------------------------------------- log records


@dataclass
class CitationLog:
    """A citation as the class would see it: the words as the source file has them."""

    source: str
    source_title: str
    paragraph: int | None  # 0-based index in the source; None if the quote is not found
    quote: str
    note: str = ""
    #: "fact" or "report" (the scene presents the passage as what the BBC reported);
    #: None in a session file that predates the stance
    stance: str | None = None
    #: the editors' notes shown beside the passage, most serious first; None (not ``[]``,
    #: which is a passage without notes) in a session file that predates the notes
    notes: list[NoteLog] | None = None

    @property
    def as_report(self) -> bool:
        return self.stance == "report"

    @property
    def paragraph_number(self) -> int | None:
        """1-based, as ``budapest1956 sources`` and the guide number paragraphs."""
        return None if self.paragraph is None else self.paragraph + 1


@dataclass
class RecordLog:
    """What history says at a choice (the author's ``record:``), kept with the decision."""

    text: str
    cites: list[CitationLog] = field(default_factory=list)


@dataclass
class ChoiceTally:
    """One choice as offered at a decision, with the hands the teacher counted for it."""

    index: int
    id: str
    text: str
    open: bool
    reason: str = ""
    votes: int = 0  # every vote for it: the hands counted and the devices' ballots
    devices: int = 0  # of ``votes``, how many came from devices (0 before version 5)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def hands(self) -> int:
        return self.votes - self.devices


@dataclass
class SceneVisit:
    """One showing of a scene; ``left_at`` and ``seconds`` stay empty while it is on screen.

    ``reply`` and ``text`` are the paragraphs on screen, as rendered for this class: the
    reply of the choice that led here, then the scene. ``None`` (not ``[]``, which is a
    scene that showed nothing) means the file predates the log keeping them."""

    scene: str
    title: str
    dateline: str
    date: str
    chapter: str
    chapter_title: str
    shown_at: str
    left_at: str | None = None
    seconds: float | None = None
    reply: list[str] | None = None
    text: list[str] | None = None

    @property
    def recorded(self) -> bool:
        return self.reply is not None and self.text is not None

    @property
    def shown(self) -> list[str] | None:
        """Everything the class read on this visit, the reply first; None if not recorded."""
        return self.reply + self.text if self.reply is not None and self.text is not None else None


@dataclass
class Decision:
    """A choice the class made (by vote or by the teacher), with the record at that point."""

    step: int  # 1-based, in the order decisions were made (undone ones keep their number)
    scene: str
    scene_title: str
    dateline: str
    date: str
    chapter: str
    question: str  # the last paragraph shown: what was on screen above the choices
    choices: list[ChoiceTally]
    winner: int  # 0-based index of the choice taken
    goto: str
    method: str  # "vote" or "teacher" (the teacher chose without a vote)
    tie: bool
    tied: list[int]
    teacher_tiebreak: bool
    record: RecordLog | None
    opened_at: str | None
    decided_at: str
    undone: bool = False
    undone_at: str | None = None
    visit: int | None = None  # the 1-based number in ``log.visits`` of the showing decided on

    @property
    def total_votes(self) -> int:
        return sum(choice.votes for choice in self.choices)

    @property
    def device_votes(self) -> int:
        """Of the votes, those the class's devices cast (0 in a hands-only lesson)."""
        return sum(choice.devices for choice in self.choices)

    @property
    def hand_votes(self) -> int:
        return sum(choice.hands for choice in self.choices)

    @property
    def winning_choice(self) -> ChoiceTally:
        return self.choices[self.winner]


@dataclass
class PromptLog:
    """A discussion prompt put on screen (once per scene and text; ``times`` counts repeats)."""

    scene: str
    scene_title: str
    text: str
    shown_at: str
    times: int = 1


@dataclass
class PassageUse:
    """A scene (or the epilogue) the class saw a passage at, and the stance it took there."""

    scene: str
    stance: str  # "fact" or "report"


@dataclass
class PassageSeen:
    """A passage of a source the class saw, quoted exactly as the file has it, with the
    editors' notes shown beside it when it was first shown.

    ``notes`` and ``uses`` are ``None`` in a session file that predates them."""

    source: str
    paragraph: int  # 0-based
    start: int
    end: int
    quote: str
    scenes: list[str]
    first_seen_at: str
    notes: list[NoteLog] | None = None
    uses: list[PassageUse] | None = None

    @property
    def paragraph_number(self) -> int:
        return self.paragraph + 1

    def stances_at(self, scene: str) -> list[str]:
        """How the passage was cited at a scene ([] when not recorded)."""
        return [use.stance for use in self.uses or [] if use.scene == scene]


@dataclass
class LogEvent:
    """One line of the chronological log, for the record and for debugging a lesson."""

    at: str
    kind: str
    scene: str
    detail: str = ""


@dataclass
class Vote:
    """A vote in progress at the current scene.

    ``ballots`` are the devices' votes, each device (by its id, see :class:`RoomLog`) with
    the 0-based choice it chose last: a device that changes its mind moves its one vote."""

    scene: str
    opened_at: str
    tallies: list[ChoiceTally]
    ballots: dict[str, int] = field(default_factory=dict)
    serial: int = 0  # the how-manieth vote of the lesson (two can open in one second)

    @property
    def key(self) -> str:
        """What names this vote to a device: a ballot for an earlier vote is refused."""
        return f"{self.scene}@{self.opened_at}#{self.serial}"

    @property
    def devices_voted(self) -> int:
        return len(self.ballots)

    @property
    def total(self) -> int:
        return sum(tally.votes for tally in self.tallies)

    @property
    def leaders(self) -> list[int]:
        """Indices of the open choices with the most votes (several: a tie)."""
        open_tallies = [tally for tally in self.tallies if tally.open]
        best = max((tally.votes for tally in open_tallies), default=0)
        return [tally.index for tally in open_tallies if tally.votes == best]

    @property
    def is_tie(self) -> bool:
        return len(self.leaders) > 1


@dataclass
class RoomLog:
    """The class's devices (:mod:`.devices`): the room's code, shown on the projector, and
    every device that joined, by the id the room derives from its secret token (a hash:
    the file never holds a token, an address or a name). Kept so a resumed lesson re-opens
    the same room and knows its devices again."""

    code: str
    opened_at: str
    devices: list[str] = field(default_factory=list)


@dataclass
class Sitting:
    """One stretch of teaching: from when the lesson began or was resumed to the last
    moment anything was logged in it (so a night away is not counted as time on a scene)."""

    began_at: str
    last_at: str

    @property
    def seconds(self) -> float:
        return max(0.0, _seconds_between(self.began_at, self.last_at))


@dataclass
class SessionLog:
    """Everything that happened in one class session, in JSON-ready dataclasses."""

    started_at: str
    perspective: str | None
    visits: list[SceneVisit] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    prompts: list[PromptLog] = field(default_factory=list)
    passages: list[PassageSeen] = field(default_factory=list)
    events: list[LogEvent] = field(default_factory=list)
    chapters_ended: list[str] = field(default_factory=list)
    finished_at: str | None = None
    class_name: str = ""  # the teacher's label for the class ("7B History"); "" when not given
    sittings: list[Sitting] = field(default_factory=list)
    room: RoomLog | None = None  # the class's devices, once the teacher has turned them on

    @property
    def active_decisions(self) -> list[Decision]:
        """The decisions still on the class's path (undone ones are kept but left out)."""
        return [decision for decision in self.decisions if not decision.undone]

    @property
    def votes_held(self) -> int:
        """How many times the class voted (a vote later undone was still held)."""
        return sum(1 for decision in self.decisions if decision.method == "vote")

    def sitting_of(self, stamp: str | None) -> int:
        """The 1-based number of the sitting a moment of the log belongs to (the last
        one that had begun by then; 1 for a moment before the first)."""
        if not stamp or not self.sittings:
            return 1
        moment = datetime.fromisoformat(stamp)
        number = 1
        for index, sitting in enumerate(self.sittings, start=1):
            if datetime.fromisoformat(sitting.began_at) <= moment:
                number = index
        return number


# --------------------------------------------------------------------------- debrief


@dataclass
class DebriefStep:
    """One scene of the class's path, with the decision taken there if any."""

    scene: str
    title: str
    dateline: str
    chapter: str
    chapter_title: str
    decision: Decision | None
    prompts: list[str]  # the scene's discussion prompts
    prompts_shown: list[str]  # those the class actually had on screen
    seconds: float  # all time spent on this scene in the session
    #: what the class read at this step (from the log); None when the log does not have
    #: it: a step played before the lesson, or a session file that predates the text
    reply: list[str] | None = None
    text: list[str] | None = None

    @property
    def shown(self) -> list[str] | None:
        return self.reply + self.text if self.reply is not None and self.text is not None else None

    @property
    def question(self) -> str:
        """The paragraph above the choices (the decision's own, as logged), "" if unknown."""
        if self.decision is not None:
            return self.decision.question
        shown = self.shown
        return shown[-1] if shown else ""


@dataclass
class Debrief:
    """The class's path beside the record, for a chapter or (``chapter=None``) the whole story.

    Every citation it shows (of a record, as logged at the decision; of the epilogue, as
    shown now) is a :class:`CitationLog` with its stance and the editors' notes on its
    passage, so the screen and the handout show the same notes beside the same words."""

    story_title: str
    perspective: str
    chapter: str | None
    chapter_title: str
    steps: list[DebriefStep]
    undone: list[Decision]
    ending: dict[str, Any] | None  # title, kind, epilogue paragraphs, when at an ending
    epilogue: dict[str, Any] | None  # the story's documented epilogue, whole-story debrief only

    @property
    def records(self) -> list[tuple[DebriefStep, RecordLog]]:
        return [(step, step.decision.record) for step in self.steps if step.decision and step.decision.record]

    @property
    def prompts(self) -> list[tuple[str, str]]:
        """(scene title, prompt) for every discussion prompt along this part of the path."""
        return [(step.title, prompt) for step in self.steps for prompt in step.prompts]


# --------------------------------------------------------------------------- the session

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _changes_the_log(method: _Method) -> _Method:
    """After the outermost change to the log (one that may call others), note the moment
    in the sitting and hand the session to its keeper. Also after a change that failed
    half-way: writing an unchanged log again costs a write, not a lost vote."""

    @functools.wraps(method)
    def changed(self: "ClassSession", *args: Any, **kwargs: Any) -> Any:
        self._depth += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._kept()

    return changed  # type: ignore[return-value]


class ClassSession:
    """A class playing one point of view together; every action is logged with its time."""

    #: the lesson file's writer, called after every change (None: kept in memory only)
    keeper: Keeper | None = None
    #: called after the keeper, after every change: the devices' pages follow the lesson
    followers: tuple[Keeper, ...] = ()
    #: true while the change being kept is the devices' report, which the keeper may write
    #: on a thread of its own (see :class:`.lessons.Lesson`)
    change_from_devices = False
    _depth = 0  # how many changes to the log are under way (nested ones write once)

    def __init__(
        self,
        data: StoryData,
        perspective: str | None = None,
        *,
        now: Clock = system_clock,
        story: Story | None = None,
        class_name: str = "",
        keeper: Keeper | None = None,
    ):
        self.story = story if story is not None else Story(data, perspective)
        self.data = data
        self._now = now
        started = self._time()
        self.log = SessionLog(
            started_at=started, perspective=self.story.perspective_id, class_name=clean_class_name(class_name),
            sittings=[Sitting(started, started)],
        )
        self.vote: Vote | None = None
        self._chapters_due: list[str] = []
        self._event("start", self.story.perspective_id or "")
        self._open_visit(self.log.started_at)
        self.keeper = keeper
        self._kept()  # the lesson is on disk from its first scene

    # ------------------------------------------------------------------ reading
    @property
    def scene(self) -> Scene:
        return self.story.scene

    @property
    def is_ending(self) -> bool:
        return self.story.is_ending

    @property
    def current_visit(self) -> SceneVisit | None:
        last = self.log.visits[-1] if self.log.visits else None
        return last if last is not None and last.left_at is None else None

    @property
    def last_visit(self) -> SceneVisit | None:
        """The latest showing of the current scene, on screen or closed by :meth:`finish`."""
        last = self.log.visits[-1] if self.log.visits else None
        return last if last is not None and last.scene == self.scene.id else None

    @property
    def finished(self) -> bool:
        """The class reached an ending and had its whole debrief: nothing left to resume."""
        return self.is_ending and self.log.finished_at is not None

    @property
    def class_name(self) -> str:
        return self.log.class_name

    @property
    def chapter_end_due(self) -> str | None:
        """The chapter whose end the class has just reached and not yet debriefed."""
        return self._chapters_due[0] if self._chapters_due else None

    def visit_seconds(self, visit: SceneVisit) -> float:
        """Seconds on a visit; the visit on screen counts up to now (export at any moment)."""
        if visit.seconds is not None:
            return visit.seconds
        return max(0.0, _seconds_between(visit.shown_at, self._time()))

    def total_seconds(self) -> float:
        """Time spent on scenes in this session (the sum of the per-scene times)."""
        return round(sum(self.visit_seconds(visit) for visit in self.log.visits), 3)

    def scene_seconds(self, scene_id: str) -> float:
        return round(sum(self.visit_seconds(v) for v in self.log.visits if v.scene == scene_id), 3)

    # ------------------------------------------------------------------ scenes
    def show_scene(self) -> SceneVisit:
        """The screen shows the current scene: idempotent while it stays on screen."""
        visit = self.current_visit
        if visit is not None and visit.scene == self.scene.id:
            return visit
        return self._show_again()

    @_changes_the_log
    def _show_again(self) -> SceneVisit:
        at = self._time()
        self._close_visit(at)
        self.log.finished_at = None
        return self._open_visit(at)

    @_changes_the_log
    def resume(self) -> Sitting:
        """The lesson is taken up again (the next day, or after the game was closed): a
        new sitting begins. The scene that was on screen stops counting at the last moment
        logged before the break and is shown afresh; an open vote stays open with its
        hands, and a chapter's debrief that was due is still due."""
        at = self._time()
        last = self.log.sittings[-1].last_at if self.log.sittings else at
        visit = self.current_visit
        if visit is not None:
            shown, stop = datetime.fromisoformat(visit.shown_at), datetime.fromisoformat(last)
            self._close_visit(visit.shown_at if stop < shown else last)
        sitting = Sitting(at, at)
        self.log.sittings.append(sitting)
        self._event("resumed", self.scene.id, f"sitting {len(self.log.sittings)}", at=at)
        self._open_visit(at)
        return sitting

    @_changes_the_log
    def touch(self) -> None:
        """Nothing new, but the class is still here: the sitting runs on to now (the
        screen calls this now and then, so a lesson closed without a last action keeps
        the minutes spent on its last scene)."""

    @_changes_the_log
    def finish(self) -> None:
        """The lesson is over: stop the clock on the scene on screen."""
        at = self._time()
        self._close_visit(at)
        self.log.finished_at = at
        self._event("finish", self.scene.id, at=at)

    # ------------------------------------------------------------------ votes
    @_changes_the_log
    def open_vote(self) -> Vote:
        """Put the current scene's choices to the class, every count at zero."""
        if self.is_ending:
            raise SessionError(f"scene '{self.scene.id}' is an ending: there is nothing to vote on")
        if self.vote is not None:
            raise SessionError("a vote is already open; close or cancel it first")
        self.show_scene()
        serial = 1 + sum(1 for event in self.log.events if event.kind == "vote_opened")
        self.vote = Vote(self.scene.id, self._time(), self._fresh_tallies(), serial=serial)
        self._event("vote_opened", self.scene.id, at=self.vote.opened_at)
        return self.vote

    @_changes_the_log
    def add_vote(self, choice_index: int, delta: int = 1) -> int:
        """A hand more (+1) or less (-1) for a choice; the hands never go below zero (the
        devices' votes are theirs: the teacher's keys cannot take one away)."""
        if delta not in (1, -1):
            raise SessionError(f"a vote changes by +1 or -1, not {delta}")
        tally = self._tally(choice_index)
        tally.votes = tally.devices + max(0, tally.hands + delta)
        return tally.votes

    @_changes_the_log
    def set_votes(self, choice_index: int, count: int) -> int:
        """Type a counted number of hands directly (for big classes); the devices' votes
        for the choice are added to them."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise SessionError(f"a vote count is a whole number, 0 or more, not {count!r}")
        tally = self._tally(choice_index)
        tally.votes = tally.devices + count
        return tally.votes

    # ------------------------------------------------------------------ devices
    @_changes_the_log
    def open_room(self, code: str) -> RoomLog:
        """The teacher turned devices on: the room is logged with its code (a resumed
        lesson keeps the room it had, code and devices)."""
        if self.log.room is None:
            self.log.room = RoomLog(code, self._time())
            self._event("room_opened", self.scene.id)
        return self.log.room

    @_changes_the_log
    def devices_report(self, joined: list[str], ballots: list[tuple[str, str, int]]) -> int:
        """What the room heard since the last frame, applied in one change (one write of
        the lesson file however many devices spoke): devices that joined, and ballots as
        (device, vote key, 0-based choice). A ballot for a vote that has closed, or for a
        choice that is closed, or from a device the room never let in, changes nothing.
        Returns how many ballots counted."""
        room = self.log.room
        if room is None:
            return 0
        known = set(room.devices)
        for device in joined:
            if device not in known:
                room.devices.append(device)
                known.add(device)
        if joined:
            self._event("devices_joined", self.scene.id, f"{len(joined)} joined, {len(room.devices)} in all")
        vote = self.vote
        counted = 0
        for device, key, index in ballots:
            if vote is None or key != vote.key or device not in known:
                continue
            if not 0 <= index < len(vote.tallies) or not vote.tallies[index].open:
                continue
            before = vote.ballots.get(device)
            if before == index:
                continue
            if before is not None:
                old = vote.tallies[before]
                old.devices, old.votes = old.devices - 1, old.votes - 1
            tally = vote.tallies[index]
            tally.devices, tally.votes = tally.devices + 1, tally.votes + 1
            vote.ballots[device] = index
            counted += 1
        if counted:
            self._event("device_ballots", self.scene.id,
                        f"{counted} ballot{'s' * (counted != 1)}; {vote.devices_voted} of {len(room.devices)} devices voted"
                        f" ({_device_counts(vote.tallies)})")
        return counted

    @_changes_the_log
    def cancel_vote(self) -> None:
        """Drop the open vote without choosing (its counts are logged, not kept)."""
        vote = self._require_vote()
        self._event("vote_cancelled", vote.scene, _counts(vote.tallies))
        self.vote = None

    @_changes_the_log
    def close_vote(self, teacher_tiebreak: int | None = None) -> Decision:
        """The class's choice goes ahead; a tie goes to the teacher's ``teacher_tiebreak``."""
        vote = self._require_vote()
        leaders = vote.leaders
        if len(leaders) > 1:
            if teacher_tiebreak is None:
                raise SessionError(
                    f"the vote is tied between choices {_numbers(leaders)}: "
                    "the teacher must break the tie (pass teacher_tiebreak)"
                )
            if teacher_tiebreak not in leaders:
                raise SessionError(
                    f"choice {teacher_tiebreak + 1} is not one of the tied choices {_numbers(leaders)}"
                )
            winner = teacher_tiebreak
        else:
            winner = leaders[0] if leaders else -1
            if winner < 0:
                raise SessionError(f"scene '{self.scene.id}' has no open choice to vote for")
            if teacher_tiebreak is not None and teacher_tiebreak != winner:
                raise SessionError(
                    f"the vote is not tied: the class chose {winner + 1}; "
                    "to overrule it, cancel the vote and choose directly"
                )
        tie = len(leaders) > 1
        return self._decide(winner, "vote", vote.tallies, vote.opened_at, leaders if tie else [], tie)

    @_changes_the_log
    def choose_directly(self, index: int) -> Decision:
        """The teacher takes a choice without a vote (an open vote is cancelled and logged)."""
        if self.vote is not None:
            self.cancel_vote()
        if self.is_ending:
            raise SessionError(f"scene '{self.scene.id}' is an ending: it has no choices")
        return self._decide(index, "teacher", self._fresh_tallies(), None, [], False)

    def _fresh_tallies(self) -> list[ChoiceTally]:
        """Every choice of the scene as offered now (open or closed, and why), at 0 votes."""
        return [
            ChoiceTally(view.choice.index, view.choice.id, view.text, view.open, view.reason)
            for view in self.story.choices
        ]

    def _tally(self, choice_index: int) -> ChoiceTally:
        vote = self._require_vote()
        if not 0 <= choice_index < len(vote.tallies):
            raise SessionError(f"there is no choice {choice_index + 1} (the scene has {len(vote.tallies)})")
        tally = vote.tallies[choice_index]
        if not tally.open:
            raise SessionError(f"choice {tally.number} is closed" + (f": {tally.reason}" if tally.reason else ""))
        return tally

    def _require_vote(self) -> Vote:
        if self.vote is None:
            raise SessionError("no vote is open; open one first")
        return self.vote

    def _decide(
        self, index: int, method: str, tallies: list[ChoiceTally], opened_at: str | None,
        tied: list[int], tie: bool,
    ) -> Decision:
        """Take the choice through the Story (which enforces open/closed) and log it."""
        scene = self.scene
        if not 0 <= index < len(scene.choices):
            raise SessionError(f"scene '{scene.id}' has no choice {index + 1} (it has {len(scene.choices)})")
        choice = scene.choices[index]
        read = self.story.state.shown  # what the class read before deciding, reply first
        visit = len(self.log.visits) if self.last_visit is not None else None
        try:
            self.story.choose(index)
        except StoryError as error:  # a closed choice: the Story has the author's reason
            raise SessionError(str(error)) from error
        at = self._time()
        decision = Decision(
            step=len(self.log.decisions) + 1,
            scene=scene.id,
            scene_title=scene.title,
            dateline=dateline(scene),
            date=scene.date,
            chapter=scene.chapter,
            question=read[-1] if read else scene.title,
            choices=[ChoiceTally(**asdict(tally)) for tally in tallies],
            winner=index,
            goto=choice.goto,
            method=method,
            tie=tie,
            tied=list(tied),
            teacher_tiebreak=tie,
            record=self._record(choice.record),
            opened_at=opened_at,
            decided_at=at,
            visit=visit,
        )
        self.log.decisions.append(decision)
        self.vote = None
        self._event("decision", scene.id, f"{method}: choice {index + 1} -> {choice.goto}", at=at)
        self._arrive(scene, at)
        return decision

    # ------------------------------------------------------------------ undo
    @_changes_the_log
    def undo(self) -> Decision:
        """Go back one decision (allowed in class too); the undone decision stays in the log."""
        active = self.log.active_decisions
        if not active or not self.story.can_undo:
            raise SessionError("nothing to undo: this is the first scene")
        if self.vote is not None:
            self.cancel_vote()
        self.story.undo()
        at = self._time()
        decision = active[-1]
        decision.undone, decision.undone_at = True, at
        self._chapters_due = []
        self._event("undo", self.scene.id, f"step {decision.step} undone", at=at)
        self._close_visit(at)
        self._open_visit(at)
        return decision

    # ------------------------------------------------------------------ prompts and sources
    @_changes_the_log
    def prompt_shown(self, text: str) -> PromptLog:
        """A discussion prompt is on screen (logged once per scene and text, repeats counted)."""
        text = " ".join(text.split())
        if not text:
            raise SessionError("an empty prompt cannot be shown")
        scene = self.scene
        for prompt in self.log.prompts:
            if prompt.scene == scene.id and prompt.text == text:
                prompt.times += 1
                return prompt
        prompt = PromptLog(scene.id, scene.title, text, self._time())
        self.log.prompts.append(prompt)
        self._event("prompt", scene.id, text, at=prompt.shown_at)
        return prompt

    @_changes_the_log
    def show_prompts(self) -> list[PromptLog]:
        """The pause screen shows every prompt of the scene: log them all."""
        return [self.prompt_shown(text) for text in self.scene.discussion]

    @_changes_the_log
    def source_seen(self, citation: Citation, scene: str | None = None) -> PassageSeen:
        """A cited passage was shown (source drawer, debrief): it goes into the bibliography."""
        scene_id = scene or self.scene.id
        paragraph, start, end, quote = self.locate(citation)
        use = PassageUse(scene_id, citation.stance)
        for passage in self.log.passages:
            if (passage.source, passage.paragraph, passage.start, passage.end) == (citation.source, paragraph, start, end):
                if scene_id not in passage.scenes:
                    passage.scenes.append(scene_id)
                if passage.uses is not None and use not in passage.uses:
                    passage.uses.append(use)
                return passage
        notes = notes_shown(self.data, citation.source, CitationMatch(paragraph, start, end))
        passage = PassageSeen(citation.source, paragraph, start, end, quote, [scene_id], self._time(), notes, [use])
        self.log.passages.append(passage)
        self._event("source", scene_id, f"{citation.source} ¶{paragraph + 1}", at=passage.first_seen_at)
        return passage

    @_changes_the_log
    def scene_sources_seen(self) -> list[PassageSeen]:
        """The source drawer showed every citation of the current scene."""
        return [self.source_seen(citation) for citation in self.scene.cites]

    @_changes_the_log
    def epilogue_shown(self) -> list[PassageSeen]:
        """The story's documented epilogue was shown after the ending, with its citations."""
        if self.data.epilogue is None:
            return []
        self._event("epilogue", self.scene.id)
        return [self.source_seen(citation, EPILOGUE) for citation in self.data.epilogue.cites]

    def locate(self, citation: Citation) -> tuple[int, int, int, str]:
        """Where a citation's words stand in its source: paragraph, start, end and the
        words as the file has them; :class:`SessionError` when they are not there."""
        source = self.data.sources.get(citation.source)
        if source is None or source.document is None:
            raise SessionError(f"unknown source '{citation.source}'")
        match = citation.match or source.document.find(citation.quote)
        if match is None:
            raise SessionError(f"the quote is not in source '{citation.source}': {citation.quote!r}")
        text = source.document.paragraphs[match.paragraph].text
        return match.paragraph, match.start, match.end, text[match.start:match.end]

    def _citation_log(self, citation: Citation) -> CitationLog:
        """A citation as it is shown now: the words from the file, the stance, the notes."""
        source = self.data.sources.get(citation.source)
        try:
            paragraph, start, end, quote = self.locate(citation)
        except SessionError:
            paragraph, quote, notes = None, citation.quote, []
        else:
            notes = notes_shown(self.data, citation.source, CitationMatch(paragraph, start, end))
        return CitationLog(
            citation.source, source.title if source else citation.source, paragraph, quote, citation.note,
            citation.stance, notes,
        )

    def _record(self, record: Record | None) -> RecordLog | None:
        if record is None:
            return None
        return RecordLog(record.text, [self._citation_log(citation) for citation in record.cites])

    # ------------------------------------------------------------------ chapters and debrief
    @_changes_the_log
    def chapter_ended(self, chapter: str | None = None) -> Debrief:
        """The debrief for a chapter's end is on screen: log it and return its data.

        ``chapter`` defaults to the chapter whose end is due, else the current scene's.
        """
        chapter = chapter or self.chapter_end_due or self.scene.chapter
        if chapter not in self.data.chapters:
            raise SessionError(f"unknown chapter '{chapter}'")
        if chapter in self._chapters_due:
            self._chapters_due.remove(chapter)
        self.log.chapters_ended.append(chapter)
        self._event("chapter_end", self.scene.id, chapter)
        return self.debrief_shown(chapter)

    @_changes_the_log
    def debrief_shown(self, chapter: str | None = None) -> Debrief:
        """A debrief is on screen: the record's citations it shows count as seen."""
        debrief = self.debrief(chapter)
        self._event("debrief", self.scene.id, chapter or "(whole story)")
        for step, _ in debrief.records:
            choice = self.data.scenes[step.scene].choices[step.decision.winner]  # type: ignore[union-attr]
            for citation in choice.record.cites if choice.record else []:
                try:
                    self.source_seen(citation, step.scene)
                except SessionError:
                    continue  # an unmatched quote cannot be quoted from the file
        return debrief

    def debrief(self, chapter: str | None = None) -> Debrief:
        """The class's path (for one chapter, or all), its votes, the record and the prompts."""
        if chapter is not None and chapter not in self.data.chapters:
            raise SessionError(f"unknown chapter '{chapter}'")
        active = self.log.active_decisions
        # a playthrough handed in from a save may have steps from before the lesson: the
        # class's decisions are the last ones of the history
        before = len(self.story.history) - len(active)
        steps = []
        path = self.story.path
        for position, scene_id in enumerate(path):
            scene = self.data.scenes[scene_id]
            if chapter is not None and scene.chapter != chapter:
                continue
            index = position - before
            decision = active[index] if 0 <= index < len(active) else None
            step = self._debrief_step(scene, decision)
            visit = self.visit_of(decision) if decision else (self.last_visit if position == len(path) - 1 else None)
            if visit is not None:
                step.reply, step.text = visit.reply, visit.text
            steps.append(step)
        undone = [d for d in self.log.decisions if d.undone and (chapter is None or d.chapter == chapter)]
        perspective = self.story.perspective
        return Debrief(
            story_title=self.data.title,
            perspective=perspective.name if perspective else "",
            chapter=chapter,
            chapter_title=self.data.chapters[chapter].title if chapter else "The whole story",
            steps=steps,
            undone=undone,
            ending=self._ending() if self.is_ending and (chapter is None or chapter == self.scene.chapter) else None,
            epilogue=self._epilogue() if chapter is None and self.is_ending else None,
        )

    def visit_of(self, decision: Decision) -> SceneVisit | None:
        """The showing a decision was taken on (None in a file that predates the link, or
        when the number does not point at a showing of the decision's scene)."""
        number = decision.visit
        visit = self.log.visits[number - 1] if number and 0 < number <= len(self.log.visits) else None
        return visit if visit is not None and visit.scene == decision.scene else None

    def _debrief_step(self, scene: Scene, decision: Decision | None) -> DebriefStep:
        chapter = self.data.chapters.get(scene.chapter)
        shown = [p.text for p in self.log.prompts if p.scene == scene.id]
        return DebriefStep(
            scene.id, scene.title, dateline(scene), scene.chapter, chapter.title if chapter else scene.chapter,
            decision, list(scene.discussion), shown, self.scene_seconds(scene.id),
        )

    def _ending(self) -> dict[str, Any]:
        ending = self.scene.ending
        assert ending is not None
        return {"scene": self.scene.id, "title": ending.title, "kind": ending.kind, "epilogue": list(self.story.epilogue)}

    def _epilogue(self) -> dict[str, Any] | None:
        epilogue = self.data.epilogue
        if epilogue is None:
            return None
        return {
            "title": epilogue.title,
            "text": list(epilogue.text),
            "cites": [self._citation_log(citation) for citation in epilogue.cites],
        }

    # ------------------------------------------------------------------ moving
    def _arrive(self, left: Scene, at: str) -> None:
        """After a move: a new visit starts, and chapter ends that became due are noted."""
        self._close_visit(at)
        self._open_visit(at)
        arrived = self.scene
        if arrived.chapter != left.chapter and left.chapter not in self._chapters_due:
            self._chapters_due.append(left.chapter)
        if arrived.ending is not None:
            self._event("ending", arrived.id, arrived.ending.title, at=at)
            if arrived.chapter not in self._chapters_due:
                self._chapters_due.append(arrived.chapter)

    def _open_visit(self, at: str) -> SceneVisit:
        scene = self.scene
        chapter = self.data.chapters.get(scene.chapter)
        state = self.story.state
        visit = SceneVisit(
            scene.id, scene.title, dateline(scene), scene.date, scene.chapter,
            chapter.title if chapter else scene.chapter, at, reply=list(state.reply), text=list(state.text),
        )
        self.log.visits.append(visit)
        self._event("scene", scene.id, scene.title, at=at)
        return visit

    def _close_visit(self, at: str) -> None:
        visit = self.current_visit
        if visit is not None:
            visit.left_at = at
            visit.seconds = max(0.0, _seconds_between(visit.shown_at, at))

    def _time(self) -> str:
        return _stamp(self._now())

    def _kept(self) -> None:
        """A change is done: the sitting runs to now, and the keeper writes the lesson."""
        if self.log.sittings:
            self.log.sittings[-1].last_at = self._time()
        if self.keeper is not None:
            self.keeper(self)
        for follower in self.followers:
            follower(self)

    def _event(self, kind: str, scene: str, detail: str = "", *, at: str | None = None) -> None:
        self.log.events.append(LogEvent(at or self._time(), kind, scene, detail))

    # ------------------------------------------------------------------ JSON
    def to_json(self) -> dict[str, Any]:
        """The whole session as JSON-ready data, with the playthrough as a regular save."""
        save = self.story.to_save("classroom session")
        save["saved_at"] = self._time()  # the session's clock, so tests stay deterministic
        return {
            "format": SESSION_FORMAT,
            "version": SESSION_VERSION,
            "story": {"id": self.data.id, "version": self.data.version, "title": self.data.title},
            "saved_at": save["saved_at"],
            "playthrough": save,
            "log": asdict(self.log),
            "vote": asdict(self.vote) if self.vote else None,
            "chapters_due": list(self._chapters_due),
        }

    @classmethod
    def from_json(cls, data: StoryData, payload: Mapping[str, Any], *, now: Clock = system_clock) -> "ClassSession":
        """Rebuild a session from :meth:`to_json`, checking it against the story."""
        _check_header(data, payload)
        try:
            story = Story.from_save(data, payload["playthrough"])
        except SaveError as error:
            raise SessionError(f"the session's playthrough cannot be used: {error}") from error
        except KeyError as error:
            raise SessionError("the session file has no playthrough") from error
        session = cls.__new__(cls)
        session.story, session.data, session._now = story, data, now
        try:
            session.log = _build(SessionLog, _log_of_this_version(payload["version"], payload["log"]))
            session.log.class_name = clean_class_name(session.log.class_name)
            session.vote = _build(Vote, payload["vote"]) if payload.get("vote") is not None else None
            session._chapters_due = [str(c) for c in payload.get("chapters_due", [])]
        except (KeyError, TypeError, ValueError) as error:
            raise SessionError(f"the session log is damaged: {error}") from error
        _check_consistent(session)
        return session


# --------------------------------------------------------------------------- files


def save_session(session: ClassSession, path: Path) -> None:
    """Write the session log atomically (the same writer as the game's saves)."""
    from ..core.saves import write_save

    write_save(Path(path), session.to_json())


def load_session(data: StoryData, path: Path, *, now: Clock = system_clock) -> ClassSession:
    from ..core.saves import read_save

    try:
        payload = read_save(Path(path))
    except SaveError as error:
        raise SessionError(str(error).replace("save", "session file")) from error
    return ClassSession.from_json(data, payload, now=now)


# --------------------------------------------------------------------------- helpers


def _numbers(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices)


def _counts(tallies: list[ChoiceTally]) -> str:
    return ", ".join(f"{tally.number}: {tally.votes}" for tally in tallies)


def _device_counts(tallies: list[ChoiceTally]) -> str:
    return ", ".join(f"{tally.number}: {tally.devices}" for tally in tallies if tally.open)


def _check_header(data: StoryData, payload: Mapping[str, Any]) -> None:
    if not isinstance(payload, Mapping) or payload.get("format") != SESSION_FORMAT:
        raise SessionError("this is not a Budapest 1956 classroom session")
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SessionError("the session file has no valid version number")
    if version > SESSION_VERSION:
        raise SessionError(f"the session was written by a newer version of the game (format {version}); update the game")
    if version < OLDEST_LOADABLE_VERSION:
        raise SessionError(f"the session format {version} is too old to load")
    identity = payload.get("story")
    if not isinstance(identity, Mapping) or identity.get("id") != data.id:
        raise SessionError("the session belongs to another story")


#: what each version added to the log's records, and what an older file's records get
#: instead: ``None``, explicitly unknown, so the handout says "not recorded" ("citations"
#: are those of the decisions' records)
_ADDED: dict[int, dict[str, dict[str, None]]] = {
    2: {"visits": {"reply": None, "text": None}, "decisions": {"visit": None}},
    3: {"passages": {"notes": None, "uses": None}, "citations": {"stance": None, "notes": None}},
}


def _log_of_this_version(version: int, log: Any) -> Any:
    """The log as this version writes it. An older file's records get the fields the
    later versions added, explicitly unknown (``None``); a file of the version that added
    a field must have it, or it is damaged (a missing text or note is never taken for an
    empty one)."""
    if not isinstance(log, Mapping):
        raise TypeError("SessionLog must be an object")
    upgraded = copy.deepcopy(dict(log))
    if version < 4:  # one sitting, from the start to the last thing logged; no name
        events = upgraded.get("events")
        last = events[-1].get("at") if isinstance(events, list) and events and isinstance(events[-1], dict) else None
        upgraded.setdefault("class_name", "")
        upgraded.setdefault("sittings", [{"began_at": upgraded.get("started_at"),
                                          "last_at": last or upgraded.get("started_at")}])
    elif "sittings" not in upgraded or "class_name" not in upgraded:
        raise ValueError("the log has no " + ("sittings" if "sittings" not in upgraded else "class_name"))
    for added_in, kinds in _ADDED.items():
        for key, added in kinds.items():
            for where, record in _records(upgraded, key):
                if version < added_in:
                    for name, value in added.items():
                        record.setdefault(name, value)
                    continue
                missing = sorted(set(added) - set(record))
                if missing:
                    raise ValueError(f"{where} has no {', '.join(missing)}")
    return upgraded


def _records(log: Mapping[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    """The log's records of one kind, each with the words that name it in a message; the
    ones of the wrong type are left for :func:`_build` to report."""
    if key != "citations":
        records = log.get(key, [])
        items = records if isinstance(records, list) else []
        return [(f"{key} {n}", r) for n, r in enumerate(items, start=1) if isinstance(r, dict)]
    found = []
    for where, decision in _records(log, "decisions"):
        record = decision.get("record")
        cites = record.get("cites", []) if isinstance(record, dict) else []
        for n, cite in enumerate(cites if isinstance(cites, list) else [], start=1):
            if isinstance(cite, dict):
                found.append((f"{where} record citation {n}", cite))
    return found


def _check_consistent(session: ClassSession) -> None:
    """The log's path must be the playthrough's path, or the debrief would lie."""
    logged = [(d.scene, d.winner) for d in session.log.active_decisions]
    played = [(step.scene, step.choice.index) for step in session.story.history]
    if len(logged) > len(played) or played[len(played) - len(logged):] != logged:
        raise SessionError("the session log does not match its playthrough")
    if not session.log.sittings:
        raise SessionError("the session log is damaged: it has no sittings")
    _check_times(session.log, session.vote)
    if session.vote is not None and session.vote.scene != session.scene.id:
        raise SessionError("the session's open vote belongs to another scene")
    if session.vote is not None:
        _check_ballots(session.vote, session.log.room)
    stances = [c.stance for d in session.log.decisions if d.record for c in d.record.cites]
    stances += [use.stance for passage in session.log.passages for use in passage.uses or []]
    if any(stance is not None and stance not in STANCES for stance in stances):
        raise SessionError("the session log is damaged: a citation's stance is neither fact nor report")


def _check_ballots(vote: Vote, room: RoomLog | None) -> None:
    """The open vote's device ballots must be for its choices, from the room's devices,
    and add up to its device counts: the counts are what the projector shows."""
    devices = set(room.devices) if room is not None else set()
    counts = [0] * len(vote.tallies)
    for device, index in vote.ballots.items():
        if not isinstance(device, str) or device not in devices:
            raise SessionError("the session log is damaged: a ballot comes from a device the room never had")
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(vote.tallies):
            raise SessionError("the session log is damaged: a ballot is not for one of the vote's choices")
        counts[index] += 1
    for tally, count in zip(vote.tallies, counts):
        if tally.devices != count or not 0 <= tally.devices <= tally.votes:
            raise SessionError("the session log is damaged: the devices' counts do not match their ballots")


def _check_times(log: SessionLog, vote: Vote | None) -> None:
    """Every moment of the log must be a date and time, all with a time zone or all
    without (times are compared and subtracted: one bad stamp would fail the handout)."""
    stamps = [("started_at", log.started_at), ("finished_at", log.finished_at)]
    stamps += [(f"visits {n}", v.shown_at) for n, v in enumerate(log.visits, 1)]
    stamps += [(f"visits {n}", v.left_at) for n, v in enumerate(log.visits, 1)]
    stamps += [(f"decisions {n}", t) for n, d in enumerate(log.decisions, 1) for t in (d.opened_at, d.decided_at, d.undone_at)]
    stamps += [(f"prompts {n}", p.shown_at) for n, p in enumerate(log.prompts, 1)]
    stamps += [(f"passages {n}", p.first_seen_at) for n, p in enumerate(log.passages, 1)]
    stamps += [(f"events {n}", e.at) for n, e in enumerate(log.events, 1)]
    stamps += [(f"sittings {n}", t) for n, s in enumerate(log.sittings, 1) for t in (s.began_at, s.last_at)]
    stamps += [("vote", vote.opened_at)] if vote is not None else []
    zoned = set()
    for where, stamp in stamps:
        if stamp is None:
            continue
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            raise SessionError(f"the session log is damaged: {where} has a time that is not a time ({stamp!r})") from None
        zoned.add(moment.tzinfo is not None)
    if len(zoned) > 1:
        raise SessionError("the session log is damaged: some of its times have a time zone and some do not")


@functools.lru_cache(maxsize=None)
def _fields_of(cls: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's field types and names, worked out once (``get_type_hints`` compiles
    the annotations' strings again on every call: most of the time a long lesson took to
    load before)."""
    return typing.get_type_hints(cls), frozenset(f.name for f in fields(cls))


def _build(cls: type, value: Any) -> Any:
    """A dataclass from JSON data, checking every field's type (no eval, no pickle)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{cls.__name__} must be an object")
    hints, names = _fields_of(cls)
    unknown = set(value) - names
    if unknown:
        raise TypeError(f"{cls.__name__} has unknown fields {sorted(unknown)}")
    return cls(**{name: _convert(hints[name], item, f"{cls.__name__}.{name}") for name, item in value.items()})


def _convert(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _convert(inner, value, where)
    if origin is list:
        if not isinstance(value, list):
            raise TypeError(f"{where} must be a list")
        (inner,) = typing.get_args(hint)
        return [_convert(inner, item, where) for item in value]
    if origin is dict:
        if not isinstance(value, dict):
            raise TypeError(f"{where} must be an object")
        return dict(value)
    if is_dataclass(hint):
        return _build(hint, value)
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint is Any:
        return value
    if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
        raise TypeError(f"{where} must be {hint.__name__}, not {type(value).__name__}")
    return value


__all__ = [
    "ChoiceTally", "CitationLog", "ClassSession", "Clock", "Debrief", "DebriefStep", "Decision", "Keeper", "LogEvent",
    "MAX_CLASS_NAME", "NOT_RECORDED", "PassageSeen", "PassageUse", "PromptLog", "RecordLog", "RoomLog", "SESSION_FORMAT",
    "SESSION_VERSION", "SceneVisit", "SessionError", "SessionLog", "Sitting", "Vote", "clean_class_name", "load_session",
    "save_session", "system_clock",
]
