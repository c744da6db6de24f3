"""The lessons on disk: one file per lesson, written as it goes, resumed another day.

A lesson is the class's save. It is a classroom session file (:mod:`.session`), kept in
the story's own lessons folder (``app.folders.lessons(story_key(...))``), so one story pack never
sees another's lessons and the solo autosaves never see a class's path. The file is written
atomically (a temporary file, flushed, fsynced, then ``os.replace``: the game's own
:func:`~game.core.saves.write_save`) after every change to the log, so killing the game
loses nothing that was on screen before the last key the teacher pressed.

The setup screen lists the unfinished lessons newest first, described the way a teacher
remembers them ("7B History: class session of Tuesday, Ferenc Takács, step 12 of the
path, 3 votes so far"). A finished lesson (an ending reached and debriefed) stays on disk
for the record but is not offered again. A file that cannot be read or no longer fits the
story is listed with the reason, never raised out of the listing, and never stands in
the way of a new lesson.

Headless on purpose: no pygame, so the tests, the autoplay and the kill test use it too.
"""

from __future__ import annotations

import os
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from ..core.diagnostics import SaveError
from ..core.model import StoryData
from ..core.saves import read_save, write_save
from .render import format_day
from .session import SESSION_FORMAT, ClassSession, Clock, SessionError, clean_class_name, system_clock

LESSON_SUFFIX = ".json"
#: where a teacher's put-away lessons go, inside the story's lessons folder: moved, never
#: deleted, so nothing a teacher does loses a lesson's record
ARCHIVE_FOLDER = "archive"
#: a temporary file older than this was left by a write that was killed half-way
STALE_TEMPORARY_SECONDS = 60.0
#: within this many days a lesson is named by its weekday alone ("Tuesday")
WEEKDAY_ONLY_DAYS = 6

ErrorHandler = Callable[[OSError], None]


def file_part(text: str, limit: int = 40) -> str:
    """A piece of a file name from the teacher's words: letters (accented ones too),
    digits and hyphens only, so "7.B / History" becomes ``7-B-History`` on every system."""
    text = unicodedata.normalize("NFC", clean_class_name(text))
    cleaned = re.sub(r"[^\w-]+", "-", text, flags=re.UNICODE).replace("_", "-")
    return re.sub(r"-{2,}", "-", cleaned).strip("-")[:limit].strip("-")


def lesson_stem(started: datetime, class_name: str = "") -> str:
    """``2024-03-05-0900-7B-History``: sorts by date in a file manager, says whose."""
    name = file_part(class_name)
    return f"{started:%Y-%m-%d-%H%M}" + (f"-{name}" if name else "")


# --------------------------------------------------------------------------- one lesson


