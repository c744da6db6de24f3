"""Exhaustive and random exploration of a story, like ChoiceScript's quicktest/randomtest.

``explore`` walks every reachable playthrough state from every perspective's first
scene with the game's own step rules (:mod:`rules`), and reports what was reached and
what never can be: scenes, endings, choices never open, text variants and replies never
shown. ``random_play`` plays games through the real :class:`Story` facade (and so
through the ``transitions`` machine) with a seeded random generator.

The state space is abstracted to what can change what happens: the variables that some
condition reads (directly, or through an effect that feeds one), the visit counts that
conditions read (capped just above the largest number they compare with), and the
choices ``chose()`` remembers. Two states equal in those are the same state for every
condition, so the walk is exact where it is not cut short; when it is, the report says
so and how much it covered, instead of running away.
"""

from __future__ import annotations

import gc
import random
import time
from collections import Counter, deque
from itertools import repeat
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Iterable, Iterator

from immutables import Map

from . import compiledcache, rules
from .expressions import Binary, Call, Literal, Node, Unary, calls_in
from .diagnostics import Diagnostics
from .explorecaps import number_caps
from .explorebudget import (
    EXPAND_UNITS, KEY_BYTES, NEW_VALUE_BYTES, QUEUED_BYTES, STEP_UNITS, VALUE_BYTES, Budget, tree_size,
)
from .model import Effects, Scene, StoryData
from .reads import Reads, condition_trees
from .state import StoryState
from .story import Story
from .text import Conditional, Text
from .walkkey import walk_fingerprint

DEFAULT_MAX_STATES = 500_000


class Abstraction:
    """What an explored state keeps at each scene: only what some condition on the way
    ahead can still read (a backward "live variables" analysis over the scene graph).
    The rest cannot change any answer, so states equal in it are one state.

    What is live at each scene is a bit set (a Python int) over every variable, visit
    count and remembered choice some condition reads, so a pack of 5,000 scenes reading
    thousands of them costs kilobytes a scene; a scene's key layout is spelt out from its
    bits only when the walk first reaches it."""

    def __init__(self, story: StoryData):
        self.universe, self.live = _live_reads(story)
        #: per scene, the numbers whose values above (below) every constant compared with
        #: ahead are alike (:mod:`explorecaps`)
        self.caps = number_caps(story)
        trees = list(condition_trees(story))
        cap = 1
        approximate = False
        for tree in trees + [s.value for s in _assignments(story)]:
            if any(function == "visits" for function, _ in calls_in(tree)):
                cap = max(cap, *(n + 1 for n in _numbers(tree)))
                approximate |= _visits_in_arithmetic(tree)
        #: visit counts above the cap are alike to every condition (one above the largest
        #: number any visits() condition compares with)
        self.visit_cap = cap
        #: a visit count takes part in arithmetic, so the cap may merge states a condition
        #: could tell apart: the walk is then an approximation, and says so
        self.approximate = approximate
        self._getters: dict[str, tuple[Any, tuple[str, ...], tuple[str, ...]]] = _PerScene(self._getter_of)
        #: per scene: the variables its key holds (in declared order), its visit counts, its choices
        self.layout: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = _PerScene(
            lambda scene_id: self.universe.spell(self.live[scene_id]))

    def _getter_of(self, scene_id: str) -> tuple[Any, tuple[str, ...], tuple[str, ...]]:
        names, visits, chosen = self.layout[scene_id]
        getter = _getter(list(names))
        caps = self.caps.get(scene_id)
        if caps:
            getter = _capped(getter, [(index, *caps[name]) for index, name in enumerate(names) if name in caps])
        return getter, visits, chosen

    def slots(self, scene_id: str) -> int:
        """Values a key of a state at ``scene_id`` holds."""
        return self.live[scene_id].bit_count()

    def variable_slots(self, scene_id: str) -> int:
        return (self.live[scene_id] & self.universe.variables).bit_count()

    def key(self, state: StoryState) -> tuple[Any, ...]:
        variables, visits_read, chosen_read = self._getters[state.scene]
        # map() over the names runs the loop in C: a key may hold hundreds of counts
        return (
            state.scene,
            variables(state.variables),
            tuple(map(min, map(state.visits.get, visits_read, repeat(0)), repeat(self.visit_cap))) if visits_read else (),
            tuple(map(bool, map(state.chosen.get, chosen_read, repeat(0)))) if chosen_read else (),
        )

    def to_json(self) -> dict[str, Any]:
        every = 0
        for mask in self.live.values():
            every |= mask
        variables, visits, chosen = self.universe.spell(every)
        return {
            "variables": sorted(variables), "visits": sorted(visits), "chosen": sorted(chosen),
            "visit_cap": self.visit_cap, "approximate": self.approximate,
            "capped_numbers": sorted({name for caps in self.caps.values() for name in caps}),
            "largest_scene_key": max((mask.bit_count() for mask in self.live.values()), default=0),
        }


