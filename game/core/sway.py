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


def ellipse_factor(n: int) -> float:
    """q of the finite-sample 95 % prediction ellipse: 2 F(2, n-2) (n-1)(n+1) / (n(n-2))."""
    from scipy import stats  # scipy loads only where metrics are computed, not at start-up

    return 2.0 * stats.f.ppf(0.95, 2, n - 2) * (n - 1) * (n + 1) / (n * (n - 2))


def mean_frequency(x: np.ndarray, y: np.ndarray, fs: float) -> float:
    """Resultant mean power frequency: Welch per axis (Hann, segment N/2, overlap N/4,
    constant detrend), trapezoid over the full band, axes weighted by their summed PSD."""
    from scipy import signal

    n = len(x)
    seg = n // 2
    mpfs, powers = [], []
    for axis in (x, y):
        f, p = signal.welch(axis, fs=fs, window="hann", nperseg=seg, noverlap=seg // 2, nfft=seg,
                            detrend="constant")
        mpfs.append(np.trapezoid(f * p, f) / np.trapezoid(p, f))
        powers.append(p.sum())
    return float((mpfs[0] * powers[0] + mpfs[1] * powers[1]) / (powers[0] + powers[1]))


def metrics(x: np.ndarray, y: np.ndarray, fs: float) -> dict[str, float]:
    """All sway metrics of a uniformly sampled COP trace (x = ML, y = AP, mm)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    if n < 8:
        raise ValueError(f"too few samples for sway metrics ({n}); need at least 8")
    duration = n / fs
    dx, dy = np.diff(x), np.diff(y)
    path = float(np.sum(np.hypot(dx, dy)))
    ml, ap = x - x.mean(), y - y.mean()
    cov = np.cov(np.vstack([ap, ml]))
    area = math.pi * ellipse_factor(n) * math.sqrt(max(np.linalg.det(cov), 0.0))
    return {
        "duration_s": duration,
        "samples": n,
        "path_mm": path,
        "velocity_mm_s": path / duration,
        "velocity_ap_mm_s": float(np.sum(np.abs(dy))) / duration,
        "velocity_ml_mm_s": float(np.sum(np.abs(dx))) / duration,
        "rms_ap_mm": float(np.sqrt(np.mean(ap**2))),
        "rms_ml_mm": float(np.sqrt(np.mean(ml**2))),
        "range_ap_mm": float(np.ptp(y)),
        "range_ml_mm": float(np.ptp(x)),
        "ellipse95_mm2": area,
        "mean_freq_hz": mean_frequency(x, y, fs),
    }


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
    t = np.asarray(t, float)
    values = np.asarray(values, float)
    keep = np.concatenate([[True], np.diff(t) > 0])
    t, values = t[keep], values[keep]
    grid = np.arange(t[0], t[-1] + 1e-9, 1.0 / fs)
    edges = np.concatenate([grid - 0.5 / fs, [grid[-1] + 0.5 / fs]])
    idx = np.searchsorted(edges, t, side="right") - 1
    ok = (idx >= 0) & (idx < len(grid))
    shape = (len(grid),) + values.shape[1:]
    sums = np.zeros(shape)
    counts = np.zeros(len(grid))
    np.add.at(sums, idx[ok], values[ok])
    np.add.at(counts, idx[ok], 1)
    filled = counts > 0
    out = np.empty(shape)
    out[filled] = (sums[filled].T / counts[filled]).T
    if not filled.all():
        have = np.flatnonzero(filled)
        for col in range(out.reshape(len(grid), -1).shape[1]):
            flat = out.reshape(len(grid), -1)
            flat[~filled, col] = np.interp(grid[~filled], grid[have], flat[have, col])
    return grid, out


def gaps(t: np.ndarray, nominal_period: float, factor: float = 3.0) -> list[tuple[float, float]]:
    """(start, end) of every silence longer than `factor` nominal periods."""
    t = np.asarray(t, float)
    d = np.diff(t)
    where = np.flatnonzero(d > factor * nominal_period)
    return [(float(t[i]), float(t[i + 1])) for i in where]
