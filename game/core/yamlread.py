"""Safe YAML reading that keeps positions and refuses YAML's traps.

PyYAML's constructors throw away the marks we need for ``path:line:col`` messages and
silently keep the last of two duplicate keys, so we only let PyYAML *compose* (the C
parser when libyaml is present, about ten times faster) and build the Python values
ourselves from the node tree. That one walk also:

* rejects duplicate keys and merge keys (``<<``), which hide author mistakes;
* counts what the checks after it will walk, aliases expanded (each use of an alias
  counts its whole subtree, and long text counts by its length, :data:`CHARS_PER_VALUE`),
  so a "billion laughs" file, or 20,000 aliases of one long quote, stops at the first
  alias past :data:`MAX_NODES`;
* bounds nesting depth (:data:`MAX_DEPTH`), so a file of ``{a: {a: ...`` 500 deep is a
  message at the first level too deep, not a RecursionError in this walk or in the
  recursive checks that follow it;
* refuses control characters in any text (:data:`characters.REFUSED`): a NUL or an ESC passes YAML's
  double-quoted escapes, then crashes the font renderer or drives the terminal;
* remembers how YAML 1.1 resolved each scalar (``no`` -> bool, ``12:30`` -> 750), so the
  schema check can say "quote it" instead of accepting a boolean where an id belongs.

Nothing here ever constructs arbitrary Python objects: unknown tags are errors.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from .characters import INVISIBLE, RAW_CONTROL, REFUSED, invisible_message, refused_character
from .diagnostics import Diagnostics, Pos
from .filekind import cannot_read
from .packlimits import ReadBudget
from .safefile import MAX_YAML_BYTES, FileRefused, read_capped

try:  # libyaml's composer: same result, an order of magnitude faster
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]



class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a memoised resolver.

    libyaml calls back into Python's resolver for every scalar, keys included, and the
    same keys (``id``, ``text``, ``goto``...) recur thousands of times: caching the tag of
    each plain scalar roughly halves the cost of composing a large story. Path resolvers
    are not used by the safe loader, so descend/ascend can be skipped.
    """

    _plain_tags: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            cache = _Loader._plain_tags
            tag = cache.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(cache) < 100_000:
                    cache[value] = tag
            return tag
        if kind is yaml.SequenceNode:
            return _SEQ
        return _MAP


MAX_FILE_BYTES = MAX_YAML_BYTES
#: values one file may hold once its aliases are expanded: the shipped story's largest
#: file holds about 700, a chapter at the size cap of plain YAML about 100,000
MAX_NODES = 250_000
#: a text counts as one more value for each this many characters, so that aliasing one
#: long string many times costs what reading the copies would
CHARS_PER_VALUE = 64
#: deeper than any story needs (the shipped story nests 7 levels), far below Python's
#: recursion limit even when each level costs several frames further on
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

#: What a scalar tag means to an author, for messages such as "YAML read it as a boolean".
TAG_NAMES = {
    _STR: "text",
    _BOOL: "a boolean",
    _INT: "a number",
    _FLOAT: "a number",
    _NULL: "nothing (null)",
    _TIMESTAMP: "a date",
}

_constructor = yaml.constructor.SafeConstructor()


class Meta(NamedTuple):
    """Where a scalar or collection stood and how YAML resolved it (a tuple: made per node)."""

    pos: Pos
    tag: str
    raw: str = ""
    style: str | None = None
    #: how many characters of a scalar's value stand in the file exactly as they are,
    #: from ``pos`` on (after an opening quote), before YAML joined a line break or read
    #: an escape such as ``\\"`` or ``''``: the whole value in the common one-line case
    straight: int = 0

    @property
    def kind(self) -> str:
        return TAG_NAMES.get(self.tag, "a list" if self.tag == _SEQ else "a mapping")


class YMap(dict):
    """A mapping that remembers its own position and that of every key and value."""

    meta: Meta
    key_pos: dict[Any, Pos]
    value_meta: dict[Any, Meta]

    def pos_of(self, key: Any) -> Pos:
        """Position of the value under ``key`` (or of the mapping when the key is absent)."""
        meta = self.value_meta.get(key)
        return meta.pos if meta else self.meta.pos

    @property
    def pos(self) -> Pos:
        return self.meta.pos


