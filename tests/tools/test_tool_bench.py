"""``budapest1956 bench``'s parts, each checked without a clock and without a run.

Nothing here compares a timing with a target (a slow or busy machine must not fail a
test). What can be checked is: the spreads and verdicts are computed as documented, a
missing measurement is never a met target, the table shows by how much a target is
missed, the generated stories are valid and long enough, and the game's bench driver
plays its plan through (with a stand-in for the app, so no window opens). The one real
run of ``bench --quick`` is in ``test_tool_bench_smoke.py``.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from game.core.explore import explore
from game.core.loader import load_story
from game.core.story import Story
from game.tools import bench, benchui
from game.tools.benchload import parse_floor, yaml_files
from game.tools.benchstats import Target, Timing, ratio_spread, verdict
from game.ui.benchdriver import DEFAULT_PLAN, ENDLESS, PLAN_VARIABLE, BenchDriver, read_plan


def test_spreads() -> None:
    hundred = [float(n) for n in range(1, 101)]
    assert bench.sample_spread(hundred) == {"median": 50.5, "p95": 95.0, "max": 100.0, "n": 100}
    assert bench.sample_spread([3.0]) == {"median": 3.0, "p95": 3.0, "max": 3.0, "n": 1}
    assert bench.run_spread([0.3, 0.1, 0.2]) == {"min": 0.1, "median": 0.2, "max": 0.3, "n": 3}
    # each ratio is of one pair, so the spread is of the ratios, not a ratio of medians
    assert ratio_spread([2.0, 3.0, 10.0], [1.0, 2.0, 4.0]) == {"min": 1.5, "median": 2.0, "max": 2.5, "n": 3}


def test_a_verdict_says_by_how_much_a_target_is_missed() -> None:
    missed = verdict("load", Target(1.0, unit="s"), 1.5)
    assert missed["met"] is False and missed["ratio_to_target"] == 1.5 and missed["op"] == "<"
    met = verdict("load", Target(1.0, unit="s"), 0.25)
    assert met["met"] is True and met["ratio_to_target"] == 0.25
    # "under" is strict; "no more than" is not
    assert verdict("x", Target(1.0), 1.0)["met"] is False
    assert verdict("x", Target(1.0, "<="), 1.0)["met"] is True
    assert verdict("x", Target(True, "is"), True)["met"] is True
    assert verdict("x", Target(True, "is"), False)["met"] is False


@pytest.mark.parametrize("value", [None, "error text", True])
def test_a_missing_measurement_is_never_a_met_target(value: Any) -> None:
    judged = verdict("memory", Target(120.0), value)
    assert judged["met"] is False and judged["ratio_to_target"] is None and judged["missing"]


def test_checks_give_every_target_a_verdict_even_with_nothing_measured() -> None:
    checked = bench.checks({})
    assert set(checked) == set(bench.TARGETS)
    assert all(check["met"] is False and "missing" in check for check in checked.values())
    assert {check["measure"] for check in checked.values()} <= {label.strip() for label, _ in bench.ROWS}


def test_a_missing_measurement_says_why() -> None:
    checked = bench.checks({"play_3840x2160_error": "cannot open the game window", "ui_measured": True,
                            "rss_1280x720_mb": 80.0})
    assert checked["rss_3840x2160_mb"]["missing"] == "not measured: cannot open the game window"
    assert checked["rss_1280x720_mb"]["met"] is True
    skipped = bench.checks({"ui_measured": False, "commands_measured": False})
    assert all("--no-ui" in skipped[key]["missing"] for key in bench.UI_TARGETS)
    assert "parser" in skipped["check_shipped_s"]["missing"]
    assert skipped["choose_us"]["missing"] == "not measured"


def test_issue_13_targets_are_all_there() -> None:
    expected = {
        "load_10000_cold_cpu_s": (1.0, "<"), "load_10000_over_yaml": (1.0, "<="), "load_10000_warm_cpu_s": (0.3, "<"),
        "first_frame_over_import_pygame": (1.3, "<"), "rss_1280x720_mb": (120.0, "<"),
        "rss_1920x1080_mb": (120.0, "<"), "rss_3840x2160_mb": (200.0, "<"), "redraw_p95_ms": (4.0, "<"),
        "idle_cpu_percent": (1.0, "<"), "guide_shipped_s": (0.3, "<"), "check_shipped_s": (0.1, "<"),
    }
    for key, (limit, op) in expected.items():
        assert (bench.TARGETS[key].limit, bench.TARGETS[key].op) == (limit, op), key
    for kept in ("choose_us", "choose_walk_us", "start_us", "undo_growth", "explore_shipped_cpu_s"):
        assert kept in bench.TARGETS


def _results(**measured: Any) -> dict[str, Any]:
    results: dict[str, Any] = {"quick": False, **measured}
    results["checks"] = bench.checks(results)
    return results


def test_the_table_shows_misses_by_how_much_and_what_was_not_measured() -> None:
    results = _results(
        load_10000_cold_cpu_s=1.5, load_10000_cold_cpu_s_spread={"min": 1.4, "median": 1.5, "max": 1.9, "n": 5},
        check_shipped_s=0.05, idle_cpu_percent=0.5, idle_sampled_s=1.5, choose_walk_windows_us=[1.0, 2.0],
    )
    out = io.StringIO()
    bench.print_table(results, out)
    lines = out.getvalue().splitlines()

    def row(key: str) -> str:
        [line] = [line for line in lines if line.startswith(dict((k, label) for label, k in bench.ROWS)[key])]
        return line

    assert row("load_10000_cold_cpu_s").endswith("MISSED x1.5")
    assert "1.4–1.9 (n 5)" in row("load_10000_cold_cpu_s")
    assert row("check_shipped_s").endswith("ok")
    assert row("rss_1920x1080_mb").endswith("NOT MEASURED")
    assert row("idle_cpu_percent").endswith("ok")
    assert any("sampled over 1.5 s only" in line for line in lines)
    assert "choose_walk_windows_us: [1.0, 2.0]" in lines


def test_progress_says_how_long_before_it_starts_and_each_step() -> None:
    stream = io.StringIO()
    progress = bench.Progress(bench.STEPS, quick=False, stream=stream)
    progress.announce()
    assert progress.run(bench.STEPS[0], lambda: {"x": 1}) == {"x": 1}
    first, started, finished = stream.getvalue().splitlines()
    total = sum(step.full_s for step in bench.STEPS)
    assert first == (f"bench: full run, {len(bench.STEPS)} steps, about {total:.0f} s"
                     " (as on the 2-core development machine)")
    assert started.startswith(f"bench: [1/{len(bench.STEPS)}] {bench.STEPS[0].name}")
    assert finished.startswith(f"bench: [1/{len(bench.STEPS)}] done in ")


def test_the_floor_parses_the_same_files_the_story_has(tmp_path: Path) -> None:
    bench.generate_story(tmp_path, 60, per_file=25)
    files = yaml_files(tmp_path)
    assert [path.name for path in files] == ["chapter_000.yaml", "chapter_001.yaml", "chapter_002.yaml", "story.yaml"]
    assert parse_floor(files) == 4


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


# ---------------------------------------------------------------------- the game's driver
class _Screen:
    def __init__(self, moving: int = 0):
        self.moving = moving

    def animating(self) -> bool:
        self.moving -= 1
        return self.moving >= 0


class _App:
    """As much of :class:`game.ui.app.App` as the driver touches."""

    def __init__(self) -> None:
        self.first_frame_at: float | None = None
        self.first_frame_seconds = 0.0
        self.story_data = SimpleNamespace(perspectives={"p": object()})
        self.window = SimpleNamespace(get_size=lambda: (1920, 1080))
        self.autoplay = 0
        self.games_finished = 0
        self.frames = 0
        self.running = True
        self.started: list[str] = []
        self.top = _Screen(moving=3)

    def start_story(self, perspective: str) -> None:
        self.started.append(perspective)

    def draw(self) -> None:
        self.frames += 1


def test_the_driver_plays_its_plan_through(tmp_path: Path) -> None:
    app = _App()
    report = tmp_path / "report.json"
    driver = BenchDriver(app, report, {"first_frame_only": False, "games": 2, "redraws": 5, "idle_s": 0.0})
    driver.step()
    assert driver.phase == "start"  # nothing drawn yet
    app.first_frame_at, app.first_frame_seconds = 1.0, 0.4
    driver.step()
    assert driver.phase == "play" and app.autoplay == ENDLESS and driver.busy
    app.games_finished = 1
    driver.step()
    assert driver.phase == "play"
    app.games_finished = 2
    driver.step()
    assert driver.phase == "redraw" and app.autoplay == 0
    driver.step()
    assert app.started == ["p"] and app.frames == 6  # one to show the story, five timed
    while driver.phase == "settle":  # waits for the screen to stop moving before idling
        driver.step()
    assert not driver.busy
    driver.step()
    assert driver.phase == "done" and app.running is False
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["games_played"] == 2 and written["redraws"] == 5 and written["settled"] is True
    assert written["first_frame_s"] == 0.4 and written["window"] == "1920x1080"
    assert written["redraw_p50_ms"] <= written["redraw_p95_ms"] <= written["redraw_max_ms"]
    assert "idle_cpu_percent" not in written  # idle_s 0: not sampled, so not reported
    assert written["peak_rss_mb"] > 0


def test_the_driver_can_stop_at_the_first_frame(tmp_path: Path) -> None:
    app = _App()
    app.first_frame_at = 1.0
    driver = BenchDriver(app, tmp_path / "r.json", {**DEFAULT_PLAN, "first_frame_only": True})
    driver.step()
    assert driver.phase == "done" and app.running is False and app.autoplay == 0
    assert set(json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))) >= {"first_frame_s", "first_frame_cpu_s"}


def test_the_plan_comes_from_the_environment() -> None:
    assert read_plan({}) == DEFAULT_PLAN
    assert read_plan({PLAN_VARIABLE: json.dumps({"games": 1})}) == {**DEFAULT_PLAN, "games": 1}


def test_play_reports_are_flattened_per_size_and_judged_at_1920x1080() -> None:
    seen = {
        "1280x720": {"peak_rss_mb": 80.0, "redraw_p95_ms": 1.0, "games_played": 5},
        "1920x1080": {"peak_rss_mb": 95.0, "redraw_p95_ms": 2.0, "idle_cpu_percent": 0.2, "idle_sampled_s": 30.0},
        "3840x2160": {"error": "no report"},
    }
    results = benchui.play_results(seen)
    assert results["rss_1280x720_mb"] == 80.0 and results["rss_1920x1080_mb"] == 95.0
    assert "rss_3840x2160_mb" not in results and results["play_3840x2160_error"] == "no report"
    assert results["redraw_p95_ms"] == 2.0 and results["redraw_p95_1280x720_ms"] == 1.0
    assert results["idle_cpu_percent"] == 0.2 and results["idle_window"] == "1920x1080"
    assert bench.checks(results)["rss_3840x2160_mb"]["met"] is False


def test_a_child_run_is_timed_on_its_own_clock() -> None:
    import os
    import sys

    run = benchui.run_child([sys.executable, "-c", "import sys; sys.exit(3)"], dict(os.environ))
    assert run.code == 3 and isinstance(run.timing, Timing)
    assert 0 < run.timing.cpu and 0 < run.timing.wall


def test_every_row_has_its_own_label() -> None:
    labels = [label.strip() for label, _ in bench.ROWS]
    assert len(labels) == len(set(labels)) and all(key in bench.LABELS for key in bench.TARGETS)


def test_a_cold_load_says_what_writing_the_cache_costs_after_the_first_frame() -> None:
    checked = bench.checks({"load_10000_cold_cpu_s": 1.25, "load_10000_nocache_cpu_s": 0.85,
                            "load_10000_nocache_over_yaml": 0.93, "load_10000_over_yaml": 1.37,
                            "load_10000_cache_write_cpu_s": 0.36})
    for key in ("load_10000_cold_cpu_s", "load_10000_over_yaml"):
        assert checked[key]["met"] is False
        assert "0.85 s CPU, 0.93x the floor" in checked[key]["note"]
        assert "written after the first frame (0.36 s CPU more)" in checked[key]["note"]