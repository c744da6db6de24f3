"""The ``budapest1956`` command: exit codes and output of every authoring subcommand.

``check`` over every class of mistake lives in ``tests/core/test_core_check_packs.py``; the
text player, graph and sources report have their own files under ``tests/tools/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.cli import build_parser, main


def test_export_json(fixtures: Path, run_cli) -> None:
    result = run_cli("export", "--format", "json", fixtures / "clean")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["title"] == "Fixture Story" and data["id"] == "fixture_clean"
    [source] = data["sources"]
    assert source["id"] == "bbc" and source["file"] == "bbc-on-this-day-1956.txt"
    assert isinstance(source["paragraphs"], list) and len(source["paragraphs"]) == 75
    assert source["paragraphs"][33] == "Immediately after the broadcast, the crowd marched on the broadcasting station."
    assert source["paragraph_kinds"][5] == "caption"
    assert [p["id"] for p in data["perspectives"]] == ["student", "worker"]
    assert data["perspectives"][0]["start"] == "start"
    scenes = {s["id"]: s for s in data["scenes"]}
    assert list(scenes) == ["start", "shift", "square", "radio", "home"]
    square = scenes["square"]
    for key in ("id", "title", "chapter", "perspective", "date", "place", "text", "ending", "choices", "cites",
                "discussion", "location"):
        assert key in square, key
    assert (square["title"], square["chapter"], square["perspective"]) == ("The square", "day_one", "shared")
    assert (square["date"], square["place"]) == ("1956-10-23 15:00", "Central Budapest")
    assert square["text"] == ["The crowd is bigger than anyone said."]
    assert square["ending"] is None and square["discussion"] == ["Why did people come?"]
    march, look, home = square["choices"]
    assert (march["text"], march["goto"], march["if"]) == ("March on the radio station", "radio", "courage >= 1")
    assert home["if"] is None and look["if"] == 'visits("square") < 3'
    assert march["record"]["cites"][0]["paragraph"] == 33
    [cite] = square["cites"]
    assert cite["source"] == "bbc" and cite["paragraph"] == 4
    assert cite["quote"] == "Mr Nagy's anti-Soviet policies, which include withdrawal from the Warsaw Pact"
    path, line = square["location"].rsplit(":", 1)
    assert Path(path).resolve() == (fixtures / "clean" / "chapter.yaml").resolve() and line == "40"
    assert scenes["radio"]["ending"] == {"title": "At the radio", "epilogue": ["You stay until morning."], "kind": "stayed"}
    assert data["epilogue"]["cites"][0]["paragraph"] == 21


def test_export_to_a_file(fixtures: Path, run_cli, tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    result = run_cli("export", fixtures / "clean", "--out", out)
    assert result.code == 0 and result.out == ""
    assert f"wrote {out}" in result.err
    assert json.loads(out.read_text("utf-8"))["id"] == "fixture_clean"


@pytest.mark.parametrize("command", [["export"], ["sources"], ["graph"], ["explore"], ["play", "--text", "--story"]])
def test_tools_refuse_a_story_with_errors(command, fixtures: Path, run_cli) -> None:
    result = run_cli(*command, fixtures / "missing_goto")
    assert result.code == 1
    assert "choice goes to unknown scene 'hom'" in result.err
    assert "fix the errors above" in result.err


EXPLORE_KEYS = {"scenes_total", "scenes_reached", "unreachable", "endings_total", "endings_reached", "dead_ends",
                "choices_never_open"}


def test_explore_json(fixtures: Path, run_cli) -> None:
    result = run_cli("explore", "--format", "json", fixtures / "explore_pack")
    assert result.code == 1  # a dead end, an unreachable scene, a choice never open
    report = json.loads(result.out)
    assert EXPLORE_KEYS <= set(report)
    assert (report["scenes_total"], report["scenes_reached"], report["endings_total"]) == (7, 5, 4)
    assert report["unreachable"] == ["end_never", "lost"]
    assert report["endings_reached"] == ["end_fight", "end_home"]
    assert report["choices_never_open"] == ["b:fly"]
    assert [d["scene"] for d in report["dead_ends"]] == ["b"]
    assert report["dead_ends"][0]["variables"] == {"courage": 0, "hurt": False}


def test_explore_clean_exits_zero(fixtures: Path, run_cli) -> None:
    result = run_cli("explore", "--format", "json", fixtures / "clean")
    assert result.code == 0
    report = json.loads(result.out)
    assert (report["scenes_total"], report["scenes_reached"]) == (5, 5)
    assert report["dead_ends"] == [] and report["unreachable"] == [] and report["choices_never_open"] == []


def test_explore_text(fixtures: Path, run_cli) -> None:
    result = run_cli("explore", fixtures / "explore_pack")
    assert result.code == 1
    assert "scenes reached: 5/7" in result.out
    assert "endings reached: 2/4" in result.out
    assert "unreachable: end_never, lost" in result.out
    assert "choices never open: b:fly" in result.out
    assert "dead end: b (" in result.out and "{'courage': 0, 'hurt': False}" in result.out


def test_explore_random(fixtures: Path, run_cli) -> None:
    result = run_cli("explore", "--random", "30", "--seed", "5", "--format", "json", fixtures / "explore_pack")
    report = json.loads(result.out)
    assert report["games"] == 30 and report["seed"] == 5
    assert report["stuck"] and result.code == 1
    result = run_cli("explore", "--random", "30", fixtures / "clean")
    assert result.code == 0
    assert "30 random games (seed 0)" in result.out and "scenes reached: 5/5" in result.out


def test_schema_check_passes_on_the_shipped_scenes(run_cli) -> None:
    """The shipped scenes/*.schema.json are exactly what the engine generates."""
    result = run_cli("schema", "--check")
    assert result.code == 0, result.err
    assert result.err == ""


def test_schema_writes_and_checks(tmp_path: Path, run_cli) -> None:
    result = run_cli("schema", "--check", tmp_path)
    assert result.code == 1 and "out of date" in result.err
    result = run_cli("schema", tmp_path)
    assert result.code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chapter.schema.json", "guide.schema.json", "notes.schema.json", "story.schema.json",
    ]
    assert run_cli("schema", "--check", tmp_path).code == 0
    stale = tmp_path / "chapter.schema.json"
    stale.write_text(stale.read_text("utf-8").replace('"goto"', '"go_to"'), "utf-8")
    result = run_cli("schema", "--check", tmp_path)
    assert result.code == 1 and "chapter.schema.json" in result.err


def test_bad_usage_exits_2(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["check", "--format", "yaml"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_parser_lists_the_subcommands() -> None:
    parser = build_parser()
    help_text = parser.format_help()
    for command in ("check", "sources", "graph", "explore", "export", "play", "schema"):
        assert command in help_text


def test_python_dash_m_game(fixtures: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "game", "check", str(fixtures / "clean")],
        capture_output=True, text=True, timeout=120, cwd=fixtures,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == "0 errors, 0 warnings in 5 scenes"


def test_reactivity_text_and_json(fixtures: Path, run_cli) -> None:
    """A report, not a check: exit 0 with flat spots, 1 if the story does not load, 2 on bad usage."""
    result = run_cli("reactivity", fixtures / "clean")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "1 scene with converging choices, 2 converging choices, 0 acknowledged (0.0%)"
    assert ("  worker: 4 scenes, 0 with reactive text, 0 vary with a choice taken two or more scenes earlier, "
            "1 choice open or close on an earlier decision") in lines
    reading = lines[lines.index(next(line for line in lines if line.startswith("  worker:"))) + 1]
    assert reading.startswith("    reading: ") and "random playthroughs at 200 words a minute" in reading
    assert "reading:" not in run_cli("reactivity", "--pairs", "0", fixtures / "clean").out
    assert run_cli("reactivity", "--pairs", "-1", fixtures / "clean").code == 2
    spots = [line for line in lines if line.partition(": ")[0].rsplit(":", 1)[-1].isdigit()]
    chapter = (fixtures / "clean" / "chapter.yaml").resolve()
    assert [Path(line.split(":")[0]).resolve() for line in spots] == [chapter, chapter]
    assert [line.split(":")[1] for line in spots] == ["17", "21"]
    assert lines[lines.index(spots[0]) - 1] == spots[0].split(":")[0] + ":"  # the file's heading
    assert spots[1].endswith("""(add a reply: or a paragraph in 'square' with if: chose("start.wait"))""")
    result = run_cli("reactivity", "--format", "json", fixtures / "reactive")
    assert result.code == 0
    report = json.loads(result.out)
    assert (report["converging_choices"], report["acknowledged"], report["flat_spots"]) == (2, 2, [])
    assert report["perspectives"]["student"]["varying_count"] == 2
    reading = report["perspectives"]["student"]["reading"]
    assert reading["playthroughs"] == 80 and reading["unfinished"] == 0
    assert 0 < reading["minutes"]["shortest"] <= reading["minutes"]["median"] <= reading["minutes"]["longest"]
    assert run_cli("reactivity", fixtures / "missing_goto").code == 1
    with pytest.raises(SystemExit) as caught:
        main(["reactivity", "--format", "xml"])
    assert caught.value.code == 2
