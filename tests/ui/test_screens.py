"""Every screen renders, and draws what it should where it should.

The checks look at real pixels of the window (the theme's background at a corner, the
accent bar beside the focused item, ink inside the text column, the emblem's bands, the
highlight in the source drawer, the dimmed colour of a closed choice) and at the strings
the frame rendered, so a screen that draws nothing, or the wrong thing, fails.
"""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.ui.emblem import GREEN, RED, WHITE
from game.ui.theme import THEMES

PAPER = THEMES["paper"]


def accent_bar_at(game, rect) -> bool:
    """The focused item's accent bar: its left 4 pixels are the accent colour."""
    rect = pygame.Rect(rect)
    return game.pixel((rect.x + 1, rect.centery)) == game.theme.accent and game.pixel(
        (rect.x + 2, rect.y + 2)
    ) == game.theme.accent


def test_title_screen_shows_emblem_name_and_menu(make_game):
    game = make_game()
    shown = game.draw()
    assert type(game.top).__name__ == "TitleScreen"
    width, height = game.size
    assert game.pixel((width - 1, height - 1)) == PAPER.background
    assert game.pixel((0, 0)) == PAPER.background
    # the emblem: three bands, and the hole in the middle shows the background
    flag = game.top.flag
    assert flag.width >= 300 and flag.height == flag.width * 2 // 3
    for x in (flag.x + 10, flag.right - 10):
        assert game.pixel((x, flag.y + 10)) == RED
        assert game.pixel((x, flag.centery)) == WHITE
        assert game.pixel((x, flag.bottom - 10)) == GREEN
    assert game.pixel(flag.center) == PAPER.background  # the cut-out centre
    assert "Budapest 1956" in shown
    assert "Thirteen days in October and November" in shown
    for label in ("New game", "Continue", "Load", "Sources", "Settings", "About", "Quit"):
        assert label in shown
    menu = game.top.menu
    assert menu.focus == 0
    assert accent_bar_at(game, menu.items[0].rect)
    assert not accent_bar_at(game, menu.items[2].rect)
    # Continue is dimmed while there is no autosave
    assert not menu.items[1].enabled
    assert game.count(menu.items[1].rect, PAPER.faint) > 20
    assert game.count(menu.items[2].rect, PAPER.faint) == 0


def test_new_game_screen_lists_the_perspective(make_game, goto):
    game = make_game()
    goto(game, "new_game")
    shown = game.draw()
    assert "Whose October?" in shown
    assert "Zsófia Varga, a history student at the Technical University" in shown
    assert "A fictional character." in shown
    item = game.top.menu.items[0]
    assert accent_bar_at(game, item.rect)
    assert game.count(item.rect, PAPER.hover) > 1000  # the focused item's bar
    assert game.pixel((game.size[0] - 1, game.size[1] - 1)) == PAPER.background


def test_story_screen_sets_the_page(make_game, goto):
    game = make_game()
    goto(game, "story")
    shown = game.draw()
    screen = game.top
    width, height = game.size
    assert "TUESDAY 23 OCTOBER 1956, 08:00 · A RENTED ROOM IN BUDA" in shown
    assert "The morning of the rally" in shown
    assert "In Warsaw, the students say, the crowds brought their leader back." in shown
    assert "Zsófia Varga · Before the rally" in shown  # the top bar: who and which chapter
    for button in ("Sources  S", "Journal  J", "Undo  Bksp", "Menu  Esc"):
        assert button in shown
    assert "[1]" in shown and "[2]" in shown  # two footnote markers
    assert game.pixel((0, 0)) == PAPER.background
    assert game.pixel((0, height - 1)) == PAPER.panel  # the timeline along the bottom
    # ink inside the text column, none in the margin left of it
    text_blocks = [block for block in screen.blocks if block[0] == "text"]
    top = text_blocks[0][3]
    bottom = screen.choices_top
    column = game.on_screen(pygame.Rect(screen.x, top, screen.width, bottom - top))
    assert game.ink(column) > 2000
    margin = pygame.Rect(0, column.y, screen.x - 30, column.height)
    assert game.ink(margin) == 0
    # no choice looks taken before the player moves to the choices; then the focused one
    # has the accent bar; the choice numbers are in the accent colour
    first = game.on_screen(screen.menu.items[0].rect)
    second = game.on_screen(screen.menu.items[1].rect)
    assert not accent_bar_at(game, first) and not accent_bar_at(game, second)
    assert game.count(second, PAPER.accent) > 10  # the number "2"
    game.key(pygame.K_DOWN)
    game.draw()
    assert accent_bar_at(game, first)
    assert not accent_bar_at(game, second)
    # the timeline marker sits near the start (08:00 on 23 October)
    timeline = pygame.Rect(0, height - screen.timeline_height, width, screen.timeline_height)
    marker = [x for x in range(width) if game.count((x, timeline.y, 1, timeline.height), PAPER.accent)]
    assert marker and max(marker) < width // 4


