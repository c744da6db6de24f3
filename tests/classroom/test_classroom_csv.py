"""The export's two CSV files (issue 11): decisions.csv and bibliography.csv, with integer
columns a spreadsheet can add up, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from classroom_helpers import FakeClock, load_fixture, play_scripted
from game.classroom.exports import export_session, guard_cell

FORMULAS = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+1", "-2+3", "@SUM(A1:A9)", "\tindented", "\rreturn"]


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_cell_that_starts_a_formula_gets_an_apostrophe(text: str) -> None:
    assert guard_cell(text) == "'" + text


def test_numbers_and_plain_text_are_left_alone() -> None:
    assert guard_cell(-3) == -3 and guard_cell(5) == 5
    assert guard_cell("The crowd - at last") == "The crowd - at last" and guard_cell("") == ""


def test_the_export_writes_two_files_with_integer_votes_and_guarded_text(tmp_path: Path) -> None:
    played = play_scripted(load_fixture(), FakeClock())
    decision = played.session.log.decisions[0]
    for choice, text in zip(decision.choices, FORMULAS):
        choice.text = text
    decision.question = "=cmd|' /C calc'!A0"
    written = export_session(played.session, tmp_path)
    assert written["csv"].name == "decisions.csv" and written["bibliography"].name == "bibliography.csv"
    decisions, passages = _rows(written["csv"]), _rows(written["bibliography"])
    assert len(decisions) == len(played.session.log.decisions) and passages
    assert "quote" not in decisions[0] and "winner" not in passages[0]  # each file has its own columns
    first = decisions[0]
    assert first["question"] == "'=cmd|' /C calc'!A0"
    for number, text in enumerate(FORMULAS[: len(decision.choices)], start=1):
        assert first[f"choice_{number}"] == "'" + text
    for row, logged in zip(decisions, played.session.log.decisions):
        assert [row[f"votes_{c.number}"] for c in logged.choices] == [str(c.votes) for c in logged.choices]
        assert row["total_votes"] == str(logged.total_votes) and row["step"] == str(logged.step)
    assert all(p["paragraph"].isdigit() for p in passages)
    for row in decisions + passages:
        for value in row.values():
            assert not (value or "x").startswith(tuple("=+-@\t\r")), value
