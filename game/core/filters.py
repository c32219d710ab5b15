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
    """The cursor filter: a Kalman filter on a model of sway, read out a fixed lag behind.

    Per axis, COP velocity is an Ornstein-Uhlenbeck process (correlation time `tau`,
    intensity q) and position integrates it; the board adds white noise. The model is
    in continuous time and discretised exactly for each interval between the samples'
    *sensing* times (game/core/clock.py rebuilds them for boards that only give arrival
    times): fed Bluetooth arrival times it would see a burst as readings 0.5 ms apart.

    - Output: the fixed-lag smoothed estimate of where the COP was `lag` seconds before
      the newest reading (a Rauch-Tung-Striebel pass over the last few samples, with the
      gains cached as they are made). A wide model read out a fixed lag back smooths as
      much as a Butterworth for about half its delay, and holds that delay for slow and
      fast sway alike. The lag follows the sampling interval dt,
      `LAG_S - LAG_PER_DT * dt` (14.5 ms at 100 Hz, 12.5 ms at 60 Hz). Why it shrinks
      as the rate falls: the Butterworth the budget is measured against keeps its ~27 ms
      delay at any rate but smooths less at a low one, so there the same filter sits
      lower in noise and higher in lag relative to it; the rule keeps both in the middle
      of the budget at the Wii's 60 Hz and a force plate's 100 Hz.
    - Bandwidth: the intensity starts at `intensity` (in units of a 0.5 mm board noise:
      only the ratio to the noise matters, so at that intensity this is one linear filter
      whatever the noise level) and adapts to how fast the person sways. If the model is
      too smooth for the sway, the smoothed estimate leaves a residual (reading minus
      estimate at the same instant) that carries the sway itself and is correlated from
      sample to sample; at the right width the residual is just noise, after smoothing
      slightly anti-correlated. So the intensity rises while the residuals' lag-1
      correlation (both axes, averaged over ADAPT_S) is above WHITENESS and falls back
      towards `intensity`, never below it, while it is not. One intensity serves both
      axes so that they keep one delay: a diagonal movement is not skewed. Judging the
      smoothed residual rather than the one-step innovation keeps large smooth movements
      (a weight shift, a slow rhythm), which the lag absorbs, from widening the filter.

    `make bench` (bench/filters.py) measures it against a causal 2nd-order Butterworth
    at 8 Hz on real sway with 0.5 mm noise, at 100 Hz and in a Wii board's Bluetooth
    timing; README.md "The cursor filter" has the numbers.
    """

    LAG_S = 0.0175  # output lag at dt -> 0 (s)
    LAG_PER_DT = 0.3  # less lag per second of sampling interval
    ADAPT_S = 2.0  # averaging time of the residual statistics (s)
    ADAPT_RATE = 2.0  # d(ln q)/dt per unit of lag-1 correlation above WHITENESS (1/s)
    WHITENESS = 0.0  # lag-1 correlation of the smoothed residuals taken as "just noise"
    MAX_INTENSITY = 2e6  # mm^2/s^3 at 0.5 mm noise
    DEPTH = 8  # samples kept for the smoothing pass (they span the lag up to ~400 Hz)

    def __init__(self, rate_hz: float = 100.0, intensity: float = 12000.0, tau: float = 0.1,
                 noise_mm: float = 0.5, lag: float | None = None, adapt: bool = True):
        self.tau = tau
        self.r2 = noise_mm**2
        self.adapt_rate = self.ADAPT_RATE if adapt else 0.0
        scale = self.r2 / 0.25  # intensities are given at 0.5 mm noise
        self.log_q0 = math.log(intensity * scale)
        self.log_qmax = math.log(max(self.MAX_INTENSITY, intensity) * scale)
        self.log_q = self.log_q0  # the adapted intensity, kept across resets: it describes the person
        self.fixed_lag = lag
        self.dt = 1.0 / rate_hz  # running mean of the sensing interval
        self.lag = self._lag()
        self._x = _SwayAxis()
        self._y = _SwayAxis()

    def _lag(self) -> float:
        if self.fixed_lag is not None:
            return self.fixed_lag
        return max(self.LAG_S - self.LAG_PER_DT * self.dt, 0.0)

    def reset(self) -> None:
        self._x.primed = self._y.primed = False

    @property
    def intensity(self) -> float:
        """The adapted intensity (mm^2/s^3 at 0.5 mm board noise)."""
        return math.exp(self.log_q) * 0.25 / self.r2

    def update(self, t: float, x: float, y: float) -> tuple[float, float]:
        """The filtered (x, y) after a reading sensed at `t` (s)."""
        ax, ay = self._x, self._y
        dt = t - ax.t if ax.primed else 0.0
        if 0.0 < dt <= GAP_RESET_S:
            self.dt += 0.02 * (dt - self.dt)
            self.lag = self._lag()
        q = math.exp(self.log_q)
        out = self._step(ax, t, x, q), self._step(ay, t, y, q)
        if 0.0 < dt <= GAP_RESET_S and self.adapt_rate:
            c0 = ax.c0 + ay.c0
            if c0 > 0.0:
                log_q = self.log_q + self.adapt_rate * dt * ((ax.c1 + ay.c1) / c0 - self.WHITENESS)
                self.log_q = min(max(log_q, self.log_q0), self.log_qmax)
        return out

    def _step(self, a: "_SwayAxis", t: float, z: float, q: float) -> float:
        tau, r2 = self.tau, self.r2
        if not a.primed or t - a.t > GAP_RESET_S or t < a.t:
            a.start(t, z, r2, q * tau / 2)
            return z
        dt = t - a.t
        # exact discretisation of the integrated OU process over dt
        e = math.exp(-dt / tau)
        f01 = tau * (1.0 - e)  # position gained per unit velocity over dt
        q11 = q * tau / 2 * (1.0 - e * e)
        q01 = q * tau * tau / 2 * (1.0 - e) ** 2
        q00 = q * tau * tau * (dt - 2 * tau * (1.0 - e) + tau / 2 * (1.0 - e * e))
        p00, p01, p11 = a.p00, a.p01, a.p11
        # P F' and the predicted covariance F P F' + Q
        a00, a01 = p00 + f01 * p01, e * p01
        a10, a11 = p01 + f01 * p11, e * p11
        pp00 = a00 + f01 * a10 + q00
        pp01 = e * a10 + q01
        pp11 = e * a11 + q11
        sp, vp = a.s + f01 * a.v, e * a.v
        # the smoother gain of this step, G = P F' (F P F' + Q)^-1, kept for the backward pass
        det = pp00 * pp11 - pp01 * pp01
        if det > 0.0:
            g = ((a00 * pp11 - a01 * pp01) / det, (a01 * pp00 - a00 * pp01) / det,
                 (a10 * pp11 - a11 * pp01) / det, (a11 * pp00 - a10 * pp01) / det, sp, vp)
        else:  # dt == 0: nothing happened in between
            g = (1.0, 0.0, 0.0, 1.0, sp, vp)
        # the measurement update
        total = pp00 + r2
        k0, k1 = pp00 / total, pp01 / total
        nu = z - sp
        a.s, a.v, a.t = sp + k0 * nu, vp + k1 * nu, t
        a.p00, a.p01, a.p11 = (1 - k0) * pp00, (1 - k0) * pp01, pp11 - k1 * pp01
        hist = a.hist
        hist.append((t, a.s, a.v, g, z))
        if len(hist) > self.DEPTH:
            del hist[0]
        # smooth backwards to the last reading after t - lag; the output looks back from there
        target = t - self.lag
        ms, mv = a.s, a.v
        j = len(hist) - 1
        while j > 0 and hist[j - 1][0] > target:
            g00, g01, g10, g11, gs, gv = hist[j][3]
            _, s0, v0, _, _ = hist[j - 1]
            ds, dv = ms - gs, mv - gv
            ms, mv = s0 + g00 * ds + g01 * dv, v0 + g10 * ds + g11 * dv
            j -= 1
        if j > 0:  # one step further for the residual at the reading at or before t - lag
            g00, g01, gs, gv = hist[j][3][0], hist[j][3][1], hist[j][3][4], hist[j][3][5]
            _, s0, _, _, z0 = hist[j - 1]
            residual = z0 - (s0 + g00 * (ms - gs) + g01 * (mv - gv))
            w = dt / self.ADAPT_S if dt < self.ADAPT_S else 1.0
            a.c0 += w * (residual * residual - a.c0)
            a.c1 += w * (residual * a.residual - a.c1)
            a.residual = residual
        return ms - (hist[j][0] - target) * mv


class _SwayAxis:
    """One axis of SwayKalman in plain floats (a few µs per sample)."""

    __slots__ = ("primed", "t", "s", "v", "p00", "p01", "p11", "c0", "c1", "residual", "hist")

    def __init__(self):
        self.primed = False
        self.t = 0.0
        self.c0 = self.c1 = self.residual = 0.0

    def start(self, t: float, z: float, r2: float, velocity_var: float) -> None:
        """Begin at reading z: position known to the noise, velocity unknown (its stationary spread)."""
        self.primed = True
        self.t, self.s, self.v = t, z, 0.0
        self.p00, self.p01, self.p11 = r2, 0.0, velocity_var
        self.residual = 0.0
        self.hist: list = [(t, z, 0.0, None, z)]


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
