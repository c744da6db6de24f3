"""A simulated class: N devices that join the room over HTTP and vote in every vote.

For ``classroom --headless --autoplay 1 --devices --simulated-devices 30``: a whole lesson
with a class's devices through the real screens and the real server, as a teacher would
see it, without thirty phones. Each device is an HTTP client of its own (its own cookie);
they run on one thread, which looks at the room's state in turns and casts or now and then
moves a device's ballot while a vote is open, so the projector sees votes arriving.
Seeded: the same seed, the same ballots. The standard library's HTTP client with a cookie
jar per device is all a simulated phone needs (no client package at run time).
"""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any

TIMEOUT = 10.0


@dataclass
class SimulatedDevice:
    """One phone: its own cookie jar, so its own token."""

    base: str
    opener: urllib.request.OpenerDirector = field(
        default_factory=lambda: urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar())))
    voted: dict[str, int] = field(default_factory=dict)  # vote key -> choice number

    def get(self, path: str) -> tuple[int, Any]:
        return self._send(urllib.request.Request(self.base + path.lstrip("/")))

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        request = urllib.request.Request(self.base + path.lstrip("/"), data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        return self._send(request)

    def _send(self, request: urllib.request.Request) -> tuple[int, Any]:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


class SimulatedClass:
    """``count`` devices against ``url`` with the room ``code``."""

    def __init__(self, url: str, code: str, count: int, seed: int = 1956):
        self.url = url
        self.code = code
        self.count = count
        self.random = random.Random(seed)
        self.devices: list[SimulatedDevice] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for _ in range(self.count):
            device = SimulatedDevice(self.url)
            status, answer = device.post("/api/join", {"code": self.code})
            if status != 200:
                self.errors.append(f"join: {status} {answer.get('message', '')}")
                continue
            self.devices.append(device)
        self._thread = threading.Thread(target=self._run, name="budapest1956-simulated-class", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            for device in self.devices:
                if self._stop.is_set():
                    return
                try:
                    self._turn(device)
                except (OSError, ValueError) as error:
                    self.errors.append(f"{type(error).__name__}: {error}")
            self._stop.wait(0.05)  # the class thinks a moment between rounds

    def _turn(self, device: SimulatedDevice) -> None:
        _, state = device.get("/api/state")
        vote = state.get("vote")
        if not vote:
            return
        key = vote["key"]
        open_numbers = [choice["number"] for choice in vote["choices"] if choice["open"]]
        if not open_numbers:
            return
        if key in device.voted and self.random.random() > 0.05:
            return  # most keep their vote; a few change their mind
        number = self.random.choice(open_numbers)
        status, _ = device.post("/api/vote", {"vote": key, "choice": number})
        if status == 200:
            device.voted[key] = number

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)


__all__ = ["SimulatedClass"]
