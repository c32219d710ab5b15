"""Drawing for the table tilt (pygame): a wooden games table in a lamp-lit room, seen in perspective
from where you stand, tipping as you lean (shown four times steeper than it is), the ball rolling on
the felt toward the hole. Reads the level only."""
from __future__ import annotations

import functools
import math

import pygame

from poise.api import _, Arena, Balance, Frame, fx, ui

from . import view
from .table_tilt import TABLE_MM, TableTilt

SHOW_TILT = 4.0  # the tilt is drawn this many times steeper, so a small lean is seen
PITCH = math.radians(52)  # how steeply you look down at the table
DIST = 1400.0  # mm from your eyes to the table's middle
RIM = 34.0  # mm of wooden rim around the felt
BALL_MM = 19.0


class Camera:
    """The table fills most of the area: as wide as it can be, and its rim and front face as tall."""

    def __init__(self, area: pygame.Rect):
        self.area = area
        outer = TABLE_MM / 2 + RIM
        c, s = math.cos(PITCH), math.sin(PITCH)
        near, far = DIST - outer * c, DIST + outer * c
        width_f = 0.84 * area.width * near / (2 * outer)
        # from the far rim's top to the bottom of the near face (70 mm below the rim), per unit f
        top = (outer * s + 12 * c) / (far - 12 * s)
        bottom = (outer * s + 70 * c) / (near + 70 * s)
        height_f = 0.88 * area.height / (top + bottom)
        self.f = min(width_f, height_f)
        self.cx = area.centerx
        self.cy = area.top + 0.05 * area.height + self.f * top

    def project(self, x: float, y: float, z: float) -> tuple[float, float, float]:
        """Screen x, y and the scale (px per mm) of the table point (x right, y away from you, z up) in mm."""
        up = y * math.sin(PITCH) + z * math.cos(PITCH)
        depth = DIST + y * math.cos(PITCH) - z * math.sin(PITCH)
        k = self.f / depth
        return self.cx + x * k, self.cy - up * k, k


def camera(frame: Frame) -> Camera:
    return Camera(frame.play.inflate(-24, -24))


def height(tilt: tuple[float, float], x: float, y: float) -> float:
    """How high (mm) the table top is at (x, y) when tilted by `tilt` (rad right, away), drawn with the tilt
    exaggerated: low on the side it tips to."""
    tx, ty = tilt
    return -SHOW_TILT * (x * math.sin(tx) + y * math.sin(ty))


def table_rect(frame: Frame) -> tuple[pygame.Rect, float]:
    """The table's untilted felt on screen (its bounding box) and its scale at the middle (px per mm)."""
    cam = camera(frame)
    h = TABLE_MM / 2
    pts = [cam.project(x, y, 0.0) for x in (-h, h) for y in (-h, h)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return pygame.Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)), cam.project(0, 0, 0)[2]


def arena(level: TableTilt, frame: Frame) -> Arena:
    """The table: its edge is a full lean that way (the steepest tilt), its middle standing upright."""
    rect, _ = table_rect(frame)
    cam = camera(frame)
    cx, cy, _ = cam.project(0, 0, 0)
    r = level.reach
    return Arena((rect.x, rect.y, rect.w, rect.h), (cx, cy), level.neutral or (0.0, 0.0),
                 ((rect.right - cx) / r.right, (cx - rect.left) / r.left, (cy - rect.top) / r.forward,
                  (rect.bottom - cy) / r.back))


