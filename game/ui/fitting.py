"""Fitting a classroom screen's large type into the window before anything scrolls.

A projector screen is read from the back of a room, so its type starts large; when the
lines do not fit above the footer band the type is set smaller, step by step, down to
:data:`FLOOR`, and only past that does the screen scroll. A teacher who has to scroll
away from half a vote cannot see the whole question the class is voting on.
"""

from __future__ import annotations

from typing import Any

import pygame

from .screens.base import FOOTER_BAND

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
