"""The pygame figures of ``budapest1956 bench``, each from the real game in a child process.

A child process is how a player meets the game: the interpreter starts, imports, loads
the story, opens the window. Every child runs headless (SDL's dummy drivers) with a
throwaway data folder, and the game's :mod:`game.ui.benchdriver` measures from inside.

* **First frame** is paired with its floor, ``python -c "import pygame"``, in a fresh
  process: a floor run, then a game run that ends at its first frame, again and again,
  so each ratio compares two processes started in the same second. Both are timed from
  outside the same way, start to exit: CPU seconds from ``os.wait4``'s resource usage of
  that one child, and wall seconds around it. The game's own figures (wall seconds from
  the process's start to the frame, CPU seconds by then) are reported beside them. The
  pairs start warm (the story compiled by an earlier start); one cold start is reported.
* **Memory while playing**: at each window size a child (with an empty cache folder, so
  its load is a cold one) plays five whole games through the real screens, then times
  redraws of the story screen and, at 1920x1080 only, idles; its peak resident memory
  is the kernel's VmHWM of that process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..paths import CACHE_DIR_VARIABLE
from ..ui.benchdriver import PLAN_VARIABLE
from .benchstats import Timing, put, put_timings, ratio_spread, run_spread

#: the window sizes played at, and the one whose redraw and idle figures are judged
SIZES = ("1280x720", "1920x1080", "3840x2160")
JUDGED_SIZE = "1920x1080"
GAMES = 5
CHILD_TIMEOUT_S = 600


@dataclass(frozen=True)
class ChildRun:
    """How one child process went: its exit code, clocks and the last of its stderr.

    (Not its ``ru_maxrss``: a child started by ``vfork`` inherits the parent's high-water
    mark through ``execve``, and the parent holds a 10,000-scene story; the game reports
    its own VmHWM instead.)"""

    code: int
    timing: Timing
    stderr: str


def _environment(home: str, plan: dict[str, Any] | None = None) -> dict[str, str]:
    """A child's environment: headless, its data and its compiled-story cache in ``home``
    (never the user's own cache, whose state would make a start cold or warm by chance)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1",
               BUDAPEST1956_HOME=home)
    env[CACHE_DIR_VARIABLE] = str(Path(home) / "cache")
    env.pop(PLAN_VARIABLE, None)
    # A player's installed game has its compiled bytecode (pip writes it on install), as
    # pygame does here: a shell that forbids writing it would make every start of the game,
    # and of the game only, compile its ~50 modules again (about 55 ms)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if plan is not None:
        env[PLAN_VARIABLE] = json.dumps(plan)
    return env


def run_child(command: list[str], env: dict[str, str], timeout: float = CHILD_TIMEOUT_S) -> ChildRun:
    """Run one child to its end; its own CPU seconds come from ``os.wait4`` (this child
    only, not every child so far), where the platform has it."""
    with tempfile.TemporaryFile() as errors:
        wall = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        cpu: float | None = None
        if hasattr(os, "wait4"):
            try:
                _pid, status, usage = _wait4(process.pid, timeout)
            except TimeoutError:
                process.kill()
                process.wait()
                raise
            process.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:  # pragma: no cover - Windows: wall clock only
            process.wait(timeout=timeout)
        elapsed = time.perf_counter() - wall
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip()[-800:]
    return ChildRun(process.returncode, Timing(cpu if cpu is not None else elapsed, elapsed), tail)


def _wait4(pid: int, timeout: float) -> tuple[int, int, Any]:
    """``os.wait4`` with a deadline (polled without blocking: a hung child is killed)."""
    deadline = time.monotonic() + timeout
    while True:
        found, status, usage = os.wait4(pid, os.WNOHANG)
        if found:
            return found, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError(f"child {pid} ran over {timeout} s")
        time.sleep(0.005)


def _game_command(report: Path, size: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "game", "--headless", "--bench-report", str(report)]
    return command + (["--size", size] if size else [])


