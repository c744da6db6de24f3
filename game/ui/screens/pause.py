"""The in-game menu (Esc): resume, save, load, settings, journal, sources, title, quit."""

from __future__ import annotations

from typing import Any

import pygame

from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_dialog_frame, draw_heading, shade


class PauseScreen(MenuScreen):
    opaque = False
    name = "pause"

    def __init__(self, app: Any):
        super().__init__(app)
        self.menu = Menu(app, [
            Item("Resume", app.pop, key=pygame.K_r),
            Item("Save", lambda: app.push("save"), key=pygame.K_s),
            Item("Load", lambda: app.push("load"), key=pygame.K_l),
            Item("Journal", lambda: app.push("journal"), key=pygame.K_j),
            Item("Sources", lambda: app.push("sources"), key=pygame.K_o),
            Item("Settings", lambda: app.push("settings"), key=pygame.K_e),
            Item("Title screen", self.to_title, detail="Your place is kept in the autosave.", key=pygame.K_t),
            Item("Quit", app.request_quit, detail="Your place is kept in the autosave.", key=pygame.K_q),
        ], size=22)

    def to_title(self) -> None:
        self.app.autosave()
        self.app.reset("title")

    # (panel top, heading's room, row padding) in UI units: roomy first, then tighter, so
    # Quit stays on screen in a short window or at a large text size; the menu scrolls
    # only when even the tightest does not fit
    LAYOUTS = ((50, 90, 10), (24, 74, 6), (10, 62, 3))

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(420), size[0] - 2 * app.px(40))
        limit = size[1] - app.px(12)
        for top, heading, pad in self.LAYOUTS:
            self.menu.pad = pad
            if app.px(top) + app.px(heading) + self.menu.layout(0, 0, width) + app.px(20) <= limit:
                break
        heading_line = app.font("display", 38).get_linesize()
        self.heading_y = app.px(top) + max(app.px(6), (app.px(heading) - heading_line) // 2)
        self.panel = pygame.Rect((size[0] - width) // 2 - app.px(30), app.px(top), width + app.px(60), 0)
        bottom = self.place_menu(self.panel.x + app.px(30), self.panel.y + app.px(heading), width,
                                 limit - app.px(20))
        self.panel.height = bottom - self.panel.y + app.px(20)

    def clicked_outside(self, pos: tuple[int, int]) -> None:
        if not self.panel.collidepoint(pos):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        shade(surface, 110)
        draw_dialog_frame(app, surface, self.panel)
        draw_heading(app, surface, "Paused", self.panel.x + app.px(30), self.heading_y, 38)
        self.draw_menu(surface)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]
