"""Drawing for heading (pygame): an evening stadium, the pitch in perspective, the balls and boots
flying at you, and you, seen from behind, leaning to meet them. Reads the level, never changes it."""
from __future__ import annotations

import functools
import math
import random

import pygame

from poise.api import _, Arena, Balance, format_number, Frame, fx, ui

from . import view
from .heading import FLASH_S, Heading

FAR = 12.0  # the kick is this many times farther away than you are
CAM_H = 1.6  # camera height, in head heights (you are seen from behind and a little above)
LOW_DROP = 0.16  # of the area's height: how far a full forward lean bends the head down


class Pitch:
    """Where things are on screen: the horizon, the scale and the head's line."""

    def __init__(self, area: pygame.Rect):
        self.area = area
        self.horizon = area.top + round(0.3 * area.height)
        self.k = (area.bottom - self.horizon) / CAM_H  # px per head height at your distance
        self.cx = area.centerx
        self.head_y = self.horizon + (CAM_H - 1.0) * self.k
        self.half_range = 0.42 * area.width  # a full lean (100 % of reach) that way
        self.drop = LOW_DROP * area.height

    def project(self, x_lane: float, z: float, s: float) -> tuple[float, float]:
        """Screen point of lateral `x_lane` (in lane units at your distance), height `z` (head heights) at scale `s`."""
        return self.cx + x_lane * self.half_range * s, self.horizon + (CAM_H - z) * self.k * s


def pitch(frame: Frame) -> Pitch:
    return Pitch(frame.play.inflate(-24, -24))


def arena(level: Heading, frame: Frame) -> Arena:
    """Across the pitch at your head's line is the side-to-side lean; below it, leaning forward (the head bends
    down to meet a low ball), above it leaning back."""
    p = pitch(frame)
    r = level.reach
    side = p.half_range
    a = p.area
    fwd = p.drop / level.params.low_lean / r.forward  # px per mm: the head drops this much per mm forward
    return Arena((a.x, a.y, a.w, a.h), (p.cx, p.head_y), level.neutral or (0.0, 0.0),
                 (side / r.right, side / r.left, -fwd, -fwd))


def draw_static(level: Heading, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)
    p = pitch(frame)
    surface.blit(_stadium(p.area.size, p.horizon - p.area.top, p.k), p.area.topleft)


