"""The reactivity report, on stories whose answers are worked out by hand, on the fixture
packs, and on the shipped story (properties that must hold whatever its text says)."""

from __future__ import annotations

import json
import textwrap

import pytest

from game.core.reactivity import ReactivityReport, reactivity
from game.core.validate import reachable_from


@pytest.fixture
def reactive_scene(scene):
    """``scene(...)`` with its own ``text:`` (YAML, written as under the key)."""

    def make(scene_id: str, text: str, body: str = "", ending: bool = False) -> str:
        written = scene(scene_id, body, ending=ending)
        block = textwrap.indent(textwrap.dedent(text).strip("\n"), "      ")
        return written.replace("    text: Something happens.\n", "    text:\n" + block + "\n")

    return make


# one scene per way of acknowledging (or not) a converging choice
CONVERGING = {
    # a reply acknowledges its own choice only
    "start": """
        choices:
          - {id: run, text: Run, goto: t1, reply: You run until your lungs burn.}
          - {id: walk, text: Walk, goto: t1}
    """,
    # t2 reads chose("t1.a"): a is told from b and c; b and c are not told from each other
    "t1": """
        choices:
          - {id: a, text: A, goto: t2}
          - {id: b, text: B, goto: t2}
          - {id: c, text: C, goto: t2}
    """,
    # t3 reads hurt, which one sets and the other does not: both told apart
    "t2": """
        choices:
          - {id: fall, text: Fall, goto: t3, effects: hurt = true}
          - {id: careful, text: Step carefully, goto: t3}
    """,
    # t4 prints {courage}: the same statement twice (at different columns) tells nothing
    "t3": """
        choices:
          - {id: one, text: One, goto: t4, effects: courage += 1}
          - {id: two, text: Two, goto: t4, effects: "courage  +=  1"}
          - {text: Unnamed, goto: t4, effects: courage += 2}
    """,
    # t5 sets hurt = false on entry: by the time its text reads hurt, both are alike
    "t4": """
        choices:
          - {id: x, text: X, goto: t5, effects: hurt = true}
          - {id: y, text: Y, goto: t5}
    """,
}


@pytest.fixture
def converging_story(playable, scene, reactive_scene):
    scenes = [
        scene("start", CONVERGING["start"]),
        reactive_scene("t1", "- The stairs.", CONVERGING["t1"]),
        reactive_scene("t2", '- The yard.\n- {if: chose("t1.a"), text: You chose A.}', CONVERGING["t2"]),
        reactive_scene("t3", "- {if: hurt, text: Your knee hurts., else: You are fine.}", CONVERGING["t3"]),
        reactive_scene("t4", "- You have {courage} courage.", CONVERGING["t4"]),
        reactive_scene(
            "t5", "- {if: hurt, text: Still hurt.}",
            "effects: hurt = false\nchoices:\n  - {text: Left, goto: end1}\n  - {text: Right, goto: end2}",
        ),
        scene("end1", ending=True),
        scene("end2", ending=True),
    ]
    return playable("".join(scenes))


def _findings(report: ReactivityReport) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {f.key: (f.acknowledged_by, f.untold) for f in report.findings()}


def test_each_way_of_acknowledging_a_converging_choice(converging_story) -> None:
    report = reactivity(converging_story)
    assert [(c.scene, c.target) for c in report.convergences] == [
        ("start", "t1"), ("t1", "t2"), ("t2", "t3"), ("t3", "t4"), ("t4", "t5"),
    ]
    assert _findings(report) == {
        "start.run": (("reply",), ("'walk'",)),  # a reply counts even though t1 tells nothing
        "start.walk": ((), ("'run'",)),  # the sibling's reply does not acknowledge this one
        "t1.a": (('chose("t1.a")',), ()),
        "t1.b": (('chose("t1.a")',), ("'c'",)),
        "t1.c": (('chose("t1.a")',), ("'b'",)),
        "t2.fall": (("hurt",), ()),
        "t2.careful": (("hurt",), ()),
        "t3.one": (("courage",), ("'two'",)),
        "t3.two": (("courage",), ("'one'",)),
        "t3.t3_3": (("courage",), ()),
        "t4.x": ((), ("'y'",)),
        "t4.y": ((), ("'x'",)),
    }
    acknowledged = {f.key for f in report.findings() if f.acknowledged}
    assert acknowledged == {"start.run", "t1.a", "t2.fall", "t2.careful", "t3.t3_3"}
    assert (report.converging_scenes, report.converging_choices, report.acknowledged) == (5, 12, 5)
    assert report.acknowledged_percent == 41.7
    data = report.to_json()
    assert (data["converging_scenes"], data["converging_choices"], data["acknowledged"]) == (5, 12, 5)
    assert data["acknowledged_percent"] == 41.7
    json.dumps(data)  # plain JSON types only


