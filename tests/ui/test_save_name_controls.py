"""Issue 12: the save's name field takes no control character, typed or pasted (pygame's
TEXTINPUT can deliver NUL, ESC, C1 controls), and a save edited to hold one is listed as
damaged on the Load screen, which goes on working."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pygame


def open_name_field(game, number: int):
    game.key(pygame.K_F2)
    game.key(pygame.K_0 + number)
    prompt = game.top
    assert type(prompt).__name__ == "TextInputScreen"
    return prompt


def test_control_characters_never_enter_the_name_field(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    prompt = open_name_field(game, 3)
    default = prompt.value
    game.type("\x00\x1b")  # only controls: nothing is typed, the suggestion stays selected
    assert prompt.value == default and prompt.fresh
    game.type("Be\x00fore\x1b[31m")  # a paste: one TEXTINPUT of many characters
    game.type(" the\x85 march\x7f\t")
    assert prompt.value == "Before[31m the march"
    game.draw()
    if os.environ.get("SAVE_SCREENSHOTS"):
        pygame.image.save(game.app.window, os.environ["SAVE_SCREENSHOTS"] + "/name-field.png")
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "SaveLoadScreen"
    save = json.loads((game.app.saves.folder / "slot3.json").read_text(encoding="utf-8"))
    assert save["label"] == "Before[31m the march"


def test_a_save_edited_to_hold_a_control_character_is_damaged_on_the_load_screen(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    saves = game.app.saves
    saves.write_slot(1, game.story, "Good one")
    saves.write_slot(2, game.story, "Bad one")
    bad: Path = saves.folder / "slot2.json"
    save = json.loads(bad.read_text(encoding="utf-8"))
    save["label"] = "Bad\x00 one\x1b[2J"
    bad.write_text(json.dumps(save), encoding="utf-8")
    game.keys(pygame.K_ESCAPE, pygame.K_l)
    shown = game.draw()
    if os.environ.get("SAVE_SCREENSHOTS"):
        pygame.image.save(game.app.window, os.environ["SAVE_SCREENSHOTS"] + "/load-damaged.png")
    assert "Slot 1 · “Good one”" in shown
    assert "Slot 2 · damaged" in shown
    assert "Bad" not in shown  # its name is never drawn
    scene = game.scene
    game.key(pygame.K_2)  # it cannot be loaded: the screen says why
    assert type(game.top).__name__ == "SaveLoadScreen" and game.scene == scene
    assert "control character U+0000" in game.app.toast_text
    game.key(pygame.K_1)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
