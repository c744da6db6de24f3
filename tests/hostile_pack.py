"""Hostile packs written on the fly (issue 12): a story.yaml, one chapter and a small
source of its own, in any folder, so a test depends on no fixture folder and can change
any line. Scenes have a fixed number of lines, so a test can name exact positions.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from game.core.diagnostics import Diagnostic
from game.core.loader import load_story

SOURCE = (
    "The uprising began as a rally in central Budapest.\n\n"
    "Immediately after the broadcast, the crowd marched on the broadcasting station.\n"
)
QUOTE = "The uprising began as a rally"


def story_yaml(extra: str = "") -> str:
    return (
        "format: 1\nid: hostile\ntitle: Hostile\nversion: \"1.0\"\n"
        "variables:\n  courage: {type: int, default: 0, min: 0, max: 3}\n"
        "perspectives:\n  - {id: student, name: Z, fictional: true, start: s0}\n"
        "chapters:\n  - {id: day_one, title: Tuesday}\n"
        "sources:\n  - {id: bbc, title: BBC, publisher: BBC, date: '1956', file: sources/bbc.txt}\n" + extra
    )


def scene_yaml(sid: str, body: str = "", *, ending: bool = False, goto: str = "", cites: str = "bbc",
               quote: str = QUOTE, text: str = "Hello.") -> str:
    """One scene of 11 lines (13 with an ending instead of a choice)."""
    lines = [
        f"  - id: {sid}", '    date: "1956-10-23 08:00"', "    place: P", "    title: T", f'    text: "{text}"',
        "    cites:", f"      - source: {cites}", f"        quote: {quote}",
    ]
    if ending:
        lines += ["    ending: {title: E}"]
    else:
        lines += ["    choices:", "      - text: Go", f"        goto: {goto}"]
    return "\n".join(lines) + "\n" + body


def write_pack(folder: Path, chapter: str, story: str | None = None) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "bbc.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "story.yaml").write_text(story if story is not None else story_yaml(), encoding="utf-8")
    (folder / "chapter.yaml").write_text(chapter, encoding="utf-8")
    return folder


def clean_pack_with_unknown_keys(fixtures: Path, folder: Path, count: int) -> Path:
    """The clean fixture pack copied to ``folder``, its first scene holding ``count``
    unknown keys ``k0``, ``k1``, ...: one error each, on consecutive lines."""
    shutil.copytree(fixtures / "clean", folder)
    chapter = folder / "chapter.yaml"
    text = chapter.read_text("utf-8")
    anchor = "    place: Csepel\n"
    assert text.count(anchor) == 1
    chapter.write_text(text.replace(anchor, anchor + "".join(f"    k{n}: 1\n" for n in range(count))), "utf-8")
    return folder


HEADER = "chapter: day_one\nperspective: student\nscenes:\n"  # 3 lines: the first scene is on line 4


def chain(count: int, **scene: str) -> str:
    """``count`` scenes s0 -> s1 -> ... each with ``scene``'s changes, then an ending."""
    return HEADER + "".join(scene_yaml(f"s{i}", goto=f"s{i + 1}", **scene) for i in range(count)) + scene_yaml(
        f"s{count}", ending=True
    )


def errors(pack: Path) -> list[Diagnostic]:
    story, diagnostics = load_story(pack)
    assert story is None
    return diagnostics.errors


def at(error: Diagnostic) -> tuple[int, int]:
    return error.pos.line + 1, error.pos.col + 1


def run(*args: str, timeout: float = 60) -> "subprocess.CompletedProcess[str]":
    """``python -m game ARGS`` headless; the timeout only catches a hang (nothing is timed)."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=timeout, env=env)
