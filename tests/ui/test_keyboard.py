"""The whole game is playable from the keyboard: number keys, arrows and Enter, undo,
the source drawer, the journal and the pause menu."""

from __future__ import annotations

import json

import pygame
import pytest


def test_number_keys_play_from_the_title_to_an_ending(make_game):
    game = make_game()
    visited = []
    game.key(pygame.K_n)
    assert type(game.top).__name__ == "NewGameScreen"
    game.key(pygame.K_1)
    assert type(game.top).__name__ == "StoryScreen"
    visited.append(game.scene)
    game.choose(1)  # take the leaflets
    visited.append(game.scene)
    assert game.story.variables["courage"] == 1
    assert game.story.variables["student_kept_leaflets"] is True
    game.choose(2)  # march on the radio station: open now
    visited.append(game.scene)
    assert visited == ["student_morning", "student_rally", "student_radio"]
    assert game.story.path == visited
    assert game.story.is_ending
    shown = game.draw()
    assert "Continue: the epilogue" in shown
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "EndingScreen"
    shown = game.draw()
    assert "The radio station" in shown
    assert game.app.games_finished == 1


def test_arrows_and_enter_play_too(make_game):
    game = make_game()
    game.key(pygame.K_RETURN)  # "New game" has the focus
    game.key(pygame.K_RETURN)  # the only perspective
    assert game.scene == "student_morning"
    menu = game.top.menu
    assert not game.top.focus_shown  # nothing looks chosen before the player moves
    game.key(pygame.K_DOWN)  # the text fits the window: the first ↓ is at the first choice
    assert game.top.focus_shown and menu.focus == 0
    game.key(pygame.K_DOWN)
    assert game.top.menu.focus == 1
    game.key(pygame.K_UP)
    game.key(pygame.K_TAB)
    assert menu.focus == 1
    game.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert menu.focus == 0
    game.key(pygame.K_DOWN)
    game.key(pygame.K_RETURN)  # go empty-handed
    assert game.scene == "student_rally"
    assert game.story.variables["caution"] == 1
    # the march is closed: the arrows pass over it
    game.key(pygame.K_DOWN)
    assert game.top.menu.focus == 0
    game.key(pygame.K_UP)
    assert game.top.menu.focus == 0
    game.key(pygame.K_KP_ENTER)
    assert game.scene == "student_home"
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "EndingScreen"
    assert game.story.path == ["student_morning", "student_rally", "student_home"]


@pytest.mark.parametrize("key", [pygame.K_2, pygame.K_KP2, "click"])
def test_a_closed_choice_does_not_choose_and_says_why(make_game, key):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(2)
    assert game.scene == "student_rally"
    if key == "click":
        game.click(game.choice_pos(1))
    else:
        game.key(key)
    assert game.scene == "student_rally"
    assert len(game.story.history) == 1
    assert game.app.toast_text == "You are not ready to march yet."
    shown = game.draw()
    assert shown.count("You are not ready to march yet.") == 2  # under the choice and in the toast


def test_backspace_and_ctrl_z_undo_one_step_at_a_time(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1, 1)
    assert game.story.path == ["student_morning", "student_rally", "student_home"]
    game.key(pygame.K_BACKSPACE)
    assert game.scene == "student_rally"
    assert game.story.variables["courage"] == 1
    assert game.app.toast_text == "Stepped back one choice."
    game.key(pygame.K_z, mod=pygame.KMOD_CTRL)
    assert game.scene == "student_morning"
    assert game.story.variables["courage"] == 0
    assert game.story.variables["student_kept_leaflets"] is False
    assert not game.story.can_undo
    game.key(pygame.K_BACKSPACE)
    assert game.scene == "student_morning"
    assert game.app.toast_text == "This is the first scene: nothing to undo."
    game.key(pygame.K_z)  # a plain z is not undo
    assert game.scene == "student_morning"
    # the undo reached the autosave too
    autosave = json.loads(game.app.saves.playthrough("student").newest.path.read_text(encoding="utf-8"))
    assert autosave["scene"] == "student_morning" and autosave["history"] == []
    # and the player can go on choosing after undoing
    game.choose(2)
    assert game.scene == "student_rally"


def test_s_opens_the_drawer_and_arrows_page_the_citations(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1, pygame.K_s)
    drawer = game.top
    assert type(drawer).__name__ == "SourceDrawer"
    assert len(drawer.citations) == 2
    assert "Citation 1 of 2" in game.draw()
    game.key(pygame.K_RIGHT)
    assert drawer.index == 1
    shown = game.draw()
    assert "Citation 2 of 2" in shown
    assert "This prompted mass anti-Soviet demonstrations in October 1956." in shown
    game.key(pygame.K_RIGHT)  # already the last
    assert drawer.index == 1
    game.key(pygame.K_LEFT)
    assert drawer.index == 0
    game.key(pygame.K_LEFT)
    assert drawer.index == 0
    game.key(pygame.K_2)
    assert drawer.index == 1
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"
    game.key(pygame.K_s)
    game.key(pygame.K_s)  # S closes it again
    assert type(game.top).__name__ == "StoryScreen"
    assert game.scene == "student_morning"


