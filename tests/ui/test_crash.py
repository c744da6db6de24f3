"""An unexpected error: the game writes error.log in the player folder, shows the error
screen, and "Return to the last autosave" puts the player back where the autosave is.

These tests use the App's own crash handler (``strict=False``)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.screens.story import StoryScreen


def break_draw_once(monkeypatch: pytest.MonkeyPatch, message: str = "paint spilled") -> list[int]:
    calls = [0]
    original = StoryScreen.draw

    def draw(self, surface):
        calls[0] += 1
        if calls[0] == 1:
            raise RuntimeError(message)
        return original(self, surface)

    monkeypatch.setattr(StoryScreen, "draw", draw)
    return calls


def test_a_draw_error_is_logged_shown_and_the_autosave_restores(make_game, monkeypatch, ui_home: Path):
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    assert game.scene == "student_rally"  # the autosave is here now
    game.story.choose(0)  # a step the autosave never saw (the error struck before it)
    assert game.scene == "student_home"

    break_draw_once(monkeypatch)
    game.draw()
    assert type(game.top).__name__ == "ErrorScreen"
    log = ui_home / "error.log"
    assert log.is_file()
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: paint spilled" in text
    assert text.startswith("--- ")
    shown = game.draw()  # the story underneath draws again, the error screen over it
    assert "Something went wrong" in shown
    assert "RuntimeError: paint spilled" in shown
    assert "Return to the last autosave" in shown

    game.key(pygame.K_RETURN)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert len(game.story.history) == 1
    assert "The rally" in game.draw()


def test_an_error_while_handling_a_key_shows_the_error_screen(make_game, monkeypatch, ui_home: Path):
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)

    def choose(self, index):
        raise KeyError("no such thing")

    monkeypatch.setattr(StoryScreen, "choose", choose)
    game.choose(1)
    assert type(game.top).__name__ == "ErrorScreen"
    assert "KeyError" in (ui_home / "error.log").read_text(encoding="utf-8")
    assert game.scene == "student_morning"
    game.key(pygame.K_t)  # back to the title screen
    assert game.stack_names() == ["TitleScreen"]
    assert "New game" in game.draw()
    assert game.app.running


def test_return_to_autosave_without_an_autosave_goes_to_the_title_and_says_why(make_game, monkeypatch):
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)  # no choice made: no autosave yet
    assert game.app.saves.playthroughs() == []
    break_draw_once(monkeypatch)
    game.draw()
    game.key(pygame.K_RETURN)
    assert game.stack_names() == ["TitleScreen", "MessageScreen"]
    assert "No autosave yet" in game.draw()
    game.key(pygame.K_RETURN)
    assert game.stack_names() == ["TitleScreen"]
    assert "New game" in game.draw()


def test_a_second_error_replaces_the_first_error_screen(make_game, monkeypatch):
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)
    calls = break_draw_once(monkeypatch)
    game.draw()
    calls[0] = 0  # break it once more
    game.draw()
    assert [name for name in game.stack_names() if name == "ErrorScreen"] == ["ErrorScreen"]


def test_an_error_that_never_goes_away_stays_on_the_error_screen(make_game, monkeypatch, ui_home: Path):
    """The error screen is opaque, so a screen whose drawing always fails is not drawn
    again: the player sees the message once, the log has the error once, the game runs."""
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)

    def draw(self, surface):
        raise RuntimeError("always")

    monkeypatch.setattr(StoryScreen, "draw", draw)
    for _ in range(50):
        game.draw()
    assert game.app.running is True
    assert type(game.top).__name__ == "ErrorScreen"
    assert (ui_home / "error.log").read_text(encoding="utf-8").count("RuntimeError: always") == 1


def test_the_error_screen_is_shown_even_when_the_screen_beneath_keeps_failing(make_game, monkeypatch):
    game = make_game(strict=False)
    game.keys(pygame.K_n, pygame.K_1)

    def draw(self, surface):
        raise RuntimeError("always")

    monkeypatch.setattr(StoryScreen, "draw", draw)
    game.draw()
    assert type(game.top).__name__ == "ErrorScreen"
    frames = game.app.frames
    shown = game.draw()
    assert game.app.frames == frames + 1  # a frame was completed...
    assert "Something went wrong" in shown  # ...showing the error


def test_a_crash_in_a_lesson_returns_to_the_lesson_not_to_a_solo_autosave(make_game, monkeypatch):
    game = make_game(strict=False)
    game.key(pygame.K_n)  # a solo game first, so a solo autosave exists to be wrongly chosen
    game.key(pygame.K_1)
    game.choose(1)
    game.keys(pygame.K_ESCAPE, pygame.K_t)
    game.key(pygame.K_k)  # Classroom
    assert type(game.top).__name__ == "ClassroomSetupScreen"
    game.key(pygame.K_1)  # no lessons yet: the first point of view starts one
    assert type(game.top).__name__ == "ClassroomStoryScreen"
    game.key(pygame.K_2)  # the teacher decides without a vote
    class_scene = game.scene
    assert len(game.story.history) == 1
    if type(game.top).__name__ == "DebriefScreen":  # the chapter ended: the class talks first
        game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "ClassroomStoryScreen"
    break_draw_once(monkeypatch)
    game.draw()
    assert type(game.top).__name__ == "ErrorScreen"
    assert "Return to the lesson as last saved" in game.draw()
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "ClassroomStoryScreen"
    assert game.app.classroom is not None
    assert game.scene == class_scene
    assert len(game.story.history) == 1
    assert len(game.app.classroom.log.active_decisions) == 1  # the class's own log, from its file


def test_reloading_the_story_is_refused_during_a_lesson(make_game):
    game = make_game()
    game.key(pygame.K_k)
    game.key(pygame.K_1)
    story = game.story
    game.key(pygame.K_F5)
    assert game.story is story and type(game.top).__name__ == "ClassroomStoryScreen"
    assert "stop the lesson first" in game.app.toast_text
