"""Nobody loses their place, and nothing breaks: a monkey at the keyboard and mouse on
every screen the player can reach, the classroom's and the text fields included, in a
story whose first scene and ending are taller than the window. Keys (each with the
TEXTINPUT that SDL sends after it while text input is on), stray typed text, mouse moves,
clicks (on and off the window) and the wheel, window resizes, and the close button with
the quit then cancelled; seeded, so every run presses the same keys. The monkey soon
wanders off, so it is brought back to its screen a few times, at the window's first size.

After every event the game must still be whole:

- no crash (the App's crash handler re-raises, so the error fails the test with the last
  events attached) and no crash screen on the stack but the one the test put there;
- the stack is never empty and the window never smaller than the game allows;
- the close button asks to leave;
- the story is consistent: its path is its history plus the scene it is at, and every
  story screen on the stack shows the scene the story is at;
- whenever an event moved the story (a choice, an undo), what is kept on disk moved with
  it: the playthrough's newest autosave in solo play, the lesson's file in a class;
- no choice is taken that the player could not see: Space never takes one, Enter only
  one wholly on screen, a click only one under the pointer on the page;
- typed text is on exactly while a text field is on top, and a field holds no more than
  its limit.
"""

from __future__ import annotations

import json
import random
import string
import zlib
from collections import deque
from typing import Any, Callable

import pygame
import pytest


START_SIZE = (1024, 600)
EVENTS_PER_SCREEN = 300
BURSTS = 6  # the monkey soon wanders off; it is brought back this many times per screen
DRAW_EVERY = 4

KEYS = (
    [getattr(pygame, f"K_{letter}") for letter in string.ascii_lowercase]
    + [getattr(pygame, f"K_{digit}") for digit in string.digits]
    + [getattr(pygame, f"K_KP{digit}") for digit in "123456789"]
    + [pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_RETURN, pygame.K_KP_ENTER,
       pygame.K_ESCAPE, pygame.K_BACKSPACE, pygame.K_TAB, pygame.K_PAGEUP, pygame.K_PAGEDOWN, pygame.K_HOME,
       pygame.K_END, pygame.K_SPACE, pygame.K_DELETE, pygame.K_F2, pygame.K_F5, pygame.K_F11]
)
# the keys that bring the player back where they were are pressed more often, so the
# monkey stays near the screen it was brought to
HOMING = [pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_SPACE, pygame.K_DOWN, pygame.K_1, pygame.K_2]
MODS = [0] * 10 + [pygame.KMOD_CTRL, pygame.KMOD_LSHIFT, pygame.KMOD_SHIFT | pygame.KMOD_CTRL, pygame.KMOD_ALT]
TEXTS = ["a", "Z", "ő", "Gerő ", " ", "—", "“", "1", "1956", "😀", "名前", "x" * 70, "é" * 3]

SCREENS = ["title", "new_game", "story", "drawer", "record", "sources", "source_from_drawer", "journal", "pause",
           "settings", "save", "load", "text_input", "about", "ending", "message", "error", "diagnostics",
           "classroom_setup", "classroom_name", "classroom_story", "vote", "discussion", "debrief"]


def reopen(game: Any, goto: Callable[[Any, str], None], name: str) -> None:
    """Back to a known state (default settings, no class, the first window size, the
    title screen), then on to ``name``; the checker's screen for a broken story is
    pushed, as the game does at start, since no key leads there."""
    from game.classroom.screens import end_classroom
    from game.ui.screens.dialog import DiagnosticsScreen
    from game.ui.screens.title import TitleScreen
    from game.ui.settings import Settings

    app = game.app
    end_classroom(app)
    app.settings = Settings()
    app.cache.clear()
    app.reset(TitleScreen(app))
    game.resize(*START_SIZE)
    if name == "diagnostics":
        app.push(DiagnosticsScreen(app, app.load_story_data()))
        game.draw()
    else:
        goto(game, name)  # by the player's (or the teacher's) keys; checks the screen is on top


