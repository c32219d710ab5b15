"""Readings to kilograms: the conversion a board applies to every sample (pure: numpy only).

Model per corner i:  kg_i = gain_i * (reading_i - offset_i).
For a load-cell board the reading is raw ADC counts; for a Wii board it is
the factory piecewise-linear kg (so gains start at 1 and the wizard refines
them) with a software tare on top. The drivers own this because they apply it;
the calibration wizard (game) fits the numbers it holds.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

CORNERS = ("tl", "tr", "bl", "br")


@dataclasses.dataclass(frozen=True)
class Calibration:
    offsets: tuple[float, float, float, float]  # reading at zero load (tare)
    gains: tuple[float, float, float, float]  # kg per reading unit

    def apply(self, reading) -> np.ndarray:
        """kg per corner for `reading` (shape (4,) or (n, 4), the board's own units)."""
        return np.asarray(self.gains) * (np.asarray(reading, dtype=float) - np.asarray(self.offsets))

    def apply_to(self, reading: Sequence[float]) -> tuple[float, float, float, float]:
        """`apply` for one reading of four plain numbers, without numpy's per-call cost (drivers call it
        once per sample)."""
        r0, r1, r2, r3 = reading
        g0, g1, g2, g3 = self.gains
        o0, o1, o2, o3 = self.offsets
        return g0 * (r0 - o0), g1 * (r1 - o1), g2 * (r2 - o2), g3 * (r3 - o3)

    def with_offsets(self, offsets) -> "Calibration":
        return dataclasses.replace(self, offsets=tuple(float(v) for v in offsets))


IDENTITY = Calibration((0.0, 0.0, 0.0, 0.0), (1.0, 1.0, 1.0, 1.0))


EMPTY_BELOW_KG = 10.0  # the game's presence threshold (game/core/cop.py PRESENCE_KG): less is nobody
FAR_ZERO_KG = 3.0  # an empty board this far from its calibration's zero: suggest recalibrating


class ZeroTracker:
    """Automatic zero tracking: follows the empty reading, and only while the board is empty and still.

    A board is empty while its total is under the presence threshold `empty_below_kg` — whatever the
    zero in force, so a board that reads -20 kg empty (second-hand Wii boards do) is empty too. When
    every corner has stayed within `band_kg` for `stable_s` on an empty board, the zero is taken: the
    first time in full (a tare: the mean of that still window), afterwards by following slow drift
    (a still total within `drift_kg` of zero) with time constant `tc_s`. A still total below
    -`drift_kg` cannot be a load (nothing weighs less than nothing): tared in full again. A still,
    light load above `drift_kg` (a calibration mass, a bag) is left alone. Anyone on the board, or a
    board that is moving, freezes the zero. `shift_kg` says how far the zero has moved from the
    calibration the tracker started with.
    """

    def __init__(self, calibration: Calibration, drift_kg: float = 2.0, band_kg: float = 0.1,
                 stable_s: float = 3.0, tc_s: float = 10.0, empty_below_kg: float = EMPTY_BELOW_KG):
        self.calibration = calibration
        self.start = calibration
        self.drift_kg, self.band_kg, self.stable_s, self.tc_s = drift_kg, band_kg, stable_s, tc_s
        self.empty_below_kg = empty_below_kg
        self.tared = False
        self._anchor: np.ndarray | None = None
        self._since: float | None = None
        self._sum = np.zeros(4)
        self._count = 0
        self._last_t: float | None = None

    @property
    def shift_kg(self) -> float:
        """Total kg the zero has moved from the starting calibration's (what an empty board read)."""
        return float((np.asarray(self.start.gains) * (np.asarray(self.calibration.offsets)
                                                      - np.asarray(self.start.offsets))).sum())

    def update(self, t: float, reading) -> np.ndarray:
        """Feed one reading; returns it in kg with the current zero."""
        reading = np.asarray(reading, dtype=float)
        kg = self.calibration.apply(reading)
        dt = 0.0 if self._last_t is None else max(0.0, t - self._last_t)
        self._last_t = t
        total = kg.sum()
        if total >= self.empty_below_kg:
            self._anchor = self._since = None
            return kg
        if self._anchor is None or np.any(np.abs(kg - self._anchor) > self.band_kg):
            self._anchor, self._since = kg, t
            self._sum, self._count = reading.copy(), 1
            return kg
        self._sum += reading
        self._count += 1
        if t - self._since >= self.stable_s:
            if not self.tared or total <= -self.drift_kg:
                new = self._sum / self._count  # a still, empty window: a full tare
                self.tared = True
                self._anchor = None  # the zero moved: the window starts again
            elif abs(total) < self.drift_kg:
                offsets = np.asarray(self.calibration.offsets)
                new = offsets + (1.0 - math.exp(-dt / self.tc_s)) * (reading - offsets)
            else:
                return kg  # a light, still load: not drift
            self.calibration = self.calibration.with_offsets(new)
            kg = self.calibration.apply(reading)
        return kg


def far_zero_message(zero: ZeroTracker, reference: str) -> str:
    """A status sentence when the empty board's zero has moved more than FAR_ZERO_KG from `reference`."""
    shift = zero.shift_kg
    if abs(shift) <= FAR_ZERO_KG:
        return ""
    return (f"this board read {shift:+.1f} kg when empty, far from {reference}: Poise zeroes it in software; "
            "run poise calibrate so its weights can be trusted")


def wii_kg(raw, c0, c17, c34) -> np.ndarray:
    """Wii Balance Board raw words to kg with its factory points (wbb.md 4.3), unclamped.

    Below the 17 kg point interpolate between 0 and 17 kg, above it between 17
    and 34 kg (extrapolating past 34). Values below the 0 kg point come out
    negative on purpose: a software tare needs them.
    """
    raw, c0, c17, c34 = (np.asarray(v, dtype=float) for v in (raw, c0, c17, c34))
    low = 17.0 * (raw - c0) / (c17 - c0)
    high = 17.0 + 17.0 * (raw - c17) / (c34 - c17)
    return np.where(raw < c17, low, high)
