"""The scene format, declared once: the loader checks against it, and the JSON Schema
shipped in ``scenes/`` is generated from it (a test keeps the two in step).

Keeping the format as data rather than as ad-hoc ``if`` statements means every key the
loader knows is one an editor can complete, and every unknown key gets the same
did-you-mean message wherever it appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostics, did_you_mean
from .packlimits import (
    MAX_CHAPTER_FILES, MAX_CHAPTERS, MAX_CHOICES, MAX_CITATIONS, MAX_EFFECTS, MAX_ITEMS, MAX_PERSPECTIVES, MAX_SCENES,
    MAX_SOURCES, MAX_VARIABLES, PAST_THE_LIMIT, RULE as TOO_MANY,
)
from .intrange import INT_MAX, INT_MIN, RULE as INT_RULE, in_range, out_of_range
from .yaml12 import describe, may_differ, reads_differently
from .characters import INVISIBLE, REFUSED, invisible_message
from .yamlread import Meta, YList, YMap


_STR_TAG = "tag:yaml.org,2002:str"

#: Longest text per kind of field, in characters (scenes/README.md states them): a 1.9 MB
#: one-word title passed the checker and then left the game unable to draw a first frame.
ID_MAX = 64
TITLE_MAX = 200
CHOICE_MAX = 300
TEXT_MAX = 10_000  # one paragraph, or one string of paragraphs, a note, a quote


class Spec:
    """A shape a YAML value may take."""

    description = ""

    def json_schema(self) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def what(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass
class Str(Spec):
    pattern: str | None = None
    pattern_hint: str = ""
    choices: tuple[str, ...] = ()
    description: str = ""
    max_length: int = TEXT_MAX
    #: what the cap is for, in the message ("a title")
    kind: str = "text"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.pattern:  # JSON Schema patterns match anywhere: anchor like re.fullmatch
            schema["pattern"] = f"^(?:{self.pattern})$"
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.description:
            schema["description"] = self.description
        return schema

    def what(self) -> str:
        return "text"

    @property
    def plain(self) -> bool:
        """Any text will do (no pattern, no list of allowed values)."""
        return self.pattern is None and not self.choices


@dataclass
class Int(Spec):
    description: str = ""

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": "integer", "minimum": INT_MIN, "maximum": INT_MAX}, self.description)

    def what(self) -> str:
        return "a whole number"


@dataclass
class Bool(Spec):
    description: str = ""

    def json_schema(self) -> dict[str, Any]:
        return _described({"type": "boolean"}, self.description)

    def what(self) -> str:
        return "true or false"


@dataclass
class Scalar(Spec):
    """Text, a number or true/false (a variable's default)."""

    description: str = ""

    def json_schema(self) -> dict[str, Any]:
        # anyOf, not a "type" list: ajv's strict mode refuses type unions
        return _described(
            {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": INT_MIN, "maximum": INT_MAX},
                       {"type": "boolean"}]}, self.description
        )

    def what(self) -> str:
        return "text, a number or true/false"


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    description: str = ""
    #: every list is bounded (packlimits): a stranger's pack decides how long it is
    max_items: int = MAX_ITEMS
    #: what the items are, in the message ("choices")
    kind: str = "items"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        schema["maxItems"] = self.max_items
        return _described(schema, self.description)

    def what(self) -> str:
        return "a list"


@dataclass
class OneOf(Spec):
    options: tuple[Spec, ...]
    description: str = ""

    def json_schema(self) -> dict[str, Any]:
        return _described({"anyOf": [o.json_schema() for o in self.options]}, self.description)

    def what(self) -> str:
        return " or ".join(o.what() for o in self.options)


@dataclass
class Field:
    spec: Spec
    required: bool = False
    doc: str = ""


@dataclass
class Record(Spec):
    """A mapping with known keys; unknown keys are errors with a did-you-mean."""

    name: str
    fields: dict[str, Field]
    description: str = ""
    #: keys that belong elsewhere, with where: a better hint than "known keys: ..."
    misplaced: dict[str, str] = field(default_factory=dict)

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for key, item in self.fields.items():
            schema = dict(item.spec.json_schema())
            if item.doc:
                schema["description"] = item.doc
            properties[key] = schema
        schema = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [key for key, item in self.fields.items() if item.required]
        if required:
            schema["required"] = required
        return _described(schema, self.description)

    def what(self) -> str:
        return f"a mapping ({self.name})"


