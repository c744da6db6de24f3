"""The line breaking and type steps that fit the classroom's large type into a window."""

from __future__ import annotations

import pygame
import pytest

from game.ui.fitting import FLOOR, sizes_down
from game.ui.text import balanced_wrap, wrap_without_orphan
from game.ui.text import FontBook, wrap

TEXTS = [
    "Go down to the kitchen, where Mrs Bartos already has the radio on",
    "Box up the notebooks for the day she can keep her promise to Tibor",
    "Go out into the dark to look for Laci",
    "Estimates of the dead \"vary from 2,000 to 5,000\". Why would nobody know, only days in? What is gained and "
    "lost by printing a range, or no number at all?",
    "Sowerby asks Eleanor not to quote him, and his silence about Hungary tells her more than his words.",
]


@pytest.fixture(scope="module")
def font() -> pygame.font.Font:
    pygame.font.init()
    return FontBook().get("body", 40)


def test_the_type_steps_end_on_the_floor() -> None:
    assert sizes_down(34) == [34, 32, 30, 28, 26, FLOOR]
    assert sizes_down(25) == [25, FLOOR]
    assert sizes_down(FLOOR) == [FLOOR]


@pytest.mark.parametrize("width", [380, 520, 700, 900])
def test_no_word_is_left_alone_and_nothing_is_lost_or_widened(font: pygame.font.Font, width: int) -> None:
    for text in TEXTS:
        greedy = wrap(font, text, width)
        for lines in (balanced_wrap(font, text, width), wrap_without_orphan(font, text, width)):
            assert " ".join(line.text for line in lines) == " ".join(text.split())
            assert len(lines) == len(greedy)  # as few lines as greedy breaking needs
            assert all(font.size(line.text)[0] <= width for line in lines)
            if len(lines) > 1:
                assert len(lines[-1].text.split()) > 1, (width, [line.text for line in lines])


def test_a_paragraph_keeps_its_right_edge_where_balancing_would_pull_it_in(font: pygame.font.Font) -> None:
    text = TEXTS[3]
    kept, balanced = wrap_without_orphan(font, text, 900), balanced_wrap(font, text, 900)
    assert max(font.size(line.text)[0] for line in kept) > max(font.size(line.text)[0] for line in balanced)


@pytest.mark.parametrize("width", [380, 520, 700, 900])
def test_the_citation_markers_never_carry_the_last_word_alone(font: pygame.font.Font, width: int) -> None:
    """The story's markers follow the last word with no break allowed; greedy breaking
    then often sends that word down alone with them."""
    tail = 150
    for text in TEXTS:
        greedy = wrap(font, text, width, tail)
        lines = wrap_without_orphan(font, text, width, tail)
        assert " ".join(line.text for line in lines) == " ".join(text.split())
        assert len(lines) == len(greedy)
        assert all(font.size(line.text)[0] <= width for line in lines)
        assert font.size(lines[-1].text)[0] + tail <= width  # room kept for the markers
        if len(lines) > 1:
            assert len(lines[-1].text.split()) > 1, (width, [line.text for line in lines])
