"""The teacher's guide, generated from the scenes: prompts, source, disagreements, lessons."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from classroom_helpers import check_html, load_fixture

from game.classroom.guide import (
    SceneEntry, build_guide, guide_html, guide_markdown, split_segments, write_guide,
)
from game.classroom.session import SessionError
from game.classroom.render import md


def test_guide_contains_every_prompt_and_every_source_paragraph(classroom_story) -> None:
    guide = build_guide(classroom_story)
    markdown, page = guide_markdown(guide), guide_html(guide)
    prompts = [(scene.id, text) for scene in classroom_story.scenes.values() for text in scene.discussion]
    assert len(prompts) == 6
    assert sorted((p.scene, p.text) for p in guide.prompts) == sorted(prompts)
    for _, text in prompts:
        assert md(text) in markdown
        assert html.escape(text) in page
    paragraphs = classroom_story.sources["bbc"].document.paragraphs
    assert len(paragraphs) > 60
    for paragraph in paragraphs:
        assert f"**¶{paragraph.index + 1}** (line {paragraph.line})" in markdown
        assert md(paragraph.text) in markdown
        assert f'<span class="text">{html.escape(paragraph.text)}</span>' in page


def test_headings_and_captions_are_marked_and_citing_scenes_listed(classroom_story) -> None:
    markdown = guide_markdown(build_guide(classroom_story))
    assert markdown.count("(image caption, not BBC text)") == 2
    assert "(heading): 1956: Hungarians rise up against Soviet rule" in markdown
    assert "(credit line): Source: BBC" in markdown
    rally = re.search(r"\*\*¶(\d+)\*\*[^\n]*About 100,000 students and workers[^\n]*\n\nCited by: ([^\n]*)", markdown)
    assert rally and "The rally (s\\_rally)" in rally.group(2)


def test_guide_changes_when_a_scene_prompt_changes(story_copy) -> None:
    folder = story_copy()
    before = guide_markdown(build_guide(load_fixture(folder)))
    chapter = folder / "oct23.yaml"
    chapter.write_text(
        chapter.read_text(encoding="utf-8").replace(
            "discussion: Who was responsible for the first shots?",
            "discussion: What could the people inside the building see?",
        ),
        encoding="utf-8",
    )
    after_guide = build_guide(load_fixture(folder))
    after = guide_markdown(after_guide)
    assert "Who was responsible for the first shots?" in before
    assert "Who was responsible for the first shots?" not in after
    assert "What could the people inside the building see?" in after
    assert "What could the people inside the building see?" in guide_html(after_guide)


def test_disagreements_show_both_passages_and_the_scenes_that_cite_them(classroom_story) -> None:
    guide = build_guide(classroom_story)
    by_key = {item.key: item for item in guide.disagreements}
    assert set(by_key) == {topic.id for topic in classroom_story.topics}  # the story folder's guide.yaml
    assert len(by_key) == 7
    document = classroom_story.sources["bbc"].document
    for item in guide.disagreements:
        assert item.passages, item.key
        for passage in item.passages:
            assert passage.text == document.paragraphs[passage.paragraph].text  # as the file has it
            for start, end in passage.spans:
                assert passage.text[start:end]
    dead = by_key["casualties"]
    texts = [p.text for p in dead.passages]
    assert any("2,000 to 5,000" in t for t in texts) and any("Some 30,000" in t for t in texts)
    cited = {p.number: p.cited_by for p in dead.passages}
    assert ["s_curfew"] in cited.values() and [] in cited.values()
    assert dead.discussed_in == ["s_curfew"]
    party = by_key["party"]
    assert {"Hungarian Communist Party", "Hungarian Workers’ Party"} <= {ph for p in party.passages for ph in p.phrases}
    assert party.discussed_in == ["s_room", "s_rally"]
    assert by_key["liquidate"].discussed_in == ["w_csepel"]
    assert len(by_key["point_blank"].passages) == 2
    assert len(by_key["reinstated"].passages) == 3
    page = guide_html(guide)
    assert "<mark>between 1100 and 1600 local time</mark>" in page


def test_glossary_lists_only_terms_the_scenes_use(classroom_story, story_copy) -> None:
    guide = build_guide(classroom_story)
    assert [(g.term, g.scenes) for g in guide.glossary] == [("Central Committee", ["s_rally"]), ("curfew", ["s_curfew"])]
    glossary = guide_markdown(guide).split("\n## Glossary\n", 1)[1].split("\n## ", 1)[0]
    assert "**curfew**: An order to stay off the streets" in glossary and "Warsaw Pact" not in glossary
    folder = story_copy()
    story_file = folder / "story.yaml"
    text = story_file.read_text(encoding="utf-8")
    story_file.write_text(re.sub(r"glossary:\n(  - .*\n)+", "", text), encoding="utf-8")
    empty = build_guide(load_fixture(folder))
    assert empty.glossary == []
    assert "No glossary terms are used in the scenes." in guide_markdown(empty)


def test_cast_says_who_is_fictional_and_who_historical(classroom_story) -> None:
    markdown = guide_markdown(build_guide(classroom_story))
    assert "- **Zsófia Varga** (fictional): history student (point of view)" in markdown
    assert "- **Imre Nagy** (historical): Prime Minister" in markdown


def test_synopsis_follows_chapters_and_time_and_lessons_cover_the_path(classroom_story) -> None:
    guide = build_guide(classroom_story)
    student = guide.perspectives[0]
    assert [c.id for c in student.chapters] == ["prologue", "oct23", "fighting"]
    assert [s.id for s in student.chapters[1].scenes] == ["s_rally", "s_home", "s_radio"]  # 15:00, 19:00, 21:00
    assert [s.id for s in student.path] == ["s_room", "s_rally", "s_radio", "s_curfew", "s_queue"]
    rally = next(s for s in student.path if s.id == "s_rally")
    assert rally.minutes == round(rally.words / 150 + 2 + 2 * 5, 1)
    assert [s.id for seg in student.segments for s in seg.scenes] == [s.id for s in student.path]
    assert "150 words a minute read aloud" in guide_markdown(guide)
    assert "#### Lesson plan: about 34 min in 1 lesson\n" in guide_markdown(guide)


def test_segments_cut_near_the_lesson_length_and_prefer_chapter_starts(classroom_story) -> None:
    path = build_guide(classroom_story).perspectives[0].path
    segments = split_segments(path, (10, 15))
    assert [s.id for seg in segments for s in seg.scenes] == [s.id for s in path]
    for segment in segments:
        assert segment.minutes <= 15 or len(segment.scenes) == 1
    assert len(segments) >= 3
    assert segments[1].scenes[0].chapter != segments[0].scenes[-1].chapter  # cut at the chapter start


def test_guide_html_is_self_contained_with_a_table_of_contents(classroom_story) -> None:
    page = guide_html(build_guide(classroom_story))
    checked = check_html(page)
    assert checked.problems == []
    assert "script" not in checked.tags and "img" not in checked.tags
    assert checked.references and all(ref.startswith("#") for ref in checked.references)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert {ref[1:] for ref in checked.references} <= ids  # every contents link has its target
    assert "@media print" in page


def test_segments_are_balanced_rather_than_leaving_a_short_last_lesson() -> None:
    path = [SceneEntry(f"s{n}", f"Scene {n}", "", "one", "p", 1500, 10.0, [], False, 1, "") for n in range(10)]
    segments = split_segments(path, (40, 45))
    minutes = [segment.minutes for segment in segments]
    assert sum(minutes) == 100 and len(segments) == 3
    assert max(minutes) <= 45 and min(minutes) >= 30  # a greedy cut would leave 40, 40, 20


def test_write_guide_picks_the_format_from_the_suffix(classroom_story, tmp_path) -> None:
    page = write_guide(classroom_story, tmp_path / "guide.html").read_text(encoding="utf-8")
    text = write_guide(classroom_story, tmp_path / "deep" / "guide.md").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and check_html(page).problems == []
    assert text.startswith("# Classroom Fixture: teacher's guide")
    with pytest.raises(SessionError, match=r"\.html or \.md"):
        write_guide(classroom_story, tmp_path / "guide.pdf")


def test_the_lesson_plan_counts_the_words_its_sample_class_is_shown(classroom_story) -> None:
    reactive = load_fixture(Path(__file__).resolve().parents[1] / "fixtures" / "reactive")
    guide = build_guide(reactive)
    path = guide.perspectives[0].path
    assert [s.id for s in path] == ["start", "square", "radio"]  # the leaflets, then the march
    square, radio = path[1], path[2]
    # the reply (7 words), the first visit (7), the leaflets left (6), the three choices (11);
    # the longest way through the scene as written, without the reply, would be 24
    assert square.words == 7 + 7 + 6 + 11
    # the march's reply (5 + 6), the text with the leaflets remembered (6 + 8), the epilogue (4 + 8)
    assert radio.words == 11 + 14 + 12
    assert square.minutes == round(square.words / 150 + 2, 1)
    sentence = "the word counts are of what a class on the sample path is shown"
    assert sentence in guide_markdown(guide) and sentence in guide_html(guide)
    assert sentence not in guide_markdown(build_guide(classroom_story))  # a story whose text never varies


# The characters the citation matcher's ``normalise`` treats specially: typographic quote
# marks and dashes (folded), white space and invisible format characters (kept as they are
# when folded one by one, so the folded text keeps the file's length and offsets).
_SPECIAL = "‘’‚‛′`“”„‟″«»–—−" + " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000" \
    + "\xad\u200b\u200c\u200d\u2060\ufeff\u202e\U000e0001" + "aZé ő-'\"."


def _fold_by_hand(text: str) -> str:
    """The guide's fold as first written: ``normalise`` on every character in turn."""
    from game.core.sources import normalise

    return "".join(normalise(char) or char for char in text)


def test_the_remembered_fold_folds_every_character_as_normalise_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.classroom import guide

    text = _SPECIAL * 3 + "“Quoted” — a dash – and\u00a0a no-break space"
    monkeypatch.setattr(guide, "_FOLDED_CHARACTERS", {})
    assert guide._fold(text) == _fold_by_hand(text)
    assert guide._fold(text) == _fold_by_hand(text)  # the second time from the remembered table
    assert len(guide._fold(text)) == len(text)
    assert guide._fold("“a”—b") == "\"a\"-b"


def test_the_fold_remembers_a_bounded_number_of_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.classroom import guide

    monkeypatch.setattr(guide, "_FOLDED_CHARACTERS", {})
    monkeypatch.setattr(guide, "_MAX_FOLDED_CHARACTERS", 10)
    assert guide._fold("abc“") == 'abc"'
    many = "".join(chr(code) for code in range(0x2000, 0x2100))  # spaces, quotes, dashes, format characters
    assert guide._fold(many) == _fold_by_hand(many)
    assert len(guide._FOLDED_CHARACTERS) <= 10
