"""Buttons and keyboard-navigable menus shared by every screen.

A menu answers to the mouse (hover, click), to the keyboard (arrows, Enter, 1-9) and
draws its focused item distinctly, so every screen is playable without a mouse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pygame

from .text import wrap, draw_lines


@dataclass
class Item:
    label: str
    action: Callable[[], None]
    enabled: bool = True
    detail: str = ""  # a second line (save slot info, a closed choice's reason)
    key: int | tuple[int, ...] | None = None  # an extra hotkey (pygame key constants)
    rect: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    #: what Delete (or Backspace) does to the item: put a lesson away, delete a save. An
    #: item that has one can be focused even when it cannot be chosen, so a damaged file
    #: can still be removed
    remove: Callable[[], None] | None = None

    @property
    def reachable(self) -> bool:
        """Whether the focus may rest on the item."""
        return self.enabled or self.remove is not None


#: the keys that remove the focused item (a Mac keyboard's "delete" is Backspace)
REMOVE_KEYS = (pygame.K_DELETE, pygame.K_BACKSPACE)


class Menu:
    """A vertical list of items laid out from a top-left point at a given width."""

    def __init__(self, app, items: list[Item], numbered: bool = False, face: str = "body", size: float = 24,
                 pad: float = 10):
        self.app = app
        self.items = items
        self.numbered = numbered
        self.face = face
        self.size = size
        self.pad = pad  # inside each row, in UI units; a screen short of room makes it smaller
        self.focus = next((i for i, item in enumerate(items) if item.enabled),
                          next((i for i, item in enumerate(items) if item.reachable), 0))
        self.hover: int | None = None
        # whether the focused item is drawn as focused: the story screen hides it until the
        # player reaches the choices, so no choice looks picked before it was read
        self.show_focus = True
        self._laid: list[tuple[Item, list, list, int]] = []

    def layout(self, x: int, y: int, width: int) -> int:
        """Place the items; return the y below the last."""
        font = self.app.font(self.face, self.size)
        small = self.app.font("italic", max(12, int(self.size * 0.72)))
        pad, inset = self.app.px(self.pad), self.app.px(10)  # above and below; beside
        number_width = self.app.px(34) if self.numbered else 0
        self._laid = []
        for item in self.items:
            lines = wrap(font, item.label, width - number_width - 2 * inset)
            details = wrap(small, item.detail, width - number_width - 2 * inset) if item.detail else []
            height = len(lines) * font.get_linesize() + len(details) * small.get_linesize() + 2 * pad
            item.rect = pygame.Rect(x, y, width, height)
            self._laid.append((item, lines, details, number_width))
            y += height + self.app.px(self.pad * 0.6)
        return y

    def draw(self, surface: pygame.Surface) -> None:
        theme = self.app.theme
        font = self.app.font(self.face, self.size)
        small = self.app.font("italic", max(12, int(self.size * 0.72)))
        number_font = self.app.font("bold", self.size)
        pad, inset = self.app.px(self.pad), self.app.px(10)
        for index, (item, lines, details, number_width) in enumerate(self._laid):
            focused = index == self.focus and self.show_focus
            hovered = index == self.hover
            rect = item.rect
            if (focused or hovered) and item.reachable:
                pygame.draw.rect(surface, theme.hover, rect, border_radius=self.app.px(6))
            if focused and item.reachable:
                pygame.draw.rect(surface, theme.accent, pygame.Rect(rect.x, rect.y, self.app.px(4), rect.height))
            colour = theme.text if item.enabled else theme.faint
            if self.numbered:
                label = number_font.render(f"{index + 1}", True, theme.accent if item.enabled else theme.faint)
                surface.blit(label, (rect.x + inset + self.app.px(4), rect.y + pad))
            y = draw_lines(surface, self.app.cache, font, lines, colour, rect.x + inset + number_width, rect.y + pad, font.get_linesize())
            if details:
                draw_lines(surface, self.app.cache, small, details, theme.muted if item.enabled else theme.faint,
                           rect.x + inset + number_width, y, small.get_linesize())

    def draw_shifted(self, surface: pygame.Surface, offset: int) -> None:
        """Draw items laid out in content coordinates on a view scrolled by ``offset``."""
        for item in self.items:
            item.rect.move_ip(0, offset)
        try:
            self.draw(surface)
        finally:
            for item in self.items:
                item.rect.move_ip(0, -offset)

    def handle(self, event: pygame.event.Event) -> bool:
        """React to one event; True when it was used (and the screen must redraw)."""
        if event.type == pygame.MOUSEMOTION:
            hover = self.index_at(event.pos)
            if hover != self.hover:
                self.hover = hover
                if hover is not None:
                    self.focus = hover
                return True
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            index = self.index_at(event.pos)
            if index is not None:
                self.activate(index)
                return True
            return False
        if event.type != pygame.KEYDOWN:
            return False
        if event.key in (pygame.K_DOWN, pygame.K_TAB) and not (event.mod & pygame.KMOD_SHIFT and event.key == pygame.K_TAB):
            self.move(1)
            return True
        if event.key == pygame.K_UP or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
            self.move(-1)
            return True
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.activate(self.focus)
            return True
        if event.key in REMOVE_KEYS and self.focused_removable is not None:
            self.focused_removable()
            return True
        if self.numbered and pygame.K_1 <= event.key <= pygame.K_9:
            index = event.key - pygame.K_1
            if index < len(self.items):
                self.focus = index
                self.activate(index)
                return True
        if self.numbered and pygame.K_KP1 <= event.key <= pygame.K_KP9:
            index = event.key - pygame.K_KP1
            if index < len(self.items):
                self.focus = index
                self.activate(index)
                return True
        for index, item in enumerate(self.items):
            if item.key is not None and event.key in (item.key if isinstance(item.key, tuple) else (item.key,)):
                self.focus = index
                self.activate(index)
                return True
        return False

    def index_at(self, pos: tuple[int, int]) -> int | None:
        for index, item in enumerate(self.items):
            if item.rect.collidepoint(pos):
                return index
        return None

    @property
    def focused_removable(self) -> Callable[[], None] | None:
        """The focused item's removal, when it has one (and a footer may offer Del)."""
        if 0 <= self.focus < len(self.items) and self.show_focus:
            return self.items[self.focus].remove
        return None

    def move(self, step: int) -> None:
        if not self.items:
            return
        for _ in range(len(self.items)):
            self.focus = (self.focus + step) % len(self.items)
            if self.items[self.focus].reachable:
                return

    def focus_near(self, index: int) -> None:
        """Focus the item at ``index`` or the nearest one after it the focus may rest on,
        else the nearest before: where the eye already is when a list has just lost a row."""
        after = [i for i in range(max(0, index), len(self.items)) if self.items[i].reachable]
        before = [i for i in range(min(index, len(self.items)) - 1, -1, -1) if self.items[i].reachable]
        self.focus = (after or before or [0])[0]

    def activate(self, index: int) -> None:
        if 0 <= index < len(self.items) and self.items[index].enabled:
            self.items[index].action()
        elif 0 <= index < len(self.items):
            self.app.toast(self.items[index].detail or "Not available.", kind="warning")

    def enabled_indexes(self) -> list[int]:
        return [i for i, item in enumerate(self.items) if item.enabled]


def shifted(event: pygame.event.Event, dy: int) -> pygame.event.Event:
    """A mouse event moved ``dy`` pixels down: from window to content coordinates."""
    return pygame.event.Event(event.type, {**event.dict, "pos": (event.pos[0], event.pos[1] + dy)})


def key_event(key: int, unicode: str = "", mod: int = 0) -> pygame.event.Event:
    """A KEYDOWN event as the keyboard would post it (for autoplay and tests)."""
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)


def fill_gradient(surface: pygame.Surface, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> None:
    height = surface.get_height()
    width = surface.get_width()
    for y in range(0, height, 4):
        t = y / max(1, height - 1)
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom))
        pygame.draw.rect(surface, colour, pygame.Rect(0, y, width, 4))
