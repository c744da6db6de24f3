"""The editors' notes in classroom mode: the log, the debrief, the handouts, the guide.

The fixture story (``fixtures/story``) has a notes file with notes of every kind: two
errors no scene cites, a contested passage a worker's scene cites as report, context on a
passage cited as fact and on one cited as report, and a provenance note on an image
caption; and a guide file with the topics the guide used to hard-code. Each check would
fail if a format left the notes out, showed them away from their passage, dropped the
stance, or looked them up again for an old session file.

``fixtures/session-v2.json`` was written by the game at commit d9537cd (the scripted
lesson of ``classroom_helpers.play_scripted``, before the log kept notes and stances).
"""

from __future__ import annotations

import csv
import html
import io
import inspect
import json
import re
from pathlib import Path

import pytest
from classroom_helpers import (
    REPORTED_ERROR, REPORTED_RECORD, STORY_DIR, FakeClock, check_html, lesson_to_the_window, load_fixture,
    with_reported_error,
)

import game.classroom.guide as guide_module
from game.classroom.apparatus import NOTES_NOT_RECORDED
from game.classroom.exports import bibliography_csv, export_session, session_html, session_markdown
from game.classroom.guide import build_guide, guide_html, guide_markdown
from game.classroom.render import md
from game.classroom.session import SESSION_VERSION, ClassSession, PassageUse, SessionError, load_session, save_session
from game.core.notes import KINDS

OLD_V2 = STORY_DIR.parent / "session-v2.json"
REACTIVE = Path(__file__).resolve().parents[1] / "fixtures" / "reactive"


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _section(markdown: str, heading: str) -> str:
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def reported_folder(story_copy) -> Path:
    """A copy of the fixture story with a record that cites the passage noted as an error, as report."""
    return with_reported_error(story_copy())


@pytest.fixture
def reported(reported_folder):
    return load_fixture(reported_folder)


# --------------------------------------------------------------------------- the guide


def test_the_guide_lesson_has_every_note_with_its_passage_as_the_file_has_it(classroom_story) -> None:
    guide = build_guide(classroom_story)
    assert {n.id for n in guide.notes} == {n.id for n in classroom_story.notes} and len(guide.notes) == 6
    assert [KINDS.index(n.kind) for n in guide.notes] == sorted(KINDS.index(n.kind) for n in guide.notes)
    markdown, page = guide_markdown(guide), guide_html(guide)
    lesson = _section(markdown, "Where the source is wrong")
    headings = ["### Errors in the source", "### Contested passages", "### Context a reader needs",
                "### About the documents themselves"]
    assert [lesson.index(h) for h in headings] == sorted(lesson.index(h) for h in headings)
    paragraphs = classroom_story.sources["bbc"].document.paragraphs
    for note in classroom_story.notes:
        entry = guide.note(note.id)
        words = paragraphs[note.match.paragraph].text[note.match.start:note.match.end]
        assert entry.passage == words and entry.number == note.match.paragraph + 1
        block = lesson.split(f'<a id="note-{note.id}"></a>', 1)[1].split("<a id=", 1)[0]
        assert f"> {md(words)}\n" in block
        assert f"**Editors' note — {note.label}: {md(note.title)}" in block and md(note.text) in block
        for reference in note.references:
            assert md(str(reference)) in block
        article = page.split(f'id="note-{note.id}"', 1)[1].split("</article>", 1)[0]
        assert f'<blockquote class="passage">{html.escape(words)}</blockquote>' in article
        assert html.escape(note.text) in article and html.escape(f"Editors' note — {note.label}") in article
    assert "5. [Where the source is wrong](#where-the-source-is-wrong)" in markdown
    assert '<li><a href="#where-the-source-is-wrong">Where the source is wrong</a>' in page


