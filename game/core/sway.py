"""Sway metrics with their published definitions (posturography.md section 1).

Conventions, fixed here once: x = ML, y = AP, millimetres; T = N / fs; the 95 %
ellipse is the finite-sample prediction ellipse (Chew 1966); mean frequency is
the Santos & Duarte Welch convention. `--raw` analyses skip `preprocess`.
"""
from __future__ import annotations

import math

import numpy as np

TRIM_S = 2.0  # discard the start of a trial: the step-on / stance-change transient
SCORING_CUTOFF_HZ = 5.0  # zero-phase low-pass for scoring: quiet-stance power is < 2 Hz
SCORING_ORDER = 4
BLOCK = 1 << 20  # samples per block when summing over a long trace
STILL_RANGE_MM = 1e-6  # an axis whose COP ranges less than this has not moved (mean frequency)


def ellipse_factor(n: int) -> float:
    """q of the finite-sample 95 % prediction ellipse: 2 F(2, n-2) (n-1)(n+1) / (n(n-2)).

    F's quantile from scipy.special (what scipy.stats.f.ppf computes, to the bit) rather than scipy.stats,
    whose import takes a third of a second more in every process that computes metrics."""
    from scipy import special  # scipy loads only where metrics are computed, not at start-up

    return 2.0 * special.fdtri(2, n - 2, 0.95) * (n - 1) * (n + 1) / (n * (n - 2))


def mean_frequency(x: np.ndarray, y: np.ndarray, fs: float) -> float:
    """Resultant mean power frequency (Hz): Welch per axis (Hann, segment N/2, overlap N/4,
    constant detrend), trapezoid over the full band, axes weighted by their summed PSD. An axis
    that never moves (a range under STILL_RANGE_MM: the rounding noise of the low-pass is no sway)
    has no weight; with neither moving it is NaN."""
    n = len(x)
    seg = n // 2
    step = seg - seg // 2
    mpfs, powers = [], []
    for axis in (x, y):
        # welch(axis, nperseg=seg, noverlap=seg // 2) one segment at a time: the same periodograms and
        # mean, without holding every detrended, windowed segment of a long recording at once
        p = None
        starts = range(0, n - seg + 1, step)
        for start in starts:
            f, ps = periodogram(axis[start:start + seg], fs)
            p = ps if p is None else p + ps
        p /= len(starts)
        if np.ptp(axis) < STILL_RANGE_MM:
            p[:] = 0.0
        area = np.trapezoid(p, f)
        mpfs.append(np.trapezoid(f * p, f) / area if area > 0 else 0.0)
        powers.append(p.sum())
    total = powers[0] + powers[1]
    return float((mpfs[0] * powers[0] + mpfs[1] * powers[1]) / total) if total > 0 else math.nan


LONG_SEGMENT = 1 << 18  # Welch segments longer than this (traces over ~1.5 h at 100 Hz) are zero-padded


def periodogram(v: np.ndarray, fs: float, lean_above: int = LONG_SEGMENT) -> tuple[np.ndarray, np.ndarray]:
    """One Welch periodogram of the whole of `v` (shape (n,), any unit): Hann (periodic), constant
    detrend, density scaling, one-sided; `scipy.signal.welch(v, fs, 'hann', nperseg=n, noverlap=0)`.
    Returns (frequencies in Hz, power density in unit^2/Hz).

    Above `lean_above` samples the segment is zero-padded to a fast FFT length (`nfft`): scipy's FFT
    of a length with a large prime factor needs ~15x the segment's size in scratch memory (340 MB for
    2.3 M samples). Padding samples the same spectrum on a slightly finer grid (at most a few per cent
    more points); the mean frequency computed from it differs from the unpadded one by under 1e-5
    (tests/core/test_long_recordings.py).
    """
    from scipy import fft, signal

    n = len(v)
    nfft = n if n <= lean_above else fft.next_fast_len(n, real=True)
    return signal.welch(v, fs=fs, window="hann", nperseg=n, noverlap=0, nfft=nfft, detrend="constant")


