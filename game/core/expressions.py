"""The small language of conditions (``if:``) and effects (``effects:``).

Author text is data, so conditions are never handed to ``eval``: this module tokenises,
parses (recursive descent, in the shape of *Crafting Interpreters*), type-checks and
compiles them into plain Python closures. The allowlist is the whole language:

* literals: whole numbers, ``true``/``false``, "text" or 'text';
* names of variables declared in ``story.yaml``;
* ``not``, ``and``, ``or``; ``==`` ``!=`` ``<`` ``<=`` ``>`` ``>=``; ``+`` ``-``; parentheses
  (no ``*`` or ``**``: with only sums of at most 500 terms, each inside the range of
  :mod:`intrange`, no intermediate result can grow large or slow before the clamp);
* the functions ``visited("scene_id")`` (bool), ``visits("scene_id")`` (number) and
  ``chose("scene_id.choice_id")`` (bool: the player took that choice at least once).

Effects are statements ``name = expr``, ``name += expr``, ``name -= expr``, several
separated by ``;`` or given as a YAML list. There is no attribute access, no indexing,
no calls other than the three above, so a shared scene pack cannot run code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from .intrange import RULE, in_range, out_of_range

MAX_SOURCE_LENGTH = 1000
MAX_DEPTH = 40

#: The value types of the language; variables declare one of them.
TYPES = ("int", "bool", "str")
PYTHON_TYPES: dict[str, type] = {"int": int, "bool": bool, "str": str}

#: ``name(arg)`` functions: the argument is a literal id; the result type.
FUNCTIONS: dict[str, str] = {"visited": "bool", "visits": "int", "chose": "bool"}
#: what each function's argument names, for messages
ARGUMENTS: dict[str, str] = {"visited": "scene_id", "visits": "scene_id", "chose": "scene_id.choice_id"}

KEYWORDS = {"and", "or", "not", "true", "false"}

#: A compiled expression: ``f(variables, visits, chosen)``. ``visits`` counts arrivals
#: per scene id; ``chosen`` counts choices taken per ``"scene_id.choice_id"`` key.
Evaluator = Callable[[Mapping[str, Any], Mapping[str, int], Mapping[str, int]], Any]


class ExpressionError(Exception):
    """A mistake in an expression; ``offset`` is the 0-based column inside it."""

    def __init__(
        self, message: str, offset: int = 0, hint: str = "", undeclared: str = "", rule: str = "expression",
        unknown_scene: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint
        #: the diagnostic's code: "expression", or a rule of its own (a number out of range)
        self.rule = rule
        #: the variable a mistake names but nothing declares: the checker reports each once
        self.undeclared = undeclared
        #: the scene id ``visited()``/``visits()`` names that no scene has: reported once too
        self.unknown_scene = unknown_scene


@dataclass
class Expression:
    """A condition as written, where it was written, and (once checked) its tree and its
    compiled closure. Kept here rather than in the model so reactive text can hold one."""

    source: str
    pos: Any  # diagnostics.Pos
    tree: "Node | None" = None
    evaluate: "Evaluator | None" = None


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<number>[0-9]+)
  | (?P<string>"[^"\n]*"|'[^'\n]*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|\+=|-=|[<>=+\-();])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # number, string, name, op, end
    text: str
    offset: int


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_SOURCE_LENGTH:
        raise ExpressionError(f"expression is longer than {MAX_SOURCE_LENGTH} characters")
    tokens: list[Token] = []
    offset = 0
    while offset < len(source):
        match = _TOKEN_RE.match(source, offset)
        if not match:
            char = source[offset]
            hint = ""
            if char in "&|!":
                hint = "write 'and', 'or', 'not'"
            elif char == ".":
                hint = "attribute access is not part of the language"
            elif char in "[]{}":
                hint = "indexing is not part of the language"
            raise ExpressionError(f"unexpected character {char!r}", offset, hint)
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group(), offset))
        offset = match.end()
    tokens.append(Token("end", "", len(source)))
    return tokens


# --------------------------------------------------------------------------- syntax tree


@dataclass(frozen=True, slots=True)
class Literal:
    value: Any
    offset: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    argument: str
    offset: int
    argument_offset: int


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    operand: "Node"
    offset: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: "Node"
    right: "Node"
    offset: int


Node = Literal | Name | Call | Unary | Binary


@dataclass(frozen=True, slots=True)
class Assignment:
    """One effect: ``target op value`` where op is ``=``, ``+=`` or ``-=``."""

    target: str
    op: str
    value: Node
    offset: int


class _Parser:
    def __init__(self, source: str):
        self.tokens = tokenize(source)
        self.index = 0
        self.depth = 0

    # helpers
    def peek(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def at(self, *texts: str) -> bool:
        token = self.peek()
        return token.kind in ("op", "name") and token.text in texts

    def expect(self, text: str, what: str) -> Token:
        token = self.peek()
        if token.text != text or token.kind not in ("op", "name"):
            raise ExpressionError(f"expected {what}, found {_describe(token)}", token.offset)
        return self.advance()

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("expression is nested too deeply", self.peek().offset)

    # grammar
    def expression(self) -> Node:
        self.nested()
        try:
            return self.disjunction()
        finally:
            self.depth -= 1

    def disjunction(self) -> Node:
        node = self.conjunction()
        while self.at("or"):
            op = self.advance()
            node = Binary("or", node, self.conjunction(), op.offset)
        return node

    def conjunction(self) -> Node:
        node = self.negation()
        while self.at("and"):
            op = self.advance()
            node = Binary("and", node, self.negation(), op.offset)
        return node

    def negation(self) -> Node:
        if self.at("not"):
            op = self.advance()
            self.nested()
            try:
                return Unary("not", self.negation(), op.offset)
            finally:
                self.depth -= 1
        return self.comparison()

    def comparison(self) -> Node:
        node = self.sum()
        if self.at("==", "!=", "<", "<=", ">", ">="):
            op = self.advance()
            node = Binary(op.text, node, self.sum(), op.offset)
            if self.at("==", "!=", "<", "<=", ">", ">="):
                raise ExpressionError(
                    "comparisons cannot be chained", self.peek().offset, "join them with 'and'"
                )
        elif self.at("="):
            raise ExpressionError("'=' assigns; compare with '=='", self.peek().offset)
        return node

    def sum(self) -> Node:
        node = self.unary()
        while self.at("+", "-"):
            op = self.advance()
            node = Binary(op.text, node, self.unary(), op.offset)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            op = self.advance()
            self.nested()
            try:
                return Unary("-", self.unary(), op.offset)
            finally:
                self.depth -= 1
        return self.primary()

    def primary(self) -> Node:
        token = self.advance()
        if token.kind == "number":
            value = int(token.text)  # at most MAX_SOURCE_LENGTH digits: far below Python's limit
            if not in_range(value):
                raise ExpressionError(out_of_range(value), token.offset, "see scenes/README.md, 'Variables'", rule=RULE)
            return Literal(value, token.offset)
        if token.kind == "string":
            return Literal(token.text[1:-1], token.offset)
        if token.kind == "name":
            if token.text == "true":
                return Literal(True, token.offset)
            if token.text == "false":
                return Literal(False, token.offset)
            if token.text in ("and", "or", "not"):
                raise ExpressionError(f"expected a value, found '{token.text}'", token.offset)
            if self.at("("):
                return self.call(token)
            return Name(token.text, token.offset)
        if token.kind == "op" and token.text == "(":
            node = self.expression()
            self.expect(")", "')'")
            return node
        raise ExpressionError(f"expected a value, found {_describe(token)}", token.offset)

    def call(self, name: Token) -> Node:
        if name.text not in FUNCTIONS:
            raise ExpressionError(
                f"unknown function '{name.text}'", name.offset,
                "the functions are " + ", ".join(f"{f}(\"{a}\")" for f, a in ARGUMENTS.items()),
            )
        self.expect("(", "'('")
        argument = self.advance()
        if argument.kind != "string":
            what = "a scene id and a choice id" if name.text == "chose" else "a scene id"
            raise ExpressionError(
                f"{name.text}() takes {what} in quotes", argument.offset,
                f"write {name.text}(\"{ARGUMENTS[name.text]}\")",
            )
        self.expect(")", "')'")
        return Call(name.text, argument.text[1:-1], name.offset, argument.offset + 1)

    def finish(self) -> None:
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {_describe(token)}", token.offset)


def _describe(token: Token) -> str:
    return "the end of the expression" if token.kind == "end" else f"'{token.text}'"


@lru_cache(maxsize=4096)
def parse_condition(source: str) -> Node:
    """Parse a condition; raises :class:`ExpressionError` with the column of the mistake.

    Cached: stories repeat the same conditions many times, and trees are immutable."""
    if not source.strip():
        raise ExpressionError("empty condition")
    parser = _Parser(source)
    node = parser.expression()
    parser.finish()
    return node


def parse_effects(source: str) -> list[Assignment]:
    """Parse ``a = 1; b += 2``: one or more assignments separated by ``;``."""
    return list(_parse_effects(source))


@lru_cache(maxsize=4096)
def _parse_effects(source: str) -> tuple[Assignment, ...]:
    parser = _Parser(source)
    statements: list[Assignment] = []
    while True:
        if parser.peek().kind == "end":
            break
        target = parser.advance()
        if target.kind != "name" or target.text in KEYWORDS:
            raise ExpressionError(
                f"an effect starts with a variable name, found {_describe(target)}", target.offset,
                "write for example: courage += 1",
            )
        if not parser.at("=", "+=", "-="):
            raise ExpressionError(
                f"expected '=', '+=' or '-=' after '{target.text}', found {_describe(parser.peek())}",
                parser.peek().offset,
            )
        op = parser.advance()
        value = parser.expression()
        statements.append(Assignment(target.text, op.text, value, target.offset))
        if parser.at(";"):
            parser.advance()
            continue
        parser.finish()
        break
    if not statements:
        raise ExpressionError("empty effect")
    return tuple(statements)


# --------------------------------------------------------------------------- types


@dataclass(frozen=True)
class TypeEnvironment:
    """What a name or a scene id may be: the story's declared variables and scenes."""

    variables: Mapping[str, str]
    scenes: frozenset[str] | set[str] | Mapping[str, Any]
    #: the ids a condition may name in ``chose("scene.choice")``: scene id -> choice ids
    #: given by the author (positional defaults are not stable enough to remember)
    choices: Mapping[str, Iterable[str]] = field(default_factory=dict)
    #: per-tree results of the validator (types, closures), keyed by the tree's identity
    memo: dict[Any, tuple[Any, Any]] = field(default_factory=dict, compare=False, repr=False)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """:func:`diagnostics.did_you_mean`, imported only when a mistake needs it (a local
    import in the checks below ran once per node of every expression of a story)."""
    from .diagnostics import did_you_mean as suggest  # local: keeps this module free of cycles

    return suggest(word, candidates)


