"""Shared test setup for the whole suite.

* SDL is told to use its dummy drivers *before* anything can import pygame, so a plain
  ``pytest`` works on a machine without a display or sound card.
* Hypothesis runs a modest, deterministic number of examples and keeps no example
  database (nothing is written outside pytest's temporary folders).
* The player's data folder points into a temporary folder for the whole session.
* Fixtures give the fixture packs, a way to load them, and a way to run the command line.
* Under pytest-xdist, the tests of a module that share a module-scoped fixture stay on
  one worker (``xdist_group``), so the fixture is built once.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
# The game's own processes (started by many tests) keep their compiled bytecode, as an
# installed game does: a shell that forbids writing it made each of them compile every
# module of the game again, about 10 s of the suite's CPU.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

import re  # noqa: E402  (the environment must be set first)
import shutil  # noqa: E402
import textwrap  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from game.core.diagnostics import Diagnostics  # noqa: E402
from game.core.loader import load_story  # noqa: E402
from game.core.model import StoryData  # noqa: E402
from game.paths import default_story_dir  # noqa: E402

settings.register_profile(
    "budapest1956",
    max_examples=200,
    deadline=None,  # no timed assertions: a slow CI machine must not fail a test
    database=None,  # no .hypothesis/ folder in the working directory
    derandomize=True,  # the same examples on every run, so CI is reproducible
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",  # BUDAPEST1956_HYPOTHESIS=thorough pytest: a longer, random hunt for bugs
    max_examples=3000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("BUDAPEST1956_HYPOTHESIS", "budapest1956"))

TESTS_DIR = Path(__file__).resolve().parent
FIXTURES_DIR = TESTS_DIR / "fixtures"
#: The shipped source, the one every pack written in a test gets its own copy of.
SOURCE_DIR = TESTS_DIR.parent / "scenes" / "sources"

#: ``path:line:col: error|warning: message`` as ``budapest1956 check`` prints it.
DIAGNOSTIC_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<message>.*)$"
)


#: Fixtures built once for a whole module (or class): the bench's quick run takes seconds.
_SHARED_SCOPES = frozenset({"module", "class", "package"})


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under ``--dist loadgroup`` (pyproject's addopts) every test is sent to whichever
    worker is free, except that the tests of a module sharing a module-scoped fixture go
    to one worker together: spread over two, each would build the fixture again."""
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info is not None else ()
        if any(defs and defs[-1].scope in _SHARED_SCOPES for defs in definitions):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory):
    """Saves, settings and logs of anything under test go to a temporary folder, and so
    do compiled stories (a test must never read a cache an earlier run left behind)."""
    home = tmp_path_factory.mktemp("budapest1956-home")
    cache = tmp_path_factory.mktemp("budapest1956-cache")
    previous = {name: os.environ.get(name) for name in ("BUDAPEST1956_HOME", "BUDAPEST1956_CACHE_DIR")}
    os.environ["BUDAPEST1956_HOME"] = str(home)
    os.environ["BUDAPEST1956_CACHE_DIR"] = str(cache)
    yield home
    for name, value in previous.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of fixture packs (``tests/fixtures``), whatever the working folder."""
    return FIXTURES_DIR


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Reported:
    """One parsed line of ``check`` output."""

    path: Path
    line: int
    col: int
    severity: str
    message: str


def parse_check_output(text: str) -> list[Reported]:
    """Every ``path:line:col: severity: message`` line of ``text``, paths resolved."""
    found = []
    for line in text.splitlines():
        match = DIAGNOSTIC_LINE.match(line)
        if match:
            found.append(
                Reported(
                    Path(match["path"]).resolve(), int(match["line"]), int(match["col"]),
                    match["severity"], match["message"],
                )
            )
    return found


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``game.cli.main([...])`` in-process and capture what it printed."""
    from game.cli import main

    def run(*args: str | Path) -> CliResult:
        capsys.readouterr()  # drop anything printed before
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture(scope="session")
def parse_check() -> Callable[[str], list[Reported]]:
    return parse_check_output


@pytest.fixture
def load_pack():
    """Load a fixture pack by name: ``load_pack("clean")`` -> (story or None, diagnostics)."""
    from game.core.loader import load_story

    def load(name: str, strict: bool = True):
        return load_story(FIXTURES_DIR / name, strict=strict)

    return load


@pytest.fixture
def clean(load_pack):
    """The small complete fixture story (``fixtures/clean``), loaded."""
    story, diagnostics = load_pack("clean")
    assert story is not None, [str(d) for d in diagnostics]
    return story