class _PerScene(dict):  # type: ignore[type-arg]
    """A dict that makes a scene's entry the first time it is asked for."""

    def __init__(self, make: Any):
        super().__init__()
        self._make = make

    def __missing__(self, scene_id: str) -> Any:
        value = self[scene_id] = self._make(scene_id)
        return value


class _Universe:
    """A bit for each variable (in declared order), visit count and remembered choice
    (each sorted) that something reads: a set of them is one int."""

    def __init__(self, story: StoryData, reads: Iterable[Reads]):
        everything = Reads()
        for item in reads:
            everything = everything | item
        names = list(story.variables) + sorted(everything.variables - set(story.variables))
        visits = sorted(everything.visits)
        chosen = sorted(everything.chosen)
        self._bits = (
            {name: index for index, name in enumerate(names)},
            {name: len(names) + index for index, name in enumerate(visits)},
            {name: len(names) + len(visits) + index for index, name in enumerate(chosen)},
        )
        self._names = names + visits + chosen
        self._ends = (len(names), len(names) + len(visits))
        #: the bits of the variables
        self.variables = (1 << len(names)) - 1

    def mask(self, reads: Reads) -> int:
        variables, visits, chosen = self._bits
        mask = 0
        for group, bits in ((reads.variables, variables), (reads.visits, visits), (reads.chosen, chosen)):
            for name in group:
                bit = bits.get(name)
                if bit is not None:  # a name nothing reads (an effect's target) has no bit
                    mask |= 1 << bit
        return mask

    def spell(self, mask: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """The names of a set's bits: its variables, visit counts and choices, in bit order."""
        digits = bin(mask)[:1:-1]  # bit 0 first
        found: list[int] = []
        index = digits.find("1")
        while index >= 0:
            found.append(index)
            index = digits.find("1", index + 1)
        first, second = self._ends
        names = self._names
        return (
            tuple(names[i] for i in found if i < first),
            tuple(names[i] for i in found if first <= i < second),
            tuple(names[i] for i in found if i >= second),
        )


def _getter(names: list[str]) -> Any:
    """A fast ``tuple(values[name] for name in names)`` (``itemgetter`` runs in C)."""
    if not names:
        return lambda values: ()
    if len(names) == 1:
        name = names[0]
        return lambda values: (values[name],)
    return itemgetter(*names)


def _capped(getter: Any, caps: list[tuple[int, int | None, int | None]]) -> Any:
    """``getter`` with the values at these positions held between their floor and ceiling."""

    def values_of(values: Any) -> tuple[Any, ...]:
        found = list(getter(values))
        for index, floor, ceiling in caps:
            value = found[index]
            if ceiling is not None and value > ceiling:
                found[index] = ceiling
            elif floor is not None and value < floor:
                found[index] = floor
        return tuple(found)

    return values_of


def _assignments(story: StoryData) -> Iterator[Any]:
    for scene in story.scenes.values():
        for effects in [scene.effects, *(choice.effects for choice in scene.choices)]:
            if effects:
                yield from effects.statements


def _live_reads(story: StoryData) -> tuple[_Universe, dict[str, int]]:
    """For each scene, what a condition may still read on arriving there or later.

    Read on arrival at a scene: its text and epilogue, the replies of the choices that
    lead into it, and its choices' conditions. Live at a scene: what it reads, and what
    its successors find live, plus the inputs of any effect on the way that writes
    something live (conservatively, an effect never makes a variable dead).

    The least solution is found with a worklist, scenes taken after their successors
    (depth-first post-order), and each scene looked at again only when a successor's set
    grew: a ring of 1,000 scenes took 137 s when every edge was revisited until nothing
    changed, and takes a fraction of a second."""
    direct: dict[str, Reads] = {}
    for scene in story.scenes.values():
        reads = Reads.of_conditions(scene.text)
        if scene.ending:
            reads = reads | Reads.of_conditions(scene.ending.epilogue)
        for choice in scene.choices:
            if choice.condition and choice.condition.tree is not None:
                reads = reads | Reads.of(choice.condition.tree)
        direct[scene.id] = direct.get(scene.id, Reads()) | reads
        for choice in scene.choices:
            if choice.reply and choice.goto in story.scenes:
                direct[choice.goto] = direct.get(choice.goto, Reads()) | Reads.of_conditions(choice.reply)
    inputs = {id(statement): Reads.of(statement.value) for statement in _assignments(story)}
    universe = _Universe(story, [*direct.values(), *inputs.values()])
    live = {scene_id: universe.mask(reads) for scene_id, reads in direct.items()}
    variable_bit = universe.mask
    # into each target: (source, [(bit of the variable a statement writes, bits its value reads)])
    into: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {scene_id: [] for scene_id in story.scenes}
    for scene in story.scenes.values():
        if scene.ending:
            continue
        for choice in scene.choices:
            target = story.scenes.get(choice.goto)
            if target is None:
                continue
            statements = [
                (variable_bit(Reads(variables=frozenset({s.target}))), universe.mask(inputs[id(s)]))
                for effects in (choice.effects, target.effects) if effects for s in effects.statements
            ]
            into[target.id].append((scene.id, statements))
    pending = deque(_post_order(story))
    waiting = set(pending)
    while pending:
        target = pending.popleft()
        waiting.discard(target)
        found = live[target]
        for source, statements in into[target]:
            incoming = found
            for writes, reads in statements:
                if incoming & writes:
                    incoming |= reads
            merged = live[source] | incoming
            if merged != live[source]:
                live[source] = merged
                if source not in waiting:
                    waiting.add(source)
                    pending.append(source)
    return universe, live


def _post_order(story: StoryData) -> list[str]:
    """Every scene after the scenes its choices lead to, where a loop allows (iterative)."""
    done: set[str] = set()
    order: list[str] = []
    for root in story.scenes:
        if root in done:
            continue
        done.add(root)
        stack = [(root, iter(story.scenes[root].choices))]
        while stack:
            scene_id, choices = stack[-1]
            for choice in choices:
                if choice.goto in story.scenes and choice.goto not in done:
                    done.add(choice.goto)
                    stack.append((choice.goto, iter(story.scenes[choice.goto].choices)))
                    break
            else:
                stack.pop()
                order.append(scene_id)
    return order


def _numbers(node: Node) -> Iterator[int]:
    if isinstance(node, Literal) and isinstance(node.value, int) and not isinstance(node.value, bool):
        yield abs(node.value)
    elif isinstance(node, Unary):
        yield from _numbers(node.operand)
    elif isinstance(node, Binary):
        yield from _numbers(node.left)
        yield from _numbers(node.right)


def _visits_in_arithmetic(node: Node, inside: bool = False) -> bool:
    if isinstance(node, Call):
        return inside and node.function == "visits"
    if isinstance(node, Unary):
        return _visits_in_arithmetic(node.operand, inside or node.op == "-")
    if isinstance(node, Binary):
        arithmetic = inside or node.op in ("+", "-")
        return _visits_in_arithmetic(node.left, arithmetic) or _visits_in_arithmetic(node.right, arithmetic)
    return False


@dataclass
class ExploreReport:
    scenes_total: int
    scenes_reached: int
    unreachable: list[str]
    endings_total: int
    endings_reached: list[str]
    endings_unreached: list[str]
    dead_ends: list[dict[str, Any]]
    choices_never_open: list[str]
    states: int
    truncated: bool
    seconds: float
    per_perspective: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: conditional paragraphs one of whose branches no explored state showed
    text_variants_never_shown: list[dict[str, Any]] = field(default_factory=list)
    #: choices with a reply that no explored state could take
    replies_never_shown: list[str] = field(default_factory=list)
    abstraction: dict[str, Any] = field(default_factory=dict)
    #: each perspective whose walk was cut short, and what stopped it: "states" (the
    #: state limit), "work" or "memory" (the budget, :mod:`explorebudget`)
    stopped_by: dict[str, str] = field(default_factory=dict)
    #: the budget's size and what the walk spent of it
    budget: dict[str, Any] = field(default_factory=dict)
    #: the same variants with their conditionals, for :func:`check_text_variants`
    unshown: list[tuple[str, str, Conditional, str]] = field(default_factory=list, repr=False)

    @property
    def complete(self) -> bool:
        """Every reachable state was walked: "never" in this report means never."""
        return not self.truncated

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in self.__dict__.items() if key != "unshown"}


