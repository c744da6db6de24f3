"""The navigation graph in one place: every screen the game can show, by route name.

Screens never import each other. A screen that leads somewhere names the place —
``app.push("load")``, ``app.reset("title")``, ``app.push("drawer", cites, 0, "The record")``
— and the app builds the screen from this table. So the screens depend only on ``base``,
``widgets``, ``text`` and ``theme`` (and the core), no screen module can start an import
circle, and this file is the one list of where the player can go.

A route names the screen class and the module it lives in, and any argument the route
fixes (``save`` and ``load`` are one screen); it is built as ``cls(app, *args, **kwargs)``.
The classroom's screens are routes too, since they open shared screens (the sources, the
title) and shared screens open them (the title's "Classroom").

A screen's module is imported the first time its route is built, not with this table: the
first frame is the title, and importing every screen (the classroom's with its guide,
lessons and exports) cost more start-up than the title itself (issue 13). Each module is
still named by an ``import`` statement here, one small function per module, so the import
graph the architecture test reads from the source still shows where the player can go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .screens.base import Screen


def _about() -> ModuleType:
    from .screens import about
    return about


def _classroom() -> ModuleType:
    from ..classroom import screens
    return screens


def _classroom_room() -> ModuleType:
    from ..classroom import room_screens
    return room_screens


def _dialog() -> ModuleType:
    from .screens import dialog
    return dialog


def _drawer() -> ModuleType:
    from .screens import drawer
    return drawer


def _ending() -> ModuleType:
    from .screens import ending
    return ending


def _journal() -> ModuleType:
    from .screens import journal
    return journal


def _newgame() -> ModuleType:
    from .screens import newgame
    return newgame


def _pause() -> ModuleType:
    from .screens import pause
    return pause


def _saveload() -> ModuleType:
    from .screens import saveload
    return saveload


def _settings() -> ModuleType:
    from .screens import settings
    return settings


def _sourcedoc() -> ModuleType:
    from .screens import sourcedoc
    return sourcedoc


def _story() -> ModuleType:
    from .screens import story
    return story


def _title() -> ModuleType:
    from .screens import title
    return title


@dataclass(frozen=True)
class Route:
    """Where a route leads: the screen class ``name`` in the module ``module()`` imports,
    built with the keyword arguments ``fixed`` (``save`` and ``load`` are one screen)."""

    module: Callable[[], ModuleType]
    name: str
    fixed: dict[str, Any] = field(default_factory=dict)

    def screen_class(self) -> type[Screen]:
        return getattr(self.module(), self.name)  # type: ignore[no-any-return]


ROUTES: dict[str, Route] = {
    # the way in
    "title": Route(_title, "TitleScreen"),                    # the bottom of the stack
    "new_game": Route(_newgame, "NewGameScreen"),             # whose October?
    "load": Route(_saveload, "SaveLoadScreen", {"saving": False}),
    "settings": Route(_settings, "SettingsScreen"),
    "about": Route(_about, "AboutScreen"),
    "sources": Route(_sourcedoc, "SourceDocumentScreen"),     # (source_id=None, paragraph=None): a whole source
    # playing
    "story": Route(_story, "StoryScreen"),
    "pause": Route(_pause, "PauseScreen"),                    # Esc in the story
    "save": Route(_saveload, "SaveLoadScreen", {"saving": True}),
    "journal": Route(_journal, "JournalScreen"),
    "drawer": Route(_drawer, "SourceDrawer"),                 # (citations, index=0, title=...): the cited passages
    "ending": Route(_ending, "EndingScreen"),
    # overlays
    "message": Route(_dialog, "MessageScreen"),               # (title, text, items=None)
    "text_input": Route(_dialog, "TextInputScreen"),          # (title, default, done)
    "error": Route(_dialog, "ErrorScreen"),                   # (error, log): the crash screen
    "diagnostics": Route(_dialog, "DiagnosticsScreen"),       # (diagnostics): the checker's findings
    # the classroom
    "classroom_setup": Route(_classroom, "ClassroomSetupScreen"),
    "classroom_story": Route(_classroom, "ClassroomStoryScreen"),
    "classroom_menu": Route(_classroom, "ClassroomMenuScreen"),
    "vote": Route(_classroom, "VoteScreen"),                  # (story_screen)
    "discussion": Route(_classroom, "DiscussionScreen"),      # (story_screen, then_vote)
    "debrief": Route(_classroom, "DebriefScreen"),            # (chapter or None for the last one)
    "room": Route(_classroom_room, "RoomScreen"),             # the class joins from its devices
    "vote_result": Route(_classroom_room, "VoteResultScreen"),  # (decision): the tally, how it was cast
}


def screen_class(route: str) -> type[Screen]:
    """The class a route builds, so the app can ask what is showing without importing it."""
    return ROUTES[route].screen_class()


def build(app: Any, route: str, *args: Any, **kwargs: Any) -> Screen:
    """The screen for ``route``; an unknown name is a programming error, said plainly."""
    try:
        target = ROUTES[route]
    except KeyError:
        raise KeyError(f"no screen is routed as '{route}'; the routes are: {', '.join(sorted(ROUTES))}") from None
    return target.screen_class()(app, *args, **{**target.fixed, **kwargs})