def metrics(x: np.ndarray, y: np.ndarray, fs: float) -> dict[str, float]:
    """All sway metrics of a uniformly sampled COP trace (x = ML, y = AP, mm)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    if n < 8:
        raise ValueError(f"too few samples for sway metrics ({n}); need at least 8")
    duration = n / fs
    # a long recording's trace is hundreds of MB: sums over blocks of at most BLOCK samples, few temporaries
    path = speed_ap = speed_ml = 0.0
    for i in range(0, n - 1, BLOCK):
        dx, dy = np.diff(x[i:i + BLOCK + 1]), np.diff(y[i:i + BLOCK + 1])
        path += float(np.sum(np.hypot(dx, dy)))
        speed_ap += float(np.sum(np.abs(dy)))
        speed_ml += float(np.sum(np.abs(dx)))
    del dx, dy
    mx, my = x.mean(), y.mean()
    sxx = syy = sxy = 0.0
    for i in range(0, n, BLOCK):
        ml, ap = x[i:i + BLOCK] - mx, y[i:i + BLOCK] - my
        sxx += float(np.dot(ml, ml))
        syy += float(np.dot(ap, ap))
        sxy += float(np.dot(ml, ap))
    del ml, ap
    cov = np.array([[syy, sxy], [sxy, sxx]]) / (n - 1)  # of (ap, ml)
    area = math.pi * ellipse_factor(n) * math.sqrt(max(np.linalg.det(cov), 0.0))
    rms_ap, rms_ml = math.sqrt(syy / n), math.sqrt(sxx / n)
    return {
        "duration_s": duration,
        "samples": n,
        "path_mm": path,
        "velocity_mm_s": path / duration,
        "velocity_ap_mm_s": speed_ap / duration,
        "velocity_ml_mm_s": speed_ml / duration,
        "rms_ap_mm": rms_ap,
        "rms_ml_mm": rms_ml,
        "range_ap_mm": float(np.ptp(y)),
        "range_ml_mm": float(np.ptp(x)),
        "ellipse95_mm2": area,
        "mean_freq_hz": mean_frequency(x, y, fs),
    }


def ellipse95(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float, float]:
    """The finite-sample 95 % prediction ellipse of a COP trace (x = ML, y = AP, mm) as drawn on a
    statokinesigram: (centre x, centre y, semi-major a, semi-minor b, angle of a from +x in radians). Its area
    pi a b is `metrics()["ellipse95_mm2"]` (Schubert & Kirchner 2014: semi-axes sqrt(q lambda_i), lambda_i the
    covariance eigenvalues, q = ellipse_factor(n)). ValueError below 8 samples."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    if n < 8:
        raise ValueError(f"too few samples for an ellipse ({n}); need at least 8")
    values, vectors = np.linalg.eigh(np.cov(np.vstack([x, y])))
    q = ellipse_factor(n)
    a, b = (math.sqrt(q * max(v, 0.0)) for v in values[::-1])
    angle = math.atan2(vectors[1, 1], vectors[0, 1])
    return float(x.mean()), float(y.mean()), a, b, angle


def preprocess(x: np.ndarray, y: np.ndarray, fs: float, trim_s: float = TRIM_S) -> tuple[np.ndarray, np.ndarray]:
    """Scoring path: drop the first seconds, then a zero-phase Butterworth low-pass."""
    from scipy import signal

    start = int(round(trim_s * fs))
    x, y = np.asarray(x[start:], float), np.asarray(y[start:], float)
    cutoff = min(SCORING_CUTOFF_HZ, 0.4 * fs)
    sos = signal.butter(SCORING_ORDER, cutoff, fs=fs, output="sos")
    if len(x) <= 3 * (2 * len(sos) + 1):
        raise ValueError(f"trial too short to score: {len(x) / fs:.1f} s after trimming")
    return signal.sosfiltfilt(sos, x), signal.sosfiltfilt(sos, y)


def resample_uniform(t: np.ndarray, values: np.ndarray, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """Irregular samples onto a uniform grid by window averaging (posturography.md 1.4).

    Each grid point k/fs averages the samples within half a period of it; an empty
    window takes the mean of its nearest filled neighbours. Exact duplicate
    samples (same time) count once. Returns (grid times, values on the grid).
    """
    values = np.asarray(values, float)
    flat = values.reshape(len(values), -1)
    grid, columns = resample_columns(t, [flat[:, c] for c in range(flat.shape[1])], fs)
    out = np.column_stack(columns) if columns else np.empty((len(grid), 0))
    return grid, out.reshape((len(grid),) + values.shape[1:])


def resample_columns(t: np.ndarray, columns: list[np.ndarray], fs: float) -> tuple[np.ndarray, list[np.ndarray]]:
    """`resample_uniform` for separate 1-D columns sharing the times `t`, without stacking them: the
    memory-lean form for long recordings (a few arrays of the trial's length, no copies of the input
    unless it has duplicate times)."""
    t = np.asarray(t, float)
    advance = np.diff(t) > 0
    if not advance.all():
        keep = np.concatenate([[True], advance])
        t = t[keep]
        columns = [np.asarray(c, float)[keep] for c in columns]
    del advance
    edges = np.arange(t[0], t[-1] + 1e-9, 1.0 / fs)  # the grid, shifted in place to its windows' left edges
    m = len(edges)
    last_edge = edges[-1] + 0.5 / fs
    edges -= 0.5 / fs
    idx = np.searchsorted(edges, t, side="right")
    del edges
    idx -= 1  # times only grow: idx never falls, and is >= 0
    idx = idx[:int(np.searchsorted(t, last_edge, side="left"))]  # samples past the last window are left out
    counts = np.bincount(idx, minlength=m).astype(float)
    filled = counts > 0
    out = []
    for c in columns:
        v = np.bincount(idx, weights=np.asarray(c, float)[:len(idx)], minlength=m)
        np.divide(v, counts, out=v, where=filled)
        out.append(v)
    del idx, counts
    grid = np.arange(t[0], t[-1] + 1e-9, 1.0 / fs)
    if not filled.all():
        have = np.flatnonzero(filled)
        for v in out:
            v[~filled] = np.interp(grid[~filled], grid[have], v[have])
    return grid, out


def gaps(t: np.ndarray, nominal_period: float, factor: float = 3.0) -> list[tuple[float, float]]:
    """(start, end) of every silence longer than `factor` nominal periods."""
    t = np.asarray(t, float)
    d = np.diff(t)
    where = np.flatnonzero(d > factor * nominal_period)
    return [(float(t[i]), float(t[i + 1])) for i in where]
