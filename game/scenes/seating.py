"""A seat's picture: a level drawn in one seat's part of the screen.

A level's view is laid out for a frame at least 1152 canvas px wide (docs/level-views.md); half the screen
is narrower. So each seat's level is drawn, exactly as it would be alone, into a picture of its own that is
1152 px wide and as tall as the seat's area at that width, and the picture is scaled into the area: straight
onto the window when the canvas is scaled in software (game.engine.display.Direct: one scaling, not two),
else onto the canvas. The balance point is drawn last, after one more poll of the board, into the picture and
only the rectangles it drew on are scaled across (late latching), as for one seat.
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

    def draw(self, level, area, scale: float, latest, marker: bool) -> pygame.Surface:
        """The level's picture for canvas rectangle `area`; `marker`: its balance point too (else `draw_late`
        draws it). Returns the picture, to be scaled into its place (`put`, or the window's Direct)."""
        k, frame = self._prepare(level, area, scale)
        self.surface.blit(self._backdrop[1], (0, 0))
        level.draw(self.surface, frame, latest)
        if marker:
            level.draw_marker(self.surface, frame, latest)
        return self.surface

    def put(self, canvas: pygame.Surface, area) -> None:
        """The picture scaled into `area` of `canvas`."""
        pygame.transform.smoothscale(self.surface, area[2:], canvas.subsurface(area))

    def draw_late(self, level, area, scale: float, latest, target: pygame.Surface, place) -> list[pygame.Rect]:
        """The balance point from the newest sample, drawn on the picture for canvas rectangle `area` and scaled
        onto `target` (the canvas, or the window) where the picture fills `place`; returns the rectangles of
        `target` changed."""
        _k, frame = self._prepare(level, area, scale)
        place = pygame.Rect(place)
        kx, ky = place.w / self.surface.get_width(), place.h / self.surface.get_height()
        out = []
        bounds = self.surface.get_rect()
        for rect in level.draw_marker(self.surface, frame, latest):
            rect = rect.inflate(4, 4).clip(bounds)
            if not rect.width or not rect.height:
                continue
            left, top = int(rect.left * kx), int(rect.top * ky)
            right, bottom = min(place.w, int(rect.right * kx) + 1), min(place.h, int(rect.bottom * ky) + 1)
            if right <= left or bottom <= top:
                continue
            changed = pygame.Rect(place.x + left, place.y + top, right - left, bottom - top)
            pygame.transform.smoothscale(self.surface.subsurface(rect), changed.size, target.subsurface(changed))
            out.append(changed)
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
