"""Drawing helpers shared by every screen: palette, fonts, panels, text, buttons, stars.

Everything reads state and draws; nothing here changes the game.
"""
from __future__ import annotations

import functools
import math
import tomllib

import pygame

from poise import assets
WIDTH, HEIGHT = 1280, 720


@functools.cache
def palette() -> dict[str, tuple[int, int, int]]:
    data = tomllib.loads(assets.path("theme.toml").read_text(encoding="utf-8"))
    return {name: tuple(int(value[i:i + 2], 16) for i in (1, 3, 5)) for name, value in data["colours"].items()}


def colour(name: str) -> tuple[int, int, int]:
    return palette()[name]


@functools.cache
def font(size: int, bold: bool = False) -> pygame.font.Font:
    f = pygame.font.Font(None, size)
    f.set_bold(bold)
    return f


@functools.cache
def background(size: tuple[int, int], top: str = "bg_top", bottom: str = "bg_bottom") -> pygame.Surface:
    """A vertical gradient, drawn once per size."""
    w, h = size
    surf = pygame.Surface(size)
    a, b = colour(top), colour(bottom)
    for y in range(h):
        k = y / max(1, h - 1)
        pygame.draw.line(surf, [round(a[i] + (b[i] - a[i]) * k) for i in range(3)], (0, y), (w, y))
    return surf


def text(surface: pygame.Surface, content: str, pos: tuple[float, float], size: int = 32,
         col: str | tuple = "text", anchor: str = "topleft", bold: bool = False, alpha: int = 255) -> pygame.Rect:
    rgb = colour(col) if isinstance(col, str) else col
    img = _render(content, size, bold, rgb)
    if alpha < 255:
        img = img.copy()
        img.set_alpha(alpha)
    rect = img.get_rect(**{anchor: (round(pos[0]), round(pos[1]))})
    surface.blit(img, rect)
    return rect


@functools.lru_cache(maxsize=512)
def _render(content: str, size: int, bold: bool, rgb: tuple) -> pygame.Surface:
    return font(size, bold).render(content, True, rgb)


def wrapped(surface: pygame.Surface, content: str, rect: pygame.Rect, size: int = 30, col: str = "text",
            line_gap: float = 1.25) -> int:
    """Word-wrapped paragraph(s) inside `rect`; returns the y below the last line."""
    f = font(size)
    y = rect.top
    for paragraph in content.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] > rect.width and line:
                text(surface, line, (rect.left, y), size, col)
                y += round(size * line_gap * 0.75)
                line = word
            else:
                line = trial
        text(surface, line, (rect.left, y), size, col)
        y += round(size * line_gap * 0.75) + 6
    return y


def panel(surface: pygame.Surface, rect: pygame.Rect, col: str = "panel", radius: int = 18,
          border: str | None = "panel_edge", alpha: int = 235) -> None:
    layer = pygame.Surface(rect.size, pygame.SRCALPHA)
    pygame.draw.rect(layer, (*colour(col), alpha), layer.get_rect(), border_radius=radius)
    if border:
        pygame.draw.rect(layer, (*colour(border), 255), layer.get_rect(), width=2, border_radius=radius)
    surface.blit(layer, rect)


def button(surface: pygame.Surface, rect: pygame.Rect, label: str, selected: bool, size: int = 36) -> None:
    panel(surface, rect, "accent" if selected else "panel", radius=14,
          border="accent_light" if selected else "panel_edge", alpha=255 if selected else 200)
    text(surface, label, rect.center, size, "ink" if selected else "text", anchor="center", bold=selected)


def star(surface: pygame.Surface, centre: tuple[float, float], radius: float, filled: bool) -> None:
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    if filled:
        pygame.draw.polygon(surface, colour("gold"), points)
    pygame.draw.polygon(surface, colour("gold"), points, width=3)


