"""Reading reactive text (see :mod:`text`) out of YAML values, keeping positions.

A mistake inside a paragraph — an unclosed ``{``, a slot naming an unknown variable —
must be reported at its own line and column, not at the start of the scene. PyYAML gives
the start of each scalar; for a literal block (``|``), the block's lines are the file's
lines, so an offset in the value maps exactly onto the file, and so it does in a plain
or quoted scalar on one line. Where YAML has joined lines (a folded ``>`` block, a plain
or quoted scalar over several lines) or read an escape (``\\"``, ``''``), the value and
the file part ways: an offset up to there is still exact (``Meta.straight``), and one
beyond it is shown at the start of the scalar rather than at a column where something
else stands.
"""

from __future__ import annotations

import re
from typing import Any

from .diagnostics import Diagnostics, Pos
from .expressions import Expression
from .text import Conditional, Paragraph, Piece, Slot, TemplateError, Text, scan_template
from .yamlread import Meta, YList, YMap

_SPACE = re.compile(r"\s+")


def scalar_pos(meta: Meta, offset: int) -> Pos:
    """Where character ``offset`` of a scalar's value stands in the author's file."""
    raw = meta.raw or ""
    pos = meta.pos
    if meta.style == "|":
        before = raw[:offset]
        leading = len(raw) - len(raw.lstrip("\n"))  # blank lines the block's start skipped
        line = before.count("\n") - leading
        if line < 0:
            return pos
        column = offset - (before.rfind("\n") + 1)
        return Pos(pos.path, pos.line + line, pos.col + column)
    if offset > meta.straight:
        return pos  # past a joined line break or an escape: the column can no longer be told
    return pos.shifted(offset + (1 if meta.style in ("'", '"') else 0))


def read_text(value: Any, meta: Meta | None, diagnostics: Diagnostics, *, conditionals: bool = True) -> Text:
    """A ``text:``-like value (a string, or a list of strings and, when ``conditionals``,
    ``{if:, text:, else:}`` items) as :class:`Text`. Shapes the schema has already
    refused are skipped quietly: one mistake, one message."""
    if meta is None:
        return Text()
    if isinstance(value, str):
        return Text(list(_paragraphs(value, meta, diagnostics, split=True)))
    if not isinstance(value, YList):
        return Text()
    items: list[Paragraph | Conditional] = []
    for index, item in enumerate(value):
        item_meta = value.item_meta[index]
        if isinstance(item, str):
            items.extend(_paragraphs(item, item_meta, diagnostics, split=False))
        elif conditionals and isinstance(item, YMap) and isinstance(item.get("if"), str):
            items.append(_conditional(item, diagnostics))
    return Text(items)


def _conditional(item: YMap, diagnostics: Diagnostics) -> Conditional:
    condition = Expression(item["if"], expression_pos(item, "if"))
    then = read_text(item.get("text"), item.value_meta.get("text"), diagnostics, conditionals=False)
    otherwise = read_text(item.get("else"), item.value_meta.get("else"), diagnostics, conditionals=False)
    return Conditional(condition, list(then.paragraphs()), list(otherwise.paragraphs()), item.pos, "else" in item)


class ScalarStart(Pos):
    """Where an expression starts, in a scalar whose first ``straight`` characters only
    stand in the file as YAML gave them (it joined lines, or read escapes): a spot among
    them is exact; one further on is shown at the start, never at a column where
    something else stands. (A ``Pos`` still, so every message and export takes it.)"""

    straight: int = 0  # set on each instance by expression_pos

    def shifted(self, columns: int) -> Pos:
        if 0 <= columns <= self.straight:
            return Pos(self.path, self.line, self.col + columns)
        return Pos(self.path, self.line, self.col)


def expression_pos(item: YMap, key: str) -> Pos:
    """Where the first character of an expression stands (inside its quotes), such that
    ``shifted(offset)`` is where character ``offset`` of it stands in the file."""
    return expression_start(item.value_meta[key])


def expression_start(meta: Meta) -> Pos:
    """:func:`expression_pos` of the scalar ``meta`` describes."""
    pos = meta.pos.shifted(1) if meta.style in ("'", '"') else meta.pos
    if meta.straight >= len(meta.raw or ""):
        return pos
    start = ScalarStart(*pos)
    start.straight = meta.straight
    return start


def _paragraphs(raw: str, meta: Meta, diagnostics: Diagnostics, *, split: bool) -> list[Paragraph]:
    """One scalar as paragraphs (split at blank lines when ``split``), whitespace folded
    as the rest of the format folds it, slots placed in the file.

    The value is cut at blank lines first and each part scanned on its own, so that every
    offset stays an offset into the value as YAML gave it (``{{`` prints one character
    but is two in the file) and a brace can never reach across a paragraph."""
    paragraphs = []
    # a folded scalar (``>``) keeps a line break only where the file has a blank line: that
    # is a paragraph break, as a blank line is in a literal block (``|``)
    breaks = "\n" if meta.style == ">" else "\n\n"
    for part, start in _parts(raw, breaks) if split else [(raw, 0)]:
        if "{" not in part and "}" not in part:  # most prose: no slots, nothing to report
            words = part.split()
            if words:
                paragraphs.append(Paragraph((" ".join(words),), scalar_pos(meta, _first_word(raw, start))))
            continue
        errors: list[TemplateError] = []
        scanned = scan_template(part, errors)  # a faulty brace stays a letter: the story still builds
        for error in errors:
            diagnostics.error(scalar_pos(meta, start + error.offset), f"text: {error.message}", "template", error.hint)
        pieces: list[Piece] = [
            Slot(piece.name, scalar_pos(meta, start + piece.pos.col)) if isinstance(piece, Slot) else piece[0]
            for piece in scanned
        ]
        folded = _fold(pieces)
        if folded:
            paragraphs.append(Paragraph(folded, scalar_pos(meta, _first_word(raw, start))))
    return paragraphs


def _parts(raw: str, breaks: str = "\n\n") -> list[tuple[str, int]]:
    """``raw.split(breaks)`` with the offset at which each part starts."""
    parts = []
    start = 0
    while (cut := raw.find(breaks, start)) >= 0:
        parts.append((raw[start:cut], start))
        start = cut + len(breaks)
    parts.append((raw[start:], start))
    return parts


def _first_word(raw: str, start: int) -> int:
    while start < len(raw) and raw[start].isspace():
        start += 1
    return start


def _fold(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Collapse runs of white space to one space and trim the paragraph's ends, keeping
    the space on either side of a slot ("Hello {name}, welcome")."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    merged = [_SPACE.sub(" ", piece) if isinstance(piece, str) else piece for piece in merged]
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(piece for piece in merged if piece != "")
