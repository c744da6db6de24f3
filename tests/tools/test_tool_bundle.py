"""The PyInstaller bundle for classrooms without Python (issue 11).

The slow test builds the real bundle with the documented command, moves the folder
somewhere else (a teacher unzips it anywhere) and runs the bundled program from yet another
folder, as a teacher would: the first frame, one autoplay game, ``check`` and ``guide``.
It runs in the default suite when PyInstaller is installed (``pip install -e '.[bundle]'``;
about 15 s); ``.ci/bundle`` installs it and sets BUDAPEST1956_REQUIRE_BUNDLE so that a
missing PyInstaller fails there instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.tools import bundle

#: A hang guard only (a wedged build or game must not stall CI forever), never a verdict
GUARD_SECONDS = 600


def _require_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("BUDAPEST1956_REQUIRE_BUNDLE"):
            pytest.fail("PyInstaller is not installed: pip install -e '.[bundle]'")
        pytest.skip("PyInstaller is not installed (pip install -e '.[bundle]'); .ci/bundle runs this test")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundled program, built by the documented command and then moved to a folder
    whose name has a space and a Hungarian letter, away from where it was built. Removed
    afterwards: pytest keeps its last temporary folders, and each bundle is 75 MB."""
    _require_pyinstaller()
    root = tmp_path_factory.mktemp("bundle")
    built = subprocess.run(
        [sys.executable, "-m", "game.tools.bundle", "--dist", str(root / "dist"), "--work", str(root / "work")],
        cwd=root, capture_output=True, text=True, timeout=GUARD_SECONDS,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    folder = root / "dist" / "budapest1956"
    assert f"bundle: {folder.resolve()}" in built.stdout and " MB, built in " in built.stdout, built.stdout
    elsewhere = root / "Tanári gép" / "budapest1956"
    elsewhere.parent.mkdir()
    shutil.move(str(folder), str(elsewhere))
    shutil.rmtree(root / "work")
    yield bundle.executable(elsewhere)
    shutil.rmtree(root, ignore_errors=True)


def _run(program: Path, *arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run(
        [str(program), *arguments], cwd=cwd, env=environment,
        capture_output=True, text=True, encoding="utf-8", timeout=GUARD_SECONDS,
    )


@pytest.mark.slow
def test_the_bundle_plays_checks_and_teaches_from_anywhere(bundled: Path, tmp_path: Path) -> None:
    internal = next(path for path in bundled.parent.iterdir() if path.is_dir())
    shipped = internal / "game" / "_shipped"
    # the contract's layout, and nothing of the checkout's beside it to fall back on
    assert (shipped / "scenes" / "story.yaml").is_file()
    assert {"LICENSE-CharisSIL.txt", "LICENSE-EBGaramond.txt"} <= {p.name for p in (shipped / "assets" / "fonts").iterdir()}
    assert list((shipped / "scenes" / "sources").glob("*.txt"))
    assert not (shipped / "assets" / "screenshots").exists()
    assert not (internal / "scenes").exists() and not (internal / "assets").exists()

    classroom = tmp_path / "classroom"
    classroom.mkdir()

    first = _run(bundled, "--headless", "--quit-after", "0", "--screenshots", "first", cwd=classroom)
    assert first.returncode == 0, first.stderr
    assert "fonts are missing" not in first.stderr and "error" not in first.stderr.lower(), first.stderr
    assert [p.name for p in (classroom / "first").iterdir()] == ["0001_title.png"]

    game = _run(bundled, "--headless", "--autoplay", "1", "--seed", "3", "--screenshots", "game", cwd=classroom)
    assert game.returncode == 0, game.stderr
    shown = sorted(p.name for p in (classroom / "game").iterdir())
    assert any("_story_" in name for name in shown) and any("_ending_" in name for name in shown), shown

    check = _run(bundled, "check", cwd=classroom)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("0 errors") and " in 127 scenes" in check.stdout, check.stdout

    guide = _run(bundled, "guide", "--out", "x.html", cwd=classroom)
    assert guide.returncode == 0, guide.stderr
    html = (classroom / "x.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "Budapest 1956" in html


def test_without_pyinstaller_the_command_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "PyInstaller", None)  # import PyInstaller now raises ImportError
    monkeypatch.setitem(sys.modules, "PyInstaller.__main__", None)
    assert bundle.main(["--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work")]) == 1
    message = capsys.readouterr().err
    assert "needs PyInstaller" in message and "budapest1956[bundle]" in message and "Traceback" not in message


def test_zip_keeps_the_folder_and_the_programs_permission(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "dist" / "budapest1956"
    (folder / "_internal").mkdir(parents=True)
    program = bundle.executable(folder)
    program.write_bytes(b"#!/bin/sh\n")
    program.chmod(0o755)
    (folder / "_internal" / "story.yaml").write_text("title: x\n", encoding="utf-8")
    monkeypatch.setattr(bundle, "build", lambda dist, work, quiet=True: folder)

    assert bundle.main(["--dist", str(tmp_path / "dist"), "--zip"]) == 0
    archive = tmp_path / "dist" / "budapest1956.zip"
    assert f"zip to share: {archive.resolve()}" in capsys.readouterr().out
    with zipfile.ZipFile(archive) as packed:
        names = set(packed.namelist())
        assert {f"budapest1956/{program.name}", "budapest1956/_internal/story.yaml"} <= names
        if os.name != "nt":
            mode = packed.getinfo(f"budapest1956/{program.name}").external_attr >> 16
            assert mode & stat.S_IXUSR