def test_the_lesson_names_the_scenes_that_cite_each_noted_passage_and_their_stance(classroom_story) -> None:
    guide = build_guide(classroom_story)
    uses = {note.id: [(u.scene, u.stance, u.perspective) for u in note.uses] for note in guide.notes}
    assert uses == {
        "dead_in_budapest": [], "romanian_troops": [],
        "whose_words": [("w_csepel", "report", "Ferenc Takács")],
        "party_name": [("s_rally", "fact", "Zsófia Varga")],
        "estimate_of_the_dead": [("s_curfew", "report", "Zsófia Varga")],
        "swedish_caption": [],
    }
    csepel = next(c for c in classroom_story.scenes["w_csepel"].cites if c.as_report)
    lesson = _section(guide_markdown(guide), "Where the source is wrong")
    assert f"- Csepel (w\\_csepel), Ferenc Takács, {md(csepel.pos.short)}: as reported\n" in lesson
    assert "- The rally (s\\_rally), Zsófia Varga, " in lesson and "oct23.yaml:" in lesson
    assert lesson.count("No scene cites this passage.") == 3
    page = guide_html(guide)
    assert html.escape(f"Csepel (w_csepel), Ferenc Takács, {csepel.pos.short}: as reported") in page


def test_errors_get_questions_for_the_teacher_and_context_none(classroom_story) -> None:
    guide = build_guide(classroom_story)
    for note in guide.notes:
        expected = {"error": 3, "contested": 2}.get(note.kind, 0)
        assert len(note.questions) == expected, note.id
        assert all(q.rstrip().endswith("?") for q in note.questions)  # questions, not statements
    dead = guide.note("dead_in_budapest")
    assert f"“{REPORTED_ERROR}”" in dead.questions[0]
    assert "No scene of the story cites these words" in dead.questions[1]
    markdown = guide_markdown(guide)
    block = markdown.split('<a id="note-dead_in_budapest"></a>', 1)[1].split("<a id=", 1)[0]
    assert "Questions for the class (guidance for the teacher):" in block
    for number, question in enumerate(dead.questions, start=1):
        assert f"{number}. {md(question)}" in block
    context = markdown.split('<a id="note-party_name"></a>', 1)[1].split("<a id=", 1)[0]
    assert "Questions for the class" not in context


def test_a_record_citing_an_error_as_report_is_in_the_lesson(reported) -> None:
    guide = build_guide(reported)
    dead = guide.note("dead_in_budapest")
    assert [(u.scene, u.stance, u.in_record) for u in dead.uses] == [("s_curfew", "report", True)]
    assert "1 place" in dead.questions[1] and "what would have to change" not in dead.questions[1]
    line = next(line for line in guide_markdown(guide).splitlines() if line.startswith("- The curfew (s\\_curfew)")
                and "in a choice's record" in line)
    assert re.fullmatch(r"- The curfew \(s\\_curfew\), Zsófia Varga, .*fighting\.yaml:\d+: as reported, "
                        r"in a choice's record", line)


def test_the_source_appendix_marks_noted_passages_and_links_to_their_notes(classroom_story) -> None:
    guide = build_guide(classroom_story)
    markdown, page = guide_markdown(guide), guide_html(guide)
    appendix = markdown.split("## The source, paragraph by paragraph", 1)[1]
    checked = check_html(page)
    assert checked.problems == []
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert {ref[1:] for ref in checked.references} <= ids
    for note in classroom_story.notes:
        number = note.match.paragraph + 1
        paragraph = appendix.split(f"**¶{number}** ", 1)[1].split("\n**¶", 1)[0]
        assert f"(#note-{note.id})" in paragraph and f"Editors' note on “{md(guide.note(note.id).passage)}”" in paragraph
        div = page.split(f'id="bbc-p{number}"', 1)[1].split("</div>", 1)[0]
        assert f'href="#note-{note.id}"' in div
        assert f'<mark class="noted">{html.escape(guide.note(note.id).passage)}</mark>' in div
        assert f'href="#bbc-p{number}"' in page.split(f'id="note-{note.id}"', 1)[1].split("</article>", 1)[0]
    unnoted = {n.match.paragraph + 1 for n in classroom_story.notes}
    assert appendix.count("Editors' note on") == len(classroom_story.notes)
    assert all(f'id="bbc-p{n}"' in page for n in unnoted)


