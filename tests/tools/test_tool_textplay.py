"""``budapest1956 play --text``, driven through standard input."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture
def play(run_cli, monkeypatch, fixtures: Path, tmp_path: Path):
    """Run ``play --text`` on a pack with the given lines as standard input (saves in a
    folder of the test's own, so no other test's autosave is offered)."""

    def run(lines: list[str], *args: str, pack: str = "clean"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
        return run_cli("play", "--text", "--story", fixtures / pack, "--data-dir", tmp_path / "data", *args)

    return run


def test_a_whole_game(play) -> None:
    result = play(["2", "1", "9", "x", "s", "j", "u", "1", "1"], "--perspective", "student")
    out = result.out
    assert result.code == 0
    assert out.startswith("Fixture Story\nYou are Zsófia Varga, a student (a fictional character).\n")
    # the first scene with its dateline and numbered choices
    assert "Chapter: Tuesday 23 October\nTuesday 23 October 1956, 08:00 · A rented room in Buda\nThe morning\n" in out
    assert "Choices:\n1. Take the leaflets\n2. Go empty-handed\n" in out
    # "2": the square, where the march is closed and says why
    assert "1. Closed: March on the radio station (You are not brave enough yet.)\n" in out
    # "1": refused
    assert "That choice is closed. You are not brave enough yet." in out
    # "9" and "x": help
    assert "There is no choice 9. Type h for the commands." in out
    assert "x is not a command. Type h for the commands." in out
    assert out.count("Type the number of a choice") == 1  # the commands once, not at every prompt
    # "s": the sources of the scene, with the paragraph number
    assert "[1] BBC On This Day, BBC, paragraph 5:" in out
    assert "“Mr Nagy's anti-Soviet policies, which include withdrawal from the" in out
    assert "Note: straight apostrophe; the source has a curly one" in out
    # "j": the journal
    assert "Journal:\n  The morning: you chose “Go empty-handed”\n  The square: now\n" in out
    # "u": back to the first scene, shown again
    assert out.count("The morning\n\n") == 2
    # "1", "1": leaflets, then the march: an ending with the record and the epilogue
    assert "Ending: At the radio\n\nYou stay until morning.\n" in out
    assert "Content note: Tear gas." in out
    assert ("Your path and the record:\n  The square (Tuesday 23 October 1956, 15:00 · Central Budapest)\n"
            "  You chose: March on the radio station\n  The record: The crowd marched on the radio.\n") in out
    assert "What became of Imre Nagy\nNagy was executed in 1958." in out
    assert "To discuss:\n  1. Who fired first?\n" in out
    assert out.rstrip().endswith("The end.\nYour place is saved.") or out.rstrip().endswith("The end.")


def test_end_of_input_quits_cleanly(play) -> None:
    result = play([], "--perspective", "student")
    assert result.code == 0 and "The morning" in result.out
    assert result.out.endswith("\nYour place is saved.\n")


def test_end_of_input_at_whose_story_quits_cleanly(play) -> None:
    result = play([])
    assert result.code == 0 and result.err == ""
    assert "Whose story do you want to play?\n1. Zsófia Varga, a student (a fictional character).\n" in result.out
    assert "The morning" not in result.out


def test_quit(play) -> None:
    result = play(["q", "1"], "--perspective", "student")
    assert result.code == 0
    assert "The square" not in result.out


def test_undo_at_the_first_scene(play) -> None:
    result = play(["u"], "--perspective", "student")
    assert "Nothing to undo: this is the first scene." in result.out


def test_start_anywhere_with_variables(play) -> None:
    result = play(["1"], "--scene", "square", "--set", "courage=1", "--set", "name=Anna", "--set", "hurt=TRUE")
    assert result.code == 0
    assert "The square\n\n" in result.out
    assert "1. March on the radio station\n" in result.out  # open: courage was set to 1
    assert "Ending: At the radio" in result.out
    assert "You are" not in result.out  # no perspective when starting at a scene


def test_start_anywhere_without_the_variable_the_choice_is_closed(play) -> None:
    result = play([], "--scene", "square")
    assert "1. Closed: March on the radio station" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "corage=1"], "error: unknown variable 'corage'; did you mean 'courage'?"),
        (["--set", "courage=lots"], "error: variable 'courage' is a number; 'lots' is not"),
        (["--set", "hurt=maybe"], "error: variable 'hurt' is true or false; 'maybe' is neither"),
        (["--set", "courage"], "error: --set takes name=value, not 'courage'"),
        (["--scene", "sqare"], "error: unknown scene 'sqare'; did you mean 'square'?"),
        (["--perspective", "studnet"], "error: unknown perspective 'studnet'; did you mean 'student'?"),
    ],
)
def test_bad_start_options(play, args, message: str) -> None:
    result = play([], *args)
    assert result.code == 2
    assert message in result.err


def test_choosing_the_other_perspective(play) -> None:
    result = play(["1", "3"], "--perspective", "worker")
    assert "You are Ferenc Takács, a worker (a fictional character)." in result.out
    assert "The early shift" in result.out
    assert "Ending: The night indoors" in result.out
    assert "Chapter: Wednesday 24 October\nWednesday 24 October 1956, 07:00 · Buda" in result.out


def test_a_choice_that_loops_shows_the_scene_again(play) -> None:
    result = play(["2", "2"], "--perspective", "student")
    assert result.out.count("The square\n\n") == 2


# --------------------------------------------------------------------------- reactive text


@pytest.mark.parametrize(
    ("choice", "reply", "other_reply", "variant", "other_variant"),
    [
        ("1", "You fold the leaflets into your coat.", "You leave with nothing in your pockets.",
         "You hand one out; 2 left.", "Your pockets are empty."),
        ("2", "You leave with nothing in your pockets.", "You fold the leaflets into your coat.",
         "Your pockets are empty.", "You hand one out; 2 left."),
    ],
    ids=["leaflets", "empty-handed"],
)
def test_the_text_read_is_the_text_of_this_playthrough(
    play, choice, reply, other_reply, variant, other_variant,
) -> None:
    result = play([choice, "1", "j"], pack="reactive")  # a way into the square, then the square again
    out = result.out
    assert result.code == 0
    assert "Gábor knocks twice.\n\nSomeone has chalked {Russians go home} on the stairs.\n" in out
    # the reply opens the square, set in from the scene's text, which says what this player has
    assert (f"The square\n\n  {reply}\n\nThe crowd is bigger than anyone said.\n\n{variant}\n") in out
    assert other_reply not in out and other_variant not in out
    # back in the square: the return's variant, and no reply (looking around has none)
    assert "The square\n\nYou walk the square once more.\n" in out
    # the journal: each choice with the reply it got
    chose = "Take the leaflets" if choice == "1" else "Go empty-handed"
    assert (f"Journal:\n  The morning: you chose “{chose}”\n    {reply}\n"
            "  The square: you chose “Look around once more”\n  The square: now\n") in out


def test_a_perspective_without_a_role_is_introduced_without_an_empty_comma(play) -> None:
    assert "You are Zsófia Varga (a fictional character).\n" in play([], pack="reactive").out


def test_the_path_and_the_record_give_the_reply_the_choice_got(run_cli, copy_pack, monkeypatch) -> None:
    folder = copy_pack("clean")
    chapter = folder / "chapter.yaml"
    text = chapter.read_text(encoding="utf-8")
    marker = "        closed: You are not brave enough yet.\n"
    assert marker in text
    chapter.write_text(text.replace(marker, marker + "        reply: You link arms with the students.\n"), "utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n"))
    out = run_cli("play", "--text", "--story", folder, "--perspective", "student", "--data-dir", folder / "data").out
    assert "The radio station\n\nContent note: Tear gas.\n\n  You link arms with the students.\n\n" in out
    assert ("\n  You chose: March on the radio station\n"
            "    You link arms with the students.\n  The record: The crowd marched on the radio.\n") in out


# --------------------------------------------------------------------------- editors' notes and stance

SOURCES = Path(__file__).resolve().parents[2] / "scenes" / "sources"

NOTED_STORY = f"""\
format: 1
id: noted
title: Noted story
version: "1.0"
notes: notes.yaml
variables:
  courage: {{type: int, default: 0}}
