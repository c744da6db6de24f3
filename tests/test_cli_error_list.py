"""Tools other than ``check`` list a broken pack's first errors, not all of them (issue 12):
``play --text`` of a pack with 120,000 mistakes printed every one before it stopped."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.shortlist import SHOWN
from hostile_pack import clean_pack_with_unknown_keys

MISTAKES = SHOWN + 50


@pytest.fixture
def many_errors(fixtures: Path, tmp_path: Path) -> Path:
    """The clean pack with one scene holding MISTAKES unknown keys."""
    return clean_pack_with_unknown_keys(fixtures, tmp_path / "pack", MISTAKES)


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
