"""Numbers that only climb need not be told apart above every number still compared with.

``explore`` keeps, at each scene, the variables some condition ahead can read, with their
exact values. For a number like ``courage`` (0 to 10) that every condition only compares
with a constant (``courage >= 3``), most of those values are alike: if nothing on the way
ahead can lower it, a courage of 5 and of 9 answer every comparison ahead the same way
once both are above the largest constant those comparisons use, and go on doing so
whatever is added later. The shipped story's courage, caution and trust (each nudged on
most choices, each shown in the prose of many scenes) multiplied its states by ten before
this; with the caps, two playthroughs that differ only above every threshold ahead are one
state, and the walk is as exact as before.

Per scene and per such number ``x``, a backward analysis over the scene graph finds:

* ``high``/``low``: the largest and smallest constant a comparison on ``x`` reads at this
  scene or anywhere after it;
* ``rises``/``falls``: whether an effect on a choice ahead (or the entry effects of the
  scene it leads to) can raise or lower ``x`` (``x = ...`` counts as both).

Then a value above ``high`` reads as ``high + 1`` when ``x`` cannot fall ahead, and one
below ``low`` as ``low - 1`` when it cannot rise. A number used any other way (in
arithmetic, as a truth value, inside an effect's value, compared with another variable)
is left exact. Capping is an optimisation the walk can do without: on a story so large
that the table would be big (:data:`MAX_CELLS`), there are no caps and the walk is merely
slower, never wrong.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Iterable, Iterator

from .expressions import Assignment, Binary, Literal, Name, Node, Unary, names_in
from .model import StoryData
from .reads import condition_trees, text_trees

COMPARISONS = frozenset({">=", ">", "<=", "<", "==", "!="})
#: scene-by-number entries the analysis may hold before it gives up on capping
MAX_CELLS = 2_000_000


@dataclass
class _Ahead:
    """What lies ahead of one scene for one number."""

    low: int
    high: int
    rises: bool = False
    falls: bool = False

    def merge(self, other: "_Ahead") -> bool:
        """Widen this by ``other``; True when anything changed."""
        merged = (min(self.low, other.low), max(self.high, other.high),
                  self.rises or other.rises, self.falls or other.falls)
        if merged == (self.low, self.high, self.rises, self.falls):
            return False
        self.low, self.high, self.rises, self.falls = merged
        return True


#: per scene: variable -> (floor or None, ceiling or None): values below the floor read as
#: the floor, values above the ceiling as the ceiling
Caps = dict[str, dict[str, tuple[int | None, int | None]]]


def number_caps(story: StoryData) -> Caps:
    """The caps of every scene (an empty mapping for a scene with none)."""
    numbers = _comparable_numbers(story)
    if not numbers or len(numbers) * len(story.scenes) > MAX_CELLS:
        return {}
    direct: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for scene in story.scenes.values():
        trees = list(text_trees(scene.text))
        if scene.ending:
            trees += text_trees(scene.ending.epilogue)
        for choice in scene.choices:
            if choice.condition and choice.condition.tree is not None:
                trees.append(choice.condition.tree)
            if choice.goto in story.scenes:  # a reply is read on arriving at the target
                _note_constants(direct[choice.goto], list(text_trees(choice.reply)), numbers)
        _note_constants(direct[scene.id], trees, numbers)
    ahead: dict[str, dict[str, _Ahead]] = {
        scene_id: {name: _Ahead(low, high) for name, (low, high) in found.items()} for scene_id, found in direct.items()
    }
    # the edges, each with the moves its effects make: into each scene, from whom
    sources: dict[str, list[tuple[str, dict[str, tuple[bool, bool]]]]] = defaultdict(list)
    for scene in story.scenes.values():
        if scene.ending:
            continue
        for choice in scene.choices:
            target = story.scenes.get(choice.goto)
            if target is None:
                continue
            moves: dict[str, tuple[bool, bool]] = {}
            for effects in (choice.effects, target.effects):
                for statement in effects.statements if effects else ():
                    if statement.target in numbers:
                        rises, falls = moves.get(statement.target, (False, False))
                        up, down = _direction(statement)
                        moves[statement.target] = (rises or up, falls or down)
            sources[target.id].append((scene.id, moves))
            for name, (up, down) in moves.items():  # the edge's own moves belong to its source
                found = ahead.setdefault(scene.id, {})
                if name in found:
                    found[name].merge(_Ahead(found[name].low, found[name].high, up, down))
    pending = deque(story.scenes)
    waiting = set(pending)
    while pending:
        target = pending.popleft()
        waiting.discard(target)
        there = ahead.get(target)
        if not there:
            continue
        for source, moves in sources.get(target, ()):
            here = ahead.setdefault(source, {})
            changed = False
            for name, later in there.items():
                up, down = moves.get(name, (False, False))
                carried = _Ahead(later.low, later.high, later.rises or up, later.falls or down)
                if name in here:
                    changed |= here[name].merge(carried)
                else:
                    here[name] = carried
                    changed = True
            if changed and source not in waiting:
                waiting.add(source)
                pending.append(source)
    caps: Caps = {}
    for scene_id, found in ahead.items():
        scene_caps = {
            name: (None if item.rises else item.low - 1, None if item.falls else item.high + 1)
            for name, item in found.items() if not (item.rises and item.falls)
        }
        if scene_caps:
            caps[scene_id] = scene_caps
    return caps


def _comparable_numbers(story: StoryData) -> set[str]:
    """The number variables every condition only compares with a constant, and no effect
    reads."""
    candidates = {name for name, variable in story.variables.items() if variable.type == "int"}
    spoiled: set[str] = set()
    for tree in condition_trees(story):
        spoiled |= _misused(tree)
    for scene in story.scenes.values():
        for effects in [scene.effects, *(choice.effects for choice in scene.choices)]:
            for statement in effects.statements if effects else ():
                spoiled |= names_in(statement.value)
    return candidates - spoiled


def _constant(node: Node) -> int | None:
    if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, Unary) and node.op == "-":
        inner = _constant(node.operand)
        return None if inner is None else -inner
    return None


def _comparison(node: Node) -> tuple[str, int] | None:
    """``(name, constant)`` when the node compares a variable with a constant."""
    if not isinstance(node, Binary) or node.op not in COMPARISONS:
        return None
    for one, other in ((node.left, node.right), (node.right, node.left)):
        if isinstance(one, Name):
            constant = _constant(other)
            if constant is not None:
                return one.name, constant
    return None


def _misused(node: Node) -> set[str]:
    """The variables a condition reads other than by comparing them with a constant."""
    if _comparison(node) is not None:
        return set()
    if isinstance(node, Name):
        return {node.name}
    if isinstance(node, Unary):
        return _misused(node.operand)
    if isinstance(node, Binary):
        return _misused(node.left) | _misused(node.right)
    return set()


def _note_constants(found: dict[str, tuple[int, int]], trees: Iterable[Node], numbers: set[str]) -> None:
    for tree in trees:
        for name, constant in _comparisons_in(tree):
            if name in numbers:
                low, high = found.get(name, (constant, constant))
                found[name] = (min(low, constant), max(high, constant))


def _comparisons_in(node: Node) -> Iterator[tuple[str, int]]:
    compared = _comparison(node)
    if compared is not None:
        yield compared
    elif isinstance(node, Unary):
        yield from _comparisons_in(node.operand)
    elif isinstance(node, Binary):
        yield from _comparisons_in(node.left)
        yield from _comparisons_in(node.right)


def _direction(statement: Assignment) -> tuple[bool, bool]:
    """(can raise, can lower) the target."""
    amount = _constant(statement.value)
    if statement.op == "=" or amount is None:
        return True, True
    if statement.op == "-=":
        amount = -amount
    return amount > 0, amount < 0
