"""What authors use: --scene and --set to start anywhere, F5 to reload the YAML, and
--watch to reload when a file changes, showing the checker's errors instead of crashing."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pygame


def edit(path: Path, old: str, new: str) -> None:
    """Change a story file and move its modification time clearly forward."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))


def poll_now(game) -> None:
    game.app._watch_checked = time.monotonic() - 60  # the last look was long ago
    game.app._watch_poll()


def test_scene_and_set_start_the_game_there(make_game):
    game = make_game("--scene", "student_rally", "--set", "courage=1", "--set", "hurt=true")
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert game.story.variables["hurt"] is True
    assert game.story.path == ["student_rally"]
    assert game.top.menu.items[1].enabled  # the march is open with courage 1
    shown = game.draw()
    assert "The rally" in shown
    game.choose(2)
    assert game.scene == "student_radio"


def test_perspective_alone_starts_at_its_first_scene(make_game):
    game = make_game("--perspective", "student")
    assert game.scene == "student_morning"


def test_bad_start_options_are_shown_and_the_title_stays(make_game):
    for args, message in ((("--set", "courage=lots"), "variable 'courage' is a number; 'lots' is not"),
                          (("--set", "couraeg=1"), "unknown variable 'couraeg'"),
                          (("--scene", "student_nowhere"), "unknown scene 'student_nowhere'"),
                          (("--perspective", "worker"), "unknown perspective 'worker'")):
        game = make_game(*args)
        assert game.stack_names() == ["TitleScreen"], args
        assert message in game.app.toast_text
        assert message in game.draw()


def test_f5_reloads_and_stays_on_the_current_scene(make_game, story_copy: Path):
    game = make_game(story=story_copy)
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    edit(story_copy / "student.yaml", "title: The rally", "title: The great rally")
    game.key(pygame.K_F5)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert len(game.story.history) == 1
    assert game.app.toast_text == "Story reloaded."
    shown = game.draw()
    assert "The great rally" in shown
    game.key(pygame.K_BACKSPACE)  # the history survived the reload
    assert game.scene == "student_morning"


def test_f5_on_the_title_screen(make_game):
    game = make_game()
    game.key(pygame.K_F5)
    assert game.stack_names() == ["TitleScreen"]
    assert game.app.toast_text == "Story reloaded."


def test_f5_with_a_broken_file_shows_the_errors_and_f5_again_recovers(make_game, story_copy: Path, broken_story):
    game = make_game(story=story_copy)
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(2)
    line = broken_story(story_copy)
    game.key(pygame.K_F5)
    assert type(game.top).__name__ == "DiagnosticsScreen"
    shown = game.draw()
    assert f"student.yaml:{line}:" in shown
    edit(story_copy / "student.yaml", "goto: student_nowhere", "goto: student_home")
    game.key(pygame.K_F5)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"


def test_reloading_when_the_current_scene_is_gone_goes_to_the_title(make_game, story_copy: Path):
    game = make_game("--scene", "student_radio", story=story_copy)
    path = story_copy / "student.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("student_radio", "student_radio_2"), encoding="utf-8")
    game.key(pygame.K_F5)
    assert game.stack_names() == ["TitleScreen"]
    assert game.app.story is None
    assert "the current scene is gone" in game.app.toast_text


def test_watch_picks_up_an_edit(make_game, story_copy: Path):
    game = make_game("--watch", story=story_copy)
    assert game.app.options.watch
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    poll_now(game)  # the first look only notes the files' times
    assert game.app.toast_text == ""
    poll_now(game)  # nothing changed: nothing happens
    assert game.app.toast_text == ""

    edit(story_copy / "student.yaml", "The crowd is bigger than anyone said it would be.",
         "The crowd fills the square from wall to wall.")
    game.app._watch_checked = time.monotonic() + 60  # looked just now: the next look waits
    game.app._watch_poll()
    assert "The crowd fills the square" not in game.draw()
    poll_now(game)
    assert game.app.toast_text == "Story reloaded."
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert "The crowd fills the square from wall to wall." in game.draw()


def test_watch_shows_a_broken_edit_with_path_and_line(make_game, story_copy: Path, broken_story):
    game = make_game("--watch", story=story_copy)
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    poll_now(game)
    line = broken_story(story_copy)
    path = story_copy / "student.yaml"
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))
    poll_now(game)
    assert type(game.top).__name__ == "DiagnosticsScreen"
    shown = game.draw()
    assert f"student.yaml:{line}:" in shown
    assert "student_nowhere" in shown
    # a YAML syntax error is shown the same way
    edit(path, "goto: student_nowhere", "goto: [student_home")
    poll_now(game)
    assert type(game.top).__name__ == "DiagnosticsScreen"
    shown = game.draw()
    assert "student.yaml:" in shown and "error" in shown
    # and the fix brings the story back, on the same scene
    edit(path, "goto: [student_home", "goto: student_home")
    poll_now(game)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
