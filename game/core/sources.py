"""Source documents, their paragraphs, and verbatim citation matching.

A citation is honest only if the quoted words stand in the file, so the file is never
cleaned. Matching is done modulo typography only — curly and straight quote marks, and
runs of white space (the BBC file has one no-break space) — through a normalised copy of
each paragraph that maps every character back to its offset in the original, so the
game can highlight the exact span as the file has it.
"""

from __future__ import annotations

import bisect
import difflib
import heapq
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .safefile import MAX_SOURCE_BYTES, FileRefused, read_capped
from .characters import REFUSED, refused_character

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)
_SPACE_RE = re.compile(r"\s+")
_SENTENCE_RE = re.compile(r"[^.!?]+[.!?]*[”\"’']?")
_HINT_WORD_RE = re.compile(r"[^\W_]+")

#: The closest-passage hint compares at most this many characters of the quote, and of
#: each passage (a longer sentence is cut into pieces of about this size at spaces), so
#: one comparison costs a bounded amount whatever the sizes of the quote and the source.
HINT_CHARS = 300
#: Passages compared character by character, chosen by the rare words they share with
#: the quote; the rest of the source is never compared.
HINT_CANDIDATES = 24
#: How many index entries the choice of candidates may visit: a quote of only common
#: words ("the the the") against a large source cannot walk every posting list.
HINT_POSTINGS = 20_000
#: Occurrences of the quote that fall inside words (and so do not count) looked at before
#: giving up: each costs the quote's length, so a hostile source ("aaaa…") stays bounded.
MAX_PARTIAL_MATCHES = 1_000


def normalise(text: str) -> str:
    """Fold quote marks, dashes and white space so a citation matches typography-blind;
    drop invisible format characters (soft hyphen, zero-width space and joiners), which
    would otherwise let "armed" stand as a word in "un\u00adarmed"."""
    folded = _SPACE_RE.sub(" ", text.translate(_QUOTE_MAP)).strip()
    if any(unicodedata.category(char) == "Cf" for char in folded):
        folded = _SPACE_RE.sub(" ", "".join(c for c in folded if unicodedata.category(c) != "Cf")).strip()
    return folded


#: paragraphs folded already, by their text: every load of a story folds its source again,
#: and the same source is loaded again and again (a reload, a test suite: 10 s of its CPU).
#: Bounded: only paragraphs of up to REMEMBERED_CHARS, and REMEMBERED_PARAGRAPHS of them
_folded: dict[str, tuple[str, tuple[int, ...]]] = {}
REMEMBERED_CHARS = 4_000
REMEMBERED_PARAGRAPHS = 2_000


def _normalise_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    """The normalised text and, for each of its characters, the offset in ``text``."""
    found = _folded.get(text)
    if found is None:
        found = _fold_with_map(text)
        if len(text) <= REMEMBERED_CHARS:
            if len(_folded) >= REMEMBERED_PARAGRAPHS:
                _folded.clear()
            _folded[text] = found
    return found


def _fold_with_map(text: str) -> tuple[str, tuple[int, ...]]:
    out: list[str] = []
    offsets: list[int] = []
    translated = text.translate(_QUOTE_MAP)
    in_space = False
    for index, char in enumerate(translated):
        if unicodedata.category(char) == "Cf":
            continue  # invisible: a soft hyphen or zero-width joiner must not split a word
        if char.isspace():
            if not in_space and out:
                out.append(" ")
                offsets.append(index)
            in_space = True
            continue
        in_space = False
        out.append(char)
        offsets.append(index)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), tuple(offsets)


@dataclass(frozen=True)
class Paragraph:
    """One block of the source between blank lines; ``index`` counts from 0."""

    index: int
    text: str
    line: int  # 1-based line of the file where it starts
    kind: str  # "text", "heading", "caption" or "credit"

    @cached_property
    def _normalised(self) -> tuple[str, tuple[int, ...]]:
        return _normalise_with_map(self.text)

    @property
    def citable(self) -> bool:
        return self.kind == "text"