@pytest.fixture
def copy_pack(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a fixture pack (with its own ``sources/``) into ``tmp_path``: it loads like the
    original and can be changed freely."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES_DIR / name, target)
        return target

    return copy


# --------------------------------------------------------------------------- stories written on the fly

SOURCE_FILE = SOURCE_DIR / "bbc-on-this-day-1956.txt"
#: How a pack written in a test names its copy of the source (inside the pack, as a pack must).
SOURCE_NAME = "sources/bbc-on-this-day-1956.txt"


def add_source(folder: Path) -> str:
    """Copy the source into ``folder/sources/`` and return the name a pack cites it by."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE_FILE, folder / SOURCE_NAME)
    return SOURCE_NAME

#: A quote every scene of a written-on-the-fly story may cite.
QUOTE = "The uprising began as a rally in central Budapest"

DEFAULT_VARIABLES = """\
  courage: {type: int, default: 0, min: 0, max: 3}
  hurt: {type: bool, default: false}
  name: {type: str, default: "Zsofi"}
"""


def story_yaml(start: str = "start", variables: str = DEFAULT_VARIABLES, story_id: str = "tmp_story",
               extra: str = "") -> str:
    return (
        "format: 1\n"
        f"id: {story_id}\n"
        "title: Temporary story\n"
        'version: "1.0"\n'
        "variables:\n" + variables
        + f"perspectives:\n  - {{id: student, name: Zsófia Varga, fictional: true, start: {start}}}\n"
        "chapters:\n  - {id: day_one, title: Day one}\n"
        "sources:\n"
        f"  - {{id: bbc, title: BBC, publisher: BBC, date: '1956', file: '{SOURCE_NAME}'}}\n"
        + extra
    )


def scene_yaml(scene_id: str, body: str = "", date: str = "1956-10-23 08:00", ending: bool = False) -> str:
    """One scene in the list under ``scenes:`` (``body`` holds choices/effects, 4-space indented)."""
    text = (
        f"  - id: {scene_id}\n"
        f'    date: "{date}"\n'
        "    place: Budapest\n"
        f"    title: Scene {scene_id}\n"
        "    text: Something happens.\n"
        "    cites:\n"
        "      - source: bbc\n"
        f"        quote: {QUOTE}\n"
    )
    if body:
        text += textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"
    if ending:
        text += "    ending:\n      title: The end\n"
    return text


@pytest.fixture
def make_story(tmp_path: Path) -> Callable[..., tuple[StoryData | None, Diagnostics]]:
    """Write a story folder into ``tmp_path`` and load it (strict unless told otherwise)."""
    counter = iter(range(1_000_000))

    def make(scenes: str, *, start: str = "start", variables: str = DEFAULT_VARIABLES,
             story_id: str = "tmp_story", extra: str = "", chapter_head: str = "", strict: bool = True):
        folder = tmp_path / f"story{next(counter)}"
        folder.mkdir()
        add_source(folder)
        (folder / "story.yaml").write_text(story_yaml(start, variables, story_id, extra), encoding="utf-8")
        (folder / "chapter.yaml").write_text(
            "chapter: day_one\nperspective: student\n" + chapter_head + "scenes:\n" + scenes, encoding="utf-8"
        )
        return load_story(folder, strict=strict)

    return make


@pytest.fixture
def playable(make_story) -> Callable[..., StoryData]:
    """Like ``make_story`` but fails the test (with every message) unless the story loads."""

    def make(scenes: str, **kwargs) -> StoryData:
        story, diagnostics = make_story(scenes, **kwargs)
        assert story is not None, "\n".join(str(d) for d in diagnostics)
        return story

    return make


@pytest.fixture(scope="session")
def shipped_story() -> StoryData:
    """The shipped story. A story that does not load fails every test that needs it, with
    the checker's messages: a skip would hide exactly the failure these tests exist for."""
    story, diagnostics = load_story(default_story_dir())
    if story is None:
        messages = "\n".join(str(d) for d in diagnostics.sorted()[:20])
        pytest.fail(f"the shipped story in scenes/ does not load ({diagnostics.summary()}):\n{messages}")
    return story


@pytest.fixture(scope="session")
def scene() -> Callable[..., str]:
    """``scene("id", "choices: ...", date=..., ending=True)``: the YAML of one scene."""
    return scene_yaml


@pytest.fixture(autouse=True)
def _forget_compiled_expressions():
    """Each test starts without closures compiled by earlier tests, so no test depends on
    the order the suite runs in (``compile_node`` may be memoised across stories)."""
    from game.core.expressions import compile_node

    getattr(compile_node, "cache_clear", lambda: None)()
    yield

