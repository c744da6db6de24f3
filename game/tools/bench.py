"""``budapest1956 bench``: speed and memory, measured and reported against the targets of
ARCHITECTURE.md and issue 8. Nothing here asserts: numbers are for people to read and
compare, and they come with their spread, because one number from a shared machine
means little.

Two kinds of spread, each used for one kind of measurement:

* an operation timed many times (``Story(...)``, ``choose()``) reports the median and the
  95th percentile of its samples, and the slowest one, which shows a pause such as a
  garbage collection (``{"median", "p95", "max", "n"}``);
* a whole run timed a few times (load + validate, building the machine, ``explore``)
  reports the minimum, median and maximum over the repeats (``{"min", "median", "max", "n"}``).

A target is always compared with the median; ``checks`` in the JSON (and the last column
of the table) says whether each is met. Generated stories (1,000 and 10,000 scenes,
with conditions, effects, real citations and loops back, so a walk can be as long as a
measurement needs) measure how load + validate grows, starting a playthrough and
``choose()`` along a long walk, and the memory undo keeps; a generated *reactive* story
(ten variables read by conditions on choices, conditional paragraphs, replies and
``chose()``) measures ``explore`` where the state space is large. The shipped story
measures ``choose()`` and ``explore`` as a player and an author meet them. The pygame
numbers (first frame, redraw, idle CPU, memory) come from the real game run headless in a
child process, so they include interpreter start-up like a player would see; the line
breaking of one 20,000-character word (which took minutes before issue 10) is timed here,
with only pygame's fonts.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

from ..core.explore import DEFAULT_MAX_STATES, explore
from ..core.loader import load_story
from ..core.machine import machine_for
from ..core.model import StoryData
from ..core.story import Story
from ..paths import default_story_dir

QUOTES = [
    "Immediately after the broadcast, the crowd marched on the broadcasting station.",
    "Soviet tanks were still on the streets, however, and the uprising continued.",
    "Electricity, gas and water supplies are still functioning.",
    "A ban on alcohol is strictly enforced and people are queuing for bread.",
    "Despite an apparent withdrawal only last week, Soviet troops deployed outside Budapest swept back",
]

#: a number is met when the measured median is at most it; ``True`` when the measure holds
TARGETS: dict[str, float | bool] = {
    "load_validate_ms_per_scene": 0.1,
    "load_validate_10000_s": 2.0,
    "start_us": 1000.0,  # Story(data, perspective) on the large generated story: under 1 ms
    "choose_walk_us": 20.0,  # choose() along a 500-step walk of the large generated story
    "choose_walk_flatness": 1.5,  # slowest 100-step window's median over the fastest's
    "choose_us": 50.0,  # choose() on the shipped story
    "undo_growth": 2.0,  # bytes of undo per step late in a 10,000-step walk over early in it
    "explore_shipped_cpu_s": 0.5,
    "explore_reactive_bounded": True,  # completes, or stops at max_states and says how far it got
    "first_frame_s": 0.5,
    "redraw_p95_ms": 4.0,
    "idle_cpu_percent": 2.0,
    "playing_rss_mb": 150.0,
}

#: the table, in the order it is printed: (label, key); keys without a target are context
ROWS = [
    ("load + validate per scene (ms)", "load_validate_ms_per_scene"),
    ("load + validate 10,000 scenes (s)", "load_validate_10000_s"),
    ("build the machine, large story (s)", "machine_build_s"),
    ("start a playthrough, large story (µs)", "start_us"),
    ("choose(), 500-step walk, large (µs)", "choose_walk_us"),
    ("choose() walk: slowest/fastest window", "choose_walk_flatness"),
    ("choose(), whole random games, large (µs)", "choose_large_us"),
    ("choose() on the shipped story (µs)", "choose_us"),
    ("undo history, long walk (MB)", "undo_history_mb"),
    ("undo bytes/step, late over early", "undo_growth"),
    ("explore the shipped story (CPU s)", "explore_shipped_cpu_s"),
    ("explore a reactive story (CPU s)", "explore_reactive_cpu_s"),
    ("explore reactive: completes or reports", "explore_reactive_bounded"),
    ("first drawn frame (s)", "first_frame_s"),
    ("full redraw 1280x720, p95 (ms)", "redraw_p95_ms"),
    ("idle CPU (% of one core)", "idle_cpu_percent"),
    ("resident memory while playing (MB)", "playing_rss_mb"),
    ("wrap a 20,000-character word (ms)", "wrap_long_word_ms"),  # minutes before issue 10
]

WALK_STEPS = 500
WINDOW = 100
UNDO_STEPS = 10_000


# ---------------------------------------------------------------------- spreads
def sample_spread(samples: list[float], digits: int = 2) -> dict[str, Any]:
    """Median, 95th percentile and slowest of many timings of one operation."""
    ordered = sorted(samples)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return {
        "median": round(statistics.median(ordered), digits), "p95": round(p95, digits),
        "max": round(ordered[-1], digits), "n": len(ordered),
    }


def run_spread(values: list[float], digits: int = 4) -> dict[str, Any]:
    """Minimum, median and maximum of a few timings of a whole run."""
    return {
        "min": round(min(values), digits), "median": round(statistics.median(values), digits),
        "max": round(max(values), digits), "n": len(values),
    }


def _put(results: dict[str, Any], key: str, spread: dict[str, Any]) -> None:
    """``key`` holds the median (what a target is compared with); ``key_spread`` the rest."""
    results[key] = spread["median"]
    results[f"{key}_spread"] = spread


# ---------------------------------------------------------------------- generated stories
#: Where a generated story keeps its copy of the BBC source: inside it, as a pack must.
SOURCE_NAME = "sources/bbc-on-this-day-1956.txt"


def _new_story_folder(folder: Path) -> None:
    """Make ``folder`` with its own copy of the shipped source."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_story_dir() / SOURCE_NAME, folder / SOURCE_NAME)


