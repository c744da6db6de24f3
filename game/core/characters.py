"""Which characters a pack's text may not hold, and how each refusal is worded.

Kept apart from the YAML reader so that what reads sources and compiled stories (which
need the rules, not a YAML parser) does not import PyYAML: a warm start of the game
loads no YAML at all.
"""

from __future__ import annotations

import re
import unicodedata

#: characters an author's text may not hold: C0 and C1 controls (newline and tab are
#: allowed), DEL, and lone surrogates (``"\ud800"``), which cannot even be saved as UTF-8
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: what a pack's text may not hold at all: those, U+2028/U+2029 (YAML and editors count
#: them as line breaks, the game and every ``line:col`` do not), and the bidirectional
#: embeddings, overrides and isolates U+202A-U+202E, U+2066-U+2069 (Trojan Source: they
#: make an id, a quote or a paragraph read in an order other than it is written). The game
#: draws text in the order written and never applies them, so they could only make an
#: editor, a terminal or the HTML guide show something other than the game does; all of
#: them are refused, balanced or not. The marks LRM, RLM and ALM (U+200E, U+200F, U+061C)
#: reorder nothing and stay allowed.
REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: the same, as written in a file, where a carriage return is part of a Windows line end
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
#: characters that show as nothing: an error in keys, ids and variable names, where two
#: names that look the same would then differ (in text, ZWJ and ZWNJ shape some scripts)
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def control_message(value: str) -> tuple[int, str] | None:
    """Where a string holds a character :data:`CONTROL` refuses, and a message naming it
    (None for clean text), so every reader words the rule the same way."""
    found = CONTROL.search(value)
    if found is None:
        return None
    return found.start(), refused_character(found.group())[1]


def refused_character(char: str) -> tuple[str, str, str]:
    """The rule, message and hint for one character :data:`REFUSED` finds."""
    code = f"U+{ord(char):04X}"
    if char in "\u2028\u2029":
        name = "LINE SEPARATOR" if char == "\u2028" else "PARAGRAPH SEPARATOR"
        return (
            "line-separator",
            f"text holds {code} ({name}), which YAML and editors count as a line break and the game does not",
            "write a newline instead; a blank line between paragraphs",
        )
    if char in _BIDI:
        return (
            "bidi-control",
            f"text holds the bidirectional control {code} ({unicodedata.name(char)}), which makes text "
            "show in another order than it is written",
            "delete it: the game never reorders text; the marks U+200E and U+200F stay allowed",
        )
    if "\ud800" <= char <= "\udfff":  # half of a pair: what a cut or damaged file leaves
        return (
            "control-character",
            f"text holds {code}, half of a UTF-16 pair with no other half, which is no character",
            "delete it, or write the character it stands for",
        )
    return (
        "control-character",
        f"text holds the control character {code} ({char.encode('unicode_escape').decode('ascii')}),"
        " which cannot be shown",
        "delete it, or write the character it stands for",
    )


def invisible_message(value: str) -> tuple[int, str] | None:
    """Where a name holds a character that shows as nothing, and a message naming it."""
    found = INVISIBLE.search(value)
    if found is None:
        return None
    char = found.group()
    return found.start(), f"'{INVISIBLE.sub('', value)}' holds the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'ZERO WIDTH NO-BREAK SPACE')})"