class YList(list):
    """A list that remembers its own position and that of every item."""

    meta: Meta
    item_meta: list[Meta]

    def pos_of(self, index: int) -> Pos:
        return self.item_meta[index].pos

    @property
    def pos(self) -> Pos:
        return self.meta.pos


class Composed(NamedTuple):
    """One YAML file composed but not yet converted: its node tree and its text (positions
    inside block scalars are found in the text)."""

    node: yaml.Node
    text: str
    path: str  # as messages show it


def read_yaml_file(
    path: Path, shown_path: str, diagnostics: Diagnostics, budget: ReadBudget | None = None
) -> tuple[Any, Meta] | None:
    """Read one YAML file; on any problem add a diagnostic and return ``None``. With a
    ``budget``, the file also counts towards its pack's total (one pack, one budget)."""
    composed = compose_yaml_file(path, shown_path, diagnostics, budget)
    return None if composed is None else convert_composed(composed, diagnostics)


def compose_yaml_file(
    path: Path, shown_path: str, diagnostics: Diagnostics, budget: ReadBudget | None = None
) -> Composed | None:
    """:func:`read_yaml_file` up to the node tree, for a caller that may build from the
    nodes directly (:mod:`fastchapter`) before converting them."""
    start = Pos(shown_path)
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        hint = "split the chapter into several files" if exc.rule == "file-too-large" else ""
        diagnostics.error(start, f"file {exc}", exc.rule, hint)
        return None
    except OSError as exc:
        diagnostics.error(start, f"file {cannot_read(exc)}", "io")
        return None
    if budget is not None and not budget.take(len(data)):
        diagnostics.error(
            start, f"with this file the pack's YAML files pass {budget.total:,} bytes together",
            "pack-too-large", "a story needs far less: see scenes/README.md for the limits",
        )
        return None
    return compose_yaml_bytes(data, shown_path, diagnostics)


def read_yaml_bytes(data: bytes, shown_path: str, diagnostics: Diagnostics) -> tuple[Any, Meta] | None:
    """Decode, compose and convert one YAML document with positions."""
    composed = compose_yaml_bytes(data, shown_path, diagnostics)
    return None if composed is None else convert_composed(composed, diagnostics)


