"""Classroom mode stays headless, and the simulated class runs a whole lesson."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

from game.classroom.autoplay import autoplay_session, run_autoplay

CLASSROOM = Path(__file__).resolve().parents[2] / "game" / "classroom"
HEADLESS_MODULES = ["game.classroom", "game.classroom.session", "game.classroom.exports",
                    "game.classroom.guide", "game.classroom.autoplay", "game.classroom.lessons",
                    "game.classroom.devices.room", "game.classroom.devices.view", "game.classroom.devices.server",
                    "game.classroom.devices.service", "game.classroom.devices.qr", "game.classroom.devices.network"]
PYGAME_SCREENS = {"screens.py", "room_screens.py"}  # the projector's screens: pygame by design


def test_importing_classroom_does_not_import_pygame() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {name}\n" for name in HEADLESS_MODULES)
        + "print('pygame' in sys.modules, 'game.classroom.screens' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_no_eval_exec_or_pickle_in_the_headless_modules() -> None:
    paths = sorted(CLASSROOM.rglob("*.py"))
    assert CLASSROOM / "devices" / "room.py" in paths
    for path in paths:
        if path.name in PYGAME_SCREENS and path.parent == CLASSROOM:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(eval|exec)\(|import pickle|pickle\.\w|^\s*import pygame|from pygame", text, re.MULTILINE), path


def test_autoplay_plays_to_an_ending_and_logs_votes(classroom_story) -> None:
    session = autoplay_session(classroom_story, seed=4, perspective="student")
    assert session.is_ending and session.log.finished_at is not None
    decisions = session.log.active_decisions
    assert len(decisions) == len(session.story.history) >= 2
    for decision in decisions:
        if decision.method == "vote":
            assert decision.total_votes == 28
            best = max(c.votes for c in decision.choices)
            assert decision.winning_choice.votes == best
    on_path = {classroom_story.scenes[scene].chapter for scene in session.story.path}
    assert set(session.log.chapters_ended) == on_path and len(on_path) >= 2


def test_autoplay_export_is_reproducible_from_its_seed(classroom_story, tmp_path: Path) -> None:
    first = run_autoplay(classroom_story, 1, 7, tmp_path / "a")[0]
    second = run_autoplay(classroom_story, 1, 7, tmp_path / "b")[0]
    assert first["markdown"].parent == tmp_path / "a"
    for kind in first:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    rows = list(csv.DictReader(io.StringIO(first["csv"].read_text(encoding="utf-8-sig"))))
    assert any(row["kind"] == "decision" for row in rows)


def test_autoplay_of_several_games_writes_one_folder_each(classroom_story, tmp_path: Path) -> None:
    written = run_autoplay(classroom_story, 3, 0, tmp_path)
    assert [w["html"].parent.name for w in written] == ["session-01", "session-02", "session-03"]
    assert all(w["markdown"].read_text(encoding="utf-8").startswith("# Classroom Fixture: class session") for w in written)
