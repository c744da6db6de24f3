"""SIGTERM ends the game even when it is frozen.

SDL turns SIGTERM into a window-close event, which only a loop that is still turning ever
reads: a game stuck in a frame (a runaway layout, a bug) ignored ``kill`` for as long as
it was stuck. Here SIGTERM is answered in Python instead:

- the loop is told to stop, and a working game (which spends its time between frames)
  leaves within a frame the normal way, autosaving the player's place;
- a game stuck inside a frame never gets there, so after :data:`GRACE_SECONDS` a watchdog
  writes where it was stuck to the error log and ends the process at once, writing no
  save (a half-finished frame's story is not a state to keep; the autosave written
  after the player's last choice stands).

Either way the exit status is :data:`EXIT_TERMINATED`, 143 (128 + 15), which is what a
shell reports for a program ended by SIGTERM. A second SIGTERM leaves at once.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import threading
from contextlib import contextmanager
from datetime import datetime
from types import FrameType
from typing import Any, Iterator

EXIT_TERMINATED = 128 + 15
GRACE_SECONDS = 3.0


@contextmanager
def stop_on_sigterm(app: Any) -> Iterator[None]:
    """While the game runs, SIGTERM stops it as described above; the old handler after."""
    if not hasattr(signal, "SIGTERM") or threading.current_thread() is not threading.main_thread():
        yield
        return
    state = {"asked": False}

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        if state["asked"]:
            os._exit(EXIT_TERMINATED)
        state["asked"] = True
        app.exit_code = EXIT_TERMINATED
        app.running = False
        watchdog = threading.Timer(GRACE_SECONDS, _leave_now, (app,))
        watchdog.daemon = True
        watchdog.start()

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _leave_now(app: Any) -> None:
    """The game did not finish its frame in time: say where it was stuck, and go."""
    try:
        log = app.folders.error_log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')} SIGTERM: the game had not "
                         f"stopped {GRACE_SECONDS:g} s later; where it was stuck:\n")
            handle.flush()
            faulthandler.dump_traceback(handle, all_threads=True)
    except (OSError, ValueError, AttributeError):
        pass
    os._exit(EXIT_TERMINATED)
