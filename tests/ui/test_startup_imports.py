"""What the game's own process imports before its first frame (issue 13: start-up).

A child process runs the real ``game.cli.main`` to the first frame (``--quit-after 0``)
and then reports which modules it holds: never ``pkg_resources`` (pygame's ``pkgdata``
would load it, 50-90 ms, see :mod:`game.ui.pygameload`), and none of the screens the
title does not show (the route table imports a screen's module when it is first built).
Modules are counted, not time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from game.ui.routes import ROUTES

UI_DIR = Path(__file__).resolve().parent
PROJECT = UI_DIR.parent.parent

TO_FIRST_FRAME = """
import json, sys
from game.cli import main
code = main(sys.argv[1:])
held = sorted(name for name, module in sys.modules.items() if module is not None)
blocked = [name for name, module in sys.modules.items() if module is None and name == "pkg_resources"]
print(json.dumps({"code": code, "modules": held, "left_blocked": blocked}))
"""


def modules_at_first_frame(tmp_path: Path, *extra: str) -> dict:
    env = {**os.environ, "BUDAPEST1956_HOME": str(tmp_path / "home"), "SDL_VIDEODRIVER": "dummy",
           "SDL_AUDIODRIVER": "dummy"}
    result = subprocess.run(
        [sys.executable, "-c", TO_FIRST_FRAME, "--story", str(UI_DIR / "story"), "--headless",
         "--quit-after", "0", *extra],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    return report


def test_the_game_reaches_its_first_frame_without_pkg_resources(tmp_path: Path) -> None:
    report = modules_at_first_frame(tmp_path)
    modules = set(report["modules"])
    assert "pygame" in modules and "pygame.pkgdata" in modules  # it did import pygame, pkgdata and all
    assert not any(name == "pkg_resources" or name.startswith("pkg_resources.") for name in modules)
    assert report["left_blocked"] == []  # the block is lifted once pygame is in


def test_the_first_frame_imports_only_the_title_screen(tmp_path: Path) -> None:
    modules = set(modules_at_first_frame(tmp_path)["modules"])
    assert "game.ui.screens.title" in modules
    others = {"game.classroom", "game.classroom.screens", "game.ui.screens.story", "game.ui.screens.sourcedoc",
              "game.ui.screens.journal", "game.ui.screens.saveload", "game.tools.sources_report"}
    assert sorted(others & modules) == []


def test_a_started_story_brings_its_screen_in(tmp_path: Path) -> None:
    """The other side of the lazy routes: a screen that is shown is imported and works."""
    modules = set(modules_at_first_frame(tmp_path, "--perspective", "student")["modules"])
    assert "game.ui.screens.story" in modules
    assert "game.classroom" not in modules


def test_pkg_resources_can_still_be_imported_after_pygame() -> None:
    """Only pygame's own import goes without it; anything later gets the real module
    (or, where setuptools is not installed, the usual ModuleNotFoundError)."""
    script = (
        "import importlib.util, sys\n"
        "from game.ui.pygameload import import_pygame\n"
        "import_pygame()\n"
        "assert 'pkg_resources' not in sys.modules\n"
        "installed = importlib.util.find_spec('pkg_resources') is not None\n"
        "try:\n"
        "    import pkg_resources\n"
        "    print('imported' if installed else 'impossible')\n"
        "except ModuleNotFoundError:\n"
        "    print('absent' if not installed else 'still blocked')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "SDL_VIDEODRIVER": "dummy"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() in ("imported", "absent")


def test_every_route_still_builds_its_screen_class() -> None:
    from game.ui.routes import screen_class
    from game.ui.screens.base import Screen

    for route in ROUTES:
        cls = screen_class(route)
        assert issubclass(cls, Screen), route
    assert screen_class("save") is screen_class("load")
    assert ROUTES["save"].fixed == {"saving": True} and ROUTES["load"].fixed == {"saving": False}


def test_a_warm_start_imports_no_yaml_reader(tmp_path: Path, monkeypatch) -> None:
    """The second start of an unchanged story reads it from the compiled cache: neither
    PyYAML nor the builder, the schema or the checks are imported (the first start, which
    wrote the cache, needed them all)."""
    monkeypatch.setenv("BUDAPEST1956_CACHE_DIR", str(tmp_path / "cache"))
    reading = {"yaml", "game.core.builder", "game.core.schema", "game.core.validate", "game.core.yamlread"}
    first = set(modules_at_first_frame(tmp_path)["modules"])
    assert reading <= first
    second = set(modules_at_first_frame(tmp_path)["modules"])
    assert sorted(reading & second) == []
