"""Where a name written in a story pack may lead: only inside the pack's own folder.

A pack is the folder that holds ``story.yaml``; every file it names (chapters, notes,
guide, source texts) is written relative to that folder and must land inside it once
``..`` and symlinks are resolved. Otherwise ``--story ~/Downloads`` would let a pack quote
``~/.ssh/id_rsa`` into the Sources screen, an export or a "closest passage" hint (issue 12).
The folder the player names is trusted, whatever it is or links to; what the pack says
inside it is not.
"""

from __future__ import annotations

import os

from pathlib import Path, PurePosixPath, PureWindowsPath

from .safefile import FileRefused

#: The diagnostic code of every refusal here.
RULE = "outside-pack"


def pack_root(folder: Path) -> Path:
    """The pack's folder with symlinks resolved: what "inside" is measured against."""
    return folder.resolve()


def inside_pack(root: Path, name: str) -> Path:
    """The resolved path of ``name`` (as the pack spells it) in the pack at ``root``.

    Raises :class:`FileRefused` (rule ``outside-pack``) for an absolute path, a backslash,
    a ``..`` that climbs out, or a symlink anywhere on the way that leads out. Existence is
    not checked: the caller's read says "not found" or what the file is, as before."""
    written = name.strip()
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).is_absolute() or PureWindowsPath(written).drive:
        raise FileRefused(
            "is an absolute path; a pack names its files relative to its own folder "
            "(the folder holding story.yaml)", RULE,
        )
    if "\\" in written:
        raise FileRefused("holds a backslash; write folders with '/' so the pack reads the same everywhere", RULE)
    base = pack_root(root)
    try:
        resolved = (base / written).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        raise FileRefused(f"cannot be resolved ({exc}); it may be a symlink loop", RULE) from exc
    if resolved == base or not resolved.is_relative_to(base):
        raise FileRefused(_why_outside(base, written), RULE)
    return resolved


def _why_outside(base: Path, written: str) -> str:
    """Which way the name left the folder: through ``..`` or through a symlink."""
    lexical = PurePosixPath(written)
    depth = 0
    for part in lexical.parts:
        depth += -1 if part == ".." else (0 if part == "." else 1)
        if depth < 0:
            return "climbs out of the pack's folder with '..'; a pack may only name files inside its own folder"
    if not lexical.parts or depth == 0:
        return "names the pack's folder itself, not a file in it"
    return ("leads outside the pack's folder through a symlink; a pack may only name files "
            "inside its own folder (copy the file into the pack instead)")


def is_inside_pack(root: Path, path: Path) -> bool:
    """Whether a file found in the pack (not named by it) really lies inside it: a chapter
    found by listing the folder may still be a symlink out."""
    base = pack_root(root)
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return resolved != base and resolved.is_relative_to(base)


def shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative
