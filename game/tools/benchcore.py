"""The headless core's figures for ``budapest1956 bench``: playing, undo and ``explore``.

Operations that take microseconds (``Story(...)``, ``choose()``) are timed many times on
the wall clock (``perf_counter_ns``) and reported as median, 95th percentile and slowest;
the median of thousands of samples barely moves when other work shares the machine.
Whole runs (building the machine, ``explore``, the ``check`` and ``guide`` commands) are
timed a few times on the CPU clock, with the wall clock beside it, as minimum, median
and maximum. The story measured is dropped before the next part begins, so no part
pays for another's garbage.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import random
import re
import shutil
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable, Iterator

from ..core.explore import DEFAULT_MAX_STATES, explore
from ..core.loader import load_story
from ..core.machine import machine_for
from ..core.model import StoryData
from ..core.story import Story
from ..paths import CACHE_DIR_VARIABLE, default_story_dir
from .benchstats import Timing, put, put_timings, sample_spread, timed
from .benchstories import generate_reactive_story

WALK_STEPS = 500
WINDOW = 100
UNDO_STEPS = 10_000


def time_machine(story: StoryData, repeats: int) -> list[Timing]:
    """Both clocks of building the story's one ``transitions`` machine (dropped and rebuilt)."""
    timings = []
    for _ in range(repeats):
        story.machine = None
        timing, _machine = timed(lambda: machine_for(story))
        timings.append(timing)
    return timings


def _time_start(story: StoryData, times: int) -> list[float]:
    """Microseconds per ``Story(data, perspective)`` once the machine exists."""
    machine_for(story)
    perspective = next(iter(story.perspectives))
    samples = []
    for _ in range(times):
        started = time.perf_counter_ns()
        Story(story, perspective)
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def _next_choice(story: Story, rng: random.Random) -> int | None:
    """A random open choice, one that does not end the story when there is one, so a walk
    lasts as long as it is asked to (None at an ending or a dead end)."""
    options = story.open_choices
    if not options:
        return None
    scenes = story.data.scenes
    going_on = [choice for choice in options if scenes[choice.goto].ending is None]
    return rng.choice(going_on or options).index


def _walk(story: Story, steps: int, rng: random.Random, each: Callable[[int, float], None] | None = None) -> int:
    """Take up to ``steps`` choices; ``each(step, microseconds)`` sees every timed choose()."""
    taken = 0
    while taken < steps:
        index = _next_choice(story, rng)
        if index is None:
            break
        started = time.perf_counter_ns()
        story.choose(index)
        elapsed = (time.perf_counter_ns() - started) / 1000
        taken += 1
        if each is not None:
            each(taken, elapsed)
    return taken


