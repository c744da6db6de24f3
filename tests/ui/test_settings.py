"""The Settings screen writes settings.json in the player folder; a new game reads it
back; a damaged file falls back to defaults without an error."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from game.ui.settings import Settings
from game.ui.theme import THEMES


def test_changes_are_written_at_once_and_read_back(make_game, ui_home: Path):
    game = make_game()
    game.key(pygame.K_o)
    game.key(pygame.K_RIGHT)  # text size 24 -> 28
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RIGHT)  # theme paper -> dark
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RETURN)  # reveal instant -> typewriter (Enter cycles)
    path = ui_home / "settings.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["text_size"], data["theme"], data["reveal"]) == (3, "dark", "typewriter")
    shown = game.draw()
    assert "Text size:  28 px" in shown
    assert "Theme:  Dark" in shown
    assert "Text reveal:  Typewriter (any key shows all)" in shown
    assert game.pixel((0, 0)) == THEMES["dark"].background
    assert game.top.menu.focus == 2  # the focus stays on the row being changed
    # the title screen underneath was relaid out in the new theme too
    game.key(pygame.K_ESCAPE)
    game.draw()
    assert game.pixel((game.size[0] - 1, game.size[1] - 1)) == THEMES["dark"].background
    assert game.app.text_px == 28
    settings = game.app.settings
    game.app.shutdown()

    again = make_game()
    assert again.app.settings == settings
    assert again.pixel((0, 0)) == THEMES["dark"].background
    again.keys(pygame.K_n, pygame.K_1)
    assert again.top.revealing()  # the typewriter came back too


def test_left_and_right_step_and_wrap(make_game, ui_home: Path):
    game = make_game()
    game.key(pygame.K_o)
    for _ in range(3):
        game.key(pygame.K_LEFT)
    assert game.app.settings.text_size == 0  # 2 -> 0 and no further
    game.key(pygame.K_DOWN)
    game.key(pygame.K_LEFT)  # paper wraps round to high contrast
    assert game.app.settings.theme == "contrast"
    game.draw()
    assert game.pixel((0, 0)) == THEMES["contrast"].background
    game.key(pygame.K_DOWN)
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RIGHT)
    assert game.app.settings.reveal_speed == 80
    game.key(pygame.K_DOWN)
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RIGHT)
    assert game.app.settings.reduce_motion is True
    game.key(pygame.K_UP)
    game.key(pygame.K_RIGHT)  # full screen: a setting, no real mode change under the dummy driver
    assert game.app.settings.fullscreen is True
    assert game.size == (1280, 720)
    data = json.loads((ui_home / "settings.json").read_text(encoding="utf-8"))
    assert data == {"text_size": 0, "theme": "contrast", "reveal": "instant", "reveal_speed": 80,
                    "fullscreen": True, "reduce_motion": True}


def test_f11_toggles_full_screen_setting_from_any_screen(make_game, goto, ui_home: Path):
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_F11)
    assert game.app.settings.fullscreen is True
    assert json.loads((ui_home / "settings.json").read_text(encoding="utf-8"))["fullscreen"] is True
    game.key(pygame.K_F11)
    assert game.app.settings.fullscreen is False
    assert type(game.top).__name__ == "StoryScreen"


DAMAGED = {
    "not json": (b"{text_size: 3,", Settings()),
    "a list": (b"[1, 2, 3]", Settings()),
    "empty": (b"", Settings()),
    "not utf-8": (b"\xff\xfe\x00garbage", Settings()),
    "wrong types": (b'{"text_size": "big", "theme": 7, "reveal": null, "fullscreen": "yes"}', Settings()),
    "out of range": (b'{"text_size": 99, "theme": "neon", "reveal": "fast", "reveal_speed": 100000}',
                     Settings(text_size=5, reveal_speed=400)),
    "a folder": (None, Settings()),
}


@pytest.mark.parametrize("damage", sorted(DAMAGED))
def test_a_damaged_settings_file_falls_back_to_defaults(make_game, ui_home: Path, damage):
    content, expected = DAMAGED[damage]
    ui_home.mkdir(parents=True)
    path = ui_home / "settings.json"
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    game = make_game()
    assert game.app.settings == expected
    shown = game.draw()
    assert "New game" in shown
    assert game.pixel((0, 0)) == THEMES["paper"].background
    game.keys(pygame.K_o, pygame.K_RIGHT)  # changing a setting writes a good file again (or says why not)
    if content is not None:
        assert json.loads(path.read_text(encoding="utf-8"))["text_size"] == expected.text_size + (expected.text_size < 5)
    else:
        assert game.app.toast_text.startswith("Settings could not be saved")
