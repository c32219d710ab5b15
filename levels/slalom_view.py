"""Drawing for the slalom (pygame): the snow, the gates, the skier. Reads the level, never changes it."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance
from poise.game.level import Arena

from . import view
from .slalom import Slalom


def arena(level: Slalom) -> Arena:
    """The piste: across it is the lean from full left to full right reach; above the skier, leaning forward."""
    snow = piste()
    half = snow.width / 2
    skier_y = snow.bottom - 90
    r = level.reach
    ahead = (skier_y - snow.top) / r.forward
    return Arena((snow.x, snow.y, snow.w, snow.h), (snow.centerx, skier_y), level.neutral or (0.0, 0.0),
                 (half / r.right, half / r.left, ahead, ahead))


def piste() -> pygame.Rect:
    course = view.MAIN.inflate(-40, -40)
    return pygame.Rect(course.left + 60, course.top, course.width - 120, course.height)


def draw_static(level: Slalom, surface) -> None:
    view.static_panels(surface)


def draw(level: Slalom, surface, latest: Balance) -> None:
    snow = piste()
    pygame.draw.rect(surface, (226, 236, 245), snow, border_radius=12)
    half = snow.width / 2
    ahead_m = 60.0
    skier_y = snow.bottom - 90
    to_y = lambda d: skier_y - (d - level.distance) / ahead_m * (snow.height - 110)  # noqa: E731
    for i in range(0, int(ahead_m) + 10, 10):  # speed lines in the snow
        y = to_y(math.floor(level.distance / 10) * 10 + i)
        if snow.top < y < snow.bottom:
            pygame.draw.line(surface, (205, 219, 232), (snow.left + 10, y), (snow.right - 10, y), 1)
    for at, centre in level.gates:
        y = to_y(at)
        if not snow.top - 20 < y < snow.bottom + 20:
            continue
        cx = snow.centerx + centre * half
        w = level.params.gate_half_width[level.step] * half
        col = (220, 60, 60) if centre > 0 else (40, 90, 210)
        for fx in (cx - w, cx + w):
            pygame.draw.line(surface, col, (fx, y - 34), (fx, y + 6), 6)
            pygame.draw.polygon(surface, col, [(fx, y - 34), (fx + (14 if fx < cx else -14), y - 27), (fx, y - 20)])
    sx = snow.centerx + level.lateral * half
    pygame.draw.polygon(surface, (30, 30, 40), [(sx - 12, skier_y + 18), (sx + 12, skier_y + 18), (sx, skier_y - 22)])
    pygame.draw.circle(surface, ui.colour("warn"), (round(sx), skier_y - 28), 9)
    pygame.draw.line(surface, (30, 30, 40), (sx - 16, skier_y + 24), (sx + 16, skier_y + 24), 4)
    if level.flash and level.t - level.flash[1] < 0.6:
        ui.text(surface, "GATE!" if level.flash[0] == "good" else "+2 s", (sx, skier_y - 70), 40, level.flash[0],
                anchor="center", bold=True)
    view.side_panel(surface, [("Time", f"{level.t:.1f} s"), ("Gates", f"{level.passed}"),
                              ("Missed", f"{level.missed}"), ("Step", f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, "Slalom")
    view.instruction(surface, "Lean left and right through the gates — forward to go faster")
