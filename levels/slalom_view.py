"""Drawing for the slalom (pygame): a snowy slope seen from above, pines sliding by at the sides, the
gates, your tracks in the snow and the skier leaning into the turns. Reads the level, never changes it."""
from __future__ import annotations

import functools
import math
import random

import pygame

from poise.api import _, Arena, Balance, format_number, Frame, fx

from . import view
from .slalom import Slalom

AHEAD_M = 60.0
TREE_M = 7.0  # a tree every this many metres, each side


class Slope:
    def __init__(self, area: pygame.Rect):
        self.area = area
        self.piste = pygame.Rect(area.left + round(0.1 * area.width), area.top, round(0.8 * area.width), area.height)
        self.half = self.piste.width / 2 - 16  # a full lean puts the skier this far from the middle
        self.cx = self.piste.centerx
        self.skier_y = area.bottom - 90
        self.px_per_m = (self.skier_y - area.top + 20) / AHEAD_M

    def y(self, d: float, here: float) -> float:
        return self.skier_y - (d - here) * self.px_per_m

    def x(self, side: float) -> float:
        return self.cx + side * self.half


def slope(frame: Frame) -> Slope:
    return Slope(frame.play.inflate(-24, -24))


def piste(frame: Frame) -> pygame.Rect:
    return slope(frame).piste


def arena(level: Slalom, frame: Frame) -> Arena:
    """The piste: across it is the lean from full left to full right reach; above the skier, leaning forward."""
    s = slope(frame)
    r = level.reach
    p = s.piste
    ahead = (s.skier_y - p.top) / r.forward
    return Arena((p.x, p.y, p.w, p.h), (s.cx, s.skier_y), level.neutral or (0.0, 0.0),
                 (s.half / r.right, s.half / r.left, ahead, ahead))


def draw_static(level: Slalom, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)


@functools.lru_cache(maxsize=4)
def _snow(size: tuple[int, int], piste: tuple[int, int]) -> pygame.Surface:
    """A tile of snow that repeats down the slope: deep snow at the sides, the groomed piste with its
    corduroy lines in the middle, a few glints."""
    w, h = size
    img = pygame.Surface(size)
    img.fill((232, 240, 248))
    rng = random.Random(5)
    for _ in range(220):  # soft drifts in the deep snow
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(8, 30)
        pygame.draw.ellipse(img, (218, 228, 242), (x - r, y - r * 0.4, 2 * r, 0.8 * r))
    left, width = piste
    pygame.draw.rect(img, (244, 248, 252), (left, 0, width, h))
    for y in range(0, h, 6):  # the groomer's corduroy
        pygame.draw.line(img, (234, 240, 248), (left, y), (left + width, y), 2)
    for x in (left, left + width):
        pygame.draw.line(img, (200, 214, 232), (x, 0), (x, h), 3)
    for _ in range(90):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        pygame.draw.circle(img, (255, 255, 255), (round(x), round(y)), 1)
    return img


def _pine(surface, x: float, y: float, size: float, snowy: bool) -> None:
    pygame.draw.ellipse(surface, (196, 208, 226), (x - size * 0.2, y - size * 0.1, size * 1.3, size * 0.45))  # shadow
    for i, k in enumerate((1.0, 0.78, 0.55)):
        top = y - size * (0.55 + 0.35 * i)
        half = size * 0.5 * k
        base = y - size * 0.25 * i
        pygame.draw.polygon(surface, (34, 92, 66) if i % 2 == 0 else (42, 108, 76),
                            [(x - half, base), (x + half, base), (x, top)])
        if snowy:
            pygame.draw.polygon(surface, (245, 250, 255), [(x - half * 0.45, top + (base - top) * 0.5),
                                                           (x + half * 0.35, top + (base - top) * 0.45), (x, top)])
    pygame.draw.rect(surface, (90, 60, 40), (x - size * 0.06, y - size * 0.02, size * 0.12, size * 0.16))


def _trees(surface, s: Slope, here: float) -> None:
    first = math.floor((here - 10) / TREE_M)
    last = math.ceil((here + AHEAD_M + 5) / TREE_M)
    for j in range(first, last + 1):
        rng = random.Random(j * 104729)
        for side in (-1, 1):
            for _ in range(rng.choice((1, 1, 2))):
                d = j * TREE_M + rng.uniform(0, TREE_M)
                edge = s.piste.left if side < 0 else s.piste.right
                room = edge - s.area.left if side < 0 else s.area.right - edge
                x = edge + side * rng.uniform(0.25, 0.95) * room
                _pine(surface, x, s.y(d, here), rng.uniform(30, 46), rng.random() < 0.6)


def _flag(surface, x: float, y: float, col, inward: int) -> None:
    pygame.draw.line(surface, (60, 60, 70), (x, y + 6), (x, y - 40), 4)
    pygame.draw.polygon(surface, col, [(x, y - 40), (x + inward * 22, y - 33), (x + inward * 18, y - 22), (x, y - 24)])
    pygame.draw.ellipse(surface, (200, 212, 230), (x - 8, y + 2, 16, 6))


