"""Drawing for the weight-shift reach (pygame): a night sky where your reach is a constellation, each
target a star to catch and hold; caught stars stay lit. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Balance, Frame, fx, ui

from . import scenery, view
from .weight_shift_reach import CENTRE_MM, WeightShiftReach


def board_view(level: WeightShiftReach, frame: Frame) -> view.BoardView:
    r = level.reach
    return view.BoardView(frame.play.inflate(-60, -60), 1.15 * max(r.left, r.right), 1.15 * max(r.forward, r.back))


def arena(level: WeightShiftReach, frame: Frame):
    return board_view(level, frame).arena(level.neutral)


def draw_static(level: WeightShiftReach, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    area = view.scene_area(frame)
    surface.blit(scenery.night_sky(area.size), area.topleft)
    v = board_view(level, frame)
    frac = level.params.target_fraction[level.step]
    outline = [v.px(*level.reach.point(math.radians(a), 1.0)) for a in range(0, 360, 5)]
    for i in range(0, len(outline), 2):  # the reach as a dotted constellation line
        pygame.draw.line(surface, (90, 100, 150), outline[i], outline[(i + 1) % len(outline)], 2)
    for a in range(0, 360, 45):
        p = v.px(*level.reach.point(math.radians(a), frac))
        pygame.draw.line(surface, (44, 52, 96), v.px(0, 0), p, frame.thin())
        pygame.draw.circle(surface, (120, 130, 180), p, 3)
    ui.text(surface, _("your reach"), (outline[54][0], outline[54][1] + 6), 24, "muted", anchor="midtop")


def draw(level: WeightShiftReach, surface, frame: Frame, latest: Balance) -> None:
    v = board_view(level, frame)
    centre = v.px(0, 0)
    pygame.draw.circle(surface, (150, 160, 200), centre, v.mm(CENTRE_MM), 2)
    for i, tr in enumerate(level.trials[: level.index]):  # caught stars stay lit, joined to the middle
        p = v.px(*tr.target)
        if tr.held:
            pygame.draw.line(surface, (110, 120, 190), centre, p, 2)
            fx.twinkle(surface, p, level.t, 11, "gold", seed=i)
            age = level.t - (tr.done_at or -9)
            fx.ring(surface, p, age, "gold", start=v.mm(level.radius), grow=90)
            fx.burst(surface, p, age, seed=i + 1, n=20)
            fx.float_text(surface, _("caught!"), (p[0], p[1] - 40), age, "gold", 36)
        else:
            pygame.draw.circle(surface, (90, 90, 120), p, 4)
    if not level.finished and level.phase == "cue":
        p = v.px(*level.trial.target)
        holding = level.inside_t > 0
        fx.glow(surface, p, v.mm(level.radius) * 2, "good" if holding else "accent_light")
        ui.glow_circle(surface, ui.colour("good" if holding else "accent"), p, v.mm(level.radius))
        fx.twinkle(surface, p, level.t, 14, "text", seed=level.index)
        if holding:
            frac = level.inside_t / level.params.hold_s
            rect = pygame.Rect(0, 0, 2 * v.mm(level.radius) + 16, 2 * v.mm(level.radius) + 16)
            rect.center = p
            pygame.draw.arc(surface, ui.colour("gold"), rect, math.pi / 2, math.pi / 2 + 2 * math.pi * frac, 6)
    view.side_panel(surface, frame, [(_("Target"), f"{min(level.index + 1, len(level.trials))} / {len(level.trials)}"),
                                     (_("Held"), str(sum(tr.held for tr in level.trials[: level.index]))),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, _("Reach"))
    text = _("Back to the middle") if level.phase == "settle" else _("Lean to the star, feet flat, and hold it")
    view.instruction(surface, frame, text)


def marker(level: WeightShiftReach, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point: a glowing dot, once the neutral point is known."""
    if level.neutral is None:
        return None
    return view.cop_cursor(surface, board_view(level, frame), latest, level.neutral, glow=26)
