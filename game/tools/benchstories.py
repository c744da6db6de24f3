"""The stories the benchmark generates: valid, citing the real BBC source, as large as asked.

A generated story measures how loading grows and how a long playthrough behaves; a
*reactive* one, whose variables are read everywhere, is the worst case for ``explore``.
They are written as files, because reading and checking files is what is measured.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from ..paths import default_story_dir

QUOTES = [
    "Immediately after the broadcast, the crowd marched on the broadcasting station.",
    "Soviet tanks were still on the streets, however, and the uprising continued.",
    "Electricity, gas and water supplies are still functioning.",
    "A ban on alcohol is strictly enforced and people are queuing for bread.",
    "Despite an apparent withdrawal only last week, Soviet troops deployed outside Budapest swept back",
]

#: Where a generated story keeps its copy of the BBC source: inside it, as a pack must.
SOURCE_NAME = "sources/bbc-on-this-day-1956.txt"


def _new_story_folder(folder: Path) -> None:
    """Make ``folder`` with its own copy of the shipped source."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_story_dir() / SOURCE_NAME, folder / SOURCE_NAME)


def _header(title: str, variables: list[str]) -> str:
    """``story.yaml`` of a generated story: one perspective starting at ``s0``, the BBC source."""
    source = SOURCE_NAME
    return (
        f"format: 1\nid: generated\ntitle: {title}\nversion: \"1\"\n"
        "variables:\n" + "".join(f"  {line}\n" for line in variables)
        + "perspectives:\n  - {id: p, name: P, fictional: true, start: s0}\n"
        "chapters:\n  - {id: c, title: C}\n"
        f"sources:\n  - {{id: bbc, title: BBC, publisher: BBC, date: \"1956\", file: {json.dumps(str(source))}}}\n"
    )


def _day(index: int, scenes: int) -> int:
    return 23 + index * 12 // scenes


def _dated(index: int, scenes: int) -> str:
    day = _day(index, scenes)
    return f"    date: \"1956-{10 if day <= 31 else 11}-{day if day <= 31 else day - 31:02d} 12:00\""


