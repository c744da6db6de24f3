"""The facade every front end pulls from: scene, text, choices, choose, undo, saves.

Like ink's ``Continue()`` / ``currentChoices`` / ``ChooseChoiceIndex()``, the front end owns
the loop and asks the story what to show; the story never calls out. A playthrough is a
:class:`StoryState` (where the player stands) over the shared, compiled
:class:`StoryData`; each choice is driven through the story's one ``transitions``
machine, and undo keeps the earlier states, which share all they can with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, Mapping

from . import rules, saves
from .diagnostics import ChoiceError, StoryError, did_you_mean
from .machine import drive, machine_for
from .model import Choice, Perspective, Scene, StoryData
from .state import Step, StoryState
from .characters import control_message

__all__ = ["ChoiceView", "Step", "Story"]


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
        checked = {name: self._checked_value(name, value) for name, value in (variables or {}).items()}
        self._state = rules.begin(data, first, checked)
        self._start = first
        self._steps: list[Step] = []

    @classmethod
    def resume(cls, data: StoryData, perspective: str | None, steps: list[Step], state: StoryState) -> "Story":
        """A playthrough at ``state`` with ``steps`` behind it (already checked, as
        :mod:`saves` checks them)."""
        story = cls.__new__(cls)
        story.data = data
        story.perspective_id = perspective
        story._start = steps[0].state.scene if steps else state.scene
        story._steps = list(steps)
        story._state = state
        return story

    # ------------------------------------------------------------------ reading
    @property
    def state(self) -> StoryState:
        """Where the playthrough stands, as one immutable value."""
        return self._state

    @property
    def scene(self) -> Scene:
        return self.data.scenes[self._state.scene]

    @property
    def text(self) -> tuple[str, ...]:
        """The scene's paragraphs as this player reads them."""
        return self._state.text

    @property
    def reply(self) -> tuple[str, ...]:
        """The reply of the choice that led here, shown before the scene's text."""
        return self._state.reply

    @property
    def epilogue(self) -> tuple[str, ...]:
        """At an ending: its epilogue as this player reads it."""
        return self._state.epilogue

    @property
    def perspective(self) -> Perspective | None:
        return self.data.perspectives.get(self.perspective_id or "")

    @property
    def variables(self) -> Mapping[str, Any]:
        """A read-only copy in declaration order (``state.variables`` is the value itself)."""
        return MappingProxyType(self.data.in_order(self._state.variables))

    @property
    def visits(self) -> Mapping[str, int]:
        return self._state.visits

    @property
    def chosen(self) -> Mapping[str, int]:
        return self._state.chosen

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
    def record_here(self) -> Any:
        """The record of the choice that led here, or None. It belongs to the scene the
        choice led to (one that loops back to its own scene shows it there too), so after
        undo or a load elsewhere it is not shown beside a scene it does not explain. The
        desktop game, the classroom and text play all show it by this one rule."""
        last = self._steps[-1] if self._steps else None
        if last is not None and last.record and last.choice.goto == self.scene.id:
            return last.record
        return None

    @property
    def path(self) -> list[str]:
        """Scene ids from the first to the current one."""
        return [step.state.scene for step in self._steps] + [self._state.scene]

    @property
    def start(self) -> str:
        return self._start

    @property
    def start_state(self) -> StoryState:
        return self._steps[0].state if self._steps else self._state

    @property
    def start_variables(self) -> Mapping[str, Any]:
        return self.start_state.variables

    @property
    def choices(self) -> list[ChoiceView]:
        """Every choice of the scene, open or closed (closed ones with their reason)."""
        scene = self.scene
        if scene.ending:
            return []
        views = []
        for choice in scene.choices:
            is_open = rules.is_open(choice, self._state)
            views.append(ChoiceView(choice, is_open, "" if is_open else choice.closed_reason))
        return views

    @property
    def open_choices(self) -> list[Choice]:
        scene = self.scene
        if scene.ending:
            return []
        return [choice for choice in scene.choices if rules.is_open(choice, self._state)]

    # ------------------------------------------------------------------ acting
    def choose(self, key: int | str) -> Scene:
        """Take a choice by 0-based index in the scene or by choice id; return the new scene.

        The story's machine decides: its guard evaluates the condition, and a closed
        choice leaves the playthrough where it was."""
        choice = self._find(key)
        after = drive(self.data, self._state, choice)
        if after is None:
            raise ChoiceError(f"choice '{choice.id}' is closed" + (f": {choice.closed_reason}" if choice.closed_reason else ""))
        self._steps.append(Step(self._state, choice))
        self._state = after
        return self.data.scenes[after.scene]

    def may_choose(self, key: int | str) -> bool:
        """Ask the machine whether a choice would go through now (a dry run: the next
        state is computed and dropped; nothing changes)."""
        try:
            choice = self._find(key)
        except ChoiceError:
            return False
        return drive(self.data, self._state, choice) is not None

    @property
    def machine(self) -> Any:
        """The story's shared ``transitions`` machine (for tools and tests)."""
        return machine_for(self.data)

    def _find(self, key: int | str) -> Choice:
        scene = self.scene
        if scene.ending:
            raise ChoiceError(f"scene '{scene.id}' is an ending; it has no choices")
        choices = scene.choices
        if isinstance(key, int) and not isinstance(key, bool):
            if 0 <= key < len(choices):
                return choices[key]
            raise ChoiceError(f"scene '{scene.id}' has no choice {key + 1} (it has {len(choices)})")
        for choice in choices:
            if choice.id == key:
                return choice
        hint = did_you_mean(str(key), [c.id for c in choices])
        raise ChoiceError(f"scene '{scene.id}' has no choice '{key}'" + (f"; {hint}" if hint else ""))

    @property
    def can_undo(self) -> bool:
        return bool(self._steps)

    def undo(self) -> Scene:
        """Step back one choice; repeatable all the way to the first scene."""
        if not self._steps:
            raise ChoiceError("nothing to undo: this is the first scene")
        self._state = self._steps.pop().state
        return self.scene

    def set_variable(self, name: str, value: Any) -> None:
        """For authors' ``--set``: change a variable, keeping type and range."""
        self._state = rules.with_variables(self.data, self._state, {name: self._checked_value(name, value)})

    def _checked_value(self, name: str, value: Any) -> Any:
        variable = self.data.variables.get(name)
        if variable is None:
            hint = did_you_mean(name, self.data.variables)
            raise StoryError(f"unknown variable '{name}'" + (f"; {hint}" if hint else ""))
        if not variable.accepts(value):
            raise StoryError(f"variable '{name}' is {variable.type}, not {type(value).__name__}")
        found = control_message(value) if isinstance(value, str) else None
        if found:  # the pack checker's rule: the text would reach the screen and every save
            raise StoryError(f"variable '{name}': {found[1]}")
        return variable.clamp(value)

    # ------------------------------------------------------------------ saves
    def to_save(self, label: str = "") -> dict[str, Any]:
        return saves.playthrough_to_save(self.data, self.perspective_id, self._steps, self._state, label)

    @classmethod
    def from_save(cls, data: StoryData, save: Mapping[str, Any]) -> "Story":
        perspective, steps, state = saves.playthrough_from_save(data, save)
        return cls.resume(data, perspective, steps, state)
