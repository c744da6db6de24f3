"""How long a path reads on one playthrough, and how differently it reads a second time.

The reactivity report (:mod:`reactivity`) says what the graph allows; an author also needs
to know what a player actually reads: whether a path is 25 minutes or 8, and whether a
second playthrough is a new story or the same pages again. Neither can be read off the
graph (conditions, replies and endings decide), so this module plays the story: random
playthroughs from each perspective's first scene, each choice picked uniformly among the
open ones, as a curious player might.

What counts as read is what the player is shown: on arriving, the reply that opened the
scene and the scene's text as rendered for that state; at an ending, its epilogue. Choice
labels and the apparatus (citations, notes) are left out: they are not the story's prose,
and a path padded with citations is not a longer read.

The *overlap* of a second playthrough is the share of its words that stand in paragraphs
the first playthrough also read, word-weighted, so a shared long paragraph counts for more
than a shared line of dialogue. Playthroughs are drawn in pairs (first, second) and the
overlap is the mean over the pairs.

A seeded :class:`random.Random` makes every figure the same on every run, so a change to
the text moves the numbers and nothing else does. Each playthrough stops after a bounded
number of choices (a story may loop for ever); one that stops there, or at a scene with no
open choice, counts as *unfinished* and its words still count.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import StoryData
from .story import Story
from .validate import reachable_from

#: a reader of narrative prose on screen; the issue's 25–45 minutes are at this pace
WORDS_PER_MINUTE = 200
#: pairs of playthroughs per perspective (each pair gives one overlap figure)
PAIRS = 40
SEED = 1956


@dataclass(frozen=True)
class Playthrough:
    """The paragraphs one random player read, in order, and where the path stopped."""

    paragraphs: tuple[str, ...]
    last_scene: str
    finished: bool  # reached an ending (not stopped at the step bound or a dead end)

    @property
    def words(self) -> int:
        return sum(_words(paragraph) for paragraph in self.paragraphs)


@dataclass(frozen=True)
class PathReading:
    """Reading time and second-playthrough overlap of one perspective."""

    perspective: str
    playthroughs: int
    words_per_minute: int
    minutes: tuple[float, ...]  # each playthrough's reading time, shortest first
    overlap_percent: float  # mean share of a second playthrough's words the first read
    endings: dict[str, int] = field(default_factory=dict)  # last scene -> playthroughs
    unfinished: int = 0

    @property
    def shortest(self) -> float:
        return self.minutes[0]

    @property
    def median(self) -> float:
        return statistics.median(self.minutes)

    @property
    def longest(self) -> float:
        return self.minutes[-1]

    def to_json(self) -> dict[str, Any]:
        return {
            "playthroughs": self.playthroughs, "words_per_minute": self.words_per_minute,
            "minutes": {"shortest": round(self.shortest, 1), "median": round(self.median, 1),
                        "longest": round(self.longest, 1)},
            "second_playthrough_overlap_percent": round(self.overlap_percent, 1),
            "endings": dict(sorted(self.endings.items())), "unfinished": self.unfinished,
        }


def readings(
    story: StoryData, *, pairs: int = PAIRS, seed: int = SEED, words_per_minute: int = WORDS_PER_MINUTE,
) -> tuple[PathReading, ...]:
    """One :class:`PathReading` per perspective whose first scene exists, in story order."""
    if pairs < 1:
        raise ValueError("readings need at least one pair of playthroughs")
    found = []
    for perspective in story.perspectives.values():
        if perspective.start not in story.scenes:
            continue
        rng = random.Random(f"{seed}:{perspective.id}")  # one path's figures do not move with another's
        bound = 4 * len(reachable_from(story, [perspective.start])) + 10
        runs: list[Playthrough] = []
        overlaps: list[float] = []
        for _ in range(pairs):
            first = play_randomly(story, perspective.id, rng, bound)
            second = play_randomly(story, perspective.id, rng, bound)
            runs += [first, second]
            overlaps.append(overlap(first, second))
        found.append(PathReading(
            perspective.id, len(runs), words_per_minute,
            tuple(sorted(run.words / words_per_minute for run in runs)),
            100 * statistics.fmean(overlaps),
            dict(Counter(run.last_scene for run in runs if run.finished)),
            sum(not run.finished for run in runs),
        ))
    return tuple(found)


def play_randomly(story: StoryData, perspective: str, rng: random.Random, bound: int) -> Playthrough:
    """One playthrough, each choice drawn uniformly among the open ones."""
    playing = Story(story, perspective)
    paragraphs: list[str] = []
    for _ in range(bound):
        paragraphs += playing.reply
        paragraphs += playing.text
        if playing.is_ending:
            paragraphs += playing.epilogue
            return Playthrough(tuple(paragraphs), playing.scene.id, True)
        open_choices = [view.number - 1 for view in playing.choices if view.open]
        if not open_choices:
            break
        playing.choose(rng.choice(open_choices))
    return Playthrough(tuple(paragraphs), playing.scene.id, False)


def overlap(first: Playthrough, second: Playthrough) -> float:
    """The share of the second playthrough's words in paragraphs the first also read."""
    total = second.words
    if not total:
        return 0.0
    read = set(first.paragraphs)
    return sum(_words(paragraph) for paragraph in second.paragraphs if paragraph in read) / total


def _words(paragraph: str) -> int:
    return len(paragraph.split())
