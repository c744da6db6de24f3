"""How long things take in a lesson: one set of assumptions for the guide and the autoplay.

The teacher's guide states these numbers next to its estimates, so a teacher can judge
them; the headless autoplay uses the same numbers, so its simulated lessons are the
lessons the guide plans.
"""

from __future__ import annotations

from ..core.model import Scene
from ..core.state import StoryState

WORDS_PER_MINUTE = 150  # reading aloud to a class, slower than silent reading
DECISION_MINUTES = 2.0  # putting a choice to the vote and counting hands
PROMPT_MINUTES = 5.0  # one discussion prompt, talked through
LESSON_MINUTES = (40, 45)  # a lesson segment aims for this many minutes


def scene_words(scene: Scene, state: StoryState | None = None) -> int:
    """Words read aloud at a scene: its text, its choices, and an ending's epilogue.

    With ``state`` (a reader arriving there), the words that reader is shown: the reply
    that opened the scene and the paragraphs as rendered for them. Without it, the longest
    way through the scene's text: an estimate for any reader, who may read less."""
    words = sum(len(choice.text.split()) for choice in scene.choices)
    if state is not None:
        return words + sum(len(paragraph.split()) for paragraph in state.shown + state.epilogue)
    words += scene.word_count
    if scene.ending:
        words += scene.ending.epilogue.words
    return words


def scene_minutes(
    scene: Scene,
    words_per_minute: float = WORDS_PER_MINUTE,
    decision_minutes: float = DECISION_MINUTES,
    prompt_minutes: float = PROMPT_MINUTES,
    state: StoryState | None = None,
) -> float:
    """Reading time plus a fixed time for the decision (if any) and for each prompt."""
    minutes = scene_words(scene, state) / words_per_minute
    if scene.choices and not scene.ending:
        minutes += decision_minutes
    return minutes + prompt_minutes * len(scene.discussion)
