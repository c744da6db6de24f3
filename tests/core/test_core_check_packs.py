"""``budapest1956 check`` over the fixture packs: one pack per class of mistake.

Every pack under ``tests/fixtures/`` is a small, complete story (``story.yaml``, one
``chapter.yaml``, and its own copy of the source in ``sources/``) with exactly one
kind of mistake. Each test asserts the message (or its essential part), the line and
column, the severity, and the exit code (1 with errors; 0 with warnings only or clean).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from game.core.yamlread import MAX_FILE_BYTES

SUMMARY = re.compile(r"^(\d+) errors?, (\d+) warnings? in (\d+) scenes?$", re.MULTILINE)


@dataclass
class Expect:
    """One diagnostic: where, how severe, and the words the message must contain."""

    file: str
    line: int
    col: int
    severity: str
    words: list[str] = field(default_factory=list)


def E(file: str, line: int, col: int, *words: str) -> Expect:
    return Expect(file, line, col, "error", list(words))


def W(file: str, line: int, col: int, *words: str) -> Expect:
    return Expect(file, line, col, "warning", list(words))


CH = "chapter.yaml"
ST = "story.yaml"
NT = "notes.yaml"
GD = "guide.yaml"

#: pack -> (the diagnostics it must produce, exactly; the scene count of the summary)
PACKS: dict[str, tuple[list[Expect], int]] = {
    "duplicate_keys": ([E(CH, 24, 5, "duplicate key 'title' (first given at line 23)")], 3),
    "wrong_types": (
        [
            # a choice id written as `no`: YAML 1.1 reads it as a boolean
            E(CH, 17, 13, "'id' must be text, not a boolean",
              "YAML 1.1 read 'no' as a boolean; put it in quotes: \"no\""),
            # a time written as 12:30: YAML 1.1 reads it as the base-60 number 750
            E(CH, 24, 12, "scene 'square': 'title' must be text, not a number",
              "base-60 number 750", "put it in quotes: \"12:30\""),
            # a date written without quotes: YAML 1.1 reads it as a date
            E(CH, 38, 11, "scene 'home': 'date' must be text, not a date",
              "YAML 1.1 read '1956-10-24' as a date; put it in quotes: \"1956-10-24\""),
        ],
        3,
    ),
    "missing_goto": ([E(CH, 30, 15, "choice goes to unknown scene 'hom'", "did you mean 'home'?")], 3),
    "duplicate_scene": ([E(CH, 47, 9, "duplicate scene id 'square'", "first defined at", "chapter.yaml:20")], 3),
    "unreachable": ([W(CH, 47, 5, "scene 'cellar' cannot be reached from any perspective's first scene")], 4),
    "dead_end": ([E(CH, 36, 5, "scene 'home' is a dead end: no choices and not an ending")], 3),
    "all_closed": (
        [W(CH, 20, 5, "every choice of scene 'square' can be closed at once",
           "for example when courage = 0, hurt = false")],
        3,
    ),
    # the condition is quoted: the column counts from inside the quotes, at the 2nd '>'
    "bad_condition": ([E(CH, 31, 23, "condition: expected a value, found '>'")], 3),
    "undeclared_variable": (
        [E(CH, 31, 13, "condition: undeclared variable 'corage'", "did you mean 'courage'?")], 3,
    ),
    "mixed_types": (
        [
            E(CH, 16, 32, "effect: cannot assign text to 'courage', which is a number"),
            E(CH, 31, 21, "condition: 'and' needs true/false on both sides; the left side is a number"),
            E(CH, 35, 18, "condition: cannot compare text with a number using '=='"),
        ],
        3,
    ),
    "no_citation": ([E(CH, 20, 5, "scene 'square' is missing 'cites'")], 3),
    # a misspelt required key: the did-you-mean only, not also "missing 'goto'"
    "unknown_key": ([E(CH, 18, 9, "unknown key 'goot' in choice", "did you mean 'goto'?")], 3),
    "quote_not_found": (
        [E(CH, 27, 16, "quote not found in source 'bbc'", "closest passage", "paragraph 34",
           '"Immediately after the broadcast, the crowd marched on the broadcasting station."')],
        3,
    ),
    "unknown_source": ([E(CH, 27, 16, "citation of unknown source 'bcc'", "did you mean 'bbc'?")], 3),
    "time_backwards": (
        [W(CH, 15, 15, "time runs backwards: 'start' (1956-10-23 08:00) leads to 'square' (1956-10-23 07:00)",
           "mark 'square' with 'flashback: true'")],
        3,
    ),
    "flashback": ([], 3),
    # `fictional: yes`: a boolean to YAML 1.1 (the game), text to YAML 1.2 (editors): refused
    "yaml11_boolean": (
        [E(ST, 11, 50, "'fictional' must be true or false, not 'yes'", "did you mean true?")], 3,
    ),
    # one broken field (a title YAML read as a number) in a scene that is a goto target:
    # one message, and no "unknown scene" cascade wherever the scene is the target
    "broken_target": ([E(CH, 23, 12, "scene 'square': 'title' must be text, not a number")], 3),
    "many_mistakes": (
        [
            W(CH, 15, 15, "time runs backwards: 'start'"),
            E(CH, 27, 16, "citation of unknown source 'bcc'", "did you mean 'bbc'?"),
            E(CH, 30, 15, "choice goes to unknown scene 'hom'", "did you mean 'home'?"),
            E(CH, 31, 13, "condition: undeclared variable 'corage'", "did you mean 'courage'?"),
            E(CH, 36, 5, "scene 'home' is a dead end"),
            W(CH, 46, 5, "scene 'cellar' cannot be reached"),
        ],
        4,
    ),
    # ---- reactive text (issue 8): one mistake each, at the exact spot
    # a reply belongs to a choice; inside an ending it is an unknown key, and only that
    "reply_on_ending": ([E(CH, 46, 7, "unknown key 'reply' in ending", "reply: belongs to a choice")], 3),
    "text_bad_condition": (
        [
            E(CH, 26, 24, "condition: expected a value, found '>'"),  # the second '>'
            E(CH, 28, 18, "condition: cannot compare text with a number using '=='"),
        ],
        3,
    ),
    # the column of the name inside the braces
    "unknown_slot": ([E(CH, 40, 29, "text prints undeclared variable 'frend'", "did you mean 'friend'?")], 3),
    # the '{' on the third line of a '|' block: the block's lines are the file's lines
    "unclosed_brace": ([E(CH, 27, 22, "text: '{' is not closed", "write '{{' for a brace")], 3),
    # inside double quotes: the column counts the opening quote
    "bool_slot": ([E(CH, 40, 32, "text prints 'hurt', which is true/false", "{if: ..., text: ...}")], 3),
    "chose_missing_id": (
        [
            E(CH, 44, 26, "condition: scene 'start' has no choice with id 'raly'", "did you mean 'rally'?"),
            E(CH, 46, 20, "condition: chose() names unknown scene 'nosuch'"),
        ],
        3,
    ),
    "duplicate_choice_ids": (
        [E(CH, 18, 13, "duplicate choice id 'go' in scene 'start' (first at line 14)", "chose() names them")], 3,
    ),
    # every construct of reactive text, every variant shown: clean
    "reactive": ([], 4),
    # check runs explore's complete walk and warns about the two dead conditional
    # paragraphs (the reply whose choice never opens is explore's to report)
    "reactive_dead_variants": (
        [
            W(CH, 12, 13, "condition in its text (scene 'start') never holds", "its text is never shown"),
            W(CH, 15, 13, "condition in its text (scene 'start') always holds", "its else: is never shown"),
        ],
        2,
    ),
    # ---- editors' notes and citation stance (issue 9): one mistake, one message
    # one note of each kind and guide topics; an error-noted passage cited `as: report` in
    # a record, a contested one in a scene, a context-noted one as fact: clean
    "notes_clean": ([], 3),
    "noted_error_as_fact": (
        [E(CH, 29, 16, "cites as fact a passage the editors' notes mark as an error",
           "(No Romanian troops, note 'romanian_troops')", "mark the citation 'as: report'")],
        3,
    ),
    "noted_contested_as_fact": (
        [W(CH, 45, 16, "cites as fact a passage the editors' notes mark as contested",
           "(Who fired in Parliament Square, note 'parliament_square')", "mark the citation 'as: report'")],
        3,
    ),
    # the note does not anchor, so the scene citing the real passage as fact is not
    # also refused (the note is what is broken)
    "note_quote_not_found": ([E(NT, 6, 12, "quote not found in source 'bbc'", "as whole words in one paragraph")], 3),
    "note_short_quote": (
        [E(NT, 6, 12, "note 'romanian_troops': its quote is shorter than 3 words", "the whole clause")], 3,
    ),
    "note_without_reference": (
        [E(NT, 6, 12, "note 'romanian_troops' (error) names no standard work", "add references:",
           "author, title and year")],
        3,
    ),
    # the schema's message only: no "names no standard work", no stance rule for a kind
    # that is not one
    "note_bad_kind": (
        [E(NT, 7, 11, "'kind': 'wrong' is not allowed", "one of: error, contested, context, provenance")], 3,
    ),
    "note_duplicate_id": ([E(NT, 17, 9, "duplicate note id 'romanian_troops' (first at line 4)")], 3),
    "notes_file_missing": ([E(ST, 20, 8, "notes file not found: notes.yaml")], 3),
    # at the opening quote, not past the end of the file; and no stance error from the
    # notes that could not be read
    "notes_yaml_syntax": ([E(NT, 15, 16, "YAML syntax error", "the file ends before this is closed: a quoted text")], 3),
    # the schema's message only, not also "cites as fact"
    "citation_bad_stance": ([E(CH, 30, 13, "'as': 'reported' is not allowed", "did you mean 'report'?")], 3),
    "topic_passage_not_found": (
        [E(GD, 11, 9, "guide topic 'the_dead': 'Some 3,000 people were killed in Budapest alone' stands in no source")],
        3,
    ),
    # "armed protesters refused" stands only inside "unarmed protesters refused": the
    # hint shows the passage as it is
    "quote_inside_a_word": (
        [E(CH, 27, 16, "quote not found in source 'bbc'", "as whole words in one paragraph",
           '"But the unarmed protesters refused to give way')],
        3,
    ),
    # "Moscow has demanded his government" stops inside "government’s capitulation"
    "quote_ends_inside_a_word": (
        [E(CH, 27, 16, "quote not found in source 'bbc'", "as whole words in one paragraph",
           "Moscow has demanded his government’s capitulation.")],
        3,
    ),
    # the end of paragraph 41 and the start of paragraph 42
    "quote_two_paragraphs": (
        [E(CH, 43, 16, "quote not found in source 'bbc'", "as whole words in one paragraph")], 3,
    ),
    "mistake_base": ([], 3),
    "clean": ([], 5),
}

#: the companion files a pack may hold beside story.yaml and chapter.yaml, each only
#: when story.yaml names it
COMPANIONS = {NT: "notes: notes.yaml", GD: "guide: guide.yaml"}

#: Packs whose mistake makes a whole chapter file unreadable (checked for their own
#: message here; that it is the *only* message is the strict xfail further down).
FILE_PACKS: dict[str, Expect] = {
    "yaml_syntax": E(CH, 22, 28, "YAML syntax error: mapping values are not allowed"),
    "empty_file": E(CH, 1, 1, "file is empty"),
    "not_utf8": E(CH, 7, 14, "file is not UTF-8 (byte 0xf3)", "save the file as UTF-8"),
    "alias_bomb": E(CH, 7, 14, "this alias makes the file expand to more than 250,000 values (an alias bomb?)"),
}


def _matches(reported, expect: Expect, folder: Path) -> bool:
    return (
        reported.path == (folder / expect.file).resolve()
        and (reported.line, reported.col, reported.severity) == (expect.line, expect.col, expect.severity)
        and all(word in reported.message for word in expect.words)
    )


def _assert_reported(result, parse_check, folder: Path, expected: list[Expect], exact: bool = True) -> None:
    reported = parse_check(result.out)
    for expect in expected:
        assert any(_matches(r, expect, folder) for r in reported), (
            f"expected {expect} in:\n{result.out}"
        )
    if exact:
        assert len(reported) == len(expected), f"expected exactly {len(expected)} diagnostics:\n{result.out}"


def _summary(text: str) -> tuple[int, int, int]:
    match = SUMMARY.search(text)
    assert match, f"no count line in:\n{text}"
    return int(match[1]), int(match[2]), int(match[3])


def test_every_pack_is_covered(fixtures: Path) -> None:
    """Every pack folder has a test, so a new pack cannot be silently ignored."""
    packs = {p.name for p in fixtures.iterdir() if p.is_dir() and not p.name.startswith("_")}
    covered = set(PACKS) | set(FILE_PACKS) | {"explore_pack"}
    assert packs == covered


def test_every_pack_is_one_story_file_and_one_chapter(fixtures: Path) -> None:
    """And at most a notes and a guide file, each named in story.yaml (a pack may name
    one that is missing: that is ``notes_file_missing``'s mistake)."""
    for name in set(PACKS) | set(FILE_PACKS) | {"explore_pack"}:
        files = {p.name for p in (fixtures / name).iterdir()} - {"sources"}
        story = (fixtures / name / "story.yaml").read_text("utf-8")
        assert {"chapter.yaml", "story.yaml"} <= files, name
        assert files - {"chapter.yaml", "story.yaml"} <= set(COMPANIONS), name
        for companion in files & set(COMPANIONS):
            assert f"\n{COMPANIONS[companion]}\n" in story, (name, companion)
        assert "file: sources/bbc-on-this-day-1956.txt" in story
        assert [p.name for p in (fixtures / name / "sources").iterdir()] == ["bbc-on-this-day-1956.txt"], name


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_check_reports_the_mistake(pack: str, fixtures: Path, run_cli, parse_check) -> None:
    expected, scenes = PACKS[pack]
    folder = fixtures / pack
    result = run_cli("check", folder)
    _assert_reported(result, parse_check, folder, expected)
    errors = sum(e.severity == "error" for e in expected)
    warnings = len(expected) - errors
    assert _summary(result.out) == (errors, warnings, scenes)
    assert result.code == (1 if errors else 0)


@pytest.mark.parametrize("pack", sorted(FILE_PACKS))
def test_check_reports_an_unreadable_file(pack: str, fixtures: Path, run_cli, parse_check) -> None:
    folder = fixtures / pack
    result = run_cli("check", folder)
    _assert_reported(result, parse_check, folder, [FILE_PACKS[pack]], exact=False)
    assert result.code == 1
    errors, _, _ = _summary(result.out)
    assert errors >= 1


@pytest.mark.parametrize("pack", sorted(FILE_PACKS))
def test_an_unreadable_file_gives_one_message_only(pack: str, fixtures: Path, run_cli, parse_check) -> None:
    folder = fixtures / pack
    result = run_cli("check", folder)
    assert len(parse_check(result.out)) == 1, result.out


def test_a_misspelt_goto_does_not_make_its_target_unreachable(make_story, scene) -> None:
    """'hom' for 'home', where that choice was the only way home: one error, no warning."""
    story, diagnostics = make_story(
        scene("start", "choices:\n  - {text: go, goto: hom}")
        + scene("home", ending=True, date="1956-10-23 09:00"),
        strict=False,
    )
    assert [(d.severity.value, d.message, d.hint) for d in diagnostics] == [
        ("error", "choice goes to unknown scene 'hom'", "did you mean 'home'?")
    ]


def test_oversized_file_is_refused(copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    chapter = folder / CH
    text = chapter.read_text("utf-8")
    padding = "# " + "x" * 1000 + "\n"
    chapter.write_text(text + padding * (MAX_FILE_BYTES // len(padding) + 10), encoding="utf-8")
    size = chapter.stat().st_size
    assert size > 2 * 1024 * 1024
    result = run_cli("check", folder)
    _assert_reported(
        result, parse_check, folder,
        [E(CH, 1, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")], exact=False,
    )
    assert result.code == 1


def test_file_with_byte_ff_is_not_utf8(copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    chapter = folder / CH
    lines = chapter.read_bytes().split(b"\n")
    assert lines[6] == b"    place: A rented room in Buda"
    lines[6] = b"    place: A \xffrented room"  # 0xff can never appear in UTF-8
    chapter.write_bytes(b"\n".join(lines))
    result = run_cli("check", folder)
    _assert_reported(result, parse_check, folder, [E(CH, 7, 14, "file is not UTF-8 (byte 0xff)")], exact=False)
    assert result.code == 1


@pytest.mark.parametrize("content", [b"# only a comment\n\n# and another\n", b"\n\n   \n", b"\xef\xbb\xbf"])
def test_files_without_content_are_empty(content: bytes, copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    (folder / CH).write_bytes(content)
    result = run_cli("check", folder)
    _assert_reported(result, parse_check, folder, [E(CH, 1, 1, "file is empty")], exact=False)
    assert result.code == 1


def test_empty_story_file(copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    (folder / ST).write_bytes(b"")
    result = run_cli("check", folder)
    _assert_reported(result, parse_check, folder, [E(ST, 1, 1, "file is empty")])
    assert _summary(result.out) == (1, 0, 0)
    assert result.code == 1


def test_syntax_error_in_story_file_is_the_only_message(copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    story = folder / ST
    text = story.read_text("utf-8").replace("title: Mistake pack", "title: [Mistake pack")
    story.write_text(text, encoding="utf-8")
    result = run_cli("check", folder)
    reported = parse_check(result.out)
    assert len(reported) == 1
    assert reported[0].path == story.resolve()
    assert reported[0].message.startswith("YAML syntax error:")
    assert result.code == 1


def test_a_broken_goto_target_is_still_a_target(fixtures: Path, load_pack) -> None:
    """No cascade: the scene with a broken field is registered under its id."""
    story, diagnostics = load_pack("broken_target", strict=False)
    assert story is not None and "square" in story.scenes
    assert len(diagnostics) == 1
    assert not any("unknown scene" in d.message for d in diagnostics)


def test_all_problems_in_one_run_sorted_by_position(fixtures: Path, run_cli, parse_check) -> None:
    result = run_cli("check", fixtures / "many_mistakes")
    reported = parse_check(result.out)
    assert [(r.line, r.col) for r in reported] == sorted((r.line, r.col) for r in reported)
    assert result.out.rstrip().splitlines()[-1] == "4 errors, 2 warnings in 4 scenes"
    assert result.code == 1


def test_singular_count_line(fixtures: Path, run_cli) -> None:
    result = run_cli("check", fixtures / "unreachable")
    assert result.out.rstrip().splitlines()[-1] == "0 errors, 1 warning in 4 scenes"
    result = run_cli("check", fixtures / "missing_goto")
    assert result.out.rstrip().splitlines()[-1] == "1 error, 0 warnings in 3 scenes"


def test_json_format(fixtures: Path, run_cli) -> None:
    folder = fixtures / "many_mistakes"
    result = run_cli("check", "--format", "json", folder)
    assert result.code == 1
    report = json.loads(result.out)
    assert set(report) == {"diagnostics", "errors", "warnings", "scenes", "text_variants_checked"}
    assert (report["errors"], report["warnings"], report["scenes"]) == (4, 2, 4)
    assert report["text_variants_checked"] is False  # a story with errors is not walked
    assert len(report["diagnostics"]) == 6
    for item in report["diagnostics"]:
        assert set(item) == {"path", "line", "column", "severity", "code", "message", "hint"}
        assert item["severity"] in ("error", "warning")
        assert isinstance(item["line"], int) and isinstance(item["column"], int)
        assert Path(item["path"]).resolve() == (folder / CH).resolve()
    goto = next(d for d in report["diagnostics"] if d["code"] == "unknown-scene")
    assert (goto["line"], goto["column"]) == (30, 15)
    assert goto["message"] == "choice goes to unknown scene 'hom'"
    assert goto["hint"] == "did you mean 'home'?"
    codes = sorted(d["code"] for d in report["diagnostics"])
    assert codes == sorted(
        ["time-backwards", "unknown-source", "unknown-scene", "expression", "dead-end", "unreachable"]
    )


def test_json_format_clean(fixtures: Path, run_cli) -> None:
    result = run_cli("check", "--format", "json", fixtures / "clean")
    assert result.code == 0
    assert json.loads(result.out) == {
        "diagnostics": [], "errors": 0, "warnings": 0, "scenes": 5, "text_variants_checked": True,
    }


def test_clean_pack_exits_zero(fixtures: Path, run_cli) -> None:
    result = run_cli("check", fixtures / "clean")
    assert result.code == 0
    assert result.out.strip() == "0 errors, 0 warnings in 5 scenes"


def test_missing_story_folder(tmp_path: Path, run_cli, parse_check) -> None:
    result = run_cli("check", tmp_path / "nowhere")
    assert result.code == 1
    assert "story folder not found" in result.out


def test_folder_without_story_yaml(tmp_path: Path, run_cli) -> None:
    result = run_cli("check", tmp_path)
    assert result.code == 1
    assert "no story.yaml in" in result.out


def test_warnings_only_pack_exits_zero_but_loads(load_pack) -> None:
    story, diagnostics = load_pack("time_backwards")
    assert story is not None
    assert len(diagnostics.warnings) == 1 and not diagnostics.errors


def test_strict_load_refuses_a_story_with_errors(load_pack) -> None:
    story, diagnostics = load_pack("missing_goto")
    assert story is None and diagnostics.has_errors
    story, _ = load_pack("missing_goto", strict=False)
    assert story is not None


def test_copy_pack_is_independent(copy_pack, fixtures: Path) -> None:
    """The helper copies, so tests that damage a pack never touch the committed one."""
    folder = copy_pack("mistake_base")
    (folder / CH).write_text("broken: [", encoding="utf-8")
    assert (fixtures / "mistake_base" / CH).read_text("utf-8").startswith("# yaml-language-server")
    shutil.rmtree(folder)
