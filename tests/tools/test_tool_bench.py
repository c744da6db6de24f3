"""``budapest1956 bench``: what it measures is there, shaped as documented, and sane.

Nothing here compares a timing with a target (a slow or busy machine must not fail a
test); the targets are for people reading ``bench``. What can be checked without a clock
is checked: every target has its measurement and verdict, spreads are ordered, the walks
were as long as asked, undo kept every step, and explore stayed within its bound.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
from pathlib import Path
from typing import Any

import pytest

from game.core.explore import explore
from game.core.loader import load_story
from game.core.story import Story
from game.tools import bench

CORE_TARGETS = [key for key in bench.TARGETS if key not in
                ("first_frame_s", "redraw_p95_ms", "idle_cpu_percent", "playing_rss_mb", "load_validate_10000_s")]


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    """One quick run without the game window, through ``run_bench`` and its JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert bench.run_bench(as_json=True, quick=True, include_ui=False) == 0
    return json.loads(out.getvalue())


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def test_every_core_target_has_a_measurement_and_a_verdict(results: dict[str, Any]) -> None:
    assert results["quick"] is True
    assert results["targets"] == bench.TARGETS
    for key in CORE_TARGETS:
        check = results["checks"][key]
        assert check["value"] == results[key], key
        assert check["target"] == bench.TARGETS[key], key
        assert isinstance(check["met"], bool), key
        assert check["measure"] == dict((k, label) for label, k in bench.ROWS)[key]
    # a quick run has no 10,000-scene story, and says nothing about it
    assert "load_validate_10000_s" not in results and "load_validate_10000_s" not in results["checks"]


@pytest.mark.parametrize("key", ["start_us", "choose_walk_us", "choose_large_us", "choose_us"])
def test_many_call_timings_have_median_p95_and_max(results: dict[str, Any], key: str) -> None:
    spread = results[f"{key}_spread"]
    assert set(spread) == {"median", "p95", "max", "n"}
    assert _positive(spread["median"]) and spread["median"] <= spread["p95"] <= spread["max"]
    assert spread["n"] >= 100
    assert results[key] == spread["median"]


@pytest.mark.parametrize(
    "key", ["load_validate_1000_s", "machine_build_s", "shipped_load_validate_s", "explore_shipped_cpu_s",
            "explore_reactive_cpu_s"],
)
def test_whole_run_timings_have_min_median_max(results: dict[str, Any], key: str) -> None:
    spread = results[f"{key}_spread"]
    assert set(spread) == {"min", "median", "max", "n"}
    assert _positive(spread["min"]) and spread["min"] <= spread["median"] <= spread["max"]
    assert spread["n"] >= 1
    assert results[key] == spread["median"]


def test_the_walk_is_reported_per_hundred_steps(results: dict[str, Any]) -> None:
    windows = results["choose_walk_windows_us"]
    assert len(windows) == bench.WALK_STEPS // bench.WINDOW == 5
    assert all(_positive(median) for median in windows)
    assert results["choose_walk_flatness"] == pytest.approx(max(windows) / min(windows), abs=0.02)
    assert results["choose_walk_flatness"] >= 1
    # 4 walks of 500 steps each: every walk went the whole way (none stopped at an ending)
    assert results["choose_walk_us_spread"]["n"] == 4 * bench.WALK_STEPS


def test_undo_memory_of_a_long_walk(results: dict[str, Any]) -> None:
    assert results["large_scenes"] == 1_000
    assert results["machine_shared"] is True
    assert results["undo_steps"] == 2_000  # longer than the story: the walk went round its loops
    assert results["undo_history_kept"] == results["undo_steps"]
    assert _positive(results["undo_history_mb"]) and results["undo_peak_mb"] >= results["undo_history_mb"]
    assert _positive(results["undo_bytes_per_step_early"]) and _positive(results["undo_bytes_per_step_late"])
    assert results["undo_growth"] == pytest.approx(
        results["undo_bytes_per_step_late"] / results["undo_bytes_per_step_early"], abs=0.02
    )


