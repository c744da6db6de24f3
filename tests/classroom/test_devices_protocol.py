"""The devices' server through its own protocol, and every security promise of issue 15.

The real server on loopback (Starlette on Uvicorn, on its thread), spoken to with httpx
and the websockets client. Each hostile request is refused with its status and reason,
and the lesson is checked unchanged after it: the log's events, the tallies, the story's
place. Nothing here sleeps: where a ballot must reach the lesson, the test pumps it as the
game's frame does (the server has queued it before it answers).
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest
import websockets

from classroom_helpers import FakeClock, load_fixture
from game.classroom.devices.room import WRONG_CODES_ALLOWED, Room, RoomError, device_id
from game.classroom.devices.server import COOKIE, MAX_BODY, DeviceServer
from game.classroom.devices.service import Devices
from game.classroom.session import ClassSession, load_session, save_session


class Clock:
    """The room's monotonic clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def lesson() -> Iterator[tuple[ClassSession, Devices]]:
    session = ClassSession(load_fixture(), None, now=FakeClock())
    devices = Devices(session, host="127.0.0.1", port=0)
    devices.start()
    yield session, devices
    devices.stop()


def phone(devices: Devices) -> httpx.Client:
    client = httpx.Client(base_url=devices.url, timeout=10)
    assert client.post("/api/join", json={"code": devices.code}).status_code == 200
    return client


def fingerprint(session: ClassSession) -> Any:
    """What a device must never change: the story's place, the vote and the decisions."""
    vote = session.vote
    return (session.scene.id, len(session.story.history), len(session.log.decisions),
            None if vote is None else (vote.key, [(t.votes, t.devices) for t in vote.tallies], dict(vote.ballots)))


def test_nothing_answers_before_devices_are_on_or_after_they_are_off() -> None:
    session = ClassSession(load_fixture(), None, now=FakeClock())
    devices = Devices(session, host="127.0.0.1", port=0)
    assert not devices.running and devices.url == ""
    devices.start()
    url = devices.url
    assert httpx.get(url, timeout=5).status_code == 200
    devices.stop()
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2)


def test_a_public_address_is_refused_before_anything_listens() -> None:
    session = ClassSession(load_fixture(), None, now=FakeClock())
    with pytest.raises(OSError, match="not an address on a local network"):
        Devices(session, host="8.8.8.8", port=0)


def test_wrong_codes_are_refused_and_after_ten_even_the_right_one_must_wait() -> None:
    clock = Clock()
    room = Room("KDWMPA", clock=clock)
    for _ in range(WRONG_CODES_ALLOWED):
        with pytest.raises(RoomError) as refused:
            room.join("AAAAAA", "10.0.0.7")
        assert refused.value.status == 403
    with pytest.raises(RoomError) as refused:
        room.join("KDWMPA", "10.0.0.7")
    assert refused.value.status == 429
    assert room.join("KDWMPA", "10.0.0.8")[1]  # another device in the room is not held up
    clock.now += 61
    token, new = room.join("kdw-mpa", "10.0.0.7")  # a minute later; typed in lower case, a dash
    assert new and room.knows(token)
    assert room.counts() == (2, 0) and room.refused == WRONG_CODES_ALLOWED + 1


def test_the_room_code_has_enough_chance_in_it() -> None:
    from game.classroom.devices.room import CODE_ALPHABET, CODE_LENGTH, new_code

    assert CODE_LENGTH * __import__("math").log2(len(CODE_ALPHABET)) >= 20
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", c) for c in codes)


def test_the_cookie_is_httponly_samesite_and_the_only_thing_that_names_a_device(lesson) -> None:
    session, devices = lesson
    answer = httpx.post(devices.url + "api/join", json={"code": devices.code}, timeout=10)
    header = answer.headers["set-cookie"]
    assert "HttpOnly" in header and "SameSite=strict" in header.replace("Strict", "strict")
    token = answer.cookies[COOKIE]
    assert len(token) >= 32
    state = answer.json()
    text = json.dumps(state)
    assert token not in text and "127.0.0.1" not in text  # no token, no address in what a page gets


