"""`check` walks the playthroughs and warns about text no player can see."""

from __future__ import annotations

from pathlib import Path

from game.core.diagnostics import Diagnostics
from game.core.explore import check_text_variants

SCENES = """\
  - id: start
    date: "1956-10-23 08:00"
    place: Budapest
    title: Start
    text:
      - Morning.
      - if: courage > 5
        text: Nobody is ever this brave here.
      - if: visits("start") >= 1
        text: Always shown.
        else: Never shown.
      - if: hurt
        text: Never shown either (hurt is set on the way out).
        else: Always shown.
    cites:
      - source: bbc
        quote: The uprising began as a rally in central Budapest
    choices:
      - {text: Go, goto: end}
      - {text: Get hurt, goto: end, effects: hurt = true}
  - id: end
    date: "1956-10-23 09:00"
    place: Budapest
    title: End
    text:
      - if: hurt
        text: You are hurt.
    cites:
      - source: bbc
        quote: The uprising began as a rally in central Budapest
    ending: {title: The end}
"""


def test_variants_never_shown_are_warned_at_their_condition(make_story) -> None:
    story, diagnostics = make_story(SCENES)
    assert story is not None and not diagnostics.items, [str(d) for d in diagnostics]
    found = Diagnostics()
    assert check_text_variants(story, found) is True
    messages = sorted((d.pos.line + 1, d.pos.col + 1, d.message) for d in found.items)
    # chapter.yaml has three lines of header before the scenes; the end scene's `if: hurt`
    # shows both ways and is not reported
    assert [(line, col) for line, col, _ in messages] == [(10, 13), (12, 13), (15, 13)]
    assert "never holds in any playthrough" in messages[0][2]
    assert "always holds: its else: is never shown" in messages[1][2]
    assert "never holds in any playthrough" in messages[2][2]
    assert all(d.severity.value == "warning" for d in found.items)


def test_nothing_is_claimed_when_the_walk_is_cut_short(make_story) -> None:
    story, _ = make_story(SCENES)
    found = Diagnostics()
    assert check_text_variants(story, found, max_states=1) is False
    assert not found.items


def test_check_command_reports_them_and_exits_zero(make_story, run_cli, tmp_path: Path) -> None:
    story, _ = make_story(SCENES)
    result = run_cli("check", story.root)
    assert result.code == 0
    assert result.out.count("warning: condition in its text") == 3
    assert result.out.strip().endswith("0 errors, 3 warnings in 2 scenes")