perspectives:
  - {{id: student, name: Zsófia Varga, fictional: true, start: start}}
chapters:
  - {{id: day_one, title: Day one}}
sources:
  - {{id: bbc, title: BBC On This Day, publisher: BBC, date: '1956', file: sources/bbc-on-this-day-1956.txt}}
"""

NOTED_CHAPTER = """\
chapter: day_one
perspective: student
scenes:
  - id: start
    date: "1956-10-23 08:00"
    place: Buda
    title: The morning
    text: The radiator knocks twice.
    cites:
      - source: bbc
        quote: The uprising began as a rally in central Budapest, to express solidarity with Polish demonstrators
      - source: bbc
        quote: Tens of thousands of people have taken to the streets in Hungary
    choices:
      - text: Listen to the radio
        goto: night
        record:
          text: The BBC later wrote that Soviet troops came back with Romanian reinforcements.
          cites:
            - source: bbc
              quote: swept back into the capital with Russian and Romanian reinforcements
              as: report
  - id: night
    date: "1956-11-04 06:00"
    place: Buda
    title: The night
    text: A BBC voice says the tanks fired at point-blank range.
    cites:
      - source: bbc
        quote: On 25 October, tanks opened fire on a crowd in Parliament Square at point-blank range.
        as: report
    ending:
      title: The radio in the dark