@functools.lru_cache(maxsize=4)
def _stadium(size: tuple[int, int], horizon: int, k: float) -> pygame.Surface:
    """Sky, stands with a crowd, floodlights and the striped pitch with its lines: drawn once."""
    w, h = size
    img = pygame.Surface(size, pygame.SRCALPHA)
    sky_top, sky_low = (16, 22, 58), (74, 58, 110)
    for y in range(horizon):
        t = y / max(1, horizon)
        pygame.draw.line(img, [round(a + (b - a) * t) for a, b in zip(sky_top, sky_low)], (0, y), (w, y))
    rng = random.Random(7)
    stand_top = round(horizon * 0.45)
    pygame.draw.polygon(img, (30, 34, 52), [(0, horizon), (0, stand_top + 20), (w * 0.2, stand_top),
                                             (w * 0.8, stand_top), (w, stand_top + 20), (w, horizon)])
    for _n in range(900):  # the crowd: dots of shirts and faces
        x = rng.uniform(0, w)
        y = rng.uniform(stand_top + 6, horizon - 4)
        col = rng.choice([(200, 60, 60), (230, 230, 230), (60, 120, 200), (240, 200, 80), (90, 90, 110),
                          (220, 170, 140)])
        pygame.draw.circle(img, [round(c * (0.55 + 0.45 * (y - stand_top) / max(1, horizon - stand_top)))
                                 for c in col], (round(x), round(y)), 2)
    for fx_ in (0.12, 0.88):  # floodlights
        x = round(w * fx_)
        pygame.draw.line(img, (70, 74, 90), (x, stand_top), (x, 8), 4)
        pygame.draw.rect(img, (250, 250, 220), (x - 16, 4, 32, 12), border_radius=3)
        glow = pygame.Surface((160, 120), pygame.SRCALPHA)
        for r in range(60, 0, -6):
            pygame.draw.ellipse(glow, (255, 250, 210, round(50 * (1 - r / 60))), (80 - r, 50 - r * 0.7, 2 * r, 1.4 * r))
        img.blit(glow, (x - 80, -40))
    # the pitch: stripes every few metres of depth, narrowing into the distance
    pygame.draw.rect(img, (44, 108, 50), (0, horizon, w, h - horizon))
    cx = w / 2
    half = 0.42 * w
    for i in range(24):
        d0, d1 = 1 + i * 0.5, 1 + (i + 1) * 0.5
        s0, s1 = 1 / d0, 1 / d1
        y0, y1 = horizon + CAM_H * k * s0, horizon + CAM_H * k * s1
        if y1 > h:
            continue
        col = (58, 140, 64) if i % 2 == 0 else (50, 124, 57)
        pts = [(cx - 3.2 * half * s0, y0), (cx + 3.2 * half * s0, y0), (cx + 3.2 * half * s1, y1),
               (cx - 3.2 * half * s1, y1)]
        pygame.draw.polygon(img, col, pts)
    pygame.draw.rect(img, (58, 140, 64), (0, horizon + CAM_H * k - 1, w, h))  # the stripe under you
    near = horizon + CAM_H * k
    for lane in (-1.25, 1.25):  # touchlines converging on the kicker
        pygame.draw.line(img, (225, 240, 225), (cx + lane * half, near), (cx + lane * half / FAR, horizon + CAM_H * k / FAR), 3)
    box_s = 1 / 3.0
    pygame.draw.lines(img, (225, 240, 225), False, [(cx - 0.7 * half, near), (cx - 0.7 * half * box_s, horizon + CAM_H * k * box_s),
                                                  (cx + 0.7 * half * box_s, horizon + CAM_H * k * box_s), (cx + 0.7 * half, near)], 3)
    # the kicker, small at the far end, and the goal behind
    ks = 1 / FAR
    kx, ky = cx, horizon + CAM_H * k * ks
    kh = k * ks * 1.6
    pygame.draw.line(img, (30, 30, 40), (kx - kh * 0.15, ky), (kx, ky - kh * 0.45), 3)
    pygame.draw.line(img, (30, 30, 40), (kx + kh * 0.2, ky - kh * 0.1), (kx, ky - kh * 0.45), 3)
    pygame.draw.line(img, (200, 50, 60), (kx, ky - kh * 0.45), (kx, ky - kh * 0.85), 5)
    pygame.draw.circle(img, (220, 170, 140), (round(kx), round(ky - kh)), max(2, round(kh * 0.14)))
    gs = 1 / (FAR * 1.05)
    gw, gh = 1.1 * half * gs * 4, 0.9 * k * gs * 4
    gy = horizon + CAM_H * k * gs
    pygame.draw.rect(img, (240, 240, 240), (cx - gw / 2, gy - gh, gw, gh), 2)
    for i in range(1, 8):
        pygame.draw.line(img, (180, 190, 200), (cx - gw / 2 + i * gw / 8, gy - gh), (cx - gw / 2 + i * gw / 8, gy), 1)
    return img


def _ball(surface, pos, r: float, low: bool, spin: float) -> None:
    r = max(2, round(r))
    base = (255, 170, 60) if low else (245, 245, 245)
    pygame.draw.circle(surface, (30, 30, 30), (round(pos[0]), round(pos[1])), r + 1)
    pygame.draw.circle(surface, base, (round(pos[0]), round(pos[1])), r)
    if r >= 6:  # panels that turn as it spins
        for i in range(3):
            a = spin + i * 2 * math.pi / 3
            c = (pos[0] + 0.55 * r * math.cos(a), pos[1] + 0.55 * r * math.sin(a))
            pygame.draw.circle(surface, (35, 35, 40), (round(c[0]), round(c[1])), max(1, round(r * 0.28)))
        pygame.draw.circle(surface, (255, 255, 255), (round(pos[0] - r * 0.35), round(pos[1] - r * 0.4)),
                           max(1, round(r * 0.22)))


def _boot(surface, pos, r: float, spin: float) -> None:
    r = max(3, r)
    pts = [(-1.0, -0.2), (0.2, -0.3), (0.35, -1.0), (0.9, -1.0), (0.95, 0.2), (1.1, 0.45), (-1.0, 0.45)]
    c, s = math.cos(spin), math.sin(spin)
    poly = [(pos[0] + r * (x * c - y * s), pos[1] + r * (x * s + y * c)) for x, y in pts]
    pygame.draw.polygon(surface, (70, 42, 24), poly)
    pygame.draw.polygon(surface, (20, 12, 6), poly, 2)
    for stud in (-0.7, -0.1, 0.6):
        sx, sy = stud, 0.55
        pygame.draw.circle(surface, (200, 200, 200), (round(pos[0] + r * (sx * c - sy * s)),
                                                       round(pos[1] + r * (sx * s + sy * c))), max(1, round(r * 0.1)))


