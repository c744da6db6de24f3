"""The title screen: the emblem, the name, and the way into everything else.

The emblem with the name and the menu are one group, centred in the window (across and
down) whatever its size, so a large window has no hole in the middle. The group fits
between the top edge and the footer band at every text size: the emblem gets smaller
first, then the title; the menu's rows get tighter, then its type smaller down to a
floor, and only then does it scroll (with the focus always in view)."""

from __future__ import annotations

from typing import Any

import pygame

from ..emblem import draw_emblem
from ..text import Line, balanced_wrap, draw_lines
from ..widgets import Item, Menu, key_event
from .base import FOOTER_BAND, MenuScreen, draw_footer

BLURB = "Four invented lives. Every fact on screen stands in the source it cites."
#: the menu's (type size, row padding) in UI units, roomy first: the first that fits is used
MENU_FITS = ((23, 10), (23, 6), (23, 3), (21, 3), (19, 3), (18, 2))
TITLE_SIZES = (78, 70, 62, 54, 46, 40)  # the name's display size, largest first


class TitleScreen(MenuScreen):
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
        app = self.app
        width, height = size
        margin = app.px(40)
        top, bottom = app.px(24), height - app.px(FOOTER_BAND + 8)  # clear of the footer band
        room = bottom - top
        group = min(width - 2 * margin, app.px(1100))
        menu_width = min(app.px(400), group * 2 // 5)
        gap = app.px(90) if group >= app.px(900) else app.px(40)
        self.left = (width - group) // 2
        self.column = group - menu_width - gap
        menu_x = self.left + group - menu_width
        for text_size, pad in MENU_FITS:
            self.menu.size, self.menu.pad = text_size, pad
            menu_height = self.menu.layout(menu_x, 0, menu_width) - app.px(pad * 0.6)
            if menu_height <= room:
                break
        menu_height = min(menu_height, room)
        left_height = self.fit_column(room)
        tallest = max(menu_height, left_height)
        group_top = top + (room - tallest) // 2  # the group centred down the window...
        self.place_column(group_top + (tallest - left_height) // 2)  # ...and each column in it
        self.place_menu(menu_x, group_top + (tallest - menu_height) // 2, menu_width, bottom)

    def fit_column(self, room: int) -> int:
        """Choose the emblem's and the name's sizes so the left column fits ``room``: the
        emblem shrinks first (to a third), then the name, and at the very last the emblem
        goes. Returns the column's height."""
        app = self.app
        widest = min(app.px(330), self.column, room * 2 // 5 * 3 // 2)  # at most 2/5 of the height
        flags = [widest * step // 6 for step in (6, 5, 4, 3, 2)]
        tries = [(flag, TITLE_SIZES[0]) for flag in flags] + [(flags[-1], size) for size in TITLE_SIZES[1:]]
        for flag_width, title_size in tries + [(0, size) for size in TITLE_SIZES]:
            height = self.arrange_column(flag_width, title_size)
            if height <= room:
                break
        return height

    def arrange_column(self, flag_width: int, title_size: int) -> int:
        """Lay the left column out from y 0 with an emblem ``flag_width`` wide (none at 0)
        and the name at ``title_size`` (smaller where the column is too narrow for it)."""
        app = self.app
        size = title_size
        while size > 30 and app.font("display", size).size("Budapest 1956")[0] > self.column:
            size -= 2
        self.title_font = app.font("display", size)
        self.subtitle_font = app.font("display_italic", min(28, size * 0.4))
        self.blurb_font = app.font("body", 16)
        data = app.story_data
        subtitle = data.subtitle if data and data.subtitle else "Thirteen days in October and November"
        self.subtitle_lines = balanced_wrap(self.subtitle_font, subtitle, self.column)
        self.blurb_lines = balanced_wrap(self.blurb_font, BLURB, self.column)
        self.flag = pygame.Rect(0, 0, flag_width, flag_width * 2 // 3) if flag_width else None
        self.rows: list[tuple[pygame.font.Font, list[Line], int]] = []
        y = self.flag.bottom + app.px(36) if self.flag else 0
        self.rows.append((self.title_font, [Line("Budapest 1956", 0)], y))
        y += self.title_font.get_linesize()
        self.rows.append((self.subtitle_font, self.subtitle_lines, y))
        y += len(self.subtitle_lines) * self.subtitle_font.get_linesize() + app.px(18)
        self.rows.append((self.blurb_font, self.blurb_lines, y))
        return y + len(self.blurb_lines) * self.blurb_font.get_linesize()

    def place_column(self, y: int) -> None:
        """Move the laid-out column down to ``y``."""
        if self.flag is not None:
            self.flag.topleft = (self.left, y)
        self.rows = [(font, lines, top + y) for font, lines, top in self.rows]

    def back(self) -> None:
        """Esc: nothing. The title screen is the bottom of the stack; Quit is in the menu."""

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        if self.flag is not None:
            draw_emblem(surface, self.flag, theme.background)
        colours = (theme.text, theme.muted, theme.muted)
        for (font, lines, y), colour in zip(self.rows, colours):
            nudge = app.px(4) if font is self.title_font else 0  # the big capital's side bearing
            draw_lines(surface, app.cache, font, lines, colour, self.left - nudge, y, font.get_linesize())
        self.draw_menu(surface)
        draw_footer(app, surface, "↑↓ choose · Enter open · letters are shortcuts · F11 full screen")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_k if getattr(self.app.options, "classroom", False) else pygame.K_n)]
