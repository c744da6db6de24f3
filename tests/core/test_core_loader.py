"""Loading and validating story folders: the built model, and the loader never raising."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.diagnostics import StoryLoadError
from game.core.explore import random_play
from game.core.builder import paragraphs
from game.core.loader import load_story, load_story_or_raise
from game.core.story import Story



def test_clean_pack_model(load_pack) -> None:
    story, diagnostics = load_pack("clean")
    assert story is not None and not diagnostics.items
    assert (story.id, story.title, story.version, story.subtitle) == ("fixture_clean", "Fixture Story", "1.0", "A test pack")
    assert list(story.scenes) == ["start", "shift", "square", "radio", "home"]
    assert list(story.perspectives) == ["student", "worker"]
    assert story.perspectives["worker"].start == "shift"
    assert story.variables["courage"].minimum == 0 and story.variables["courage"].maximum == 3
    assert story.default_variables() == {"courage": 0, "hurt": False, "name": "Zsofi"}
    start = story.scenes["start"]
    assert start.chapter == "day_one" and start.perspective == "student"
    assert start.text.plain == ["The radiator knocks.", "Zsófi gets up."]  # paragraphs split at blank lines
    assert not start.text.is_reactive
    assert [c.id for c in start.choices] == ["brave", "wait"]
    assert start.choices[0].effects.sources == ["courage += 1"]
    square = story.scenes["square"]
    assert square.perspective == "shared" and square.pause and square.discussion == ["Why did people come?"]
    march = square.choices[0]
    assert march.condition.source == "courage >= 1" and march.closed_reason == "You are not brave enough yet."
    assert march.record.text == "The crowd marched on the radio."
    assert story.scenes["home"].chapter == "day_two"
    assert story.scenes["radio"].ending.kind == "stayed"
    assert story.scenes["radio"].content_note == "Tear gas."
    assert [e.id for e in story.endings] == ["radio", "home"]
    assert story.epilogue.title == "What became of Imre Nagy"
    # positions (0-based inside): the scene mapping starts after "  - "
    assert (square.pos.line, square.pos.col) == (39, 4)
    assert square.pos.short.endswith("chapter.yaml:40")
    assert (march.goto_pos.line, march.goto_pos.col) == (55, 14)


def test_choice_ids_default_to_their_position(playable, scene) -> None:
    story = playable(
        scene("start", "choices:\n  - {text: A, goto: end}\n  - {text: B, goto: end}")
        + scene("end", ending=True, date="1956-10-23 09:00")
    )
    assert [c.id for c in story.scenes["start"].choices] == ["start_1", "start_2"]


def test_paragraphs_helper() -> None:
    assert paragraphs("One\nline.\n\n\nTwo.\r\n\r\nThree.") == ["One line.", "Two.", "Three."]
    assert paragraphs(["  a  b ", "", "c"]) == ["a b", "c"]
    assert paragraphs(None) == [] and paragraphs(3) == []


def test_load_story_or_raise(fixtures: Path) -> None:
    assert load_story_or_raise(fixtures / "clean").id == "fixture_clean"
    with pytest.raises(StoryLoadError) as caught:
        load_story_or_raise(fixtures / "missing_goto")
    assert "1 error" in str(caught.value) and "unknown scene 'hom'" in str(caught.value)
    assert caught.value.diagnostics.has_errors


def test_files_list_sets_the_order_and_reports_missing_files(make_story, scene) -> None:
    story, diagnostics = make_story(
        scene("start", ending=True), extra="files: [chapter.yaml, nowhere.yaml]\n", strict=False
    )
    assert story is not None and list(story.scenes) == ["start"]
    [error] = diagnostics.errors
    assert error.message == "chapter file not found: nowhere.yaml"


def test_missing_source_file_is_reported_once(tmp_path: Path, scene) -> None:
    (tmp_path / "story.yaml").write_text(
        "format: 1\nid: s\ntitle: S\nversion: '1'\n"
        "perspectives: [{id: p, name: P, fictional: true, start: a}]\n"
        "chapters: [{id: c, title: C}]\n"
        "sources: [{id: bbc, title: B, publisher: B, date: '1956', file: missing.txt}]\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "chapter: c\nperspective: p\nscenes:\n" + scene("a", ending=True), encoding="utf-8"
    )
    story, diagnostics = load_story(tmp_path, strict=False)
    assert [d.message for d in diagnostics.errors] == ["source file not found: missing.txt"]


def test_variable_declared_twice(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", ending=True),
        chapter_head="variables:\n  student_flag: {type: bool, default: false}\n  courage: {type: int, default: 1}\n",
        strict=False,
    )
    [error] = diagnostics.errors
    assert error.message.startswith("variable 'courage' is declared twice (first at ")
    assert (error.pos.line, error.pos.col) == (4, 2)


def test_variable_default_of_wrong_type_and_range(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", ending=True),
        variables="  courage: {type: int, default: true}\n  level: {type: int, default: 9, min: 0, max: 3}\n"
        "  flag: {type: bool, default: false, min: 0}\n",
        strict=False,
    )
    messages = [d.message for d in diagnostics.errors]
    assert "variable 'courage' is int but its default True is not" in messages
    assert "variable 'level': default 9 is out of its range" in messages
    assert "only number variables have a range; 'flag' is bool" in messages


def test_unknown_chapter_and_perspective_suggest(make_story, scene) -> None:
    _, diagnostics = make_story(
        "  - id: start\n    chapter: day_onne\n    perspective: studnet\n"
        + scene("x", ending=True)[len("  - id: x\n"):],
        strict=False,
    )
    found = {(d.message, d.hint) for d in diagnostics.errors}
    assert ("unknown chapter 'day_onne'", "did you mean 'day_one'?") in found
    assert ("unknown perspective 'studnet'", "did you mean 'student'?") in found


def test_condition_must_be_true_or_false(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", "choices:\n  - {text: A, goto: end, if: courage + 1}\n  - {text: B, goto: end}")
        + scene("end", ending=True, date="1956-10-23 09:00"),
        strict=False,
    )
    [error] = diagnostics.errors
    assert error.message == "condition: a condition must be true or false, but this is a number"


def test_effect_column_in_a_list(make_story, scene) -> None:
    story, diagnostics = make_story(
        scene("start", 'effects:\n  - courage += 1\n  - "hurt = 3"\nchoices:\n  - {text: A, goto: end}')
        + scene("end", ending=True, date="1956-10-23 09:00"),
        strict=False,
    )
    [error] = diagnostics.errors
    assert error.message == "effect: cannot assign a number to 'hurt', which is true/false"
    # line 14 of chapter.yaml (      - "hurt = 3"), the column of h inside the quotes
    assert (error.pos.line + 1, error.pos.col + 1) == (14, 10)


def test_short_quote_is_an_error_and_caption_quote_warns(make_story) -> None:
    story, diagnostics = make_story(
        "  - id: start\n"
        '    date: "1956-10-23 08:00"\n'
        "    place: P\n    title: T\n    text: x\n"
        "    cites:\n"
        "      - {source: bbc, quote: Running battle}\n"
        "      - {source: bbc, quote: 'Bildresultat för UngernrevoltenFoto: Svenska Dagbladet'}\n"
        "    ending: {title: E}\n",
    )
    # a two-word quote cannot show what a scene claims: an error (reported once, so the
    # heading it comes from is not also called uncitable); the caption is uncitable
    assert story is None
    assert [(d.code, d.pos.line + 1) for d in diagnostics.errors] == [("short-quote", 10)]
    assert [d.code for d in diagnostics.warnings] == ["uncitable"]
    assert diagnostics.warnings[0].message == "quote comes from a caption, not from the reports' text"


def test_ending_with_choices_warns(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", "choices:\n  - {text: A, goto: start}", ending=True)
    )
    assert [d.code for d in diagnostics.warnings] == ["ending-choices"]


def test_perspective_with_unknown_start(make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", ending=True), start="strat", strict=False)
    [error] = diagnostics.errors
    assert (error.message, error.hint) == (
        "perspective 'student' starts at unknown scene 'strat'", "did you mean 'start'?"
    )


def test_unsupported_format_version(make_story, scene) -> None:
    story, diagnostics = make_story(scene("start", ending=True), strict=False, extra="")
    assert not diagnostics.errors
    folder = story.root
    text = (folder / "story.yaml").read_text("utf-8").replace("format: 1", "format: 2")
    (folder / "story.yaml").write_text(text, encoding="utf-8")
    _, diagnostics = load_story(folder, strict=False)
    assert [d.message for d in diagnostics.errors] == ["format 2 is not supported (this engine reads 1)"]


# --------------------------------------------------------------------------- bugs


@pytest.mark.parametrize("date", ["yesterday", "1956-10-23 8:00"])
def test_a_bad_date_is_one_message(date: str, make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", ending=True, date=date), strict=False)
    assert len(diagnostics.errors) == 1, [str(d) for d in diagnostics]


def test_partial_dates(make_story, scene) -> None:
    """A scene is dated only as precisely as its source: "1989" or "1958-06" are fine."""
    from game.core.dateline import dateline

    story, diagnostics = make_story(
        scene("start", "choices:\n  - {text: A, goto: trial}", date="1956-10-23 08:00")
        + scene("trial", "choices:\n  - {text: B, goto: later}", date="1958-06")
        + scene("later", ending=True, date="1989")
    )
    assert story is not None and not diagnostics.items, [str(d) for d in diagnostics]
    assert [story.scenes[s].precision for s in ("start", "trial", "later")] == ["minute", "month", "year"]
    assert dateline(story.scenes["trial"]) == "June 1958 · Budapest"
    assert dateline(story.scenes["later"]) == "1989 · Budapest"
    assert dateline(story.scenes["start"]) == "Tuesday 23 October 1956, 08:00 · Budapest"


def test_a_date_that_is_not_real(make_story, scene) -> None:
    _, diagnostics = make_story(scene("start", ending=True, date="1956-13-45"), strict=False)
    [error] = diagnostics.errors
    assert error.message == "'1956-13-45' is not a real date"


def test_day_only_date_on_an_earlier_day_is_backwards(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", "choices:\n  - {text: A, goto: later}", date="1956-10-23 08:00")
        + scene("later", ending=True, date="1956-10-22")
    )
    assert [d.code for d in diagnostics.warnings] == ["time-backwards"]


def test_nul_in_source_file_name_is_a_diagnostic(make_story, tmp_path: Path, scene) -> None:
    folder = tmp_path / "nul"
    folder.mkdir()
    (folder / "story.yaml").write_text(
        "format: 1\nid: s\ntitle: S\nversion: '1'\n"
        "perspectives: [{id: p, name: P, fictional: true, start: a}]\n"
        "chapters: [{id: c, title: C}]\n"
        'sources: [{id: bbc, title: B, publisher: B, date: "1956", file: "bbc\\0.txt"}]\n',
        encoding="utf-8",
    )
    (folder / "c.yaml").write_text("chapter: c\nperspective: p\nscenes:\n" + scene("a", ending=True), "utf-8")
    _, diagnostics = load_story(folder, strict=False)
    assert diagnostics.has_errors


def test_condition_in_a_block_scalar_points_at_the_mistake(make_story, scene) -> None:
    _, diagnostics = make_story(
        scene("start", "choices:\n  - text: go\n    goto: end\n    if: >-\n      courage >= 1 and\n      name\n"
                       "  - {text: b, goto: end}")
        + scene("end", ending=True, date="1956-10-23 09:00"),
        strict=False,
    )
    [error] = diagnostics.errors
    assert error.message == "condition: 'and' needs true/false on both sides; the right side is text"
    assert (error.pos.line + 1, error.pos.col + 1) == (16, 24)


# --------------------------------------------------------------------------- fuzzing

CLEAN = Path(__file__).resolve().parent.parent / "fixtures" / "clean"
CLEAN_STORY = yaml.safe_load((CLEAN / "story.yaml").read_text("utf-8"))
CLEAN_CHAPTER = yaml.safe_load((CLEAN / "chapter.yaml").read_text("utf-8"))

# NUL is left out of generated text: a NUL in a file name is the known crash above.
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12)
WORDS = st.sampled_from(
    ["start", "square", "home", "radio", "shift", "student", "worker", "day_one", "bbc", "courage",
     "hurt", "name", "no", "12:30", "1956-10-23", "1956-10-23 15:00", "courage >= 1", "courage += 1",
     "hurt = true", "visits(\"square\") > 1", "visited(\"home\")", "name == \"x\"", "int", "bool", "str",
     "shared", "The uprising began as a rally in central Budapest", ""]
)
KEYS = st.sampled_from(
    ["id", "text", "goto", "if", "effects", "closed", "record", "cites", "source", "quote", "ending",
     "title", "date", "place", "choices", "chapter", "perspective", "flashback", "pause", "discussion",
     "type", "default", "min", "max", "start", "scenes", "variables", "file", "goot", "notes"]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 12), WORDS, TEXT)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=12,
)


def _paths(value, prefix=()):
    """Every place inside a nested value, as a tuple of keys/indexes."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _mutate(data, draw) -> object:
    """Replace, delete or add one thing somewhere in ``data``."""
    data = copy.deepcopy(data)
    places = list(_paths(data))
    place = draw(st.sampled_from(places))
    if not place:
        return draw(VALUES)
    parent = data
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[last] = draw(VALUES)
    elif action == "delete":
        del parent[last]
    elif isinstance(parent, dict):
        parent[draw(KEYS)] = draw(VALUES)
    else:
        parent.insert(last, draw(VALUES))
    return data


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_mutated_stories_never_crash_the_loader(tmp_path: Path, data) -> None:
    """Any shape of YAML gives diagnostics, never an exception; a story that loads plays."""
    story_data, chapter_data = CLEAN_STORY, CLEAN_CHAPTER
    for _ in range(data.draw(st.integers(1, 3))):
        if data.draw(st.booleans()):
            story_data = _mutate(story_data, data.draw)
        else:
            chapter_data = _mutate(chapter_data, data.draw)
    folder = tmp_path / "mutant"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(CLEAN / "sources", folder / "sources")
    flow = data.draw(st.booleans())
    (folder / "story.yaml").write_text(yaml.safe_dump(story_data, allow_unicode=True, default_flow_style=flow), "utf-8")
    (folder / "chapter.yaml").write_text(yaml.safe_dump(chapter_data, allow_unicode=True), "utf-8")
    lenient, diagnostics = load_story(folder, strict=False)
    for diagnostic in diagnostics:
        assert diagnostic.message and diagnostic.pos.line >= 0 and diagnostic.pos.col >= 0
    story, strict_diagnostics = load_story(folder)
    assert (story is None) == strict_diagnostics.has_errors
    if story is not None:
        assert lenient is not None
        playable_from = [p for p in story.perspectives.values() if p.start in story.scenes]
        if playable_from:
            Story(story, playable_from[0].id)
            random_play(story, games=2, seed=1, max_steps=30)


@given(st.binary(max_size=200), st.binary(max_size=200))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_bytes_as_story_files_never_crash(tmp_path: Path, story: bytes, chapter: bytes) -> None:
    (tmp_path / "story.yaml").write_bytes(story)
    (tmp_path / "chapter.yaml").write_bytes(chapter)
    result, diagnostics = load_story(tmp_path, strict=False)
    assert diagnostics.has_errors or result is not None
