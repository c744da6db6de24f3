"""Where the story answers the player's choices, and where it reads flat.

A static report for authors (``budapest1956 reactivity``): it reads the compiled
conditions, ``{name}`` slots and effects of a loaded story and never plays it, so it is
fast, deterministic and says the same thing on every run. It answers two questions.

**Converging choices.** Two or more choices of one scene whose ``goto`` is the same scene
*converge*: the next scene cannot tell from where the player stands which one was taken,
unless the author made it. A converging choice is *acknowledged* when

* it has a ``reply:`` (its own text, read first on arriving by it), or
* for every converging sibling, the target scene's text or epilogue reads, in the
  condition of a conditional paragraph or in a ``{name}`` slot, something that differs
  between arriving by this choice and arriving by that sibling:

  - ``chose("scene.choice")`` of either of the two (only choices with an author-given
    ``id:`` can be named that way);
  - a variable the two set differently: assigned by one and not the other, or assigned by
    both with different statements (the effect statements are compared as written,
    positions aside: ``courage += 1`` and ``courage += 2`` differ, two ``courage += 1``
    do not). A variable the target's own entry effects set to a constant (``hurt =
    false``, no variable or ``chose()`` read) is the same for both by the time the text
    is read, so it does not count.

  Text is the scene both readers share, so text that tells two choices apart counts for
  both of them; a static report cannot know which branch each reader gets (a conditional
  without ``else:`` may show one of them nothing extra). A sibling's reply does not
  acknowledge this choice: the reply belongs to the sibling's way in, and this reader's
  arrival is unchanged.

  Visit counts are left out on purpose: converging siblings go from the same scene
  straight to the same scene, so every ``visits()``/``visited()`` reads the same
  whichever was taken; no visit count can tell them apart.

Each unacknowledged choice is a *flat spot*, reported at the choice's ``path:line`` with
the siblings it cannot be told from and a hint.

**Reactivity per perspective.** Over the scenes reachable from a perspective's first
scene (:func:`validate.reachable_from`, conditions ignored), the report counts

* ``reactive``: scenes whose text or epilogue can differ between players
  (:attr:`Text.is_reactive`), or that a choice's reply opens;
* ``varying``: scenes that *vary with a choice taken two or more scenes earlier*. What a
  scene reads on arrival is what the conditions and ``{name}`` slots of its text, its
  epilogue and the replies of the choices into it read: variables, visit counts and
  ``chose()`` keys. Each of those is written by something: a variable by every choice
  and every scene entry whose effects assign it; ``visits("x")`` by every choice into
  ``x``; ``chose("s.c")`` by that choice. A write is *two or more scenes earlier* than
  the reading scene ``T`` when, after it, the player can still reach ``T`` through at
  least one scene in between: for a choice, ``T`` can be reached in one choice or more
  from where it goes (a choice straight into ``T`` counts only when ``T`` lies on a
  loop, where it was taken before an earlier visit); for a scene's entry effects, ``T``
  can be reached in two choices or more from that scene. ``T`` varies when at least one
  thing it reads has such a writer among the perspective's scenes. This is what the graph
  allows, not what a playthrough must see: a later write may overwrite the earlier one.
* ``gated``: choices whose availability depends on an earlier decision: the choice's
  condition reads ``chose()`` of, or a variable assigned by, a choice that a player can
  take before arriving at the choice's scene.

Cost: the graph's strongly connected components once, then, per perspective and per
thing read, one union of bit sets over its writers; no search per scene, so a story of
thousands of reactive scenes is reported in well under a second.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .expressions import Binary, Call, Literal, Name, Node, Unary
from .model import Choice, Effects, Scene, StoryData
from .reads import Reads
from .validate import reachable_from

REPLY = "reply"


# --------------------------------------------------------------------------- report values


@dataclass(frozen=True)
class ChoiceFinding:
    """One converging choice and whether its target acknowledges it."""

    scene: str
    choice: str  # the choice's id (a positional default when the author gave none)
    index: int  # 0-based position in its scene
    text: str
    named: bool
    target: str
    path: str  # the file of the choice
    line: int  # 1-based line of the choice
    siblings: tuple[str, ...]  # labels of the other choices into the same target
    #: what acknowledges it: "reply", 'chose("s.c")', or a variable's name
    acknowledged_by: tuple[str, ...]
    #: labels of the siblings nothing in the target tells it from
    untold: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"{self.scene}.{self.choice}"

    @property
    def location(self) -> str:
        """``path:line`` (``Pos.short``), as ``check`` prints places."""
        return f"{self.path}:{self.line}"

    @property
    def acknowledged(self) -> bool:
        return REPLY in self.acknowledged_by or not self.untold

    @property
    def label(self) -> str:
        return _label_of(self.named, self.choice, self.index)

    @property
    def message(self) -> str:
        text = self.text if len(self.text) <= 40 else self.text[:39] + "…"
        opening = (
            f"choice {self.label} (\"{text}\") of '{self.scene}' goes to '{self.target}' "
            f"like {_listed(self.siblings)}"
        )
        if self.untold == self.siblings:
            return opening + ", and nothing there tells them apart"
        return opening + f"; nothing there tells it from {_listed(self.untold)}"

    @property
    def hint(self) -> str:
        if self.named:
            return f"add a reply: or a paragraph in '{self.target}' with if: chose(\"{self.key}\")"
        return (
            f"add a reply:, or give the choice an id: and a paragraph in '{self.target}' with "
            f"if: chose(\"{self.scene}.<id>\"); chose() names only choices with an id"
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "scene": self.scene, "choice": self.choice, "key": self.key, "named": self.named,
            "text": self.text, "target": self.target, "location": self.location,
            "acknowledged": self.acknowledged, "acknowledged_by": list(self.acknowledged_by),
            "untold": list(self.untold),
        }
        if not self.acknowledged:
            data["message"] = self.message
            data["hint"] = self.hint
        return data


@dataclass(frozen=True)
class Convergence:
    """Two or more choices of ``scene`` that all go to ``target``."""

    scene: str
    target: str
    location: str  # ``path:line`` of the scene
    choices: tuple[ChoiceFinding, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "scene": self.scene, "target": self.target, "location": self.location,
            "choices": [finding.to_json() for finding in self.choices],
        }


@dataclass(frozen=True)
class VaryingScene:
    """A scene that reads something a choice two or more scenes earlier decided."""

    scene: str
    location: str
    reads: tuple[str, ...]  # what it reads that was written that far back

    def to_json(self) -> dict[str, Any]:
        return {"scene": self.scene, "location": self.location, "reads": list(self.reads)}


@dataclass(frozen=True)
class GatedChoice:
    """A choice that opens or closes on a decision the player took earlier: its condition
    reads a remembered choice, or a variable some earlier choice assigns."""

    key: str  # ``scene.choice``
    location: str
    reads: tuple[str, ...]  # the decisions it reads

    def to_json(self) -> dict[str, Any]:
        return {"choice": self.key, "location": self.location, "reads": list(self.reads)}


@dataclass(frozen=True)
class PerspectiveReactivity:
    id: str
    start: str
    scenes: int  # reachable from the start, conditions ignored
    reactive: int
    varying: tuple[VaryingScene, ...]
    gated: tuple[GatedChoice, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start, "scenes": self.scenes, "reactive": self.reactive,
            "varying_count": len(self.varying), "varying": [scene.to_json() for scene in self.varying],
            "gated_count": len(self.gated), "gated": [choice.to_json() for choice in self.gated],
        }


@dataclass(frozen=True)
class ReactivityReport:
    convergences: tuple[Convergence, ...]
    perspectives: tuple[PerspectiveReactivity, ...]

    @property
    def converging_scenes(self) -> int:
        return len({convergence.scene for convergence in self.convergences})

    @property
    def converging_choices(self) -> int:
        return sum(len(convergence.choices) for convergence in self.convergences)

    @property
    def acknowledged(self) -> int:
        return sum(finding.acknowledged for finding in self.findings())

    @property
    def acknowledged_percent(self) -> float | None:
        """Acknowledged converging choices in percent, one decimal; None when none converge."""
        total = self.converging_choices
        return round(100 * self.acknowledged / total, 1) if total else None

    def findings(self) -> Iterator[ChoiceFinding]:
        for convergence in self.convergences:
            yield from convergence.choices

    @property
    def flat_spots(self) -> list[ChoiceFinding]:
        """The unacknowledged converging choices, by file and line."""
        spots = [finding for finding in self.findings() if not finding.acknowledged]
        return sorted(spots, key=lambda finding: (finding.path, finding.line))

    def to_json(self) -> dict[str, Any]:
        return {
            "converging_scenes": self.converging_scenes,
            "converging_choices": self.converging_choices,
            "acknowledged": self.acknowledged,
            "acknowledged_percent": self.acknowledged_percent,
            "convergences": [convergence.to_json() for convergence in self.convergences],
            "flat_spots": [
                {"location": f.location, "scene": f.scene, "choice": f.choice, "target": f.target,
                 "message": f.message, "hint": f.hint}
                for f in self.flat_spots
            ],
            "perspectives": {p.id: p.to_json() for p in self.perspectives},
        }


# --------------------------------------------------------------------------- the analysis


def reactivity(story: StoryData) -> ReactivityReport:
    """The reactivity report of a loaded (validated) story."""
    convergences = tuple(_convergences(story))
    graph = _Graph(story)
    perspectives = tuple(
        _perspective(story, graph, perspective.id, perspective.start)
        for perspective in story.perspectives.values() if perspective.start in story.scenes
    )
    return ReactivityReport(convergences, perspectives)


def _scene_reads(scene: Scene) -> Reads:
    reads = Reads.of_text(scene.text)
    if scene.ending:
        reads = reads | Reads.of_text(scene.ending.epilogue)
    return reads


# ------------------------------------------------------------------ converging choices


def _convergences(story: StoryData) -> Iterator[Convergence]:
    for scene in story.scenes.values():
        groups: dict[str, list[Choice]] = {}
        for choice in scene.choices:
            if choice.goto in story.scenes:
                groups.setdefault(choice.goto, []).append(choice)
        for target_id, choices in groups.items():
            if len(choices) < 2:
                continue
            target = story.scenes[target_id]
            reads = _scene_reads(target)
            reset = _reset_on_entry(target.effects)
            findings = tuple(_finding(choice, choices, reads, reset) for choice in choices)
            yield Convergence(scene.id, target_id, scene.pos.short, findings)


def _finding(choice: Choice, group: list[Choice], reads: Reads, reset: frozenset[str]) -> ChoiceFinding:
    by: list[str] = [REPLY] if choice.reply else []
    told: set[str] = set()
    untold: list[str] = []
    for sibling in group:
        if sibling is choice:
            continue
        signals = _telling_apart(choice, sibling, reads, reset)
        told |= signals
        if not signals:
            untold.append(_label(sibling))
    by.extend(sorted(told))
    return ChoiceFinding(
        scene=choice.scene_id, choice=choice.id, index=choice.index, text=choice.text, named=choice.named,
        target=choice.goto, path=choice.pos.path, line=choice.pos.line + 1,
        siblings=tuple(_label(sibling) for sibling in group if sibling is not choice),
        acknowledged_by=tuple(by), untold=tuple(untold),
    )


def _telling_apart(one: Choice, other: Choice, reads: Reads, reset: frozenset[str]) -> set[str]:
    """What the target reads that differs between arriving by ``one`` and by ``other``."""
    signals = {f'chose("{c.key}")' for c in (one, other) if c.named and c.key in reads.chosen}
    for name in reads.variables - reset:
        if _assigns(one.effects, name) != _assigns(other.effects, name):
            signals.add(name)
    return signals


def _assigns(effects: Effects | None, name: str) -> tuple[Any, ...]:
    """The statements of ``effects`` that assign ``name``, positions left out."""
    if effects is None:
        return ()
    return tuple((s.op, _shape(s.value)) for s in effects.statements if s.target == name)


def _shape(node: Node) -> Any:
    """A tree without its offsets, literals tagged with their type (``1`` is not ``true``,
    although Python finds them equal)."""
    if isinstance(node, Literal):
        return ("literal", type(node.value).__name__, node.value)
    if isinstance(node, Name):
        return ("name", node.name)
    if isinstance(node, Call):
        return ("call", node.function, node.argument)
    if isinstance(node, Unary):
        return ("unary", node.op, _shape(node.operand))
    if isinstance(node, Binary):
        return ("binary", node.op, _shape(node.left), _shape(node.right))
    raise AssertionError(f"unknown node {node!r}")  # pragma: no cover


def _reset_on_entry(effects: Effects | None) -> frozenset[str]:
    """Variables a scene's entry effects set to the same value whatever came before
    (``=`` of an expression that reads no variable and no ``chose()``, visit counts being
    the same for converging siblings; a later ``+=``/``-=`` of such an expression keeps it
    so), and which therefore cannot tell the way in."""
    if effects is None:
        return frozenset()
    reset: set[str] = set()
    for statement in effects.statements:
        reads = Reads.of(statement.value)
        if reads.variables or reads.chosen:
            reset.discard(statement.target)
        elif statement.op == "=":
            reset.add(statement.target)
    return frozenset(reset)


def _label(choice: Choice) -> str:
    return _label_of(choice.named, choice.id, choice.index)


def _label_of(named: bool, choice_id: str, index: int) -> str:
    return f"'{choice_id}'" if named else f"#{index + 1}"


def _listed(labels: Iterable[str]) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


# ------------------------------------------------------------------ per perspective


class _Graph:
    """The scene graph with its writers indexed (who writes each variable, each visit
    count, each remembered choice) and, per scene, the scenes reachable from it in one
    choice or more, as a bit set over scene numbers."""

    def __init__(self, story: StoryData):
        self.story = story
        self.number = {scene_id: index for index, scene_id in enumerate(story.scenes)}
        self.incoming: dict[str, list[Choice]] = defaultdict(list)
        #: variable -> the choices and the scenes (entry effects) that assign it
        self.variable_choices: dict[str, list[Choice]] = defaultdict(list)
        self.variable_scenes: dict[str, list[Scene]] = defaultdict(list)
        self.choice_by_key: dict[str, Choice] = {}
        for scene in story.scenes.values():
            if scene.effects:
                for target in {s.target for s in scene.effects.statements}:
                    self.variable_scenes[target].append(scene)
            for choice in scene.choices:
                if choice.named:
                    self.choice_by_key[choice.key] = choice
                if choice.effects:
                    for target in {s.target for s in choice.effects.statements}:
                        self.variable_choices[target].append(choice)
                if choice.goto in story.scenes:
                    self.incoming[choice.goto].append(choice)
        self.after = _reachable_after(story, self.number)

    def written_far(self, choices: Iterable[Choice], scenes: Iterable[Scene], scope: set[str]) -> int:
        """The scenes that these writers (in the perspective) reach two or more scenes
        later, as a bit set: after a choice, the scenes one choice or more from where it
        goes; after a scene's entry effects, those one choice or more from where its
        choices go."""
        bits = 0
        for choice in choices:
            if choice.scene_id in scope and choice.goto in self.after:
                bits |= self.after[choice.goto]
        for scene in scenes:
            if scene.id in scope:
                for choice in scene.choices:
                    bits |= self.after.get(choice.goto, 0)
        return bits

    def written_before(self, choices: Iterable[Choice], scope: set[str]) -> int:
        """The scenes a player can stand in after taking one of these choices (in the
        perspective): where each goes, and everything reachable from there."""
        bits = 0
        for choice in choices:
            if choice.scene_id in scope and choice.goto in self.after:
                bits |= (1 << self.number[choice.goto]) | self.after[choice.goto]
        return bits


def _reachable_after(story: StoryData, number: dict[str, int]) -> dict[str, int]:
    """For each scene, the scenes reachable from it in one choice or more (itself only on
    a loop), as bit sets: strongly connected components (Tarjan's algorithm, without
    recursion), then one pass over them in reverse topological order, so the cost is the
    size of the graph times the width of a bit set rather than a search per scene."""
    successors = {
        scene.id: sorted({c.goto for c in scene.choices if c.goto in story.scenes}, key=number.__getitem__)
        for scene in story.scenes.values()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []  # in reverse topological order: successors first
    for root in story.scenes:
        if root in index:
            continue
        work = [(root, iter(successors[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    after: dict[str, int] = {}
    for component in components:
        members = set(component)
        bits = 0
        looped = len(component) > 1
        for member in component:
            for child in successors[member]:
                if child in members:
                    looped = True
                else:
                    bits |= (1 << number[child]) | after[child]
        if looped:
            for member in component:
                bits |= 1 << number[member]
        for member in component:
            after[member] = bits
    return after


def _perspective(story: StoryData, graph: _Graph, perspective_id: str, start: str) -> PerspectiveReactivity:
    scope = reachable_from(story, [start])
    far: dict[str, int] = {}  # what is read -> the scenes its writers reach two or more scenes later

    def reaches(read: str, choices: Iterable[Choice], scenes: Iterable[Scene] = ()) -> int:
        if read not in far:
            far[read] = graph.written_far(choices, scenes, scope)
        return far[read]

    reactive = 0
    varying: list[VaryingScene] = []
    for scene in story.scenes.values():  # story order, so the report is the same every run
        if scene.id not in scope:
            continue
        incoming = [choice for choice in graph.incoming.get(scene.id, ()) if choice.scene_id in scope]
        text_reactive = scene.text.is_reactive or bool(scene.ending and scene.ending.epilogue.is_reactive)
        if text_reactive or any(choice.reply for choice in incoming):
            reactive += 1
        reads = _scene_reads(scene)
        for choice in incoming:
            reads = reads | Reads.of_text(choice.reply)
        if not reads:
            continue
        bit = 1 << graph.number[scene.id]
        found: list[str] = []
        for key in sorted(reads.chosen):
            choice = graph.choice_by_key.get(key)
            if choice is not None and reaches(f'chose("{key}")', [choice]) & bit:
                found.append(f'chose("{key}")')
        for name in sorted(reads.variables):
            if reaches(name, graph.variable_choices.get(name, ()), graph.variable_scenes.get(name, ())) & bit:
                found.append(name)
        for visited in sorted(reads.visits):
            if reaches(f'visits("{visited}")', graph.incoming.get(visited, ())) & bit:
                found.append(f'visits("{visited}")')
        if found:
            varying.append(VaryingScene(scene.id, scene.pos.short, tuple(found)))
    return PerspectiveReactivity(
        perspective_id, start, len(scope), reactive, tuple(varying), tuple(_gated(story, graph, scope)),
    )


def _gated(story: StoryData, graph: _Graph, scope: set[str]) -> Iterator[GatedChoice]:
    """The choices of the perspective whose condition reads a decision that a choice taken
    before it can have made. Visit counts are not decisions (arriving is not choosing), and
    a variable only scene entries assign is the story's doing, not the player's."""
    before: dict[str, int] = {}

    def decided_before(read: str, writers: Iterable[Choice]) -> int:
        if read not in before:
            before[read] = graph.written_before(writers, scope)
        return before[read]

    for scene in story.scenes.values():
        if scene.id not in scope:
            continue
        bit = 1 << graph.number[scene.id]
        for choice in scene.choices:
            if choice.condition is None or choice.condition.tree is None:
                continue
            reads = Reads.of(choice.condition.tree)
            found = [
                f'chose("{key}")' for key in sorted(reads.chosen)
                if key in graph.choice_by_key and decided_before(f'chose("{key}")', [graph.choice_by_key[key]]) & bit
            ] + [
                name for name in sorted(reads.variables)
                if decided_before(name, graph.variable_choices.get(name, ())) & bit
            ]
            if found:
                yield GatedChoice(choice.key, choice.pos.short, tuple(found))
