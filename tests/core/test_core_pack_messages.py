"""Issue 12, honest messages: one mistake is one error at the place it was made, and a
file that exists is never called "not found".

Each hostile pack is written here into ``tmp_path`` with its own small source text, so
the tests depend on no fixture folder. Positions are checked against the generated
file's lines (1-based, as ``check`` prints them).
"""

from __future__ import annotations

from pathlib import Path

from hostile_pack import HEADER, at, chain, errors, scene_yaml, write_pack


def test_an_undeclared_variable_used_nineteen_times_is_one_error(tmp_path: Path) -> None:
    """Printed, tested and changed in each of 19 scenes: one error, at the first use."""
    chapter = HEADER
    for i in range(19):
        chapter += scene_yaml(f"s{i}", goto=f"s{i + 1}", text="Hello {braveness}.").replace(
            f"        goto: s{i + 1}\n", f"        goto: s{i + 1}\n        if: braveness > 1\n        effects: braveness += 1\n"
        )
    chapter += scene_yaml("s19", ending=True)
    (error,) = errors(write_pack(tmp_path, chapter))
    assert error.code == "undeclared-variable"
    assert at(error) == (8, 19)  # s0's text, at the brace's name
    assert error.message == "text prints undeclared variable 'braveness' (and 56 more: lines 15, 16, 21, ...)"


def test_an_unknown_source_cited_by_every_scene_is_one_error(tmp_path: Path) -> None:
    (error,) = errors(write_pack(tmp_path, chain(19, cites="bbx")))
    assert error.code == "unknown-source"
    assert at(error) == (11, 16)
    assert error.message == "citation of unknown source 'bbx' (and 18 more: lines 22, 33, 44, ...)"
    assert error.hint == "did you mean 'bbc'?"


def test_a_quote_missing_from_its_source_everywhere_is_one_error(tmp_path: Path) -> None:
    (error,) = errors(write_pack(tmp_path, chain(3, quote="The uprising ended as a rally")))
    assert error.code == "quote-not-found"
    assert at(error) == (11, 16)
    assert error.message.endswith("(and 2 more: lines 22, 33)")


def test_a_bad_scene_id_that_every_goto_names_is_one_error(tmp_path: Path) -> None:
    chapter = HEADER + scene_yaml('"bad id"', ending=True) + "".join(
        scene_yaml(f"s{i}", goto='"bad id"').replace("goto: \"bad id\"", "goto: \"bad id\"\n      - text: Onward\n"
                                                      f"        goto: s{i + 1}") for i in range(19)
    ) + scene_yaml("s19", ending=True)
    (error,) = errors(write_pack(tmp_path, chapter))
    assert error.code == "pattern"
    assert at(error) == (4, 9)
    assert error.message == "scene 'bad id': 'id': 'bad id' is not valid (and 19 more: lines 23, 36, 49, ...)"


def test_a_misspelt_goto_repeated_is_one_error(tmp_path: Path) -> None:
    chapter = HEADER + "".join(
        scene_yaml(f"s{i}", goto="radio_sige").replace("goto: radio_sige", f"goto: radio_sige\n      - text: Onward\n"
                                                        f"        goto: s{i + 1}") for i in range(3)
    ) + scene_yaml("s3", ending=True) + scene_yaml("radio_siege", ending=True)
    found = [e for e in errors(write_pack(tmp_path, chapter)) if e.code == "unknown-scene"]
    assert [(at(e), e.message) for e in found] == [
        ((14, 15), "choice goes to unknown scene 'radio_sige' (and 2 more: lines 27, 40)"),
    ]
