"""One story's saves on disk: rotating autosaves per playthrough, and numbered slots.

Why this shape: a single autosave for everything let a new game, another point of view, a
classroom lesson or another story pack silently replace a player's place. Here every
story has its own folder (see :class:`game.paths.DataFolders`), every playthrough (a point
of view, or an author's free start) keeps its own autosaves, and the last
:data:`AUTOSAVES_KEPT` of them rotate, as Ren'Py keeps ten, so a damaged newest one still
leaves the one before. Named slots are numbered 1–9 everywhere.

Headless on purpose (no pygame): the desktop game, the text player and the tests use it.
A damaged, foreign or future save is listed with its reason and never raises out of a
listing; it never stops the game from starting.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from .dateline import dateline
from .diagnostics import SaveError, StoryError
from .model import StoryData
from .saves import read_save, write_save
from .story import Story
from .characters import control_message

AUTOSAVES_KEPT = 10
SLOT_NUMBERS = tuple(range(1, 10))
#: the playthrough of a story started without a point of view (an author's ``--scene``)
FREE_PLAYTHROUGH = "free"
#: a temporary file older than this, left by a save killed half-way, is removed at start
STALE_TEMPORARY_SECONDS = 5.0
MAX_LABEL = 60
#: a playthrough being deleted is first renamed to a hidden folder of this prefix
_DELETING = ".deleting-"

_AUTOSAVE_NAME = re.compile(r"^([0-9]{6,9})\.json$")
#: the highest autosave number a name of nine digits holds; past it the folder is renumbered
LAST_SEQUENCE = 999_999_999
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class SaveInfo:
    """What the title and Load screens show of one save file, read without trusting it."""

    path: Path
    playthrough: str = ""  # the autosave's playthrough, or the slot save's point of view
    slot: int | None = None  # 1–9 for a named slot, None for an autosave
    sequence: int = 0  # an autosave's place in its rotation (higher is newer)
    exists: bool = True
    label: str = ""
    scene_id: str = ""
    scene_title: str = ""
    dateline: str = ""  # "Wednesday 24 October 1956, 09:00 · Central Budapest"
    perspective: str = ""  # the point of view's id ("" when free)
    perspective_name: str = ""  # "Zsófia Varga"
    turn: int = 0
    at_ending: bool = False  # a finished playthrough: nothing is lost by starting again
    saved_at: datetime | None = None
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.exists and not self.error

    @property
    def place(self) -> str:
        """Whose story, the story's date and the scene, as the title and Load screens
        name it: "Zsófia Varga · Wednesday 24 October 1956, 09:00 · Central Budapest ·
        The rally"."""
        return " · ".join(part for part in (self.perspective_name, self.where) if part)

    @property
    def where(self) -> str:
        """The story's date and the scene, without whose story it is."""
        return " · ".join(part for part in (self.dateline, self.scene_title) if part)


@dataclass
class Playthrough:
    """One point of view's autosaves, newest first."""

    key: str
    autosaves: list[SaveInfo] = field(default_factory=list)

    @property
    def newest(self) -> SaveInfo | None:
        return self.autosaves[0] if self.autosaves else None

    @property
    def latest_usable(self) -> SaveInfo | None:
        return next((info for info in self.autosaves if info.usable), None)


def playthrough_key(perspective: str | None) -> str:
    """The playthrough a point of view's autosaves belong to (an author's free start,
    without a point of view, has one of its own)."""
    return perspective or FREE_PLAYTHROUGH


