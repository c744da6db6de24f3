"""Positions, diagnostics and the typed errors of the story core.

Every value the loader reads remembers where it came from, so every message an author
sees can point at the exact place in the YAML (``scenes/oct23.yaml:41:9: error: ...``).
Positions are 0-based inside the program and 1-based when shown, like PyYAML's marks.
The core never prints: it collects :class:`Diagnostic` objects and the shells decide
how to show them.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Iterable, Iterator, NamedTuple


class Pos(NamedTuple):
    """A place in an author's file: 0-based line and column.

    A named tuple rather than a dataclass: the loader makes one for every YAML node, and
    tuple construction is several times cheaper."""

    path: str
    line: int = 0
    col: int = 0

    def shifted(self, columns: int) -> "Pos":
        """The same line, ``columns`` further right (for a spot inside an expression)."""
        return Pos(self.path, self.line, self.col + columns)

    def __str__(self) -> str:
        return f"{self.path}:{self.line + 1}:{self.col + 1}"

    @property
    def short(self) -> str:
        """``path:line`` — what exports and on-screen error lists show."""
        return f"{self.path}:{self.line + 1}"


UNKNOWN_POS = Pos("<unknown>")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One mistake, one message. ``hint`` carries the did-you-mean or the fix."""

    pos: Pos
    severity: Severity
    message: str
    code: str = ""
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.pos}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return one_line(text)

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.pos.path,
            "line": self.pos.line + 1,
            "column": self.pos.col + 1,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


#: Everything a reader or a program would take for the end of a line.
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with each line break written as its escape (``\\n``): a diagnostic is one
    line, so a file name, id or key holding a newline cannot print a line of its own that
    looks like ``check``'s (a forged ``0 errors`` or ``story.yaml:1:1: error``)."""
    if not _LINE_BREAKS.search(text):
        return text
    return _LINE_BREAKS.sub(lambda found: found.group().encode("unicode_escape").decode("ascii"), text)


#: how many further places a repeated mistake's message lists before "..."
SHOWN_REPEATS = 3


@dataclass
class Diagnostics:
    """The collected findings of one load or check, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)
    #: one mistake met again (``once=``): the index of its message, that message as first
    #: written, how often it was met since, and where (``line`` or ``path:line``, distinct)
    _repeats: dict[object, tuple[int, str, list[int], dict[str, None]]] = field(default_factory=dict, repr=False)

    def error(self, pos: Pos, message: str, code: str = "", hint: str = "", *, once: object = None) -> None:
        """Report a mistake. With ``once``, later errors of the same key only add their
        place to the first message, so one undeclared variable used nineteen times, or
        one unknown source cited by every scene, is one error to fix, not nineteen."""
        if once is not None:
            seen = self._repeats.get(once)
            if seen is not None:
                index, first, count, places = seen
                count[0] += 1
                places[str(pos.line + 1) if pos.path == self.items[index].pos.path else pos.short] = None
                self.items[index] = replace(self.items[index], message=f"{first} (and {count[0]} more: {_places(places)})")
                return
            self._repeats[once] = (len(self.items), message, [0], {})
        self.items.append(Diagnostic(pos, Severity.ERROR, message, code, hint))

    def warning(self, pos: Pos, message: str, code: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(pos, Severity.WARNING, message, code, hint))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """Findings in file order, so a reader can walk a file top to bottom."""
        return sorted(self.items, key=lambda d: (d.pos.path, d.pos.line, d.pos.col))

    def summary(self) -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _places(places: dict[str, None]) -> str:
    """``lines 21, 22, 29, ...``: the first few other places of a repeated mistake."""
    shown = list(itertools.islice(places, SHOWN_REPEATS))
    words = ", ".join(shown) + (", ..." if len(places) > SHOWN_REPEATS else "")
    return ("line" + "s" * (len(places) > 1) + " " + words) if shown[0].isdigit() else words


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


#: How many names ``did_you_mean`` may compare between two loads. A pack of 4,000 gotos to
#: 4,000 different missing scenes asked for 16 million comparisons (minutes of ``check``);
#: half a million cost about a second, far more than any honest pack's typos need.
SUGGESTION_BUDGET = 500_000
_suggestions_left = [SUGGESTION_BUDGET]


def fresh_suggestion_budget() -> None:
    """Give the next load its own budget (called by ``load_story``)."""
    _suggestions_left[0] = SUGGESTION_BUDGET


def suggestion_budget_left() -> int:
    """What the current load may still compare (a tentative pass puts it back after)."""
    return _suggestions_left[0]


def restore_suggestion_budget(left: int) -> None:
    """Undo what a tentative pass spent (:mod:`fastchapter`): the messages of the pass
    that counts must be the ones a load without the tentative pass gives."""
    _suggestions_left[0] = left


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``did you mean 'radio_siege'?`` or an empty string when nothing is close (or when
    the budget of comparisons is spent: then the message simply has no suggestion)."""
    names = list(candidates)
    if len(names) > _suggestions_left[0]:
        return ""
    _suggestions_left[0] -= len(names)
    matches = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


class StoryError(Exception):
    """Base of every error the core raises on purpose; the shells catch this one."""


class StoryLoadError(StoryError):
    """The story has errors and cannot be played; ``diagnostics`` says where."""

    def __init__(self, diagnostics: Diagnostics):
        self.diagnostics = diagnostics
        first = diagnostics.errors[0] if diagnostics.errors else None
        super().__init__(
            f"the story has {diagnostics.summary()}" + (f"; first: {first}" if first else "")
        )


class ChoiceError(StoryError):
    """A choice that does not exist here or is closed was asked for."""


class SaveError(StoryError):
    """A save that cannot be read, written or used with this story."""
