"""The mouse: hover and click on choices (whose rects live in content coordinates,
shifted by the view and the scroll), footnote markers, the drawer, the top-bar buttons."""

from __future__ import annotations

import pygame

from game.ui.theme import THEMES

PAPER = THEMES["paper"]


def test_hovering_a_choice_focuses_and_highlights_it(make_game, goto):
    game = make_game()
    goto(game, "story")
    screen = game.top
    game.move(game.choice_pos(1))
    assert screen.menu.hover == 1
    assert screen.menu.focus == 1
    game.draw()
    second = game.on_screen(screen.menu.items[1].rect)
    assert game.pixel((second.x + 1, second.centery)) == PAPER.accent
    assert game.count(second, PAPER.hover) > 1000
    # off the choices: no hover (the focus stays where the mouse left it)
    game.move((5, screen.view.y + 5))
    assert screen.menu.hover is None
    # over the top bar, outside the page: no hover either
    game.move(game.choice_pos(0))
    assert screen.menu.hover == 0
    game.move((5, 5))
    assert screen.menu.hover is None


def test_clicking_a_choice_chooses_it(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.click(game.choice_pos(1))  # go empty-handed
    assert game.scene == "student_rally"
    assert game.story.variables["caution"] == 1
    game.click(game.choice_pos(0))
    assert game.scene == "student_home"
    # a right click or a click between the choices does nothing
    game.key(pygame.K_BACKSPACE)
    game.click(game.choice_pos(0), button=3)
    screen = game.top
    gap = game.on_screen(screen.menu.items[0].rect).bottom + 2
    game.click((screen.menu.items[0].rect.centerx, gap))
    assert game.scene == "student_rally"


def test_clicking_a_choice_after_scrolling(make_game, goto):
    """Big text in a small window: the choices start below the fold."""
    game = make_game(size="800x500")
    game.app.settings.text_size = 5
    goto(game, "story")
    screen = game.top
    first = screen.menu.items[0].rect
    assert first.top > screen.view.height  # below the visible page
    unscrolled = game.on_screen(first).center
    assert not screen.view.collidepoint(unscrolled)
    game.click(unscrolled)  # nothing there yet
    assert game.scene == "student_morning"
    for _ in range(20):
        if game.on_screen(screen.menu.items[1].rect).bottom <= screen.view.bottom:
            break
        game.wheel(-1)
    assert screen.scroll.offset > 0
    target = game.choice_pos(1)
    assert screen.view.collidepoint(target)
    assert target != unscrolled
    game.move(target)
    assert screen.menu.hover == 1
    game.click(target)
    assert game.scene == "student_rally"
    assert game.top.scroll.offset == 0  # a new scene starts at the top


def test_clicking_a_footnote_marker_opens_the_drawer_there(make_game, goto):
    game = make_game()
    goto(game, "story")
    markers = game.top.markers
    assert len(markers) == 2
    game.click(game.on_screen(markers[1]).center)
    drawer = game.top
    assert type(drawer).__name__ == "SourceDrawer"
    assert drawer.index == 1
    # clicking inside the drawer keeps it open, outside closes it
    game.click((drawer.panel.centerx, drawer.panel.centery))
    assert game.top is drawer
    game.click((drawer.panel.x - 20, drawer.panel.centery))
    assert type(game.top).__name__ == "StoryScreen"
    assert game.scene == "student_morning"  # the click outside chose nothing
    game.click(game.on_screen(markers[0]).center)
    assert game.top.index == 0


def test_drawer_footer_links(make_game, goto):
    game = make_game()
    goto(game, "drawer")
    drawer = game.top
    assert len(drawer.links) == 3  # "previous" is disabled on the first citation
    next_rect = drawer.links[0][0]
    game.click(next_rect.center)
    assert drawer.index == 1
    game.draw()
    assert len(drawer.links) == 3  # now "next" is disabled and "previous" is not
    game.click(drawer.links[0][0].center)
    assert drawer.index == 0
    game.draw()
    read_rect = next(rect for rect, action in drawer.links if getattr(action, "__name__", "") == "read_whole")
    game.click(read_rect.center)
    assert type(game.top).__name__ == "SourceDocumentScreen"


def test_top_bar_buttons(make_game, goto):
    game = make_game()
    goto(game, "story")
    game.choose(1)
    screen = game.top
    buttons = {label.split()[0]: rect for label, rect, _ in screen.buttons}
    assert set(buttons) == {"Sources", "Journal", "Undo", "Menu"}
    game.move(buttons["Journal"].center)
    assert screen.button_hover == 1
    game.draw()
    assert game.count(buttons["Journal"], PAPER.hover) > 100
    for name, expected in (("Sources", "SourceDrawer"), ("Journal", "JournalScreen"), ("Menu", "PauseScreen")):
        game.click(buttons[name].center)
        assert type(game.top).__name__ == expected
        game.key(pygame.K_ESCAPE)
        assert game.top is screen
    game.click(buttons["Undo"].center)
    assert game.scene == "student_morning"


def test_title_and_menus_answer_the_mouse(make_game):
    game = make_game()
    items = game.top.menu.items
    settings = next(item for item in items if item.label == "Settings")
    game.move(settings.rect.center)
    assert game.top.menu.focus == items.index(settings)
    game.click(settings.rect.center)
    assert type(game.top).__name__ == "SettingsScreen"
    theme_row = game.top.menu.items[1]
    game.click(theme_row.rect.center)  # a click cycles the value
    assert game.app.settings.theme == "dark"
    game.draw()
    assert game.pixel((0, 0)) == THEMES["dark"].background
    game.key(pygame.K_ESCAPE)
    continue_item = next(item for item in game.top.menu.items if item.label == "Continue")
    game.click(continue_item.rect.center)  # disabled: nothing opens
    assert game.stack_names() == ["TitleScreen"]


def test_wheel_scrolls_long_screens(make_game, goto):
    game = make_game()
    goto(game, "sources")
    screen = game.top
    game.wheel(-2)
    assert screen.scroll.offset > 0
    down = screen.scroll.offset
    game.wheel(1)
    assert 0 < screen.scroll.offset < down
    game.wheel(5)
    assert screen.scroll.offset == 0


def test_ending_screen_links_open_the_cited_passages(make_game, goto):
    game = make_game()
    goto(game, "ending")
    screen = game.top
    assert len(screen.links) == 1
    rect, _ = screen.links[0]
    game.click((rect.x + 20, rect.y + 5 - screen.scroll.offset))
    drawer = game.top
    assert type(drawer).__name__ == "SourceDrawer"
    assert drawer.title == "What became of Imre Nagy"
    assert len(drawer.citations) == 4
    shown = game.draw()
    assert "Citation 1 of 4" in shown
    for _ in range(3):
        game.key(pygame.K_RIGHT)
    assert "Citation 4 of 4" in game.draw()
    game.key(pygame.K_ESCAPE)
    assert game.top is screen