@dataclass
class DictOf(Spec):
    """A mapping from author-chosen names (matching ``key_pattern``) to values."""

    value: Spec
    key_pattern: str
    key_hint: str = ""
    description: str = ""
    max_items: int = MAX_ITEMS
    kind: str = "names"

    def json_schema(self) -> dict[str, Any]:
        return _described(
            {
                "type": "object",
                "propertyNames": {"pattern": f"^(?:{self.key_pattern})$", "maxLength": ID_MAX},
                "additionalProperties": self.value.json_schema(),
                "maxProperties": self.max_items,
            },
            self.description,
        )

    def what(self) -> str:
        return "a mapping"


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    if description:
        schema["description"] = description
    return schema


# --------------------------------------------------------------------------- checking


def check(
    value: Any, meta: Meta, spec: Spec, diagnostics: Diagnostics, where: str, skip: tuple[str, ...] = ()
) -> bool:
    """Check ``value`` against ``spec``; report each mistake once; True when it conforms.

    ``where`` names the place for the message ("scene 'radio_siege': key 'goto'").
    """
    if isinstance(spec, OneOf):
        if _braces_read_as_mapping(value, spec, diagnostics, meta, where):
            return False
        for option in spec.options:
            if _matches_shape(value, option):
                return check(value, meta, option, diagnostics, where)
        diagnostics.error(meta.pos, f"{where} must be {spec.what()}, not {_kind(value, meta)}", "type")
        return False
    if isinstance(spec, Str):
        if not isinstance(value, str) or meta.tag != "tag:yaml.org,2002:str":
            _wrong_scalar(value, meta, spec, diagnostics, where)
            return False
        if len(value) > spec.max_length:
            diagnostics.error(
                meta.pos, f"{where}: {spec.kind} of {len(value):,} characters; the limit is {spec.max_length:,}",
                "too-long", "see scenes/README.md for the limit of each kind of text",
            )
            return False
        if spec.choices and value not in spec.choices:
            hint = did_you_mean(value, spec.choices) or "one of: " + ", ".join(spec.choices)
            diagnostics.error(meta.pos, f"{where}: '{value}' is not allowed", "value", hint)
            return False
        if spec.pattern and not re.fullmatch(spec.pattern, value):
            invisible = invisible_message(value)
            if invisible is not None:  # "start\u200b" looks right and names no scene
                offset, message = invisible
                quote = 1 if meta.style in ("'", '"') else 0
                diagnostics.error(
                    meta.pos.shifted(offset + quote) if offset <= meta.straight else meta.pos, f"{where}: {message}",
                    "invisible-character", "delete it: an id must read as it is",
                )
                return False
            diagnostics.error(meta.pos, f"{where}: '{value}' is not valid", "pattern", spec.pattern_hint,
                              once=("pattern", spec.pattern, value))  # a bad scene id, and every goto naming it
            return False
        return not _two_readings(value, meta, spec, diagnostics, where)
    if isinstance(spec, Bool):
        if not isinstance(value, bool):
            _wrong_scalar(value, meta, spec, diagnostics, where)
            return False
        return not _two_readings(value, meta, spec, diagnostics, where)
    if isinstance(spec, Int):
        if not isinstance(value, int) or isinstance(value, bool):
            _wrong_scalar(value, meta, spec, diagnostics, where)
            return False
        if ":" in meta.raw:
            diagnostics.error(
                meta.pos, f"{where}: '{meta.raw}' was read by YAML 1.1 as the base-60 number {value}",
                "sexagesimal", "write a plain number",
            )
            return False
        if not _number_in_range(value, meta, diagnostics, where):
            return False
        return not _two_readings(value, meta, spec, diagnostics, where)
    if isinstance(spec, Scalar):
        if isinstance(value, (YMap, YList)) or value is None or isinstance(value, float):
            _wrong_scalar(value, meta, spec, diagnostics, where)
            return False
        if isinstance(value, int) and not isinstance(value, bool) and not _number_in_range(value, meta, diagnostics, where):
            return False
        return not _two_readings(value, meta, spec, diagnostics, where)
    if isinstance(spec, ListOf):
        if not isinstance(value, YList):
            diagnostics.error(meta.pos, f"{where} must be a list, not {_kind(value, meta)}", "type")
            return False
        if len(value) < spec.min_items:
            diagnostics.error(
                meta.pos, f"{where} needs at least {spec.min_items} item{'s' * (spec.min_items > 1)}",
                "too-few",
            )
            return False
        ok = True
        if len(value) > spec.max_items:
            diagnostics.error(
                value.pos_of(spec.max_items), f"{where}: {len(value):,} {spec.kind}; the limit is {spec.max_items:,}",
                TOO_MANY, PAST_THE_LIMIT,
            )
            ok = False
        for index, item in enumerate(value[:spec.max_items]):
            ok &= check(item, value.item_meta[index], spec.item, diagnostics, f"{where}[{index + 1}]")
        return ok
    if isinstance(spec, Record):
        return _check_record(value, meta, spec, diagnostics, where, skip)
    if isinstance(spec, DictOf):
        if not isinstance(value, YMap):
            diagnostics.error(meta.pos, f"{where} must be a mapping, not {_kind(value, meta)}", "type")
            return False
        ok = True
        if len(value) > spec.max_items:
            past = list(value)[spec.max_items]
            diagnostics.error(
                value.key_pos[past], f"{where}: {len(value):,} {spec.kind}; the limit is {spec.max_items:,}",
                TOO_MANY, PAST_THE_LIMIT,
            )
            ok = False
        for key, item in value.items():
            if _reported_in_key(key):
                ok = False
                continue
            if not isinstance(key, str) or len(key) > ID_MAX or not re.fullmatch(spec.key_pattern, key):
                diagnostics.error(value.key_pos[key], f"{where}: '{key}' is not a valid name", "pattern", spec.key_hint)
                ok = False
                continue
            ok &= check(item, value.value_meta[key], spec.value, diagnostics, f"{where} '{key}'")
        return ok
    raise AssertionError(f"unknown spec {spec!r}")  # pragma: no cover


