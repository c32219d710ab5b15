"""Drawing for the outward roll (pygame): the feet in a short stagger, the sideways track under the front foot
with the tempo guide. Reads the level only."""
from __future__ import annotations

import pygame

from poise.api import _, Balance, Frame, ui

from . import guided_view as gv
from . import view
from .outward_roll import OutwardRoll



def reverse(level: OutwardRoll) -> bool:
    return level.leg == "left"  # the left foot rolls out to the left: that track runs leftward


def track(frame: Frame) -> pygame.Rect:
    """The tempo track, placed in the play area."""
    play = frame.play
    return gv.track_rect(False, (play.centerx, play.bottom - 130))


def arena(level: OutwardRoll, frame: Frame):
    return gv.arena(level, track(frame), False, reverse(level), level.params.drift_tolerance_mm[level.step])


def draw_static(level: OutwardRoll, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    pygame.draw.rect(surface, ui.colour("panel_edge"), track(frame), border_radius=gv.TRACK_WIDE // 2)


def draw(level: OutwardRoll, surface, frame: Frame, latest: Balance) -> None:
    leg = level.leg
    rev = reverse(level)
    gv.draw_track(surface, track(frame), False, rev, _("flat"), _("outer edge"))
    gv.draw_guide(level, surface, track(frame), False, rev)
    cx, cy = frame.play.centerx, frame.play.top + 170
    rolled = level.guide() > 0.5
    for side, dx in (("left", -60), ("right", 60)):
        front = side == leg
        ui.foot(surface, (cx + dx, cy - (40 if front else -40)), 46, side, "down" if front else "idle")
        if front and rolled:  # the outer edge carries the load
            edge = pygame.Rect(0, 0, 12, 90)
            edge.center = (cx + dx + (22 if side == "right" else -22), cy - 30)
            pygame.draw.rect(surface, ui.colour(level.accent), edge, border_radius=6)
    ui.text(surface, _("Left foot forward") if leg == "left" else _("Right foot forward"), (cx, frame.play.top + 30), 34, level.accent, anchor="center",
            bold=True)
    view.side_panel(surface, frame, gv.side_rows(level, [(_("Foot"), _("{leg} ({n} of {of})").format(leg=_(leg), n=level.block + 1, of=len(level.legs)))]),
                    level.progress, level.accent, _("Outward roll"), pip_move=("roll", level.guide()))
    if level.preparing:
        text = (_("Get ready: left foot half a step forward") if leg == "left"
                else _("Get ready: right foot half a step forward"))
    else:
        text = (_("Roll the left foot onto its outer edge and back, slowly") if leg == "left"
                else _("Roll the right foot onto its outer edge and back, slowly"))
    view.instruction(surface, frame, text)


def marker(level: OutwardRoll, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    return gv.marker_on_track(level, surface, latest, track(frame), False, reverse(level),
                              level.params.drift_tolerance_mm[level.step])
