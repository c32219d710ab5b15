"""Drawing for ankle circles (pygame): the ring, the sectors covered, the guide dot. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance

from . import view
from .ankle_circles import SECTORS, AnkleCircles


def board_view(level: AnkleCircles) -> view.BoardView:
    r, f = level.reach, level.params.radius_fraction[level.step]
    return view.BoardView(view.MAIN.inflate(-60, -60), 1.75 * f * max(r.left, r.right),
                          1.75 * f * max(r.forward, r.back))


def arena(level: AnkleCircles):
    return board_view(level).arena(level.neutral)


def draw_static(level: AnkleCircles, surface) -> None:
    view.static_panels(surface)
    v = board_view(level)
    ring = [v.px(*level.reach.point(math.radians(a), level.params.radius_fraction[level.step])) for a in range(0, 360, 3)]
    pygame.draw.lines(surface, ui.colour("panel_edge"), True, ring, 16)
    for p in ring:
        pygame.draw.circle(surface, ui.colour("panel_edge"), p, 7)


def draw(level: AnkleCircles, surface, latest: Balance) -> None:
    v = board_view(level)
    n = level.neutral or (0.0, 0.0)
    for direction, col in (("clockwise", "bad"), ("anticlockwise", "gold")):
        for s in level.sectors[direction]:
            a = (s + 0.5) * 2 * math.pi / SECTORS
            pygame.draw.circle(surface, ui.colour(col), v.px(*level.reach.point(a, level.params.radius_fraction[level.step]
                                                                                 * (1.12 if col == "gold" else 0.88))), 6)
    gx, gy = level.guide()
    ui.glow_circle(surface, ui.colour(level.accent), v.px(gx - n[0], gy - n[1]), v.mm(level.params.tolerance_mm[level.step]))
    view.cop_cursor(surface, v, latest, n)
    view.side_panel(surface, [("Direction", level.direction), ("On the guide", f"{level.near_t / max(level.t, 1e-9):.0%}"),
                              ("Step", f"{level.step + 1} / {level.steps}")], level.progress, level.accent, "Ankle circles")
    view.instruction(surface, f"Draw the circle with your balance — {level.direction}")
