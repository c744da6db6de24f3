"""Small overlays: a message, the crash screen, the checker's errors, a text prompt."""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import Any, Callable

import pygame

from ...core.diagnostics import Diagnostics
from ...core.shortlist import shortlist
from ...core.characters import CONTROL
from ..text import draw_lines, wrap
from ..widgets import Item, Menu, key_event
from .base import FOOTER_BAND, Screen, ScrollArea, cover_footer, draw_dialog_frame, draw_heading, shade


class MessageScreen(Screen):
    """A titled message with buttons; Esc or Enter on the first button closes it."""

    opaque = False
    name = "message"

    def __init__(self, app: Any, title: str, text: str, items: list[Item] | None = None):
        super().__init__(app)
        self.title = title
        self.text = text
        self.menu = Menu(app, items or [Item("OK", app.pop, key=pygame.K_RETURN)], size=20)

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(640), size[0] - app.px(80))
        font = app.font("body", 18)
        self.lines = wrap(font, self.text, width - app.px(60))
        x = (size[0] - width) // 2
        menu_at = app.px(80) + len(self.lines) * font.get_linesize() + app.px(16)  # below the panel's top
        height = self.menu.layout(0, menu_at, width - app.px(60)) + app.px(16)
        # 120 units down, unless that runs into the footer band (projector type): then higher
        top = max(app.px(16), min(app.px(120), size[1] - app.px(FOOTER_BAND + 8) - height))
        self.menu.layout(x + app.px(30), top + menu_at, width - app.px(60))
        self.panel = pygame.Rect(x, top, width, height)

    def handle(self, event: pygame.event.Event) -> None:
        if self.menu.handle(event):
            self.app.invalidate()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        shade(surface, 120)
        draw_dialog_frame(app, surface, self.panel)
        draw_heading(app, surface, self.title, self.panel.x + app.px(30), self.panel.y + app.px(20), 30)
        font = app.font("body", 18)
        draw_lines(surface, app.cache, font, self.lines, app.theme.text, self.panel.x + app.px(30),
                   self.panel.y + app.px(80), font.get_linesize())
        self.menu.draw(surface)
        cover_footer(app, surface, self.footer())

    def footer(self) -> str:
        """The message's own keys, drawn over those of the screen underneath."""
        keys = "Enter" if len(self.menu.items) == 1 else "↑↓ and Enter choose"
        return f"{keys} · Esc {'close' if len(self.menu.items) == 1 else 'back'}"

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_ESCAPE)]


class ErrorScreen(MessageScreen):
    """Something unexpected went wrong: the game says so and offers the last autosave.

    Opaque, so a screen whose drawing failed is not drawn (and does not fail) again. It
    offers only what is safe: the autosave, the title screen, copying the log's path and
    quitting. Esc goes to the title screen, never back to the screen that failed."""

    name = "error"
    opaque = True

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(self.app.theme.background)
        super().draw(surface)

    def __init__(self, app: Any, error: BaseException, log: Path):
        lesson = getattr(app, "classroom_lesson", None) if getattr(app, "classroom", None) is not None else None

        def restore() -> None:
            app.stack = [s for s in app.stack if s is not self]
            if lesson is not None:  # a class: its lesson file is its save, written after every change
                app.reset("title")
                app.push("classroom_setup")
                setup = app.top
                setup.resume(setup.store.read(lesson.path))
                return
            kept = app.autosave_of(app.story.perspective_id) if app.story is not None else None
            if kept is None and app.saves is not None:
                kept = app.saves.most_recent()
            if kept is None:
                app.reset("title")
                app.push("message", "No autosave yet", "There is no autosave to return to; start from the title screen.")
                return
            if not app.load_save(kept):
                messages = [s for s in app.stack if isinstance(s, MessageScreen)]
                app.reset("title")
                for message in messages[-1:]:
                    app.push(message)

        def title() -> None:
            app.reset("title")

        def copy_path() -> None:
            if copy_to_clipboard(str(log)):
                app.toast("The log's path is copied: paste it into a message or a file manager.")
            else:
                app.toast(f"The clipboard refused the path; it is {log}", 8, kind="warning")

        self.log = log
        super().__init__(
            app,
            "Something went wrong",
            f"The game met an error it did not expect ({type(error).__name__}: {error}). "
            f"Nothing you saved is lost. The details are written to {log}.",
            [
                Item("Return to the lesson as last saved" if lesson is not None else "Return to the last autosave",
                     restore, key=pygame.K_RETURN),
                Item("Back to the title screen", title, key=pygame.K_t),
                Item("Copy the log's path", copy_path, key=pygame.K_c),
                Item("Quit", app.request_quit, key=pygame.K_q),
            ],
        )

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.reset("title")  # the screen underneath is the one that failed
            return
        super().handle(event)

    def footer(self) -> str:
        return "↑↓ and Enter choose · T or Esc title screen · C copy the log's path · Q quit"


