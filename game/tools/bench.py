"""``budapest1956 bench``: speed and memory, measured against the targets of issue 13 and
ARCHITECTURE.md. Nothing here asserts: numbers are for people to read and compare.

What is measured, and how (each part in its own module):

* **Loading** (:mod:`.benchload`): generated stories of 1,000 and 10,000 scenes (twice a
  pack's cap, through ``max_scenes``), each repeat timing in the same minute the floor
  (``yaml.load`` with ``CSafeLoader`` of the same files), a cold load (fresh empty cache
  folder: judged, as it is what a first start waits for; the game writes the new compiled
  entry after its first frame, and that writing is timed and reported on its own), a
  warm one (same folder, unchanged files) and, in the full run, one with no cache folder
  (so what keeping the cache adds shows); CPU seconds, wall beside them.
* **Playing** (:mod:`.benchcore`): ``Story(...)`` and ``choose()`` (thousands of
  samples: median, p95, slowest), a 500-step walk by 100-step windows, undo's memory over
  a long walk (tracemalloc, in an untimed pass), ``explore`` of the shipped story and of a
  generated reactive one; ``check`` and ``guide`` run whole as their commands run, cold
  (a fresh cache folder, judged) and again on the unchanged story (reported).
* **The game** (:mod:`.benchui`): child processes, headless. First frame paired with
  ``python -c "import pygame"`` (CPU of each whole process from ``os.wait4``); five games
  through the real screens at 1280x720, 1920x1080 and 3840x2160, with peak resident
  memory (VmHWM), redraws of the story screen (CPU ms) and, at 1920x1080, idle CPU
  sampled over 30 s (1.5 s in ``--quick``, which says so and plays the three sizes at once).

A whole run is repeated (3 to 7 times; once or twice in ``--quick``) and reported as minimum, median
and maximum; a target is compared with the median, and a ratio (cold over floor, first
frame over ``import pygame``) is the median of the pairs' ratios. ``checks`` in the JSON
(and the last column of the table) gives every target's measurement, whether it is met,
and the measurement over the target, so a miss shows by how much. The full run says how
long it will take before it starts and shows its progress on stderr.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TextIO

from ..core.model import StoryData
from .benchcore import WALK_STEPS, WINDOW, _walk, bench_commands, bench_large, bench_reactive, bench_shipped
from .benchload import measure_loading
from .benchstats import Target, run_spread, sample_spread, verdict
from .benchstories import QUOTES, SOURCE_NAME, generate_reactive_story, generate_story
from .benchui import GAMES, JUDGED_SIZE, SIZES, bench_play, bench_wrap, first_frame_pairs

__all__ = [
    "QUOTES", "ROWS", "SOURCE_NAME", "TARGETS", "WALK_STEPS", "WINDOW", "checks", "generate_reactive_story",
    "generate_story", "run_bench", "run_spread", "sample_spread", "_walk",
]

#: builds the command line's parser for an argument list (:func:`game.cli.build_parser`)
Parser = Callable[[list[str]], argparse.ArgumentParser]

LARGE = 10_000
SIZES_LOADED = (1_000, LARGE)
FULL_IDLE_S = 30.0
QUICK_IDLE_S = 1.5

#: what each measurement must reach (issue 13's table, and the targets kept from before)
TARGETS: dict[str, Target] = {
    "load_10000_cold_cpu_s": Target(1.0, unit="s"),
    "load_10000_over_yaml": Target(1.0, "<="),
    "load_10000_warm_cpu_s": Target(0.3, unit="s"),
    "first_frame_over_import_pygame": Target(1.3),
    "first_frame_s": Target(0.5, unit="s"),
    "rss_1280x720_mb": Target(120.0, unit="MB"),
    "rss_1920x1080_mb": Target(120.0, unit="MB"),
    "rss_3840x2160_mb": Target(200.0, unit="MB"),
    "redraw_p95_ms": Target(4.0, unit="ms"),
    "idle_cpu_percent": Target(1.0, unit="%"),
    "guide_shipped_s": Target(0.3, unit="s"),
    "check_shipped_s": Target(0.1, unit="s"),
    "start_us": Target(1000.0, unit="µs"),  # Story(data, perspective) on the large story
    "choose_walk_us": Target(20.0, unit="µs"),  # choose() along a 500-step walk of the large story
    "choose_walk_flatness": Target(1.5),  # slowest 100-step window's median over the fastest's
    "choose_us": Target(50.0, unit="µs"),  # choose() on the shipped story
    "undo_growth": Target(2.0),  # bytes of undo per step late in a long walk over early in it
    "explore_shipped_cpu_s": Target(0.5, unit="s"),
    "explore_reactive_bounded": Target(True, "is"),  # completes, or stops at max_states and says so
    # issue 15: the projector's frame stays responsive while the class's devices vote
    "devices_frame_p95_ms": Target(16.0, unit="ms"),
}

#: the targets measured in the game's own processes (none of them with ``--no-ui``)
UI_TARGETS = frozenset({
    "first_frame_over_import_pygame", "first_frame_s", "rss_1280x720_mb", "rss_1920x1080_mb", "rss_3840x2160_mb",
    "redraw_p95_ms", "idle_cpu_percent",
})

#: the table, in the order it is printed: (label, key); keys without a target are context
ROWS = [
    ("load + validate 10,000 scenes, cold (CPU s)", "load_10000_cold_cpu_s"),
    ("  floor: yaml.load CSafeLoader (CPU s)", "load_10000_yaml_cpu_s"),
    ("  10,000 cold over the floor, paired", "load_10000_over_yaml"),
    ("load 10,000 scenes, warm (CPU s)", "load_10000_warm_cpu_s"),
    ("  warm over cold, paired", "load_10000_warm_over_cold"),
    ("  writing the new compiled entry, after the first frame (CPU s)", "load_10000_cache_write_cpu_s"),
    ("  no cache folder at all (CPU s)", "load_10000_nocache_cpu_s"),
    ("  no cache over the floor, paired", "load_10000_nocache_over_yaml"),
    ("load + validate 1,000 scenes, cold (CPU s)", "load_1000_cold_cpu_s"),
    ("  1,000 cold over the floor, paired", "load_1000_over_yaml"),
    ("load + validate per scene, 10,000 (ms)", "load_10000_ms_per_scene"),
    ("build the machine, 10,000 scenes (CPU s)", "machine_build_s"),
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
    ("check, shipped story, cold (CPU s)", "check_shipped_s"),
    ("  check, shipped story unchanged (CPU s)", "check_shipped_warm_s"),
    ("  check after an edit of prose (CPU s)", "check_shipped_prose_edit_s"),
    ("teacher's guide, shipped story, cold (CPU s)", "guide_shipped_s"),
    ("  guide, shipped story unchanged (CPU s)", "guide_shipped_warm_s"),
    ("first frame over import pygame (CPU)", "first_frame_over_import_pygame"),
    ("  python -c 'import pygame' (CPU s)", "import_pygame_cpu_s"),
    ("  game to first frame and exit (CPU s)", "first_frame_process_cpu_s"),
    ("first drawn frame, from process start (s)", "first_frame_s"),
    (f"peak memory, {GAMES} games at 1280x720 (MB)", "rss_1280x720_mb"),
    (f"peak memory, {GAMES} games at 1920x1080 (MB)", "rss_1920x1080_mb"),
    (f"peak memory, {GAMES} games at 3840x2160 (MB)", "rss_3840x2160_mb"),
    (f"full redraw {JUDGED_SIZE}, p95 (CPU ms)", "redraw_p95_ms"),
    ("  full redraw 1280x720, p95 (CPU ms)", "redraw_p95_1280x720_ms"),
    ("  full redraw 3840x2160, p95 (CPU ms)", "redraw_p95_3840x2160_ms"),
    ("idle CPU (% of one core)", "idle_cpu_percent"),
    ("wrap a 20,000-character word (CPU ms)", "wrap_long_word_ms"),  # minutes before issue 10
    ("devices voting at once (count)", "devices_count"),
    ("  ballots the server takes (per s)", "devices_votes_per_s"),
    ("  ballot to the projector's tally, p50 (ms)", "devices_tally_p50_ms"),
    ("  ballot to the projector's tally, p95 (ms)", "devices_tally_p95_ms"),
    ("game frame while ballots arrive, p95 (ms)", "devices_frame_p95_ms"),
    ("  server memory per live device (KB)", "devices_kb_per_live_device"),
]
LABELS = {key: label.strip() for label, key in ROWS}


# ---------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class Step:
    """One part of the run and about how long it took on the 2-core development machine
    while others worked on it too (s): the estimate the run announces before it starts."""

    name: str
    quick_s: float
    full_s: float
    ui: bool = False
    commands: bool = False


STEPS = [
    Step("the shipped story: load, choose(), explore", 1.0, 4.0),
    Step("check and guide, as their commands run, cold and warm", 1.2, 6.0, commands=True),
    Step("load 1,000 and 10,000 scenes: floor, cold, warm (no cache: full run)", 4.5, 50.0),
    Step("a 10,000-scene playthrough: machine, choose(), walks, undo", 1.5, 4.0),
    Step("explore a reactive story", 0.2, 10.0),
    Step("first frame, paired with import pygame", 1.0, 3.0, ui=True),
    Step(f"{GAMES} games at {', '.join(SIZES)}; idle at {JUDGED_SIZE}", 6.0, 10.0 + FULL_IDLE_S, ui=True),
    Step("wrap a 20,000-character word", 0.1, 0.3, ui=True),
    Step("the class's devices: join, vote, tally (50 quick, 200 full)", 1.5, 3.0),
]


class Progress:
    """Says on stderr how long the run will take, then each step as it starts and ends."""

    def __init__(self, steps: list[Step], quick: bool, stream: TextIO | None = None):
        self.steps = steps
        self.quick = quick
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0

    def estimate(self, step: Step) -> float:
        return step.quick_s if self.quick else step.full_s

    def announce(self) -> None:
        total = sum(self.estimate(step) for step in self.steps)
        kind = "quick run" if self.quick else "full run"
        self._say(f"bench: {kind}, {len(self.steps)} steps, about {total:.0f} s"
                  " (as on the 2-core development machine)")

    def run(self, step: Step, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        self.done += 1
        self._say(f"bench: [{self.done}/{len(self.steps)}] {step.name} (about {self.estimate(step):.0f} s)...")
        began = time.perf_counter()
        results = work()
        self._say(f"bench: [{self.done}/{len(self.steps)}] done in {time.perf_counter() - began:.1f} s")
        return results

    def note(self, text: str) -> None:
        self._say(f"bench:     {text}")

    def _say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


# ---------------------------------------------------------------------- the parts
def bench_loading(folder: Path, quick: bool) -> tuple[dict[str, Any], StoryData]:
    """Floor, cold and warm loads of each generated size (the larger is twice the cap);
    the larger story, as its last warm load built it, to be played next."""
    results: dict[str, Any] = {}
    story: StoryData | None = None
    for size in SIZES_LOADED:
        story = None
        generate_story(folder / f"s{size}", size)
        # traced and uncached loads cost more than the quick run can spend
        measured, story = measure_loading(folder / f"s{size}", size, 1 if quick else 5, max_scenes=LARGE,
                                          trace=not quick, nocache=not quick)
        results.update(measured)
    results["growth_10000_over_1000"] = round(
        results["load_10000_cold_cpu_s"] / max(results["load_1000_cold_cpu_s"], 1e-9), 2
    )
    assert story is not None
    return results, story


def measure(quick: bool, include_ui: bool, progress: Progress, commands: Parser | None) -> dict[str, Any]:
    """Every part in order; the core first, in a heap holding nothing else."""
    steps = iter(progress.steps)
    results: dict[str, Any] = {}
    results.update(progress.run(next(steps), lambda: bench_shipped(quick)))
    if commands is not None:
        results.update(progress.run(next(steps), lambda: bench_commands(quick, commands)))
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        large: list[StoryData] = []

        def loading() -> dict[str, Any]:
            measured, story = bench_loading(folder, quick)
            large.append(story)
            return measured

        def playing() -> dict[str, Any]:
            measured = bench_large(large.pop(), quick)
            gc.collect()  # the 10,000-scene story is gone before anything else is measured
            return measured

        results.update(progress.run(next(steps), loading))
        results.update(progress.run(next(steps), playing))
        results.update(progress.run(next(steps), lambda: bench_reactive(folder / "reactive", quick)))
    if include_ui:
        idle = QUICK_IDLE_S if quick else FULL_IDLE_S
        results.update(progress.run(next(steps), lambda: first_frame_pairs(2 if quick else 5)))
        results.update(progress.run(next(steps), lambda: bench_play(idle, concurrent=quick, note=progress.note)))
        results.update(progress.run(next(steps), lambda: bench_wrap(2 if quick else 7)))
    results.update(progress.run(next(steps), lambda: bench_devices_or_say(quick, progress)))
    return results


def bench_devices_or_say(quick: bool, progress: Progress) -> dict[str, Any]:
    """The devices' figures; their clients (httpx) come with the test extras, so without
    them the step says so and its target shows as not measured."""
    from .benchdevices import bench_devices

    try:
        return bench_devices(quick)
    except ImportError as error:  # pragma: no cover - the README's install has them
        progress.note(f"the devices' step needs the test extras ({error.name}): pip install -e '.[test]'")
        return {}


# ---------------------------------------------------------------------- verdicts and output
def _notes(results: dict[str, Any]) -> dict[str, str]:
    """What a reader must know beside a figure (said in the check, not only in a footnote)."""
    notes: dict[str, str] = {}
    sampled = results.get("idle_sampled_s")
    if sampled is not None and sampled < FULL_IDLE_S:
        notes["idle_cpu_percent"] = (f"sampled over {sampled} s only (quick run); "
                                     f"the full run samples {FULL_IDLE_S:.0f} s")
    if results.get("load_10000_cache_files") == 0:
        notes["load_10000_warm_cpu_s"] = "no compiled cache was written: the warm load read the YAML again"
    uncached, cold = results.get("load_10000_nocache_cpu_s"), results.get("load_10000_cold_cpu_s")
    if cold is not None:
        written = results.get("load_10000_cache_write_cpu_s")
        for key in ("load_10000_cold_cpu_s", "load_10000_over_yaml"):
            notes[key] = (f"judged as the game's first start waits for it: loaded with a fresh cache folder, the "
                          f"new compiled entry then written after the first frame ({written} s CPU more)"
                          + (f"; with no cache folder at all {uncached} s CPU, "
                             f"{results.get('load_10000_nocache_over_yaml')}x the floor" if uncached is not None else ""))
    for key in ("check_shipped_s", "guide_shipped_s"):
        warm = results.get(key[: -len("_s")] + "_warm_s")
        if warm is not None:
            after = ("a first run, or one after an edit a walk of the playthroughs can see" if key == "check_shipped_s"
                     else "the run after any edit of the story")
            notes[key] = f"judged cold (a fresh cache folder: {after}); run again on the unchanged story: {warm} s"
    prose = results.get("check_shipped_prose_edit_s")
    if prose is not None and "check_shipped_s" in notes:
        notes["check_shipped_s"] += f"; after an edit of prose only: {prose} s"
    if results.get("quick"):
        for key in ("load_10000_cold_cpu_s", "load_10000_over_yaml", "first_frame_over_import_pygame"):
            notes[key] = "quick run: too few repeats to trust the median"
        for size in SIZES:
            notes[f"rss_{size}_mb"] = "quick run: the three sizes played at once (memory is per process)"
    for size in SIZES:
        games = results.get(f"play_{size}_games")
        if games is not None and games < GAMES:
            notes[f"rss_{size}_mb"] = f"only {games} of {GAMES} games finished within the driver's time limit"
    return notes


def _failures(results: dict[str, Any]) -> dict[str, str]:
    """Why a target has no measurement, from the error its part reported."""
    failures: dict[str, str] = {}
    for size in SIZES:
        if f"play_{size}_error" in results:
            failures[f"rss_{size}_mb"] = results[f"play_{size}_error"]
    if f"play_{JUDGED_SIZE}_error" in results:
        failures["redraw_p95_ms"] = failures["idle_cpu_percent"] = results[f"play_{JUDGED_SIZE}_error"]
    if "first_frame_error" in results:
        failures["first_frame_over_import_pygame"] = failures["first_frame_s"] = results["first_frame_error"]
    if "shipped_error" in results:
        for key in ("choose_us", "explore_shipped_cpu_s"):
            failures[key] = results["shipped_error"]
    if results.get("ui_measured") is False:
        for key in UI_TARGETS:
            failures.setdefault(key, "--no-ui skips the game's processes")
    if results.get("commands_measured") is False:
        for key in ("check_shipped_s", "guide_shipped_s"):
            failures.setdefault(key, "run_bench was not given the command line's parser")
    return failures


def checks(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every target beside its measurement, met or not, and by how much: one verdict per
    target always, so a part that failed to run shows as not measured, never as met."""
    notes, failures = _notes(results), _failures(results)
    return {key: verdict(LABELS[key], target, results.get(key), notes.get(key, ""), failures.get(key, ""))
            for key, target in TARGETS.items()}