def _reported_in_key(key: Any) -> bool:
    """A key holding a character reading the file refused: one message was enough."""
    return isinstance(key, str) and bool(REFUSED.search(key) or INVISIBLE.search(key))


def _check_record(
    value: Any, meta: Meta, spec: Record, diagnostics: Diagnostics, where: str, skip: tuple[str, ...] = ()
) -> bool:
    """Unknown keys, missing keys, then each known key; keys in ``skip`` are left to the
    caller, which can name the item better (a scene by its id rather than its index)."""
    if not isinstance(value, YMap):
        diagnostics.error(meta.pos, f"{where} must be {spec.what()}, not {_kind(value, meta)}", "type")
        return False
    ok = True
    meant: set[str] = set()  # keys an unknown key probably meant: not reported missing too
    for key in value:
        if key not in spec.fields and _reported_in_key(key):
            meant.add(REFUSED.sub("", INVISIBLE.sub("", str(key))))  # reading the file reported the character
            ok = False
            continue
        if key not in spec.fields:
            hint = did_you_mean(str(key), spec.fields)
            if hint:
                meant.add(hint.split("'")[1])
            diagnostics.error(
                value.key_pos[key], f"unknown key '{key}' in {spec.name}", "unknown-key",
                hint or spec.misplaced.get(str(key)) or "known keys: " + ", ".join(spec.fields),
            )
            ok = False
    for key, item in spec.fields.items():
        if key in value and key in skip:
            continue
        if key in value:
            field_spec = item.spec
            if field_spec.__class__ is Str and field_spec.plain:
                found = value[key]
                found_meta = value.value_meta[key]
                if found.__class__ is str and found_meta.tag == _STR_TAG and len(found) <= field_spec.max_length and (
                    found_meta.style or not may_differ(found)  # quoted or block (plain: None or "")
                ):
                    continue  # the common case, decided without building a message context
            ok &= check(value[key], value.value_meta[key], field_spec, diagnostics, f"{where}: '{key}'")
        elif item.required and key not in meant:
            diagnostics.error(meta.pos, f"{where} is missing '{key}'", "missing-key", item.doc)
            ok = False
        elif item.required:
            ok = False
    return ok


