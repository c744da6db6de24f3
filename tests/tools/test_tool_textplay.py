"""``budapest1956 play --text``, driven through standard input."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest


@pytest.fixture
def play(run_cli, monkeypatch, fixtures: Path):
    """Run ``play --text`` on a pack with the given lines as standard input."""

    def run(lines: list[str], *args: str, pack: str = "clean"):
        monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
        return run_cli("play", "--text", "--story", fixtures / pack, *args)

    return run


def test_a_whole_game(play) -> None:
    result = play(["2", "1", "9", "x", "s", "j", "u", "1", "1"], "--perspective", "student")
    out = result.out
    assert result.code == 0
    assert out.startswith("Fixture Story\nYou are Zsófia Varga, a student (a fictional character).\n")
    # the first scene with its dateline and numbered choices
    assert "TUESDAY 23 OCTOBER\nTuesday 23 October 1956, 08:00 · A rented room in Buda\nThe morning\n" in out
    assert "1. Take the leaflets\n2. Go empty-handed\n" in out
    # "2": the square, where the march is closed and says why
    assert "1. (closed) March on the radio station — You are not brave enough yet.\n" in out
    # "1": refused
    assert "That choice is closed. You are not brave enough yet." in out
    # "9" and "x": help
    assert "There is no choice 9. Type a number to choose" in out
    assert out.count("Type a number to choose; u = undo, s = sources, j = journal, q = quit.") >= 3
    # "s": the sources of the scene, with the paragraph number
    assert "[1] BBC On This Day, BBC, paragraph 5:" in out
    assert "“Mr Nagy's anti-Soviet policies, which include withdrawal from the" in out
    assert "Note: straight apostrophe; the source has a curly one" in out
    # "j": the journal
    assert "Journal:\n  The morning: you chose “Go empty-handed”\n  The square: now\n" in out
    # "u": back to the first scene, shown again
    assert out.count("The morning\n----") == 2
    # "1", "1": leaflets, then the march: an ending with the record and the epilogue
    assert "*** At the radio ***\nYou stay until morning.\n" in out
    assert "Content note: Tear gas." in out
    assert "Your path and the record:\n  You chose: March on the radio station\n  The record: The crowd marched on the radio.\n" in out
    assert "What became of Imre Nagy\nNagy was executed in 1958." in out
    assert "To discuss:\n  - Who fired first?\n" in out
    assert out.rstrip().endswith("THE END")


def test_end_of_input_quits_cleanly(play) -> None:
    result = play([])
    assert result.code == 0 and "The morning" in result.out


def test_quit(play) -> None:
    result = play(["q", "1"])
    assert result.code == 0
    assert "The square" not in result.out


def test_undo_at_the_first_scene(play) -> None:
    result = play(["u"])
    assert "Nothing to undo: this is the first scene." in result.out


def test_start_anywhere_with_variables(play) -> None:
    result = play(["1"], "--scene", "square", "--set", "courage=1", "--set", "name=Anna", "--set", "hurt=TRUE")
    assert result.code == 0
    assert "The square\n----" in result.out
    assert "1. March on the radio station\n" in result.out  # open: courage was set to 1
    assert "*** At the radio ***" in result.out
    assert "You are" not in result.out  # no perspective when starting at a scene


def test_start_anywhere_without_the_variable_the_choice_is_closed(play) -> None:
    result = play([], "--scene", "square")
    assert "1. (closed) March on the radio station" in result.out


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
    assert "*** The night indoors ***" in result.out
    assert "WEDNESDAY 24 OCTOBER\nWednesday 24 October 1956, 07:00 · Buda" in result.out


def test_a_choice_that_loops_shows_the_scene_again(play) -> None:
    result = play(["2", "2"], "--perspective", "student")
    assert result.out.count("The square\n----") == 2


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
    assert (f"The square\n{'-' * 60}\n  {reply}\n\nThe crowd is bigger than anyone said.\n\n{variant}\n") in out
    assert other_reply not in out and other_variant not in out
    # back in the square: the return's variant, and no reply (looking around has none)
    assert f"The square\n{'-' * 60}\nYou walk the square once more.\n" in out
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
    out = run_cli("play", "--text", "--story", folder, "--perspective", "student").out
    rule = "-" * 60
    assert f"The radio station\n{rule}\nContent note: Tear gas.\n\n  You link arms with the students.\n\n" in out
    assert ("Your path and the record:\n  You chose: March on the radio station\n"
            "    You link arms with the students.\n  The record: The crowd marched on the radio.\n") in out
