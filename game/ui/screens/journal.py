"""The journal: every scene of the path as the player read it, newest last, scrollable.

Each entry shows the scene's dateline and title, the opening of the text this player read
there (the text can differ between players, so it comes from the playthrough, never from
the scene as written), the choice they made and the reply it got. Only the opening: a path
of thirty scenes in full is a wall of a hundred paragraphs, and the journal is for finding
a moment again, not for reading the story twice. Enter or a click opens one scene in full
(A opens or folds them all), so re-reading a moment is one key away.
"""

from __future__ import annotations

from typing import Any

import pygame

from ...core.dateline import dateline
from ...core.journal import JournalEntry, journal
from ..text import Line, balanced_wrap, draw_lines, text_width, wrap
from ..widgets import key_event
from .base import Screen, ScrollArea, draw_footer, draw_heading

OPENING_LINES = 3  # a folded entry shows at most this many lines of its first paragraph
# (a text of one line more than that is shown whole: folding it would save nothing)


class JournalScreen(Screen):
    name = "journal"

    def __init__(self, app: Any):
        super().__init__(app)
        self.scroll = ScrollArea()
        self.rows: list[tuple[Any, list[Line], int, Any, int]] = []  # font, lines, y, colour, indent
        self.rules: list[pygame.Rect] = []  # the bars beside replies, in content coordinates
        self.entries: list[JournalEntry] = []
        self.spans: list[pygame.Rect] = []  # each entry's area, in content coordinates
        self.unfolded: set[int] = set()  # entries shown in full
        self.foldable: set[int] = set()  # entries with more than their opening
        self.focus = -1  # the last entry (where the player is) until the player moves
        self.first_layout = True

    # ------------------------------------------------------------------ layout
    def layout(self, size: tuple[int, int]) -> None:
        super().layout(size)
        app = self.app
        story = app.story
        width = min(app.px(760), size[0] - app.px(160))
        self.x = (size[0] - width) // 2
        self.width = width
        self.view = pygame.Rect(0, app.px(110), size[0], size[1] - app.px(160))
        self.rows, self.rules, self.spans, self.foldable = [], [], [], set()
        if story is None:
            return
        self.entries = journal(story)
        if self.focus < 0 or self.focus >= len(self.entries):
            self.focus = len(self.entries) - 1
        small = app.font("body", 14)
        title = app.font("display", app.body_size * 1.05)
        reading = app.font("body", app.body_size * 0.8)
        italic = app.font("italic", app.body_size * 0.8)
        hint = app.font("body", 14)
        theme = app.theme
        indent = app.px(18)
        y = 0

        def add(font: Any, lines: list[Line], colour: Any, gap: int = 0, left: int = 0) -> int:
            nonlocal y
            top = y
            self.rows.append((font, lines, y, colour, left))
            y += len(lines) * font.get_linesize() + gap
            return top

        for index, entry in enumerate(self.entries):
            top = y
            add(small, wrap(small, dateline(entry.scene), width), theme.muted)
            add(title, balanced_wrap(title, entry.scene.title, width), theme.text, app.px(4))
            lines, folded_away = self.reading_lines(reading, entry, index, width)
            for paragraph in lines:
                add(reading, paragraph, theme.text, app.px(6))
            if folded_away or (index in self.unfolded and index in self.foldable):
                label = f"{folded_away} ›" if folded_away else "‹ only the opening"
                add(hint, [Line(label, 0)], theme.accent, app.px(6))
            if entry.choice is not None:
                add(italic, wrap(italic, f"You chose: {entry.choice.text}", width - app.px(20)), theme.accent)
                for paragraph in entry.answer:  # the reply the choice got, as the player read it
                    answer = wrap(italic, paragraph, width - indent)
                    at = add(italic, answer, theme.text, app.px(4), indent)
                    self.rules.append(pygame.Rect(self.x + app.px(4), at + app.px(3), app.px(2),
                                                  len(answer) * italic.get_linesize() - app.px(4)))
            else:
                add(italic, wrap(italic, "You are here.", width), theme.good)
            self.spans.append(
                pygame.Rect(self.x - app.px(20), top - app.px(6), width + app.px(40), y - top + app.px(12))
            )
            y += app.px(22)
        self.scroll.view_height = self.view.height
        if self.first_layout:
            self.scroll.offset = self.opening_offset(y)
            self.first_layout = False
        # room below the last entry for the view to begin at an entry's top (see opening_offset)
        self.scroll.content_height = max(y, self.scroll.offset + self.view.height)
        self.scroll.clamp()

    def opening_offset(self, end: int) -> int:
        """Where the journal opens: at the end, where the player is, but beginning at an
        entry's top. The plain end of the list would cut the entry above in half, leaving
        its "4 more paragraphs ›" and its choice under the heading without the scene they
        belong to; this shows the last entries that fit whole, with room to spare below."""
        for span in self.spans:
            top = max(0, span.top)
            if end - top <= self.view.height:
                return top
        return max(0, self.spans[-1].top) if self.spans else 0

    def reading_lines(self, font: Any, entry: JournalEntry, index: int, width: int) -> tuple[list[list[Line]], str]:
        """The lines of the text read at an entry, folded to its opening unless unfolded;
        with what folding hides, said in words ("" when nothing is hidden). Notes in
        ``foldable`` whether the entry has more than its opening."""
        paragraphs = entry.text
        if not paragraphs:
            return [], ""
        wrapped = [wrap(font, paragraph, width) for paragraph in paragraphs]
        if sum(len(lines) for lines in wrapped) <= OPENING_LINES + 1:
            return wrapped, ""  # short enough to show whole: folding would hide a line or two
        self.foldable.add(index)
        if index in self.unfolded:
            return wrapped, ""
        opening = wrapped[0]
        hidden_paragraphs = len(paragraphs) - 1
        cut = len(opening) > OPENING_LINES
        if cut:
            opening = opening[:OPENING_LINES - 1] + [_ellipsized(font, opening[OPENING_LINES - 1], width)]
        if hidden_paragraphs:
            told = f"{hidden_paragraphs} more paragraph{'s' if hidden_paragraphs != 1 else ''}"
        else:
            told = "the rest of the paragraph"
        return [opening], told

    # ------------------------------------------------------------------ acting
    def toggle(self, index: int) -> None:
        if index not in self.foldable:
            return
        self.unfolded ^= {index}
        self.layout(self.size)
        self.show_focus()
        self.app.invalidate()

    def toggle_all(self) -> None:
        self.unfolded = set() if self.unfolded >= self.foldable else set(self.foldable)
        self.layout(self.size)
        self.show_focus()
        self.app.invalidate()

    def move(self, step: int) -> None:
        if not self.entries:
            return
        self.focus = max(0, min(len(self.entries) - 1, self.focus + step))
        self.show_focus()
        self.app.invalidate()

    def show_focus(self) -> None:
        """Scroll the focused entry into view (its top, when it is taller than the view)."""
        if not 0 <= self.focus < len(self.spans):
            return
        span = self.spans[self.focus]
        top, bottom = self.scroll.offset, self.scroll.offset + self.view.height
        if span.top < top or span.height > self.view.height:
            self.scroll.scroll(span.top - top)
        elif span.bottom > bottom:
            self.scroll.scroll(span.bottom - bottom)

    def entry_at(self, pos: tuple[int, int]) -> int | None:
        if not self.view.collidepoint(pos):
            return None
        content = (pos[0], pos[1] - self.view.y + self.scroll.offset)
        return next((index for index, span in enumerate(self.spans) if span.collidepoint(content)), None)

    def handle(self, event: pygame.event.Event) -> None:
        app = self.app
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_j, pygame.K_ESCAPE):
                app.pop()
                return
            if event.key in (pygame.K_UP, pygame.K_DOWN):
                self.move(1 if event.key == pygame.K_DOWN else -1)
                return
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                self.toggle(self.focus)
                return
            if event.key == pygame.K_a:
                self.toggle_all()
                return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            index = self.entry_at(event.pos)
            if index is not None:
                self.focus = index
                self.toggle(index)
                app.invalidate()
                return
        if self.scroll.handle(event, app.px(30)):
            app.invalidate()

    # ------------------------------------------------------------------ drawing
    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        theme = app.theme
        surface.fill(theme.background)
        draw_heading(app, surface, "Journal", self.x, app.px(36), 40)
        surface.set_clip(self.view)
        offset = self.view.y - self.scroll.offset
        if 0 <= self.focus < len(self.spans):
            span = self.spans[self.focus].move(0, offset)
            pygame.draw.rect(surface, theme.accent, pygame.Rect(span.x, span.y, app.px(3), span.height))
        for rule in self.rules:
            pygame.draw.rect(surface, theme.rule, rule.move(0, offset))
        for font, lines, top, colour, indent in self.rows:
            y = top + offset
            if self.view.y - 200 < y < self.view.bottom:
                draw_lines(surface, app.cache, font, lines, colour, self.x + indent, y, font.get_linesize())
        surface.set_clip(None)
        self.scroll.draw_bar(surface, self.view, theme.faint)
        draw_footer(app, surface, self.footer())

    def footer(self) -> str:
        """Only the keys that do something now: Enter and A only where there is a folded
        text to open (or an open one to fold), ↑↓ only with more than one scene."""
        parts = ["↑↓ scene"] if len(self.entries) > 1 else []
        if self.focus in self.foldable:
            parts.append("Enter only the opening" if self.focus in self.unfolded else "Enter read it all")
        if self.foldable:
            parts.append("A fold all" if self.unfolded >= self.foldable else "A open all")
        if self.scroll.max_offset > 0:
            parts.append("PgUp PgDn scroll")
        return " · ".join(parts + ["J or Esc back"])

    def autoplay_events(self, rng: Any) -> list[pygame.event.Event]:
        return [key_event(pygame.K_UP), key_event(pygame.K_RETURN), key_event(pygame.K_ESCAPE)]


def _ellipsized(font: Any, line: Line, width: int) -> Line:
    """A line cut at a word so that it ends with an ellipsis and still fits."""
    words = line.text.split(" ")
    while len(words) > 1 and text_width(font, " ".join(words) + " …") > width:
        words.pop()
    return Line(" ".join(words).rstrip(",;:") + " …", line.start)
