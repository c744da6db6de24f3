"""The exported handout, parsed back and checked against the session log."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from classroom_helpers import FakeClock, Played, check_html, load_fixture, play_scripted

from game.classroom.exports import export_session
from game.classroom.render import format_duration
from game.classroom.session import ClassSession

LORRY = "One group drove a heavy lorry at the front door in an attempt to break it open."


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _markdown_bibliography(text: str) -> list[tuple[str, int]]:
    """(quote, paragraph number) for every passage of the Markdown bibliography section."""
    section = text.split("\n## Bibliography\n", 1)[1].split("\n## ", 1)[0]
    found = []
    blocks = re.findall(r"((?:^> .*\n)+)\n(.*)\n", section, flags=re.MULTILINE)
    for quote_lines, reference in blocks:
        quote = " ".join(line[2:] for line in quote_lines.splitlines())
        number = re.search(r"¶(\d+)", reference)
        assert number, reference
        found.append((quote, int(number.group(1))))
    return found


def test_export_writes_markdown_html_and_csv(played: Played, tmp_path: Path) -> None:
    written = export_session(played.session, tmp_path / "out")
    assert set(written) == {"markdown", "html", "csv", "bibliography"}
    assert all(path.is_file() and path.stat().st_size > 200 for path in written.values())
    assert written["html"].suffix == ".html" and written["csv"].suffix == ".csv" and written["markdown"].suffix == ".md"


def test_csv_votes_add_up_and_winners_match_the_log(played: Played, tmp_path: Path) -> None:
    rows = _csv_rows(export_session(played.session, tmp_path)["csv"])
    decisions = [row for row in rows if row["kind"] == "decision"]
    log = played.session.log.decisions
    assert len(decisions) == len(log)
    for row, decision in zip(decisions, log):
        counts = [int(row[f"votes_{c.number}"]) for c in decision.choices]
        assert counts == [c.votes for c in decision.choices]
        assert sum(counts) == int(row["total_votes"]) == decision.total_votes
        assert int(row["winner"]) == decision.winner + 1
        assert row["winner_text"] == decision.winning_choice.text
        assert row[f"choice_{decision.winner + 1}"] == row["winner_text"]
        assert row["tie_broken_by_teacher"] == ("yes" if decision.teacher_tiebreak else "no")
        assert row["undone"] == ("yes" if decision.undone else "no")
        assert row["record_text"] == (decision.record.text if decision.record else "")
        assert row["story_date"] == decision.date and row["scene"] == decision.scene
    assert [row["status_3"] for row in decisions if row["scene"] == "s_rally"] == ["closed", "closed"]
    assert [row["method"] for row in decisions] == ["vote", "vote", "teacher", "vote", "vote"]


def test_csv_bibliography_rows_are_exactly_the_passages_seen(played: Played, tmp_path: Path) -> None:
    rows = _csv_rows(export_session(played.session, tmp_path)["bibliography"])
    passages = {(row["quote"], int(row["paragraph"])) for row in rows if row["kind"] == "passage"}
    seen = {(p.quote, p.paragraph_number) for p in played.session.log.passages}
    assert passages == seen and len(seen) == 5
    first = next(row for row in rows if row["kind"] == "passage")
    assert (first["source_title"], first["publisher"], first["source_date"]) == ("BBC On This Day: three reports", "BBC", "1956")


def test_markdown_bibliography_is_exactly_the_passages_seen(played: Played, tmp_path: Path) -> None:
    text = export_session(played.session, tmp_path)["markdown"].read_text(encoding="utf-8")
    listed = _markdown_bibliography(text)
    seen = [(p.quote, p.paragraph_number) for p in played.session.log.passages]
    assert sorted(listed) == sorted(seen)
    assert LORRY not in text.split("## Bibliography", 1)[1]  # a scene's passage the class never opened
    assert "BBC On This Day: three reports, BBC, 1956, ¶" in text


def test_markdown_has_the_path_votes_record_prompts_and_times(played: Played, tmp_path: Path) -> None:
    session = played.session
    text = export_session(session, tmp_path)["markdown"].read_text(encoding="utf-8")
    for decision in session.log.decisions:
        assert f"### Step {decision.step}: {decision.scene_title}" in text
    assert "### Step 2: The rally (undone)" in text
    assert "A tie between 1 and 2 (4 each): the teacher chose 1." in text
    assert "The teacher chose 1 without a vote." in text
    assert "The class chose 2 with 6 of 7 votes." in text
    assert "**What the record says:** The crowd marched on the radio." in text
    for prompt in session.log.prompts:
        assert prompt.text in text
    assert f"**{format_duration(1770)}**" in text and "29 min 30 s" in text
    assert "| 1 | The rented room | Before the rally | 09:00:00 | 09:05:00 | 5 min 00 s |" in text
    assert "Ending reached: Indoors" in text


def test_html_is_self_contained_well_formed_and_has_the_same_bibliography(played: Played, tmp_path: Path) -> None:
    text = export_session(played.session, tmp_path)["html"].read_text(encoding="utf-8")
    checked = check_html(text)
    assert checked.problems == []
    assert "script" not in checked.tags and "link" not in checked.tags and "img" not in checked.tags
    assert all(ref.startswith("#") for ref in checked.references), checked.references
    assert "@media print" in text and "<style>" in text
    listed = sorted((quote, number) for _, number, quote in checked.passages)
    assert listed == sorted((p.quote, p.paragraph_number) for p in played.session.log.passages)
    body = "".join(checked.text)
    assert "29 min 30 s" in body and "The crowd marched on the radio." in body
    for prompt in played.session.log.prompts:
        assert prompt.text in body


def test_author_text_is_escaped_in_html_and_markdown(story_copy, tmp_path: Path) -> None:
    folder = story_copy()
    chapter = folder / "prologue.yaml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "text: Go to the rally tomorrow", "text: 'Go <script>alert(1)</script> & <b>shout</b> | *now*'"
        ),
        encoding="utf-8",
    )
    story = load_fixture(folder)
    session = ClassSession(story, "student", now=FakeClock())
    session.choose_directly(0)
    written = export_session(session, tmp_path / "out")
    html_text = written["html"].read_text(encoding="utf-8")
    checked = check_html(html_text)
    assert checked.problems == [] and "script" not in checked.tags and "b" not in checked.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;shout&lt;/b&gt;" in html_text
    markdown = written["markdown"].read_text(encoding="utf-8")
    assert r"\<script\>" in markdown and r"\| \*now\*" in markdown
    rows = _csv_rows(written["csv"])
    assert rows[0]["choice_1"] == "Go <script>alert(1)</script> & <b>shout</b> | *now*"  # CSV keeps the words


def test_an_export_during_the_lesson_has_the_scene_on_screen_and_no_unseen_passage(
    classroom_story, tmp_path: Path,
) -> None:
    clock = FakeClock()
    session = ClassSession(classroom_story, "student", now=clock)
    clock.advance(75)
    written = export_session(session, tmp_path)
    markdown = written["markdown"].read_text(encoding="utf-8")
    assert "on screen | 1 min 15 s |" in markdown
    assert "The class did not open any passage of the source." in markdown
    assert _markdown_bibliography(markdown) == []
    assert _csv_rows(written["bibliography"]) == []
    assert check_html(written["html"].read_text(encoding="utf-8")).passages == []
    assert "In progress, at: The rented room" in markdown


def test_exporting_again_replaces_the_files_with_the_session_so_far(classroom_story, tmp_path: Path) -> None:
    clock = FakeClock()
    session = ClassSession(classroom_story, "student", now=clock)
    first = export_session(session, tmp_path)["csv"]
    assert [r for r in _csv_rows(first) if r["kind"] == "decision"] == []
    session.choose_directly(1)
    again = export_session(session, tmp_path)["csv"]
    assert again == first and len([r for r in _csv_rows(again) if r["kind"] == "decision"]) == 1


def test_a_second_scripted_lesson_exports_identically(played: Played, tmp_path: Path) -> None:
    """Same actions on the same clock, same handout: nothing reads the machine's clock."""
    other = play_scripted(load_fixture(), FakeClock())
    first = export_session(played.session, tmp_path / "a")
    second = export_session(other.session, tmp_path / "b")
    for kind in first:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