def _player(surface, p: Pitch, lateral: float, forward: float) -> tuple[tuple[float, float], pygame.Rect]:
    """You from behind: feet planted at the bottom, the body leaning so the head is where your balance is.
    Returns where the head is and the area drawn on."""
    hx = p.cx + lateral * p.half_range
    hy = p.head_y + max(0.0, forward) * p.drop / 1.0
    feet = (p.cx, p.area.bottom + 30)
    hr = 0.17 * p.k
    shoulder_y = hy + hr * 1.6
    sx = feet[0] + (hx - feet[0]) * 0.88
    w = hr * 2.6
    torso = [(feet[0] - w * 0.55, feet[1]), (feet[0] + w * 0.55, feet[1]), (sx + w, shoulder_y + hr * 0.3),
             (sx + w * 0.8, shoulder_y - hr * 0.2), (sx - w * 0.8, shoulder_y - hr * 0.2), (sx - w, shoulder_y + hr * 0.3)]
    drawn = pygame.draw.polygon(surface, (22, 132, 128), torso)
    drawn = drawn.union(pygame.draw.polygon(surface, (12, 80, 78), torso, 3))
    ui.text(surface, "7", (sx + (feet[0] - sx) * 0.35, shoulder_y + (feet[1] - shoulder_y) * 0.3), round(hr * 1.8),
            (235, 250, 245), anchor="center", bold=True)
    pygame.draw.rect(surface, (200, 150, 120), (hx - hr * 0.35, hy + hr * 0.6, hr * 0.7, hr * 1.0))  # neck
    for ear in (-1, 1):
        drawn = drawn.union(pygame.draw.circle(surface, (205, 155, 125), (round(hx + ear * hr * 0.95),
                                                                          round(hy + hr * 0.1)), round(hr * 0.25)))
    drawn = drawn.union(pygame.draw.circle(surface, (60, 40, 28), (round(hx), round(hy)), round(hr)))  # hair
    pygame.draw.circle(surface, (84, 58, 40), (round(hx - hr * 0.3), round(hy - hr * 0.35)), round(hr * 0.45))
    return (hx, hy), drawn


