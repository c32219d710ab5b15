"""Drawing for the bubble river (pygame): a river winding through a meadow seen from above, reeds,
stones and trees sliding by as you float, sparkles on the water and your soap bubble. Reads the
level, never changes it."""
from __future__ import annotations

import functools
import math
import random

import pygame

from poise.api import _, Arena, Balance, format_number, Frame, fx

from . import view
from .bubble_river import BUBBLE_RADIUS, SPARKLE_REACH, BubbleRiver

AHEAD_M, BEHIND_M = 22.0, 7.0
STEP_M = 0.5
DECOR_M = 2.5  # a bank decoration every this many metres (each side)


class River:
    """Metres and reach fractions to screen pixels."""

    def __init__(self, area: pygame.Rect):
        self.area = area
        self.bubble_y = area.bottom - 0.24 * area.height
        self.px_per_m = (self.bubble_y - area.top) / AHEAD_M
        self.cx = area.centerx
        self.half_range = 0.42 * area.width

    def x(self, lane: float) -> float:
        return self.cx + lane * self.half_range

    def y(self, s: float, here: float) -> float:
        return self.bubble_y - (s - here) * self.px_per_m


def river(frame: Frame) -> River:
    return River(frame.play.inflate(-24, -24))


def arena(level: BubbleRiver, frame: Frame) -> Arena:
    """Across the meadow is the side-to-side lean (the river's own scale); up the river, leaning forward."""
    rv = river(frame)
    r = level.reach
    a = rv.area
    side = rv.half_range
    ahead = (rv.bubble_y - a.top) / r.forward
    return Arena((a.x, a.y, a.w, a.h), (rv.cx, rv.bubble_y), level.neutral or (0.0, 0.0),
                 (side / r.right, side / r.left, ahead, ahead))


def draw_static(level: BubbleRiver, surface, frame: Frame) -> None:
    view.static_panels(surface, frame)


@functools.lru_cache(maxsize=4)
def _meadow(size: tuple[int, int]) -> pygame.Surface:
    """A grass tile that repeats down the screen: mottled greens, blades and a few flowers."""
    w, h = size
    img = pygame.Surface((w, h))
    img.fill((86, 150, 72))
    rng = random.Random(3)
    for _n in range(260):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(6, 22)
        shade = rng.choice([(78, 140, 66), (96, 160, 78), (72, 132, 60)])
        pygame.draw.ellipse(img, shade, (x - r, y - r * 0.6, 2 * r, 1.2 * r))
    for _n in range(500):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        pygame.draw.line(img, (60, 118, 52), (x, y), (x + rng.uniform(-2, 2), y - rng.uniform(3, 7)), 1)
    for _n in range(40):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        col = rng.choice([(250, 240, 120), (250, 250, 250), (240, 160, 200)])
        for a in range(5):
            pygame.draw.circle(img, col, (round(x + 2.5 * math.cos(a * 1.26)), round(y + 2.5 * math.sin(a * 1.26))), 2)
        pygame.draw.circle(img, (250, 200, 60), (round(x), round(y)), 1)
    return img


