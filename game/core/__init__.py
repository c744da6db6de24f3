"""The headless story core: loading, validation, the state machine, saves.

Nothing in this package imports pygame, argparse or prints: it returns data and raises
typed errors (:mod:`game.core.diagnostics`); the shells in ``game.cli`` and ``game.ui``
decide how to show them. A test keeps it that way.
"""

from .diagnostics import ChoiceError, Diagnostic, Diagnostics, Pos, SaveError, StoryError, StoryLoadError
from .loader import load_story, load_story_or_raise
from .model import Scene, StoryData
from .story import ChoiceView, Story

__all__ = [
    "ChoiceError", "ChoiceView", "Diagnostic", "Diagnostics", "Pos", "SaveError", "Scene", "Story",
    "StoryData", "StoryError", "StoryLoadError", "load_story", "load_story_or_raise",
]
