"""From raw timestamped samples to the sway metrics of a trial (the scoring path)."""
from __future__ import annotations

import numpy as np

from . import sway
from .cop import PRESENCE_KG, cop_arrays

ANALYSIS_HZ_MAX = 100.0


def analysis_rate(t: np.ndarray) -> float:
    """Resample near the board's real rate: interpolating up adds nothing (posturography.md 3.2)."""
    if len(t) < 2:
        return ANALYSIS_HZ_MAX
    rate = (len(t) - 1) / (t[-1] - t[0])
    return float(min(ANALYSIS_HZ_MAX, max(10.0, round(rate))))


def cop_trial_metrics(t: np.ndarray, x: np.ndarray, y: np.ndarray, raw: bool = False,
                      fs: float | None = None) -> dict[str, float]:
    """Metrics of one COP trial with possibly irregular times; NaN samples are dropped."""
    ok = ~(np.isnan(x) | np.isnan(y))
    t, x, y = t[ok], x[ok], y[ok]
    if len(t) < 8:
        raise ValueError("too few samples with someone on the board to compute sway metrics")
    fs = fs or analysis_rate(t)
    _, xy = sway.resample_uniform(t, np.column_stack([x, y]), fs)
    cx, cy = xy[:, 0], xy[:, 1]
    if not raw:
        cx, cy = sway.preprocess(cx, cy, fs)
    return sway.metrics(cx, cy, fs)


def load_trial_metrics(rows: np.ndarray, half_x: float, half_y: float, raw: bool = False,
                       threshold: float = PRESENCE_KG) -> dict[str, float]:
    """Metrics from (N, 5) rows of t, tl, tr, bl, br (kg)."""
    _, x, y = cop_arrays(rows[:, 1:5], half_x, half_y, threshold)
    return cop_trial_metrics(rows[:, 0], x, y, raw=raw)
