"""The in-game menu (Esc): resume, save, load, settings, journal, sources, title, quit."""

from __future__ import annotations

from typing import Any

import pygame

from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_heading, shade


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

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = self.app.px(420)
        self.panel = pygame.Rect((size[0] - width) // 2 - self.app.px(30), self.app.px(50), width + self.app.px(60), 0)
        bottom = self.place_menu(self.panel.x + self.app.px(30), self.panel.y + self.app.px(90), width,
                                 size[1] - self.app.px(40))
        self.panel.height = bottom - self.panel.y + self.app.px(20)

    def clicked_outside(self, pos: tuple[int, int]) -> None:
        if not self.panel.collidepoint(pos):
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        shade(surface, 110)
        pygame.draw.rect(surface, app.theme.panel, self.panel, border_radius=app.px(10))
        draw_heading(app, surface, "Paused", self.panel.x + app.px(30), self.panel.y + app.px(24), 38)
        self.draw_menu(surface)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]
