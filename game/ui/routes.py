"""The navigation graph in one place: every screen the game can show, by route name.

Screens never import each other. A screen that leads somewhere names the place —
``app.push("load")``, ``app.reset("title")``, ``app.push("drawer", cites, 0, "The record")``
— and the app builds the screen from this table. So the screens depend only on ``base``,
``widgets``, ``text`` and ``theme`` (and the core), no screen module can start an import
circle, and this file is the one list of where the player can go.

A route maps to a factory called as ``factory(app, *args, **kwargs)``; most are the screen
class itself, and a route that fixes an argument (``save`` and ``load`` are one screen) is a
``partial``. The classroom's screens are routes too, since they open shared screens (the
sources, the title) and shared screens open them (the title's "Classroom").
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

from ..classroom.screens import (
    ClassroomMenuScreen,
    ClassroomSetupScreen,
    ClassroomStoryScreen,
    DebriefScreen,
    DiscussionScreen,
    VoteScreen,
)
from .screens.about import AboutScreen
from .screens.base import Screen
from .screens.dialog import DiagnosticsScreen, ErrorScreen, MessageScreen, TextInputScreen
from .screens.drawer import SourceDrawer
from .screens.ending import EndingScreen
from .screens.journal import JournalScreen
from .screens.newgame import NewGameScreen
from .screens.pause import PauseScreen
from .screens.saveload import SaveLoadScreen
from .screens.settings import SettingsScreen
from .screens.sourcedoc import SourceDocumentScreen
from .screens.story import StoryScreen
from .screens.title import TitleScreen

ScreenFactory = Callable[..., Screen]

ROUTES: dict[str, ScreenFactory] = {
    # the way in
    "title": TitleScreen,                      # the bottom of the stack
    "new_game": NewGameScreen,                 # whose October?
    "load": partial(SaveLoadScreen, saving=False),
    "settings": SettingsScreen,
    "about": AboutScreen,
    "sources": SourceDocumentScreen,           # (source_id=None, paragraph=None): a whole source
    # playing
    "story": StoryScreen,
    "pause": PauseScreen,                      # Esc in the story
    "save": partial(SaveLoadScreen, saving=True),
    "journal": JournalScreen,
    "drawer": SourceDrawer,                    # (citations, index=0, title=...): the cited passages
    "ending": EndingScreen,
    # overlays
    "message": MessageScreen,                  # (title, text, items=None)
    "text_input": TextInputScreen,             # (title, default, done)
    "error": ErrorScreen,                      # (error, log): the crash screen
    "diagnostics": DiagnosticsScreen,          # (diagnostics): the checker's findings
    # the classroom
    "classroom_setup": ClassroomSetupScreen,
    "classroom_story": ClassroomStoryScreen,
    "classroom_menu": ClassroomMenuScreen,
    "vote": VoteScreen,                        # (story_screen)
    "discussion": DiscussionScreen,            # (story_screen, then_vote)
    "debrief": DebriefScreen,                  # (chapter or None for the last one)
}


def screen_class(route: str) -> type[Screen]:
    """The class a route builds, so the app can ask what is showing without importing it."""
    factory = ROUTES[route]
    return factory.func if isinstance(factory, partial) else factory  # type: ignore[return-value]


def build(app: Any, route: str, *args: Any, **kwargs: Any) -> Screen:
    """The screen for ``route``; an unknown name is a programming error, said plainly."""
    try:
        factory = ROUTES[route]
    except KeyError:
        raise KeyError(f"no screen is routed as '{route}'; the routes are: {', '.join(sorted(ROUTES))}") from None
    return factory(app, *args, **kwargs)
