"""What every screen shares: the app, layout on resize, Esc to back out, scrolling."""

from __future__ import annotations

from typing import Any

import pygame

from ..widgets import key_event, shifted


class Screen:
    """A screen on the stack. ``opaque`` screens hide those below; overlays are not."""

    opaque = True
    name = "screen"
    #: whether the screen takes typed text (TEXTINPUT events): only a text field does
    takes_text = False

    def __init__(self, app: Any):
        self.app = app
        self.size = app.window.get_size()

    def layout(self, size: tuple[int, int]) -> None:
        """Place everything for ``size``. The app lays a screen out whenever it comes on top
        (pushed, uncovered, or the stack reset), so this is where SDL's text input is
        switched to what the top screen wants: on in a text field, off everywhere else
        (however the field was closed), so no typed key reaches a screen as text."""
        self.size = size
        if getattr(self.app, "top", None) is self:
            if self.takes_text:
                pygame.key.start_text_input()
            else:
                pygame.key.stop_text_input()

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.back()

    def back(self) -> None:
        self.app.pop()

    def update(self) -> bool:
        """Advance animations; True when the screen must be redrawn."""
        return False

    def animating(self) -> bool:
        return False

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.app.theme.background)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]

    def screenshot_name(self) -> str:
        return self.name


class MenuScreen(Screen):
    """A screen whose main widget is ``self.menu``: the menu sees each event first.

    The menu scrolls when the window is too short for it (many save slots, a small
    window, large text), and keyboard focus always scrolls into view."""

    menu: Any
    menu_view: pygame.Rect | None = None

    def place_menu(self, x: int, y: int, width: int, bottom: int) -> int:
        """Lay the menu out from ``y``, visible down to ``bottom``; return its real bottom."""
        end = self.menu.layout(x, y, width)
        self.menu_view = pygame.Rect(0, y - self.app.px(4), self.size[0], max(10, bottom - y + self.app.px(4)))
        self.menu_scroll = getattr(self, "menu_scroll", None) or ScrollArea()
        self.menu_scroll.content_height = end - y + self.app.px(8)
        self.menu_scroll.view_height = self.menu_view.height
        self.menu_scroll.clamp()
        self.ensure_focus_visible()
        return min(end, bottom)

    def ensure_focus_visible(self) -> None:
        if self.menu_view is None or not self.menu.items:
            return
        rect = self.menu.items[self.menu.focus].rect
        offset = self.menu_scroll.offset
        if rect.bottom - offset > self.menu_view.bottom:
            self.menu_scroll.scroll(rect.bottom - offset - self.menu_view.bottom)
        elif rect.top - offset < self.menu_view.top:
            self.menu_scroll.scroll(rect.top - offset - self.menu_view.top)

    def draw_menu(self, surface: pygame.Surface) -> None:
        if self.menu_view is None:
            self.menu.draw(surface)
            return
        surface.set_clip(self.menu_view)
        self.menu.draw_shifted(surface, -self.menu_scroll.offset)
        surface.set_clip(None)
        self.menu_scroll.draw_bar(surface, self.menu_view, self.app.theme.faint)

    def handle(self, event: pygame.event.Event) -> None:
        if self.menu_view is not None:
            if self.menu_scroll.handle(event, self.app.px(30)):
                self.app.invalidate()
                return
            if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
                if not self.menu_view.collidepoint(event.pos):
                    if self.menu.hover is not None:
                        self.menu.hover = None
                        self.app.invalidate()
                    if event.type == pygame.MOUSEBUTTONDOWN:
                        self.clicked_outside(event.pos)
                    return
                event = shifted(event, self.menu_scroll.offset)
        if self.menu.handle(event):
            self.ensure_focus_visible()
            self.app.invalidate()
        else:
            super().handle(event)

    def clicked_outside(self, pos: tuple[int, int]) -> None:
        """A click beside the menu; overlays close on it."""


#: the strip along the bottom where footers stand, which an overlay covers with its own
#: keys and keeps its content clear of, in UI units
FOOTER_BAND = 44


#: the side of the square veil that :func:`shade` lays across the window, tile by tile
VEIL_TILE = 256
_veils: dict[int, pygame.Surface] = {}


def shade(surface: pygame.Surface, alpha: int = 110) -> None:
    """Dim what lies under an overlay.

    The veil is one small tile per alpha laid edge to edge: the pixels come out as from
    one window-sized veil (each is blended on its own), but a veil the size of a
    3840x2160 window was 33 MB made afresh on every frame an overlay is drawn."""
    veil = _veils.get(alpha)
    if veil is None:
        veil = _veils[alpha] = pygame.Surface((VEIL_TILE, VEIL_TILE), pygame.SRCALPHA)
        veil.fill((0, 0, 0, alpha))
    width, height = surface.get_size()
    for y in range(0, height, VEIL_TILE):
        for x in range(0, width, VEIL_TILE):
            surface.blit(veil, (x, y))


