"""Exhaustive exploration and random play, on packs whose answers are known by hand."""

from __future__ import annotations

import pytest

from game.core.explore import explore, random_play


@pytest.fixture
def explore_pack(load_pack):
    story, diagnostics = load_pack("explore_pack")
    assert story is not None, [str(d) for d in diagnostics]
    # the pack is playable but check warns about what explore then proves
    assert sorted(d.code for d in diagnostics) == ["all-closed", "unreachable"]
    return story


def test_explore_known_answers(explore_pack) -> None:
    report = explore(explore_pack)
    assert report.scenes_total == 7
    assert report.scenes_reached == 5
    assert report.unreachable == ["end_never", "lost"]
    assert report.endings_total == 4
    assert report.endings_reached == ["end_fight", "end_home"]
    assert report.endings_unreached == ["end_never", "lost"]
    assert report.choices_never_open == ["b:fly"]
    # the student who hides reaches the square with courage 0 and no wound: stuck
    [dead] = report.dead_ends
    assert dead["scene"] == "b" and dead["perspective"] == "student"
    assert dead["variables"] == {"courage": 0, "hurt": False}
    assert dead["location"].endswith("chapter.yaml:38")
    # student: a, b with courage 1, b with courage 0, end_fight; worker: w, b hurt, end_home
    assert report.states == 7 and not report.truncated
    assert report.per_perspective["student"] == {
        "start": "a", "scenes_reached": 3, "endings_reached": ["end_fight"], "states": 4,
        "truncated": False, "frontier": 0,
    }
    assert report.per_perspective["worker"] == {
        "start": "w", "scenes_reached": 3, "endings_reached": ["end_home"], "states": 3,
        "truncated": False, "frontier": 0,
    }


def test_explore_clean_pack(load_pack) -> None:
    story, _ = load_pack("clean")
    report = explore(story)
    assert (report.scenes_total, report.scenes_reached) == (5, 5)
    assert report.unreachable == [] and report.dead_ends == [] and report.choices_never_open == []
    assert report.endings_reached == ["radio", "home"] and report.endings_unreached == []
    assert report.per_perspective["worker"]["scenes_reached"] == 4  # shift, square, radio, home
    assert report.per_perspective["student"]["endings_reached"] == ["home", "radio"]
    assert not report.truncated


def test_explore_state_limit(load_pack) -> None:
    story, _ = load_pack("clean")
    report = explore(story, max_states=2)
    assert report.truncated


def test_explore_report_is_json_ready(explore_pack) -> None:
    import json

    data = json.loads(json.dumps(explore(explore_pack).to_json()))
    assert {"scenes_total", "scenes_reached", "unreachable", "endings_total", "endings_reached",
            "dead_ends", "choices_never_open"} <= set(data)


def test_random_play_known_answers(explore_pack) -> None:
    report = random_play(explore_pack, games=60, seed=7)
    assert report.games == 60 and report.seed == 7
    assert set(report.endings_reached) == {"end_fight", "end_home"}
    assert sum(report.endings_reached.values()) + len(report.stuck) == 60
    assert report.stuck, "hiding leaves the student stuck in some games"
    assert all(s == {"scene": "b", "variables": {"courage": 0, "hurt": False}} for s in report.stuck)
    assert set(report.unreached) == {"end_never", "lost"}
    assert report.longest == 2


def test_random_play_is_reproducible(explore_pack) -> None:
    first = random_play(explore_pack, games=20, seed=3).to_json()
    second = random_play(explore_pack, games=20, seed=3).to_json()
    first.pop("seconds"), second.pop("seconds")
    assert first == second


def test_random_play_on_clean_pack_never_sticks(load_pack) -> None:
    story, _ = load_pack("clean")
    report = random_play(story, games=40, seed=1)
    assert report.stuck == []
    assert set(report.endings_reached) == {"radio", "home"}
    assert report.unreached == []
