"""Drawing for tracking (pygame): a grid, the wandering circle, the cursor. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, format_number, Frame, ui

from . import view
from .common import stand_on
from .tracking import Tracking


def board_view(level: Tracking, frame: Frame) -> view.BoardView:
    r = level.reach
    if level.leg == "both":
        return view.BoardView(frame.play.inflate(-60, -60), 1.2 * max(r.left, r.right), 1.2 * max(r.forward, r.back))
    return view.BoardView(frame.play.inflate(-60, -60), 70.0, 70.0)


def arena(level: Tracking, frame: Frame):
    return board_view(level, frame).arena(level.centre)


def draw_static(level: Tracking, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    area = frame.play.inflate(-40, -40)
    for x in range(area.left, area.right, 60):
        pygame.draw.line(surface, ui.colour("grid"), (x, area.top), (x, area.bottom), frame.thin())
    for y in range(area.top, area.bottom, 60):
        pygame.draw.line(surface, ui.colour("grid"), (area.left, y), (area.right, y), frame.thin())
    pygame.draw.circle(surface, ui.colour("panel_edge"), frame.play.center, 8, 2)


def draw(level: Tracking, surface, frame: Frame, latest: Balance) -> None:
    v = board_view(level, frame)
    c = level.centre or ((latest.fx, latest.fy) if not math.isnan(latest.fx) else (0.0, 0.0))
    if not level.preparing and level.centre is not None:
        tx, ty = level.target()
        inside = not math.isnan(latest.fx) and math.hypot(latest.fx - tx, latest.fy - ty) <= level.params.radius_mm[level.step]
        ui.glow_circle(surface, ui.colour("good" if inside else "accent_light"), v.px(tx - c[0], ty - c[1]),
                       v.mm(level.params.radius_mm[level.step]))
    inside = sum(level.inside_t.values()) / max(1e-9, sum(level.played_t.values()))
    rows = [(_("Inside"), f"{format_number(100 * inside)} %"), (_("Step"), f"{level.step + 1} / {level.steps}")]
    if level.leg != "both":
        rows.insert(0, (_("Stand on"), _("left leg") if level.leg == "left" else _("right leg")))
        rows.append((_("Touch-downs"), str(level.watch.touchdowns.get(level.leg, 0))))
    view.side_panel(surface, frame, rows, level.progress, level.accent, _("Tracking"))
    if level.leg != "both":  # the feet as the board sees them
        centre = (frame.side.centerx, frame.side.bottom - 52)
        view.feet(surface, ((centre[0] - 44, centre[1]), (centre[0] + 44, centre[1])), 28, level.leg,
                  latest.stance.value if latest.on_board else None)
    if level.waiting:
        view.instruction(surface, frame, _("{advice} — the clock waits").format(advice=level.watch.advice()), "warn")
    elif level.preparing:
        view.instruction(surface, frame, stand_on(level.leg))
    else:
        view.instruction(surface, frame, _("Keep the dot inside the moving circle"))


def marker(level: Tracking, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    c = level.centre or ((latest.fx, latest.fy) if not math.isnan(latest.fx) else (0.0, 0.0))
    return view.cop_cursor(surface, board_view(level, frame), latest, c)
