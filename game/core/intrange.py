"""The one range every number variable lives in, whatever its story declares.

Why a fixed range at all: the language only adds and subtracts, but ``courage += courage``
in a scene that loops doubles a number at every visit, and after some 14,000 doublings it
has more than 4,300 digits, which Python refuses to turn into text: the next save failed.
A pack could also simply write a number of thousands of digits. So the engine keeps every
number within ±1,000,000,000, as a declared ``min``/``max`` keeps it within the author's:

* it is far beyond anything a story counts (courage, visits, money in forints);
* it fits a signed 32-bit integer, so a save read by a spreadsheet, a JavaScript tool or
  any JSON library keeps the exact value;
* an expression is at most 1,000 characters, so it adds at most about 500 terms, each a
  variable or literal inside the range or a visit count: no intermediate result comes near
  a size that costs time, and the clamp after each effect brings it back.

A number written in a pack outside the range is an error where it is written; a result
past it at run time is clamped to it, so playing never stops and a save can always be
written.
"""

from __future__ import annotations

#: the lowest and highest value a number variable (or a number in a pack) may have
INT_MIN = -1_000_000_000
INT_MAX = 1_000_000_000
#: the rule named when a pack writes a number outside the range
RULE = "number-range"
#: the range as the messages and the authoring guide write it
RANGE_WORDS = f"{INT_MIN:,} to {INT_MAX:,}"


def in_range(value: int) -> bool:
    return INT_MIN <= value <= INT_MAX


def clamp_int(value: int) -> int:
    """``value`` brought inside the engine's range (a run-time result, never an author's
    literal, which is refused instead)."""
    return INT_MIN if value < INT_MIN else INT_MAX if value > INT_MAX else value


def out_of_range(value: int) -> str:
    """The message for a number outside the range, without printing thousands of digits."""
    digits = int(abs(value).bit_length() * 0.30103) + 1  # str() of 4,300+ digits would raise
    written = str(value) if digits <= 24 else f"of about {digits:,} digits"
    return f"the number {written} is outside the range the game keeps ({RANGE_WORDS})"
