"""Drawing for stepping stones (pygame and poise.api's drawing kit): a pond with its stones, the lit one
glowing, a side panel with the progress, and the balance point. Reads the level only, and lays out in the
frame it is handed on every call (never kept: the window may change between two calls)."""
from __future__ import annotations

import math

import pygame

from poise.api import Arena, Balance, Frame, fx, translator, ui

from .stones import SteppingStones

_ = translator("poise_stepping_stones").gettext  # this package's own catalogue (then Poise's)


def _scale(level: SteppingStones, pond: pygame.Rect) -> float:
    """px per mm: every stone, with room around it, inside the pond."""
    span = max(max(abs(x), abs(y)) for x, y in level.stones) + 3 * level.radius
    return min(pond.width, pond.height) / (2 * span)


def _px(level: SteppingStones, pond: pygame.Rect, x: float, y: float) -> tuple[int, int]:
    """Board mm relative to the neutral point -> canvas px (toes up the screen)."""
    k = _scale(level, pond)
    return round(pond.centerx + x * k), round(pond.centery - y * k)


def arena(level: SteppingStones, frame: Frame) -> Arena | None:
    """Where the balance point is shown, so a mouse or a stick can point at it."""
    if level.neutral is None:
        return None
    pond = frame.play
    k = _scale(level, pond)
    return Arena((pond.x, pond.y, pond.w, pond.h), pond.center, level.neutral, (k, k, k, k))


def draw_static(level: SteppingStones, surface, frame: Frame) -> None:
    play, side, _ = frame.panels()
    ui.panel(surface, play, alpha=200)
    ui.panel(surface, side, alpha=200)
    water = play.inflate(-24, -24)
    pond = pygame.Surface(water.size, pygame.SRCALPHA)
    pygame.draw.ellipse(pond, (40, 90, 130, 200), pond.get_rect())
    surface.blit(pond, water.topleft)
    ui.text(surface, _("Stones"), (side.centerx, side.top + 40), 34, level.accent, anchor="center", bold=True)


def draw(level: SteppingStones, surface, frame: Frame, latest: Balance) -> None:
    play, side, caption = frame.panels()
    k = _scale(level, play)
    r = max(8, round(level.radius * k))
    for i, (x, y) in enumerate(level.stones):
        pos = _px(level, play, x, y)
        if i < level.index:
            col = ui.colour("good" if level.times[i] is not None else "muted")
        else:
            col = ui.colour("gold") if i == level.index else (120, 128, 140)
        pygame.draw.circle(surface, (20, 40, 60), (pos[0] + 4, pos[1] + 6), r)  # its shadow in the water
        pygame.draw.circle(surface, col, pos, r)
        if i == level.index and not level.finished:
            fx.glow(surface, pos, 2 * r, "gold")
            ui.glow_circle(surface, ui.colour("gold"), pos, r + 4)
            hold = min(1.0, level.on_t / level.params.hold_s)
            if hold > 0:
                ring = pygame.Rect(pos[0] - r - 10, pos[1] - r - 10, 2 * r + 20, 2 * r + 20)
                pygame.draw.arc(surface, ui.colour("good"), ring, math.pi / 2, math.pi / 2 + 2 * math.pi * hold, 6)
    ui.ring_timer(surface, (side.centerx, side.top + 170), 85, 1.0 - level.progress,
                  f"{level.index} / {len(level.stones)}", level.accent)
    words, size = ui.fitted(_("Lean onto the glowing stone and stay on it"), caption.width - 16, 36, bold=True)
    ui.text(surface, words, caption.center, size, "text", anchor="center", bold=True)


def marker(level: SteppingStones, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point, drawn last; None while nobody is on the board."""
    if math.isnan(latest.fx):
        return None
    play = frame.play
    n = level.neutral or (0.0, 0.0)
    x, y = _px(level, play, latest.fx - n[0], latest.fy - n[1])
    pos = (min(max(x, play.left + 16), play.right - 16), min(max(y, play.top + 16), play.bottom - 16))
    area = pygame.draw.circle(surface, ui.colour("ink"), pos, 15)
    pygame.draw.circle(surface, ui.colour("cursor"), pos, 12)
    return area
