"""Real-time display filters for the COP cursor. State is explicit; streaming equals batch.

The cursor filter only drives what the player sees. Scores and sway metrics
are computed from the raw samples (see sway.py), never from this stream.
"""
from __future__ import annotations

import numpy as np
from scipy import signal


class Biquad:
    """One causal 2nd-order section in transposed direct form II, sample by sample.

    Plain floats instead of scipy.sosfilt per call: a call costs ~1 µs, not ~20.
    Matches scipy.signal.sosfilt with zi = sosfilt_zi * first sample.
    """

    def __init__(self, sos_row: np.ndarray):
        b0, b1, b2, a0, a1, a2 = (float(v) for v in sos_row)
        self.b0, self.b1, self.b2 = b0 / a0, b1 / a0, b2 / a0
        self.a1, self.a2 = a1 / a0, a2 / a0
        self.z1 = self.z2 = 0.0
        self.primed = False

    def reset(self, value: float) -> None:
        """Start in steady state at `value`, so the output does not ramp up from zero."""
        gain = (self.b0 + self.b1 + self.b2) / (1 + self.a1 + self.a2)
        y = gain * value
        self.z1 = y - self.b0 * value
        self.z2 = self.b2 * value - self.a2 * y
        self.primed = True

    def step(self, x: float) -> float:
        if not self.primed:
            self.reset(x)
        y = self.b0 * x + self.z1
        self.z1 = self.b1 * x - self.a1 * y + self.z2
        self.z2 = self.b2 * x - self.a2 * y
        return y


def butterworth_sos(order: int, cutoff_hz: float, fs: float) -> np.ndarray:
    return signal.butter(order, cutoff_hz, fs=fs, output="sos")


class ButterworthCOP:
    """Causal low-pass on each axis: the baseline every other filter is measured against."""

    def __init__(self, fs: float, cutoff_hz: float = 8.0, order: int = 2):
        self.sos = butterworth_sos(order, min(cutoff_hz, 0.45 * fs), fs)
        self._x = [Biquad(row) for row in self.sos]
        self._y = [Biquad(row) for row in self.sos]

    def reset(self) -> None:
        for bq in self._x + self._y:
            bq.primed = False

    def update(self, x: float, y: float) -> tuple[float, float]:
        for bq in self._x:
            x = bq.step(x)
        for bq in self._y:
            y = bq.step(y)
        return x, y


def filter_batch(make_filter, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run a fresh filter over whole arrays (NaN resets it, as a step-off does live)."""
    f = make_filter()
    fx = np.empty_like(xs, dtype=float)
    fy = np.empty_like(ys, dtype=float)
    for i, (x, y) in enumerate(zip(xs, ys)):
        if np.isnan(x) or np.isnan(y):
            f.reset()
            fx[i] = fy[i] = np.nan
        else:
            fx[i], fy[i] = f.update(float(x), float(y))
    return fx, fy
