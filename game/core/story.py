"""The facade every front end pulls from: scene, choices, choose, undo, history, saves.

Like ink's ``Continue()`` / ``currentChoices`` / ``ChooseChoiceIndex()``, the front end owns
the loop and asks the story what to show; the story never calls out. Undo is unlimited
because each step keeps the small snapshot it replaced (variables and visit counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from .diagnostics import ChoiceError, StoryError, did_you_mean
from .machine import build_machine
from .model import Choice, Perspective, Record, Scene, StoryData


@dataclass(frozen=True)
class ChoiceView:
    """A choice as the player sees it now: open or closed, and why."""

    choice: Choice
    open: bool
    reason: str = ""

    @property
    def number(self) -> int:
        return self.choice.index + 1

    @property
    def text(self) -> str:
        return self.choice.text


@dataclass(frozen=True)
class Step:
    """One choice made: from which scene, which choice, and what was replaced."""

    scene: str
    choice: Choice
    variables: dict[str, Any]
    visits: dict[str, int]

    @property
    def record(self) -> Record | None:
        return self.choice.record


class _MachineModel:
    """The object the ``transitions`` machine drives; it holds the live values."""

    state: str

    def __init__(self, variables: dict[str, Any], visits: dict[str, int]):
        self.variables = variables
        self.visits = visits
        self.pending: tuple[dict[str, Any], dict[str, int]] | None = None

    def commit_pending(self) -> None:
        assert self.pending is not None
        self.variables, self.visits = self.pending
        self.pending = None


class Story:
    """A playthrough of a loaded story from one perspective (or one chosen scene)."""

    def __init__(
        self,
        data: StoryData,
        perspective: str | None = None,
        *,
        start: str | None = None,
        variables: Mapping[str, Any] | None = None,
    ):
        self.data = data
        if perspective is None and start is None:
            perspective = next(iter(data.perspectives), None)
        if perspective is not None and perspective not in data.perspectives:
            raise StoryError(
                f"unknown perspective '{perspective}'"
                + (f"; {hint}" if (hint := did_you_mean(perspective, data.perspectives)) else "")
            )
        self.perspective_id = perspective
        first = start or (data.perspectives[perspective].start if perspective else "")
        if first not in data.scenes:
            raise StoryError(
                f"unknown scene '{first}'" + (f"; {hint}" if (hint := did_you_mean(first, data.scenes)) else "")
            )
        values = data.default_variables()
        visits = {first: 1}
        scene = data.scenes[first]
        if scene.effects and scene.effects.apply:
            scene.effects.apply(values, visits)
        for name, value in (variables or {}).items():  # overrides win over entry effects
            values[name] = self._checked_value(name, value)
        self._start = first
        self._start_variables = dict(values)
        self._model = _MachineModel(values, visits)
        self.machine = build_machine(data, self._model, first)
        self._steps: list[Step] = []

    # ------------------------------------------------------------------ reading
    @property
    def scene(self) -> Scene:
        return self.data.scenes[self._model.state]

    @property
    def perspective(self) -> Perspective | None:
        return self.data.perspectives.get(self.perspective_id or "")

    @property
    def variables(self) -> Mapping[str, Any]:
        return MappingProxyType(self._model.variables)

    @property
    def visits(self) -> Mapping[str, int]:
        return MappingProxyType(self._model.visits)

    @property
    def clock(self) -> datetime | None:
        return self.scene.when if self.scene.date else None

    @property
    def is_ending(self) -> bool:
        return self.scene.ending is not None

    @property
    def history(self) -> list[Step]:
        return list(self._steps)

    @property
    def path(self) -> list[str]:
        """Scene ids from the first to the current one."""
        return [self._start] + [step.choice.goto for step in self._steps]

    @property
    def start(self) -> str:
        return self._start

    @property
    def start_variables(self) -> Mapping[str, Any]:
        return MappingProxyType(self._start_variables)

    @property
    def choices(self) -> list[ChoiceView]:
        """Every choice of the scene, open or closed (closed ones with their reason)."""
        if self.scene.ending:
            return []
        views = []
        for choice in self.scene.choices:
            is_open = self._is_open(choice)
            views.append(ChoiceView(choice, is_open, "" if is_open else choice.closed_reason))
        return views

    @property
    def open_choices(self) -> list[Choice]:
        if self.scene.ending:
            return []
        return [choice for choice in self.scene.choices if self._is_open(choice)]

    def _is_open(self, choice: Choice) -> bool:
        if choice.condition is None:
            return True
        evaluate = choice.condition.evaluate
        return bool(evaluate and evaluate(self._model.variables, self._model.visits))

    # ------------------------------------------------------------------ acting
    def choose(self, key: int | str) -> Scene:
        """Take a choice by 0-based index in the scene or by choice id; return the new scene."""
        choice = self._find(key)
        if not self._is_open(choice):
            raise ChoiceError(f"choice '{choice.id}' is closed" + (f": {choice.closed_reason}" if choice.closed_reason else ""))
        model = self._model
        target = self.data.scenes[choice.goto]
        variables = dict(model.variables)
        if choice.effects and choice.effects.apply:
            choice.effects.apply(variables, model.visits)
        visits = dict(model.visits)
        visits[target.id] = visits.get(target.id, 0) + 1
        if target.effects and target.effects.apply:
            target.effects.apply(variables, visits)
        step = Step(model.state, choice, model.variables, model.visits)
        model.pending = (variables, visits)
        try:
            moved = model.trigger(choice.trigger)
        finally:
            model.pending = None
        if not moved:  # pragma: no cover - the guard agreed a moment ago
            raise ChoiceError(f"choice '{choice.id}' was refused by the machine")
        self._steps.append(step)
        return target

    def may_choose(self, key: int | str) -> bool:
        """Ask the machine itself whether a choice would go through now."""
        try:
            choice = self._find(key)
        except ChoiceError:
            return False
        return bool(self._model.may_trigger(choice.trigger))

    def _find(self, key: int | str) -> Choice:
        if self.scene.ending:
            raise ChoiceError(f"scene '{self.scene.id}' is an ending; it has no choices")
        choices = self.scene.choices
        if isinstance(key, int) and not isinstance(key, bool):
            if 0 <= key < len(choices):
                return choices[key]
            raise ChoiceError(f"scene '{self.scene.id}' has no choice {key + 1} (it has {len(choices)})")
        for choice in choices:
            if choice.id == key:
                return choice
        hint = did_you_mean(str(key), [c.id for c in choices])
        raise ChoiceError(f"scene '{self.scene.id}' has no choice '{key}'" + (f"; {hint}" if hint else ""))

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    def undo(self) -> Scene:
        """Step back one choice; repeatable all the way to the first scene."""
        if not self._steps:
            raise ChoiceError("nothing to undo: this is the first scene")
        step = self._steps.pop()
        self._model.variables = dict(step.variables)
        self._model.visits = dict(step.visits)
        self.machine.set_state(step.scene, model=self._model)
        return self.scene

    def set_variable(self, name: str, value: Any) -> None:
        """For authors' ``--set``: change a variable, keeping type and range."""
        self._model.variables[name] = self._checked_value(name, value)

    def _checked_value(self, name: str, value: Any) -> Any:
        variable = self.data.variables.get(name)
        if variable is None:
            hint = did_you_mean(name, self.data.variables)
            raise StoryError(f"unknown variable '{name}'" + (f"; {hint}" if hint else ""))
        if not variable.accepts(value):
            raise StoryError(f"variable '{name}' is {variable.type}, not {type(value).__name__}")
        return variable.clamp(value)

    # ------------------------------------------------------------------ saves
    def to_save(self, label: str = "") -> dict[str, Any]:
        from .saves import story_to_save

        return story_to_save(self, label)

    @classmethod
    def from_save(cls, data: StoryData, save: Mapping[str, Any]) -> "Story":
        from .saves import story_from_save

        return story_from_save(data, save)

    def _restore(self, steps: list[Step], scene: str, variables: dict[str, Any], visits: dict[str, int]) -> None:
        """Used by :mod:`saves` only: put the playthrough at a checked position."""
        self._steps = steps
        self._model.variables = variables
        self._model.visits = visits
        self.machine.set_state(scene, model=self._model)