def draw_static(level: TableTilt, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    area = camera(frame).area
    surface.blit(_room(area.size), area.topleft)


@functools.lru_cache(maxsize=4)
def _room(size: tuple[int, int]) -> pygame.Surface:
    """A warm room: a wall lit by a lamp, and a wooden floor in perspective."""
    w, h = size
    img = pygame.Surface(size)
    horizon = round(h * 0.28)
    for y in range(horizon):
        k = y / horizon
        pygame.draw.line(img, (round(52 + 20 * k), round(40 + 14 * k), round(46 + 8 * k)), (0, y), (w, y))
    for y in range(horizon, h):
        k = (y - horizon) / (h - horizon)
        pygame.draw.line(img, (round(92 + 40 * k), round(60 + 26 * k), round(38 + 14 * k)), (0, y), (w, y))
    for i in range(-12, 13):  # floorboards running away from you
        x0 = w / 2 + i * w / 7
        pygame.draw.line(img, (70, 46, 30), (w / 2 + i * w / 30, horizon), (x0, h), 2)
    glow = pygame.Surface((w, horizon + 120), pygame.SRCALPHA)
    for r in range(220, 0, -10):
        pygame.draw.ellipse(glow, (255, 214, 150, round(26 * (1 - r / 220))), (w * 0.78 - r, 30 - r * 0.5, 2 * r, r))
    img.blit(glow, (0, 0))
    pygame.draw.line(img, (40, 30, 30), (w * 0.78, 0), (w * 0.78, 24), 3)  # the lamp
    pygame.draw.polygon(img, (230, 190, 120), [(w * 0.78 - 30, 50), (w * 0.78 + 30, 50), (w * 0.78 + 14, 22),
                                               (w * 0.78 - 14, 22)])
    return img


def _quad(cam: Camera, tilt: tuple[float, float], half: float, lift: float = 0.0) -> list[tuple[float, float]]:
    return [cam.project(x, y, height(tilt, x, y) + lift)[:2] for x, y in
            ((-half, -half), (half, -half), (half, half), (-half, half))]


def _tilt(level: TableTilt, latest: Balance) -> tuple[float, float]:
    """The table's tilt (rad right, away) from the smoothed balance point, as the level tilts it from the raw one
    (what you see follows you as closely as it can; the ball rolls on the level's own tilt)."""
    if math.isnan(latest.fx) or level.neutral is None:
        return level.tilt
    dx, dy = latest.fx - level.neutral[0], latest.fy - level.neutral[1]
    r, most = level.reach, math.radians(level.params.max_tilt_deg)
    return (most * max(-1.0, min(1.0, dx / (r.right if dx >= 0 else r.left))),
            most * max(-1.0, min(1.0, dy / (r.forward if dy >= 0 else r.back))))


def marker(level: TableTilt, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The table top: its tilt is how the game shows your balance point. With the ball, the hole and the
    flourishes on the felt."""
    tilt = _tilt(level, latest)
    cam = camera(frame)
    clip = surface.get_clip()
    surface.set_clip(cam.area)
    h = TABLE_MM / 2
    outer = h + RIM
    # the apron (the frame's front and side faces), the rim, the felt
    drawn = None
    top_ring = _quad(cam, tilt, outer, 12.0)
    under = _quad(cam, tilt, outer, -70.0)
    for i in range(4):  # the frame's faces: the ones toward you are seen
        a, b = i, (i + 1) % 4
        face = [top_ring[a], top_ring[b], under[b], under[a]]
        lit = (118, 76, 44) if i == 0 else (96, 60, 34)
        if i in (0, 1, 3):
            drawn = fx.union(drawn, pygame.draw.polygon(surface, lit, face))
    drawn = fx.union(drawn, pygame.draw.polygon(surface, (140, 92, 54), top_ring))
    drawn = fx.union(drawn, pygame.draw.polygon(surface, (80, 50, 28), top_ring, 2))
    felt = _quad(cam, tilt, h)
    # light on the felt from the tilt: a surface tipped toward the lamp (right, far) is brighter
    tx, ty = tilt
    light = max(-1.0, min(1.0, SHOW_TILT * (-math.sin(tx) * 0.6 - math.sin(ty) * 0.8) * 6))
    pygame.draw.polygon(surface, (round(40 + 12 * light), round(118 + 22 * light), round(80 + 12 * light)), felt)
    drawn = fx.union(drawn, pygame.draw.polygon(surface, (28, 84, 56), felt, 3))
    # the hole: a dark ellipse with a brass lip
    hx, hy = level.hole
    r_hole = level.params.hole_radius_mm[level.step]
    ring = [cam.project(hx + r_hole * math.cos(a), hy + r_hole * math.sin(a),
                        height(tilt, hx + r_hole * math.cos(a), hy + r_hole * math.sin(a)))[:2]
            for a in (i * math.pi / 12 for i in range(24))]
    pygame.draw.polygon(surface, (10, 14, 12), ring)
    pygame.draw.polygon(surface, ui.colour("gold"), ring, 3)
    # downhill: a soft arrow painted on the felt
    steep = math.hypot(tx, ty) / math.radians(level.params.max_tilt_deg)
    if steep > 0.08 and not level.finished:
        ux, uy = math.sin(tx), math.sin(ty)
        n = math.hypot(ux, uy)
        ux, uy = ux / n, uy / n
        length = 160 * min(1.0, steep)
        tip = (ux * length, uy * length)
        pts = [cam.project(px, py, height(tilt, px, py) + 1)[:2] for px, py in
               ((-uy * 16, ux * 16), (uy * 16, -ux * 16), (tip[0] + uy * 16, tip[1] - ux * 16),
                (tip[0] + uy * 38, tip[1] - ux * 38), (tip[0] + ux * 50, tip[1] + uy * 50),
                (tip[0] - uy * 38, tip[1] + ux * 38), (tip[0] - uy * 16, tip[1] + ux * 16))]
        drawn = fx.union(drawn, fx.polygon_alpha(surface, (*ui.colour("warn"), 120), pts))
    # the ball and its shadow
    if not level.finished:
        bx, by = level.pos
        z = height(tilt, bx, by)
        sx, sy, k = cam.project(bx + 6, by - 4, z)
        drawn = fx.union(drawn, pygame.draw.ellipse(surface, (20, 60, 40), (sx - BALL_MM * k, sy - BALL_MM * k * 0.5,
                                                                          2 * BALL_MM * k, BALL_MM * k)))
        cx, cy, k = cam.project(bx, by, z + BALL_MM)
        r = max(4, round(BALL_MM * k))
        drawn = fx.union(drawn, surface.blit(_ball(r), (round(cx) - r - 2, round(cy) - r - 2)))
        if level.t - level.bounced_at < 0.25:
            drawn = fx.union(drawn, fx.ring(surface, (cx, cy), level.t - level.bounced_at, "text", start=r, grow=20,
                                            life=0.25, width=2))
    for kind, when, (ox, oy) in level.outcomes:
        age = level.t - when
        x, y, _depth = cam.project(ox, oy, height(tilt, ox, oy))
        if kind == "sink":
            drawn = fx.union(drawn, fx.ring(surface, (x, y), age, "gold", grow=110),
                             fx.burst(surface, (x, y), age, seed=round(when * 10), n=20),
                             fx.float_text(surface, _("IN!"), (x, y - 40), age, "gold", 48))
        else:
            drawn = fx.union(drawn, fx.float_text(surface, _("time's up"), (x, y - 30), age, "bad", 38))
    surface.set_clip(clip)
    return drawn.clip(cam.area) if drawn is not None else None


def draw(level: TableTilt, surface, frame: Frame, latest: Balance) -> None:
    cam = camera(frame)
    clip = surface.get_clip()
    surface.set_clip(cam.area)
    outer = TABLE_MM / 2 + RIM
    # the table's shadow on the floor and its legs, under it: the rest is drawn by marker, from the newest
    # balance point (the legs' tops, which follow the tilt, are hidden behind the apron)
    floor = [cam.project(x * 1.06, y * 1.06 + 60, -650)[:2] for x, y in ((-outer, -outer), (outer, -outer),
                                                                         (outer, outer), (-outer, outer))]
    fx.polygon_alpha(surface, (20, 10, 5, 90), floor)
    for x, y in ((-outer + 40, -outer + 40), (outer - 40, -outer + 40)):
        top = cam.project(x, y, height(level.tilt, x, y) - 70)
        foot = cam.project(x, y, -650)
        pygame.draw.line(surface, (74, 44, 26), top[:2], foot[:2], max(4, round(34 * top[2])))
    surface.set_clip(clip)
    left = max(0.0, level.stage_s - level.stage_t)
    view.side_panel(surface, frame, [(_("Stage"), f"{min(level.stage + 1, level.n_stages)} / {level.n_stages}"),
                                     (_("Time left"), f"{left:.0f} s"), (_("Sunk"), str(sum(1 for s in level.results if s))),
                                     (_("Step"), f"{level.step + 1} / {level.steps}")], level.progress, level.accent, _("Table tilt"))
    view.instruction(surface, frame, _("Lean to tilt the table: roll the ball into the hole"))


@functools.lru_cache(maxsize=32)
def _ball(r: int) -> pygame.Surface:
    """A shiny ivory ball: shaded toward the bottom right, a bright highlight up left."""
    img = pygame.Surface((2 * r + 4, 2 * r + 4), pygame.SRCALPHA)
    c = r + 2
    for i in range(r, 0, -1):
        k = i / r
        col = (round(150 + 100 * (1 - k) + 5), round(150 + 95 * (1 - k) + 5), round(160 + 90 * (1 - k)))
        pygame.draw.circle(img, col, (round(c - (1 - k) * r * 0.35), round(c - (1 - k) * r * 0.35)), i)
    pygame.draw.circle(img, (255, 255, 255), (round(c - r * 0.38), round(c - r * 0.42)), max(1, r // 4))
    pygame.draw.circle(img, (60, 60, 70), (c, c), r, 1)
    return img
