"""Drawing for marching in place (pygame): the feet, which knee is up, the beat, and where the weight is.
Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Arena, Balance, FOOT_OFFSET_MM, Frame, ui

from . import view
from .common import clamp
from .marching import Marching, standing_leg

SPREAD = 150  # px from the middle to each foot


def bar(frame: Frame) -> pygame.Rect:
    """The weight bar from foot to foot, centred under the feet in the play area."""
    play = frame.play
    rect = pygame.Rect(0, 0, 2 * SPREAD + 160, 18)
    rect.center = (play.centerx, play.bottom - 150)
    return rect


def feet_y(frame: Frame) -> int:
    return frame.play.centery - 40


def arena(level: Marching, frame: Frame) -> Arena:
    """The weight bar: each foot's mark at FOOT_OFFSET_MM from where both feet stood."""
    scale = SPREAD / FOOT_OFFSET_MM
    rect = bar(frame)
    area = rect.inflate(0, 200)
    return Arena((area.x, area.y, area.w, area.h), rect.center, (level.neutral_x or 0.0, 0.0), (scale,) * 4)


def draw_static(level: Marching, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    rect = bar(frame)
    pygame.draw.rect(surface, ui.colour("panel_edge"), rect, border_radius=9)
    ui.mark("bar", rect)
    for dx, label in ((-SPREAD, _("left foot")), (0, _("both")), (SPREAD, _("right foot"))):
        x = rect.centerx + dx
        pygame.draw.line(surface, ui.colour("muted"), (x, rect.top - 12), (x, rect.bottom + 12), 2)
        ui.text(surface, label, (x, rect.bottom + 20), 24, "muted", anchor="midtop")


def draw(level: Marching, surface, frame: Frame, latest: Balance) -> None:
    asked = level.asked()
    play, y = frame.play, feet_y(frame)
    for side, dx in (("left", -SPREAD // 2), ("right", SPREAD // 2)):
        state = "down" if asked in ("both", side) else "lifted"
        ui.foot(surface, (play.centerx + dx, y), 62, side, state)
        if state == "lifted":
            ui.text(surface, _("knee up"), (play.centerx + dx, y - 120), 30, level.accent, anchor="center", bold=True)
    # the beat: a ring that closes on each step's beat
    i = level.step_now()
    if i >= 0 and not level.finished:
        into = (level.t - level.beat(i)) / level.period
        ring = (play.right - 90, play.top + 90)
        ui.glow_circle(surface, ui.colour(level.accent), ring, 20 + 40 * into, 3, 8)
        nxt = standing_leg(i + 1)
        ui.fit_text(surface, _("next: stand on {leg}").format(leg=_(nxt)), 164, (play.right - 90, play.top + 170), 24,
                    "muted", anchor="center")
    elif level.t < level.params.prepare_s:
        left = math.ceil(level.params.prepare_s - level.t)
        ui.text(surface, str(left), (play.centerx, y), 140, "text", anchor="center", bold=True)
    done = len(level.onsets)
    view.side_panel(surface, frame, [(_("Marched"), f"{done} / {level.steps_wanted}"),
                                     (_("Tempo"), _("{n} steps/min").format(n=view.number(level.params.steps_per_min[level.step]))),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent, _("Marching"))
    if level.t < level.params.prepare_s:
        text = _("Get ready: feet on the marks, a hand near the chair")
    elif asked == "both":
        text = _("Foot down")
    else:
        text = (_("Lift your right knee - stand on your left foot") if asked == "left"
                else _("Lift your left knee - stand on your right foot"))
    view.instruction(surface, frame, text)


def marker(level: Marching, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point on the bar from foot to foot."""
    if level.neutral_x is None or math.isnan(latest.fx):
        return None
    k = clamp((latest.fx - level.neutral_x) / FOOT_OFFSET_MM, -1.4, 1.4)
    rect = bar(frame)
    return view.cursor(surface, (round(rect.centerx + k * SPREAD), rect.centery), 16)
