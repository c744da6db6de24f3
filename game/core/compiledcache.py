"""The compiled cache: a story loaded once is read back from the user's cache folder.

Loading and checking 10,000 scenes costs about a second; reading the result back costs a
fraction of that. The idea is Ren'Py's ``.rpyc``: keep the compiled form next to nothing
the author edits, and use it only when every input is provably the same. An entry is
trusted only when

* its header names this format and a fingerprint of the code that loads stories (any
  change to ``game/core`` makes every entry stale), this Python and this PyYAML (with or
  without libyaml);
* the story folder lists exactly the same entries (a chapter added next to story.yaml is
  read without being named);
* every file the first load read still has the SHA-256 of the bytes it read then, and
  still leads to the same real file.

Only a story without errors is kept, with its warnings (they are shown again). One entry
per story folder: a changed story replaces its own entry, so the folder does not grow
with every edit. Any problem with an entry (missing, cut short, from another version,
unreadable, a folder that cannot be written) means one thing: load the YAML as if there
were no cache. The cache never changes what a load returns, only how fast.

Why pickle, which the rest of the game never uses: the story is a graph of a few hundred
thousand small objects, and only the C unpickler rebuilds them fast enough (0.2 s for
10,000 scenes; a JSON form decoded in Python measured about twice that). The file is not
author text and is written only by the game, in the player's own cache folder; still, it
is read with an unpickler that can build nothing but the story's own data classes
(:data:`ALLOWED`; the Python documentation's "restricting globals"), so a planted file
can at worst hold a wrong story, never run code. Closures (compiled conditions and
effects) are code and are never stored: they are rebuilt from the stored, already
checked trees (:func:`closures.recompile`).
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import io
import json
import os
import pickle
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .closures import compiled_parts
from .diagnostics import Diagnostic, Diagnostics, Severity
from .expressions import Expression
from .safefile import FileRead, FileRefused, read_capped, write_bytes_safely

#: bump when the layout of an entry changes
FORMAT = 1
#: an entry larger than this is not read (10,000 generated scenes are about 12 MB)
MAX_ENTRY_BYTES = 256 * 1024 * 1024
SUFFIX = ".story-cache"

#: everything an entry may build: the story's data classes and the few library types
#: they hold. Nothing that runs code when called (no builtins such as ``getattr``, no
#: ``os``, no ``subprocess``) is here, so a planted entry cannot run any.
ALLOWED: frozenset[tuple[str, str]] = frozenset(
    [("game.core.model", name) for name in (
        "StoryData", "Variable", "Source", "Citation", "Effects", "Record", "Choice", "Ending", "Scene",
        "Perspective", "Chapter", "CastMember", "Epilogue", "GuideTopic",
    )]
    + [("game.core.text", name) for name in ("Text", "Paragraph", "Conditional", "Slot")]
    + [("game.core.expressions", name) for name in (
        "Expression", "Assignment", "Literal", "Name", "Call", "Unary", "Binary",
    )]
    + [("game.core.sources", name) for name in ("SourceDocument", "Paragraph", "CitationMatch")]
    + [("game.core.notes", name) for name in ("EditorsNote", "Reference")]
    + [("game.core.diagnostics", name) for name in ("Pos", "Diagnostic", "Severity")]
    + [("pathlib", name) for name in ("PosixPath", "WindowsPath", "PurePosixPath", "PureWindowsPath")]
)


#: a result derived from a story (:func:`remembered`) is at most this large
MAX_DERIVED_BYTES = 16 * 1024 * 1024
DERIVED_NAME = re.compile(r"[a-z][a-z0-9-]{0,40}")


@dataclass(frozen=True)
class Entry:
    """Which entry a loaded story is: its file, and the hash of its header (a derived
    result is trusted only beside an entry made from the very same inputs)."""

    path: Path
    digest: str


@dataclass
class Pending:
    """An entry not written yet (``load_story(defer_cache_write=True)``): the game draws its
    first frame first, then :func:`write_pending` writes it (pickling 10,000 scenes takes
    about 0.35 s, which a first start need not wait for)."""

    path: Path
    root: Path
    diagnostics: Diagnostics
    reads: list[FileRead]


def write_pending(story: Any) -> None:
    """Write the entry a deferred load left on ``story``, if any (then its results can be
    kept beside it too, :func:`remembered`); nothing otherwise."""
    pending = getattr(story, "cache_entry", None)
    if isinstance(pending, Pending):
        story.cache_entry = None
        write_entry(pending.path, pending.root, story, pending.diagnostics, pending.reads)


class _StoryUnpickler(pickle.Unpickler):
    """An unpickler that can build the story's data classes and nothing else."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a story")
        return super().find_class(module, name)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of everything that decides what a load returns: the loading code (every
    module of ``game/core``, byte for byte), Python's version and PyYAML's files (with
    libyaml or not). Computed once per process. (Not the game's version number: importing it
    costs start-up 15 ms, and the code itself is already in the hash.)"""
    digest = hashlib.sha256()
    for part in (str(FORMAT), sys.version, *_yaml_files()):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    core = Path(__file__).resolve().parent
    sources = sorted(core.glob("*.py"))
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if not sources:  # a frozen app (the PyInstaller bundle) keeps no sources: its program,
        # which holds the compiled code, stands for them (a rebuilt bundle is a new file)
        info = os.stat(sys.executable)
        digest.update(f"{sys.executable}\0{info.st_size}\0{info.st_mtime_ns}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _yaml_files() -> list[str]:
    """PyYAML as installed (each file's name, size and time), found without importing it:
    a warm start reads no YAML, and importing PyYAML would cost it 10 ms. Another
    version, or libyaml's extension added or removed, is another set of files."""
    spec = importlib.util.find_spec("yaml")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    found = []
    for folder in folders:
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if entry.is_file() and (entry.name.endswith(".py") or ".so" in entry.name or entry.name.endswith(".pyd")):
                info = entry.stat()
                found.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return found


def _listing(root: Path) -> list[list[Any]]:
    """The story folder's entries, with what each is and where a link leads: the loader
    reads chapter files it finds there, so a new, removed or relinked one is a change."""
    found = []
    with os.scandir(root) as entries:
        for entry in entries:
            link = os.readlink(entry.path) if entry.is_symlink() else ""
            found.append([entry.name, entry.is_dir(), link])
    found.sort()
    return found


def entry_path(cache_dir: Path, root: Path, shown_root: str, options: str) -> Path:
    """One entry per story folder (as given and as resolved: messages name files as the
    folder was given, relative to the working folder) and per load option."""
    where = "\0".join([str(root.resolve()), shown_root, os.getcwd(), options])
    return cache_dir / (hashlib.sha256(where.encode("utf-8", "surrogatepass")).hexdigest()[:32] + SUFFIX)


def _header(root: Path, reads: list[FileRead]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "code": code_fingerprint(),
        "listing": _listing(root),
        "reads": [list(read) for read in reads],
    }


def _still_the_same(header: Any, root: Path) -> bool:
    """Whether every input of the entry is what it was: same code, folder, files."""
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("code") != code_fingerprint():
        return False
    if header.get("listing") != _listing(root):
        return False
    reads = header.get("reads")
    if not isinstance(reads, list) or not reads:
        return False
    for read in reads:
        if not (isinstance(read, list) and len(read) == 3 and all(isinstance(part, str) for part in read)):
            return False
        path, real, sha = read
        if os.path.realpath(path) != real:
            return False
        try:
            data = read_capped(Path(path), MAX_ENTRY_BYTES)
        except OSError:  # FileRefused too: a file now refused is a change, the load will say why
            return False
        if hashlib.sha256(data).hexdigest() != sha:
            return False
    return True


def read_entry(path: Path, root: Path) -> tuple[Any, list[Diagnostic]] | None:
    """The story and warnings an entry holds, or ``None`` when it is missing, stale or
    damaged in any way (the caller then loads the YAML)."""
    try:
        data = read_capped(path, MAX_ENTRY_BYTES)
    except OSError:
        return None
    newline = data.find(b"\n")
    if newline < 0:
        return None
    try:
        header = json.loads(data[:newline])
        if not _still_the_same(header, root):
            return None
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of objects that all stay alive
        try:
            story, warnings = _StoryUnpickler(io.BytesIO(data[newline + 1:])).load()
        finally:
            if collecting:
                gc.enable()
    except Exception:  # noqa: BLE001 - any damage at all means: not a usable entry
        return None
    if not isinstance(warnings, list) or not all(isinstance(item, Diagnostic) for item in warnings):
        return None
    if hasattr(story, "cache_entry"):
        story.cache_entry = Entry(path, _identity(data[:newline]))
    return story, warnings


def write_entry(path: Path, root: Path, story: Any, diagnostics: Diagnostics, reads: list[FileRead]) -> None:
    """Keep a clean story (and its warnings) for the next load; silently nothing when the
    cache folder cannot be written (a read-only home, a full disk)."""
    warnings = [item for item in diagnostics.items if item.severity is Severity.WARNING]
    try:
        header = json.dumps(_header(root, reads), ensure_ascii=True).encode("ascii")
        with _closures_put_aside(story):
            body = pickle.dumps((story, warnings), protocol=pickle.HIGHEST_PROTOCOL)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_safely(path, header + b"\n" + body)
    except (OSError, FileRefused, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    story.cache_entry = Entry(path, _identity(header))


def _identity(header: bytes) -> str:
    """What a derived result is kept against: the entry's header, which names every input
    the story was built from (code, listing, each file's hash), so the body follows from it;
    hashing 12 MB of body on every warm load would add 20 ms for nothing."""
    return hashlib.sha256(header).hexdigest()


def _derived_path(entry: Entry, name: str) -> Path:
    if not DERIVED_NAME.fullmatch(name):
        raise ValueError(f"not a name for a derived result: {name!r}")
    return entry.path.with_name(f"{entry.path.name}.{name}.json")


def forget(story: Any, name: str) -> None:
    """Drop the value kept under ``name`` (its user found it unusable): the next
    :func:`remembered` computes and keeps it afresh."""
    entry = getattr(story, "cache_entry", None)
    if isinstance(entry, Entry):
        try:
            _derived_path(entry, name).unlink()
        except OSError:
            pass


def remembered(story: Any, name: str, compute: Callable[[], Any], *, depends_on: str | None = None) -> Any:
    """``compute()``, a JSON value derived from the story, kept beside the story's entry so
    that the next run gets it without computing it (``check``'s walk of every playthrough:
    0.35 s of the shipped story's 0.4). It is trusted while ``depends_on`` (a fingerprint
    of what the value depends on; by default the entry itself, so any change of any file)
    is what it was. Without an entry (no cache folder, a story with errors) it is simply
    computed. One kept value per name and entry: a change replaces it."""
    entry = getattr(story, "cache_entry", None)
    if not isinstance(entry, Entry):  # no entry, or one not written yet
        return compute()
    key = entry.digest if depends_on is None else depends_on
    path = _derived_path(entry, name)
    try:
        kept = json.loads(read_capped(path, MAX_DERIVED_BYTES))
        if isinstance(kept, dict) and kept.get("key") == key and "value" in kept:
            return kept["value"]
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        write_bytes_safely(path, json.dumps({"key": key, "value": value}).encode("utf-8"))
    except OSError:
        pass
    return value


@contextmanager
def _closures_put_aside(story: Any) -> Iterator[None]:
    """Take the compiled closures (code, which is never stored), the machine and the
    entry off the story while it is pickled, and give them back afterwards: the caller's
    story is left as it was."""
    parts = compiled_parts(story)
    kept = [part.evaluate if part.__class__ is Expression else part.apply for part in parts]
    machine, entry = story.machine, story.cache_entry
    story.machine = story.cache_entry = None
    for part in parts:
        if part.__class__ is Expression:
            part.evaluate = None
        else:
            part.apply = None
    try:
        yield
    finally:
        story.machine, story.cache_entry = machine, entry
        for part, value in zip(parts, kept):
            if part.__class__ is Expression:
                part.evaluate = value
            else:
                part.apply = value
