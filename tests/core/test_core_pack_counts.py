"""Issue 12, counts: a pack may hold only so many scenes, choices, citations, effects,
chapters, perspectives, sources, variables and files (game/core/packlimits.py), each an
error under the rule ``too-many`` at the first item past the limit, naming the limit.

Packs are written into ``tmp_path``; where a cap is large, the test lowers it with
monkeypatch and keeps the same code path, except one real 5,001-scene pack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core import builder, packlimits, schema
from game.core.loader import load_story
from game.tools.bench import generate_story
from hostile_pack import HEADER, at, chain, errors, scene_yaml, story_yaml, write_pack


def too_many(pack: Path) -> list[tuple[str, tuple[int, int], str]]:
    return [(Path(e.pos.path).name, at(e), e.message) for e in errors(pack) if e.code == "too-many"]


def test_the_limits_are_those_the_authoring_guide_states() -> None:
    readme = (Path(__file__).resolve().parents[2] / "scenes" / "README.md").read_text(encoding="utf-8")
    for words in ("5,000 scenes", "100 chapter files", "8 MiB", "500 variables", "100 chapters", "20 perspectives",
                  "20 sources", "20 choices", "20 citations", "20 effects", "1,000"):
        assert words in " ".join(readme.split()), words


def test_a_scene_with_one_choice_too_many(tmp_path: Path) -> None:
    choices = "".join(f"      - text: Go {i}\n        goto: s1\n" for i in range(packlimits.MAX_CHOICES + 1))
    chapter = HEADER + scene_yaml("s0", goto="s1").replace("      - text: Go\n        goto: s1\n", choices)
    chapter += scene_yaml("s1", ending=True)
    # the choices start on line 13, two lines each: the 21st on line 53
    assert too_many(write_pack(tmp_path, chapter)) == [
        ("chapter.yaml", (53, 9), "scene 's0': 'choices': 21 choices; the limit is 20"),
    ]


def test_twenty_choices_are_fine(tmp_path: Path) -> None:
    choices = "".join(f"      - text: Go {i}\n        goto: s1\n" for i in range(packlimits.MAX_CHOICES))
    chapter = HEADER + scene_yaml("s0", goto="s1").replace("      - text: Go\n        goto: s1\n", choices)
    story, diagnostics = load_story(write_pack(tmp_path, chapter + scene_yaml("s1", ending=True)))
    assert story is not None, [str(e) for e in diagnostics.errors]


def test_citations_and_effects_past_their_limits(tmp_path: Path) -> None:
    cites = "".join("      - source: bbc\n        quote: The uprising began as a rally\n" for _ in range(21))
    effects = "        effects:\n" + "".join("          - courage += 1\n" for _ in range(21))
    chapter = HEADER + scene_yaml("s0", goto="s1").replace(
        "      - source: bbc\n        quote: The uprising began as a rally\n", cites
    ).replace("        goto: s1\n", "        goto: s1\n" + effects) + scene_yaml("s1", ending=True)
    # 21 citations from line 10, two lines each; the effects list after the choice's goto
    assert too_many(write_pack(tmp_path, chapter)) == [
        ("chapter.yaml", (50, 9), "scene 's0': 'cites': 21 citations; the limit is 20"),
        ("chapter.yaml", (76, 13), "scene 's0': 'choices'[1]: 'effects': 21 effects; the limit is 20"),
    ]


def test_story_lists_past_their_limits(tmp_path: Path) -> None:
    perspectives = "".join(f"  - {{id: p{i}, name: P, fictional: true, start: s0}}\n" for i in range(20))
    story = story_yaml().replace("perspectives:\n", "perspectives:\n" + perspectives)
    chapters = "".join(f"  - {{id: c{i}, title: C}}\n" for i in range(100))
    story = story.replace("chapters:\n", "chapters:\n" + chapters)
    lines = story.splitlines()
    found = too_many(write_pack(tmp_path, chain(1), story))
    assert [(where, message) for where, _, message in found] == [
        ("story.yaml", "story.yaml: 'perspectives': 21 perspectives; the limit is 20"),
        ("story.yaml", "story.yaml: 'chapters': 101 chapters; the limit is 100"),
    ]
    assert lines[found[0][1][0] - 1] == "  - {id: student, name: Z, fictional: true, start: s0}"
    assert lines[found[1][1][0] - 1] == "  - {id: day_one, title: Tuesday}"


def test_variables_past_the_limit_in_one_file_and_across_files(tmp_path: Path) -> None:
    many = "".join(f"  v{i}: {{type: bool}}\n" for i in range(packlimits.MAX_VARIABLES))
    story = story_yaml().replace("variables:\n", "variables:\n" + many)  # 501 with courage
    found = too_many(write_pack(tmp_path / "one", chain(1), story))
    assert found == [("story.yaml", (506, 3), "story.yaml: 'variables': 501 variables; the limit is 500")]

    few = "".join(f"  v{i}: {{type: bool}}\n" for i in range(packlimits.MAX_VARIABLES - 1))  # 500 with courage
    chapter = chain(1).replace(HEADER, HEADER.replace("scenes:\n", "variables:\n  extra: {type: bool}\nscenes:\n"))
    found = too_many(write_pack(tmp_path / "two", chapter, story_yaml().replace("variables:\n", "variables:\n" + few)))
    assert found == [("chapter.yaml", (4, 3), "a pack declares at most 500 variables; this is one more")]


def test_scenes_past_the_limit_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first scene past the cap is named once, with where the others past it stand,
    and gotos into them are not 'unknown scene' errors too."""
    monkeypatch.setattr(builder, "MAX_SCENES", 3)
    pack = write_pack(tmp_path, chain(4))  # s0..s4: s3 (line 37) and s4 are past
    assert too_many(pack) == [("chapter.yaml", (37, 5), "a pack holds at most 3 scenes; this is one more (and 1 more: line 48)")]
    assert [e.code for e in errors(pack)] == ["too-many"]


