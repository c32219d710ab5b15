"""Backdrops painted at run time for the level views (pygame): a starry night, a theatre stage, hills
under a morning sky, a garden pond. Each is drawn once per size (cached) and blitted into a level's
static backdrop, so it costs nothing per frame. Deterministic: the same picture every run."""
from __future__ import annotations

import functools
import math
import random

import pygame


def _vertical(img: pygame.Surface, top: tuple, bottom: tuple, y0: int = 0, y1: int | None = None) -> None:
    w, h = img.get_size()
    y1 = h if y1 is None else y1
    for y in range(y0, y1):
        k = (y - y0) / max(1, y1 - y0 - 1)
        pygame.draw.line(img, [round(a + (b - a) * k) for a, b in zip(top, bottom)], (0, y), (w, y))


@functools.lru_cache(maxsize=4)
def night_sky(size: tuple[int, int]) -> pygame.Surface:
    """Deep blue to violet, a scatter of stars of different brightness, a faint milky band and a moon."""
    w, h = size
    img = pygame.Surface(size)
    _vertical(img, (8, 12, 34), (40, 30, 72))
    rng = random.Random(11)
    band = pygame.Surface(size, pygame.SRCALPHA)
    for _ in range(140):
        x = rng.uniform(0, w)
        y = h * 0.75 - x * 0.5 + rng.gauss(0, 40)
        r = rng.uniform(20, 60)
        pygame.draw.circle(band, (150, 140, 200, 6), (round(x), round(y)), round(r))
    img.blit(band, (0, 0))
    for _ in range(260):
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        b = rng.random()
        col = (round(180 + 75 * b), round(180 + 75 * b), round(200 + 55 * b))
        pygame.draw.circle(img, col, (round(x), round(y)), 1 if b < 0.85 else 2)
    mx, my, mr = round(w * 0.86), round(h * 0.16), max(12, round(min(w, h) * 0.06))
    for r in range(mr * 3, mr, -4):
        pygame.draw.circle(img, (40 + 4 * (3 * mr - r) // 4, 40 + 4 * (3 * mr - r) // 4, 80), (mx, my), r)
    pygame.draw.circle(img, (240, 236, 214), (mx, my), mr)
    pygame.draw.circle(img, (214, 208, 184), (mx - mr // 3, my + mr // 4), mr // 4)
    pygame.draw.circle(img, (222, 216, 192), (mx + mr // 3, my - mr // 3), mr // 6)
    return img


@functools.lru_cache(maxsize=4)
def stage(size: tuple[int, int]) -> pygame.Surface:
    """A small theatre: red curtains drawn to the sides with their folds, a wooden floor, warm footlights."""
    w, h = size
    img = pygame.Surface(size)
    _vertical(img, (24, 14, 20), (46, 24, 30))
    floor = round(h * 0.78)
    _vertical(img, (120, 78, 46), (70, 44, 28), floor, h)
    for x in range(0, w, 46):
        pygame.draw.line(img, (62, 38, 24), (x, floor), (x - (x - w / 2) * 0.2, h), 2)
    for side in (0, 1):
        for i in range(9):
            x0 = (i * w * 0.018) if side == 0 else w - (i + 1) * w * 0.018
            shade = 120 + 60 * (i % 2)
            pygame.draw.rect(img, (shade, 18, 30), (x0, 0, w * 0.018 + 1, floor))
    pygame.draw.rect(img, (150, 20, 34), (0, 0, w, h * 0.09))
    for i in range(0, w, 40):
        pygame.draw.circle(img, (130, 16, 28), (i + 20, round(h * 0.09)), 20)
    glow = pygame.Surface(size, pygame.SRCALPHA)
    for i in range(6):
        x = w * (0.15 + 0.14 * i)
        for r in range(70, 0, -7):
            pygame.draw.ellipse(glow, (255, 210, 140, round(18 * (1 - r / 70))), (x - r, floor - r * 0.5, 2 * r, r))
    img.blit(glow, (0, 0))
    return img


@functools.lru_cache(maxsize=4)
def hills(size: tuple[int, int]) -> pygame.Surface:
    """A morning sky with soft clouds over rolling green hills."""
    w, h = size
    img = pygame.Surface(size)
    _vertical(img, (120, 178, 230), (226, 236, 240))
    rng = random.Random(21)
    for _ in range(7):
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.08, h * 0.5)
        for _ in range(6):
            r = rng.uniform(18, 40)
            pygame.draw.circle(img, (250, 252, 255), (round(cx + rng.uniform(-50, 50)), round(cy + rng.uniform(-10, 10))),
                               round(r))
    for k, (col, base, amp, freq) in enumerate((((122, 176, 104), 0.66, 0.06, 1.6), ((98, 160, 84), 0.75, 0.05, 2.3),
                                                 ((78, 140, 70), 0.86, 0.04, 3.1))):
        pts = [(0, h)] + [(x, h * base - h * amp * math.sin(x / w * math.pi * freq + k)) for x in range(0, w + 8, 8)] + [(w, h)]
        pygame.draw.polygon(img, col, pts)
    return img


@functools.lru_cache(maxsize=4)
def pond(size: tuple[int, int], centre: tuple[int, int], radius: int) -> pygame.Surface:
    """Grass around a round garden pond: deep water in the middle, a shallow rim, pebbles and reeds."""
    w, h = size
    img = pygame.Surface(size)
    img.fill((90, 150, 78))
    rng = random.Random(9)
    for _ in range(200):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(6, 20)
        pygame.draw.ellipse(img, rng.choice([(82, 142, 70), (100, 160, 84)]), (x - r, y - r * 0.6, 2 * r, 1.2 * r))
    cx, cy = centre
    pygame.draw.circle(img, (150, 140, 120), centre, radius + 26)
    for a in range(0, 360, 9):  # pebbles round the edge
        x = cx + (radius + 22) * math.cos(math.radians(a))
        y = cy + (radius + 22) * math.sin(math.radians(a))
        pygame.draw.circle(img, rng.choice([(170, 160, 140), (130, 122, 108), (190, 182, 164)]), (round(x), round(y)),
                           rng.randint(5, 9))
    for r in range(radius + 12, 0, -6):
        k = r / (radius + 12)
        pygame.draw.circle(img, (round(40 + 50 * k), round(90 + 60 * k), round(130 + 50 * k)), centre, r)
    return img


@functools.lru_cache(maxsize=4)
def studio(size: tuple[int, int]) -> pygame.Surface:
    """A calm, dim practice room: a wall lit softly from above, a barre along it, a wooden floor.
    Dark enough that every level's own marks read on it."""
    w, h = size
    img = pygame.Surface(size)
    floor = round(h * 0.8)
    _vertical(img, (22, 38, 58), (30, 48, 70), 0, floor)
    _vertical(img, (58, 44, 38), (40, 30, 28), floor, h)
    for x in range(-w, 2 * w, 60):  # floorboards toward you
        pygame.draw.line(img, (48, 36, 32), (w / 2 + (x - w / 2) * 0.55, floor), (x, h), 2)
    pygame.draw.line(img, (70, 56, 48), (0, floor), (w, floor), 3)
    light = pygame.Surface(size, pygame.SRCALPHA)
    for r in range(round(w * 0.45), 0, -12):
        pygame.draw.ellipse(light, (150, 190, 230, round(14 * (1 - r / (w * 0.45)))), (w / 2 - r, -r * 0.35, 2 * r, r))
    img.blit(light, (0, 0))
    pygame.draw.line(img, (44, 62, 86), (0, round(h * 0.46)), (w, round(h * 0.46)), 6)  # a barre along the wall
    for x in (round(w * 0.08), round(w * 0.92)):
        pygame.draw.line(img, (44, 62, 86), (x, round(h * 0.46)), (x, floor), 4)
    return img


@functools.lru_cache(maxsize=4)
def zen(size: tuple[int, int], centre: tuple[int, int]) -> pygame.Surface:
    """A moonlit stone garden seen from above: raked gravel in rings round the middle, a few stones and moss."""
    w, h = size
    img = pygame.Surface(size)
    img.fill((40, 44, 52))
    rng = random.Random(17)
    for _ in range(1400):  # gravel
        x, y = rng.uniform(0, w), rng.uniform(0, h)
        v = rng.randint(46, 66)
        img.set_at((round(x) % w, round(y) % h), (v, v + 2, v + 8))
    for r in range(30, max(w, h), 16):  # the rake's rings
        pygame.draw.circle(img, (56, 60, 70), centre, r, 2)
    for x, y, r in ((0.1, 0.2, 30), (0.9, 0.78, 40), (0.85, 0.15, 22), (0.12, 0.85, 26)):
        cx, cy = round(w * x), round(h * y)
        for k in range(3):  # rings round each stone
            pygame.draw.circle(img, (40, 44, 52), (cx, cy), r + 10 + 14 * k + 4, 6)
            pygame.draw.circle(img, (58, 62, 72), (cx, cy), r + 10 + 14 * k, 2)
        pygame.draw.ellipse(img, (30, 32, 38), (cx - r + 6, cy - r * 0.6 + 8, 2 * r, 1.3 * r))
        pygame.draw.ellipse(img, (96, 98, 104), (cx - r, cy - r * 0.7, 2 * r, 1.3 * r))
        pygame.draw.ellipse(img, (60, 92, 60), (cx - r * 0.7, cy - r * 0.7, r, r * 0.5))
    return img
