"""A pack with thousands of mistakes opens on a checker's screen that lists the first
ones and a line for the rest (issue 12): the screen once wrapped and drew every finding
on every frame, so 120,000 of them took over a minute a frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest

from game.core.diagnostics import Diagnostics, Pos
from game.core.shortlist import SHOWN
from game.ui.screens import dialog
from game.ui.screens.dialog import DiagnosticsScreen
from game.ui.theme import THEMES
from hostile_pack import clean_pack_with_unknown_keys

PAPER = THEMES["paper"]
ERRORS = 5_000


def many(errors: int = ERRORS, warnings: int = 3) -> Diagnostics:
    """Findings out of file order, warnings first: the screen must still pick errors first."""
    found = Diagnostics()
    for number in range(warnings):
        found.warning(Pos("chapter.yaml", number), f"warning number {number}")
    for number in reversed(range(errors)):
        found.error(Pos("chapter.yaml", 10 + number, 4), f"unknown key 'k{number}' in scene (known keys: id, "
                    "chapter, perspective, date, place, title, text, cites, choices, effects, ending)")
    return found


@pytest.fixture
def counted_wraps(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the checker's screen wraps, in order."""
    wrapped: list[str] = []
    original = dialog.wrap

    def counting(font: Any, text: str, width: int, *rest: Any) -> Any:
        wrapped.append(text)
        return original(font, text, width, *rest)

    monkeypatch.setattr(dialog, "wrap", counting)
    return wrapped


def test_the_screen_lists_the_first_errors_and_a_line_for_the_rest(make_game, counted_wraps, tmp_path: Path):
    game = make_game(story=tmp_path)  # no story there: the app opens on its own diagnostics
    app = game.app
    counted_wraps.clear()  # what the app's own screen wrapped
    app.push(DiagnosticsScreen(app, many()))
    screen = game.top
    shown = game.draw()
    # one layout: the first SHOWN errors and the line for the rest, nothing more
    assert len(counted_wraps) <= SHOWN + 1
    assert "chapter.yaml:11:5: error: unknown key 'k0'" in shown  # errors first, in file order
    assert "warning number" not in " ".join(counted_wraps)
    assert counted_wraps[-1] == (f"… and {ERRORS - SHOWN:,} more errors and 3 warnings not listed here: "
                                 f"run `budapest1956 check {tmp_path}` to see all of them.")
    lines_in_view = screen.view.height // app.font("body", 15).get_linesize() + 2
    assert len(game.rendered) <= lines_in_view + 3  # the heading, the summary line and what is in view

    # scrolling to the end: no wrapping again, only the lines in view drawn, the last one the rest's
    counted_wraps.clear()
    game.key(pygame.K_END, pygame.KMOD_CTRL)
    shown = game.draw()
    assert counted_wraps == []
    assert len(game.rendered) <= lines_in_view + 3
    assert f"unknown key 'k{SHOWN - 1}'" in shown and f"unknown key 'k{SHOWN}'" not in shown
    assert "… and 4,800 more errors and 3 warnings" in shown
    top, _, kind = screen.lines[-1]
    assert kind == "more"
    line = pygame.Rect(screen.x, screen.view.y - screen.scroll.offset + top, screen.view.width // 2,
                       app.font("italic", 15).get_linesize())
    assert screen.view.contains(line)
    assert game.count(line, PAPER.muted) > 30 and game.count(line, PAPER.accent) == 0  # muted, not an error's red


def test_a_short_list_has_no_line_for_the_rest(make_game, counted_wraps, tmp_path: Path):
    game = make_game(story=tmp_path)
    app = game.app
    counted_wraps.clear()
    app.push(DiagnosticsScreen(app, many(errors=4, warnings=2)))
    shown = game.draw()
    assert len(counted_wraps) == 6
    assert "not listed here" not in shown
    assert shown.index("k3'") < shown.index("warning number 0")  # errors first


def test_a_pack_with_many_errors_opens_on_the_short_list(make_game, fixtures: Path, tmp_path: Path, capsys):
    pack = clean_pack_with_unknown_keys(fixtures, tmp_path / "pack", SHOWN + 30)
    game = make_game(story=pack)
    assert type(game.top).__name__ == "DiagnosticsScreen"
    assert len(game.top.lines) <= 2 * (SHOWN + 1)  # a finding takes a line or two at 1280 wide
    err = capsys.readouterr().err.splitlines()  # said on stderr too, as shortly
    assert sum(": error: unknown key" in line for line in err) == SHOWN
    assert f"… and 30 more errors not listed here: run `budapest1956 check {pack}` to see all of them." in err