#: where a conditional stands: (scene id, "text" | "epilogue" | "reply:<choice id>", index)
Place = tuple[str, str, int]


class _Coverage:
    """Which branches of which conditionals some explored state showed.

    A conditional seen both ways is settled: no later state can change the answer, so it
    is not evaluated again (a scene of 200 conditional paragraphs costs 200 evaluations a
    state only while they are undecided)."""

    def __init__(self) -> None:
        self.seen: set[tuple[Place, bool]] = set()
        self._open: dict[tuple[str, str], list[tuple[Place, Any]]] = {}

    def note(self, scene_id: str, where: str, text: Text, state: StoryState) -> None:
        undecided = self._open.get((scene_id, where))
        if undecided is None:
            undecided = self._open[scene_id, where] = [
                ((scene_id, where, index), conditional.condition.evaluate)
                for index, conditional in enumerate(text.conditionals)
            ]
        if not undecided:
            return
        seen = self.seen
        variables, visits, chosen = state.variables, state.visits, state.chosen
        settled = False
        for place, evaluate in undecided:
            holds = bool(evaluate and evaluate(variables, visits, chosen))
            seen.add((place, holds))
            settled = settled or (place, not holds) in seen
        if settled:
            undecided[:] = [(place, e) for place, e in undecided if (place, True) not in seen or (place, False) not in seen]


