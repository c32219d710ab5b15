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
        mpfs.append(np.trapezoid(f * p, f) / np.trapezoid(p, f))
        powers.append(p.sum())
    return float((mpfs[0] * powers[0] + mpfs[1] * powers[1]) / (powers[0] + powers[1]))


LONG_SEGMENT = 1 << 18  # Welch segments longer than this (traces over ~1.5 h at 100 Hz) take the lean FFT


def periodogram(v: np.ndarray, fs: float, lean_above: int = LONG_SEGMENT) -> tuple[np.ndarray, np.ndarray]:
    """One Welch periodogram of the whole of `v`: Hann (periodic), constant detrend, density scaling,
    one-sided; what `scipy.signal.welch(v, fs, 'hann', nperseg=len(v), noverlap=0)` returns.

    Above `lean_above` samples the DFT is a Bluestein chirp-z convolution on a fast FFT length, built
    in place: scipy's own FFT of a length with a large prime factor needs ~15x the segment's size
    in scratch memory (340 MB for 2.3 M samples), this about 8x (two arrays of the FFT length, FFTs
    in place by a four-step split). Equal to scipy's to ~1e-14.
    """
    from scipy import signal

    n = len(v)
    if n <= lean_above:
        return signal.welch(v, fs=fs, window="hann", nperseg=n, noverlap=0, nfft=n, detrend="constant")
    w = signal.get_window("hann", n)
    scale = 1.0 / (fs * float(np.dot(w, w)))
    d = np.asarray(v, dtype=float) - np.mean(v)
    d *= w
    del w
    p = _dft_power(d)
    p *= scale
    p[1:-1 if n % 2 == 0 else None] *= 2.0
    return np.fft.rfftfreq(n, 1.0 / fs), p


def _dft_power(d: np.ndarray) -> np.ndarray:
    """|X_k|^2, k = 0..n//2, of the DFT of real `d` by Bluestein: X_k = conj(b_k) sum_j d_j conj(b_j) b_(k-j),
    b_j = exp(i pi j^2 / n) with j^2 taken mod 2n in integers (exact phases for any n), the convolution
    done by FFTs of a fast length >= 2n - 1. |conj(b_k)| = 1, so the power needs no last chirp."""
    from scipy import fft

    n = len(d)
    size = fft.next_fast_len(2 * n - 1)
    a = np.zeros(size, dtype=complex)
    kernel = np.zeros(size, dtype=complex)
    for i in range(0, n, FFT_BLOCK * 256):  # the chirp a block at a time, never the whole of it at once
        j = np.arange(i, min(n, i + FFT_BLOCK * 256), dtype=np.int64)
        phase = ((j * j) % (2 * n)).astype(float)
        phase *= np.pi / n
        b = np.cos(phase) + 1j * np.sin(phase)
        a[i:i + len(j)] = d[i:i + len(j)] * b.conj()
        kernel[i:i + len(j)] = b
        if i == 0:
            j, b = j[1:], b[1:]
        kernel[size - j] = b  # b_(-j) = b_j
    _fft_in_place(a)
    _fft_in_place(kernel)
    a *= kernel  # both in the same (four-step) order
    del kernel
    _fft_in_place(a, inverse=True)
    head = a[:n // 2 + 1]
    return head.real ** 2 + head.imag ** 2


FFT_BLOCK = 256  # rows or columns transformed at a time by the four-step FFT


def _fft_in_place(a: np.ndarray, inverse: bool = False) -> None:
    """FFT of complex `a` (a fast length) in place with a few MB of scratch: the four-step split
    P = P1 * P2, FFTs along the columns, twiddles, FFTs along the rows of the (P1, P2) view. The forward
    transform leaves X[k1 + P1 k2] at [k1, k2]; the inverse takes that order back to natural order."""
    from scipy import fft

    p1 = max(d for d in range(1, math.isqrt(len(a)) + 1) if len(a) % d == 0)
    m = a.reshape(p1, len(a) // p1)

    def along(axis: int) -> None:
        f = fft.ifft if inverse else fft.fft
        for i in range(0, m.shape[1 - axis], FFT_BLOCK):
            part = (slice(None), slice(i, i + FFT_BLOCK)) if axis == 0 else (slice(i, i + FFT_BLOCK), slice(None))
            m[part] = f(m[part], axis=axis)

    along(1 if inverse else 0)
    size, n2 = len(a), np.arange(m.shape[1], dtype=np.int64)
    for k1 in range(1, p1):  # twiddles exp(-+2 pi i k1 n2 / P), phases exact in integers
        phase = ((k1 * n2) % size).astype(float)
        phase *= (2.0 if inverse else -2.0) * np.pi / size
        m[k1] *= np.cos(phase) + 1j * np.sin(phase)
    along(0 if inverse else 1)


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
