"""Named save slots and the autosave, in one folder of the player's data.

Headless on purpose (no pygame): the desktop game, the classroom mode and the tests all
use it. A damaged slot is listed with its problem instead of hiding the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .diagnostics import SaveError
from .model import StoryData
from .saves import read_save, write_save
from .story import Story

AUTOSAVE = "autosave"
SLOTS = tuple(f"slot{n}" for n in range(1, 9))


@dataclass(frozen=True)
class SlotInfo:
    slot: str
    exists: bool
    label: str = ""
    scene_title: str = ""
    scene_date: str = ""
    scene_place: str = ""
    saved_at: datetime | None = None
    perspective: str = ""
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.exists and not self.error


class SaveSlots:
    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, slot: str) -> Path:
        return self.folder / f"{slot}.json"

    def write(self, slot: str, story: Story, label: str = "") -> None:
        write_save(self.path(slot), story.to_save(label))

    def load(self, slot: str, data: StoryData) -> Story:
        return Story.from_save(data, read_save(self.path(slot)))

    def delete(self, slot: str) -> None:
        try:
            self.path(slot).unlink()
        except FileNotFoundError:
            pass

    def info(self, slot: str) -> SlotInfo:
        path = self.path(slot)
        if not path.exists():
            return SlotInfo(slot, False)
        try:
            save = read_save(path)
        except SaveError as error:
            return SlotInfo(slot, True, error=str(error))
        saved_at = None
        try:
            saved_at = datetime.fromisoformat(str(save.get("saved_at", "")))
        except ValueError:
            pass
        return SlotInfo(
            slot, True,
            label=str(save.get("label") or ""),
            scene_title=str(save.get("scene_title") or save.get("scene") or ""),
            scene_date=str(save.get("scene_date") or ""),
            scene_place=str(save.get("scene_place") or ""),
            saved_at=saved_at,
            perspective=str(save.get("perspective") or ""),
        )

    def all(self) -> list[SlotInfo]:
        return [self.info(slot) for slot in (AUTOSAVE, *SLOTS)]
