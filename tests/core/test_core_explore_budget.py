"""explore and check spend bounded work and memory on any pack (issue 12, red-team pack04).

A pack of 20 unbounded int variables, a loop of scenes whose 20 choices each add to one
and many conditional paragraphs made ``check`` take 50 s and 2 GB and ``explore`` end in
a MemoryError: the state limit bounded states, not what each costs, and the queue held
every state found (most of them again and again) as maps. These tests count, never time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.core.diagnostics import Diagnostics
from game.core.explore import _Costs, Abstraction, check_text_variants, explore
from game.core.explorebudget import Budget
from game.core.loader import load_story
from hostile_pack import QUOTE, SOURCE


def explosion_pack(folder: Path, *, scenes: int = 6, paragraphs: int = 40, perspectives: int = 1) -> Path:
    """pack04 scaled down: unbounded variables, a loop of 20-choice scenes, conditional text.
    The conditions add 0 so that every value stays apart: a plain ``v > j`` on numbers that
    only climb would be capped (:mod:`explorecaps`) and the walk would end."""
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "bbc.txt").write_text(SOURCE, encoding="utf-8")
    variables = "".join(f"  v{i}: {{type: int, default: 0}}\n" for i in range(20))
    starts = "".join(f"  - {{id: p{k}, name: Z, fictional: true, start: s0}}\n" for k in range(perspectives))
    (folder / "story.yaml").write_text(
        "format: 1\nid: hostile\ntitle: Hostile\nversion: \"1.0\"\nvariables:\n" + variables
        + "perspectives:\n" + starts + "chapters:\n  - {id: day_one, title: Tuesday}\n"
        "sources:\n  - {id: bbc, title: BBC, publisher: BBC, date: '1956', file: sources/bbc.txt}\n",
        encoding="utf-8",
    )
    text = "".join(f"      - if: v{j % 20} + 0 > {j}\n        text: P{j}\n" for j in range(paragraphs))
    head = '    date: "1956-10-23 08:00"\n    place: P\n    title: T\n'
    cites = f"    cites:\n      - source: bbc\n        quote: {QUOTE}\n"
    out = ["chapter: day_one\nperspective: shared\nscenes:\n"]
    for i in range(scenes):
        choices = "".join(
            f"      - text: C{j}\n        goto: s{(i + 1) % scenes}\n        effects: v{j} += {i + 1}\n" for j in range(19)
        ) + "      - text: End\n        goto: send\n"
        out.append(f"  - id: s{i}\n{head}    text:\n{text}{cites}    choices:\n{choices}")
    out.append(f"  - id: send\n{head}    text: Hi\n{cites}    ending: {{title: E}}\n")
    (folder / "chapter.yaml").write_text("".join(out), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def exploding(tmp_path_factory: pytest.TempPathFactory):
    story, diagnostics = load_story(explosion_pack(tmp_path_factory.mktemp("explode")))
    assert story is not None and not diagnostics.has_errors, [str(d) for d in diagnostics]
    return story


def test_the_work_budget_stops_the_walk(exploding) -> None:
    budget = Budget(work=1_000_000, memory=10**12)
    report = explore(exploding, max_states=10**7, budget=budget)
    assert report.truncated and report.stopped_by == {"p0": "work"}
    assert report.budget["work_spent"] <= 1_000_000 and report.budget["spent"] == "work"
    # every state expanded was paid for in full before it was walked
    cheapest = min(_Costs(exploding, Abstraction(exploding)).expand.values())
    assert 0 < report.states <= 1_000_000 // cheapest
    assert report.per_perspective["p0"]["frontier"] > 0


def test_the_memory_budget_stops_the_walk(exploding) -> None:
    budget = Budget(work=10**12, memory=2_000_000)
    report = explore(exploding, max_states=10**7, budget=budget)
    assert report.stopped_by == {"p0": "memory"}
    assert report.budget["memory_peak"] <= 2_000_000
    # a found state is kept as its key (its 20 values), not as maps: hundreds of bytes each
    found = report.states + report.per_perspective["p0"]["frontier"]
    assert found >= 2_000_000 // 2_000


def test_the_queue_holds_each_state_once(exploding) -> None:
    """The old walk queued every state each time it was found (19 of 20 again): 1,000
    states walked left about 19,000 in the queue, and memory grew with them."""
    report = explore(exploding, max_states=1_000)
    perspective = report.per_perspective["p0"]
    assert report.stopped_by == {"p0": "states"}
    assert perspective["states"] + perspective["frontier"] <= 1_000


def test_one_budget_serves_every_perspective(tmp_path: Path) -> None:
    """20 perspectives do not get 20 budgets: check's walk is bounded for the whole story."""
    story, _ = load_story(explosion_pack(tmp_path, scenes=3, paragraphs=4, perspectives=20))
    assert story is not None
    report = explore(story, max_states=10**7, budget=Budget(work=300_000, memory=10**12))
    assert report.budget["work_spent"] <= 300_000
    assert report.stopped_by["p0"] == "work"
    assert all(report.stopped_by[f"p{k}"] == "work" for k in range(1, 20))
    assert all(report.per_perspective[f"p{k}"]["states"] == 0 for k in range(1, 20))


def test_check_claims_nothing_when_the_budget_is_spent(exploding) -> None:
    found = Diagnostics()
    assert check_text_variants(exploding, found, max_states=10**7, budget=Budget(work=200_000)) is False
    assert not found.items


