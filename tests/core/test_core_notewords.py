"""The words the screens and the text player use for the editors' apparatus."""

from __future__ import annotations

from game.core.notes import EditorsNote, Reference
from game.core.notewords import note_line, noted_words, publisher_name, reported_by, stance_line
from game.core.sources import SourceDocument


def test_a_publisher_is_named_as_a_sentence_names_it() -> None:
    assert reported_by("BBC") == "As the BBC reported"
    assert reported_by("Reuters") == "As Reuters reported"
    assert reported_by("The Times") == "As The Times reported"
    assert publisher_name("  ") == "the source"
    assert stance_line("BBC") == "The scene gives this passage as what the BBC reported, not as established fact."


def test_a_note_as_one_line_names_the_editors_and_ends_with_its_works() -> None:
    note = EditorsNote("n", "bbc", "with Russian and Romanian reinforcements", "error", "No Romanian troops",
                       "None took part.", [Reference("A. Author", "A Book", 2002), Reference("B", "C", 1996)])
    assert note_line(note) == ("Editors' note (Error in the source): No Romanian troops. None took part. "
                               "References: A. Author, A Book (2002); B, C (1996).")
    asked = EditorsNote("q", "bbc", "x y z", "contested", "Who fired first?", "Disputed.")
    assert note_line(asked) == "Editors' note (Contested): Who fired first? Disputed."


def test_the_noted_words_are_the_files_own() -> None:
    document = SourceDocument.from_text("Mr Nagy’s anti-Soviet policies,\nwhich include withdrawal.\n")
    note = EditorsNote("n", "bbc", "Mr Nagy's anti-Soviet policies, which", "context", "t", "x")
    note.match = document.find(note.quote)
    assert noted_words(note, document.paragraphs) == "Mr Nagy’s anti-Soviet policies, which"
    note.match = None
    assert noted_words(note, document.paragraphs) == "Mr Nagy's anti-Soviet policies, which"
