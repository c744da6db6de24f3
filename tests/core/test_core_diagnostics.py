"""Positions, messages, counts and datelines: what every shell shows an author or player."""

from __future__ import annotations

from datetime import datetime

from game.core.dateline import format_date
from game.core.diagnostics import Diagnostics, Pos, did_you_mean


def test_positions_are_zero_based_inside_and_one_based_when_shown() -> None:
    pos = Pos("scenes/oct23.yaml", 40, 8)
    assert str(pos) == "scenes/oct23.yaml:41:9"
    assert pos.short == "scenes/oct23.yaml:41"
    assert str(pos.shifted(3)) == "scenes/oct23.yaml:41:12"


def test_messages_and_json() -> None:
    diagnostics = Diagnostics()
    diagnostics.warning(Pos("b.yaml", 2, 0), "later", "w")
    diagnostics.error(Pos("a.yaml", 9, 4), "unknown scene 'radio_sige'", "unknown-scene", "did you mean 'radio_siege'?")
    diagnostics.error(Pos("a.yaml", 1, 0), "first", "e")
    assert [str(d) for d in diagnostics.sorted()] == [
        "a.yaml:2:1: error: first",
        "a.yaml:10:5: error: unknown scene 'radio_sige' (did you mean 'radio_siege'?)",
        "b.yaml:3:1: warning: later",
    ]
    assert diagnostics.summary() == "2 errors, 1 warning"
    assert diagnostics.has_errors and len(diagnostics) == 3
    assert diagnostics.sorted()[1].to_json() == {
        "path": "a.yaml", "line": 10, "column": 5, "severity": "error", "code": "unknown-scene",
        "message": "unknown scene 'radio_sige'", "hint": "did you mean 'radio_siege'?",
    }
    assert Diagnostics().summary() == "0 errors, 0 warnings"


def test_did_you_mean() -> None:
    assert did_you_mean("radio_sige", ["radio_siege", "home"]) == "did you mean 'radio_siege'?"
    assert did_you_mean("zzz", ["radio_siege"]) == ""
    assert did_you_mean("x", []) == ""


def test_datelines_do_not_depend_on_the_locale() -> None:
    assert format_date(datetime(1956, 10, 23, 21, 0)) == "Tuesday 23 October 1956, 21:00"
    assert format_date(datetime(1956, 11, 4, 5, 15), with_time=False) == "Sunday 4 November 1956"
