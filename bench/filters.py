"""Display-filter benchmark: real sway (BDS force-plate trials) + white board noise through each
candidate; RMS error against the clean signal after the best time alignment, and that lag.

Used by `make bench` (prints the table) and by the filter-budget test (same numbers).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from poise.game.core.filters import ButterworthCOP, OneEuro, SwayKalman

BDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bds"
NOISE_MM = 0.5
SKIP_S = 1.0  # let every filter settle before scoring
MAX_LAG_S = 0.12


def load_trials(decimate: int = 1) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(t, x, y) per trial in mm, x = ML, y = AP; `decimate` 2 gives a 50 Hz board."""
    out = []
    for path in sorted(BDS.glob("BDS*.txt")):
        data = np.loadtxt(path, skiprows=1)[::decimate]
        out.append((data[:, 0] - data[0, 0], data[:, 8] * 10.0, data[:, 7] * 10.0))
    if not out:
        raise FileNotFoundError(f"no BDS trials in {BDS}")
    return out


def lag_and_residual(t: np.ndarray, clean: np.ndarray, filtered: np.ndarray) -> tuple[float, float]:
    """(best lag in s at 1 ms resolution, RMS error at that lag)."""
    keep = t >= SKIP_S
    best = (0.0, np.inf)
    for lag in np.arange(0.0, MAX_LAG_S, 0.001):
        err = filtered[keep] - np.interp(t[keep] - lag, t, clean)
        rms = float(np.sqrt(np.mean(err * err)))
        if rms < best[1]:
            best = (float(lag), rms)
    return best


def run_filter(make, t, x, y):
    f = make()
    fx, fy = np.empty_like(x), np.empty_like(y)
    for i in range(len(t)):
        fx[i], fy[i] = f.update(t[i], x[i], y[i])
    return fx, fy


def score(make, trials, seed: int = 0) -> tuple[float, float]:
    """Mean (lag s, residual mm) over trials and both axes."""
    rng = np.random.default_rng(seed)
    lags, residuals = [], []
    for t, x, y in trials:
        nx, ny = x + rng.normal(0, NOISE_MM, x.size), y + rng.normal(0, NOISE_MM, y.size)
        fx, fy = run_filter(make, t, nx, ny)
        for clean, filt in ((x, fx), (y, fy)):
            lag, res = lag_and_residual(t, clean, filt)
            lags.append(lag)
            residuals.append(res)
    return float(np.mean(lags)), float(np.mean(residuals))


class NoFilter:
    def update(self, t, x, y):
        return x, y


def candidates(fs: float) -> dict[str, object]:
    return {
        "none": NoFilter,
        "Butterworth 2nd order 8 Hz (causal)": lambda: ButterworthCOP(fs, 8.0),
        "Butterworth 2nd order 5 Hz (causal)": lambda: ButterworthCOP(fs, 5.0),
        "One Euro (min 1 Hz, beta 0.1 /mm)": lambda: OneEuro(1.0, 0.1),
        "One Euro (min 2 Hz, beta 0.3 /mm)": lambda: OneEuro(2.0, 0.3),
        "SwayKalman (ours)": lambda: SwayKalman(fs),
    }


def table(decimate: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Rows of (name, lag ms, residual mm, lag / BW8, residual / BW8)."""
    trials = load_trials(decimate)
    fs = 100.0 / decimate
    results = {name: score(make, trials) for name, make in candidates(fs).items()}
    ref_lag, ref_res = results["Butterworth 2nd order 8 Hz (causal)"]
    return [(name, lag * 1000, res, lag / ref_lag, res / ref_res) for name, (lag, res) in results.items()]


def main() -> None:
    for decimate in (1, 2):
        print(f"\nDisplay filter on 12 BDS trials at {100 // decimate} Hz + {NOISE_MM} mm white noise"
              " (RMS error after best time alignment):")
        print(f"{'filter':<38} {'lag ms':>7} {'error mm':>9} {'lag/BW8':>8} {'err/BW8':>8}")
        for name, lag, res, rl, rr in table(decimate):
            print(f"{name:<38} {lag:7.1f} {res:9.3f} {rl:8.2f} {rr:8.2f}")
    print("budget (DESIGN.md): lag/BW8 <= 0.60 with err/BW8 <= 1.10")


if __name__ == "__main__":
    main()
