"""Drawing for heel raises (pygame): the tempo guide on its track, the cursor, the feet. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.game import ui
from poise.game.core.pipeline import Balance
from poise.game.level import Arena

from . import view
from .common import clamp
from .heel_raises import HeelRaises


def track_rect() -> pygame.Rect:
    track = pygame.Rect(0, 0, 90, 420)
    track.center = (view.MAIN.centerx - 180, view.MAIN.centery)
    return track


def arena(level: HeelRaises) -> Arena:
    """The track: heels at its bottom mark, the full rise at its top; sideways 40 px per drift tolerance."""
    track = track_rect()
    rise_px = (track.height - 90) / level.rise
    side = 40 / level.params.drift_tolerance_mm[level.step]
    area = track.inflate(160, 0)
    return Arena((area.x, area.y, area.w, area.h), (track.centerx, track.bottom - 45), level.neutral or (0.0, 0.0),
                 (side, side, rise_px, rise_px))


def draw_static(level: HeelRaises, surface) -> None:
    view.static_panels(surface)
    track = track_rect()
    pygame.draw.rect(surface, ui.colour("panel_edge"), track, border_radius=45)
    ui.text(surface, "toes", (track.centerx, track.top - 26), 26, "muted", anchor="center")
    ui.text(surface, "heels", (track.centerx, track.bottom + 24), 26, "muted", anchor="center")


def draw(level: HeelRaises, surface, latest: Balance) -> None:
    track = track_rect()
    y_of = lambda k: track.bottom - 45 - k * (track.height - 90)  # noqa: E731
    ui.glow_circle(surface, ui.colour(level.accent), (track.centerx, round(y_of(level.guide()))), 34)
    if level.neutral is not None and not math.isnan(latest.fy):
        k = clamp((latest.fy - level.neutral[1]) / level.rise, -0.1, 1.15)
        drift = clamp((latest.fx - level.neutral[0]) / level.params.drift_tolerance_mm[level.step], -1, 1)
        view.cursor(surface, (round(track.centerx + 40 * drift), round(y_of(k))), 16)
    feet = (view.MAIN.centerx + 170, view.MAIN.centery)
    lift = level.guide()
    for side, dx in (("left", -55), ("right", 55)):
        ui.foot(surface, (feet[0] + dx, feet[1]), 60, side, "down" if lift < 0.5 else "idle")
    ui.text(surface, "up on your toes" if lift > 0.5 else "heels down", (feet[0], feet[1] + 120), 30, "muted",
            anchor="center")
    view.side_panel(surface, [("Reps", f"{len(level.reps)} / {level.reps_wanted}"),
                              ("Step", f"{level.step + 1} / {level.steps}")], level.progress, level.accent, "Heel raises")
    view.instruction(surface, "Get ready: stand tall, weight even" if level.guide_t < 0
                     else "Rise and lower with the guide — slowly, straight up")
