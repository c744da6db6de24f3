"""``budapest1956 bench``: speed and memory, measured and reported against the targets of
ARCHITECTURE.md. Nothing here asserts: numbers are for people to read and compare.

Generated stories (1,000 and 10,000 scenes, with conditions, effects and real citations)
measure how load + validate grows; the shipped story measures ``choose()``; the pygame
numbers (first frame, redraw, idle CPU, memory) come from the real game run headless in
a child process, so they include interpreter start-up like a player would see.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from ..core.loader import load_story
from ..core.machine import machine_for
from ..core.story import Story
from ..paths import assets_dir, default_story_dir

QUOTES = [
    "Immediately after the broadcast, the crowd marched on the broadcasting station.",
    "Soviet tanks were still on the streets, however, and the uprising continued.",
    "Electricity, gas and water supplies are still functioning.",
    "A ban on alcohol is strictly enforced and people are queuing for bread.",
    "Despite an apparent withdrawal only last week, Soviet troops deployed outside Budapest swept back",
]

TARGETS = {
    "load_validate_ms_per_scene": 0.1,
    "load_validate_10000_s": 2.0,
    "choose_us": 50.0,
    "first_frame_s": 0.5,
    "redraw_p95_ms": 4.0,
    "idle_cpu_percent": 2.0,
    "playing_rss_mb": 150.0,
}


def generate_story(folder: Path, scenes: int, per_file: int = 500, seed: int = 1) -> None:
    """Write a valid story of ``scenes`` scenes: a long spine with branches and rejoins."""
    rng = random.Random(seed)
    source = (assets_dir() / "sources" / "bbc-on-this-day-1956.txt").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(
        "format: 1\nid: generated\ntitle: Generated\nversion: \"1\"\n"
        "variables:\n  courage: {type: int, default: 0, min: 0, max: 10}\n"
        "  seen: {type: bool, default: false}\n"
        "perspectives:\n  - {id: p, name: P, fictional: true, start: s0}\n"
        "chapters:\n  - {id: c, title: C}\n"
        f"sources:\n  - {{id: bbc, title: BBC, publisher: BBC, date: \"1956\", file: {json.dumps(str(source))}}}\n",
        encoding="utf-8",
    )
    for first in range(0, scenes, per_file):
        lines = ["chapter: c", "perspective: p", "scenes:"]
        for index in range(first, min(first + per_file, scenes)):
            day = 23 + index * 12 // scenes
            lines += [
                f"  - id: s{index}",
                f"    date: \"1956-{10 if day <= 31 else 11}-{day if day <= 31 else day - 31:02d} 12:00\"",
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
        (folder / f"chapter_{first // per_file:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _time_load(folder: Path, repeats: int) -> tuple[float, int, int]:
    best = float("inf")
    count = 0
    peak = 0
    for attempt in range(repeats):
        gc.collect()
        if attempt == 0:
            tracemalloc.start()
        started = time.perf_counter()
        story, diagnostics = load_story(folder)
        elapsed = time.perf_counter() - started
        if attempt == 0:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            best = min(best, elapsed)
        if story is None:
            raise RuntimeError(f"generated story did not load: {diagnostics.errors[:3]}")
        count = len(story.scenes)
    return (best if repeats > 1 else elapsed), count, peak


def bench_core(quick: bool) -> dict[str, Any]:
    results: dict[str, Any] = {}
    sizes = (1_000,) if quick else (1_000, 10_000)
    with tempfile.TemporaryDirectory() as temporary:
        for size in sizes:
            folder = Path(temporary) / f"s{size}"
            generate_story(folder, size)
            seconds, count, peak = _time_load(folder, 2 if quick else 3)
            results[f"load_validate_{size}_s"] = round(seconds, 4)
            results[f"load_validate_{size}_ms_per_scene"] = round(seconds * 1000 / count, 4)
            results[f"load_validate_{size}_peak_mb"] = round(peak / 1e6, 1)
            story, _ = load_story(folder)
            assert story is not None
            started = time.perf_counter()
            machine_for(story)
            results[f"machine_build_{size}_s"] = round(time.perf_counter() - started, 4)
            results[f"choose_{size}_us"] = _time_choose(story, 2_000 if quick else 20_000)
    results["load_validate_ms_per_scene"] = results[f"load_validate_{sizes[-1]}_ms_per_scene"]
    if 10_000 in sizes:
        results["load_validate_10000_s"] = results["load_validate_10000_s"]
        results["growth_10000_over_1000"] = round(
            results["load_validate_10000_s"] / max(results["load_validate_1000_s"], 1e-9), 2
        )
    shipped, diagnostics = load_story(default_story_dir())
    if shipped is not None:
        started = time.perf_counter()
        shipped, _ = load_story(default_story_dir())
        results["shipped_scenes"] = len(shipped.scenes)  # type: ignore[union-attr]
        results["shipped_load_validate_s"] = round(time.perf_counter() - started, 4)
        results["choose_us"] = _time_choose(shipped, 5_000 if quick else 50_000)  # type: ignore[arg-type]
    else:
        results["shipped_error"] = diagnostics.summary()
    return results


def _time_choose(story_data: Any, choices: int) -> float:
    """Median microseconds per ``choose()`` over random games (restart cost excluded)."""
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
    return round(statistics.median(samples), 2)


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


def run_bench(as_json: bool = False, quick: bool = False, include_ui: bool = True) -> int:
    results = bench_core(quick)
    if include_ui:
        results.update(bench_ui(quick))
    results["python"] = sys.version.split()[0]
    results["targets"] = TARGETS
    if as_json:
        print(json.dumps(results, indent=2))
        return 0
    rows = [
        ("load + validate per scene (ms)", "load_validate_ms_per_scene"),
        ("load + validate 10,000 scenes (s)", "load_validate_10000_s"),
        ("choose() on the shipped story (µs)", "choose_us"),
        ("first drawn frame (s)", "first_frame_s"),
        ("full redraw 1280x720, p95 (ms)", "redraw_p95_ms"),
        ("idle CPU (% of one core)", "idle_cpu_percent"),
        ("resident memory while playing (MB)", "playing_rss_mb"),
    ]
    print(f"{'measure':<40} {'result':>10} {'target':>10}")
    for label, key in rows:
        value = results.get(key, "-")
        target = TARGETS.get(key, "-")
        verdict = ""
        if isinstance(value, (int, float)) and isinstance(target, (int, float)):
            verdict = "ok" if value <= target else "OVER"
        print(f"{label:<40} {value!s:>10} {'< ' + str(target):>10} {verdict}")
    print()
    for key, value in results.items():
        if key not in dict(rows).values() and key != "targets":
            print(f"{key}: {value}")
    return 0