def check_type(node: Node, env: TypeEnvironment) -> str:
    """Return the type of ``node`` or raise :class:`ExpressionError` on a mistake."""
    if isinstance(node, Literal):
        return {bool: "bool", int: "int", str: "str"}[type(node.value)]
    if isinstance(node, Name):
        if node.name not in env.variables:
            raise ExpressionError(
                f"undeclared variable '{node.name}'", node.offset,
                did_you_mean(node.name, env.variables) or "declare it under variables: in story.yaml",
                node.name,
            )
        return env.variables[node.name]
    if isinstance(node, Call) and node.function == "chose":
        _check_choice_reference(node, env)
        return "bool"
    if isinstance(node, Call):
        if node.argument not in env.scenes:
            raise ExpressionError(
                f"{node.function}() names unknown scene '{node.argument}'", node.argument_offset,
                did_you_mean(node.argument, env.scenes), unknown_scene=node.argument,
            )
        return FUNCTIONS[node.function]
    if isinstance(node, Unary):
        operand = check_type(node.operand, env)
        wanted = "bool" if node.op == "not" else "int"
        if operand != wanted:
            raise ExpressionError(
                f"'{node.op}' needs {_a(wanted)}, but its operand is {_a(operand)}", node.offset
            )
        return wanted
    left, right = check_type(node.left, env), check_type(node.right, env)
    if node.op in ("and", "or"):
        for side, kind in (("left", left), ("right", right)):
            if kind != "bool":
                raise ExpressionError(
                    f"'{node.op}' needs true/false on both sides; the {side} side is {_a(kind)}",
                    node.offset,
                )
        return "bool"
    if node.op in ("==", "!="):
        if left != right:
            raise ExpressionError(
                f"cannot compare {_a(left)} with {_a(right)} using '{node.op}'", node.offset
            )
        return "bool"
    if left != "int" or right != "int":
        raise ExpressionError(
            f"'{node.op}' needs numbers on both sides, not {_a(left)} and {_a(right)}", node.offset
        )
    return "bool" if node.op in ("<", "<=", ">", ">=") else "int"


