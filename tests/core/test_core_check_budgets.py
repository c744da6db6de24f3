"""Issue 12, red-team round: ``check`` does bounded work however many mistakes a pack makes,
prints one line per diagnostic whatever the pack's names hold, and reads numbers as the
authoring guide writes them.

Each test counts work or output lines, never time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_pack import HEADER, at, errors, run, scene_yaml, story_yaml, write_pack

from game.core import diagnostics, sources, validate
from game.core.diagnostics import did_you_mean, fresh_suggestion_budget
from game.core.loader import load_story


def _many_missing_quotes(count: int) -> str:
    """``count`` scenes in a chain, each citing a different invented quote."""
    scenes = [scene_yaml(f"s{i}", goto=f"s{i + 1}", quote=f"The uprising began as a rally q{i} central") for i in range(count)]
    return HEADER + "".join(scenes) + scene_yaml(f"s{count}", ending=True)


def test_missing_quotes_past_the_limit_are_not_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 invented quotes against a 2 MB source took minutes; the search stops after
    MAX_MISSING_QUOTES misses, and only the first MAX_CLOSEST_HINTS get a hint."""
    searched: list[str] = []
    hinted: list[str] = []
    find, closest = sources.SourceDocument.find, sources.SourceDocument.closest
    monkeypatch.setattr(sources.SourceDocument, "find", lambda self, q: (searched.append(q), find(self, q))[1])
    monkeypatch.setattr(sources.SourceDocument, "closest", lambda self, q: (hinted.append(q), closest(self, q))[1])
    count = validate.MAX_MISSING_QUOTES + 60
    found = errors(write_pack(tmp_path / "pack", _many_missing_quotes(count)))
    missing = [e for e in found if e.code == "quote-not-found"]
    [unchecked] = [e for e in found if e.code == "quote-not-checked"]
    assert len(missing) == validate.MAX_MISSING_QUOTES
    assert len(hinted) == validate.MAX_CLOSEST_HINTS
    assert len([q for q in searched if q.startswith("The uprising began as a rally q")]) == validate.MAX_MISSING_QUOTES
    assert "closest passage" in missing[0].hint and "after the first 50 missing quotes" in missing[-1].hint
    # the first unchecked citation is the one after the last searched, and it counts the rest
    assert at(unchecked) == (4 + 11 * validate.MAX_MISSING_QUOTES + 7, 16)
    assert "(and 60 more:" in unchecked.message  # the 59 other invented quotes and the last scene's good one


def test_a_pack_with_few_missing_quotes_gets_every_hint(tmp_path: Path) -> None:
    found = errors(write_pack(tmp_path / "pack", _many_missing_quotes(3)))
    assert [e.code for e in found] == ["quote-not-found"] * 3
    assert all("closest passage" in e.hint for e in found)


def test_suggestions_stop_when_their_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    """4,000 gotos to 4,000 different missing scenes asked for 16 million comparisons."""
    monkeypatch.setattr(diagnostics, "SUGGESTION_BUDGET", 25)
    fresh_suggestion_budget()
    names = [f"scene_{i}" for i in range(10)]
    assert did_you_mean("scene_1x", names) == "did you mean 'scene_1'?"
    assert did_you_mean("scene_2x", names) == "did you mean 'scene_2'?"
    assert did_you_mean("scene_3x", names) == ""  # 30 comparisons would pass the 25
    fresh_suggestion_budget()
    assert did_you_mean("scene_3x", names) == "did you mean 'scene_3'?"


def test_each_load_has_its_own_suggestion_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(diagnostics, "SUGGESTION_BUDGET", 3)
    chapter = HEADER + scene_yaml("s0", goto="s1x") + scene_yaml("s1", ending=True)
    pack = write_pack(tmp_path / "pack", chapter)
    for _ in range(2):  # the second load is not left with the first one's spent budget
        [error] = errors(pack)
        assert error.hint.startswith("did you mean 's1'?"), error.hint
    did_you_mean("a", ["b", "c", "d"])  # spend it
    [error] = errors(pack)
    assert error.hint.startswith("did you mean 's1'?")