class Lesson:
    """One lesson's file, and the keeper that writes its session after every change.

    A failed write (a full disk, a USB stick pulled out) does not stop the lesson: the
    teacher is told once (``on_error``), and the next change tries again.

    What the teacher does is written at once, before the next key is read. What the
    class's devices did (a frame's ballots, :mod:`.devices`) is serialised at once but
    written to disk on a thread of its own, so a slow disk's fsync never holds up the
    projector's frame while votes arrive; the newest state always wins (a write of the
    teacher's waits for the one under way and makes any older pending one moot), and
    :meth:`flush` waits for it (the lesson's end, the game's exit)."""

    def __init__(self, path: Path, on_error: ErrorHandler | None = None):
        self.path = Path(path)
        self.on_error = on_error
        self.error: OSError | None = None  # the last write's failure; None once one works
        self.writes = 0
        self._file = threading.Lock()  # one write of the file at a time
        self._wake = threading.Condition()
        self._pending: tuple[int, dict[str, Any]] | None = None  # (sequence, payload) for the thread
        self._sequence = 0  # of the states handed to be written
        self._written = 0  # the sequence number of the state on disk
        self._writer: threading.Thread | None = None
        self._background_error: OSError | None = None

    @property
    def stem(self) -> str:
        """The lesson's name without ``.json``: its exports are filed under it."""
        return self.path.stem

    def __call__(self, session: ClassSession) -> None:
        if getattr(session, "change_from_devices", False):
            self.write_soon(session)
        else:
            self.write(session)

    def write(self, session: ClassSession) -> bool:
        """Write the whole session atomically, now; False (and ``on_error`` the first time
        in a row) when the disk refuses."""
        self._report_background_error()
        payload = session.to_json()
        with self._wake:
            self._sequence += 1
            sequence = self._sequence
            self._pending = None  # older than this one: never written after it
        return self._write(sequence, payload, report=True)

    def write_soon(self, session: ClassSession) -> None:
        """Hand the session's state as it is now to the writing thread."""
        self._report_background_error()
        payload = session.to_json()
        with self._wake:
            self._sequence += 1
            self._pending = (self._sequence, payload)
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_pending, name="budapest1956-lesson", daemon=True)
                self._writer.start()
            self._wake.notify()

    def flush(self) -> None:
        """Wait until every state handed over is on disk (or has failed)."""
        with self._wake:
            pending, self._pending = self._pending, None
        if pending is not None:
            self._write(*pending, report=True)
        with self._file:
            pass  # a write under way on the thread is done
        self._report_background_error()

    def _write_pending(self) -> None:
        while True:
            with self._wake:
                if self._pending is None:
                    self._wake.wait(timeout=2.0)
                if self._pending is None:
                    self._writer = None
                    return
                pending, self._pending = self._pending, None
            self._write(*pending, report=False)

    def _write(self, sequence: int, payload: dict[str, Any], report: bool) -> bool:
        with self._file:
            if sequence <= self._written:
                return True  # a newer state is on disk already
            try:
                write_save(self.path, payload)
            except OSError as error:
                if not report:
                    self._background_error = error
                    return False
                first = self.error is None
                self.error = error
                if first and self.on_error is not None:
                    self.on_error(error)
                return False
            self._written = sequence
            self.error = None
            self.writes += 1
            return True

    def _report_background_error(self) -> None:
        """A failure on the writing thread is told on the game's thread, once in a row."""
        error, self._background_error = self._background_error, None
        if error is not None:
            first = self.error is None
            self.error = error
            if first and self.on_error is not None:
                self.on_error(error)

    def keep(self, session: ClassSession) -> ClassSession:
        """From now on every change to ``session`` is written here; written once now."""
        session.keeper = self
        self.write(session)
        return session


# --------------------------------------------------------------------------- what the list shows


@dataclass(frozen=True)
class LessonInfo:
    """One lesson file as the setup screen lists it, read without trusting the file."""

    path: Path
    problem: str = ""  # why it cannot be resumed; "" when it can
    finished: bool = False
    class_name: str = ""
    perspective: str = ""  # the point of view's id
    perspective_name: str = ""
    steps: int = 0  # scenes on the class's path so far, the current one included
    votes: int = 0
    vote_open: bool = False
    room: str = ""  # the room code of the class's devices; "" when they voted by hands only
    scene_title: str = ""
    began: datetime | None = None
    last_taught: datetime | None = None
    sittings: int = 0

    @property
    def usable(self) -> bool:
        return not self.problem

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def sort_key(self) -> float:
        """Newest first: the last time it was taught, else the file's own time."""
        if self.last_taught is not None:
            return self.last_taught.timestamp()
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def description(self, today: date | None = None) -> str:
        """"7B History: class session of Tuesday, Ferenc Takács, step 12 of the path,
        3 votes so far" (the weekday of the day it began, and of the last day it was
        taught when that is another; a date when it is more than a few days ago)."""
        if not self.usable:
            return f"A lesson file that cannot be resumed: {self.name}"
        today = today or date.today()
        when = _day_words(self.began, today) if self.began else "an unknown day"
        if self.began and self.last_taught and self.last_taught.date() != self.began.date():
            when += f", last taught {_day_words(self.last_taught, today)}"
        votes = "no votes yet" if not self.votes else f"{self.votes} vote{'s' * (self.votes != 1)} so far"
        text = f"class session of {when}, {self.perspective_name or 'no point of view'}, " \
               f"step {self.steps} of the path, {votes}"
        return f"{self.class_name}: {text}" if self.class_name else text[0].upper() + text[1:]

    def detail(self) -> str:
        """The second line: where the class is, how many sittings, an open vote; or the reason."""
        if not self.usable:
            return self.problem
        parts = [f"Now at “{self.scene_title}”" if self.scene_title else "Now at the first scene"]
        if self.sittings > 1:
            parts.append(f"{self.sittings} sittings")
        if self.last_taught is not None:
            parts.append(f"stopped at {self.last_taught:%H:%M}")
        if self.room:
            parts.append(f"devices: room {self.room} opens again")
        if self.vote_open:
            parts.append("a vote was open: it goes on with its votes" if self.room else
                         "a vote was open: it goes on with its hands")
        return " · ".join(parts)