def test_explore_of_the_shipped_story(results: dict[str, Any]) -> None:
    assert results["explore_shipped_complete"] is True
    assert results["explore_shipped_frontier"] == 0
    assert results["explore_shipped_states"] >= results["shipped_scenes"] > 0
    reached, total = map(int, results["explore_shipped_scenes_reached"].split("/"))
    assert total == results["shipped_scenes"] and 0 < reached <= total


def test_explore_of_the_reactive_story_stays_within_its_bound(results: dict[str, Any]) -> None:
    assert results["explore_reactive_variables_read"] == 10
    assert 0 < results["explore_reactive_states"] <= results["explore_reactive_max_states"]
    assert results["explore_reactive_bounded"] is True
    if not results["explore_reactive_complete"]:
        assert results["explore_reactive_frontier"] > 0  # cut short, and says how much was left


def test_text_output_prints_each_target_beside_its_measurement(
    results: dict[str, Any], run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    measured = {key: value for key, value in results.items() if key not in ("targets", "checks", "python", "quick")}
    monkeypatch.setattr(bench, "bench_core", lambda quick: dict(measured))
    result = run_cli("bench", "--quick", "--no-ui")
    assert result.code == 0
    lines = result.out.splitlines()
    for label, key in bench.ROWS:
        [line] = [line for line in lines if line.startswith(label)]
        if key in results["checks"]:
            assert line.split()[-1] == ("ok" if results["checks"][key]["met"] else "OVER"), line
            assert f"{bench._shown(results[key])} " in line
    assert "quick: the large story has 1,000 scenes" in result.out
    assert "choose_walk_windows_us: [" in result.out


def test_spreads() -> None:
    hundred = [float(n) for n in range(1, 101)]
    assert bench.sample_spread(hundred) == {"median": 50.5, "p95": 95.0, "max": 100.0, "n": 100}
    assert bench.sample_spread([3.0]) == {"median": 3.0, "p95": 3.0, "max": 3.0, "n": 1}
    assert bench.run_spread([0.3, 0.1, 0.2]) == {"min": 0.1, "median": 0.2, "max": 0.3, "n": 3}
    checked = bench.checks({"start_us": 1500.0, "choose_us": 10.0, "explore_reactive_bounded": False})
    assert checked["start_us"]["met"] is False and checked["choose_us"]["met"] is True
    assert checked["explore_reactive_bounded"]["met"] is False


def test_generated_story_is_clean_and_a_walk_can_outlast_it(tmp_path: Path) -> None:
    bench.generate_story(tmp_path, 60, per_file=25)
    story, diagnostics = load_story(tmp_path)
    assert story is not None and not diagnostics.errors and not diagnostics.warnings
    assert len(story.scenes) == 60
    backwards = [c for s in story.scenes.values() for c in s.choices if int(c.goto[1:]) <= int(s.id[1:])]
    assert backwards, "the generator writes loops back"
    playthrough = Story(story, "p")
    assert bench._walk(playthrough, 500, random.Random(1)) == 500
    assert len(playthrough.history) == 500 and not playthrough.is_ending


def test_generated_reactive_story_uses_every_construct(tmp_path: Path) -> None:
    bench.generate_reactive_story(tmp_path, 30)
    story, diagnostics = load_story(tmp_path)
    assert story is not None and not diagnostics.errors
    scenes = list(story.scenes.values())
    assert all(scene.text.conditionals for scene in scenes)
    assert any(choice.reply and choice.reply.conditionals for scene in scenes for choice in scene.choices)
    assert any(choice.condition and "chose(" in choice.condition.source for scene in scenes for choice in scene.choices)
    assert any("visits(" in c.condition.source for scene in scenes for c in scene.text.conditionals)
    assert story.endings and story.endings[0].ending.epilogue.conditionals
    report = explore(story, max_states=2_000)
    assert len(report.abstraction["variables"]) == 10
    assert report.states <= 2_000 and (report.complete or report.per_perspective["p"]["frontier"] > 0)
