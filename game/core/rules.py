"""The rules of one step, written once: the facade, ``explore``, saves and every shell
move through the story with these functions and nothing else.

A step is: the choice's effects (which see the choice as taken), the arrival counted,
the target scene's entry effects, then the text rendered for the new state — the
choice's reply first, then the scene — so conditions in the text see the world as the
player finds it on arrival. Every function returns a new :class:`StoryState`; none
changes the one it was given, so a failing effect leaves the playthrough as it was.
"""

from __future__ import annotations

from typing import Any, Mapping

from immutables import Map

from .model import Choice, Scene, StoryData
from .state import StoryState

EMPTY: Map = Map()


def begin(story: StoryData, first: str, overrides: Mapping[str, Any] | None = None) -> StoryState:
    """The state on arriving at ``first``: defaults, the scene's entry effects, then the
    caller's checked ``overrides`` (an author's ``--set`` wins over entry effects)."""
    scene = story.scenes[first]
    visits = Map({first: 1})
    variables = story.default_variables()
    if scene.effects and scene.effects.apply:
        scene.effects.apply(variables, visits, EMPTY)
    variables.update(overrides or {})
    return arrive(story, scene, Map(variables), visits, EMPTY, 0, None)


def arrive(
    story: StoryData, scene: Scene, variables: Map, visits: Map, chosen: Map, turn: int, came_by: Choice | None,
    *, render: bool = True,
) -> StoryState:
    """The state of a player who has just reached ``scene`` with these values: the text
    they read is decided here, once (``render=False`` leaves it out, for ``explore``,
    which asks the text's conditions itself and never shows a word)."""
    if not render:
        return StoryState(scene.id, variables, visits, chosen, turn, came_by.key if came_by else None)
    reply = came_by.reply.render(variables, visits, chosen) if came_by and came_by.reply else ()
    epilogue = scene.ending.epilogue.render(variables, visits, chosen) if scene.ending else ()
    return StoryState(
        scene.id, variables, visits, chosen, turn, came_by.key if came_by else None,
        reply, scene.text.render(variables, visits, chosen), epilogue,
    )


def is_open(choice: Choice, state: StoryState) -> bool:
    condition = choice.condition
    if condition is None:
        return True
    evaluate = condition.evaluate
    return bool(evaluate and evaluate(state.variables, state.visits, state.chosen))


def advance(story: StoryData, state: StoryState, choice: Choice, *, render: bool = True) -> StoryState:
    """The state after taking ``choice`` (which the caller has found open)."""
    target = story.scenes[choice.goto]
    key = choice.key
    chosen = state.chosen.set(key, state.chosen.get(key, 0) + 1)
    visits = state.visits.set(target.id, state.visits.get(target.id, 0) + 1)
    variables = state.variables
    choice_effects = choice.effects.apply if choice.effects else None
    entry_effects = target.effects.apply if target.effects else None
    if choice_effects or entry_effects:
        with variables.mutate() as changing:  # a mapping for the effects; the old map is untouched
            if choice_effects:
                choice_effects(changing, state.visits, chosen)
            if entry_effects:
                entry_effects(changing, visits, chosen)
            variables = changing.finish()
    return arrive(story, target, variables, visits, chosen, state.turn + 1, choice, render=render)


def with_variables(story: StoryData, state: StoryState, changes: Mapping[str, Any]) -> StoryState:
    """The same moment with some variables changed (an author's ``--set`` in play); the
    scene's text is read again, as if the player had arrived with those values."""
    variables = state.variables.update(changes)
    came_by = _choice_by_key(story, state.arrived_by)
    return arrive(story, story.scenes[state.scene], variables, state.visits, state.chosen, state.turn, came_by)


def _choice_by_key(story: StoryData, key: str | None) -> Choice | None:
    if key is None:
        return None
    scene_id, _, choice_id = key.partition(".")
    scene = story.scenes.get(scene_id)
    return next((c for c in scene.choices if c.id == choice_id), None) if scene else None
