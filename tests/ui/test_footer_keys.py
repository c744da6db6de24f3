"""Every key a footer shows does something on that screen (or the footer does not show
it). Each screen's footer is read as it is drawn, each key in it is pressed on a fresh
copy of the screen, and something the player can notice must change: another screen, a
toast, the focus, the scroll, a setting, the story's place, a vote's count.

The story screen has no footer: its keys are on the buttons along its top and in the
record's hint, and those are checked the same way."""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pygame
import pytest

KEY_WORDS = {
    "↑↓": (pygame.K_DOWN, pygame.K_UP), "←": (pygame.K_LEFT,), "→": (pygame.K_RIGHT,), "Enter": (pygame.K_RETURN,),
    "Esc": (pygame.K_ESCAPE,), "PgUp": (pygame.K_PAGEUP,), "PgDn": (pygame.K_PAGEDOWN,), "Space": (pygame.K_SPACE,),
    "Bksp": (pygame.K_BACKSPACE,), "F11": (pygame.K_F11,), "Tab": (pygame.K_TAB,), "Del": (pygame.K_DELETE,),
}


def keys_named(part: str) -> list[tuple[int, ...]]:
    """The keys a footer part starts with: "J or Esc back" → J, Esc; "1–9 slot" → 1, 9;
    "↑↓ and Enter" → (↓, ↑), Enter. A pair is pressed as a pair (one of the two may be at
    its end already). Words that are no key ("letters are shortcuts") name nothing."""
    found: list[tuple[int, ...]] = []
    words = part.replace("PgUp PgDn", "PgUp+PgDn").replace("← →", "←+→").split()
    for word in words:
        if word in ("or", "and"):
            continue
        if "+" in word and all(half in KEY_WORDS for half in word.split("+")):
            found.append(tuple(KEY_WORDS[half][0] for half in word.split("+")))
            continue
        if word in KEY_WORDS:
            found.append(KEY_WORDS[word])
        elif re.fullmatch(r"\d–\d", word):
            first, last = int(word[0]), int(word[-1])
            found += [(pygame.K_0 + first,)] + ([(pygame.K_0 + last,)] if last != first else [])
        elif re.fullmatch(r"[A-Z0-9]", word):
            found.append((getattr(pygame, f"K_{word.lower()}"),))
        else:
            break
    return found


