"""Drawing for the table tilt (pygame): the table lit from its low side, the hole, the ball, a downhill
arrow. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance
from poise.game.level import Arena

from . import view
from .table_tilt import TABLE_MM, TableTilt


def table_rect() -> tuple[pygame.Rect, float]:
    """The table on screen and its scale (px per mm)."""
    size = min(view.MAIN.width, view.MAIN.height) - 80
    rect = pygame.Rect(0, 0, size, size)
    rect.center = view.MAIN.center
    return rect, size / TABLE_MM


def arena(level: TableTilt) -> Arena:
    """The table: its edge is a full lean that way (the steepest tilt), its middle standing upright."""
    rect, _ = table_rect()
    half = rect.width / 2
    r = level.reach
    return Arena((rect.x, rect.y, rect.w, rect.h), rect.center, level.neutral or (0.0, 0.0),
                 (half / r.right, half / r.left, half / r.forward, half / r.back))


def draw_static(level: TableTilt, surface) -> None:
    view.static_panels(surface)


def draw(level: TableTilt, surface, latest: Balance) -> None:
    rect, k = table_rect()
    # the tilt shows as light from the low side
    shade = (int(20 * math.degrees(level.tilt[0])), int(20 * math.degrees(level.tilt[1])))
    felt = (46 + shade[0] // 4, 120 + shade[1] // 4, 84)
    pygame.draw.rect(surface, (92, 62, 38), rect.inflate(28, 28), border_radius=18)
    pygame.draw.rect(surface, tuple(min(255, max(0, c)) for c in felt), rect, border_radius=8)
    to_px = lambda x, y: (round(rect.centerx + x * k), round(rect.centery - y * k))  # noqa: E731
    hole_r = level.params.hole_radius_mm[level.step] * k
    pygame.draw.circle(surface, (12, 18, 16), to_px(*level.hole), round(hole_r))
    pygame.draw.circle(surface, ui.colour("gold"), to_px(*level.hole), round(hole_r), 3)
    if not level.finished:
        bx, by = to_px(*level.pos)
        pygame.draw.circle(surface, (20, 30, 25), (bx + 4, by + 5), round(16 * k * 1.2))
        pygame.draw.circle(surface, (235, 235, 245), (bx, by), round(16 * k * 1.2))
        pygame.draw.circle(surface, (255, 255, 255), (bx - 5, by - 5), 5)
    tx, ty = (a / math.radians(level.params.max_tilt_deg) for a in level.tilt)  # -1..1 each way
    length = math.hypot(tx, ty)
    if length > 0.05:  # an arrow pointing downhill, as long as the tilt is steep
        ux, uy = tx / length, -ty / length
        start = (rect.centerx, rect.centery)
        end = (start[0] + ux * 160 * min(1.0, length), start[1] + uy * 160 * min(1.0, length))
        layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        pygame.draw.line(layer, (*ui.colour("warn"), 170), start, end, 10)
        head = [(end[0] + ux * 22, end[1] + uy * 22), (end[0] - uy * 16, end[1] + ux * 16),
                (end[0] + uy * 16, end[1] - ux * 16)]
        pygame.draw.polygon(layer, (*ui.colour("warn"), 200), head)
        surface.blit(layer, (0, 0))
    ui.text(surface, "downhill", (rect.centerx, rect.bottom + 10), 22, "muted", anchor="midtop")
    left = max(0.0, level.stage_s - level.stage_t)
    view.side_panel(surface, [("Stage", f"{min(level.stage + 1, level.n_stages)} / {level.n_stages}"),
                              ("Time left", f"{left:.0f} s"), ("Sunk", str(sum(1 for s in level.results if s))),
                              ("Step", f"{level.step + 1} / {level.steps}")], level.progress, level.accent, "Table tilt")
    view.instruction(surface, "Lean to tilt the table: roll the ball into the hole")
