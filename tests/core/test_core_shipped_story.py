"""Every path of the shipped story, twice: straight, and through a save/load round trip
after every step (as ink runs its suite in a JSON round-trip mode).

The walker is tested on the fixture packs too, so it is known to work even while the
shipped story is being written; the shipped tests skip (saying why) only while
``scenes/`` does not load.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

import pytest

from game.core.explore import explore
from game.core.model import StoryData
from game.core.story import Story

MAX_STEPS = 400


def observe(story: Story) -> tuple:
    """Everything a player (or a front end) can see of a playthrough."""
    return (
        story.scene.id,
        dict(story.variables),
        dict(story.visits),
        story.path,
        [(v.choice.id, v.open, v.reason) for v in story.choices],
        [c.id for c in story.open_choices],
        story.is_ending,
        story.clock,
        [(s.scene, s.choice.id, dict(s.variables)) for s in story.history],
    )


def reload(story: Story) -> Story:
    """to_save -> JSON text -> parsed -> Story.from_save, as a save file would go."""
    return Story.from_save(story.data, json.loads(json.dumps(story.to_save("walk"))))


@dataclass
class WalkReport:
    games: int = 0
    steps: int = 0
    endings: dict[str, int] = field(default_factory=dict)
    stuck: list[tuple[str, dict]] = field(default_factory=list)
    taken: set[tuple[str, str]] = field(default_factory=set)
    seen_open: set[tuple[str, str]] = field(default_factory=set)
    scenes: set[str] = field(default_factory=set)


def walk_twice(data: StoryData, games: int, seed: int = 1956, round_trip: bool = True) -> WalkReport:
    """Play ``games`` seeded games from every perspective in turn, preferring choices not
    taken yet (so few games cover many branches). Each game runs twice in lockstep: a
    straight playthrough and one that is saved and loaded again after every step; both
    must show the same scene, variables, visits and choices at every step, and undo on
    the reloaded one must retrace the straight one back to the first scene."""
    rng = random.Random(seed)
    report = WalkReport()
    perspectives = [p.id for p in data.perspectives.values() if p.start in data.scenes]
    assert perspectives, "no perspective starts at a scene of this story"
    for game in range(games):
        perspective = perspectives[game % len(perspectives)]
        straight = Story(data, perspective)
        saved = reload(Story(data, perspective)) if round_trip else Story(data, perspective)
        seen = [observe(straight)]
        assert observe(saved) == seen[-1]
        report.scenes.add(straight.scene.id)
        while not straight.is_ending and len(straight.history) < MAX_STEPS:
            options = straight.open_choices
            for choice in options:
                report.seen_open.add((straight.scene.id, choice.id))
            if not options:
                report.stuck.append((straight.scene.id, dict(straight.variables)))
                break
            fresh = [c for c in options if (straight.scene.id, c.id) not in report.taken]
            choice = rng.choice(fresh or options)
            report.taken.add((straight.scene.id, choice.id))
            straight.choose(choice.id)
            saved.choose(choice.id)
            if round_trip:
                saved = reload(saved)
            seen.append(observe(straight))
            assert observe(saved) == seen[-1], f"after {straight.path}"
            for index, view in enumerate(saved.choices):
                assert saved.may_choose(index) is view.open
            report.scenes.add(straight.scene.id)
            report.steps += 1
        if straight.is_ending:
            report.endings[straight.scene.id] = report.endings.get(straight.scene.id, 0) + 1
            assert straight.choices == [] and saved.choices == []
        for expected in reversed(seen[:-1]):
            saved.undo()
            assert observe(saved) == expected
        assert not saved.can_undo
        report.games += 1
    return report


# --------------------------------------------------------------------------- on the fixtures


def test_walker_on_the_clean_pack(load_pack) -> None:
    data, _ = load_pack("clean")
    report = walk_twice(data, games=12)
    assert report.games == 12 and report.stuck == []
    assert set(report.endings) == {"radio", "home"}
    assert report.scenes == set(data.scenes)
    assert report.taken == report.seen_open  # directed play took every choice it saw open
    assert ("square", "look") in report.taken


def test_walker_finds_the_stuck_student(load_pack) -> None:
    data, _ = load_pack("explore_pack")
    report = walk_twice(data, games=10)
    assert ("b", {"courage": 0, "hurt": False}) in report.stuck
    assert set(report.endings) == {"end_fight", "end_home"}


# --------------------------------------------------------------------------- the shipped story


def _shipped_games(story: StoryData) -> int:
    return 10 * max(1, len(story.perspectives))


def test_shipped_story_walked_straight(shipped_story: StoryData) -> None:
    assert shipped_story.endings, "the shipped story has no ending"
    report = walk_twice(shipped_story, games=_shipped_games(shipped_story), round_trip=False)
    assert report.endings, "no walk reached an ending"
    assert report.stuck == [], f"stuck (no open choice) at: {report.stuck[:5]}"
    assert report.steps > 0


def test_shipped_story_walked_through_saves(shipped_story: StoryData) -> None:
    assert shipped_story.endings, "the shipped story has no ending"
    report = walk_twice(shipped_story, games=_shipped_games(shipped_story), round_trip=True)
    assert report.endings, "no walk reached an ending"
    assert report.stuck == [], f"stuck (no open choice) at: {report.stuck[:5]}"


def test_shipped_story_variables_keep_their_types(shipped_story: StoryData) -> None:
    """Every effect of the shipped story leaves every variable with its declared type."""
    kinds = {"int": int, "bool": bool, "str": str}
    for scene in shipped_story.scenes.values():
        for effects in [scene.effects] + [c.effects for c in scene.choices]:
            if effects is None or effects.apply is None:
                continue
            values = shipped_story.default_variables()
            effects.apply(values, {}, {})
            for name, value in values.items():
                assert type(value) is kinds[shipped_story.variables[name].type], (scene.id, effects.sources, name, value)


@pytest.fixture(scope="module")
def shipped_report(shipped_story: StoryData):
    return explore(shipped_story)


def test_shipped_story_explores_clean(shipped_report) -> None:
    report = shipped_report
    assert not report.truncated
    assert report.endings_reached, "no ending can be reached"
    assert report.dead_ends == [], f"dead ends: {report.dead_ends[:5]}"
    assert report.endings_unreached == [], f"endings never reached: {report.endings_unreached}"
    assert report.unreachable == [], f"scenes never reached: {report.unreachable}"
    assert report.choices_never_open == [], f"choices never open: {report.choices_never_open}"


def test_shipped_story_every_perspective_reaches_an_ending(shipped_story: StoryData, shipped_report) -> None:
    report = shipped_report
    for perspective in shipped_story.perspectives:
        assert report.per_perspective[perspective]["endings_reached"], perspective


def test_shipped_story_cites_only_content(shipped_story: StoryData) -> None:
    for scene, citation in shipped_story.citations():
        assert citation.match is not None, (scene.id, citation.quote)
        source = shipped_story.sources[citation.source]
        assert source.document.paragraphs[citation.paragraph].citable, (scene.id, citation.quote)


@pytest.mark.parametrize(
    "args",
    [["sources"], ["sources", "--format", "json"], ["graph"], ["graph", "--format", "dot"], ["export"],
     ["explore", "--random", "20", "--format", "json"]],
)
def test_shipped_story_tools_run(shipped_story: StoryData, run_cli, args) -> None:
    result = run_cli(*args)
    assert result.code == 0, result.err
    assert result.out.strip()
