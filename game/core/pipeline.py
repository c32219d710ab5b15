"""The live path, one sample at a time: loads -> total, COP, presence, display-filtered COP.

The game, `poise monitor` and `poise replay` all run this same code, so what
replay writes is exactly what the cursor showed.
"""
from __future__ import annotations

import math
from typing import NamedTuple

from .cop import PRESENCE_KG, cop
from .filters import SwayKalman
from .presence import Presence
from .stance import Stance, StanceEvent, StanceTracker


class Balance(NamedTuple):
    """The pipeline's view after one sample. x, y (raw) and fx, fy (filtered) are NaN when nobody is on."""

    t: float
    total: float
    x: float
    y: float
    fx: float
    fy: float
    presence: Presence
    flags: int = 0
    stance: Stance = Stance.EMPTY

    @property
    def on_board(self) -> bool:
        return self.presence is Presence.ON_BOARD


EMPTY_BALANCE = Balance(0.0, 0.0, math.nan, math.nan, math.nan, math.nan, Presence.EMPTY)


class LivePipeline:
    def __init__(self, half_x: float, half_y: float, rate_hz: float = 60.0, threshold: float = PRESENCE_KG):
        self.half_x, self.half_y = half_x, half_y
        self.threshold = threshold
        self.stance = StanceTracker(threshold=threshold)
        self.events: list[StanceEvent] = []  # drained by whoever listens (levels, safety)
        self.display = SwayKalman(rate_hz)
        self._last_loads: tuple[float, float, float, float] | None = None
        self.latest: Balance | None = None

    def process(self, t: float, tl: float, tr: float, bl: float, br: float, flags: int = 0,
                invalid: int = 0) -> Balance:
        """One sample in, the balance after it out. A sample with an `invalid` corner (Sample.invalid)
        gives no COP, total or stance: it counts as a missing sample, and the last balance holds."""
        if invalid:
            self.latest = (self.latest or EMPTY_BALANCE)._replace(t=t, flags=flags)
            return self.latest
        total, x, y = cop(tl, tr, bl, br, self.half_x, self.half_y, self.threshold)
        self.events += self.stance.update(t, total, x, y)
        state = self.stance.presence.state
        loads = (tl, tr, bl, br)
        repeated = loads == self._last_loads  # a board re-sending its last reading: no new information
        self._last_loads = loads
        if math.isnan(x):
            self.display.reset()
            fx = fy = math.nan
        elif repeated and self.latest is not None and not math.isnan(self.latest.fx):
            fx, fy = self.latest.fx, self.latest.fy
        else:
            fx, fy = self.display.update(t, x, y)
        self.latest = Balance(t, total, x, y, fx, fy, state, flags, self.stance.state)
        return self.latest
