"""Issue 12, depth and text: a pack nested too deep, holding control characters or
oversized text is refused at the place of the mistake, never with a traceback.

Each hostile pack is made here from the ``mistake_base`` fixture in ``tmp_path``. The
subprocess timeouts are generous and only catch a hang; nothing asserts on time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.diagnostics import Diagnostic
from game.core.loader import load_story
from game.core.schema import CHOICE_MAX, ID_MAX, TITLE_MAX
from game.core.yamlread import MAX_DEPTH

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PARAGRAPH = "    text: The radiator knocks twice and goes quiet.\n"  # chapter.yaml line 9
TITLE = "    title: The morning\n"  # chapter.yaml line 8
POSITION = re.compile(r"chapter\.yaml:\d+:\d+: error: ")


def make_pack(tmp_path: Path, old: str, new: str) -> Path:
    """``mistake_base`` (with its own source), with one line of chapter.yaml replaced."""
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "mistake_base", pack)
    chapter = pack / "chapter.yaml"
    text = chapter.read_text(encoding="utf-8")
    assert text.count(old) == 1
    chapter.write_text(text.replace(old, new), encoding="utf-8")
    return pack


def errors_of(pack: Path) -> list[Diagnostic]:
    story, diagnostics = load_story(pack)
    assert story is None
    return diagnostics.errors


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120, env=env,
    )


def test_the_shipped_limits_are_those_the_authoring_guide_states() -> None:
    readme = (Path(__file__).resolve().parents[2] / "scenes" / "README.md").read_text(encoding="utf-8")
    assert (MAX_DEPTH, ID_MAX, TITLE_MAX, CHOICE_MAX) == (64, 64, 200, 300)
    for words in ("at most 64 levels", "an id (and a variable's\n  name) at most 64", "a title, a name or a place 200",
                  "a choice's text 300", "10,000"):
        assert words in readme


@pytest.mark.parametrize("depth", [500, 5000])
@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_deep_nesting_is_an_error_in_check_and_at_game_start(tmp_path: Path, depth: int, flow: bool) -> None:
    """Mappings 500 deep in a 3 KB file were a RecursionError traceback; 5000 deep is
    libyaml's own limit, which must stay a message too."""
    value = "{a: " * depth + "1" + "}" * depth if flow else "\n      " + "- " * depth + "x"
    pack = make_pack(tmp_path, PARAGRAPH, PARAGRAPH + "    deep: " + value + "\n")
    checked = run("check", str(pack))
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert POSITION.search(checked.stdout + checked.stderr)
    if depth == 500:
        assert f"nest more than {MAX_DEPTH} levels deep" in checked.stdout
    played = run("--story", str(pack), "--headless", "--quit-after", "0")
    assert played.returncode != 0
    assert "Traceback" not in played.stdout + played.stderr
    assert "could not be loaded" in played.stdout + played.stderr


def test_nesting_at_the_limit_is_still_read(tmp_path: Path) -> None:
    """The bound counts levels exactly: a story may use all 64 (the value is then only an
    unknown key), and the first level past them is named at its own column."""
    inside = MAX_DEPTH - 3  # the file, the scene list and the scene are three levels
    pack = make_pack(tmp_path, PARAGRAPH, PARAGRAPH + "    deep: " + "[" * inside + "]" * inside + "\n")
    assert [e.code for e in errors_of(pack)] == ["unknown-key"]
    pack = make_pack(tmp_path / "over", PARAGRAPH, PARAGRAPH + "    deep: " + "[" * (inside + 1) + "]" * (inside + 1) + "\n")
    (error,) = errors_of(pack)
    assert error.code == "too-deep"
    assert (error.pos.line, error.pos.col) == (9, 10 + inside)


@pytest.mark.parametrize(
    ("written", "char"),
    [('"\\0"', "U+0000"), ('"\\e"', "U+001B"), ('"\\x85"', "U+0085"), ('"\\N"', "U+0085"), ('"\\x7f"', "U+007F")],
)
def test_a_control_character_in_a_title_is_an_error_at_its_column(tmp_path: Path, written: str, char: str) -> None:
    title = f'    title: "The {written[1:-1]}morning"\n'
    (error,) = errors_of(make_pack(tmp_path, TITLE, title))
    assert error.code == "control-character"
    assert char in error.message
    assert (error.pos.line, error.pos.col) == (7, 16)  # the backslash after 'The '


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\x7f"])
def test_a_control_character_in_a_block_paragraph_is_an_error_at_its_line(tmp_path: Path, char: str) -> None:
    """A raw control character in a ``|`` block, on its second line: found before YAML
    reads the file (YAML's own message has no position; it takes U+0085 for a line break)."""
    paragraph = f"    text: |\n      The radiator knocks.\n      It goes {char}quiet.\n"
    pack = make_pack(tmp_path, PARAGRAPH, paragraph)
    (error,) = errors_of(pack)
    assert error.code == "control-character"
    assert (error.pos.line, error.pos.col) == (10, 14)
    assert f"U+{ord(char):04X}" in error.message


