"""Editors' notes (game/core/notes.py) and the citation stance: which notes a citation
meets, in what order, how the loader and the checker treat them, and what export carries.

The packs are in ``tests/fixtures/`` (``notes_clean`` and the mistake packs named after a
rule); ``test_core_check_packs.py`` checks each pack's message at its exact place. This
file checks the logic underneath and the cases a pack per mistake would not show. None of
it reads the shipped ``scenes/``, whose notes and scenes others are writing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.model import Citation
from game.core.notes import (
    KIND_LABELS,
    KINDS,
    STANCES,
    EditorsNote,
    Reference,
    notes_in_paragraph,
    notes_on,
)
from game.core.sources import CitationMatch, SourceDocument

SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "clean" / "sources" / "bbc-on-this-day-1956.txt"
ROMANIAN = "with Russian and Romanian reinforcements"
PARLIAMENT = "tanks opened fire on a crowd in Parliament Square at point-blank range"


def note(nid: str, paragraph: int | None, start: int = 10, end: int = 20, kind: str = "error",
         source: str = "bbc") -> EditorsNote:
    match = CitationMatch(paragraph, start, end) if paragraph is not None else None
    return EditorsNote(nid, source, "q", kind, f"title {nid}", "text", [Reference("A", "T", 2000)], match)


# --------------------------------------------------------------------------- notes_on: overlap

@pytest.mark.parametrize(("start", "end"), [
    (10, 20),  # the same span
    (12, 18),  # inside the note's span
    (0, 40),  # around it
    (5, 11),  # over its first character
    (19, 30),  # over its last character
])
def test_a_citation_overlapping_the_noted_span_meets_the_note(start: int, end: int) -> None:
    on = note("n", 5)
    assert notes_on([on], "bbc", CitationMatch(5, start, end)) == [on]
    assert on.covers("bbc", CitationMatch(5, start, end))


@pytest.mark.parametrize(("start", "end"), [
    (20, 30),  # begins where the note ends (spans are half-open)
    (0, 10),  # ends where the note begins
    (25, 40),  # later in the same paragraph
])
def test_a_citation_touching_but_not_overlapping_does_not(start: int, end: int) -> None:
    assert notes_on([note("n", 5)], "bbc", CitationMatch(5, start, end)) == []


def test_the_same_span_of_another_paragraph_or_source_does_not() -> None:
    on = note("n", 5)
    assert notes_on([on], "bbc", CitationMatch(6, 10, 20)) == []
    assert notes_on([on], "bbc", CitationMatch(4, 10, 20)) == []
    assert notes_on([on], "radio", CitationMatch(5, 10, 20)) == []
    assert notes_on([note("m", 5, source="radio")], "radio", CitationMatch(5, 10, 20)) != []


def test_unmatched_citations_and_unanchored_notes_meet_nothing() -> None:
    assert notes_on([note("n", 5)], "bbc", None) == []
    assert notes_on([note("n", None)], "bbc", CitationMatch(5, 10, 20)) == []


def test_most_serious_first_whatever_the_files_order() -> None:
    notes = [
        note("context", 5, kind="context"), note("odd", 5, kind="wrong"), note("provenance", 5, kind="provenance"),
        note("contested", 5, kind="contested"), note("error", 5, kind="error"), note("elsewhere", 6),
    ]
    found = notes_on(notes, "bbc", CitationMatch(5, 0, 100))
    assert [n.id for n in found] == ["error", "contested", "context", "provenance", "odd"]
    assert KINDS == ("error", "contested", "context", "provenance")


def test_two_notes_of_one_kind_keep_the_files_order() -> None:
    first, second = note("first", 5, 30, 40, kind="context"), note("second", 5, 0, 12, kind="context")
    assert notes_on([first, second], "bbc", CitationMatch(5, 0, 100)) == [first, second]


# --------------------------------------------------------------------------- notes_in_paragraph

def test_notes_in_a_paragraph_in_the_order_they_stand_in_it() -> None:
    late, early, middle = note("late", 5, 40, 50), note("early", 5, 0, 5), note("middle", 5, 20, 30, kind="context")
    others = [note("next", 6, 0, 5), note("radio", 5, 0, 5, source="radio"), note("loose", None)]
    assert notes_in_paragraph([late, *others, early, middle], "bbc", 5) == [early, middle, late]
    assert notes_in_paragraph([late, early], "bbc", 7) == []
    assert notes_in_paragraph(others, "radio", 5) == [others[1]]


def test_labels_say_whose_voice() -> None:
    assert set(KIND_LABELS) == set(KINDS)
    assert note("n", 5, kind="error").label == "Error in the source"
    assert note("n", 5, kind="provenance").label == "About this document"
    assert note("n", 5, kind="wrong").label == "wrong"  # never a crash on a bad kind
    assert str(Reference("Charles Gati", "Failed Illusions", 2006)) == "Charles Gati, Failed Illusions (2006)"


# --------------------------------------------------------------------------- loading notes_clean

def test_notes_clean_loads_every_note_anchored(load_pack) -> None:
    story, diagnostics = load_pack("notes_clean")
    assert story is not None, [str(d) for d in diagnostics]
    assert not list(diagnostics)
    assert [(n.id, n.kind) for n in story.notes] == [
        ("romanian_troops", "error"), ("parliament_square", "contested"),
        ("polish_october", "context"), ("written_later", "provenance"),
    ]
    document = story.sources["bbc"].document
    for each in story.notes:
        assert each.match is not None, each.id
        assert document.paragraphs[each.match.paragraph].text[each.match.start:each.match.end] == each.quote
    romanian = story.notes[0]
    assert romanian.paragraph == 8
    assert romanian.references == [Reference(
        "Csaba Békés, Malcolm Byrne and János M. Rainer (eds.)",
        "The 1956 Hungarian Revolution: A History in Documents", 2002,
    )]
    assert romanian.text.startswith("No Romanian forces took part") and "\n" not in romanian.text
    assert story.notes[2].references == []  # a context note need not name a work
    assert [t.id for t in story.topics] == ["the_dead", "who_shot"]
    assert story.topics[0].keywords == ["dead", "killed", "casualties"]


def test_stance_defaults_to_fact(load_pack) -> None:
    story, _ = load_pack("notes_clean")
    stances = {(scene.id, c.quote[:20]): c.stance for scene, c in story.citations()}
    assert stances == {
        ("start", "The uprising began a"): "fact",
        ("square", "Immediately after th"): "fact",
        ("square", "swept back into the "): "report",  # in a choice's record
        ("home", "The demonstrators, h"): "fact",
        ("home", "On 25 October, tanks"): "report",
    }
    assert Citation("bbc", "three words here").stance == "fact"
    assert STANCES == ("fact", "report")
    start = story.scenes["start"].cites[0]
    assert not start.as_report
    # cited as fact and met by a context note: allowed, and the note is still found
    assert [n.id for n in story.notes_on(start)] == ["polish_october"]


def test_which_notes_each_citation_of_notes_clean_meets(load_pack) -> None:
    story, _ = load_pack("notes_clean")
    met = {(scene.id, c.stance): [n.id for n in story.notes_on(c)] for scene, c in story.citations()}
    assert met[("square", "report")] == ["romanian_troops"]
    assert met[("home", "report")] == ["parliament_square"]
    assert met[("square", "fact")] == [] and met[("home", "fact")] == []


# --------------------------------------------------------------------------- the stance rules, end to end

def _codes(diagnostics) -> list[tuple[str, str]]:
    return [(d.severity.value, d.code) for d in diagnostics.sorted()]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_same_citation_as_report_is_clean(copy_pack, load_pack) -> None:
    """The error of ``noted_error_as_fact`` is the stance, and only the stance."""
    from game.core.loader import load_story

    folder = copy_pack("noted_error_as_fact")
    quote = f"        quote: swept back into the capital {ROMANIAN}\n"
    _replace(folder / "chapter.yaml", quote, quote + "        as: report\n")
    story, diagnostics = load_story(folder)
    assert story is not None and not list(diagnostics), [str(d) for d in diagnostics]
    _, diagnostics = load_pack("noted_error_as_fact", strict=False)
    assert _codes(diagnostics) == [("error", "noted-error-as-fact")]


def test_a_record_citing_a_noted_error_as_fact_is_refused(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("notes_clean")
    _replace(folder / "chapter.yaml", "              as: report\n", "")
    _, diagnostics = load_story(folder, strict=False)
    assert _codes(diagnostics) == [("error", "noted-error-as-fact")]
    error = diagnostics.errors[0]
    assert (error.pos.line + 1, error.pos.col + 1) == (39, 22)  # the record's quote
    assert "note 'romanian_troops'" in error.message


def test_the_story_epilogue_is_held_to_the_rule_too(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("noted_error_as_fact")
    _replace(folder / "chapter.yaml", f"quote: swept back into the capital {ROMANIAN}",
             "quote: Soviet troops deployed outside Budapest swept back into the capital\n        as: report")
    epilogue = (
        "epilogue:\n  title: Afterwards\n  text: The tanks came back.\n"
        f"  cites:\n    - {{source: bbc, quote: {ROMANIAN}}}\n"
    )
    with (folder / "story.yaml").open("a", encoding="utf-8") as out:
        out.write(epilogue)
    _, diagnostics = load_story(folder, strict=False)
    assert _codes(diagnostics) == [("error", "noted-error-as-fact")]
    assert diagnostics.errors[0].pos.path.endswith("story.yaml")
    assert diagnostics.errors[0].pos.line + 1 == 25


def test_an_error_and_a_contested_note_on_one_passage_give_one_message(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("noted_error_as_fact")
    with (folder / "notes.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "\n  - id: reinforcements\n    source: bbc\n"
            "    quote: Soviet troops deployed outside Budapest swept back into the capital with Russian\n"
            "    kind: contested\n    title: From where\n    text: Where the units came from.\n"
            "    references: [{author: Charles Gati, title: Failed Illusions, year: 2006}]\n"
        )
    story, diagnostics = load_story(folder, strict=False)
    assert [n.id for n in story.notes_on(story.scenes["square"].cites[1])] == ["romanian_troops", "reinforcements"]
    assert _codes(diagnostics) == [("error", "noted-error-as-fact")]


def test_a_citation_beside_a_noted_passage_in_its_paragraph_is_fact(copy_pack) -> None:
    """Same paragraph, no overlap: "between 0400 and 0800" follows the noted words."""
    from game.core.loader import load_story

    folder = copy_pack("noted_error_as_fact")
    _replace(folder / "chapter.yaml", f"quote: swept back into the capital {ROMANIAN}",
             "quote: between 0400 and 0800 local time")
    story, diagnostics = load_story(folder)
    assert story is not None, [str(d) for d in diagnostics]
    cite = story.scenes["square"].cites[1]
    assert cite.paragraph == story.notes[0].paragraph == 8
    assert story.notes_on(cite) == []


def test_a_contested_passage_as_fact_warns_but_loads(load_pack) -> None:
    story, diagnostics = load_pack("noted_contested_as_fact")
    assert story is not None
    assert _codes(diagnostics) == [("warning", "noted-contested-as-fact")]


def test_a_report_is_still_a_quote_that_must_stand_in_the_source(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("notes_clean")
    _replace(folder / "chapter.yaml", f"quote: swept back into the capital {ROMANIAN}",
             "quote: swept back into the capital with Rumanian reinforcements")
    _, diagnostics = load_story(folder, strict=False)
    assert _codes(diagnostics) == [("error", "quote-not-found")]
    _replace(folder / "chapter.yaml", "quote: swept back into the capital with Rumanian reinforcements",
             "quote: Romanian reinforcements")
    _, diagnostics = load_story(folder, strict=False)
    assert _codes(diagnostics) == [("error", "short-quote")]


# --------------------------------------------------------------------------- one mistake, one message

def test_a_reference_with_a_wrong_year_is_one_message(copy_pack) -> None:
    """The work is named, only its year is wrong: not also "names no standard work"."""
    from game.core.loader import load_story

    folder = copy_pack("note_without_reference")
    with (folder / "notes.yaml").open("a", encoding="utf-8") as out:
        out.write('    references:\n      - {author: Charles Gati, title: Failed Illusions, year: "2006"}\n')
    _, diagnostics = load_story(folder, strict=False)
    assert len(list(diagnostics)) == 1, [str(d) for d in diagnostics]
    assert "'year' must be a whole number, not text" in diagnostics.errors[0].message


def test_a_notes_file_named_wrongly_as_a_list_is_not_also_read_as_a_chapter(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("noted_error_as_fact")
    _replace(folder / "story.yaml", "notes: notes.yaml\n", "notes: [notes.yaml]\n")
    _, diagnostics = load_story(folder, strict=False)
    assert [(d.pos.path.rsplit("/", 1)[-1], d.message) for d in diagnostics] == [
        ("story.yaml", "story.yaml: 'notes' must be text, not a list"),
    ]


# --------------------------------------------------------------------------- companion files are not chapters

@pytest.mark.parametrize("name", ["day_two.yaml", "./notes.yaml", "chapter2.yml"])
def test_a_notes_file_with_a_chapter_like_name_is_not_read_as_a_chapter(name: str, copy_pack) -> None:
    """Every other .yaml beside story.yaml is a chapter unless story.yaml names it as
    its notes (however the name is spelt)."""
    from game.core.loader import load_story

    folder = copy_pack("notes_clean")
    if name != "./notes.yaml":
        (folder / "notes.yaml").rename(folder / name)
    _replace(folder / "story.yaml", "notes: notes.yaml\n", f"notes: {name}\n")
    story, diagnostics = load_story(folder)
    assert story is not None, [str(d) for d in diagnostics]
    assert [Path(f).name for f in story.files] == ["chapter.yaml"]
    assert len(story.notes) == 4 and all(n.match for n in story.notes)
    assert len(story.scenes) == 3


def test_without_notes_key_the_same_file_would_be_a_chapter(copy_pack) -> None:
    """The control for the test above: the file is picked up when story.yaml does not
    name it, so that test shows the exclusion and not an accident of naming."""
    from game.core.loader import load_story

    folder = copy_pack("notes_clean")
    _replace(folder / "story.yaml", "notes: notes.yaml\n", "")
    _, diagnostics = load_story(folder, strict=False)
    assert any(d.pos.path.endswith("notes.yaml") and "unknown key 'notes' in chapter file" in d.message
               for d in diagnostics), [str(d) for d in diagnostics]


def test_the_guide_file_is_not_a_chapter_either(copy_pack) -> None:
    from game.core.loader import load_story

    folder = copy_pack("notes_clean")
    (folder / "guide.yaml").rename(folder / "a_guide.yaml")
    _replace(folder / "story.yaml", "guide: guide.yaml\n", "guide: a_guide.yaml\n")
    story, diagnostics = load_story(folder)
    assert story is not None, [str(d) for d in diagnostics]
    assert [Path(f).name for f in story.files] == ["chapter.yaml"] and len(story.topics) == 2


# --------------------------------------------------------------------------- export

def test_export_json_carries_notes_topics_and_stances(fixtures: Path, run_cli) -> None:
    result = run_cli("export", "--format", "json", fixtures / "notes_clean")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    paragraphs = data["sources"][0]["paragraphs"]
    assert [n["id"] for n in data["notes"]] == ["romanian_troops", "parliament_square", "polish_october", "written_later"]
    for item in data["notes"]:
        assert set(item) == {"id", "source", "paragraph", "span", "quote", "kind", "title", "text", "references",
                             "location"}
        start, end = item["span"]
        assert paragraphs[item["paragraph"]][start:end] == item["quote"]
    romanian = data["notes"][0]
    assert (romanian["source"], romanian["paragraph"], romanian["kind"]) == ("bbc", 8, "error")
    assert romanian["span"] == [115, 155] and romanian["quote"] == ROMANIAN
    assert romanian["title"] == "No Romanian troops"
    assert romanian["references"] == [{
        "author": "Csaba Békés, Malcolm Byrne and János M. Rainer (eds.)",
        "title": "The 1956 Hungarian Revolution: A History in Documents", "year": 2002,
    }]
    assert romanian["location"].endswith("notes.yaml:6")
    assert data["notes"][1]["kind"] == "contested" and data["notes"][1]["quote"] == PARLIAMENT
    assert [n["kind"] for n in data["notes"][2:]] == ["context", "provenance"]
    assert [t["id"] for t in data["guide_topics"]] == ["the_dead", "who_shot"]
    assert data["guide_topics"][1]["passages"] == [
        "Police moved in and began firing at the crowds", "shots are said to have been fired",
    ]
    scenes = {s["id"]: s for s in data["scenes"]}
    assert [c["as"] for c in scenes["home"]["cites"]] == ["fact", "report"]
    assert scenes["start"]["cites"][0]["as"] == "fact"
    record = scenes["square"]["choices"][1]["record"]
    assert [c["as"] for c in record["cites"]] == ["report"]
    assert record["cites"][0]["paragraph"] == 8


def test_export_of_a_story_without_notes_has_empty_lists(fixtures: Path, run_cli) -> None:
    data = json.loads(run_cli("export", fixtures / "mistake_base").out)
    assert data["notes"] == [] and data["guide_topics"] == []
    assert {c["as"] for s in data["scenes"] for c in s["cites"]} == {"fact"}


# --------------------------------------------------------------------------- the matching packs mean what they say

def test_the_inside_a_word_pack_quotes_words_that_stand_only_inside_a_longer_word(fixtures: Path) -> None:
    """Without the word-boundary rule the pack's quote would be found: it tests the rule."""
    document = SourceDocument.from_file(SOURCE)
    quote = "armed protesters refused to give way"
    assert quote in (fixtures / "quote_inside_a_word" / "chapter.yaml").read_text("utf-8")
    assert sum(quote in p.text for p in document.paragraphs) == 1
    assert document.find(quote) is None
    assert document.find("unarmed " + quote[len("armed "):]) is not None


def test_the_two_paragraph_pack_joins_two_halves_that_each_stand(fixtures: Path) -> None:
    document = SourceDocument.from_file(SOURCE)
    first, second = "which is continuing into the night.", "The Hungarian Communist Party met the same night"
    assert f"quote: {first} {second}" in (fixtures / "quote_two_paragraphs" / "chapter.yaml").read_text("utf-8")
    one, two = document.find(first), document.find(second)
    assert one is not None and two is not None and two.paragraph == one.paragraph + 1
    assert document.find(f"{first} {second}") is None
