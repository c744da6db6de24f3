"""The first findings of a load, for every place but ``check`` that lists them.

A hostile or badly broken pack can hold a hundred thousand mistakes; listing them all
on the game's screen (or before ``play --text`` starts) costs minutes and helps nobody,
since an author fixes the first few and runs the checker again. ``check`` alone prints
every finding; the game, its terminal twin and the tools list :data:`SHOWN` of them,
errors before warnings (an error is what stops the story), and say how many more there
are and where to see them.
"""

from __future__ import annotations

import heapq
import shlex
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Diagnostics, Severity, one_line

#: how many findings are listed: plenty to fix a pack from, few enough to draw at once
SHOWN = 200


def _file_order(diagnostic: Diagnostic) -> tuple[str, int, int]:
    return diagnostic.pos.path, diagnostic.pos.line, diagnostic.pos.col


@dataclass(frozen=True)
class Shortlist:
    """What is listed, and how many errors and warnings are left out."""

    shown: list[Diagnostic]
    hidden_errors: int = 0
    hidden_warnings: int = 0

    @property
    def hidden(self) -> int:
        return self.hidden_errors + self.hidden_warnings

    def more(self, story_dir: Path | str | None) -> str:
        """The line that stands for the rest: how many, and the command that lists them
        (empty when nothing is left out)."""
        if not self.hidden:
            return ""
        parts = []
        if self.hidden_errors:
            parts.append(f"{self.hidden_errors:,} more error{'s' * (self.hidden_errors != 1)}")
        if self.hidden_warnings:
            more = "" if self.hidden_errors else "more "
            parts.append(f"{self.hidden_warnings:,} {more}warning{'s' * (self.hidden_warnings != 1)}")
        command = "budapest1956 check" + (f" {shlex.quote(one_line(str(story_dir)))}" if story_dir is not None else "")
        return f"… and {' and '.join(parts)} not listed here: run `{command}` to see all of them."


def shortlist(diagnostics: Diagnostics, limit: int = SHOWN) -> Shortlist:
    """The first ``limit`` errors in file order, then warnings in file order to fill up.

    Picks without sorting everything (``heapq.nsmallest`` is a stable partial sort), so a
    pack with 120,000 findings costs a pass over them, not a sort of them."""
    errors = [d for d in diagnostics.items if d.severity is Severity.ERROR]
    warnings = [d for d in diagnostics.items if d.severity is not Severity.ERROR]
    first_errors = heapq.nsmallest(limit, errors, key=_file_order)
    first_warnings = heapq.nsmallest(limit - len(first_errors), warnings, key=_file_order)
    return Shortlist(first_errors + first_warnings, len(errors) - len(first_errors),
                     len(warnings) - len(first_warnings))
