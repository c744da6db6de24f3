"""What a review of every solo screen at 1280x720 and 1920x1080, in every theme, at the
smallest and the largest text found (issue 10): each test fails on the layout it saw.

Geometry is read from the screens' own rects and from the window's pixels: the title
menu inside the window and clear of the footer band, the composition centred, one frame
round every dialog, an overlay's footer over the one beneath, a header shown whole, a
border the fade leaves alone, a label centred beside the buttons."""

from __future__ import annotations

import pygame
import pytest

from game.ui.screens.base import FOOTER_BAND
from game.ui.text import FontBook, balanced_wrap, wrap
from game.ui.theme import THEMES


def text_size(game, index: int) -> None:
    """Choose a text size as Settings does: everything is laid out again."""
    game.app.settings.text_size = index
    game.app.cache.clear()
    game.app.relayout()
    game.draw()


def band_top(game) -> int:
    return game.size[1] - game.app.px(FOOTER_BAND)


def ink_box(game, area: pygame.Rect) -> pygame.Rect:
    """The smallest rect holding every pixel in ``area`` that is not the background."""
    sub = game.app.window.subsurface(area)
    mask = pygame.mask.from_threshold(sub, game.theme.background, (1, 1, 1, 255))
    mask.invert()
    boxes = mask.get_bounding_rects()
    assert boxes, "nothing drawn"
    return boxes[0].unionall(boxes[1:]).move(area.topleft)


def title_with_a_save(make_game, size: str):
    """The title screen as a returning player sees it: Continue with its two-line detail."""
    game = make_game(size=size)
    game.keys(pygame.K_n, pygame.K_1)  # a fresh folder: no "start again?" to answer
    game.app.autosave()
    game.app.reset("title")
    game.draw()
    return game


# ---------------------------------------------------------------------------- 1, 2: the title


@pytest.mark.parametrize("size", ["1280x720", "800x500"])
@pytest.mark.parametrize("index", [4, 5])
def test_every_title_item_shows_whole_above_the_footer_when_focused(make_game, size: str, index: int) -> None:
    game = title_with_a_save(make_game, size)
    text_size(game, index)
    screen = game.top
    for _ in range(len(screen.menu.items)):
        game.key(pygame.K_DOWN)
        game.draw()
        item = screen.menu.items[screen.menu.focus]
        scrolled = screen.menu_scroll.offset if getattr(screen, "menu_view", None) is not None else 0
        shown = item.rect.move(0, -scrolled)
        assert game.app.window.get_rect().contains(shown), (item.label, shown)
        assert shown.bottom <= band_top(game), (item.label, shown.bottom, band_top(game))
    assert "Quit" in game.draw()


@pytest.mark.parametrize("index", [4, 5])
def test_the_title_column_keeps_clear_of_the_footer(make_game, index: int) -> None:
    game = title_with_a_save(make_game, "1280x720")
    text_size(game, index)
    above = pygame.Rect(0, 0, game.top.menu.items[0].rect.x, band_top(game))
    below = pygame.Rect(0, band_top(game), above.width, game.size[1] - band_top(game))
    footer_ink = ink_box(game, below)
    blurb_ink = ink_box(game, above)
    assert blurb_ink.bottom < band_top(game)
    footer_font = game.app.font("body", 15)
    assert footer_ink.height <= footer_font.get_linesize(), "the blurb runs into the footer's band"


