"""Drawing shared by the guided-rep exercises (pygame): the tempo track with its guide, the cursor on it, and
the side panel. Reads the level only (levels/guided.py)."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Arena, Balance, ui

from . import view
from .common import clamp
from .guided import GuidedReps

TRACK_LONG = 400
TRACK_WIDE = 90
END = 45  # px from the track's ends to the rest and target marks


def track_rect(vertical: bool, centre: tuple[int, int]) -> pygame.Rect:
    r = pygame.Rect(0, 0, TRACK_WIDE, TRACK_LONG) if vertical else pygame.Rect(0, 0, TRACK_LONG, TRACK_WIDE)
    r.center = centre
    return r


def along_px(track: pygame.Rect, vertical: bool, k: float, reverse: bool) -> tuple[int, int]:
    """The point `k` (0 rest .. 1 target) along the track: upward, or downward from the top with `reverse`;
    rightward, or leftward from the right with `reverse`."""
    if vertical:
        span = track.height - 2 * END
        y = track.top + END + k * span if reverse else track.bottom - END - k * span
        return track.centerx, round(y)
    span = track.width - 2 * END
    x = track.right - END - k * span if reverse else track.left + END + k * span
    return round(x), track.centery


def draw_track(surface, track: pygame.Rect, vertical: bool, reverse: bool, rest_label: str, target_label: str,
               ) -> None:
    pygame.draw.rect(surface, ui.colour("panel_edge"), track, border_radius=TRACK_WIDE // 2)
    a = along_px(track, vertical, 0.0, reverse)
    b = along_px(track, vertical, 1.0, reverse)
    for p, label in ((a, rest_label), (b, target_label)):
        if vertical:
            pygame.draw.line(surface, ui.colour("muted"), (track.left + 10, p[1]), (track.right - 10, p[1]), 2)
            ui.text(surface, label, (track.right + 14, p[1]), 24, "muted", anchor="midleft")
        else:
            pygame.draw.line(surface, ui.colour("muted"), (p[0], track.top + 10), (p[0], track.bottom - 10), 2)
            ui.text(surface, label, (p[0], track.bottom + 16), 24, "muted", anchor="midtop")


def draw_guide(level: GuidedReps, surface, track: pygame.Rect, vertical: bool, reverse: bool) -> None:
    """The guide's glow on the track (the count-in before it starts)."""
    if level.preparing:
        left = math.ceil(level.prepare_left())
        ui.text(surface, str(left), along_px(track, vertical, 0.5, reverse), 120, "text", anchor="center",
                bold=True)
    else:
        ui.glow_circle(surface, ui.colour(level.accent), along_px(track, vertical, level.guide(), reverse), 34)


def marker_on_track(level: GuidedReps, surface, latest: Balance, track: pygame.Rect, vertical: bool, reverse: bool,
                    side_mm: float) -> pygame.Rect | None:
    """The player's dot on the track (sideways off the track: drift, `side_mm` per 40 px); the area drawn on."""
    n = level.neutral
    if n is None or math.isnan(latest.fx):
        return None
    ux, uy = level.direction(level.leg)
    dx, dy = latest.fx - n[0], latest.fy - n[1]
    k = clamp((dx * ux + dy * uy) / level.target_mm(level.leg), -0.1, 1.15)
    x, y = along_px(track, vertical, k, reverse)
    if vertical:  # off the track as on the board: right is right, toes are up
        x += round(clamp(dx / side_mm, -1.0, 1.0) * 40)
    else:
        y -= round(clamp(dy / side_mm, -1.0, 1.0) * 40)
    return view.cursor(surface, (x, y), 16)


def arena(level: GuidedReps, track: pygame.Rect, vertical: bool, reverse: bool, side_mm: float) -> Arena:
    """The track as an arena for a mouse or stick: the rest mark is the neutral point, the target mark the target
    (the track runs the way the balance point moves on the board)."""
    span = (track.height if vertical else track.width) - 2 * END
    per_mm = span / level.target_mm(level.leg)
    side = 40 / side_mm
    area = track.inflate(160, 0) if vertical else track.inflate(0, 160)
    scale = (side, side, per_mm, per_mm) if vertical else (per_mm, per_mm, side, side)
    return Arena((area.x, area.y, area.w, area.h), along_px(track, vertical, 0.0, reverse), level.neutral or (0.0, 0.0),
                 scale)


def side_rows(level: GuidedReps, extra: list[tuple[str, str]]) -> list[tuple[str, str]]:
    block = level.block
    made = level.reps_made(block)
    return [(_("Reps"), f"{made} / {level.reps_wanted}")] + extra + [(_("Step"), f"{level.step + 1} / {level.steps}")]