def _spread_text(spread: Any) -> str:
    if not isinstance(spread, dict):
        return ""
    if "p95" in spread:
        return f"p95 {spread['p95']} max {spread['max']}"
    return f"{spread['min']}–{spread['max']} (n {spread['n']})"


def _shown(value: Any) -> str:
    if value is True or value is False:
        return "yes" if value else "no"
    return "-" if value is None else str(value)


def _verdict_text(check: dict[str, Any] | None) -> str:
    if check is None:
        return ""
    if "missing" in check:
        return "NOT MEASURED"
    if check["met"]:
        return "ok"
    ratio = check.get("ratio_to_target")
    return f"MISSED x{ratio}" if ratio is not None else "MISSED"


def _target_text(target: Target | None) -> str:
    if target is None:
        return "-"
    if target.op == "is":
        return "yes" if target.limit else "no"
    return f"{target.op} {target.limit:g}"


def print_table(results: dict[str, Any], stream: TextIO) -> None:
    """The table people read: measure, median, spread, target, verdict; then the rest."""
    print(f"{'measure':<44} {'median':>9} {'spread':>26} {'target':>8}  verdict", file=stream)
    for label, key in ROWS:
        spread = _spread_text(results.get(f"{key}_spread"))
        verdict_text = _verdict_text(results["checks"].get(key))
        print(f"{label:<44} {_shown(results.get(key)):>9} {spread:>26} {_target_text(TARGETS.get(key)):>8}  "
              f"{verdict_text}".rstrip(), file=stream)
    print(file=stream)
    print("medians are compared with the targets; spread: min–max over whole runs (n repeats), or p95 and max "
          "over many calls; ratios are medians of pairs measured side by side; MISSED xR: R is the measurement "
          "over the target", file=stream)
    for key, check in results["checks"].items():
        if "note" in check or "missing" in check:
            print(f"note: {check['measure']}: {check.get('missing') or check.get('note')}", file=stream)
    if results.get("quick"):
        print("quick: one repeat of each load, two first-frame pairs, idle sampled briefly, sizes played at once",
              file=stream)
    print(file=stream)
    tabled = {key for _, key in ROWS}
    for key, value in results.items():
        if key in tabled or key in ("targets", "checks") or key.endswith("_spread"):
            continue
        spread = results.get(f"{key}_spread")
        print(f"{key}: {_shown(value)}" + (f"  ({_spread_text(spread)})" if spread else ""), file=stream)