def _check_choice_reference(node: Call, env: TypeEnvironment) -> None:
    scene_id, dot, choice_id = node.argument.partition(".")
    if not dot or not scene_id or not choice_id:
        raise ExpressionError(
            f"chose() names a choice as \"scene_id.choice_id\", not '{node.argument}'", node.argument_offset,
        )
    if scene_id not in env.scenes:
        raise ExpressionError(
            f"chose() names unknown scene '{scene_id}'", node.argument_offset, did_you_mean(scene_id, env.scenes),
        )
    known = list(env.choices.get(scene_id, ()))
    if choice_id not in known:
        hint = did_you_mean(choice_id, known) or (
            f"give the choice 'id: {choice_id}' in scene '{scene_id}'" if not known
            else "its choices with ids: " + ", ".join(known)
        )
        raise ExpressionError(
            f"scene '{scene_id}' has no choice with id '{choice_id}'",
            node.argument_offset + len(scene_id) + 1, hint,
        )


def check_effect_types(statements: Iterable[Assignment], env: TypeEnvironment) -> None:
    for statement in statements:
        if statement.target not in env.variables:
            raise ExpressionError(
                f"undeclared variable '{statement.target}'", statement.offset,
                did_you_mean(statement.target, env.variables) or "declare it under variables: in story.yaml",
                statement.target,
            )
        target = env.variables[statement.target]
        value = check_type(statement.value, env)
        if statement.op in ("+=", "-=") and target != "int":
            raise ExpressionError(
                f"'{statement.op}' needs a number variable; '{statement.target}' is {_a(target)}",
                statement.offset,
            )
        if value != target:
            raise ExpressionError(
                f"cannot assign {_a(value)} to '{statement.target}', which is {_a(target)}",
                statement.offset,
            )


