"""The desktop game: window, screen stack, and a loop that sleeps when nothing changes.

The loop redraws only when a screen says something changed, waits in
``pygame.event.wait(timeout)`` when idle, and ticks at 60 frames a second only while
something moves (the typewriter, autoplay). Everything the player does goes through
``handle`` on the top screen, so autoplay and tests drive the game by posting the same
events a keyboard or mouse would.
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from argparse import Namespace
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostics, SaveError, StoryError
from ..core.compiledcache import write_pending
from ..core.loader import load_story
from ..core.model import StoryData
from ..core.savestore import SaveInfo, SaveStore, folder_name, playthrough_key
from ..core.shortlist import shortlist
from ..core.startvalues import parse_start_values
from ..core.story import Story
from ..paths import cache_dir, data_folders, default_story_dir, story_key
from .scale import reading_size, ui_scale
from .settings import TEXT_SIZES, Settings
from .terminate import stop_on_sigterm
from .theme import THEMES, Theme

MIN_SIZE = (800, 500)
IDLE_POLL_HZ = 50
ANIMATION_FPS = 60


class App:
    def __init__(self, options: Namespace):
        from .pygameload import import_pygame

        pygame = import_pygame()  # before anything imports it: without pkg_resources
        self.pygame = pygame
        self.options = options
        self.launch_time = _process_start_time()
        nobody_playing = bool(getattr(options, "headless", False) or getattr(options, "autoplay", 0)
                              or getattr(options, "bench_report", None))
        self.folders = data_folders(getattr(options, "data_dir", None), throwaway=nobody_playing)
        self.data_dir = self.folders.data
        self.settings_path = self.folders.settings_file
        self.settings = Settings.load(self.settings_path)
        self.saves: SaveStore | None = None  # the story's own saves, once it is loaded
        self.story_dir = Path(options.story) if getattr(options, "story", None) else default_story_dir()
        self.story_data: StoryData | None = None
        self.story: Story | None = None
        self.stack: list[Any] = []
        self.running = True
        self.dirty = True
        self.frames = 0
        self.first_frame_at: float | None = None
        self.toast_text = ""
        self.toast_until = 0.0
        self.games_finished = 0
        self.rng = random.Random(getattr(options, "seed", 0))
        self.autoplay = max(0, getattr(options, "autoplay", 0) or 0)
        #: ``--route``: the numbers of the choices autoplay takes first, as shown on screen
        self.route: list[int] = list(getattr(options, "route", None) or [])
        self._route_length = len(self.route)
        self.screenshot_dir: Path | None = getattr(options, "screenshots", None)
        self._screenshot_count = 0
        self._last_signature: tuple[str, str] | None = None
        self._watch_state: dict[str, float] = {}
        self._watch_checked = 0.0
        self._crashes = 0
        self.bench: Any = None
        self.exit_code = 0
        self.projector = False  # classroom mode: large type, high contrast
        self.classroom: Any = None  # the ClassSession while a class plays
        self.devices: Any = None  # the class's devices (classroom.devices.Devices) while they are on
        self.classroom_timer = 0

        pygame.display.init()
        pygame.key.stop_text_input()  # SDL starts with text input on; only a text field turns it on
        pygame.font.init()
        pygame.key.set_repeat(350, 40)
        size = _parse_size(getattr(options, "size", None)) or (1280, 720)
        flags = pygame.RESIZABLE
        if self.settings.fullscreen and not getattr(options, "headless", False):
            flags |= pygame.FULLSCREEN
            size = (0, 0)
        self.window = pygame.display.set_mode(size, flags)
        pygame.display.set_caption("Budapest 1956")
        self._set_icon()
        from .text import FontBook, TextCache

        self.fonts = FontBook()
        missing = self.fonts.missing()
        if missing:  # pygame's fallback font lacks the story's letters: never silently
            print(f"warning: the game's fonts are missing from {self.fonts.folder}: {', '.join(missing)}; "
                  "the text is drawn in pygame's fallback font (reinstall budapest1956)", file=sys.stderr)
        self.cache = TextCache()
        self.cache.fit_window(self.window.get_size())

    # ------------------------------------------------------------------ style
    @property
    def theme(self) -> Theme:
        if self.projector and self.settings.theme != "contrast":
            return THEMES["projector"]
        return THEMES[self.settings.theme]

    @property
    def ui_scale(self) -> float:
        """One scale for everything on screen: the window's size times the text size's
        (:mod:`game.ui.scale`), so buttons, footers and the timeline grow with the text."""
        return ui_scale(self.window.get_size(), self.text_px)

    def px(self, value: float) -> int:
        return max(1, round(value * self.ui_scale))

    def font(self, face: str, size: float) -> Any:
        return self.fonts.get(face, max(10, round(size * self.ui_scale)))

    @property
    def text_px(self) -> int:
        """The chosen text size (Settings), at least 33 px in classroom mode."""
        size = TEXT_SIZES[self.settings.text_size]
        return max(size, 33) if self.projector else size

    @property
    def body_size(self) -> float:
        """The size to ask :meth:`font` for body text: the chosen size, in UI units (the
        scale already carries the text size, so it is not applied twice)."""
        return reading_size(self.window.get_size(), self.text_px)

    def save_settings(self) -> None:
        try:
            self.settings.save(self.settings_path)
        except OSError as error:
            self.toast(f"Settings could not be saved: {error.strerror or error}", kind="error")

    def _set_icon(self) -> None:
        from .emblem import draw_emblem

        icon = self.pygame.Surface((64, 64))
        icon.fill((244, 238, 224))
        draw_emblem(icon, self.pygame.Rect(2, 12, 60, 40), (244, 238, 224))
        self.pygame.display.set_icon(icon)

    # ------------------------------------------------------------------ stack
    @property
    def top(self) -> Any:
        return self.stack[-1] if self.stack else None

    def screen(self, target: Any, *args: Any, **kwargs: Any) -> Any:
        """``target`` itself when it is a screen; a route name is built from the route table
        (:mod:`game.ui.routes`) with ``args``: screens name where they lead, never import it."""
        if not isinstance(target, str):
            return target
        from .routes import build

        return build(self, target, *args, **kwargs)

    def push(self, target: Any, *args: Any, **kwargs: Any) -> None:
        """Put a screen on top: ``push("load")``, ``push("drawer", cites, 0)`` or a built screen."""
        screen = self.screen(target, *args, **kwargs)
        self.stack.append(screen)
        screen.layout(self.window.get_size())
        self.invalidate()

    def pop(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()
            self.top.layout(self.window.get_size())
            self.invalidate()

    def replace(self, target: Any, *args: Any, **kwargs: Any) -> None:
        screen = self.screen(target, *args, **kwargs)  # built before the old top goes
        if self.stack:
            self.stack.pop()
        self.push(screen)

    def reset(self, target: Any, *args: Any, **kwargs: Any) -> None:
        """The stack becomes just this screen (``reset("title")``)."""
        screen = self.screen(target, *args, **kwargs)
        self.stack.clear()
        self.push(screen)

    def showing(self, route: str) -> bool:
        """Whether the top screen is one that ``route`` builds."""
        from .routes import screen_class

        return isinstance(self.top, screen_class(route))

    def invalidate(self) -> None:
        self.dirty = True

    def toast(self, text: str, seconds: float = 3.5, kind: str = "done") -> None:
        """A short message of ``kind`` "done", "warning" or "error" (:mod:`game.ui.toast`);
        it leaves with the screen it is shown on."""
        self.toast_text = text
        self.toast_kind = kind
        self.toast_owner = None  # the screen it is first drawn on
        self.toast_until = time.monotonic() + seconds
        self.invalidate()

    def dismiss_toast(self) -> None:
        """Drop the toast now: the story moved on, so a message about the last scene
        ("Stepped back one choice.") must not hang over the next one."""
        self.toast_text = ""
        self.toast_until = 0.0
        self.toast_owner = None
        self.invalidate()

    # ------------------------------------------------------------------ story
    def load_story_data(self) -> Diagnostics:
        data, diagnostics = load_story(self.story_dir, cache_dir=cache_dir(), defer_cache_write=True)
        if data is not None:
            self.use_story_data(data)
        return diagnostics

    def use_story_data(self, data: StoryData) -> None:
        """The story to play, and with it its own saves folder (tidied once: a save killed
        half-way leaves a temporary file, and version 0.1 kept every story's saves in one
        folder)."""
        first_time = self.saves is None or self.saves.data is None or self.saves.data.id != data.id
        self.story_data = data
        self.saves = SaveStore(self.folders.saves(story_key(data.id, data.root)), data)
        if first_time:
            try:
                self.saves.clean_temporary()
                self.saves.adopt_legacy(self.folders.data / "saves")
            except OSError as error:
                self.toast(f"Your saves folder could not be tidied: {error.strerror or error}", kind="warning")

    def start_story(self, perspective: str | None = None, start: str | None = None,
                    variables: dict[str, Any] | None = None) -> None:
        assert self.story_data is not None
        self.story = Story(self.story_data, perspective, start=start, variables=variables)
        self.reset_to_story("story")

    def reset_to_story(self, target: Any, *args: Any, **kwargs: Any) -> None:
        """The title, and the story screen (``"story"``, ``"classroom_story"``) on it."""
        screen = self.screen(target, *args, **kwargs)  # built first, as the title reads the autosave
        self.reset("title")
        self.push(screen)

    def autosave(self) -> None:
        """Keep the player's place in their playthrough's autosaves. A class's path is
        kept in its lesson file instead, so Continue never resumes a lesson in solo play."""
        if self.story is None or self.saves is None:
            return
        if self.classroom is not None and self.story is getattr(self.classroom, "story", None):
            return
        try:
            self.saves.autosave(self.story)
        except OSError as error:
            self.toast(f"Autosave failed: {error.strerror or error}", kind="error")
        except SaveError as error:  # a value the save API refuses: playing goes on
            self.toast(f"Autosave failed: {error}", kind="error")

    def autosave_of(self, perspective: str | None) -> SaveInfo | None:
        """The newest usable autosave of a point of view's playthrough, if any."""
        if self.saves is None:
            return None
        return self.saves.playthrough(playthrough_key(perspective)).latest_usable

    def load_save(self, save: SaveInfo) -> bool:
        """Load a save; on any problem show why and keep playing where we are."""
        if self.story_data is None or self.saves is None:
            return False
        try:
            story = self.saves.load(save)
        except SaveError as error:
            self.push("message", "This save cannot be loaded", str(error))
            return False
        self.stop_devices()
        self.classroom = None
        self.projector = False
        self.story = story
        self.reset_to_story("story")
        self.toast("Loaded.")
        return True

    def continue_latest(self) -> bool:
        """Continue: the most recently played playthrough, where it was left."""
        latest = self.saves.most_recent() if self.saves is not None else None
        if latest is None:
            self.toast("There is no autosave yet: start a new game.", kind="warning")
            return False
        return self.load_save(latest)

    def reload_story(self) -> None:
        """F5 / --watch: re-read the YAML, keep the player's place if it still exists.
        Not during a lesson: the class's path lives in its lesson file, and a reloaded
        story would carry on as solo play."""
        if self.classroom is not None:
            self.toast("Reloading the story is for authors: stop the lesson first (Esc).", kind="warning")
            return
        self.cache.clear()
        data, diagnostics = load_story(self.story_dir, cache_dir=cache_dir(), defer_cache_write=True)
        if data is None:
            if self.showing("diagnostics"):
                self.replace("diagnostics", diagnostics)
            else:
                self.push("diagnostics", diagnostics)
            return
        self.use_story_data(data)
        if self.story is None:
            self.toast("Story reloaded.")
            return
        old = self.story
        try:
            self.story = Story.from_save(data, old.to_save())
        except StoryError:
            scene = old.scene.id if old.scene.id in data.scenes else None
            if scene is None:
                self.story = None
                self.reset("title")
                self.toast("Reloaded; the current scene is gone, so back to the title screen.", kind="warning")
                return
            variables = {k: v for k, v in old.variables.items() if k in data.variables}
            try:
                self.story = Story(data, old.perspective_id, start=scene, variables=variables)
            except StoryError:
                self.story = Story(data, old.perspective_id, start=scene)
        self.reset_to_story("story")
        self.toast("Story reloaded.")

    def _watch_poll(self) -> None:
        now = time.monotonic()
        if now - self._watch_checked < 1.0:
            return
        self._watch_checked = now
        state = {}
        for path in sorted(self.story_dir.glob("*.y*ml")):
            try:
                state[str(path)] = path.stat().st_mtime
            except OSError:
                continue
        if self._watch_state and state != self._watch_state:
            self._watch_state = state
            self.reload_story()
        self._watch_state = state

    # ------------------------------------------------------------------ errors
    def crash(self, error: BaseException) -> None:
        """An unexpected error: log it, tell the player, offer the last autosave."""
        self._crashes += 1
        log = self.folders.error_log
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                handle.write("".join(traceback.format_exception(error)))
        except OSError:
            pass
        if self._crashes > 20:
            self.exit_code = 1
            self.running = False
            return
        from .routes import screen_class

        try:
            self.stack = [s for s in self.stack if not isinstance(s, screen_class("error"))]
            self.push("error", error, log)
        except Exception:  # the error screen itself failed: leave cleanly
            self.running = False

    # ------------------------------------------------------------------ loop
    def first_screen(self) -> None:
        diagnostics = self.load_story_data()
        self.push("title")
        if self.story_data is None:
            # said on stderr too: a headless or scripted run sees no screen, and in a
            # window the checker's screen stays for the player (run() still exits 1)
            listed = shortlist(diagnostics)  # check lists them all: 120,000 lines help nobody here
            for diagnostic in listed.shown:
                print(diagnostic, file=sys.stderr)
            if listed.hidden:
                print(listed.more(self.story_dir), file=sys.stderr)
            print(f"error: the story in {self.story_dir} could not be loaded ({diagnostics.summary()});"
                  " see `budapest1956 check`", file=sys.stderr)
            self.push("diagnostics", diagnostics)
            return
        options = self.options
        if getattr(options, "classroom", False):
            self.open_classroom()
            return
        if options.scene or options.perspective or options.set:
            try:
                variables = parse_start_values(self.story_data.variables, options.set or [])
                self.start_story(options.perspective, options.scene, variables)
            except StoryError as error:
                self.toast(str(error), 8, kind="error")

    def open_classroom(self) -> None:
        self.push("classroom_setup")

    def run(self) -> int:
        pygame = self.pygame
        self.first_screen()
        if getattr(self.options, "bench_report", None):
            from .benchdriver import BenchDriver

            self.bench = BenchDriver(self, Path(self.options.bench_report))
        started = time.monotonic()
        clock = pygame.time.Clock()
        quit_after = self.options.quit_after
        while self.running:
            animating = self.autoplay > 0 or (self.bench is not None and self.bench.busy) or (self.top and self.top.animating())
            if animating:
                clock.tick(ANIMATION_FPS if not self.autoplay else 0)
                events = pygame.event.get()
            else:
                events = pygame.event.get()
                if not events:
                    # A real sleep (SDL_Delay). SDL's own event.wait(timeout) polls about
                    # a thousand times a second, which measured above 2 % CPU at idle;
                    # this wakes IDLE_POLL_HZ times a second and adds at most that latency.
                    pygame.time.wait(1000 // IDLE_POLL_HZ)
                    events = pygame.event.get()
            for event in events:
                self.dispatch(event)
            try:
                if self.top and self.top.update():
                    self.invalidate()
            except Exception as error:  # noqa: BLE001 - the game must not crash
                self.crash(error)
            self.pump_devices()
            if self.toast_until and time.monotonic() >= self.toast_until:
                self.toast_until = 0
                self.toast_text = ""
                self.invalidate()
            if getattr(self.options, "watch", False):
                self._watch_poll()
            if self.dirty:
                self.draw()
            if self.first_frame_at is not None and self.story_data is not None:
                write_pending(self.story_data)  # a new compiled entry: after the first frame, not before
            if self.bench is not None:
                self.bench.step()
            if self.autoplay and self.running and not pygame.event.peek():
                self._autoplay_step()
            if quit_after is not None and self.first_frame_at is not None:
                if quit_after <= 0 or time.monotonic() - started >= quit_after:
                    self.running = False
        self.shutdown()
        if self.story_data is None:  # the story never loaded: nothing was played
            self.exit_code = self.exit_code or 1
        return self.exit_code

    def dispatch(self, event: Any) -> None:
        pygame = self.pygame
        try:
            if event.type == pygame.QUIT:
                self.request_quit()
                return
            if event.type == pygame.VIDEORESIZE and not (self.window.get_flags() & pygame.FULLSCREEN):
                width, height = max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h)
                if (width, height) != (event.w, event.h):
                    self.window = pygame.display.set_mode((width, height), pygame.RESIZABLE)
                self.relayout()
                return
            if event.type == pygame.WINDOWSIZECHANGED:
                self.relayout()
                return
            if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWSHOWN, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
                self.invalidate()
                return
            if event.type == pygame.KEYDOWN:
                if event.key == pygame.K_F11:
                    self.toggle_fullscreen()
                    return
                if event.key == pygame.K_F5:
                    self.reload_story()
                    return
            if self.top is not None:
                self.top.handle(event)
        except Exception as error:  # noqa: BLE001 - the game must not crash
            self.crash(error)

    def relayout(self) -> None:
        size = self.window.get_size()
        self.cache.fit_window(size)
        for screen in self.stack:
            screen.layout(size)
        self.invalidate()

    def toggle_fullscreen(self) -> None:
        pygame = self.pygame
        self.settings.fullscreen = not self.settings.fullscreen
        self.save_settings()
        if os.environ.get("SDL_VIDEODRIVER") != "dummy":
            if self.settings.fullscreen:
                self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            else:
                self.window = pygame.display.set_mode((1280, 720), pygame.RESIZABLE)
        self.relayout()

    def request_quit(self) -> None:
        """The window's close button: autosave, then leave (nothing is ever lost)."""
        self.running = False

    def pump_devices(self) -> None:
        """Once a frame: what the class's devices did since the last, into the lesson's log."""
        if self.devices is None:
            return
        try:
            if self.devices.pump():
                self.invalidate()
        except Exception as error:  # noqa: BLE001 - the game must not crash
            self.crash(error)

    def stop_devices(self) -> None:
        """The class's devices off: their server stops, nothing stays reachable, and
        their last ballots are on disk (the lesson writes theirs on a thread)."""
        simulated = getattr(self, "simulated_class", None)
        if simulated is not None:
            simulated.stop()
            self.simulated_class = None
        if self.devices is not None:
            self.devices.stop()
            self.devices = None
        lesson = getattr(self, "classroom_lesson", None)
        if lesson is not None:
            lesson.flush()

    def shutdown(self) -> None:
        self.stop_devices()
        self.autosave()
        self.pygame.display.quit()

    def draw(self) -> None:
        try:
            surface = self.window
            base = 0
            for index in range(len(self.stack) - 1, -1, -1):
                if self.stack[index].opaque:
                    base = index
                    break
            if not self.stack:
                surface.fill(self.theme.background)
            for screen in self.stack[base:]:
                screen.draw(surface)
            from .toast import draw_toast, keep_or_drop  # pygame is imported only once a window opens

            if keep_or_drop(self):
                draw_toast(self, surface)
            self.pygame.display.flip()
        except Exception as error:  # noqa: BLE001
            self.crash(error)
            return
        self.dirty = False
        self.frames += 1
        if self.first_frame_at is None:
            self.first_frame_at = time.monotonic()
            self.first_frame_seconds = time.time() - self.launch_time
        self._maybe_screenshot()

    def _maybe_screenshot(self) -> None:
        if not self.screenshot_dir or self.top is None:
            return
        signature = (type(self.top).__name__, self.top.screenshot_name())
        if signature == self._last_signature:
            return
        self._last_signature = signature
        self.screenshot_dir.mkdir(parents=True, exist_ok=True)
        self._screenshot_count += 1
        # a scene id comes from the pack: made a plain file name, never a path
        name = f"{self._screenshot_count:04d}_{folder_name(signature[1])}.png"
        self.pygame.image.save(self.window, str(self.screenshot_dir / name))

    def _autoplay_step(self) -> None:
        if self.games_finished >= self.autoplay:
            self.running = False
            return
        if self.story_data is None:  # nothing to play: the checker's errors are on screen
            self.exit_code = 1
            self.running = False
            return
        top = self.top
        if top is None:
            self.running = False
            return
        candidates = top.autoplay_events(self.rng)
        if candidates:
            self.pygame.event.post(self.rng.choice(candidates))

    def game_finished(self) -> None:
        self.games_finished += 1

    def route_failed(self, why: str) -> None:
        """``--route`` asked for a choice the scene on screen cannot take: say which step,
        and stop (exit 2) rather than wander off the route the reviewer wanted."""
        step = self._route_length - len(self.route) + 1
        print(f"error: --route step {step}: {why}", file=sys.stderr)
        self.route.clear()
        self.exit_code = 2
        self.running = False


def _parse_size(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        return None
    return max(MIN_SIZE[0], width), max(MIN_SIZE[1], height)


def _process_start_time() -> float:
    """When this process started (wall clock), so 'first frame' includes Python's start-up."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def run_app(options: Namespace) -> int:
    if getattr(options, "headless", False):
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        app = App(options)
    except Exception as error:  # noqa: BLE001 - no window at all: say why, no traceback
        print(f"error: cannot open the game window: {error}")
        print("hint: run with --headless, or play in the terminal with `budapest1956 play --text`")
        return 2
    with stop_on_sigterm(app):  # even a frozen game answers kill (game.ui.terminate)
        return app.run()
