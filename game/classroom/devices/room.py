"""The room: who may vote from a device, and the one ballot each device has.

The room sits between two threads. The web server's thread (:mod:`.server`) asks it to
let a device in, to take a ballot and to say what a device's page shows; the game's
thread publishes what the lesson shows now (:meth:`Room.publish`) and, once a frame,
takes what the devices did (:meth:`Room.drain`) into the lesson's log, where it is
written to disk. Everything behind one lock, and the hand-over a :class:`queue.Queue`,
so neither thread ever waits on the other for longer than a dictionary update.

The room decides nothing about the story. A device can join, read, and cast or move its
one ballot in the vote the teacher opened, for a choice that is open; everything else it
sends is refused with a reason and changes nothing. Its limits are the classroom's:
:data:`MAX_DEVICES` devices, a few wrong codes a minute from one address, a few ballots a
second from one device. The code is at least 20 bits of chance (six letters of 24: about
27.5 bits), and the wrong-code limit makes guessing it pointless: at 10 tries a minute an
address needs on the order of 20 million minutes to have an even chance.

Privacy: a device is known by a hash of its random token (its cookie), never by its
address or a name. Addresses are held in memory only, for the wrong-code limit, and
forgotten after a minute; nothing here is written to disk.

Headless: no pygame, no web framework, so the protocol tests and the bench drive it
directly.
"""

from __future__ import annotations

import hashlib
import hmac
import queue
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

#: letters a class can read off a projector and type without confusion (no I, O)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 6
MAX_DEVICES = 200
#: wrong codes one address may send in WRONG_CODE_WINDOW seconds before it must wait
WRONG_CODES_ALLOWED = 10
WRONG_CODE_WINDOW = 60.0
#: ballots a device may send: a burst of BALLOT_BURST, then BALLOTS_PER_SECOND
BALLOT_BURST = 10
BALLOTS_PER_SECOND = 4.0
#: addresses remembered for the wrong-code limit at once (a flood of spoofed ones is capped)
MAX_ADDRESSES = 4096

Clock = Callable[[], float]


class RoomError(Exception):
    """A device's request refused: ``status`` is the HTTP status the server answers with,
    ``code`` a word the page understands, and the message is for a person."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def new_code() -> str:
    """A fresh room code: random per lesson, from the system's secure generator."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: str) -> str:
    """What a student typed, as the room compares it: capitals, spaces and dashes gone."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum())[: CODE_LENGTH * 2]


def device_id(token: str) -> str:
    """The name the room and the lesson file give a device: a hash of its secret token, so
    the file never holds a token that could cast the device's vote."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass
class OpenVote:
    """The vote the teacher has open, as far as a device needs it."""

    key: str
    open_choices: frozenset[int]  # 0-based indices
    ballots: dict[str, int] = field(default_factory=dict)  # device id -> 0-based choice


@dataclass
class Drained:
    """What the devices did since the game last looked."""

    joined: list[str]
    ballots: list[tuple[str, str, int]]  # (device id, vote key, 0-based choice)


