"""The class's devices through the real screens: the teacher turns them on, the room goes
up, a device joins and votes over HTTP, the projector counts who voted (not for what),
shows the tally when the vote closes, the export says how the votes were cast, leaving
the lesson stops the server, and resuming it reopens the same room for the same devices."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import httpx  # noqa: E402
import pygame  # noqa: E402

from test_classroom_lesson_screens import classroom_app, press, store_of, top  # noqa: E402
from game.classroom.screens import end_classroom  # noqa: E402

pytestmark = pytest.mark.usefixtures("player_home")
DEVICES = ("--devices", "--devices-host", "127.0.0.1", "--devices-port", "0")


def pump_until(app, done, tries: int = 200) -> None:
    """Pump the devices as the game's loop does, until ``done()``: each ballot the server
    took is already in the room's queue, so this ends at once unless something is lost."""
    for _ in range(tries):
        app.pump_devices()
        if done():
            return
    raise AssertionError("the devices' report never reached the lesson")


def test_devices_on_from_setup_to_tally_to_resume(tmp_path) -> None:
    app = classroom_app(*DEVICES)
    assert type(app.top).__name__ == "ClassroomSetupScreen" and app.top.devices_on
    press(app, pygame.K_1)  # a new lesson, the first point of view
    assert top(app) == "RoomScreen"
    devices = app.devices
    assert devices is not None and devices.running and len(devices.code) == 6
    session = app.classroom
    assert session.log.room is not None and session.log.room.code == devices.code

    phone = httpx.Client(base_url=devices.url, timeout=10)
    assert phone.post("/api/join", json={"code": devices.code}).status_code == 200
    pump_until(app, lambda: len(session.log.room.devices) == 1)
    assert devices.counts().joined == 1

    press(app, pygame.K_RETURN)  # back to the lesson
    press(app, pygame.K_v)
    if top(app) == "DiscussionScreen":
        press(app, pygame.K_RETURN)
    assert top(app) == "VoteScreen"
    key = session.vote.key
    assert phone.get("/api/state").json()["vote"]["key"] == key
    assert phone.post("/api/vote", json={"vote": key, "choice": 1}).status_code == 200
    pump_until(app, lambda: session.vote.tallies[0].devices == 1)
    vote_screen = app.top
    assert "1 voted" in vote_screen.info_line() and "1 device" in vote_screen.info_line()
    assert vote_screen.shown_count(session.vote.tallies[0]) == 0  # not for what, until it closes

    press(app, pygame.K_1)  # a hand for choice 1 too
    assert (session.vote.tallies[0].votes, session.vote.tallies[0].hands) == (2, 1)
    press(app, pygame.K_RETURN)  # close
    assert top(app) == "VoteResultScreen"
    decision = app.top.decision
    assert decision.method == "vote" and decision.winner == 0
    assert (decision.choices[0].votes, decision.choices[0].devices, decision.choices[0].hands) == (2, 1, 1)
    assert phone.get("/api/state").json()["result"]["devices"] == 1
    assert phone.post("/api/vote", json={"vote": key, "choice": 2}).json()["error"] == "vote_closed"

    press(app, pygame.K_RETURN)
    assert top(app) in ("ClassroomStoryScreen", "DebriefScreen")
    folder = tmp_path / "export"
    from game.classroom.exports import export_session

    export_session(session, folder)
    handout = (folder / "session.md").read_text(encoding="utf-8")
    assert "Cast from the class's devices: 1; hands counted by the teacher: 1." in handout
    assert "2 (1 device, 1 hand)" in handout

    url, code = devices.url, devices.code
    end_classroom(app)
    assert app.devices is None
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2)

    # the next day: the lesson is resumed, the room opens again with its code and devices
    again = classroom_app("--devices-host", "127.0.0.1", "--devices-port", "0")
    info = next(i for i in store_of(again).unfinished() if i.usable)
    assert info.room == code and "room " + code in info.detail()
    again.top.resume(info)
    assert again.devices is not None and again.devices.code == code
    assert top(again) == "ClassroomStoryScreen"  # a room already known is not put up again
    moved = httpx.Client(base_url=again.devices.url, cookies=phone.cookies, timeout=10)
    rejoined = moved.post("/api/join", json={"code": "NOTTHECODE"})  # its cookie is enough
    assert rejoined.status_code == 200 and rejoined.json()["joined"] is True
    assert again.devices.counts().joined == 1
    end_classroom(again)


def test_q_turns_devices_on_in_a_lesson_that_had_none() -> None:
    app = classroom_app("--devices-host", "127.0.0.1", "--devices-port", "0")
    assert not app.top.devices_on
    press(app, pygame.K_1)
    assert top(app) == "ClassroomStoryScreen" and app.devices is None
    assert any(text.startswith("Devices") for text, _, _ in app.top.buttons)
    press(app, pygame.K_q)
    assert top(app) == "RoomScreen" and app.devices is not None
    press(app, pygame.K_ESCAPE)
    assert any(text.startswith(f"Room {app.devices.code}") for text, _, _ in app.top.buttons)
    end_classroom(app)


def test_the_setup_screen_says_whether_devices_are_on_and_d_turns_them() -> None:
    app = classroom_app()
    screen = app.top
    assert "Devices: off" in screen.info_line()
    press(app, pygame.K_d)
    assert screen.devices_on and "Devices: on" in screen.info_line()
    press(app, pygame.K_d)
    assert not screen.devices_on


def test_a_lesson_with_thirty_simulated_phones_through_the_real_screens(tmp_path) -> None:
    """The whole lesson, autoplayed: thirty devices join over HTTP and vote in every vote;
    the handout's CSV says every vote came from the thirty devices."""
    import csv
    import subprocess
    import sys

    export = tmp_path / "export"
    result = subprocess.run(
        [sys.executable, "-m", "game", "classroom", "--headless", "--autoplay", "1", "--seed", "3", "--devices",
         "--devices-host", "127.0.0.1", "--devices-port", "0", "--simulated-devices", "30", "--export", str(export),
         "--data-dir", str(tmp_path / "data")],
        capture_output=True, text=True, timeout=240, env={**os.environ, "SDL_VIDEODRIVER": "dummy"},
    )
    assert result.returncode == 0, result.stderr
    with (export / "decisions.csv").open(encoding="utf-8") as handle:
        votes = [row for row in csv.DictReader(handle) if row["method"] == "vote"]
    assert len(votes) >= 5
    for row in votes:
        assert (row["device_votes"], row["hand_votes"], row["total_votes"]) == ("30", "0", "30"), row["scene"]