def test_flat_spots_point_at_the_choice_with_a_hint(converging_story) -> None:
    report = reactivity(converging_story)
    spots = report.flat_spots
    assert [s.key for s in spots] == ["start.walk", "t1.b", "t1.c", "t3.one", "t3.two", "t4.x", "t4.y"]
    lines = [s.line for s in spots]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    chapter = (converging_story.root / "chapter.yaml").read_text("utf-8").splitlines()
    for spot in spots:
        assert spot.location == f"{spot.path}:{spot.line}"
        assert spot.path.endswith("chapter.yaml")
        # the line named is the choice's own line in the file
        assert f"id: {spot.choice}," in chapter[spot.line - 1], (spot.key, chapter[spot.line - 1])
    walk, b = spots[0], spots[1]
    assert walk.message == (
        "choice 'walk' (\"Walk\") of 'start' goes to 't1' like 'run', and nothing there tells them apart"
    )
    assert walk.hint == "add a reply: or a paragraph in 't1' with if: chose(\"start.walk\")"
    assert b.message == "choice 'b' (\"B\") of 't1' goes to 't2' like 'a' and 'c'; nothing there tells it from 'c'"
    flat = report.to_json()["flat_spots"]
    assert [f["location"] for f in flat] == [s.location for s in spots]
    assert flat[0]["hint"] == walk.hint


def test_an_unnamed_choice_is_told_that_chose_needs_an_id(playable, scene) -> None:
    story = playable(
        scene("start", "choices:\n  - {text: Left, goto: end}\n  - {text: Right, goto: end}")
        + scene("end", ending=True)
    )
    report = reactivity(story)
    first, second = report.flat_spots
    assert (first.label, second.label) == ("#1", "#2")
    assert first.message == "choice #1 (\"Left\") of 'start' goes to 'end' like #2, and nothing there tells them apart"
    assert "give the choice an id:" in first.hint and 'chose("start.<id>")' in first.hint
    assert "chose() names only choices with an id" in first.hint


def test_an_epilogue_can_acknowledge(playable, scene) -> None:
    story = playable(
        scene("start", "choices:\n  - {id: stay, text: Stay, goto: end}\n  - {id: go, text: Go, goto: end}")
        + scene("end", ending=True).replace(
            "      title: The end\n",
            '      title: The end\n      epilogue:\n        - {if: chose("start.go"), text: You went.}\n',
        )
    )
    report = reactivity(story)
    assert _findings(report) == {"start.stay": (('chose("start.go")',), ()), "start.go": (('chose("start.go")',), ())}
    assert report.flat_spots == [] and report.acknowledged_percent == 100.0


def test_no_converging_choices(playable, scene) -> None:
    story = playable(
        scene("start", "choices:\n  - {text: Left, goto: a}\n  - {text: Right, goto: b}")
        + scene("a", ending=True) + scene("b", ending=True)
    )
    report = reactivity(story)
    assert report.convergences == () and report.acknowledged_percent is None
    assert report.to_json()["acknowledged_percent"] is None


# --------------------------------------------------------------------------- per perspective


