"""About: what is documented and what is invented, the source's provenance, licences."""

from __future__ import annotations

from typing import Any

import pygame

from ..text import balanced_wrap, draw_lines, wrap
from ..widgets import key_event
from .base import Screen, ScrollArea, draw_footer, draw_heading


def about_sections(app: Any) -> list[tuple[str, list[str]]]:
    data = app.story_data
    cast_fictional = [m for m in data.cast if m.fictional] if data else []
    cast_historical = [m for m in data.cast if not m.fictional] if data else []
    source = next(iter(data.sources.values()), None) if data else None
    return [
        ("What is documented", [
            "Everything the game states as history — events, dates, numbers, names, quotations — stands word for word "
            "in the source passage the scene cites. Press S in any scene to see the passage with the quoted words "
            "highlighted. Where the source is silent, the game says nothing, or asks you.",
            "The source is a set of BBC pages written decades later, and it is wrong in places. Where historians have "
            "shown a passage wrong or still dispute it, the game gives it only as what the BBC reported, and the "
            "editors' note beside it says what is known, naming the standard works it rests on. The notes are the "
            "editors' words, never the BBC's.",
            "Historical people appear only doing and saying what the source reports: "
            + ", ".join(m.name for m in cast_historical) + ".",
        ]),
        ("What is invented", [
            "The four people you can play and everyone around them are fictional: "
            + ", ".join(m.name for m in cast_fictional) + ". Their homes, friends, fears and choices are made up; "
            "the history they move through is not. Whatever you choose, the rally happens, the tanks return on "
            "4 November and Imre Nagy is executed in 1958.",
        ]),
        ("The source and where it came from", [
            (source.title + ". " if source else "") + (source.note if source else ""),
            "The file is shipped exactly as received, errors and all, so that every citation can be checked. Read it "
            "under Sources on the title screen: the reports disagree with each other in places worth discussing.",
        ]),
        ("Licences", [
            "Code: MIT licence.",
            "Fonts: Charis SIL (SIL International) and EB Garamond (Georg Duffner, Octavio Pardo), both under the "
            "SIL Open Font License 1.1; the licence texts are in assets/fonts/.",
            "The emblem — the Hungarian tricolour with its centre cut out — is drawn by the game.",
            "Source text: BBC On This Day reports, quoted for study.",
        ]),
    ]


class AboutScreen(Screen):
    name = "about"

    def __init__(self, app: Any):
        super().__init__(app)
        self.scroll = ScrollArea()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(780), size[0] - app.px(160))
        self.x = (size[0] - width) // 2
        self.view = pygame.Rect(0, app.px(110), size[0], size[1] - app.px(160))
        heading = app.font("display", app.body_size * 1.2)
        body = app.font("body", app.body_size * 0.85)
        self.rows = []
        y = 0
        for title, paragraphs in about_sections(app):
            self.rows.append((heading, balanced_wrap(heading, title, width), y, heading.get_linesize()))
            y += heading.get_linesize() + app.px(4)
            for paragraph in paragraphs:
                lines = wrap(body, paragraph, width)
                leading = int(body.get_linesize() * 1.1)
                self.rows.append((body, lines, y, leading))
                y += len(lines) * leading + app.px(10)
            y += app.px(16)
        self.scroll.content_height = y
        self.scroll.view_height = self.view.height
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        if self.scroll.handle(event, self.app.px(30), arrows=True):
            self.app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, "About Budapest 1956", self.x, app.px(36), 42)
        surface.set_clip(self.view)
        offset = self.view.y - self.scroll.offset
        for font, lines, top, leading in self.rows:
            draw_lines(surface, app.cache, font, lines, app.theme.text, self.x, top + offset, leading)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, app.theme.faint)
        draw_footer(app, surface, ("↑↓ PgUp PgDn scroll · " if self.scroll.max_offset > 0 else "") + "Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]
