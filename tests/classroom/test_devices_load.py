"""Two hundred devices at once, on loopback: every join and every vote counted exactly
once, the two hundred and first device told the room is full, and the lesson's counts
the same after the game is restarted. Bounded: 201 clients, one vote each (a fifth of
them change it once); the timeouts are guards, not measurements (speed is in the bench).
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import httpx

from classroom_helpers import FakeClock, load_fixture
from game.classroom.devices.room import MAX_DEVICES
from game.classroom.devices.service import Devices
from game.classroom.session import ClassSession, load_session, save_session


async def crowd(url: str, code: str, key: str, count: int, seed: int) -> tuple[list[int], list[int], list[int]]:
    """``count`` devices join at once, then vote at once; a fifth change their vote."""
    chooser = random.Random(seed)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=url, timeout=60, limits=limits) for _ in range(count)]
    try:
        joins = await asyncio.gather(*(c.post("/api/join", json={"code": code}) for c in clients))
        joined = [c for c, answer in zip(clients, joins) if answer.status_code == 200]
        wanted = [chooser.choice([1, 2]) for _ in joined]
        votes = await asyncio.gather(*(c.post("/api/vote", json={"vote": key, "choice": n})
                                       for c, n in zip(joined, wanted)))
        assert all(answer.status_code == 200 for answer in votes)
        changers = range(0, len(joined), 5)
        for index in changers:
            wanted[index] = 3 - wanted[index]
        moved = await asyncio.gather(*(joined[i].post("/api/vote", json={"vote": key, "choice": wanted[i]})
                                       for i in changers))
        assert all(answer.status_code == 200 for answer in moved)
        return [answer.status_code for answer in joins], wanted, [len(joined)]
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


def test_two_hundred_devices_join_and_vote_at_once_and_each_counts_once(tmp_path: Path) -> None:
    session = ClassSession(load_fixture(), None, now=FakeClock())
    devices = Devices(session, host="127.0.0.1", port=0)
    devices.start()
    try:
        session.open_vote()
        statuses, wanted, _ = asyncio.run(asyncio.wait_for(
            crowd(devices.url, devices.code, session.vote.key, MAX_DEVICES + 1, seed=7), 120))
        assert statuses.count(200) == MAX_DEVICES and statuses.count(503) == 1
        devices.pump()  # every answer above came after its ballot was queued: one frame takes them all
        vote = session.vote
        assert len(session.log.room.devices) == MAX_DEVICES and len(vote.ballots) == MAX_DEVICES
        assert [t.devices for t in vote.tallies] == [wanted.count(1), wanted.count(2)]
        assert sum(t.votes for t in vote.tallies) == MAX_DEVICES
        assert devices.counts().joined == MAX_DEVICES and devices.counts().voted == MAX_DEVICES

        path = tmp_path / "lesson.json"
        save_session(session, path)
    finally:
        devices.stop()
    resumed = load_session(session.data, path, now=FakeClock())
    assert [t.devices for t in resumed.vote.tallies] == [wanted.count(1), wanted.count(2)]
    decision = resumed.close_vote() if not resumed.vote.is_tie else resumed.close_vote(0)
    assert decision.total_votes == MAX_DEVICES
