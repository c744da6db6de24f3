"""The safe YAML reader: positions, YAML 1.1 traps, and robustness against any input."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.core.diagnostics import Diagnostics
from game.core.yamlread import MAX_NODES, YList, YMap, read_yaml_bytes


def read(text: str | bytes):
    diagnostics = Diagnostics()
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = read_yaml_bytes(data, "t.yaml", diagnostics)
    return result, diagnostics


def test_positions_of_keys_values_and_items() -> None:
    (data, meta), diagnostics = read("a: 1\nb:\n  - x\n  - 'y'\n")
    assert not diagnostics.items
    assert isinstance(data, YMap) and isinstance(data["b"], YList)
    assert (data.key_pos["b"].line, data.key_pos["b"].col) == (1, 0)
    assert (data.pos_of("a").line, data.pos_of("a").col) == (0, 3)
    assert (data["b"].pos_of(1).line, data["b"].pos_of(1).col) == (3, 4)
    assert data["b"] == ["x", "y"]
    assert str(data.pos_of("a")) == "t.yaml:1:4"  # shown 1-based
    assert data.pos_of("a").short == "t.yaml:1"
    assert meta.pos.line == 0


def test_yaml_11_scalars_remember_how_they_were_read() -> None:
    (data, _), _ = read("a: no\nb: 12:30\nc: 1956-10-23\nd: '12:30'\ne: ~\n")
    assert data["a"] is False and data.value_meta["a"].kind == "a boolean"
    assert data["b"] == 750 and data.value_meta["b"].raw == "12:30"
    assert data["c"] == "1956-10-23" and data.value_meta["c"].kind == "a date"  # kept as text
    assert data["d"] == "12:30" and data.value_meta["d"].kind == "text"
    assert data["e"] is None


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    result, diagnostics = read("a: 1\nb: 2\na: 3\n")
    data, _ = result
    assert data["a"] == 1  # the first one is kept, the second reported
    [error] = diagnostics.errors
    assert (error.pos.line, error.pos.col) == (2, 0)
    assert error.message == "duplicate key 'a' (first given at line 1)"


def test_merge_keys_are_refused() -> None:
    _, diagnostics = read("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")
    assert [d.code for d in diagnostics.errors] == ["merge-key"]
    assert diagnostics.errors[0].pos.line == 2


def test_unknown_scalar_tags_are_errors_and_build_nothing() -> None:
    (data, _), diagnostics = read("a: !!binary aGVsbG8=\nb: !custom text\n")
    assert data == {"a": "aGVsbG8=", "b": "text"}
    assert [d.code for d in diagnostics.errors] == ["yaml-tag", "yaml-tag"]


def test_python_tags_never_run_code() -> None:
    result, diagnostics = read("a: !!python/object/apply:os.system ['echo hacked']\n")
    # whatever is reported, nothing was constructed: only plain data comes back
    if result is not None:
        data, _ = result
        assert isinstance(data["a"], (list, str, dict))


def test_alias_bomb_stops_early() -> None:
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        text += f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    result, diagnostics = read(text)
    assert result is None
    [error] = diagnostics.errors
    assert error.code == "alias-bomb"
    assert f"{MAX_NODES:,}" in error.message


def test_small_aliases_are_fine() -> None:
    (data, _), diagnostics = read("a: &x [1, 2]\nb: *x\n")
    assert not diagnostics.items
    assert data["b"] == [1, 2]


def test_syntax_error_position() -> None:
    result, diagnostics = read("a: 1\nb: [1, 2\n")
    assert result is None
    [error] = diagnostics.errors
    assert error.code == "yaml-syntax" and error.message.startswith("YAML syntax error:")


def test_two_documents_are_an_error() -> None:
    result, diagnostics = read("a: 1\n---\nb: 2\n")
    assert result is None and diagnostics.errors[0].code == "yaml-syntax"


def test_not_utf8_position() -> None:
    result, diagnostics = read(b"a: 1\nbb: \xff\n")
    assert result is None
    [error] = diagnostics.errors
    assert (error.pos.line, error.pos.col) == (1, 4)
    assert error.message == "file is not UTF-8 (byte 0xff)"


def test_byte_order_mark_is_accepted() -> None:
    (data, _), diagnostics = read("\ufeffa: 1\n")
    assert data == {"a": 1} and not diagnostics.items


def test_non_text_keys() -> None:
    (data, _), diagnostics = read("? [a, b]\n: 1\nc: 2\n")
    assert data == {"c": 2}
    assert [d.code for d in diagnostics.errors] == ["bad-key"]


# --------------------------------------------------------------------------- bugs


def _check_no_crash(text: str) -> None:
    try:
        result, diagnostics = read(text)
    except Exception as error:  # noqa: BLE001 - the point is that nothing escapes
        raise AssertionError(f"read_yaml_bytes raised {type(error).__name__}: {error}") from error
    assert diagnostics.has_errors


# The reader promises to return diagnostics and never raise; these inputs make it raise.


@pytest.mark.parametrize("text", ["a: !!int abc\n", "a: !!float abc\n", "a: !!bool maybe\n"])
def test_explicit_tags_with_bad_values_do_not_crash(text: str) -> None:
    _check_no_crash(text)


def test_huge_integer_does_not_crash() -> None:
    _check_no_crash("a: 1" + "0" * 5000 + "\n")


@pytest.mark.parametrize("text", ["a: !custom {b: 1}\n", "a: !!python/object:os.system {}\n", "a: !custom [1]\n"])
def test_tags_on_collections_are_errors(text: str) -> None:
    _, diagnostics = read(text)
    assert [d.code for d in diagnostics.errors] == ["yaml-tag"]


# --------------------------------------------------------------------------- fuzzing


def _assert_well_formed(result, diagnostics: Diagnostics) -> None:
    if result is None:
        assert diagnostics.has_errors, "a refused document must say why"
    for diagnostic in diagnostics:
        assert diagnostic.pos.path == "t.yaml"
        assert diagnostic.pos.line >= 0 and diagnostic.pos.col >= 0
        assert diagnostic.message


@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    diagnostics = Diagnostics()
    result = read_yaml_bytes(data, "t.yaml", diagnostics)
    _assert_well_formed(result, diagnostics)


YAMLISH = st.lists(
    st.sampled_from(
        list("abcxyz019 :-_,[]{}&*!|>'\"#?%@`~\n\t.")
        + ["no", "12:30", "1956-10-23", "é", "\u00a0", "\n  ", "- ", ": ", "&a ", "*a", "!!str ", "<<: "]
    ),
    max_size=80,
).map("".join)


@given(st.one_of(st.text(max_size=200), YAMLISH))
def test_random_text_never_raises(text: str) -> None:
    diagnostics = Diagnostics()
    result = read_yaml_bytes(text.encode("utf-8", "surrogatepass"), "t.yaml", diagnostics)
    _assert_well_formed(result, diagnostics)


#: text an author may write: control characters other than newline and tab are refused
#: (issue 12), so a round trip of them would rightly fail
_PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t"), max_size=20)

PLAIN = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
        _PRINTABLE, st.sampled_from(["no", "yes", "on", "12:30", "1956-10-23", "~", "<<"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(_PRINTABLE, st.integers(0, 9), st.booleans()), children, max_size=5),
    ),
    max_leaves=30,
)


@given(PLAIN, st.sampled_from([True, False]))
def test_random_structures_round_trip(value, flow: bool) -> None:
    """Whatever PyYAML's safe dumper writes, the reader reads back the same data."""
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    diagnostics = Diagnostics()
    result = read_yaml_bytes(text.encode("utf-8"), "t.yaml", diagnostics)
    _assert_well_formed(result, diagnostics)
    assert result is not None
    data, _ = result
    if not diagnostics.has_errors:
        assert plain_keys(data) == plain_keys(yaml.safe_load(text))


def plain_keys(value):
    """Normalise mapping keys to text the way the reader keeps them (as written)."""
    if isinstance(value, dict):
        return {_key_text(k): plain_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_keys(v) for v in value]
    return value


def _key_text(key) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
