"""Issue 12, characters that hide what text says: U+2028/U+2029 (line breaks to YAML, not
to the game), the bidirectional embeddings, overrides and isolates (Trojan Source), and
zero-width characters in names. Each is one error at the character, under its own rule.

Bidi controls are refused everywhere, balanced or not: the game draws text in the order
it is written and never applies them, so they could only make an editor, a terminal or
the HTML guide show a pack differently from the game. LRM, RLM and ALM stay allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.loader import load_story
from hostile_pack import at, chain, errors, story_yaml, write_pack

#: chain(1): line 7 is s0's "    title: T", line 8 its text, line 11 its quote
TITLE = "    title: T\n"


def only_error(pack: Path) -> tuple[str, tuple[int, int], str]:
    found = errors(pack)
    assert len(found) == 1, [str(e) for e in found]
    return found[0].code, at(found[0]), found[0].message


def edited(old: str, new: str) -> str:
    chapter = chain(1)
    assert old in chapter
    return chapter.replace(old, new, 1)


@pytest.mark.parametrize(
    ("written", "name"), [("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR"),
                          ("\\L", "LINE SEPARATOR"), ("\\P", "PARAGRAPH SEPARATOR")],
    ids=["raw-2028", "raw-2029", "escape-L", "escape-P"],
)
def test_a_line_separator_is_an_error_at_it(tmp_path: Path, written: str, name: str) -> None:
    """Raw, YAML would count it as a line break and every later line:col would be off."""
    pack = write_pack(tmp_path, edited('text: "Hello."', f'text: "Hello.{written}World."') + "  # after it\n")
    code, where, message = only_error(pack)
    assert (code, where) == ("line-separator", (8, 18))
    assert f"({name})" in message
    assert errors(pack)[0].hint == "write a newline instead; a blank line between paragraphs"


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (TITLE, '    title: "ab\u202ecd"\n', (7, 15)),  # unbalanced, raw
        (TITLE, '    title: "ab\\u202Ecd\\u202C"\n', (7, 15)),  # balanced, as escapes: refused too
        ("quote: The uprising", 'quote: "The \\u2067uprising', (11, 21)),  # a quote (closed below)
        (TITLE, "    ti\u202etle: T\n", (7, 7)),  # a key
        ("        goto: s1\n", '        goto: s1\n        if: "courage > 1 \u2066"\n', (15, 26)),  # an expression
    ],
    ids=["title", "balanced", "quote", "key", "condition"],
)
def test_bidi_controls_are_an_error_at_the_character(tmp_path: Path, old: str, new: str, where: tuple[int, int]) -> None:
    chapter = edited(old, new)
    if "\\u2067uprising" in chapter:
        chapter = chapter.replace("a rally\n", 'a rally"\n', 1)
    code, at_, message = only_error(write_pack(tmp_path, chapter))
    assert (code, at_) == ("bidi-control", where)
    assert "which makes text show in another order than it is written" in message


def test_a_bidi_override_in_a_variable_name(tmp_path: Path) -> None:
    story = story_yaml().replace("  courage:", "  cour\u202eage: {type: bool}\n  courage:")
    assert only_error(write_pack(tmp_path, chain(1), story))[:2] == ("bidi-control", (6, 7))


def test_direction_marks_stay_allowed_in_prose(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, edited('text: "Hello."', 'text: "Hello \u200fשלום\u200e, \u061cmarhaba."'))
    story, diagnostics = load_story(pack)
    assert story is not None, [str(e) for e in diagnostics.errors]


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        ("  - id: s1\n", '  - id: "s1\u200b"\n', (15, 12), "'s1' holds the invisible character U+200B (ZERO WIDTH SPACE)"),
        ("goto: s1\n", 'goto: "s\ufeff1"\n', (14, 17), "'s1' holds the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE)"),
        (TITLE, "    ti\u2060tle: T\n", (7, 7), "'title' holds the invisible character U+2060 (WORD JOINER)"),
    ],
    ids=["scene-id", "goto", "key"],
)
def test_zero_width_characters_in_names_are_one_error(
    tmp_path: Path, old: str, new: str, where: tuple[int, int], words: str
) -> None:
    """Not also 'unknown scene' for the goto that names it right, nor 'unknown key' and
    'missing title' for the key that reads 'title'."""
    code, at_, message = only_error(write_pack(tmp_path, edited(old, new)))
    assert (code, at_) == ("invisible-character", where)
    assert message.endswith(words)


def test_a_zero_width_character_in_a_variable_name(tmp_path: Path) -> None:
    story = story_yaml().replace("  courage:", "  cour\u200dage: {type: bool}\n  courage:")
    assert only_error(write_pack(tmp_path, chain(1), story))[:2] == ("invisible-character", (6, 7))


def test_zero_width_joiners_stay_allowed_in_prose(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, edited('text: "Hello."', 'text: "Hello \u200d\u200c world."'))
    story, diagnostics = load_story(pack)
    assert story is not None, [str(e) for e in diagnostics.errors]
