"""The title screen: the emblem, the name, and the way into everything else."""

from __future__ import annotations

from typing import Any

import pygame

from ..emblem import draw_emblem
from ..text import draw_lines, wrap
from ..widgets import Item, Menu, key_event
from .base import Screen, draw_footer


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app: Any):
        super().__init__(app)
        self.menu = Menu(app, [], size=24)  # built in layout, which push() calls at once

    def build_menu(self) -> None:
        app = self.app
        focus = self.menu.focus if self.menu.items else None
        # the folder is listed once: every resize lays the title out again
        playthroughs = app.saves.playthroughs() if app.saves is not None else []
        latest = app.saves.most_recent(playthroughs) if playthroughs else None
        has_story = app.story_data is not None
        continue_detail = latest.place if latest is not None else ""
        if latest is None and playthroughs:
            continue_detail = "Every autosave is damaged; Load lists them with the reason."
        self.menu = Menu(app, [
            Item("New game", lambda: app.push("new_game"), has_story, key=pygame.K_n,
                 detail="" if has_story else "The story has errors; press F5 after fixing them."),
            Item("Continue", app.continue_latest, latest is not None and has_story, continue_detail,
                 key=pygame.K_c),
            Item("Load", lambda: app.push("load"), has_story, key=pygame.K_l),
            Item("Classroom", app.open_classroom, has_story, key=pygame.K_k),
            Item("Sources", lambda: app.push("sources"), has_story, key=pygame.K_s),
            Item("Settings", lambda: app.push("settings"), key=pygame.K_o),
            Item("About", lambda: app.push("about"), key=pygame.K_a),
            Item("Quit", app.request_quit, key=pygame.K_q),
        ], size=23)
        if focus is not None and self.menu.items[focus].enabled:
            self.menu.focus = focus
        elif latest is not None and has_story:
            self.menu.focus = 1  # a returning player's first wish is to go on

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        self.build_menu()
        width, height = size
        menu_width = self.app.px(400)
        x = width - menu_width - self.app.px(90)
        bottom = self.menu.layout(x, self.app.px(110), menu_width)
        limit = height - self.app.px(50)
        if bottom > limit:  # small windows: move the menu up rather than off the screen
            self.menu.layout(x, max(self.app.px(20), self.app.px(110) - (bottom - limit)), menu_width)

    def handle(self, event: pygame.event.Event) -> None:
        if self.menu.handle(event):
            self.app.invalidate()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            pass  # the title screen is the bottom of the stack; Quit is in the menu

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        width, height = surface.get_size()
        left = app.px(90)
        flag_width = min(app.px(330), max(app.px(150), self.menu.items[0].rect.x - left - app.px(60)))
        flag = pygame.Rect(left, app.px(110), flag_width, flag_width * 2 // 3)
        draw_emblem(surface, flag, theme.background)
        y = flag.bottom + app.px(40)
        column = max(app.px(200), self.menu.items[0].rect.x - left - app.px(40))
        size = 78
        while size > 30 and app.font("display", size).size("Budapest 1956")[0] > column:
            size -= 4
        title = app.font("display", size)
        surface.blit(app.cache.render(title, "Budapest 1956", theme.text), (left - app.px(4), y))
        y += title.get_linesize()
        subtitle = app.font("display_italic", min(28, size * 0.4))
        data = app.story_data
        text = data.subtitle if data and data.subtitle else "Thirteen days in October and November"
        y = draw_lines(surface, app.cache, subtitle, wrap(subtitle, text, column), theme.muted, left, y,
                       subtitle.get_linesize()) + app.px(18)
        note = app.font("body", 16)
        lines = wrap(note, "Four invented lives. Every fact on screen stands in the source it cites.", column)
        draw_lines(surface, app.cache, note, lines, theme.muted, left, y, note.get_linesize())
        self.menu.draw(surface)
        draw_footer(app, surface, "↑↓ choose · Enter open · letters are shortcuts · F11 full screen")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_k if getattr(self.app.options, "classroom", False) else pygame.K_n)]
