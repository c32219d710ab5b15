"""Drawing for the split-stance hold (pygame): the front foot on the board and the back foot on the floor, the
share of the weight on the front foot against its target, and the steadiness ring. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Arena, Balance, Frame, ui

from . import view
from .split_stance import SplitStance

SCALE = 4.0  # px per mm around the front foot's point


def ring_centre(frame: Frame) -> tuple[int, int]:
    """The steadiness ring's middle: in the left part of the play area."""
    play = frame.play
    return play.left + 250, play.centery


def gauge(frame: Frame) -> pygame.Rect:
    """The weight gauge: upright, near the play area's right edge."""
    play = frame.play
    return pygame.Rect(play.right - 170, play.top + 70, 56, 400)


def arena(level: SplitStance, frame: Frame) -> Arena:
    hold = level.holds[level.phase.leg]
    origin = hold.foot or (0.0, 0.0)
    centre = ring_centre(frame)
    r = pygame.Rect(0, 0, 520, 520)
    r.center = centre
    return Arena((r.x, r.y, r.w, r.h), centre, origin, (SCALE,) * 4)


def draw_static(level: SplitStance, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    rect = gauge(frame)
    pygame.draw.rect(surface, ui.colour("panel_edge"), rect, border_radius=12)
    ui.mark("gauge", rect)
    ui.text(surface, _("on the front foot"), (rect.centerx, rect.bottom + 30), 24, "muted", anchor="center")


def draw(level: SplitStance, surface, frame: Frame, latest: Balance) -> None:
    ph = level.phase
    leg = ph.leg
    other = "right" if leg == "left" else "left"
    hold = level.holds[leg]
    play, gauge_rect, centre = frame.play, gauge(frame), ring_centre(frame)
    # the feet: front foot on the board, back foot behind it on the floor
    fx = play.centerx + 130
    ui.foot(surface, (fx, play.top + 150), 46, leg, "down")
    ui.foot(surface, (fx + (-50 if leg == "right" else 50), play.top + 330), 40, other,
            "idle" if ph.kind in ("position", "hold") else "down")
    ui.text(surface, _("board"), (fx, play.top + 245), 24, "muted", anchor="center")
    ui.text(surface, _("floor"), (fx + (-50 if leg == "right" else 50), play.top + 430), 24, "muted", anchor="center")
    # the weight gauge
    if ph.kind == "hold":
        share = min(1.2, level.share)
        fill = gauge_rect.copy()
        fill.height = round(gauge_rect.height * min(1.0, share))
        fill.bottom = gauge_rect.bottom
        ok = share >= level.target
        pygame.draw.rect(surface, ui.colour("good" if ok else "warn"), fill, border_radius=12)
        ui.text(surface, f"{round(100 * share)} %", (gauge_rect.centerx, gauge_rect.top - 30), 36, "text",
                anchor="center", bold=True)
    y = gauge_rect.bottom - round(gauge_rect.height * level.target)
    pygame.draw.line(surface, ui.colour("text"), (gauge_rect.left - 14, y), (gauge_rect.right + 14, y), 3)
    # (the target's figure right of the gauge: on its left it ran into the feet in a narrow play area)
    ui.text(surface, f"{round(100 * level.target)} %", (gauge_rect.right + 20, y), 24, "muted", anchor="midleft")
    # the ring around the front foot's point
    if ph.kind == "hold":
        ui.glow_circle(surface, ui.colour("zone_in" if level.inside and level.on_front else "zone_out"), centre,
                       level.radius * SCALE)
    elif ph.kind in ("stand", "position", "rest"):
        left = math.ceil(ph.seconds - level.phase_t)
        ui.text(surface, str(left), centre, 150, "text", anchor="center", bold=True)
    held = hold.on_front_s
    view.side_panel(surface, frame, [(_("Front leg"), _(leg)), (_("Held"), f"{held:.0f} / {view.number(level.hold)} s"),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent,
                    _("Split stance"))
    if ph.kind == "stand":
        text = _("Both feet on the board: weighing you")
    elif ph.kind == "position":
        text = (_("Left foot on its mark, step your right foot back to the floor") if leg == "left"
                else _("Right foot on its mark, step your left foot back to the floor"))
    elif ph.kind == "rest":
        text = _("Both feet back on the board and relax")
    elif not level.on_front:
        text = (_("Only your left foot on the board, on its mark") if leg == "left"
                else _("Only your right foot on the board, on its mark"))
    elif level.share < level.target:
        text = _("More weight onto your left foot") if leg == "left" else _("More weight onto your right foot")
    else:
        text = _("Hold it: steady in the ring")
    view.instruction(surface, frame, text)


def marker(level: SplitStance, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The balance point around the front foot's point, while holding."""
    hold = level.holds[level.phase.leg]
    if level.phase.kind != "hold" or hold.foot is None or math.isnan(latest.fx):
        return None
    play, centre = frame.play, ring_centre(frame)
    px = centre[0] + (latest.fx - hold.foot[0]) * SCALE
    py = centre[1] - (latest.fy - hold.foot[1]) * SCALE
    return view.cursor(surface, (round(min(max(px, play.left + 14), play.centerx - 60)),
                                 round(min(max(py, play.top + 14), play.bottom - 14))), 14)
