"""Issue 12, saves: a save (or a classroom lesson) holding a control character anywhere —
its name, a variable's value, a scene id, a key — is listed as damaged with the reason
and never loaded; the save API refuses to write one; a source text holding one is a
pack error, since its words are copied into lessons and exports.

The rule is the pack checker's own (``characters.CONTROL``): C0 and C1 controls, DEL and
lone surrogates; newline and tab are text.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

from game.core.diagnostics import SaveError, StoryError
from game.core.loader import load_story
from game.core.model import StoryData
from game.core.saves import read_save, write_save
from game.core.savestore import SaveStore
from game.core.story import Story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def data() -> StoryData:
    story, diagnostics = load_story(FIXTURES / "clean")
    assert story is not None, [str(d) for d in diagnostics.errors]
    return story


@pytest.fixture
def store(tmp_path: Path, data: StoryData) -> SaveStore:
    return SaveStore(tmp_path / "saves", data)


def played(data: StoryData) -> Story:
    story = Story(data, "student")
    story.choose(0)
    return story


def write_raw(path: Path, save: dict[str, Any]) -> None:
    """As an editor would write it: JSON with escapes (``\\u0000``), not through the game."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(save), encoding="utf-8")


def _set_name(save: dict[str, Any], value: str) -> None:
    for block in (save, save["state"]):
        block["variables"]["name"] = value
    save["start_variables"]["name"] = value
    for step in save["history"]:
        step["variables"]["name"] = value


EDITS: dict[str, tuple[Callable[[dict[str, Any]], None], str, str]] = {
    "NUL in the name": (lambda s: s.update(label="Before\x00 the march"), "U+0000", "its label"),
    "ESC in the name": (lambda s: s.update(label="\x1b[2J\x1b[31mRed"), "U+001B", "its label"),
    "DEL in the name": (lambda s: s.update(label="Gone\x7f"), "U+007F", "its label"),
    "C1 NEL in the name": (lambda s: s.update(label="Line\x85two"), "U+0085", "its label"),
    "C1 CSI in a scene title": (lambda s: s.update(scene_title="The\x9b31m rally"), "U+009B", "its scene_title"),
    "NUL in a text variable": (lambda s: _set_name(s, "Zs\x00fi"), "U+0000", "variables.name"),
    "NUL in a scene id": (lambda s: s["history"][0].update(scene="start\x00"), "U+0000", "its history[0].scene"),
    "BEL in a key": (lambda s: s["story"].update({"\x07": 1}), "U+0007", "the name of one of its fields"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_save_edited_to_hold_a_control_character_is_listed_as_damaged(
    data: StoryData, store: SaveStore, edit: str,
) -> None:
    change, code, where = EDITS[edit]
    save = played(data).to_save("Before the march")
    change(save)
    write_raw(store.slot_path(2), save)
    info = store.slot(2)
    assert info.exists and not info.usable
    assert f"control character {code}" in info.error and where in info.error
    assert all(ch.isprintable() for ch in info.error)  # the reason itself can be drawn
    with pytest.raises(SaveError, match="control character"):
        store.load(info)
    with pytest.raises(SaveError, match="control character"):
        read_save(store.slot_path(2))


def test_newline_and_tab_are_text_in_a_save(data: StoryData, store: SaveStore) -> None:
    save = played(data).to_save("Before\tthe march")
    _set_name(save, "Zsófi\nVarga")
    write_raw(store.slot_path(3), save)
    info = store.slot(3)
    assert info.usable, info.error
    assert store.load(info).variables["name"] == "Zsófi\nVarga"


def test_the_save_api_refuses_a_name_or_a_save_with_a_control_character(
    data: StoryData, store: SaveStore, tmp_path: Path,
) -> None:
    story = played(data)
    with pytest.raises(SaveError, match=r"name cannot hold a control character: .*U\+001B"):
        store.write_slot(1, story, "A\x1b[31m name")
    assert not store.slot_path(1).exists()
    save = story.to_save("Fine")
    save["scene_place"] = "Buda\x00"
    with pytest.raises(SaveError, match="cannot save: its scene_place holds the control character U\\+0000"):
        write_save(tmp_path / "out" / "s.json", save)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # nothing, not even a temp file
    store.write_slot(1, story, "A clean name")  # and a clean one is written as before
    assert store.slot(1).usable and store.slot(1).label == "A clean name"


def test_a_text_variable_cannot_be_set_to_a_control_character(data: StoryData) -> None:
    """An author's ``--set name=...`` would otherwise reach the screen and every save."""
    with pytest.raises(StoryError, match="U\\+001B"):
        Story(data, "student", variables={"name": "\x1b]0;title\x07"})
    story = played(data)
    with pytest.raises(StoryError, match="U\\+0000"):
        story.set_variable("name", "a\x00b")
    story.set_variable("name", "Zsófi")  # text is fine
    assert story.variables["name"] == "Zsófi"


def test_play_text_lists_and_refuses_a_damaged_slot_without_a_traceback(run_cli, monkeypatch, tmp_path: Path) -> None:
    import io
    import sys

    data_dir = tmp_path / "data"
    lines = iter([["1", "save 2", "q"], ["y", "load 2", "q"]])  # the second run offers to continue
    for attempt in range(2):
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in next(lines))))
        result = run_cli("play", "--text", "--story", FIXTURES / "clean", "--data-dir", data_dir,
                         "--perspective", "student")
        assert result.code == 0, result.err
        if attempt == 0:
            assert "Saved in slot 2." in result.out
            (slot,) = data_dir.rglob("slot2.json")
            save = json.loads(slot.read_text(encoding="utf-8"))
            save["label"] = "Evil\x1b[2J\x00"
            write_raw(slot, save)
    assert "Slot 2 cannot be loaded: slot2.json is damaged: its label holds the control character U+001B" in result.out
    assert "Traceback" not in result.out + result.err and "\x1b" not in result.out


