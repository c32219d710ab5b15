"""Drawing for toe raises (pygame): the track toward the heels with the tempo guide, and the feet. Reads the
level only."""
from __future__ import annotations

import pygame

from poise.api import Balance, ui

from . import guided_view as gv
from . import view
from .toe_raises import ToeRaises

TRACK_CENTRE = (view.MAIN.centerx - 180, view.MAIN.centery)


def track() -> pygame.Rect:
    return gv.track_rect(True, TRACK_CENTRE)


def arena(level: ToeRaises):
    return gv.arena(level, track(), True, True, level.params.drift_tolerance_mm[level.step])


def draw_static(level: ToeRaises, surface) -> None:
    view.static_panels(surface)
    gv.draw_track(surface, track(), True, True, "flat", "on your heels")


def draw(level: ToeRaises, surface, latest: Balance) -> None:
    gv.draw_guide(level, surface, track(), True, True)
    feet = (view.MAIN.centerx + 170, view.MAIN.centery - 10)
    up = level.guide() > 0.5
    for side, dx in (("left", -55), ("right", 55)):
        ui.foot(surface, (feet[0] + dx, feet[1]), 60, side, "idle" if up else "down")
        if up:  # the toes are off the board: only the heels press
            heel = pygame.Rect(0, 0, 50, 44)
            heel.center = (feet[0] + dx, feet[1] + 95)
            pygame.draw.ellipse(surface, ui.colour(level.accent), heel)
    ui.text(surface, "toes up, on your heels" if up else "feet flat", (feet[0], feet[1] + 160), 30, "muted",
            anchor="center")
    view.side_panel(surface, gv.side_rows(level, []), level.progress, level.accent, "Toe raises")
    view.instruction(surface, "Get ready: stand tall, weight even" if level.preparing
                     else "Toes up with the guide, then lower them slowly")


def marker(level: ToeRaises, surface, latest: Balance) -> pygame.Rect | None:
    return gv.marker_on_track(level, surface, latest, track(), True, True, level.params.drift_tolerance_mm[level.step])