class Room:
    """One lesson's room. Thread-safe: every public method takes the lock."""

    def __init__(
        self,
        code: str,
        devices: Iterable[str] = (),
        *,
        clock: Clock = time.monotonic,
        max_devices: int = MAX_DEVICES,
    ):
        self.code = code
        self.max_devices = max_devices
        self._clock = clock
        self._lock = threading.Lock()
        self._devices: set[str] = set(devices)
        self._wrong: dict[str, deque[float]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}
        self._vote: OpenVote | None = None
        self._view: dict[str, Any] = {"state": "waiting"}
        self._version = 0
        self._events: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._listeners: list[Callable[[], None]] = []
        self.refused = 0  # requests refused, of every kind (the hostile tests count them)

    # ------------------------------------------------------------------ the server's side
    def join(self, code: str, address: str, token: str | None = None) -> tuple[str, bool]:
        """Let a device in. A device that already holds a token of this room is let back
        in without the code (it reconnected, or the game was restarted) and keeps its
        vote; returns the token and whether the device is new."""
        with self._lock:
            if token and device_id(token) in self._devices:
                return token, False
            now = self._clock()
            wrong = self._recent_wrong(address, now)
            if len(wrong) >= WRONG_CODES_ALLOWED:
                self.refused += 1
                raise RoomError(429, "slow_down", "Too many wrong codes from this device: wait a minute and try again.")
            if not hmac.compare_digest(clean_code(code).encode(), self.code.encode()):
                wrong.append(now)
                self.refused += 1
                raise RoomError(403, "wrong_code", "That is not this room's code: check the letters on the screen.")
            if len(self._devices) >= self.max_devices:
                self.refused += 1
                raise RoomError(503, "room_full", f"The room is full ({self.max_devices} devices).")
            token = secrets.token_urlsafe(24)
            device = device_id(token)
            self._devices.add(device)
            self._version += 1
        self._events.put(("joined", device))
        self._notify()
        return token, True

    def knows(self, token: str | None) -> bool:
        with self._lock:
            return bool(token) and device_id(token) in self._devices  # type: ignore[arg-type]

    def ballot(self, token: str | None, vote_key: Any, choice_number: Any) -> int:
        """A device's vote, or its changed vote, for choice ``choice_number`` (1-based, as
        on every screen) of the vote named ``vote_key``; returns the 0-based choice."""
        with self._lock:
            device = device_id(token) if token else None
            if device is None or device not in self._devices:
                self.refused += 1
                raise RoomError(401, "not_joined", "This device has not joined the room: enter the code first.")
            if not self._take_from_bucket(device):
                self.refused += 1
                raise RoomError(429, "slow_down", "Too many votes at once: wait a moment.")
            vote = self._vote
            if vote is None or not isinstance(vote_key, str) or not hmac.compare_digest(vote_key, vote.key):
                self.refused += 1
                raise RoomError(409, "vote_closed", "This vote is closed.")
            if isinstance(choice_number, bool) or not isinstance(choice_number, int):
                self.refused += 1
                raise RoomError(400, "bad_choice", "A choice is given by its number.")
            index = choice_number - 1
            if index not in vote.open_choices:
                self.refused += 1
                raise RoomError(409, "choice_closed", f"Choice {choice_number} is not open in this vote.")
            if vote.ballots.get(device) == index:
                return index
            vote.ballots[device] = index
            self._version += 1
        self._events.put(("ballot", (device, vote_key, index)))
        self._notify()
        return index

    def view_for(self, token: str | None) -> dict[str, Any]:
        """What one device's page shows: the lesson as published, the room's counts, and
        this device's own ballot (no other device's)."""
        with self._lock:
            device = device_id(token) if token else None
            view = dict(self._view)
            vote = self._vote
            mine = vote.ballots.get(device) if vote is not None and device is not None else None
            view["version"] = self._version
            view["joined"] = device is not None and device in self._devices
            view["devices"] = {"joined": len(self._devices), "voted": len(vote.ballots) if vote else 0}
            view["your_choice"] = None if mine is None else mine + 1
            return view

    @property
    def version(self) -> int:
        with self._lock:
            return self._version

    def listen(self, listener: Callable[[], None]) -> None:
        """``listener`` is called (on whichever thread changed the room) after every
        change: the server wakes its live connections with it."""
        with self._lock:
            self._listeners.append(listener)

    # ------------------------------------------------------------------ the game's side
    def publish(self, view: Mapping[str, Any], vote_key: str | None = None, open_choices: Iterable[int] = (),
                ballots: Mapping[str, int] | None = None) -> None:
        """What the lesson shows now (``view``: JSON-ready, see :mod:`.view`) and the vote
        open now, if any, with the ballots the lesson already holds for it. A vote that
        is not the one open before starts with ``ballots`` (empty for a new vote; the
        logged ones when a lesson is resumed)."""
        with self._lock:
            if vote_key is None:
                self._vote = None
            elif self._vote is None or self._vote.key != vote_key:
                self._vote = OpenVote(vote_key, frozenset(open_choices), dict(ballots or {}))
            else:  # the same vote: its ballots stay, what is open is as the lesson says now
                self._vote.open_choices = frozenset(open_choices)
            self._view = dict(view)
            self._version += 1
        self._notify()

    def drain(self) -> Drained:
        """Everything devices did since the last call, in order (the game's thread)."""
        joined: list[str] = []
        ballots: list[tuple[str, str, int]] = []
        while True:
            try:
                kind, item = self._events.get_nowait()
            except queue.Empty:
                return Drained(joined, ballots)
            if kind == "joined":
                joined.append(item)
            else:
                ballots.append(item)

    def counts(self) -> tuple[int, int]:
        """Devices joined, and devices that have voted in the open vote (for the projector)."""
        with self._lock:
            return len(self._devices), len(self._vote.ballots) if self._vote else 0

    # ------------------------------------------------------------------ limits
    def _recent_wrong(self, address: str, now: float) -> deque[float]:
        wrong = self._wrong.get(address)
        if wrong is None:
            if len(self._wrong) >= MAX_ADDRESSES:
                self._forget_old(now)
            wrong = self._wrong.setdefault(address, deque())
        while wrong and now - wrong[0] > WRONG_CODE_WINDOW:
            wrong.popleft()
        return wrong

    def _forget_old(self, now: float) -> None:
        for address in [a for a, times in self._wrong.items() if not times or now - times[-1] > WRONG_CODE_WINDOW]:
            del self._wrong[address]
        if len(self._wrong) >= MAX_ADDRESSES:  # all recent: keep the limit by dropping the oldest
            oldest = min(self._wrong, key=lambda a: self._wrong[a][-1])
            del self._wrong[oldest]

    def _take_from_bucket(self, device: str) -> bool:
        now = self._clock()
        tokens, last = self._buckets.get(device, (float(BALLOT_BURST), now))
        tokens = min(float(BALLOT_BURST), tokens + (now - last) * BALLOTS_PER_SECOND)
        if tokens < 1.0:
            self._buckets[device] = (tokens, now)
            return False
        self._buckets[device] = (tokens - 1.0, now)
        return True

    def _notify(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()


__all__ = [
    "BALLOTS_PER_SECOND", "BALLOT_BURST", "CODE_ALPHABET", "CODE_LENGTH", "Drained", "MAX_DEVICES", "OpenVote",
    "Room", "RoomError", "WRONG_CODES_ALLOWED", "WRONG_CODE_WINDOW", "clean_code", "device_id", "new_code",
]
