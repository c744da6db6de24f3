"""Which choices an ending reads back as the player's decisions."""

from __future__ import annotations

import gc

from game.core.decisions import _READS, is_decision, path_decisions, story_reads
from game.core.story import Story

VARIABLES = """\
  courage: {type: int, default: 0, min: 0, max: 3}
  hurt: {type: bool, default: false}
  name: {type: str, default: "Zsofi"}
  kept: {type: bool, default: false}
  unread: {type: bool, default: false}
"""


def _story(playable, scene):
    scenes = [
        # remembered by chose(); a flag read later; a number only; a flag nothing reads
        scene("start", "choices:\n"
                       "  - {id: help, text: Help the man, goto: b}\n"
                       "  - {id: keep, text: Keep the leaflet, goto: b, effects: kept = true}\n"
                       "  - {id: brave, text: Shout, goto: b, effects: courage += 1}\n"
                       "  - {id: quiet, text: Say nothing, goto: b, effects: unread = true}"),
        scene("b", "choices:\n"
                   "  - text: March\n    goto: end\n    record:\n      text: The crowd marched.\n"
                   "      cites:\n        - source: bbc\n          quote: Immediately after the broadcast, the crowd"
                   " marched on the broadcasting station.\n"
                   '  - {text: Go home, goto: end, if: chose("start.help") or kept, closed: Not you.}'),
        scene("end", ending=True),
    ]
    return playable("".join(scenes), variables=VARIABLES)


def test_what_counts_as_a_decision(playable, scene) -> None:
    story = _story(playable, scene)
    start, b = story.scenes["start"].choices, story.scenes["b"].choices
    assert [is_decision(story, choice) for choice in start] == [True, True, False, False]
    assert [is_decision(story, choice) for choice in b] == [True, False]  # the record; a plain choice
    assert story_reads(story) is story_reads(story)  # computed once per story


def test_the_path_reads_back_its_decisions_in_order(playable, scene) -> None:
    story = _story(playable, scene)
    playing = Story(story, "student")
    playing.choose(1)  # keep the leaflet
    playing.choose(0)  # march
    assert [(entry.scene.id, entry.choice.id) for entry in path_decisions(playing)] == [
        ("start", "keep"), ("b", "b_1"),
    ]
    playing = Story(story, "student")
    playing.choose(2)  # shout: a nudge, not a decision
    playing.choose(0)
    assert [entry.scene.id for entry in path_decisions(playing)] == ["b"]


def test_the_reads_are_forgotten_with_their_story(playable, scene) -> None:
    story = _story(playable, scene)
    story_reads(story)
    key = id(story)
    assert key in _READS
    del story
    gc.collect()
    assert key not in _READS
