"""Build hook: the wheel carries the story, the fonts and the source inside the package.

The repository keeps ``scenes/`` and ``assets/`` at its top level (the layout the project
was asked for), but an installed package can only find files that live inside it. So the
wheel gets a copy under ``game/_shipped/`` (see game/paths.py, the one lookup).

Why a hook and not pyproject's ``package-dir``/``package-data``: mapping the top-level
folders to ``game._shipped.*`` packages would also change what an editable install maps
(setuptools' editable finder would then serve ``game/_shipped`` from the checkout, a
second lookup path to keep right), and it needs ``__init__.py`` files in ``scenes/`` and
``assets/``. A copy made only when a real wheel is built leaves the checkout and the
editable install exactly as they are. MANIFEST.in puts the same folders into the sdist,
so a wheel built from the sdist holds the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent

#: (folder in the checkout, folder under game/_shipped/, file patterns shipped)
SHIPPED = (
    ("scenes", "scenes", ("*.yaml", "*.schema.json", "README.md")),
    ("assets/fonts", "assets/fonts", ("*.ttf", "LICENSE-*.txt", "README.md")),
    ("scenes/sources", "scenes/sources", ("*.txt",)),
)


class build_py_with_story(build_py):
    """build_py that also copies the shipped story and assets into game/_shipped/."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # the checkout's own folders serve it
            return
        target = Path(self.build_lib) / "game" / "_shipped"
        shutil.rmtree(target, ignore_errors=True)
        for source, destination, patterns in SHIPPED:
            folder = HERE / source
            files = sorted({path for pattern in patterns for path in folder.glob(pattern) if path.is_file()})
            if not files:
                raise SystemExit(f"error: nothing to ship in {folder} (is this a full checkout or sdist?)")
            (target / destination).mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copy2(path, target / destination / path.name)


setup(cmdclass={"build_py": build_py_with_story})
