"""``budapest1956-bundle``: build the one-folder app for classrooms without Python.

PyInstaller does not cross-compile, so this builds for the machine it runs on; a teacher
gets a Windows or macOS build by running the same command there. Everything the bundle
holds is decided by the checked-in spec beside this module (budapest1956.spec); this
command only runs it with folders of the caller's choosing and says where the result is,
how big it is and how long it took, so a teacher knows what they are about to copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

SPEC = Path(__file__).resolve().with_name("budapest1956.spec")
NAME = "budapest1956"


def executable(folder: Path) -> Path:
    """The program inside a built bundle folder, spelled as this platform spells it."""
    return folder / (f"{NAME}.exe" if os.name == "nt" else NAME)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def build(dist: Path, work: Path, *, quiet: bool = True) -> Path:
    """Run PyInstaller on the spec; the bundle folder it made. Raises SystemExit with a
    message (not a traceback) when PyInstaller is missing or the build fails."""
    try:
        import PyInstaller.__main__ as pyinstaller
    except ImportError:
        raise SystemExit(
            "error: building the bundle needs PyInstaller: pip install 'budapest1956[bundle]' "
            "(or, in a checkout, pip install -e '.[bundle]')"
        ) from None
    arguments = [str(SPEC), "--noconfirm", "--distpath", str(dist), "--workpath", str(work)]
    if quiet:  # a teacher needs the result, not PyInstaller's notes on Windows DLLs it looked for
        arguments += ["--log-level", "ERROR"]
        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # PyInstaller's helper processes import pygame
    try:
        pyinstaller.run(arguments)
    except SystemExit as stop:
        if stop.code not in (None, 0):
            raise SystemExit(stop.code if isinstance(stop.code, str) else f"error: PyInstaller failed ({stop.code})") from None
    folder = dist / NAME
    if not executable(folder).is_file():
        raise SystemExit(f"error: PyInstaller finished but {executable(folder)} is missing")
    return folder


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="budapest1956-bundle",
        description="Build Budapest 1956 as one folder that runs without Python, for this "
                    "operating system (build on Windows or macOS for those).",
    )
    parser.add_argument("--dist", type=Path, default=Path("dist"), metavar="DIR",
                        help="where the bundle folder goes (default: dist/, giving dist/budapest1956/)")
    parser.add_argument("--work", type=Path, default=Path("build") / "bundle", metavar="DIR",
                        help="PyInstaller's working folder (default: build/bundle/)")
    parser.add_argument("--zip", action="store_true", help="also pack the folder into one .zip to share")
    parser.add_argument("--verbose", action="store_true", help="show PyInstaller's full log")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    started = time.monotonic()
    try:
        folder = build(args.dist, args.work, quiet=not args.verbose)
    except SystemExit as stop:
        print(stop.code, file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(f"bundle: {folder.resolve()} ({folder_size(folder) / 1e6:.0f} MB, built in {elapsed:.0f} s)")
    print(f"run it: {executable(folder).resolve()}")
    if args.zip:
        archive = Path(shutil.make_archive(str(folder), "zip", root_dir=folder.parent, base_dir=folder.name))
        print(f"zip to share: {archive.resolve()} ({archive.stat().st_size / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
