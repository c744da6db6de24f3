"""Finding the third-party clients (Graphviz, mermaid-cli, the Nu checker, axe-core) for the
tests that run them.

A plain ``pytest`` skips a client test with the reason when its client is missing, so the
suite works on any machine; ``.ci/clients`` installs them and sets BUDAPEST1956_CLIENTS=1,
under which a missing client is a failure, so CI can never pass by skipping."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRED = os.environ.get("BUDAPEST1956_CLIENTS") == "1"
# Where .ci/clients puts the npm packages; a developer may point it elsewhere.
NPM_PREFIX = Path(os.environ.get("BUDAPEST1956_NPM_PREFIX", "/tmp/budapest1956-clients"))


def missing(reason: str) -> None:
    """Skip, or fail when CI asked for every client."""
    if REQUIRED:
        pytest.fail(f"client missing under BUDAPEST1956_CLIENTS=1: {reason}")
    pytest.skip(reason)


def program(name: str, install: str) -> str:
    """The path of a program on PATH, else skip/fail saying how to install it."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed ({install})")
    assert found is not None
    return found


def npm_file(relative: str, package: str) -> Path:
    """A file of an npm package installed under NPM_PREFIX."""
    path = NPM_PREFIX / "node_modules" / relative
    if not path.exists():
        missing(f"{path} not found (npm install --prefix {NPM_PREFIX} {package})")
    return path


def chromium() -> str:
    return program("chromium", "apt-get install -y chromium")
