"""A game left alone draws nothing (issue 13: idle CPU under 1 % of a core).

The real ``App.run`` loop is driven with its idle sleep replaced by a counter, so the
test counts the loop's idle turns and the frames it drew, never time: a screen with
nothing happening must go through hundreds of turns without a single redraw, and a
change must be drawn exactly once.
"""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from pathlib import Path

from game.cli import build_parser
from game.ui.app import App

STORY = Path(__file__).resolve().parent / "story"

IDLE_TURNS = 300


def run_idle(monkeypatch: pytest.MonkeyPatch, *extra: str, poke_at: int | None = None) -> dict[str, Any]:
    """Run the loop for IDLE_TURNS idle turns, then close the window; what it drew when."""
    app = App(build_parser().parse_args(["--headless", "--story", str(STORY), *extra]))
    seen: dict[str, Any] = {"turns": 0, "frames_at": {}}

    def idle_wait(milliseconds: int) -> int:  # stands in for SDL_Delay: counts instead of sleeping
        seen["turns"] += 1
        seen["frames_at"][seen["turns"]] = app.frames
        if seen["turns"] == poke_at:
            app.invalidate()  # something changed: one frame is owed
        if seen["turns"] == IDLE_TURNS:
            pygame.event.post(pygame.event.Event(pygame.QUIT))
        return milliseconds

    monkeypatch.setattr(pygame.time, "wait", idle_wait)
    assert app.run() == 0
    seen["frames"] = app.frames
    return seen


@pytest.mark.parametrize("extra", [(), ("--perspective", "student")], ids=["title", "story"])
def test_an_idle_screen_is_not_redrawn(monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...]) -> None:
    seen = run_idle(monkeypatch, *extra)
    assert seen["turns"] == IDLE_TURNS  # every turn slept: the loop waits, it does not spin
    settled = seen["frames_at"][10]
    assert settled >= 1  # the first frame was drawn
    assert seen["frames"] == settled  # and nothing after it in 290 turns of nothing happening


def test_a_change_while_idle_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = run_idle(monkeypatch, "--perspective", "student", poke_at=100)
    before = seen["frames_at"][100]
    assert seen["frames_at"][101] == before + 1
    assert seen["frames"] == before + 1