class SaveStore:
    """The saves folder of one story (``folders.saves(story_key(...))``)."""

    def __init__(self, folder: Path, data: StoryData | None = None):
        self.folder = folder
        self.data = data
        self._cache: dict[Path, tuple[tuple[int, int], SaveInfo]] = {}

    # ------------------------------------------------------------------ paths
    def slot_path(self, number: int) -> Path:
        if number not in SLOT_NUMBERS:
            raise ValueError(f"there is no save slot {number}")
        return self.folder / f"slot{number}.json"

    def autosave_folder(self, playthrough: str) -> Path:
        return self.folder / "auto" / folder_name(playthrough)

    # ------------------------------------------------------------------ writing
    def autosave(self, story: Story) -> Path:
        """A new newest autosave for the story's playthrough; the oldest beyond
        :data:`AUTOSAVES_KEPT` go only after the new one is safely on disk."""
        folder = self.autosave_folder(playthrough_key(story.perspective_id))
        existing = self._sequences(folder)
        if existing and existing[0] >= LAST_SEQUENCE:  # a doctored folder: the next name would go unseen
            existing = self._renumber(folder, existing)
        sequence = (existing[0] + 1) if existing else 1
        path = folder / f"{sequence:06d}.json"
        write_save(path, story.to_save("Autosave"))
        for old in existing[AUTOSAVES_KEPT - 1:]:
            _unlink(folder / f"{old:06d}.json")
        return path

    def write_slot(self, number: int, story: Story, label: str) -> Path:
        """Save in slot ``number`` under the player's name for it. A name holding a control
        character is refused (:class:`SaveError`), as the pack checker refuses one in a
        title: the naming field never lets one in, so only a caller's mistake meets this."""
        found = control_message(label) if isinstance(label, str) else None
        if found:
            raise SaveError(f"a save's name cannot hold a control character: {found[1].removeprefix('text ')}")
        path = self.slot_path(number)
        write_save(path, story.to_save(clean_label(label)))
        return path

    # ------------------------------------------------------------------ deleting
    def delete_slot(self, number: int) -> bool:
        """Empty a numbered slot; False when it was empty already (another game, or the
        player's file manager, may have removed it since it was listed). Any other
        failure is the :class:`OSError` of the disk, for the screen to report."""
        path = self.slot_path(number)
        self._cache.pop(path, None)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        return True

    def delete_playthrough(self, key: str) -> int:
        """Delete every autosave of a point of view's playthrough; how many went (0 when
        they were gone already).

        All or nothing as the player sees it: the folder is first renamed to a hidden one
        (one atomic step, so no half of a playthrough, with an older place for Continue to
        resume, is ever listed), then emptied; what a failure there leaves behind is
        hidden and cleared at the next start (:meth:`clean_temporary`)."""
        folder = self.autosave_folder(key)
        doomed = folder.with_name(f"{_DELETING}{folder.name}-{os.getpid()}-{time.time_ns()}")
        try:
            os.replace(folder, doomed)
        except FileNotFoundError:
            return 0
        count = len(self._sequences(doomed))
        for path in [p for p in self._cache if p.parent == folder]:
            del self._cache[path]
        shutil.rmtree(doomed, ignore_errors=True)
        return count

    # ------------------------------------------------------------------ reading
    def load(self, info: SaveInfo | Path, data: StoryData | None = None) -> Story:
        """The playthrough in a save file; any problem is a :class:`SaveError`."""
        data = data or self.data
        if data is None:
            raise SaveError("no story is loaded")
        path = info.path if isinstance(info, SaveInfo) else info
        return _story_from(data, read_save(path), path)

    def slot(self, number: int) -> SaveInfo:
        path = self.slot_path(number)
        if not path.exists():
            return SaveInfo(path, slot=number, exists=False)
        return self._info(path, slot=number)

    def slots(self) -> list[SaveInfo]:
        return [self.slot(number) for number in SLOT_NUMBERS]

    def playthrough(self, key: str) -> Playthrough:
        folder = self.autosave_folder(key)
        return Playthrough(key, [self._info(folder / f"{n:06d}.json", playthrough=key, sequence=n)
                                 for n in self._sequences(folder)])

    def playthroughs(self) -> list[Playthrough]:
        """Every playthrough with autosaves, the most recently played first."""
        root = self.folder / "auto"
        found = []
        try:
            folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        except OSError:
            return []
        for folder in folders:
            playthrough = self.playthrough(folder.name)
            if playthrough.autosaves:
                found.append(playthrough)
        found.sort(key=lambda p: _recency(p.newest), reverse=True)
        return found

    def most_recent(self, playthroughs: list[Playthrough] | None = None) -> SaveInfo | None:
        """What Continue resumes: the newest usable autosave of the most recently played
        playthrough (an older one of it when the newest is damaged). ``playthroughs``:
        the listing the caller has already made, so the folder is not read again."""
        for playthrough in self.playthroughs() if playthroughs is None else playthroughs:
            usable = playthrough.latest_usable
            if usable is not None:
                return usable
        return None

    # ------------------------------------------------------------------ upkeep
    def clean_temporary(self) -> int:
        """Remove temporary files that a save killed half-way left behind, and what a
        playthrough's deletion could not finish."""
        removed = 0
        now = time.time()
        try:
            leftovers = [p for p in (self.folder / "auto").iterdir() if p.name.startswith(_DELETING)]
        except OSError:
            leftovers = []
        for folder in leftovers:
            shutil.rmtree(folder, ignore_errors=True)
        for path in self._temporary_files():
                try:
                    if now - path.stat().st_mtime >= STALE_TEMPORARY_SECONDS:
                        path.unlink()
                        removed += 1
                except OSError:
                    continue
        return removed

    def _temporary_files(self) -> Iterator[Path]:
        """The temporary files a killed save may have left: only names ``write_save`` gives
        them, only in the two kinds of folder it writes to (the slots' and each
        playthrough's), never deeper, so a saves folder that is a link to somewhere else
        loses nothing but the game's own leftovers."""
        folders = [self.folder]
        try:
            folders += [p for p in (self.folder / "auto").iterdir() if p.is_dir() and not p.is_symlink()]
        except OSError:
            pass
        for folder in folders:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            yield from (folder / name for name in names if _TEMPORARY.match(name))

    def adopt_legacy(self, legacy: Path) -> int:
        """Bring the saves of version 0.1 (one ``saves/`` folder for every story: an
        ``autosave.json`` and ``slot1.json``…) into this story's folder, once. Saves of
        other stories stay where they are for their own story to adopt."""
        if self.data is None or not legacy.is_dir():
            return 0
        adopted = 0
        for path in sorted(legacy.glob("*.json")):
            try:
                save = read_save(path)
            except SaveError:
                continue
            identity = save.get("story")
            if not isinstance(identity, dict) or identity.get("id") != self.data.id:
                continue
            try:
                story = _story_from(self.data, save, path)
            except SaveError:
                continue
            if path.stem == "autosave":
                folder = self.autosave_folder(playthrough_key(story.perspective_id))
                existing = self._sequences(folder)
                target = folder / f"{(min(existing) - 1) if existing else 1:06d}.json"  # older than any new one
                if existing and min(existing) <= 1:
                    continue
            else:
                free = [n for n in SLOT_NUMBERS if not self.slot_path(n).exists()]
                number = int(path.stem[4:]) if re.fullmatch(r"slot[1-9]", path.stem) else 0
                if not free:
                    continue
                target = self.slot_path(number if number in free else free[0])
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            adopted += 1
        return adopted

    # ------------------------------------------------------------------ inside
    def _sequences(self, folder: Path) -> list[int]:
        """The autosaves' numbers in a playthrough folder, newest first (only names the
        game writes: ``000012.json``, never ``0012.json``, which would be read as another)."""
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        numbers = [int(match.group(1)) for name in names if (match := _AUTOSAVE_NAME.match(name))]
        return sorted((n for n in numbers if f"{n:06d}.json" in names), reverse=True)

    @staticmethod
    def _renumber(folder: Path, existing: list[int]) -> list[int]:
        """Number the autosaves 1, 2, … again, oldest first, keeping their order: each goes
        to a number no higher than its own, so no rename lands on a file not yet moved."""
        for new, old in enumerate(reversed(existing), start=1):
            if new != old:
                os.replace(folder / f"{old:06d}.json", folder / f"{new:06d}.json")
        return list(range(len(existing), 0, -1))

    def _info(self, path: Path, *, playthrough: str = "", slot: int | None = None, sequence: int = 0) -> SaveInfo:
        try:
            stat = path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            return SaveInfo(path, playthrough, slot, sequence, exists=False)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        info = self._read_info(path, playthrough, slot, sequence)
        self._cache[path] = (stamp, info)
        return info

    def _read_info(self, path: Path, playthrough: str, slot: int | None, sequence: int) -> SaveInfo:
        base = SaveInfo(path, playthrough, slot, sequence)
        try:
            save = read_save(path)
            saved_at = _saved_at(save.get("saved_at"))
            label = clean_label(save.get("label"))
            if self.data is None:
                return replace(base, label=label, saved_at=saved_at)
            story = _story_from(self.data, save, path)  # the file is read once
        except SaveError as error:
            return replace(base, error=clean_label(str(error), 200))
        scene = story.scene
        perspective = story.perspective
        return replace(
            base, label=label, saved_at=saved_at, scene_id=scene.id, scene_title=clean_label(scene.title, 120),
            dateline=clean_label(dateline(scene), 120), perspective=story.perspective_id or "",
            perspective_name=perspective.name if perspective else "", turn=story.state.turn,
            at_ending=story.is_ending,
            playthrough=playthrough or playthrough_key(story.perspective_id),
        )


