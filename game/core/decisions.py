"""The decisions of a playthrough that the story holds on to, read back at its ending.

An ending's "your path and the record" once listed only the choices that carry a
``record:`` (where the player's story met documented history), so a player whose path
turned on whom she trusted or what she kept saw none of that at the end. A choice is a
*decision* worth reading back when the story itself remembers it:

* it carries a ``record:``;
* some text, reply, epilogue or choice condition asks ``chose()`` of it; or
* it sets a flag (a true/false or text variable) that some condition or ``{name}`` slot
  reads. Number variables (courage, caution, trust) are left out: nearly every choice
  nudges one, and a list of every nudge is the whole path again, not its decisions.

What the story reads is computed once per loaded story and kept beside it (not on it: a
loaded story may still be written to the compiled cache, which must not carry this), because
the ending screen lays itself out again on every resize.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from .journal import JournalEntry, journal
from .model import Choice, StoryData
from .reads import NOTHING, Reads

if TYPE_CHECKING:
    from .story import Story

FLAG_TYPES = ("bool", "str")
#: id of a loaded story -> (a weak reference to it, what it reads); an id is reused only
#: after its story is gone, and the reference tells a reused id from the story it named
_READS: dict[int, tuple["weakref.ReferenceType[StoryData]", Reads]] = {}


def story_reads(data: StoryData) -> Reads:
    """Everything the story's texts, replies, epilogues and choice conditions read."""
    cached = _READS.get(id(data))
    if cached is not None and cached[0]() is data:
        return cached[1]
    reads = NOTHING
    for scene in data.scenes.values():
        reads = reads | Reads.of_text(scene.text)
        if scene.ending:
            reads = reads | Reads.of_text(scene.ending.epilogue)
        for choice in scene.choices:
            reads = reads | Reads.of_text(choice.reply)
            if choice.condition is not None and choice.condition.tree is not None:
                reads = reads | Reads.of(choice.condition.tree)
    key = id(data)
    _READS[key] = (weakref.ref(data, lambda _: _READS.pop(key, None)), reads)
    return reads


def is_decision(data: StoryData, choice: Choice) -> bool:
    """Whether the story remembers this choice (see the module's rules)."""
    if choice.record is not None:
        return True
    reads = story_reads(data)
    if choice.named and choice.key in reads.chosen:
        return True
    if choice.effects is None:
        return False
    return any(
        statement.target in reads.variables
        and (variable := data.variables.get(statement.target)) is not None
        and variable.type in FLAG_TYPES
        for statement in choice.effects.statements
    )


def path_decisions(story: "Story") -> list[JournalEntry]:
    """The journal entries of the path whose choice is a decision, oldest first."""
    return [entry for entry in journal(story) if entry.choice is not None and is_decision(story.data, entry.choice)]
