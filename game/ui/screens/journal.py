"""The journal: every scene visited and every choice made, newest last, scrollable."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.dateline import dateline
from ..text import draw_lines, wrap
from ..widgets import key_event
from .base import Screen, ScrollArea, draw_footer, draw_heading


class JournalScreen(Screen):
    name = "journal"

    def __init__(self, app: Any):
        super().__init__(app)
        self.scroll = ScrollArea()
        self.rows: list[tuple[Any, list, int, Any]] = []
        self.first_layout = True

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        story = app.story
        width = min(app.px(760), size[0] - app.px(160))
        self.x = (size[0] - width) // 2
        self.view = pygame.Rect(0, app.px(110), size[0], size[1] - app.px(160))
        small = app.font("body", 14)
        title = app.font("display", app.body_size * 1.05)
        body = app.font("italic", app.body_size * 0.8)
        y = 0
        self.rows = []
        if story is None:
            return
        steps = story.history
        path = story.path
        for index, scene_id in enumerate(path):
            scene = app.story_data.scenes[scene_id]
            for font, text, colour in (
                (small, dateline(scene), app.theme.muted),
                (title, scene.title, app.theme.text),
            ):
                lines = wrap(font, text, width)
                self.rows.append((font, lines, y, colour))
                y += len(lines) * font.get_linesize()
            if index < len(steps):
                lines = wrap(body, f"You chose: {steps[index].choice.text}", width - app.px(20))
                self.rows.append((body, lines, y, app.theme.accent))
                y += len(lines) * body.get_linesize()
            else:
                lines = wrap(body, "You are here.", width)
                self.rows.append((body, lines, y, app.theme.good))
                y += len(lines) * body.get_linesize()
            y += app.px(16)
        self.scroll.content_height = y
        self.scroll.view_height = self.view.height
        if self.first_layout:
            self.scroll.offset = self.scroll.max_offset
            self.first_layout = False
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_j, pygame.K_ESCAPE):
            app.pop()
            return
        if self.scroll.handle(event, app.px(30), arrows=True):
            app.invalidate()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, "Journal", self.x, app.px(36), 40)
        surface.set_clip(self.view)
        offset = self.view.y - self.scroll.offset
        for font, lines, top, colour in self.rows:
            y = top + offset
            if self.view.y - 200 < y < self.view.bottom:
                draw_lines(surface, app.cache, font, lines, colour, self.x, y, font.get_linesize())
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, app.theme.faint)
        draw_footer(app, surface, "↑↓ PgUp PgDn scroll · J or Esc back to the story")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_PAGEUP), key_event(pygame.K_ESCAPE)]