def draw(level: Heading, surface, frame: Frame, latest: Balance) -> None:
    p = pitch(frame)
    clip = surface.get_clip()
    surface.set_clip(p.area)
    shake = _shake(level)
    flying, behind = _flying(level)
    for o in flying:  # shadows on the grass
        s, x_lane, z = _where(level, o, p)
        if z is None:
            continue
        gx, gy = p.project(x_lane, 0.0, s)
        pygame.draw.ellipse(surface, (36, 90, 40), (gx - 14 * s * 2, gy - 4 * s * 2, 28 * s * 2, 8 * s * 2))
    for o in behind:
        _draw_object(level, surface, p, o, shake)
    if level.streak >= 3:
        ui.text(surface, _("{n} in a row!").format(n=level.streak), (p.area.centerx, p.area.top + 36), 40, "gold", anchor="center",
                bold=True)
    surface.set_clip(clip)
    done = [o for o in level.objects if o.outcome]
    heads = sum(o.outcome == "header" for o in done)
    view.side_panel(surface, frame, [(_("Headers"), f"{heads}"), (_("Run"), _("{n}  (best {best})").format(n=level.streak, best=level.best_streak)),
                                     (_("Points"), format_number(level.points, 1)), (_("Step"), f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, _("Heading"))
    view.instruction(surface, frame, _("Head the balls, lean forward for orange ones, dodge boots"))


def _where(level: Heading, o, p: Pitch) -> tuple[float, float, float | None]:
    """(scale, lateral lane units, height) of a flying object now; height None when it has gone."""
    z_end = 1.0 if o.kind != "low" else 1.0 - p.drop / p.k  # a low ball meets a head bent forward
    if o.outcome is None or level.t < o.arrives:
        q = min(1.0, max(0.0, (level.t - o.kicked) / (o.arrives - o.kicked)))
        d = FAR + (1.0 - FAR) * q
        z = 0.15 + (z_end - 0.15) * q + (0.9 if o.kind != "low" else 0.35) * 4 * q * (1 - q)
        return 1.0 / d, o.lane * q, z
    age = level.t - o.at
    if o.outcome == "header":  # back up and away toward the goal
        d = 1.0 + 9.0 * (age / FLASH_S) ** 0.8
        return 1.0 / d, o.lane * (1 - 0.5 * age / FLASH_S), z_end + 3.0 * age - 3.0 * age * age
    if age > 0.45:
        return 1.0, o.lane, None
    d = 1.0 - 0.5 * age / 0.45  # past you, toward the camera
    return 1.0 / d, o.lane * (1 + 0.4 * age), z_end - 2.0 * age


def _draw_object(level: Heading, surface, p: Pitch, o, shake) -> pygame.Rect | None:
    """A ball or boot in flight; returns the area drawn on (None: it has gone)."""
    s, x_lane, z = _where(level, o, p)
    if z is None:
        return None
    x, y = p.project(x_lane, z, s)
    x, y = x + shake[0], y + shake[1]
    r = 0.13 * p.k * s
    spin = (level.t - o.kicked) * (9 if o.kind == "boot" else 6)
    if o.kind == "boot":
        _boot(surface, (x, y), r * 1.2, spin)
        if o.outcome is None and o.arrives - level.t < 0.6:
            pygame.draw.circle(surface, ui.colour("bad"), (round(x), round(y)), round(r * 1.8), 2)
    else:
        _ball(surface, (x, y), r, o.kind == "low", spin)
    reach = math.ceil(r * 1.8) + 3  # a boot's warning ring is the widest part
    return pygame.Rect(round(x) - reach, round(y) - reach, 2 * reach, 2 * reach)


def _lean(level: Heading, latest: Balance) -> tuple[float, float]:
    """(sideways -1.2..1.2, forward -0.5..1.3) of the body you see: it follows the smoothed balance point (the
    score is judged on the raw one); upright while nobody is on the board."""
    if math.isnan(latest.fx) or level.neutral is None:
        return 0.0, 0.0
    n, r = level.neutral, level.reach
    dx, dy = latest.fx - n[0], latest.fy - n[1]
    lateral = max(-1.2, min(1.2, dx / (r.right if dx >= 0 else r.left)))
    forward = max(-0.5, min(1.3, dy / r.forward / level.params.low_lean)) if dy >= 0 else 0.0
    return lateral, forward


def _shake(level: Heading) -> tuple[int, int]:
    """The picture shakes for a moment when a boot hits you."""
    hit = next((o for o in level.objects if o.outcome == "hit" and level.t - o.at < 0.3), None)
    return fx.shake(level.t - hit.at, 10) if hit else (0, 0)


def _flying(level: Heading) -> tuple[list, list]:
    """What is in the air, far ones first, and those of them that are behind you (drawn before you)."""
    flying = sorted(level.in_flight(), key=lambda o: o.arrives, reverse=True)
    behind = [o for o in flying if o.outcome in ("header", "dodged", None) or level.t - o.at < 0.05]
    return flying, behind


def marker(level: Heading, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """You, leaning where your balance is, with what flies past in front of you and the flourishes round your
    head (a header, a boot's hit, a miss), which go over it."""
    p = pitch(frame)
    clip = surface.get_clip()
    surface.set_clip(p.area)
    (hx, hy), drawn = _player(surface, p, *_lean(level, latest))
    shake = _shake(level)
    flying, behind = _flying(level)
    for o in flying:
        if o not in behind:
            drawn = fx.union(drawn, _draw_object(level, surface, p, o, shake))
    for o in level.objects:  # the flourishes round your head, over it
        age = level.t - o.at
        if age >= FLASH_S:
            continue
        if o.outcome == "header":
            cx, cy = p.cx + o.lane * p.half_range, p.head_y - 0.3 * p.k
            drawn = fx.union(drawn, fx.ring(surface, (cx, cy), age, "gold" if o.clean else "accent_light", grow=120),
                             fx.burst(surface, (cx, cy), age, seed=hash(o.kicked) & 0xFFFF, n=22 if o.clean else 12),
                             fx.float_text(surface, _("CLEAN!") if o.clean else "+1", (cx, cy - 40), age,
                                           "gold" if o.clean else "text", 42))
        elif o.outcome == "hit":
            drawn = fx.union(drawn, fx.float_text(surface, _("OUCH  -1"), (hx, hy - 70), age, "bad", 44),
                             fx.burst(surface, (hx, hy), age, seed=11, colours=("bad", "warn"), n=10, speed=200))
        elif o.outcome == "missed":
            drawn = fx.union(drawn, fx.float_text(surface, _("missed"), (p.cx + o.lane * p.half_range, p.head_y - 50),
                                                  age, "muted", 34))
    surface.set_clip(clip)
    return drawn.clip(p.area)
