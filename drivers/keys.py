"""`keys://` — the keyboard or mouse moves the COP: for development and as an accessible fallback.

The driver never sees pygame: the game's input layer calls `manual.move()`,
`manual.point_at()` and `manual.toggle_presence()`; the board turns that
into ordinary samples at a steady rate.
"""
from __future__ import annotations

from typing import Callable

from .base import WII_GEOMETRY, Board, BoardInfo, BoardStatus, Sample
from .sim import corner_loads
from .url import BoardURL, positive, take_options

OPTIONS = {"rate": (positive, 60.0), "weight": (positive, 70.0), "speed": (positive, 120.0)}


class ManualControl:
    """Where the hands want the COP: a velocity from keys or a point from the mouse."""

    def __init__(self, speed_mm_s: float):
        self.speed = speed_mm_s
        self.velocity = (0.0, 0.0)
        self.point: tuple[float, float] | None = None
        self.on_board = True

    def move(self, vx: float, vy: float) -> None:
        """Arrow keys: vx, vy in -1..1 (right and toes positive)."""
        self.velocity = (vx, vy)
        if vx or vy:
            self.point = None

    def point_at(self, x_mm: float, y_mm: float) -> None:
        self.point = (x_mm, y_mm)

    def toggle_presence(self) -> None:
        self.on_board = not self.on_board


class KeysBoard(Board):
    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        opts = take_options(url, OPTIONS)
        self.clock = clock
        self.weight = opts["weight"]
        self.period = 1.0 / opts["rate"]
        self.manual = ManualControl(opts["speed"])
        self.geometry = WII_GEOMETRY
        self.info = BoardInfo(url=url.raw, name="Keyboard and mouse", identity="keys",
                              rate_hz=opts["rate"], geometry=self.geometry, simulated=True)
        self.cop = [0.0, 0.0]
        self.next_t = clock()

    def poll(self) -> list[Sample]:
        now = self.clock()
        out = []
        g = self.geometry
        while self.next_t <= now:
            self._advance()
            load = self.weight if self.manual.on_board else 0.0
            out.append(Sample(self.next_t, *corner_loads(self.cop[0], self.cop[1], load, g.half_x, g.half_y)))
            self.next_t += self.period
        return out

    def _advance(self) -> None:
        m = self.manual
        limit = (self.geometry.half_x * 0.9, self.geometry.half_y * 0.9)
        for i in (0, 1):
            if m.point is not None:
                step = m.point[i] - self.cop[i]
                self.cop[i] += max(-m.speed * 3 * self.period, min(m.speed * 3 * self.period, step))
            else:
                self.cop[i] += m.velocity[i] * m.speed * self.period
            self.cop[i] = max(-limit[i], min(limit[i], self.cop[i]))

    def status(self) -> BoardStatus:
        return BoardStatus(connected=True, message="keyboard board: arrows or mouse move, Tab steps on/off")

    def close(self) -> None:
        pass