def test_topics_come_from_the_story_folder_not_the_code(story_copy) -> None:
    assert not hasattr(guide_module, "TOPICS")
    code = inspect.getsource(guide_module)
    for phrase in ("30,000", "Hungarian Workers", "liquidate", "point blank", "How many died"):
        assert phrase not in code, phrase  # story content lives in the story folder
    folder = story_copy()
    (folder / "guide.yaml").write_text(
        "topics:\n"
        "  - id: bread\n"
        "    title: Bread and alcohol\n"
        "    explanation: What the report says about the shops while the fighting goes on.\n"
        "    passages:\n"
        "      - A ban on alcohol is strictly enforced\n"
        "    keywords: [bread]\n",
        encoding="utf-8",
    )
    guide = build_guide(load_fixture(folder))
    assert [(d.key, d.title) for d in guide.disagreements] == [("bread", "Bread and alcohol")]
    assert guide.disagreements[0].passages[0].cited_by == ["s_queue"]
    markdown = guide_markdown(guide)
    section = _section(markdown, "Where the source disagrees with itself")
    assert "### Bread and alcohol" in section and "How many died?" not in markdown
    assert "Bread and alcohol" in guide_html(guide)


def test_a_story_without_topics_or_notes_has_neither_section(story_copy) -> None:
    folder = story_copy()
    story_file = folder / "story.yaml"
    story_file.write_text(
        story_file.read_text(encoding="utf-8").replace("notes: notes.yaml\n", "").replace("guide: guide.yaml\n", ""),
        encoding="utf-8",
    )
    guide = build_guide(load_fixture(folder))
    assert guide.disagreements == [] and guide.notes == []
    markdown, page = guide_markdown(guide), guide_html(guide)
    for heading in ("Where the source disagrees with itself", "Where the source is wrong"):
        assert heading not in markdown and heading not in page
    assert "Editors' note" not in markdown
    checked = check_html(page)
    assert checked.problems == [] and {ref[1:] for ref in checked.references} <= set(re.findall(r'\bid="([^"]+)"', page))
    assert "4. [Cast](#cast)" in markdown  # the contents count only the sections there are
    reactive = guide_markdown(build_guide(load_fixture(REACTIVE)))
    assert "Where the source is wrong" not in reactive


# --------------------------------------------------------------------------- the log and the debrief


def test_the_log_keeps_the_notes_and_the_stance_of_every_passage_shown(played, classroom_story) -> None:
    passages = played.session.log.passages
    dead = next(p for p in passages if p.quote.startswith("Estimates of the number of dead"))
    note = next(n for n in classroom_story.notes if n.id == "estimate_of_the_dead")
    assert [(n.id, n.kind, n.title, n.text) for n in dead.notes] == [(note.id, note.kind, note.title, note.text)]
    assert [(r.author, r.title, r.year) for r in dead.notes[0].references] == [
        (r.author, r.title, r.year) for r in note.references]
    assert dead.notes[0].quote == "Estimates of the number of dead vary from 2,000 to 5,000"
    assert dead.uses == [PassageUse("s_curfew", "report")]
    others = [p for p in passages if p is not dead]
    assert all(p.notes == [] for p in others) and len(others) == 4
    assert all(use.stance == "fact" for p in others for use in p.uses)


def test_the_debrief_carries_each_record_and_epilogue_passage_with_its_notes_and_stance(reported) -> None:
    session = lesson_to_the_window(reported, FakeClock())
    decision = session.log.decisions[-1]
    cite = decision.record.cites[0]
    assert decision.record.text == REPORTED_RECORD
    assert cite.stance == "report" and cite.as_report and [n.id for n in cite.notes] == ["dead_in_budapest"]
    assert cite.notes[0].quote == REPORTED_ERROR and cite.notes[0].label == "Error in the source"
    debrief = session.debrief()
    (_, record), = [(s, r) for s, r in debrief.records if s.scene == "s_curfew"]
    assert record.cites[0].notes[0].text.startswith("The figure is far too high.")
    epilogue = debrief.epilogue["cites"]
    assert [(c.stance, c.notes) for c in epilogue] == [("fact", [])]
    others = [c for s, r in debrief.records if s.scene != "s_curfew" for c in r.cites]
    assert others and all(c.stance == "fact" and c.notes == [] for c in others)


def test_the_log_keeps_the_notes_as_shown_when_the_notes_change_later(reported, reported_folder, tmp_path) -> None:
    session = lesson_to_the_window(reported, FakeClock())
    path = tmp_path / "lesson.json"
    save_session(session, path)
    notes = reported_folder / "notes.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("The figure is far too high.", "Rewritten later."),
                     encoding="utf-8")
    changed = load_fixture(reported_folder)
    assert any(n.text.startswith("Rewritten later.") for n in changed.notes)
    loaded = load_session(changed, path, now=FakeClock())
    markdown = session_markdown(loaded)
    assert "The figure is far too high." in markdown and "Rewritten later." not in markdown