def compose_yaml_bytes(data: bytes, shown_path: str, diagnostics: Diagnostics) -> Composed | None:
    """Decode and compose one YAML document, refusing what must never be composed."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start)
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1)
        diagnostics.error(
            Pos(shown_path, line, col),
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x})",
            "encoding",
            "save the file as UTF-8",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    raw = RAW_CONTROL.search(text)
    if raw is not None:  # YAML's own message has no position, and reads U+0085 as a line break
        line = text.count("\n", 0, raw.start())
        col = raw.start() - (text.rfind("\n", 0, raw.start()) + 1)
        char = raw.group()
        rule, message, hint = refused_character(char)
        diagnostics.error(Pos(shown_path, line, col), message, rule, "delete it" if rule == "control-character" else hint)
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        diagnostics.error(Pos(shown_path), "file is empty", "empty-file")
        return None
    if "&" in text and "*" in text:  # anchors and aliases: count them out before composing it all
        try:
            alias = _alias_past_limit(text)
        except yaml.YAMLError:
            alias = None  # composing says what is wrong, and where
        if alias is not None:
            _report_alias_bomb(alias, shown_path, diagnostics)
            return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        diagnostics.error(*_syntax_error(exc, text, shown_path))
        return None
    except yaml.YAMLError as exc:  # e.g. two documents in one file without marks
        diagnostics.error(Pos(shown_path), f"YAML error: {exc}", "yaml-syntax")
        return None
    if node is None:
        diagnostics.error(Pos(shown_path), "file is empty", "empty-file")
        return None
    return Composed(node, text, shown_path)


def convert_composed(composed: Composed, diagnostics: Diagnostics) -> tuple[Any, Meta] | None:
    """The node tree as YMap/YList/plain values with their positions (or ``None`` with a
    diagnostic when it nests too deep or holds too many values)."""
    node, text, shown_path = composed
    converter = _Converter(shown_path, diagnostics, text)
    try:
        return converter.convert_with_meta(node)
    except TooDeep as exc:
        diagnostics.error(
            exc.pos, f"values nest more than {MAX_DEPTH} levels deep here", "too-deep",
            "a story needs only a few levels of lists and mappings; close the brackets",
        )
        return None
    except TooLarge:
        alias = _alias_past_limit(text)
        if alias is None:
            diagnostics.error(
                Pos(shown_path), f"the file holds more than {MAX_NODES:,} values", "too-many-values",
                "split it into several chapter files",
            )
        else:
            _report_alias_bomb(alias, shown_path, diagnostics)
        return None


def _report_alias_bomb(found: tuple[Any, bool], shown_path: str, diagnostics: Diagnostics) -> None:
    alias, recursive = found
    diagnostics.error(
        Pos(shown_path, alias.line, alias.column),
        "this alias stands inside the value it names, so it never ends" if recursive else
        f"this alias makes the file expand to more than {MAX_NODES:,} values (an alias bomb?)",
        "alias-bomb",
        "remove the anchors and aliases (& and *), or write the text out once where it is needed",
    )


def _weight(text: str) -> int:
    """What one scalar (or key) counts towards :data:`MAX_NODES`."""
    return 1 + len(text) // CHARS_PER_VALUE


def _alias_past_limit(text: str) -> tuple[Any, bool] | None:
    """The mark of the first alias at which the file, read in order with every alias
    expanded, passes :data:`MAX_NODES`, and whether it names a value it stands in (None
    when the file is past the limit without any).

    The node tree cannot say where an alias stood (an alias *is* its anchor's node), so
    this walks the parser's events: before composing a file that has anchors (an alias
    bomb then stops at its alias, long before the rest is read), and again for a file the
    converter refused. Each anchor's expanded size is known by the time an alias names it."""
    sizes: dict[str, int] = {}
    open_anchors: list[tuple[str | None, int]] = []  # (anchor, total when it began)
    total = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        cls = event.__class__
        if cls is yaml.ScalarEvent:
            weight = _weight(event.value)
            total += weight
            if event.anchor:
                sizes[event.anchor] = weight
        elif cls is yaml.AliasEvent:
            size = sizes.get(event.anchor)
            if size is None:
                if not any(anchor == event.anchor for anchor, _ in open_anchors):
                    raise yaml.YAMLError("undefined alias")  # composing it says so, with the place
                return event.start_mark, True  # it stands inside what it names: it would never end
            total += size
            if total > MAX_NODES:
                return event.start_mark, False
        elif cls in (yaml.SequenceStartEvent, yaml.MappingStartEvent):
            total += 1
            open_anchors.append((event.anchor, total - 1))
        elif cls in (yaml.SequenceEndEvent, yaml.MappingEndEvent):
            anchor, began = open_anchors.pop()
            if anchor:
                sizes[anchor] = total - began
    return None


#: what YAML calls the things a file can leave open, as an author knows them
_OPENED = {"a flow sequence": "a list in [ ]", "a flow mapping": "a mapping in { }", "a quoted scalar": "a quoted text"}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, shown_path: str) -> tuple[Pos, str, str, str]:
    """Position, message, rule and hint of a YAML syntax error, at a place the file has.

    A list, mapping or quote left open is found only at the end of the file, past its
    last line: the place to show is where it was opened. A second document is named as
    such (PyYAML says "but found another document expected a single document")."""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    mark = problem_mark or context_mark
    past_end = problem_mark is not None and not text[problem_mark.index:].strip()
    if context_mark and ("end of stream" in (exc.problem or "") or past_end):
        mark = context_mark  # where it opens, not past the file's end
    pos = Pos(shown_path, mark.line, mark.column) if mark else Pos(shown_path)
    marks = [m.line for m in (context_mark, problem_mark) if m]
    if "another document" in (exc.problem or ""):
        return (pos, "YAML syntax error: a second document begins here; a file holds one document", "yaml-syntax",
                "delete this '---' line, or move what follows it into a file of its own")
    if "tab character" in (exc.problem or ""):
        return (pos, "YAML syntax error: a tab character where YAML needs spaces", "yaml-syntax",
                "indent with spaces; YAML does not allow tabs there")
    problem = exc.problem or exc.context or "invalid YAML"
    context = f" {exc.context}" if exc.context and exc.problem else ""
    if context and context_mark and problem_mark and mark is problem_mark and context_mark.line != problem_mark.line:
        context += f" begun at line {context_mark.line + 1}, column {context_mark.column + 1}"
    elif context and mark is context_mark and past_end:
        problem = "the file ends before this is closed:"
        context = context.replace(" while parsing", "", 1).replace(" while scanning", "", 1)
        for yaml_words, words in _OPENED.items():
            context = context.replace(yaml_words, words)
    hint = _brace_hint(text, marks)
    return pos, f"YAML syntax error: {problem}{context}", "yaml-syntax", hint


