"""How much work and memory one exploration may spend (issue 12).

A state limit alone does not bound ``explore``: what one state costs is set by the pack.
A scene may hold 1,000 conditional paragraphs of 10,000-character conditions, 20 choices
each with 20 effects, and a state may carry 500 variables, so 100,000 states of one pack
cost a second and of another an hour and gigabytes. The budget therefore counts what the
walk really does, charged before a state is expanded, from sizes known at load time:

* **work units**: one per expression node a state's expansion may evaluate (its text's
  and epilogue's conditions, its choices' conditions, effects and replies) and one per
  value copied (rebuilding the state's variables, building each next state's key);
* **bytes kept**: an estimate, per state found, of what its key in the seen-set and its
  place in the queue hold (a pointer per value, and a new integer object per value an
  effect on the way made), the queue's share released when the state is walked.
  Measured with ``tracemalloc`` the estimate is 1 to 1.5 times what is really kept.

When either is spent the walk stops, as at the state limit, and its report says which
budget stopped it: an incomplete walk claims nothing it has not seen. The defaults were
measured: the shipped story uses about 30% of ``check``'s budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .expressions import Binary, Node, Unary

#: work units of the fixed part of expanding a state (rebuilding it, noting its scene)
#: and of taking one choice from it (two counts set, one state made): measured, a
#: choice with one small effect costs about 3 µs, thirty times an expression node
EXPAND_UNITS = 30
STEP_UNITS = 30

#: work units ``explore`` may spend: measured, a unit costs 0.04 to 0.25 µs on the worst
#: packs within the caps (under 50 s); the shipped story needs about 3.7 million

EXPLORE_WORK = 200_000_000
#: estimated bytes of states ``explore`` may keep (its resident size stays under ~1 GB)
EXPLORE_MEMORY = 600_000_000
#: ``check`` judges text variants only if a walk fits in a few seconds (at most ~12 s on
#: the costliest packs; the shipped story, whose reactive text tracks three numbers and a
#: dozen remembered decisions per path, needs about 14 million, two seconds)
CHECK_WORK = 50_000_000
CHECK_MEMORY = 250_000_000

#: what a state found keeps, beyond its values: the key's tuples, its seen-set entry
KEY_BYTES = 300
#: a value in a key or a queued state: a pointer (and its share of the tuple); the value
#: itself is the same object as in the state it came from, unless an effect made it
VALUE_BYTES = 10
#: a value an effect made on the way to a state: a new int object (a number past 256)
NEW_VALUE_BYTES = 32
#: a queued state's own tuple and deque slot (its values may share the key's tuple)
QUEUED_BYTES = 120


@dataclass
class Budget:
    """What one walk may still spend; shared by all perspectives, so 20 perspectives of a
    pack cost no more than one."""

    work: int = EXPLORE_WORK
    memory: int = EXPLORE_MEMORY
    work_spent: int = 0
    memory_kept: int = 0
    #: the most kept at once (what the walk's resident size grew by, about)
    memory_peak: int = 0
    #: "work" or "memory" once the walk stopped for want of it
    spent: str | None = field(default=None)

    @classmethod
    def for_check(cls) -> "Budget":
        return cls(CHECK_WORK, CHECK_MEMORY)

    def charge(self, units: int) -> bool:
        """Take ``units`` of work before doing it; False (nothing taken) if it does not fit."""
        if self.work_spent + units > self.work:
            self.spent = "work"
            return False
        self.work_spent += units
        return True

    def keep(self, size: int) -> bool:
        """Keep ``size`` more bytes; False (nothing kept) if they do not fit."""
        if self.memory_kept + size > self.memory:
            self.spent = "memory"
            return False
        self.memory_kept += size
        self.memory_peak = max(self.memory_peak, self.memory_kept)
        return True

    def release(self, size: int) -> None:
        self.memory_kept -= size

    def to_json(self) -> dict[str, object]:
        return {
            "work": self.work, "work_spent": self.work_spent,
            "memory": self.memory, "memory_peak": self.memory_peak, "spent": self.spent,
        }


def tree_size(tree: Node | None) -> int:
    """Nodes an evaluation of ``tree`` visits (without recursion: a long sum is a deep tree)."""
    if tree is None:
        return 1
    count = 0
    stack = [tree]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, Binary):
            stack.append(node.left)
            stack.append(node.right)
        elif isinstance(node, Unary):
            stack.append(node.operand)
    return count


def trees_size(trees: Iterable[Node | None]) -> int:
    return sum(tree_size(tree) for tree in trees)
