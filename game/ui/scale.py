"""One UI scale, from the window's size and the chosen text size.

The layouts are drawn for a 1280x720 window and 24 px text. The window alone gives a
factor (as before: 0.8 to 2.2); the text size multiplies it, so a teacher who picks 40 px
text for a projector at the back of a room gets buttons, footers, the timeline and the
source drawer grown with it, not only the story's paragraphs.

The text size may grow the chrome by at most ``TEXT_ROOM`` times what the window could
hold at the design size; past that the layouts would no longer fit, and only the reading
text keeps growing (see :func:`reading_size`). The scale never drops below 0.8, where
the smallest hints are still legible.
"""

from __future__ import annotations

DESIGN_SIZE = (1280, 720)
DESIGN_TEXT = 24  # the text size the layouts were drawn for (the default)
WINDOW_RANGE = (0.8, 2.2)
FLOOR = 0.8
TEXT_ROOM = 1.4


def window_factor(size: tuple[int, int]) -> float:
    """How much bigger than the design size the window is (within :data:`WINDOW_RANGE`)."""
    low, high = WINDOW_RANGE
    return max(low, min(high, _fit(size)))


def ui_scale(size: tuple[int, int], text_px: float) -> float:
    """The factor for every size on screen: the window's, times the text size's, capped."""
    window = window_factor(size)
    wanted = window * text_px / DESIGN_TEXT
    room = max(window, _fit(size) * TEXT_ROOM)
    return max(FLOOR, min(wanted, room))


def reading_size(size: tuple[int, int], text_px: float) -> float:
    """The body text size in UI units: what to pass to ``app.font`` so that the story's text
    comes out at ``text_px`` times the window factor, whatever the scale (so the text size
    is not applied twice, and keeps growing where the chrome is capped)."""
    return text_px * window_factor(size) / ui_scale(size, text_px)


def _fit(size: tuple[int, int]) -> float:
    width, height = size
    return min(width / DESIGN_SIZE[0], height / DESIGN_SIZE[1])