def clean_label(value: Any, limit: int = MAX_LABEL) -> str:
    """A label as it may be drawn: text only, no control characters (a NUL stops
    pygame's renderer), no more than ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    return _CONTROL.sub("", value).strip()[:limit]


def _saved_at(value: Any) -> datetime | None:
    """The time of saving; an impossible one makes the save damaged, as nothing the game
    writes could hold it."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > 40:
        raise SaveError("the save's time of saving is damaged")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise SaveError(f"the save's time of saving ({clean_label(value, 40)}) is not a real date") from error
    if moment.tzinfo is None:
        raise SaveError("the save's time of saving has no time zone")
    return moment


def _recency(info: SaveInfo | None) -> tuple[float, int]:
    """When a save was written: the time it records (to the second), then the file's own
    time (to the nanosecond), so two saves within one second still come in order."""
    if info is None:
        return (0.0, 0)
    try:
        written = info.path.stat().st_mtime_ns
    except OSError:
        written = 0
    recorded = info.saved_at.timestamp() if info.saved_at is not None else written / 1e9
    return (recorded, written)


def _story_from(data: StoryData, save: dict[str, Any], path: Path) -> Story:
    """The playthrough in a save already read from ``path``; any problem, a field no save
    could hold included, is a :class:`SaveError`."""
    try:
        return Story.from_save(data, save)
    except SaveError:
        raise
    except StoryError as error:
        raise SaveError(str(error)) from error
    except (ValueError, TypeError, RecursionError, OverflowError) as error:
        raise SaveError(f"{path.name} is damaged ({type(error).__name__})") from error


def folder_name(name: str) -> str:
    """A name from author YAML (a story id, a point of view) as one safe folder name:
    never trusted as a path, so no separators, no leading dots, nothing a file system
    refuses."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:64]
    return cleaned or "story"


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


#: the temporary file ``write_save`` makes beside a save (``tempfile.mkstemp``'s name)
_TEMPORARY = re.compile(r"^\.(slot[1-9]|[0-9]{6,9})\.json\.[A-Za-z0-9_]+\.tmp$")
