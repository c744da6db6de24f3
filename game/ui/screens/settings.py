"""Settings: text size, theme, text reveal, full screen, reduce motion. Kept between runs.

Left and right change a value, Enter cycles it; every change is saved at once and takes
effect immediately, so a player sees what they chose.

The text size changes the whole UI's scale, this screen's too, so it must fit at every
size: one line a row (the footer says how to change them), rows that tighten when the
window is short, and a menu that scrolls only when even that is not enough. The sample
is set in the chosen size and always shown whole."""

from __future__ import annotations

from typing import Any

import pygame

from ..settings import REVEALS, TEXT_SIZES, THEMES
from ..text import draw_lines, wrap
from ..theme import THEME_LABELS
from ..widgets import Item, Menu, key_event
from .base import MenuScreen, draw_footer, draw_heading

SAMPLE = "Sample: Ernő Gerő, Győr, Szőnyi, műhely — ‘quoted’ “words” – 1956"


class SettingsScreen(MenuScreen):
    name = "settings"

    def __init__(self, app: Any):
        super().__init__(app)
        self.menu = Menu(app, [])
        self.rebuild()

    def rows(self) -> list[tuple[str, str, Any]]:
        s = self.app.settings
        return [
            ("Text size", f"{TEXT_SIZES[s.text_size]} px", self.change_size),
            ("Theme", THEME_LABELS[s.theme], self.change_theme),
            ("Text reveal", ("Typewriter (any key shows all)" + (" — off while motion is reduced" if s.reduce_motion else ""))
             if s.reveal == "typewriter" else "Instant", self.change_reveal),
            ("Typewriter speed", f"{s.reveal_speed} characters a second", self.change_speed),
            ("Full screen (F11)", "On" if s.fullscreen else "Off", self.change_fullscreen),
            ("Reduce motion", "On: text appears at once, nothing moves" if s.reduce_motion else "Off", self.change_motion),
        ]

    def rebuild(self) -> None:
        focus = self.menu.focus if self.menu.items else 0
        self.menu = Menu(self.app, [
            Item(f"{label}:  {value}", (lambda f=change: f(1))) for label, value, change in self.rows()
        ], size=22)
        self.menu.focus = focus
        self.layout(self.app.window.get_size())

    def apply(self) -> None:
        self.app.settings.clean()
        self.app.save_settings()
        self.app.cache.clear()
        self.app.relayout()
        self.rebuild()

    def change_size(self, step: int) -> None:
        self.app.settings.text_size = max(0, min(len(TEXT_SIZES) - 1, self.app.settings.text_size + step))
        self.apply()

    def change_theme(self, step: int) -> None:
        index = THEMES.index(self.app.settings.theme)
        self.app.settings.theme = THEMES[(index + step) % len(THEMES)]
        self.apply()

    def change_reveal(self, step: int) -> None:
        index = REVEALS.index(self.app.settings.reveal)
        self.app.settings.reveal = REVEALS[(index + step) % len(REVEALS)]
        self.apply()

    def change_speed(self, step: int) -> None:
        self.app.settings.reveal_speed += 20 * step
        self.apply()

    def change_fullscreen(self, step: int) -> None:
        self.app.toggle_fullscreen()
        self.rebuild()

    def change_motion(self, step: int) -> None:
        self.app.settings.reduce_motion = not self.app.settings.reduce_motion
        self.apply()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(700), size[0] - 2 * app.px(40))
        self.x = (size[0] - width) // 2
        roomy = size[1] >= app.px(640)
        self.heading_y = app.px(40 if roomy else 16)
        top = self.heading_y + app.font("display", 42).get_linesize() + app.px(20 if roomy else 8)
        bottom = size[1] - self.footer_height() - self.sample_height(width)
        for pad in (10, 6, 3):  # roomy when there is room, tighter when not
            self.menu.pad = pad
            if self.menu.layout(self.x, top, width) <= bottom:
                break
        self.place_menu(self.x, top, width, bottom)

    def footer_height(self) -> int:
        return self.app.font("body", 15).get_linesize() + self.app.px(20)

    def sample_height(self, width: int) -> int:
        sample = self.app.font("body", self.app.body_size)
        return len(wrap(sample, SAMPLE, width)) * sample.get_linesize() + self.app.px(16)

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            change = self.rows()[self.menu.focus][2]
            change(1 if event.key == pygame.K_RIGHT else -1)
            self.app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        draw_heading(app, surface, "Settings", self.x, self.heading_y, 42)
        self.draw_menu(surface)
        sample = app.font("body", app.body_size)
        lines = wrap(sample, SAMPLE, self.menu.items[0].rect.width)
        top = min(self.menu.items[-1].rect.bottom - self.menu_scroll.offset, self.menu_view.bottom) + app.px(12)
        draw_lines(surface, app.cache, sample, lines, app.theme.muted, self.x, top, sample.get_linesize())
        draw_footer(app, surface, "↑↓ choose · ← → change · Esc back · settings are kept between runs")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]
