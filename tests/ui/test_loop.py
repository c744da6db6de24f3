"""The real event loop, end to end through ``game.cli.main``: --autoplay plays whole
games and exits 0, --screenshots writes a PNG per screen, --quit-after 0 leaves after
the first frame. And the command line starts without importing pygame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pygame

from game.cli import main
from game.ui.emblem import GREEN, RED
from game.ui.theme import THEMES

UI_DIR = Path(__file__).resolve().parent
STORY = UI_DIR / "story"
PROJECT = UI_DIR.parent.parent


def autoplay(shots: Path, games: int = 3, seed: int = 1, *extra: str) -> int:
    return main(["--story", str(STORY), "--headless", "--autoplay", str(games), "--seed", str(seed),
                 "--screenshots", str(shots), *extra])


def test_autoplay_plays_games_and_writes_screenshots(tmp_path: Path, ui_home: Path):
    shots = tmp_path / "shots"
    assert autoplay(shots) == 0
    names = sorted(path.name for path in shots.glob("*.png"))
    assert len(names) >= 8
    assert names[0] == "0001_title.png"
    assert any("_new_game" in name for name in names)
    assert any("_story_student_morning" in name for name in names)
    endings = [name for name in names if "_ending_student_" in name]
    assert len(endings) == 3  # one per game
    title = pygame.image.load(str(shots / names[0]))
    assert title.get_size() == (1280, 720)
    # the emblem, wherever the centred title screen puts it
    assert pygame.mask.from_threshold(title, RED, (1, 1, 1, 255)).count() > 20_000
    assert pygame.mask.from_threshold(title, GREEN, (1, 1, 1, 255)).count() > 20_000
    ending = pygame.image.load(str(shots / endings[-1]))
    assert tuple(ending.get_at((0, 719)))[:3] == THEMES["paper"].background
    # leaving autosaved the last game
    autosaves = sorted(ui_home.glob("stories/budapest1956-*/saves/auto/student/*.json"))
    assert autosaves and json.loads(autosaves[-1].read_text(encoding="utf-8"))["scene"].startswith("student_")


def test_autoplay_is_reproducible_with_a_seed(tmp_path: Path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    for shots in (first, second):  # each run from an empty player folder
        monkeypatch.setenv("BUDAPEST1956_HOME", str(shots) + "-home")
        assert autoplay(shots, 2, 7) == 0
    names = sorted(path.name for path in first.glob("*.png"))
    assert names == sorted(path.name for path in second.glob("*.png"))
    for name in names:  # the same frames, pixel for pixel
        assert pygame.image.tostring(pygame.image.load(str(first / name)), "RGB") == pygame.image.tostring(
            pygame.image.load(str(second / name)), "RGB"), name


def test_autoplay_with_the_typewriter_setting_still_finishes(tmp_path: Path, ui_home: Path):
    ui_home.mkdir(parents=True)
    (ui_home / "settings.json").write_text(json.dumps({"reveal": "typewriter", "reveal_speed": 10}), encoding="utf-8")
    shots = tmp_path / "shots"
    assert autoplay(shots, 2, 3) == 0
    assert len([path for path in shots.glob("*_ending_*.png")]) == 2


def test_quit_after_zero_leaves_after_the_first_frame(tmp_path: Path):
    shots = tmp_path / "shots"
    code = main(["--story", str(STORY), "--headless", "--quit-after", "0", "--screenshots", str(shots)])
    assert code == 0
    assert sorted(path.name for path in shots.glob("*.png")) == ["0001_title.png"]


def test_quit_after_a_negative_time_is_refused(capsys):
    assert main(["--story", str(STORY), "--headless", "--quit-after", "-1"]) == 2
    assert "--quit-after" in capsys.readouterr().err


def test_the_game_runs_as_a_program(tmp_path: Path):
    env = {**os.environ, "BUDAPEST1956_HOME": str(tmp_path / "home")}
    env.pop("SDL_VIDEODRIVER", None)  # --headless must choose the dummy driver by itself
    result = subprocess.run(
        [sys.executable, "-m", "game", "--story", str(STORY), "--headless", "--quit-after", "0", "--size", "800x500",
         "--screenshots", str(tmp_path / "shots")],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shot = pygame.image.load(str(tmp_path / "shots" / "0001_title.png"))
    assert shot.get_size() == (800, 500)


def test_the_command_line_does_not_import_pygame():
    result = subprocess.run(
        [sys.executable, "-c", "import game.cli, sys; assert 'pygame' not in sys.modules, 'pygame was imported'"],
        cwd=PROJECT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_autoplay_on_a_broken_story_ends(tmp_path: Path, story_copy: Path, broken_story, monkeypatch):
    from game.ui.app import App

    broken_story(story_copy)
    steps = [0]
    original = App._autoplay_step

    def step(self):
        steps[0] += 1
        if steps[0] > 1000:  # the test's own safety stop, so a hang fails instead of hanging
            self.running = False
            return
        original(self)

    monkeypatch.setattr(App, "_autoplay_step", step)
    code = main(["--story", str(story_copy), "--headless", "--autoplay", "1"])
    assert steps[0] <= 1000, "autoplay did not stop by itself"
    assert code != 0


def test_a_route_is_played_as_given_and_a_wrong_step_stops_it(tmp_path: Path, ui_home: Path, capsys):
    """``--route`` makes autoplay take the reviewer's choices, by their numbers on screen:
    the second choice of the rally goes to the radio, never home (the first)."""
    shots = tmp_path / "route"
    assert main(["--story", str(STORY), "--headless", "--perspective", "student", "--route", "1,2",
                 "--screenshots", str(shots)]) == 0
    names = [path.name.split("_", 1)[1] for path in sorted(shots.glob("*.png"))]
    assert names[:3] == ["story_student_morning.png", "story_student_rally.png", "story_student_radio.png"]
    assert not any("student_home" in name for name in names)
    assert main(["--story", str(STORY), "--headless", "--perspective", "student", "--route", "1,7"]) == 2
    assert "error: --route step 2: choice 7 at 'student_rally' is not one of its choices" in capsys.readouterr().err


def test_a_route_that_is_not_choice_numbers_is_refused(capsys):
    for route in ("0", "1,,2", "a", "10", "١"):
        try:
            main(["--headless", "--route", route])
        except SystemExit as stop:
            assert stop.code == 2
        else:
            raise AssertionError(f"--route {route!r} was accepted")
        assert "is not a list of choice numbers 1 to 9" in capsys.readouterr().err
