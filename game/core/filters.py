"""Real-time display filters for the COP cursor. State is explicit; streaming equals batch.

The cursor filter only drives what the player sees. Scores and sway metrics
are computed from the raw samples (see sway.py), never from this stream.
Every filter here takes `update(t, x, y)` with the sample's own time, so the
same object serves a 60 Hz Wii board, an 80 Hz load-cell board and replays.
"""
from __future__ import annotations

import math

import numpy as np

GAP_RESET_S = 0.5  # after a silence this long a filter starts afresh


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
    """Second-order sections of a digital Butterworth low-pass, shape (order // 2, 6)."""
    from scipy import signal  # loaded only here: scipy is half of the game's start-up otherwise

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

    def update(self, t: float, x: float, y: float) -> tuple[float, float]:
        for bq in self._x:
            x = bq.step(x)
        for bq in self._y:
            y = bq.step(y)
        return x, y


def filter_batch(make_filter, ts: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Run a fresh filter over whole arrays (NaN resets it, as a step-off does live)."""
    f = make_filter()
    fx = np.empty_like(xs, dtype=float)
    fy = np.empty_like(ys, dtype=float)
    for i, (x, y) in enumerate(zip(xs, ys)):
        if np.isnan(x) or np.isnan(y):
            f.reset()
            fx[i] = fy[i] = np.nan
        else:
            fx[i], fy[i] = f.update(float(ts[i]), float(x), float(y))
    return fx, fy


class SwayKalman:
    """The cursor filter: a Kalman filter on a model of how a standing body sways.

    Per axis, COP velocity is an Ornstein-Uhlenbeck process (correlation time
    `tau`, intensity `q`) and position integrates it; the board adds white
    noise of `noise_mm`. The model is in continuous time and discretised
    exactly for each sample's real interval, so jittered and bursty delivery
    is handled as what it is. The output is the estimate a small fixed lag
    back (pos - lag * vel), which buys most of a Butterworth's smoothness; the
    best lag grows with the board's rate (10 ms at 100 Hz, 5 ms at 50 Hz on
    the reference trials). Tuned on the BDS trials with 0.5 mm noise; `make
    bench` measures it against a causal 2nd-order Butterworth at 8 Hz:
    ~0.59x its lag at ~1.06x its residual noise at 100 Hz, ~0.58x at 1.00x at
    50 Hz (DESIGN.md budget 0.6x / 1.1x).
    """

    LAG_PER_HZ = 1e-4  # s of output lag per Hz of board rate

    def __init__(self, rate_hz: float = 100.0, q: float = 3000.0, tau: float = 0.1, noise_mm: float = 0.5,
                 lag: float | None = None):
        self.q, self.tau, self.r2 = q, tau, noise_mm**2
        self.lag = min(0.012, self.LAG_PER_HZ * rate_hz) if lag is None else lag
        self._x = _IOUAxis()
        self._y = _IOUAxis()

    def reset(self) -> None:
        self._x.primed = self._y.primed = False

    def update(self, t: float, x: float, y: float) -> tuple[float, float]:
        return (self._x.step(t, x, self.q, self.tau, self.r2, self.lag),
                self._y.step(t, y, self.q, self.tau, self.r2, self.lag))


class _IOUAxis:
    """One axis of SwayKalman, unrolled in plain floats (a few µs per sample)."""

    def __init__(self):
        self.primed = False

    def step(self, t: float, z: float, q: float, tau: float, r2: float, lag: float) -> float:
        if not self.primed or t - self.t > GAP_RESET_S:
            self.s, self.v, self.t, self.primed = z, 0.0, t, True
            self.p00, self.p01, self.p11 = r2, 0.0, q * tau / 2  # stationary velocity variance
            return z
        dt = max(t - self.t, 0.0)
        self.t = t
        e = math.exp(-dt / tau)
        f01 = tau * (1.0 - e)  # position gained per unit velocity over dt
        q11 = q * tau / 2 * (1.0 - e * e)
        q01 = q * tau * tau / 2 * (1.0 - e) ** 2
        q00 = q * tau * tau * (dt - 2 * tau * (1.0 - e) + tau / 2 * (1.0 - e * e))
        s = self.s + f01 * self.v
        v = e * self.v
        p00 = self.p00 + 2 * f01 * self.p01 + f01 * f01 * self.p11 + q00
        p01 = e * (self.p01 + f01 * self.p11) + q01
        p11 = e * e * self.p11 + q11
        k0 = p00 / (p00 + r2)
        k1 = p01 / (p00 + r2)
        innovation = z - s
        self.s, self.v = s + k0 * innovation, v + k1 * innovation
        self.p00, self.p01, self.p11 = (1 - k0) * p00, (1 - k0) * p01, p11 - k1 * p01
        return self.s - lag * self.v


class OneEuro:
    """The One Euro filter (Casiez, Roussel & Vogel, CHI 2012), per axis, for comparison.

    Derivative from the previous *filtered* value, as in the authors' reference.
    """

    def __init__(self, min_cutoff: float = 1.0, beta: float = 0.0, d_cutoff: float = 1.0):
        self.min_cutoff, self.beta, self.d_cutoff = min_cutoff, beta, d_cutoff
        self.reset()

    def reset(self) -> None:
        self._state: list[tuple[float, float] | None] = [None, None]
        self._t: float | None = None

    @staticmethod
    def _alpha(cutoff: float, te: float) -> float:
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / te)

    def _axis(self, i: int, value: float, te: float) -> float:
        state = self._state[i]
        if state is None or te <= 0:
            self._state[i] = (value, 0.0) if state is None else state
            return self._state[i][0]
        prev, dprev = state
        d = (value - prev) / te
        ad = self._alpha(self.d_cutoff, te)
        d_hat = ad * d + (1 - ad) * dprev
        a = self._alpha(self.min_cutoff + self.beta * abs(d_hat), te)
        out = a * value + (1 - a) * prev
        self._state[i] = (out, d_hat)
        return out

    def update(self, t: float, x: float, y: float) -> tuple[float, float]:
        te = 0.0 if self._t is None else t - self._t
        self._t = t
        return self._axis(0, x, te), self._axis(1, y, te)
