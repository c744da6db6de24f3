"""Issue 12, part "boundary": a pack names only files inside its own folder.

The pack sits in a pretend ``~/Downloads`` beside a secret file in the pretend home folder;
every way a pack could name that file (absolute, ``..``, a symlink, a symlinked chapter,
notes or story.yaml) must be a ``path:line:col`` error with the rule ``outside-pack``, and
no tool may print a word of the secret, not even in a "closest passage" hint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.core.loader import load_story
from game.core.packpath import inside_pack
from game.core.safefile import FileRefused

#: A sentence close to a quote the pack makes, so a hint would pick it if it could read it.
SECRET = "Immediately after the broadcast the crowd marched SECRET-PASSWORD-HUNTER2 on the radio station.\n"
MARKER = "HUNTER2"
HANG = 120  # seconds: only a hang gets near this
ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


@pytest.fixture
def home(tmp_path: Path, fixtures: Path) -> Path:
    """``home/secret.txt`` and the clean pack at ``home/Downloads/pack``."""
    (tmp_path / "home" / "Downloads").mkdir(parents=True)
    (tmp_path / "home" / "secret.txt").write_text(SECRET, encoding="utf-8")
    shutil.copytree(fixtures / "clean", tmp_path / "home" / "Downloads" / "pack")
    return tmp_path / "home"


def _pack(home: Path) -> Path:
    return home / "Downloads" / "pack"


def _set_source(pack: Path, target: str) -> tuple[int, int]:
    """Point the pack's one source at ``target``; the 1-based (line, col) of the path."""
    story = pack / "story.yaml"
    lines = story.read_text("utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("file:") or " file: " in line:
            col = line.index("file:") + len("file: ")
            end = line.index("}", col) if line.rstrip().endswith("}") else len(line)
            lines[number] = line[:col] + f'"{target}"' + line[end:]
            story.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number + 1, col + 1
    raise AssertionError("the fixture pack has no source file")


def _cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *map(str, args)], cwd=cwd,
        capture_output=True, text=True, timeout=HANG, env=ENV, stdin=subprocess.DEVNULL,
    )


def _only_error(pack: Path) -> tuple[str, str, tuple[int, int]]:
    """The one error loading ``pack`` gives: (rule, message, 1-based line and col)."""
    story, diagnostics = load_story(pack)
    assert story is None
    [error] = diagnostics.errors
    return error.code, error.message, (error.pos.line + 1, error.pos.col + 1)


@pytest.mark.parametrize("target, why", [
    ("{secret}", "is an absolute path"),
    ("../../secret.txt", "climbs out of the pack's folder with '..'"),
    ("sources/../../../secret.txt", "climbs out of the pack's folder with '..'"),
    ("C:\\\\Users\\\\secret.txt", "is an absolute path"),
    ("sources\\\\..\\\\..\\\\secret.txt", "holds a backslash"),
    (".", "names the pack's folder itself"),
])
def test_a_source_outside_the_pack_is_refused_where_it_is_named(home: Path, target: str, why: str) -> None:
    pack = _pack(home)
    line_col = _set_source(pack, target.format(secret=(home / "secret.txt").as_posix()))
    rule, message, where = _only_error(pack)
    assert rule == "outside-pack" and why in message and where == line_col, (rule, message, where)


def test_a_symlink_leaving_the_pack_is_refused(home: Path) -> None:
    pack = _pack(home)
    (pack / "sources" / "innocent.txt").symlink_to(home / "secret.txt")
    line_col = _set_source(pack, "sources/innocent.txt")
    rule, message, where = _only_error(pack)
    assert rule == "outside-pack" and "through a symlink" in message and where == line_col


def test_a_symlinked_folder_leaving_the_pack_is_refused(home: Path) -> None:
    pack = _pack(home)
    (pack / "more").symlink_to(home, target_is_directory=True)
    line_col = _set_source(pack, "more/secret.txt")
    rule, message, where = _only_error(pack)
    assert rule == "outside-pack" and where == line_col


def test_a_symlink_that_stays_inside_is_followed(home: Path) -> None:
    pack = _pack(home)
    (pack / "bbc.txt").symlink_to(pack / "sources" / "bbc-on-this-day-1956.txt")
    _set_source(pack, "bbc.txt")
    story, diagnostics = load_story(pack)
    assert story is not None, [str(d) for d in diagnostics]


