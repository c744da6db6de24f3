"""Issue 12, part "files": a hostile pack's files are read only if regular and small, and
the tools that write refuse a symlink at their target.

Anything that could hang (a FIFO, an export loop) runs in a subprocess whose generous
timeout only catches a hang; sizes come from sparse files, so nothing large is written.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.core import safefile
from game.core.safefile import MAX_SOURCE_BYTES, MAX_YAML_BYTES, FileRefused, read_capped

CH = "chapter.yaml"
HANG = 120  # seconds: only a hang gets near this

ENV = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *map(str, args)],
        capture_output=True, text=True, timeout=HANG, env=ENV, stdin=subprocess.DEVNULL,
    )


def _point_source_at(folder: Path, target: str) -> tuple[int, int]:
    """Make the pack's one source name ``target``; the (line, col) of the path, 1-based."""
    story = folder / "story.yaml"
    lines = story.read_text("utf-8").splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("file:"):
            col = line.index("file:") + len("file: ")
            lines[number] = line[:col] + target
            story.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return number + 1, col + 1
    raise AssertionError("the fixture pack has no source file")


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("device", ["zero", "urandom"])
def test_a_device_as_source_is_refused_by_kind(copy_pack, parse_check, device: str) -> None:
    """A device node inside the pack (a tar can carry one): read whole, these exhaust
    memory (the old MemoryError traceback). A subprocess, in case it does."""
    folder = copy_pack("mistake_base")
    os.mknod(folder / device, 0o644 | stat.S_IFCHR, os.stat(f"/dev/{device}").st_rdev)
    line, col = _point_source_at(folder, device)
    result = _cli("check", folder)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert any(
        r.line == line and r.col == col and "character device" in r.message and "regular file" in r.message
        for r in parse_check(result.stdout)
    ), result.stdout


def test_a_fifo_as_source_is_an_error_not_a_hang(copy_pack) -> None:
    folder = copy_pack("mistake_base")
    os.mkfifo(folder / "pipe.txt")
    line, col = _point_source_at(folder, "pipe.txt")
    result = _cli("check", folder)
    assert result.returncode == 1
    assert f"story.yaml:{line}:{col}: error: source file pipe.txt is a FIFO (named pipe)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_fifo_as_chapter_is_an_error_not_a_hang(copy_pack) -> None:
    folder = copy_pack("mistake_base")
    (folder / CH).unlink()
    os.mkfifo(folder / CH)
    result = _cli("check", folder)
    assert result.returncode == 1
    assert "chapter.yaml:1:1: error: file is a FIFO (named pipe), not a regular file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_an_oversized_source_names_the_cap(copy_pack, run_cli, parse_check) -> None:
    folder = copy_pack("mistake_base")
    with open(folder / "big.txt", "wb") as handle:
        handle.truncate(MAX_SOURCE_BYTES + 1)  # sparse: nothing is written
    line, col = _point_source_at(folder, "big.txt")
    result = run_cli("check", folder)
    assert result.code == 1
    assert any(
        r.line == line and r.col == col and f"the limit is {MAX_SOURCE_BYTES:,}" in r.message
        for r in parse_check(result.out)
    ), result.out


def test_a_source_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"a" * 10)
    assert read_capped(path, 10) == b"a" * 10
    with pytest.raises(FileRefused, match="limit is 9"):
        read_capped(path, 9)


def test_a_file_that_lies_about_its_size_is_read_at_most_cap_plus_one(tmp_path: Path, monkeypatch) -> None:
    """``stat`` says small (a file growing, or /proc), the read still stops at cap + 1."""
    path = tmp_path / "grows.txt"
    with open(path, "wb") as handle:
        handle.truncate(10_000_000)
    real_stat = os.stat

    def small(target, *args, **kwargs):
        info = real_stat(target, *args, **kwargs)
        return os.stat_result((info.st_mode, *info[1:6], 5, *info[7:]))

    asked: list[int] = []
    real_fdopen = os.fdopen

    def counting(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        read = handle.read
        handle.read = lambda n=-1: (asked.append(n), read(n))[1]
        return handle

    monkeypatch.setattr(safefile.os, "stat", small)
    monkeypatch.setattr(safefile.os, "fdopen", counting)
    with pytest.raises(FileRefused, match="or more; the limit is 100"):
        read_capped(path, 100)
    assert asked == [101]


def test_an_oversized_story_file_names_the_cap(copy_pack, run_cli) -> None:
    folder = copy_pack("mistake_base")
    with open(folder / "story.yaml", "r+b") as handle:
        handle.truncate(MAX_YAML_BYTES + 1)
    result = run_cli("check", folder)
    assert result.code == 1
    assert f"story.yaml:1:1: error: file is {MAX_YAML_BYTES + 1:,} bytes; the limit is {MAX_YAML_BYTES:,}" in result.out


def test_schema_refuses_to_write_through_a_symlink(tmp_path: Path, run_cli) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "chapter.schema.json").symlink_to(victim)
    result = run_cli("schema", pack)
    assert result.code == 1
    assert "chapter.schema.json: it is a symlink; refusing to write through it" in result.err
    assert victim.read_text("utf-8") == "keep me"


def test_guide_out_refuses_a_symlink(tmp_path: Path, run_cli) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / "guide.md"
    out.symlink_to(victim)
    result = run_cli("guide", "--out", out)
    assert result.code == 1
    assert "it is a symlink; refusing to write through it" in result.err
    assert victim.read_text("utf-8") == "keep me"


def test_export_refuses_a_symlink_in_the_folder(tmp_path: Path) -> None:
    from game.classroom.exports import MARKDOWN_FILE, export_session
    from game.classroom.autoplay import autoplay_session
    from game.core.loader import load_story_or_raise
    from game.paths import default_story_dir

    victim = tmp_path / "victim.md"
    victim.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / MARKDOWN_FILE).symlink_to(victim)
    session = autoplay_session(load_story_or_raise(default_story_dir()), seed=1)
    with pytest.raises(FileRefused, match=f"^{MARKDOWN_FILE}: it is a symlink"):  # names the file, not only the folder
        export_session(session, folder)
    assert victim.read_text("utf-8") == "keep me"


def test_schema_never_writes_through_a_hard_link(tmp_path: Path, run_cli) -> None:
    """A hard link in the pack shares its file with a name outside it: the write replaces
    the pack's name with a new file instead of writing into the shared one."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    os.link(victim, pack / "chapter.schema.json")
    result = run_cli("schema", pack)
    assert result.code == 0, result.err
    assert victim.read_text("utf-8") == "keep me"
    assert (pack / "chapter.schema.json").read_text("utf-8").startswith("{")
    assert not list(pack.glob(".*.tmp"))  # nothing left beside it


def test_classroom_export_to_an_unwritable_folder_exits(tmp_path: Path) -> None:
    """It pressed Export again on every frame, forever; now it says why and exits 1."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = _cli("classroom", "--headless", "--autoplay", "1", "--seed", "1", "--export", blocker / "out")
    assert result.returncode == 1
    assert "error: cannot export to" in result.stderr
    assert "Traceback" not in result.stderr
