"""What a condition, an effect or a text reads from a playthrough.

``explore`` needs it to know which parts of a state can still change an answer, and the
reactivity report to know which earlier decisions a scene can answer; both ask the same
question of the same compiled trees, so the answer is written once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from .expressions import Node, calls_in, names_in
from .text import Text

if TYPE_CHECKING:
    from .model import StoryData


@dataclass(frozen=True)
class Reads:
    """Variables, visit counts (scene ids of ``visited``/``visits``) and remembered
    choices (``chose`` keys) something reads."""

    variables: frozenset[str] = frozenset()
    visits: frozenset[str] = frozenset()
    chosen: frozenset[str] = frozenset()

    def __or__(self, other: "Reads") -> "Reads":
        return Reads(self.variables | other.variables, self.visits | other.visits, self.chosen | other.chosen)

    def __bool__(self) -> bool:
        return bool(self.variables or self.visits or self.chosen)

    @classmethod
    def of(cls, tree: Node) -> "Reads":
        calls = calls_in(tree)
        return cls(
            frozenset(names_in(tree)),
            frozenset(argument for function, argument in calls if function != "chose"),
            frozenset(argument for function, argument in calls if function == "chose"),
        )

    @classmethod
    def of_conditions(cls, text: Text) -> "Reads":
        """What the conditions of a text read (what decides which paragraphs show)."""
        reads = NOTHING
        for conditional in text.conditionals:
            if conditional.condition.tree is not None:
                reads = reads | cls.of(conditional.condition.tree)
        return reads

    @classmethod
    def of_text(cls, text: Text) -> "Reads":
        """Everything a text reads: its conditions, and the variables its ``{name}`` prints."""
        if not text.is_reactive:
            return NOTHING
        slots = frozenset(slot.name for paragraph in text.paragraphs() for slot in paragraph.slots)
        return cls.of_conditions(text) | cls(variables=slots)


NOTHING = Reads()


def condition_trees(story: "StoryData") -> Iterator[Node]:
    """Every compiled condition of the story: choices, and text in scenes, replies, epilogues."""
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition and choice.condition.tree is not None:
                yield choice.condition.tree
            yield from text_trees(choice.reply)
        yield from text_trees(scene.text)
        if scene.ending:
            yield from text_trees(scene.ending.epilogue)


def text_trees(text: Text) -> Iterator[Node]:
    """The compiled conditions of a text's conditional paragraphs."""
    for conditional in text.conditionals:
        if conditional.condition.tree is not None:
            yield conditional.condition.tree
