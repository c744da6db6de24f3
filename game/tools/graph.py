"""``budapest1956 graph``: the scene graph, read off the same ``transitions`` machine the
game plays, grouped by chapter with endings marked.

We draw from the machine's own states and events rather than from the YAML, so the
picture shows exactly what the game will do. We write Mermaid and DOT ourselves instead
of using ``GraphMachine``'s renderer because neither of its engines groups states into
chapters without turning the story into a hierarchical machine.
"""

from __future__ import annotations

from collections import Counter

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


# Mermaid reads ``#name;`` / ``#35;`` as character codes inside a quoted label. Mapped one
# character at a time, so the ``#`` of a code written for another is never escaped again.
_MERMAID_CODES = {
    "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;",
    "`": "#96;", "'": "’",
}


def _one_line(text: str) -> str:
    """Author text on one line with no control characters: a newline or a stray control
    code in a label ends a Mermaid statement or shows as garbage in a client's picture."""
    return "".join(" " if ch in "\n\r\t" else ch for ch in text if ch >= " " and ch != "\x7f" or ch in "\n\r\t")


def mermaid_label(text: str) -> str:
    """Text safe inside a Mermaid ``["..."]`` label: a ``"`` ends the label, ``<`` starts HTML,
    ``#`` starts a character code, ``|`` ends an edge label, a backtick a Markdown string."""
    return "".join(_MERMAID_CODES.get(ch, ch) for ch in _one_line(text))


def dot_label(text: str) -> str:
    """Text safe inside a DOT ``"..."`` string: only ``\\`` and ``"`` are special there, a
    newline becomes DOT's own centred line break."""
    cleaned = "".join(ch for ch in text if ch >= " " and ch != "\x7f" or ch == "\n")
    return cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _titles(story: StoryData) -> dict[str, str]:
    """Each scene's shown title, with its id added where two scenes share a title, so the
    picture never shows two indistinguishable boxes."""
    counts = Counter(scene.title or scene.id for scene in story.scenes.values())
    return {
        scene.id: (scene.title or scene.id) + (f" ({scene.id})" if counts[scene.title or scene.id] > 1 else "")
        for scene in story.scenes.values()
    }


def _node(scene_id: str) -> str:
    """A node name no keyword can take (Mermaid's ``end``, DOT's ``node`` or ``graph``)."""
    return f"s_{scene_id}"


def to_mermaid(story: StoryData) -> str:
    starts = {p.start: p for p in story.perspectives.values()}
    titles = _titles(story)
    lines = ["flowchart TD"]
    for chapter in story.chapters.values():
        members = [s for s in story.scenes.values() if s.chapter == chapter.id]
        if not members:
            continue
        lines.append(f'  subgraph c_{chapter.id}["{mermaid_label(chapter.title)}"]')
        for scene in members:
            title = mermaid_label(titles[scene.id])
            if scene.ending:
                lines.append(f'    {_node(scene.id)}(["■ {title}"]):::ending')
            elif scene.id in starts:
                lines.append(f'    {_node(scene.id)}[["▶ {mermaid_label(starts[scene.id].name)}: {title}"]]:::start')
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
    titles = _titles(story)
    lines = ["digraph story {", "  rankdir=TB;", '  node [shape=box, style="rounded", fontname="Helvetica"];']
    for chapter in story.chapters.values():
        members = [s for s in story.scenes.values() if s.chapter == chapter.id]
        if not members:
            continue
        lines.append(f'  subgraph cluster_{chapter.id} {{')
        lines.append(f'    label="{dot_label(chapter.title)}";')
        for scene in members:
            attributes = [f'label="{dot_label(titles[scene.id])}"']
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
