"""Small text reads at WCAG AA (4.5:1) in every theme, on every ground it is drawn on.

The ratio is WCAG 2's: relative luminance from linearised sRGB, (L1 + 0.05) / (L2 + 0.05).
Besides the table in :mod:`game.ui.theme`, the frames themselves are checked where small
text used to fall short (the timeline's key days were 2.5:1 on paper), so a screen that
picks a colour the table does not list is caught too.
"""

from __future__ import annotations

from typing import Any

import pygame
import pytest

from game.ui.editors_notes import tint
from game.ui.theme import TEXT_GROUNDS, THEMES, TOAST_KINDS

AA = 4.5


def luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value = value / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_wcags() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # the known AA grey


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_text_colour_reads_on_its_grounds(theme: str) -> None:
    colours = THEMES[theme]
    failures = []
    for text, grounds in TEXT_GROUNDS.items():
        for ground in grounds:
            ratio = contrast(getattr(colours, text), getattr(colours, ground))
            if ratio < AA:
                failures.append(f"{text} on {ground}: {ratio:.2f}")
    # the source's noted words: text on the accent's wash
    ratio = contrast(colours.text, tint(colours))
    if ratio < AA:
        failures.append(f"text on the noted-words wash: {ratio:.2f}")
    assert not failures, f"{theme}: " + ", ".join(failures)


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("kind", TOAST_KINDS)
def test_every_toast_reads(theme: str, kind: str) -> None:
    background, text = THEMES[theme].toast_colours(kind)
    assert contrast(text, background) >= AA, (theme, kind, contrast(text, background))


def test_the_toast_kinds_look_different() -> None:
    for theme in THEMES.values():
        backgrounds = {theme.toast_colours(kind)[0] for kind in TOAST_KINDS}
        assert len(backgrounds) == len(TOAST_KINDS), theme.name


def record_colours(app: Any) -> list[tuple[str, tuple[int, int, int]]]:
    """Every (text, colour) the next frames render."""
    seen: list[tuple[str, tuple[int, int, int]]] = []
    original = app.cache.render

    def render(font: Any, text: str, colour: Any) -> Any:
        seen.append((text, tuple(colour)))
        return original(font, text, colour)

    app.cache.render = render
    return seen


@pytest.mark.parametrize("theme", ["paper", "dark", "contrast", "projector"])
def test_the_timeline_and_footer_read_in_every_theme(make_game, goto, theme: str) -> None:
    game = make_game()
    goto(game, "story")
    if theme == "projector":
        game.app.projector = True
    else:
        game.app.settings.theme = theme
    seen = record_colours(game.app)
    game.draw()
    colours = game.theme
    timeline = [(text, colour) for text, colour in seen if text in ("Rally", "Parliament Sq.", "Pull-out", "Invasion",
                                                                    "23 Oct", "before") or text.startswith("after")]
    assert {text for text, _ in timeline} >= {"Rally", "23 Oct", "before"}
    for text, colour in timeline:
        assert contrast(colour, colours.panel) >= AA, (text, colour, contrast(colour, colours.panel))
    game.key(pygame.K_ESCAPE)
    game.key(pygame.K_e)  # the pause menu's Settings: a screen with a footer
    seen.clear()
    game.draw()
    footer = [(text, colour) for text, colour in seen if "Esc back" in text]
    assert footer
    for text, colour in footer:
        assert contrast(colour, colours.background) >= AA, (text, colour)
