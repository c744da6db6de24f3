"""The journal of a playthrough: each scene of the path as the player read it.

A scene's text can differ between players (conditional paragraphs, printed values) and a
choice's reply opens the next scene, so "what happened here" is no longer the scene as
written: it is the text rendered on arrival, which every :class:`StoryState` keeps. This
module lines those states up with the choices taken, once, so the journal screen, the
ending's "your path and the record", the text player and the classroom debrief cannot
disagree about what was shown, or pair a reply with the wrong choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import Choice, Scene
from .state import StoryState

if TYPE_CHECKING:  # the facade imports nothing from here; this is for the type only
    from .story import Story


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One scene of the path: what the player read on arriving, and what they did there."""

    number: int  # 1-based position on the path
    scene: Scene
    state: StoryState  # the player on arriving; its text is what they read
    choice: Choice | None  # the choice taken here; None at the scene the player is at now
    answer: tuple[str, ...]  # the reply that choice got (it opened the next scene)

    @property
    def reply(self) -> tuple[str, ...]:
        """The reply that opened this scene (the answer of the entry before)."""
        return self.state.reply

    @property
    def text(self) -> tuple[str, ...]:
        """The scene's paragraphs as this player read them."""
        return self.state.text

    @property
    def shown(self) -> tuple[str, ...]:
        return self.state.shown

    @property
    def is_current(self) -> bool:
        return self.choice is None


def journal(story: "Story") -> list[JournalEntry]:
    """Every scene from the first to the current one, oldest first."""
    steps = story.history
    states = [step.state for step in steps] + [story.state]
    entries = []
    for index, state in enumerate(states):
        choice = steps[index].choice if index < len(steps) else None
        answer = states[index + 1].reply if choice is not None else ()
        entries.append(JournalEntry(index + 1, story.data.scenes[state.scene], state, choice, answer))
    return entries
