"""Choose a point of view: four invented people, each marked as fictional."""

from __future__ import annotations

from typing import Any

import pygame

from ..text import draw_lines, wrap
from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_footer, draw_heading


class NewGameScreen(MenuScreen):
    name = "new_game"

    def __init__(self, app: Any):
        super().__init__(app)
        data = app.story_data
        self.perspectives = list(data.perspectives.values()) if data else []
        self.menu = Menu(app, [
            Item(f"{p.name}, {p.role}", (lambda pid=p.id: app.start_story(pid)),
                 detail=("A fictional character. " if p.fictional else "") + " ".join(p.blurb))
            for p in self.perspectives
        ], numbered=True, size=23)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = min(self.app.px(860), size[0] - self.app.px(120))
        x = (size[0] - width) // 2
        self.place_menu(x, self.app.px(175), width, size[1] - self.app.px(44))

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        x = self.menu.items[0].rect.x if self.menu.items else app.px(80)
        y = draw_heading(app, surface, "Whose October?", x, app.px(50), 44)
        font = app.font("italic", 17)
        lines = wrap(font, "Each point of view is a path of its own, 20 to 40 minutes long. "
                           "History stays as it happened; what you choose shapes one life.",
                     self.menu.items[0].rect.width if self.menu.items else app.px(860))
        draw_lines(surface, app.cache, font, lines, app.theme.muted, x, y, font.get_linesize())
        self.draw_menu(surface)
        draw_footer(app, surface, f"1–{len(self.perspectives)} or ↑↓ and Enter choose · Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_1 + i) for i in range(len(self.perspectives))]
