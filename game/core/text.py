"""Reactive text: paragraphs that answer the playthrough.

A scene's ``text`` (an ending's ``epilogue``, a choice's ``reply``) is a list of items,
each either a plain :class:`Paragraph` or a :class:`Conditional` with paragraphs for when
its condition holds and, optionally, for when it does not (ink's conditional text,
ChoiceScript's ``*if``). A paragraph may print a variable with ``{name}``; ``{{`` and
``}}`` print a brace. Everything stays data: slots name declared variables only, and
conditions are the same checked expressions as a choice's ``if:``.

Templates are parsed once, at load time, into literal runs and slots, so rendering a
paragraph in play is a join, and a paragraph with no slot is returned as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Mapping

from .diagnostics import Pos
from .expressions import Expression

_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


class TemplateError(Exception):
    """A mistake in ``{...}`` printing; ``offset`` is the 0-based index in the text."""

    def __init__(self, message: str, offset: int, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


@dataclass(frozen=True, slots=True)
class Slot:
    """``{name}`` in a paragraph: print the variable ``name``."""

    name: str
    pos: Pos


Piece = str | Slot


def scan_template(text: str, errors: list[TemplateError] | None = None) -> list[tuple[str, int] | Slot]:
    """Split raw author text into literal runs (with their offsets) and slots.

    Slots come back with a placeholder position (their offset as the column of an empty
    path); :mod:`textread` gives them their real place in the author's file. A mistake
    raises :class:`TemplateError`, or, when ``errors`` is given, is added to it and the
    scan goes on with the faulty brace kept as a letter, so that every mistake of a
    paragraph is reported in one run and the slots around it are still checked."""
    if "{" not in text and "}" not in text:
        return [(text, 0)] if text else []  # most prose: no scan letter by letter
    pieces: list[tuple[str, int] | Slot] = []

    def fail(error: TemplateError, resume: int) -> int:
        if errors is None:
            raise error
        errors.append(error)
        literal.append(text[index:resume])
        return resume

    literal: list[str] = []
    literal_start = 0
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "{":
            if text.startswith("{{", index):
                literal.append("{")
                index += 2
                continue
            close = text.find("}", index + 1)
            opening = text.find("{", index + 1)
            if close < 0 or (0 <= opening < close):
                index = fail(
                    TemplateError("'{' is not closed", index, "print a variable with {name}; write '{{' for a brace"),
                    index + 1,
                )
                continue
            match = _NAME.fullmatch(text, index + 1, close)
            if not match:
                inside = text[index + 1:close].strip()
                what = "nothing" if not inside else f"'{inside[:30]}'"
                index = fail(
                    TemplateError(
                        f"'{{...}}' holds {what}, not a variable name", index,
                        "only a variable's name may stand between braces, as in {friend}; write '{{' for a brace",
                    ),
                    close + 1,
                )
                continue
            if literal:
                pieces.append(("".join(literal), literal_start))
                literal = []
            pieces.append(Slot(match.group(1), Pos("", 0, index + 1 + (match.start(1) - match.start()))))
            index = close + 1
            literal_start = index
            continue
        if char == "}":
            if text.startswith("}}", index):
                literal.append("}")
                index += 2
                continue
            index = fail(TemplateError("a single '}' has no '{'", index, "write '}}' for a brace"), index + 1)
            continue
        if not literal:
            literal_start = index
        literal.append(char)
        index += 1
    if literal:
        pieces.append(("".join(literal), literal_start))
    return pieces


#: How many ``{name}`` slots one paragraph may print, and how much of a value each shows.
#: A text variable may be long and a 10,000-character paragraph held 1,250 slots: 12.5
#: million characters on screen from a 10 KB chapter (issue 12). A text variable holds a
#: name; the check refuses more than MAX_SLOTS slots and a text value longer than
#: MAX_PRINTED, and rendering cuts any value (a hand-edited save's) to MAX_PRINTED too.
MAX_SLOTS = 20
MAX_PRINTED = 200


@dataclass
class Paragraph:
    """One paragraph as written: literal runs and ``{name}`` slots."""

    pieces: tuple[Piece, ...]
    pos: Pos

    @property
    def source(self) -> str:
        """The paragraph as the author wrote it, braces and all (for exports and the guide)."""
        return "".join(
            f"{{{piece.name}}}" if isinstance(piece, Slot) else piece.replace("{", "{{").replace("}", "}}")
            for piece in self.pieces
        )

    @property
    def plain(self) -> str:
        """The paragraph with each slot shown as its name in brackets, for readers of the
        script rather than of a playthrough (the teacher's guide, word counts)."""
        return "".join(f"[{piece.name}]" if isinstance(piece, Slot) else piece for piece in self.pieces)

    @property
    def slots(self) -> list[Slot]:
        return [piece for piece in self.pieces if isinstance(piece, Slot)]

    def render(self, variables: Mapping[str, Any]) -> str:
        pieces = self.pieces
        if len(pieces) == 1 and pieces[0].__class__ is str:
            return pieces[0]  # type: ignore[return-value]
        return "".join(
            str(variables[piece.name])[:MAX_PRINTED] if isinstance(piece, Slot) else piece for piece in pieces
        )


@dataclass
class Conditional:
    """``{if: condition, text: ..., else: ...}``: paragraphs shown only when it holds."""

    condition: Expression
    then: list[Paragraph]
    otherwise: list[Paragraph]
    pos: Pos
    has_else: bool = False


TextItem = Paragraph | Conditional


@dataclass
class Text:
    """A block of reactive text: plain and conditional paragraphs, in order."""

    items: list[TextItem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self) -> Iterator[TextItem]:
        return iter(self.items)

    @property
    def conditionals(self) -> list[Conditional]:
        return [item for item in self.items if isinstance(item, Conditional)]

    @cached_property
    def is_reactive(self) -> bool:
        """Whether the text can differ between playthroughs."""
        return any(isinstance(item, Conditional) or item.slots for item in self.items)

    @cached_property
    def fixed(self) -> tuple[str, ...]:
        """The paragraphs of a text that is the same for every player."""
        return tuple(item.render({}) for item in self.items if isinstance(item, Paragraph))

    def paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph of every variant, in order."""
        for item in self.items:
            if isinstance(item, Paragraph):
                yield item
            else:
                yield from item.then
                yield from item.otherwise

    @property
    def plain(self) -> list[str]:
        """Every paragraph of every variant as script text (see :attr:`Paragraph.plain`)."""
        return [paragraph.plain for paragraph in self.paragraphs()]

    @property
    def words(self) -> int:
        """Words a player reads on the longest way through the text."""
        total = 0
        for item in self.items:
            if isinstance(item, Paragraph):
                total += len(item.plain.split())
            else:
                total += max(sum(len(p.plain.split()) for p in branch) for branch in (item.then, item.otherwise))
        return total

    def render(
        self, variables: Mapping[str, Any], visits: Mapping[str, int], chosen: Mapping[str, int]
    ) -> tuple[str, ...]:
        """The paragraphs a player in this state reads."""
        if not self.is_reactive:
            return self.fixed
        shown: list[str] = []
        for item in self.items:
            if isinstance(item, Paragraph):
                shown.append(item.render(variables))
                continue
            evaluate = item.condition.evaluate
            holds = bool(evaluate and evaluate(variables, visits, chosen))
            shown.extend(paragraph.render(variables) for paragraph in (item.then if holds else item.otherwise))
        return tuple(shown)

    def branches(
        self, variables: Mapping[str, Any], visits: Mapping[str, int], chosen: Mapping[str, int]
    ) -> tuple[bool, ...]:
        """Which way each conditional goes in this state (for exploring coverage)."""
        result = []
        for item in self.conditionals:
            evaluate = item.condition.evaluate
            result.append(bool(evaluate and evaluate(variables, visits, chosen)))
        return tuple(result)
