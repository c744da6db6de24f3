"""A playthrough as a value: ``StoryState``, the step rules, and saves that keep it whole.

* Every path of the ``reactive`` pack is walked twice through the real ``Story`` facade:
  straight, and through a JSON save round trip after every step (ink runs its suite so);
  the two must agree on the state (``StoryState`` equality) and on every paragraph shown.
* A Hypothesis property over random walks of the ``clean`` and ``reactive`` packs: a
  round trip after any prefix gives an equal state and an equal history, and undo
  returns exactly the earlier states, before and after loading.
* Saves across formats: a format-1 save, as the engine before reactive text wrote it,
  loads and gains the ``chosen`` memory its history implies; a format-2 save whose
  ``state`` block disagrees with its own history is refused.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.core import rules
from game.core.diagnostics import SaveError
from game.core.loader import load_story
from game.core.model import StoryData
from game.core.state import StoryState
from game.core.story import Story

FIXTURES_DIR = Path(__file__).resolve().parent.parent / "fixtures"


@lru_cache(maxsize=None)
def pack(name: str) -> StoryData:
    """A fixture pack loaded once per run (Hypothesis calls the test many times)."""
    story, diagnostics = load_story(FIXTURES_DIR / name)
    assert story is not None, [str(d) for d in diagnostics]
    return story


def round_trip(story: Story) -> Story:
    return Story.from_save(story.data, json.loads(json.dumps(story.to_save())))


def seen(story: Story) -> tuple:
    """Everything a player reads and can do now, and every step behind them."""
    return (
        story.state, story.reply, story.text, story.epilogue, story.path,
        [(step.state, step.choice.key) for step in story.history],
        [(view.choice.id, view.open, view.reason) for view in story.choices],
    )


def every_path(data: StoryData, perspective: str) -> list[list[str]]:
    """Every sequence of open choice ids from the first scene to an ending (the packs
    walked here are finite: their loops are bounded by visit counts)."""
    paths: list[list[str]] = []

    def extend(story: Story, taken: list[str]) -> None:
        if story.is_ending:
            paths.append(taken)
            return
        for choice in story.open_choices:
            story.choose(choice.id)
            extend(story, taken + [choice.id])
            story.undo()

    extend(Story(data, perspective), [])
    return paths


# --------------------------------------------------------------------------- straight and round trip


def test_the_reactive_pack_has_twelve_paths() -> None:
    """The lockstep walk below covers something: 2 ways in x 0-2 looks x 2 ways out."""
    paths = every_path(pack("reactive"), "student")
    assert len(paths) == 12
    assert ["leaflets", "look", "look", "march"] in paths and ["empty", "home"] in paths


@pytest.mark.parametrize("path", every_path(pack("reactive"), "student"), ids="-".join)
def test_each_path_straight_and_through_a_save_after_every_step(path: list[str]) -> None:
    data = pack("reactive")
    straight = Story(data, "student")
    loaded = round_trip(Story(data, "student"))
    assert seen(loaded) == seen(straight)
    for choice in path:
        straight.choose(choice)
        loaded.choose(choice)
        loaded = round_trip(loaded)
        assert loaded.state == straight.state
        assert loaded.state.shown == straight.state.shown
        assert seen(loaded) == seen(straight)
    assert straight.is_ending and loaded.epilogue == straight.epilogue and straight.epilogue


def test_the_round_trip_walk_sees_the_reactive_text() -> None:
    """The states compared above hold the rendered text, and it differs by path."""
    data = pack("reactive")
    story = Story(data, "student")
    for choice in ("leaflets", "look", "march"):
        story.choose(choice)
        story = round_trip(story)
    assert story.state.reply == ("You set off with Gábor.", "The leaflets rustle in your coat.")
    assert story.state.text == ("The crowd surges at the doors.", "A man asks where you got the leaflets.")
    assert dict(story.state.chosen) == {"start.leaflets": 1, "square.look": 1, "square.march": 1}
    assert dict(story.state.visits) == {"start": 1, "square": 2, "radio": 1}
    assert story.state.turn == 3 and story.state.arrived_by == "square.march"


# --------------------------------------------------------------------------- random walks

WALKS = st.tuples(
    st.sampled_from([("clean", "student"), ("clean", "worker"), ("reactive", "student")]),
    st.lists(st.integers(min_value=0, max_value=5), max_size=12),
)


def random_walk(name: str, perspective: str, picks: list[int]) -> tuple[Story, list[StoryState]]:
    """Follow ``picks`` (each an index into the open choices) until they or the story end;
    return the playthrough and the state at every step, the first included."""
    story = Story(pack(name), perspective)
    states = [story.state]
    for pick in picks:
        options = story.open_choices
        if not options:
            break
        story.choose(options[pick % len(options)].id)
        states.append(story.state)
    return story, states


@given(WALKS)
def test_a_round_trip_after_any_prefix_keeps_state_and_history(walk) -> None:
    (name, perspective), picks = walk
    story = Story(pack(name), perspective)
    for pick in [None, *picks]:
        if pick is not None:
            options = story.open_choices
            if not options:
                break
            story.choose(options[pick % len(options)].id)
        loaded = round_trip(story)
        assert loaded.state == story.state
        assert [(s.state, s.choice) for s in loaded.history] == [(s.state, s.choice) for s in story.history]
        assert loaded.perspective_id == story.perspective_id and loaded.start_state == story.start_state


@given(WALKS, st.booleans())
def test_undo_returns_exactly_the_earlier_states(walk, through_a_save: bool) -> None:
    (name, perspective), picks = walk
    story, states = random_walk(name, perspective, picks)
    if through_a_save:
        story = round_trip(story)
    assert story.state == states[-1]
    for earlier in reversed(states[:-1]):
        story.undo()
        assert story.state == earlier
        assert [step.state for step in story.history] == states[:len(story.history)]
    assert not story.can_undo and story.state == states[0]


# --------------------------------------------------------------------------- the value and the rules


def test_a_state_is_a_frozen_value_that_a_step_never_changes() -> None:
    data = pack("reactive")
    first = rules.begin(data, "start")
    before = first.to_json()
    choice = data.scenes["start"].choices[0]
    after = rules.advance(data, first, choice)
    assert first.to_json() == before  # the old state is untouched
    assert (first.scene, after.scene) == ("start", "square")
    assert dict(after.variables) == {"friend": "Gábor", "leaflets": 2}
    assert dict(first.variables) == {"friend": "Gábor", "leaflets": 0}
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.scene = "square"  # type: ignore[misc]
    assert json.loads(json.dumps(after.to_json())) == after.to_json()


def test_advance_without_rendering_keeps_the_counts_and_drops_the_words() -> None:
    data = pack("reactive")
    first = rules.begin(data, "start")
    choice = data.scenes["start"].choices[0]
    shown, silent = rules.advance(data, first, choice), rules.advance(data, first, choice, render=False)
    assert (silent.variables, silent.visits, silent.chosen, silent.turn, silent.arrived_by) == (
        shown.variables, shown.visits, shown.chosen, shown.turn, shown.arrived_by
    )
    assert silent.shown == () and shown.shown[0] == "You fold the leaflets into your coat."


def test_the_facade_moves_by_the_rules() -> None:
    data = pack("reactive")
    story = Story(data, "student")
    expected = rules.begin(data, "start")
    assert story.state == expected
    for choice_id in ("empty", "look", "march"):
        choice = next(c for c in story.scene.choices if c.id == choice_id)
        expected = rules.advance(data, expected, choice)
        story.choose(choice_id)
        assert story.state == expected


# --------------------------------------------------------------------------- saves across formats


def format_1_save() -> dict:
    """A save as the engine before reactive text wrote it (``git show 06fcada^:game/core/
    saves.py``): version 1, no ``state`` block, no memory of the choices taken. Its path:
    start -(leaflets)-> square -(look)-> square -(march)-> radio."""
    return {
        "format": "budapest1956-save",
        "version": 1,
        "story": {"id": "fixture_reactive", "version": "1.0", "title": "Reactive pack"},
        "saved_at": "2024-05-01T10:00:00+00:00",
        "label": "at the radio",
        "perspective": "student",
        "start": "start",
        "start_variables": {"friend": "Gábor", "leaflets": 0},
        "scene": "radio",
        "scene_title": "The radio station",
        "scene_date": "1956-10-23 21:00",
        "scene_place": "The radio building",
        "variables": {"friend": "Gábor", "leaflets": 1},
        "history": [
            {"scene": "start", "choice": "leaflets", "variables": {"friend": "Gábor", "leaflets": 0}},
            {"scene": "square", "choice": "look", "variables": {"friend": "Gábor", "leaflets": 2}},
            {"scene": "square", "choice": "march", "variables": {"friend": "Gábor", "leaflets": 1}},
        ],
    }


def test_a_format_1_save_loads_and_gains_the_choices_its_history_implies() -> None:
    data = pack("reactive")
    story = Story.from_save(data, format_1_save())
    played = Story(data, "student")
    for choice in ("leaflets", "look", "march"):
        played.choose(choice)
    assert dict(story.chosen) == {"start.leaflets": 1, "square.look": 1, "square.march": 1}
    assert dict(story.visits) == {"start": 1, "square": 2, "radio": 1}
    assert story.state == played.state  # as if it had been played on this engine
    # the memory is read by the text: chose("start.leaflets"), two scenes on
    assert story.text == ("The crowd surges at the doors.", "A man asks where you got the leaflets.")
    assert story.epilogue[1] == "By dawn your leaflets lie on the pavement."
    assert story.path == ["start", "square", "square", "radio"]
    story.undo()
    assert story.scene.id == "square" and dict(story.chosen) == {"start.leaflets": 1, "square.look": 1}
    assert story.text == ("You walk the square once more.", "You hand one out; 1 left.")
    again = round_trip(Story.from_save(data, format_1_save()))  # saved again: format 2
    assert again.to_save()["version"] == 2 and again.state == played.state


def test_a_format_1_save_that_does_not_fit_its_story_is_refused() -> None:
    save = format_1_save()
    save["history"][1]["choice"] = "wander"
    with pytest.raises(SaveError, match="step 2 of the save names a choice this story no longer has"):
        Story.from_save(pack("reactive"), save)


def played_save() -> dict:
    story = Story(pack("reactive"), "student")
    for choice in ("leaflets", "look", "march"):
        story.choose(choice)
    return json.loads(json.dumps(story.to_save()))


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("chosen", {"start.empty": 1, "square.look": 1, "square.march": 1}),  # another way in
        ("chosen", {}),
        ("visits", {"start": 1, "square": 1, "radio": 1}),
        ("turn", 2),
        ("arrived_by", "square.home"),
        ("scene", "home"),
        ("variables", {"friend": "Gábor", "leaflets": 3}),
    ],
)
def test_a_format_2_save_whose_state_disagrees_with_its_history_is_refused(key: str, value) -> None:
    save = played_save()
    assert Story.from_save(pack("reactive"), copy.deepcopy(save)).scene.id == "radio"  # as saved: loads
    assert save["state"][key] != value
    save["state"][key] = value
    with pytest.raises(SaveError, match=rf"^the save's state does not match its history \({key} differs\)$"):
        Story.from_save(pack("reactive"), save)


def test_a_format_2_save_without_its_state_block_is_refused() -> None:
    save = played_save()
    del save["state"]
    with pytest.raises(SaveError, match="the save's state is missing or damaged"):
        Story.from_save(pack("reactive"), save)