def test_story_screen_dims_a_closed_choice_and_gives_its_reason(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.choose(2)  # empty-handed: courage stays 0, so the march is closed
    shown = game.draw()
    assert game.scene == "student_rally"
    items = game.top.menu.items
    assert [item.enabled for item in items] == [True, False]
    assert "You are not ready to march yet." in shown
    closed = game.on_screen(items[1].rect)
    opened = game.on_screen(items[0].rect)
    assert game.count(closed, PAPER.faint) > 100
    assert game.count(closed, PAPER.text) == 0
    assert game.count(opened, PAPER.faint) < 10
    assert game.count(opened, PAPER.text) > 50


def test_content_note_is_boxed_with_an_accent_edge(make_game):
    game = make_game("--scene", "student_radio")
    shown = game.draw()
    assert "Content note: Shooting at the radio building." in shown
    screen = game.top
    note = next(block for block in screen.blocks if block[0] == "note")
    box = game.on_screen(pygame.Rect(screen.x - 14, note[3], screen.width, 20))
    assert game.pixel((box.x + 1, box.y + 4)) == PAPER.accent
    assert game.count(box, PAPER.panel) > 100


def test_source_drawer_highlights_the_quoted_words(make_game, goto):
    game = make_game()
    goto(game, "drawer")
    shown = game.draw()
    drawer = game.top
    assert "Sources of this scene" in shown
    assert "Citation 1 of 2" in shown
    assert "BBC On This Day: three reports on the Hungarian Revolution of 1956" in shown
    assert "Paragraph 30, line 60 of the file" in shown
    assert "R read the whole source" in shown
    panel = drawer.panel
    assert panel.right == game.size[0]
    assert game.count(panel, PAPER.highlight) > 2000  # the quoted words sit on the highlight
    assert game.count(panel, PAPER.panel) > panel.width * panel.height // 3
    assert game.pixel((panel.x + 1, panel.centery)) == PAPER.accent  # the drawer's red edge
    # the story underneath is shaded, not hidden
    left = game.pixel((5, game.size[1] // 2))
    assert left != PAPER.background and sum(left) < sum(PAPER.background)
    assert game.count((0, 0, panel.x, game.size[1]), PAPER.highlight) == 0


def test_sources_screen_shows_the_whole_document(make_game, goto):
    game = make_game()
    goto(game, "sources")
    shown = game.draw()
    assert "BBC On This Day: three reports on the Hungarian Revolution of 1956" in shown
    assert "1956 November 4th Soviet troops overrun" in shown
    assert "line 3" in shown and "cited by" in shown
    screen = game.top
    assert game.ink((screen.x, screen.view.y, screen.width, screen.view.height)) > 5000
    assert game.pixel((game.size[0] - 1, game.size[1] - 1)) == PAPER.background
    assert screen.scroll.max_offset > 0  # a long document, scrollable
    game.key(pygame.K_PAGEDOWN)
    assert screen.scroll.offset > 0
    shown = game.draw()
    assert "1956 November 4th Soviet troops overrun" not in shown


def test_reading_the_whole_source_from_the_drawer_marks_the_cited_paragraph(make_game, goto):
    game = make_game()
    goto(game, "source_from_drawer")
    screen = game.top
    assert screen.target == 29  # paragraph 30 of the file (0-based 29)
    assert screen.scroll.offset > 0  # scrolled to the paragraph
    shown = game.draw()
    assert "Wladyslaw Gomulka, returned to power." in shown
    bar = (screen.x - 16, screen.view.y, 4, screen.view.height)
    assert game.count(bar, PAPER.accent) > 50
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "SourceDrawer"


def test_journal_lists_the_path_and_choices(make_game, goto):
    game = make_game()
    goto(game, "journal")
    shown = game.draw()
    assert "Journal" in shown
    assert "The morning of the rally" in shown
    assert "You chose: Take the bundle of leaflets your friends printed" in shown
    assert "The rally" in shown
    assert "You are here." in shown
    screen = game.top
    assert game.count(screen.view, PAPER.accent) > 20  # "You chose" is in the accent colour
    assert game.count(screen.view, PAPER.good) > 20  # "You are here." in the good colour
    assert game.pixel((game.size[0] - 1, 0)) == PAPER.background


def test_save_and_load_screens_list_every_slot(make_game, goto):
    game = make_game()
    goto(game, "save")
    shown = game.draw()
    assert "Save" in shown
    assert [f"Slot {n} · empty" in shown for n in range(1, 8)] == [True] * 7
    assert "autosave" not in shown  # nobody saves over an autosave by hand
    assert accent_bar_at(game, game.top.menu.items[0].rect)
    # the last slots are below the fold (a line outside the view is not even rendered):
    # they come into view with the focus
    assert "Slot 9 · empty" not in shown
    game.keys(*[pygame.K_DOWN] * 8)
    shown = game.draw()
    assert "Slot 8 · empty" in shown and "Slot 9 · empty" in shown
    game.keys(*[pygame.K_UP] * 8)
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_t)  # pause menu: title screen
    assert type(game.top).__name__ == "TitleScreen"
    game.key(pygame.K_l)
    shown = game.draw()
    assert "Load" in shown
    assert "Zsófia Varga's story: The morning of the rally" in shown  # going to the title screen autosaved
    assert "Slot 1 · empty" in shown and "Nothing saved here." in shown
    items = game.top.menu.items
    assert items[0].enabled and not items[1].enabled  # the autosave, then slot 1
    assert game.count(items[1].rect, PAPER.faint) > 50


def test_settings_screen_shows_current_values(make_game, goto):
    game = make_game()
    goto(game, "settings")
    shown = game.draw()
    for text in ("Settings", "Text size:  24 px", "Theme:  Paper", "Text reveal:  Instant",
                 "Typewriter speed:  60 characters a second", "Full screen (F11):  Off", "Reduce motion:  Off"):
        assert text in shown
    assert "Sample: Ernő Gerő" in shown
    assert accent_bar_at(game, game.top.menu.items[0].rect)
    assert game.pixel((game.size[0] - 1, game.size[1] - 1)) == PAPER.background


def test_about_screen_separates_documented_and_invented(make_game, goto):
    game = make_game()
    goto(game, "about")
    shown = game.draw()
    for text in ("About Budapest 1956", "What is documented", "What is invented", "Zsófia Varga", "Imre Nagy"):
        assert text in shown
    screen = game.top
    assert game.ink((screen.x, screen.view.y, 300, screen.view.height)) > 2000
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "TitleScreen"


def test_ending_screen_shows_epilogue_record_and_discussion(make_game, goto):
    game = make_game()
    goto(game, "ending")
    shown = game.draw()
    for text in ("AN ENDING", "The night indoors", "You listen to the night from your window.",
                 "What became of Imre Nagy", "Sources: 4 passages — show them ›"):
        assert text in shown
    assert game.app.games_finished == 1
    screen = game.top
    assert game.count((screen.x, 0, 300, 120), PAPER.accent) > 20  # "AN ENDING" in the accent colour
    assert game.pixel((0, game.size[1] - 1)) == PAPER.background
    # the ways on are below the fold: scroll to the end and they are drawn
    game.key(pygame.K_END, mod=pygame.KMOD_CTRL)
    shown = game.draw()
    assert "To discuss" in shown or "What would you have done?" in shown
    for label in ("Another point of view", "The journal of this path", "Title screen"):
        assert label in shown


def test_pause_menu_is_an_overlay_on_the_story(make_game, goto):
    game = make_game()
    goto(game, "pause")
    shown = game.draw()
    assert "Paused" in shown
    for label in ("Resume", "Save", "Load", "Journal", "Sources", "Settings", "Title screen", "Quit"):
        assert label in shown
    assert "The morning of the rally" in shown  # the story is still drawn underneath
    screen = game.top
    assert game.count(screen.panel, PAPER.panel) > screen.panel.width * screen.panel.height // 3
    outside = game.pixel((5, game.size[1] // 2))
    assert sum(outside) < sum(PAPER.background)  # shaded
    assert accent_bar_at(game, screen.menu.items[0].rect)
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "StoryScreen"


def test_message_dialog(make_game, goto):
    game = make_game()
    goto(game, "message")
    shown = game.draw()
    assert "A word from the game" in shown and "Something you should know about this." in shown
    assert "OK" in shown
    panel = game.top.panel
    assert game.pixel((panel.x + 40, panel.bottom - 4)) == PAPER.panel
    assert game.count(panel, PAPER.accent) > 2 * panel.width  # the accent border
    game.key(pygame.K_RETURN)
    assert type(game.top).__name__ == "StoryScreen"


def test_error_dialog(make_game, goto):
    game = make_game()
    goto(game, "error")
    shown = game.draw()
    assert "Something went wrong" in shown
    assert "RuntimeError: a test error" in shown
    assert "Return to the last autosave" in shown and "Back to the title screen" in shown
    game.key(pygame.K_t)
    assert game.stack_names() == ["TitleScreen"]


def test_text_input_prompt(make_game, goto):
    game = make_game()
    goto(game, "text_input")
    shown = game.draw()
    assert "Name the save in slot 1" in shown and "Enter save · Esc cancel" in shown
    prompt = game.top
    assert prompt.value == "The morning of the rally"  # the scene title is offered, selected
    game.type("Before")  # typing replaces the offered name
    assert prompt.value == "Before"
    game.type("!")
    assert prompt.value == "Before!"
    game.key(pygame.K_BACKSPACE)
    assert prompt.value == "Before"
    game.key(pygame.K_ESCAPE)
    assert type(game.top).__name__ == "SaveLoadScreen"
    assert not game.app.saves.slot(1).exists


def test_diagnostics_screen_for_a_broken_story(make_game, story_copy, broken_story):
    line = broken_story(story_copy)
    game = make_game(story=story_copy)
    assert game.stack_names() == ["TitleScreen", "DiagnosticsScreen"]
    shown = game.draw()
    assert "The story has errors" in shown
    assert f"student.yaml:{line}:" in shown
    assert "student_nowhere" in shown
    assert "1 error" in shown
    assert game.count(game.top.view, PAPER.accent) > 50  # errors in the accent colour
    # Esc shows the title screen, where a game cannot start
    game.key(pygame.K_ESCAPE)
    shown = game.draw()
    assert game.stack_names() == ["TitleScreen"]
    assert "The story has errors; press F5 after fixing them." in shown
    game.key(pygame.K_n)
    assert game.stack_names() == ["TitleScreen"]


def test_a_folder_without_a_story_opens_on_the_diagnostics(make_game, tmp_path: Path):
    empty = tmp_path / "nothing_here"
    empty.mkdir()
    game = make_game(story=empty)
    shown = game.draw()
    assert type(game.top).__name__ == "DiagnosticsScreen"
    assert "The story has errors" in shown
    assert game.app.story_data is None


@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_every_theme_changes_the_background(make_game, goto, theme):
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_DOWN)  # the focus on the first choice, with its accent bar
    game.draw()
    assert game.pixel((0, 0)) == PAPER.background
    game.app.settings.theme = theme
    game.draw()
    assert game.pixel((0, 0)) == THEMES[theme].background
    screen = game.top
    first = game.on_screen(screen.menu.items[0].rect)
    assert game.pixel((first.x + 1, first.centery)) == THEMES[theme].accent
    column = game.on_screen(pygame.Rect(screen.x, screen.blocks[2][3], screen.width, 40))
    assert game.count(column, THEMES[theme].text) > 20