def _braces_read_as_mapping(value: Any, spec: OneOf, diagnostics: Diagnostics, meta: Meta, where: str) -> bool:
    """``text: {friend}`` is, to YAML, the mapping ``{friend: null}``. Where text was
    possible, say that in one message, instead of "missing 'if'", "unknown key 'friend'"
    and "missing 'text'" for a conditional paragraph the author never meant to write."""
    if not isinstance(value, YMap) or not value or any(item is not None for item in value.values()):
        return False
    if not any(isinstance(option, Str) for option in spec.options):
        return False
    if any(isinstance(option, Record) and key in option.fields for option in spec.options for key in value):
        return False  # "- if:" with its condition left out: a conditional paragraph's own mistakes
    written = "{" + ", ".join(str(key) for key in value) + "}"
    diagnostics.error(
        meta.pos, f"{where}: YAML read '{written}' as a mapping, not as text", "type",
        f"a text that begins with '{{' goes in quotes: \"{written}\"",
    )
    return True


def _number_in_range(value: int, meta: Meta, diagnostics: Diagnostics, where: str) -> bool:
    """A number in a pack lies in the engine's range (:mod:`intrange`), so no variable can
    start, or be bounded, where a save could not write it."""
    if in_range(value):
        return True
    diagnostics.error(meta.pos, f"{where}: {out_of_range(value)}", INT_RULE, "see scenes/README.md, 'Variables'")
    return False


def _matches_shape(value: Any, spec: Spec) -> bool:
    if isinstance(spec, (Str,)):
        return isinstance(value, str)
    if isinstance(spec, Bool):
        return isinstance(value, bool)
    if isinstance(spec, Int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(spec, ListOf):
        return isinstance(value, YList)
    if isinstance(spec, (Record, DictOf)):
        return isinstance(value, YMap)
    return True


#: plain words that are booleans to YAML 1.1 (or to a reader of YAML 1.1's spec) and not
#: to YAML 1.2: where true or false belongs, each is a slip for one of them
_BOOLEAN_WORDS = {"yes": True, "y": True, "on": True, "no": False, "n": False, "off": False}


def _two_readings(value: Any, meta: Meta, spec: Spec, diagnostics: Diagnostics, where: str) -> bool:
    """The game (YAML 1.1) and editors (YAML 1.2) read this plain scalar differently: refuse
    it, so that a file passes the checker only when it passes the editor too, and the other
    way round. True when refused."""
    other = reads_differently(meta.raw, meta.tag, value, meta.style)
    if not other:
        return False
    word = meta.raw
    if isinstance(spec, Str):
        diagnostics.error(
            meta.pos, f"{where}: '{word}' is text to the game but {other} to editors (YAML 1.2)", "type",
            f'put it in quotes: "{word}"',
        )
    elif isinstance(spec, Bool) and word.lower() in _BOOLEAN_WORDS:
        diagnostics.error(
            meta.pos, f"{where} must be true or false, not '{word}'", "type",
            f"did you mean {str(_BOOLEAN_WORDS[word.lower()]).lower()}? Only YAML 1.1 reads '{word}' as a "
            "boolean; editors read it as text",
        )
    else:
        ours = describe(meta.tag, value)
        if word.lower() in _BOOLEAN_WORDS:
            hint = f'write {str(_BOOLEAN_WORDS[word.lower()]).lower()}, or "{word}" in quotes for text'
        else:
            hint = f'write a plain decimal number, or "{word}" in quotes for text'
        diagnostics.error(
            meta.pos, f"{where}: '{word}' is {ours} to the game (YAML 1.1) but {other} to editors (YAML 1.2)",
            "type", hint,
        )
    return True


def _kind(value: Any, meta: Meta) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YList):
        return "a list"
    return meta.kind


def _wrong_scalar(value: Any, meta: Meta, spec: Spec, diagnostics: Diagnostics, where: str) -> None:
    found = _kind(value, meta)
    hint = ""
    if meta.tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp") and isinstance(spec, Str):
        hint = f'YAML 1.1 read {meta.raw!r} as {found}; put it in quotes: "{meta.raw}"'
    elif meta.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and isinstance(spec, Str):
        hint = f'YAML read {meta.raw!r} as a number; put it in quotes: "{meta.raw}"'
        if ":" in meta.raw:
            hint = f'YAML 1.1 read {meta.raw!r} as the base-60 number {value}; put it in quotes: "{meta.raw}"'
    elif meta.tag == "tag:yaml.org,2002:null":
        hint = "the value is empty"
    elif isinstance(spec, Bool) and isinstance(value, str) and value.lower() in _BOOLEAN_WORDS:
        hint = f"did you mean {str(_BOOLEAN_WORDS[value.lower()]).lower()}?"
    diagnostics.error(meta.pos, f"{where} must be {spec.what()}, not {found}", "type", hint)


