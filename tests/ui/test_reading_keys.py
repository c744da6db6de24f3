"""Choosing is never an accident: on a scene taller than the window, Space and Enter read
on and never take a choice the player has not seen; the arrows, Home and End scroll the
text before they move among the choices; a click takes only a choice on screen. The same
holds on the ending screen, whose ways on sit below the epilogue."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

def start(make_game, story: Path, size: str = "1280x720"):
    game = make_game(story=story, size=size)
    game.keys(pygame.K_n, pygame.K_1)
    assert game.scene == "student_morning"
    screen = game.top
    assert screen.scroll.max_offset > 2 * screen.view.height, "the test needs a scene several windows tall"
    return game


def first_choice_on_screen(game) -> bool:
    screen = game.top
    rect = game.on_screen(screen.menu.items[0].rect)
    return screen.view.top <= rect.top and rect.bottom <= screen.view.bottom


@pytest.mark.parametrize("key", [pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE], ids=["enter", "keypad", "space"])
def test_enter_and_space_at_the_top_of_a_long_scene_read_on_and_choose_nothing(make_game, long_story, key):
    game = start(make_game, long_story)
    screen = game.top
    game.key(key)
    assert game.scene == "student_morning" and game.story.history == []
    page = screen.view.height - 3 * game.app.px(30)
    assert screen.scroll.offset == page  # a page on, with a few lines kept for the eye
    assert not screen.focus_shown


def test_space_reads_to_the_choices_then_gives_the_focus_but_never_chooses(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    presses = 0
    while not first_choice_on_screen(game):
        game.key(pygame.K_SPACE)
        presses += 1
        assert presses < 30, "Space never reached the choices"
        assert not screen.focus_shown  # no choice is picked out while there is text to read
    assert presses >= 2
    game.key(pygame.K_SPACE)  # now on screen: the first open choice gets the focus
    assert screen.focus_shown and screen.menu.focus == 0
    for _ in range(5):
        game.key(pygame.K_SPACE)  # Space never takes it
    assert game.scene == "student_morning" and game.story.history == []
    assert "Enter takes the highlighted choice" in game.app.toast_text
    game.key(pygame.K_RETURN)  # Enter on a focused choice the player can see takes it
    assert game.scene == "student_rally"
    assert game.story.history[-1].choice.text == "Take the bundle of leaflets your friends printed"


def test_enter_reads_on_like_space_until_the_choices_are_on_screen(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    offsets = []
    for _ in range(40):
        if screen.focus_shown:
            break
        game.key(pygame.K_RETURN)
        offsets.append(screen.scroll.offset)
        assert game.scene == "student_morning"
    assert screen.focus_shown and first_choice_on_screen(game)
    assert offsets == sorted(offsets) and offsets[0] > 0
    game.key(pygame.K_RETURN)
    assert game.scene == "student_rally"


def test_a_focused_choice_scrolled_away_is_not_taken_by_enter(make_game, long_story):
    """The mouse wheel takes the focused choice off screen: Enter reads on, it does not choose."""
    game = start(make_game, long_story)
    screen = game.top
    game.key(pygame.K_END)
    game.key(pygame.K_END)  # at the end: the last choice has the focus
    assert screen.focus_shown and screen.menu.focus == 1
    game.wheel(10)  # back up the text
    assert not first_choice_on_screen(game)
    game.key(pygame.K_RETURN)
    assert game.scene == "student_morning" and game.story.history == []


def test_arrows_scroll_the_text_before_they_move_among_the_choices(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    game.key(pygame.K_DOWN)
    assert screen.scroll.offset > 0 and not screen.focus_shown
    steps = 1
    while not first_choice_on_screen(game):
        game.key(pygame.K_DOWN)
        steps += 1
        assert steps < 200
        assert not screen.focus_shown
    game.key(pygame.K_DOWN)  # at the choices: the first takes the focus
    assert screen.focus_shown and screen.menu.focus == 0
    game.key(pygame.K_DOWN)
    assert screen.menu.focus == 1
    game.key(pygame.K_UP)
    assert screen.menu.focus == 0
    offset = screen.scroll.offset
    game.key(pygame.K_UP)  # up from the first choice: back up the text
    assert screen.scroll.offset < offset and screen.menu.focus == 0
    assert game.story.history == []


def test_home_and_end_go_to_the_ends_of_the_text_first(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    game.key(pygame.K_END)
    assert screen.scroll.offset == screen.scroll.max_offset and not screen.focus_shown
    game.key(pygame.K_END)
    assert screen.focus_shown and screen.menu.focus == 1  # the last choice
    game.key(pygame.K_HOME)
    assert screen.scroll.offset == 0
    game.key(pygame.K_RETURN)  # the focused choice is far below: Enter reads on
    assert game.story.history == [] and screen.scroll.offset > 0


def test_tab_goes_straight_to_the_choices_and_shows_the_one_it_picks(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    game.key(pygame.K_TAB)
    assert screen.focus_shown and screen.menu.focus == 0 and first_choice_on_screen(game)
    game.key(pygame.K_TAB)
    assert screen.menu.focus == 1
    game.key(pygame.K_RETURN)
    assert game.story.history[-1].choice.text == "Go empty-handed and see what happens"


def test_number_keys_still_choose_at_once(make_game, long_story):
    game = start(make_game, long_story)
    game.key(pygame.K_2)
    assert game.scene == "student_rally"


def test_a_new_scene_starts_with_no_choice_picked_out(make_game, long_story):
    game = start(make_game, long_story)
    game.keys(pygame.K_TAB, pygame.K_RETURN)
    assert game.scene == "student_rally"
    assert not game.top.focus_shown and game.top.scroll.offset == 0


def test_a_click_below_the_page_takes_no_choice(make_game, long_story):
    """A choice half under the timeline: a click on its hidden half takes nothing."""
    game = start(make_game, long_story)
    screen = game.top
    item = screen.menu.items[0].rect
    screen.scroll.offset = item.top - screen.view.height + 10  # its top 10 pixels above the strip
    game.draw()
    game.click((game.on_screen(item).centerx, screen.view.bottom + 4))
    assert game.story.history == []
    game.key(pygame.K_END)
    game.click(game.choice_pos(0))  # on screen: a click takes it
    assert game.scene == "student_rally"


def test_the_focus_is_drawn_only_once_the_player_is_at_the_choices(make_game, long_story):
    game = start(make_game, long_story)
    screen = game.top
    game.key(pygame.K_END)
    game.draw()
    first = game.on_screen(screen.menu.items[0].rect)
    bar = pygame.Rect(first.x, first.y + 4, game.app.px(4), first.height - 8)
    assert game.count(bar, game.theme.accent) == 0  # at the choices, but none picked out
    game.key(pygame.K_SPACE)
    game.draw()
    assert game.count(bar, game.theme.accent) >= bar.width * bar.height * 0.9


# ---------------------------------------------------------------- the ending scene and screen
def to_long_ending(make_game, story: Path):
    game = make_game(story=story)
    game.keys(pygame.K_n, pygame.K_1, pygame.K_1, pygame.K_1)
    assert game.scene == "student_home" and game.story.is_ending
    return game


def test_enter_on_a_long_ending_scene_reads_it_before_the_epilogue(make_game, long_story):
    game = to_long_ending(make_game, long_story)
    screen = game.top
    assert screen.scroll.max_offset > screen.view.height
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "StoryScreen" and screen.scroll.offset > 0
    for _ in range(30):
        if type(game.top).__name__ != "StoryScreen":
            break
        game.key(pygame.K_SPACE)  # Space reads on, and at the end goes on to the epilogue
    assert type(game.top).__name__ == "EndingScreen"


def test_one_goes_on_to_the_epilogue_from_a_single_continue(make_game, goto):
    game = make_game()
    game.keys(pygame.K_n, pygame.K_1, pygame.K_1, pygame.K_1)
    assert game.story.is_ending
    shown = game.draw()
    assert "Continue: the epilogue" in shown and "1" in shown.split()
    game.key(pygame.K_1)
    assert type(game.top).__name__ == "EndingScreen"


def test_enter_on_the_ending_screen_takes_no_way_on_below_the_fold(make_game, long_story):
    game = to_long_ending(make_game, long_story)
    game.key(pygame.K_END)
    game.key(pygame.K_1)
    ending = game.top
    assert type(ending).__name__ == "EndingScreen"
    game.resize(800, 500)  # a small window: the ways on are below the epilogue
    assert ending.scroll.max_offset > 0 and not ending.items_reached()
    game.key(pygame.K_RETURN)
    assert game.stack_names()[-1] == "EndingScreen" and ending.scroll.offset > 0
    game.key(pygame.K_SPACE)
    assert game.stack_names()[-1] == "EndingScreen"
    for _ in range(40):
        if ending.focus_shown:
            break
        game.key(pygame.K_SPACE)
    assert ending.focus_shown and ending.item_in_view(ending.menu.focus)
    game.key(pygame.K_DOWN)
    assert ending.menu.focus == 1
    game.key(pygame.K_RETURN)  # the journal, on screen and focused
    assert type(game.top).__name__ == "JournalScreen"


def test_a_click_under_the_ending_footer_takes_nothing(make_game, goto):
    """The footer's band covers the bottom of the page: a way on under it is not clicked."""
    game = make_game()
    goto(game, "ending")
    ending = game.top
    first = ending.menu.items[0].rect
    band_top = game.size[1] - ending.band_height()
    ending.scroll.content_height = first.bottom + game.size[1]  # room to scroll it there
    ending.scroll.offset = first.top - band_top + 4  # its top 4 pixels above the band
    game.draw()
    game.move((first.centerx, band_top + 10))
    game.click((first.centerx, band_top + 10))
    assert game.stack_names()[-1] == "EndingScreen"
    game.click((first.centerx, band_top - 2))  # the part above the band is on screen
    assert game.stack_names() == ["TitleScreen", "NewGameScreen"]


