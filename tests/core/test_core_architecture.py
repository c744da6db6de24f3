"""The properties the architecture promises: a headless core, author text as data only."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import game
import game.core

GAME_DIR = Path(game.__file__).resolve().parent
CORE_MODULES = sorted(m.name for m in pkgutil.iter_modules(game.core.__path__, "game.core."))


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_core_has_its_modules() -> None:
    for name in ("loader", "validate", "expressions", "sources", "machine", "story", "saves", "yamlread",
                 "diagnostics", "model", "schema", "explore", "export"):
        assert f"game.core.{name}" in CORE_MODULES


def test_importing_the_core_imports_neither_pygame_nor_argparse() -> None:
    imports = "; ".join(f"import {name}" for name in ["game.core", *CORE_MODULES])
    result = _run_python(
        f"{imports}; import sys; "
        "assert 'pygame' not in sys.modules, 'pygame'; assert 'argparse' not in sys.modules, 'argparse'"
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", CORE_MODULES)
def test_each_core_module_alone_does_not_import_pygame(module: str) -> None:
    result = _run_python(f"import {module}; import sys; assert 'pygame' not in sys.modules")
    assert result.returncode == 0, result.stderr


def test_the_authoring_tools_do_not_import_pygame(fixtures: Path) -> None:
    clean = str(fixtures / "clean")
    result = _run_python(
        "import sys, io, contextlib; from game.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    for args in (['check', {clean!r}], ['sources', {clean!r}], ['graph', {clean!r}], "
        f"['export', {clean!r}], ['explore', {clean!r}]):\n"
        "        assert main(args) == 0, args\n"
        "assert 'pygame' not in sys.modules"
    )
    assert result.returncode == 0, result.stderr


def test_the_core_never_prints() -> None:
    for path in sorted((GAME_DIR / "core").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "print", f"{path.name}:{node.lineno} prints"


FORBIDDEN_CALLS = {"eval", "exec"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "shelve", "dill", "marshal"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "unsafe_load_all", "full_load", "full_load_all"}


def _violations(path: Path, root: Path = GAME_DIR.parent) -> list[str]:
    """Code (not comments or docstrings) that runs text as code or unpickles it."""
    found = []
    tree = ast.parse(path.read_text("utf-8"), str(path))
    for node in ast.walk(tree):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{where}: {node.func.id}(")
        if isinstance(node, ast.Import):
            found += [f"{where}: import {a.name}" for a in node.names if a.name.split(".")[0] in FORBIDDEN_MODULES]
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in FORBIDDEN_MODULES:
            found.append(f"{where}: from {node.module} import")
        if isinstance(node, ast.ImportFrom) and node.module == "yaml":
            found += [f"{where}: from yaml import {a.name}" for a in node.names if a.name in UNSAFE_YAML]
        if isinstance(node, ast.Name) and node.id in FORBIDDEN_MODULES:
            found.append(f"{where}: {node.id}")
        if (
            isinstance(node, ast.Attribute) and node.attr in UNSAFE_YAML
            and isinstance(node.value, ast.Name) and node.value.id == "yaml"
        ):
            found.append(f"{where}: yaml.{node.attr}(")
    return found


def test_no_module_runs_text_as_code_or_unpickles() -> None:
    files = sorted(GAME_DIR.rglob("*.py"))
    assert len(files) > 10
    problems = [problem for path in files for problem in _violations(path)]
    assert problems == []


def test_the_checker_itself_finds_violations(tmp_path: Path) -> None:
    """The check above is only worth something if it can fail."""
    copy = tmp_path / "game" / "core" / "bad.py"
    copy.parent.mkdir(parents=True)
    copy.write_text(
        "import pickle\nimport yaml\n# eval( in a comment is fine\nx = eval('1')\nyaml.load('a')\n"
        "from yaml import unsafe_load\n", "utf-8",
    )
    found = _violations(copy, tmp_path)
    assert any("import pickle" in f for f in found)
    assert any("eval(" in f for f in found)
    assert any("yaml.load(" in f for f in found)
    assert any("unsafe_load" in f for f in found)
    assert not any(":3:" in f for f in found)  # the comment is not code


def test_the_sdl_drivers_are_dummies_in_tests() -> None:
    import os

    assert os.environ["SDL_VIDEODRIVER"] == "dummy"
    assert os.environ["SDL_AUDIODRIVER"] == "dummy"