# --------------------------------------------------------------------------- the format

ID = r"[a-z][a-z0-9_]*"
ID_HINT = "ids are lower-case letters, digits and '_', starting with a letter"
VARIABLE_NAME = r"[a-z][a-z0-9_]*"
DATE = r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2})?)?)?"
DATE_HINT = 'write "1956-10-23 15:00", "1956-10-23", or only "1958-06" or "1989" when the source gives no more, in quotes'

FORMAT_VERSION = 1


def _id(description: str = "") -> Str:
    return Str(ID, ID_HINT, description=description, max_length=ID_MAX, kind="an id")


def _title() -> Str:
    return Str(max_length=TITLE_MAX, kind="a title")


TEXT = OneOf(
    (Str(), ListOf(Str(), min_items=1)),
    description="Paragraphs: one string (blank lines separate paragraphs) or a list of strings.",
)
CONDITIONAL_PARAGRAPH = Record(
    "conditional paragraph",
    {
        "if": Field(Str(), True, "a condition, as in a choice's if:; the text is shown only when it holds"),
        "text": Field(TEXT, True, "the paragraphs shown when the condition holds"),
        "else": Field(TEXT, False, "the paragraphs shown when it does not"),
    },
    description="Paragraphs shown only in some playthroughs.",
)
REACTIVE_TEXT = OneOf(
    (Str(), ListOf(OneOf((Str(), CONDITIONAL_PARAGRAPH)), min_items=1)),
    description=(
        "Paragraphs: one string (blank lines separate paragraphs) or a list of strings and "
        "{if: condition, text: ..., else: ...} items. {name} prints a variable; {{ prints a brace."
    ),
)
EFFECTS = OneOf(
    (Str(), ListOf(Str(), min_items=1, max_items=MAX_EFFECTS, kind="effects")),
    description="Assignments such as 'courage += 1', separated by ';' or given as a list.",
)
PROMPTS = OneOf((Str(), ListOf(Str(), min_items=1)), description="Discussion prompts for the class.")

CITATION = Record(
    "citation",
    {
        "source": Field(_id(), True, "id of a source declared in story.yaml"),
        "quote": Field(Str(), True, "the exact words of the source (quote marks and spacing may differ)"),
        "note": Field(Str(), False, "why this passage backs the scene, or what to notice in it"),
        "as": Field(
            Str(choices=("fact", "report")), False,
            "fact (the default): the scene states what the passage says; report: the scene presents it as "
            "what the BBC reported (required for passages the editors' notes mark as errors)",
        ),
    },
)
CITATIONS = ListOf(CITATION, min_items=1, max_items=MAX_CITATIONS, kind="citations")

RECORD = Record(
    "record",
    {
        "text": Field(Str(), True, "what the historical record says happened at this point"),
        "cites": Field(CITATIONS, True, "the passages that say so"),
    },
    description="What history says at this choice, for the debrief beside the player's path.",
)

CHOICE = Record(
    "choice",
    {
        "id": Field(_id(), False, "a stable name for the choice, unique in its scene; chose(\"scene.id\") remembers it"),
        "text": Field(Str(max_length=CHOICE_MAX, kind="a choice's text"), True, "what the player reads on the button"),
        "goto": Field(_id(), True, "id of the scene this choice leads to"),
        "if": Field(Str(), False, "a condition; the choice is open only when it holds"),
        "effects": Field(EFFECTS, False, "what choosing it changes"),
        "closed": Field(Str(), False, "shown beside the dimmed choice when its condition fails"),
        "record": Field(RECORD, False),
        "reply": Field(REACTIVE_TEXT, False, "paragraphs that open the next scene when the player came by this choice"),
    },
)

