"""Tools other than ``check`` list a broken pack's first errors, not all of them (issue 12):
``play --text`` of a pack with 120,000 mistakes printed every one before it stopped."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.core.shortlist import SHOWN

MISTAKES = SHOWN + 50


@pytest.fixture
def many_errors(fixtures: Path, tmp_path: Path) -> Path:
    """The clean pack with one scene holding MISTAKES unknown keys."""
    pack = tmp_path / "pack"
    shutil.copytree(fixtures / "clean", pack)
    chapter = pack / "chapter.yaml"
    text = chapter.read_text("utf-8")
    anchor = "    place: Csepel\n"
    assert text.count(anchor) == 1
    chapter.write_text(text.replace(anchor, anchor + "".join(f"    k{n}: 1\n" for n in range(MISTAKES))), "utf-8")
    return pack


@pytest.mark.parametrize("command", [["play", "--text", "--story"], ["explore"]])
def test_a_tool_lists_the_first_errors_and_points_at_check(command, many_errors: Path, run_cli) -> None:
    result = run_cli(*command, many_errors)
    assert result.code == 1
    lines = result.err.splitlines()
    assert sum(": error: unknown key" in line for line in lines) == SHOWN
    assert "unknown key 'k0' in scene" in result.err and f"unknown key 'k{SHOWN}' " not in result.err
    assert (f"… and {MISTAKES - SHOWN} more errors not listed here: run `budapest1956 check {many_errors}` "
            "to see all of them.") in lines
    assert lines[-1] == f"{MISTAKES} errors, 0 warnings: fix the errors above (see `budapest1956 check`)"


def test_check_still_lists_every_error(many_errors: Path, run_cli) -> None:
    result = run_cli("check", many_errors)
    assert result.code == 1
    assert sum(": error: unknown key" in line for line in result.out.splitlines()) == MISTAKES
    assert "not listed here" not in result.out + result.err
