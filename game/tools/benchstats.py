"""Spreads, clocks and verdicts for ``budapest1956 bench``.

One number from a shared machine means little, so every figure comes with its spread,
and every target is judged by one rule written here: a target is compared with the
median, and a missed one says by how much (the measurement over the target).

Timings read two clocks at once: the CPU clock (``time.process_time``: what this
process computed, unmoved by other people's work on the same cores) and the wall clock
(what a person waits). Targets are judged on CPU seconds unless a row says otherwise.
"""

from __future__ import annotations

import gc
import statistics
import time
from dataclasses import dataclass
from typing import Any, Callable


def sample_spread(samples: list[float], digits: int = 2) -> dict[str, Any]:
    """Median, 95th percentile and slowest of many timings of one operation (the slowest
    shows a pause, such as a garbage collection, that a median hides)."""
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


def put(results: dict[str, Any], key: str, spread: dict[str, Any]) -> None:
    """``key`` holds the median (what a target is compared with); ``key_spread`` the rest."""
    results[key] = spread["median"]
    results[f"{key}_spread"] = spread


@dataclass(frozen=True)
class Timing:
    """One run read on both clocks, in seconds."""

    cpu: float
    wall: float


def timed(work: Callable[[], Any]) -> tuple[Timing, Any]:
    """Run ``work`` once after a full collection (so garbage left by the previous run is
    not charged to this one) and return both clocks and what it returned."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    value = work()
    return Timing(time.process_time() - cpu, time.perf_counter() - wall), value


def put_timings(results: dict[str, Any], key: str, timings: list[Timing], digits: int = 4) -> None:
    """``key`` is the CPU seconds (spread in ``key_spread``); ``key_wall`` the wall seconds."""
    put(results, key, run_spread([t.cpu for t in timings], digits))
    put(results, f"{key}_wall", run_spread([t.wall for t in timings], digits))


def ratio_spread(numerators: list[float], denominators: list[float]) -> dict[str, Any]:
    """The spread of pairwise ratios: each pair was measured in the same minute, so
    the machine's drift over the run cancels out of each ratio."""
    return run_spread([n / max(d, 1e-9) for n, d in zip(numerators, denominators)], 3)


@dataclass(frozen=True)
class Target:
    """What a measurement must reach: ``<`` (under), ``<=`` (no more than) or ``is``."""

    limit: float | bool
    op: str = "<"
    unit: str = ""

    def met(self, value: Any) -> bool:
        if self.op == "is":
            return value is self.limit
        return value < self.limit if self.op == "<" else value <= self.limit


def verdict(label: str, target: Target, value: Any, note: str = "", failure: str = "") -> dict[str, Any]:
    """A target beside its measurement. A missing measurement is a verdict too (not
    met, and says why: ``failure``, the part's own error, when there is one), so a failed
    child process can never look like a passed check."""
    judged: dict[str, Any] = {
        "measure": label, "value": value, "target": target.limit, "op": target.op, "unit": target.unit,
    }
    measured = isinstance(value, bool) if target.op == "is" else (
        isinstance(value, (int, float)) and not isinstance(value, bool))
    if not measured:
        judged.update(met=False, ratio_to_target=None, missing=f"not measured: {failure}" if failure else "not measured")
        return judged
    judged["met"] = bool(target.met(value))
    if target.op != "is":
        judged["ratio_to_target"] = round(value / target.limit, 3) if target.limit else None
    if note:
        judged["note"] = note
    return judged
