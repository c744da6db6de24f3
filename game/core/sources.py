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
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

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


def normalise(text: str) -> str:
    """Fold quote marks, dashes and white space so a citation matches typography-blind."""
    return _SPACE_RE.sub(" ", text.translate(_QUOTE_MAP)).strip()


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the offset in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    translated = text.translate(_QUOTE_MAP)
    in_space = False
    for index, char in enumerate(translated):
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
    return "".join(out), offsets


@dataclass(frozen=True)
class Paragraph:
    """One block of the source between blank lines; ``index`` counts from 0."""

    index: int
    text: str
    line: int  # 1-based line of the file where it starts
    kind: str  # "text", "heading", "caption" or "credit"

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
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
        return cls.from_text(path.read_text(encoding="utf-8"))

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
        while at >= 0 and not _whole_words(joined, at, at + len(needle)):
            at = joined.find(needle, at + 1)
        if at < 0:
            return None
        index = bisect.bisect_right(starts, at) - 1
        paragraph = self.paragraphs[index]
        offsets = paragraph._normalised[1]
        local = at - starts[index]
        return CitationMatch(index, offsets[local], offsets[local + len(needle) - 1] + 1)

    @cached_property
    def _sentences(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for paragraph in self.paragraphs:
            for match in _SENTENCE_RE.finditer(paragraph.text):
                sentence = match.group().strip()
                if sentence:
                    found.append((paragraph.index, sentence))
        return found

    def closest(self, quote: str) -> tuple[int, str] | None:
        """The source sentence nearest to a quote that was not found (for the message)."""
        needle = normalise(quote).lower()
        best: tuple[float, int, str] | None = None
        for index, sentence in self._sentences:
            ratio = difflib.SequenceMatcher(None, needle, normalise(sentence).lower()).ratio()
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
    if left.isalnum() and right.isalnum():
        return True
    if right.isalnum() and at >= 2 and _joins(text[at - 2], left, right):
        return True  # begins just after the joiner: "Soviet" of "anti-Soviet"
    return left.isalnum() and at + 1 < len(text) and _joins(left, right, text[at + 1])


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
