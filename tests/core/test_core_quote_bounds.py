"""Quotes from a hostile pack (issue 12): no spoofing across word boundaries that the eye
cannot see, and bounded work for the "closest passage" hint and for matching.

The bounds are asserted by counting what is compared (a counting stand-in for
``difflib.SequenceMatcher``), never by timing.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from game.core import sources
from game.core.sources import HINT_CANDIDATES, HINT_CHARS, SourceDocument

SOURCE = "sources/bbc-on-this-day-1956.txt"


@pytest.mark.parametrize("text, quote", [
    ("The un\u00adarmed protesters refused to give way.", "armed protesters refused"),  # soft hyphen
    ("The un\u200barmed protesters refused to give way.", "armed protesters refused"),  # zero-width space
    ("The un\u2060armed protesters refused to give way.", "armed protesters refused"),  # word joiner
    ("They met at the cafe\u0301 on the corner.", "met at the cafe"),  # ends before a combining accent
])
def test_an_invisible_character_does_not_make_a_word_boundary(text: str, quote: str) -> None:
    document = SourceDocument.from_text(text + "\n")
    assert document.find(quote) is None


def test_a_quote_still_matches_across_an_invisible_character() -> None:
    """Typography-blind as before: the soft hyphen is not part of what the author types."""
    text = "The un\u00adarmed protesters refused to give way.\n"
    document = SourceDocument.from_text(text)
    match = document.find("unarmed protesters refused")
    assert match is not None
    assert document.paragraphs[0].text[match.start:match.end] == "un\u00adarmed protesters refused"


def test_check_refuses_a_quote_split_off_by_a_soft_hyphen(copy_pack, run_cli, parse_check) -> None:
    """The pack's source writes "un­armed" with a soft hyphen (it shows as "unarmed"):
    "armed protesters refused to give way" is still not in it."""
    pack = copy_pack("quote_inside_a_word")
    source = pack / SOURCE
    text = source.read_text("utf-8")
    assert "unarmed protesters" in text
    source.write_text(text.replace("unarmed protesters", "un\u00adarmed protesters"), "utf-8")
    result = run_cli("check", pack)
    reported = parse_check(result.out)
    assert result.code == 1
    assert [(r.line, r.col) for r in reported] == [(27, 16)]
    assert "quote not found in source 'bbc'" in reported[0].message
    assert "Traceback" not in result.out + result.err


class _Counting:
    """Stands in for ``difflib.SequenceMatcher`` and records the sizes it was given."""

    calls: list[tuple[int, int]] = []

    def __init__(self, isjunk, a: str, b: str, autojunk: bool = True) -> None:
        _Counting.calls.append((len(a), len(b)))
        self._inner = _REAL(isjunk, a, b, autojunk=autojunk)

    def ratio(self) -> float:
        return self._inner.ratio()


_REAL = sources.difflib.SequenceMatcher


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    _Counting.calls = []
    monkeypatch.setattr(sources.difflib, "SequenceMatcher", _Counting)
    return _Counting.calls


def _prose(size: int, seed: int) -> str:
    """About ``size`` characters of sentences and paragraphs over a small vocabulary."""
    rng = random.Random(seed)
    words = [f"w{n}" for n in range(2000)] + ["the", "of", "and", "to", "a", "in"] * 200
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(5, 30))).capitalize() + "."
        out.append(sentence + ("\n\n" if rng.random() < 0.2 else " "))
        length += len(sentence) + 1
    return "".join(out)


def _assert_bounded(calls: list[tuple[int, int]]) -> None:
    assert 0 < len(calls) <= HINT_CANDIDATES
    assert all(a <= HINT_CHARS and b <= HINT_CHARS for a, b in calls), calls
    # the characters compared: what a SequenceMatcher can cost, at most quadratic in these
    assert sum(a * b for a, b in calls) <= HINT_CANDIDATES * HINT_CHARS * HINT_CHARS


def test_the_hint_for_a_100_kb_quote_against_a_1_mb_source_is_bounded(counting) -> None:
    document = SourceDocument.from_text(_prose(1_000_000, seed=1))
    quote = _prose(100_000, seed=2).replace("\n", " ")
    assert len(document.text) >= 1_000_000 and len(quote) >= 100_000
    assert document.find(quote) is None
    document.closest(quote)
    _assert_bounded(counting)


def test_the_hint_against_one_1_mb_sentence_of_common_words_is_bounded(counting) -> None:
    """No full stop and only common words: every passage shares every word of the quote."""
    document = SourceDocument.from_text(("the people of the city and the army " * 30_000) + "\n")
    quote = "the army of the people and the city " * 3_000
    hint = document.closest(quote)
    _assert_bounded(counting)
    assert hint is not None and len(hint[1]) <= HINT_CHARS  # the message prints a bounded piece


def test_the_hint_still_finds_the_sentence_with_a_typo(counting) -> None:
    document = SourceDocument.from_text(_prose(1_000_000, seed=3) + "\n\nThe crowd marched on the radio station.\n")
    index, sentence = document.closest("The crowd marchd on the radio statoin")
    assert sentence == "The crowd marched on the radio station."
    assert index == len(document.paragraphs) - 1
    _assert_bounded(counting)


def test_matching_gives_up_on_endless_occurrences_inside_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source of one 1 MB word and a 100 KB quote of its letters: the quote stands at
    every offset, always inside the word. Each look costs the quote's length, so only
    ``MAX_PARTIAL_MATCHES`` of them are looked at (counted here)."""
    looks = 0
    real = sources._whole_words

    def counted(text: str, start: int, end: int) -> bool:
        nonlocal looks
        looks += 1
        return real(text, start, end)

    monkeypatch.setattr(sources, "_whole_words", counted)
    document = SourceDocument.from_text("a" * 1_000_000 + "\n")
    assert document.find("a" * 100_000) is None
    assert looks <= sources.MAX_PARTIAL_MATCHES + 1


def test_the_shipped_source_hint_is_unchanged(fixtures: Path) -> None:
    document = SourceDocument.from_file(fixtures / "clean" / SOURCE)
    index, sentence = document.closest("Immediately after the broadcast the crowd marched on the radio station")
    assert (index, sentence) == (33, "Immediately after the broadcast, the crowd marched on the broadcasting station.")