# ---------------------------------------------------------------- the monkey
def random_events(rng: random.Random, size: tuple[int, int], typing: bool) -> list[pygame.event.Event]:
    """One thing the player does, as the events SDL would queue for it."""
    width, height = size
    if typing and rng.random() < 0.25:  # in a field the player mostly types (a paste, a name, an IME's word)
        return [pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TEXTS))]
    roll = rng.random()
    if roll < 0.52:
        key = rng.choice(HOMING) if rng.random() < 0.3 else rng.choice(KEYS)
        name = pygame.key.name(key)
        char = name if len(name) == 1 else (" " if key == pygame.K_SPACE else "")
        mod = rng.choice(MODS)
        events = [pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, scancode=0, unicode=char)]
        if typing and char and not mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT):  # SDL's text input follows the key
            events.append(pygame.event.Event(pygame.TEXTINPUT, text=char.upper() if mod & pygame.KMOD_SHIFT else char))
        return events
    if roll < 0.60:  # an input method's text, or a stray event: it must never reach a screen but a field
        return [pygame.event.Event(pygame.TEXTINPUT, text=rng.choice(TEXTS))]
    pos = (rng.randint(-5, width + 5), rng.randint(-5, height + 5))  # a few just off the window's edge
    if roll < 0.72:
        return [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(rng.randint(-9, 9), rng.randint(-9, 9)),
                                   buttons=(0, 0, 0), touch=False)]
    if roll < 0.85:
        button = rng.choice([1, 1, 1, 1, 2, 3, 4, 5])
        return [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False),
                pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)]
    if roll < 0.94:
        y = rng.choice([-3, -2, -1, 1, 2, 3])
        return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y),
                                   touch=False)]
    if roll < 0.98:  # some below the smallest window the game allows
        new = (rng.randint(300, 2560), rng.randint(200, 1440))
        return [pygame.event.Event(pygame.VIDEORESIZE, w=new[0], h=new[1], size=new)]
    return [pygame.event.Event(pygame.QUIT)]


