"""``budapest1956 graph``: the scene graph, read off the same ``transitions`` machine the
game plays, grouped by chapter with endings marked.

We draw from the machine's own states and events rather than from the YAML, so the
picture shows exactly what the game will do. We write Mermaid and DOT ourselves instead
of using ``GraphMachine``'s renderer because neither of its engines groups states into
chapters without turning the story into a hierarchical machine.
"""

from __future__ import annotations

import json

from transitions import Machine

from ..core.machine import machine_definition
from ..core.model import StoryData


def _edges(story: StoryData) -> list[tuple[str, str, str, bool]]:
    """(source, dest, label, guarded) for every transition of the machine."""
    machine = Machine(model=None, initial=None, **machine_definition(story))
    edges = []
    for trigger, event in machine.events.items():
        _, scene_id, index = trigger.split("::")
        choice = story.scenes[scene_id].choices[int(index)]
        for transitions in event.transitions.values():
            for transition in transitions:
                edges.append((transition.source, transition.dest, str(choice.index + 1), bool(transition.conditions)))
    return edges


def _label(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("'", "’")


def _node(scene_id: str) -> str:
    """A node name no keyword can take (Mermaid's ``end``, DOT's ``node`` or ``graph``)."""
    return f"s_{scene_id}"


def to_mermaid(story: StoryData) -> str:
    starts = {p.start: p for p in story.perspectives.values()}
    lines = ["flowchart TD"]
    for chapter in story.chapters.values():
        members = [s for s in story.scenes.values() if s.chapter == chapter.id]
        if not members:
            continue
        lines.append(f'  subgraph c_{chapter.id}["{_label(chapter.title)}"]')
        for scene in members:
            title = _label(scene.title or scene.id)
            if scene.ending:
                lines.append(f'    {_node(scene.id)}(["■ {title}"]):::ending')
            elif scene.id in starts:
                lines.append(f'    {_node(scene.id)}[["▶ {_label(starts[scene.id].name)}: {title}"]]:::start')
            else:
                lines.append(f'    {_node(scene.id)}["{title}"]')
        lines.append("  end")
    for source, dest, label, guarded in _edges(story):
        arrow = "-.->" if guarded else "-->"
        lines.append(f'  {_node(source)} {arrow}|"{label}"| {_node(dest)}')
    lines.append("  classDef ending fill:#f3e6c4,stroke:#7a5b14,stroke-width:2px")
    lines.append("  classDef start fill:#dbe9d6,stroke:#2f6b2a,stroke-width:2px")
    return "\n".join(lines) + "\n"


def to_dot(story: StoryData) -> str:
    starts = {p.start for p in story.perspectives.values()}
    lines = ["digraph story {", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="Helvetica"];']
    for chapter in story.chapters.values():
        members = [s for s in story.scenes.values() if s.chapter == chapter.id]
        if not members:
            continue
        lines.append(f'  subgraph cluster_{chapter.id} {{')
        lines.append(f'    label="{_label(chapter.title)}";')
        for scene in members:
            attributes = [f'label="{_label(scene.title or scene.id)}"']
            if scene.ending:
                attributes += ["shape=doubleoctagon", 'style="filled"', 'fillcolor="#f3e6c4"']
            elif scene.id in starts:
                attributes += ['style="rounded,filled"', 'fillcolor="#dbe9d6"', "penwidth=2"]
            lines.append(f"    {_node(scene.id)} [{', '.join(attributes)}];")
        lines.append("  }")
    for source, dest, label, guarded in _edges(story):
        style = ', style="dashed"' if guarded else ""
        lines.append(f'  {_node(source)} -> {_node(dest)} [label="{label}"{style}];')
    lines.append("}")
    return "\n".join(lines) + "\n"
