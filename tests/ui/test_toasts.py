"""Toasts: styled by kind (done, warning, error) in the theme's colours, and gone with
the screen they were shown on."""

from __future__ import annotations

import pygame
import pytest

from game.ui.theme import THEMES, TOAST_KINDS
from game.ui.toast import ICONS


def toast_box(game) -> pygame.Rect:
    from game.ui.toast import draw_toast

    return draw_toast(game.app, game.app.window)


@pytest.mark.parametrize("theme", ["paper", "dark", "contrast"])
@pytest.mark.parametrize("kind", TOAST_KINDS)
def test_each_kind_is_drawn_in_its_own_colours_with_its_icon(make_game, goto, theme: str, kind: str) -> None:
    game = make_game()
    game.app.settings.theme = theme
    goto(game, "story")
    game.app.toast("Something happened.", kind=kind)
    shown = game.draw()
    assert "Something happened." in shown and ICONS[kind] in shown
    background, _ = THEMES[theme].toast_colours(kind)
    box = toast_box(game)
    assert game.count(box, background) > box.width * box.height // 3


def test_an_unknown_kind_shows_as_done(make_game, goto) -> None:
    game = make_game()
    game.app.toast("Fine.", kind="nonsense")
    shown = game.draw()
    assert "Fine." in shown and ICONS["done"] in shown


def test_errors_are_toasted_as_errors(make_game, goto, monkeypatch) -> None:
    game = make_game()
    goto(game, "story")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(game.app.settings, "save", refuse)
    game.app.save_settings()
    assert game.app.toast_text.startswith("Settings could not be saved")
    assert game.app.toast_kind == "error"


def test_a_toast_leaves_with_its_screen(make_game, goto) -> None:
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_ESCAPE)  # the pause menu
    game.app.toast("Only about the pause menu.")
    assert "Only about the pause menu." in game.draw()
    game.key(pygame.K_ESCAPE)  # back to the story
    assert "Only about the pause menu." not in game.draw()
    assert game.app.toast_text == ""


def test_a_toast_is_dropped_when_its_screen_is_covered_or_replaced(make_game, goto) -> None:
    game = make_game()
    goto(game, "story")
    game.app.toast("Stepped back one choice.")
    assert "Stepped back one choice." in game.draw()
    game.key(pygame.K_j)  # the journal over the story
    assert "Stepped back one choice." not in game.draw()
    game.key(pygame.K_ESCAPE)
    assert "Stepped back one choice." not in game.draw()


def test_a_toast_about_one_scene_leaves_when_a_choice_moves_the_story_on(make_game) -> None:
    """The story screen stays on top from scene to scene, so without this an undo's
    message would hang over the scene the player chose next."""
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    game.key(pygame.K_BACKSPACE)
    assert "Stepped back one choice." in game.draw()
    game.choose(1)
    assert "Stepped back one choice." not in game.draw()
    assert game.app.toast_text == ""


def test_a_toast_raised_as_a_screen_closes_stays_on_the_screen_beneath(make_game, goto) -> None:
    """A screen that toasts and then closes itself ("Saved.") is not cutting its own
    message short: the toast belongs to the screen the player sees next."""
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_ESCAPE)
    game.draw()
    game.app.toast("Saved.")
    game.app.pop()
    assert "Saved." in game.draw()
    assert "Saved." in game.draw()  # and it stays for its time