ENDING = Record(
    "ending",
    {
        "title": Field(_title(), True, "the name of this ending"),
        "epilogue": Field(REACTIVE_TEXT, False, "what became of the character"),
        "kind": Field(Str(), False, "a short label such as 'fled', 'prison', 'stayed'"),
    },
    misplaced={
        "reply": "reply: belongs to a choice (it opens the next scene for a player who came by that choice);"
                 " to vary an ending's text, use if: items in its epilogue",
    },
)

SCENE = Record(
    "scene",
    {
        "id": Field(_id(), True, "unique id of the scene"),
        "chapter": Field(_id(), False, "chapter id (defaults to the file's chapter)"),
        "perspective": Field(_id(), False, "a perspective id or 'shared' (defaults to the file's)"),
        "date": Field(Str(DATE, DATE_HINT), True, "ISO date and time of the scene, in quotes"),
        "place": Field(Str(max_length=TITLE_MAX, kind="a place"), True, "where the scene happens (a name: the dateline shows it on one line)"),
        "title": Field(_title(), True, "the scene's title"),
        "text": Field(REACTIVE_TEXT, True, "the scene's prose"),
        "cites": Field(CITATIONS, True, "the source passages this scene draws on"),
        "choices": Field(ListOf(CHOICE, max_items=MAX_CHOICES, kind="choices"), False, "the player's options"),
        "effects": Field(EFFECTS, False, "changes applied on entering the scene"),
        "ending": Field(ENDING, False, "marks a final scene"),
        "discussion": Field(PROMPTS, False, "discussion prompts for a class"),
        "content_note": Field(Str(), False, "a warning shown before violent scenes"),
        "flashback": Field(Bool(), False, "true when the scene may go back in time"),
        "pause": Field(Bool(), False, "classroom mode stops here for discussion"),
        "notes": Field(Str(), False, "notes for authors; never shown to players"),
    },
)


REFERENCE = Record(
    "reference",
    {
        "author": Field(Str(), True, "author, editors or issuing body"),
        "title": Field(_title(), True, "the work's title (a supplied description in [square brackets])"),
        "year": Field(Int(), True, "year of publication"),
    },
    description="A standard work: never a page number, a quotation or a web address that was not checked.",
)

EDITORS_NOTE = Record(
    "editors' note",
    {
        "id": Field(_id(), True, "unique id of the note"),
        "source": Field(_id(), True, "id of the source the note is on"),
        "quote": Field(Str(), True, "the noted passage, word for word, as a citation quotes it"),
        "kind": Field(Str(choices=("error", "contested", "context", "provenance")), True,
                      "error, contested, context or provenance"),
        "title": Field(_title(), True, "a few words naming the problem"),
        "text": Field(Str(), True, "the note, in the editors' own words"),
        "references": Field(ListOf(REFERENCE), False, "standard works it rests on (required for error and contested)"),
    },
)

NOTES_FILE = Record(
    "notes file",
    {"notes": Field(ListOf(EDITORS_NOTE, min_items=1), True, "the editors' notes on the sources")},
    description="The editors' notes on the sources of Budapest 1956 (a critical apparatus).",
)

TOPIC = Record(
    "guide topic",
    {
        "id": Field(_id(), True),
        "title": Field(_title(), True, "the topic as the guide heads it"),
        "explanation": Field(Str(), True, "what the class should notice, in the editors' words"),
        "passages": Field(ListOf(Str(), min_items=1), True, "words of the source to find (each must stand in it)"),
        "keywords": Field(ListOf(Str()), False, "words in a scene's prompts or notes that raise the topic"),
    },
)

GUIDE_FILE = Record(
    "guide file",
    {"topics": Field(ListOf(TOPIC, min_items=1), True, "places where the source disagrees with itself")},
    description="Story content for the teacher's guide of Budapest 1956.",
)

VARIABLE = Record(
    "variable",
    {
        "type": Field(Str(choices=("int", "bool", "str")), True, "int, bool or str"),
        "default": Field(Scalar(), True, "the value at the start"),
        "min": Field(Int(), False, "lowest value (numbers only)"),
        "max": Field(Int(), False, "highest value (numbers only)"),
        "doc": Field(Str(), False, "what the variable means"),
    },
)

