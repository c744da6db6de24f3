"""``budapest1956 sources``: which scenes cite which paragraph; what no scene cites."""

from __future__ import annotations

import json
from pathlib import Path

from game.tools.sources_report import citing_scenes


def test_sources_json(fixtures: Path, run_cli) -> None:
    result = run_cli("sources", "--format", "json", fixtures / "clean")
    assert result.code == 0
    [source] = json.loads(result.out)["sources"]
    assert source["id"] == "bbc" and source["title"] == "BBC On This Day"
    paragraphs = source["paragraphs"]
    assert len(paragraphs) == 75
    assert set(paragraphs[0]) == {"index", "line", "kind", "text", "cited_by", "cited_as_report_by", "notes"}
    by_index = {p["index"]: p for p in paragraphs}
    assert by_index[29]["cited_by"] == ["start"]
    assert by_index[23]["cited_by"] == ["shift"]
    assert by_index[4]["cited_by"] == ["square"]
    assert by_index[33]["cited_by"] == ["square"]  # the record of a choice counts for its scene
    assert by_index[36]["cited_by"] == ["radio"]
    assert by_index[40]["cited_by"] == ["home"]
    assert by_index[21]["cited_by"] == ["(epilogue)"]
    assert by_index[33]["line"] == 68
    # headings, the two captions and the credit are marked and never counted as uncited
    assert [p["index"] for p in paragraphs if p["kind"] == "heading"] == [0, 6, 22, 28, 34, 51, 58]
    assert [p["index"] for p in paragraphs if p["kind"] == "caption"] == [5, 47]
    assert [p["index"] for p in paragraphs if p["kind"] == "credit"] == [74]
    cited = {4, 21, 23, 29, 33, 36, 40}
    assert source["uncited"] == [p["index"] for p in paragraphs if p["kind"] == "text" and p["index"] not in cited]
    assert source["coverage"] == "7/65"


def test_sources_text(fixtures: Path, run_cli) -> None:
    result = run_cli("sources", fixtures / "clean")
    assert result.code == 0
    out = result.out
    assert out.startswith("BBC On This Day [bbc]\ncontent paragraphs cited: 7/65\n")
    assert "¶  1 line   1 (heading): 1956 November 4th Soviet troops overrun" in out
    assert "¶  6 line  11 (caption): Bildresultat för UngernrevoltenFoto: Svenska Dagbladet" in out
    assert "¶ 48 line  96 (caption): Bildresultat för budapest 1956Foto: Unknown" in out
    assert "¶ 75 line 152 (credit): Source: BBC" in out
    assert "¶ 30 line  60: The uprising began as a rally" in out
    assert "       cited by: start\n" in out
    assert "       cited by: square\n" in out
    assert out.count("       not cited") == 58
    assert "content paragraphs no scene cites: ¶2, ¶3," in out


def test_the_epilogue_is_listed_once_per_paragraph(playable, scene) -> None:
    story = playable(
        scene("start", ending=True),
        extra=(
            "epilogue:\n  title: After\n  text: Nagy.\n  cites:\n"
            "    - {source: bbc, quote: Imre Nagy took refuge in the Yugoslav embassy}\n"
            "    - {source: bbc, quote: His body was dumped face down in an unmarked grave}\n"
        ),
    )
    cited = citing_scenes(story)
    assert cited[("bbc", 50)] == ["(epilogue)"]


def test_sources_report_shows_notes_and_stance(fixtures: Path, run_cli) -> None:
    """Each paragraph carries the editors' notes anchored in it, and says which scenes cite
    it only as what the BBC reported."""
    result = run_cli("sources", "--format", "json", fixtures / "notes_clean")
    assert result.code == 0
    [source] = json.loads(result.out)["sources"]
    noted = [p for p in source["paragraphs"] if p["notes"]]
    assert noted, "the notes_clean pack has notes"
    for paragraph in noted:
        for note in paragraph["notes"]:
            assert note["quote"] in paragraph["text"]  # quoted as the file has it
            assert note["kind"] in ("error", "contested", "context", "provenance")
    reported = [p for p in source["paragraphs"] if p["cited_as_report_by"]]
    assert reported and all(set(p["cited_as_report_by"]) <= set(p["cited_by"]) for p in reported)
    text = run_cli("sources", fixtures / "notes_clean").out
    assert "(as reported)" in text and "editors' note (error):" in text
