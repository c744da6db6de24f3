"""A story that never loads is an error everywhere, the desktop game headless included.

Before issue 11 the desktop game opened on the checker's screen and exited 0, so a
script (or CI after a broken install) saw success. In a window the screen still stays for
the player to read; only the exit code and stderr change."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.cli import main
from game.ui.text import FACES, FontBook


@pytest.mark.parametrize("command", [[], ["classroom"]])
def test_the_desktop_game_without_a_story_exits_non_zero_and_says_why(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main([*command, "--story", str(empty), "--headless", "--quit-after", "0", "--data-dir", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"no story.yaml in {empty}" in err
    assert "could not be loaded" in err and "budapest1956 check" in err


@pytest.mark.parametrize("command", [["check"], ["guide", "--out", "guide.html"]])
def test_the_tools_without_a_story_exit_non_zero(command: list[str], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    if command[0] == "guide":
        command = ["guide", "--out", str(tmp_path / "guide.html")]
    assert main([*command, str(empty)]) == 1
    captured = capsys.readouterr()
    assert "no story.yaml" in captured.out + captured.err
    assert not (tmp_path / "guide.html").exists()


def test_play_text_without_a_story_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "--text", "--story", str(tmp_path), "--data-dir", str(tmp_path / "d")]) == 1
    assert "no story.yaml" in capsys.readouterr().err


def test_missing_fonts_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert FontBook(tmp_path).missing() == sorted(FACES.values())
    assert FontBook().missing() == []  # the checkout's (or the wheel's) fonts are all there


def test_missing_fonts_are_said_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    from game.ui import text

    monkeypatch.setattr(text, "assets_dir", lambda: tmp_path)
    story = Path(__file__).resolve().parent / "story"
    assert main(["--story", str(story), "--headless", "--quit-after", "0", "--data-dir", str(tmp_path / "d")]) == 0
    err = capsys.readouterr().err
    assert f"fonts are missing from {tmp_path / 'fonts'}" in err
    assert "CharisSIL-Regular.ttf" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == "budapest1956 0.1.0\n"


def test_version_without_metadata_falls_back_to_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    from game import version

    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(version.metadata, "version", not_installed)
    assert version.version_line() == "budapest1956 0.1.0"
