"""Colour themes: paper (the default), dark, high contrast, and the classroom projector.

Colours are chosen for reading comfort first; the accent is the red of the 1956 flag,
used sparingly (choice numbers, the timeline marker, highlights' edges).

Every colour that text is set in reads at WCAG AA (a contrast ratio of 4.5:1 or more)
against every ground it is drawn on: :data:`TEXT_GROUNDS` says which those are, and a
test holds each theme to it. ``faint`` is text too (a closed choice and its reason), so
it is only a little lighter than ``muted``; purely decorative lines use ``rule``.
"""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]
Pair = tuple[Colour, Colour]  # (background, text)

TOAST_KINDS = ("done", "warning", "error")


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
    toast_done: Pair
    toast_warning: Pair
    toast_error: Pair

    def toast_colours(self, kind: str) -> Pair:
        """(background, text) of a toast of ``kind``; an unknown kind shows as done."""
        return getattr(self, f"toast_{kind}") if kind in TOAST_KINDS else self.toast_done


TEXT_GROUNDS: dict[str, tuple[str, ...]] = {
    # colour of the text: the theme colours it is drawn on
    "text": ("background", "panel", "hover", "highlight"),  # hover: a focused menu row
    "muted": ("background", "panel", "hover"),  # footers, datelines, details, the timeline
    "faint": ("background", "panel"),  # closed choices and their reasons (never focused)
    "accent": ("background", "panel", "hover"),  # citation markers, choice numbers, links
    "good": ("background", "panel"),  # "You are here.", the record
}
"""Which ground each text colour is set on, for the contrast test and for anyone adding a
colour: a new pairing belongs here first."""


THEMES = {
    "paper": Theme(
        "paper", background=(244, 238, 224), panel=(251, 248, 240), text=(38, 33, 28), muted=(92, 83, 72),
        faint=(110, 100, 88), accent=(170, 38, 44), accent_text=(255, 250, 244), highlight=(247, 220, 130),
        hover=(232, 224, 204), rule=(206, 196, 176), shadow=(0, 0, 0), good=(47, 107, 42),
        toast_done=((44, 92, 40), (255, 250, 244)), toast_warning=((240, 196, 92), (38, 33, 28)),
        toast_error=((160, 30, 38), (255, 250, 244)),
    ),
    "dark": Theme(
        "dark", background=(27, 27, 30), panel=(38, 38, 43), text=(226, 222, 214), muted=(170, 164, 154),
        faint=(150, 145, 137), accent=(240, 128, 124), accent_text=(20, 20, 22), highlight=(110, 88, 30),
        hover=(52, 52, 58), rule=(70, 70, 76), shadow=(0, 0, 0), good=(120, 190, 110),
        toast_done=((120, 190, 110), (20, 20, 22)), toast_warning=((232, 186, 82), (20, 20, 22)),
        toast_error=((240, 128, 124), (20, 20, 22)),
    ),
    "contrast": Theme(
        "contrast", background=(0, 0, 0), panel=(0, 0, 0), text=(255, 255, 255), muted=(235, 235, 235),
        faint=(200, 200, 200), accent=(255, 220, 0), accent_text=(0, 0, 0), highlight=(0, 90, 200),
        hover=(40, 40, 40), rule=(255, 255, 255), shadow=(0, 0, 0), good=(120, 255, 120),
        toast_done=((120, 255, 120), (0, 0, 0)), toast_warning=((255, 220, 0), (0, 0, 0)),
        toast_error=((255, 130, 130), (0, 0, 0)),
    ),
    # classroom mode: the largest contrast a projector keeps in a lit room
    "projector": Theme(
        "projector", background=(255, 255, 255), panel=(246, 246, 246), text=(0, 0, 0), muted=(60, 60, 60),
        faint=(96, 96, 96), accent=(176, 0, 32), accent_text=(255, 255, 255), highlight=(255, 224, 90),
        hover=(232, 232, 232), rule=(120, 120, 120), shadow=(0, 0, 0), good=(0, 110, 40),
        toast_done=((0, 110, 40), (255, 255, 255)), toast_warning=((255, 200, 0), (0, 0, 0)),
        toast_error=((176, 0, 32), (255, 255, 255)),
    ),
}

THEME_LABELS = {"paper": "Paper", "dark": "Dark", "contrast": "High contrast"}