def _effects_units(effects: Effects | None) -> int:
    return sum(1 + tree_size(statement.value) for statement in effects.statements) if effects else 0


def _effects_count(effects: Effects | None) -> int:
    return len(effects.statements) if effects else 0


def _text_units(text: Text) -> int:
    return sum(tree_size(conditional.condition.tree) for conditional in text.conditionals)


class _Costs:
    """What walking a state at each scene may cost (see :mod:`explorebudget`), known
    before the walk: the work of expanding it, and the bytes a state found there keeps."""

    def __init__(self, story: StoryData, shape: Abstraction):
        variables = len(story.variables)
        self.key_bytes: dict[str, int] = {}
        self.queued_bytes: dict[str, int] = {}
        for scene_id in story.scenes:
            self.key_bytes[scene_id] = KEY_BYTES + VALUE_BYTES * shape.slots(scene_id)
            shares_key = shape.variable_slots(scene_id) == variables  # the key holds every value
            self.queued_bytes[scene_id] = QUEUED_BYTES + (0 if shares_key else VALUE_BYTES * variables)
        self.expand: dict[str, int] = {}
        #: bytes of the values each choice's effects (and its target's entry effects) make anew
        self.made: dict[str, int] = {}
        for scene in story.scenes.values():
            units = EXPAND_UNITS + variables + shape.slots(scene.id) + _text_units(scene.text)
            if scene.ending:
                units += _text_units(scene.ending.epilogue)
            else:
                for choice in scene.choices:
                    units += tree_size(choice.condition.tree) if choice.condition else 1
                    target = story.scenes.get(choice.goto)
                    if target is not None:
                        self.made[choice.key] = NEW_VALUE_BYTES * (
                            _effects_count(choice.effects) + _effects_count(target.effects))
                        units += (STEP_UNITS + shape.slots(target.id) + _effects_units(choice.effects)
                                  + _effects_units(target.effects) + _text_units(choice.reply))
            self.expand[scene.id] = units


