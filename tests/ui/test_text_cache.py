"""The rendered-text cache stays within a budget of bytes sized from the window (issue 13).

It used to keep 3,000 lines whatever their size: 190 KB each at 1920x1080, so 5 games
reached 429 MB. These tests count bytes and renders, never time.
"""

from __future__ import annotations

import random

import pygame
import pytest

from game.ui.screens.base import shade
from game.ui.text import (
    MIN_BUDGET, WINDOWS_KEPT, FontBook, Line, TextCache, draw_lines, font_key, surface_bytes,
)

INK = (20, 20, 20)


@pytest.fixture
def font() -> pygame.font.Font:
    pygame.font.init()
    return FontBook().get("body", 40)


def held(cache: TextCache) -> int:
    """The bytes of what the cache really holds, counted from its surfaces."""
    return sum(surface_bytes(surface) for surface in cache._items.values())


def line_of(number: int) -> str:
    return f"Line {number}: the crowd on the embankment sings the Kossuth song again"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_the_cache_never_holds_more_than_its_budget(font: pygame.font.Font, size: tuple[int, int]) -> None:
    cache = TextCache()
    cache.fit_window(size)
    assert cache.budget == max(MIN_BUDGET, WINDOWS_KEPT * size[0] * size[1] * 4)
    one = surface_bytes(cache.render(font, line_of(0), INK))
    lines_that_fit = cache.budget // one
    for number in range(1, int(lines_that_fit * 3)):
        cache.render(font, line_of(number), INK)
        assert cache.bytes <= cache.budget
    assert cache.bytes == held(cache)
    assert cache.bytes > cache.budget - 2 * one  # it does fill up: the budget is used, not avoided
    assert len(cache) <= lines_that_fit


def test_the_least_recently_used_line_goes_first(font: pygame.font.Font) -> None:
    cache = TextCache()
    kept = cache.render(font, line_of(0), INK)
    cache.budget = surface_bytes(kept) * 3
    cache.render(font, line_of(1), INK)
    cache.render(font, line_of(2), INK)
    assert cache.render(font, line_of(0), INK) is kept  # used again: now the newest
    cache.render(font, line_of(3), INK)  # pushes out line 1, the least recently used
    misses = cache.misses
    assert cache.render(font, line_of(0), INK) is kept
    cache.render(font, line_of(2), INK)
    assert cache.misses == misses
    cache.render(font, line_of(1), INK)
    assert cache.misses == misses + 1


def test_a_smaller_window_shrinks_the_cache_at_once(font: pygame.font.Font) -> None:
    cache = TextCache()
    cache.fit_window((3840, 2160))
    for number in range(400):
        cache.render(font, line_of(number), INK)
    assert cache.bytes > MIN_BUDGET
    cache.fit_window((800, 500))
    assert cache.budget == MIN_BUDGET
    assert cache.bytes <= MIN_BUDGET and cache.bytes == held(cache)


def test_a_surface_larger_than_the_budget_is_drawn_but_not_kept(font: pygame.font.Font) -> None:
    cache = TextCache()
    small = cache.render(font, "Nagy", INK)
    cache.budget = surface_bytes(small) * 2
    huge = cache.render(font, line_of(1) * 3, INK)
    assert huge.get_width() > small.get_width()
    assert len(cache) == 1 and cache.bytes == surface_bytes(small)


def test_a_line_half_typed_is_not_kept(font: pygame.font.Font) -> None:
    """The typewriter draws every prefix of a line once; none of them may fill the cache."""
    pygame.display.init()
    surface = pygame.Surface((1200, 300))
    cache = TextCache()
    text = line_of(7)
    lines = [Line(text, 0)]
    for shown in range(1, len(text) + 1):
        draw_lines(surface, cache, font, lines, INK, 0, 0, 50, limit_chars=shown)
    assert len(cache) == 1  # only the whole line, once it is all shown
    assert cache.misses == len(text)


def test_lines_outside_the_clip_are_not_rendered(font: pygame.font.Font) -> None:
    """A scrolled view clips most of a long scene away: those lines cost nothing."""
    surface = pygame.Surface((1200, 400))
    leading = font.get_linesize()
    lines = [Line(line_of(number), 0) for number in range(100)]
    cache = TextCache()
    surface.set_clip(pygame.Rect(0, 100, 1200, 200))
    end = draw_lines(surface, cache, font, lines, INK, 0, -10 * leading, leading)
    assert end == -10 * leading + 100 * leading  # the layout still counts every line
    visible = [n for n in range(100)
               if -10 * leading + n * leading < 300 and -10 * leading + n * leading + font.get_height() > 100]
    assert 0 < len(visible) < 10
    assert sorted(key[1] for key in cache._items) == sorted(line_of(n) for n in visible)