def test_j_opens_and_closes_the_journal(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.choose(1)
    game.key(pygame.K_j)
    assert type(game.top).__name__ == "JournalScreen"
    assert "You chose: Take the bundle of leaflets your friends printed" in game.draw()
    game.key(pygame.K_j)
    assert type(game.top).__name__ == "StoryScreen"
    game.key(pygame.K_j)
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"
    assert game.scene == "student_rally"


def test_escape_opens_the_pause_menu_and_its_keys_work(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "PauseScreen"
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_r)  # resume
    assert type(game.top).__name__ == "StoryScreen"
    for key, screen in ((pygame.K_j, "JournalScreen"), (pygame.K_s, "SaveLoadScreen"), (pygame.K_l, "SaveLoadScreen"),
                        (pygame.K_o, "SourceDocumentScreen"), (pygame.K_e, "SettingsScreen")):
        game.key(pygame.K_ESCAPE)
        game.key(key)
        assert type(game.top).__name__ == screen
        game.draw()
        game.key(pygame.K_ESCAPE)
        assert type(game.top).__name__ == "PauseScreen", screen
        game.key(pygame.K_ESCAPE)
    game.choose(1)
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_t)  # title screen: the place is kept in the autosave
    assert game.stack_names() == ["TitleScreen"]
    assert "The rally" in game.draw()  # Continue shows where the autosave is
    game.key(pygame.K_q)
    assert game.app.running is False


def test_ctrl_s_and_f2_open_the_save_screen(make_game):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1)
    game.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    assert type(game.top).__name__ == "SaveLoadScreen" and game.top.saving
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_F2)
    assert type(game.top).__name__ == "SaveLoadScreen" and game.top.saving


def test_title_screen_letter_shortcuts(make_game):
    game = make_game()
    for key, screen in ((pygame.K_o, "SettingsScreen"), (pygame.K_a, "AboutScreen"),
                        (pygame.K_s, "SourceDocumentScreen"), (pygame.K_l, "SaveLoadScreen"),
                        (pygame.K_n, "NewGameScreen")):
        game.key(key)
        assert type(game.top).__name__ == screen
        game.draw()
        game.key(pygame.K_ESCAPE)
        assert game.stack_names() == ["TitleScreen"]
    game.key(pygame.K_c)  # Continue without an autosave: nothing happens but a note
    assert game.stack_names() == ["TitleScreen"]
    game.key(pygame.K_ESCAPE)  # the bottom of the stack: Esc does not quit
    assert game.app.running and game.stack_names() == ["TitleScreen"]


def test_ending_screen_ways_on(make_game, goto):
    game = make_game()
    goto(game, "ending")
    game.key(pygame.K_2)
    assert type(game.top).__name__ == "JournalScreen"
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_1)  # another point of view
    assert game.stack_names() == ["TitleScreen", "NewGameScreen"]
    game.key(pygame.K_1)
    assert game.scene == "student_morning" and game.story.history == []
    game.choose(1, 1)
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "EndingScreen"
    assert game.app.games_finished == 2
    game.key(pygame.K_ESCAPE)
    assert game.stack_names() == ["TitleScreen"]


KEYS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_BACKSPACE, pygame.K_RETURN, pygame.K_DOWN, pygame.K_UP]


def test_random_play_keeps_screen_story_and_autosave_in_step(make_game):
    """Whatever keys are pressed on the story screen, what it shows, the story's path and
    the autosave agree after every key."""
    from hypothesis import given, settings, strategies as st

    game = make_game()

    def newest_autosave():
        newest = game.app.saves.playthrough("student").newest
        return newest.path if newest is not None else None

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.sampled_from(KEYS), max_size=12))
    def play(keys):
        game.app.start_story("student")
        for key in keys:
            if type(game.top).__name__ != "StoryScreen":
                break
            game.key(key)
            story = game.story
            assert len(story.path) == len(story.history) + 1
            assert story.path[-1] == story.scene.id
            if type(game.top).__name__ == "StoryScreen":
                assert game.top.scene_id == story.scene.id
                assert story.scene.title in game.draw()
            autosave = newest_autosave()
            if story.history and autosave is not None:
                saved = json.loads(autosave.read_text(encoding="utf-8"))
                assert saved["scene"] == story.scene.id
                assert len(saved["history"]) == len(story.history)

    play()


def test_the_focused_choice_survives_a_look_at_the_sources(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.keys(pygame.K_DOWN, pygame.K_DOWN)  # the first choice, then "Go empty-handed"
    assert game.top.menu.focus == 1
    game.keys(pygame.K_s, pygame.K_ESCAPE)  # read the sources, come back
    game.key(pygame.K_RETURN)
    assert game.story.history[-1].choice.text == "Go empty-handed and see what happens"


def test_the_focused_choice_survives_a_resize(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.keys(pygame.K_DOWN, pygame.K_DOWN)
    game.resize(1024, 600)
    assert game.top.menu.focus == 1


def test_the_title_menu_keeps_its_focus_after_a_sub_screen(make_game):
    game = make_game()
    menu_labels = [item.label for item in game.top.menu.items]
    while menu_labels[game.top.menu.focus] != "Settings":
        game.key(pygame.K_DOWN)
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "SettingsScreen"
    game.key(pygame.K_ESCAPE)
    assert menu_labels[game.top.menu.focus] == "Settings"


def test_a_new_scene_starts_at_its_top_even_when_the_choices_are_below_the_fold(make_game):
    """Choosing by number must not carry the old focus-scrolling over to the next, long
    scene: the player starts reading at its title. (The shipped scenes are long enough
    that a 1024x600 window must scroll to reach the choices.)"""
    from game.paths import default_story_dir

    game = make_game(story=default_story_dir(), size="1024x600")
    game.keys(pygame.K_n, pygame.K_1)
    scrolled_scenes = 0
    for _ in range(4):
        screen = game.app.top
        assert screen.scroll.offset == 0, game.app.story.scene.id
        scrolled_scenes += screen.scroll.max_offset > 0
        first_open = next(view.choice.index for view in game.app.story.choices if view.open)
        game.key(pygame.K_1 + first_open)
    assert scrolled_scenes, "the test needs scenes taller than the window"