def _time_walks(story_data: StoryData, walks: int, steps: int = WALK_STEPS) -> tuple[list[float], list[list[float]]]:
    """Every choose() of ``walks`` fresh ``steps``-step walks, and the same grouped by
    100-step window of the walk (steps 1-100, 101-200, ...) to show whether a choice
    costs more the longer the playthrough."""
    machine_for(story_data)
    perspective = next(iter(story_data.perspectives))
    samples: list[float] = []
    windows: list[list[float]] = [[] for _ in range(-(-steps // WINDOW))]

    def note(step: int, elapsed: float) -> None:
        samples.append(elapsed)
        windows[(step - 1) // WINDOW].append(elapsed)

    for seed in range(walks):
        _walk(Story(story_data, perspective), steps, random.Random(seed), note)
    return samples, [window for window in windows if window]


def _time_choose(story_data: StoryData, choices: int) -> list[float]:
    """Microseconds per ``choose()`` over random games (restart cost excluded)."""
    rng = random.Random(7)
    perspectives = [p.id for p in story_data.perspectives.values()]
    samples: list[float] = []
    story = Story(story_data, perspectives[0])
    while len(samples) < choices:
        if story.is_ending or not story.open_choices:
            story = Story(story_data, rng.choice(perspectives))
            continue
        index = rng.choice(story.open_choices).index
        started = time.perf_counter_ns()
        story.choose(index)
        samples.append((time.perf_counter_ns() - started) / 1000)
    return samples


def _undo_memory(story_data: StoryData, steps: int = UNDO_STEPS) -> dict[str, Any]:
    """What a playthrough's undo history costs in memory over a ``steps``-step walk.

    Undo keeps every earlier state; if a step copied the visit history (as before issue 8:
    1.26 GB over a 10,000-scene walk) a late step would cost many times an early one. The
    growth is the bytes per step after the first tenth of the walk over the bytes per step
    in it."""
    machine_for(story_data)
    perspective = next(iter(story_data.perspectives))
    early_steps = max(1, steps // 10)
    marks: dict[str, int] = {}

    def note(step: int, _elapsed: float) -> None:
        if step == early_steps:
            marks["early"] = tracemalloc.get_traced_memory()[0]

    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        story = Story(story_data, perspective)
        taken = _walk(story, steps, random.Random(11), note)
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    early = marks.get("early", current)
    per_early = (early - base) / early_steps
    per_late = (current - early) / max(1, taken - early_steps)
    return {
        "undo_steps": taken,
        "undo_history_mb": round((current - base) / 1e6, 2),
        "undo_peak_mb": round((peak - base) / 1e6, 2),
        "undo_bytes_per_step_early": round(per_early),
        "undo_bytes_per_step_late": round(per_late),
        "undo_growth": round(per_late / max(per_early, 1.0), 2),
        "undo_history_kept": len(story.history),
    }


def _explore_cpu(story: StoryData, repeats: int, max_states: int) -> tuple[list[Timing], Any]:
    """Both clocks of ``explore``, and the last report."""
    timings = []
    report = None
    for _ in range(repeats):
        timing, report = timed(lambda: explore(story, max_states=max_states))
        timings.append(timing)
    return timings, report


def _explore_results(prefix: str, timings: list[Timing], report: Any, max_states: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    put_timings(results, f"{prefix}_cpu_s", timings)
    results[f"{prefix}_complete"] = report.complete
    results[f"{prefix}_states"] = report.states
    results[f"{prefix}_frontier"] = sum(p["frontier"] for p in report.per_perspective.values())
    results[f"{prefix}_scenes_reached"] = f"{report.scenes_reached}/{report.scenes_total}"
    results[f"{prefix}_max_states"] = max_states
    results[f"{prefix}_variables_read"] = len(report.abstraction.get("variables", []))
    return results



def bench_playthrough(large: StoryData, quick: bool) -> dict[str, Any]:
    """A playthrough of the largest generated story: start, a long walk, undo's memory."""
    results: dict[str, Any] = {"large_scenes": len(large.scenes)}
    put(results, "start_us", sample_spread(_time_start(large, 200 if quick else 2_000)))
    first, second = (Story(large, next(iter(large.perspectives))) for _ in range(2))
    results["machine_shared"] = first.machine is second.machine is large.machine
    samples, windows = _time_walks(large, 4 if quick else 20)
    put(results, "choose_walk_us", sample_spread(samples))
    medians = [statistics.median(window) for window in windows]
    results["choose_walk_windows_us"] = [round(median, 2) for median in medians]
    results["choose_walk_flatness"] = round(max(medians) / max(min(medians), 1e-9), 2)
    results.update(_undo_memory(large, 2_000 if quick else UNDO_STEPS))
    return results


def bench_reactive(folder: Path, quick: bool) -> dict[str, Any]:
    """``explore`` where it is hard: ten variables read by conditions everywhere."""
    generate_reactive_story(folder, 60 if quick else 120)
    reactive, diagnostics = load_story(folder)
    if reactive is None:
        raise RuntimeError(f"generated reactive story did not load: {diagnostics.errors[:3]}")
    cap = 10_000 if quick else 100_000
    timings, report = _explore_cpu(reactive, 1 if quick else 3, cap)
    results = {"reactive_scenes": len(reactive.scenes)}
    results.update(_explore_results("explore_reactive", timings, report, cap))
    perspectives = report.per_perspective.values()
    results["explore_reactive_bounded"] = report.complete or all(
        p["states"] <= cap and (p["frontier"] > 0 or not p["truncated"]) for p in perspectives
    )
    return results


def bench_shipped(quick: bool) -> dict[str, Any]:
    """The shipped story, measured first, in a heap holding nothing else: as a player's
    game and an author's ``explore`` meet it (a 10,000-scene story left in memory makes
    every garbage collection slower and would be charged to whatever runs next)."""
    results: dict[str, Any] = {}
    timings = []
    shipped, diagnostics = None, None
    for _ in range(2 if quick else 5):
        timing, (shipped, diagnostics) = timed(lambda: load_story(default_story_dir()))
        timings.append(timing)
    if shipped is None:
        return {"shipped_error": diagnostics.summary() if diagnostics else "not loaded"}
    results["shipped_scenes"] = len(shipped.scenes)
    put_timings(results, "shipped_load_validate_s", timings)
    put(results, "choose_us", sample_spread(_time_choose(shipped, 5_000 if quick else 50_000)))
    timings, report = _explore_cpu(shipped, 1 if quick else 5, DEFAULT_MAX_STATES)
    results.update(_explore_results("explore_shipped", timings, report, DEFAULT_MAX_STATES))
    return results


def bench_large(story: StoryData, quick: bool) -> dict[str, Any]:
    """The machine and random games of a large generated story, then a long playthrough."""
    results: dict[str, Any] = {}
    put_timings(results, "machine_build_s", time_machine(story, 1 if quick else 3))
    put(results, "choose_large_us", sample_spread(_time_choose(story, 2_000 if quick else 20_000)))
    results.update(bench_playthrough(story, quick))
    return results


def _run_command(parser: Callable[[list[str]], argparse.ArgumentParser], argv: list[str]) -> int:
    """One ``budapest1956`` command in this process, parsed by the command line's own
    parser (``parser(argv)``, handed in by :func:`game.cli.cmd_bench`), its output kept
    out of the benchmark's."""
    args = parser(argv).parse_args(argv)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return int(args.handler(args))


def bench_commands(quick: bool, parser: Callable[[list[str]], argparse.ArgumentParser]) -> dict[str, Any]:
    """``check`` and ``guide`` on the shipped story, each run whole as its command runs it
    (load included, output written), ``repeats`` times on both clocks, in this process
    (one untimed run first imports their modules: interpreter start-up is the first
    frame's measurement, not theirs).

    Each repeat points the commands' cache folder (``$BUDAPEST1956_CACHE_DIR``) at a fresh
    empty folder and runs the command twice: *cold*, what it costs after any edit of the
    story (the case an author meets, and the one judged), then *warm*, the same story
    unchanged, with what the first run kept (compiled story, remembered walk)."""
    repeats = 1 if quick else 7
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder, _cache_folder(Path(folder) / "warm-up"):
        commands = {
            "check_shipped_s": ["check"],
            "guide_shipped_s": ["guide", "--out", str(Path(folder) / "guide.html")],
        }
        for argv in commands.values():
            _run_command(parser, argv)
        for key, argv in commands.items():
            cold, warm, codes = [], [], set()
            for repeat in range(repeats):
                with _cache_folder(Path(folder) / f"{key}-{repeat}"):
                    for timings in (cold, warm):
                        timing, code = timed(lambda: _run_command(parser, argv))
                        timings.append(timing)
                        codes.add(code)
            put_timings(results, key, cold)
            put_timings(results, key[: -len("_s")] + "_warm_s", warm)
            results[f"{key}_exit_codes"] = sorted(codes)
        put_timings(results, "check_shipped_prose_edit_s", _check_after_prose_edit(parser, Path(folder), repeats))
    return results


def _check_after_prose_edit(parser: Callable[[list[str]], argparse.ArgumentParser], folder: Path,
                            repeats: int) -> list[Timing]:
    """``check`` of a copy of the shipped story after the edit an author makes most:
    a title reworded and a line added above everything (so every place moves), timed
    after a first check of the copy as it was."""
    timings = []
    for repeat in range(repeats):
        copy = folder / f"prose-{repeat}" / "story"
        shutil.copytree(default_story_dir(), copy)
        with _cache_folder(folder / f"prose-{repeat}" / "cache"):
            _run_command(parser, ["check", str(copy)])
            chapter = sorted(path for path in copy.glob("*.yaml") if path.name != "story.yaml")[0]
            text = re.sub(r"^(\s*title: )([\"']?)", r"\1\2Reworded ", chapter.read_text("utf-8"), count=1, flags=re.M)
            chapter.write_text("# an author's note\n" + text, "utf-8")
            timing, _code = timed(lambda: _run_command(parser, ["check", str(copy)]))
            timings.append(timing)
    return timings


@contextlib.contextmanager
def _cache_folder(folder: Path) -> Iterator[None]:
    """Commands run inside keep their compiled stories in ``folder`` (then as before)."""
    before = os.environ.get(CACHE_DIR_VARIABLE)
    os.environ[CACHE_DIR_VARIABLE] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(CACHE_DIR_VARIABLE, None)
        else:
            os.environ[CACHE_DIR_VARIABLE] = before