class DiagnosticsScreen(Screen):
    """The checker's findings on screen (for authors using --watch or F5).

    A pack can hold any number of mistakes, and a list of 120,000 wrapped and drawn on
    every frame took over a minute a frame. So the screen lists the first
    :data:`~game.core.shortlist.SHOWN` (errors first), then one line saying how many more
    there are and that ``budapest1956 check`` lists them all; the lines are wrapped once
    for each layout, and a frame draws only the ones in view."""

    name = "diagnostics"

    def __init__(self, app: Any, diagnostics: Diagnostics):
        super().__init__(app)
        self.diagnostics = diagnostics
        self.shortlist = shortlist(diagnostics)
        self.more = self.shortlist.more(getattr(app, "story_dir", None))
        self.scroll = ScrollArea()
        #: every laid-out line: its top from the list's top, its text and its kind
        #: ("error", "warning" or "more"); and the tops alone, to find the first in view
        self.lines: list[tuple[int, str, str]] = []
        self.tops: list[int] = []

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        self.view = pygame.Rect(0, app.px(130), size[0], size[1] - app.px(180))
        self.x = app.px(60)
        width = size[0] - 2 * self.x
        mono, italic = app.font("body", 15), app.font("italic", 15)
        gap = app.px(6)
        lines: list[tuple[int, str, str]] = []
        y = 0
        entries = [(str(d), d.severity.value, mono) for d in self.shortlist.shown]
        if self.more:
            entries.append((self.more, "more", italic))
        for text, kind, font in entries:
            if kind == "more":
                y += gap  # set a little apart: it is not one of the findings
            for line in wrap(font, text, width):
                lines.append((y, line.text, kind))
                y += font.get_linesize()
            y += gap
        self.lines = lines
        self.tops = [top for top, _, _ in lines]
        self.scroll.content_height = y
        self.scroll.view_height = self.view.height
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        if self.scroll.handle(event, self.app.px(24)):
            self.app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        x = self.x
        draw_heading(app, surface, "The story has errors", x, app.px(30), 38)
        small = app.font("body", 16)
        listed = f" (the first {len(self.shortlist.shown)} below)" if self.shortlist.hidden else ""
        surface.blit(app.cache.render(small, f"{self.diagnostics.summary()}{listed}. Fix them and press F5 "
                                             "(or save the file, with --watch).", theme.muted), (x, app.px(86)))
        fonts = {"error": app.font("body", 15), "warning": app.font("body", 15), "more": app.font("italic", 15)}
        colours = {"error": theme.accent, "warning": theme.muted, "more": theme.muted}
        surface.set_clip(self.view)
        top = self.view.y - self.scroll.offset
        # the last line starting above the view may still reach into it
        for y, text, kind in self.lines[max(0, bisect_right(self.tops, self.scroll.offset) - 1):]:
            if top + y >= self.view.bottom:
                break
            surface.blit(app.cache.render(fonts[kind], text, colours[kind]), (x, top + y))
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, theme.faint)


#: what the pack rule allows as text but a one-line field does not take
_LINE_BREAKS = str.maketrans("", "", "\t\n\r")


