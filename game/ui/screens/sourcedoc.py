"""The Sources screen: the whole source document as the file has it, paragraph by
paragraph, with headings and the image captions pointed out, the number of scenes that
cite each paragraph, and the editors' notes: the noted words tinted and underlined in
the paragraph, each note in its own panel right after it. What the notes say (the
compiler's added remark, the pages' provenance) is story data, never written here."""

from __future__ import annotations

from typing import Any

import pygame

from ...core.notes import notes_in_paragraph
from ...tools.sources_report import citing_scenes
from ..editors_notes import draw_note, layout_note, mark_spans, tint
from ..text import Line, balanced_wrap, draw_lines, text_width, wrap
from ..widgets import key_event
from .base import Screen, ScrollArea, draw_footer

#: the header's title and its publisher-and-date line each take at most this many lines;
#: a longer one ends with an ellipsis, never silently
HEADER_LINES = 2

#: said of a caption or credit paragraph the editors' notes do not cover
KIND_NOTES = {
    "caption": "Image caption from a Swedish image search: not BBC text. Who assembled this copy?",
    "credit": "The compiler's credit line.",
}


class SourceDocumentScreen(Screen):
    name = "sources"

    def __init__(self, app: Any, source_id: str | None = None, paragraph: int | None = None):
        super().__init__(app)
        data = app.story_data
        self.sources = list(data.sources.values()) if data else []
        self.source_index = next((i for i, s in enumerate(self.sources) if s.id == source_id), 0)
        self.target = paragraph
        self.scroll = ScrollArea()
        self.cited = citing_scenes(data) if data else {}
        self.rows: list[tuple[str, Any, list, int, Any]] = []
        self._scrolled_to_target = False

    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        width = min(app.px(780), size[0] - app.px(160))
        self.x = (size[0] - width) // 2
        self.width = width
        self.rows = []
        self.header: list[tuple[Any, list[Line], int]] = []
        if not self.sources:
            self.view = pygame.Rect(0, app.px(60), size[0], size[1] - app.px(110))
            return
        source = self.sources[self.source_index]
        y = app.px(20)
        for font, text in ((app.font("display", 30), source.title),
                           (app.font("italic", 16), f"{source.publisher} · {source.date} · shown exactly as the file has it")):
            lines = header_lines(font, text, width)
            self.header.append((font, lines, y))
            y += len(lines) * font.get_linesize()
        self.rule_y = y + app.px(10)  # clear of the header's descenders, and of the page below
        top = self.rule_y + app.px(14)
        self.view = pygame.Rect(0, top, size[0], size[1] - top - app.px(50))
        body = app.font("body", app.body_size * 0.86)
        heading = app.font("display", app.body_size * 1.2)
        note_font = app.font("italic", app.body_size * 0.66)
        y = 0
        target_y = None
        all_notes = data.notes if (data := app.story_data) else []
        for paragraph in source.document.paragraphs if source.document else []:
            text = paragraph.text.replace("\n", " ")
            font = heading if paragraph.kind == "heading" else body
            colour = app.theme.muted if paragraph.kind in ("caption", "credit") else app.theme.text
            if paragraph.kind == "heading":
                y += app.px(12)
            if paragraph.index == self.target:
                # a section heading just above the cited paragraph is shown with it, whole
                above = self.rows[-1] if self.rows else None
                target_y = above[3] if above and above[0] == "para" and above[4][1].kind == "heading" else y
            lines = balanced_wrap(font, text, width) if paragraph.kind == "heading" else wrap(font, text, width)
            noted = notes_in_paragraph(all_notes, source.id, paragraph.index)
            spans = [(note.match.start, note.match.end) for note in noted if note.match]
            self.rows.append(("para", font, lines, y, (colour, paragraph, spans)))
            y += len(lines) * int(font.get_linesize() * 1.04)
            remarks = []
            if paragraph.kind in KIND_NOTES and not noted:
                remarks.append(KIND_NOTES[paragraph.kind])
            count = len(self.cited.get((source.id, paragraph.index), []))
            if paragraph.kind == "text":
                remarks.append(f"¶{paragraph.index + 1} · line {paragraph.line} · cited by {count} scene{'s' * (count != 1)}")
            for remark in remarks:
                remark_lines = wrap(note_font, remark, width)
                self.rows.append(("note", note_font, remark_lines, y, None))
                y += len(remark_lines) * note_font.get_linesize()
            for note in noted:
                y += app.px(10)
                box = layout_note(app, note, width)
                self.rows.append(("editors_note", None, [], y, box))
                y += box.height
            if noted:
                y += app.px(8)
            y += app.px(14)
        self.scroll.content_height = y + app.px(20)
        self.scroll.view_height = self.view.height
        if target_y is not None and not self._scrolled_to_target:
            self.scroll.offset = max(0, target_y - app.px(8))
            self._scrolled_to_target = True
        self.scroll.clamp()

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_TAB and len(self.sources) > 1:
                self.source_index = (self.source_index + 1) % len(self.sources)
                self.scroll.offset = 0
                self.layout(self.size)
                app.invalidate()
                return
        if self.scroll.handle(event, app.px(30), arrows=True):
            app.invalidate()
            return
        super().handle(event)

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        if not self.sources:
            return
        for (font, lines, y), colour in zip(self.header, (theme.text, theme.muted)):
            draw_lines(surface, app.cache, font, lines, colour, self.x, y, font.get_linesize())
        pygame.draw.line(surface, theme.rule, (self.x, self.rule_y), (self.x + self.width, self.rule_y))
        surface.set_clip(self.view)
        offset = self.view.y - self.scroll.offset
        for kind, font, lines, top, extra in self.rows:
            y = top + offset
            height = extra.height if kind == "editors_note" else int(len(lines) * font.get_linesize() * 1.3)
            if y > self.view.bottom or y + height < self.view.y:
                continue
            if kind == "para":
                colour, paragraph, spans = extra
                leading = int(font.get_linesize() * 1.04)
                if paragraph.index == self.target:
                    block = pygame.Rect(self.x - app.px(16), y - app.px(4), app.px(4), len(lines) * leading)
                    pygame.draw.rect(surface, theme.accent, block)
                if spans:  # the words an editors' note is on
                    mark_spans(surface, font, lines, spans, self.x, y, leading, theme.accent, wash=tint(theme))
                draw_lines(surface, app.cache, font, lines, colour, self.x, y, leading)
            elif kind == "editors_note":
                draw_note(app, surface, extra, self.x, y)
            else:
                draw_lines(surface, app.cache, font, lines, theme.faint, self.x, y, font.get_linesize())
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, theme.faint)
        keys = ["↑↓ PgUp PgDn scroll"] if self.scroll.max_offset > 0 else []
        keys += ["Tab next source"] if len(self.sources) > 1 else []
        draw_footer(app, surface, " · ".join(keys + ["Esc back"]))

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_PAGEDOWN), key_event(pygame.K_ESCAPE)]


def header_lines(font: Any, text: str, width: int) -> list[Line]:
    """A header's lines, balanced, at most :data:`HEADER_LINES`; what does not fit is cut
    at a word and said to be cut with an ellipsis."""
    lines = balanced_wrap(font, text, width)
    if len(lines) <= HEADER_LINES:
        return lines
    kept = wrap(font, text, width)[:HEADER_LINES]
    last = kept[-1]
    words = text[last.start:].split(" ")
    while len(words) > 1 and text_width(font, " ".join(words) + " …") > width:
        words.pop()
    return kept[:-1] + [Line(" ".join(words).rstrip(",;:·– ") + " …", last.start)]
