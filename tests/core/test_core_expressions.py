"""The condition/effect language: parsing, precedence, types, evaluation, effects, fuzzing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core.expressions import (
    MAX_DEPTH, MAX_SOURCE_LENGTH, Binary, ExpressionError, Literal, Name, TypeEnvironment,
    check_effect_types, check_type, compile_node, parse_condition, parse_effects,
)

ENV = TypeEnvironment({"courage": "int", "trust": "int", "hurt": "bool", "name": "str"}, {"square", "home"})
VALUES = {"courage": 2, "trust": -1, "hurt": False, "name": "Zsofi"}


def clear_compile_cache() -> None:
    """Forget compiled closures (compile_node may be memoised; see the xfail tests below)."""
    getattr(compile_node, "cache_clear", lambda: None)()


def fresh_compile(tree):
    """Compile without meeting closures cached from other trees: the cache's mixing of
    1/true and 0/false is tested on its own (strict xfail), not in every property test."""
    clear_compile_cache()
    return compile_node(tree)


def evaluate(source: str, variables: dict[str, Any] | None = None, visits: dict[str, int] | None = None) -> Any:
    tree = parse_condition(source)
    check_type(tree, ENV)
    return fresh_compile(tree)(variables if variables is not None else VALUES, visits or {}, {})


def error_of(source: str, effects: bool = False) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        if effects:
            check_effect_types(parse_effects(source), ENV)
        else:
            check_type(parse_condition(source), ENV)
    return caught.value


# --------------------------------------------------------------------------- precedence


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("true or true and false", True),  # and binds tighter than or
        ("(true or true) and false", False),
        ("not true or true", True),  # not binds tighter than or
        ("not (true or true)", False),
        ("not false and false", False),  # (not false) and false
        ("not 1 > 2", True),  # not binds looser than a comparison
        ("1 + 2 == 3", True),  # arithmetic before comparison
        ("1 - 2 - 3 == -4", True),  # left-associative
        ("1 - (2 - 3) == 2", True),
        ("-2 + 3 == 1", True),  # unary minus binds tightest
        ("- - 2 == 2", True),
        ("-(2 + 3) == -5", True),
        ("courage + trust == 1", True),
        ("courage >= 2 and not hurt", True),
        ("name == \"Zsofi\" and name != 'Anna'", True),
        ("hurt == false", True),
        ("courage > 2 or trust < 0", True),
        ("courage <= 1", False),
        ("((((courage))))== 2", True),
    ],
)
def test_precedence_and_evaluation(source: str, expected: bool) -> None:
    assert evaluate(source) is expected


def test_parse_tree_shape() -> None:
    tree = parse_condition("a or b and c")
    assert isinstance(tree, Binary) and tree.op == "or"
    assert isinstance(tree.right, Binary) and tree.right.op == "and"
    assert tree.right.offset == 7
    assert parse_condition("x") == Name("x", 0)
    assert parse_condition(" 7") == Literal(7, 1)


def test_visited_and_visits() -> None:
    visits = {"square": 3}
    assert evaluate('visited("square")', visits=visits) is True
    assert evaluate('visited("home")', visits=visits) is False
    assert evaluate('visits("square") == 3', visits=visits) is True
    assert evaluate('visits("home") + 1 == 1', visits=visits) is True
    assert evaluate('visits("square") > 2 and not visited("home")', visits=visits) is True


def test_integer_results() -> None:
    tree = parse_condition("courage + 3 - trust")
    assert check_type(tree, ENV) == "int"
    assert fresh_compile(tree)(VALUES, {}, {}) == 6


# --------------------------------------------------------------------------- errors, with columns


@pytest.mark.parametrize(
    ("source", "offset", "words"),
    [
        ("courage >", 9, "expected a value, found the end of the expression"),
        ("courage >> 1", 9, "expected a value, found '>'"),
        ("1 < 2 < 3", 6, "comparisons cannot be chained"),
        ("courage = 1", 8, "'=' assigns; compare with '=='"),
        ("hurt && true", 5, "unexpected character '&'"),
        ("name.upper", 4, "unexpected character '.'"),
        ("name[0]", 4, "unexpected character '['"),
        ("(courage > 1", 12, "expected ')'"),
        ("courage > 1)", 11, "unexpected ')'"),
        ("open(\"x\")", 0, "unknown function 'open'"),
        ("visited(square)", 8, "visited() takes a scene id in quotes"),
        ("and", 0, "expected a value, found 'and'"),
        ("", 0, "empty condition"),
        ("   ", 0, "empty condition"),
        ("corage > 1", 0, "undeclared variable 'corage'"),
        ("courage and true", 8, "'and' needs true/false on both sides; the left side is a number"),
        ("true or 1", 5, "'or' needs true/false on both sides; the right side is a number"),
        ("name == 3", 5, "cannot compare text with a number using '=='"),
        ("hurt < true", 5, "'<' needs numbers on both sides, not true/false and true/false"),
        ("not courage", 0, "'not' needs true/false, but its operand is a number"),
        ("-hurt", 0, "'-' needs a number, but its operand is true/false"),
        ("name + 1 > 0", 5, "'+' needs numbers on both sides"),
        ('visited("sqare")', 9, "visited() names unknown scene 'sqare'"),
    ],
)
def test_condition_errors_have_columns(source: str, offset: int, words: str) -> None:
    error = error_of(source)
    assert words in error.message
    assert error.offset == offset


def test_hints() -> None:
    assert error_of("hurt || true").hint == "write 'and', 'or', 'not'"
    assert error_of("corage > 1").hint == "did you mean 'courage'?"
    assert error_of("nothing_like_it > 1").hint == "declare it under variables: in story.yaml"
    assert error_of('visited("sqare")').hint == "did you mean 'square'?"
    assert error_of("1 < 2 < 3").hint == "join them with 'and'"


def test_limits() -> None:
    assert "longer than" in error_of("1" * (MAX_SOURCE_LENGTH + 1)).message
    deep = "(" * (MAX_DEPTH + 1) + "1" + ")" * (MAX_DEPTH + 1)
    assert "nested too deeply" in error_of(deep + " > 0").message
    assert "nested too deeply" in error_of("not " * (MAX_DEPTH + 1) + "true").message
    assert "nested too deeply" in error_of("-" * (MAX_DEPTH + 1) + "1 > 0").message
    # a long but flat expression is fine
    assert evaluate(" + ".join(["1"] * 200) + " == 200") is True


# --------------------------------------------------------------------------- effects


def test_effects_parse() -> None:
    statements = parse_effects("courage += 1; hurt = true ;name = 'x'")
    assert [(s.target, s.op, s.offset) for s in statements] == [("courage", "+=", 0), ("hurt", "=", 14), ("name", "=", 27)]
    check_effect_types(statements, ENV)
    assert len(parse_effects("courage -= 1;")) == 1  # a trailing ';' is fine


@pytest.mark.parametrize(
    ("source", "offset", "words"),
    [
        ("", 0, "empty effect"),
        ("courage", 7, "expected '=', '+=' or '-=' after 'courage'"),
        ("1 = courage", 0, "an effect starts with a variable name"),
        ("true = 1", 0, "an effect starts with a variable name"),
        ("courage == 1", 8, "expected '=', '+=' or '-='"),
        ("courage += 1 hurt = true", 13, "unexpected 'hurt'"),
        ("corage += 1", 0, "undeclared variable 'corage'"),
        ("hurt += 1", 0, "'+=' needs a number variable; 'hurt' is true/false"),
        ("courage = \"brave\"", 0, "cannot assign text to 'courage', which is a number"),
        ("hurt = true; name = 3", 13, "cannot assign a number to 'name', which is text"),
    ],
)
def test_effect_errors(source: str, offset: int, words: str) -> None:
    error = error_of(source, effects=True)
    assert words in error.message
    assert error.offset == offset


def test_parse_effects_returns_a_fresh_list() -> None:
    first = parse_effects("courage += 1")
    first.append("junk")  # type: ignore[arg-type]
    assert len(parse_effects("courage += 1")) == 1


# --------------------------------------------------------------------------- effects through a story


def _entry(playable, scene, effects: str, variables: str | None = None):
    from game.core.story import Story

    kwargs = {"variables": variables} if variables else {}
    data = playable(scene("start", effects + "\nchoices:\n  - {text: go, goto: end}")
                    + scene("end", ending=True, date="1956-10-23 09:00"), **kwargs)
    return Story(data)


def test_effects_apply_in_order(playable, scene) -> None:
    story = _entry(playable, scene, "effects: [courage += 1, hurt = courage >= 1]")
    assert dict(story.variables)["hurt"] is True
    story = _entry(playable, scene, "effects: [hurt = courage >= 1, courage += 1]")
    assert dict(story.variables)["hurt"] is False and story.variables["courage"] == 1
    story = _entry(playable, scene, "effects: courage += 2; courage -= 1; name = 'Anna'")
    assert story.variables["courage"] == 1 and story.variables["name"] == "Anna"


def test_numbers_are_clamped_at_every_step(playable, scene) -> None:
    # max is 3: "= 5" stops at 3, then "-= 1" gives 2 (not 4)
    story = _entry(playable, scene, "effects: courage = 5; courage -= 1")
    assert story.variables["courage"] == 2
    story = _entry(playable, scene, "effects: courage -= 10")
    assert story.variables["courage"] == 0
    story = _entry(playable, scene, "effects: courage = 0 - 7 + 20")
    assert story.variables["courage"] == 3


def test_unbounded_numbers_are_not_clamped(playable, scene) -> None:
    story = _entry(playable, scene, "effects: level = 0 - 40", variables="  level: {type: int, default: 0}\n")
    assert story.variables["level"] == -40


def test_effects_read_visits(playable, scene) -> None:
    story = _entry(playable, scene, 'effects: courage = visits("start") + 1')
    assert story.variables["courage"] == 2  # the start scene counts as visited once


# --------------------------------------------------------------------------- bugs


def test_compiled_true_is_a_boolean_even_after_compiling_one() -> None:
    clear_compile_cache()
    assert compile_node(Literal(1, 987))({}, {}, {}) == 1
    assert compile_node(Literal(True, 987))({}, {}, {}) is True


def test_bool_effect_after_int_effect_at_same_column(playable, scene) -> None:
    import json

    from game.core.story import Story

    data = playable(
        scene("start", "effects: count_variable_abc = 1\nchoices:\n  - {text: go, goto: end, effects: flags_variable_abc = true}")
        + scene("end", ending=True, date="1956-10-23 09:00"),
        variables="  count_variable_abc: {type: int, default: 0}\n  flags_variable_abc: {type: bool, default: false}\n",
    )
    clear_compile_cache()
    story = Story(data)  # compiles "count_variable_abc = 1" (a 1 at column 21) first...
    story.choose(0)  # ...then "flags_variable_abc = true" (a true at column 21)
    assert story.variables["flags_variable_abc"] is True
    Story.from_save(data, json.loads(json.dumps(story.to_save())))


# --------------------------------------------------------------------------- fuzzing

CHARS = st.sampled_from(
    list("abcnotruefls_()<>=!+-;\"' 0123456789&|.[]") + ["and", "or", "not", "true", "false", "courage", "hurt",
                                                       "name", "visited", "visits", "(\"square\")", "==", "+="]
)
EXPRESSIONISH = st.lists(CHARS, max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=60), EXPRESSIONISH)


@given(ANY_TEXT)
def test_random_conditions_raise_only_expression_errors(source: str) -> None:
    try:
        tree = parse_condition(source)
        kind = check_type(tree, ENV)
    except ExpressionError as error:
        assert isinstance(error.offset, int) and 0 <= error.offset <= len(source)
        assert error.message
        return
    result = fresh_compile(tree)(VALUES, {"square": 2}, {})
    assert type(result) is {"int": int, "bool": bool, "str": str}[kind]


@given(ANY_TEXT)
def test_random_effects_raise_only_expression_errors(source: str) -> None:
    try:
        statements = parse_effects(source)
        check_effect_types(statements, ENV)
    except ExpressionError as error:
        assert 0 <= error.offset <= len(source)
        return
    assert statements


# A typed expression generator with a reference evaluator: the parser must honour
# precedence exactly, with the fewest parentheses and with every parenthesis.

LEVEL = {"or": 1, "and": 2, "not": 3, "cmp": 4, "sum": 5, "neg": 6, "atom": 7}


@dataclass(frozen=True)
class Expr:
    text_min: str  # with only the parentheses precedence needs
    text_full: str  # with parentheses around every operation
    value: Any
    level: int


def _wrap(expr: Expr, need: int) -> str:
    return expr.text_min if expr.level >= need else f"({expr.text_min})"


def _atoms(kind: str):
    if kind == "int":
        return st.one_of(
            st.integers(0, 20).map(lambda n: Expr(str(n), str(n), n, 7)),
            st.sampled_from(["courage", "trust"]).map(lambda v: Expr(v, v, VALUES[v], 7)),
            st.just(Expr('visits("square")', 'visits("square")', 2, 7)),
        )
    if kind == "bool":
        return st.one_of(
            st.booleans().map(lambda b: Expr(str(b).lower(), str(b).lower(), b, 7)),
            st.just(Expr("hurt", "hurt", False, 7)),
            st.sampled_from(["square", "home"]).map(
                lambda s: Expr(f'visited("{s}")', f'visited("{s}")', s == "square", 7)
            ),
        )
    return st.one_of(
        st.sampled_from(["Zsofi", "Anna", ""]).map(lambda s: Expr(f'"{s}"', f'"{s}"', s, 7)),
        st.just(Expr("name", "name", "Zsofi", 7)),
    )


def typed(kind: str, depth: int = 3):
    if depth == 0:
        return _atoms(kind)
    sub = lambda k: typed(k, depth - 1)  # noqa: E731
    if kind == "int":
        return st.one_of(
            _atoms(kind),
            st.tuples(sub("int"), st.sampled_from(["+", "-"]), sub("int")).map(
                lambda t: Expr(
                    f"{_wrap(t[0], 5)} {t[1]} {_wrap(t[2], 6)}", f"({t[0].text_full} {t[1]} {t[2].text_full})",
                    t[0].value + t[2].value if t[1] == "+" else t[0].value - t[2].value, 5,
                )
            ),
            sub("int").map(lambda e: Expr(f"-{_wrap(e, 6)}", f"(-{e.text_full})", -e.value, 6)),
        )
    if kind == "bool":
        ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
               ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
        comparison = st.tuples(sub("int"), st.sampled_from(sorted(ops)), sub("int")).map(
            lambda t: Expr(f"{_wrap(t[0], 5)} {t[1]} {_wrap(t[2], 5)}", f"({t[0].text_full} {t[1]} {t[2].text_full})",
                           ops[t[1]](t[0].value, t[2].value), 4)
        )
        equality = st.tuples(st.sampled_from(["bool", "str"]), st.sampled_from(["==", "!="])).flatmap(
            lambda t: st.tuples(sub(t[0]), st.just(t[1]), sub(t[0]))
        ).map(
            lambda t: Expr(f"{_wrap(t[0], 5)} {t[1]} {_wrap(t[2], 5)}", f"({t[0].text_full} {t[1]} {t[2].text_full})",
                           (t[0].value == t[2].value) if t[1] == "==" else (t[0].value != t[2].value), 4)
        )
        logic = st.tuples(sub("bool"), st.sampled_from(["and", "or"]), sub("bool")).map(
            lambda t: Expr(
                f"{_wrap(t[0], LEVEL[t[1]])} {t[1]} {_wrap(t[2], LEVEL[t[1]] + 1)}",
                f"({t[0].text_full} {t[1]} {t[2].text_full})",
                (t[0].value and t[2].value) if t[1] == "and" else (t[0].value or t[2].value), LEVEL[t[1]],
            )
        )
        negation = sub("bool").map(lambda e: Expr(f"not {_wrap(e, 3)}", f"(not {e.text_full})", not e.value, 3))
        return st.one_of(_atoms(kind), comparison, equality, logic, negation)
    return _atoms(kind)


@settings(max_examples=100)
@given(st.sampled_from(["int", "bool", "str"]).flatmap(lambda k: st.tuples(st.just(k), typed(k))))
def test_parser_agrees_with_a_reference_evaluator(case) -> None:
    kind, expr = case
    for text in (expr.text_min, expr.text_full):
        tree = parse_condition(text)
        assert check_type(tree, ENV) == kind, text
        result = fresh_compile(tree)(VALUES, {"square": 2}, {})
        assert result == expr.value and type(result) is type(expr.value), text
