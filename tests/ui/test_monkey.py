"""A monkey at the keyboard and mouse: on every reachable screen, a few hundred random
events (keys, typed text, mouse moves, clicks and wheel, window resizes, and the close
button with the quit then cancelled), a frame drawn every few events. The App's crash
handler re-raises, so any exception fails the test; the last events are attached to the
failure so it can be replayed. Seeded: the same events on every run."""

from __future__ import annotations

import random
import string
import zlib
from collections import deque

import pygame
import pytest


EVENTS_PER_SCREEN = 400
BURSTS = 8  # the monkey soon wanders off; it is brought back this many times per screen
DRAW_EVERY = 4

KEYS = (
    [getattr(pygame, f"K_{letter}") for letter in string.ascii_lowercase]
    + [getattr(pygame, f"K_{digit}") for digit in string.digits]
    + [getattr(pygame, f"K_KP{digit}") for digit in "123456789"]
    + [pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER,
       pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_TAB, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
       pygame.K_END, pygame.K_SPACE, pygame.K_DELETE, pygame.K_F2, pygame.K_F5, pygame.K_F11]
)
MODS = [0] * 8 + [pygame.KMOD_CTRL, pygame.KMOD_LSHIFT, pygame.KMOD_SHIFT | pygame.KMOD_CTRL, pygame.KMOD_ALT]
TEXTS = ["a", "Z", "ő", "Gerő ", " ", "—", "“", "😀", "名前", "1956", "x" * 70, "é" * 3]
SCREENS = ["title", "new_game", "story", "drawer", "sources", "source_from_drawer", "journal", "save", "text_input",
           "load", "settings", "about", "ending", "pause", "message", "error", "diagnostics"]


def random_event(rng: random.Random, size: tuple[int, int]) -> pygame.event.Event:
    width, height = size
    roll = rng.random()
    if roll < 0.45:
        key = rng.choice(KEYS)
        name = pygame.key.name(key)
        return pygame.event.Event(pygame.KEYDOWN, key=key, mod=rng.choice(MODS), scancode=0,
                                  unicode=name if len(name) == 1 else "")
    pos = (rng.randint(-5, width + 5), rng.randint(-5, height + 5))
    if roll < 0.55:
        return pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TEXTS))
    if roll < 0.70:
        return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(rng.randint(-9, 9), rng.randint(-9, 9)),
                                  buttons=(0, 0, 0), touch=False)
    if roll < 0.83:
        return pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=rng.choice([1, 1, 1, 1, 2, 3, 4, 5]),
                                  touch=False)
    if roll < 0.93:
        y = rng.choice([-3, -2, -1, 1, 2, 3])
        return pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y),
                                  touch=False)
    if roll < 0.97:
        new = (rng.randint(300, 2560), rng.randint(200, 1440))
        return pygame.event.Event(pygame.VIDEORESIZE, w=new[0], h=new[1], size=new)
    return pygame.event.Event(pygame.QUIT)


def reopen(game, goto, name: str) -> None:
    """Back to a known state (default settings, title screen), then to the screen by keys."""
    from game.ui.screens.dialog import DiagnosticsScreen
    from game.ui.screens.title import TitleScreen
    from game.ui.settings import Settings

    app = game.app
    app.settings = Settings()
    app.cache.clear()
    app.relayout()
    app.reset(TitleScreen(app))
    if name == "diagnostics":
        app.push(DiagnosticsScreen(app, app.load_story_data()))
        game.draw()
    else:
        goto(game, name)  # by the player's keys; checks the screen is on top


@pytest.mark.parametrize("name", SCREENS)
def test_monkey(make_game, goto, story_copy, broken_story, name):
    if name == "diagnostics":
        broken_story(story_copy)
        game = make_game(story=story_copy)
    else:
        game = make_game()
    app = game.app
    rng = random.Random(zlib.crc32(name.encode()))
    recent: deque = deque(maxlen=25)
    frames = app.frames
    burst = EVENTS_PER_SCREEN // BURSTS
    try:
        for number in range(EVENTS_PER_SCREEN):
            if number % burst == 0:
                reopen(game, goto, name)
                recent.append(f"-- reopened {name}")
            event = random_event(rng, game.size)
            recent.append(event)
            if event.type == pygame.VIDEORESIZE:  # SDL gives the window its new surface first
                pygame.display.set_mode((event.w, event.h), pygame.RESIZABLE)
            app.dispatch(event)
            if event.type == pygame.QUIT:
                assert app.running is False  # the close button asks to leave...
            if not app.running:  # ...and the test cancels the quit (Q in a menu does the same)
                app.running = True
            assert app.stack, "the screen stack ran empty"
            assert app.window.get_width() >= 800 and app.window.get_height() >= 500
            if number % DRAW_EVERY == 0:
                game.draw()
        game.draw()
    except BaseException as error:
        error.add_note("last events:\n" + "\n".join(map(str, recent)))
        raise
    assert app.frames > frames + EVENTS_PER_SCREEN // DRAW_EVERY
