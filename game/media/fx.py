"""Juice: particles, flourishes and floating text, drawn from the time since an event.

Every effect here is a pure function of (where, how long ago, a seed): no particle lists to keep, so
a view that only reads the level can still show a burst that flies and fades, and it looks the same
at 30 or 144 frames a second.
"""
from __future__ import annotations

import functools
import math
import random

import pygame

from poise.game.media import ui

GRAVITY = 900.0  # px/s^2 for falling sparks


@functools.lru_cache(maxsize=256)
def _sparks(seed: int, n: int) -> tuple[tuple[float, float, float, float], ...]:
    """(angle, speed 0..1, size 0..1, spin) per particle, the same for a seed every time."""
    rng = random.Random(seed)
    return tuple((rng.uniform(0, 2 * math.pi), rng.uniform(0.35, 1.0), rng.uniform(0.4, 1.0), rng.uniform(-1, 1))
                 for _ in range(n))


def burst(surface: pygame.Surface, origin: tuple[float, float], age: float, seed: int,
          colours: tuple = ("gold", "accent_light", "text"), n: int = 18, speed: float = 320.0,
          life: float = 0.7, size: float = 7.0, gravity: float = GRAVITY) -> pygame.Rect | None:
    """Sparks flying out from `origin` `age` seconds after the event, slowing, falling and fading; returns the
    area drawn on (None: the burst is over)."""
    if age < 0 or age > life:
        return None
    k = age / life
    dots = []
    fade = (1 - k) ** 1.5
    for i, (a, sp, sz, _) in enumerate(_sparks(seed, n)):
        v = speed * sp
        drag = (1 - math.exp(-3.0 * age)) / 3.0  # distance travelled with air drag
        x = origin[0] + math.cos(a) * v * drag
        y = origin[1] + math.sin(a) * v * drag + 0.5 * gravity * age * age * 0.5
        col = colours[i % len(colours)]
        rgb = ui.colour(col) if isinstance(col, str) else col
        r = max(1, round(size * sz * (1 - 0.6 * k)))
        dots.append(_dot(surface, rgb, (x, y), r, round(255 * fade)))
    return union(*dots)


def _dot(surface: pygame.Surface, rgb, pos, r: int, alpha: int) -> pygame.Rect:
    if alpha >= 250:
        return pygame.draw.circle(surface, rgb, (round(pos[0]), round(pos[1])), r)
    img = _disc(tuple(rgb), r)
    img.set_alpha(alpha)
    return surface.blit(img, (round(pos[0]) - r, round(pos[1]) - r))


@functools.lru_cache(maxsize=512)
def _disc(rgb: tuple, r: int) -> pygame.Surface:
    img = pygame.Surface((2 * r + 1, 2 * r + 1), pygame.SRCALPHA)
    pygame.draw.circle(img, (*rgb, 255), (r, r), r)
    return img


def ring(surface: pygame.Surface, centre: tuple[float, float], age: float, colour="gold", start: float = 10.0,
         grow: float = 160.0, life: float = 0.45, width: int = 5) -> pygame.Rect | None:
    """A ring that spreads out and fades: a flourish on a hit; returns the area drawn on (None: over)."""
    if age < 0 or age > life:
        return None
    k = age / life
    r = start + grow * (1 - (1 - k) ** 2)
    rgb = ui.colour(colour) if isinstance(colour, str) else colour
    size = int(2 * r + 2 * width + 2)
    layer = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(layer, (*rgb, round(230 * (1 - k))), (size // 2, size // 2), round(r),
                       max(1, round(width * (1 - 0.5 * k))))
    return surface.blit(layer, (round(centre[0]) - size // 2, round(centre[1]) - size // 2))


def float_text(surface: pygame.Surface, text: str, pos: tuple[float, float], age: float, colour="gold",
               size: int = 40, rise: float = 70.0, life: float = 0.9) -> pygame.Rect | None:
    """Text that pops up, drifts upward and fades ("+1", "GATE!"); returns the area drawn on (None: gone)."""
    if age < 0 or age > life:
        return None
    k = age / life
    scale = 1.0 + 0.35 * max(0.0, 1 - age / 0.12)  # a quick pop as it appears
    alpha = round(255 * min(1.0, (1 - k) * 2.5))
    return ui.text(surface, text, (pos[0], pos[1] - rise * (1 - (1 - k) ** 2)), round(size * scale), colour,
                   anchor="center", bold=True, alpha=alpha)


def twinkle(surface: pygame.Surface, centre: tuple[float, float], t: float, radius: float, colour="gold",
            seed: int = 0) -> None:
    """A four-pointed star that breathes and turns slowly (a collectible)."""
    rgb = ui.colour(colour) if isinstance(colour, str) else colour
    phase = t * 3.0 + seed
    r = radius * (0.8 + 0.2 * math.sin(phase))
    a0 = 0.4 * math.sin(phase * 0.5)
    pts = []
    for i in range(8):
        rr = r if i % 2 == 0 else r * 0.32
        a = a0 + i * math.pi / 4
        pts.append((centre[0] + rr * math.cos(a), centre[1] + rr * math.sin(a)))
    glow = _glow(tuple(rgb), max(2, round(radius * 1.6)))
    surface.blit(glow, (round(centre[0]) - glow.get_width() // 2, round(centre[1]) - glow.get_height() // 2))
    pygame.draw.polygon(surface, rgb, pts)
    pygame.draw.circle(surface, (255, 255, 240), (round(centre[0]), round(centre[1])), max(1, round(r * 0.22)))


@functools.lru_cache(maxsize=64)
def _glow(rgb: tuple, r: int) -> pygame.Surface:
    """A soft round glow (alpha falling off from the middle)."""
    img = pygame.Surface((2 * r + 1, 2 * r + 1), pygame.SRCALPHA)
    for i in range(r, 0, -max(1, r // 8)):
        a = round(70 * (1 - i / r) ** 1.5)
        pygame.draw.circle(img, (*rgb, a), (r, r), i)
    return img


def glow(surface: pygame.Surface, centre: tuple[float, float], radius: int, colour="gold") -> pygame.Rect:
    rgb = ui.colour(colour) if isinstance(colour, str) else colour
    img = _glow(tuple(rgb), max(2, int(radius)))
    return surface.blit(img, (round(centre[0]) - img.get_width() // 2, round(centre[1]) - img.get_height() // 2))


def polygon_alpha(surface: pygame.Surface, rgba: tuple, points) -> pygame.Rect | None:
    """A see-through filled polygon, drawn through a layer only as big as the polygon (cheap); returns the area
    drawn on."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, top = int(min(xs)) - 1, int(min(ys)) - 1
    w, h = int(max(xs)) - left + 2, int(max(ys)) - top + 2
    if w <= 0 or h <= 0:
        return None
    layer = pygame.Surface((w, h), pygame.SRCALPHA)
    pygame.draw.polygon(layer, rgba, [(x - left, y - top) for x, y in points])
    return surface.blit(layer, (left, top))


def shake(age: float, amount: float = 8.0, life: float = 0.3, seed: int = 0) -> tuple[int, int]:
    """A screen-shake offset that dies away (a boot to the head)."""
    if age < 0 or age > life:
        return 0, 0
    k = 1 - age / life
    return (round(amount * k * math.sin(age * 70 + seed)), round(amount * k * math.cos(age * 53 + 2 * seed)))


def union(*areas: pygame.Rect | None) -> pygame.Rect | None:
    """The smallest rectangle holding every area given (None ones left out); None when there are none."""
    drawn = [a for a in areas if a is not None]
    return drawn[0].unionall(drawn[1:]) if drawn else None
