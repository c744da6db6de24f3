"""The editors' notes as a class saw them, and the words every handout uses to show them.

A noted passage is shown with its note wherever the class meets it: the debrief, the
handout's path and bibliography, the teacher's guide. The session log keeps a copy of
each note as it was shown (:class:`NoteLog`), not a reference to today's notes file: a
handout must say what the class read, and an edited notes file must not change it. A
session file older than the notes keeps ``None`` instead ("not recorded"), never notes
looked up again in the story as it reads today.

The presentation rule lives here once, so that no format can drift from it: a note is
plainly the editors' voice, never the BBC's — "Editors' note — Error in the source:
<title>", then its text, then "References: ..." (smaller, where the format has sizes);
and a citation the scene makes ``as: report`` says "as reported".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol

from ..core import notewords
from ..core.model import StoryData
from ..core.notes import KIND_LABELS, KINDS, EditorsNote, Reference, notes_on
from ..core.notewords import AS_REPORTED, references_line, sentence, stance_words
from ..core.sources import CitationMatch

#: what a handout says where an old session file has no notes for a passage
NOTES_NOT_RECORDED = (
    "Editors' notes not recorded: this session was saved by a version of the game that did not keep them"
)
#: the heading of the list of works the notes rest on
WORKS_CITED = "Works cited by the editors"

@dataclass
class NoteLog:
    """An editors' note as it was shown beside a passage: its words, kept in the log."""

    id: str
    kind: str
    title: str
    text: str
    references: list[Reference] = field(default_factory=list)
    quote: str = ""  # the noted words, as the source file has them

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


class _Note(Protocol):
    """What presenting a note needs: both :class:`EditorsNote` and :class:`NoteLog` have it."""

    kind: str
    title: str
    text: str

    @property
    def label(self) -> str: ...


def note_log(note: EditorsNote, data: StoryData) -> NoteLog:
    """A note as the log keeps it, its passage quoted from the file by its match."""
    return NoteLog(
        note.id, note.kind, note.title, note.text,
        [Reference(r.author, r.title, r.year) for r in note.references],
        noted_words(note, data),
    )


def noted_words(note: EditorsNote, data: StoryData) -> str:
    """The noted passage exactly as the source paragraph has it (the note's own quote
    when the match is unknown, e.g. in a story that did not pass ``check``)."""
    source = data.sources.get(note.source)
    return notewords.noted_words(note, source.document.paragraphs if source and source.document else None)


def notes_shown(data: StoryData, source: str, match: CitationMatch | None) -> list[NoteLog]:
    """The notes on a passage as they are shown now, most serious first."""
    return [note_log(note, data) for note in notes_on(data.notes, source, match)]


def note_heading(note: _Note) -> str:
    """``Editors' note — Error in the source: No Romanian troops``."""
    return notewords.note_heading(note, with_title=True)


def note_plain(note: NoteLog) -> str:
    """One line of plain text for a note (the CSV): heading, text, references."""
    parts = [f"{sentence(note_heading(note))} {note.text}".strip()]
    refs = references_line(note.references)
    if refs:
        parts.append(refs)
    return " ".join(parts)


def kind_order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def works_cited(notes: Iterable[NoteLog | EditorsNote]) -> list[Reference]:
    """Every work the given notes name, once each, by author, year and title."""
    found: dict[tuple[str, str, int], Reference] = {}
    for note in notes:
        for ref in note.references:
            found.setdefault((ref.author, ref.title, ref.year), Reference(ref.author, ref.title, ref.year))
    return sorted(found.values(), key=lambda r: (r.author.casefold(), r.year, r.title.casefold()))


__all__ = [
    "AS_REPORTED", "NOTES_NOT_RECORDED", "NoteLog", "WORKS_CITED", "kind_order", "note_heading",
    "note_log", "note_plain", "noted_words", "notes_shown", "references_line", "sentence", "stance_words", "works_cited",
]
