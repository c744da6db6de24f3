"""Fixtures for the headless tests of the pygame front end.

Every test gets SDL's dummy video and audio drivers and its own player folder
(``BUDAPEST1956_HOME``), set before any App exists, so no test opens a window or touches
the real saves and settings. Games are driven the way a player drives them: events go
through ``App.dispatch`` and frames through ``App.draw``.

``make_game`` builds a :class:`Game`: the App plus small helpers (keys, clicks, typed
text, what text the last frame drew, pixel counts). Unless told otherwise the App's
crash handler re-raises, so an unexpected error fails the test instead of being shown
on the crash screen.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402  (after the SDL drivers are chosen)

UI_DIR = Path(__file__).resolve().parent
STORY = UI_DIR / "story"
PROJECT = UI_DIR.parent.parent

# long_story: paragraphs that make a scene several windows tall, and where they go
PARAGRAPH = ("Zsófi reads the column again by the grey light of the window, and then a third time, "
             "as if the words might change if she looked at them long enough; they do not. ")
LONG = "\n\n      ".join(PARAGRAPH * 2 + f"(Paragraph {number}.)" for number in range(1, 13))
OPENING = "In Warsaw, the students say, the crowds brought their leader back."
HOME = "You go home. On the radio, the BBC says the protest goes on into the night."


@pytest.fixture(autouse=True)
def ui_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Dummy SDL drivers and a fresh player folder for every test, before any App."""
    home = tmp_path / "home"
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    monkeypatch.setenv("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    monkeypatch.setenv("BUDAPEST1956_HOME", str(home))
    yield home
    if pygame.display.get_init():
        pygame.key.stop_text_input()
        pygame.display.quit()


@pytest.fixture
def story_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture story, with its own copy of the source."""
    target = tmp_path / "story"
    shutil.copytree(STORY, target)
    return target


@pytest.fixture
def long_story(story_copy: Path) -> Path:
    """The UI story with a first scene and an ending scene several windows tall: where
    Space, Enter and a click must not take a choice the player has not seen."""
    path = story_copy / "student.yaml"
    text = path.read_text(encoding="utf-8")
    assert OPENING in text and f"text: {HOME}" in text
    text = text.replace(OPENING, LONG)
    text = text.replace(f"text: {HOME}", "text: |\n      " + HOME + "\n\n      " + LONG)
    path.write_text(text, encoding="utf-8")
    return story_copy


def _reraise(error: BaseException) -> None:
    raise error


class Game:
    """An App under test, with the inputs a player has and a few ways to look at it."""

    def __init__(self, app: Any):
        self.app = app
        self.texts: list[str] = []
        self.rendered: list[tuple[Any, str]] = []  # (font, text) of the last frame
        original = app.cache.render

        def recording_render(font: Any, text: str, colour: Any, **options: Any) -> Any:
            self.texts.append(text)
            self.rendered.append((font, text))
            return original(font, text, colour, **options)

        app.cache.render = recording_render

    # ------------------------------------------------------------------ state
    @property
    def top(self) -> Any:
        return self.app.top

    @property
    def story(self) -> Any:
        return self.app.story

    @property
    def scene(self) -> str:
        return self.app.story.scene.id

    @property
    def theme(self) -> Any:
        return self.app.theme

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    def stack_names(self) -> list[str]:
        return [type(screen).__name__ for screen in self.app.stack]

    # ------------------------------------------------------------------ input
    def post(self, event_type: int, **attributes: Any) -> None:
        self.app.dispatch(pygame.event.Event(event_type, attributes))

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        self.post(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0)

    def keys(self, *keys: int) -> None:
        for key in keys:
            self.key(key)

    def type(self, text: str) -> None:
        self.post(pygame.TEXTINPUT, text=text)

    def move(self, pos: tuple[int, int]) -> None:
        self.post(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False)

    def click(self, pos: tuple[int, int], button: int = 1) -> None:
        self.post(pygame.MOUSEBUTTONDOWN, pos=pos, button=button, touch=False)
        self.post(pygame.MOUSEBUTTONUP, pos=pos, button=button, touch=False)

    def wheel(self, y: int) -> None:
        self.post(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y), touch=False)

    def resize(self, width: int, height: int) -> None:
        """What SDL does when the player drags the window edge: new surface, then events."""
        pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.post(pygame.VIDEORESIZE, w=width, h=height, size=(width, height))
        self.post(pygame.WINDOWSIZECHANGED, x=width, y=height)

    def choose(self, *numbers: int) -> None:
        """Press the number keys of choices (1-based), as a player would."""
        for number in numbers:
            self.key(pygame.K_0 + number)

    # ------------------------------------------------------------------ looking
    def draw(self) -> str:
        """Draw one frame; return every string the frame rendered, joined by spaces."""
        self.texts = []
        self.rendered = []
        self.app.invalidate()
        self.app.draw()
        return " ".join(self.texts)

    def pixel(self, pos: tuple[int, int]) -> tuple[int, int, int]:
        return tuple(self.app.window.get_at(pos))[:3]

    def count(self, rect: Any, colour: tuple[int, int, int], tolerance: int = 0) -> int:
        """How many pixels inside ``rect`` (clipped to the window) have exactly ``colour``."""
        area = pygame.Rect(rect).clip(self.app.window.get_rect())
        if area.width <= 0 or area.height <= 0:
            return 0
        sub = self.app.window.subsurface(area)
        threshold = (tolerance + 1, tolerance + 1, tolerance + 1, 255)
        return pygame.mask.from_threshold(sub, colour, threshold).count()

    def ink(self, rect: Any, background: tuple[int, int, int] | None = None) -> int:
        """How many pixels inside ``rect`` differ from the background colour."""
        area = pygame.Rect(rect).clip(self.app.window.get_rect())
        return area.width * area.height - self.count(area, background or self.theme.background)

    # ------------------------------------------------------------------ story screen geometry
    def on_screen(self, content_rect: Any) -> pygame.Rect:
        """A story-screen rect in content coordinates as it sits in the window now."""
        screen = self.top
        return pygame.Rect(content_rect).move(0, screen.view.y - screen.scroll.offset)

    def choice_pos(self, index: int) -> tuple[int, int]:
        """Where to point to touch choice ``index`` (0-based) of the story screen."""
        return self.on_screen(self.top.menu.items[index].rect).center


@pytest.fixture
def make_game(monkeypatch: pytest.MonkeyPatch, ui_home: Path) -> Callable[..., Game]:
    """``make_game("--scene", "x", size="800x500", story=path, strict=True, start=True)``."""
    from game.cli import build_parser
    from game.ui.app import App

    def make(*extra: str, story: Path | None = STORY, size: str = "1280x720", strict: bool = True,
             start: bool = True) -> Game:
        args = ["--headless", "--size", size]
        if story is not None:
            args += ["--story", str(story)]
        options = build_parser().parse_args(args + list(extra))
        app = App(options)
        if strict:
            app.crash = _reraise
        game = Game(app)
        if start:
            app.first_screen()
            game.draw()
        return game

    return make


def start_new_game(game: Game, number: int = 1) -> None:
    """New game, the point of view ``number``, and "Start again" if the game asks (an
    earlier test's game in the same folder left an autosave)."""
    game.keys(pygame.K_n, pygame.K_0 + number)
    if type(game.top).__name__ == "MessageScreen" and "again" in game.top.title:
        game.key(pygame.K_s)


#: from Classroom setup on: C names the class; 1 starts the lesson with the first point of
#: view, then V is the vote, D the discussion, and the first choice ends the prologue, so
#: its chapter's debrief
CLASSROOM_KEYS = {
    "classroom_setup": (),
    "classroom_name": (pygame.K_c,),
    "classroom_story": (pygame.K_1,),
    "vote": (pygame.K_1, pygame.K_v),
    "discussion": (pygame.K_1, pygame.K_d),
    "debrief": (pygame.K_1, pygame.K_1),
}


def open_screen(game: Game, name: str) -> None:
    """Bring a freshly made game to the screen ``name`` by the player's own keys."""
    from game.ui.screens.dialog import ErrorScreen, MessageScreen

    app = game.app
    k = pygame
    if name == "title":
        return
    if name == "new_game":
        game.key(k.K_n)
    elif name == "story":
        start_new_game(game)
    elif name == "drawer":
        start_new_game(game)
        game.keys(k.K_s)
    elif name == "sources":
        game.key(k.K_s)
    elif name == "source_from_drawer":
        start_new_game(game)
        game.keys(k.K_s, k.K_r)
    elif name == "journal":
        start_new_game(game)
        game.keys(k.K_1, k.K_j)
    elif name == "save":
        start_new_game(game)
        game.keys(k.K_F2)
    elif name == "text_input":
        start_new_game(game)
        game.keys(k.K_F2, k.K_1)
        if type(game.top).__name__ == "MessageScreen":  # slot 1 is taken: "Save over it"
            game.key(k.K_RETURN)
    elif name == "load":
        game.key(k.K_l)
    elif name == "settings":
        game.key(k.K_o)
    elif name == "about":
        game.key(k.K_a)
    elif name == "record":
        start_new_game(game)
        game.choose(1, 2)  # the leaflets, then the march: a choice with a record
        game.key(k.K_r)
        assert game.top.title == "The record"
    elif name == "ending":
        start_new_game(game)
        game.choose(1, 1, 1)  # home; "Continue: the epilogue" is 1 too, wherever it is on the page
    elif name == "pause":
        start_new_game(game)
        game.keys(k.K_ESCAPE)
    elif name == "message":
        start_new_game(game)
        app.push(MessageScreen(app, "A word from the game", "Something you should know about this."))
    elif name == "error":
        start_new_game(game)
        app.push(ErrorScreen(app, RuntimeError("a test error"), app.data_dir / "error.log"))
    elif name in CLASSROOM_KEYS:
        game.key(k.K_k)
        if name != "classroom_setup" and game.top.view != "new":
            game.key(k.K_n)  # a lesson left in the folder is offered first: start a new one
        for key in CLASSROOM_KEYS[name]:
            game.key(key, unicode=pygame.key.name(key))
    else:  # pragma: no cover - a typo in a test
        raise ValueError(name)
    game.draw()


SCREEN_TYPES = {
    "title": "TitleScreen",
    "new_game": "NewGameScreen",
    "story": "StoryScreen",
    "drawer": "SourceDrawer",
    "sources": "SourceDocumentScreen",
    "source_from_drawer": "SourceDocumentScreen",
    "journal": "JournalScreen",
    "save": "SaveLoadScreen",
    "text_input": "TextInputScreen",
    "load": "SaveLoadScreen",
    "settings": "SettingsScreen",
    "about": "AboutScreen",
    "ending": "EndingScreen",
    "pause": "PauseScreen",
    "message": "MessageScreen",
    "error": "ErrorScreen",
    "record": "SourceDrawer",
    "classroom_setup": "ClassroomSetupScreen",
    "classroom_name": "TextInputScreen",
    "classroom_story": "ClassroomStoryScreen",
    "vote": "VoteScreen",
    "discussion": "DiscussionScreen",
    "debrief": "DebriefScreen",
}


@pytest.fixture
def goto() -> Callable[[Game, str], None]:
    """``goto(game, "journal")``: reach a screen by keys and check it is on top."""

    def go(game: Game, name: str) -> None:
        open_screen(game, name)
        assert type(game.top).__name__ == SCREEN_TYPES[name], game.stack_names()

    return go


def break_story(folder: Path) -> int:
    """Point a choice of the story at a scene that does not exist; return the 1-based line."""
    path = folder / "student.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.strip() == "goto: student_home":
            lines[number] = line.replace("student_home", "student_nowhere")
            path.write_text("".join(lines), encoding="utf-8")
            return number + 1
    raise AssertionError("the fixture story changed: no 'goto: student_home'")


@pytest.fixture
def broken_story() -> Callable[[Path], int]:
    return break_story