def _a(kind: str) -> str:
    return {"int": "a number", "bool": "true/false", "str": "text"}[kind]


# --------------------------------------------------------------------------- compile


def compile_node(node: Node) -> Evaluator:
    """Turn a checked tree into a closure ``f(variables, visits, chosen)``: no eval, no exec.

    Not cached by tree: ``Literal(1) == Literal(True)`` in Python, so a cache keyed on
    trees would hand a number's closure to a boolean (the validator caches by identity)."""
    if isinstance(node, Literal):
        value = node.value
        return lambda variables, visits, chosen: value
    if isinstance(node, Name):
        name = node.name
        return lambda variables, visits, chosen: variables[name]
    if isinstance(node, Call):
        key = node.argument
        if node.function == "chose":
            return lambda variables, visits, chosen: chosen.get(key, 0) > 0
        if node.function == "visited":
            return lambda variables, visits, chosen: visits.get(key, 0) > 0
        return lambda variables, visits, chosen: visits.get(key, 0)
    if isinstance(node, Unary):
        operand = compile_node(node.operand)
        if node.op == "not":
            return lambda variables, visits, chosen: not operand(variables, visits, chosen)
        return lambda variables, visits, chosen: -operand(variables, visits, chosen)
    left, right = compile_node(node.left), compile_node(node.right)
    op = node.op
    if op == "and":
        return lambda v, s, c: left(v, s, c) and right(v, s, c)
    if op == "or":
        return lambda v, s, c: left(v, s, c) or right(v, s, c)
    if op == "==":
        return lambda v, s, c: left(v, s, c) == right(v, s, c)
    if op == "!=":
        return lambda v, s, c: left(v, s, c) != right(v, s, c)
    if op == "<":
        return lambda v, s, c: left(v, s, c) < right(v, s, c)
    if op == "<=":
        return lambda v, s, c: left(v, s, c) <= right(v, s, c)
    if op == ">":
        return lambda v, s, c: left(v, s, c) > right(v, s, c)
    if op == ">=":
        return lambda v, s, c: left(v, s, c) >= right(v, s, c)
    if op == "+":
        return lambda v, s, c: left(v, s, c) + right(v, s, c)
    if op == "-":
        return lambda v, s, c: left(v, s, c) - right(v, s, c)
    raise AssertionError(f"unknown operator {op}")  # pragma: no cover


def names_in(node: Node) -> set[str]:
    """Every variable a tree reads (used to sample the states a guard can see)."""
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return names_in(node.operand)
    if isinstance(node, Binary):
        return names_in(node.left) | names_in(node.right)
    return set()


def calls_in(node: Node) -> set[tuple[str, str]]:
    if isinstance(node, Call):
        return {(node.function, node.argument)}
    if isinstance(node, Unary):
        return calls_in(node.operand)
    if isinstance(node, Binary):
        return calls_in(node.left) | calls_in(node.right)
    return set()


def literals_in(node: Node) -> list[Any]:
    if isinstance(node, Literal):
        return [node.value]
    if isinstance(node, Unary):
        return literals_in(node.operand)
    if isinstance(node, Binary):
        return literals_in(node.left) + literals_in(node.right)
    return []
