"""The timeline's last segment names the span the story's own later scenes cover."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from game.ui.timeline import END, after_span, span_label


def story_with(*dates: str) -> SimpleNamespace:
    from game.core.model import parse_date

    scenes = {f"s{i}": SimpleNamespace(date=date, when=parse_date(date) if date else None)
              for i, date in enumerate(dates)}
    return SimpleNamespace(scenes=scenes)


@pytest.mark.parametrize(("dates", "label"), [
    (("1956-10-23 15:00", "1956-11-04 05:20"), "after"),  # nothing after the thirteen days
    (("1956-10-23", "1989"), "after: 1989"),
    (("1956-10-23", "1957-01-20 19:00", "1989"), "after: 1957 – 1989"),
    (("1956-10-23", "1956-11-05 10:00", "2006-10-23 16:00", "1976-10-22 11:00"), "after: 5 Nov 1956 – 2006"),
    (("1956-11-20", "1956-12"), "after: 20 Nov 1956"),
    (("", "1991"), "after: 1991"),  # an undated scene is left out
])
def test_the_span_comes_from_the_scene_dates(dates: tuple[str, ...], label: str) -> None:
    assert span_label(after_span(story_with(*dates))) == label


def test_no_story_no_span() -> None:
    assert after_span(None) is None
    assert span_label(None) == "after"


def test_the_shipped_story_names_its_own_span_on_screen(make_game, goto) -> None:
    """Not the fixed "1956–1991" of before: the shipped story's later scenes run past 1991."""
    game = make_game(story=None)  # the shipped scenes/
    data = game.app.story_data
    later = sorted(scene.when for scene in data.scenes.values() if scene.date and scene.when >= END)
    assert later, "the shipped story has scenes after 4 November 1956"
    first, last = later[0], later[-1]
    expected = (f"after: {first.day} {first.strftime('%b')} {first.year} – {last.year}" if first.year == 1956
                else f"after: {first.year} – {last.year}")
    game.app.start_story()
    shown = game.draw()
    assert expected in shown
    assert "1956–1991" not in shown


def test_the_marker_in_the_after_segment_follows_the_span(make_game, goto) -> None:
    """A scene in the last year of the span sits at the segment's right end, not at a
    fixed 1991's share of it."""
    from game.ui import timeline

    data = story_with("1956-11-05 10:00", "2006-10-23 16:00")
    span = after_span(data)
    assert timeline._share_of(datetime(2006, 10, 23, 16), span) == pytest.approx(1.0)
    assert timeline._share_of(datetime(1956, 11, 5, 10), span) == pytest.approx(0.0)
    assert 0.6 < timeline._share_of(datetime(1989, 6, 16), span) < 0.7
