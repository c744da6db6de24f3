"""Positions, diagnostics and the typed errors of the story core.

Every value the loader reads remembers where it came from, so every message an author
sees can point at the exact place in the YAML (``scenes/oct23.yaml:41:9: error: ...``).
Positions are 0-based inside the program and 1-based when shown, like PyYAML's marks.
The core never prints: it collects :class:`Diagnostic` objects and the shells decide
how to show them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
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
        return text

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


@dataclass
class Diagnostics:
    """The collected findings of one load or check, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, pos: Pos, message: str, code: str = "", hint: str = "") -> None:
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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``did you mean 'radio_siege'?`` or an empty string when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
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