@pytest.mark.parametrize("where, chapter, story", [
    ("goto", HEADER + scene_yaml("s0", goto='"s1\\nstory.yaml:1:1: error: FORGED"') + scene_yaml("s1", ending=True), None),
    ("key", HEADER + scene_yaml("s0", goto="s1", body='    "tit\\nstory.yaml:1:1: warning: FORGED": x\n')
     + scene_yaml("s1", ending=True), None),
    ("source file", HEADER + scene_yaml("s0", ending=True),
     story_yaml().replace("file: sources/bbc.txt", 'file: "nope.txt\\n\\n0 errors, 0 warnings in 2 scenes"')),
])
def test_a_name_holding_a_newline_cannot_print_a_line_of_its_own(
        tmp_path: Path, where: str, chapter: str, story: str | None) -> None:
    pack = write_pack(tmp_path / "pack", chapter, story)
    result = run("check", str(pack))
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and "\\n" in result.stdout
    # every line is one of check's own: a diagnostic about this pack, or the summary at the end
    assert all(line.startswith(str(pack)) for line in lines[:-1]), result.stdout
    assert lines[-1].startswith(("1 error", "2 errors")), result.stdout


def test_a_chapter_file_named_with_a_newline_is_one_line_too(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True))
    (pack / "a\nstory.yaml:1:1: error: FORGED.yaml").write_text("x: 1\n", encoding="utf-8")
    result = run("check", str(pack))
    assert all(line.startswith(str(pack)) or line.startswith(("1 error", "2 errors")) for line in result.stdout.splitlines()), \
        result.stdout


@pytest.mark.parametrize("effect", ["courage = ٣", "courage = ３", "courage = 1٣"])
def test_only_plain_digits_are_numbers_in_effects(tmp_path: Path, effect: str) -> None:
    """int() reads '1٣' as 13: a number must look like what it is."""
    chapter = HEADER + scene_yaml("s0", goto="s1", body=f"        effects: {effect}\n") + scene_yaml("s1", ending=True)
    [error] = errors(write_pack(tmp_path / "pack", chapter))
    bad = next(i for i, char in enumerate(effect) if not char.isascii())
    assert error.message.startswith("effect: unexpected character") and at(error) == (15, 18 + bad)


@pytest.mark.parametrize("value", ["٣", "３", "1_000", "+3", " 3x"])
def test_only_plain_digits_are_numbers_in_set(tmp_path: Path, value: str) -> None:
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True))
    result = run("play", "--text", "--story", str(pack), "--set", f"courage={value}")
    assert result.returncode != 0 and "write digits 0-9" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_a_nul_in_a_source_path_is_one_error(tmp_path: Path) -> None:
    story = story_yaml().replace("file: sources/bbc.txt", 'file: "sources/bbc.txt\\0../x"')
    [error] = errors(write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True), story))
    assert error.code == "control-character"


def test_a_refused_chapter_does_not_also_lose_the_first_scene(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True))
    (tmp_path / "elsewhere.yaml").write_text((pack / "chapter.yaml").read_text("utf-8"), encoding="utf-8")
    (pack / "chapter.yaml").unlink()
    (pack / "chapter.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    [error] = errors(pack)
    assert error.code == "outside-pack"


@pytest.mark.parametrize("char, rule", [("\u202e", "bidi-control"), ("\u2028", "line-separator"), ("\x1c", "control-character")])
def test_a_source_text_holding_a_hidden_control_is_refused(tmp_path: Path, char: str, rule: str) -> None:
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True))
    (pack / "sources" / "bbc.txt").write_text(f"The uprising began as a rally in{char} central Budapest.\n", encoding="utf-8")
    story, found = load_story(pack)
    [error] = found.errors
    assert story is None and error.code == rule and "line 1, column 33" in error.message, error.message