def first_frame_pairs(pairs: int) -> dict[str, Any]:
    """``pairs`` floor runs and game runs, alternated; the ratio of each pair's CPU.

    The game's first run, with an empty cache folder, is the *cold* start (reported, one
    sample); the pairs then start as a player's second and later starts do, with the
    story compiled. One untimed floor run first brings pygame's files into the page cache."""
    floors: list[Timing] = []
    games: list[Timing] = []
    inside_wall: list[float] = []
    inside_cpu: list[float] = []
    with tempfile.TemporaryDirectory() as home:
        report = Path(home) / "first-frame.json"
        run_child([sys.executable, "-c", "import pygame"], _environment(home))
        cold = run_child(_game_command(report), _environment(home, {"first_frame_only": True}))
        if cold.code != 0 or not report.exists():
            return {"first_frame_error": cold.stderr or "no report"}
        for _ in range(pairs):
            floor = run_child([sys.executable, "-c", "import pygame"], _environment(home))
            if floor.code != 0:
                return {"first_frame_error": f"import pygame failed: {floor.stderr}"}
            floors.append(floor.timing)
            report.unlink(missing_ok=True)
            game = run_child(_game_command(report), _environment(home, {"first_frame_only": True}))
            if game.code != 0 or not report.exists():
                return {"first_frame_error": game.stderr or "no report"}
            games.append(game.timing)
            seen = json.loads(report.read_text(encoding="utf-8"))
            inside_wall.append(seen["first_frame_s"])
            inside_cpu.append(seen["first_frame_cpu_s"])
    results: dict[str, Any] = {"first_frame_cold_process_cpu_s": round(cold.timing.cpu, 3)}
    put_timings(results, "import_pygame_cpu_s", floors, 3)
    put_timings(results, "first_frame_process_cpu_s", games, 3)
    put(results, "first_frame_over_import_pygame", ratio_spread([g.cpu for g in games], [f.cpu for f in floors]))
    put(results, "first_frame_over_import_pygame_wall",
        ratio_spread([g.wall for g in games], [f.wall for f in floors]))
    put(results, "first_frame_s", run_spread(inside_wall, 3))
    put(results, "first_frame_cpu_s", run_spread(inside_cpu, 3))
    return results


def play_at(size: str, idle_s: float) -> dict[str, Any]:
    """One child: :data:`GAMES` games at ``size``, then redraws and (if ``idle_s``) idling."""
    plan = {"games": GAMES, "redraws": 120, "idle_s": idle_s}
    with tempfile.TemporaryDirectory() as home:
        report = Path(home) / "play.json"
        run = run_child(_game_command(report, size), _environment(home, plan))
        if run.code != 0 or not report.exists():
            return {"error": run.stderr or f"exit code {run.code}, no report"}
        seen: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    seen.update(process_cpu_s=round(run.timing.cpu, 3), process_wall_s=round(run.timing.wall, 3))
    return seen


def play_results(seen: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The per-size reports flattened into the benchmark's keys (``rss_1280x720_mb``...)."""
    results: dict[str, Any] = {}
    for size, report in seen.items():
        if "error" in report:
            results[f"play_{size}_error"] = report["error"]
            continue
        results[f"rss_{size}_mb"] = report["peak_rss_mb"]
        results[f"rss_{size}_after_play_mb"] = report.get("rss_after_play_mb")
        results[f"play_{size}_games"] = report.get("games_played")
        results[f"play_{size}_window"] = report.get("window")
        for key in ("redraw_p50_ms", "redraw_p95_ms", "redraw_max_ms", "redraw_wall_p95_ms"):
            if key in report:
                results[f"{key[:-3]}_{size}_ms"] = report[key]
        results[f"play_{size}_cpu_s"] = report.get("play_cpu_s")
        results[f"play_{size}_process_cpu_s"] = report.get("process_cpu_s")
        if "idle_cpu_percent" in report:
            results["idle_cpu_percent"] = report["idle_cpu_percent"]
            results["idle_sampled_s"] = report["idle_sampled_s"]
            results["idle_settled"] = report.get("settled")
            results["idle_window"] = size
    judged = seen.get(JUDGED_SIZE, {})
    if "redraw_p95_ms" in judged:
        results["redraw_p95_ms"] = judged["redraw_p95_ms"]
        results["redraw_wall_p95_ms"] = judged.get("redraw_wall_p95_ms")
    return results


def bench_play(idle_s: float, concurrent: bool, note: Callable[[str], None]) -> dict[str, Any]:
    """Play at every size: one child after another, or (``concurrent``, the quick run)
    all at once, which changes no memory figure and few CPU ones, but every wall one."""
    seen: dict[str, dict[str, Any]] = {}
    if concurrent:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(len(SIZES)) as pool:
            futures = {size: pool.submit(play_at, size, idle_s if size == JUDGED_SIZE else 0.0) for size in SIZES}
            seen = {size: future.result() for size, future in futures.items()}
    else:
        for size in SIZES:
            note(f"{GAMES} games at {size}")
            seen[size] = play_at(size, idle_s if size == JUDGED_SIZE else 0.0)
    return play_results(seen)


def bench_wrap(repeats: int) -> dict[str, Any]:
    """Line breaking of one unbroken 20,000-character word (a pasted title, a URL) at a
    title's size: each cut measures about two lines, so this grows linearly with the word
    (it took minutes before issue 10). Only pygame's fonts, in this process."""
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    from ..ui.text import FontBook, clear_widths, wrap

    pygame.font.init()
    font = FontBook().get("display", 42)
    word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(20_000))
    seconds = []
    for _ in range(repeats):
        clear_widths()  # measured, not looked up
        started = time.process_time()
        wrap(font, word, 700)
        seconds.append((time.process_time() - started) * 1000)
    results: dict[str, Any] = {}
    put(results, "wrap_long_word_ms", run_spread(seconds, 2))
    return results
