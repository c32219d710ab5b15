"""Drawing for the outward roll (pygame): the feet in a short stagger, the sideways track under the front foot
with the tempo guide. Reads the level only."""
from __future__ import annotations

import pygame

from poise.api import Balance, ui

from . import guided_view as gv
from . import view
from .outward_roll import OutwardRoll

TRACK_CENTRE = (view.MAIN.centerx, view.MAIN.bottom - 130)


def reverse(level: OutwardRoll) -> bool:
    return level.leg == "left"  # the left foot rolls out to the left: that track runs leftward


def track() -> pygame.Rect:
    return gv.track_rect(False, TRACK_CENTRE)


def arena(level: OutwardRoll):
    return gv.arena(level, track(), False, reverse(level), level.params.drift_tolerance_mm[level.step])


def draw_static(level: OutwardRoll, surface) -> None:
    view.static_panels(surface)
    pygame.draw.rect(surface, ui.colour("panel_edge"), track(), border_radius=gv.TRACK_WIDE // 2)


def draw(level: OutwardRoll, surface, latest: Balance) -> None:
    leg = level.leg
    rev = reverse(level)
    gv.draw_track(surface, track(), False, rev, "flat", "outer edge")
    gv.draw_guide(level, surface, track(), False, rev)
    cx, cy = view.MAIN.centerx, view.MAIN.top + 170
    rolled = level.guide() > 0.5
    for side, dx in (("left", -60), ("right", 60)):
        front = side == leg
        ui.foot(surface, (cx + dx, cy - (40 if front else -40)), 46, side, "down" if front else "idle")
        if front and rolled:  # the outer edge carries the load
            edge = pygame.Rect(0, 0, 12, 90)
            edge.center = (cx + dx + (22 if side == "right" else -22), cy - 30)
            pygame.draw.rect(surface, ui.colour(level.accent), edge, border_radius=6)
    ui.text(surface, f"{leg} foot forward".capitalize(), (cx, view.MAIN.top + 30), 34, level.accent, anchor="center",
            bold=True)
    view.side_panel(surface, gv.side_rows(level, [("Foot", f"{leg} ({level.block + 1} of {len(level.legs)})")]),
                    level.progress, level.accent, "Outward roll")
    view.instruction(surface, f"Get ready: {leg} foot half a step forward" if level.preparing
                     else f"Roll the {leg} foot onto its outer edge and back, slowly")


def marker(level: OutwardRoll, surface, latest: Balance) -> pygame.Rect | None:
    return gv.marker_on_track(level, surface, latest, track(), False, reverse(level),
                              level.params.drift_tolerance_mm[level.step])