def test_the_ending_screen_keys_its_footer_names(make_game, goto):
    """S shows the ending's sources; Backspace steps back, as Undo does in the story."""
    game = make_game()
    goto(game, "ending")
    ending = game.top
    game.draw()
    footer = ending.footer()
    assert "S sources" in footer and "Bksp step back" in footer
    game.key(pygame.K_s)
    drawer = game.top
    assert type(drawer).__name__ == "SourceDrawer"
    assert drawer.title == "Sources of this ending"
    scene_cites = game.story.scene.cites
    assert drawer.citations[:len(scene_cites)] == list(scene_cites)
    assert len(drawer.citations) > len(scene_cites)  # and the closing epilogue's
    game.key(pygame.K_ESCAPE)
    assert game.top is ending
    path = list(game.story.path)
    game.key(pygame.K_BACKSPACE)
    assert game.stack_names() == ["TitleScreen", "StoryScreen"]
    assert game.story.path == path[:-1]
    assert game.app.toast_text == "Stepped back one choice."
    newest = game.app.saves.playthrough("student").newest
    assert newest is not None and '"scene": "%s"' % path[-2] in newest.path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- R without a record
def test_r_without_a_record_says_why(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_r)
    assert type(game.top).__name__ == "StoryScreen"
    assert game.app.toast_text == "No record yet: make a choice first."
    game.choose(1)  # the leaflets: a choice with no record
    game.key(pygame.K_r)
    assert type(game.top).__name__ == "StoryScreen"
    assert game.app.toast_text.startswith("No record on this scene")
    game.choose(2)  # the march: it has a record
    game.key(pygame.K_r)
    assert type(game.top).__name__ == "SourceDrawer" and game.top.title == "The record"


def test_enter_on_a_hovered_choice_cut_by_the_edge_brings_it_into_view_first(make_game, long_story):
    """The pointer rests on the second choice while the window's edge cuts it: Enter shows
    it whole (the focus stays where the player put it), and only then takes it."""
    game = start(make_game, long_story)
    screen = game.top
    second = screen.menu.items[1].rect
    screen.scroll.offset = second.bottom - screen.view.height - second.height // 2  # half of it cut off
    game.move((game.on_screen(second).centerx, screen.view.bottom - 3))
    assert screen.focus_shown and screen.menu.focus == 1
    game.key(pygame.K_RETURN)
    assert game.story.history == [] and screen.menu.focus == 1 and screen.item_in_view(1)
    game.key(pygame.K_RETURN)
    assert game.story.history[-1].choice.text == "Go empty-handed and see what happens"
