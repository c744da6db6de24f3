"""Toasts: one short message above the bottom edge, styled by what it reports.

A toast is ``done`` (something worked: "Saved."), a ``warning`` (nothing broke, but the
player should know) or an ``error`` (something the player asked for failed). Each kind
has its theme's colours and an icon in a badge, so the kinds differ in shape as well as
colour.

A toast belongs to the screen it is first drawn on: when that screen is popped, replaced
or covered, the toast goes with it, so a message about one screen never hangs over the
next. It is bound at its first frame, not when it is raised, because a screen often
toasts and then closes itself ("Saved." from the name prompt): the message belongs to
the screen the player then sees.
"""

from __future__ import annotations

from typing import Any

import pygame

from .text import draw_lines, wrap
from .theme import TOAST_KINDS

ICONS = {"done": "✓", "warning": "!", "error": "×"}
ICON_SIZES = {"done": 17, "warning": 17, "error": 26}  # × is small in its font


def toast_kind(kind: str) -> str:
    return kind if kind in TOAST_KINDS else "done"


def keep_or_drop(app: Any) -> bool:
    """Bind a fresh toast to the top screen; drop one whose screen is no longer on top.
    True while the toast is still to be shown."""
    if not app.toast_text:
        return False
    owner = getattr(app, "toast_owner", None)
    if owner is None:
        app.toast_owner = app.top
        return True
    if owner is not app.top:
        app.dismiss_toast()
        return False
    return True


def draw_toast(app: Any, surface: pygame.Surface) -> pygame.Rect:
    """Draw the toast centred above the timeline; return its box."""
    kind = toast_kind(getattr(app, "toast_kind", "done"))
    background, colour = app.theme.toast_colours(kind)
    font = app.font("body", 18)
    badge_font = app.font("bold", ICON_SIZES[kind])
    pad = app.px(12)
    badge = font.get_height()
    room = max(app.px(120), surface.get_width() - 2 * app.px(40) - 3 * pad - badge)
    lines = wrap(font, app.toast_text, min(room, app.px(760)))
    text_width = max(font.size(line.text)[0] for line in lines)
    height = len(lines) * font.get_linesize()
    box = pygame.Rect(0, 0, pad + badge + pad + text_width + pad, height + pad)
    box.midbottom = (surface.get_width() // 2, surface.get_height() - app.px(76))
    pygame.draw.rect(surface, background, box, border_radius=app.px(8))
    centre = (box.x + pad + badge // 2, box.y + pad // 2 + font.get_linesize() // 2)
    pygame.draw.circle(surface, colour, centre, badge // 2)
    icon = app.cache.render(badge_font, ICONS[kind], background)
    surface.blit(icon, icon.get_rect(center=centre))
    draw_lines(surface, app.cache, font, lines, colour, box.x + 2 * pad + badge, box.y + pad // 2, font.get_linesize())
    return box