def _skier(surface, x: float, y: float, turn: float, t: float) -> None:
    """The skier from above and behind: skis angled into the turn, body leaning, poles out."""
    lean = max(-1.0, min(1.0, turn))
    a = lean * 0.5  # ski angle
    for dx in (-7, 7):
        c, s = math.cos(a), math.sin(a)
        p0 = (x + dx - 26 * s, y + 26 * c * 0.0 - 22)
        p1 = (x + dx + 26 * s, y + 22)
        pygame.draw.line(surface, (200, 40, 50), p0, p1, 5)
    body_x = x + lean * 10
    pygame.draw.ellipse(surface, (180, 196, 220), (x - 18, y + 10, 36, 12))  # shadow
    for side in (-1, 1):  # poles
        pygame.draw.line(surface, (70, 70, 80), (body_x + side * 12, y - 6), (x + side * 24, y + 14), 2)
    pygame.draw.ellipse(surface, (30, 60, 140), (body_x - 13, y - 20, 26, 30))  # jacket
    pygame.draw.ellipse(surface, (250, 190, 60), (body_x - 11, y - 14, 22, 8))  # a stripe
    pygame.draw.circle(surface, (230, 60, 60), (round(body_x), round(y - 24)), 9)  # helmet
    pygame.draw.circle(surface, (255, 130, 130), (round(body_x - 3), round(y - 27)), 3)


def draw(level: Slalom, surface, frame: Frame, latest: Balance) -> None:
    s = slope(frame)
    area = s.area
    clip = surface.get_clip()
    surface.set_clip(area)
    here = level.distance
    tile = _snow((area.width, 240), (s.piste.left - area.left, s.piste.width))
    offset = round((here * s.px_per_m) % 240)
    for y in range(area.top - 240 + offset, area.bottom, 240):
        surface.blit(tile, (area.left, y))
    # tracks in the snow behind the skier
    track = [(s.x(side), s.y(d, here)) for d, side in level.trail if s.y(d, here) > s.skier_y - 4]
    if len(track) >= 2:
        for dx in (-7, 7):
            pygame.draw.lines(surface, (206, 218, 236), False, [(x + dx, y) for x, y in track] +
                              [(s.x(level.lateral) + dx, s.skier_y)], 3)
    # speed lines at the edges of the piste
    for j in range(math.floor(here / 4), math.floor(here / 4) + 18):
        y = s.y(j * 4.0, here)
        for x in (s.piste.left + 10, s.piste.right - 10):
            pygame.draw.line(surface, (214, 226, 240), (x, y), (x, y + 12 + 4 * level.params.lean_boost), 2)
    width = level.params.gate_half_width[level.step]
    for i, (at, centre) in enumerate(level.gates):
        y = s.y(at, here)
        if not area.top - 10 < y < area.bottom + 50:
            continue
        col = (220, 50, 60) if i % 2 else (40, 90, 210)
        _flag(surface, s.x(centre - width), y, col, 1)
        _flag(surface, s.x(centre + width), y, col, -1)
    _trees(surface, s, here)
    surface.set_clip(clip)
    view.side_panel(surface, frame, [(_("Time"), f"{format_number(level.t, 1)} s"), (_("Gates"), f"{level.passed}"),
                                     (_("Missed"), f"{level.missed}"), (_("Step"), f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, _("Slalom"))
    view.instruction(surface, frame, _("Lean through the gates, forward to go faster"))


def _lateral(level: Slalom, latest: Balance) -> float:
    """Where the smoothed balance point puts the skier across the piste (-1..1; what you see; the gates are
    judged on the raw balance point)."""
    if math.isnan(latest.fx) or level.neutral is None:
        return level.lateral
    dx = latest.fx - level.neutral[0]
    r = level.reach
    return max(-1.0, min(1.0, dx / (r.right if dx >= 0 else r.left)))


def marker(level: Slalom, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The skier, leaning into the turn, with the snow it sprays, and over it the flourish of a gate passed or the
    time a missed one costs."""
    s = slope(frame)
    clip = surface.get_clip()
    surface.set_clip(s.area)
    turn = 0.0
    if len(level.trail) >= 3:
        (d0, l0), (d1, l1) = level.trail[-3], level.trail[-1]
        turn = (l1 - l0) / max(1e-3, d1 - d0) * 8.0
    sx = s.x(_lateral(level, latest))
    drawn = pygame.Rect(round(sx) - 36, s.skier_y - 34, 72, 60)  # the skier, skis and poles (see _skier)
    if abs(turn) > 0.15:  # snow sprays out from the skis on the outside of a hard turn
        side = -1 if turn > 0 else 1
        for i in range(8):
            k = (level.t * 6 + i / 8) % 1.0
            px = sx + side * (10 + 40 * k) + math.sin(i * 2.3) * 6
            py = s.skier_y + 14 + 30 * k - 25 * k * k
            r = max(1, round(4 * (1 - k) * min(1.0, abs(turn))))
            drawn = drawn.union(pygame.draw.circle(surface, (255, 255, 255), (round(px), round(py)), r))
    _skier(surface, sx, s.skier_y, turn, level.t)
    for i, kind, when in level.passes:  # a gate's flourish, over the skier passing through it
        age = level.t - when
        if kind == "good":
            at, centre = level.gates[i]
            pos = (s.x(centre), s.y(at, level.distance) - 20)
            drawn = fx.union(drawn, fx.ring(surface, pos, age, "accent_light", grow=90),
                             fx.burst(surface, pos, age, seed=i, colours=("accent_light", "text", "gold"), n=16),
                             fx.float_text(surface, _("GATE!"), (pos[0], pos[1] - 30), age, "good", 40))
        else:
            drawn = fx.union(drawn, fx.float_text(surface, f"+{view.number(level.params.miss_penalty_s)} s", (sx, s.skier_y - 60),
                                                  age, "bad", 40))
    surface.set_clip(clip)
    return drawn.clip(s.area)
