"""Measurement quality seen from the samples themselves, for every board alike: the rate the board
really delivers, and corners whose readings stay unusable (a fault that must pause play)."""
from __future__ import annotations

import math
from collections import deque

from poise.drivers.base import corner_list
from poise.i18n import _, format_number

RATE_WINDOW_S = 2.0  # the measured rate is over the last this many seconds of samples
RATE_GAP_S = 1.0  # a silence this long (a reconnect) starts the window again
LOW_RATE = 0.8  # below this share of the nominal rate the board is reported slow
FAULT_TC_S = 0.5  # time constant of each corner's share of unusable samples
FAULT_ON, FAULT_OFF = 0.6, 0.2  # that share above FAULT_ON is a fault (~0.5 s of nothing but bad); below FAULT_OFF it is over


class RateMeter:
    """Samples per second over a sliding window of sample times, beside the board's nominal rate."""

    def __init__(self, nominal_hz: float, window_s: float = RATE_WINDOW_S):
        self.nominal_hz, self.window_s = nominal_hz, window_s
        self.times: deque[float] = deque()

    def feed(self, t: float) -> None:
        if self.times and (t - self.times[-1] > RATE_GAP_S or t < self.times[-1]):
            self.times.clear()
        self.times.append(t)
        while len(self.times) > 1 and self.times[1] <= t - self.window_s:
            self.times.popleft()  # keep one sample at or before the window's start: it says the window is full

    @property
    def rate_hz(self) -> float | None:
        """Measured samples/s (those in the last window, over the window: bursty delivery does not bias
        it), or None until half a window of samples has arrived."""
        if len(self.times) < 3:
            return None
        newest = self.times[-1]
        if self.times[0] <= newest - self.window_s:
            return (len(self.times) - 1) / self.window_s
        span = newest - self.times[0]
        return (len(self.times) - 1) / span if span >= self.window_s / 2 else None

    @property
    def low(self) -> bool:
        rate = self.rate_hz
        return rate is not None and rate < LOW_RATE * self.nominal_hz

    @property
    def text(self) -> str:
        """'79/80 samples/s', with the warning when it is low; '' until measured."""
        rate = self.rate_hz
        if rate is None:
            return ""
        base = _("{rate}/{nominal} samples/s").format(rate=format_number(rate), nominal=format_number(self.nominal_hz))
        return base + (_(" — below the board's nominal rate") if self.low else "")


class CornerFaults:
    """Which corners have been unusable (Sample.invalid) most of the last half second: a fault."""

    def __init__(self):
        self.share = [0.0] * 4
        self.mask = 0
        self._last_t: float | None = None

    def feed(self, t: float, invalid: int) -> None:
        dt = 0.0 if self._last_t is None else max(0.0, t - self._last_t)
        self._last_t = t
        k = 1.0 - math.exp(-dt / FAULT_TC_S) if dt else 0.05
        for i in range(4):
            bad = 1.0 if invalid & (1 << i) else 0.0
            self.share[i] += k * (bad - self.share[i])
            if self.share[i] > FAULT_ON:
                self.mask |= 1 << i
            elif self.share[i] < FAULT_OFF:
                self.mask &= ~(1 << i)


def fault_sentence(mask: int, driver_says: str = "") -> str:
    """What the player reads when corners are faulty: the driver's own sentence where it has one."""
    if not mask:
        return ""
    return driver_says or _("corner {corners} gives no usable reading (out of range or glitching): check that "
                            "corner's sensor and wiring (on a Wii board, the batteries), or recalibrate with poise "
                            "calibrate").format(corners=corner_list(mask))