def _header(title: str, variables: list[str]) -> str:
    """``story.yaml`` of a generated story: one perspective starting at ``s0``, the BBC source."""
    source = SOURCE_NAME
    return (
        f"format: 1\nid: generated\ntitle: {title}\nversion: \"1\"\n"
        "variables:\n" + "".join(f"  {line}\n" for line in variables)
        + "perspectives:\n  - {id: p, name: P, fictional: true, start: s0}\n"
        "chapters:\n  - {id: c, title: C}\n"
        f"sources:\n  - {{id: bbc, title: BBC, publisher: BBC, date: \"1956\", file: {json.dumps(str(source))}}}\n"
    )


def _day(index: int, scenes: int) -> int:
    return 23 + index * 12 // scenes


def _dated(index: int, scenes: int) -> str:
    day = _day(index, scenes)
    return f"    date: \"1956-{10 if day <= 31 else 11}-{day if day <= 31 else day - 31:02d} 12:00\""


def generate_story(folder: Path, scenes: int, per_file: int = 500, seed: int = 1) -> None:
    """Write a valid story of ``scenes`` scenes: a long spine with branches and rejoins,
    and a choice back a few scenes (on the same day, so time never runs backwards) in
    every tenth scene and the last but one, so a walk that avoids the ending can go on
    as long as a measurement needs."""
    rng = random.Random(seed)
    _new_story_folder(folder)
    (folder / "story.yaml").write_text(
        _header("Generated", [
            "courage: {type: int, default: 0, min: 0, max: 10}", "seen: {type: bool, default: false}",
        ]),
        encoding="utf-8",
    )
    for first in range(0, scenes, per_file):
        lines = ["chapter: c", "perspective: p", "scenes:"]
        for index in range(first, min(first + per_file, scenes)):
            lines += [
                f"  - id: s{index}",
                _dated(index, scenes),
                "    place: Budapest",
                f"    title: Scene {index}",
                "    text: |",
                "      A paragraph of prose long enough to be a realistic scene of the story.",
                "",
                "      And a second paragraph, because scenes have several.",
                "    cites:",
                f"      - source: bbc\n        quote: {json.dumps(rng.choice(QUOTES))}",
            ]
            if index == scenes - 1:
                lines += ["    ending:", "      title: The end"]
                continue
            nxt = index + 1
            skip = min(index + 2, scenes - 1)
            lines += [
                "    choices:",
                f"      - text: Go on\n        goto: s{nxt}\n        effects: courage += 1",
                f"      - text: Be brave\n        goto: s{skip}\n        if: courage >= 2 and not seen\n"
                "        closed: Not yet.\n        effects: seen = true; courage -= 2",
            ]
            if index % 10 == 8 or index == scenes - 2:
                back = next(b for b in range(max(0, index - 5), index + 1) if _day(b, scenes) == _day(index, scenes))
                lines.append(f"      - text: Look back\n        goto: s{back}")
        (folder / f"chapter_{first // per_file:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


REACTIVE_BOOLS = 6
REACTIVE_INTS = 4


def generate_reactive_story(folder: Path, scenes: int = 120) -> None:
    """Write a valid story whose ten variables (six bools, four ints 0..3) are all read by
    conditions everywhere: on choices, in conditional paragraphs, in replies, through
    ``chose()`` and ``visits()``, and in the epilogue. It is the worst case for
    ``explore``: nothing goes dead early, so the abstract state space is large."""
    rng = random.Random(2)
    _new_story_folder(folder)
    declared = [f"b{k}: {{type: bool, default: false}}" for k in range(REACTIVE_BOOLS)]
    declared += [f"n{k}: {{type: int, default: 0, min: 0, max: 3}}" for k in range(REACTIVE_INTS)]
    declared.append('friend: {type: str, default: "Laci"}')
    (folder / "story.yaml").write_text(_header("Generated reactive", declared), encoding="utf-8")

    def b(k: int) -> str:
        return f"b{k % REACTIVE_BOOLS}"

    def n(k: int) -> str:
        return f"n{k % REACTIVE_INTS}"

    def conditional(indent: str, condition: str, then: str, otherwise: str = "") -> str:
        item = f"{indent}- if: {json.dumps(condition)}\n{indent}  text: {json.dumps(then)}"
        return item + (f"\n{indent}  else: {json.dumps(otherwise)}" if otherwise else "")

    lines = ["chapter: c", "perspective: p", "scenes:"]
    last = scenes - 1
    for i in range(scenes):
        text = [
            "      - " + json.dumps("{friend} walks beside you, as on every street of this long day."),
            conditional("      ", b(i), "You remember what you did.", "You have done nothing yet."),
        ]
        if i >= 3 and i % 3 == 0:
            text.append(conditional("      ", f'chose("s{i - 3}.help")', "Someone thanks you for earlier."))
        if i >= 1 and i % 4 == 1:
            text.append(conditional("      ", f'visits("s{i - 1}") >= 1 and {n(i)} >= 2', "You are known here."))
        lines += [
            f"  - id: s{i}", _dated(i, scenes), "    place: Budapest", f"    title: Scene {i}", "    text:", *text,
            "    cites:", f"      - source: bbc\n        quote: {json.dumps(rng.choice(QUOTES))}",
        ]
        if i == last:
            lines += [
                "    ending:", "      title: The end", "      epilogue:",
                conditional("        ", f"{n(0)} >= 2 and {b(1)}", "You are remembered.", "You are forgotten."),
                conditional("        ", 'chose("s0.help")', "It began with one kindness."),
            ]
            continue
        nxt, skip = i + 1, min(i + 2, last)
        lines += [
            "    choices:",
            f"      - id: help\n        text: Help\n        goto: s{nxt}\n        effects: {b(i)} = true; {n(i)} += 1",
            "        reply:",
            conditional("          ", f"{n(i)} >= 2", "Again you help.", "You help, for the first time."),
            f"      - id: refuse\n        text: Refuse\n        goto: s{skip}",
            f"        if: {json.dumps(f'{n(i + 1)} < 3 or {b(i + 3)}')}\n        closed: Not now.",
            f"        effects: {b(i + 1)} = false; {n(i + 2)} -= 1",
            "        reply: " + json.dumps("You refuse, and {friend} looks away."),
        ]
        if i >= 3 and i % 5 == 0:
            remembered = f'chose("s{i - 3}.help") and not {b(i + 2)}'
            lines += [
                f"      - id: remember\n        text: Remember\n        goto: s{nxt}",
                f"        if: {json.dumps(remembered)}",
                f"        closed: Nothing comes back.\n        effects: {n(i + 3)} += 1",
            ]
    (folder / "chapter_000.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------- measurements
def _time_load(folder: Path, repeats: int) -> tuple[list[float], int, int]:
    """Seconds of ``repeats`` timed loads, the scene count, and the traced peak of one more
    (untimed: tracemalloc slows everything it watches)."""
    gc.collect()
    tracemalloc.start()
    story, diagnostics = load_story(folder)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if story is None:
        raise RuntimeError(f"generated story did not load: {diagnostics.errors[:3]}")
    count = len(story.scenes)
    del story
    seconds = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        load_story(folder)
        seconds.append(time.perf_counter() - started)
    return seconds, count, peak


def _time_machine(story: StoryData, repeats: int) -> list[float]:
    """Seconds to build the story's one ``transitions`` machine (dropped and rebuilt)."""
    seconds = []
    for _ in range(repeats):
        story.machine = None
        gc.collect()
        started = time.perf_counter()
        machine_for(story)
        seconds.append(time.perf_counter() - started)
    return seconds


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


def _explore_cpu(story: StoryData, repeats: int, max_states: int) -> tuple[list[float], Any]:
    """CPU seconds (``time.process_time``) of ``explore``, and the last report."""
    seconds = []
    report = None
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        report = explore(story, max_states=max_states)
        seconds.append(time.process_time() - started)
    return seconds, report


def _explore_results(prefix: str, seconds: list[float], report: Any, max_states: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    _put(results, f"{prefix}_cpu_s", run_spread(seconds))
    results[f"{prefix}_complete"] = report.complete
    results[f"{prefix}_states"] = report.states
    results[f"{prefix}_frontier"] = sum(p["frontier"] for p in report.per_perspective.values())
    results[f"{prefix}_scenes_reached"] = f"{report.scenes_reached}/{report.scenes_total}"
    results[f"{prefix}_max_states"] = max_states
    results[f"{prefix}_variables_read"] = len(report.abstraction.get("variables", []))
    return results


def _bench_shipped(quick: bool) -> dict[str, Any]:
    """The shipped story, measured first, in a heap holding nothing else: as a player's
    game and an author's ``explore`` meet it (a 10,000-scene story left in memory makes
    every garbage collection slower and would be charged to whatever runs next)."""
    results: dict[str, Any] = {}
    seconds = []
    shipped, diagnostics = None, None
    for _ in range(2 if quick else 5):
        gc.collect()
        started = time.perf_counter()
        shipped, diagnostics = load_story(default_story_dir())
        seconds.append(time.perf_counter() - started)
    if shipped is None:
        return {"shipped_error": diagnostics.summary() if diagnostics else "not loaded"}
    results["shipped_scenes"] = len(shipped.scenes)
    _put(results, "shipped_load_validate_s", run_spread(seconds))
    _put(results, "choose_us", sample_spread(_time_choose(shipped, 5_000 if quick else 50_000)))
    seconds, report = _explore_cpu(shipped, 2 if quick else 5, DEFAULT_MAX_STATES)
    results.update(_explore_results("explore_shipped", seconds, report, DEFAULT_MAX_STATES))
    return results


def _bench_loading(folder: Path, size: int, quick: bool) -> tuple[dict[str, Any], StoryData]:
    """Load + validate and the machine of one generated story; the story, for more."""
    results: dict[str, Any] = {}
    repeats = 1 if quick else 3
    generate_story(folder, size)
    seconds, count, peak = _time_load(folder, repeats)
    _put(results, f"load_validate_{size}_s", run_spread(seconds))
    results[f"load_validate_{size}_ms_per_scene"] = round(statistics.median(seconds) * 1000 / count, 4)
    results[f"load_validate_{size}_peak_mb"] = round(peak / 1e6, 1)
    story, _ = load_story(folder)
    assert story is not None
    _put(results, f"machine_build_{size}_s", run_spread(_time_machine(story, repeats)))
    _put(results, f"choose_{size}_us", sample_spread(_time_choose(story, 2_000 if quick else 20_000)))
    return results, story


def _bench_playthrough(large: StoryData, quick: bool) -> dict[str, Any]:
    """A playthrough of the largest generated story: start, a long walk, undo's memory."""
    results: dict[str, Any] = {"large_scenes": len(large.scenes)}
    _put(results, "start_us", sample_spread(_time_start(large, 200 if quick else 2_000)))
    first, second = (Story(large, next(iter(large.perspectives))) for _ in range(2))
    results["machine_shared"] = first.machine is second.machine is large.machine
    samples, windows = _time_walks(large, 4 if quick else 20)
    _put(results, "choose_walk_us", sample_spread(samples))
    medians = [statistics.median(window) for window in windows]
    results["choose_walk_windows_us"] = [round(median, 2) for median in medians]
    results["choose_walk_flatness"] = round(max(medians) / max(min(medians), 1e-9), 2)
    results.update(_undo_memory(large, 2_000 if quick else UNDO_STEPS))
    return results


def _bench_reactive(folder: Path, quick: bool) -> dict[str, Any]:
    """``explore`` where it is hard: ten variables read by conditions everywhere."""
    generate_reactive_story(folder, 60 if quick else 120)
    reactive, diagnostics = load_story(folder)
    if reactive is None:
        raise RuntimeError(f"generated reactive story did not load: {diagnostics.errors[:3]}")
    cap = 10_000 if quick else 100_000
    seconds, report = _explore_cpu(reactive, 1 if quick else 3, cap)
    results = {"reactive_scenes": len(reactive.scenes)}
    results.update(_explore_results("explore_reactive", seconds, report, cap))
    perspectives = report.per_perspective.values()
    results["explore_reactive_bounded"] = report.complete or all(
        p["states"] <= cap and (p["frontier"] > 0 or not p["truncated"]) for p in perspectives
    )
    return results


def bench_core(quick: bool) -> dict[str, Any]:
    """Every measurement of the headless core; each part keeps its stories to itself."""
    results = _bench_shipped(quick)
    sizes = (1_000,) if quick else (1_000, 10_000)
    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            measured, story = _bench_loading(Path(temporary) / f"s{size}", size, quick)
            results.update(measured)
            if size == sizes[-1]:
                results.update(_bench_playthrough(story, quick))
                results["machine_build_s"] = results[f"machine_build_{size}_s"]
                results["machine_build_s_spread"] = results[f"machine_build_{size}_s_spread"]
                results["choose_large_us"] = results[f"choose_{size}_us"]
                results["choose_large_us_spread"] = results[f"choose_{size}_us_spread"]
            del story
            gc.collect()
        results.update(_bench_reactive(Path(temporary) / "reactive", quick))
    results["load_validate_ms_per_scene"] = results[f"load_validate_{sizes[-1]}_ms_per_scene"]
    if 10_000 in sizes:
        results["growth_10000_over_1000"] = round(
            results["load_validate_10000_s"] / max(results["load_validate_1000_s"], 1e-9), 2
        )
    return results


def bench_ui(quick: bool) -> dict[str, Any]:
    """Run the real game headless in a child process, which reports its own timings."""
    with tempfile.TemporaryDirectory() as temporary:
        report = Path(temporary) / "ui.json"
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", BUDAPEST1956_HOME=temporary)
        command = [
            sys.executable, "-m", "game", "--headless", "--size", "1280x720",
            "--bench-report", str(report), "--quit-after", "20",
        ]
        started = time.perf_counter()
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        wall = time.perf_counter() - started
        if completed.returncode != 0 or not report.exists():
            return {"ui_error": (completed.stderr or completed.stdout).strip()[-500:] or "no report"}
        data = json.loads(report.read_text(encoding="utf-8"))
        data["ui_process_wall_s"] = round(wall, 3)
        return data


def bench_wrap(quick: bool) -> dict[str, Any]:
    """Line breaking of one unbroken 20,000-character word (a pasted title, a URL) at a
    title's size: each cut measures about two lines, so this grows linearly with the word."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from ..ui.text import FontBook, clear_widths, wrap

    pygame.font.init()
    font = FontBook().get("display", 42)
    word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(20_000))
    seconds = []
    for _ in range(2 if quick else 7):
        clear_widths()  # measured, not looked up
        started = time.perf_counter()
        wrap(font, word, 700)
        seconds.append((time.perf_counter() - started) * 1000)
    results: dict[str, Any] = {}
    _put(results, "wrap_long_word_ms", run_spread(seconds, 2))
    return results


def checks(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target next to its measurement (the median) and whether it is met."""
    verdicts = {}
    for label, key in ROWS:
        value, target = results.get(key), TARGETS.get(key)
        if target is None or value is None or isinstance(value, str):
            continue
        met = value is target if isinstance(target, bool) else value <= target
        verdicts[key] = {"measure": label, "value": value, "target": target, "met": bool(met)}
    return verdicts


def _spread_text(spread: Any) -> str:
    if not isinstance(spread, dict):
        return ""
    if "p95" in spread:
        return f"p95 {spread['p95']} max {spread['max']}"
    return f"{spread['min']}–{spread['max']}"


def _shown(value: Any) -> str:
    if value is True or value is False:
        return "yes" if value else "no"
    return str(value)


def run_bench(as_json: bool = False, quick: bool = False, include_ui: bool = True) -> int:
    results = bench_core(quick)
    if include_ui:
        results.update(bench_ui(quick))
        results.update(bench_wrap(quick))
    results["python"] = sys.version.split()[0]
    results["quick"] = quick
    results["targets"] = TARGETS
    results["checks"] = checks(results)
    if as_json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'measure':<42} {'median':>9} {'spread':>24} {'target':>9}")
    for label, key in ROWS:
        check = results["checks"].get(key)
        target = TARGETS.get(key)
        verdict = ("ok" if check["met"] else "OVER") if check else ""
        wanted = "-" if target is None else "yes" if target is True else f"< {target}"
        spread = _spread_text(results.get(f"{key}_spread"))
        print(f"{label:<42} {_shown(results.get(key, '-')):>9} {spread:>24} {wanted:>9} {verdict}")
    print()
    print("targets are compared with medians; spread: p95 and max over many calls, or min–max over whole runs")
    if quick:
        print("quick: the large story has 1,000 scenes (the targets are for 10,000) and runs are not repeated")
    print()
    tabled = {key for _, key in ROWS}
    for key, value in results.items():
        if key in tabled or key in ("targets", "checks") or key.endswith("_spread"):
            continue
        spread = results.get(f"{key}_spread")
        print(f"{key}: {_shown(value)}" + (f"  ({_spread_text(spread)}, n {spread['n']})" if spread else ""))
    return 0