class _Frontier:
    """The states one perspective's walk has found: the key of each in a set, and the ones
    not yet walked in a queue, each as its key and, only where the key leaves something
    out, a tuple of the other values (no maps: a state kept costs a few values, and the
    budget knows how many)."""

    def __init__(self, story: StoryData, shape: Abstraction, costs: _Costs, budget: Budget, max_states: int):
        self.shape, self.costs, self.budget, self.max_states = shape, costs, budget, max_states
        self.names = tuple(story.variables)
        self._values = _getter(list(self.names))
        self.seen: set[tuple[Any, ...]] = set()
        self.queue: deque[tuple[tuple[Any, ...], tuple[Any, ...] | None, tuple[int, ...] | None]] = deque()
        #: why the walk stopped: "states" (``max_states``), "memory" or "work"; None while it may go on
        self.stopped_by: str | None = None
        #: bytes this walk holds in the budget (its keys, and its queue's share)
        self.kept = 0

    def offer(self, state: StoryState, made: int) -> bool:
        """Keep ``state`` to walk if it is new (``made``: the bytes of the values the step
        to it made); False when there is no room for it."""
        key = self.shape.key(state)
        if key in self.seen:
            return True
        scene = state.scene
        if len(self.seen) >= self.max_states:
            self.stopped_by = "states"
            return False
        names, visits_read, _ = self.shape.layout[scene]
        counts = None
        if visits_read:
            counts = tuple(map(state.visits.get, visits_read, repeat(0)))
            if counts == key[2]:
                counts = None  # every count is below the cap: the key holds them
        size = self.costs.key_bytes[scene] + self._queued(scene, counts) + made
        if not self.budget.keep(size):
            self.stopped_by = "memory"
            return False
        self.kept += size
        self.seen.add(key)
        values = None if len(names) == len(self.names) else self._values(state.variables)
        self.queue.append((key, values, counts))
        return True

    def _queued(self, scene: str, counts: tuple[int, ...] | None) -> int:
        """The bytes a queued state holds until it is walked."""
        return self.costs.queued_bytes[scene] + (0 if counts is None else QUEUED_BYTES + VALUE_BYTES * len(counts))

    def close(self) -> None:
        """Give back what this walk kept (the next perspective starts with an empty set)."""
        self.budget.release(self.kept)
        self.kept = 0
        self.seen.clear()
        self.queue.clear()

    def next_cost(self) -> int:
        return self.costs.expand[self.queue[0][0][0]]

    def take(self) -> StoryState:
        """The next state to walk, rebuilt: every variable, and the counts and choices some
        condition ahead can read (the others can change no answer, so they are left out)."""
        key, values, counts = self.queue.popleft()
        scene = key[0]
        queued = self._queued(scene, counts)
        self.budget.release(queued)
        self.kept -= queued
        _, visits_read, chosen_read = self.shape.layout[scene]
        variables = Map(zip(self.names, key[1] if values is None else values))
        visits = Map(zip(visits_read, key[2] if counts is None else counts)) if visits_read else rules.EMPTY
        chosen = Map((choice, 1) for choice, taken in zip(chosen_read, key[3]) if taken) if chosen_read else rules.EMPTY
        return StoryState(scene, variables, visits, chosen)


