"""The timeline along the bottom edge: 23 October to 4 November, then the years after,
with the story's current moment marked. It gives a player the shape of the thirteen
days at a glance, and shows how far the fixed history has run.

The last segment names the real span of the story's later scenes (say "5 Nov 1956 – 2006"),
read from the scenes' own dates, so a story that ends in 1957 does not claim 1991. Every
size comes from the app's UI scale, so the timeline grows with the text size, and labels
that would run into each other are left out rather than drawn on top of each other.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pygame

from ..core.dateline import MONTHS

START = datetime(1956, 10, 23)
END = datetime(1956, 11, 5)  # the end of 4 November
DAYS = 13
KEY_DAYS = {23: "Rally", 25: "Parliament Sq.", 30: "Pull-out", 4: "Invasion"}

_spans: dict[int, tuple[Any, tuple[datetime, datetime] | None]] = {}


def after_span(story_data: Any) -> tuple[datetime, datetime] | None:
    """The first and last dates of the scenes after the thirteen days (None: there are none)."""
    if story_data is None:
        return None
    cached = _spans.get(id(story_data))
    if cached is not None and cached[0] is story_data:
        return cached[1]
    moments = []
    for scene in story_data.scenes.values():
        if not scene.date:
            continue
        try:
            moment = scene.when
        except ValueError:  # the checker reports it; the timeline just leaves it out
            continue
        if moment >= END:
            moments.append(moment)
    span = (min(moments), max(moments)) if moments else None
    _spans.clear()  # one story at a time
    _spans[id(story_data)] = (story_data, span)
    return span


def span_label(span: tuple[datetime, datetime] | None) -> str:
    """"after: 5 Nov 1956 – 2006"; the day is given only while the span starts in 1956."""
    if span is None:
        return "after"
    first, last = span
    begin = f"{first.day} {MONTHS[first.month - 1][:3]} {first.year}" if first.year == START.year else f"{first.year}"
    if last.year == first.year:
        return f"after: {begin}"
    return f"after: {begin} – {last.year}"


def draw_timeline(app: Any, surface: pygame.Surface, rect: pygame.Rect, moment: datetime | None) -> None:
    theme = app.theme
    pygame.draw.rect(surface, theme.panel, rect)
    pygame.draw.line(surface, theme.rule, rect.topleft, rect.topright)
    small = app.font("body", 12)
    label_font = app.font("italic", 12)
    span = after_span(getattr(app, "story_data", None))
    after = app.cache.render(small, span_label(span), theme.muted)
    edge = app.px(16)
    after_width = max(app.px(90), after.get_width())
    after_left = rect.right - edge - after_width
    left = rect.x + app.px(70)
    right = after_left - app.px(34)
    axis_y = rect.y + rect.height // 2 - app.px(4)
    below = axis_y + app.px(6)
    tick = app.px(4)
    pygame.draw.line(surface, theme.faint, (left, axis_y), (right, axis_y), max(1, app.px(2)))
    day_width = (right - left) / DAYS
    day_end = key_end = -1  # where the last label drawn ends, to keep the next clear of it
    gap = app.px(6)
    for day in range(DAYS):
        date = START + timedelta(days=day)
        x = int(left + day * day_width)
        pygame.draw.line(surface, theme.faint, (x, axis_y - tick), (x, axis_y + tick), 1)
        label = f"{date.day}" + (" Oct" if day == 0 else " Nov" if date.day == 1 else "")
        text = app.cache.render(small, label, theme.muted)
        if x + 3 > day_end and x + 3 + text.get_width() < right + app.px(20):
            surface.blit(text, (x + 3, below))
            day_end = x + 3 + text.get_width() + gap
        if date.day in KEY_DAYS:
            note = app.cache.render(label_font, KEY_DAYS[date.day], theme.muted)
            if x + 3 > key_end and x + 3 + note.get_width() <= after_left:
                surface.blit(note, (x + 3, axis_y - app.px(6) - note.get_height()))
                key_end = x + 3 + note.get_width() + gap
    # before and after
    before = app.cache.render(small, "before", theme.muted)
    pygame.draw.line(surface, theme.faint, (rect.x + edge, axis_y), (left - app.px(8), axis_y), 1)
    surface.blit(before, (rect.x + edge, below))
    pygame.draw.line(surface, theme.faint, (after_left, axis_y), (after_left + after_width, axis_y), 1)
    surface.blit(after, (after_left, below))
    if moment is None:
        return
    if moment < START:
        x = rect.x + app.px(40)
    elif moment < END:
        x = int(left + (moment - START).total_seconds() / 86400 * day_width)
    else:
        x = int(after_left + _share_of(moment, span) * after_width)
    radius = app.px(6)
    pygame.draw.circle(surface, theme.accent, (x, axis_y), radius)
    pygame.draw.circle(surface, theme.panel, (x, axis_y), max(1, radius // 3))


def _share_of(moment: datetime, span: tuple[datetime, datetime] | None) -> float:
    """How far along the after segment ``moment`` lies, 0 to 1."""
    if span is None or span[1] <= span[0]:
        return 0.0
    share = (moment - span[0]).total_seconds() / (span[1] - span[0]).total_seconds()
    return max(0.0, min(1.0, share))
