"""The one-pass chapter builder (issue 13) against the general path it stands in for.

fastchapter may only make a clean file faster: for any file at all, the load with it
must give the very diagnostics, in the same order, and the very model the general path
gives. Compared here on the fixture packs, the shipped story, generated stories and a
few hundred mutants of a chapter that uses every field of the format."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from game.core import builder, compiledcache, fastchapter
from game.core.loader import load_story
from game.paths import default_story_dir
from game.tools.bench import generate_reactive_story, generate_story
from hostile_pack import story_yaml, write_pack

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: a chapter using every field a scene, a choice, a citation and an ending may have,
#: in the shapes fastchapter builds itself and in those it leaves to the general path
RICH_CHAPTER = '''chapter: day_one
perspective: student
scenes:
  - id: s0
    date: "1956-10-23 08:00"
    place: Budapest
    title: "The rally"
    text: |
      The crowd grows. Courage: {courage}.

      A second paragraph,
      over two lines.
    cites:
      - source: bbc
        quote: The uprising began as a rally
        note: the opening
      - source: bbc
        quote: "the crowd marched on the broadcasting station"
        as: report
    effects: courage += 1
    discussion: Why did they march?
    content_note: Shooting.
    notes: for authors only
    choices:
      - id: go
        text: Go to the radio
        goto: s1
        effects:
          - courage += 1
          - "courage -= 1"
      - text: Stay
        goto: s2
        if: courage >= 1
        closed: Not brave enough.
      - text: Wait
        goto: s3
        reply: You waited.
      - text: Remember
        goto: s1
        record:
          text: What happened.
          cites:
            - {source: bbc, quote: The uprising began as a rally}
  - id: s1
    chapter: day_one
    perspective: shared
    date: "1956-10-23 08:30"
    place: 'Radio'
    title: Radio
    text: >
      Folded text
      on two lines.
    cites: [{source: bbc, quote: The uprising began as a rally}]
    pause: true
    flashback: false
    discussion:
      - One?
      - Two?
    choices:
      - {text: Onwards, goto: s2}
  - id: s2
    date: "1956-10-23 09:00"
    place: P
    title: T
    text:
      - A list of paragraphs.
      - if: courage >= 2
        text: Brave.
        else: Not brave.
    cites:
      - source: bbc
        quote: The uprising began as a rally
    choices:
      - text: End
        goto: s3
  - id: s3
    date: "1956-10-24"
    place: P
    title: T
    text: "The end, quoted."
    cites:
      - source: bbc
        quote: The uprising began as a rally
    ending:
      title: Home
      kind: stayed
      epilogue: |
        Years later.
'''


def _recording(build, found: list[bool]):
    """``build`` (fastchapter.build), noting in ``found`` whether each call built the file."""
    def recorded(*args, **kwargs):
        scenes = build(*args, **kwargs)
        found.append(scenes is not None)
        return scenes

    return recorded


def _both_ways(folder: Path, **options) -> tuple[tuple, tuple]:
    """(diagnostics as printed, model without closures) with and without fastchapter.
    When fastchapter built no file of the first load, both loads took the general path
    throughout and are the same by construction: the second is not made."""
    results = []
    built: list[bool] = []
    real_build = fastchapter.build
    counted = _recording(real_build, built)
    for fast in (True, False):
        if not fast and not any(built):
            return results[0], results[0]
        builder._Builder.fast = fast
        fastchapter.build = counted
        try:
            story, diagnostics = load_story(folder, strict=False, **options)
        finally:
            builder._Builder.fast = True
            fastchapter.build = real_build
        if story is not None:
            with compiledcache._closures_put_aside(story):
                model = repr(story)
        else:
            model = None
        results.append(([str(d) for d in diagnostics.items], model))
    return results[0], results[1]


@pytest.fixture
def fast_results(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Per chapter file read, whether fastchapter built it."""
    found: list[bool] = []
    monkeypatch.setattr(fastchapter, "build", _recording(fastchapter.build, found))
    return found


def test_the_rich_chapter_is_built_in_one_pass_and_the_same(tmp_path: Path, fast_results: list[bool]) -> None:
    pack = write_pack(tmp_path / "rich", RICH_CHAPTER)
    fast, general = _both_ways(pack)
    assert fast == general
    assert fast[0] == [] and fast[1] is not None  # a clean story, so the comparison means something
    assert fast_results[0] is True


@pytest.mark.parametrize("pack", sorted(p.name for p in FIXTURES.iterdir() if (p / "story.yaml").is_file()))
def test_every_fixture_pack_loads_the_same(pack: str) -> None:
    fast, general = _both_ways(FIXTURES / pack)
    assert fast == general


def test_the_shipped_story_loads_the_same(fast_results: list[bool]) -> None:
    fast, general = _both_ways(default_story_dir())
    assert fast == general
    assert any(fast_results)


def test_generated_stories_load_the_same_and_in_one_pass(tmp_path: Path, fast_results: list[bool]) -> None:
    generate_story(tmp_path / "large", 600, per_file=200)
    generate_reactive_story(tmp_path / "reactive")
    for folder in (tmp_path / "large", tmp_path / "reactive"):
        fast, general = _both_ways(folder)
        assert fast == general and fast[1] is not None
    assert fast_results[:3] == [True, True, True]  # the large story's three files