@dataclass(frozen=True)
class CitationMatch:
    """Where a quote stands: paragraph index and span in the original paragraph text."""

    paragraph: int
    start: int
    end: int


@dataclass
class SourceDocument:
    """A source text split into paragraphs, with the kind of each paragraph guessed."""

    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> "SourceDocument":
        document = cls(text)
        lines = text.splitlines()
        block: list[str] = []
        start = 0
        for number, line in enumerate(lines + [""], start=1):
            if line.strip():
                if not block:
                    start = number
                block.append(line)
                continue
            if block:
                body = "\n".join(block)
                document.paragraphs.append(
                    Paragraph(len(document.paragraphs), body, start, classify(body))
                )
                block = []
        return document

    @classmethod
    def from_file(cls, path: Path) -> "SourceDocument":
        """Only a regular file of at most MAX_SOURCE_BYTES (FileRefused otherwise): a pack
        may name /dev/zero or a FIFO. Newlines are translated as text mode would. A control
        character, a bidi control or U+2028/9 is refused as in the pack's own text: a quote's
        words are copied from the source into lessons and exports, which must never hold one
        (a space-like ``\\x1c`` even matches a quote's space)."""
        text = read_capped(path, MAX_SOURCE_BYTES).decode("utf-8")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        found = REFUSED.search(text)  # as in the pack's text: controls, bidi controls, U+2028/9
        if found:
            line = text.count("\n", 0, found.start()) + 1
            column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
            rule, message, _hint = refused_character(found.group())
            raise FileRefused(f"{message.removeprefix('text ')} (at line {line}, column {column})", rule)
        return cls.from_text(text)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """All normalised paragraphs joined by newlines (which normalised text never holds),
        with the start of each, so one C-speed ``str.find`` searches the whole document."""
        starts: list[int] = []
        parts: list[str] = []
        at = 0
        for paragraph in self.paragraphs:
            starts.append(at)
            text = paragraph._normalised[0]
            parts.append(text)
            at += len(text) + 1
        return "\n".join(parts), starts

    def find(self, quote: str) -> CitationMatch | None:
        """Where the quote stands, whole words only ("armed protesters" is not found in
        "unarmed protesters") and inside one paragraph (paragraphs are joined by a newline,
        which a normalised quote never holds)."""
        needle = normalise(quote)
        if not needle:
            return None
        joined, starts = self._joined
        at = joined.find(needle)
        partial = 0
        while at >= 0 and not _whole_words(joined, at, at + len(needle)):
            partial += 1
            if partial > MAX_PARTIAL_MATCHES:
                return None
            at = joined.find(needle, at + 1)
        if at < 0:
            return None
        index = bisect.bisect_right(starts, at) - 1
        paragraph = self.paragraphs[index]
        offsets = paragraph._normalised[1]
        local = at - starts[index]
        return CitationMatch(index, offsets[local], offsets[local + len(needle) - 1] + 1)

    @cached_property
    def _passages(self) -> list[tuple[int, str]]:
        """The sentences of the citable text, a long one cut at spaces into pieces of about
        ``HINT_CHARS``, so no passage the hint compares (or prints) is unbounded."""
        found: list[tuple[int, str]] = []
        for paragraph in self.paragraphs:
            for match in _SENTENCE_RE.finditer(paragraph.text):
                sentence = match.group().strip()
                while len(sentence) > HINT_CHARS:
                    cut = sentence.rfind(" ", HINT_CHARS // 2, HINT_CHARS)
                    cut = cut if cut > 0 else HINT_CHARS
                    found.append((paragraph.index, sentence[:cut].strip()))
                    sentence = sentence[cut:].strip()
                if sentence:
                    found.append((paragraph.index, sentence))
        return found

    @cached_property
    def _word_index(self) -> dict[str, list[int]]:
        """For each lower-case word, the passages holding it (each passage once)."""
        index: dict[str, list[int]] = {}
        for number, (_, passage) in enumerate(self._passages):
            for word in set(_HINT_WORD_RE.findall(passage.lower())):
                index.setdefault(word, []).append(number)
        return index

    def _candidates(self, needle: str) -> list[int]:
        """The passages sharing the most rare words with the quote (a word's weight is its
        inverse document frequency), visiting at most ``HINT_POSTINGS`` index entries,
        rarest words first."""
        index = self._word_index
        total = len(self._passages)
        words = sorted({w for w in _HINT_WORD_RE.findall(needle) if w in index}, key=lambda w: len(index[w]))
        scores: Counter[int] = Counter()
        budget = HINT_POSTINGS
        for word in words:
            postings = index[word][:budget]
            budget -= len(postings)
            weight = math.log(1 + total / len(index[word]))
            for number in postings:
                scores[number] += weight
            if budget <= 0:
                break
        best = heapq.nlargest(HINT_CANDIDATES, scores.items(), key=lambda item: (item[1], -item[0]))
        return sorted(number for number, _ in best)

    def closest(self, quote: str) -> tuple[int, str] | None:
        """The source sentence nearest to a quote that was not found (for the message).

        Bounded work: only the first ``HINT_CHARS`` of the quote, only the
        ``HINT_CANDIDATES`` passages that share its rarest words, each at most about
        ``HINT_CHARS`` long; a 720 KB quote once took minutes here. ``autojunk`` is off: on
        strings this short it only threw away the common letters and hid the best match."""
        needle = normalise(quote[: HINT_CHARS * 4]).lower()[:HINT_CHARS]
        best: tuple[float, int, str] | None = None
        for number in self._candidates(needle):
            index, sentence = self._passages[number]
            ratio = difflib.SequenceMatcher(None, needle, normalise(sentence).lower(), autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, index, sentence)
        if best is None or best[0] < 0.3:
            return None
        return best[1], best[2]


def _whole_words(text: str, start: int, end: int) -> bool:
    """A match must not begin or end inside a word of the text around it."""
    return not _inside_word(text, start) and not _inside_word(text, end)


def _joins(before: str, joiner: str, after: str) -> bool:
    """Whether ``joiner`` makes one word of the characters either side of it: a hyphen
    ("anti-Soviet", "self-sufficient"), a thousands separator or decimal point between
    digits ("30,000"), an apostrophe between letters ("government's"). Cutting there
    changes what the passage says ("Soviet policies", "000 people were killed", "5" for
    "5,000", "his government" for "his government's capitulation")."""
    if joiner == "-":
        return before.isalnum() and after.isalnum()
    if joiner in ",.":
        return before.isdigit() and after.isdigit()
    if joiner == "'":
        return before.isalpha() and after.isalpha()
    return False


def _inside_word(text: str, at: int) -> bool:
    """Whether the cut between ``text[at - 1]`` and ``text[at]`` falls inside a word."""
    if at <= 0 or at >= len(text):
        return False
    left, right = text[at - 1], text[at]
    if _wordish(left) and _wordish(right):
        return True
    if right.isalnum() and at >= 2 and _joins(text[at - 2], left, right):
        return True  # begins just after the joiner: "Soviet" of "anti-Soviet"
    return left.isalnum() and at + 1 < len(text) and _joins(left, right, text[at + 1])


def _wordish(char: str) -> bool:
    """Letters and digits, and combining marks: "cafe" must not stand in "cafe\u0301"
    (café with its accent as a separate mark), nor "armed" after a mark ending a word."""
    return char.isalnum() or unicodedata.category(char).startswith("M")


def classify(paragraph: str) -> str:
    """Guess what a paragraph is, so tools can leave non-content out of coverage.

    The BBC compilation has section headings (short, no final full stop), two image
    captions pasted from a Swedish image search and a closing ``Source: BBC`` credit.
    """
    text = paragraph.strip()
    if text.startswith("Bildresultat") or "Foto:" in text:
        return "caption"
    if text.startswith("Source:"):
        return "credit"
    if len(text) < 80 and not text.endswith((".", "!", "?", "”", '"')):
        return "heading"
    return "text"
