"""Reading time and second-playthrough overlap, on stories whose word counts are known, and
on the shipped story (the figures the issue asks for, stated as properties, not values)."""

from __future__ import annotations

import random

import pytest

from game.core.readings import overlap, play_randomly, readings

TEN = "one two three four five six seven eight nine ten"


def _ending(scene_id: str, epilogue_words: int) -> str:
    """An ending scene (2 words of text) whose epilogue has ``epilogue_words`` words."""
    epilogue = " ".join(["word"] * epilogue_words)
    return (
        f"  - id: {scene_id}\n    date: \"1956-10-23 09:00\"\n    place: Budapest\n    title: End {scene_id}\n"
        "    text: Something happens.\n    cites:\n      - source: bbc\n"
        "        quote: Immediately after the broadcast, the crowd marched on the broadcasting station.\n"
        f"    ending:\n      title: The end\n      epilogue: {epilogue}\n"
    )


@pytest.fixture
def forked(playable, scene):
    """start (2 words) -> long (2 + 400-word epilogue), with a 10-word reply; or -> short
    (2 + 100-word epilogue)."""
    start = scene("start", f"choices:\n  - {{text: Long, goto: long, reply: {TEN}}}\n  - {{text: Short, goto: short}}")
    return playable(start + _ending("long", 400) + _ending("short", 100))


def test_the_words_read_are_reply_text_and_epilogue(forked) -> None:
    seen = {play_randomly(forked, "student", random.Random(seed), 50).words for seed in range(30)}
    assert seen == {2 + 10 + 2 + 400, 2 + 2 + 100}


def test_reading_minutes_endings_and_overlap_of_a_fork(forked) -> None:
    [reading] = readings(forked, pairs=30, seed=7, words_per_minute=100)
    assert reading.perspective == "student" and reading.playthroughs == 60
    assert set(reading.minutes) == {4.14, 1.04}
    assert sum(reading.endings.values()) == 60 and set(reading.endings) == {"long", "short"}
    # a pair that took the same way shares everything; one that forked shares the first
    # scene's two words only (2 of 414, or 2 of 104)
    assert 2 / 104 * 100 < reading.overlap_percent < 100
    assert reading.unfinished == 0
    assert readings(forked, pairs=30, seed=7, words_per_minute=100) == (reading,)  # seeded: the same every run


def test_one_route_reads_the_same_twice(playable, scene) -> None:
    story = playable(scene("start", "choices:\n  - {text: Onward, goto: end}") + _ending("end", 48))
    [reading] = readings(story, pairs=3)
    assert reading.minutes == (52 / 200,) * 6
    assert reading.overlap_percent == 100


def test_a_loop_stops_at_the_bound_and_counts_as_unfinished(playable, scene) -> None:
    story = playable(
        scene("start", "choices:\n  - {text: Round, goto: start}\n  - {text: Out, goto: end, if: visits(\"start\") > 99}")
        + _ending("end", 1)
    )
    [reading] = readings(story, pairs=2)
    assert reading.unfinished == 4 and reading.endings == {}
    assert reading.minutes[0] > 0  # the words read before the bound still count


def test_overlap_is_word_weighted() -> None:
    from game.core.readings import Playthrough

    first = Playthrough(("a b c d e f", "x"), "end", True)
    second = Playthrough(("a b c d e f", "y z"), "end", True)
    assert overlap(first, second) == 6 / 8


def test_no_pairs_is_refused(forked) -> None:
    with pytest.raises(ValueError):
        readings(forked, pairs=0)


def test_the_shipped_story_reads_long_enough_and_differently(shipped_story) -> None:
    """Issue 14: each path 25–45 minutes of reading on one playthrough, and a second
    playthrough that reads noticeably differently."""
    found = {reading.perspective: reading for reading in readings(shipped_story)}
    assert set(found) == set(shipped_story.perspectives)
    for perspective, reading in found.items():
        assert reading.unfinished == 0, perspective
        assert 25 <= reading.shortest and reading.longest <= 45, (perspective, reading.minutes)
        # at least a quarter of what a second playthrough reads is new to its player
        assert reading.overlap_percent <= 75, (perspective, reading.overlap_percent)
