"""Fixtures for the classroom tests (the helpers themselves live in ``classroom_helpers``)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterator

import pytest
from classroom_helpers import STORY_DIR, FakeClock, HtmlCheck, Played, check_html, load_fixture, play_scripted

from game.core.model import StoryData


@pytest.fixture(scope="session")
def story_dir() -> Path:
    return STORY_DIR


@pytest.fixture(scope="session")
def classroom_story() -> StoryData:
    return load_fixture()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def played(classroom_story: StoryData, clock: FakeClock) -> Played:
    return play_scripted(classroom_story, clock)


@pytest.fixture
def story_copy(tmp_path: Path) -> Callable[[], Path]:
    """A copy of the fixture story (source file included) that a test may edit."""

    def copy() -> Path:
        target = tmp_path / "story"
        shutil.copytree(STORY_DIR, target)
        return target

    return copy


@pytest.fixture
def player_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A player folder of the test's own for the tests that open the real screens, so a
    lesson or autosave of one test is never offered to the next; the window is closed
    after it. Not autouse: the headless tests have no window and need no pygame."""
    home = tmp_path / "home"
    monkeypatch.setenv("BUDAPEST1956_HOME", str(home))
    yield home
    import pygame  # only once a screen test has run: importing it here would load SDL for all

    if pygame.display.get_init():
        pygame.key.stop_text_input()
        pygame.display.quit()


@pytest.fixture(scope="session")
def html_check() -> Callable[[str], HtmlCheck]:
    return check_html
