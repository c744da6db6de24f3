"""The game reads YAML 1.1 and editors YAML 1.2: a plain word the two read differently is
refused by check, so that a file passes the checker exactly when it passes the editor."""

from __future__ import annotations

import math

import pytest
import yaml

from game.core import yaml12
from game.core.yaml12 import Yaml12Loader, reads_differently


@pytest.mark.parametrize(
    ("raw", "tag", "value", "other"),
    [
        ("yes", yaml12.BOOL, True, "text"),
        ("OFF", yaml12.BOOL, False, "text"),
        ("12:30", yaml12.INT, 750, "text"),
        ("0b101", yaml12.INT, 5, "text"),
        ("1_000", yaml12.INT, 1000, "text"),
        ("012", yaml12.INT, 10, "the number 12"),
        ("1e3", yaml12.STR, "1e3", "the number 1000"),
        ("0o12", yaml12.STR, "0o12", "the number 10"),
        # the same in both versions
        ("true", yaml12.BOOL, True, ""),
        ("FALSE", yaml12.BOOL, False, ""),
        ("y", yaml12.STR, "y", ""),  # PyYAML, unlike YAML 1.1's spec, keeps y/n as text
        ("~", yaml12.NULL, None, ""),
        ("0x1F", yaml12.INT, 31, ""),
        ("-.inf", yaml12.FLOAT, -math.inf, ""),
        (".nan", yaml12.FLOAT, math.nan, ""),
        ("1.5", yaml12.FLOAT, 1.5, ""),
        ("The rally", yaml12.STR, "The rally", ""),
    ],
)
def test_the_two_readings_of_a_plain_word(raw: str, tag: str, value: object, other: str) -> None:
    assert reads_differently(raw, tag, value, None) == other
    assert reads_differently(raw, tag, value, '"') == ""  # quoted: text in both


def test_an_explicit_tag_is_read_the_same_in_both() -> None:
    assert reads_differently("yes", yaml12.STR, "yes", None) == ""  # !!str yes


def test_the_editors_loader_reads_yaml_12() -> None:
    data = yaml.load("a: yes\nb: 12:30\nc: 012\nd: 1e3\ne: 1956-10-23\nf: True\ng: ~\n", Loader=Yaml12Loader)
    assert data == {"a": "yes", "b": "12:30", "c": 12, "d": 1000.0, "e": "1956-10-23", "f": True, "g": None}


@pytest.mark.parametrize(("word", "meant"), [("yes", "true"), ("No", "false"), ("ON", "true"), ("off", "false"),
                                             ("y", "true"), ("N", "false")])
def test_yes_no_on_off_where_a_boolean_belongs(make_story, scene, word: str, meant: str) -> None:
    _, diagnostics = make_story(scene("start", f"flashback: {word}", ending=True), strict=False)
    [error] = diagnostics.errors
    assert error.message.endswith(f"'flashback' must be true or false, not {'text' if word in 'yN' else repr(word)}")
    assert error.hint.startswith(f"did you mean {meant}?")
    assert error.pos.path.endswith("chapter.yaml") and error.pos.col == len("    flashback: ")


def test_true_and_false_in_any_of_yaml_12s_spellings_pass(make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", "flashback: True\npause: FALSE", ending=True))
    assert not diagnostics.errors


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ("  hurt: {type: bool, default: yes}\n", ("'yes' is the boolean true to the game", "write true")),
        ("  courage: {type: int, default: 012}\n", ("'012' is the number 10 to the game", "the number 12")),
        ("  courage: {type: int, default: 0b11}\n", ("'0b11' is the number 3 to the game", "text to editors")),
        ("  courage: {type: int, default: 0, max: 1_0}\n", ("'max': '1_0' is the number 10 to the game",)),
    ],
)
def test_variables_read_two_ways_are_refused(make_story, scene, variables: str, words: tuple[str, ...]) -> None:
    _, diagnostics = make_story(scene("start", ending=True), variables=variables, strict=False)
    assert any(all(w in str(d) for w in words) for d in diagnostics.errors), [str(d) for d in diagnostics]


def test_text_that_editors_read_as_a_number_must_be_quoted(make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", ending=True).replace("place: Budapest", "place: 1e3"), strict=False)
    [error] = diagnostics.errors
    assert "'place': '1e3' is text to the game but the number 1000 to editors" in error.message
    assert error.hint == 'put it in quotes: "1e3"'
