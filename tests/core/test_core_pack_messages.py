"""Issue 12, honest messages: one mistake is one error at the place it was made, and a
file that exists is never called "not found".

Each hostile pack is written here into ``tmp_path`` with its own small source text, so
the tests depend on no fixture folder. Positions are checked against the generated
file's lines (1-based, as ``check`` prints them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.core import safefile
from hostile_pack import HEADER, at, chain, errors, scene_yaml, story_yaml, write_pack


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


# ------------------------------------------------------------------ files that exist but cannot be read

NAMED = {  # how story.yaml names each kind of file, and the line:col of that name
    "chapter": ("files: [chapter.yaml, more.yaml]\n", "more.yaml", (13, 23), "chapter file more.yaml"),
    "notes": ("notes: more.yaml\n", "more.yaml", (13, 8), "notes file more.yaml"),
    "guide": ("guide: more.yaml\n", "more.yaml", (13, 8), "guide file more.yaml"),
    "source": ("", "sources/bbc.txt", (12, 63), "source file sources/bbc.txt"),
}


def _named_pack(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    extra, name, _, _ = NAMED[kind]
    pack = write_pack(tmp_path, chain(1), story_yaml(extra))
    target = pack / name
    if target.exists():
        target.unlink()
    return pack, target


@pytest.mark.parametrize("kind", sorted(NAMED))
def test_a_broken_symlink_is_not_called_not_found(tmp_path: Path, kind: str) -> None:
    pack, target = _named_pack(tmp_path, kind)
    os.symlink("nothing-here.yaml", target)
    (error,) = errors(pack)
    assert (Path(error.pos.path).name, at(error)) == ("story.yaml", NAMED[kind][2])
    assert error.message == f"{NAMED[kind][3]} is a broken symlink (what it points to does not exist)"


@pytest.mark.parametrize("kind", ["chapter", "notes", "guide"])
def test_a_folder_is_not_called_not_found(tmp_path: Path, kind: str) -> None:
    """At the name in story.yaml (a listed chapter folder was named at the folder, 1:1)."""
    pack, target = _named_pack(tmp_path, kind)
    target.mkdir()
    (error,) = errors(pack)
    assert (Path(error.pos.path).name, at(error)) == ("story.yaml", NAMED[kind][2])
    assert error.message == f"{NAMED[kind][3]} is a folder, not a file"


def test_a_missing_file_is_still_not_found(tmp_path: Path) -> None:
    pack, _ = _named_pack(tmp_path, "notes")
    (error,) = errors(pack)
    assert error.message == "notes file not found: more.yaml"


def test_a_broken_symlink_beside_the_chapters_is_reported_not_skipped(tmp_path: Path) -> None:
    """Found by looking in the folder (no files: list): it was passed over in silence."""
    pack = write_pack(tmp_path, chain(1))
    os.symlink("chapter-two.yaml", pack / "chapter_two.yaml")
    (error,) = errors(pack)
    assert (Path(error.pos.path).name, at(error), error.code) == ("chapter_two.yaml", (1, 1), "no-file")
    assert error.message == "chapter file chapter_two.yaml is a broken symlink (what it points to does not exist)"


@pytest.mark.parametrize("make", ["symlink", "folder"])
def test_story_yaml_that_is_no_file(tmp_path: Path, make: str) -> None:
    pack = write_pack(tmp_path, chain(1))
    (pack / "story.yaml").unlink()
    if make == "symlink":
        os.symlink("gone.yaml", pack / "story.yaml")
    else:
        (pack / "story.yaml").mkdir()
    (error,) = errors(pack)
    assert error.message == ("story.yaml is a broken symlink (what it points to does not exist)" if make == "symlink"
                             else "story.yaml is a folder, not a file")


def test_a_file_that_cannot_be_read_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission is denied by the operating system's call itself (the suite runs as root,
    where chmod 000 denies nothing): the message names the reason, not the full path."""
    pack = write_pack(tmp_path, chain(1))
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith(("chapter.yaml", "bbc.txt")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(safefile.os, "open", denied)
    found = {(Path(e.pos.path).name, at(e), e.message) for e in errors(pack)}
    assert ("chapter.yaml", (1, 1), "file cannot be read (permission denied)") in found
    assert ("story.yaml", (12, 63), "source file sources/bbc.txt cannot be read (permission denied)") in found


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_chapter_with_no_read_permission(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, chain(1))
    (pack / "chapter.yaml").chmod(0)
    try:
        (error,) = errors(pack)
    finally:
        (pack / "chapter.yaml").chmod(0o644)
    assert error.message == "file cannot be read (permission denied)"


# ------------------------------------------------------------------ positions in files written differently

def _one(pack: Path) -> tuple[tuple[int, int], str]:
    (error,) = errors(pack)
    return at(error), error.message


UNKNOWN_KEY = chain(1).replace("    title: T\n", "    title: T\n    tytle: x\n", 1)  # line 8, column 5


@pytest.mark.parametrize("encode", [
    lambda t: "\ufeff" + t, lambda t: t.replace("\n", "\r\n"), lambda t: t.replace("\n", "\r"),
    lambda t: "\ufeff" + t.replace("\n", "\r\n"),
], ids=["bom", "crlf", "cr-only", "bom-crlf"])
def test_positions_hold_whatever_the_line_ends(tmp_path: Path, encode) -> None:
    pack = write_pack(tmp_path, "")
    (pack / "chapter.yaml").write_bytes(encode(UNKNOWN_KEY).encode("utf-8"))
    assert _one(pack) == ((8, 5), "unknown key 'tytle' in scene")


def test_a_slot_after_a_tab_and_in_a_crlf_block(tmp_path: Path) -> None:
    tabbed = chain(1).replace('    text: "Hello."\n', '    text: "\tHello {courag}."\n', 1)
    assert _one(write_pack(tmp_path / "tab", tabbed))[0] == (8, 20)  # the tab is one column
    block = chain(1).replace('    text: "Hello."\n', "    text: |\n      Hello {courag}.\n", 1)
    pack = write_pack(tmp_path / "crlf", "")
    (pack / "chapter.yaml").write_bytes(block.replace("\n", "\r\n").encode("utf-8"))
    assert _one(pack)[0] == (9, 14)


def test_a_tab_for_indentation(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, chain(1).replace("    title: T\n", "\ttitle: T\n", 1))
    (error,) = errors(pack)
    assert (at(error), error.message, error.hint) == (
        (7, 1), "YAML syntax error: a tab character where YAML needs spaces",
        "indent with spaces; YAML does not allow tabs there",
    )


@pytest.mark.parametrize(("tail", "where", "words"), [
    ("  - [unclosed\n", (24, 5), "the file ends before this is closed: a list in [ ]"),
    ("  - {id: x\n", (24, 5), "the file ends before this is closed: a mapping in { }"),
    ("  - 'unclosed", (24, 5), "the file ends before this is closed: a quoted text"),
], ids=["list", "mapping", "quote"])
def test_a_mistake_on_the_last_line_is_shown_where_it_opens(tmp_path: Path, tail: str, where: tuple[int, int],
                                                              words: str) -> None:
    """Not at line 25, which the file does not have."""
    pack = write_pack(tmp_path, chain(1) + tail)
    assert len((pack / "chapter.yaml").read_text(encoding="utf-8").splitlines()) == 24
    assert _one(pack) == (where, f"YAML syntax error: {words}")


def test_a_list_left_open_inside_the_file(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, chain(1).replace("    title: T\n", "    title: [T\n", 1))
    assert _one(pack) == ((8, 9), "YAML syntax error: did not find expected ',' or ']' while parsing a flow "
                                  "sequence begun at line 7, column 12")


def test_two_documents_in_one_file(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, chain(1) + "---\nscenes: []\n")
    (error,) = errors(pack)
    assert (at(error), error.message) == ((24, 1), "YAML syntax error: a second document begins here; a file holds one document")
    assert error.hint == "delete this '---' line, or move what follows it into a file of its own"


def test_a_misspelt_chapter_and_perspective_on_every_scene_are_one_error_each(tmp_path: Path) -> None:
    chapter = chain(2).replace("chapter: day_one\nperspective: student\n", "").replace(
        "  - id: ", "  - chapter: day_two\n    perspective: studnt\n    id: "
    )
    found = [(at(e), e.message) for e in errors(write_pack(tmp_path, chapter))]
    assert found == [
        ((2, 14), "unknown chapter 'day_two' (and 2 more: lines 15, 28)"),
        ((3, 18), "unknown perspective 'studnt' (and 2 more: lines 16, 29)"),
    ]


def test_visited_of_a_missing_scene_in_every_condition_is_one_error(tmp_path: Path) -> None:
    chapter = chain(3).replace("        goto: s", '        if: visited("nowhere")\n        goto: s')
    found = [(at(e), e.message) for e in errors(write_pack(tmp_path, chapter))]
    assert found == [((14, 22), "condition: visited() names unknown scene 'nowhere' (and 2 more: lines 26, 38)")]


def test_a_story_folder_that_is_a_file_or_a_broken_symlink(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", chain(1))
    os.symlink(tmp_path / "gone", tmp_path / "link")
    said = {name: [e.message for e in errors(path)] for name, path in
            [("file", pack / "story.yaml"), ("link", tmp_path / "link"), ("missing", tmp_path / "missing")]}
    assert said == {
        "file": ["the story folder is a file, not a folder"],
        "link": ["the story folder is a broken symlink (what it points to does not exist)"],
        "missing": ["story folder not found"],
    }


def test_a_chapter_listed_twice_is_one_error_not_a_duplicate_of_every_scene(tmp_path: Path) -> None:
    pack = write_pack(tmp_path, chain(3), story_yaml("files: [chapter.yaml, ./chapter.yaml]\n"))
    (error,) = errors(pack)
    assert (Path(error.pos.path).name, at(error), error.code) == ("story.yaml", (13, 23), "duplicate-file")
    assert error.message == "chapter file ./chapter.yaml is listed already (item 1)"


def test_a_link_to_a_chapter_beside_it_is_one_error(tmp_path: Path) -> None:
    """The link sorts first ('a_link' < 'chapter'), and is still the one named."""
    pack = write_pack(tmp_path, chain(3))
    os.symlink("chapter.yaml", pack / "a_link.yaml")
    (error,) = errors(pack)
    assert (Path(error.pos.path).name, at(error)) == ("a_link.yaml", (1, 1))
    assert error.message == "chapter file a_link.yaml is the same file as chapter.yaml"


@pytest.mark.parametrize(("chapter", "message"), [
    ("- a\n- b\n", "must be a mapping (chapter file), not a list"),
    (HEADER.replace("scenes:\n", "scenes: 3\n"), "'scenes' must be a list of at least one scene"),
], ids=["list", "scenes-not-a-list"])
def test_a_chapter_of_the_wrong_shape_is_one_error(tmp_path: Path, chapter: str, message: str) -> None:
    """Not also 'perspective starts at unknown scene' for a scene that file may hold."""
    (error,) = errors(write_pack(tmp_path, chapter))
    assert message in error.message
