"""The properties the architecture promises: a headless core, author text as data only."""

from __future__ import annotations


import ast
import importlib
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


def test_no_core_module_imports_pygame() -> None:
    """Each core module imported in turn, in one fresh interpreter, pygame looked for
    after each (one process for all: a process per module cost the suite 4 s)."""
    result = _run_python(
        "import importlib, sys\n"
        f"for module in {CORE_MODULES!r}:\n"
        "    importlib.import_module(module)\n"
        "    assert 'pygame' not in sys.modules, module\n"
    )
    assert result.returncode == 0, result.stderr
    assert len(CORE_MODULES) > 10


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


#: The one module that may unpickle, and why: the compiled cache (issue 13) reads back a
#: story the game itself wrote to the player's cache folder, through an unpickler that
#: can build only the story's data classes (tested below and in test_core_compiledcache).
PICKLE_ALLOWED = {"game/core/compiledcache.py"}


def test_no_module_runs_text_as_code_or_unpickles() -> None:
    files = sorted(GAME_DIR.rglob("*.py"))
    assert len(files) > 10
    problems = [
        problem for path in files for problem in _violations(path)
        if not (str(path.relative_to(GAME_DIR.parent)) in PICKLE_ALLOWED and "pickle" in problem.split(": ", 1)[1])
    ]
    assert problems == []


def test_the_one_unpickler_builds_only_story_data() -> None:
    """Its allowlist names classes of the game's own data and pathlib's paths: nothing
    callable that could reach code (no builtins, os, subprocess, getattr...)."""
    from game.core import compiledcache

    assert compiledcache.ALLOWED
    for module, name in compiledcache.ALLOWED:
        assert module.startswith("game.core.") or module == "pathlib", (module, name)
        assert "." not in name, (module, name)
        assert isinstance(getattr(importlib.import_module(module), name), type), (module, name)


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


# ---------------------------------------------------------------------- layers and circles
# The import graph of game/ read from the source (AST), so an import inside a function
# counts as much as one at the top: a lazy import hides a dependency from Python's start-up,
# not from the design. Importing ``game.a.b`` also runs ``game/a/__init__.py``, so a module
# depends on each package above what it imports (except the packages it lives in itself,
# which Python has run already before it).

#: what the headless core must never import, and what the pygame front end must never import
CORE_MUST_NOT_IMPORT = ("game.ui", "game.classroom", "game.tools", "game.cli")
UI_MUST_NOT_IMPORT = ("game.cli",)
#: screens lead to each other by route name (game/ui/routes.py), so a screen module imports
#: no other screen module; the one exception is a subclass importing the screen it extends
SCREEN_PARENTS = {"game.classroom.screens": {"game.ui.screens.story"}}

Graph = dict[str, dict[str, str]]  # module -> {module it imports: "path:line" of the first import}


def _module_names(package_dir: Path) -> dict[str, Path]:
    root = package_dir.parent
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def import_graph(package_dir: Path) -> Graph:
    """Every module of the package and the package's modules it imports, anywhere in its code."""
    modules = _module_names(package_dir)
    root = package_dir.parent
    graph: Graph = {}
    for me, path in modules.items():
        here = me if path.name == "__init__.py" else me.rpartition(".")[0]
        edges: dict[str, str] = {}
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                wanted = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")
                    parts = parts[: len(parts) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                wanted = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                          for alias in node.names]
            else:
                continue
            for name in wanted:
                while name and name not in modules:  # game.core.story.Story -> game.core.story
                    name = name.rpartition(".")[0]
                while name:  # the module, then each package above it that ``me`` is not inside
                    if name != me and not _within(me, name):
                        edges.setdefault(name, f"{path.relative_to(root)}:{node.lineno}")
                    name = name.rpartition(".")[0]
        graph[me] = edges
    return graph


