"""A clean chapter file's scenes, built straight from YAML's nodes in one pass.

The general path reads a chapter in three walks: :mod:`yamlread` turns every node into
a value with its position, :mod:`schema` walks those values against the format, and the
loader builds the model from them. For 10,000 scenes those walks cost twice what
libyaml's composer does, and most of it builds positions and messages for mistakes a
clean file does not have (issue 13: loading was 1.3-1.8 x PyYAML's own ``yaml.load``).

This pass walks the nodes once and builds the scenes of the common, clean case
directly, checking each value with the same rules (the schema's own specs: lengths,
patterns, allowed words, YAML 1.1/1.2 readings, refused characters, required keys,
counts). A scene in a shape it does not build itself (a reply, a record, conditional
text) is built by the general path's own steps, into scratch diagnostics. The contract:
:func:`build` returns exactly the scenes the general path would build, or ``None``
whenever the general path might have anything at all to say about the file; the caller
then takes the general path, which says it. So messages never depend on this pass: it
can only make a clean file faster. A differential test (``test_core_fastchapter.py``)
loads the fixture packs, the shipped story and thousands of mutated files both ways and
compares every diagnostic and the whole model.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

import yaml

from . import schema
from .diagnostics import Diagnostics, Pos
from .model import SHARED, Choice, Citation, Effects, Ending, Expression, Scene, StoryData, parse_date
from .packlimits import MAX_CHOICES, MAX_CITATIONS, MAX_EFFECTS, MAX_ITEMS, MAX_SCENES
from .text import Text
from .textread import expression_start, read_text
from .yaml12 import may_differ
from .characters import REFUSED
from .yamlread import CHARS_PER_VALUE, MAX_NODES, Composed, Meta, TooDeep, TooLarge, YMap, converter_for

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

#: builds one scene the general way: (story, scene mapping, its meta, default chapter,
#: default perspective) -> None, registering it in ``story.scenes``
SceneBuilder = Callable[[StoryData, YMap, Meta, str, str], None]


class _Delegate(Exception):
    """This scene is not of a shape built here: the general path's steps build it."""


def _field(record: schema.Record, key: str) -> Any:
    return record.fields[key].spec


def _required(record: schema.Record) -> frozenset[str]:
    return frozenset(key for key, item in record.fields.items() if item.required)