def test_a_control_character_in_a_list_paragraph_and_a_key(tmp_path: Path) -> None:
    paragraph = '    text:\n      - First.\n      - "Second \\0."\n    "odd\\ekey": 1\n'
    errors = errors_of(make_pack(tmp_path, PARAGRAPH, paragraph))
    found = [(e.code, e.pos.line, e.pos.col) for e in errors]
    assert ("control-character", 10, 16) in found
    assert ("control-character", 11, 8) in found


def test_newlines_and_tabs_stay_allowed(tmp_path: Path) -> None:
    paragraph = '    text: "Tab\\there.\\nAnd a new line."\n'
    story, diagnostics = load_story(make_pack(tmp_path, PARAGRAPH, paragraph))
    assert story is not None, [str(e) for e in diagnostics.errors]


@pytest.mark.parametrize(
    ("old", "new", "line", "col", "words"),
    [
        (TITLE, "    title: " + "w" * 1_900_000 + "\n", 7, 11, "a title of 1,900,000 characters; the limit is 200"),
        (TITLE, "    title: " + "w" * (TITLE_MAX + 1) + "\n", 7, 11, "the limit is 200"),
        ("      - text: Go to the rally\n", "      - text: " + "go " * 101 + "\n", 13, 14, "a choice's text of"),
        ("  - id: start\n", "  - id: s" + "t" * ID_MAX + "\n", 4, 8, "an id of 65 characters; the limit is 64"),
        (PARAGRAPH, "    text: " + "word " * 2_001 + "\n", 8, 10, "text of 10,004 characters; the limit is 10,000"),
    ],
    ids=["huge-title", "title", "choice", "id", "paragraph"],
)
def test_text_longer_than_its_field_allows_is_an_error_at_it(
    tmp_path: Path, old: str, new: str, line: int, col: int, words: str
) -> None:
    errors = errors_of(make_pack(tmp_path, old, new))
    too_long = [e for e in errors if e.code == "too-long"]
    assert len(too_long) == 1, [str(e) for e in errors]
    assert words in too_long[0].message
    assert (too_long[0].pos.line, too_long[0].pos.col) == (line, col)


def test_text_at_each_limit_is_accepted(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, TITLE, "    title: " + "w" * TITLE_MAX + "\n")
    story, diagnostics = load_story(pack)
    assert story is not None, [str(e) for e in diagnostics.errors]


def test_a_huge_title_is_refused_by_check_without_a_traceback(tmp_path: Path) -> None:
    checked = run("check", str(make_pack(tmp_path, TITLE, "    title: " + "w" * 1_900_000 + "\n")))
    assert checked.returncode == 1
    assert "Traceback" not in checked.stdout + checked.stderr
    assert "chapter.yaml:8:12: error: scene 'start': 'title': a title of 1,900,000 characters" in checked.stdout


def test_a_file_saved_with_windows_line_ends_still_reads(tmp_path: Path) -> None:
    """The raw scan must let a carriage return through where it ends a line."""
    pack = make_pack(tmp_path, TITLE, TITLE)
    chapter = pack / "chapter.yaml"
    chapter.write_bytes(chapter.read_bytes().replace(b"\n", b"\r\n"))
    story, diagnostics = load_story(pack)
    assert story is not None, [str(e) for e in diagnostics.errors]


def test_the_expression_limits_are_those_the_authoring_guide_states() -> None:
    from game.core.expressions import MAX_DEPTH as EXPRESSION_DEPTH, MAX_SOURCE_LENGTH, ExpressionError, parse_condition

    readme = (Path(__file__).resolve().parents[2] / "scenes" / "README.md").read_text(encoding="utf-8")
    assert f"condition or an effect {MAX_SOURCE_LENGTH:,}" in readme
    assert f"parentheses nest at most {EXPRESSION_DEPTH - 1} deep" in readme
    parse_condition("(" * (EXPRESSION_DEPTH - 1) + "courage >= 1" + ")" * (EXPRESSION_DEPTH - 1))
    with pytest.raises(ExpressionError, match="nested too deeply"):
        parse_condition("(" * EXPRESSION_DEPTH + "courage >= 1" + ")" * EXPRESSION_DEPTH)
