"""Author text in session.md and guide.md stays text: a title, choice or paragraph that
starts like a heading, a fence, a list, a quote, a table row, HTML or a link must not turn
into one (issue 11). One function, render.md, escapes it everywhere Markdown is written."""

from __future__ import annotations

import pytest

from classroom_helpers import FakeClock, load_fixture, play_scripted
from game.classroom.exports import session_markdown
from game.classroom.guide import build_guide, guide_markdown
from game.classroom.render import md

HOSTILE = ["# Not a heading", "```python", "~~~", "- not a list", "+ nor this", "12. nor this", "3) nor this",
           "> not a quote", "| not | a row |", "<b>not html</b>", "[not](a link)", "===", "&amp; stays"]


@pytest.mark.parametrize("text,escaped", [
    ("# Heading", "\\# Heading"), ("```python", "\\`\\`\\`python"), ("~~~", "\\~\\~\\~"),
    ("- list", "\\- list"), ("+ list", "\\+ list"), ("12. item", "12\\. item"), ("3) item", "3\\) item"),
    ("> quote", "\\> quote"), ("| a | b |", "\\| a \\| b \\|"), ("<b>x</b>", "\\<b\\>x\\</b\\>"),
    ("[a](b)", "\\[a\\](b)"), ("===", "\\==="), ("---", "\\---"), ("&amp;", "\\&amp;"),
    ("1956 was a year", "1956 was a year"), ("a # b - c", "a # b - c"), ("two\nlines", "two lines"),
])
def test_md_escapes_what_would_become_markup(text: str, escaped: str) -> None:
    assert md(text) == escaped


def _starts_markup(line: str) -> bool:
    stripped = line.lstrip("> ").lstrip("- ").lstrip("*")
    return any(stripped.startswith(h) for h in HOSTILE)


def test_session_markdown_keeps_hostile_text_as_text() -> None:
    played = play_scripted(load_fixture(), FakeClock())
    decision = played.session.log.decisions[0]
    decision.scene_title = HOSTILE[0]
    decision.question = HOSTILE[3]
    for choice, text in zip(decision.choices, HOSTILE[4:]):
        choice.text = text
    visit = played.session.visit_of(decision)
    assert visit is not None and visit.text is not None
    visit.text = list(HOSTILE) + visit.text[-1:]
    visit.reply = list(HOSTILE)
    out = session_markdown(played.session)
    for text in HOSTILE:
        assert md(text) in out
    assert not [line for line in out.splitlines() if _starts_markup(line)]
    assert "### Step 1: \\# Not a heading" in out


def test_guide_markdown_keeps_hostile_titles_as_text() -> None:
    story = load_fixture()
    scene = next(iter(story.scenes.values()))
    scene.title = HOSTILE[0]
    out = guide_markdown(build_guide(story))
    assert "\\# Not a heading" in out
    assert not [line for line in out.splitlines() if line.startswith("# Not a heading")]