def test_the_tiled_shade_is_the_one_big_veil_pixel_for_pixel() -> None:
    pygame.display.init()
    rng = random.Random(56)
    size = (1000, 600)  # not a multiple of the tile, so the last row and column are cut
    ours, reference = pygame.Surface(size), pygame.Surface(size)
    for _ in range(2000):
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        rect = (rng.randrange(size[0]), rng.randrange(size[1]), 40, 40)
        ours.fill(colour, rect)
        reference.fill(colour, rect)
    veil = pygame.Surface(size, pygame.SRCALPHA)
    veil.fill((0, 0, 0, 110))
    reference.blit(veil, (0, 0))
    shade(ours, 110)
    assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(reference, "RGB")
    assert ours.get_at((999, 599)) != pygame.Color(0, 0, 0)  # dimmed, not blacked out


def test_play_through_the_screens_keeps_the_cache_within_its_budget(make_game) -> None:
    """Through the real screens at 1920x1080: the title, a story and its pages, the
    journal, the sources; the cache ends within its budget however much text went by."""
    game = make_game(size="1920x1080")
    cache = game.app.cache
    assert cache.budget == WINDOWS_KEPT * 1920 * 1080 * 4
    game.keys(pygame.K_n, pygame.K_1)
    for _ in range(4):
        game.keys(pygame.K_1, pygame.K_END, pygame.K_1)
        game.draw()
        game.keys(pygame.K_j)
        game.draw()
        game.keys(pygame.K_ESCAPE)
        game.keys(pygame.K_s)
        game.draw()
        game.keys(pygame.K_ESCAPE)
        game.draw()
        assert cache.bytes <= cache.budget
    assert cache.bytes == held(cache)
    assert cache.misses > 50


def test_the_budget_follows_the_window_when_it_is_resized(make_game) -> None:
    game = make_game(size="1920x1080")
    cache = game.app.cache
    game.keys(pygame.K_n, pygame.K_1)
    game.draw()
    assert cache.budget == WINDOWS_KEPT * 1920 * 1080 * 4
    game.resize(800, 500)
    assert cache.budget == MIN_BUDGET
    game.draw()
    assert cache.bytes <= MIN_BUDGET and cache.bytes == held(cache)
    game.resize(2560, 1440)
    assert cache.budget == WINDOWS_KEPT * 2560 * 1440 * 4


def test_the_font_book_keeps_at_most_its_limit_of_fonts() -> None:
    """Every window size asks for new sizes: a book that kept them all grew without end."""
    pygame.font.init()
    book = FontBook(limit=8)
    first = book.get("body", 20)
    for size in range(21, 60):
        book.get("body", size)
        book.get("body", 20)  # in use all along: never the one closed
        assert len(book) <= 8
    assert book.get("body", 20) is first
    assert book.get("body", 21) is not None and len(book) == 8


def test_a_font_opened_again_never_gets_another_fonts_lines(font: pygame.font.Font) -> None:
    """Caches key on a font's serial, not its id: once a closed font's memory is reused by a
    new font, the old font's rendered lines must not come back for the new one."""
    book = FontBook(limit=1)
    cache = TextCache()
    small = book.get("body", 12)
    line = cache.render(small, "Corvin Passage", INK)
    serial = small.serial
    del small
    book.get("body", 80)  # closes size 12
    again = book.get("body", 12)
    assert again.serial != serial
    assert font_key(again) != serial
    assert cache.render(again, "Corvin Passage", INK) is not line
    assert font_key(font) == getattr(font, "serial")


def test_a_paragraph_wrapped_again_is_not_measured_again(monkeypatch) -> None:
    """Redraws wrap the same paragraphs at the same width: the second wrap is remembered
    (and handed out as a new list, so a caller changing it changes nothing kept)."""
    import pygame

    from game.ui import text

    pygame.font.init()
    font = pygame.font.Font(None, 24)
    measured: list[str] = []
    real = text.text_width
    monkeypatch.setattr(text, "text_width", lambda f, s: measured.append(s) or real(f, s))
    paragraph = "The crowd marched on the broadcasting station, and the night was long " * 3
    first = text.wrap(font, paragraph, 300)
    counted = len(measured)
    assert counted > 0 and len(first) > 1
    first.append(text.Line("changed", 0))
    again = text.wrap(font, paragraph, 300)
    assert len(measured) == counted and again == first[:-1]
    narrower = text.wrap(font, paragraph, 200)
    assert len(measured) > counted and len(narrower) > len(again)