def _decor(surface, rv: River, level: BubbleRiver, here: float) -> None:
    """Reeds, stones and trees along both banks, placed per stretch of river so they stay put as it slides by."""
    hw = level.half_width
    first = math.floor((here - BEHIND_M) / DECOR_M)
    last = math.ceil((here + AHEAD_M) / DECOR_M)
    trees = []
    for j in range(first, last + 1):
        rng = random.Random(j * 7919 + level.step)
        for side in (-1, 1):
            s = j * DECOR_M + rng.uniform(0, DECOR_M)
            y = rv.y(s, here)
            edge = level.centre(s) + side * hw
            kind = rng.random()
            if kind < 0.45:  # reeds at the water's edge
                x = rv.x(edge + side * rng.uniform(0.0, 0.03))
                for k in range(5):
                    dx = (k - 2) * 3
                    top = (x + dx + rng.uniform(-4, 4), y - rng.uniform(14, 26))
                    pygame.draw.line(surface, (60, 110, 50), (x + dx, y), top, 2)
                    if k % 2 == 0:
                        pygame.draw.ellipse(surface, (110, 72, 40), (top[0] - 2, top[1] - 2, 5, 10))
            elif kind < 0.7:  # a stone half in the grass
                x = rv.x(edge + side * rng.uniform(0.02, 0.08))
                r = rng.uniform(6, 12)
                pygame.draw.ellipse(surface, (118, 118, 110), (x - r, y - r * 0.7, 2 * r, 1.4 * r))
                pygame.draw.ellipse(surface, (150, 150, 140), (x - r * 0.6, y - r * 0.6, r, r * 0.6))
            elif kind < 0.92:  # a tree back from the bank: drawn last, over everything low
                trees.append((rv.x(edge + side * rng.uniform(0.14, 0.34)), y, rng.uniform(24, 38), rng.random()))
    for x, y, r, tone in trees:
        shadow = pygame.Rect(0, 0, 2.2 * r, 1.2 * r)
        shadow.center = (round(x + 0.45 * r), round(y + 0.5 * r))
        pygame.draw.ellipse(surface, (58, 104, 50), shadow)
        dark = (28, 84, 40) if tone < 0.6 else (70, 96, 36)  # most green, some autumn-olive
        light = (52, 128, 56) if tone < 0.6 else (118, 140, 52)
        for i, (dx, dy, k) in enumerate(((-0.35, 0.1, 0.7), (0.35, 0.15, 0.7), (0.0, -0.25, 0.75), (0, 0.05, 0.85))):
            pygame.draw.circle(surface, dark, (round(x + dx * r), round(y + dy * r)), round(k * r))
        pygame.draw.circle(surface, light, (round(x - 0.25 * r), round(y - 0.3 * r)), round(0.45 * r))
        pygame.draw.circle(surface, (150, 190, 110), (round(x - 0.35 * r), round(y - 0.42 * r)), round(0.15 * r))


def draw(level: BubbleRiver, surface, frame: Frame, latest: Balance) -> None:
    rv = river(frame)
    area = rv.area
    clip = surface.get_clip()
    surface.set_clip(area)
    here = level.distance
    tile = _meadow((area.width, 256))
    offset = round((here * rv.px_per_m) % 256)
    for y in range(area.top - 256 + offset, area.bottom, 256):
        surface.blit(tile, (area.left, y))
    # the river: banks of mud, then water with a lighter middle
    ss = [here - BEHIND_M + i * STEP_M for i in range(int((AHEAD_M + BEHIND_M) / STEP_M) + 2)]
    hw = level.half_width
    line = [(level.centre(s), rv.y(s, here)) for s in ss]
    left = [(rv.x(c - hw), y) for c, y in line]
    right = [(rv.x(c + hw), y) for c, y in line]
    mud = [(x - 7, y) for x, y in left] + [(x + 7, y) for x, y in reversed(right)]
    pygame.draw.polygon(surface, (128, 104, 70), mud)
    pygame.draw.polygon(surface, (52, 116, 178), left + right[::-1])
    mid = [(rv.x(c - 0.45 * hw), y) for c, y in line] + [(rv.x(c + 0.45 * hw), y) for c, y in reversed(line)]
    pygame.draw.polygon(surface, (70, 138, 198), mid)
    # the water's flow: streaks fixed on the river, so they slide by as fast as you float
    for j in range(math.floor((here - BEHIND_M) / 1.6), math.ceil((here + AHEAD_M) / 1.6)):
        rng = random.Random(j * 31)
        s = j * 1.6 + rng.uniform(0, 1.6)
        lane = level.centre(s) + rng.uniform(-0.8, 0.8) * hw
        x, y = rv.x(lane), rv.y(s, here)
        length = 10 + 5 * level.speed
        pygame.draw.line(surface, (150, 200, 236), (x, y), (x, y + length), 2)
    _decor(surface, rv, level, here)
    for i, (s, lane) in enumerate(level.sparkles):
        y = rv.y(s, here)
        if i in level.collected:
            age = level.t - level.collected[i]
            fx.burst(surface, (rv.x(lane), rv.bubble_y - 10), age, seed=i + 100, n=14, speed=220)
            fx.float_text(surface, f"-{format_number(0.5, 1)} s", (rv.x(lane), rv.bubble_y - 40), age, "gold", 34)
        elif area.top - 20 < y < area.bottom + 20:
            fx.twinkle(surface, (rv.x(lane), y), level.t, SPARKLE_REACH * rv.half_range * 0.9, "gold", seed=i)
    # the trail of little bubbles it leaves, then the bubble
    for k, (s, lane) in enumerate(level.trail):
        y = rv.y(s, here) + 8
        if y > rv.bubble_y + 6:
            r = 2 + k // 2
            pygame.draw.circle(surface, (210, 235, 250), (round(rv.x(lane)), round(y)), r, 1)
    surface.set_clip(clip)
    view.side_panel(surface, frame, [(_("Time"), f"{format_number(level.t, 1)} s"), (_("Pops"), f"{level.pops}"),
                                     (_("Sparkles"), f"{len(level.collected)} / {len(level.sparkles)}"),
                                     (_("Speed"), f"{format_number(level.speed, 1)} m/s"), (_("Step"), f"{level.step + 1} / {level.steps}")],
                    level.progress, level.accent, _("Bubble river"))
    view.instruction(surface, frame, _("Steer down the middle; lean forward to float faster"))


