"""``play --text`` as a screen-reader user meets it: in a real (pseudo-)terminal, typing,
quitting, coming back the next day to continue, and Ctrl+C (issue 11).

The standard library's :mod:`pty` is enough (no pexpect): the game runs in a child
process whose controlling terminal is the pty, so Ctrl+C is a real SIGINT from the line
discipline, and the test waits for each prompt before it types, as a person would."""

from __future__ import annotations

import os
import select
import signal
import sys
from pathlib import Path

import pytest

pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX only")

from game.core.loader import load_story  # noqa: E402
from game.core.savestore import SaveStore  # noqa: E402
from game.paths import data_folders, story_key  # noqa: E402

#: only a safety net against a hang, never a measure of speed
GIVE_UP_SECONDS = 60


class Terminal:
    """The game running on a pty: ``expect`` reads until a text appears, ``type`` sends a line."""

    def __init__(self, *args: str, env: dict[str, str]):
        pid, fd = pty.fork()
        if pid == 0:  # the child: the game, its terminal the pty
            # Ctrl+C and Ctrl+Backslash as a player at a terminal has them: a pytest started in the
            # background (`pytest &`, a CI runner) ignores SIGINT and SIGQUIT, and an ignored
            # signal stays ignored through exec, so the game would never see the Ctrl+C
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGQUIT, signal.SIG_DFL)
            os.execve(sys.executable, [sys.executable, "-m", "game", *args], env)
        self.pid, self.fd = pid, fd
        self.seen = ""
        self.unread = ""

    def expect(self, text: str) -> str:
        """Everything up to and including ``text``; fails if the game ends or hangs first."""
        while text not in self.unread:
            ready, _, _ = select.select([self.fd], [], [], GIVE_UP_SECONDS)
            assert ready, f"waited in vain for {text!r}; the screen ends with {self.unread[-400:]!r}"
            try:
                chunk = os.read(self.fd, 4096).decode("utf-8")
            except OSError:  # EIO: the game has ended
                chunk = ""
            assert chunk, f"the game ended before {text!r}; it said {self.unread[-400:]!r}"
            self.unread += chunk.replace("\r\n", "\n")
        head, _, self.unread = self.unread.partition(text)
        self.seen += head + text
        return head + text

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\n")

    def send(self, raw: bytes) -> None:
        os.write(self.fd, raw)

    def wait(self) -> int:
        """The exit code, after reading what is left (a pty must be drained to close)."""
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk.decode("utf-8", "replace").replace("\r\n", "\n")
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def game_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["BUDAPEST1956_DATA_DIR"] = str(tmp_path / "data")
    env.pop("BUDAPEST1956_HOME", None)
    env["COLUMNS"], env["LINES"] = "80", "24"
    return env


def test_a_screen_reader_user_plays_quits_and_continues_where_they_were(fixtures: Path, game_env, tmp_path: Path):
    story = str(fixtures / "clean")
    first = Terminal("play", "--text", "--story", story, env=game_env)
    asked = first.expect("Type a number from 1 to 2: ")
    assert "Whose story do you want to play?\n1. Zsófia Varga, a student (a fictional character).\n" in asked
    first.type("1")
    opening = first.expect("Your choice: ")
    assert "h: these commands again." in opening and "The morning" in opening
    first.type("1")  # take the leaflets, to the square
    square = first.expect("Your choice: ")
    assert "The square" in square
    assert "Type the number of a choice" not in square  # the commands are not repeated at each prompt
    first.type("q")
    first.expect("Your place is saved.")
    assert first.wait() == 0

    # the desktop game's own store lists the same place
    data, _ = load_story(Path(story))
    assert data is not None
    store = SaveStore(data_folders(tmp_path / "data").saves(story_key(data.id, data.root)), data)
    [playthrough] = store.playthroughs()
    assert playthrough.key == "student" and playthrough.latest_usable.scene_id == "square"
    assert store.most_recent() == playthrough.latest_usable

    # the next day: whose story, then continue where they were
    second = Terminal("play", "--text", "--story", story, env=game_env)
    second.expect("Type a number from 1 to 2: ")
    second.type("1")
    offer = second.expect("[Y/n] ")
    assert "Continue where you were (Tuesday 23 October 1956, 15:00 · Central Budapest · The square)? [Y/n] " in offer
    second.type("")
    back = second.expect("Your choice: ")
    assert "The square" in back and "The morning\n" not in back
    second.type("j")
    journal = second.expect("Your choice: ")
    assert "The morning: you chose “Take the leaflets”" in journal
    second.type("save 2")
    assert "Saved in slot 2." in second.expect("Your choice: ")
    second.type("1")  # march on the radio: it opens with courage 1, and moves the place on
    second.expect("The end.")
    assert second.wait() == 0
    assert store.slot(2).scene_id == "square" and store.slot(2).perspective == "student"
    assert store.playthrough("student").latest_usable.at_ending


def test_ctrl_c_keeps_the_place(fixtures: Path, game_env, tmp_path: Path) -> None:
    story = str(fixtures / "clean")
    game = Terminal("play", "--text", "--story", story, "--perspective", "worker", env=game_env)
    game.expect("Your choice: ")
    game.send(b"\x03")  # Ctrl+C, through the terminal's line discipline: a SIGINT
    game.expect("Your place is saved.")
    assert game.wait() == 130
    assert "Traceback" not in game.seen
    data, _ = load_story(Path(story))
    store = SaveStore(data_folders(tmp_path / "data").saves(story_key(data.id, data.root)), data)
    assert store.playthrough("worker").latest_usable.scene_id == "shift"
