"""The timeline along the bottom edge: 23 October to 4 November, then the years after,
with the story's current moment marked. It gives a player the shape of the thirteen
days at a glance, and shows how far the fixed history has run."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pygame

START = datetime(1956, 10, 23)
END = datetime(1956, 11, 5)  # the end of 4 November
DAYS = 13
KEY_DAYS = {23: "Rally", 25: "Parliament Sq.", 30: "Pull-out", 4: "Invasion"}


def draw_timeline(app: Any, surface: pygame.Surface, rect: pygame.Rect, moment: datetime | None) -> None:
    theme = app.theme
    pygame.draw.rect(surface, theme.panel, rect)
    pygame.draw.line(surface, theme.rule, rect.topleft, rect.topright)
    left = rect.x + app.px(70)
    after_width = app.px(110)
    right = rect.right - after_width - app.px(60)
    axis_y = rect.y + rect.height // 2 - app.px(4)
    small = app.font("body", 12)
    label_font = app.font("italic", 12)
    pygame.draw.line(surface, theme.faint, (left, axis_y), (right, axis_y), 2)
    day_width = (right - left) / DAYS
    for day in range(DAYS):
        date = START + timedelta(days=day)
        x = int(left + day * day_width)
        pygame.draw.line(surface, theme.faint, (x, axis_y - 4), (x, axis_y + 4), 1)
        label = f"{date.day}" + (" Oct" if day == 0 else " Nov" if date.day == 1 else "")
        text = app.cache.render(small, label, theme.muted)
        surface.blit(text, (x + 3, axis_y + app.px(6)))
        if date.day in KEY_DAYS:
            note = app.cache.render(label_font, KEY_DAYS[date.day], theme.faint)
            surface.blit(note, (x + 3, axis_y - app.px(6) - note.get_height()))
    # before and after
    before = app.cache.render(small, "before", theme.muted)
    pygame.draw.line(surface, theme.faint, (rect.x + app.px(16), axis_y), (left - app.px(8), axis_y), 1)
    surface.blit(before, (rect.x + app.px(16), axis_y + app.px(6)))
    after_left = right + app.px(34)
    pygame.draw.line(surface, theme.faint, (after_left, axis_y), (after_left + after_width, axis_y), 1)
    after = app.cache.render(small, "after: 1956–1991", theme.muted)
    surface.blit(after, (after_left, axis_y + app.px(6)))
    if moment is None:
        return
    if moment < START:
        x = rect.x + app.px(40)
    elif moment < END:
        x = int(left + (moment - START).total_seconds() / 86400 * day_width)
    else:
        years = max(0.0, min(1.0, (moment.year - 1956) / (1991 - 1956)))
        x = int(after_left + years * after_width)
    radius = app.px(6)
    pygame.draw.circle(surface, theme.accent, (x, axis_y), radius)
    pygame.draw.circle(surface, theme.panel, (x, axis_y), max(1, radius // 3))