def _day_words(moment: datetime, today: date) -> str:
    """"Tuesday" this week; "Tuesday 5 March" further back; the year when not this one."""
    days = (today - moment.date()).days
    if 0 <= days <= WEEKDAY_ONLY_DAYS:
        return format_day(moment, with_date=False)
    text = format_day(moment)
    return text.rsplit(" ", 1)[0] if moment.year == today.year else text


def _info_of(path: Path, data: StoryData, payload: Any) -> LessonInfo:
    """What a lesson file says of itself, checked by rebuilding the session: a file the
    list calls resumable does resume."""
    if not isinstance(payload, Mapping) or payload.get("format") != SESSION_FORMAT:
        return LessonInfo(path, problem="This is not a classroom lesson file.")
    if _finished_at_a_glance(data, payload):
        return LessonInfo(path, finished=True)
    try:
        session = ClassSession.from_json(data, payload)
    except SessionError as error:
        return LessonInfo(path, problem=_sentence(str(error)))
    if session.finished:
        return LessonInfo(path, finished=True)
    log = session.log
    perspective = session.story.perspective
    sittings = log.sittings
    return LessonInfo(
        path,
        class_name=log.class_name,
        perspective=session.story.perspective_id or "",
        perspective_name=perspective.name if perspective else "",
        steps=len(session.story.path),
        votes=log.votes_held,
        vote_open=session.vote is not None,
        room=log.room.code if log.room is not None else "",
        scene_title=session.scene.title,
        began=datetime.fromisoformat(log.started_at),
        last_taught=datetime.fromisoformat(sittings[-1].last_at) if sittings else None,
        sittings=len(sittings),
    )


def _finished_at_a_glance(data: StoryData, payload: Mapping[str, Any]) -> bool:
    """A finished lesson, known without replaying it (there may be a year of them)."""
    log, playthrough = payload.get("log"), payload.get("playthrough")
    if not isinstance(log, Mapping) or not isinstance(playthrough, Mapping) or log.get("finished_at") is None:
        return False
    story = payload.get("story")
    scene = data.scenes.get(playthrough.get("scene")) if isinstance(playthrough.get("scene"), str) else None
    return isinstance(story, Mapping) and story.get("id") == data.id and scene is not None and scene.ending is not None


def _lesson_words(error: SaveError) -> str:
    """The save reader's message in a lesson's words ("a save" is the solo game's)."""
    return re.sub(r"\bsave\b", "lesson file", str(error))


def _sentence(text: str, name: str = "") -> str:
    """A message as a sentence on screen ("x.json is empty" becomes "It is empty.")."""
    text = text.strip()
    if not text:
        return "It cannot be read."
    if name and text.startswith(name + " "):  # the list names the file already
        text = "It " + text[len(name) + 1:]
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


# --------------------------------------------------------------------------- the folder


def _free_name(stem: str, taken_in: tuple[Path, ...], folder: Path, suffix: str = LESSON_SUFFIX) -> Path:
    """``folder/stem.json``, or ``stem-2.json`` and on, the first name none of the
    ``taken_in`` folders holds."""
    name, number = f"{stem}{suffix}", 2
    while any((place / name).exists() for place in taken_in):
        name, number = f"{stem}-{number}{suffix}", number + 1
    return folder / name