def test_a_source_text_with_a_control_character_is_a_pack_error(tmp_path: Path, run_cli) -> None:
    """A space-like U+001C matched a quote's space, so the lesson log copied it from the
    source; now check refuses the source at its file: line, saying where in the file."""
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "mistake_base", pack)
    source = next((pack / "sources").iterdir())
    text = source.read_text(encoding="utf-8")
    assert text.count("The uprising began") == 1
    source.write_text(text.replace("The uprising began", "The uprising\x1cbegan"), encoding="utf-8")
    line = text[: text.index("The uprising began")].count("\n") + 1
    result = run_cli("check", pack)
    assert result.code == 1 and "Traceback" not in result.out + result.err
    assert f"story.yaml:19:11: error: source file sources/{source.name} holds the control character U+001C" in result.out
    assert f"at line {line}, column 13" in result.out
    _, diagnostics = load_story(pack)
    assert [d.code for d in diagnostics.errors] == ["control-character"]


def test_a_save_with_a_number_thousands_of_digits_long_says_so(data: StoryData, store: SaveStore) -> None:
    """Python's JSON refuses such a number; the save is damaged, not 'cut short'."""
    save = played(data).to_save("Before the march")
    save["state"]["variables"]["courage"] = 0
    write_raw(store.slot_path(2), save)
    path = store.slot_path(2)
    path.write_text(path.read_text("utf-8").replace('"courage": 0', '"courage": ' + "9" * 5000, 1), encoding="utf-8")
    assert "9" * 5000 in path.read_text("utf-8")
    with pytest.raises(SaveError, match="a number thousands of digits long"):
        read_save(path)


def test_a_lone_surrogate_is_named_for_what_it_is(data: StoryData, store: SaveStore) -> None:
    save = played(data).to_save("\ud800")
    write_raw(store.slot_path(2), save)
    info = store.slot(2)
    assert not info.usable and "its label holds U+D800, half of a UTF-16 pair with no other half" in info.error
    assert all(ch.isprintable() for ch in info.error)
    with pytest.raises(SaveError, match="no character"):
        read_save(store.slot_path(2))
