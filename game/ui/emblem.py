"""The emblem of 1956: the Hungarian tricolour with a hole cut in its centre, where the
insurgents cut the Soviet-style coat of arms out of the flag. Drawn in code, any size."""

from __future__ import annotations

import pygame

RED = (206, 41, 57)
WHITE = (250, 250, 246)
GREEN = (71, 112, 80)


def draw_emblem(surface: pygame.Surface, rect: pygame.Rect, background: tuple[int, int, int]) -> None:
    """Three bands with a round hole showing ``background``; a thin frayed edge round the hole."""
    band = rect.height / 3
    pygame.draw.rect(surface, RED, pygame.Rect(rect.x, rect.y, rect.width, round(band)))
    pygame.draw.rect(surface, WHITE, pygame.Rect(rect.x, rect.y + round(band), rect.width, round(2 * band) - round(band)))
    pygame.draw.rect(surface, GREEN, pygame.Rect(rect.x, rect.y + round(2 * band), rect.width, rect.height - round(2 * band)))
    radius = int(rect.height * 0.30)
    centre = pygame.math.Vector2(rect.center)
    # the hole was cut by hand: an uneven edge, a little frayed
    wobble = (0.0, 1.5, -1.0, 2.0, 0.5, -1.5, 1.0, -0.5, 2.5, -1.0, 0.0, 1.5)
    points = []
    for step in range(72):
        offset = wobble[step % len(wobble)] * rect.height / 220
        points.append(centre + pygame.math.Vector2(radius + offset, 0).rotate(step * 5))
    pygame.draw.polygon(surface, (214, 204, 186), [p * 1 + (p - centre) * 0.035 for p in points])
    pygame.draw.polygon(surface, background, points)
    outline = (120, 112, 100)
    pygame.draw.rect(surface, outline, rect, width=max(1, rect.height // 160))
