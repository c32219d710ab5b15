"""Scaling the canvas into a window of another size without a GPU: in tiles, so that one area can be
scaled again on its own.

After the late poll only the balance point is drawn again (late latching, game/engine/app.py), and scaling
the whole frame again costs about 2 ms at 1920x1080. pygame scales whole surfaces only, and a patch
scaled by itself samples the canvas a little differently from the frame around it (its filter maps
window pixel i to canvas pixel i * (n - 1) / m of the n canvas pixels it is given), which shows as a
seam. So every frame is scaled as a grid of tiles laid out so that their sampling joins up exactly,
and an area is scaled again by redoing the tiles it touches: the same pixels, bit for bit.

Small tiles waste little around a late area (a cursor is redone in 0.05 ms at 1920x1080), and tiles
that sample alike are joined into one call, so the whole frame costs about what one smoothscale does.
"""
from __future__ import annotations

import math
from fractions import Fraction

import pygame

SMALL = (32, 16)  # canvas pixels across and down per tile where tiles can be joined (see spans)
LARGE = (320, 32)  # where they cannot: fewer, larger tiles, each its own call


def spans(src: int, dst: int, small: int, large: int) -> list[tuple[int, int, int, int]]:
    """How one axis of `src` canvas pixels is cut into tiles scaled to `dst` window pixels: per tile
    (canvas start, canvas end, window start, window end), ends exclusive.

    Growing, pygame's bilinear filter spreads a tile's n canvas pixels over its m window pixels from the
    first to the last canvas pixel, so each tile is given one canvas pixel beyond its own (the next tile's
    first): its sampling then ends where the next one's begins. The last tile's extra pixel is past the
    canvas (an end of `src` + 1): its last column or row again (see TiledScaler). A tile must gain at
    least two window pixels, or with its extra pixel pygame would copy or even shrink it: a window only a
    little larger than the canvas gets few tiles, or one. Shrinking, the box filter averages canvas pixels
    i n / m to (i + 1) n / m, so tiles share nothing.

    Growing by a ratio of small whole numbers (1280 -> 1920 is 2 -> 3), tiles of whole steps of it all
    sample alike and are joined into one call (see runs), so they can be `small`; otherwise each tile is a
    call of its own, and they are `large`."""
    unit = large
    if src < dst:
        least = math.ceil(2 * src / (dst - src))  # canvas pixels that gain two window pixels
        step = Fraction(src, dst).numerator
        unit = step * max(1, small // step, math.ceil(least / step)) if step <= small else max(large, least)
    cuts = list(range(0, src, unit)) + [src]
    out = []
    for s0, s1 in zip(cuts, cuts[1:]):
        d0, d1 = round(s0 * dst / src), round(s1 * dst / src)
        if d1 > d0:
            out.append((s0, s1 + 1 if dst > src else s1, d0, d1))
    return out


def runs(axis: list[tuple[int, int, int, int]], src: int, dst: int) -> list[int]:
    """A run number per span of `axis`: neighbours that grow (or copy) at exactly the same rate share a
    run, and one bilinear scale over a run samples exactly as one per span would (the same index and
    weight for every window pixel), so it is done in one call. At 1920x1080 the whole frame is four calls.
    Neither a shrinking span (the box filter's running sums would not restart where a span does) nor the
    last growing one (it reads past the canvas's edge) is joined to another."""
    out, last = [], None
    for s0, s1, d0, d1 in axis:
        grows = s1 - s0 < d1 - d0 and s1 <= src  # (with its extra pixel: pygame interpolates it)
        key = Fraction(s1 - s0 - 1, d1 - d0) if grows else (Fraction(1) if src == dst else None)
        out.append(out[-1] if out and key is not None and key == last else len(out))
        last = key
    return out


class TiledScaler:
    """Scales a canvas of one size into a window rectangle of another, whole or by the areas that changed."""

    def __init__(self, canvas_size: tuple[int, int], dest: pygame.Rect):
        self.dest = pygame.Rect(dest)
        (w, h), (d, e) = canvas_size, self.dest.size
        self.xs, self.ys = spans(w, d, SMALL[0], LARGE[0]), spans(h, e, SMALL[1], LARGE[1])
        self.x_runs, self.y_runs = runs(self.xs, w, d), runs(self.ys, h, e)

    def scale(self, canvas: pygame.Surface, window: pygame.Surface, areas: list[pygame.Rect] | None = None) -> int:
        """Scale the whole canvas into `window`, or only the tiles that read from `areas` (canvas pixels);
        returns how many smoothscale calls it took."""
        if areas is None:
            blocks = [(range(len(self.xs)), range(len(self.ys)))]
        else:
            blocks = [(_touched(self.xs, a.left, a.right), _touched(self.ys, a.top, a.bottom))
                      for a in map(pygame.Rect, areas)]
        calls = 0
        for across, down in blocks:
            for sx0, sx1, dx0, dx1 in _joined(self.xs, self.x_runs, across):
                for sy0, sy1, dy0, dy1 in _joined(self.ys, self.y_runs, down):
                    out = pygame.Rect(self.dest.x + dx0, self.dest.y + dy0, dx1 - dx0, dy1 - dy0)
                    pygame.transform.smoothscale(_source(canvas, sx0, sx1, sy0, sy1), out.size,
                                                 window.subsurface(out))
                    calls += 1
        return calls


def outside(rect: pygame.Rect, holes) -> list[pygame.Rect]:
    """`rect` less the rectangles `holes`, as rectangles that do not overlap (bands across, top to bottom)."""
    rect = pygame.Rect(rect)
    holes = [h for h in (rect.clip(pygame.Rect(h)) for h in holes) if h.w and h.h]
    cuts = sorted({rect.top, rect.bottom, *(h.top for h in holes), *(h.bottom for h in holes)})
    out = []
    for y0, y1 in zip(cuts, cuts[1:]):
        x = rect.left
        for h in sorted((h for h in holes if h.top <= y0 and h.bottom >= y1), key=lambda h: h.left):
            if h.left > x:
                out.append(pygame.Rect(x, y0, h.left - x, y1 - y0))
            x = max(x, h.right)
        if x < rect.right:
            out.append(pygame.Rect(x, y0, rect.right - x, y1 - y0))
    return out


def _source(canvas: pygame.Surface, x0: int, x1: int, y0: int, y1: int) -> pygame.Surface:
    """Canvas pixels [x0, x1) x [y0, y1); past the canvas's right or bottom edge, its last column or row again."""
    w, h = canvas.get_size()
    if x1 <= w and y1 <= h:
        return canvas.subsurface((x0, y0, x1 - x0, y1 - y0))
    out = pygame.Surface((x1 - x0, y1 - y0), 0, canvas)
    inside = pygame.Rect(x0, y0, min(x1, w) - x0, min(y1, h) - y0)
    out.blit(canvas, (0, 0), inside)
    if x1 > w:
        out.blit(out.subsurface((inside.w - 1, 0, 1, inside.h)).copy(), (inside.w, 0))
    if y1 > h:
        out.blit(out.subsurface((0, inside.h - 1, out.get_width(), 1)).copy(), (0, inside.h))
    return out


def _touched(axis: list[tuple[int, int, int, int]], lo: int, hi: int) -> range:
    """The spans whose canvas pixels (the one they borrow from the next included) meet [lo, hi)."""
    hit = [i for i, (s0, s1, _, _) in enumerate(axis) if s0 < hi and s1 > lo]
    return range(hit[0], hit[-1] + 1) if hit else range(0)


def _joined(axis: list[tuple[int, int, int, int]], run: list[int], which: range) -> list[tuple[int, int, int, int]]:
    """The spans `which`, neighbours in the same run joined into one."""
    out: list[list[int]] = []
    for i in which:
        s0, s1, d0, d1 = axis[i]
        if out and run[i] == run[i - 1] and i - 1 in which:
            out[-1][1], out[-1][3] = s1, d1
        else:
            out.append([s0, s1, d0, d1])
    return [tuple(span) for span in out]
