"""An ending: the character's epilogue, "your path and the record" — each decision the story
remembered (:mod:`~game.core.decisions`) with what came of it and, where the player's story
met documented history, what happened, with its citation — the
documented epilogue of Imre Nagy's fate, the discussion prompts, and the ways on.

The keys read as on the story screen (:class:`~game.ui.reading.ReadingKeys`): Space reads
on, Enter takes only a way on that is on screen; S shows the ending's sources and
Backspace steps back to the choice before the ending, as Undo does in the story.

A record's passage that the editors have noted carries its note right under it (the
debrief is where the lesson lands), and one the scene gives as a report says so."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.dateline import dateline
from ...core.decisions import path_decisions
from ...core.notewords import publisher_name
from ..editors_notes import NoteBox, draw_note, layout_note
from ..reading import ReadingKeys
from ..text import balanced_wrap, draw_lines, wrap
from ..widgets import Item, Menu, key_event, shifted
from .base import Screen, ScrollArea, draw_footer


class EndingScreen(ReadingKeys, Screen):
    name = "ending"
    space_hint = "Enter takes the highlighted way on; its number key takes it at once."

    def __init__(self, app: Any):
        super().__init__(app)
        self.scroll = ScrollArea()
        self.links: list[tuple[pygame.Rect, Any]] = []
        self.menu = Menu(app, [
            Item("Another point of view", lambda: app.reset("title") or app.push("new_game")),
            Item("The journal of this path", lambda: app.push("journal")),
            Item("Title screen", lambda: app.reset("title")),
        ], numbered=True, size=21)
        app.game_finished()

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        story = app.story
        data = app.story_data
        scene = story.scene
        ending = scene.ending
        width = min(app.px(760), size[0] - app.px(140))
        x = (size[0] - width) // 2
        self.x = x
        self.view = pygame.Rect(0, 0, size[0], size[1])
        body = app.font("body", app.body_size * 0.92)
        lead = body.get_linesize()
        italic = app.font("italic", app.body_size * 0.85)
        heading = app.font("display", app.body_size * 1.3)
        small = app.font("body", 14)
        title = app.font("display", app.body_size * 2)
        headings = (title, heading)  # set in balanced lines, never ending on one lonely word
        rows: list[tuple[Any, list, int, Any, Any]] = []  # font, lines, y, colour, link
        y = app.px(50)

        def add(font: Any, text: str, colour: Any, gap: int = 0, leading: int | None = None, link: Any = None,
                indent: int = 0) -> None:
            nonlocal y
            lines = (balanced_wrap if font in headings else wrap)(font, text, width - indent)
            rows.append((font, lines, y, colour, (leading or font.get_linesize(), link, indent)))
            y += len(lines) * (leading or font.get_linesize()) + gap

        add(small, "AN ENDING" + (f" · {ending.kind.upper()}" if ending and ending.kind else ""), app.theme.accent, app.px(6))
        add(title, ending.title if ending else scene.title, app.theme.text, app.px(16))
        for paragraph in story.epilogue:
            add(body, paragraph, app.theme.text, app.px(10), lead)
        records = path_decisions(story)
        self.rules: list[pygame.Rect] = []  # the bars beside the replies, in content coordinates
        self.note_boxes: list[tuple[int, int, NoteBox]] = []  # (top, indent, note) in content coordinates
        if records:
            y += app.px(18)
            add(heading, "Your path and the record", app.theme.text, app.px(8))
            for entry in records:
                record = entry.choice.record
                add(small, f"{dateline(entry.scene).upper()} · {entry.scene.title}", app.theme.accent, app.px(2))
                add(italic, f"You chose: {entry.choice.text}", app.theme.muted, app.px(4))
                if entry.answer:  # what came of it in the player's story, beside what history records
                    top = y
                    add(italic, " ".join(entry.answer), app.theme.muted, app.px(6), indent=app.px(16))
                    self.rules.append(pygame.Rect(x + app.px(2), top + app.px(3), app.px(2), y - top - app.px(10)))
                if record is None:  # a decision of the player's own story, with no record beside it
                    y += app.px(12)
                    continue
                add(body, record.text, app.theme.text, app.px(4), lead)
                for citation in record.cites:
                    source = data.sources.get(citation.source)
                    stance = f" (as {publisher_name(source.publisher if source else '')} reported)" if citation.as_report else ""
                    add(small, f"“{citation.quote.strip()}”{stance} — show the passage ›", app.theme.accent, app.px(2),
                        link=(lambda cites=record.cites: self.open_drawer(cites, "The record")), indent=app.px(20))
                    for note in data.notes_on(citation):
                        y += app.px(6)
                        box = layout_note(app, note, width - app.px(20))
                        self.note_boxes.append((y, app.px(20), box))
                        y += box.height + app.px(4)
                y += app.px(12)
        if data.epilogue:
            y += app.px(18)
            add(heading, data.epilogue.title, app.theme.text, app.px(8))
            for paragraph in data.epilogue.text:
                add(body, paragraph, app.theme.text, app.px(8), lead)
            noted = sum(1 for citation in data.epilogue.cites if data.notes_on(citation))
            with_notes = {0: "", 1: ", one with an editors' note"}.get(noted, f", {noted} with editors' notes")
            add(small, f"Sources: {len(data.epilogue.cites)} passages{with_notes} — show them ›", app.theme.accent, app.px(8),
                link=lambda: self.open_drawer(data.epilogue.cites, data.epilogue.title))
        if scene.discussion:
            y += app.px(18)
            add(heading, "To discuss", app.theme.text, app.px(8))
            for prompt in scene.discussion:
                add(italic, f"• {prompt}", app.theme.text, app.px(6))
        y += app.px(24)
        self.rows = rows
        y = self.menu.layout(x - app.px(10), y, width + app.px(20))
        self.scroll.content_height = y + app.px(70)
        self.scroll.view_height = size[1]
        self.scroll.clamp()

    def open_drawer(self, citations: list, title: str) -> None:
        self.app.push("drawer", citations, 0, title)

    def ending_sources(self) -> list:
        """S: the passages the ending scene cites, then those of the closing epilogue."""
        cites = list(self.app.story.scene.cites)
        data = self.app.story_data
        if data is not None and data.epilogue:
            cites += [citation for citation in data.epilogue.cites if citation not in cites]
        return cites

    def open_sources(self) -> None:
        cites = self.ending_sources()
        if cites:
            self.open_drawer(cites, "Sources of this ending")
        else:
            self.app.toast("This ending cites no passages of the source.", kind="warning")

    def step_back(self) -> None:
        """Backspace: undo the choice that led to the ending, back on the story screen."""
        app = self.app
        story = app.story
        if not story.can_undo:
            app.toast("This ending is the first scene: nothing to undo.", kind="warning")
            return
        story.undo()
        app.autosave()
        app.reset_to_story("story")
        app.toast("Stepped back one choice.", 2)

    def reading_height(self) -> int:
        return self.size[1] - self.band_height()

    def band_height(self) -> int:
        """The strip along the bottom that the footer covers."""
        return self.app.px(36)

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if self.scroll.handle(event, app.px(30)):
            app.invalidate()
            return
        if event.type == pygame.KEYDOWN:
            ctrl = event.mod & pygame.KMOD_CTRL
            if event.key == pygame.K_ESCAPE:
                app.reset("title")
                return
            if event.key == pygame.K_s and not ctrl:
                self.open_sources()
                return
            if event.key == pygame.K_BACKSPACE or (event.key == pygame.K_z and ctrl):
                self.step_back()
                return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN):
            if event.pos[1] >= self.reading_height():  # the footer's band covers what lies under it
                if self.menu.hover is not None:
                    self.menu.hover = None
                    app.invalidate()
                return
            moved = shifted(event, self.scroll.offset)
            if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
                for rect, action in self.links:
                    if rect.collidepoint(moved.pos):
                        action()
                        return
            if self.menu.handle(moved):
                self.noticed_hover()
                app.invalidate()
            return
        if self.handle_reading_key(event):  # Space, Enter, arrows, Tab, Home, End
            return
        if self.menu.handle(event):  # the number keys
            app.invalidate()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        surface.fill(app.theme.background)
        offset = -self.scroll.offset
        self.links = []
        for rule in self.rules:
            pygame.draw.rect(surface, app.theme.rule, rule.move(0, offset))
        for top, indent, box in self.note_boxes:
            if -box.height < top + offset < surface.get_height():
                draw_note(app, surface, box, self.x + indent, top + offset)
        for font, lines, top, colour, (leading, link, indent) in self.rows:
            y = top + offset
            if y > surface.get_height() or y + len(lines) * leading < 0:
                if link:
                    self.links.append((pygame.Rect(self.x + indent, top, app.px(700), len(lines) * leading), link))
                continue
            draw_lines(surface, app.cache, font, lines, colour, self.x + indent, y, leading)
            if link:
                self.links.append((pygame.Rect(self.x + indent, top, app.px(700), len(lines) * leading), link))
        self.menu.show_focus = self.focus_shown
        self.menu.draw_shifted(surface, offset)
        self.scroll.draw_bar(surface, self.view, app.theme.faint)
        band = pygame.Rect(0, surface.get_height() - self.band_height(), surface.get_width(), self.band_height())
        pygame.draw.rect(surface, app.theme.background, band)
        draw_footer(app, surface, self.footer())

    def footer(self) -> str:
        """The keys that do something here now: reading on only while there is more."""
        parts = ["Space read on"] if not self.items_reached() else []
        parts += ["1 another point of view", "2 journal", "3 title screen", "S sources"]
        if self.app.story.can_undo:
            parts.append("Bksp step back")
        return " · ".join(parts + ["Esc title"])

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_1)]

    def screenshot_name(self) -> str:
        return f"ending_{self.app.story.scene.id}"
