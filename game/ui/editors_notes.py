"""The editors' notes as the screens draw them: one panel, the same wherever a noted
passage is shown (the source drawer, the Sources screen, the ending's record).

A note is the editors' voice, never the BBC's, so it must not look like the source: it
sits in a tinted panel with an accent edge, opens with "Editors' note — <kind>", names
the words it is on, and ends with its references in a smaller italic. The noted words
themselves are underlined in the accent colour where the paragraph is drawn, so the
reader can see which words the note is about.

Also here: the "as reported" tag of a citation whose scene presents the passage as what
the BBC reported rather than as fact. The words themselves are :mod:`game.core.notewords`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame

from ..core.notes import EditorsNote
from ..core.notewords import note_heading, noted_words, references_line
from .text import Line, draw_lines, text_width, wrap

Colour = tuple[int, int, int]


def tint(theme: Any, amount: float = 0.16) -> Colour:
    """The accent mixed into the background: a quiet wash under noted words."""
    return tuple(round(b + (a - b) * amount) for a, b in zip(theme.accent, theme.background))  # type: ignore[return-value]


@dataclass
class NoteBox:
    """An editors' note laid out at one width; ``rows`` hold (font, lines, y, colour, leading)
    relative to the panel's top."""

    note: EditorsNote
    width: int
    height: int
    rows: list[tuple[Any, list[Line], int, Colour, int]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [line.text for _font, lines, *_ in self.rows for line in lines]


def layout_note(app: Any, note: EditorsNote, width: int, quote: bool = True) -> NoteBox:
    """Lay a note out inside a panel ``width`` wide (edge and padding included)."""
    theme = app.theme
    size = app.body_size
    edge, pad, top = app.px(4), app.px(14), app.px(10)
    inner = max(40, width - edge - 2 * pad)
    box = NoteBox(note, width, 0)
    y = top

    def add(font: Any, text: str, colour: Colour, gap: int) -> None:
        nonlocal y
        if not text:
            return
        lines = wrap(font, text, inner)
        leading = font.get_linesize()
        box.rows.append((font, lines, y, colour, leading))
        y += len(lines) * leading + gap

    add(app.font("bold", max(13, size * 0.62)), note_heading(note), theme.accent, app.px(3))
    add(app.font("bold", size * 0.8), note.title, theme.text, app.px(2))
    if quote:
        source = app.story_data.sources.get(note.source) if app.story_data else None
        words = noted_words(note, source.document.paragraphs if source and source.document else None)
        add(app.font("italic", size * 0.7), f"On “{words}”", theme.muted, app.px(6))
    add(app.font("body", size * 0.76), note.text, theme.text, app.px(6))
    add(app.font("italic", max(12, size * 0.62)), references_line(note.references), theme.muted, 0)
    box.height = y + top
    return box


def draw_note(app: Any, surface: pygame.Surface, box: NoteBox, x: int, y: int) -> int:
    """Draw a laid-out note with its top-left at (x, y); return the y below it."""
    theme = app.theme
    edge, pad = app.px(4), app.px(14)
    panel = pygame.Rect(x, y, box.width, box.height)
    pygame.draw.rect(surface, theme.hover, panel, border_radius=app.px(4))
    pygame.draw.rect(surface, theme.accent, pygame.Rect(x, y, edge, box.height))
    for font, lines, top, colour, leading in box.rows:
        draw_lines(surface, app.cache, font, lines, colour, x + edge + pad, y + top, leading)
    return y + box.height


def mark_spans(
    surface: pygame.Surface,
    font: Any,
    lines: Sequence[Line],
    spans: Iterable[tuple[int, int]],
    x: int,
    y: int,
    leading: int,
    underline: Colour,
    wash: Colour | None = None,
    thickness: int = 2,
) -> None:
    """Underline (and, with ``wash``, tint) character spans of a wrapped paragraph. Called
    before its text is drawn, so the wash lies under the letters."""
    spans = list(spans)
    for index, line in enumerate(lines):
        top = y + index * leading
        for start, end in spans:
            low = max(start - line.start, 0)
            high = min(end - line.start, len(line.text))
            if low >= high:
                continue
            left = x + text_width(font, line.text[:low])
            span = text_width(font, line.text[low:high].rstrip())
            if wash is not None:
                pygame.draw.rect(surface, wash, pygame.Rect(left - 2, top + 1, span + 4, font.get_height() - 1),
                                 border_radius=3)
            base = top + font.get_ascent() + max(2, thickness)
            pygame.draw.rect(surface, underline, pygame.Rect(left, base, span, thickness))


def draw_tag(app: Any, surface: pygame.Surface, text: str, x: int, y: int) -> pygame.Rect:
    """A small outlined tag (the "as reported" stance), top-left at (x, y)."""
    theme = app.theme
    font = app.font("bold", max(12, app.body_size * 0.58))
    rendered = app.cache.render(font, text.upper(), theme.accent)
    rect = rendered.get_rect(topleft=(x + app.px(8), y + app.px(3)))
    frame = rect.inflate(app.px(16), app.px(6))
    frame.topleft = (x, y)
    pygame.draw.rect(surface, theme.accent, frame, width=max(1, app.px(1.5)), border_radius=app.px(10))
    surface.blit(rendered, rect)
    return frame


__all__ = ["NoteBox", "draw_note", "draw_tag", "layout_note", "mark_spans", "tint"]