def run_bench(as_json: bool = False, quick: bool = False, include_ui: bool = True,
              stream: TextIO | None = None, progress_stream: TextIO | None = None,
              commands: Parser | None = None) -> int:
    """Measure everything, print the table (or ``--json``), and return 0: a missed
    target is a finding to read, not a failure of the command. ``commands`` builds the
    command line's parser, through which ``check`` and ``guide`` are timed (without it
    their targets are not measured)."""
    out = stream if stream is not None else sys.stdout
    steps = [step for step in STEPS if (include_ui or not step.ui) and (commands is not None or not step.commands)]
    progress = Progress(steps, quick, progress_stream)
    progress.announce()
    began_cpu, began_wall = time.process_time(), time.perf_counter()
    results = measure(quick, include_ui, progress, commands)
    results["bench_parent_cpu_s"] = round(time.process_time() - began_cpu, 1)
    results["bench_wall_s"] = round(time.perf_counter() - began_wall, 1)
    results["python"] = sys.version.split()[0]
    results["machine"] = _machine()
    results["quick"] = quick
    results["ui_measured"] = include_ui
    results["commands_measured"] = commands is not None
    results["targets"] = {key: {"limit": t.limit, "op": t.op, "unit": t.unit} for key, t in TARGETS.items()}
    results["checks"] = checks(results)
    if as_json:
        print(json.dumps(results, indent=2, ensure_ascii=False), file=out)
    else:
        print_table(results, out)
    progress._say(f"bench: finished in {results['bench_wall_s']} s")
    return 0


def _machine() -> str:
    """The machine the figures were measured on, as far as Python can tell."""
    import os
    import platform

    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs" + (f", {model}" if model else "")
