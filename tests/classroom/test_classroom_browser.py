"""The exported session page and the teacher's guide, rendered by a real browser.

Runs where Debian's Chromium is installed (``apt-get install chromium``) and is skipped,
saying so, where it is not: CI machines do not have it. It checks that the page renders to
a screenshot with real content on it; a person still looks at the screenshots.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402  (only to read the PNG back)

from classroom_helpers import FakeClock, load_fixture, play_scripted  # noqa: E402
from game.classroom.exports import export_session  # noqa: E402
from game.classroom.guide import build_guide, guide_html  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def screenshot(page: Path, out: Path, profile: Path) -> Path:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=1100,1400", f"--screenshot={out}", page.as_uri()],
        check=True, capture_output=True, timeout=90,
    )
    return out


def ink(png: Path) -> float:
    """Share of the page's pixels that are not the white background."""
    image = pygame.image.load(str(png))
    width, height = image.get_size()
    dark = sum(1 for x in range(0, width, 7) for y in range(0, height, 7) if sum(image.get_at((x, y))[:3]) < 600)
    return dark / ((width // 7 + 1) * (height // 7 + 1))


def test_the_session_page_renders_in_chromium(tmp_path: Path) -> None:
    played = play_scripted(load_fixture(), FakeClock())
    files = export_session(played.session, tmp_path / "export")
    shot = screenshot(files["html"], tmp_path / "session.png", tmp_path / "profile-a")
    assert shot.stat().st_size > 10_000
    assert 0.01 < ink(shot) < 0.6  # text on a white page: neither blank nor a wall of colour


def test_the_guide_renders_in_chromium(tmp_path: Path) -> None:
    page = tmp_path / "guide.html"
    page.write_text(guide_html(build_guide(load_fixture())), encoding="utf-8")
    shot = screenshot(page, tmp_path / "guide.png", tmp_path / "profile-b")
    assert 0.01 < ink(shot) < 0.6