"""

NOTED_NOTES = """\
notes:
  - id: romanian_troops
    source: bbc
    quote: with Russian and Romanian reinforcements
    kind: error
    title: No Romanian troops
    text: No Romanian forces took part in the second Soviet intervention.
    references:
      - {author: "Csaba Békés, Malcolm Byrne and János M. Rainer (eds.)", title: "The 1956 Hungarian Revolution: A History in Documents", year: 2002}
  - id: parliament_square
    source: bbc
    quote: tanks opened fire on a crowd in Parliament Square
    kind: contested
    title: Who fired in Parliament Square?
    text: Who fired first, Soviet tanks or security police on the rooftops, is still disputed.
    references:
      - {author: György Litván (ed.), title: The Hungarian Revolution of 1956, year: 1996}
  - id: polish_october
    source: bbc
    quote: to express solidarity with Polish demonstrators
    kind: context
    title: What the students asked for
    text: The students had drawn up their own demands the day before.
"""


@pytest.fixture
def play_noted(run_cli, monkeypatch, tmp_path: Path):
    """``play --text`` on a story whose passages carry editors' notes (one of each of three
    kinds), with a record and an ending that cite noted passages ``as: report``."""
    folder = tmp_path / "noted"
    folder.mkdir()
    shutil.copytree(SOURCES, folder / "sources")
    (folder / "story.yaml").write_text(NOTED_STORY, encoding="utf-8")
    (folder / "chapter.yaml").write_text(NOTED_CHAPTER, encoding="utf-8")
    (folder / "notes.yaml").write_text(NOTED_NOTES, encoding="utf-8")
    check = run_cli("check", folder)
    assert check.code == 0, check.out + check.err

    def run(lines: list[str]):
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
        return run_cli("play", "--text", "--story", folder, "--data-dir", tmp_path / "data")

    return run


def flat(text: str) -> str:
    """The output with its line wrapping undone, so a test reads sentences, not lines."""
    return " ".join(text.split())


def test_sources_show_each_editors_note_after_its_passage(play_noted) -> None:
    result = play_noted(["s", "q"])
    assert result.code == 0
    out = flat(result.out)
    passage = "“The uprising began as a rally in central Budapest, to express solidarity with Polish demonstrators”"
    note = ("Editors' note (Context): What the students asked for. "
            "The students had drawn up their own demands the day before.")
    assert f"[1] BBC On This Day, BBC, paragraph 30: {passage} {note} [2]" in out
    # a passage no note is on has none, and a fact is not called a report
    assert out.count("Editors' note") == 1
    assert "[2] BBC On This Day, BBC, paragraph 24: “Tens of thousands" in out
    assert "reported" not in out.split("Sources: [1] [2]")[1].split("1. Listen")[0]


def test_an_ending_shows_the_stance_and_the_notes_of_its_passages_and_of_the_record(play_noted) -> None:
    result = play_noted(["1"])
    assert result.code == 0
    out = flat(result.out)
    # the ending's own source, given as a report, with its contested note (no prompt follows an ending)
    assert ("Sources: [1] BBC On This Day, BBC, paragraph 44 (as the BBC reported): "
            "“On 25 October, tanks opened fire on a crowd in Parliament Square at point-blank range.” "
            "Editors' note (Contested): Who fired in Parliament Square? Who fired first, Soviet tanks or "
            "security police on the rooftops, is still disputed. "
            "References: György Litván (ed.), The Hungarian Revolution of 1956 (1996).") in out
    # the record's passage: its stance and the error note, in the editors' voice
    assert ("The record: The BBC later wrote that Soviet troops came back with Romanian reinforcements. "
            "“swept back into the capital with Russian and Romanian reinforcements” (as the BBC reported) "
            "Editors' note (Error in the source): No Romanian troops. No Romanian forces took part in the "
            "second Soviet intervention. References: Csaba Békés, Malcolm Byrne and János M. Rainer (eds.), "
            "The 1956 Hungarian Revolution: A History in Documents (2002).") in out
    assert out.endswith("The end.")


# --------------------------------------------------------------------------- help, width, perspectives


def _help(capsys, *args: str) -> str:
    from game.cli import main

    with pytest.raises(SystemExit) as exited:
        main([*args, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_play_text_help_lists_only_what_applies_to_text_play(capsys) -> None:
    text = _help(capsys, "play", "--text")
    for option in ("--story", "--perspective", "--scene", "--set", "--data-dir", "--width"):
        assert option in text
    for desktop_only in ("--watch", "--headless", "--autoplay", "--seed", "--screenshots", "--quit-after",
                         "--size", "--classroom"):
        assert desktop_only not in text
    desktop = _help(capsys, "play")
    assert "--headless" in desktop and "--size" in desktop and "--width" not in desktop


def test_the_desktop_options_are_still_accepted_by_play() -> None:
    from game.cli import build_parser

    args = build_parser().parse_args(["play", "--headless", "--size", "800x600", "--quit-after", "0"])
    assert args.headless and args.size == "800x600" and args.quit_after == 0


def test_no_hard_wrapping_into_a_pipe_unless_asked(play) -> None:
    start = ("--perspective", "worker", "--scene", "shift")  # an author's start: no autosave is offered
    wide = play([], *start, "--width", "0").out
    narrow = play([], *start, "--width", "30").out
    assert max(len(line) for line in narrow.splitlines()) <= 30
    assert max(len(line) for line in wide.splitlines()) > 30
    assert play([], *start).out == wide  # stdout is not a terminal here


def test_an_unknown_perspective_lists_the_valid_ones(play) -> None:
    result = play([], "--perspective", "nobody")
    assert result.code == 2
    assert "points of view: student (Zsófia Varga), worker (Ferenc Takács)" in result.err


def test_whose_story_is_asked_and_answered_by_number(play) -> None:
    result = play(["3", "2", "q"])
    assert "Whose story do you want to play?\n1. Zsófia Varga, a student (a fictional character).\n" \
           "2. Ferenc Takács, a worker (a fictional character).\n" in result.out
    assert "There is no point of view 3." in result.out
    assert "You are Ferenc Takács" in result.out and "The early shift" in result.out


def test_no_decorative_rules(play) -> None:
    import re

    out = play(["1", "1", "j", "s"], "--perspective", "student").out
    assert not re.search(r"[=\-*~_─]{3,}", out)


@pytest.mark.parametrize(("first", "read_back"), [("1", True), ("2", False)])
def test_the_ending_reads_back_the_decisions_the_story_remembered(play, first: str, read_back: bool) -> None:
    """Taking the leaflets is a decision (the radio scene and its epilogue ask chose() of
    it), so the ending reads it back with its reply; going empty-handed is not."""
    out = play([first, "2"], "--perspective", "student", pack="reactive").out  # then march
    assert "Ending: At the radio" in out
    ending = out[out.index("Ending: At the radio"):]
    assert ("  The morning (Tuesday 23 October 1956, 08:00 · A rented room in Buda)\n"
            "  You chose: Take the leaflets\n    You fold the leaflets into your coat.\n" in ending) is read_back
    assert ("Your path and the record:" in ending) is read_back
    assert "You chose: Go empty-handed" not in ending