# --------------------------------------------------------------------------- the handouts


def test_the_handouts_show_each_note_beside_its_passage_and_the_stance(reported, tmp_path) -> None:
    session = lesson_to_the_window(reported, FakeClock())
    written = export_session(session, tmp_path)
    markdown = written["markdown"].read_text(encoding="utf-8")
    note = next(n for n in reported.notes if n.id == "dead_in_budapest")
    heading = f"**Editors' note — Error in the source: {md(note.title)}.** {md(note.text)}"
    # on the path: the record's quote, its reference with the stance, then the note
    step = markdown.split("### Step 4: The curfew", 1)[1].split("\n### ", 1)[0]
    quote_at = step.index(f"> {md(REPORTED_ERROR)}\n")
    ref_at = step.index("; as reported)", quote_at)
    assert quote_at < ref_at < step.index(heading) and "*References: " in step
    # in the bibliography: the passage once, with its note and where it was seen, as reported
    bibliography = _section(markdown, "Bibliography")
    assert bibliography.count(f"> {md(REPORTED_ERROR)}\n") == 1
    after = bibliography.split(f"> {md(REPORTED_ERROR)}\n", 1)[1]
    assert after.index("Seen at: The curfew (as reported).") < after.index(heading) < after.index("\n> ")
    works = bibliography.split("### Works cited by the editors\n", 1)[1]
    cited = [line[2:] for line in works.splitlines() if line.startswith("- ")]
    shown = ("dead_in_budapest", "estimate_of_the_dead", "party_name")
    expected = {md(str(r)) for n in reported.notes if n.id in shown for r in n.references}
    assert sorted(cited) == sorted(expected) and len(cited) == 2  # each work once, of the notes shown only
    assert "**Editors' notes shown:** 3 (1 error in the source, 2 context)" in markdown
    assert "Békés" not in markdown  # the works of notes the class never saw are not listed

    page = written["html"].read_text(encoding="utf-8")
    checked = check_html(page)
    assert checked.problems == [] and all(ref.startswith("#") for ref in checked.references)
    assert sorted(q for _, _, q in checked.passages) == sorted(p.quote for p in session.log.passages)
    record = page.split(f'<blockquote class="cite">{html.escape(REPORTED_ERROR)}</blockquote>', 1)[1]
    assert record.startswith('<p class="ref">BBC On This Day: three reports, ¶20; as reported</p>'
                             '<aside class="editors-note error" data-note="dead_in_budapest">')
    passage = page.split(f'data-paragraph="20">{html.escape(REPORTED_ERROR)}</blockquote>', 1)[1]
    assert passage.split("</p>", 1)[1].startswith('<aside class="editors-note error"')
    assert html.escape(note.text) in passage.split("</aside>", 1)[0]
    assert '<h3 id="works-cited">Works cited by the editors</h3>' in page

    rows = _csv(written["csv"].read_text(encoding="utf-8-sig"))
    decision = next(r for r in rows if r["kind"] == "decision" and r["scene"] == "s_curfew")
    assert "¶20; as reported: " + REPORTED_ERROR in decision["record_citations"]
    assert decision["record_notes"].startswith("Editors' note — Error in the source: Far too many dead. ")
    assert note.text in decision["record_notes"] and "References: " in decision["record_notes"]
    passages = _csv(written["bibliography"].read_text(encoding="utf-8-sig"))
    passage_row = next(r for r in passages if r["kind"] == "passage" and r["quote"] == REPORTED_ERROR)
    assert passage_row["cited_as"] == "The curfew: report" and note.text in passage_row["editors_notes"]
    unnoted = {p.quote for p in session.log.passages if p.notes == []}
    plain = [r for r in passages if r["quote"] in unnoted]
    assert len(plain) == len(unnoted) >= 3
    assert all(r["editors_notes"] == "" and r["cited_as"].endswith(": fact") for r in plain)


