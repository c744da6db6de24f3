"""Measures the running game for ``budapest1956 bench`` (hidden ``--bench-report``).

It works inside the real loop: after the first frame it opens a story, times full
redraws of the story screen, then lets the loop idle untouched and measures the CPU the
process used meanwhile, and finally writes what it saw as JSON and ends the game.
"""

from __future__ import annotations

import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any


def peak_resident_mb() -> float:
    """This process's peak resident memory. ``/proc/self/status`` VmHWM belongs to the
    process image; ``ru_maxrss`` is not used where VmHWM exists because Linux carries it
    over ``execve`` from the parent (the benchmark's parent holds a 10,000-scene story)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class BenchDriver:
    def __init__(self, app: Any, report: Path):
        self.app = app
        self.report = report
        self.phase = "start"
        self.results: dict[str, Any] = {}
        self.idle_started = 0.0
        self.idle_cpu = 0.0

    @property
    def busy(self) -> bool:
        """Only the first phases need the loop to keep ticking; idling must be real idling."""
        return self.phase in ("start", "redraw")

    def step(self) -> None:
        app = self.app
        if self.phase == "start" and app.first_frame_at is not None:
            self.results["first_frame_s"] = round(app.first_frame_seconds, 3)
            if app.story_data is not None:
                app.start_story(next(iter(app.story_data.perspectives)))
                app.draw()
            self.phase = "redraw"
        elif self.phase == "redraw":
            samples = []
            for _ in range(120):
                started = time.perf_counter()
                app.draw()
                samples.append((time.perf_counter() - started) * 1000)
            samples.sort()
            self.results["redraw_p50_ms"] = round(statistics.median(samples), 3)
            self.results["redraw_p95_ms"] = round(samples[int(len(samples) * 0.95) - 1], 3)
            self.results["window"] = "x".join(map(str, app.window.get_size()))
            self.phase = "idle"
            self.idle_started = time.monotonic()
            self.idle_cpu = time.process_time()
        elif self.phase == "idle" and time.monotonic() - self.idle_started >= 1.0:
            wall = time.monotonic() - self.idle_started
            cpu = time.process_time() - self.idle_cpu
            self.results["idle_cpu_percent"] = round(100 * cpu / wall, 2)
            self.results["playing_rss_mb"] = peak_resident_mb()
            self.report.write_text(json.dumps(self.results, indent=2), encoding="utf-8")
            self.phase = "done"
            app.running = False
