"""The words the desktop game and the text player use for the editors' apparatus.

Said once here so the drawer, the Sources screen, the ending and ``play --text`` cannot
drift apart: a note opens by naming itself the editors' note (never the BBC's words), and
a citation the scene gives as what the BBC reported is tagged "As the BBC reported".
"""

from __future__ import annotations

from .notes import EditorsNote


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


def note_heading(note: EditorsNote) -> str:
    """ "Editors' note — Error in the source": whose voice, and what kind of note."""
    return f"Editors' note — {note.label}"


def references_line(note: EditorsNote) -> str:
    """ "References: A, Title (1996); B, Title (2002)." or "" when the note names none."""
    if not note.references:
        return ""
    return "References: " + "; ".join(str(reference) for reference in note.references) + "."


def note_line(note: EditorsNote) -> str:
    """A note as one line of prose: "Editors' note (Context): Title. Text References: ..."."""
    title = note.title.strip()
    if title and title[-1] not in ".?!":
        title += "."
    return " ".join(part for part in (f"Editors' note ({note.label}): {title}", note.text.strip(),
                                      references_line(note)) if part)


def noted_words(note: EditorsNote, paragraphs: list | None) -> str:
    """The noted words exactly as the source file has them (the note's own quote when
    the match is unknown)."""
    match = note.match
    if match is None or not paragraphs or not 0 <= match.paragraph < len(paragraphs):
        return note.quote.strip()
    return paragraphs[match.paragraph].text[match.start:match.end].replace("\n", " ")