class LessonStore:
    """A story's lessons folder: new lessons, the list, resuming one."""

    def __init__(self, folder: Path, data: StoryData, *, now: Clock = system_clock):
        self.folder = Path(folder)
        self.data = data
        self._now = now

    def new(
        self, perspective: str, class_name: str = "", *, on_error: ErrorHandler | None = None,
    ) -> tuple[ClassSession, Lesson]:
        """A new lesson from the point of view's first scene, on disk before it is shown."""
        lesson = Lesson(self.free_path(self._now(), class_name), on_error)
        session = ClassSession(self.data, perspective, now=self._now, class_name=class_name, keeper=lesson)
        return session, lesson

    @property
    def archive_folder(self) -> Path:
        return self.folder / ARCHIVE_FOLDER

    def free_path(self, started: datetime, class_name: str = "") -> Path:
        """A file name no other lesson has (two lessons may start in the same minute), a
        put-away one included: its exports are filed under its name, and a new lesson of
        the same name would write over them."""
        return _free_name(lesson_stem(started, class_name), (self.folder, self.archive_folder), self.folder)

    def archive(self, info: LessonInfo | Path) -> Path:
        """Put a lesson away: its file moves (one atomic rename) into the ``archive``
        folder, where the listing no longer sees it; its exports stay where they are.
        Returns where it went; when the file had vanished meanwhile (another game put it
        away, a file manager moved it) nothing moves, and the returned path does not
        exist. Any other failure is the disk's :class:`OSError`."""
        path = info.path if isinstance(info, LessonInfo) else Path(info)
        folder = self.archive_folder
        folder.mkdir(parents=True, exist_ok=True)
        target = _free_name(path.stem, (folder,), folder, suffix=path.suffix)
        try:
            os.replace(path, target)
        except FileNotFoundError:
            if path.exists():  # it is the archive that went (a USB stick pulled out)
                raise
        return target

    def files(self) -> list[Path]:
        """The lesson files (not the temporary files of a write under way or killed)."""
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return []
        return sorted(p for p in entries if p.suffix == LESSON_SUFFIX and not p.name.startswith(".") and p.is_file())

    def read(self, path: Path) -> LessonInfo:
        """One file's entry in the list; every problem becomes its ``problem``."""
        try:
            payload = read_save(path)
        except SaveError as error:
            return LessonInfo(path, problem=_sentence(_lesson_words(error), path.name))
        try:
            return _info_of(path, self.data, payload)
        except Exception as error:  # noqa: BLE001 - a check that missed: the list still shows, no crash
            return LessonInfo(path, problem=f"The lesson file is damaged ({type(error).__name__}: {error}).")

    def all(self) -> list[LessonInfo]:
        """Every lesson file, the newest first, those that cannot be resumed after the
        rest (finished ones included)."""
        infos = sorted((self.read(path) for path in self.files()), key=lambda info: info.sort_key, reverse=True)
        return [info for info in infos if info.usable] + [info for info in infos if not info.usable]

    def unfinished(self) -> list[LessonInfo]:
        """What the setup screen offers: unfinished lessons and damaged files, newest first."""
        return [info for info in self.all() if not info.finished]

    def resume(self, info: LessonInfo | Path, *, on_error: ErrorHandler | None = None) -> tuple[ClassSession, Lesson]:
        """Take a lesson up again: the same file goes on, with a new sitting in its log."""
        path = info.path if isinstance(info, LessonInfo) else Path(info)
        try:
            payload = read_save(path)
        except SaveError as error:
            raise SessionError(_sentence(_lesson_words(error), path.name)) from error
        session = ClassSession.from_json(self.data, payload, now=self._now)
        if session.finished:
            raise SessionError("This lesson is finished: it reached an ending and its debrief.")
        lesson = Lesson(path, on_error)
        session.keeper = lesson
        session.resume()  # written: the new sitting is on disk before the class sees anything
        return session, lesson

    def clean_temporary(self) -> int:
        """Remove temporary files left by writes that were killed half-way (old enough
        that no other running game can still be writing them); how many went."""
        removed = 0
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0
        for path in entries:
            if not (path.name.startswith(".") and path.name.endswith(".tmp")):
                continue
            try:
                if time.time() - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    os.unlink(path)
                    removed += 1
            except OSError:
                continue
        return removed


__all__ = ["ARCHIVE_FOLDER", "LESSON_SUFFIX", "Lesson", "LessonInfo", "LessonStore", "file_part", "lesson_stem"]