def test_a_vote_needs_a_token_and_a_device_has_one_vote_which_it_may_move(lesson) -> None:
    session, devices = lesson
    session.open_vote()
    key = session.vote.key
    anonymous = httpx.post(devices.url + "api/vote", json={"vote": key, "choice": 1}, timeout=10)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "not_joined"
    forged = httpx.post(devices.url + "api/vote", json={"vote": key, "choice": 1}, cookies={COOKIE: "x" * 32}, timeout=10)
    assert forged.status_code == 401
    devices.pump()
    assert session.vote.tallies[0].devices == 0

    client = phone(devices)
    for choice in (1, 1, 2, 1, 2):
        assert client.post("/api/vote", json={"vote": key, "choice": choice}).status_code == 200
    devices.pump()
    assert [t.devices for t in session.vote.tallies] == [0, 1] and len(session.vote.ballots) == 1
    assert client.get("/api/state").json()["your_choice"] == 2


def test_no_vote_in_a_closed_vote_or_an_old_one_or_for_a_closed_choice(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    session.open_vote()
    old_key = session.vote.key
    session.cancel_vote()
    assert client.post("/api/vote", json={"vote": old_key, "choice": 1}).json()["error"] == "vote_closed"
    session.open_vote()
    before = fingerprint(session)
    for payload in ({"vote": old_key, "choice": 1}, {"vote": session.vote.key, "choice": 9},
                    {"vote": session.vote.key, "choice": 0}, {"vote": session.vote.key, "choice": "1"},
                    {"vote": session.vote.key, "choice": True}, {"vote": session.vote.key, "choice": 1.0}):
        answer = client.post("/api/vote", json=payload)
        assert answer.status_code in (400, 409), payload
    devices.pump()
    assert fingerprint(session) == before


def test_a_closed_choice_cannot_be_voted_for(lesson) -> None:
    """The room refuses a choice the lesson offers as closed (the fixture's scenes have
    none open-and-closed at once, so the room is published with only choice 1 open)."""
    session, devices = lesson
    client = phone(devices)
    session.open_vote()
    devices.room.publish({"state": "vote"}, session.vote.key, [0], {})
    answer = client.post("/api/vote", json={"vote": session.vote.key, "choice": 2})
    assert answer.status_code == 409 and answer.json()["error"] == "choice_closed"
    devices.pump()
    assert session.vote.ballots == {}


def test_nothing_a_device_sends_reaches_the_teachers_controls(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    session.open_vote()
    before = fingerprint(session)
    paths = ["/api/open", "/api/close", "/api/choose", "/api/undo", "/api/vote/close", "/admin", "/api/state",
             "/api/join", "/api/vote", "/../lessons", "/page.js", "/%2e%2e/etc/passwd"]
    for path in paths:
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            answer = client.request(method, path, json={"close": True, "choice": 1, "teacher_tiebreak": 1})
            assert answer.status_code in (200, 400, 401, 404, 405, 409, 415), (method, path, answer.status_code)
    devices.pump()
    after = fingerprint(session)
    assert after[:3] == before[:3]  # the story, the vote and the decisions are where they were
    assert after[3][0] == before[3][0]  # the same vote is open: none was closed or opened


def test_oversized_malformed_and_non_json_requests_change_nothing(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    session.open_vote()
    before, refused = fingerprint(session), devices.room.refused
    key = session.vote.key
    big = json.dumps({"vote": key, "choice": 1, "pad": "x" * (MAX_BODY * 4)})
    cases = [
        (dict(content=big, headers={"Content-Type": "application/json"}), 413),
        (dict(content="{not json", headers={"Content-Type": "application/json"}), 400),
        (dict(content="[1, 2]", headers={"Content-Type": "application/json"}), 400),
        (dict(content=f"vote={key}&choice=1", headers={"Content-Type": "application/x-www-form-urlencoded"}), 415),
        (dict(content=b"\xff\xfe", headers={"Content-Type": "application/json"}), 400),
    ]
    for request, status in cases:
        answer = client.post("/api/vote", **request)
        assert answer.status_code == status, (request, answer.text)
        assert "error" in answer.json()
    script = client.post("/api/vote", json={"vote": "<script>alert(1)</script>", "choice": "<img src=x onerror=alert(1)>"})
    assert script.status_code in (400, 409)
    join = client.post("/api/join", json={"code": "<script>alert(1)</script>"})
    assert join.status_code in (200, 403)  # this device is in already: its cookie answers
    devices.pump()
    assert fingerprint(session) == before and devices.room.refused >= refused + len(cases) + 1
    assert "<script>" not in json.dumps(client.get("/api/state").json())


def test_a_wrong_host_header_is_refused(lesson) -> None:
    _, devices = lesson
    answer = httpx.get(devices.url, headers={"Host": "evil.example:80"}, timeout=10)
    assert answer.status_code == 403 and answer.json()["error"] == "not_here"


def test_the_page_is_served_with_a_strict_content_security_policy(lesson) -> None:
    _, devices = lesson
    answer = httpx.get(devices.url, timeout=10)
    policy = answer.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe" not in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/page.js\"" in answer.text and "<script>" not in answer.text


def live_url(devices: Devices) -> str:
    return devices.url.replace("http://", "ws://") + "api/live"


def test_live_updates_come_to_the_page_and_a_reconnected_device_keeps_its_vote(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    token = client.cookies[COOKIE]
    origin = devices.url.rstrip("/")

    async def talk() -> tuple[dict, dict]:
        headers = {"Cookie": f"{COOKIE}={token}"}
        async with websockets.connect(live_url(devices), origin=origin, additional_headers=headers) as socket:
            first = json.loads(await asyncio.wait_for(socket.recv(), 10))
            session.open_vote()
            while True:
                update = json.loads(await asyncio.wait_for(socket.recv(), 10))
                if update.get("vote"):
                    break
            assert client.post("/api/vote", json={"vote": update["vote"]["key"], "choice": 2}).status_code == 200
        # the socket dropped; a new one (a phone waking up) still has the vote
        async with websockets.connect(live_url(devices), origin=origin, additional_headers=headers) as again:
            return first, json.loads(await asyncio.wait_for(again.recv(), 10))

    first, after = asyncio.run(talk())
    assert first["joined"] is True and first["vote"] is None
    assert after["your_choice"] == 2 and after["vote"]["key"] == session.vote.key


def test_a_websocket_from_another_origin_or_too_large_a_message_is_closed(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    token = client.cookies[COOKIE]
    before = fingerprint(session)

    async def foreign() -> None:
        async with websockets.connect(live_url(devices), origin="http://evil.example",
                                      additional_headers={"Cookie": f"{COOKIE}={token}"}) as socket:
            await socket.recv()

    with pytest.raises((websockets.exceptions.InvalidStatus, websockets.exceptions.ConnectionClosed)):
        asyncio.run(foreign())

    async def flood() -> Any:
        async with websockets.connect(live_url(devices), origin=devices.url.rstrip("/"),
                                      additional_headers={"Cookie": f"{COOKIE}={token}"}) as socket:
            await socket.recv()
            await socket.send("x" * (MAX_BODY * 8))
            while True:
                await asyncio.wait_for(socket.recv(), 10)

    with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
        asyncio.run(flood())
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    devices.pump()
    assert fingerprint(session) == before


def test_the_device_cap_is_kept_by_the_server() -> None:
    room = Room("KDWMPA", max_devices=3)
    server = DeviceServer(room, "127.0.0.1", 0)
    server.start()
    try:
        answers = [httpx.post(server.url + "api/join", json={"code": "KDWMPA"}, timeout=10) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 503]
        assert answers[3].json()["error"] == "room_full" and room.counts() == (3, 0)
    finally:
        server.stop()


def test_the_lesson_file_holds_no_token_and_no_address(lesson, tmp_path: Path) -> None:
    session, devices = lesson
    client = phone(devices)
    session.open_vote()
    client.post("/api/vote", json={"vote": session.vote.key, "choice": 1})
    devices.pump()
    path = tmp_path / "lesson.json"
    save_session(session, path)
    text = path.read_text(encoding="utf-8")
    token = client.cookies[COOKIE]
    assert token not in text and "127.0.0.1" not in text
    assert device_id(token) in text  # the device is known by the hash of its token only


def test_a_restarted_game_reopens_the_same_room_and_every_device_keeps_its_vote(lesson, tmp_path: Path) -> None:
    session, devices = lesson
    clients = [phone(devices) for _ in range(3)]
    session.open_vote()
    key = session.vote.key
    for number, client in enumerate(clients):
        client.post("/api/vote", json={"vote": key, "choice": 1 + number % 2})
    devices.pump()
    path = tmp_path / "lesson.json"
    save_session(session, path)
    code = devices.code
    devices.stop()  # the game is closed (or killed after its last write)

    resumed = load_session(session.data, path, now=FakeClock())
    resumed.resume()
    again = Devices(resumed, host="127.0.0.1", port=0)
    again.start()
    try:
        assert again.code == code and again.counts().joined == 3
        for number, old in enumerate(clients):
            moved = httpx.Client(base_url=again.url, cookies=old.cookies, timeout=10)
            state = moved.get("/api/state").json()
            assert state["joined"] is True and state["your_choice"] == 1 + number % 2
        assert [t.devices for t in resumed.vote.tallies] == [2, 1]
        decision = resumed.close_vote()
        assert decision.choices[0].devices == 2
    finally:
        again.stop()


def test_the_page_follows_the_lesson_scene_prompts_vote_result(lesson) -> None:
    session, devices = lesson
    client = phone(devices)
    state = client.get("/api/state").json()
    assert state["state"] == "reading" and state["scene"]["title"] == session.scene.title
    assert state["prompts"] == [] and state["passages"] and state["passages"][0]["quote"] in (
        state["passages"][0]["before"] + state["passages"][0]["quote"] + state["passages"][0]["after"])
    session.prompt_shown("Who decides what the class does next?")
    state = client.get("/api/state").json()
    assert state["state"] == "discussion" and state["prompts"] == ["Who decides what the class does next?"]
    session.open_vote()
    assert client.get("/api/state").json()["state"] == "vote"
    client.post("/api/vote", json={"vote": session.vote.key, "choice": 1})
    devices.pump()
    session.close_vote()
    state = client.get("/api/state").json()
    assert state["vote"] is None and state["result"]["winner"] == 1 and state["result"]["devices"] == 1
    assert state["prompts"] == []  # a new scene: its prompts are not up until the teacher puts them up


def test_a_device_flooding_ballots_is_slowed_and_its_one_vote_stays_one() -> None:
    clock = Clock()
    room = Room("KDWMPA", clock=clock)
    token, _ = room.join("KDWMPA", "10.0.0.9")
    room.publish({"state": "vote"}, "v#1", [0, 1], {})
    statuses = []
    for number in range(40):
        try:
            room.ballot(token, "v#1", 1 + number % 2)
            statuses.append(200)
        except RoomError as error:
            statuses.append(error.status)
    assert statuses.count(429) >= 25 and statuses[:10] == [200] * 10
    clock.now += 5  # a few seconds later the device may vote again
    room.ballot(token, "v#1", 1)
    drained = room.drain()
    assert drained.ballots[-1][2] == 0 and room.counts() == (1, 1)
