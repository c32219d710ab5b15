"""Drawing for stepping stones (pygame and poise.api's drawing kit): a pond with its stones, the lit one
glowing, and the balance point. Reads the level only; lays out in the frame it is handed."""
from __future__ import annotations

import math

import pygame

from poise.api import Arena, Balance, fx, ui

from .stones import SteppingStones

TOP, BOTTOM = 88, 80  # px left to the game's title bar above and the instruction line below
CANVAS = [1280, 720]  # the canvas's size now (ui.on_canvas keeps it), for `arena`, which is handed no frame


def _follow_canvas(width: int, height: int) -> None:
    CANVAS[:] = [width, height]


ui.on_canvas(_follow_canvas)


def _area(surface=None) -> pygame.Rect:
    w, h = surface.get_size() if surface is not None else CANVAS
    return pygame.Rect(40, TOP, w - 80, h - TOP - BOTTOM)


def _scale(level: SteppingStones, area: pygame.Rect) -> float:
    """px per mm: every stone, with room around it, inside the pond."""
    span = max(max(abs(x), abs(y)) for x, y in level.stones) + 3 * level.radius
    return min(area.width, area.height) / (2 * span)


def _px(level: SteppingStones, area: pygame.Rect, x: float, y: float) -> tuple[int, int]:
    """Board mm relative to the neutral point -> screen px (toes up the screen)."""
    k = _scale(level, area)
    return round(area.centerx + x * k), round(area.centery - y * k)


def arena(level: SteppingStones) -> Arena | None:
    """Where the balance point is shown, so a mouse or a stick can point at it."""
    if level.neutral is None:
        return None
    area = _area()
    k = _scale(level, area)
    return Arena((area.x, area.y, area.w, area.h), area.center, level.neutral, (k, k, k, k))


def draw_static(level: SteppingStones, surface) -> None:
    area = _area(surface)
    ui.panel(surface, area, alpha=200)
    pond = pygame.Surface(area.inflate(-24, -24).size, pygame.SRCALPHA)
    pygame.draw.ellipse(pond, (40, 90, 130, 200), pond.get_rect())
    surface.blit(pond, area.inflate(-24, -24).topleft)


def draw(level: SteppingStones, surface, latest: Balance) -> None:
    area = _area(surface)
    k = _scale(level, area)
    r = max(8, round(level.radius * k))
    for i, (x, y) in enumerate(level.stones):
        pos = _px(level, area, x, y)
        if i < level.index:
            col = "good" if level.times[i] is not None else "muted"
        else:
            col = "gold" if i == level.index else (120, 128, 140)
        pygame.draw.circle(surface, (20, 40, 60), (pos[0] + 4, pos[1] + 6), r)  # its shadow in the water
        pygame.draw.circle(surface, ui.colour(col) if isinstance(col, str) else col, pos, r)
        if i == level.index and not level.finished:
            fx.glow(surface, pos, 2 * r, "gold")
            ui.glow_circle(surface, ui.colour("gold"), pos, r + 4)
            hold = min(1.0, level.on_t / level.params.hold_s)
            if hold > 0:
                pygame.draw.arc(surface, ui.colour("good"), pygame.Rect(pos[0] - r - 10, pos[1] - r - 10,
                                2 * r + 20, 2 * r + 20), math.pi / 2, math.pi / 2 + 2 * math.pi * hold, 6)
    done = f"{level.index} / {len(level.stones)}"
    ui.text(surface, done, (area.right - 24, area.top + 16), 32, "text", anchor="topright", bold=True)
    words, size = ui.fitted("Lean onto the glowing stone and stay on it", area.width - 16, 36, bold=True)
    ui.text(surface, words, (area.centerx, area.bottom + 36), size, "text", anchor="center", bold=True)


def marker(level: SteppingStones, surface, latest: Balance) -> pygame.Rect | None:
    """The balance point, drawn last; None while nobody is on the board."""
    if math.isnan(latest.fx):
        return None
    area = _area(surface)
    n = level.neutral or (0.0, 0.0)
    x, y = _px(level, area, latest.fx - n[0], latest.fy - n[1])
    pos = (min(max(x, area.left + 12), area.right - 12), min(max(y, area.top + 12), area.bottom - 12))
    pygame.draw.circle(surface, ui.colour("ink"), pos, 15)
    return pygame.draw.circle(surface, ui.colour("cursor"), pos, 12).union(
        pygame.Rect(pos[0] - 15, pos[1] - 15, 30, 30))
