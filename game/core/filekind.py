"""What is wrong with a file a pack names, in words an author can act on.

"not found" was said of a file that exists but is a folder or a symlink to nothing, and
a permission error came out as ``[Errno 13] Permission denied: '/full/path'``. The
loader asks here before it reports, so the message says what is really there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def absent(path: Path) -> str | None:
    """Why ``path`` is no file to read: "not found", "is a broken symlink ...", "is a
    folder ..." or "cannot be read (...)"; None when something file-like is there (a
    regular file, a FIFO, a device), whose reader says what it is."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return "not found"
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        return cannot_read(exc)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "is a broken symlink (what it points to does not exist)"
    except OSError as exc:
        return "is a symlink that loops" if stat.S_ISLNK(link.st_mode) and exc.errno == 40 else cannot_read(exc)
    if stat.S_ISDIR(info.st_mode):
        return "is a folder, not a file"
    return None


def cannot_read(exc: BaseException) -> str:
    """``cannot be read (permission denied)``, without the path the exception carries."""
    reason = getattr(exc, "strerror", None) or str(exc) or exc.__class__.__name__
    return f"cannot be read ({reason[0].lower()}{reason[1:]})"