PERSPECTIVE = Record(
    "perspective",
    {
        "id": Field(_id(), True),
        "name": Field(_title(), True, "the character's name"),
        "role": Field(Str(), False, "who they are, in a few words"),
        "fictional": Field(Bool(), True, "true for invented characters"),
        "start": Field(_id(), True, "id of the first scene"),
        "blurb": Field(TEXT, False, "shown on the New game screen"),
    },
)

CHAPTER = Record(
    "chapter",
    {
        "id": Field(_id(), True),
        "title": Field(_title(), True),
        "summary": Field(TEXT, False),
    },
)

SOURCE = Record(
    "source",
    {
        "id": Field(_id(), True),
        "title": Field(_title(), True),
        "publisher": Field(Str(), True),
        "date": Field(Str(), True, "publication date, as text"),
        "file": Field(Str(), True, "path of the text file, relative to story.yaml"),
        "url": Field(Str(), False),
        "note": Field(Str(), False, "provenance and quirks"),
    },
)

CAST = Record(
    "cast member",
    {
        "name": Field(_title(), True),
        "fictional": Field(Bool(), True),
        "role": Field(Str(), False),
        "perspective": Field(_id(), False, "the perspective this character carries"),
    },
)

GLOSSARY = Record(
    "glossary entry",
    {"term": Field(Str(), True), "definition": Field(Str(), True)},
)

EPILOGUE = Record(
    "epilogue",
    {
        "title": Field(_title(), True),
        "text": Field(TEXT, True),
        "cites": Field(CITATIONS, True),
    },
    description="The documented epilogue shown after every ending.",
)

CHAPTER_FILE = Record(
    "chapter file",
    {
        "chapter": Field(_id(), False, "default chapter id for the scenes of this file"),
        "perspective": Field(_id(), False, "default perspective for the scenes of this file"),
        "variables": Field(DictOf(VARIABLE, VARIABLE_NAME, ID_HINT, max_items=MAX_VARIABLES, kind="variables"), False, "more story variables (one namespace)"),
        "cast": Field(ListOf(CAST), False, "more cast members"),
        "scenes": Field(ListOf(SCENE, min_items=1, max_items=MAX_SCENES, kind="scenes"), True, "the scenes"),
    },
    description="One file of scenes for Budapest 1956.",
)

STORY_FILE = Record(
    "story",
    {
        "format": Field(Int(), False, f"format version ({FORMAT_VERSION})"),
        "id": Field(_id(), True, "story identity, kept in saves"),
        "title": Field(_title(), True),
        "subtitle": Field(_title(), False),
        "version": Field(Str(), True, "story version, in quotes"),
        "description": Field(TEXT, False),
        "variables": Field(DictOf(VARIABLE, VARIABLE_NAME, ID_HINT, max_items=MAX_VARIABLES, kind="variables"), False),
        "perspectives": Field(ListOf(PERSPECTIVE, min_items=1, max_items=MAX_PERSPECTIVES, kind="perspectives"), True),
        "chapters": Field(ListOf(CHAPTER, min_items=1, max_items=MAX_CHAPTERS, kind="chapters"), True),
        "sources": Field(ListOf(SOURCE, min_items=1, max_items=MAX_SOURCES, kind="sources"), True),
        "cast": Field(ListOf(CAST), False),
        "glossary": Field(ListOf(GLOSSARY), False),
        "epilogue": Field(EPILOGUE, False),
        "files": Field(ListOf(Str(), max_items=MAX_CHAPTER_FILES, kind="chapter files"), False,
                       "chapter files in order (default: every other .yaml)"),
        "notes": Field(Str(), False, "the file of editors' notes on the sources (e.g. notes.yaml)"),
        "guide": Field(Str(), False, "the file of teacher's guide topics (e.g. guide.yaml)"),
    },
    description="story.yaml of Budapest 1956.",
)


def json_schema(record: Record, title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one kind of file."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
    schema.update(record.json_schema())
    return schema


SCHEMA_FILES = {
    "story.schema.json": (STORY_FILE, "Budapest 1956 story.yaml"),
    "chapter.schema.json": (CHAPTER_FILE, "Budapest 1956 chapter file"),
    "notes.schema.json": (NOTES_FILE, "Budapest 1956 editors' notes"),
    "guide.schema.json": (GUIDE_FILE, "Budapest 1956 teacher's guide topics"),
}