#: a value that begins with ``{name}`` and goes on: YAML's flow mapping, not text
_BRACE_START = re.compile(r"^\s*(?:-\s+)?(?:[^\s:#{}]+:\s+)?(?:-\s+)?\{[^{}]*\}\s*[^\s#,}\]]")


def _brace_hint(text: str, lines: list[int]) -> str:
    """``text: {friend} waits.`` is a syntax error to YAML, which reads ``{`` at the start of
    a value as a mapping; reactive text's ``{name}`` makes that an easy slip, so say so."""
    source = text.splitlines()
    for line in dict.fromkeys(lines):
        if 0 <= line < len(source) and _BRACE_START.match(source[line]):
            return "YAML reads a value that begins with '{' as a mapping; put the whole text in quotes"
    return ""


class TooLarge(Exception):
    pass


class TooDeep(Exception):
    def __init__(self, pos: Pos):
        super().__init__(pos)
        self.pos = pos


def converter_for(composed: Composed, diagnostics: Diagnostics) -> "_Converter":
    """The general path's converter for one composed file (positions, counts, depth)."""
    return _Converter(composed.path, diagnostics, composed.text)


class _Converter:
    """Walks a composed node tree into YMap/YList/plain scalars, counting nodes."""

    def __init__(self, shown_path: str, diagnostics: Diagnostics, text: str = ""):
        self.path = shown_path
        self.diagnostics = diagnostics
        self.count = 0
        self.depth = 0
        self.text = text
        self._lines: list[str] | None = None

    def block_start(self, line: int, column: int) -> Pos:
        """Where a block scalar's (``|`` or ``>``) content begins: the next non-blank
        line, at its indentation — not the indicator, so messages point at the words."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        for number in range(line + 1, len(self._lines)):
            content = self._lines[number]
            if content.strip():
                return Pos(self.path, number, len(content) - len(content.lstrip()))
        return Pos(self.path, line, column)

    def meta(self, node: yaml.Node) -> Meta:
        mark = node.start_mark
        if node.__class__ is yaml.ScalarNode:
            value, style = node.value, node.style
            if style in ("|", ">"):
                start = self.block_start(mark.line, mark.column)
                first = self._lines[start.line][start.col:].rstrip() if self._lines else ""
                return Meta(start, node.tag, value, style, min(len(first), len(value)))
            end = node.end_mark
            quote = 1 if style in ("'", '"') else 0
            if end.line == mark.line and end.column - mark.column - 2 * quote == len(value):
                straight = len(value)  # one line, no escapes: decided without the file's lines
            else:
                straight = self.straight(mark.line, mark.column + quote, style, value)
            return Meta(Pos(self.path, mark.line, mark.column), node.tag, value, style, straight)
        return Meta(Pos(self.path, mark.line, mark.column), node.tag)

    def straight(self, line: int, column: int, style: str | None, value: str) -> int:
        """For a scalar that spans lines or holds escapes: how much of its value stands on
        its first line as written, up to the first escape or line break."""
        if self._lines is None:
            self._lines = self.text.splitlines()
        if line >= len(self._lines):
            return 0
        written = self._lines[line][column:]
        escape = {'"': "\\", "'": "''"}.get(style or "")
        if escape and escape in written:
            return min(written.index(escape), len(value))
        return min(len(written.rstrip()), len(value))  # YAML drops the spaces before a line break

    def convert(self, node: yaml.Node) -> Any:
        return self.convert_with_meta(node)[0]

    def convert_with_meta(self, node: yaml.Node) -> tuple[Any, Meta]:
        """The value and its :class:`Meta`, made once per node (this is the hot loop)."""
        cls = node.__class__
        self.count += (1 + len(node.value) // CHARS_PER_VALUE) if cls is yaml.ScalarNode else 1
        if self.count > MAX_NODES:
            raise TooLarge
        meta = self.meta(node)
        if cls is not yaml.ScalarNode and node.tag not in (_SEQ, _MAP):
            self.diagnostics.error(
                meta.pos, f"unsupported YAML tag {node.tag!r}", "yaml-tag",
                "remove the tag; author files hold plain data only",
            )
        if cls is yaml.ScalarNode:
            return self.scalar(node, meta), meta
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooDeep(meta.pos)
        try:
            return self.collection(node, meta), meta
        finally:
            self.depth -= 1

    def collection(self, node: yaml.Node, meta: Meta) -> Any:
        cls = node.__class__
        if cls is yaml.SequenceNode:
            result = YList()
            result.meta = meta
            item_meta: list[Meta] = []
            result.item_meta = item_meta
            for item in node.value:
                value, value_meta = self.convert_with_meta(item)
                result.append(value)
                item_meta.append(value_meta)
            return result
        if cls is yaml.MappingNode:
            return self.mapping(node, meta)
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def refuse_control(self, value: str, meta: Meta, *, key: bool = False) -> None:
        """Report a refused character (:data:`REFUSED`; in a key also :data:`INVISIBLE`)
        at its own column where the file still shows it."""
        found = REFUSED.search(value)
        invisible = INVISIBLE.search(value) if key else None
        if found is None and invisible is None:
            return
        if found is not None:
            offset = found.start()
            rule, message, hint = refused_character(found.group())
        else:
            offset, message = invisible_message(value)  # type: ignore[misc]
            rule, hint = "invisible-character", "delete it: a key or a name must read as it is"
        pos = meta.pos
        if meta.style == "|":
            before = value[:offset]
            line = before.count("\n") - (len(value) - len(value.lstrip("\n")))
            if line >= 0:
                pos = Pos(pos.path, pos.line + line, pos.col + offset - (before.rfind("\n") + 1))
        elif offset <= meta.straight:
            pos = pos.shifted(offset + (1 if meta.style in ("'", '"') else 0))
        self.diagnostics.error(pos, message, rule, hint)

    def scalar(self, node: yaml.ScalarNode, meta: Meta) -> Any:
        if node.tag == _STR:
            if REFUSED.search(node.value):
                self.refuse_control(node.value, meta)
            return node.value
        if node.tag in (_BOOL, _INT, _FLOAT, _NULL):
            try:
                return _constructor.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - e.g. `!!int abc`, or an int of 5,000 digits
                self.diagnostics.error(
                    meta.pos, f"'{node.value[:40]}' is not a valid {TAG_NAMES[node.tag]}", "yaml-tag",
                    "remove the tag or fix the value",
                )
                return node.value
        if node.tag == _TIMESTAMP:
            return node.value  # kept as text; the schema flags it as "a date, quote it"
        self.diagnostics.error(
            meta.pos, f"unsupported YAML tag {node.tag!r}", "yaml-tag",
            "remove the tag; author files hold plain data only",
        )
        return node.value

    def mapping(self, node: yaml.MappingNode, meta: Meta) -> YMap:
        result = YMap()
        result.meta = meta
        result.key_pos = {}
        result.value_meta = {}
        path = self.path
        for key_node, value_node in node.value:
            mark = key_node.start_mark
            key_pos = Pos(path, mark.line, mark.column)
            if not isinstance(key_node, yaml.ScalarNode):
                self.diagnostics.error(key_pos, "a key must be plain text", "bad-key")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.diagnostics.error(
                    key_pos, "merge keys ('<<') are not supported", "merge-key",
                    "write the keys out in full",
                )
                continue
            key = key_node.value if key_node.tag != _NULL else None
            self.count += 1 + len(key_node.value) // CHARS_PER_VALUE  # keys are walked too
            if key is not None and (REFUSED.search(key) or INVISIBLE.search(key)):
                self.refuse_control(key, self.meta(key_node), key=True)
            if key in result:
                first = result.key_pos[key]
                self.diagnostics.error(
                    key_pos,
                    f"duplicate key '{key}' (first given at line {first.line + 1})",
                    "duplicate-key",
                    "YAML would silently keep only the last one",
                )
                continue
            result[key], result.value_meta[key] = self.convert_with_meta(value_node)
            result.key_pos[key] = key_pos
        return result