@pytest.fixture
def long_memory(playable, scene, reactive_scene):
    """a -> b -> c -> d -> lp <-> lp2, lp -> e -> f -> g -> end; orphan is unreachable."""
    scenes = [
        scene("a", "choices:\n  - {id: help, text: Help, goto: b}\n  - {id: leave, text: Leave, goto: b}"),
        scene("b", "choices:\n  - {text: Go, goto: c, effects: hurt = true}"),
        # hurt is written only by the choice straight into c, and c is on no loop: not far
        reactive_scene("c", "- {if: hurt, text: You limp.}", "choices:\n  - {text: Onward, goto: d}"),
        # a's choice was taken three scenes before d
        reactive_scene("d", '- {if: chose("a.help"), text: They remember you helped.}',
                       "choices:\n  - {text: Onward, goto: lp}"),
        # lp lies on a loop: the count it reads was raised before an earlier visit
        reactive_scene("lp", '- {if: visits("lp") == 1, text: First time., else: Again.}',
                       "choices:\n  - {text: Round, goto: lp2}\n  - {text: Onward, goto: e}"),
        scene("lp2", "choices:\n  - {text: Back, goto: lp}"),
        scene("e", "effects: courage += 1\nchoices:\n  - {text: Onward, goto: f}"),
        # e's entry effects are one scene before f, two before g
        reactive_scene("f", "- Courage {courage}.",
                       'choices:\n  - text: Onward\n    goto: g\n    reply:\n      - {if: chose("a.leave"), text: You left.}'),
        reactive_scene("g", "- Still {courage}.", "choices:\n  - {text: End, goto: end}"),
        scene("end", ending=True),
        reactive_scene("orphan", '- {if: chose("a.help"), text: Unreachable.}',
                       "choices:\n  - {text: To g, goto: g}"),
    ]
    return playable("".join(scenes), start="a")


def test_scenes_that_vary_with_a_choice_two_or_more_scenes_back(long_memory) -> None:
    report = reactivity(long_memory)
    [student] = report.perspectives
    assert (student.id, student.start) == ("student", "a")
    assert student.scenes == 10  # not the orphan
    assert student.reactive == 5  # c, d, lp, f, g
    assert {v.scene: v.reads for v in student.varying} == {
        "d": ('chose("a.help")',),
        "lp": ('visits("lp")',),
        "g": ('chose("a.leave")', "courage"),  # the incoming reply's condition, the slot
    }
    assert all(v.location.endswith(f"chapter.yaml:{long_memory.scenes[v.scene].pos.line + 1}") for v in student.varying)
    data = report.to_json()["perspectives"]["student"]
    assert data["varying_count"] == 3 and data["scenes"] == 10 and data["reactive"] == 5
    assert [v["scene"] for v in data["varying"]] == ["d", "lp", "g"]


def test_the_report_is_the_same_every_run(long_memory, converging_story) -> None:
    for story in (long_memory, converging_story):
        assert reactivity(story).to_json() == reactivity(story).to_json()


# --------------------------------------------------------------------------- packs and the shipped story


def _check_invariants(story, report: ReactivityReport) -> None:
    """What must hold of any report: the counts add up, every reported choice converges."""
    assert report.converging_choices == sum(len(c.choices) for c in report.convergences)
    assert report.acknowledged + len(report.flat_spots) == report.converging_choices
    assert report.converging_scenes == len({c.scene for c in report.convergences})
    if report.converging_choices:
        assert report.acknowledged_percent == round(100 * report.acknowledged / report.converging_choices, 1)
    for finding in report.findings():
        scene = story.scenes[finding.scene]
        [choice] = [c for c in scene.choices if c.id == finding.choice]
        assert choice.goto == finding.target
        assert sum(c.goto == finding.target for c in scene.choices) >= 2, finding.key
        assert finding.location == choice.pos.short
        assert ("reply" in finding.acknowledged_by) == bool(choice.reply)
    # and every converging choice of the story is reported
    converging = {
        c.key for s in story.scenes.values() for c in s.choices
        if sum(other.goto == c.goto for other in s.choices) >= 2 and c.goto in story.scenes
    }
    assert {f.key for f in report.findings()} == converging
    for perspective in report.perspectives:
        start = story.perspectives[perspective.id].start
        assert perspective.scenes == len(reachable_from(story, [start]))
        assert len(perspective.varying) <= perspective.reactive <= perspective.scenes
        assert len({v.scene for v in perspective.varying}) == len(perspective.varying)


