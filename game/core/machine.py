"""The story as a real ``transitions`` state machine.

Scenes are states, choices are triggers, conditions are guards and the state change is
committed by an ``after`` callback. Known traps, avoided here on purpose:

* ``auto_transitions=False``: the default adds a ``to_<scene>`` edge from every scene to
  every other, which costs seconds and hundreds of MB on a large story;
* trigger names come from :attr:`Choice.trigger` (``choose::scene::index``), which can
  never collide with an attribute of the model;
* an exception inside a callback does not roll the state back, so every effect is
  computed *before* the trigger fires and the callback only assigns the finished result.
"""

from __future__ import annotations

from typing import Any, Callable

from transitions import Machine

from .model import Choice, StoryData


def _guard(choice: Choice) -> Callable[[Any], bool]:
    evaluate = choice.condition.evaluate if choice.condition else None
    assert evaluate is not None, "conditions are compiled before the machine is built"

    def guard(event: Any) -> bool:
        model = event.model
        return bool(evaluate(model.variables, model.visits))

    return guard


def _commit(event: Any) -> None:
    event.model.commit_pending()


def machine_definition(story: StoryData) -> dict[str, Any]:
    """Plain dicts for ``Machine(**definition)``: one shape for the game and the graph tools."""
    transitions = []
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto not in story.scenes:
                continue
            transition: dict[str, Any] = {
                "trigger": choice.trigger,
                "source": scene.id,
                "dest": choice.goto,
                "after": _commit,
            }
            if choice.condition is not None:
                transition["conditions"] = [_guard(choice)]
            transitions.append(transition)
    return {
        "states": [{"name": scene_id} for scene_id in story.scenes],
        "transitions": transitions,
        "auto_transitions": False,
        "send_event": True,
        "ignore_invalid_triggers": False,
    }


def build_machine(story: StoryData, model: Any, initial: str) -> Machine:
    """A machine driving ``model`` (which has ``variables``, ``visits``, ``commit_pending``)."""
    return Machine(model=model, initial=initial, **machine_definition(story))