@pytest.fixture
def footers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The footer text of every frame, as drawn (each screen module's draw_footer watched)."""
    import game.classroom.screens as classroom
    from game.ui.screens import about, base, ending, journal, newgame, saveload, settings, sourcedoc, title

    drawn: list[str] = []
    original = base.draw_footer

    def watched(app: Any, surface: Any, text: str) -> None:
        drawn.append(text)
        original(app, surface, text)

    for module in (about, base, ending, journal, newgame, saveload, settings, sourcedoc, title, classroom):
        if hasattr(module, "draw_footer"):
            monkeypatch.setattr(module, "draw_footer", watched)
    return drawn


def fingerprint(game: Any) -> tuple:
    """What the player can notice, in one value."""
    app = game.app
    top = app.top
    seen: dict[str, Any] = {}
    for name in ("focus", "focus_shown", "index", "unfolded", "timer_index", "devices_on", "view", "value", "source_index", "tie"):
        if hasattr(top, name):
            seen[name] = repr(getattr(top, name))
    for name in ("scroll", "menu_scroll"):
        if hasattr(top, name):
            seen[name] = getattr(top, name).offset
    if hasattr(top, "menu"):
        seen["menu"] = (top.menu.focus, len(top.menu.items))
    vote = getattr(top, "vote", None)
    if vote is not None:
        seen["votes"] = [(tally.index, tally.votes) for tally in vote.tallies]
    story = app.story
    place = (story.scene.id, len(story.history)) if story is not None else None
    return (tuple(game.stack_names()), id(top), app.toast_text, app.toast_until, repr(asdict(app.settings)),
            app.running, place, app.projector, repr(sorted(seen.items())))


SCREENS = ["title", "new_game", "save", "load", "load_with_saves",
           "settings", "about", "sources", "journal", "long_journal", "ending", "long_ending", "classroom_setup",
           "classroom_home", "classroom_lessons", "vote", "discussion"]
#: screens whose focused row can be removed: their footer must name Del, and Del must act
REMOVING = {"load_with_saves", "classroom_home", "classroom_lessons"}


def lesson_kept(game: Any) -> None:
    """From the title: Classroom, a new lesson, and stop for today (the lesson stays on disk)."""
    game.key(pygame.K_k)
    if game.top.view != "new":
        game.key(pygame.K_n)
    game.keys(pygame.K_1, pygame.K_ESCAPE, pygame.K_q)
    assert type(game.top).__name__ == "TitleScreen", game.stack_names()


def fresh(make_game, goto, long_story: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The screen ``name`` in a new game with a player folder of its own (what an earlier
    key saved, a lesson it started, must not change where the next one starts)."""
    fresh.count = getattr(fresh, "count", 0) + 1
    monkeypatch.setenv("BUDAPEST1956_HOME", str(long_story.parent / f"home-{fresh.count}"))
    long = name.startswith("long_")
    game = make_game(story=long_story) if long else make_game()
    route = name.removeprefix("long_")
    if route == "journal":
        goto(game, "story")
        game.keys(pygame.K_1, pygame.K_j)  # two scenes read
    elif route == "ending" and long:
        goto(game, "story")
        game.keys(pygame.K_1, pygame.K_1, pygame.K_END, pygame.K_1)
        game.resize(800, 500)  # the ways on below the epilogue
    elif route == "load_with_saves":  # an autosave (focused, Del deletes it) and a slot
        goto(game, "story")
        game.keys(pygame.K_1, pygame.K_F2, pygame.K_2, pygame.K_RETURN, pygame.K_ESCAPE, pygame.K_ESCAPE, pygame.K_l)
        assert type(game.top).__name__ == "SaveLoadScreen" and not game.top.saving
    elif route in ("classroom_home", "classroom_lessons"):  # a lesson to go on with (Del puts it away)
        for _ in range(1 if route == "classroom_home" else 2):
            lesson_kept(game)
        game.key(pygame.K_k)
        if route == "classroom_lessons":
            game.key(pygame.K_l)
        assert game.top.view == route.removeprefix("classroom_")
    else:
        goto(game, route)
    game.draw()
    return game


@pytest.mark.parametrize("name", SCREENS)
def test_every_key_in_a_footer_does_something(make_game, goto, long_story, footers, monkeypatch, name):
    game = fresh(make_game, goto, long_story, name, monkeypatch)
    assert footers, f"{name} draws no footer"
    text = footers[-1]
    screen = type(game.top).__name__
    assert (" · Del " in text) == (name in REMOVING), f"{name}: “{text}”"
    checked = []
    for part in text.split(" · "):
        for keys in keys_named(part):
            game = fresh(make_game, goto, long_story, name, monkeypatch)
            assert type(game.top).__name__ == screen
            for attempt in (keys, tuple(reversed(keys))):  # a pair: one of the two is at its end
                before = fingerprint(game)
                game.key(attempt[0])
                game.draw()
                if fingerprint(game) != before:
                    break
            assert fingerprint(game) != before, f"{screen}: the footer says “{part}” but {pygame.key.name(keys[0])} does nothing"
            if len(keys) == 2:  # and the other one of the pair goes back
                before = fingerprint(game)
                game.key(attempt[1])
                assert fingerprint(game) != before, f"{screen}: “{part}”: {pygame.key.name(attempt[1])} does nothing"
            checked.append(part)
    assert checked, f"no key found in the footer “{text}”"


def test_the_story_screens_buttons_and_record_hint_keys(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.draw()
    labels = re.findall(r"[A-Z][a-z]+  (\w+)", " ".join(label for label, _, _ in game.top.buttons))
    assert labels == ["S", "J", "Bksp", "Esc"]
    for key, expected in ((pygame.K_s, "SourceDrawer"), (pygame.K_j, "JournalScreen"), (pygame.K_ESCAPE, "PauseScreen")):
        game.key(key)
        assert type(game.top).__name__ == expected
        game.key(pygame.K_ESCAPE)
        assert type(game.top).__name__ == "StoryScreen"
    game.key(pygame.K_BACKSPACE)  # the first scene: it says there is nothing to undo
    assert game.app.toast_text == "This is the first scene: nothing to undo."
    game.choose(1, 2)  # the march: its record, and the hint that R shows it
    assert "R shows the passage" in game.draw()
    game.key(pygame.K_r)
    assert type(game.top).__name__ == "SourceDrawer"


def test_the_drawers_links_do_what_they_say(make_game, goto):
    game = make_game()
    goto(game, "drawer")
    drawer = game.top
    shown = game.draw()
    assert "← previous" in shown and "next →" in shown and "R read the whole source" in shown and "Esc close" in shown
    game.key(pygame.K_RIGHT)
    assert drawer.index == 1
    game.key(pygame.K_LEFT)
    assert drawer.index == 0
    game.key(pygame.K_r)
    assert type(game.top).__name__ == "SourceDocumentScreen"
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"
