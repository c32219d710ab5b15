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
        self.latest: Balance | None = None

    def process(self, t: float, tl: float, tr: float, bl: float, br: float, flags: int = 0,
                invalid: int = 0, sensed: float | None = None) -> Balance:
        """One sample in, the balance after it out. A sample with an `invalid` corner (Sample.invalid)
        gives no COP, total or stance: it counts as a missing sample, and the last balance holds.

        `t` is host time (Balance.t, stance events); `sensed` is when the board sensed the sample
        (core/clock.py: the board's own clock, or rebuilt from arrivals), what the display filter
        runs on; `t` stands in for it where it is not given. A reading equal to the last one is a
        measurement like any other: the cursor keeps converging on it."""
        if invalid:
            self.latest = (self.latest or EMPTY_BALANCE)._replace(t=t, flags=flags)
            return self.latest
        total, x, y = cop(tl, tr, bl, br, self.half_x, self.half_y, self.threshold)
        self.events += self.stance.update(t, total, x, y)
        state = self.stance.presence.state
        if math.isnan(x):
            self.display.reset()
            fx = fy = math.nan
        else:
            fx, fy = self.display.update(t if sensed is None else sensed, x, y)
        self.latest = Balance(t, total, x, y, fx, fy, state, flags, self.stance.state)
        return self.latest
