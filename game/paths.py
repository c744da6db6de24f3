"""Where the shipped story, assets and the player's own files live.

The player's files are split the way each platform expects (platformdirs knows the rules
of Windows, macOS and the XDG folders, so the game does not hand-write them): saves and
lessons in the data folder, settings in the config folder, the error log in the log
folder. A data folder given explicitly (``--data-dir``, or ``$BUDAPEST1956_DATA_DIR``)
holds all three, so a teacher can keep everything on a USB stick.

Runs nobody is playing (headless, autoplay, benchmarks) write to a throwaway folder unless
a data folder is given: a fresh install must never greet a new player with a game an
autoplay run left behind.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.resources
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .core.savestore import folder_name

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent

APP_NAME = "budapest1956"
#: The environment variable that names the data folder; ``BUDAPEST1956_HOME`` is its
#: older spelling, still honoured.
DATA_DIR_VARIABLES = ("BUDAPEST1956_DATA_DIR", "BUDAPEST1956_HOME")


#: The folder under the package that a built wheel or bundle carries (setup.py makes it)
SHIPPED_FOLDER = "_shipped"


def _package_folder() -> Path:
    """The installed ``game`` package's folder, as importlib.resources sees it.

    A zip import would give a Traversable that is no folder: then there is no
    ``_shipped`` folder to read files from, and the checkout's is the only candidate."""
    try:
        root = importlib.resources.files("game")
    except (ModuleNotFoundError, TypeError):  # pragma: no cover - imported oddly
        return PACKAGE_ROOT
    return root if isinstance(root, Path) else PACKAGE_ROOT


def shipped_root() -> Path:
    """Where the story, fonts and source live: the package's ``_shipped`` folder in a
    wheel or bundle, else the checkout (an editable install and the tests).

    The one lookup: nothing else in the code finds these folders on its own, so the
    installed game and the checkout can never disagree about which story they read."""
    shipped = _package_folder() / SHIPPED_FOLDER
    return shipped if shipped.is_dir() else PROJECT_ROOT


def default_story_dir() -> Path:
    """The shipped ``scenes/`` folder."""
    return shipped_root() / "scenes"


def assets_dir() -> Path:
    """The shipped ``assets/`` folder (fonts and sources; screenshots only in a checkout)."""
    return shipped_root() / "assets"


@dataclass(frozen=True)
class DataFolders:
    """The player's folders for one run of the game."""

    data: Path
    config: Path
    log: Path
    #: True when nobody asked for these folders and they vanish when the run ends
    throwaway: bool = False

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def error_log(self) -> Path:
        return self.log / "error.log"

    def story(self, story_id: str) -> Path:
        """A story's own folder (``story_id``: a :func:`story_key`): a story pack never sees
        another's saves or lessons."""
        return self.data / "stories" / folder_name(story_id)

    def saves(self, story_id: str) -> Path:
        return self.story(story_id) / "saves"

    def lessons(self, story_id: str) -> Path:
        return self.story(story_id) / "lessons"

    def exports(self) -> Path:
        """Where classroom exports go when the teacher names no folder."""
        return self.data / "classroom"


def story_key(story_id: str, root: Path) -> str:
    """The name of a story's folder of saves and lessons: its id for the shipped story, its
    id and a fingerprint of where its folder is for any other pack.

    A pack chooses its own id, so an id alone would let a stranger's pack (or a colleague's
    that happens to share a name) claim another story's folder, and its autosaves would
    rotate the other story's away (issue 12). Where the pack lies is the player's choice,
    not the pack's; the cost is that a pack moved to another folder starts its saves
    afresh (the old ones stay in the data folder, under the old name)."""
    try:
        place = root.resolve()
        shipped = place == default_story_dir().resolve()
    except OSError:  # pragma: no cover - a folder that vanished after loading
        place, shipped = root, False
    if shipped:
        return story_id
    fingerprint = hashlib.sha256(str(place).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{folder_name(story_id)[:53]}-{fingerprint}"


def explicit_data_dir(given: Path | str | None = None) -> Path | None:
    """The data folder the user named, on the command line or in the environment."""
    if given:
        return Path(given).expanduser()
    for variable in DATA_DIR_VARIABLES:
        value = os.environ.get(variable)
        if value:
            return Path(value).expanduser()
    return None


def data_folders(given: Path | str | None = None, *, throwaway: bool = False) -> DataFolders:
    """The folders for this run: the named one, else a throwaway one when ``throwaway``
    (headless, autoplay, benchmark), else the platform's folders for the player."""
    explicit = explicit_data_dir(given)
    if explicit is not None:
        return DataFolders(explicit, explicit, explicit)
    if throwaway:
        folder = Path(tempfile.mkdtemp(prefix="budapest1956-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        return DataFolders(folder, folder, folder, throwaway=True)
    return DataFolders(
        platformdirs.user_data_path(APP_NAME, appauthor=False),
        platformdirs.user_config_path(APP_NAME, appauthor=False),
        platformdirs.user_log_path(APP_NAME, appauthor=False),
    )


#: The environment variable that names the folder of compiled stories (tests point it at
#: a temporary folder, so a run never reads or leaves a cache in the player's own)
CACHE_DIR_VARIABLE = "BUDAPEST1956_CACHE_DIR"


def cache_dir() -> Path:
    """Where compiled stories are kept between runs (:mod:`game.core.compiledcache`):
    ``$BUDAPEST1956_CACHE_DIR``, else the platform's cache folder (``$XDG_CACHE_HOME``
    or ``~/.cache`` on Linux). Only ever a cache: deleting it costs one slower start."""
    named = os.environ.get(CACHE_DIR_VARIABLE)
    if named:
        return Path(named).expanduser()
    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def user_data_dir() -> Path:
    """The data folder a player's run would use (for tools that only read it)."""
    return data_folders().data
