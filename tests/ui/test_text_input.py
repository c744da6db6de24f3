"""Typed text goes only into a text field: SDL's text input is off from the start (SDL
turns it on by default), on while a field is on top and off again however the field
closes; and the key press that opened a field does not type its own character into it
(the first save of a run used to be named "1")."""

from __future__ import annotations

import ctypes
import glob
import os

import pygame
import pytest


def sdl_text_input_active() -> bool | None:
    """SDL's own answer (SDL_IsTextInputActive), from the SDL library pygame loaded; None
    where that library is not found beside pygame."""
    folder = os.path.dirname(pygame.__file__)
    found = sorted(glob.glob(os.path.join(folder, "..", "pygame.libs", "libSDL2-*"))
                   + glob.glob(os.path.join(folder, ".dylibs", "libSDL2*")))
    if not found:
        return None
    return bool(ctypes.CDLL(found[0]).SDL_IsTextInputActive())


@pytest.fixture
def text_input(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """What the game last asked of SDL's text input ({"on": ...}), SDL's default first."""
    state = {"on": True}
    start, stop = pygame.key.start_text_input, pygame.key.stop_text_input

    def started() -> None:
        state["on"] = True
        start()

    def stopped() -> None:
        state["on"] = False
        stop()

    monkeypatch.setattr(pygame.key, "start_text_input", started)
    monkeypatch.setattr(pygame.key, "stop_text_input", stopped)
    return state


def is_on(state: dict[str, bool]) -> bool:
    real = sdl_text_input_active()
    if real is not None:
        assert real == state["on"], "SDL and the game disagree about the text input"
    return state["on"]


def open_save_field(game, slot: int = 1) -> None:
    """F2, then the slot's number as the keyboard sends it: KEYDOWN, then its TEXTINPUT
    (SDL queues both before the game handles either)."""
    game.key(pygame.K_F2)
    assert type(game.top).__name__ == "SaveLoadScreen"
    game.key(pygame.K_0 + slot, unicode=str(slot))
    assert type(game.top).__name__ == "TextInputScreen"
    game.type(str(slot))


def test_text_input_is_off_when_the_game_starts(make_game, text_input):
    game = make_game()
    assert not is_on(text_input)
    game.keys(pygame.K_n, pygame.K_1)
    assert type(game.top).__name__ == "StoryScreen"
    assert not is_on(text_input)


def test_the_slot_key_that_opens_the_name_field_is_not_typed_into_it(make_game, goto):
    game = make_game()
    goto(game, "story")
    open_save_field(game, 1)
    field = game.top
    assert field.value == "The morning of the rally"  # the default, still whole and selected
    assert field.fresh
    game.key(pygame.K_a, unicode="a")  # a key typed into the field replaces the default
    game.type("a")
    assert field.value == "a"
    game.key(pygame.K_RETURN)
    assert game.app.toast_text == "Saved in slot 1."


def test_a_single_character_typed_after_another_key_is_kept(make_game, goto):
    game = make_game()
    goto(game, "story")
    open_save_field(game, 2)
    game.key(pygame.K_BACKSPACE)
    game.type("x")  # no KEYDOWN before it (an input method): still typed, not the opening key
    assert game.top.value == "x"


def test_the_class_name_field_does_not_take_the_c_that_opened_it(make_game):
    game = make_game()
    game.key(pygame.K_k)
    assert type(game.top).__name__ == "ClassroomSetupScreen"
    game.key(pygame.K_c, unicode="c")
    assert type(game.top).__name__ == "TextInputScreen"
    game.type("c")
    assert game.top.value == ""
    for word in ("9b ", "history"):
        game.type(word)
    game.key(pygame.K_RETURN)
    assert game.top.class_name == "9b history"


@pytest.mark.parametrize("close", ["enter", "escape", "reset"])
def test_text_input_is_on_only_while_a_field_is_on_top(make_game, goto, text_input, close):
    game = make_game()
    goto(game, "story")
    assert not is_on(text_input)
    open_save_field(game)
    assert is_on(text_input)
    if close == "enter":
        game.key(pygame.K_RETURN)
    elif close == "escape":
        game.key(pygame.K_ESCAPE)
    else:  # the field is swept away without finishing (the stack reset, as a crash does)
        game.app.reset("title")
    assert type(game.top).__name__ != "TextInputScreen"
    assert not is_on(text_input)
    game.key(pygame.K_ESCAPE)
    assert not is_on(text_input)


def test_a_message_over_a_field_stops_the_text_and_uncovering_it_starts_it_again(make_game, goto, text_input):
    game = make_game()
    goto(game, "story")
    open_save_field(game)
    field = game.top
    game.app.push("message", "A word", "Something happened.")
    assert not is_on(text_input)
    game.key(pygame.K_RETURN)  # OK
    assert game.top is field and is_on(text_input)


def test_the_field_holds_sixty_characters_however_they_come(make_game, goto):
    """An input method can send a long text in one event: the field keeps its limit."""
    game = make_game()
    goto(game, "text_input")
    field = game.top
    game.key(pygame.K_BACKSPACE)
    game.type("x" * 70)
    assert field.value == "x" * field.MAX_LENGTH
    game.type("more")
    assert len(field.value) == field.MAX_LENGTH


def test_a_long_name_stays_inside_its_box(make_game, goto):
    """Sixty wide letters are wider than the box: the end of the name shows, and no letter
    is drawn over the panel's edge."""
    game = make_game()
    goto(game, "text_input")
    field = game.top
    game.key(pygame.K_BACKSPACE)
    game.type("W" * 60)
    game.draw()
    panel = field.panel
    outside = [pygame.Rect(panel.right, panel.y, game.size[0] - panel.right, panel.height),
               pygame.Rect(panel.right - game.app.px(30) + 2, panel.y + game.app.px(80), game.app.px(28), game.app.px(44))]
    for rect in outside:
        assert game.count(rect, game.theme.text) == 0, rect
