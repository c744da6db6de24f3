"""Where the shipped story, assets and the player's own files live."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent


def default_story_dir() -> Path:
    """The shipped ``scenes/`` folder (the project is installed in place, see README)."""
    return PROJECT_ROOT / "scenes"


def assets_dir() -> Path:
    return PROJECT_ROOT / "assets"


def user_data_dir() -> Path:
    """Saves, settings and the error log: ``$BUDAPEST1956_HOME`` or the platform's place."""
    override = os.environ.get("BUDAPEST1956_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "budapest1956"
