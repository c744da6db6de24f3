"""What the commands write to a terminal: UTF-8 whatever the console's encoding, and
never a control character that came from a story pack (issue 11)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.terminal import printable

ESC_TITLE = "\x1b]0;pwned\x07"  # would retitle the terminal window
ESC_CLEAR = "\x1b[2J"  # would wipe the screen
HOSTILE = (ESC_TITLE, ESC_CLEAR, "\x1b[31m", "\u202e", "\x9b2J", "\r", "\x00", "\x7f")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"A{ESC_TITLE}B", "AB"),
        (f"A{ESC_CLEAR}B", "AB"),
        ("red \x1b[1;31mword\x1b[0m", "red word"),
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # an OSC 8 hyperlink ended by ESC \
        ("left \u202eright\u202c \u2066iso\u2069", "left right iso"),
        ("C1 \x9b2J csi \x9d0;t\x9c osc \x85nel", "C1  csi  osc nel"),
        ("bell\x07 nul\x00 bs\x08 cr\r del\x7f", "bell nul bs cr del"),
        ("lines\nand\ttabs stay, Gerő ▶ “quoted”", "lines\nand\ttabs stay, Gerő ▶ “quoted”"),
        ("unterminated \x1b]0;title to the end", "unterminated "),
    ],
)
def test_printable_drops_what_a_terminal_would_obey(text: str, shown: str) -> None:
    assert printable(text) == shown


def _edit_pack(folder: Path, story_titles: tuple[str, str], chapter_title: str, choice: str) -> Path:
    story = folder / "story.yaml"
    text = story.read_text("utf-8")
    text = text.replace("title: Fixture Story", f'title: "{story_titles[0]}"')
    text = text.replace("title: BBC On This Day", f'title: "{story_titles[1]}"')
    story.write_text(text, "utf-8")
    chapter = folder / "chapter.yaml"
    text = chapter.read_text("utf-8")
    text = text.replace("title: The morning", f'title: "{chapter_title}"')
    text = text.replace("text: Take the leaflets", f'text: "{choice}"')
    chapter.write_text(text, "utf-8")
    return folder


@pytest.fixture
def hostile_pack(copy_pack) -> Path:
    """The clean pack with direction marks and ő ▶ in its author text: what a pack may
    still hold (control characters and bidi overrides are errors, issue 12; the right-to-
    left and left-to-right marks reorder nothing and pass)."""
    return _edit_pack(
        copy_pack("clean"), ("Fixture \\u200f Story Gerő ▶", "BBC \\u200e On This Day ▶"),
        "The morning \\u200f Gerő ▶", "Take the \\u200fleaflets",
    )


@pytest.fixture
def bidi_pack(copy_pack) -> Path:
    """The clean pack with bidi overrides and isolates, which every tool refuses."""
    return _edit_pack(
        copy_pack("clean"), ("Fixture \\u202e Story", "BBC \\u2066 On This Day"),
        "The morning \\u202e", "Take the \\u202eleaflets\\u202c",
    )


@pytest.fixture
def escape_pack(copy_pack) -> Path:
    """The clean pack with escape sequences in its author text."""
    return _edit_pack(
        copy_pack("clean"), ("Fixture \\e]0;pwned\\a Story", "BBC \\e[2J On This Day"),
        "The morning \\e[2J", "Take the \\e[31mleaflets\\e[0m",
    )


def _clean(text: str) -> None:
    for bad in ("\x1b", "\x07", "\u202e", "\x9b", "\x00"):
        assert bad not in text, repr(bad)


@pytest.mark.parametrize("command", [["check"], ["sources"], ["graph"], ["explore"], ["reactivity"], ["export"]])
def test_no_tool_passes_control_characters_to_the_terminal(run_cli, hostile_pack: Path, command) -> None:
    result = run_cli(*command, hostile_pack)
    assert result.code == 0, result.err
    _clean(result.out + result.err)
    if command != ["export"]:  # (JSON escapes them itself)
        assert "pwned" not in result.out


@pytest.mark.parametrize("command", [["check"], ["sources"], ["graph"], ["explore"], ["reactivity"], ["export"]])
def test_no_tool_opens_a_pack_with_escape_sequences(run_cli, escape_pack: Path, command) -> None:
    """Control characters in a pack are errors (issue 12): each tool refuses the pack, and
    its messages name the character without writing it."""
    result = run_cli(*command, escape_pack)
    assert result.code == 1
    _clean(result.out + result.err)
    assert "U+001B" in result.out + result.err


@pytest.mark.parametrize("command", [["check"], ["sources"], ["export"]])
def test_no_tool_opens_a_pack_with_bidi_overrides(run_cli, bidi_pack: Path, command) -> None:
    result = run_cli(*command, bidi_pack)
    assert result.code == 1
    _clean(result.out + result.err)
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in result.out + result.err


def test_text_play_passes_no_control_characters(run_cli, hostile_pack: Path, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("s\n1\nj\n"))
    result = run_cli("play", "--text", "--story", hostile_pack, "--perspective", "student",
                     "--data-dir", tmp_path / "data")
    assert result.code == 0
    _clean(result.out + result.err)
    assert "Fixture \u200f Story Gerő ▶\n" in result.out
    assert "The morning \u200f Gerő ▶\n" in result.out
    assert "1. Take the \u200fleaflets\n" in result.out


def test_check_reports_a_hostile_name_without_its_escape(run_cli, copy_pack) -> None:
    folder = copy_pack("clean")
    chapter = folder / "chapter.yaml"
    text = chapter.read_text("utf-8")
    chapter.write_text(text.replace("goto: square\n", 'goto: "nowhere\\e]0;pwned\\a\\e[2J"\n', 1), "utf-8")
    result = run_cli("check", folder)
    assert result.code == 1
    assert "nowhere" in result.out
    _clean(result.out + result.err)


# ------------------------------------------------------------------ console encodings

ENVIRONMENTS = {
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "C locale": {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
def test_every_command_writes_utf8_whatever_the_console_encoding(hostile_pack: Path, tmp_path: Path,
                                                                 environment: str) -> None:
    """Each command with its output redirected (a pipe), as a Windows user redirecting to
    a file would; the bytes must be UTF-8, the names whole."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    env.update(ENVIRONMENTS[environment])
    env["BUDAPEST1956_DATA_DIR"] = str(tmp_path / "data")
    guide = tmp_path / "Gerő ▶ guide.md"
    commands = {  # each with a piece of its output that holds ő or ▶
        "play": (["play", "--text", "--story", str(hostile_pack), "--perspective", "student"], "The morning \u200f Gerő ▶"),
        "graph": (["graph", str(hostile_pack)], "Gerő ▶"),
        "export": (["export", str(hostile_pack)], "Gerő ▶"),
        "sources": (["sources", str(hostile_pack)], "BBC \u200e On This Day ▶"),
        "check": (["check", str(hostile_pack)], " in 5 scenes"),
        "guide": (["guide", str(hostile_pack), "--out", str(guide)], "Gerő ▶ guide.md"),
    }
    for name, (args, expected) in commands.items():
        done = subprocess.run([sys.executable, "-m", "game", *args], input=b"s\n1\n", capture_output=True, env=env,
                              timeout=120)
        assert done.returncode == 0, (name, done.stderr.decode("utf-8", "replace"))
        out = done.stdout.decode("utf-8")  # strict: the bytes must be UTF-8
        err = done.stderr.decode("utf-8")
        _clean(out + err)
        assert expected in out + err, (name, out[-300:], err[-300:])
