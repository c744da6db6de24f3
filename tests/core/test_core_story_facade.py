"""The Story facade and the ``transitions`` machine under it.

Every test here runs twice, as ink runs its suite: straight, and with the playthrough
written to JSON and read back after every step it takes (choose, undo, set_variable), so
a save can never lose anything the facade knows.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from transitions import Machine

from game.core.diagnostics import ChoiceError, StoryError
from game.core.story import Story


def _round_tripped(story: Story) -> None:
    """Replace the playthrough by the one its JSON save gives back."""
    restored = Story.from_save(story.data, json.loads(json.dumps(story.to_save())))
    assert restored.state == story.state and restored.history == story.history
    story.__dict__.update(restored.__dict__)


@pytest.fixture(autouse=True, params=["straight", "json-round-trip"])
def mode(request, monkeypatch) -> str:
    if request.param == "json-round-trip":
        for name in ("choose", "undo", "set_variable"):
            original = getattr(Story, name)

            def wrapped(self, *args, _original=original, **kwargs):
                result = _original(self, *args, **kwargs)
                _round_tripped(self)
                return self.scene if result is not None else result

            monkeypatch.setattr(Story, name, wrapped)
    return request.param



def snapshot(story: Story) -> tuple:
    return (story.scene.id, dict(story.variables), dict(story.visits), story.path,
            [(v.choice.id, v.open, v.reason) for v in story.choices])


def test_starts_at_the_perspectives_first_scene(clean) -> None:
    story = Story(clean, "worker")
    assert story.scene.id == "shift" and story.perspective.name == "Ferenc Takács"
    assert story.path == ["shift"] and story.history == [] and not story.can_undo
    assert dict(story.visits) == {"shift": 1}
    default = Story(clean)  # no perspective: the first one
    assert default.perspective_id == "student" and default.scene.id == "start"


def test_unknown_perspective_or_scene(clean) -> None:
    with pytest.raises(StoryError, match="unknown perspective 'studnet'; did you mean 'student'"):
        Story(clean, "studnet")
    with pytest.raises(StoryError, match="unknown scene 'sqare'; did you mean 'square'"):
        Story(clean, None, start="sqare")


def test_choose_by_index_and_by_id(clean) -> None:
    story = Story(clean, "student")
    scene = story.choose(0)
    assert scene is story.scene and scene.id == "square"
    assert story.variables["courage"] == 1
    story = Story(clean, "student")
    story.choose("wait")
    assert story.scene.id == "square" and story.variables["courage"] == 0


def test_closed_choice_raises_with_its_reason(clean) -> None:
    story = Story(clean, "student")
    story.choose("wait")  # courage stays 0: "march" needs courage >= 1
    before = snapshot(story)
    with pytest.raises(ChoiceError, match="choice 'march' is closed: You are not brave enough yet."):
        story.choose("march")
    with pytest.raises(ChoiceError, match="closed"):
        story.choose(0)
    assert snapshot(story) == before


def test_choices_list_shows_closed_ones_with_reason(clean) -> None:
    story = Story(clean, "student")
    story.choose("wait")
    views = story.choices
    assert [(v.number, v.text, v.open, v.reason) for v in views] == [
        (1, "March on the radio station", False, "You are not brave enough yet."),
        (2, "Look around once more", True, ""),
        (3, "Go home", True, ""),
    ]
    assert [c.id for c in story.open_choices] == ["look", "home"]


def test_unknown_choices(clean) -> None:
    story = Story(clean, "student")
    with pytest.raises(ChoiceError, match="has no choice 3 \\(it has 2\\)"):
        story.choose(2)
    with pytest.raises(ChoiceError, match="has no choice -1"):
        story.choose(-2)
    with pytest.raises(ChoiceError, match="has no choice 'bravo'; did you mean 'brave'"):
        story.choose("bravo")
    with pytest.raises(ChoiceError):
        story.choose(True)  # a bool is not an index
    assert story.scene.id == "start"


def test_visits_conditions_and_loops(clean) -> None:
    story = Story(clean, "worker")
    story.choose("walk")
    story.choose("look")
    story.choose("look")
    assert story.visits["square"] == 3
    assert story.variables["courage"] == 3
    look = next(v for v in story.choices if v.choice.id == "look")
    assert not look.open and look.reason == "You have seen enough."
    assert story.path == ["shift", "square", "square", "square"]


def test_unlimited_undo_back_to_the_start(clean) -> None:
    story = Story(clean, "worker")
    snapshots = [snapshot(story)]
    for key in ("walk", "look", "look", "march"):
        story.choose(key)
        snapshots.append(snapshot(story))
    assert story.is_ending
    for expected in reversed(snapshots[:-1]):
        story.undo()
        assert snapshot(story) == expected
    assert not story.can_undo
    with pytest.raises(ChoiceError, match="nothing to undo"):
        story.undo()
    # and forward again, to the same places
    for key in ("walk", "look", "look", "march"):
        story.choose(key)
    assert snapshot(story) == snapshots[-1]


def test_history_and_records(clean) -> None:
    story = Story(clean, "student")
    story.choose("brave")
    story.choose("march")
    assert [(s.scene, s.choice.id) for s in story.history] == [("start", "brave"), ("square", "march")]
    assert dict(story.history[0].variables) == {"courage": 0, "hurt": False, "name": "Zsofi"}
    assert story.history[1].record.text == "The crowd marched on the radio."
    assert story.history[0].record is None
    story.history.clear()  # a copy: the story's own history is untouched
    assert len(story.history) == 2


def test_entry_effects_apply_on_arrival(clean) -> None:
    story = Story(clean, "student")
    story.choose("brave")
    story.choose("march")
    assert story.scene.id == "radio" and story.variables["hurt"] is True


def test_clock(clean) -> None:
    story = Story(clean, "student")
    assert story.clock == datetime(1956, 10, 23, 8, 0)
    story.choose("wait")
    story.choose("home")
    assert story.clock == datetime(1956, 10, 24, 7, 0)


def test_ending_has_no_choices(clean) -> None:
    story = Story(clean, "student")
    story.choose("wait")
    story.choose("home")
    assert story.is_ending and story.scene.ending.title == "The night indoors"
    assert story.choices == [] and story.open_choices == []
    with pytest.raises(ChoiceError, match="is an ending"):
        story.choose(0)
    assert not story.may_choose(0)


def test_may_choose_agrees_with_open_choices(load_pack) -> None:
    for pack in ("clean", "explore_pack"):
        data, _ = load_pack(pack)
        for perspective in data.perspectives:
            stack = [Story(data, perspective)]
            seen = 0
            while stack and seen < 200:
                story = stack.pop()
                seen += 1
                views = story.choices
                for index, view in enumerate(views):
                    assert story.may_choose(index) is view.open
                    assert story.may_choose(view.choice.id) is view.open
                assert not story.may_choose(len(story.scene.choices))
                assert not story.may_choose("no_such_choice")
                for view in views:
                    if view.open:
                        branch = Story(data, perspective)
                        for step in story.history:
                            branch.choose(step.choice.id)
                        branch.choose(view.choice.id)
                        stack.append(branch)


def test_variables_are_read_only_views(clean) -> None:
    story = Story(clean, "student")
    with pytest.raises(TypeError):
        story.variables["courage"] = 3  # type: ignore[index]
    with pytest.raises(TypeError):
        story.visits["start"] = 3  # type: ignore[index]


def test_start_anywhere_with_variables(clean) -> None:
    story = Story(clean, None, start="square", variables={"courage": 9, "name": "Anna"})
    assert story.scene.id == "square" and story.perspective is None
    assert story.variables["courage"] == 3  # clamped to max
    assert story.variables["name"] == "Anna"
    assert [v.open for v in story.choices] == [True, True, True]
    with pytest.raises(StoryError, match="unknown variable 'corage'; did you mean 'courage'"):
        Story(clean, None, start="square", variables={"corage": 1})
    with pytest.raises(StoryError, match="variable 'courage' is int, not bool"):
        Story(clean, None, start="square", variables={"courage": True})


def test_set_variable(clean) -> None:
    story = Story(clean, "student")
    story.set_variable("courage", -5)
    assert story.variables["courage"] == 0
    with pytest.raises(StoryError):
        story.set_variable("hurt", "yes")
    story.set_variable("hurt", True)
    story.choose("wait")
    assert story.variables["hurt"] is True
    story.undo()
    assert story.variables["hurt"] is True  # undo returns to the values when the choice was made


# --------------------------------------------------------------------------- the machine


def test_machine_is_a_transitions_machine_without_auto_transitions(clean) -> None:
    story = Story(clean, "student")
    assert isinstance(story.machine, Machine)
    assert story.machine.auto_transitions is False
    assert set(story.machine.states) == set(clean.scenes)
    assert all(name.startswith("choose::") for name in story.machine.events)
    assert len(story.machine.events) == sum(len(s.choices) for s in clean.scenes.values())
    assert story.machine.models == []  # no model bound: playthroughs hand it a driver per trigger
    assert story.machine is Story(clean, "worker").machine  # built once, shared by playthroughs
    assert not any(name.startswith("to_") for name in story.machine.events)


def test_a_closed_choice_is_refused_by_the_machines_guard(clean, monkeypatch) -> None:
    """The facade does not evaluate a guard before the machine does: choose() asks the
    machine, and only the guard closes the way."""
    story = Story(clean, "student")
    story.choose("wait")
    calls = []
    guard = story.machine.events["choose::square::0"].transitions["square"][0].conditions[0]
    original = guard.func
    monkeypatch.setattr(guard, "func", lambda event: calls.append(event.model.current.scene) or original(event))
    with pytest.raises(ChoiceError, match="closed"):
        story.choose("march")
    assert calls == ["square"] and story.scene.id == "square"


def test_scene_ids_that_name_model_attributes_still_work(playable, scene) -> None:
    """Trigger names are derived so they can never collide with the model's attributes."""
    ids = ["state", "trigger", "to", "may_trigger", "machine", "variables", "visits", "pending",
           "commit_pending", "set_state", "is_state", "to_state", "initial", "name"]
    scenes = ""
    for index, scene_id in enumerate(ids):
        if index + 1 < len(ids):
            scenes += scene(
                scene_id,
                f"choices:\n  - {{id: {scene_id}_on, text: go, goto: {ids[index + 1]}}}\n"
                f"  - {{id: {scene_id}_again, text: again, goto: {scene_id}, if: 'visits(\"{scene_id}\") < 2'}}",
            )
        else:
            scenes += scene(scene_id, ending=True)
    data = playable(scenes, start="state")
    story = Story(data)
    for scene_id in ids[:-1]:
        assert story.scene.id == scene_id
        assert story.may_choose(f"{scene_id}_again")
        story.choose(f"{scene_id}_again")
        assert story.scene.id == scene_id and story.visits[scene_id] == 2
        assert not story.may_choose(f"{scene_id}_again")
        story.choose(f"{scene_id}_on")
    assert story.scene.id == "name" and story.is_ending
    while story.can_undo:
        story.undo()
    assert story.scene.id == "state" and dict(story.visits) == {"state": 1}


