"""Resizing the window relays out every screen on the stack, and text stays inside it."""

from __future__ import annotations

import pygame
import pytest

from game.ui.screens.settings import SAMPLE
from game.ui.text import text_width, wrap

SIZES = [(1024, 600), (800, 500), (2560, 1440)]
SCREENS = ["title", "new_game", "story", "drawer", "sources", "journal", "save", "text_input", "load", "settings",
           "about", "ending", "pause", "message", "error"]


def check_inside(game) -> None:
    """Whatever the top screen lays out lies within the window's width."""
    width, height = game.size
    screen = game.top
    menu = getattr(screen, "menu", None)
    for item in (menu.items if menu else []):
        assert item.rect.left >= 0 and item.rect.right <= width, (item.label, item.rect, width)
    for attribute in ("panel", "view"):
        rect = getattr(screen, attribute, None)
        if rect is not None:
            assert rect.left >= 0 and rect.right <= width, (attribute, rect)
    name = type(screen).__name__
    if name == "StoryScreen":
        assert 0 < screen.x and screen.x + screen.width < width
        for kind, font, lines, _top, _extra in screen.blocks:
            for line in lines:
                assert text_width(font, line.text) <= screen.width + 1, (kind, line.text)
        for _label, rect, _action in screen.buttons:
            assert 0 <= rect.left and rect.right <= width
        label_font = game.app.font("display_italic", 20)
        label = "Zsófia Varga · " + game.app.story_data.chapters[game.story.scene.chapter].title
        assert game.app.px(24) + text_width(label_font, label) < screen.buttons[0][1].left
        for marker in screen.markers:
            assert marker.right <= width
    if name in ("JournalScreen", "AboutScreen", "EndingScreen", "SourceDocumentScreen"):
        for row in screen.rows:
            font, lines = (row[1], row[2]) if isinstance(row[0], str) else (row[0], row[1])
            for line in lines:
                assert screen.x + text_width(font, line.text) <= width, line.text


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("screen", SCREENS)
def test_resizing_relays_out_every_screen(make_game, goto, screen, size):
    game = make_game()
    goto(game, screen)
    game.resize(*size)
    assert game.size == size
    for layer in game.app.stack:
        assert tuple(layer.size) == size, type(layer).__name__
    game.draw()
    assert game.app.frames >= 2
    check_inside(game)
    # and back to the starting size
    game.resize(1280, 720)
    game.draw()
    check_inside(game)


def test_window_size_changed_alone_relays_out(make_game, goto):
    game = make_game()
    goto(game, "story")
    pygame.display.set_mode((1024, 600), pygame.RESIZABLE)
    game.post(pygame.WINDOWSIZECHANGED, x=1024, y=600)
    assert game.top.size == (1024, 600)
    assert game.top.view.width == 1024
    game.draw()
    check_inside(game)


def test_a_window_smaller_than_the_minimum_is_enlarged(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.resize(500, 300)
    assert game.size == (800, 500)
    assert game.top.size == (800, 500)
    game.draw()
    check_inside(game)


def test_resize_keeps_the_scroll_inside_the_content(make_game, goto):
    game = make_game(size="800x500")
    goto(game, "sources")
    screen = game.top
    game.key(pygame.K_END, mod=pygame.KMOD_CTRL)
    assert screen.scroll.offset == screen.scroll.max_offset > 0
    game.resize(2560, 1440)
    assert screen.scroll.offset <= screen.scroll.max_offset
    game.draw()


# Screens without scrolling must fit their menu in the window's height.
FITS = [("title", (1280, 720)), ("title", (800, 500)), ("title", (2560, 1440)), ("new_game", (800, 500)),
        ("save", (1280, 720)), ("save", (800, 500)), ("settings", (1280, 720)), ("pause", (1280, 720)),
        ("pause", (1024, 600)), ("message", (800, 500)),
        ("load", (1280, 720)), ("load", (2560, 1440)), ("pause", (800, 500)), ("settings", (800, 500))]


@pytest.mark.parametrize("screen,size", [pytest.param(screen, size, id=f"{screen}-{size[0]}x{size[1]}")
                                         for screen, size in FITS])
def test_every_menu_item_can_be_reached_inside_the_window(make_game, goto, screen, size):
    """Menus taller than the window scroll: the visible part stays inside the window and
    moving the keyboard focus to any item brings it into view."""
    game = make_game(size="x".join(map(str, size)))
    goto(game, screen)
    height = game.size[1]
    top = game.top
    view = getattr(top, "menu_view", None)
    if view is None:
        assert max(item.rect.bottom for item in top.menu.items) <= height
        return
    assert view.bottom <= height
    for _ in range(len(top.menu.items)):
        rect = top.menu.items[top.menu.focus].rect.move(0, -top.menu_scroll.offset)
        assert view.top <= rect.top and rect.bottom <= view.bottom + 1, (top.menu.focus, rect, view)
        game.key(pygame.K_DOWN)


def test_settings_sample_fits_at_the_largest_text_size(make_game, goto):
    game = make_game()
    goto(game, "settings")
    for _ in range(6):
        game.key(pygame.K_RIGHT)
    assert game.app.text_px == 40
    screen = game.top
    sample = SAMPLE
    font = game.app.font("body", game.app.body_size)
    shown = game.draw()
    lines = wrap(font, sample, screen.menu.items[0].rect.width)
    assert len(lines) > 1  # at 40 px the sample needs wrapping
    for line in lines:
        assert line.text in shown
        assert screen.x + text_width(font, line.text) <= game.size[0]
