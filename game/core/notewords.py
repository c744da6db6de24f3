"""The words every screen, handout and the text player use for the editors' apparatus.

Said once here so the drawer, the Sources screen, the ending, ``play --text``, the
debrief, the handouts and the teacher's guide cannot drift apart: a note opens by naming
itself the editors' note (never the BBC's words), and a citation the scene gives as what
the BBC reported says so ("As the BBC reported" as a tag, "as reported" inline).
"""

from __future__ import annotations

from typing import Any, Sequence

from .notes import EditorsNote

#: inline, beside a citation made ``as: report`` (a handout's "seen at", the debrief)
AS_REPORTED = "as reported"


def stance_words(stance: str | None) -> str:
    """"as reported" for a citation made ``as: report``; "" for fact or an unrecorded stance."""
    return AS_REPORTED if stance == "report" else ""


def sentence(text: str) -> str:
    """A heading run into the text that follows it: a full stop unless it has its own."""
    return text if not text or text[-1] in ".?!…" else text + "."


def publisher_name(publisher: str) -> str:
    """How a sentence names a publisher: "the BBC" for an acronym, "Reuters" for a name."""
    name = publisher.strip()
    if not name:
        return "the source"
    return f"the {name}" if name.isupper() and len(name) <= 6 else name


def reported_by(publisher: str) -> str:
    """The tag of a citation given ``as: report``: "As the BBC reported"."""
    return f"As {publisher_name(publisher)} reported"


def stance_line(publisher: str) -> str:
    """What the "as reported" tag means, said once beside it."""
    return f"The scene gives this passage as what {publisher_name(publisher)} reported, not as established fact."


def note_heading(note: Any, *, with_title: bool = False) -> str:
    """ "Editors' note — Error in the source" (and ": No Romanian troops" ``with_title``):
    whose voice, and what kind of note. Any note-like value with ``label`` and ``title``."""
    heading = f"Editors' note — {note.label}"
    return f"{heading}: {note.title}" if with_title and note.title else heading


def references_line(references: Sequence[object]) -> str:
    """ "References: A, Title (1996); B, Title (2002)." or "" when the note names none."""
    return "References: " + "; ".join(str(reference) for reference in references) + "." if references else ""


def note_line(note: EditorsNote) -> str:
    """A note as one line of prose: "Editors' note (Context): Title. Text References: ..."."""
    title = sentence(note.title.strip())
    return " ".join(part for part in (f"Editors' note ({note.label}): {title}", note.text.strip(),
                                      references_line(note.references)) if part)


def noted_words(note: EditorsNote, paragraphs: list | None) -> str:
    """The noted words exactly as the source file has them (the note's own quote when
    the match is unknown)."""
    match = note.match
    if match is None or not paragraphs or not 0 <= match.paragraph < len(paragraphs):
        return note.quote.strip()
    return paragraphs[match.paragraph].text[match.start:match.end].replace("\n", " ")