def test_a_goto_that_is_no_id_is_one_error(tmp_path: Path) -> None:
    chapter = HEADER + scene_yaml("s0", goto='"S 1!"') + scene_yaml("s1", ending=True)
    found = errors(write_pack(tmp_path / "pack", chapter))
    assert [(e.code, at(e)) for e in found] == [("pattern", (14, 15))], [str(e) for e in found]


def test_a_place_is_a_name_and_has_a_name_s_cap(tmp_path: Path) -> None:
    """A 10,000-character place passed check and ran off the window in the dateline."""
    chapter = HEADER + scene_yaml("s0", ending=True).replace("place: P", "place: " + "Bródy Sándor utca " * 12)
    [error] = errors(write_pack(tmp_path / "pack", chapter))
    assert error.code == "too-long" and at(error) == (6, 12) and "200" in error.message


def test_printed_values_cannot_multiply_the_text_caps(tmp_path: Path) -> None:
    """A 9,990-character text variable printed 1,250 times in one paragraph at the cap was
    12.5 million characters on screen from a 10 KB chapter: the game took gigabytes."""
    story = story_yaml().replace("variables:\n", "variables:\n  friend: {type: str, default: " + "w" * 9990 + "}\n")
    paragraph = "{friend}" * 1250
    chapter = HEADER + scene_yaml("s0", ending=True, text=paragraph)
    found = errors(write_pack(tmp_path / "pack", chapter, story))
    assert sorted((e.code, at(e)) for e in found) == [("too-long", (6, 32)), ("too-many", (8, 173))], \
        [str(e) for e in found]
    assert "(and 1229 more)" in next(e.message for e in found if e.code == "too-many")


def test_a_long_value_from_anywhere_prints_cut_to_the_cap() -> None:
    """A hand-edited save can still hold a long text: what is drawn is bounded."""
    from game.core.diagnostics import Pos
    from game.core.text import MAX_PRINTED, Paragraph, Slot

    paragraph = Paragraph(("Hello, ", Slot("friend", Pos("x")), "."), Pos("x"))
    assert paragraph.render({"friend": "w" * 1_000_000}) == "Hello, " + "w" * MAX_PRINTED + "."


def test_set_refuses_a_text_longer_than_a_text_variable_holds(tmp_path: Path) -> None:
    story = story_yaml().replace("variables:\n", "variables:\n  friend: {type: str, default: Jani}\n")
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True), story)
    result = run("play", "--text", "--story", str(pack), "--set", "friend=" + "x" * 201)
    assert result.returncode != 0 and "at most 200 characters" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_the_sources_together_have_a_cap(tmp_path: Path) -> None:
    """Twenty sources of 2 MiB each were 40 MB to normalise and index: half a minute."""
    from game.core.packlimits import MAX_PACK_SOURCE_BYTES

    extra = "".join(f"  - {{id: s{n}, title: S, publisher: P, date: '1956', file: sources/s{n}.txt}}\n" for n in range(3))
    pack = write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True), story_yaml() + extra)
    chunk = ("The crowd marched on the radio station. " * 25 + "\n\n").encode("utf-8")
    for n in range(3):
        (pack / "sources" / f"s{n}.txt").write_bytes(chunk * (MAX_PACK_SOURCE_BYTES // 3 // len(chunk) + 1))
    [error] = errors(pack)
    assert error.code == "too-many" and "together pass 4,194,304 bytes with sources/s2.txt" in error.message
    assert at(error) == (len(story_yaml().splitlines()) + 3, 58)  # at the third file: name


def test_a_quote_past_the_cap_is_one_error(tmp_path: Path) -> None:
    quote = "The uprising began " + "again and " * 1200
    [error] = errors(write_pack(tmp_path / "pack", HEADER + scene_yaml("s0", ending=True, quote=quote)))
    assert error.code == "too-long"
