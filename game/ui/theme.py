"""Colour themes: paper (the default), dark, and high contrast.

Colours are chosen for reading comfort first; the accent is the red of the 1956 flag,
used sparingly (choice numbers, the timeline marker, highlights' edges).
"""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    name: str
    background: Colour
    panel: Colour
    text: Colour
    muted: Colour
    faint: Colour
    accent: Colour
    accent_text: Colour
    highlight: Colour
    hover: Colour
    rule: Colour
    shadow: Colour
    good: Colour


THEMES = {
    "paper": Theme(
        "paper", background=(244, 238, 224), panel=(251, 248, 240), text=(38, 33, 28), muted=(104, 94, 82),
        faint=(168, 158, 142), accent=(170, 38, 44), accent_text=(255, 250, 244), highlight=(247, 220, 130),
        hover=(232, 224, 204), rule=(206, 196, 176), shadow=(0, 0, 0), good=(47, 107, 42),
    ),
    "dark": Theme(
        "dark", background=(27, 27, 30), panel=(38, 38, 43), text=(226, 222, 214), muted=(160, 154, 144),
        faint=(102, 98, 92), accent=(222, 92, 92), accent_text=(20, 20, 22), highlight=(110, 88, 30),
        hover=(52, 52, 58), rule=(70, 70, 76), shadow=(0, 0, 0), good=(120, 190, 110),
    ),
    "contrast": Theme(
        "contrast", background=(0, 0, 0), panel=(0, 0, 0), text=(255, 255, 255), muted=(235, 235, 235),
        faint=(200, 200, 200), accent=(255, 220, 0), accent_text=(0, 0, 0), highlight=(0, 90, 200),
        hover=(40, 40, 40), rule=(255, 255, 255), shadow=(0, 0, 0), good=(120, 255, 120),
    ),
    # classroom mode: the largest contrast a projector keeps in a lit room
    "projector": Theme(
        "projector", background=(255, 255, 255), panel=(246, 246, 246), text=(0, 0, 0), muted=(60, 60, 60),
        faint=(140, 140, 140), accent=(176, 0, 32), accent_text=(255, 255, 255), highlight=(255, 224, 90),
        hover=(232, 232, 232), rule=(120, 120, 120), shadow=(0, 0, 0), good=(0, 110, 40),
    ),
}

THEME_LABELS = {"paper": "Paper", "dark": "Dark", "contrast": "High contrast"}
