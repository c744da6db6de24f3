"""Where the classroom vote's rows go: each choice's text, its closed reason, and its tally (the count
and the −/+ buttons, or in a tie one "Choose" button on each tied row).

Kept apart from the screen so the geometry can be checked without drawing: every row's
place is known before a pixel is set, in content coordinates (0 at the top of the rows'
view), and the screen only shifts them by its scroll.

The text column is as wide as the tally allows, measured on the fonts in use, and each
choice is broken into even lines; the type is set smaller (down to the projector floor)
until every row fits in the room given, and only then does the vote need to scroll.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import pygame

from .fitting import FLOOR, block_height, sizes_down
from .text import balanced_wrap
from .text import Line, wrap

#: the choices' type when there is room, in UI units
PREFERRED = 34.0
#: the widest count a tally makes room for (a class of up to 99 hands)
WIDEST_COUNT = "88"
CHOOSE = "Choose"
NOT_TIED = "not tied"


@dataclass
class VoteRow:
    """One choice on screen. ``state``: ``open`` (counting), ``closed`` (the story's reason
    below it), ``tied`` (a Choose button gives it the tie) or ``out`` (open, not tied)."""

    index: int
    state: str
    rect: pygame.Rect
    lines: list[Line]
    reason: list[Line]
    text_at: tuple[int, int]  # the first line's top-left, relative to the row
    controls: list[tuple[pygame.Rect, int]] = field(default_factory=list)  # relative; delta, 0 = Choose


@dataclass
class VoteLayout:
    """The rows at one type size, and how tall they are together."""

    size: float
    rows: list[VoteRow]
    height: int
    count_right: int  # the count's right edge, relative to a row

    def fits(self, room: int) -> bool:
        return self.height <= room


class VoteFonts:
    """The fonts of a vote set at ``size`` (the choices'); numbers and counts keep their
    proportion to it, the small print stays small."""

    def __init__(self, app: Any, size: float):
        ratio = size / PREFERRED
        self.choice = app.font("body", size)
        self.number = app.font("bold", 40 * ratio)
        self.count = app.font("bold", 48 * ratio)
        self.reason = app.font("italic", 20)
        self.button = app.font("bold", 22)
        self.mark = app.font("bold", 36)


def row_state(tally: Any, tie: Sequence[int]) -> str:
    if not tally.open:
        return "closed"
    if tie:
        return "tied" if tally.index in tie else "out"
    return "open"


def arrange(app: Any, tallies: Sequence[Any], tie: Sequence[int], width: int, room: int) -> VoteLayout:
    """The largest type at which every row fits in ``room`` pixels, else the floor's
    layout (taller than the room: the screen scrolls it)."""
    layout = None
    for size in sizes_down(PREFERRED, FLOOR):
        layout = lay_out(app, tallies, tie, width, size)
        if layout.fits(room):
            return layout
    assert layout is not None
    return layout


def tally_width(app: Any, fonts: VoteFonts) -> int:
    """What the tally on a row's right needs: the count, then the −/+ pair or the Choose
    button, whichever is wider (so the text does not reflow when a tie begins)."""
    pair = 2 * app.px(44) + app.px(10)
    choose = fonts.button.size(CHOOSE)[0] + app.px(28)
    return fonts.count.size(WIDEST_COUNT)[0] + app.px(16) + max(pair, choose) + app.px(12)


def lay_out(app: Any, tallies: Sequence[Any], tie: Sequence[int], width: int, size: float) -> VoteLayout:
    fonts = VoteFonts(app, size)
    roomy = size >= 30
    pad = app.px(12 if roomy else 8)
    gap = app.px(10 if roomy else 6)
    text_x = app.px(16) + fonts.number.size("9")[0] + app.px(26)
    tally = tally_width(app, fonts)
    text_width = max(app.px(120), width - text_x - tally - app.px(16))
    controls_width = tally - fonts.count.size(WIDEST_COUNT)[0] - app.px(16) - app.px(12)
    count_right = width - app.px(12) - controls_width - app.px(16)
    button = app.px(44)
    rows: list[VoteRow] = []
    y = 0
    for tally_row in tallies:
        state = row_state(tally_row, tie)
        lines = balanced_wrap(fonts.choice, tally_row.text, text_width)
        reason = wrap(fonts.reason, tally_row.reason or "closed", text_width) if state == "closed" else []
        text_height = block_height(fonts.choice, len(lines))
        if reason:
            text_height += app.px(8) + len(reason) * fonts.reason.get_linesize()
        height = max(button + 2 * app.px(10), text_height + 2 * pad)
        rect = pygame.Rect(0, y, width, height)
        controls: list[tuple[pygame.Rect, int]] = []
        middle = height // 2
        right = width - app.px(12)
        if state == "open":
            for delta, offset in ((1, button), (-1, 2 * button + app.px(10))):
                controls.append((pygame.Rect(right - offset, middle - button // 2, button, button), delta))
            controls.reverse()  # − before +, as read
        elif state == "tied":
            choose = fonts.button.size(CHOOSE)[0] + app.px(28)
            controls.append((pygame.Rect(right - choose, middle - button // 2, choose, button), 0))
        rows.append(VoteRow(tally_row.index, state, rect, lines, reason, (text_x, pad), controls))
        y += height + gap
    return VoteLayout(size, rows, max(0, y - gap), count_right)
