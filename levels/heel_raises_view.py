"""Drawing for heel raises (pygame): over green hills a hot-air balloon rises and sinks at the tempo
to follow; a little bird is you. Reads the level only."""
from __future__ import annotations

import math

import pygame

from poise.api import _, Arena, Balance, Frame, fx, ui

from . import scenery, view
from .common import clamp
from .heel_raises import HeelRaises


def _tolerance(level: HeelRaises) -> float:
    """The side drift tolerated at this step (mm): one value, or one per step on the ladder."""
    tol = level.params.drift_tolerance_mm
    return tol[level.step] if isinstance(tol, tuple) else tol


def track_rect(frame: Frame) -> pygame.Rect:
    track = pygame.Rect(0, 0, 90, 420)
    track.center = (frame.play.centerx - 180, frame.play.centery)
    return track


def arena(level: HeelRaises, frame: Frame) -> Arena:
    """The track: heels at its bottom mark, the full rise at its top; sideways 40 px per drift tolerance."""
    track = track_rect(frame)
    rise_px = (track.height - 90) / level.rise
    side = 40 / _tolerance(level)
    area = track.inflate(160, 0)
    return Arena((area.x, area.y, area.w, area.h), (track.centerx, track.bottom - 45), level.neutral or (0.0, 0.0),
                 (side, side, rise_px, rise_px))


def draw_static(level: HeelRaises, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    area = view.scene_area(frame)
    surface.blit(scenery.hills(area.size), area.topleft)
    track = track_rect(frame)
    for y in range(track.top + 45, track.bottom - 44, 14):  # a dotted line from the ground to the top
        pygame.draw.circle(surface, (255, 255, 255), (track.centerx, y), 2)
    ui.text(surface, _("toes"), (track.centerx, track.top - 12), 28, "ink", anchor="center", bold=True)
    ui.text(surface, _("heels"), (track.centerx, track.bottom + 8), 28, "ink", anchor="center", bold=True)


def _balloon(surface, centre: tuple[float, float], scale: float, t: float) -> None:
    x, y = centre
    sway = 3 * math.sin(t * 1.3)
    stripes = ((230, 80, 70), (250, 200, 70), (70, 150, 220), (250, 250, 250))
    w, h = 70 * scale, 84 * scale
    for i in range(4):
        k = 1 - i / 4
        rect = pygame.Rect(0, 0, w * k, h)
        rect.center = (round(x + sway), round(y - 30 * scale))
        pygame.draw.ellipse(surface, stripes[i], rect)
    basket = pygame.Rect(0, 0, 22 * scale, 16 * scale)
    basket.midtop = (round(x + sway), round(y + 30 * scale))
    for dx in (-0.3, 0.3):
        pygame.draw.line(surface, (90, 70, 50), (x + sway + dx * w * 0.8, y), basket.midtop, 1)
    pygame.draw.rect(surface, (140, 96, 52), basket, border_radius=3)


def _bird(surface, pos: tuple[int, int], t: float) -> pygame.Rect:
    """A little bird flapping where your balance point is; returns the area drawn on."""
    x, y = pos
    flap = 7 * math.sin(t * 14)
    pygame.draw.ellipse(surface, (40, 50, 70), (x - 10, y - 6, 20, 12))
    pygame.draw.polygon(surface, (40, 50, 70), [(x - 4, y - 2), (x - 18, y - 8 - flap), (x - 2, y + 2)])
    pygame.draw.polygon(surface, (40, 50, 70), [(x + 4, y - 2), (x + 18, y - 8 - flap), (x + 2, y + 2)])
    pygame.draw.polygon(surface, (250, 180, 60), [(x + 9, y - 1), (x + 15, y + 1), (x + 9, y + 3)])
    return pygame.Rect(x - 20, y - 17, 40, 30)


def draw(level: HeelRaises, surface, frame: Frame, latest: Balance) -> None:
    track = track_rect(frame)
    y_of = _height_px(track)
    guide_y = y_of(level.guide())
    _balloon(surface, (track.centerx, guide_y), 0.9, level.t)
    ui.glow_circle(surface, ui.colour(level.accent), (track.centerx, round(guide_y)), 34, width=3)
    feet = (frame.play.centerx + 170, frame.play.centery + 40)
    lift = level.guide()
    for side, dx in (("left", -55), ("right", 55)):
        ui.foot(surface, (feet[0] + dx, feet[1]), 60, side, "down" if lift < 0.5 else "idle")
    ui.text(surface, _("up on your toes") if lift > 0.5 else _("heels down"), (feet[0], feet[1] + 110), 34, "ink",
            anchor="center", bold=True)
    view.side_panel(surface, frame, [(_("Reps"), f"{len(level.reps)} / {level.reps_wanted}"),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent, _("Heel raises"),
                    pip_move=("heel_raise", lift))
    view.instruction(surface, frame, _("Get ready: stand tall, weight even") if level.guide_t < 0
                     else _("Rise and lower with the balloon, slowly and straight"))


def _height_px(track: pygame.Rect):
    """Screen y on the track for a height 0 (heels down) .. 1 (the top of the rise)."""
    return lambda k: track.bottom - 45 - k * (track.height - 90)


def marker(level: HeelRaises, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The bird: as high as your heels are raised, off the line as far as you drift sideways; a rep's flourish
    over it."""
    if level.neutral is None or math.isnan(latest.fy):
        return None
    track = track_rect(frame)
    y_of = _height_px(track)
    k = clamp((latest.fy - level.neutral[1]) / level.rise, -0.1, 1.15)
    drift = clamp((latest.fx - level.neutral[0]) / _tolerance(level), -1, 1)
    drawn = _bird(surface, (round(track.centerx + 40 * drift), round(y_of(k))), level.t)
    for i, rep in enumerate(level.reps):  # a rep's flourish, over the bird
        age = level.t - rep.end
        drawn = fx.union(drawn, fx.burst(surface, (track.centerx, y_of(0.2)), age, seed=i, n=14, speed=200),
                         fx.float_text(surface, _("rep {n}").format(n=i + 1), (track.centerx + 90, y_of(0.3)), age, "ink", 38))
    return drawn
