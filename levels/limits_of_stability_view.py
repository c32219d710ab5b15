"""Drawing for the limits-of-stability test (pygame): the foot marks, then the theoretical limits and the
excursions made. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, format_number, Frame, ui

from . import view
from .limits_of_stability import STILL_S, LimitsOfStability


def board_view(level: LimitsOfStability, frame: Frame) -> view.BoardView:
    r = level.theory
    return view.BoardView(frame.play.inflate(-60, -60), 1.1 * max(r.left, r.right), 1.1 * max(r.forward, r.back))


def arena(level: LimitsOfStability, frame: Frame):
    return board_view(level, frame).arena(level.neutral)


def draw_static(level: LimitsOfStability, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)


def draw(level: LimitsOfStability, surface, frame: Frame, latest: Balance) -> None:
    if level.phase == "still":
        centre = frame.play.center
        for side, dx in (("left", -70), ("right", 70)):
            ui.foot(surface, (centre[0] + dx, centre[1] - 10), 70, side, "down")
        ui.fit_text(surface, _("Stand on the marks, feet under your hips, and stay still"), frame.play.width - 40,
                    (centre[0], centre[1] + 150), 30, "text", anchor="center")
        left = max(0.0, STILL_S - level.phase_t)
        ui.fit_text(surface, _("measuring your weight and centre: {s}").format(s=f"{left:.0f}"), frame.play.width - 40,
                    (centre[0], centre[1] + 190), 28, "muted", anchor="center")
    else:
        v = board_view(level, frame)
        outline = [v.px(*level.theory.point(math.radians(a), 1.0)) for a in range(0, 360, 5)]
        pygame.draw.polygon(surface, ui.colour("panel_edge"), outline, 2)
        for i, tr in enumerate(level.trials[: level.index]):
            reach_pt = (math.cos(tr.angle) * level.max_along[i], math.sin(tr.angle) * level.max_along[i])
            pygame.draw.line(surface, ui.colour("gold"), v.px(0, 0), v.px(*reach_pt), 6)
        if level.phase == "cue" and not level.finished:
            ui.glow_circle(surface, ui.colour("gold"), v.px(*level.trial.target), 18)
    view.side_panel(surface, frame, [(_("Direction"), f"{min(level.index + 1, 8)} / 8"),
                                     (_("Weight"), f"{format_number(level.weight_kg, 1)} kg" if level.weight_kg else "…")],
                    level.progress, level.accent, _("Limits of stability"))
    view.instruction(surface, frame, _("Lean as far as you can toward the light — no stepping, hold it") if level.phase == "cue"
                     else _("Back to the middle") if level.phase == "settle" else _("Stand still"))


def marker(level: LimitsOfStability, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point, once the neutral point is known and the leaning has begun."""
    if level.phase == "still" or level.neutral is None:
        return None
    return view.cop_cursor(surface, board_view(level, frame), latest, level.neutral)
