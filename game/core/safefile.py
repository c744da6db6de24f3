"""Reading and writing files a stranger's story pack may point at (issue 12).

A pack can name any path: a FIFO blocks ``open`` forever, ``/dev/zero`` never ends, and a
symlink left in the pack can turn a tool's output file into someone else's file. So a read
accepts only regular files and never takes more than its cap plus one byte, and a write
refuses a symlink (or anything but a regular file) at its target.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import IO, Any, Callable, Iterator, NamedTuple

#: story.yaml, chapters, notes and guide files: a chapter of several hundred scenes fits.
MAX_YAML_BYTES = 2 * 1024 * 1024
#: one source text: the longest shipped source is about 10 KB; a whole book chapter fits.
MAX_SOURCE_BYTES = 2 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symlink"),
)


class FileRefused(OSError):
    """A file the pack names that is not read (or a target not written), with the rule
    broken in words a pack's author can act on; ``rule`` is the diagnostic's code."""

    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


class FileRead(NamedTuple):
    """One file a load read, as the compiled cache must find it again to trust a copy."""

    path: str
    real: str  # where the path led (a symlink moved elsewhere is another input)
    sha256: str


#: the reads of the load being recorded (:func:`recording_reads`), else None
_reads: ContextVar[list[FileRead] | None] = ContextVar("reads", default=None)


@contextmanager
def recording_reads() -> Iterator[list[FileRead]]:
    """Every file :func:`read_capped` reads inside the block, with the hash of the very
    bytes read: the compiled cache (:mod:`compiledcache`) keys a story by what its load
    actually saw, so a file changed during the load can never be cached as unchanged."""
    found: list[FileRead] = []
    token = _reads.set(found)
    try:
        yield found
    finally:
        _reads.reset(token)


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a message that says why it is refused."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most ``cap`` bytes.

    The kind is checked by ``stat`` before opening (so a FIFO is never opened) and again on
    the open descriptor, opened non-blocking, in case the path was swapped in between; the
    read stops at ``cap + 1`` bytes, so a file that grows or lies about its size still
    cannot exhaust memory. OSError (missing, no permission) passes through to the caller.
    """
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"is {kind_of(info.st_mode)}, not a regular file; only regular files are read",
                          "not-regular-file")
    _check_size(info.st_size, cap)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"is {kind_of(info.st_mode)}, not a regular file; only regular files are read",
                              "not-regular-file")
        data = handle.read(cap + 1)
    _check_size(len(data), cap, " or more")
    log = _reads.get()
    if log is not None:
        log.append(FileRead(str(path), os.path.realpath(path), hashlib.sha256(data).hexdigest()))
    return data


def _check_size(size: int, cap: int, more: str = "") -> None:
    if size > cap:
        raise FileRefused(f"is {size:,} bytes{more}; the limit is {cap:,}", "file-too-large")


def write_text_safely(path: Path, text: str, *, encoding: str = "utf-8", newline: str | None = None) -> None:
    """Write ``text`` to ``path``, refusing a symlink or any non-regular file there.

    The text goes to a temporary file beside the target, which then replaces it: the
    target's name gets a new file, so a hard link left in the pack (which shares the file
    with some other name outside it) is never written through, and a reader never sees a
    half-written file."""
    _write_safely(path, lambda handle: handle.write(text), "w", encoding=encoding, newline=newline)


def write_bytes_safely(path: Path, data: bytes) -> None:
    """:func:`write_text_safely` for bytes (the compiled cache)."""
    _write_safely(path, lambda handle: handle.write(data), "wb")


def _write_safely(path: Path, write: Callable[[IO[Any]], object], mode: str, **options: Any) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"it is {kind_of(info.st_mode)}; refusing to write through it", "unsafe-target")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, 0o666 & ~_umask()) if hasattr(os, "fchmod") else None
        with os.fdopen(descriptor, mode, **options) as handle:
            write(handle)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _umask() -> int:
    """The process's umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
