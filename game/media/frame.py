"""The frame a screen or a level's view draws into: its area on the canvas and the window's scale.

Nothing is laid out once and kept: every draw is handed a `Frame`, and everything drawn is placed
relative to it, so a resized window, a fullscreen toggle onto a screen of another shape or a level
drawn in half the screen all lay out afresh. Pure data (pygame is imported only when a rectangle is
asked for), so `poise.api` can name it without loading pygame for a level's logic.
"""
from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pygame

SIDE_WIDTH = 340  # canvas px: the side panel's width (a narrow frame gets less, see Frame.panels)
MARGIN = 40  # canvas px from the frame's left and right edges to the panels
GAP = 30  # canvas px between the play area and the side panel
TOP_GAP = 24  # canvas px above the panels
CAPTION = 72  # canvas px under the play area: the line saying what to do now


class Panels(NamedTuple):
    """The standard split of a level's frame (canvas px rectangles)."""

    play: "pygame.Rect"  # the play area, on the left
    side: "pygame.Rect"  # the side panel, on the right: progress, numbers, the feet
    caption: "pygame.Rect"  # under the play area, as wide: the instruction line


def _rect(x, y, w, h) -> "pygame.Rect":
    import pygame

    return pygame.Rect(x, y, w, h)


@dataclasses.dataclass(frozen=True)
class Frame:
    """Where to draw now: `area` (x, y, w, h) in canvas pixels, and `scale`, window pixels per canvas pixel.

    The canvas is 720 canvas px high and 1152 to 1600 wide whatever the window (game/engine/display.py), so
    sizes in canvas px (text, line widths, margins) look alike on every screen; `scale` says how big a canvas
    pixel is on this one (0.83 at 1024x600, 1.0 at 1280x720, 1.5 at 1920x1080), for what must be judged in
    real pixels: a line meant to be one window pixel wide (`thin`), detail too fine to see when small.
    Every rectangle a Frame hands out is a new pygame.Rect, free to change.
    """

    area: tuple[int, int, int, int]
    scale: float = 1.0

    @classmethod
    def of(cls, size: tuple[int, int], scale: float = 1.0) -> "Frame":
        """A whole canvas of `size` (w, h)."""
        return cls((0, 0, int(size[0]), int(size[1])), float(scale))

    @property
    def rect(self) -> "pygame.Rect":
        return _rect(*self.area)

    @property
    def size(self) -> tuple[int, int]:
        return self.area[2], self.area[3]

    @property
    def centre(self) -> tuple[int, int]:
        x, y, w, h = self.area
        return x + w // 2, y + h // 2

    def below(self, height: int) -> "Frame":
        """The part of this frame under a bar `height` canvas px tall across its top."""
        x, y, w, h = self.area
        height = min(max(0, height), h)
        return Frame((x, y + height, w, h - height), self.scale)

    def thin(self, window_px: float = 1.0) -> int:
        """A line width in canvas px that shows at least `window_px` window pixels wide (at least 1)."""
        return max(1, math.ceil(window_px / self.scale - 1e-9))

    def panels(self, side_width: int = SIDE_WIDTH) -> Panels:
        """The play area, the side panel (`side_width` wide, less in a narrow frame: at most 30 % of it)
        and the caption line under the play area, laid out in this frame. At a 1280x656 area under the title
        bar: play (40, 88, 830, 560), side (900, 88, 340, 560), caption (40, 648, 830, 72)."""
        x, y, w, h = self.area
        side_w = min(side_width, round(0.3 * w))
        top = y + TOP_GAP
        height = max(0, h - TOP_GAP - CAPTION)
        play = _rect(x + MARGIN, top, max(0, w - 2 * MARGIN - GAP - side_w), height)
        side = _rect(x + w - MARGIN - side_w, top, side_w, height)
        caption = _rect(play.left, play.bottom, play.width, max(0, y + h - play.bottom))
        return Panels(play, side, caption)

    @property
    def play(self) -> "pygame.Rect":
        return self.panels().play

    @property
    def side(self) -> "pygame.Rect":
        return self.panels().side

    @property
    def caption(self) -> "pygame.Rect":
        return self.panels().caption
