"""``budapest1956 graph``: Mermaid and DOT, chapters as subgraphs, endings marked."""

from __future__ import annotations

import re
from pathlib import Path

from game.tools.graph import to_dot, to_mermaid


def test_mermaid(fixtures: Path, run_cli) -> None:
    result = run_cli("graph", "--format", "mermaid", fixtures / "clean")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "flowchart TD"
    assert '  subgraph c_day_one["Tuesday 23 October"]' in lines
    assert '  subgraph c_day_two["Wednesday 24 October"]' in lines
    assert lines.count("  end") == 2  # one per chapter with scenes
    # scenes sit inside their chapter's subgraph
    day_two = lines.index('  subgraph c_day_two["Wednesday 24 October"]')
    assert lines[day_two + 1] == '    s_home(["■ Home"]):::ending' and lines[day_two + 2] == "  end"
    assert '    s_radio(["■ The radio station"]):::ending' in lines
    assert '    s_square["The square"]' in lines
    assert any(line.startswith("    s_start[[") and line.endswith(":::start") for line in lines)
    assert any(line.startswith("    s_shift[[") and line.endswith(":::start") for line in lines)
    # every choice is an edge; guarded ones are dotted
    edges = [line for line in lines if "-->" in line or "-.->" in line]
    assert len(edges) == 6
    assert '  s_start -->|"1"| s_square' in lines
    assert '  s_square -.->|"1"| s_radio' in lines
    assert '  s_square -.->|"2"| s_square' in lines
    assert '  s_square -->|"3"| s_home' in lines
    assert any(line.startswith("  classDef ending") for line in lines)


def test_mermaid_is_the_default(fixtures: Path, run_cli) -> None:
    assert run_cli("graph", fixtures / "clean").out.startswith("flowchart TD\n")


def test_dot(fixtures: Path, run_cli) -> None:
    result = run_cli("graph", "--format", "dot", fixtures / "clean")
    assert result.code == 0
    out = result.out
    assert out.startswith("digraph story {\n") and out.rstrip().endswith("}")
    assert "  subgraph cluster_day_one {\n    label=\"Tuesday 23 October\";" in out
    assert "  subgraph cluster_day_two {\n    label=\"Wednesday 24 October\";\n    s_home [" in out
    assert re.search(r'    s_radio \[label="The radio station", shape=doubleoctagon', out)
    assert re.search(r'    s_home \[label="Home", shape=doubleoctagon', out)
    assert "    s_square [label=\"The square\"];" in out
    assert '  s_square -> s_radio [label="1", style="dashed"];' in out
    assert '  s_square -> s_home [label="3"];' in out
    assert out.count(" -> ") == 6
    assert out.count("{") == out.count("}")


def test_graph_to_a_file(fixtures: Path, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "story.mmd"
    result = run_cli("graph", fixtures / "clean", "--out", out)
    assert result.code == 0 and out.read_text("utf-8").startswith("flowchart TD")


def test_graph_of_the_explore_pack_leaves_out_nothing(load_pack) -> None:
    story, _ = load_pack("explore_pack")
    mermaid = to_mermaid(story)
    for scene_id in story.scenes:
        assert re.search(rf"^    s_{scene_id}[\[\(]", mermaid, re.MULTILINE), scene_id
    assert "s_b -.->|\"3\"| s_end_never" in mermaid


def test_labels_keep_hungarian_letters(load_pack) -> None:
    story, _ = load_pack("clean")
    assert "Zsófia Varga" in to_mermaid(story)
    story.scenes["home"].title = "Kádár"
    assert "Kádár" in to_dot(story)


def test_a_scene_called_end_is_safe_in_mermaid(playable, scene) -> None:
    story = playable(scene("start", "choices:\n  - {text: go, goto: end}") + scene("end", ending=True))
    for line in to_mermaid(story).splitlines():
        if line.strip() == "end":
            continue  # closes a subgraph
        assert not re.search(r"(^|\s)end(\[|\(|$)", line), line


def test_a_scene_called_node_is_safe_in_dot(playable, scene) -> None:
    story = playable(scene("start", "choices:\n  - {text: go, goto: node}") + scene("node", ending=True))
    dot = to_dot(story)
    assert not re.search(r"^\s*node \[label=\"Scene node\"", dot, re.MULTILINE)
    assert not re.search(r"-> node \[", dot)
