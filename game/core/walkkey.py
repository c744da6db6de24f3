"""A fingerprint of everything a walk of the playthroughs depends on, and of nothing else.

``check`` walks every reachable playthrough state to say which text variants can never
show (0.35 s of the shipped story's 0.4 s). Most edits change prose: a paragraph, a
title, a quote, a line moved. None of that changes where a walk can go, so the walk's
findings (kept without positions, :func:`explore.check_text_variants_remembered`) stay
true, and ``check`` after such an edit need not walk again. This fingerprint is the
test: it hashes the whole story *except* what no walk reads, so anything new in the
model counts as a change until it is known not to be (a miss costs one walk, a false
match would cost a wrong warning).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from enum import Enum
from pathlib import PurePath
from typing import Any

from .diagnostics import Pos
from .text import Paragraph

#: fields no walk reads: prose, apparatus, positions, and what validation derives
_IGNORED: dict[str, frozenset[str]] = {
    "StoryData": frozenset({
        "id", "title", "version", "root", "subtitle", "description", "chapters", "sources", "cast", "glossary",
        "epilogue", "notes", "topics", "files", "machine", "cache_entry",
    }),
    "Scene": frozenset({"title", "place", "cites", "discussion", "content_note", "pause", "chapter"}),
    "Choice": frozenset({"text", "closed_reason", "record"}),
    "Ending": frozenset({"title"}),
    "Perspective": frozenset({"name", "role", "blurb"}),
    "Variable": frozenset({"doc"}),
    # a condition and a list of effects are their source text: trees and closures follow
    "Expression": frozenset({"tree", "evaluate"}),
    "Effects": frozenset({"statements", "apply"}),
}


def _canonical(value: Any) -> Any:
    if isinstance(value, Pos):  # before tuple: a position is a tuple too
        return None
    if isinstance(value, Paragraph):  # what it says is prose; what it prints is not
        return ["Paragraph", [_slot(piece) for piece in value.pieces]]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        ignored = _IGNORED.get(name, frozenset())
        return [name] + [
            [item.name, _canonical(getattr(value, item.name))]
            for item in dataclasses.fields(value) if item.name not in ignored
        ]
    if isinstance(value, dict):
        return [[str(key), _canonical(item)] for key, item in value.items()]
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, PurePath):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(type(value))  # a callable or anything unforeseen: its kind only


def _slot(piece: Any) -> Any:
    return None if isinstance(piece, str) else ["Slot", piece.name]


def walk_fingerprint(story: Any, *extra: object) -> str:
    """The fingerprint of ``story`` as a walk sees it, with ``extra`` (the walk's limits,
    the code's fingerprint) mixed in."""
    text = json.dumps([_canonical(story), [repr(item) for item in extra]], separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
