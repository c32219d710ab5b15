"""From raw timestamped samples to the sway metrics of a trial (the scoring path)."""
from __future__ import annotations

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
    """The longest run with a COP (someone on the board) and no silence over MAX_GAP_S."""
    ok = ~(np.isnan(x) | np.isnan(y))
    breaks = np.concatenate([[True], ~ok[1:] | ~ok[:-1] | (np.diff(t) > MAX_GAP_S)])
    best, start = slice(0, 0), None
    for i in range(len(t) + 1):
        if i == len(t) or breaks[i] or not ok[i]:
            if start is not None and i - start > best.stop - best.start:
                best = slice(start, i)
            start = i if i < len(t) and ok[i] else None
    return best


def is_uniform(t: np.ndarray) -> bool:
    d = np.diff(t)
    return len(d) > 0 and d.min() > 0 and (d.max() - d.min()) <= UNIFORM_JITTER * np.median(d)


def cop_trial_metrics(t: np.ndarray, x: np.ndarray, y: np.ndarray, raw: bool = False) -> dict[str, float]:
    """Metrics of one COP trial (mm). Irregular samples are window-averaged onto a uniform grid;
    `raw` skips trimming and the zero-phase low-pass so textbook values can be reproduced."""
    t, x, y = (np.asarray(v, dtype=float) for v in (t, x, y))
    part = longest_stretch(t, x, y)
    t, x, y = t[part], x[part], y[part]
    if len(t) < 8:
        raise ValueError("too few samples with someone on the board to compute sway metrics")
    if is_uniform(t):
        fs = 1.0 / float(np.median(np.diff(t)))
        cx, cy = x, y
    else:
        fs = analysis_rate(t)
        _, xy = sway.resample_uniform(t, np.column_stack([x, y]), fs)
        cx, cy = xy[:, 0], xy[:, 1]
    if not raw:
        cx, cy = sway.preprocess(cx, cy, fs)
    return sway.metrics(cx, cy, fs)


def drop_repeats(rows: np.ndarray) -> np.ndarray:
    """Remove readings identical to the one before (a board re-sending its last report) and
    rows whose time does not advance."""
    if len(rows) < 2:
        return rows
    same = np.all(rows[1:, 1:5] == rows[:-1, 1:5], axis=1) | (np.diff(rows[:, 0]) <= 0)
    return rows[np.concatenate([[True], ~same])]


def load_trial_metrics(rows: np.ndarray, half_x: float, half_y: float, raw: bool = False,
                       threshold: float = PRESENCE_KG) -> dict[str, float]:
    """Metrics from (N, 5) rows of t, tl, tr, bl, br (kg)."""
    rows = drop_repeats(np.asarray(rows, dtype=float))
    _, x, y = cop_arrays(rows[:, 1:5], half_x, half_y, threshold)
    return cop_trial_metrics(rows[:, 0], x, y, raw=raw)