def explore(story: StoryData, max_states: int = DEFAULT_MAX_STATES, budget: Budget | None = None) -> ExploreReport:
    """Walk every reachable abstract state of every perspective (``max_states`` each),
    within one ``budget`` of work and memory for all of them (:mod:`explorebudget`).

    The walk allocates states by the hundred thousand, all alive until it ends and none in
    a reference cycle, so the cyclic collector would only rescan them again and again (a
    quarter of the time on the shipped story, more when a large story shares the heap):
    it is paused for the walk, as the loader pauses it."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _explore(story, max_states, budget or Budget())
    finally:
        if collecting:
            gc.enable()


def _explore(story: StoryData, max_states: int, budget: Budget) -> ExploreReport:
    started = time.perf_counter()
    shape = Abstraction(story)
    costs = _Costs(story, shape)
    reached: set[str] = set()
    opened: set[tuple[str, int]] = set()
    dead_ends: dict[str, dict[str, Any]] = {}
    per_perspective: dict[str, dict[str, Any]] = {}
    coverage = _Coverage()
    total_states = 0
    truncated = False
    stopped_by: dict[str, str] = {}
    out_of_work = False
    for perspective in story.perspectives.values():
        if perspective.start not in story.scenes:
            continue
        local_reached: set[str] = set()
        local_endings: set[str] = set()
        frontier = _Frontier(story, shape, costs, budget, max_states)
        if out_of_work:
            frontier.stopped_by = "work"  # the work budget is the story's: none is left for this one
        else:
            frontier.offer(rules.begin(story, perspective.start), NEW_VALUE_BYTES * len(story.variables))
        walked = 0
        cut_short = 0  # 1 when the walk stopped inside a state's choices: that state is not walked
        while frontier.queue and frontier.stopped_by is None:
            if not budget.charge(frontier.next_cost()):
                frontier.stopped_by = "work"
                break
            state = frontier.take()
            scene = story.scenes[state.scene]
            local_reached.add(scene.id)
            coverage.note(scene.id, "text", scene.text, state)
            if scene.ending:
                local_endings.add(scene.id)
                coverage.note(scene.id, "epilogue", scene.ending.epilogue, state)
                walked += 1
                continue
            any_open = False
            for choice in scene.choices:
                if choice.goto not in story.scenes or not rules.is_open(choice, state):
                    continue
                any_open = True
                opened.add((scene.id, choice.index))
                after = rules.advance(story, state, choice, render=False)
                if choice.reply:
                    coverage.note(scene.id, f"reply:{choice.id}", choice.reply, after)
                if not frontier.offer(after, costs.made[choice.key]):
                    cut_short = 1
                    break
            if cut_short:
                break
            walked += 1
            if not any_open and scene.id not in dead_ends:
                dead_ends[scene.id] = {
                    "scene": scene.id,
                    "location": scene.pos.short,
                    "perspective": perspective.id,
                    "variables": story.in_order(state.variables),
                }
        stopped = frontier.stopped_by is not None
        if stopped:
            stopped_by[perspective.id] = frontier.stopped_by
            out_of_work |= frontier.stopped_by == "work"
        truncated |= stopped
        total_states += walked
        reached |= local_reached
        per_perspective[perspective.id] = {
            "start": perspective.start,
            "scenes_reached": len(local_reached),
            "endings_reached": sorted(local_endings),
            "states": walked,
            "truncated": stopped,
            # states found but not yet walked (the first, when the budget was spent before it)
            "frontier": (len(frontier.queue) + cut_short or 1) if stopped else 0,
        }
        frontier.close()
    endings = [scene.id for scene in story.endings]
    unshown = list(_unshown_variants(story, reached, opened, coverage))
    return ExploreReport(
        scenes_total=len(story.scenes),
        scenes_reached=len(reached),
        unreachable=[scene_id for scene_id in story.scenes if scene_id not in reached],
        endings_total=len(endings),
        endings_reached=[e for e in endings if e in reached],
        endings_unreached=[e for e in endings if e not in reached],
        dead_ends=list(dead_ends.values()),
        choices_never_open=[
            f"{scene.id}:{choice.id}"
            for scene in story.scenes.values()
            if scene.id in reached
            for choice in scene.choices
            if (scene.id, choice.index) not in opened and not scene.ending
        ],
        states=total_states,
        truncated=truncated,
        seconds=round(time.perf_counter() - started, 4),
        per_perspective=per_perspective,
        text_variants_never_shown=[
            {
                "scene": scene_id, "where": where, "condition": conditional.condition.source,
                "never": never, "location": str(conditional.condition.pos),
            }
            for scene_id, where, conditional, never in unshown
        ],
        replies_never_shown=[
            choice.key
            for scene in story.scenes.values()
            if not scene.ending
            for choice in scene.choices
            if choice.reply and (scene.id, choice.index) not in opened
        ],
        abstraction=shape.to_json(),
        stopped_by=stopped_by,
        budget=budget.to_json(),
        unshown=unshown,
    )


#: states ``check`` lets explore walk per perspective before it stops judging text variants
CHECK_MAX_STATES = 100_000


def check_text_variants(
    story: StoryData, diagnostics: Diagnostics, max_states: int = CHECK_MAX_STATES, budget: Budget | None = None,
) -> bool:
    """Warn, at its condition, about each conditional paragraph one of whose branches no
    reachable state shows: a condition that can never hold, or one that always holds.

    Only an exhaustive walk can say "never", so when the walk is cut short nothing is
    claimed; returns whether the walk was complete. The walk has ``check``'s smaller
    budget (:meth:`Budget.for_check`), so check stays a matter of seconds on any pack."""
    return _report_variants(story, _variant_verdict(story, max_states, budget), diagnostics)


def _variant_verdict(story: StoryData, max_states: int = CHECK_MAX_STATES, budget: Budget | None = None) -> dict[str, Any]:
    """What the walk found, without positions (JSON, so it can be kept and still hold
    after an edit of prose moved every line): ``judged`` (the walk was complete), the
    states walked, and each unshown variant as [scene, where, its index, never]."""
    report = explore(story, max_states, budget or Budget.for_check())
    if not report.complete:
        return {"judged": False}
    unshown = []
    for scene_id, where, conditional, never in report.unshown:
        index = next(i for i, item in enumerate(_text_at(story, scene_id, where).conditionals) if item is conditional)
        unshown.append([scene_id, where, index, never])
    return {"judged": True, "states": report.states, "unshown": unshown}


def _text_at(story: StoryData, scene_id: str, where: str) -> Text:
    """The text :func:`_texts` calls ``where`` in scene ``scene_id``."""
    scene = story.scenes[scene_id]
    if where == "text":
        return scene.text
    if where == "epilogue" and scene.ending:
        return scene.ending.epilogue
    if where.startswith("reply:"):
        return next(choice.reply for choice in scene.choices if choice.id == where[6:])
    raise KeyError(where)


def _report_variants(story: StoryData, verdict: dict[str, Any], diagnostics: Diagnostics) -> bool:
    """A verdict's warnings, at the conditions' places in ``story`` as it is now; whether
    it judged. KeyError, IndexError, TypeError or ValueError (and nothing added) when the
    verdict does not fit the story."""
    if verdict["judged"] is not True:
        if verdict["judged"] is False:
            return False
        raise ValueError("not a verdict")
    states = verdict["states"]
    if type(states) is not int:
        raise ValueError("not a number of states")
    found = Diagnostics()
    for scene_id, where, index, never in verdict["unshown"]:
        if never not in ("holds", "fails") or type(index) is not int or index < 0:
            raise ValueError("not a finding")
        conditional = _text_at(story, scene_id, where).conditionals[index]
        place = "its epilogue" if where == "epilogue" else (
            f"the reply of choice '{where[6:]}'" if where.startswith("reply:") else "its text")
        if never == "holds":
            message = f"condition in {place} (scene '{scene_id}') never holds in any playthrough: its text is never shown"
        elif conditional.has_else:
            message = f"condition in {place} (scene '{scene_id}') always holds: its else: is never shown"
        else:
            message = f"condition in {place} (scene '{scene_id}') always holds: the paragraph need not be conditional"
        found.warning(
            conditional.condition.pos, message, "text-variant",
            f"explore walked every reachable state ({states:,}) and found none where it "
            + ("holds" if never == "holds" else "fails"),
        )
    diagnostics.extend(found.items)
    return True


def check_text_variants_remembered(story: StoryData, diagnostics: Diagnostics) -> bool:
    """:func:`check_text_variants`, its verdict kept beside the story's compiled-cache
    entry for as long as the story is the same *to a walk* (:mod:`walkkey`): after an
    edit of prose, or none at all, ``check`` need not walk every playthrough again."""
    depends_on = walk_fingerprint(story, CHECK_MAX_STATES, Budget.for_check(), compiledcache.code_fingerprint())
    verdict = compiledcache.remembered(story, "text-variants", lambda: _variant_verdict(story), depends_on=depends_on)
    try:
        return _report_variants(story, verdict, diagnostics)
    except (KeyError, IndexError, TypeError, ValueError, StopIteration):  # a kept verdict that is not one
        compiledcache.forget(story, "text-variants")
        verdict = compiledcache.remembered(story, "text-variants", lambda: _variant_verdict(story), depends_on=depends_on)
        return _report_variants(story, verdict, diagnostics)


def _texts(scene: Scene) -> Iterable[tuple[str, Text]]:
    yield "text", scene.text
    if scene.ending:
        yield "epilogue", scene.ending.epilogue
    for choice in scene.choices:
        if choice.reply:
            yield f"reply:{choice.id}", choice.reply


def _unshown_variants(
    story: StoryData, reached: set[str], opened: set[tuple[str, int]], coverage: _Coverage,
) -> Iterator[tuple[str, str, Conditional, str]]:
    """Conditionals in reached text of which one branch never showed: a condition that
    never holds, or one that always holds (then its ``else``, or its absence, never shows)."""
    for scene in story.scenes.values():
        if scene.id not in reached:
            continue  # unreachable scenes are reported once, as unreachable
        for where, text in _texts(scene):
            if where.startswith("reply:"):
                choice = next(c for c in scene.choices if c.id == where[6:])
                if (scene.id, choice.index) not in opened:
                    continue  # reported once, as a reply never shown
            for index, conditional in enumerate(text.conditionals):
                place = (scene.id, where, index)
                held, failed = (place, True) in coverage.seen, (place, False) in coverage.seen
                if held and failed:
                    continue
                yield scene.id, where, conditional, "holds" if not held else "fails"


@dataclass
class RandomReport:
    games: int
    seed: int
    scenes_total: int
    scenes_reached: int
    unreached: list[str]
    endings_reached: dict[str, int]
    stuck: list[dict[str, Any]]
    average_length: float
    longest: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def random_play(story: StoryData, games: int, seed: int = 0, max_steps: int = 2000) -> RandomReport:
    """Play ``games`` games with random open choices through the real facade."""
    started = time.perf_counter()
    rng = random.Random(seed)
    perspectives = [p.id for p in story.perspectives.values() if p.start in story.scenes]
    visited: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    stuck: list[dict[str, Any]] = []
    lengths: list[int] = []
    for _ in range(games):
        playthrough = Story(story, rng.choice(perspectives))
        visited[playthrough.scene.id] += 1
        steps = 0
        while not playthrough.is_ending and steps < max_steps:
            options = playthrough.open_choices
            if not options:
                stuck.append({"scene": playthrough.scene.id, "variables": dict(playthrough.variables)})
                break
            playthrough.choose(rng.choice(options).index)
            visited[playthrough.scene.id] += 1
            steps += 1
        if playthrough.is_ending:
            endings[playthrough.scene.id] += 1
        lengths.append(steps)
    return RandomReport(
        games=games,
        seed=seed,
        scenes_total=len(story.scenes),
        scenes_reached=len(visited),
        unreached=[scene_id for scene_id in story.scenes if scene_id not in visited],
        endings_reached=dict(sorted(endings.items())),
        stuck=stuck,
        average_length=round(sum(lengths) / len(lengths), 2) if lengths else 0.0,
        longest=max(lengths, default=0),
        seconds=round(time.perf_counter() - started, 4),
    )
