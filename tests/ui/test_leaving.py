"""The game leaves when told to: SIGTERM ends it even when it is frozen, and with no
display it says so at once instead of opening a window nobody can see.

These run the real command in a child process. The first frame is known by the
screenshot the game writes of it; the child's exit is awaited with ``proc.wait(timeout)``,
so nothing here sleeps in the hope that something has happened.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from game.ui.terminate import EXIT_TERMINATED, GRACE_SECONDS

PROJECT = Path(__file__).resolve().parents[2]
STORY = Path(__file__).resolve().parent / "story"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32",
                                reason="POSIX signals")


def child_env(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env["PYTHONPATH"] = str(PROJECT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def wait_for(proc: subprocess.Popen, ready: callable, deadline: float = 60.0) -> None:
    """Until ``ready()`` holds; fail at once if the child exits first."""
    end = time.monotonic() + deadline
    while not ready():
        try:
            code = proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            if time.monotonic() > end:
                proc.kill()
                pytest.fail("the game never drew its first frame")
            continue
        out, err = proc.communicate()
        pytest.fail(f"the game exited ({code}) before it was ready:\n{out}\n{err}")


def game_args(data: Path, shots: Path) -> list[str]:
    return ["--headless", "--story", str(STORY), "--perspective", "student", "--data-dir", str(data),
            "--screenshots", str(shots)]


def test_sigterm_stops_a_running_game_and_keeps_the_players_place(tmp_path: Path) -> None:
    data, shots = tmp_path / "data", tmp_path / "shots"
    proc = subprocess.Popen([sys.executable, "-m", "game", *game_args(data, shots)], cwd=tmp_path,
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(proc, lambda: shots.is_dir() and any(shots.glob("*.png")))
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=GRACE_SECONDS + 20)
    out, err = proc.communicate()
    assert code == EXIT_TERMINATED, (out, err)
    saved = [path for path in data.rglob("*.json") if path.is_file() and path.name != "settings.json"]
    assert saved, "the way out autosaves the player's place"
    log = data / "error.log"
    assert not log.exists() or "SIGTERM" not in log.read_text(encoding="utf-8")  # it left in time


FROZEN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from game.ui.screens.base import Screen

    ready = Path(sys.argv[1])

    def frozen(self):  # a frame that never ends, as a runaway layout would
        ready.write_text("stuck", encoding="utf-8")
        while True:
            pass

    Screen.update = frozen
    from game.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")


def test_sigterm_ends_a_frozen_game_and_logs_where_it_was_stuck(tmp_path: Path) -> None:
    data, shots, ready = tmp_path / "data", tmp_path / "shots", tmp_path / "stuck"
    script = tmp_path / "frozen.py"
    script.write_text(FROZEN, encoding="utf-8")
    args = ["--headless", "--story", str(STORY), "--data-dir", str(data), "--screenshots", str(shots)]
    proc = subprocess.Popen([sys.executable, str(script), str(ready), *args], cwd=tmp_path, env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(proc, ready.exists)
    proc.send_signal(signal.SIGTERM)
    code = proc.wait(timeout=GRACE_SECONDS + 20)
    proc.communicate()
    assert code == EXIT_TERMINATED
    log = (data / "error.log").read_text(encoding="utf-8")
    assert "SIGTERM" in log and "frozen" in log  # the stuck frame's stack, for the bug report


def test_with_no_display_the_game_says_so_and_points_to_the_text_game(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    env = child_env(DISPLAY=None, WAYLAND_DISPLAY=None, SDL_VIDEODRIVER=None, SDL_AUDIODRIVER=None,
                    BUDAPEST1956_HOME=str(tmp_path / "home"))
    result = subprocess.run([sys.executable, "-m", "game"], cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert "budapest1956 play --text" in result.stderr
    assert not (tmp_path / "home").exists()  # it stopped before opening anything
    # --headless needs no display, and neither does a named SDL driver
    for extra, changes in ((["--headless", "--quit-after", "0"], {}), (["--quit-after", "0"], {"SDL_VIDEODRIVER": "dummy"})):
        result = subprocess.run([sys.executable, "-m", "game", "--story", str(STORY), *extra], cwd=tmp_path,
                                env={**env, **changes}, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr


def test_the_display_check_itself() -> None:
    from argparse import Namespace

    from game.cli import no_display

    plain = Namespace(headless=False)
    assert no_display(plain, {}, "linux")
    assert not no_display(plain, {"DISPLAY": ":0"}, "linux")
    assert not no_display(plain, {"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not no_display(plain, {"SDL_VIDEODRIVER": "kmsdrm"}, "linux")
    assert not no_display(Namespace(headless=True), {}, "linux")
    assert not no_display(plain, {}, "darwin")
    assert not no_display(plain, {}, "win32")
