"""The editors' notes on the sources: a critical apparatus, as data.

The source is a set of BBC web pages written decades after the events, and it is wrong in
places. A note anchors to a passage of a source by a verbatim ``quote`` (matched exactly
like a citation) and says, in the editors' own words and with standard works named, what
a reader should know about it. Wherever the game shows a noted passage, it shows the note
beside it; and a scene may cite a passage noted as an error only as what the BBC
reported (``as: report``), never as fact — the checker holds it to that.

Kinds:

* ``error`` — historians have shown the passage wrong;
* ``contested`` — the passage takes one side of a question historians still dispute;
* ``context`` — true or defensible, but a reader needs something the passage leaves out;
* ``provenance`` — about the document itself: who wrote it, when, and the compiler's traces.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .diagnostics import Pos
from .sources import CitationMatch

KINDS = ("error", "contested", "context", "provenance")

#: how each kind is named on screen and in handouts
KIND_LABELS = {
    "error": "Error in the source",
    "contested": "Contested",
    "context": "Context",
    "provenance": "About this document",
}

#: the stances a citation may take toward its passage
STANCES = ("fact", "report")


@dataclass(frozen=True)
class Reference:
    """A standard work a note rests on: author (or body), title, year — nothing invented."""

    author: str
    title: str
    year: int

    def __str__(self) -> str:
        return f"{self.author}, {self.title} ({self.year})"


@dataclass
class EditorsNote:
    id: str
    source: str
    quote: str
    kind: str
    title: str
    text: str
    references: list[Reference] = field(default_factory=list)
    match: CitationMatch | None = None  # filled in by validation
    pos: Pos = field(default_factory=lambda: Pos("<unknown>"))

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def paragraph(self) -> int | None:
        return self.match.paragraph if self.match else None

    def covers(self, source: str, match: CitationMatch | None) -> bool:
        """Whether a passage (a citation's match) overlaps this note's passage."""
        if match is None or self.match is None or source != self.source:
            return False
        mine = self.match
        return mine.paragraph == match.paragraph and mine.start < match.end and match.start < mine.end


def notes_on(notes: Iterable[EditorsNote], source: str, match: CitationMatch | None) -> list[EditorsNote]:
    """The notes on a cited passage, most serious first."""
    found = [note for note in notes if note.covers(source, match)]
    return sorted(found, key=lambda note: KINDS.index(note.kind) if note.kind in KINDS else len(KINDS))


def notes_in_paragraph(notes: Iterable[EditorsNote], source: str, paragraph: int) -> list[EditorsNote]:
    """The notes anchored anywhere in one paragraph, in the order they stand in it."""
    found = [n for n in notes if n.source == source and n.match and n.match.paragraph == paragraph]
    return sorted(found, key=lambda note: note.match.start if note.match else 0)
