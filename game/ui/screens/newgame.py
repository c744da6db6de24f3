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
            Item(f"{p.name}, {p.role}", (lambda pid=p.id: self.begin(pid)),
                 detail=("A fictional character. " if p.fictional else "") + " ".join(p.blurb))
            for p in self.perspectives
        ], numbered=True, size=23)

    def begin(self, perspective: str) -> None:
        """Start this point of view; if it already has a place kept (and not at an ending),
        ask first, since the new game's autosaves take over from it."""
        app = self.app
        kept = app.autosave_of(perspective)
        if kept is None or kept.at_ending:
            app.start_story(perspective)
            return
        name = app.story_data.perspectives[perspective].name
        def start_again() -> None:
            app.start_story(perspective)

        def go_on() -> None:
            app.load_save(kept)

        app.push("message", f"Start {name}'s story again?",
                 f"Your place in {name}'s story is kept: {kept.where}. Starting again "
                 "makes the new game this story's autosave; the old place stays under Load as an "
                 "earlier autosave only until the new game has moved on, so save it in a slot "
                 "first if you want to keep it.",
                 [Item("Continue where I was", go_on, key=pygame.K_c),
                  Item("Start again", start_again, key=pygame.K_s),
                  Item("Cancel", app.pop, key=pygame.K_ESCAPE)])

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
        count = len(self.perspectives)
        keys = "1 or Enter" if count == 1 else f"1–{count} or ↑↓ and Enter"
        draw_footer(app, surface, f"{keys} choose · Esc back")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_1 + i) for i in range(len(self.perspectives))]