def test_the_title_composition_is_centred_down_a_large_window(make_game) -> None:
    game = make_game(size="1920x1080")
    text_size(game, 0)
    drawn = ink_box(game, pygame.Rect(0, 0, game.size[0], band_top(game)))
    above, below = drawn.top, band_top(game) - drawn.bottom
    assert abs(above - below) <= game.app.px(40), f"{above} px above the group, {below} px below it"
    screen = game.top
    assert screen.flag.centery == pytest.approx(drawn.centery, abs=drawn.height // 4)  # not stuck at the top


# ---------------------------------------------------------------------------- 3, 4: dialogs


@pytest.mark.parametrize("name", ["pause", "text_input", "message"])
def test_every_dialog_has_the_accent_frame_even_in_high_contrast(make_game, goto, name: str) -> None:
    game = make_game()
    game.app.settings.theme = "contrast"
    goto(game, name)
    game.draw()
    panel = game.top.panel
    accent = THEMES["contrast"].accent
    for point in ((panel.centerx, panel.y), (panel.centerx, panel.bottom - 1),
                  (panel.x, panel.centery), (panel.right - 1, panel.centery)):
        assert game.pixel(point) == accent, (name, point)


def test_the_name_field_covers_the_save_screens_footer_with_its_own(make_game, goto) -> None:
    game = make_game()
    goto(game, "text_input")
    shown = game.draw()
    assert "Enter save · Esc cancel" in shown
    assert "Enter to save" not in shown  # the tiny italic hint is gone
    band = pygame.Rect(0, band_top(game), game.size[0], game.app.px(FOOTER_BAND))
    assert game.pixel((band.right - 2, band.bottom - 2)) == game.theme.background  # covered, not shaded
    footer = game.app.font("body", 15)
    ink = ink_box(game, band)
    assert ink.width == pytest.approx(footer.size("Enter save · Esc cancel")[0], abs=game.app.px(6))


# ---------------------------------------------------------------------------- 5: the source document


def test_the_source_header_is_shown_whole_in_balanced_lines(make_game, goto) -> None:
    game = make_game(story=None)  # the shipped story: its source's date is the long one
    text_size(game, 5)
    goto(game, "source_from_drawer")
    screen = game.top
    shown = game.draw()
    source = game.app.story_data.sources["bbc"]
    meta = f"{source.publisher} · {source.date} · shown exactly as the file has it"
    assert "exactly as the file has it" in shown, "the header's second line is dropped"
    (title_font, title_lines, _), (meta_font, meta_lines, meta_y) = screen.header
    assert " ".join(line.text for line in meta_lines) == meta and all(line.text in shown for line in meta_lines)
    assert " ".join(line.text for line in title_lines) == source.title
    assert len(title_lines) == len(wrap(title_font, source.title, screen.width))
    assert len(title_lines[-1].text.split()) > 1, "the title ends on one lonely word"
    meta_bottom = meta_y + len(meta_lines) * meta_font.get_linesize()
    assert screen.rule_y - meta_bottom >= game.app.px(8), "the header nearly touches the rule below it"


def test_the_section_heading_above_the_cited_paragraph_shows_whole(make_game, goto) -> None:
    game = make_game(story=None)
    text_size(game, 5)
    goto(game, "source_from_drawer")
    screen = game.top
    rows = [row for row in screen.rows if row[0] == "para"]
    target = next(i for i, row in enumerate(rows) if row[4][1].index == screen.target)
    heading = rows[target - 1]
    assert heading[4][1].kind == "heading"  # the first citation is of the paragraph after a heading
    top = heading[3] + screen.view.y - screen.scroll.offset
    assert top >= screen.view.y, "the heading is cut under the header's rule"


def test_a_balanced_heading_keeps_its_line_count_and_its_width() -> None:
    font = FontBook().get("display", 42)
    title = "BBC On This Day: three pages on the Hungarian Revolution of 1956"
    width = 1056
    greedy = wrap(font, title, width)
    assert greedy[-1].text == "1956"  # the case the review saw
    balanced = balanced_wrap(font, title, width)
    assert len(balanced) == len(greedy) and len(balanced[-1].text.split()) > 1
    assert all(font.size(line.text)[0] <= width for line in balanced)
    assert " ".join(line.text for line in balanced) == title
    assert [line.text for line in balanced_wrap(font, "Paused", width)] == ["Paused"]


# ---------------------------------------------------------------------------- 6: the drawer


@pytest.mark.parametrize("theme", ["paper", "contrast"])
def test_the_drawers_fade_leaves_its_accent_border_whole(make_game, goto, theme: str) -> None:
    game = make_game()
    game.app.settings.theme = theme
    text_size(game, 5)
    goto(game, "drawer")
    drawer = game.top
    game.draw()
    assert drawer.scroll.max_offset > 0  # more below: the fade is drawn
    app = game.app
    accent = THEMES[theme].accent
    border = range(drawer.panel.x, drawer.panel.x + app.px(3))
    bottom = game.size[1] - app.px(70)  # the passage's view ends here; the fade is just above
    for y in range(bottom - app.px(28), bottom):
        for x in border:
            assert game.pixel((x, y)) == accent, (x, y)


# ---------------------------------------------------------------------------- 7: toasts


def test_r_without_a_record_is_a_warning_not_a_done(make_game, goto) -> None:
    game = make_game()
    goto(game, "story")
    game.key(pygame.K_r)  # the first scene: no choice made yet
    assert game.app.toast_text.startswith("No record yet") and game.app.toast_kind == "warning"
    game.choose(1)
    assert game.story.record_here is None  # this choice has no record
    game.key(pygame.K_r)
    assert game.app.toast_text.startswith("No record on this scene") and game.app.toast_kind == "warning"


# ---------------------------------------------------------------------------- 8, 9: type


@pytest.mark.parametrize("face", ["display", "display_italic"])
def test_headings_set_digits_as_lining_figures(face: str) -> None:
    """An old-style 1 is x-height tall and reads as a dotless i; a lining one stands as
    tall as the capitals."""
    font = FontBook().get(face, 60)
    cap = font.metrics("H")[0][3]
    for digit in "0123456789":
        assert font.metrics(digit)[0][3] >= cap * 0.9, digit


def test_the_settings_sample_opens_its_quotes_with_opening_marks() -> None:
    from game.ui.screens.settings import SAMPLE

    assert "‘quoted’" in SAMPLE and "“words”" in SAMPLE


# ---------------------------------------------------------------------------- 10: the story's top bar


@pytest.mark.parametrize("index", [0, 2, 5])
def test_the_story_header_label_is_centred_beside_the_buttons(make_game, goto, index: int) -> None:
    game = make_game()
    goto(game, "story")
    text_size(game, index)
    screen = game.top
    app = game.app
    font = app.font("display_italic", 20)
    assert screen.story.perspective.name.startswith("Z")
    capital = pygame.Rect(app.px(24), 0, font.size("Z")[0], screen.top_bar - 1)  # the Z: no accent, no descender
    letter = ink_box(game, capital)
    button = screen.buttons[0][1]
    assert abs(letter.centery - button.centery) <= 1, f"the label's middle {letter.centery}, the buttons' {button.centery}"


# ---------------------------------------------------------------------------- 11: small things


def test_the_crash_screen_offers_only_what_is_safe(make_game, goto, monkeypatch) -> None:
    game = make_game()
    goto(game, "error")
    assert "Esc back" not in game.draw()
    copied: list[bytes] = []
    monkeypatch.setattr(pygame.scrap, "get_init", lambda: True)
    monkeypatch.setattr(pygame.scrap, "put", lambda kind, data: copied.append(data))
    game.key(pygame.K_c)
    assert copied == [str(game.top.log).encode("utf-8")] and game.app.toast_kind == "done"

    def refuse(kind, data):
        raise pygame.error("no clipboard")

    monkeypatch.setattr(pygame.scrap, "put", refuse)
    game.key(pygame.K_c)
    assert game.app.toast_kind == "warning" and str(game.top.log) in game.app.toast_text
    game.key(pygame.K_ESCAPE)  # never back to the screen that failed
    assert game.stack_names() == ["TitleScreen"]
    goto(game, "error")
    game.key(pygame.K_q)
    assert not game.app.running


def test_the_journal_opens_on_whole_entries(make_game, goto) -> None:
    game = make_game()
    text_size(game, 5)
    goto(game, "journal")
    screen = game.top
    offset = screen.scroll.offset
    assert len(screen.spans) > 1
    for span in screen.spans:
        assert span.bottom <= offset or span.top >= offset - game.app.px(6), "an entry is cut at the top"
    last = screen.spans[-1]
    assert last.bottom - offset <= screen.view.height  # where the player is: in view


def test_save_over_names_the_save_once(make_game, goto) -> None:
    game = make_game()
    goto(game, "save")
    game.keys(pygame.K_1, pygame.K_RETURN)  # slot 1, named after its scene
    game.key(pygame.K_1)
    message = game.top
    assert type(message).__name__ == "MessageScreen"
    title = game.story.scene.title
    assert message.text.count(title) == 1, message.text
    assert game.app.story.perspective.name in message.text


def test_a_slot_says_its_number_once(make_game, goto) -> None:
    game = make_game()
    goto(game, "load")
    labels = [item.label for item in game.top.menu.items]
    assert labels[:2] == ["Slot 1 · empty", "Slot 2 · empty"]


def test_a_long_place_wraps_in_the_dateline_instead_of_running_off(make_game, story_copy) -> None:
    """A place may be 200 characters; the dateline was one line past the window's edge."""
    chapter = story_copy / "student.yaml"
    place = ("Bródy Sándor utca, outside the Hungarian Radio building, " * 4)[:198].strip()
    text = chapter.read_text(encoding="utf-8")
    assert "place: A rented room in Buda" in text
    chapter.write_text(text.replace("place: A rented room in Buda", f"place: {place}", 1), encoding="utf-8")
    game = make_game("--perspective", "student", "--scene", "student_morning", story=story_copy)
    screen = game.top
    game.draw()
    [(_, font, lines, top, _)] = [block for block in screen.blocks if block[0] == "dateline"]
    assert len(lines) > 1 and " ".join(line.text for line in lines).endswith(place.upper())
    assert all(font.size(line.text)[0] <= screen.width for line in lines)
    title_top = next(block[3] for block in screen.blocks if block[0] == "title")
    assert title_top >= top + len(lines) * font.get_linesize()
