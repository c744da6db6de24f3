"""The story screen: dateline, titles, the text set as a book page, footnote markers that
open the source drawer, numbered choices, and the timeline along the bottom edge."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.dateline import dateline
from ..text import Line, balanced_wrap, draw_lines, text_width, wrap, wrap_without_orphan
from ..reading import ReadingKeys
from ..timeline import draw_timeline
from ..widgets import Item, Menu, key_event, shifted
from .base import Screen, ScrollArea

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def break_paragraph(font: Any, paragraph: str, width: int, tail: int) -> list[Line]:
    """A paragraph's lines; the one the citation markers follow (``tail``: their width)
    never leaves its last word alone with them on a line."""
    return wrap_without_orphan(font, paragraph, width, tail) if tail else wrap(font, paragraph, width)


class StoryScreen(ReadingKeys, Screen):
    """The keys that read and choose are :class:`~game.ui.reading.ReadingKeys`: Space
    and Enter read on and never take a choice the player cannot see."""

    name = "story"

    def __init__(self, app: Any):
        super().__init__(app)
        self.scroll = ScrollArea()
        self.blocks: list[tuple[str, Any, list[Line], int, Any]] = []
        self.markers: list[pygame.Rect] = []
        self.buttons: list[tuple[str, pygame.Rect, Any]] = []
        self.button_hover: int | None = None
        self.menu = Menu(app, [])
        self.reveal = 0.0
        self.reveal_total = 0
        self.scene_id = ""
        self.begin_scene()

    # ------------------------------------------------------------------ state
    @property
    def story(self) -> Any:
        return self.app.story

    def begin_scene(self) -> None:
        self.scene_id = self.story.scene.id
        self.scroll.offset = 0
        self.focus_shown = False  # a new scene: no choice looks taken before it is read
        text_chars = sum(len(p) + 1 for p in self.story.state.shown)
        settings = self.app.settings
        typewriter = settings.reveal == "typewriter" and not settings.reduce_motion and not self.app.autoplay
        self.reveal_total = text_chars
        self.reveal = 0.0 if typewriter else float(text_chars)
        self._last_tick = pygame.time.get_ticks()
        self.layout(self.app.window.get_size())

    def revealing(self) -> bool:
        return self.reveal < self.reveal_total

    def animating(self) -> bool:
        return self.revealing()

    def update(self) -> bool:
        now = pygame.time.get_ticks()
        elapsed = (now - self._last_tick) / 1000
        self._last_tick = now
        if self.revealing():
            self.reveal = min(self.reveal_total, self.reveal + elapsed * self.app.settings.reveal_speed)
            if not self.revealing():
                self.layout(self.size)
            return True
        return False

    # ------------------------------------------------------------------ layout
    def column(self, size: tuple[int, int]) -> tuple[int, int]:
        body = self.app.font("body", self.app.body_size)
        ideal = text_width(body, "abcdefghijklmnopqrstuvwxyz" * 3) * 68 // 78
        width = min(ideal, size[0] - 2 * self.app.px(56))
        return (size[0] - width) // 2, width

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        scene = self.story.scene
        x, width = self.column(size)
        self.x, self.width = x, width
        self.top_bar = app.px(58)
        self.timeline_height = app.px(58)
        self.view = pygame.Rect(0, self.top_bar, size[0], size[1] - self.top_bar - self.timeline_height)
        body = app.font("body", app.body_size)
        leading = int(body.get_linesize() * 1.08)
        blocks: list[tuple[str, Any, list[Line], int, Any]] = []
        y = app.px(26)
        small_caps = app.font("body", max(13, app.body_size * 0.66))
        date_lines = wrap(small_caps, dateline(scene).upper(), width)  # a long place wraps, never runs off
        blocks.append(("dateline", small_caps, date_lines, y, app.theme.muted))
        y += len(date_lines) * small_caps.get_linesize() + app.px(6)
        title_font = app.font("display", app.body_size * 1.75)
        title_lines = balanced_wrap(title_font, scene.title, width)
        blocks.append(("title", title_font, title_lines, y, app.theme.text))
        y += len(title_lines) * title_font.get_linesize() + app.px(18)
        if scene.content_note:
            note_font = app.font("italic", app.body_size * 0.8)
            lines = wrap(note_font, "Content note: " + scene.content_note, width - app.px(28))
            blocks.append(("note", note_font, lines, y, app.theme.muted))
            y += len(lines) * note_font.get_linesize() + app.px(30)
        self.record_rect = None
        record = self.story.record_here
        if record is not None:
            note_font = app.font("italic", app.body_size * 0.8)
            noted = any(app.story_data.notes_on(citation) for citation in record.cites) if app.story_data else False
            hint = "R shows the passage and the editors' note" if noted else "R shows the passage"
            lines = wrap(note_font, f"On the record: {record.text}  ({hint})", width - app.px(28))
            blocks.append(("record", note_font, lines, y, app.theme.text))
            height = len(lines) * note_font.get_linesize()
            self.record_rect = pygame.Rect(x - app.px(14), y - app.px(8), width + app.px(28), height + app.px(16))
            y += height + app.px(30)
        paragraph_gap = int(leading * 0.55)
        # the footnote markers are bound to the last word: never alone on a line (all of
        # them when they take at most half the line, else the first)
        marker_font = app.font("bold", app.body_size * 0.7)
        widths = [text_width(marker_font, f"[{n}]") for n in range(1, len(scene.cites) + 1)]
        marker_tail = app.px(9) + sum(widths) + app.px(6) * (len(widths) - 1) if widths else 0
        if marker_tail > width // 2 and widths:
            marker_tail = app.px(9) + widths[0]
        tail_on = ("text", len(self.story.text) - 1) if self.story.text else ("reply", len(self.story.reply) - 1)
        if self.story.reply:  # what the choice that led here answers, before the scene
            # set apart as the answer to the player's own act: italic, then a short rule
            # (a section break, not a gap that looks like a missing paragraph)
            reply_font = app.font("italic", app.body_size)
            for number, paragraph in enumerate(self.story.reply):
                tail = marker_tail if tail_on == ("reply", number) else 0
                lines = break_paragraph(reply_font, paragraph, width, tail)
                blocks.append(("reply", reply_font, lines, y, leading))
                y += len(lines) * leading + paragraph_gap
            if self.story.text:
                blocks.append(("break", reply_font, [], y, app.px(56)))
                y += paragraph_gap + app.px(2)
        for number, paragraph in enumerate(self.story.text):
            lines = break_paragraph(body, paragraph, width, marker_tail if tail_on == ("text", number) else 0)
            blocks.append(("text", body, lines, y, leading))
            y += len(lines) * leading + paragraph_gap
        self.blocks = blocks
        # footnote markers after the last line of the text
        self.markers = []
        last = next((b for b in reversed(blocks) if b[0] in ("text", "reply")), None)
        if last is not None:
            _, font, lines, top, lead = last
            mx = x + text_width(font, lines[-1].text) + app.px(5)
            my = top + (len(lines) - 1) * lead - app.px(2)
            for number in range(1, len(scene.cites) + 1):
                label = f"[{number}]"
                w = text_width(marker_font, label)
                if mx + w > x + width:  # the first fits: wrap() kept room for it
                    mx = x
                    my += lead
                self.markers.append(pygame.Rect(mx, my, w + app.px(4), marker_font.get_height()))
                mx += w + app.px(6)
        self.marker_font = marker_font
        y += app.px(14)
        self.choices_top = y
        previous = self.menu
        self.menu = self.build_menu()
        if previous.items and getattr(self, "_menu_scene", None) == scene.id and len(previous.items) == len(self.menu.items):
            self.menu.focus, self.menu.hover = previous.focus, previous.hover  # a redraw keeps the player's place
        self._menu_scene = scene.id
        y = self.menu.layout(x - app.px(10), y, width + app.px(20)) if not self.revealing() else y
        self.scroll.content_height = y + app.px(30)
        self.scroll.view_height = self.view.height
        self.scroll.clamp()
        self.layout_buttons(size)

    def build_menu(self) -> Menu:
        app = self.app
        story = self.story
        if story.is_ending:
            # numbered like the choices, so 1 goes on as it would anywhere else
            return Menu(app, [Item("Continue: the epilogue", self.open_ending)], numbered=True, size=app.body_size)
        items = []
        for view in story.choices:
            detail = ""
            if not view.open:
                detail = view.reason or "Not open to you now."
            items.append(Item(view.text, (lambda index=view.choice.index: self.choose(index)), view.open, detail))
        menu = Menu(app, items, numbered=True, size=app.body_size)
        return menu

    def top_bar_actions(self) -> list[tuple[str, Any]]:
        """The buttons along the top, right to left as read; classroom mode has its own."""
        return [
            ("Sources  S", self.open_drawer),
            ("Journal  J", self.open_journal),
            ("Undo  Bksp", self.undo),
            ("Menu  Esc", self.open_menu),
        ]

    def layout_buttons(self, size: tuple[int, int]) -> None:
        app = self.app
        font = app.font("body", 15)
        x = size[0] - app.px(24)
        self.buttons = []
        for label, action in reversed(self.top_bar_actions()):
            width = text_width(font, label) + app.px(22)
            x -= width
            self.buttons.insert(0, (label, pygame.Rect(x, app.px(14), width, app.px(30)), action))
            x -= app.px(8)

    def open_record(self) -> None:
        record = self.story.record_here
        if record is not None:
            self.app.push("drawer", record.cites, 0, "The record")

    def no_record(self) -> None:
        """R where there is no record: say why, rather than nothing (a refusal, so a
        warning: a green tick would say that something worked)."""
        if not self.story.history:
            self.app.toast("No record yet: make a choice first.", kind="warning")
        else:
            self.app.toast("No record on this scene: R shows one after a choice that meets the record.",
                           kind="warning")

    # ------------------------------------------------------------------ actions
    def choose(self, index: int) -> None:
        self.app.dismiss_toast()
        self.story.choose(index)
        self.app.autosave()
        self.begin_scene()
        self.app.invalidate()

    def undo(self) -> None:
        if not self.story.can_undo:
            self.app.toast("This is the first scene: nothing to undo.", kind="warning")
            return
        self.story.undo()
        self.app.autosave()
        self.begin_scene()
        self.app.toast("Stepped back one choice.", 2)

    def open_drawer(self, index: int = 0) -> None:
        self.app.push("drawer", self.story.scene.cites, index)

    def open_journal(self) -> None:
        self.app.push("journal")

    def open_menu(self) -> None:
        self.app.push("pause")

    def open_ending(self) -> None:
        self.app.push("ending")

    # ------------------------------------------------------------------ events
    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if self.revealing() and (
            event.type == pygame.KEYDOWN or (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1)
        ):
            self.reveal = self.reveal_total
            self.layout(self.size)
            app.invalidate()
            return
        if event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if event.key == pygame.K_ESCAPE:
                self.open_menu()
                return
            if event.key == pygame.K_s and not ctrl:
                self.open_drawer()
                return
            if event.key == pygame.K_j:
                self.open_journal()
                return
            if event.key == pygame.K_r and not ctrl:
                if self.story.record_here is not None:
                    self.open_record()
                else:
                    self.no_record()
                return
            if event.key == pygame.K_BACKSPACE or (event.key == pygame.K_z and ctrl):
                self.undo()
                return
            if event.key == pygame.K_F2 or (event.key == pygame.K_s and ctrl):
                app.push("save")
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for label, rect, action in self.buttons:
                if rect.collidepoint(event.pos):
                    action()
                    return
            content_pos = (event.pos[0], event.pos[1] - self.view.y + self.scroll.offset)
            if self.view.collidepoint(event.pos):
                if self.record_rect and self.record_rect.collidepoint(content_pos):
                    self.open_record()
                    return
                for index, rect in enumerate(self.markers):
                    if rect.inflate(8, 8).collidepoint(content_pos):
                        self.open_drawer(index)
                        return
        if event.type == pygame.MOUSEMOTION:
            hover = next((i for i, (_, rect, _) in enumerate(self.buttons) if rect.collidepoint(event.pos)), None)
            if hover != self.button_hover:
                self.button_hover = hover
                app.invalidate()
        if self.scroll.handle(event, app.px(30)):
            app.invalidate()
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            if not self.view.collidepoint(event.pos):
                if self.menu.hover is not None:
                    self.menu.hover = None
                    app.invalidate()
                return
            if self.menu.handle(shifted(event, self.scroll.offset - self.view.y)):
                self.noticed_hover()
                app.invalidate()
            return
        if self.handle_reading_key(event):  # Space, Enter, arrows, Tab, Home, End
            return
        if self.menu.handle(event):  # the number keys: a choice taken on purpose
            app.invalidate()

    # ------------------------------------------------------------------ reading keys
    def reading_height(self) -> int:
        return self.view.height

    def single_way_on(self) -> bool:
        return bool(self.story.is_ending)

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        # the page
        surface.set_clip(self.view)
        offset = self.view.y - self.scroll.offset
        remaining = int(self.reveal)
        for kind, font, lines, top, extra in self.blocks:
            y = top + offset
            if kind in ("note", "record"):
                height = len(lines) * font.get_linesize() + app.px(16)
                box = pygame.Rect(self.x - app.px(14), y - app.px(8), self.width + app.px(28), height)
                pygame.draw.rect(surface, theme.panel, box, border_radius=app.px(6))
                edge = theme.accent if kind == "note" else theme.good
                pygame.draw.rect(surface, edge, pygame.Rect(box.x, box.y, app.px(4), box.height))
                colour = theme.muted if kind == "note" else theme.text
                draw_lines(surface, app.cache, font, lines, colour, self.x, y, font.get_linesize())
            elif kind in ("text", "reply"):
                limit = remaining if self.revealing() else None
                draw_lines(surface, app.cache, font, lines, theme.text, self.x, y, extra, limit_chars=limit)
                remaining -= sum(len(line.text) + 1 for line in lines)
            elif kind == "break":
                if remaining > 0 or not self.revealing():  # drawn once the reply is typed out
                    pygame.draw.rect(surface, theme.rule, pygame.Rect(self.x, y, extra, app.px(2)))
            else:
                leading = font.get_linesize()
                draw_lines(surface, app.cache, font, lines, extra, self.x, y, leading)
        if not self.revealing():
            for number, rect in enumerate(self.markers, start=1):
                moved = rect.move(0, offset)
                surface.blit(app.cache.render(self.marker_font, f"[{number}]", theme.accent), moved.topleft)
            self.menu.show_focus = self.focus_shown
            self.menu.draw_shifted(surface, offset)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, theme.faint)
        self.draw_top_bar(surface)
        story = self.story
        draw_timeline(app, surface, pygame.Rect(0, surface.get_height() - self.timeline_height,
                                                surface.get_width(), self.timeline_height), story.clock)

    def draw_top_bar(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        bar = pygame.Rect(0, 0, surface.get_width(), self.top_bar)
        pygame.draw.rect(surface, theme.background, bar)
        pygame.draw.line(surface, theme.rule, (0, bar.bottom - 1), (bar.right, bar.bottom - 1))
        scene = self.story.scene
        chapter = app.story_data.chapters.get(scene.chapter)
        font = app.font("display_italic", 20)
        perspective = self.story.perspective
        label = chapter.title if chapter else ""
        if perspective:
            label = f"{perspective.name} · {label}" if label else perspective.name
        rendered = app.cache.render(font, label, theme.muted)
        self.label_rect = rendered.get_rect(topleft=(app.px(24), self.label_top(font)))
        surface.blit(rendered, self.label_rect)
        small = app.font("body", 15)
        for index, (text, rect, _) in enumerate(self.buttons):
            if index == self.button_hover:
                pygame.draw.rect(surface, theme.hover, rect, border_radius=app.px(6))
            pygame.draw.rect(surface, theme.rule, rect, width=1, border_radius=app.px(6))
            rendered = app.cache.render(small, text, theme.text)
            surface.blit(rendered, rendered.get_rect(center=rect.center))

    def label_top(self, font: Any) -> int:
        """Where the top bar's label goes for its letters to sit centred beside the
        buttons: the middle of the band from the capitals' tops to the baseline on the
        buttons' middle (the line's box would put it higher, since it holds the room for
        accents above and descenders below)."""
        middle = self.buttons[0][1].centery if self.buttons else self.top_bar // 2
        cap_height = font.metrics("H")[0][3]
        return middle + cap_height // 2 - font.get_ascent()

    # ------------------------------------------------------------------ autoplay
    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        if self.story.is_ending:
            return [key_event(pygame.K_RETURN)]
        if self.app.route:  # ``play --route``: the reviewer's choices first, no detours
            return self._route_event()
        events = [key_event(pygame.K_1 + view.choice.index) for view in self.story.choices
                  if view.open and view.choice.index < 9]
        roll = rng.random()
        if roll < 0.05:
            return [key_event(pygame.K_s)]
        if roll < 0.08:
            return [key_event(pygame.K_j)]
        if roll < 0.10 and self.story.can_undo:
            return [key_event(pygame.K_BACKSPACE)]
        return events

    def _route_event(self) -> list[pygame.event.Event]:
        """The key of the route's next choice, by its number on screen (closed choices keep
        theirs); a number that is not an open choice here stops the run with a message."""
        number = self.app.route[0]
        view = next((view for view in self.story.choices if view.number == number), None)
        if view is None or not view.open or view.choice.index >= 9:
            why = "is closed" if view is not None and not view.open else "is not one of its choices"
            self.app.route_failed(f"choice {number} at '{self.story.scene.id}' {why}")
            return []
        self.app.route.pop(0)
        return [key_event(pygame.K_1 + view.choice.index)]

    def screenshot_name(self) -> str:
        return f"story_{self.story.scene.id}"