def test_a_real_pack_one_scene_past_the_limit(tmp_path: Path) -> None:
    """5,001 generated scenes: the limit is measured, not assumed (about a second)."""
    generate_story(tmp_path, packlimits.MAX_SCENES + 1)
    found = [e for e in errors(tmp_path) if e.code == "too-many"]
    assert len(found) == 1
    lines = Path(found[0].pos.path).read_text(encoding="utf-8").splitlines()
    assert lines[found[0].pos.line] == "  - id: s5000"


def test_chapter_files_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builder, "MAX_CHAPTER_FILES", 2)
    pack = write_pack(tmp_path, chain(1))
    for name in ("more_a.yaml", "more_b.yaml"):
        (pack / name).write_text(HEADER + scene_yaml(name[:-5], ending=True), encoding="utf-8")
    assert too_many(pack) == [("more_b.yaml", (1, 1), "the story folder holds 3 chapter files; the limit is 2")]


def test_listed_chapter_files_past_the_limit(tmp_path: Path) -> None:
    files = "files:\n" + "".join("  - chapter.yaml\n" for _ in range(packlimits.MAX_CHAPTER_FILES + 1))
    found = too_many(write_pack(tmp_path, chain(1), story_yaml(files)))
    assert found == [("story.yaml", (114, 5), "story.yaml: 'files': 101 chapter files; the limit is 100")]


def test_the_yaml_of_a_pack_together_has_a_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(packlimits, "MAX_PACK_YAML_BYTES", 3000)
    pack = write_pack(tmp_path, chain(1))
    (pack / "more.yaml").write_text(HEADER + scene_yaml("more", ending=True) + "# " + "x" * 3000 + "\n", encoding="utf-8")
    (error,) = [e for e in errors(pack) if e.code == "pack-too-large"]
    assert (Path(error.pos.path).name, at(error)) == ("more.yaml", (1, 1))
    assert error.message == "with this file the pack's YAML files pass 3,000 bytes together"


def test_the_json_schemas_carry_the_list_limits() -> None:
    chapter = schema.json_schema(schema.CHAPTER_FILE, "chapter")
    scenes = chapter["properties"]["scenes"]
    assert scenes["maxItems"] == packlimits.MAX_SCENES
    assert scenes["items"]["properties"]["choices"]["maxItems"] == packlimits.MAX_CHOICES
    assert chapter["properties"]["variables"]["maxProperties"] == packlimits.MAX_VARIABLES
