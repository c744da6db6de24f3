"""Measures the running game for ``budapest1956 bench`` (hidden ``--bench-report``).

It works inside the real loop, on the real screens, in a process of its own started by
:mod:`game.tools.benchui`. What it does is a *plan*, given as JSON in the environment
variable :data:`PLAN_VARIABLE` (a child process of the benchmark needs no new command-line
option for it):

1. after the first frame it notes when that was (wall seconds since the process began,
   and CPU seconds so far); with ``first_frame_only`` it writes that and ends the game;
2. it plays ``games`` whole games through the screens with the game's own autoplay (the
   same events a keyboard would post), so memory is measured after real play: texts
   rendered, saves written, screens opened and closed;
3. it opens a story and times ``redraws`` full redraws of the story screen on both clocks;
4. it waits until nothing on screen moves, then lets the loop idle untouched for
   ``idle_s`` seconds and measures the CPU the process used meanwhile;
5. it writes what it saw as JSON, with the peak resident memory, and ends the game.

Nothing here traces memory (``tracemalloc`` would slow every timing it overlaps).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from pathlib import Path
from typing import Any

#: the environment variable holding the plan (JSON); missing keys take :data:`DEFAULT_PLAN`
PLAN_VARIABLE = "BUDAPEST1956_BENCH_PLAN"
DEFAULT_PLAN: dict[str, Any] = {"first_frame_only": False, "games": 5, "redraws": 120, "idle_s": 1.0}
#: the game's autoplay stops when it has finished this many games: the driver says when
ENDLESS = 1 << 30
#: give up playing after this long (a game that never ends must not hang the benchmark)
PLAY_LIMIT_S = 300.0
#: give up waiting for the screen to stop moving after this long, and say so
SETTLE_LIMIT_S = 10.0


def _status_mb(field: str) -> float | None:
    """A memory line of ``/proc/self/status`` in MB (None where there is no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def peak_resident_mb() -> float:
    """This process's peak resident memory. ``/proc/self/status`` VmHWM belongs to the
    process image (the kernel updates it lazily, so it can trail the current VmRSS by a
    few pages: the larger is taken); ``ru_maxrss`` is used only where VmHWM does not
    exist, because Linux carries it over ``execve`` from the parent (the benchmark's
    parent holds a 10,000-scene story)."""
    peak = _status_mb("VmHWM")
    if peak is not None:
        return max(peak, _status_mb("VmRSS") or 0.0)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def read_plan(environ: Any = os.environ) -> dict[str, Any]:
    """The plan from the environment, missing keys filled from :data:`DEFAULT_PLAN`."""
    plan = dict(DEFAULT_PLAN)
    text = environ.get(PLAN_VARIABLE)
    if text:
        plan.update(json.loads(text))
    return plan


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


class BenchDriver:
    """Steps the plan one phase at a time, from the game loop after each frame."""

    def __init__(self, app: Any, report: Path, plan: dict[str, Any] | None = None):
        self.app = app
        self.report = report
        self.plan = plan if plan is not None else read_plan()
        self.phase = "start"
        self.results: dict[str, Any] = {"plan": self.plan}
        self.marks: dict[str, float] = {}
        self.games_before = 0

    @property
    def busy(self) -> bool:
        """Only the first phases need the loop to keep ticking; idling must be real idling."""
        return self.phase in ("start", "play", "redraw")

    def step(self) -> None:
        getattr(self, f"_{self.phase}")()

    # ------------------------------------------------------------------ phases
    def _start(self) -> None:
        app = self.app
        if app.first_frame_at is None:
            return
        self.results["first_frame_s"] = round(app.first_frame_seconds, 3)
        self.results["first_frame_cpu_s"] = round(time.process_time(), 3)
        self.results["window"] = "x".join(map(str, app.window.get_size()))
        if self.plan["first_frame_only"] or app.story_data is None:
            self._finish()
            return
        self.games_before = app.games_finished
        self.marks.update(play_cpu=time.process_time(), play_wall=time.monotonic())
        app.autoplay = ENDLESS  # the game's own autoplay posts the events; this driver counts games
        self.phase = "play"

    def _play(self) -> None:
        app = self.app
        played = app.games_finished - self.games_before
        wall = time.monotonic() - self.marks["play_wall"]
        if played < self.plan["games"] and wall < PLAY_LIMIT_S:
            return
        app.autoplay = 0
        self.results.update(
            games_played=played,
            play_cpu_s=round(time.process_time() - self.marks["play_cpu"], 3),
            play_wall_s=round(wall, 3),
            rss_after_play_mb=_status_mb("VmRSS"),
        )
        self.phase = "redraw"

    def _redraw(self) -> None:
        app = self.app
        assert app.story_data is not None
        app.start_story(next(iter(app.story_data.perspectives)))
        app.draw()
        wall_ms, cpu_ms = [], []
        for _ in range(self.plan["redraws"]):
            wall, cpu = time.perf_counter(), time.process_time()
            app.draw()
            cpu_ms.append((time.process_time() - cpu) * 1000)
            wall_ms.append((time.perf_counter() - wall) * 1000)
        if wall_ms:
            self.results.update(
                redraw_p50_ms=round(statistics.median(cpu_ms), 3), redraw_p95_ms=round(_p95(cpu_ms), 3),
                redraw_max_ms=round(max(cpu_ms), 3), redraw_wall_p50_ms=round(statistics.median(wall_ms), 3),
                redraw_wall_p95_ms=round(_p95(wall_ms), 3), redraws=len(wall_ms),
            )
        self.marks["settle"] = time.monotonic()
        self.phase = "settle"

    def _settle(self) -> None:
        """Idle CPU is measured with nothing moving (a typewriter still revealing text is
        animation, not idling); this waits for that, within :data:`SETTLE_LIMIT_S`."""
        top = self.app.top
        waited = time.monotonic() - self.marks["settle"]
        if top is not None and top.animating() and waited < SETTLE_LIMIT_S:
            return
        self.results["settled_s"] = round(waited, 3)
        self.results["settled"] = not (top is not None and top.animating())
        self.marks.update(idle_wall=time.monotonic(), idle_cpu=time.process_time())
        self.phase = "idle"

    def _idle(self) -> None:
        wall = time.monotonic() - self.marks["idle_wall"]
        if wall < self.plan["idle_s"]:
            return
        if self.plan["idle_s"] > 0:
            cpu = time.process_time() - self.marks["idle_cpu"]
            self.results["idle_cpu_percent"] = round(100 * cpu / wall, 2)
            self.results["idle_sampled_s"] = round(wall, 2)
        self._finish()

    def _done(self) -> None:
        """Nothing left to do (the loop may turn once more before it stops)."""

    def _finish(self) -> None:
        # VmHWM is updated lazily and can trail a resident size read earlier by a page or
        # two (88.2 after a reading of 88.3): the peak is at least every size read
        self.results["peak_rss_mb"] = max(peak_resident_mb(), self.results.get("rss_after_play_mb") or 0.0)
        self.results["frames"] = self.app.frames
        self.report.write_text(json.dumps(self.results, indent=2), encoding="utf-8")
        self.phase = "done"
        self.app.running = False
