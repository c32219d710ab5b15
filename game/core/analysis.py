"""From raw timestamped samples to the sway metrics of a trial (the scoring path)."""
from __future__ import annotations

import array

import numpy as np

from . import sway
from .cop import PRESENCE_KG, cop_arrays

ANALYSIS_HZ_MAX = 100.0
MAX_GAP_S = 0.25  # a silence longer than this splits a trial
UNIFORM_JITTER = 0.01  # intervals within 1 % of each other count as already uniform


def analysis_rate(t: np.ndarray) -> float:
    """Resample near the board's real rate: interpolating up adds nothing (posturography.md 3.2)."""
    if len(t) < 2:
        return ANALYSIS_HZ_MAX
    rate = (len(t) - 1) / (t[-1] - t[0])
    return float(min(ANALYSIS_HZ_MAX, max(10.0, round(rate))))


def longest_stretch(t: np.ndarray, x: np.ndarray, y: np.ndarray) -> slice:
    """The longest run with a COP (someone on the board) and no silence over MAX_GAP_S
    (the first such run when two are equally long)."""
    n = len(t)
    ok = ~(np.isnan(x) | np.isnan(y))
    if not ok.any():
        return slice(0, 0)
    # a run starts at a good sample whose predecessor is missing, bad, or too long ago; ends before the next start
    # or bad sample
    starts = ok.copy()
    starts[1:] &= ~ok[:-1] | (np.diff(t) > MAX_GAP_S)
    begin = np.flatnonzero(starts)
    stops = np.flatnonzero(~ok)  # the first bad sample after each start ends its run, unless a new run starts first
    end = np.minimum(np.append(begin[1:], n), np.append(stops, n)[np.searchsorted(stops, begin)])
    best = int(np.argmax(end - begin))
    return slice(int(begin[best]), int(end[best]))


def is_uniform(t: np.ndarray) -> bool:
    d = np.diff(t)
    return len(d) > 0 and d.min() > 0 and (d.max() - d.min()) <= UNIFORM_JITTER * np.median(d)


def cop_trial_metrics(t: np.ndarray, x: np.ndarray, y: np.ndarray, raw: bool = False) -> dict[str, float]:
    """Metrics of one COP trial (mm). Irregular samples are window-averaged onto a uniform grid;
    `raw` skips trimming and the zero-phase low-pass so textbook values can be reproduced."""
    fs, x, y = _uniform(t, x, y)
    if not raw:
        x, y = sway.preprocess(x, y, fs)
    return sway.metrics(x, y, fs)


def _uniform(t: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """(fs, x, y) of the longest stretch on a uniform grid."""
    t, x, y = (np.asarray(v, dtype=float) for v in (t, x, y))
    part = longest_stretch(t, x, y)
    t, x, y = t[part], x[part], y[part]
    if len(t) < 8:
        raise ValueError("too few samples with someone on the board to compute sway metrics")
    if is_uniform(t):
        return 1.0 / float(np.median(np.diff(t))), x, y
    fs = analysis_rate(t)
    _, (cx, cy) = sway.resample_columns(t, [x, y], fs)
    return fs, cx, cy


def drop_repeats(rows: np.ndarray) -> np.ndarray:
    """Remove readings identical to the one before (a board re-sending its last report) and
    rows whose time does not advance."""
    if len(rows) < 2:
        return rows
    return rows[_fresh(rows, None)]


def _fresh(rows: np.ndarray, before: np.ndarray | None) -> np.ndarray:
    """Boolean mask of the rows that are neither a repeat of the row before nor back in time;
    `before` is the row preceding `rows` (None at the start)."""
    same = np.empty(len(rows), dtype=bool)
    same[0] = before is not None and (bool(np.all(rows[0, 1:5] == before[1:5])) or rows[0, 0] <= before[0])
    same[1:] = np.all(rows[1:, 1:5] == rows[:-1, 1:5], axis=1) | (np.diff(rows[:, 0]) <= 0)
    return ~same


class CopTrace:
    """t, x, y of a trial built from load rows block by block, for readers that stream a long recording:
    per block, rows marked invalid are left out, exact repeats dropped (across block edges too) and the
    COP computed, so only three float columns are kept, never the five load columns."""

    def __init__(self, half_x: float, half_y: float, threshold: float = PRESENCE_KG):
        self.half_x, self.half_y, self.threshold = half_x, half_y, threshold
        self.t, self.x, self.y = array.array("d"), array.array("d"), array.array("d")
        self._before: np.ndarray | None = None

    def add(self, rows: np.ndarray, valid: np.ndarray | None = None) -> None:
        """Append (n, 5+) rows of t, tl, tr, bl, br (kg); `valid` False leaves a row out as if it had never
        arrived (a sample the board marked invalid)."""
        rows = np.asarray(rows, dtype=float)
        if valid is not None:
            valid = np.asarray(valid, dtype=bool)
            if not valid.all():
                rows = rows[valid]
        if not len(rows):
            return
        keep = _fresh(rows, self._before)
        self._before = rows[-1, :5].copy()
        _, x, y = cop_arrays(rows[:, 1:5], self.half_x, self.half_y, self.threshold)
        t = rows[:, 0]
        if not keep.all():
            t, x, y = t[keep], x[keep], y[keep]
        for out, v in ((self.t, t), (self.x, x), (self.y, y)):
            out.frombytes(np.ascontiguousarray(v).tobytes())

    def add_cop(self, rows: np.ndarray) -> None:
        """Append (n, 3+) rows of t, x, y (mm; NaN where nobody is on) as they are (a COP-only recording)."""
        rows = np.asarray(rows, dtype=float)
        for out, i in ((self.t, 0), (self.x, 1), (self.y, 2)):
            out.frombytes(np.ascontiguousarray(rows[:, i]).tobytes())

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(t, x, y) without copying."""
        return tuple(np.frombuffer(a, dtype=float) for a in (self.t, self.x, self.y))  # type: ignore[return-value]

    def trace(self, raw: bool = False) -> tuple[float, np.ndarray, np.ndarray]:
        """(fs, x, y): the trace as the metrics see it, on a uniform grid, trimmed and low-passed unless `raw`
        (what a statokinesigram draws). Keeps the samples."""
        fs, x, y = _uniform(*self.arrays())
        return (fs, x, y) if raw else (fs, *sway.preprocess(x, y, fs))

    def metrics(self, raw: bool = False) -> dict[str, float]:
        """The trial's sway metrics (as `cop_trial_metrics`). Empties the trace: once the samples are on a
        uniform grid their memory goes back, which keeps a long recording's analysis small."""
        fs, x, y = _uniform(*self.arrays())
        self.t, self.x, self.y = array.array("d"), array.array("d"), array.array("d")
        if not raw:
            x, y = sway.preprocess(x, y, fs)  # rebinding lets the unfiltered trace go
        return sway.metrics(x, y, fs)


def load_trial_metrics(rows: np.ndarray, half_x: float, half_y: float, raw: bool = False,
                       threshold: float = PRESENCE_KG, valid: np.ndarray | None = None) -> dict[str, float]:
    """Metrics from (N, 5) rows of t, tl, tr, bl, br (kg); `valid` (N bools, optional) False leaves a
    sample out, as if it had never arrived."""
    trace = CopTrace(half_x, half_y, threshold)
    trace.add(rows, valid)
    return trace.metrics(raw)