@pytest.fixture
def text_input(monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    """What the game last asked of SDL's text input."""
    state = {"on": True}
    start, stop = pygame.key.start_text_input, pygame.key.stop_text_input
    monkeypatch.setattr(pygame.key, "start_text_input", lambda: (state.update(on=True), start())[1])
    monkeypatch.setattr(pygame.key, "stop_text_input", lambda: (state.update(on=False), stop())[1])
    return state


# ---------------------------------------------------------------- what must hold
def step_of(app: Any) -> tuple[int, str, int] | None:
    story = app.story
    return (id(story), story.scene.id, len(story.history)) if story is not None else None


def page_before(app: Any) -> dict[str, Any] | None:
    """The story screen's choices as the player sees them, before an event."""
    from game.ui.screens.story import StoryScreen

    top = app.top
    if not isinstance(top, StoryScreen) or top.revealing() or app.story is None:
        return None
    seen = set()
    for position, item in enumerate(top.menu.items):
        top_y, bottom_y = item.rect.top - top.scroll.offset, item.rect.bottom - top.scroll.offset
        if item.rect.height and top_y >= 0 and bottom_y <= top.view.height:
            seen.add(position)
    on_page = [item.rect.move(0, top.view.y - top.scroll.offset).clip(top.view) for item in top.menu.items]
    return {"story": app.story, "taken": len(app.story.history), "wholly": seen, "on_page": on_page,
            "positions": [view.choice.index for view in app.story.choices]}


def check_choice_was_seen(app: Any, page: dict[str, Any] | None, event: pygame.event.Event) -> None:
    if page is None or app.story is not page["story"] or len(app.story.history) != page["taken"] + 1:
        return  # no choice taken on the story screen
    position = page["positions"].index(app.story.history[-1].choice.index)
    if event.type == pygame.KEYDOWN:
        assert event.key != pygame.K_SPACE, "Space took a choice"
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            assert position in page["wholly"], f"Enter took choice {position + 1}, not wholly on screen"
    elif event.type == pygame.MOUSEBUTTONDOWN:
        assert page["on_page"][position].collidepoint(event.pos), f"a click took choice {position + 1} off the page"


def check_whole(game: Any, text_input: dict[str, bool], before: tuple[int, str, int] | None,
                planted: list[Any]) -> None:
    """``planted``: the crash screens the test itself put on the stack (the "error" screen's own)."""
    from game.ui.screens.dialog import ErrorScreen, TextInputScreen
    from game.ui.screens.story import StoryScreen

    app = game.app
    assert app.stack, "the screen stack ran empty"
    assert app.window.get_width() >= 800 and app.window.get_height() >= 500, app.window.get_size()
    assert not any(isinstance(screen, ErrorScreen) and not any(screen is mine for mine in planted)
                   for screen in app.stack), game.stack_names()
    assert text_input["on"] == isinstance(app.top, TextInputScreen), ("text input", game.stack_names())
    if isinstance(app.top, TextInputScreen):
        assert len(app.top.value) <= app.top.MAX_LENGTH, "the field took more than it holds"
    story = app.story
    if story is None:
        return
    assert len(story.path) == len(story.history) + 1
    assert story.path[-1] == story.scene.id
    for screen in app.stack:
        if isinstance(screen, StoryScreen):
            assert screen.scene_id == story.scene.id, (screen.scene_id, story.scene.id, game.stack_names())
    after = step_of(app)
    if before is None or after is None or before[0] != after[0] or before[1:] == after[1:]:
        return  # the story did not move (a load or a new game replaces it whole)
    session = app.classroom
    if session is not None and story is session.story:
        lesson = app.classroom_lesson
        kept = json.loads(lesson.path.read_text(encoding="utf-8"))["playthrough"]
    else:
        newest = app.saves.playthrough(story.perspective_id).newest
        assert newest is not None, "a choice and no autosave"
        kept = json.loads(newest.path.read_text(encoding="utf-8"))
    assert (kept["scene"], len(kept["history"])) == (story.scene.id, len(story.history)), "what is kept lags"


def send(game: Any, event: pygame.event.Event) -> None:
    """Dispatch one event; a resize gets its new surface from SDL first, as in play."""
    if event.type == pygame.VIDEORESIZE:
        pygame.display.set_mode((event.w, event.h), pygame.RESIZABLE)
    game.app.dispatch(event)
    if event.type == pygame.QUIT:
        assert game.app.running is False, "the close button did not ask to leave"


@pytest.mark.parametrize("name", SCREENS)
def test_monkey(make_game, goto, text_input, long_story, broken_story, name):
    if name == "diagnostics":
        broken_story(long_story)
    game = make_game(story=long_story, size="x".join(map(str, START_SIZE)))
    app = game.app
    rng = random.Random(zlib.crc32(name.encode()))
    recent: deque = deque(maxlen=30)
    frames = app.frames
    burst = EVENTS_PER_SCREEN // BURSTS
    try:
        for number in range(EVENTS_PER_SCREEN):
            if number % burst == 0:
                reopen(game, goto, name)
                recent.append(f"-- reopened {name}")
                planted = [screen for screen in app.stack if type(screen).__name__ == "ErrorScreen"]
                check_whole(game, text_input, None, planted)
            for event in random_events(rng, game.size, typing=text_input["on"]):
                recent.append(event)
                before, page = step_of(app), page_before(app)
                send(game, event)
                if not app.running:  # the close button, or Quit in a menu: the test cancels the quit
                    app.running = True
                check_whole(game, text_input, before, planted)
                check_choice_was_seen(app, page, event)
            if number % DRAW_EVERY == 0:
                game.draw()
        game.draw()
    except BaseException as error:
        error.add_note(f"screen {name}, stack {game.stack_names()}; last events:\n" + "\n".join(map(str, recent)))
        raise
    assert app.frames > frames + EVENTS_PER_SCREEN // DRAW_EVERY
