"""The game's version, as the installed package's metadata gives it.

The metadata is what pip, a bug report and ``pip show`` agree on; a checkout run without
installing (``PYTHONPATH=. python -m game``) has none, so the package's own
``__version__`` stands in."""

from __future__ import annotations

from importlib import metadata

from . import __version__

DISTRIBUTION = "budapest1956"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return __version__


def version_line() -> str:
    """What ``budapest1956 --version`` prints."""
    return f"{DISTRIBUTION} {version()}"
