"""The story as a real ``transitions`` state machine, built once per story.

Scenes are states, choices are triggers, conditions are guards, and the step itself is
the transition's ``before`` callback. The machine decides: :func:`drive` fires the
choice's trigger and the guard is evaluated there, once; a closed choice simply does not
move. Known traps, avoided here on purpose:

* ``auto_transitions=False``: the default adds a ``to_<scene>`` edge from every scene to
  every other, which costs seconds and hundreds of MB on a large story;
* one machine per story, with no model bound to it: ``Machine.add_model`` binds a method
  per trigger to each model (1.6 s for a 10,000-scene story), so a playthrough instead
  hands the machine a two-slot driver object for the length of one trigger;
* trigger names come from :attr:`Choice.trigger` (``choose::scene::index``), which can
  never collide with an attribute of a model;
* an exception inside a callback does not roll the state back, so the ``before``
  callback only *computes* the next :class:`StoryState`; the caller adopts it after the
  machine has moved, and a failure leaves the playthrough untouched.
"""

from __future__ import annotations

from typing import Any, Callable

from transitions import Machine

from .model import Choice, StoryData
from .rules import advance
from .state import StoryState


class _Driver:
    """What the shared machine moves for one trigger: ``state`` is the scene id the
    machine reads and writes; ``current`` and ``result`` are the states either side."""

    __slots__ = ("state", "current", "story", "result")

    def __init__(self, story: StoryData, current: StoryState):
        self.state = current.scene
        self.current = current
        self.story = story
        self.result: StoryState | None = None


def _guard(choice: Choice) -> Callable[[Any], bool]:
    evaluate = choice.condition.evaluate if choice.condition else None
    assert evaluate is not None, "conditions are compiled before the machine is built"

    def guard(event: Any) -> bool:
        state = event.model.current
        return bool(evaluate(state.variables, state.visits, state.chosen))

    return guard


def _step(choice: Choice) -> Callable[[Any], None]:
    def step(event: Any) -> None:
        driver = event.model
        driver.result = advance(driver.story, driver.current, choice)

    return step


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
                "before": _step(choice),
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


def machine_for(story: StoryData) -> Machine:
    """The story's one machine, built on first use and shared by every playthrough."""
    if story.machine is None:
        story.machine = Machine(model=None, initial=next(iter(story.scenes)), **machine_definition(story))
    return story.machine


def drive(story: StoryData, current: StoryState, choice: Choice) -> StoryState | None:
    """Fire ``choice``'s trigger from ``current``: the next state, or None when the
    machine's guard refused (the choice is closed)."""
    driver = _Driver(story, current)
    moved = machine_for(story).events[choice.trigger].trigger(driver)
    return driver.result if moved else None
