"""Exhaustive and random exploration of a story, like ChoiceScript's quicktest/randomtest.

``explore`` walks every reachable (scene, variables, relevant visit counts) state from
every perspective's first scene, applying the same compiled conditions and effects as
the game, and reports what was reached and what never can be. ``random_play`` plays
games through the real :class:`Story` facade (and so through the ``transitions``
machine) with a seeded random generator.
"""

from __future__ import annotations

import random
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from .expressions import calls_in
from .model import StoryData
from .story import Story

DEFAULT_MAX_STATES = 500_000
VISIT_CAP = 4  # visit counts above this are treated alike (conditions rarely count further)


@dataclass
class ExploreReport:
    scenes_total: int
    scenes_reached: int
    unreachable: list[str]
    endings_total: int
    endings_reached: list[str]
    endings_unreached: list[str]
    dead_ends: list[dict[str, Any]]
    choices_never_open: list[str]
    states: int
    truncated: bool
    seconds: float
    per_perspective: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _tracked_visits(story: StoryData) -> list[str]:
    """Scenes whose visit counts some condition reads: only those enter the state key."""
    tracked: set[str] = set()
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.condition and choice.condition.tree is not None:
                tracked |= {scene_id for _, scene_id in calls_in(choice.condition.tree)}
        for effects in [scene.effects] + [c.effects for c in scene.choices]:
            if effects:
                for statement in effects.statements:
                    tracked |= {scene_id for _, scene_id in calls_in(statement.value)}
    return sorted(tracked)


def explore(story: StoryData, max_states: int = DEFAULT_MAX_STATES) -> ExploreReport:
    started = time.perf_counter()
    names = list(story.variables)
    tracked = _tracked_visits(story)
    reached: set[str] = set()
    opened: set[tuple[str, int]] = set()
    dead_ends: dict[str, dict[str, Any]] = {}
    per_perspective: dict[str, dict[str, Any]] = {}
    total_states = 0
    truncated = False
    for perspective in story.perspectives.values():
        if perspective.start not in story.scenes:
            continue
        seen: set[tuple[Any, ...]] = set()
        local_reached: set[str] = set()
        local_endings: set[str] = set()
        variables = story.default_variables()
        visits = {perspective.start: 1}
        start_scene = story.scenes[perspective.start]
        if start_scene.effects and start_scene.effects.apply:
            start_scene.effects.apply(variables, visits)
        queue: deque[tuple[str, dict[str, Any], dict[str, int]]] = deque([(perspective.start, variables, visits)])
        while queue:
            scene_id, variables, visits = queue.popleft()
            key = (scene_id, tuple(variables[n] for n in names), tuple(min(visits.get(t, 0), VISIT_CAP) for t in tracked))
            if key in seen:
                continue
            if len(seen) >= max_states:
                truncated = True
                break
            seen.add(key)
            local_reached.add(scene_id)
            scene = story.scenes[scene_id]
            if scene.ending:
                local_endings.add(scene_id)
                continue
            any_open = False
            for choice in scene.choices:
                target = story.scenes.get(choice.goto)
                if target is None:
                    continue
                condition = choice.condition
                if condition is not None:
                    if condition.evaluate is None or not condition.evaluate(variables, visits):
                        continue
                any_open = True
                opened.add((scene_id, choice.index))
                new_variables = dict(variables)
                if choice.effects and choice.effects.apply:
                    choice.effects.apply(new_variables, visits)
                new_visits = dict(visits)
                new_visits[target.id] = min(new_visits.get(target.id, 0) + 1, VISIT_CAP + 1)
                if target.effects and target.effects.apply:
                    target.effects.apply(new_variables, new_visits)
                queue.append((target.id, new_variables, new_visits))
            if not any_open and scene_id not in dead_ends:
                dead_ends[scene_id] = {
                    "scene": scene_id,
                    "location": scene.pos.short,
                    "perspective": perspective.id,
                    "variables": dict(variables),
                }
        total_states += len(seen)
        reached |= local_reached
        per_perspective[perspective.id] = {
            "start": perspective.start,
            "scenes_reached": len(local_reached),
            "endings_reached": sorted(local_endings),
            "states": len(seen),
        }
    endings = [scene.id for scene in story.endings]
    return ExploreReport(
        scenes_total=len(story.scenes),
        scenes_reached=len(reached),
        unreachable=[scene_id for scene_id in story.scenes if scene_id not in reached],
        endings_total=len(endings),
        endings_reached=[e for e in endings if e in reached],
        endings_unreached=[e for e in endings if e not in reached],
        dead_ends=list(dead_ends.values()),
        choices_never_open=[
            f"{scene.id}:{choice.id}"
            for scene in story.scenes.values()
            if scene.id in reached
            for choice in scene.choices
            if (scene.id, choice.index) not in opened and not scene.ending
        ],
        states=total_states,
        truncated=truncated,
        seconds=round(time.perf_counter() - started, 4),
        per_perspective=per_perspective,
    )


@dataclass
class RandomReport:
    games: int
    seed: int
    scenes_total: int
    scenes_reached: int
    unreached: list[str]
    endings_reached: dict[str, int]
    stuck: list[dict[str, Any]]
    average_length: float
    longest: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def random_play(story: StoryData, games: int, seed: int = 0, max_steps: int = 2000) -> RandomReport:
    """Play ``games`` games with random open choices through the real facade."""
    started = time.perf_counter()
    rng = random.Random(seed)
    perspectives = [p.id for p in story.perspectives.values() if p.start in story.scenes]
    visited: Counter[str] = Counter()
    endings: Counter[str] = Counter()
    stuck: list[dict[str, Any]] = []
    lengths: list[int] = []
    for _ in range(games):
        playthrough = Story(story, rng.choice(perspectives))
        visited[playthrough.scene.id] += 1
        steps = 0
        while not playthrough.is_ending and steps < max_steps:
            options = playthrough.open_choices
            if not options:
                stuck.append({"scene": playthrough.scene.id, "variables": dict(playthrough.variables)})
                break
            playthrough.choose(rng.choice(options).index)
            visited[playthrough.scene.id] += 1
            steps += 1
        if playthrough.is_ending:
            endings[playthrough.scene.id] += 1
        lengths.append(steps)
    return RandomReport(
        games=games,
        seed=seed,
        scenes_total=len(story.scenes),
        scenes_reached=len(visited),
        unreached=[scene_id for scene_id in story.scenes if scene_id not in visited],
        endings_reached=dict(sorted(endings.items())),
        stuck=stuck,
        average_length=round(sum(lengths) / len(lengths), 2) if lengths else 0.0,
        longest=max(lengths, default=0),
        seconds=round(time.perf_counter() - started, 4),
    )