def _side(level: BubbleRiver, latest: Balance) -> float:
    """Where the smoothed cursor puts the bubble across the river (what you see; the score uses the raw point)."""
    dx = latest.fx - level.neutral[0]
    r = level.reach
    return max(-1.3, min(1.3, dx / (r.right if dx >= 0 else r.left)))


def _bubble(surface, centre, radius: float, t: float, alpha: int) -> pygame.Rect:
    r = max(2, round(radius * (1 + 0.04 * math.sin(t * 5))))
    img = _bubble_image(r)
    img.set_alpha(alpha)
    return surface.blit(img, (round(centre[0]) - img.get_width() // 2, round(centre[1]) - img.get_height() // 2))


@functools.lru_cache(maxsize=64)
def _bubble_image(r: int) -> pygame.Surface:
    """A soap bubble: clear, a rainbow-tinted rim, a bright window highlight and a soft shadow."""
    size = 2 * r + 12
    img = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size // 2
    pygame.draw.circle(img, (20, 60, 90, 60), (c + 5, c + 7), r)  # shadow on the water
    pygame.draw.circle(img, (220, 240, 255, 70), (c, c), r)
    for i, col in enumerate(((255, 120, 200), (120, 220, 255), (180, 255, 160))):
        rect = pygame.Rect(0, 0, 2 * r - 2 * i, 2 * r - 2 * i)
        rect.center = (c, c)
        pygame.draw.arc(img, (*col, 150), rect, 0.6 + i, 2.6 + i, 3)
    pygame.draw.circle(img, (255, 255, 255, 200), (c, c), r, 2)
    pygame.draw.ellipse(img, (255, 255, 255, 220), (c - r * 0.55, c - r * 0.6, r * 0.45, r * 0.3))
    pygame.draw.circle(img, (255, 255, 255, 180), (round(c + r * 0.4), round(c + r * 0.45)), max(1, r // 8))
    return img


def marker(level: BubbleRiver, surface, frame: Frame, latest: Balance) -> pygame.Rect | None:
    """The bubble, where the smoothed balance point puts it across the river; popping and forming again."""
    rv = river(frame)
    clip = surface.get_clip()
    surface.set_clip(rv.area)
    bx = rv.x(level.lateral) if math.isnan(latest.fx) or level.neutral is None else rv.x(_side(level, latest))
    radius = BUBBLE_RADIUS * rv.half_range * 1.6
    if level.forming:
        age = level.t - level.popped_at
        drawn = fx.union(
            fx.ring(surface, (bx, rv.bubble_y), age, (220, 240, 255), start=radius, grow=60, life=0.4),
            fx.burst(surface, (bx, rv.bubble_y), age, seed=level.pops, colours=((200, 230, 255), (255, 255, 255)),
                     n=16, speed=260, life=0.6, size=4),
            fx.float_text(surface, _("POP!"), (bx, rv.bubble_y - 50), age, "bad", 46))
        grow = max(0.0, (age - 0.6) / max(0.1, level.params.pop_s - 0.6))
        if grow > 0:
            drawn = fx.union(drawn, _bubble(surface, (bx, rv.bubble_y), radius * grow, level.t, 120))
    else:
        blink = level.t < level.grace_until and int(level.t * 8) % 2 == 0
        drawn = _bubble(surface, (bx, rv.bubble_y), radius, level.t, 110 if blink else 255)
    surface.set_clip(clip)
    return drawn
