"""One UI scale follows the text size, and the screens still fit at every size.

A projector at the back of a room needs more than large paragraphs: the buttons, the
footer, the timeline and the drawer grow with the chosen text size. The reading text
itself keeps exactly the size chosen (times the window's factor, as before), and the
screens that must always fit (Settings, the pause menu) do, down to 800x500.
"""

from __future__ import annotations

import pygame
import pytest

from game.ui.scale import FLOOR, reading_size, ui_scale, window_factor
from game.ui.settings import TEXT_SIZES

SIZES = [(800, 500), (1280, 720), (1920, 1080)]


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_scale_grows_with_the_text_size_and_the_text_keeps_its_size(size: tuple[int, int]) -> None:
    scales = [ui_scale(size, px) for px in TEXT_SIZES]
    assert scales == sorted(scales)
    assert scales[-1] > scales[2]  # the largest text grows the UI beyond the default's
    assert min(scales) >= FLOOR
    for px in TEXT_SIZES:  # body text: the chosen size times the window's factor, never squared
        assert reading_size(size, px) * ui_scale(size, px) == pytest.approx(px * window_factor(size))


def test_the_default_text_size_changes_nothing() -> None:
    for size in SIZES:
        assert ui_scale(size, 24) == pytest.approx(window_factor(size))


def test_the_scale_is_capped_where_layouts_would_stop_fitting() -> None:
    assert ui_scale((1280, 720), 40) == pytest.approx(1.4)
    assert ui_scale((800, 500), 40) < 0.9


def test_the_chrome_grows_with_the_text_size_on_screen(make_game, goto) -> None:
    """The story screen's buttons and timeline, and the drawer's panel, at 24 and 40 px."""
    measured = {}
    for index in (2, 5):
        game = make_game()
        game.app.settings.text_size = index
        goto(game, "drawer")
        story = game.app.stack[-2]
        story.layout(game.size)
        button = story.buttons[0][1]
        measured[index] = (button.height, story.timeline_height, game.app.font("body", 15).get_height(),
                           game.top.panel.width)
    small, large = measured[2], measured[5]
    for before, after in zip(small[:3], large[:3]):  # buttons, timeline, small print
        assert after > before * 1.2, (small, large)
    assert large[3] > small[3]  # the drawer, within what the window leaves beside the page


def rows_inside(game) -> None:
    """Every menu row of the top screen lies wholly inside the window and its menu's view
    without scrolling: nothing cut off at the edge."""
    screen = game.top
    width, height = game.size
    view = screen.menu_view
    assert screen.menu_scroll.max_offset == 0, f"the menu has to scroll at {game.size}"
    for item in screen.menu.items:
        assert 0 <= item.rect.left and item.rect.right <= width
        assert view.top <= item.rect.top and item.rect.bottom <= view.bottom <= height, (item.label, item.rect, view)


@pytest.mark.parametrize("size", [(800, 500), (1280, 720)], ids=["800x500", "1280x720"])
@pytest.mark.parametrize("text_size", range(len(TEXT_SIZES)))
def test_settings_fit_at_every_text_size(make_game, goto, size: tuple[int, int], text_size: int) -> None:
    game = make_game(size=f"{size[0]}x{size[1]}")
    game.app.settings.text_size = text_size
    goto(game, "settings")
    game.app.relayout()
    game.draw()
    rows_inside(game)
    screen = game.top
    # the sample, set in the chosen size, ends above the footer
    sample_font = game.app.font("body", game.app.body_size)
    from game.ui.screens.settings import SAMPLE
    from game.ui.text import wrap

    lines = wrap(sample_font, SAMPLE, screen.menu.items[0].rect.width)
    sample_top = screen.menu.items[-1].rect.bottom + game.app.px(12)
    sample_bottom = sample_top + len(lines) * sample_font.get_linesize()
    footer_top = size[1] - game.app.font("body", 15).get_linesize() - game.app.px(12)
    assert sample_bottom <= footer_top + game.app.px(4), (sample_bottom, footer_top)


@pytest.mark.parametrize("text_size", range(len(TEXT_SIZES)))
def test_the_pause_menu_shows_quit_at_800x500(make_game, goto, text_size: int) -> None:
    game = make_game(size="800x500")
    game.app.settings.text_size = text_size
    goto(game, "pause")
    game.app.relayout()
    game.draw()
    rows_inside(game)
    quit_row = game.top.menu.items[-1]
    assert quit_row.label == "Quit"
    assert game.top.panel.bottom <= 500
    assert quit_row.rect.bottom <= game.top.panel.bottom
    game.key(pygame.K_q)
    assert not game.app.running


@pytest.mark.parametrize("size", [(800, 500), (1280, 720), (1920, 1080)], ids=["800x500", "1280x720", "1920x1080"])
def test_footers_stay_inside_the_window_at_the_largest_text(make_game, goto, size: tuple[int, int]) -> None:
    game = make_game(size=f"{size[0]}x{size[1]}")
    game.app.settings.text_size = len(TEXT_SIZES) - 1
    goto(game, "settings")
    game.app.relayout()
    game.draw()
    footer = next(text for font, text in game.rendered if "Esc back" in text)
    font = next(font for font, text in game.rendered if text == footer)
    assert game.app.px(28) + font.size(footer)[0] <= size[0]


def test_a_long_heading_is_set_smaller_rather_than_run_off_the_window(make_game) -> None:
    """The classroom's tie heading ran past the right edge once the UI grew for a projector."""
    from game.ui.screens.base import draw_heading

    game = make_game()
    game.app.settings.text_size = len(TEXT_SIZES) - 1
    app = game.app
    heading = "Tie: the teacher decides — press the number of a tied choice"
    draw_heading(app, app.window, "Short", 56, 28, 40)
    short_font = game.rendered[-1][0]
    assert short_font is app.font("display", 40)  # a heading that fits keeps its size
    draw_heading(app, app.window, heading, 56, 28, 40)
    font, text = game.rendered[-1]
    assert text == heading
    assert 56 + font.size(heading)[0] <= game.size[0] - app.px(20)
