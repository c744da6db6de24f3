"""The source drawer: the cited passage in its paragraph, the quoted words highlighted,
with the report's title, publisher and date. Several citations are paged with ← →.

Beside the passage stand the editors' notes on it (and on anything else noted in the same
paragraph, since the whole paragraph is shown), each in the editors' own panel with the
noted words underlined in the paragraph; a citation the scene gives as what the BBC
reported carries an "as reported" tag. The record after a choice and the ending's
"show the passage" links open this same drawer, so they show the notes too."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.model import Citation
from ...core.notes import EditorsNote, notes_in_paragraph
from ...core.notewords import reported_by, stance_line
from ..editors_notes import NoteBox, draw_note, draw_tag, layout_note, mark_spans
from ..text import draw_lines, wrap
from ..widgets import key_event
from .base import Screen, ScrollArea, shade


class SourceDrawer(Screen):
    opaque = False
    name = "drawer"

    def __init__(self, app: Any, citations: list[Citation], index: int = 0, title: str = "Sources of this scene"):
        super().__init__(app)
        self.citations = citations
        self.index = max(0, min(index, len(citations) - 1))
        self.title = title
        self.scroll = ScrollArea()
        self.links: list[tuple[pygame.Rect, Any]] = []
        self.laid_notes: list[NoteBox] = []  # the notes of the citation shown, as last drawn
        self.note_rects: list[pygame.Rect] = []
        self._boxes: dict[tuple[Any, ...], NoteBox] = {}

    def notes_for(self, citation: Citation) -> tuple[list[EditorsNote], list[EditorsNote]]:
        """The notes on the cited words, most serious first; then the other notes anchored
        in the same paragraph, in reading order (the drawer shows the whole paragraph)."""
        data = self.app.story_data
        if data is None:
            return [], []
        on = data.notes_on(citation)
        if citation.match is None:
            return on, []
        others = [n for n in notes_in_paragraph(data.notes, citation.source, citation.match.paragraph)
                  if all(n is not mine for mine in on)]
        return on, others

    def note_box(self, note: EditorsNote, width: int) -> NoteBox:
        app = self.app
        key = (id(note), width, app.body_size, app.theme.name, app.ui_scale)
        box = self._boxes.get(key)
        if box is None:
            box = self._boxes[key] = layout_note(app, note, width)
        return box

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        width = min(self.app.px(620), int(size[0] * 0.56))
        self.panel = pygame.Rect(size[0] - width, 0, width, size[1])

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_s):
                app.pop()
                return
            if event.key in (pygame.K_RIGHT, pygame.K_n) and self.index < len(self.citations) - 1:
                self.index += 1
                self.scroll.offset = 0
                app.invalidate()
                return
            if event.key in (pygame.K_LEFT, pygame.K_p) and self.index > 0:
                self.index -= 1
                self.scroll.offset = 0
                app.invalidate()
                return
            if event.key == pygame.K_r:
                self.read_whole()
                return
            if pygame.K_1 <= event.key <= pygame.K_9 and event.key - pygame.K_1 < len(self.citations):
                self.index = event.key - pygame.K_1
                self.scroll.offset = 0
                app.invalidate()
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not self.panel.collidepoint(event.pos):
                app.pop()
                return
            for rect, action in self.links:
                if rect.collidepoint(event.pos):
                    action()
                    return
        if self.scroll.handle(event, app.px(30), arrows=True):
            app.invalidate()

    def read_whole(self) -> None:
        citation = self.citations[self.index] if self.citations else None
        self.app.push(
            "sources", citation.source if citation else None, citation.paragraph if citation else None
        )

    def go(self, step: int) -> None:
        self.index = max(0, min(len(self.citations) - 1, self.index + step))
        self.scroll.offset = 0
        self.app.invalidate()

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        shade(surface, 90)
        panel = self.panel
        pygame.draw.rect(surface, theme.panel, panel)
        border = pygame.Rect(panel.x, panel.y, app.px(3), panel.height)  # the accent edge
        pygame.draw.rect(surface, theme.accent, border)
        pad = app.px(30)
        x = panel.x + pad
        width = panel.width - 2 * pad
        y = app.px(26)
        heading = app.font("display", 30)
        surface.blit(app.cache.render(heading, self.title, theme.text), (x, y))
        y += heading.get_linesize() + app.px(4)
        self.links = []
        small = app.font("body", 15)
        if not self.citations:
            surface.blit(app.cache.render(small, "No citations.", theme.muted), (x, y))
            return
        citation = self.citations[self.index]
        source = app.story_data.sources.get(citation.source)
        on, others = self.notes_for(citation)
        pager = f"Citation {self.index + 1} of {len(self.citations)}"
        if on or others:
            count = len(on) + len(others)
            pager += " · with an editors' note" if count == 1 else f" · with {count} editors' notes"
        surface.blit(app.cache.render(small, pager, theme.muted), (x, y))
        y += small.get_linesize() + app.px(10)
        meta = app.font("italic", 16)
        if source:
            for text in (source.title, f"{source.publisher} · {source.date}"):
                lines = wrap(meta, text, width)
                y = draw_lines(surface, app.cache, meta, lines, theme.muted, x, y, meta.get_linesize())
        y += app.px(12)
        pygame.draw.line(surface, theme.rule, (x, y), (x + width, y))
        y += app.px(16)
        view_top = y
        view = pygame.Rect(panel.x, view_top, panel.width, panel.height - view_top - app.px(70))
        surface.set_clip(view)
        y -= self.scroll.offset
        body = app.font("body", app.body_size * 0.92)
        leading = body.get_linesize()
        start_y = y
        if citation.as_report:  # the scene gives this as the BBC's report, not as fact
            tag = draw_tag(app, surface, reported_by(source.publisher if source else ""), x, y)
            y = tag.bottom + app.px(6)
            aside = app.font("italic", app.body_size * 0.7)
            lines = wrap(aside, stance_line(source.publisher if source else ""), width)
            y = draw_lines(surface, app.cache, aside, lines, theme.muted, x, y, aside.get_linesize()) + app.px(10)
        self.passage_rect: pygame.Rect | None = None  # the paragraph as drawn, in window coordinates
        if source and source.document and citation.match:
            paragraph = source.document.paragraphs[citation.match.paragraph]
            label = app.cache.render(small, f"Paragraph {paragraph.index + 1}, line {paragraph.line} of the file", theme.muted)
            surface.blit(label, (x, y))
            y += small.get_linesize() + app.px(6)
            lines = wrap(body, paragraph.text.replace("\n", " "), width)
            top = y
            y = draw_lines(surface, app.cache, body, lines, theme.text, x, y, leading,
                           highlight=(citation.match.start, citation.match.end), highlight_colour=theme.highlight)
            spans = [(n.match.start, n.match.end) for n in on + others if n.match]
            mark_spans(surface, body, lines, spans, x, top, leading, theme.accent)
            self.passage_rect = pygame.Rect(x, top, width, y - top)
        else:
            lines = wrap(body, f"“{citation.quote}”", width)
            y = draw_lines(surface, app.cache, body, lines, theme.text, x, y, leading)
        if citation.note:
            y += app.px(14)
            note = app.font("italic", app.body_size * 0.8)
            lines = wrap(note, "Note: " + citation.note, width)
            y = draw_lines(surface, app.cache, note, lines, theme.muted, x, y, note.get_linesize())
        self.laid_notes = []
        self.note_rects = []  # where each was drawn, in window coordinates
        for index, editors_note in enumerate(on + others):
            if index == len(on) and others:
                y += app.px(18)
                aside = app.font("italic", app.body_size * 0.7)
                also = "Also noted in this paragraph" if on else "Noted elsewhere in this paragraph"
                surface.blit(app.cache.render(aside, also, theme.muted), (x, y))
                y += aside.get_linesize() - app.px(6)
            box = self.note_box(editors_note, width)
            self.laid_notes.append(box)
            self.note_rects.append(pygame.Rect(x, y + app.px(14), box.width, box.height))
            y = draw_note(app, surface, box, x, y + app.px(14))
        self.scroll.content_height = y - start_y + app.px(20)
        self.scroll.view_height = view.height
        self.scroll.clamp()
        if self.scroll.offset < self.scroll.max_offset:  # more below: fade the cut edge
            fade_out(surface, pygame.Rect(border.right, view.bottom - app.px(28),
                                          panel.right - app.px(8) - border.right, app.px(28)), theme.panel)
        surface.set_clip(None)
        self.scroll.draw_bar(surface, view, theme.faint)
        # footer links
        y = panel.bottom - app.px(56)
        pygame.draw.line(surface, theme.rule, (x, y), (x + width, y))
        y += app.px(14)
        link_x = x
        for label, action, enabled in (
            ("← previous", lambda: self.go(-1), self.index > 0),
            ("next →", lambda: self.go(1), self.index < len(self.citations) - 1),
            ("R read the whole source", self.read_whole, True),
            ("Esc close", self.app.pop, True),
        ):
            rendered = app.cache.render(small, label, theme.accent if enabled else theme.faint)
            rect = rendered.get_rect(topleft=(link_x, y))
            surface.blit(rendered, rect)
            if enabled:
                self.links.append((rect.inflate(8, 8), action))
            link_x = rect.right + app.px(22)

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_RIGHT), key_event(pygame.K_ESCAPE), key_event(pygame.K_ESCAPE)]

    def screenshot_name(self) -> str:
        return f"drawer_{self.index + 1}"


def fade_out(surface: pygame.Surface, rect: pygame.Rect, colour: tuple[int, int, int]) -> None:
    """Fade the bottom of a scrolled view into ``colour``, so a cut line reads as "more below"."""
    veil = pygame.Surface(rect.size, pygame.SRCALPHA)
    for row in range(rect.height):
        alpha = round(255 * (row + 1) / rect.height)
        pygame.draw.line(veil, (*colour, alpha), (0, row), (rect.width, row))
    surface.blit(veil, rect.topleft)