def generate_story(folder: Path, scenes: int, per_file: int = 500, seed: int = 1) -> None:
    """Write a valid story of ``scenes`` scenes: a long spine with branches and rejoins,
    and a choice back a few scenes (on the same day, so time never runs backwards) in
    every tenth scene and the last but one, so a walk that avoids the ending can go on
    as long as a measurement needs."""
    rng = random.Random(seed)
    _new_story_folder(folder)
    (folder / "story.yaml").write_text(
        _header("Generated", [
            "courage: {type: int, default: 0, min: 0, max: 10}", "seen: {type: bool, default: false}",
        ]),
        encoding="utf-8",
    )
    for first in range(0, scenes, per_file):
        lines = ["chapter: c", "perspective: p", "scenes:"]
        for index in range(first, min(first + per_file, scenes)):
            lines += [
                f"  - id: s{index}",
                _dated(index, scenes),
                "    place: Budapest",
                f"    title: Scene {index}",
                "    text: |",
                "      A paragraph of prose long enough to be a realistic scene of the story.",
                "",
                "      And a second paragraph, because scenes have several.",
                "    cites:",
                f"      - source: bbc\n        quote: {json.dumps(rng.choice(QUOTES))}",
            ]
            if index == scenes - 1:
                lines += ["    ending:", "      title: The end"]
                continue
            nxt = index + 1
            skip = min(index + 2, scenes - 1)
            lines += [
                "    choices:",
                f"      - text: Go on\n        goto: s{nxt}\n        effects: courage += 1",
                f"      - text: Be brave\n        goto: s{skip}\n        if: courage >= 2 and not seen\n"
                "        closed: Not yet.\n        effects: seen = true; courage -= 2",
            ]
            if index % 10 == 8 or index == scenes - 2:
                back = next(b for b in range(max(0, index - 5), index + 1) if _day(b, scenes) == _day(index, scenes))
                lines.append(f"      - text: Look back\n        goto: s{back}")
        (folder / f"chapter_{first // per_file:03d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


REACTIVE_BOOLS = 6
REACTIVE_INTS = 4


def generate_reactive_story(folder: Path, scenes: int = 120) -> None:
    """Write a valid story whose ten variables (six bools, four ints 0..3) are all read by
    conditions everywhere: on choices, in conditional paragraphs, in replies, through
    ``chose()`` and ``visits()``, and in the epilogue. It is the worst case for
    ``explore``: nothing goes dead early, so the abstract state space is large."""
    rng = random.Random(2)
    _new_story_folder(folder)
    declared = [f"b{k}: {{type: bool, default: false}}" for k in range(REACTIVE_BOOLS)]
    declared += [f"n{k}: {{type: int, default: 0, min: 0, max: 3}}" for k in range(REACTIVE_INTS)]
    declared.append('friend: {type: str, default: "Laci"}')
    (folder / "story.yaml").write_text(_header("Generated reactive", declared), encoding="utf-8")

    def b(k: int) -> str:
        return f"b{k % REACTIVE_BOOLS}"

    def n(k: int) -> str:
        return f"n{k % REACTIVE_INTS}"

    def conditional(indent: str, condition: str, then: str, otherwise: str = "") -> str:
        item = f"{indent}- if: {json.dumps(condition)}\n{indent}  text: {json.dumps(then)}"
        return item + (f"\n{indent}  else: {json.dumps(otherwise)}" if otherwise else "")

    lines = ["chapter: c", "perspective: p", "scenes:"]
    last = scenes - 1
    for i in range(scenes):
        text = [
            "      - " + json.dumps("{friend} walks beside you, as on every street of this long day."),
            conditional("      ", b(i), "You remember what you did.", "You have done nothing yet."),
        ]
        if i >= 3 and i % 3 == 0:
            text.append(conditional("      ", f'chose("s{i - 3}.help")', "Someone thanks you for earlier."))
        if i >= 1 and i % 4 == 1:
            text.append(conditional("      ", f'visits("s{i - 1}") >= 1 and {n(i)} >= 2', "You are known here."))
        lines += [
            f"  - id: s{i}", _dated(i, scenes), "    place: Budapest", f"    title: Scene {i}", "    text:", *text,
            "    cites:", f"      - source: bbc\n        quote: {json.dumps(rng.choice(QUOTES))}",
        ]
        if i == last:
            lines += [
                "    ending:", "      title: The end", "      epilogue:",
                conditional("        ", f"{n(0)} >= 2 and {b(1)}", "You are remembered.", "You are forgotten."),
                conditional("        ", 'chose("s0.help")', "It began with one kindness."),
            ]
            continue
        nxt, skip = i + 1, min(i + 2, last)
        lines += [
            "    choices:",
            f"      - id: help\n        text: Help\n        goto: s{nxt}\n        effects: {b(i)} = true; {n(i)} += 1",
            "        reply:",
            conditional("          ", f"{n(i)} >= 2", "Again you help.", "You help, for the first time."),
            f"      - id: refuse\n        text: Refuse\n        goto: s{skip}",
            f"        if: {json.dumps(f'{n(i + 1)} < 3 or {b(i + 3)}')}\n        closed: Not now.",
            f"        effects: {b(i + 1)} = false; {n(i + 2)} -= 1",
            "        reply: " + json.dumps("You refuse, and {friend} looks away."),
        ]
        if i >= 3 and i % 5 == 0:
            remembered = f'chose("s{i - 3}.help") and not {b(i + 2)}'
            lines += [
                f"      - id: remember\n        text: Remember\n        goto: s{nxt}",
                f"        if: {json.dumps(remembered)}",
                f"        closed: Nothing comes back.\n        effects: {n(i + 3)} += 1",
            ]
    (folder / "chapter_000.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
