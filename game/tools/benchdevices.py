"""The class's devices under load, for ``budapest1956 bench`` (issue 15's "Measured").

A lesson of the shipped story with devices on loopback, its lesson file really written,
and a "game" thread doing what the game's frame does 60 times a second: take what the
devices did into the log (:meth:`Devices.pump`). Then N devices join and vote at once:

- ``devices_votes_per_s``: ballots the server takes a second, all N sent at once;
- ``devices_tally_p50_ms`` / ``p95``: from a ballot's request leaving its client to the
  frame whose tally includes it;
- ``devices_frame_p95_ms``: the frame's own work while ballots arrive (the pump, the log,
  the lesson's serialisation and the pages' new state; the pygame drawing of the vote
  screen is the ``redraw`` figures, measured apart);
- ``devices_kb_per_live_device``: the server's resident memory for each device holding a
  live WebSocket open (the clients run in a process of their own, so only the server's
  side is counted).

Measured and reported, never asserted in a test. The clients are httpx and websockets,
the same as the protocol tests use; the bench is a developer's tool and needs the test
extras.
"""

from __future__ import annotations

import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Any


FRAME_S = 1 / 60
WAIT_S = 60.0


def bench_devices(quick: bool) -> dict[str, Any]:
    """The figures above, for 50 devices in a quick run and 200 in a full one."""
    import httpx

    from ..classroom.devices.room import device_id
    from ..classroom.devices.server import COOKIE
    from ..classroom.devices.service import Devices
    from ..classroom.lessons import Lesson
    from ..classroom.session import ClassSession
    from ..core.loader import load_story
    from ..paths import default_story_dir

    count = 50 if quick else 200
    data, _ = load_story(default_story_dir())
    session = ClassSession(data, "student")
    with tempfile.TemporaryDirectory() as folder:
        lesson = Lesson(Path(folder) / "lesson.json")
        lesson.keep(session)
        devices = Devices(session, host="127.0.0.1", port=0)
        devices.start()
        try:
            session.open_vote()
            key = session.vote.key
            sent: dict[str, float] = {}
            seen: dict[str, float] = {}
            frames: list[float] = []
            stop = threading.Event()

            def frame_loop() -> None:
                while not stop.is_set():
                    began = time.perf_counter()
                    if devices.pump():
                        frames.append((time.perf_counter() - began) * 1000)
                        now = time.perf_counter()
                        for device in session.vote.ballots if session.vote else ():
                            seen.setdefault(device, now)
                    stop.wait(max(0.0, FRAME_S - (time.perf_counter() - began)))

            tokens: list[str] = []

            async def crowd() -> tuple[float, list[str]]:
                limits = httpx.Limits(max_connections=1)
                clients = [httpx.AsyncClient(base_url=devices.url, timeout=WAIT_S, limits=limits) for _ in range(count)]
                try:
                    await asyncio.gather(*(c.post("/api/join", json={"code": devices.code}) for c in clients))
                    tokens.extend(c.cookies[COOKIE] for c in clients)
                    ids = [device_id(token) for token in tokens]

                    async def one(client: httpx.AsyncClient, device: str, number: int) -> None:
                        sent[device] = time.perf_counter()
                        await client.post("/api/vote", json={"vote": key, "choice": number})

                    began = time.perf_counter()
                    await asyncio.gather(*(one(c, d, 1 + i % 2) for i, (c, d) in enumerate(zip(clients, ids))))
                    return time.perf_counter() - began, ids
                finally:
                    await asyncio.gather(*(c.aclose() for c in clients))

            pump = threading.Thread(target=frame_loop, name="bench-frames", daemon=True)
            pump.start()
            elapsed, ids = asyncio.run(crowd())
            deadline = time.perf_counter() + WAIT_S
            while len(seen) < len(ids) and time.perf_counter() < deadline:
                time.sleep(FRAME_S)
            stop.set()
            pump.join(5)
            latencies = [(seen[d] - sent[d]) * 1000 for d in ids if d in seen and d in sent]
            results: dict[str, Any] = {
                "devices_count": count,
                "devices_votes_per_s": round(count / max(elapsed, 1e-9), 1),
                "devices_counted": len(session.vote.ballots),
                "devices_tally_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "devices_tally_p95_ms": round(_p95(latencies), 1) if latencies else None,
                "devices_frame_p95_ms": round(_p95(frames), 2) if frames else None,
                "devices_frames_with_ballots": len(frames),
            }
            results["devices_kb_per_live_device"] = _memory_per_live_device(devices, tokens)
        finally:
            devices.stop()
            lesson.flush()
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _memory_per_live_device(devices: Any, tokens: list[str]) -> float | None:
    """The server process's growth in resident memory with a live WebSocket held
    open for each of ``tokens`` by a client process of its own, per device (Linux: ``ru_maxrss`` in KB would
    only rise, so /proc's current figure is read)."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return None
    page_kb = resource.getpagesize() / 1024

    def resident_kb() -> float:
        return int(statm.read_text().split()[1]) * page_kb

    count = len(tokens)
    client = textwrap.dedent(f"""
        import asyncio, sys, websockets
        async def main():
            sockets = []
            for token in sys.argv[1:]:
                s = await websockets.connect({devices.url.replace('http://', 'ws://') + 'api/live'!r},
                    origin={devices.url.rstrip('/')!r}, additional_headers={{"Cookie": "b56_device=" + token}})
                await s.recv()
                sockets.append(s)
            print("open", flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        asyncio.run(main())
    """)
    before = resident_kb()
    process = subprocess.Popen([sys.executable, "-c", client, *tokens], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline() if process.stdout else ""
        if line.strip() != "open":
            return None
        after = resident_kb()
    finally:
        if process.stdin:
            process.stdin.close()
        process.wait(30)
    return round(max(0.0, after - before) / count, 1)


__all__ = ["bench_devices"]
