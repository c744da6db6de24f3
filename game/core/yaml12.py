"""How editors read a plain scalar: YAML 1.2's core schema, beside the game's YAML 1.1.

The game reads YAML 1.1 (PyYAML); yaml-language-server and check-jsonschema read YAML 1.2.
The two disagree on a handful of plain (unquoted) words: ``yes``/``no``/``on``/``off`` are
booleans only in 1.1, ``12:30`` and ``1_000`` and ``0b101`` are numbers only in 1.1, ``012``
is 10 in 1.1 and 12 in 1.2, ``1e3`` and ``0o12`` are numbers only in 1.2. A value read two
ways would pass one tool and fail the other, so the checker refuses each of them (see
:func:`reads_differently`), and :class:`Yaml12Loader` lets tests see a file as an editor does.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
NULL = "tag:yaml.org,2002:null"

#: YAML 1.2.2's core schema (section 10.3.2), as the npm ``yaml`` library applies it
_CORE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (NULL, re.compile(r"~|null|Null|NULL|")),
    (BOOL, re.compile(r"true|True|TRUE|false|False|FALSE")),
    (INT, re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")),
    (FLOAT, re.compile(
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN"
    )),
)
#: one pass that fails on the first character of almost every word of prose
_ANY_NON_STR = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _CORE))

_resolver = yaml.resolver.Resolver()


def tag_12(raw: str) -> str:
    """The tag YAML 1.2's core schema gives a plain scalar written ``raw``."""
    if not _ANY_NON_STR.fullmatch(raw):
        return STR
    for tag, pattern in _CORE:
        if pattern.fullmatch(raw):
            return tag
    return STR  # pragma: no cover - the combined pattern matched one of them


def value_12(raw: str) -> Any:
    """The value YAML 1.2's core schema gives a plain scalar written ``raw``."""
    tag = tag_12(raw)
    if tag == NULL:
        return None
    if tag == BOOL:
        return raw.lower() == "true"
    if tag == INT:
        if raw.startswith("0o"):
            return int(raw[2:], 8)
        if raw.startswith("0x"):
            return int(raw[2:], 16)
        return int(raw, 10)
    if tag == FLOAT:
        lowered = raw.lower()
        if lowered.endswith(".inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        if lowered == ".nan":
            return math.nan
        return float(raw)
    return raw


def may_differ(raw: str) -> bool:
    """Cheap first test for a plain scalar YAML 1.1 read as text: could 1.2 read it otherwise?"""
    return _ANY_NON_STR.fullmatch(raw) is not None


def reads_differently(raw: str, tag_11: str, value_11: Any, style: str | None) -> str:
    """How YAML 1.2 reads a scalar that YAML 1.1 read as ``tag_11``/``value_11``, when the
    two differ ("text", "the number 12", ...); "" when they agree.

    Quoted and block scalars are text in both; an explicitly tagged one (``!!str yes``)
    is read by its tag in both, so only an implicitly resolved plain scalar can differ.
    """
    if style or tag_11 not in (STR, BOOL, INT, FLOAT, NULL):  # plain: None, or "" from libyaml
        return ""
    if tag_11 == STR and not may_differ(raw):
        return ""
    if _resolver.resolve(yaml.ScalarNode, raw, (True, False)) != tag_11:
        return ""  # an explicit tag decided it, in either version
    tag = tag_12(raw)
    value = value_12(raw)
    if tag == tag_11:
        if tag in (INT, FLOAT) and not _same_number(value, value_11):
            return f"the number {raw if tag == FLOAT and math.isnan(value) else _number(value)}"
        return ""
    return describe(tag, value)


def describe(tag: str, value: Any) -> str:
    """A reading in an author's words."""
    if tag == STR:
        return "text"
    if tag == BOOL:
        return f"the boolean {str(value).lower()}"
    if tag == NULL:
        return "nothing (null)"
    return f"the number {_number(value)}"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e16 else repr(value)
    return repr(value)


def _same_number(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader resolving plain scalars by YAML 1.2's core schema, as editors'
    validators do (check-jsonschema through ruamel.yaml, yaml-language-server through the
    npm ``yaml`` library): no ``yes``/``on`` booleans, no base-60 or ``0b`` numbers, no
    timestamps (dates stay text). For tests and tools; the game itself reads YAML 1.1."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_yaml_int_12(self, node: yaml.ScalarNode) -> int:
        return int(value_12(self.construct_scalar(node)))

    def construct_yaml_float_12(self, node: yaml.ScalarNode) -> float:
        return float(value_12(self.construct_scalar(node)))

    def construct_yaml_bool_12(self, node: yaml.ScalarNode) -> bool:
        return str(self.construct_scalar(node)).lower() == "true"


for _tag, _pattern in _CORE:  # None: tried on every plain scalar, in this order
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern.pattern})$"), None)
Yaml12Loader.add_constructor(INT, Yaml12Loader.construct_yaml_int_12)
Yaml12Loader.add_constructor(FLOAT, Yaml12Loader.construct_yaml_float_12)
Yaml12Loader.add_constructor(BOOL, Yaml12Loader.construct_yaml_bool_12)
