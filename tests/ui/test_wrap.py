"""Line breaking: long unbroken words, and citation markers that stay with their sentence."""

from __future__ import annotations

import pygame
import pytest

from game.ui.text import FontBook, longest_fitting, text_width, wrap


@pytest.fixture(scope="module")
def fonts() -> FontBook:
    pygame.font.init()
    return FontBook()


def test_a_20000_character_word_is_broken_into_lines_that_fit(fonts: FontBook) -> None:
    """An 8,000-character title took 9.6 s to lay out and 20,000 took minutes and gigabytes:
    every cut re-measured the whole rest of the word, one character at a time."""
    font = fonts.get("display", 42)
    word = "".join(chr(ord("a") + (i * 7) % 26) for i in range(20_000))
    lines = wrap(font, word, 700)
    assert len(lines) > 100
    assert "".join(line.text for line in lines) == word
    for line in lines:
        assert text_width(font, line.text) <= 700
        assert word[line.start:line.start + len(line.text)] == line.text
    # greedy: a line could not have taken one more character
    for line in lines[:-1]:
        assert text_width(font, word[line.start:line.start + len(line.text) + 1]) > 700


def test_a_long_word_among_others_keeps_its_neighbours_and_offsets(fonts: FontBook) -> None:
    font = fonts.get("body", 24)
    text = "Before it " + "x" * 500 + " and after it."
    lines = wrap(font, text, 400)
    assert lines[0].text == "Before it"
    assert lines[-1].text.endswith("and after it.")
    for line in lines:
        assert text_width(font, line.text) <= 400
        assert text[line.start:line.start + len(line.text)] == line.text


@pytest.mark.parametrize("width", [1, 3, 40])
def test_narrower_than_a_character_still_moves_on(fonts: FontBook, width: int) -> None:
    font = fonts.get("body", 24)
    lines = wrap(font, "WWWW WW", width)
    assert "".join(line.text for line in lines).replace(" ", "") == "WWWWWW"
    assert longest_fitting(font, "WWWW", 0, 1) == 1  # at least one character a line


def test_the_tail_goes_with_the_last_word(fonts: FontBook) -> None:
    font = fonts.get("body", 24)
    text = "The tanks are leaving the city"
    width = text_width(font, text) + 4  # the words just fit; a marker after them would not
    assert [line.text for line in wrap(font, text, width)] == [text]
    lines = wrap(font, text, width, tail=30)
    assert [line.text for line in lines] == ["The tanks are leaving the", "city"]
    assert text_width(font, lines[-1].text) + 30 <= width


def test_a_tail_after_a_word_too_long_for_the_line_still_fits(fonts: FontBook) -> None:
    font = fonts.get("body", 24)
    lines = wrap(font, "y" * 120, 300, tail=40)
    assert "".join(line.text for line in lines) == "y" * 120
    assert all(text_width(font, line.text) <= 300 for line in lines)
    assert text_width(font, lines[-1].text) + 40 <= 300 and lines[-1].text


def test_citation_markers_never_end_up_alone_or_past_the_margin(make_game, goto, story_copy) -> None:
    """The last line of a scene filled to the margin: the markers used to go right after
    it, up to 40 px past the margin, or onto a line of their own; now the last words go
    down with them, and the scene's markers stay together."""
    game = make_game()
    goto(game, "story")
    screen = game.top
    font = next(b for b in screen.blocks if b[0] == "text")[1]
    markers = sum(text_width(screen.marker_font, f"[{n}]") for n in (1, 2)) + game.app.px(15)
    words = "In Warsaw the students say".split()
    while text_width(font, " ".join(words + ["so"])) <= screen.width:
        words.append("so")
    paragraph = " ".join(words)
    assert text_width(font, paragraph) > screen.width - markers  # no room left for the markers
    yaml = story_copy / "student.yaml"
    text = yaml.read_text(encoding="utf-8")
    old = "In Warsaw, the students say, the crowds brought their leader back."
    assert old in text
    yaml.write_text(text.replace(old, paragraph), encoding="utf-8")

    game = make_game(story=story_copy)
    goto(game, "story")
    screen = game.top
    kind, font, lines, top, lead = next(b for b in reversed(screen.blocks) if b[0] in ("text", "reply"))
    assert " ".join(line.text for line in lines) == paragraph
    assert len(lines) == 2 and set(lines[-1].text.split()) == {"so"}  # the last words came down
    last_line_top = top + (len(lines) - 1) * lead
    assert len(screen.markers) == 2
    for rect in screen.markers:
        assert last_line_top - lead // 2 <= rect.y < top + len(lines) * lead, (rect, last_line_top)
        assert rect.right - game.app.px(4) <= screen.x + screen.width, rect
    assert screen.markers[0].x <= screen.x + text_width(font, lines[-1].text) + game.app.px(8)
    assert "[1]" in game.draw()