def glow_circle(surface: pygame.Surface, col: tuple[int, int, int], centre: tuple[float, float], radius: float,
                width: int = 4, glow: int = 14) -> None:
    """A ring with a soft halo, for targets."""
    layer = _glow_layer(tuple(col), int(radius), width, glow)
    c = layer.get_width() // 2
    surface.blit(layer, (round(centre[0]) - c, round(centre[1]) - c))


@functools.lru_cache(maxsize=64)
def _glow_layer(col: tuple[int, int, int], radius: int, width: int, glow: int) -> pygame.Surface:
    size = int(2 * (radius + glow + 2))
    layer = pygame.Surface((size, size), pygame.SRCALPHA)
    c = size // 2
    for i in range(glow, 0, -3):
        pygame.draw.circle(layer, (*col, int(60 * (1 - i / glow)) + 8), (c, c), int(radius + i / 2), width=3)
    pygame.draw.circle(layer, (*col, 60), (c, c), radius)
    pygame.draw.circle(layer, (*col, 255), (c, c), radius, width=width)
    return layer


def ring_timer(surface: pygame.Surface, centre: tuple[float, float], radius: float, fraction: float,
               label: str, col: str = "accent") -> None:
    """A countdown ring: the arc left shows the time left."""
    rect = pygame.Rect(0, 0, 2 * radius, 2 * radius)
    rect.center = (round(centre[0]), round(centre[1]))
    pygame.draw.circle(surface, colour("panel_edge"), rect.center, int(radius), width=10)
    if fraction > 0:
        start = math.pi / 2
        pygame.draw.arc(surface, colour(col), rect, start, start + 2 * math.pi * min(1.0, fraction), width=10)
    text(surface, label, rect.center, int(radius * 0.9), "text", anchor="center", bold=True)


def bar(surface: pygame.Surface, rect: pygame.Rect, fraction: float, col: str = "good") -> None:
    pygame.draw.rect(surface, colour("panel_edge"), rect, border_radius=rect.height // 2)
    fill = rect.copy()
    fill.width = max(rect.height, round(rect.width * min(1.0, max(0.0, fraction))))
    if fraction > 0:
        pygame.draw.rect(surface, colour(col), fill, border_radius=rect.height // 2)


def foot(surface: pygame.Surface, centre: tuple[float, float], scale: float, side: str, state: str) -> None:
    """A footprint seen from above; state is 'down', 'lifted' or 'idle'."""
    col = {"down": colour("accent"), "lifted": colour("panel_edge"), "idle": colour("muted")}[state]
    cx, cy = centre
    sole = pygame.Rect(0, 0, 0.9 * scale, 2.2 * scale)
    sole.center = (round(cx), round(cy + 0.25 * scale))
    pygame.draw.ellipse(surface, col, sole)
    inner = 1 if side == "left" else -1  # the big toe is on the inner side
    toes = ((0.26, -1.0, 0.17), (0.04, -1.06, 0.12), (-0.13, -1.02, 0.11), (-0.27, -0.93, 0.1), (-0.38, -0.8, 0.09))
    for dx, dy, r in toes:
        pygame.draw.circle(surface, col, (round(cx + dx * scale * inner), round(cy + dy * scale)), max(2, round(r * scale)))
    if state == "lifted":
        pygame.draw.ellipse(surface, colour("text"), sole, width=2)


def top_bar(surface: pygame.Surface, title: str, right: str, simulated: bool) -> None:
    pygame.draw.rect(surface, colour("bar"), (0, 0, WIDTH, 64))
    text(surface, title, (32, 32), 42, "text", anchor="midleft", bold=True)
    x = WIDTH - 32
    r = text(surface, right, (x, 32), 28, "muted", anchor="midright")
    if simulated:
        badge = pygame.Rect(0, 0, 200, 36)
        badge.midright = (r.left - 20, 32)
        panel(surface, badge, "warn", radius=18, border=None, alpha=255)
        text(surface, "simulated board", badge.center, 26, "ink", anchor="center", bold=True)
