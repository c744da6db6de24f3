"""Issue 12, numbers: every number variable stays within the engine's range
(:mod:`game.core.intrange`), so a loop of ``courage += courage`` can neither grow a
number past what a save can write nor stop the game; a number written outside the range
is an error where it is written.

The packs are ``mistake_base`` with a line replaced, made in ``tmp_path``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.core.intrange import INT_MAX, INT_MIN, RULE
from game.core.loader import load_story
from game.core.saves import read_save
from game.core.savestore import SaveStore
from game.core.story import Story

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
COURAGE = "  courage: {type: int, default: 0, min: 0, max: 3}\n"  # story.yaml line 7
STAY_IN = "      - text: Stay in\n        goto: home\n"  # the start scene's second choice


def make_pack(tmp_path: Path, story: tuple[str, str] | None = None, chapter: tuple[str, str] | None = None) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(FIXTURES / "mistake_base", pack)
    for name, change in (("story.yaml", story), ("chapter.yaml", chapter)):
        if change:
            path = pack / name
            text = path.read_text(encoding="utf-8")
            assert text.count(change[0]) == 1
            path.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    return pack


def looping_pack(tmp_path: Path) -> Path:
    """No ``max``; 'Stay in' returns to the start, multiplying courage by 41 twenty times
    (20 effects, the most a choice may have); 'Sink' takes a billion away twenty times."""
    growing = "".join("          - courage += " + " + ".join(["courage"] * 40) + "\n" for _ in range(20))
    falling = "".join("          - courage -= 1000000000\n" for _ in range(20))
    return make_pack(
        tmp_path,
        story=(COURAGE, "  courage: {type: int, default: 1}\n"),
        chapter=(STAY_IN, "      - text: Stay in\n        goto: start\n        effects:\n" + growing
                 + "      - text: Sink\n        goto: start\n        effects:\n" + falling),
    )


def test_a_doubling_loop_stops_at_the_range_and_every_save_is_written(tmp_path: Path) -> None:
    """134 visits made a number of 4,300+ digits: the next save raised ValueError
    (Python's int-to-text limit). Now it stops at the edge and saves load."""
    data, diagnostics = load_story(looping_pack(tmp_path))
    assert data is not None, [str(d) for d in diagnostics.errors]
    story = Story(data, "student")
    store = SaveStore(tmp_path / "saves", data)
    for _ in range(140):
        story.choose(1)
    assert story.state.variables["courage"] == INT_MAX
    store.write_slot(1, story, "Brave")
    store.autosave(story)
    assert store.slot(1).usable
    assert Story.from_save(data, read_save(store.slot_path(1))).state.variables["courage"] == INT_MAX
    for _ in range(3):
        story.choose(2)
    assert story.state.variables["courage"] == INT_MIN
    store.write_slot(2, story, "Sunk")
    assert store.slot(2).usable


def _errors(pack: Path) -> list[dict[str, object]]:
    data, diagnostics = load_story(pack)
    assert data is None
    return [d.to_json() for d in diagnostics.errors]


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("  courage: {type: int, default: 0, min: 0, max: 10000000000}\n", "10000000000"),
        ("  courage: {type: int, default: 0, min: -1000000001}\n", "-1000000001"),
        ("  courage: {type: int, default: " + "9" * 4000 + "}\n", "9" * 4000),
    ],
    ids=["max", "min", "default-4000-digits"],
)
def test_a_declared_number_outside_the_range_is_an_error_at_it(tmp_path: Path, line: str, number: str) -> None:
    errors = _errors(make_pack(tmp_path, story=(COURAGE, line)))
    assert [(e["path"].endswith("story.yaml"), e["line"], e["column"], e["code"]) for e in errors] == [
        (True, 7, line.index(number) + 1, RULE)
    ]
    assert "-1,000,000,000 to 1,000,000,000" in str(errors[0]["message"])
    assert len(str(errors[0]["message"])) < 300  # 4,000 digits are not printed back


@pytest.mark.parametrize(
    ("old", "new", "literal"),
    [
        ("effects: courage += 1\n", "effects: courage += 1000000001\n", "1000000001"),
        ("if: courage >= 1\n", "if: courage >= " + "1" * 900 + "\n", "1" * 900),
    ],
    ids=["effect", "condition"],
)
def test_a_number_outside_the_range_in_an_expression_is_an_error_at_the_literal(
    tmp_path: Path, old: str, new: str, literal: str,
) -> None:
    pack = make_pack(tmp_path, chapter=(old, new))
    lines = (pack / "chapter.yaml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, start=1) if literal in text)
    errors = _errors(pack)
    assert [(e["line"], e["column"], e["code"]) for e in errors] == [(number, lines[number - 1].index(literal) + 1, RULE)]
    assert "outside the range the game keeps" in str(errors[0]["message"])


def test_check_refuses_such_a_pack_with_a_message_and_exit_1(tmp_path: Path, run_cli) -> None:
    pack = make_pack(tmp_path, story=(COURAGE, "  courage: {type: int, default: 0, max: 99999999999999999999}\n"))
    result = run_cli("check", pack)
    assert result.code == 1
    assert "story.yaml:7:" in result.out and "outside the range the game keeps" in result.out
    assert "Traceback" not in result.out + result.err


def test_a_save_holding_a_number_outside_the_range_is_listed_as_damaged(tmp_path: Path) -> None:
    """No game writes one (every result is clamped), so it was edited: never loaded."""
    data, _ = load_story(FIXTURES / "clean")
    assert data is not None
    store = SaveStore(tmp_path / "saves", data)
    save = Story(data, "student").to_save("Edited")
    save["variables"]["courage"] = save["state"]["variables"]["courage"] = 10**12
    store.slot_path(3).parent.mkdir(parents=True)
    store.slot_path(3).write_text(json.dumps(save), encoding="utf-8")
    info = store.slot(3)
    assert not info.usable and "outside the range the game keeps" in info.error


def test_the_range_is_the_one_the_authoring_guide_and_the_schemas_state() -> None:
    root = Path(__file__).resolve().parents[2]
    readme = (root / "scenes" / "README.md").read_text(encoding="utf-8")
    assert (INT_MIN, INT_MAX) == (-1_000_000_000, 1_000_000_000)
    assert "within -1,000,000,000 to 1,000,000,000" in " ".join(readme.split())
    schema = json.loads((root / "scenes" / "chapter.schema.json").read_text(encoding="utf-8"))
    assert '"maximum": 1000000000' in json.dumps(schema) and '"minimum": -1000000000' in json.dumps(schema)

