"""Fitting a classroom screen's large type into the window before anything scrolls.

A projector screen is read from the back of a room, so its type starts large; when the
lines do not fit above the footer band the type is set smaller, step by step, down to
:data:`FLOOR`, and only past that does the screen scroll. A teacher who has to scroll
away from half a vote cannot see the whole question the class is voting on.
"""

from __future__ import annotations

import re
from typing import Any

import pygame

from .screens.dialog import FOOTER_BAND
from .text import Line, text_width, wrap

#: the smallest body type a classroom screen shrinks to, in UI units: the design text
#: size, which projector mode never lets fall below 33 px on a 1280x720 window
FLOOR = 24.0
#: how much smaller each attempt is, in UI units
STEP = 2.0


def sizes_down(preferred: float, floor: float = FLOOR, step: float = STEP) -> list[float]:
    """The type sizes to try, largest first, ending at ``floor`` exactly (so the last
    attempt is the floor itself, not whatever a step happened to reach)."""
    sizes: list[float] = []
    size = preferred
    while size > floor:
        sizes.append(size)
        size -= step
    sizes.append(floor)
    return sizes


def leading(font: pygame.font.Font) -> int:
    """Line spacing for large type: Charis SIL's own line height leaves room for stacked
    accents above capitals, which a few lines of projector type do not need (its ink
    still clears the line above at this spacing)."""
    return max(1, round(font.get_linesize() * 0.84))


def block_height(font: pygame.font.Font, count: int) -> int:
    """How tall ``count`` lines set at :func:`leading` are, the last line whole."""
    return 0 if count <= 0 else (count - 1) * leading(font) + font.get_height()


def balanced_wrap(font: pygame.font.Font, text: str, width: int) -> list[Line]:
    """Lines no wider than ``width`` and no more of them than greedy breaking gives, but
    as even as that count allows, and not ending on one word left on its own ("radio /
    on") where the words can share the lines otherwise: for a choice of two or three
    lines, read from across a room as one thing."""
    lines = wrap(font, text, width)
    if len(lines) < 2:
        return lines
    return least_ragged(font, text, width, len(lines), last_counts=True) or lines


def wrap_without_orphan(font: pygame.font.Font, text: str, width: int) -> list[Line]:
    """Greedy lines, except that a last line of one word gets company: the lines are
    broken again (as many of them, as full as they can be) so it takes a word or more
    from above. For paragraphs, whose right edge should stay near the margin."""
    lines = wrap(font, text, width)
    if len(lines) < 2 or len(lines[-1].text.split()) > 1:
        return lines
    return least_ragged(font, text, width, len(lines), last_counts=False) or lines


_WORDS = re.compile(r"\S+")


def least_ragged(font: pygame.font.Font, text: str, width: int, count: int, last_counts: bool) -> list[Line] | None:
    """``text`` in exactly ``count`` lines no wider than ``width``, the last of two words or
    more, with the least sum of squared room left at the lines' ends (the last line's
    room counted only when ``last_counts``: balanced lines). None when no such breaking
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
        left = room(first, total)
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


def band_top(app: Any, height: int) -> int:
    """The top of the strip along the bottom that belongs to the footer: nothing of a
    screen's content is drawn below it."""
    return height - app.px(FOOTER_BAND)


def keep_in_view(scroll: Any, top: int, bottom: int, view_height: int) -> None:
    """Scroll so that the content from ``top`` to ``bottom`` (content coordinates) is on
    screen; a row taller than the view shows its top."""
    if bottom - scroll.offset > view_height:
        scroll.scroll(bottom - scroll.offset - view_height)
    if top - scroll.offset < 0:
        scroll.scroll(top - scroll.offset)