class ScrollArea:
    """Vertical scrolling for a screen whose content can be taller than the window."""

    def __init__(self) -> None:
        self.offset = 0
        self.content_height = 0
        self.view_height = 0

    @property
    def max_offset(self) -> int:
        return max(0, self.content_height - self.view_height)

    def clamp(self) -> None:
        self.offset = max(0, min(self.offset, self.max_offset))

    def scroll(self, delta: int) -> bool:
        before = self.offset
        self.offset += delta
        self.clamp()
        return self.offset != before

    def handle(self, event: pygame.event.Event, line: int, arrows: bool = False) -> bool:
        """Wheel, PageUp/PageDown, Ctrl+Home/End; with ``arrows`` (screens without a
        menu) also ↑ and ↓. True when the view moved."""
        if event.type == pygame.MOUSEWHEEL:
            return self.scroll(-event.y * line * 3)
        if event.type == pygame.KEYDOWN:
            if arrows and event.key in (pygame.K_UP, pygame.K_DOWN):
                return self.scroll(line * 4 // 3 * (1 if event.key == pygame.K_DOWN else -1))
            page = max(line, self.view_height - 3 * line)
            if event.key == pygame.K_PAGEDOWN:
                return self.scroll(page)
            if event.key == pygame.K_PAGEUP:
                return self.scroll(-page)
            if event.key == pygame.K_HOME and event.mod & pygame.KMOD_CTRL:
                return self.scroll(-self.offset)
            if event.key == pygame.K_END and event.mod & pygame.KMOD_CTRL:
                return self.scroll(self.max_offset)
        return False

    def draw_bar(self, surface: pygame.Surface, rect: pygame.Rect, colour: tuple[int, int, int]) -> None:
        if self.max_offset <= 0:
            return
        visible = self.view_height / max(1, self.content_height)
        height = max(24, int(rect.height * visible))
        top = rect.y + int((rect.height - height) * self.offset / self.max_offset)
        pygame.draw.rect(surface, colour, pygame.Rect(rect.right - 5, top, 4, height), border_radius=2)


def font_to_fit(app: Any, style: str, text: str, room: int, size: float, smallest: float) -> Any:
    """The font of ``style`` at ``size``, or a point smaller at a time down to
    ``smallest``, until ``text`` on one line fits in ``room`` pixels: a line of a screen
    that must stay one line is set smaller rather than run off the window's edge."""
    font = app.font(style, size)
    while font.size(text)[0] > room and size > smallest:
        size -= 1
        font = app.font(style, size)
    return font


def draw_heading(app: Any, surface: pygame.Surface, text: str, x: int, y: int, size: int = 40) -> int:
    """A screen's heading; at a large UI scale a long one is set smaller (down to 60 %)
    rather than run off the window's edge."""
    font = font_to_fit(app, "display", text, surface.get_width() - x - app.px(20), size, size * 0.6)
    surface.blit(app.cache.render(font, text, app.theme.text), (x, y))
    return y + font.get_linesize()


def draw_footer(app: Any, surface: pygame.Surface, text: str) -> None:
    """The key hints along the bottom edge, small and muted; they grow with the UI scale
    and, where the window is too narrow for them at that size, get smaller rather than
    run off its edge."""
    font = font_to_fit(app, "body", text, surface.get_width() - 2 * app.px(28), 15.0, 10)
    rendered = app.cache.render(font, text, app.theme.muted)
    surface.blit(rendered, (app.px(28), surface.get_height() - rendered.get_height() - app.px(12)))


def draw_dialog_frame(app: Any, surface: pygame.Surface, panel: pygame.Rect) -> None:
    """Every dialog's panel: its ground and a 2 px accent edge. The edge is what shows
    where a dialog ends in the high-contrast theme, whose panel is as black as the
    screen under it (and the shade cannot darken black)."""
    radius = app.px(10)
    pygame.draw.rect(surface, app.theme.panel, panel, border_radius=radius)
    pygame.draw.rect(surface, app.theme.accent, panel, width=2, border_radius=radius)


def cover_footer(app: Any, surface: pygame.Surface, text: str) -> None:
    """An overlay's own footer over the screen underneath's: that one's keys do not act
    while the overlay is up, so they are covered rather than left showing."""
    band = app.px(FOOTER_BAND)
    pygame.draw.rect(surface, app.theme.background, pygame.Rect(0, surface.get_height() - band, surface.get_width(), band))
    draw_footer(app, surface, text)
