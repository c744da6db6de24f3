"""The closures of a checked story: each condition and list of effects compiled once.

Validation checks a story and compiles its expressions; the compiled cache stores the
checked trees but never closures (they are code), and gives a story read back its
closures with :func:`recompile`. Both use these functions, kept apart from the checks so
that a warm start imports no checker (nor the schema, nor PyYAML).
"""

from __future__ import annotations

from typing import Any, Mapping

from .expressions import TypeEnvironment, compile_node
from .model import Effects, Expression, StoryData, Variable
from .text import Conditional, Text


def compiled(tree: Any, env: TypeEnvironment) -> Any:
    """One closure per distinct parsed tree in a story, by identity (equal trees may differ
    in type: ``Literal(1) == Literal(True)`` in Python, so equality must not be the key)."""
    key = ("closure", id(tree))
    if key not in env.memo:
        env.memo[key] = (tree, compile_node(tree))  # type: ignore[index]
    return env.memo[key][1]  # type: ignore[index]


def applier(statements: list[Any], variables: Mapping[str, Variable], env: TypeEnvironment) -> Any:
    """The closure that runs checked assignments: one step per statement, each value's
    closure shared with every equal tree of the story."""
    steps = [
        (s.target, s.op, compiled(s.value, env), variables[s.target]) for s in statements
    ]

    def apply(values: dict[str, Any], visits: Mapping[str, int], chosen: Mapping[str, int]) -> None:
        for target, op, evaluate, variable in steps:
            value = evaluate(values, visits, chosen)
            if op == "+=":
                value = values[target] + value
            elif op == "-=":
                value = values[target] - value
            values[target] = variable.clamp(value)

    return apply


def compiled_parts(story: StoryData) -> list[Expression | Effects]:
    """Every condition and every list of effects of a story, wherever it stands (plain
    loops: the compiled cache walks 10,000 scenes with this on every warm load)."""
    found: list[Expression | Effects] = []
    add = found.append

    def conditions(text: Text) -> None:
        for item in text.items:
            if item.__class__ is Conditional:
                add(item.condition)  # type: ignore[union-attr]

    for scene in story.scenes.values():
        if scene.effects:
            add(scene.effects)
        conditions(scene.text)
        if scene.ending:
            conditions(scene.ending.epilogue)
        for choice in scene.choices:
            if choice.reply.items:
                conditions(choice.reply)
            if choice.condition:
                add(choice.condition)
            if choice.effects:
                add(choice.effects)
    return found


def recompile(story: StoryData) -> None:
    """Give a story read back from the compiled cache its closures again: its trees and
    statements were checked when it was first loaded, and closures are code, which the
    cache never stores (:mod:`compiledcache`)."""
    env = TypeEnvironment({}, {}, {})  # nothing is type-checked again: only its memo of closures is used
    for part in compiled_parts(story):
        if part.__class__ is Expression:
            if part.tree is not None:
                part.evaluate = compiled(part.tree, env)
        else:  # a story is cached only when it has no errors: every list of effects compiled
            key = ("effects", tuple(part.sources))
            done = env.memo.get(key)
            if done is None:
                done = env.memo[key] = (part.statements, applier(part.statements, story.variables, env))
            part.apply = done[1]
