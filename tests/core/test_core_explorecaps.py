"""Caps on numbers that only climb (or only fall): fewer states, the same answers."""

from __future__ import annotations

import pytest

import game.core.explore as explore_module
from game.core.explore import explore
from game.core.explorecaps import number_caps

VARIABLES = """\
  score: {type: int, default: 0, min: 0, max: 20}
  other: {type: int, default: 0, min: 0, max: 20}
"""
QUOTE = "Immediately after the broadcast, the crowd marched on the broadcasting station."


def _scene(scene_id: str, text: str, body: str) -> str:
    return (
        f"  - id: {scene_id}\n    date: \"1956-10-23 08:00\"\n    place: Budapest\n    title: Scene {scene_id}\n"
        f"    text:\n{text}    cites:\n      - source: bbc\n        quote: {QUOTE}\n{body}"
    )


def _steps(count: int, effects: tuple[str, str], last: str, final_text: str) -> str:
    """s0 -> s1 -> ... -> s{count} (two choices a step, each with its effects) -> end."""
    scenes = []
    for index in range(count):
        goto = f"s{index + 1}" if index + 1 < count else last
        body = (f"    choices:\n      - {{text: Little, goto: {goto}, effects: {effects[0]}, reply: A little.}}\n"
                f"      - {{text: Much, goto: {goto}, effects: {effects[1]}, reply: Much.}}\n")
        scenes.append(_scene(f"s{index}" if index else "start", "      - Onward.\n", body))
    scenes.append(_scene(last, final_text, "    ending:\n      title: The end\n"))
    return "".join(scenes)


def _without_caps(monkeypatch: pytest.MonkeyPatch, story):
    monkeypatch.setattr(explore_module, "number_caps", lambda _: {})
    return explore(story)


BOTH_WAYS = "      - {if: score >= 5, text: Strong., else: Not yet.}\n"


def test_a_climbing_number_is_capped_above_the_largest_constant_ahead(playable, monkeypatch) -> None:
    story = playable(_steps(4, ("score += 1", "score += 2"), "end", BOTH_WAYS), variables=VARIABLES)
    caps = number_caps(story)
    assert caps["end"] == {"score": (4, 6)}  # nothing ahead raises or lowers it: both ways
    assert caps["s3"] == {"score": (None, 6)}  # it can still rise: no floor
    capped = explore(story)
    exact = _without_caps(monkeypatch, story)
    # at the end the score is 4..8: exact, five states; capped, 4, 5 and "6 or more"
    assert exact.states - capped.states >= 2
    assert capped.complete and exact.complete
    assert capped.text_variants_never_shown == exact.text_variants_never_shown == []


def test_a_number_that_falls_ahead_is_not_capped_from_above(playable, monkeypatch) -> None:
    """Reaching s2 with 2, 3 or 4 and losing 3 there: only 4 shows the paragraph, so a cap
    at 2 before the fall would hide it."""
    text = "      - {if: score >= 1, text: Some left., else: Nothing left.}\n"
    scenes = _steps(2, ("score += 1", "score += 2"), "s2", "      - Onward.\n").replace(
        "    ending:\n      title: The end\n",
        "    choices:\n      - {text: Pay, goto: end, effects: score -= 3}\n",
    ) + _scene("end", text, "    ending:\n      title: The end\n")
    story = playable(scenes, variables=VARIABLES)
    caps = number_caps(story)
    assert caps.get("start", {}).get("score", (None, None))[1] is None
    assert caps.get("s1", {}).get("score", (None, None))[1] is None
    report = explore(story)
    assert report.text_variants_never_shown == _without_caps(monkeypatch, story).text_variants_never_shown == []


def test_a_falling_number_is_floored(playable) -> None:
    story = playable(
        _steps(3, ("score -= 1", "score -= 2"), "end", "      - {if: score <= 12, text: Low., else: High.}\n"),
        variables=VARIABLES.replace("default: 0, min: 0, max: 20}\n  other", "default: 16, min: 0, max: 20}\n  other"),
    )
    caps = number_caps(story)
    assert caps["s2"] == {"score": (11, None)}
    assert explore(story).text_variants_never_shown == []


@pytest.mark.parametrize("condition", ["score + 1 >= 5", "score >= other", "-score <= -5"])
def test_a_number_used_any_other_way_is_left_exact(playable, condition: str) -> None:
    text = f"      - {{if: {condition}, text: Yes., else: No.}}\n"
    story = playable(_steps(3, ("score += 1", "score += 2"), "end", text), variables=VARIABLES)
    assert all("score" not in found for found in number_caps(story).values())


def test_a_number_an_effect_reads_is_left_exact(playable) -> None:
    story = playable(
        _steps(3, ("score += 1", "other = score"), "end", BOTH_WAYS + "      - {if: other >= 2, text: O., else: P.}\n"),
        variables=VARIABLES,
    )
    caps = number_caps(story)
    assert all("score" not in found for found in caps.values())
    assert any("other" in found for found in caps.values())
