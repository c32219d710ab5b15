"""Drawing for the weight-shift reach (pygame): the reach outline, the target, the cursor. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance

from . import view
from .weight_shift_reach import CENTRE_MM, WeightShiftReach


def board_view(level: WeightShiftReach) -> view.BoardView:
    r = level.reach
    return view.BoardView(view.MAIN.inflate(-60, -60), 1.15 * max(r.left, r.right), 1.15 * max(r.forward, r.back))


def arena(level: WeightShiftReach):
    return board_view(level).arena(level.neutral)


def draw_static(level: WeightShiftReach, surface) -> None:
    view.static_panels(surface)
    v = board_view(level)
    frac = level.params.target_fraction[level.step]
    points = [v.px(*level.reach.point(math.radians(a), frac)) for a in range(0, 360, 45)]
    for p in points:
        pygame.draw.line(surface, ui.colour("panel_edge"), v.px(0, 0), p, 2)
    outline = [v.px(*level.reach.point(math.radians(a), 1.0)) for a in range(0, 360, 5)]
    pygame.draw.polygon(surface, ui.colour("panel_edge"), outline, 2)
    ui.text(surface, "your reach", outline[18], 22, "muted", anchor="midbottom")


def draw(level: WeightShiftReach, surface, latest: Balance) -> None:
    v = board_view(level)
    pygame.draw.circle(surface, ui.colour("muted"), v.px(0, 0), v.mm(CENTRE_MM), 2)
    if not level.finished and level.phase == "cue":
        col = ui.colour("good" if level.inside_t > 0 else "accent")
        ui.glow_circle(surface, col, v.px(*level.trial.target), v.mm(level.radius))
        if level.inside_t > 0:
            frac = level.inside_t / level.params.hold_s
            rect = pygame.Rect(0, 0, 2 * v.mm(level.radius) + 16, 2 * v.mm(level.radius) + 16)
            rect.center = v.px(*level.trial.target)
            pygame.draw.arc(surface, ui.colour("gold"), rect, math.pi / 2, math.pi / 2 + 2 * math.pi * frac, 6)
    if level.neutral is not None:
        view.cop_cursor(surface, v, latest, level.neutral)
    done = [tr for tr in level.trials[: level.index]]
    view.side_panel(surface, [("Target", f"{min(level.index + 1, len(level.trials))} / {len(level.trials)}"),
                              ("Held", str(sum(tr.held for tr in done))),
                              ("Step", f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, "Reach")
    text = "Back to the middle" if level.phase == "settle" else "Lean to the target, feet flat — hold it"
    view.instruction(surface, text)
