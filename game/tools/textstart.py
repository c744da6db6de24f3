"""How text play begins: whose story, and whether to continue where the player was.

Why here and not in the player loop: a blind player starting the game a second time must
land back in their own place without knowing any option (the desktop game's Continue), so
the questions are asked in plain sentences, answered by a number or Enter, and an end of
input at any of them quits without a traceback.
"""

from __future__ import annotations

from typing import Any, Callable, TextIO

from ..core.diagnostics import SaveError
from ..core.model import Perspective, StoryData
from ..core.savestore import SaveStore, playthrough_key
from ..core.story import Story
from .textplay import TextPlayer


def describe(perspective: Perspective) -> str:
    """"Zsófia Varga, a student (a fictional character). Twenty years old, ..."."""
    role = f", {perspective.role}" if perspective.role else ""
    fiction = " (a fictional character)" if perspective.fictional else ""
    blurb = " ".join(" ".join(perspective.blurb).split())
    return f"{perspective.name}{role}{fiction}." + (f" {blurb}" if blurb else "")


def ask_perspective(data: StoryData, player: TextPlayer) -> str | None:
    """The point of view the player picks by number (or id); None at the end of input."""
    perspectives = list(data.perspectives.values())
    player.say("Whose story do you want to play?")
    for number, perspective in enumerate(perspectives, start=1):
        player.wrap(f"{number}. {describe(perspective)}")
    while True:
        answer = player.ask(f"Type a number from 1 to {len(perspectives)}: ")
        if answer is None:
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(perspectives):
            return perspectives[int(answer) - 1].id
        if answer in data.perspectives:
            return answer
        player.say(f"There is no point of view {answer}.")


def offer_resume(saves: SaveStore, perspective: str | None, player: TextPlayer) -> Story | None | bool:
    """The autosaved playthrough of this point of view if the player wants it back; None
    for a new game, False at the end of input. A finished playthrough is not offered:
    nothing is lost by starting again (as on the desktop's title screen)."""
    info = saves.playthrough(playthrough_key(perspective)).latest_usable
    if info is None or info.at_ending:
        return None
    question = f"Continue where you were ({info.where})? [Y/n] "
    while True:
        answer = player.ask(question)
        if answer is None:
            return False
        if answer.lower() in ("n", "no"):
            return None
        if answer.lower() in ("", "y", "yes"):
            break
        question = "Type y to continue, or n to start again: "
    try:
        return saves.load(info)
    except SaveError as error:
        player.say(f"That autosave cannot be loaded ({error}); starting again.")
    return None


def play_text(data: StoryData, read: Callable[[], str | None], out: TextIO, *, perspective: str | None,
              start: str | None, variables: dict[str, Any], width: int, saves: SaveStore | None) -> int:
    """Text play from its first line to its exit code. An author's start (``--scene`` or
    ``--set``) is a fresh game and asks nothing."""
    player = TextPlayer(Story(data, perspective, start=start, variables=variables), read, out, width, saves)
    player.wrap(data.title)
    authoring = start is not None or bool(variables)
    if perspective is None and not authoring and len(data.perspectives) > 1:
        perspective = ask_perspective(data, player)
        if perspective is None:
            player.say()
            return 0
    story: Story | None = None
    if saves is not None and not authoring:
        resumed = offer_resume(saves, perspective or next(iter(data.perspectives), None), player)
        if resumed is False:
            player.say()
            return 0
        story = resumed or None
    player.story = story or Story(data, perspective, start=start, variables=variables)
    chosen = player.story.perspective
    if chosen is not None:
        fiction = " (a fictional character)" if chosen.fictional else ""
        role = f", {chosen.role}" if chosen.role else ""
        player.wrap(f"You are {chosen.name}{role}{fiction}.")
    player.help()
    return player.run()