def import_circles(graph: Graph) -> list[list[str]]:
    """One circle ``[a, b, ..., a]`` for each group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph.get(module, {}):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = set()
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.add(other)
                if other == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            visit(module)
    circles = []
    for group in groups:  # the shortest way from the group's first module back to itself
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        circle: list[str] = []
        while queue and not circle:
            module = queue.pop(0)
            for other in sorted(graph[module]):
                if other == start:
                    circle = paths[module] + [start]
                    break
                if other in group and other not in paths:
                    paths[other] = paths[module] + [other]
                    queue.append(other)
        circles.append(circle)
    return sorted(circles)


def describe_circle(graph: Graph, circle: list[str]) -> str:
    """``a -> b (game/a.py:3) -> a (game/b.py:9)``: each step with the line that makes it."""
    steps = [circle[0]] + [f"{b} ({graph[a][b]})" for a, b in zip(circle, circle[1:])]
    return "import circle: " + " -> ".join(steps)


def layer_breaks(graph: Graph, layer: str, forbidden: tuple[str, ...]) -> list[str]:
    """``game.core.x -> game.ui.y (game/core/x.py:12)`` for each import across the line."""
    return [
        f"{module} -> {other} ({where})"
        for module, edges in sorted(graph.items()) if _within(module, layer)
        for other, where in sorted(edges.items()) if any(_within(other, f) for f in forbidden)
    ]


def screens_importing_screens(graph: Graph) -> list[str]:
    """Screen modules that import another screen module instead of naming a route."""
    screens = {m for m in graph if m.startswith("game.ui.screens.") and m != "game.ui.screens.base"}
    screens |= set(SCREEN_PARENTS) & set(graph)
    return [
        f"{module} -> {other} ({where})"
        for module in sorted(screens)
        for other, where in sorted(graph[module].items())
        if (other in screens or other in ("game.ui.app", "game.ui.routes"))
        and other not in SCREEN_PARENTS.get(module, set())
    ]


@pytest.fixture(scope="module")
def game_graph() -> Graph:
    return import_graph(GAME_DIR)


def test_the_import_graph_sees_imports_inside_functions(game_graph: Graph) -> None:
    """The checks below mean something only if the graph is the real one, lazy imports included."""
    assert len(game_graph) > 40
    assert "game.ui.app" in game_graph["game.cli"]  # imported inside _run_desktop only
    assert "game.core.startvalues" in game_graph["game.cli"]  # likewise, inside cmd_play
    assert "game.ui.screens.title" in game_graph["game.ui.routes"]
    assert "game.core.startvalues" in game_graph["game.ui.app"]


def test_the_core_imports_nothing_above_it(game_graph: Graph) -> None:
    breaks = layer_breaks(game_graph, "game.core", CORE_MUST_NOT_IMPORT)
    assert not breaks, "the headless core imports a shell around it:\n" + "\n".join(breaks)


def test_the_front_end_never_imports_the_command_line(game_graph: Graph) -> None:
    breaks = layer_breaks(game_graph, "game.ui", UI_MUST_NOT_IMPORT)
    assert not breaks, ("the pygame front end imports the command line (put what both need in "
                        "game.core):\n" + "\n".join(breaks))


def test_there_is_no_import_circle_anywhere(game_graph: Graph) -> None:
    circles = [describe_circle(game_graph, circle) for circle in import_circles(game_graph)]
    assert not circles, "\n".join(circles)


def test_screens_name_where_they_lead_instead_of_importing_it(game_graph: Graph) -> None:
    found = screens_importing_screens(game_graph)
    assert not found, ("a screen imports another screen; push it by its route name "
                       "(game/ui/routes.py) instead:\n" + "\n".join(found))


def test_every_screen_is_routed(game_graph: Graph) -> None:
    """A screen missing from the route table could only be reached by importing it."""
    from game.ui.routes import ROUTES, screen_class
    from game.ui.screens.base import Screen

    routed = {screen_class(route) for route in ROUTES}
    modules = [m for m in game_graph if m.startswith("game.ui.screens.") or m == "game.classroom.screens"]
    screens = set()
    for name in modules:
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        screens |= {value for value in vars(module).values()
                    if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == name
                    and value.__dict__.get("name") not in (None, "screen")}
    assert len(screens) > 15
    assert sorted(s.__qualname__ for s in screens - routed) == []


def _write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root / "game"


def test_the_layer_checks_can_fail(tmp_path: Path) -> None:
    """Each check above finds what it exists for, in a small package made to break them."""
    package = _write_package(tmp_path, {
        "game/__init__.py": "",
        "game/cli.py": "def main():\n    from .ui.app import run\n",
        "game/core/__init__.py": "",
        "game/core/story.py": "import json\n\ndef hint():\n    from ..classroom import session\n",
        "game/core/model.py": "from .story import hint\n",  # inside the core: fine
        "game/classroom/__init__.py": "from .session import x\n",
        "game/classroom/session.py": "from ..core.model import hint\nx = 1\n",  # up into the core: fine
        "game/ui/__init__.py": "",
        "game/ui/app.py": "def run():\n    from ..cli import main\n",
        "game/ui/screens/__init__.py": "",
        "game/ui/screens/base.py": "",
        "game/ui/screens/title.py": "from .base import *\n\ndef go():\n    from . import pause\n",
        "game/ui/screens/pause.py": "from .base import *\n\ndef go():\n    from .title import go\n",
    })
    graph = import_graph(package)
    assert graph["game.ui.screens.title"] == {"game.ui.screens.base": "game/ui/screens/title.py:1",
                                              "game.ui.screens.pause": "game/ui/screens/title.py:4"}
    assert layer_breaks(graph, "game.core", CORE_MUST_NOT_IMPORT) == [
        "game.core.story -> game.classroom (game/core/story.py:4)",
        "game.core.story -> game.classroom.session (game/core/story.py:4)",
    ]
    assert layer_breaks(graph, "game.ui", UI_MUST_NOT_IMPORT) == ["game.ui.app -> game.cli (game/ui/app.py:2)"]
    circles = import_circles(graph)
    assert circles == [
        # the core's lazy import closes a circle: classroom -> core -> classroom
        ["game.classroom", "game.classroom.session", "game.core.model", "game.core.story", "game.classroom"],
        ["game.cli", "game.ui.app", "game.cli"],
        ["game.ui.screens.pause", "game.ui.screens.title", "game.ui.screens.pause"],
    ]
    assert describe_circle(graph, circles[1]) == (
        "import circle: game.cli -> game.ui.app (game/cli.py:2) -> game.cli (game/ui/app.py:2)")
    assert screens_importing_screens(graph) == [
        "game.ui.screens.pause -> game.ui.screens.title (game/ui/screens/pause.py:4)",
        "game.ui.screens.title -> game.ui.screens.pause (game/ui/screens/title.py:4)",
    ]


def test_a_circle_through_a_package_init_is_found(tmp_path: Path) -> None:
    """``from game.a.b import x`` runs ``game/a/__init__.py`` too: a circle may pass through it."""
    package = _write_package(tmp_path, {
        "game/__init__.py": "",
        "game/a/__init__.py": "from game.c import y\n",
        "game/a/b.py": "x = 1\n",
        "game/c.py": "def f():\n    from game.a.b import x\ny = 2\n",
    })
    graph = import_graph(package)
    assert import_circles(graph) == [["game.a", "game.c", "game.a"]]