def test_check_uses_its_own_smaller_budget(exploding, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Budget] = []
    import game.core.explore as module

    real = module.explore
    monkeypatch.setattr(module, "explore", lambda story, states, budget: seen.append(budget) or real(story, 1, budget))
    check_text_variants(exploding, Diagnostics())
    assert seen and seen[0].work == Budget.for_check().work < Budget().work


def test_explore_command_says_which_budget_stopped_it(exploding, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.core.explore as module

    real = module.explore
    monkeypatch.setattr(module, "explore", lambda story, states: real(story, states, Budget(work=100_000)))
    result = run_cli("explore", exploding.root)
    assert "(stopped: its work budget of 100,000 units was spent)" in result.out
    assert "the budget bounds every walk" in result.out
    assert "Traceback" not in result.out + result.err


def test_out_of_memory_is_a_message_not_a_traceback(exploding, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import game.core.explore as module

    def exhausted(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(module, "explore", exhausted)
    result = run_cli("explore", exploding.root)
    assert result.code == 1
    assert result.err.startswith("error: out of memory")
    assert "Traceback" not in result.err


def test_the_shipped_story_is_walked_whole_within_checks_budget() -> None:
    from game.paths import default_story_dir

    story, _ = load_story(default_story_dir())
    assert story is not None
    budget = Budget.for_check()
    report = explore(story, budget=budget)
    assert report.complete and report.stopped_by == {}
    assert budget.work_spent < budget.work // 3  # room to grow before check stops judging


def test_what_is_live_is_found_in_one_sweep_of_a_long_loop(tmp_path: Path) -> None:
    """Every scene of a 1,000-scene loop reads its own visits and the next scene's choice,
    so 2,000 things are live everywhere: revisiting every edge until nothing changed took
    66 s before the walk began; a worklist in post-order takes a fraction of a second."""
    from hostile_pack import HEADER, run, scene_yaml, story_yaml, write_pack

    count = 1_000
    scenes = "".join(
        scene_yaml(f"s{i}", goto=f"s{(i + 1) % count}").replace(
            '    text: "Hello."', f'    text:\n      - if: visits("s{i}") > 1 and chose("s{(i + 1) % count}.c0")\n        text: A'
        ).replace("      - text: Go", "      - id: c0\n        text: Go")
        + ("      - text: End\n        goto: send\n" if i == count - 1 else "")
        for i in range(count)
    )
    pack = write_pack(tmp_path / "loop", HEADER + scenes + scene_yaml("send", ending=True), story_yaml())
    result = run("explore", "--max-states", "1", "--format", "json", str(pack), timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-500:]  # cut short: 1
    shape = json.loads(result.stdout)["abstraction"]
    assert shape["largest_scene_key"] == 2 * count and len(shape["visits"]) == count


def _live_by_rounds(story) -> dict[str, object]:
    """The analysis as it was first written: every edge again until nothing changes."""
    from game.core.reads import Reads

    live: dict[str, Reads] = {}
    for scene in story.scenes.values():
        reads = Reads.of_conditions(scene.text)
        if scene.ending:
            reads = reads | Reads.of_conditions(scene.ending.epilogue)
        for choice in scene.choices:
            if choice.condition and choice.condition.tree is not None:
                reads = reads | Reads.of(choice.condition.tree)
        live[scene.id] = live.get(scene.id, Reads()) | reads
        for choice in scene.choices:
            if choice.reply and choice.goto in story.scenes:
                live[choice.goto] = live.get(choice.goto, Reads()) | Reads.of_conditions(choice.reply)
    edges = [
        (scene.id, choice.goto, [s for e in (choice.effects, story.scenes[choice.goto].effects) if e for s in e.statements])
        for scene in story.scenes.values() if not scene.ending for choice in scene.choices if choice.goto in story.scenes
    ]
    changed = True
    while changed:
        changed = False
        for source, target, statements in edges:
            incoming = live[target]
            for statement in statements:
                if statement.target in incoming.variables:
                    incoming = incoming | Reads.of(statement.value)
            merged = live[source] | incoming
            if merged != live[source]:
                live[source], changed = merged, True
    return {scene_id: (tuple(sorted(r.variables)), tuple(sorted(r.visits)), tuple(sorted(r.chosen)))
            for scene_id, r in live.items()}


@pytest.mark.parametrize("which", ["shipped", "reactive"])
def test_the_worklist_finds_what_the_rounds_found(which: str, tmp_path: Path) -> None:
    from game.paths import default_story_dir
    from game.tools.bench import generate_reactive_story

    folder = default_story_dir()
    if which == "reactive":
        folder = tmp_path / "reactive"
        generate_reactive_story(folder, 40)
    story, _ = load_story(folder)
    assert story is not None
    shape = Abstraction(story)
    spelt = {scene_id: tuple(tuple(sorted(names)) for names in shape.layout[scene_id]) for scene_id in story.scenes}
    assert spelt == _live_by_rounds(story)


def test_a_walk_cut_short_claims_no_text_is_never_shown(run_cli, fixtures) -> None:
    """'never' is a claim only a complete walk can make, for text as for scenes."""
    cut = run_cli("explore", "--max-states", "2", fixtures / "reactive_dead_variants")
    assert "text not seen:" in cut.out and "never shown" not in cut.out and "never holds" not in cut.out
    whole = run_cli("explore", fixtures / "reactive_dead_variants")
    assert "text never shown:" in whole.out and "if leaflets > 3 never holds" in whole.out