def test_a_contested_note_title_keeps_its_own_question_mark(classroom_story) -> None:
    session = ClassSession(classroom_story, "worker", now=FakeClock())
    session.choose_directly(0)
    assert session.scene.id == "w_csepel"
    session.scene_sources_seen()
    markdown = session_markdown(session)
    assert "**Editors' note — Contested: Whose words?** The martial-law orders" in markdown
    assert "Seen at: Csepel (as reported)." in markdown


# --------------------------------------------------------------------------- old session files


@pytest.fixture
def v2_payload() -> dict:
    payload = json.loads(OLD_V2.read_text(encoding="utf-8"))
    assert payload["version"] == 2 and "notes" not in payload["log"]["passages"][0]  # as the old game wrote it
    return payload


def test_a_version_2_session_loads_with_its_notes_marked_not_recorded(classroom_story, v2_payload) -> None:
    session = ClassSession.from_json(classroom_story, v2_payload, now=FakeClock())
    assert session.story.path == ["s_room", "s_rally", "s_radio", "s_curfew", "s_window"]
    assert all(p.notes is None and p.uses is None for p in session.log.passages) and len(session.log.passages) == 5
    cites = [c for d in session.log.decisions if d.record for c in d.record.cites]
    assert cites and all(c.notes is None and c.stance is None for c in cites)
    # today's story has a note on the estimate of the dead; the old lesson did not show it
    today = "An estimate made during the fighting"
    markdown = session_markdown(session)
    assert today not in markdown and "Works cited by the editors" not in markdown
    bibliography = _section(markdown, "Bibliography")
    assert bibliography.count(f"- *{md(NOTES_NOT_RECORDED)}.*") == 5
    assert "(as reported)" not in markdown  # the stance is unknown too, not assumed
    page = session_html(session)
    assert check_html(page).problems == [] and today not in page
    assert page.count('<p class="notes-not-recorded">') == 5 + len(cites)
    rows = _csv(bibliography_csv(session))
    assert [(r["editors_notes"], r["cited_as"]) for r in rows] == [(NOTES_NOT_RECORDED, "not recorded")] * 5


def test_a_version_2_session_goes_on_and_new_passages_keep_their_notes(story_copy, v2_payload, tmp_path) -> None:
    story = load_fixture(story_copy())
    session = ClassSession.from_json(story, v2_payload, now=FakeClock())
    session.undo()  # back at the curfew
    seen = session.source_seen(session.scene.cites[1])  # the estimate, seen before: stays not recorded
    assert seen.notes is None and seen.uses is None
    curfew = session.source_seen(session.scene.cites[0])  # a passage new to this lesson
    assert curfew.notes == [] and curfew.uses == [PassageUse("s_curfew", "fact")]
    path = tmp_path / "again.json"
    save_session(session, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["version"] == SESSION_VERSION == 5
    loaded = load_session(story, path)
    assert [p.notes for p in loaded.log.passages].count(None) == 5
    assert loaded.to_json()["log"] == saved["log"]


def test_a_version_1_session_has_no_notes_either(classroom_story) -> None:
    payload = json.loads((STORY_DIR.parent / "session-v1.json").read_text(encoding="utf-8"))
    session = ClassSession.from_json(classroom_story, payload, now=FakeClock())
    cites = [c for d in session.log.decisions if d.record for c in d.record.cites]
    assert cites and all(c.notes is None and c.stance is None for c in cites)
    assert all(p.notes is None for p in session.log.passages)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda log: log["passages"][0].pop("notes"), "damaged: passages 1 has no notes"),
        (lambda log: log["passages"][0].pop("uses"), "damaged: passages 1 has no uses"),
        (lambda log: log["decisions"][0]["record"]["cites"][0].pop("stance"),
         "damaged: decisions 1 record citation 1 has no stance"),
        (lambda log: log["decisions"][0]["record"]["cites"][0].update(stance="rumour"), "neither fact nor report"),
        (lambda log: log["passages"][0]["notes"].append({"id": "x"}), "damaged"),
    ],
)
def test_a_version_3_file_without_its_notes_is_damaged(played, change, message) -> None:
    payload = json.loads(json.dumps(played.session.to_json()))
    change(payload["log"])
    with pytest.raises(SessionError, match=message):
        ClassSession.from_json(load_fixture(), payload)