class TextInputScreen(Screen):
    """A one-line prompt (the name of a save). Enter accepts, Esc cancels; its footer says
    so over the footer of the screen underneath, whose keys do not act while it is up.

    The only screen that takes typed text: SDL's text input is on while it is on top and
    off everywhere else (see :meth:`Screen.layout`), so no key leaks into a field. The key
    press that opened the field (a slot's number on the Save screen, C for the class's
    name) can still bring its own character, as a TEXTINPUT event that arrives before any
    other: that one is not typed into the field. Control characters never enter the field
    (the rule of :data:`characters.CONTROL`, which the save API enforces too), whether typed
    or pasted: pygame's TEXTINPUT can deliver them."""

    opaque = False
    name = "text_input"
    takes_text = True
    MAX_LENGTH = 60  # a name on one line: what is typed past it is dropped

    def __init__(self, app: Any, title: str, default: str, done: Callable[[str], None], accept: str = "save"):
        super().__init__(app)
        self.title = title
        self.accept = accept  # what Enter does, in the footer's words
        self.value = default
        self.fresh = True  # the default is selected: the first key typed replaces it
        self.done = done
        self.opening_key_pending = True  # the opening key's own character may follow

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)  # starts the text input when this field is on top
        width = min(self.app.px(620), size[0] - self.app.px(80))
        self.panel = pygame.Rect((size[0] - width) // 2, self.app.px(160), width, self.app.px(80 + 44 + 30))

    def finish(self, accept: bool) -> None:
        pygame.key.stop_text_input()
        self.app.pop()
        if accept:
            self.done(self.value)

    def handle(self, event: pygame.event.Event) -> None:
        opening_key, self.opening_key_pending = self.opening_key_pending, False
        if event.type == pygame.TEXTINPUT:
            if opening_key and len(event.text) == 1:
                return  # the key that opened the field, not a key typed into it
            # a paste or an input method can bring NUL, ESC...; and a one-line name no line break or tab
            typed = CONTROL.sub("", event.text).translate(_LINE_BREAKS)
            if not typed:
                return  # nothing to type: the default stays selected
            if self.fresh:
                self.value = ""
                self.fresh = False
            room = self.MAX_LENGTH - len(self.value)
            if room > 0:  # an input method can send many characters at once
                self.value += typed[:room]
                self.app.invalidate()
        elif event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.finish(True)
            elif event.key == pygame.K_ESCAPE:
                self.finish(False)
            elif event.key == pygame.K_BACKSPACE:
                self.value = "" if self.fresh else self.value[:-1]
                self.fresh = False
                self.app.invalidate()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        shade(surface, 120)
        draw_dialog_frame(app, surface, self.panel)
        draw_heading(app, surface, self.title, self.panel.x + app.px(30), self.panel.y + app.px(20), 30)
        box = pygame.Rect(self.panel.x + app.px(30), self.panel.y + app.px(80), self.panel.width - app.px(60), app.px(44))
        pygame.draw.rect(surface, app.theme.background, box, border_radius=app.px(6))
        pygame.draw.rect(surface, app.theme.accent, box, width=2, border_radius=app.px(6))
        font = app.font("body", 20)
        text = font.render(self.value + "|", True, app.theme.text)
        inside = box.inflate(-2 * app.px(10), 0)
        # a name wider than the box shows its end, where the typing is, cut at the box's edge
        spot = (min(inside.x, inside.right - text.get_width()), box.y + (box.height - text.get_height()) // 2)
        surface.set_clip(inside)
        if self.fresh and self.value:
            pygame.draw.rect(surface, app.theme.highlight, pygame.Rect(spot, font.size(self.value)))
        surface.blit(text, spot)
        surface.set_clip(None)
        cover_footer(app, surface, f"Enter {self.accept} · Esc cancel")

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RETURN)]


def copy_to_clipboard(text: str) -> bool:
    """Put ``text`` on the system clipboard; False where there is none (no display, a
    desktop that refuses), so the caller can say so instead of pretending."""
    try:
        if not pygame.scrap.get_init():
            pygame.scrap.init()
        pygame.scrap.put(pygame.SCRAP_TEXT, text.encode("utf-8"))
    except (pygame.error, RuntimeError, NotImplementedError):
        return False
    return True
