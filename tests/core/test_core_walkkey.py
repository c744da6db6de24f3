"""The walk fingerprint (issue 13): the same for a story changed only where no walk of
the playthroughs looks (prose, places, sources, positions), different for any change a
walk could see. A false "same" would keep a wrong verdict, so each kind of change that
matters is tried."""

from __future__ import annotations

import copy
from typing import Callable

import pytest

from game.core.diagnostics import Pos
from game.core.loader import load_story
from game.core.model import Expression, StoryData
from game.core.walkkey import walk_fingerprint
from game.paths import default_story_dir


@pytest.fixture(scope="module")
def shipped() -> StoryData:
    story, _ = load_story(default_story_dir())
    assert story is not None
    return story


def _changed(story: StoryData, change: Callable[[StoryData], None]) -> str:
    edited = copy.deepcopy(story)
    change(edited)
    return walk_fingerprint(edited)


def _first_choice_scene(story: StoryData):
    return next(scene for scene in story.scenes.values() if len(scene.choices) >= 2)


def _a_condition(story: StoryData):
    return next(choice for scene in story.scenes.values() for choice in scene.choices if choice.condition)


def _prose(story: StoryData) -> None:
    for scene in story.scenes.values():
        scene.title += " (edited)"
        scene.place = "Elsewhere"
        for paragraph in scene.text.paragraphs():
            paragraph.pieces = tuple(p + " More words." if isinstance(p, str) else p for p in paragraph.pieces)
        for citation in scene.cites:
            citation.quote = citation.quote.upper()
        for choice in scene.choices:
            choice.text = "Something else"
            choice.pos = Pos(choice.pos.path, choice.pos.line + 2, 0)
    story.title = "Another title"


SAME = {
    "prose, titles, quotes and lines": _prose,
    "a discussion prompt": lambda s: _first_choice_scene(s).discussion.append("Why?"),
    "a closed choice's reason": lambda s: setattr(_a_condition(s), "closed_reason", "Later."),
}

DIFFERENT = {
    "a condition": lambda s: setattr(_a_condition(s), "condition",
                                     Expression(_a_condition(s).condition.source + " or true", Pos("x"))),
    "a goto": lambda s: setattr(_first_choice_scene(s).choices[0], "goto", _first_choice_scene(s).choices[1].goto + "_x"),
    "a choice removed": lambda s: _first_choice_scene(s).choices.pop(),
    "a variable's maximum": lambda s: setattr(next(iter(s.variables.values())), "maximum", 99),
    "a variable's default": lambda s: setattr(next(v for v in s.variables.values() if v.type == "int"), "default", 7),
    "a start": lambda s: setattr(next(iter(s.perspectives.values())), "start", "elsewhere"),
    "an ending": lambda s: setattr(next(sc for sc in s.scenes.values() if sc.ending), "ending", None),
}


@pytest.mark.parametrize("name", SAME)
def test_what_no_walk_reads_keeps_the_fingerprint(shipped: StoryData, name: str) -> None:
    assert _changed(shipped, SAME[name]) == walk_fingerprint(shipped)


@pytest.mark.parametrize("name", DIFFERENT)
def test_what_a_walk_reads_changes_the_fingerprint(shipped: StoryData, name: str) -> None:
    assert _changed(shipped, DIFFERENT[name]) != walk_fingerprint(shipped)


def test_the_walks_limits_are_part_of_it(shipped: StoryData) -> None:
    assert walk_fingerprint(shipped, 100) != walk_fingerprint(shipped, 200)
