"""Graph labels with hostile titles, and the real clients (Graphviz, mermaid-cli) reading
the shipped story's graph and the hostile one.

A title with ``"``, ``<`` or ``#`` broke the Mermaid graph (issue 11); two scenes with one
title were two boxes nobody could tell apart."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from client_tools import chromium, npm_file, program
from game.core.loader import load_story_or_raise as load_story
from game.paths import default_story_dir
from game.tools.graph import dot_label, mermaid_label, to_dot, to_mermaid

HOSTILE_TITLE = 'He said "#1" <b>&amp;</b> | `x` > end\'s'
HOSTILE_CHAPTER = 'Day #1: "Kossuth" <Square> & more'


@pytest.fixture
def hostile(fixtures: Path, tmp_path: Path) -> Path:
    """The clean pack with hostile titles, and 'Home' renamed to the square's title."""
    pack = tmp_path / "hostile"
    shutil.copytree(fixtures / "clean", pack)
    chapter = pack / "chapter.yaml"
    text = chapter.read_text("utf-8")
    text = text.replace("title: The morning", "title: " + json.dumps(HOSTILE_TITLE))
    text = text.replace("title: Home", "title: The square")
    chapter.write_text(text, "utf-8")
    story = pack / "story.yaml"
    story.write_text(story.read_text("utf-8").replace("title: Tuesday 23 October", "title: " + json.dumps(HOSTILE_CHAPTER)), "utf-8")
    return pack


def test_mermaid_label_uses_mermaids_codes() -> None:
    assert mermaid_label('a "b" <c> #d & e | `f`') == "a #quot;b#quot; #lt;c#gt; #35;d #amp; e #124; #96;f#96;"
    assert mermaid_label("two\nlines\x1b[2J") == "two lines[2J"


def test_dot_label_escapes_quotes_and_backslashes() -> None:
    assert dot_label('say "hi" \\ then\nmore\x07') == 'say \\"hi\\" \\\\ then\\nmore'


def test_hostile_titles_stay_inside_their_labels(hostile: Path) -> None:
    story = load_story(hostile)
    mermaid = to_mermaid(story)
    for line in mermaid.splitlines():
        # a label's own quote never ends it early: every line's quotes pair up, nothing raw
        assert line.count('"') % 2 == 0, line
    assert "#quot;#35;1#quot; #lt;b#gt;#amp;amp;#lt;/b#gt; #124; #96;x#96; #gt; end’s" in mermaid
    assert 'subgraph c_day_one["Day #35;1: #quot;Kossuth#quot; #lt;Square#gt; #amp; more"]' in mermaid
    # the two scenes called "The square" are told apart by their ids
    assert 's_square["The square (square)"]' in mermaid
    assert 's_home(["■ The square (home)"]):::ending' in mermaid
    dot = to_dot(story)
    assert 'label="Day #1: \\"Kossuth\\" <Square> & more";' in dot
    assert 's_home [label="The square (home)"' in dot


def test_unique_titles_get_no_id(fixtures: Path) -> None:
    assert "(square)" not in to_mermaid(load_story(fixtures / "clean"))


def _packs(hostile: Path) -> list[tuple[str, Path]]:
    return [("shipped", default_story_dir()), ("hostile", hostile)]


def test_graphviz_renders_the_graphs(hostile: Path, tmp_path: Path) -> None:
    dot = program("dot", "apt-get install -y graphviz")
    for name, pack in _packs(hostile):
        done = subprocess.run([dot, "-Tsvg"], input=to_dot(load_story(pack)), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and not done.stderr.strip(), f"{name}: {done.stderr}"
        assert "<svg" in done.stdout
        if name == "hostile":
            assert "&lt;Square&gt;" in done.stdout and "The square (home)" in done.stdout


def test_mermaid_cli_renders_the_graphs(hostile: Path, tmp_path: Path) -> None:
    browser = chromium()
    mmdc = npm_file(".bin/mmdc", "@mermaid-js/mermaid-cli")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({
        "executablePath": browser,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--headless=new"],
    }), "utf-8")
    for name, pack in _packs(hostile):
        source = tmp_path / f"{name}.mmd"
        source.write_text(to_mermaid(load_story(pack)), "utf-8")
        out = tmp_path / f"{name}.svg"
        done = subprocess.run(
            [str(mmdc), "-p", str(config), "-i", str(source), "-o", str(out), "-q"],
            capture_output=True, text=True, timeout=240,
        )
        assert done.returncode == 0, f"{name}: {done.stdout}\n{done.stderr}"
        svg = out.read_text("utf-8")
        assert "<svg" in svg and "Syntax error" not in svg, name
        if name == "hostile":
            assert "Kossuth" in svg and "The square (home)" in svg
