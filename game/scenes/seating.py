"""A seat's picture: a level drawn in one seat's part of the screen.

A level's view is laid out for a frame at least 1152 canvas px wide (docs/level-views.md); half the screen
is narrower. So each seat's level is drawn, exactly as it would be alone, into a picture of its own that is
1152 px wide and as tall as the seat's area at that width, and the picture is scaled into the area. The
balance point is drawn last, after one more poll of the board, into the picture and only the rectangles it
drew on are scaled across (late latching), as for one seat.
"""
from __future__ import annotations

import pygame

from poise.game.level.contract import Arena
from poise.game.media import ui
from poise.game.media.frame import Frame

WIDTH = 1152  # canvas px: the narrowest frame a level's view is laid out for


class SeatPicture:
    """The picture of one seat's level; `area` (x, y, w, h) on the canvas and the window's `scale` are handed in
    on every call, never kept."""

    def __init__(self):
        self.surface: pygame.Surface | None = None
        self._backdrop: tuple | None = None  # (key, surface)

    @staticmethod
    def geometry(area, scale: float) -> tuple[float, Frame]:
        """(k, frame): canvas px per picture px, and the frame the level draws in on the picture."""
        k = area[2] / WIDTH
        return k, Frame((0, 0, WIDTH, max(1, round(area[3] / k))), scale * k)

    def _prepare(self, level, area, scale) -> tuple[float, Frame]:
        k, frame = self.geometry(area, scale)
        key = (frame, type(level), id(level))
        if self._backdrop is None or self._backdrop[0] != key or ui.RECORDING is not None:
            backdrop = ui.background(frame.size).copy()
            level.draw_static(backdrop, frame)
            self._backdrop = (key, backdrop)
            self.surface = pygame.Surface(frame.size).convert() if pygame.display.get_surface() else \
                pygame.Surface(frame.size)
        return k, frame

    def draw(self, level, canvas: pygame.Surface, area, scale: float, latest, marker: bool) -> None:
        """The level in `area` of `canvas`; `marker`: its balance point too (else `draw_late` draws it)."""
        k, frame = self._prepare(level, area, scale)
        self.surface.blit(self._backdrop[1], (0, 0))
        level.draw(self.surface, frame, latest)
        if marker:
            level.draw_marker(self.surface, frame, latest)
        pygame.transform.smoothscale(self.surface, area[2:], canvas.subsurface(area))

    def draw_late(self, level, canvas: pygame.Surface, area, scale: float, latest) -> list[pygame.Rect]:
        """The balance point from the newest sample; returns the canvas rectangles changed."""
        k, frame = self._prepare(level, area, scale)
        out = []
        bounds = self.surface.get_rect()
        for rect in level.draw_marker(self.surface, frame, latest):
            rect = rect.inflate(4, 4).clip(bounds)
            if not rect.width or not rect.height:
                continue
            left, top = int(rect.left * k), int(rect.top * k)
            right, bottom = min(area[2], int(rect.right * k) + 1), min(area[3], int(rect.bottom * k) + 1)
            if right <= left or bottom <= top:
                continue
            target = pygame.Rect(area[0] + left, area[1] + top, right - left, bottom - top)
            pygame.transform.smoothscale(self.surface.subsurface(rect), target.size, canvas.subsurface(target))
            out.append(target)
        return out

    def arena(self, level, area, scale: float) -> Arena | None:
        """The level's arena on the canvas (for a mouse or a stick), or None."""
        k, frame = self.geometry(area, scale)
        inner = level.arena(frame)
        if inner is None:
            return None
        x, y, w, h = inner.rect
        return Arena((area[0] + x * k, area[1] + y * k, w * k, h * k),
                     (area[0] + inner.centre[0] * k, area[1] + inner.centre[1] * k), inner.origin,
                     tuple(s * k for s in inner.scale))