def test_the_clean_pack(load_pack) -> None:
    story, _ = load_pack("clean")
    report = reactivity(story)
    _check_invariants(story, report)
    # start's two choices go to square, whose text is the same for both (brave raises courage,
    # but square does not read it)
    assert [(c.scene, c.target) for c in report.convergences] == [("start", "square")]
    assert [s.key for s in report.flat_spots] == ["start.brave", "start.wait"]
    assert [s.location.rsplit(":", 1)[1] for s in report.flat_spots] == ["17", "21"]
    assert report.acknowledged_percent == 0.0
    assert {p.id: (p.scenes, p.reactive, len(p.varying)) for p in report.perspectives} == {
        "student": (4, 0, 0), "worker": (4, 0, 0),
    }


def test_the_shipped_story(shipped_story) -> None:
    report = reactivity(shipped_story)
    _check_invariants(shipped_story, report)
    # the issue counted 74 scenes with converging choices; the story keeps its shape
    assert report.converging_scenes >= 50
    assert [p.id for p in report.perspectives] == list(shipped_story.perspectives)
    for spot in report.flat_spots:
        assert spot.path.endswith(".yaml") and spot.line >= 1
        assert spot.hint.startswith("add a reply:")


def test_the_shipped_story_answers_back(shipped_story) -> None:
    """Issue 14's figures, on every path: every converging choice acknowledged, at least 8
    scenes that vary with a choice two or more scenes back, at least 3 choices that open or
    close on an earlier decision, and endings whose epilogues answer the path to them."""
    report = reactivity(shipped_story)
    assert [spot.location for spot in report.flat_spots] == []
    for perspective in report.perspectives:
        assert len(perspective.varying) >= 8, perspective.id
        assert len(perspective.gated) >= 3, perspective.id
    for scene in shipped_story.scenes.values():
        if scene.ending:
            assert scene.ending.epilogue.is_reactive, f"the epilogue of {scene.id} reads the same on every path"


def test_the_reactive_pack(load_pack) -> None:
    story, diagnostics = load_pack("reactive")
    assert story is not None, [str(d) for d in diagnostics]
    report = reactivity(story)
    _check_invariants(story, report)
    # start's two choices into square both have replies (and set leaflets differently,
    # which square reads)
    assert _findings(report) == {
        "start.leaflets": (("reply", "leaflets"), ()), "start.empty": (("reply", "leaflets"), ()),
    }
    assert report.flat_spots == []
    [student] = report.perspectives
    assert (student.scenes, student.reactive) == (4, 4)
    # square: its return paragraph (a loop) and leaflets, set before an earlier visit;
    # radio: chose("start.leaflets"), two scenes back, and leaflets in march's reply
    assert {v.scene: v.reads for v in student.varying} == {
        "square": ("leaflets", 'visits("square")'),
        "radio": ('chose("start.leaflets")', "leaflets"),
    }


def test_choices_that_open_or_close_on_an_earlier_decision(playable, scene) -> None:
    """Counted: a condition on a remembered choice, or on a variable an earlier choice sets.
    Not counted: visit counts, a variable only a scene's entry sets, a variable only a
    later choice sets."""
    scenes = [
        scene("start", "choices:\n  - {id: keep, text: Keep it, goto: b, effects: courage += 1}\n"
                       "  - {id: drop, text: Drop it, goto: b}"),
        scene("b", "effects: hurt = true\nchoices:\n"
                   '  - {id: remembered, text: Use it, goto: c, if: chose("start.keep")}\n'
                   "  - {id: brave, text: Dare, goto: c, if: courage >= 1}\n"
                   '  - {id: been, text: Again, goto: c, if: visits("b") == 1}\n'
                   "  - {id: entry, text: Limp, goto: c, if: hurt}\n"
                   "  - {id: plain, text: Walk, goto: c}"),
        scene("c", "choices:\n  - {id: late, text: Late, goto: end, if: name == \"Anna\"}\n"
                   "  - {id: rename, text: Rename, goto: end, effects: name = \"Anna\"}"),
        scene("end", ending=True),
    ]
    story = playable("".join(scenes))
    report = reactivity(story)
    [student] = report.perspectives
    assert {g.key: g.reads for g in student.gated} == {
        "b.remembered": ('chose("start.keep")',),
        "b.brave": ("courage",),
    }
    assert [g.location for g in student.gated] == [story.scenes["b"].choices[i].pos.short for i in (0, 1)]
    assert report.to_json()["perspectives"]["student"]["gated_count"] == 2