_REQUIRED = {id(record): _required(record) for record in (
    schema.CHAPTER_FILE, schema.SCENE, schema.CHOICE, schema.CITATION, schema.ENDING,
)}
_ID = _field(schema.SCENE, "id")
_DATE = _field(schema.SCENE, "date")
_PLACE = _field(schema.SCENE, "place")
_TITLE = _field(schema.SCENE, "title")
_PLAIN = schema.Str()
_CHOICE_TEXT = _field(schema.CHOICE, "text")
_STANCE = _field(schema.CITATION, "as")
_ENDING_TITLE = _field(schema.ENDING, "title")
_PATTERNS: dict[str, re.Pattern[str]] = {}
#: :data:`REFUSED` but for the carriage return, which a file may hold in its line ends
#: (YAML reads a line end as one, and never keeps a CR in a value): a file without any
#: needs only its double-quoted values searched, where an escape can make one
_REFUSED_IN_FILE = re.compile(REFUSED.pattern.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f"))


def _pattern(text: str) -> re.Pattern[str]:
    found = _PATTERNS.get(text)
    if found is None:
        found = _PATTERNS[text] = re.compile(text)
    return found


class _Reader:
    """Checks and reads node values with the schema's rules, counting values as the
    general path's converter does (the same :data:`MAX_NODES` budget)."""

    def __init__(self, composed: Composed, scratch: Diagnostics):
        self.path = composed.path
        self.converter = converter_for(composed, scratch)
        #: per pattern, the values already found to match it in this file
        self.matching: dict[str, set[str]] = {}

    def pos(self, node: yaml.Node) -> Pos:
        """Where a collection or a one-line scalar starts (:class:`Meta`'s ``pos``)."""
        mark = node.start_mark
        return Pos(self.path, mark.line, mark.column)

    def expression_pos(self, node: yaml.Node) -> Pos:
        """:func:`textread.expression_start` of a scalar, without its :class:`Meta` in the
        common case of a value on one line, as written (no escape, no joined line)."""
        start, end, style = node.start_mark, node.end_mark, node.style
        if start.line == end.line:
            width = end.column - start.column
            if not style and width == len(node.value):
                return Pos(self.path, start.line, start.column)
            if style in ("'", '"') and width - 2 == len(node.value):
                return Pos(self.path, start.line, start.column + 1)
        return expression_start(self.converter.meta(node))

    def value_pos(self, node: yaml.Node) -> Pos:
        """``Meta.pos`` of any node: a block scalar's is where its words begin."""
        if node.__class__ is _ScalarNode and node.style in ("|", ">"):
            return self.converter.meta(node).pos
        return self.pos(node)

    def mapping(self, node: yaml.Node, record: schema.Record) -> dict[str, yaml.Node]:
        if node.__class__ is not _MappingNode or node.tag != _MAP:
            raise _Delegate
        converter = self.converter
        converter.count += 1
        fields = record.fields
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not _ScalarNode or key_node.tag != _STR:
                raise _Delegate
            key = key_node.value
            if key not in fields or key in found:  # unknown (or refused characters), or twice
                raise _Delegate
            found[key] = value_node
        converter.count += len(found)  # each key one value: every known key is shorter than CHARS_PER_VALUE
        if not _REQUIRED[id(record)] <= found.keys():
            raise _Delegate
        return found

    def sequence(self, node: yaml.Node, min_items: int, max_items: int) -> list[yaml.Node]:
        if node.__class__ is not _SequenceNode or node.tag != _SEQ or not min_items <= len(node.value) <= max_items:
            raise _Delegate
        self.converter.count += 1
        return node.value  # type: ignore[no-any-return]

    def string(self, node: yaml.Node, spec: schema.Str) -> str:
        """The text of a scalar the schema's ``spec`` accepts without a word."""
        if node.__class__ is not _ScalarNode or node.tag != _STR:
            raise _Delegate
        value: str = node.value
        self.converter.count += 1 + len(value) // CHARS_PER_VALUE
        style = node.style
        if (
            len(value) > spec.max_length
            or (not style and may_differ(value))  # plain text YAML 1.2 reads otherwise
            or (style == '"' and REFUSED.search(value))  # an escape; the file's own text was searched
            or (spec.choices and value not in spec.choices)
        ):
            raise _Delegate
        if spec.pattern:
            matching = self.matching.get(spec.pattern)
            if matching is None:
                matching = self.matching[spec.pattern] = set()
            if value not in matching:  # ids and dates recur: each distinct one is matched once
                if _pattern(spec.pattern).fullmatch(value) is None:
                    raise _Delegate
                matching.add(value)
        return value

    def boolean(self, node: yaml.Node) -> bool:
        if node.__class__ is not _ScalarNode or node.tag != _BOOL or node.style or node.value not in ("true", "false"):
            raise _Delegate
        self.converter.count += 1
        return node.value == "true"  # type: ignore[no-any-return]

    def text(self, node: yaml.Node | None, diagnostics: Diagnostics) -> Text:
        """Reactive text given as one string (anything else is built the general way)."""
        if node is None:
            return Text()
        value = self.string(node, _PLAIN)
        return read_text(value, self.converter.meta(node), diagnostics)

    def strings(self, node: yaml.Node, max_items: int) -> list[yaml.Node]:
        if node.__class__ is _ScalarNode:
            return [node]
        items = self.sequence(node, 1, max_items)
        for item in items:
            self.string(item, _PLAIN)
        return items


class _Chapter:
    """One attempt at one chapter file."""

    def __init__(self, composed: Composed, story: StoryData, scratch: Diagnostics, max_scenes: int):
        self.reader = _Reader(composed, scratch)
        self.scratch = scratch
        self.story = story
        self.max_scenes = max_scenes

    def scene(self, node: yaml.Node, scenes: dict[str, Scene], chapter: str, perspective: str) -> Scene:
        read, story = self.reader, self.story
        found = read.mapping(node, schema.SCENE)
        sid = read.string(found["id"], _ID)
        if sid in scenes or len(scenes) >= self.max_scenes:
            raise _Delegate  # a duplicate id, or one past the cap: the general path says so
        if "chapter" in found:
            chapter = read.string(found["chapter"], _ID)
            if chapter not in story.chapters:
                raise _Delegate
        elif not chapter:
            raise _Delegate
        if "perspective" in found:
            perspective = read.string(found["perspective"], _ID)
            if perspective != SHARED and perspective not in story.perspectives:
                raise _Delegate
        elif not perspective:
            raise _Delegate
        date = read.string(found["date"], _DATE)
        try:
            parse_date(date)
        except ValueError:
            raise _Delegate from None
        place = read.string(found["place"], _PLACE)
        title = read.string(found["title"], _TITLE)
        text = read.text(found["text"], self.scratch)
        cites = self.citations(found["cites"])
        effects = self.effects(found.get("effects"))
        ending = self.ending(found["ending"]) if "ending" in found else None
        discussion = [" ".join(item.value.split()) for item in read.strings(found["discussion"], MAX_ITEMS)] \
            if "discussion" in found else []
        content_note = read.string(found["content_note"], _PLAIN) if "content_note" in found else ""
        flashback = read.boolean(found["flashback"]) if "flashback" in found else False
        pause = read.boolean(found["pause"]) if "pause" in found else False
        if "notes" in found:
            read.string(found["notes"], _PLAIN)
        scene = Scene(
            sid, chapter, perspective or SHARED, date, place, title, text, cites, [], effects, ending, discussion,
            content_note, flashback, pause, read.pos(node), read.value_pos(found["date"]),
        )
        if "choices" in found:
            seen: set[str] = set()
            for index, item in enumerate(read.sequence(found["choices"], 0, MAX_CHOICES)):
                scene.choices.append(self.choice(item, index, sid, seen))
        return scene

    def choice(self, node: yaml.Node, index: int, sid: str, seen: set[str]) -> Choice:
        read = self.reader
        found = read.mapping(node, schema.CHOICE)
        if "record" in found or "reply" in found:
            raise _Delegate
        text = read.string(found["text"], _CHOICE_TEXT)
        goto = read.string(found["goto"], _ID)
        given = read.string(found["id"], _ID) if "id" in found else ""
        cid = given or f"{sid}_{index + 1}"
        if cid in seen:
            raise _Delegate
        seen.add(cid)
        condition = None
        if "if" in found:
            source = read.string(found["if"], _PLAIN)
            condition = Expression(source, read.expression_pos(found["if"]))
        effects = self.effects(found.get("effects"))
        closed = read.string(found["closed"], _PLAIN) if "closed" in found else ""
        return Choice(
            index, cid, text, goto, sid, condition, effects, closed, None, read.pos(node),
            read.value_pos(found["goto"]), Text(), bool(given),
        )

    def citations(self, node: yaml.Node) -> list[Citation]:
        read = self.reader
        found = []
        for item in read.sequence(node, 1, MAX_CITATIONS):
            keys = read.mapping(item, schema.CITATION)
            source = read.string(keys["source"], _ID)
            quote = read.string(keys["quote"], _PLAIN)
            note = read.string(keys["note"], _PLAIN) if "note" in keys else ""
            stance = read.string(keys["as"], _STANCE) if "as" in keys else "fact"
            found.append(Citation(source, quote, note, None, read.value_pos(keys["quote"]), stance))
        return found

    def effects(self, node: yaml.Node | None) -> Effects | None:
        if node is None:
            return None
        read = self.reader
        if node.__class__ is _ScalarNode:
            source = read.string(node, _PLAIN)
            pos = read.expression_pos(node)
            return Effects([source], pos, [pos])
        items = read.strings(node, MAX_EFFECTS)
        positions = []
        for item in items:
            meta = read.converter.meta(item)
            positions.append(meta.pos.shifted(1) if meta.style in ("'", '"') else meta.pos)
        return Effects([item.value for item in items], read.pos(node), positions)

    def ending(self, node: yaml.Node) -> Ending:
        read = self.reader
        found = read.mapping(node, schema.ENDING)
        title = read.string(found["title"], _ENDING_TITLE)
        epilogue = read.text(found.get("epilogue"), self.scratch)
        kind = read.string(found["kind"], _PLAIN) if "kind" in found else ""
        return Ending(title, epilogue, kind)


def build(
    composed: Composed, story: StoryData, build_scene: SceneBuilder, scratch: Diagnostics, max_scenes: int,
) -> dict[str, Scene] | None:
    """``story.scenes`` with this chapter file's scenes added, or ``None`` when the
    general path must read the file. ``build_scene`` (the general builder, writing into
    ``scratch``) builds scenes of shapes not built here; ``story`` itself is not touched."""
    if _REFUSED_IN_FILE.search(composed.text):
        return None  # a refused character somewhere: the general path says where
    attempt = _Chapter(composed, story, scratch, max_scenes)
    read = attempt.reader
    try:
        found = read.mapping(composed.node, schema.CHAPTER_FILE)
        if "variables" in found or "cast" in found:
            return None
        chapter = read.string(found["chapter"], _ID) if "chapter" in found else ""
        perspective = read.string(found["perspective"], _ID) if "perspective" in found else ""
        if (chapter and chapter not in story.chapters) or (
            perspective and perspective != SHARED and perspective not in story.perspectives
        ):
            return None
        items = read.sequence(found["scenes"], 1, MAX_SCENES)
        trial = copy.copy(story)  # the general builder registers scenes in trial.scenes only
        trial.scenes = scenes = dict(story.scenes)
        converter = read.converter
        for item in items:
            counted = converter.count
            try:
                scene = attempt.scene(item, scenes, chapter, perspective)
            except _Delegate:
                converter.count = counted  # the general path counts this scene afresh
                converter.depth = 2  # inside the file's mapping and its list of scenes
                value, meta = converter.convert_with_meta(item)
                sid = value.get("id") if isinstance(value, YMap) else None
                schema.check(value, meta, schema.SCENE, scratch, f"scene '{sid}'")
                if not isinstance(value, YMap) or scratch.items:
                    return None
                build_scene(trial, value, meta, chapter, perspective)
            else:
                scenes[scene.id] = scene
            if scratch.items or converter.count > MAX_NODES:
                return None
    except (_Delegate, TooDeep, TooLarge):
        return None
    return scenes
