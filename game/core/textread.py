"""Reading reactive text (see :mod:`text`) out of YAML values, keeping positions.

A mistake inside a paragraph — an unclosed ``{``, a slot naming an unknown variable —
must be reported at its own line and column, not at the start of the scene. PyYAML gives
the start of each scalar; for a literal block (``|``), the block's lines are the file's
lines, so an offset in the value maps exactly onto the file. Inside a folded (``>``) or a
multi-line plain scalar YAML has joined the lines, and the message points at the start
of the scalar instead.
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
    if meta.style == ">" or "\n" in raw[:offset]:
        return pos
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


def expression_pos(item: YMap, key: str) -> Pos:
    """Where the first character of an expression stands (inside its quotes)."""
    meta = item.value_meta[key]
    return meta.pos.shifted(1) if meta.style in ("'", '"') else meta.pos


def _paragraphs(raw: str, meta: Meta, diagnostics: Diagnostics, *, split: bool) -> list[Paragraph]:
    """One scalar as paragraphs (split at blank lines when ``split``), whitespace folded
    as the rest of the format folds it, slots placed in the file."""
    try:
        scanned = scan_template(raw)
    except TemplateError as error:
        diagnostics.error(scalar_pos(meta, error.offset), f"text: {error.message}", "template", error.hint)
        scanned = [(raw, 0)]  # keep the words, uninterpreted: the story still builds
    groups: list[tuple[int, list[Piece]]] = [(0, [])]
    for piece in scanned:
        if isinstance(piece, Slot):
            groups[-1][1].append(Slot(piece.name, scalar_pos(meta, piece.pos.col)))
            continue
        text, start = piece
        parts = text.split("\n\n") if split else [text]
        offset = start
        for number, part in enumerate(parts):
            if number:
                groups.append((offset, []))
            groups[-1][1].append(part)
            offset += len(part) + 2
    paragraphs = []
    for start, pieces in groups:
        folded = _fold(pieces)
        if folded:
            paragraphs.append(Paragraph(folded, scalar_pos(meta, _first_word(raw, start))))
    return paragraphs


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