def test_an_exception_in_an_effect_leaves_the_story_unchanged(clean, monkeypatch) -> None:
    story = Story(clean, "student")
    story.choose("brave")
    before = snapshot(story)
    history = story.history

    def boom(values, visits, chosen):
        values["courage"] = 99  # a half-applied effect must not leak
        with pytest.raises(TypeError):
            visits["radio"] = 99  # counts are immutable values: an effect cannot touch them
        raise RuntimeError("effect failed")

    monkeypatch.setattr(clean.scenes["radio"].effects, "apply", boom)
    with pytest.raises(RuntimeError, match="effect failed"):
        story.choose("march")
    assert snapshot(story) == before
    assert [s.choice.id for s in story.history] == [s.choice.id for s in history]
    assert story.state.scene == "square"
    monkeypatch.undo()
    story.choose("march")  # the story still works afterwards
    assert story.scene.id == "radio"


def test_an_exception_in_a_choice_effect_leaves_the_story_unchanged(clean, monkeypatch) -> None:
    story = Story(clean, "student")
    before = snapshot(story)

    def boom(values, visits, chosen):
        values["courage"] = 2
        raise ValueError("bad effect")

    monkeypatch.setattr(clean.scenes["start"].choices[0].effects, "apply", boom)
    with pytest.raises(ValueError):
        story.choose("brave")
    assert snapshot(story) == before and story.history == []
