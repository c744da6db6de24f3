"""The typewriter reveal: text appears a little at a time, any key shows it all (and only
then are the choices there), and it never holds up autoplay.

Time is the screen's clock (``pygame.time.get_ticks``), replaced here by a counter the
test moves forward, so nothing sleeps and nothing depends on the machine's speed."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    now = [10_000]
    monkeypatch.setattr(pygame.time, "get_ticks", lambda: now[0])
    return now


@pytest.fixture
def typewriter(ui_home: Path) -> None:
    ui_home.mkdir(parents=True, exist_ok=True)
    (ui_home / "settings.json").write_text(json.dumps({"reveal": "typewriter", "reveal_speed": 60}), encoding="utf-8")


def text_column(game) -> pygame.Rect:
    screen = game.top
    top = next(block[3] for block in screen.blocks if block[0] == "text")
    return game.on_screen(pygame.Rect(screen.x, top, screen.width, screen.choices_top - top))


def test_text_is_typed_out_and_any_key_shows_it_all(make_game, typewriter, clock):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    screen = game.top
    assert screen.revealing() and screen.animating()
    assert screen.reveal == 0
    shown = game.draw()
    assert "The morning of the rally" in shown  # the title is there at once
    assert "The radiator" not in shown
    assert game.ink(text_column(game)) == 0
    assert "Take the bundle of leaflets your friends printed" not in shown

    clock[0] += 1000  # one second: 60 characters
    assert screen.update() is True
    assert screen.reveal == pytest.approx(60)
    shown = game.draw()
    partial = game.ink(text_column(game))
    assert partial > 0
    assert "The radiator knocks twice" in shown
    assert "In Warsaw" not in shown
    assert "Take the bundle of leaflets your friends printed" not in shown  # no choices yet

    game.key(pygame.K_1)  # any key shows everything; this one does not choose
    assert not screen.revealing()
    assert game.scene == "student_morning"
    shown = game.draw()
    assert game.ink(text_column(game)) > partial
    assert "In Warsaw, the students say, the crowds brought their leader back." in shown
    assert "Take the bundle of leaflets your friends printed" in shown
    assert screen.update() is False  # nothing moves any more

    game.key(pygame.K_1)  # now the key chooses
    assert game.scene == "student_rally"
    assert screen.revealing()  # the next scene is typed out again


def test_the_reveal_finishes_by_itself(make_game, typewriter, clock):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    screen = game.top
    for _ in range(100):
        if not screen.revealing():
            break
        clock[0] += 250
        screen.update()
    assert not screen.revealing()
    assert screen.menu.items[0].rect.height > 0  # the choices are laid out
    game.click(game.choice_pos(1))
    assert game.scene == "student_rally"


def test_a_click_shows_it_all_too(make_game, typewriter, clock):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    screen = game.top
    game.click((10, screen.view.centery))
    assert not screen.revealing()
    assert game.scene == "student_morning"


def test_typewriter_never_blocks_autoplay(make_game, typewriter, clock):
    game = make_game("--autoplay", "1")
    assert game.app.settings.reveal == "typewriter"
    game.keys(pygame.K_n, pygame.K_1)
    assert not game.top.revealing()
    assert not game.top.animating()
    game.choose(1)  # the first key chooses: nothing to skip
    assert game.scene == "student_rally"
    assert not game.top.revealing()
