"""``budapest1956 bench --quick --json`` run once, end to end, as a smoke test.

It runs the real benchmark (child processes, real screens, headless) and checks the
shape of what it reports: every target has a measurement and a verdict, spreads are
ordered, walks and undo went as far as asked, progress was shown. It never compares a
number with a target: a slow or busy machine must not fail a test. All checks are in
one test so the run (about 15 s) happens once, whichever worker takes it.
"""

from __future__ import annotations

import io
import json
import math
from typing import Any

from game.tools import bench


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _every_target_measured_and_judged(results: dict[str, Any]) -> None:
    assert set(results["checks"]) == set(bench.TARGETS) == set(results["targets"])
    for key, check in results["checks"].items():
        assert "missing" not in check, (key, check)
        assert check["value"] == results[key], key
        assert check["target"] == bench.TARGETS[key].limit and check["op"] == bench.TARGETS[key].op, key
        assert isinstance(check["met"], bool), key
        if check["op"] != "is":
            assert _positive(check["value"]) or check["value"] == 0, key
            assert check["ratio_to_target"] == round(check["value"] / check["target"], 3), key


def _spreads_are_ordered(results: dict[str, Any]) -> None:
    spreads = {key: value for key, value in results.items() if key.endswith("_spread")}
    assert len(spreads) > 30
    for key, spread in spreads.items():
        owner = key[: -len("_spread")]
        assert results[owner] == spread["median"], key
        if "p95" in spread:
            assert spread["median"] <= spread["p95"] <= spread["max"] and spread["n"] >= 100, key
        else:
            assert spread["min"] <= spread["median"] <= spread["max"] and spread["n"] >= 1, key


def _paired_figures(results: dict[str, Any]) -> None:
    for size in bench.SIZES_LOADED:
        assert results[f"load_{size}_scenes"] == size
        assert results[f"load_{size}_floor_loader"] in ("CSafeLoader", "SafeLoader")
        for key in ("yaml_cpu_s", "cold_cpu_s", "warm_cpu_s", "over_yaml", "warm_over_cold"):
            assert _positive(results[f"load_{size}_{key}"]), (size, key)
    assert results["first_frame_over_import_pygame_spread"]["n"] == 2
    assert _positive(results["import_pygame_cpu_s"]) and _positive(results["first_frame_process_cpu_s"])


def _play_went_through(results: dict[str, Any]) -> None:
    for size in ("1280x720", "1920x1080", "3840x2160"):
        assert results[f"play_{size}_games"] == 5, size
        assert results[f"play_{size}_window"] == size
        assert results[f"rss_{size}_mb"] >= results[f"rss_{size}_after_play_mb"] > 0
    assert results["idle_window"] == "1920x1080" and results["idle_settled"] is True
    assert "sampled over" in results["checks"]["idle_cpu_percent"]["note"]  # the quick run says so


def _core_went_as_far_as_asked(results: dict[str, Any]) -> None:
    assert len(results["choose_walk_windows_us"]) == bench.WALK_STEPS // bench.WINDOW
    assert results["choose_walk_us_spread"]["n"] == 4 * bench.WALK_STEPS  # no walk stopped at an ending
    assert results["large_scenes"] == bench.LARGE and results["machine_shared"] is True
    assert results["undo_history_kept"] == results["undo_steps"] == 2_000
    assert results["explore_shipped_complete"] is True and results["explore_shipped_frontier"] == 0
    assert results["explore_reactive_bounded"] is True
    assert results["check_shipped_s_exit_codes"] == [0] and results["guide_shipped_s_exit_codes"] == [0]
    for command in ("check", "guide"):  # judged cold, and said so, with the warm figure beside it
        assert _positive(results[f"{command}_shipped_warm_s"])
        assert str(results[f"{command}_shipped_warm_s"]) in results["checks"][f"{command}_shipped_s"]["note"]


def test_bench_quick_json_end_to_end(run_cli) -> None:
    result = run_cli("bench", "--quick", "--json")
    assert result.code == 0, result.err
    results = json.loads(result.out)
    assert results["quick"] is True and results["ui_measured"] is True
    _every_target_measured_and_judged(results)
    _spreads_are_ordered(results)
    _paired_figures(results)
    _play_went_through(results)
    _core_went_as_far_as_asked(results)
    progress = result.err.splitlines()
    assert progress[0].startswith("bench: quick run, ") and "about" in progress[0]
    assert sum(line.endswith(" s)...") for line in progress) == len(bench.STEPS)
    assert progress[-1].startswith("bench: finished in ")
    # the same figures as a table: every row, and a verdict on every target's row
    table = io.StringIO()
    bench.print_table(results, table)
    lines = table.getvalue().splitlines()
    for label, key in bench.ROWS:
        [line] = [line for line in lines if line.startswith(label + " ")]
        if key in bench.TARGETS:
            assert line.endswith("ok") or "MISSED x" in line, line