#: what a mutation may put in: YAML syntax, words YAML 1.1 reads otherwise, ids of
#: nothing, refused and invisible characters, braces, long text
PIECES = [
    "", " ", "  ", "-", ":", ": ", "'", '"', "{", "}", "[", "]", "#", "&a", "*a", "!!str ", "!!int ", "yes", "no",
    "on", "null", "~", "12:30", "0x1F", "1e3", "true", "True", "s9", "day_two", "shared", "bbc2", "courage",
    "\u200b", "\x07", "\u202e", "\\u0007", "{courage}", "{nobody}", "x" * 300, "1956-13-40", "id: s0",
    "goto: s9", "if: courage >=", "effects: courage += true", "reply: [", "quote: not in the source at all",
    "\n", "\n  - id: s0\n", "text: [a, b]", "cites: []", "ending: {title: T}", "chapter: nowhere",
    '"\\u0007"', '"a\\u202eb"', '"s0\\u200b"', '"1956-02-30"', '"1956-10-23 25:00"', "'yes'", "|\n      x",
]


def _mutant(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        index = rng.randrange(len(lines))
        action = rng.choice(["delete", "duplicate", "insert", "replace", "indent", "value", "value"])
        line = lines[index]
        if action == "value":  # the whole value of a key: 'title: yes', 'date: "1956-02-30"'
            key, colon, _value = line.partition(": ")
            if colon:
                lines[index] = key + colon + rng.choice(PIECES)
        elif action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = line[2:] if line.startswith("  ") and rng.random() < 0.5 else "  " + line
        else:
            cut = rng.randint(0, len(line))
            piece = rng.choice(PIECES)
            end = cut if action == "insert" else min(len(line), cut + rng.randint(1, 8))
            lines[index] = line[:cut] + piece + line[end:]
    return "\n".join(lines)


def test_mutants_of_the_rich_chapter_load_the_same(tmp_path: Path, fast_results: list[bool]) -> None:
    rng = random.Random(1956)
    pack = write_pack(tmp_path / "mutant", RICH_CHAPTER)
    chapter = pack / "chapter.yaml"
    differing = []
    for number in range(300):
        text = _mutant(rng, RICH_CHAPTER)
        chapter.write_text(text, "utf-8")
        fast, general = _both_ways(pack)
        if fast != general:
            differing.append((number, text, fast[0], general[0]))
    assert differing == []
    # the mutants exercised both outcomes: built in one pass, and left to the general path
    assert True in fast_results and False in fast_results


#: values that are wrong, or read two ways, in some field or other
TRICKY_VALUES = [
    '"\\u0007"', '"a\\u202eb"', '"s0\\u200b"', "yes", "12:30", "null", '"1956-02-30"', '"1956-10-23 25:00"',
    "'" + "x" * 301 + "'", "[a]", "{a: b}", "s9", "shared", "true",
]


@pytest.mark.parametrize("value", TRICKY_VALUES)
def test_each_value_replaced_by_a_tricky_one_loads_the_same(tmp_path: Path, value: str) -> None:
    """Every 'key: value' line of the rich chapter in turn given a value that is wrong,
    or read otherwise by YAML 1.2, somewhere in the format."""
    pack = write_pack(tmp_path / "tricky", RICH_CHAPTER)
    lines = RICH_CHAPTER.split("\n")
    for index, line in enumerate(lines):
        key, colon, rest = line.partition(": ")
        if not colon or not rest or rest in ("|", ">"):
            continue
        changed = lines[:index] + [key + colon + value] + lines[index + 1:]
        (pack / "chapter.yaml").write_text("\n".join(changed), "utf-8")
        fast, general = _both_ways(pack)
        assert fast == general, (index, line)


def test_mutants_of_story_yaml_load_the_same(tmp_path: Path) -> None:
    """What story.yaml declares (chapters, perspectives, variables) decides what a clean
    chapter may name: a declaration lost or misspelt must give the general path's word."""
    rng = random.Random(23)
    pack = write_pack(tmp_path / "mutant", RICH_CHAPTER)
    story = story_yaml()
    for _ in range(60):
        (pack / "story.yaml").write_text(_mutant(rng, story), "utf-8")
        fast, general = _both_ways(pack)
        assert fast == general


def test_a_pack_past_its_scene_cap_is_left_to_the_general_path(tmp_path: Path) -> None:
    generate_story(tmp_path / "capped", 120, per_file=50)
    fast, general = _both_ways(tmp_path / "capped", max_scenes=100)
    assert fast == general and "at most 100 scenes" in " ".join(fast[0])
    shutil.rmtree(tmp_path / "capped")


def test_every_key_built_in_one_pass_counts_as_one_value() -> None:
    """fastchapter counts each key of a mapping it builds as one value, as the converter
    does for any key shorter than CHARS_PER_VALUE: true of every key it knows."""
    from game.core import schema
    from game.core.yamlread import CHARS_PER_VALUE

    records = (schema.CHAPTER_FILE, schema.SCENE, schema.CHOICE, schema.CITATION, schema.ENDING)
    assert all(len(key) < CHARS_PER_VALUE for record in records for key in record.fields)
