"""Fonts, line breaking and a cache of rendered text.

pygame's ``Font.render`` draws a single line and makes a new surface on every call, so
we break lines ourselves (greedy, by measured words) and keep rendered lines in a
cache bounded by bytes, sized from the window: a full redraw of a screen of text is then
a handful of blits, and memory does not grow with the window or the hours played.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pygame

from ..paths import assets_dir

FACES = {
    "body": "CharisSIL-Regular.ttf",
    "italic": "CharisSIL-Italic.ttf",
    "bold": "CharisSIL-Bold.ttf",
    # EB Garamond with its lining figures in place of the old-style ones (assets/fonts/
    # README.md): pygame cannot switch a font's features, and in a heading the old-style
    # 1 reads as a dotless i ("Save over slot ı?")
    "display": "EBGaramond12Lining-Regular.ttf",
    "display_italic": "EBGaramond12Lining-Italic.ttf",
}

_WORD_RE = re.compile(r"\S+\s*")


#: how many fonts the book keeps open. One size of the window uses about 35 (five faces
#: at the sizes of every screen); each open font holds about 270 KB (its glyph caches),
#: and every window size makes new sizes, so dragging a window's edge through 80 sizes
#: left 131 fonts open. 64 keep two window sizes' worth; older ones are closed.
FONTS_KEPT = 64

_serials = count(1)


class BookFont(pygame.font.Font):
    """A font of the book, with a serial number no other font ever gets: the caches key on
    it, never on ``id(font)``, which a new font can reuse once an old one is closed (and a
    line rendered at one size would then be handed out for another)."""

    def __init__(self, path: str | None, size: int):
        super().__init__(path, size)
        self.serial = next(_serials)


def font_key(font: pygame.font.Font) -> object:
    """What the caches know a font by: a book font's serial, else the font's identity."""
    return getattr(font, "serial", None) or id(font)


class FontBook:
    """Fonts by (face, pixel size), loaded from ``assets/fonts`` when first asked for; the
    least recently used is closed past :data:`FONTS_KEPT`."""

    def __init__(self, folder: Path | None = None, limit: int = FONTS_KEPT):
        self.folder = folder or assets_dir() / "fonts"
        self.limit = max(1, limit)
        self._fonts: OrderedDict[tuple[str, int], pygame.font.Font] = OrderedDict()

    def __len__(self) -> int:
        return len(self._fonts)

    def missing(self) -> list[str]:
        """The font files that are not there (an incomplete install), for the warning."""
        return sorted({name for name in FACES.values() if not (self.folder / name).is_file()})

    def get(self, face: str, size: int) -> pygame.font.Font:
        key = (face, size)
        font = self._fonts.get(key)
        if font is not None:
            self._fonts.move_to_end(key)
            return font
        path = self.folder / FACES[face]
        font = BookFont(str(path) if path.exists() else None, size)
        self._fonts[key] = font
        if len(self._fonts) > self.limit:
            self._fonts.popitem(last=False)
        return font


#: how many windows' worth of pixels the rendered lines may hold together. A frame draws
#: only the lines inside the clip (:func:`draw_lines`), which cover well under one window
#: (lines leave their leading bare; the reading column stops at a readable measure):
#: measured at most 0.55 of a window for the page with the pause menu over it, at the
#: largest text size. Two windows hold every line a redraw needs, with room to go back
#: and forth, so nothing is rendered twice per frame. Counting lines instead kept 3,000
#: of them: 190 KB each at 1920x1080, 367 MB.
WINDOWS_KEPT = 2
#: the least budget, for a tiny window (and before one is open)
MIN_BUDGET = 8 * 1024 * 1024


def surface_bytes(surface: pygame.Surface) -> int:
    """What a surface's pixels hold in memory: its width by its height by its pixel's bytes."""
    return surface.get_width() * surface.get_height() * surface.get_bytesize()


class TextCache:
    """Rendered text surfaces within a budget of bytes, least recently used dropped first.

    The budget follows the window (:meth:`fit_window`): memory is what a school laptop
    lacks, and a line's surface grows with the window's width and the type's size, so a
    count of lines would keep ten times the memory at 3840x2160 that it does at 1280x720.
    """

    def __init__(self, budget: int = MIN_BUDGET):
        self.budget = max(1, budget)
        self.bytes = 0
        self._items: OrderedDict[tuple[object, ...], pygame.Surface] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def fit_window(self, size: tuple[int, int], bytes_per_pixel: int = 4) -> None:
        """Size the budget to ``WINDOWS_KEPT`` windows of ``size``; lines beyond it go now."""
        self.budget = max(MIN_BUDGET, WINDOWS_KEPT * size[0] * size[1] * bytes_per_pixel)
        self._shrink()

    def render(self, font: pygame.font.Font, text: str, colour: tuple[int, int, int], *,
               keep: bool = True) -> pygame.Surface:
        """``text`` rendered in ``font`` and ``colour``, from the cache when it is there.
        ``keep=False`` is for text drawn for one frame only (a line the typewriter is half
        way through): rendered, never kept, so it pushes out no line that stays."""
        key = (font_key(font), text, colour)
        surface = self._items.get(key)
        if surface is not None:
            self._items.move_to_end(key)
            self.hits += 1
            return surface
        self.misses += 1
        surface = font.render(text, True, colour)
        cost = surface_bytes(surface)
        if not keep or cost > self.budget:  # a surface over the budget would push out all and still not fit
            return surface
        self._items[key] = surface
        self.bytes += cost
        self._shrink()
        return surface

    def _shrink(self) -> None:
        while self.bytes > self.budget and self._items:
            _, dropped = self._items.popitem(last=False)
            self.bytes -= surface_bytes(dropped)

    def clear(self) -> None:
        self._items.clear()
        self.bytes = 0


@dataclass(frozen=True)
class Line:
    """One laid-out line: its text and the offset of its first character in the paragraph."""

    text: str
    start: int


_width_cache: dict[tuple[int, str], int] = {}


def text_width(font: pygame.font.Font, text: str) -> int:
    key = (font_key(font), text)
    width = _width_cache.get(key)
    if width is None:
        width = font.size(text)[0]
        if len(_width_cache) > 50_000:
            _width_cache.clear()
        _width_cache[key] = width
    return width


def clear_widths() -> None:
    """Forget measured widths and wrapped lines (for a benchmark that must measure, not
    look up)."""
    _width_cache.clear()
    _wrap_cache.clear()


#: wrapped paragraphs by (font, text, width, tail): a screen wraps the same paragraphs at
#: the same width on every redraw (a monkey's 7,000 events made 50,000 wraps of a few
#: hundred texts, half of all the drawing time)
_wrap_cache: dict[tuple[int, str, int, int], tuple[Line, ...]] = {}
WRAP_CACHE_ENTRIES = 4096


def wrap(font: pygame.font.Font, text: str, width: int, tail: int = 0) -> list[Line]:
    """:func:`wrap_greedy`, remembered (a new list each time: callers may change it)."""
    key = (font_key(font), text, width, tail)
    found = _wrap_cache.get(key)
    if found is None:
        found = tuple(wrap_greedy(font, text, width, tail))
        if len(_wrap_cache) >= WRAP_CACHE_ENTRIES:
            _wrap_cache.clear()
        _wrap_cache[key] = found
    return list(found)


def tail_reserve(tail: int, width: int) -> int:
    """The room kept after a paragraph's last word for a tail set straight after it; a
    tail wider than half the line is not kept room for: it wraps by itself."""
    return tail if 0 < tail <= width // 2 else 0


def wrap_greedy(font: pygame.font.Font, text: str, width: int, tail: int = 0) -> list[Line]:
    """Greedy line breaking by words; a word wider than the line is broken where it must be.

    ``tail`` is the width of something set straight after the last word with no break
    allowed (the story's first citation marker): the last word takes it along onto the
    next line rather than leave it alone there or push it past the margin.

    Every measurement is of at most about two lines' worth of text, so a single word of
    20,000 characters costs as much as a paragraph of that length, not its square.
    """
    width = max(1, width)
    reserve = tail_reserve(tail, width)
    lines: list[Line] = []
    current = ""  # the line being filled, with the spaces after its last word
    start = 0
    matches = list(_WORD_RE.finditer(text))
    for number, match in enumerate(matches):
        word = match.group()
        keep = reserve if number == len(matches) - 1 else 0
        if current:
            if text_width(font, (current + word).rstrip()) + keep <= width:
                current += word
                continue
            lines.append(Line(current.rstrip(), start))
        pieces = _break_word(font, word, width, keep)
        offset = match.start()
        for piece in pieces[:-1]:
            lines.append(Line(piece, offset))
            offset += len(piece)
        current, start = pieces[-1], offset
    if current.strip() or not lines:
        lines.append(Line(current.rstrip(), start))
    return lines


def balanced_wrap(font: pygame.font.Font, text: str, width: int) -> list[Line]:
    """Lines no wider than ``width`` and no more of them than greedy breaking gives, but
    as even as that count allows, and not ending on one word left on its own ("radio /
    on", "... Revolution of / 1956") where the words can share the lines otherwise: for
    headings and a vote's choices, read as one thing. Body text keeps the greedy breaks
    (see :func:`wrap_without_orphan`): balancing a paragraph would only make it ragged."""
    lines = wrap(font, text, width)
    if len(lines) < 2:
        return lines
    return least_ragged(font, text, width, len(lines), last_counts=True) or lines


def wrap_without_orphan(font: pygame.font.Font, text: str, width: int, tail: int = 0) -> list[Line]:
    """Greedy lines, except that a last line of one word gets company: the lines are
    broken again (as many of them, as full as they can be) so it takes a word or more
    from above. For paragraphs, whose right edge should stay near the margin. ``tail`` is
    as in :func:`wrap_greedy`: the story's citation markers, which otherwise often carry
    the last word alone onto a line of its own."""
    lines = wrap(font, text, width, tail)
    if len(lines) < 2 or len(lines[-1].text.split()) > 1:
        return lines
    reserve = tail_reserve(tail, width)
    return least_ragged(font, text, width, len(lines), last_counts=False, last_reserve=reserve) or lines


_WORDS = re.compile(r"\S+")


def least_ragged(font: pygame.font.Font, text: str, width: int, count: int, last_counts: bool,
                 last_reserve: int = 0) -> list[Line] | None:
    """``text`` in exactly ``count`` lines no wider than ``width``, the last of two words or
    more, with the least sum of squared room left at the lines' ends (the last line's
    room counted only when ``last_counts``: balanced lines; ``last_reserve`` pixels kept
    free after the last word). None when no such breaking
    exists (a word wider than the line, too few words). A line's width is measured once
    for each run of words that can fit on it, so a paragraph costs a few hundred
    measurements, not a search over every breaking."""
    words = list(_WORDS.finditer(text))
    total = len(words)
    if total < 2 or count < 1:
        return None
    starts = [word.start() for word in words]
    ends = [word.end() for word in words]

    def room(first: int, stop: int) -> int:  # words first..stop-1 on one line; < 0: too wide
        return width - text_width(font, text[starts[first]:ends[stop - 1]])

    infinite = float("inf")
    # cost[k][i]: the least cost of words i.. in k lines; after[k][i]: where the first of them ends
    cost = [[infinite] * (total + 1) for _ in range(count + 1)]
    after = [[0] * (total + 1) for _ in range(count + 1)]
    for first in range(total - 1):
        left = room(first, total) - last_reserve
        if left >= 0:
            cost[1][first] = left * left if last_counts else 0
            after[1][first] = total
    for lines in range(2, count + 1):
        for first in range(total):
            for stop in range(first + 1, total):
                left = room(first, stop)
                if left < 0:
                    break
                candidate = left * left + cost[lines - 1][stop]
                if candidate < cost[lines][first]:
                    cost[lines][first], after[lines][first] = candidate, stop
    if cost[count][0] == infinite:
        return None
    result: list[Line] = []
    first = 0
    for lines in range(count, 0, -1):
        stop = after[lines][first]
        result.append(Line(text[starts[first]:ends[stop - 1]], starts[first]))
        first = stop
    return result


def _break_word(font: pygame.font.Font, word: str, width: int, keep: int) -> list[str]:
    """``word`` (with its trailing spaces) cut into lines no wider than ``width``; the last
    piece also leaves ``keep`` pixels free after it. A word that fits is one piece."""
    body = word.rstrip()
    if len(body) <= 1 or text_width(font, body) + keep <= width:
        return [word]
    pieces: list[str] = []
    begin = 0
    while True:
        end = longest_fitting(font, body, begin, width)
        if end == len(body):
            if keep == 0 or text_width(font, body[begin:]) + keep <= width or len(body) - begin <= 1:
                break
            end = max(begin + 1, min(len(body) - 1, longest_fitting(font, body, begin, width - keep)))
        pieces.append(body[begin:end])
        begin = end
    pieces.append(word[begin:])
    return pieces


def longest_fitting(font: pygame.font.Font, text: str, begin: int, width: int) -> int:
    """The end of the longest ``text[begin:end]`` no wider than ``width`` (at least one
    character, so breaking always moves on). The prefix grows by doubling, then the edge
    is bisected: a line of k characters costs O(k log k) measured characters, never the
    rest of the string."""
    size = len(text)
    fits, too_wide = begin + 1, None
    probe = begin + 1
    while probe <= size:
        if text_width(font, text[begin:probe]) > width:
            too_wide = probe
            break
        fits = probe
        if probe == size:
            return size
        probe = min(size, begin + 2 * (probe - begin))
    if too_wide is None:
        return fits
    while too_wide - fits > 1:
        middle = (fits + too_wide) // 2
        if text_width(font, text[begin:middle]) <= width:
            fits = middle
        else:
            too_wide = middle
    return fits


def draw_lines(
    surface: pygame.Surface,
    cache: TextCache,
    font: pygame.font.Font,
    lines: list[Line],
    colour: tuple[int, int, int],
    x: int,
    y: int,
    leading: int,
    highlight: tuple[int, int] | None = None,
    highlight_colour: tuple[int, int, int] | None = None,
    limit_chars: int | None = None,
) -> int:
    """Blit lines from ``y``; mark the character span ``highlight``; return the new y.

    ``limit_chars`` shows only the first characters (the typewriter reveal).

    A line wholly above or below the surface's clip is not rendered at all: a long
    scene scrolled in a view would otherwise render (and keep in the cache) every line
    of it on every frame, only for the clip to throw them away.
    """
    shown = 0
    clip = surface.get_clip()
    height = font.get_height()
    for line in lines:
        text = line.text
        if limit_chars is not None:
            remaining = limit_chars - shown
            if remaining <= 0:
                break
            text = text[:remaining]
            shown += len(line.text) + 1
        if y >= clip.bottom or y + height <= clip.top:
            y += leading
            continue
        if highlight and highlight_colour:
            low = max(highlight[0] - line.start, 0)
            high = min(highlight[1] - line.start, len(text))
            if low < high:
                left = text_width(font, text[:low])
                span = text_width(font, text[low:high])
                pygame.draw.rect(
                    surface, highlight_colour,
                    pygame.Rect(x + left - 2, y + 1, span + 4, font.get_height() - 1), border_radius=3,
                )
        if text:
            # a line half typed is drawn for one frame only: kept, each of its prefixes
            # would take a place in the cache and push out the lines that stay
            whole = len(text) == len(line.text)
            rendered = cache.render(font, text, colour) if whole else cache.render(font, text, colour, keep=False)
            surface.blit(rendered, (x, y))
        y += leading
    return y
