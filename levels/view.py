"""Drawing shared by the level views (pygame): board-mm to screen, cursor, side panel, panels.

The level logic modules never import this; each mechanic's `<mechanic>_view.py` does. Nothing here keeps a
layout: every function is handed the Frame the game drew the level in (poise.api.Frame) and places what
it draws in that frame's panels (`frame.play`, `frame.side`, `frame.caption`).
"""
from __future__ import annotations

import math

import pygame

from poise.api import Arena, Frame, format_number, fx, pip, ui


class BoardView:
    """Maps board millimetres (x right, y toward the toes) into a screen rectangle, y up on screen."""

    def __init__(self, rect: pygame.Rect, half_x_mm: float, half_y_mm: float):
        self.rect = rect
        self.scale = min(rect.width / (2 * half_x_mm), rect.height / (2 * half_y_mm))
        self.centre = rect.center

    def px(self, x: float, y: float) -> tuple[int, int]:
        return round(self.centre[0] + x * self.scale), round(self.centre[1] - y * self.scale)

    def mm(self, length: float) -> int:
        return max(1, round(length * self.scale))

    def arena(self, origin: tuple[float, float] | None = None) -> Arena:
        """This view as an arena: board mm `origin` (what the view draws at its centre) under the mouse there."""
        r = self.rect
        return Arena((r.x, r.y, r.w, r.h), self.centre, origin or (0.0, 0.0), (self.scale,) * 4)

    def clamp(self, pos: tuple[int, int], margin: int = 12) -> tuple[int, int]:
        return (min(max(pos[0], self.rect.left + margin), self.rect.right - margin),
                min(max(pos[1], self.rect.top + margin), self.rect.bottom - margin))


def cursor(surface: pygame.Surface, pos: tuple[int, int], radius: int = 12) -> pygame.Rect:
    """The balance point as a dot with a dark rim; returns the area drawn on."""
    area = pygame.draw.circle(surface, ui.colour("ink"), pos, radius + 3)
    pygame.draw.circle(surface, ui.colour("cursor"), pos, radius)
    return area


def cop_cursor(surface, view: BoardView, latest, origin=(0.0, 0.0), glow: int = 0) -> pygame.Rect | None:
    """The display-filtered COP relative to `origin`, if anyone is on the board, in a soft glow `glow` px
    across (0: none); returns the area drawn on."""
    if math.isnan(latest.fx):
        return None
    pos = view.clamp(view.px(latest.fx - origin[0], latest.fy - origin[1]))
    halo = fx.glow(surface, pos, glow, "text") if glow else None
    return fx.union(halo, cursor(surface, pos))


def number(value: float) -> str:
    """A set number (a tempo, a time) as the player's language writes it, with a decimal only when it has one:
    24, 2.5 (2,5 in German)."""
    return format_number(value, 0 if float(value).is_integer() else 1)


def side_panel(surface: pygame.Surface, frame: Frame, rows: list[tuple[str, str]], progress: float, accent: str,
               title: str = "", pip_move: tuple[str, float] | None = None) -> None:
    """The side panel's contents: the level's title, a progress ring (its arc and its number both the share done)
    and labelled values; under them, when `pip_move` (move, share: poise.api.pip.draw_at) is given and there is
    room, Pip doing the movement in step with the guide."""
    side = frame.side
    if title:
        ui.fit_text(surface, title, side.width - 24, (side.centerx, side.top + 40), 34, accent, anchor="center",
                    bold=True)
    ui.ring_timer(surface, (side.centerx, side.top + 170), 85, progress, f"{round(100 * progress)}%", accent)
    y = side.top + 300
    for label, value in rows:
        y = max(y + 46, ui.label_value(surface, label, value, side.left + 28, side.right - 28, y, 28, value_size=30,
                                       bold=True) + 10)
    room = pygame.Rect(side.left + 20, y, side.width - 40, side.bottom - 12 - y)
    if pip_move is not None and room.height >= 100:
        pip.draw_at(surface, room, *pip_move)


def static_panels(surface: pygame.Surface, frame: Frame) -> None:
    """The play area and the side panel; the play area shows a calm practice room unless the level paints
    its own scene over it (levels/scenery.py)."""
    from . import scenery

    play, side, _ = frame.panels()
    ui.panel(surface, play, alpha=170)
    area = scene_area(frame)
    surface.blit(scenery.studio(area.size), area.topleft)
    ui.panel(surface, side, alpha=200)


def scene_area(frame: Frame) -> pygame.Rect:
    """Inside the play area's rounded border: where a level paints its scene."""
    return frame.play.inflate(-16, -16)


def instruction(surface: pygame.Surface, frame: Frame, text: str, col: str = "text") -> None:
    """What to do now, in the caption under the play area: as large as fits its width (never smaller than
    ui.MIN_TEXT)."""
    caption = frame.caption
    words, size = ui.fitted(text, caption.width - 16, 36, bold=True, smallest=26)
    ui.text(surface, words, caption.center, size, col, anchor="center", bold=True)


def feet(surface: pygame.Surface, centres: tuple[tuple[int, int], tuple[int, int]], scale: float, asked: str,
         detected: str | None) -> None:
    """The left and right foot as the board sees them: down or lifted from the detected stance (Balance.stance
    value), with a warning ring on a foot that is not as the level asks (`asked`: both, left or right)."""
    for side, centre in zip(("left", "right"), centres):
        want = "down" if asked in ("both", side) else "lifted"
        if detected in ("both", "left", "right"):
            state = "down" if detected in ("both", side) else "lifted"
        else:
            state = "idle"  # nobody on the board (or stepping on): nothing to show
        ui.foot(surface, centre, scale, side, state)
        if state != "idle" and state != want:
            ring = pygame.Rect(0, 0, 1.5 * scale, 3.0 * scale)
            ring.center = (round(centre[0]), round(centre[1] - 0.1 * scale))
            pygame.draw.ellipse(surface, ui.colour("warn"), ring, width=4)