def test_the_folder_the_player_names_may_itself_be_a_symlink(home: Path, tmp_path: Path) -> None:
    """The player's own choice of folder is trusted: a pack on a USB stick linked from home."""
    (tmp_path / "linked").symlink_to(_pack(home), target_is_directory=True)
    story, diagnostics = load_story(tmp_path / "linked")
    assert story is not None, [str(d) for d in diagnostics]


def test_a_listed_chapter_outside_is_refused(home: Path) -> None:
    pack = _pack(home)
    shutil.move(pack / "chapter.yaml", home / "chapter.yaml")
    story = pack / "story.yaml"
    story.write_text(story.read_text("utf-8") + "files: [../../chapter.yaml]\n", encoding="utf-8")
    line = len(story.read_text("utf-8").splitlines())
    _, diagnostics = load_story(pack, strict=False)
    [error] = [e for e in diagnostics.errors if e.code == "outside-pack"]
    assert (error.pos.line + 1, error.pos.col + 1) == (line, 9) and "../../chapter.yaml" in error.message


def test_a_found_chapter_that_is_a_symlink_out_is_refused_at_the_link(home: Path) -> None:
    pack = _pack(home)
    (home / "stolen.yaml").write_text("scenes: []\n", encoding="utf-8")
    (pack / "extra.yaml").symlink_to(home / "stolen.yaml")
    _, diagnostics = load_story(pack, strict=False)
    [error] = diagnostics.errors
    assert error.code == "outside-pack" and error.pos.path.endswith("extra.yaml") and "extra.yaml" in error.message


@pytest.mark.parametrize("key", ["notes", "guide"])
def test_notes_or_guide_outside_are_refused(home: Path, key: str) -> None:
    pack = _pack(home)
    (home / "notes.yaml").write_text("notes: []\n", encoding="utf-8")
    story = pack / "story.yaml"
    story.write_text(story.read_text("utf-8") + f"{key}: ../../notes.yaml\n", encoding="utf-8")
    line = len(story.read_text("utf-8").splitlines())
    _, diagnostics = load_story(pack, strict=False)
    [error] = diagnostics.errors
    assert error.code == "outside-pack" and (error.pos.line + 1, error.pos.col + 1) == (line, len(key) + 3)


def test_story_yaml_that_is_a_symlink_out_is_refused(home: Path) -> None:
    pack = _pack(home)
    shutil.move(pack / "story.yaml", home / "story.yaml")
    (pack / "story.yaml").symlink_to(home / "story.yaml")
    rule, message, _ = _only_error(pack)
    assert rule == "outside-pack" and "story.yaml" in message


@pytest.mark.parametrize("command", [
    ["check"], ["sources"], ["export"], ["graph"], ["guide", "--out", "{out}/guide.md"],
    ["play", "--text", "--story"],
])
def test_no_tool_prints_the_secret(home: Path, tmp_path: Path, command: list[str]) -> None:
    """Every way in: a quote close to the secret's sentence, so a hint would show it."""
    pack = _pack(home)
    (pack / "sources" / "link.txt").symlink_to(home / "secret.txt")
    _set_source(pack, "sources/link.txt")
    chapter = pack / "chapter.yaml"
    chapter.write_text(chapter.read_text("utf-8").replace(
        "quote: ", "quote: Immediately after the broadcast the crowd marched on # ", 1), encoding="utf-8")
    arguments = [part.format(out=tmp_path) for part in command] + [pack]
    result = _cli(*arguments, cwd=tmp_path)
    shown = result.stdout + result.stderr
    assert result.returncode != 0, shown
    assert MARKER not in shown and "Traceback" not in shown
    assert "outside-pack" in shown or "outside the pack" in shown or "leads outside" in shown, shown
    assert not (tmp_path / "guide.md").exists()


def test_inside_pack_is_the_one_rule(tmp_path: Path) -> None:
    """The rule by itself: what it resolves to, and what it refuses."""
    (tmp_path / "sub").mkdir()
    assert inside_pack(tmp_path, "sub/../a.txt") == (tmp_path / "a.txt").resolve()
    assert inside_pack(tmp_path, "./sub/b.txt") == (tmp_path / "sub" / "b.txt").resolve()
    for name in ("/etc/passwd", "../x", "sub/../../x", "\\\\server\\share\\x", "D:x", ""):
        with pytest.raises(FileRefused) as refused:
            inside_pack(tmp_path, name)
        assert refused.value.rule == "outside-pack", name
