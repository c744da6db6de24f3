"""Player settings, kept between runs as a small JSON file in the user data folder.

A damaged settings file must never stop the game: unreadable or wrong values fall back
to defaults one by one, and writes are atomic like saves.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..core.saves import write_save

TEXT_SIZES = (18, 21, 24, 28, 33, 40)
THEMES = ("paper", "dark", "contrast")
REVEALS = ("instant", "typewriter")


@dataclass
class Settings:
    text_size: int = 2  # index into TEXT_SIZES
    theme: str = "paper"
    reveal: str = "instant"
    reveal_speed: int = 60  # characters per second for the typewriter
    fullscreen: bool = False
    reduce_motion: bool = False

    @classmethod
    def load(cls, path: Path) -> "Settings":
        settings = cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return settings
        if not isinstance(data, dict):
            return settings
        for item in fields(cls):
            value = data.get(item.name)
            default = getattr(settings, item.name)
            if type(value) is type(default):
                setattr(settings, item.name, value)
        settings.clean()
        return settings

    def clean(self) -> None:
        self.text_size = max(0, min(len(TEXT_SIZES) - 1, self.text_size))
        if self.theme not in THEMES:
            self.theme = "paper"
        if self.reveal not in REVEALS:
            self.reveal = "instant"
        self.reveal_speed = max(10, min(400, self.reveal_speed))

    def save(self, path: Path) -> None:
        write_save(path, asdict(self))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
