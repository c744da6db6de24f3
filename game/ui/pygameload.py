"""Importing pygame for the game's own process, without ``pkg_resources``.

pygame 2.6's ``__init__`` always imports ``pygame.pkgdata``, and that module tries
``from pkg_resources import resource_stream, resource_exists`` first. Where setuptools is
installed (every venv before Python 3.12, and ours, since it builds the package) that
import alone reads the vendored packaging and pyparsing and scans every distribution on
``sys.path``: about 50-90 ms of a 0.2 s start, for nothing the game uses. pygame has no
option to skip it, and importing a submodule (``pygame.font``) runs the same ``__init__``.

What pygame does allow is ``pkg_resources`` being absent: ``pkgdata`` catches the
ImportError and falls back to opening files beside its own ``__file__`` (its only use
in the game: the fallback font and the default window icon), which is how it runs on
every Python without setuptools. So while pygame itself is imported, ``pkg_resources``
is made unimportable the way the import system defines it, a ``None`` entry in
``sys.modules`` (ModuleNotFoundError), and the entry goes again right after: anything
that imports ``pkg_resources`` later gets the real module. pygame-ce has dropped
``pkg_resources`` from its ``pkgdata``; with it this module would have nothing to do.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

#: what pygame's ``pkgdata`` tries first, and can do without
SKIPPED = "pkg_resources"


def import_pygame() -> ModuleType:
    """pygame, imported now without ``pkg_resources`` unless something already has it;
    without pygame's banner on stdout (a game's output is for its messages)."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    loaded = sys.modules.get("pygame")
    if loaded is not None:
        return loaded
    blocked = SKIPPED not in sys.modules
    if blocked:
        sys.modules[SKIPPED] = None  # type: ignore[assignment]
    try:
        import pygame
    finally:
        if blocked and SKIPPED in sys.modules and sys.modules[SKIPPED] is None:
            del sys.modules[SKIPPED]
    return pygame
