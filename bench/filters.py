"""Display-filter benchmark: real sway (the BDS force-plate trials of both vendored subjects (tests/data/bds)) plus
0.5 mm white board noise through each candidate, per trial, in two timings:

- even 100 Hz: the force plate's own samples;
- Wii timing: the trial resampled at the simulator's sensing clock (sim://, ~60 Hz and ~1 % off
  nominal) and delivered with the simulator's own Bluetooth arrival model (drivers/sim.py
  SimBoard._arrival: a few ms of latency, now and then a 30-120 ms stall released as a burst).
  The display filter gets sensing times rebuilt from the arrivals by game/core/clock.py, as in
  the game.

Score per trial: the lag (best common time alignment of both axes, 1 ms grid refined by a
parabola) and the RMS error at that lag against the clean signal at the true sensing instants,
each divided by the reference's: a causal 2nd-order Butterworth at 8 Hz run sample by sample on
the same noisy samples, designed for the rate of the sensing times it is given (in Wii timing
the rebuilt ones). A fixed-coefficient filter ignores time stamps, so this is the Butterworth as
it would run on a perfectly even board of that rate: the fairest reference for a filter that
uses the times.

Used by `make bench` (prints the tables) and by tests/core/test_filter_budget.py (same numbers on
the vendored trials). Synthetic sway (integrated Ornstein-Uhlenbeck at several intensities) and
the simulated person (sim:// at several skills) check that nothing here is tuned to two people.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from poise.game.core.clock import SensingClock
from poise.game.core.filters import ButterworthCOP, OneEuro, SwayKalman

BDS = Path(__file__).resolve().parents[1] / "tests" / "data" / "bds"  # vendored: make bench needs nothing outside the repository
NOISE_MM = 0.5
SKIP_S = 1.0  # let every filter (and the clock model) settle before scoring
MAX_LAG_S = 0.12
WII_RATE = 60.0
BUDGET_LAG, BUDGET_ERR, BUDGET_WORST_ERR, BUDGET_SHARE = 0.6, 1.1, 1.3, 0.95


class Case(NamedTuple):
    """One trial as a board delivers it: true sensing times, arrival times, noisy COP, and the clean
    COP as a function of time (for scoring at any lag)."""

    sensed: np.ndarray
    arrived: np.ndarray
    x: np.ndarray
    y: np.ndarray
    clean: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    rate_hz: float


def load_trials() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(t, x, y) per vendored BDS trial in mm at 100 Hz, x = ML, y = AP (tests/data/bds: t, AP cm, ML cm)."""
    out = []
    for path in sorted(BDS.glob("BDS*.tsv.gz")):
        data = np.loadtxt(path, skiprows=1)
        out.append((data[:, 0] - data[0, 0], data[:, 2] * 10.0, data[:, 1] * 10.0))
    if not out:
        raise FileNotFoundError(f"no BDS trials in {BDS}")
    return out


def _interp(t: np.ndarray, x: np.ndarray, y: np.ndarray):
    return lambda q: (np.interp(q, t, x), np.interp(q, t, y))


def even_case(t: np.ndarray, x: np.ndarray, y: np.ndarray, seed: int) -> Case:
    """The trial at its own even rate, plus white noise."""
    rng = np.random.default_rng(seed)
    rate = (len(t) - 1) / (t[-1] - t[0])
    return Case(t, t, x + rng.normal(0, NOISE_MM, x.size), y + rng.normal(0, NOISE_MM, y.size),
                _interp(t, x, y), rate)


def wii_arrivals(duration: float, seed: int, rate: float = WII_RATE) -> tuple[np.ndarray, np.ndarray]:
    """(sensing times, arrival times) of a simulated Wii board: the simulator's own sensor clock
    and Bluetooth delivery, driven directly (no person needed)."""
    from poise.drivers import open_board
    from poise.game.engine.loop import VirtualClock

    board = open_board(f"sim://?seed={seed}&rate={rate:g}", VirtualClock(0.0))
    phase = np.random.default_rng(seed).uniform(0.0, board.period)
    sensed = np.arange(phase, duration, board.period)
    return sensed, np.array([board._arrival(float(s)) for s in sensed])


def wii_case(t: np.ndarray, x: np.ndarray, y: np.ndarray, seed: int) -> Case:
    """The trial as a Wii board would deliver it: resampled at its sensing clock, noise, arrivals."""
    sensed, arrived = wii_arrivals(float(t[-1]), seed)
    rng = np.random.default_rng(seed)
    clean = _interp(t, x, y)
    cx, cy = clean(sensed)
    return Case(sensed, arrived, cx + rng.normal(0, NOISE_MM, cx.size), cy + rng.normal(0, NOISE_MM, cy.size),
                clean, WII_RATE)


def rebuilt_times(case: Case) -> np.ndarray:
    """Sensing times as the game has them: straight from an even board, rebuilt from arrivals otherwise."""
    if case.arrived is case.sensed:
        return case.sensed
    clock = SensingClock(case.rate_hz)
    return np.array([clock.time(float(a)) for a in case.arrived])


def lag_and_error(case: Case, fx: np.ndarray, fy: np.ndarray) -> tuple[float, float]:
    """(lag s, RMS error mm over both axes at that lag) for outputs at the true sensing times."""
    t = case.sensed
    keep = t >= t[0] + SKIP_S
    ts, ex, ey = t[keep], fx[keep], fy[keep]
    lags = np.arange(0.0, MAX_LAG_S, 0.001)
    mse = np.empty(lags.size)
    for i, lag in enumerate(lags):
        cx, cy = case.clean(ts - lag)
        mse[i] = 0.5 * (np.mean((ex - cx) ** 2) + np.mean((ey - cy) ** 2))
    i = int(np.argmin(mse))
    if 0 < i < lags.size - 1:  # refine between grid points: a parabola through the three around the minimum
        a, b, c = mse[i - 1], mse[i], mse[i + 1]
        d = 0.5 * (a - c) / (a - 2 * b + c) if a - 2 * b + c > 0 else 0.0
        return float(lags[i] + d * 0.001), float(math.sqrt(max(b - 0.25 * (a - c) * d, 0.0)))
    return float(lags[i]), float(math.sqrt(mse[i]))


def run_filter(make, times: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    f = make()
    fx, fy = np.empty_like(x), np.empty_like(y)
    update = f.update
    for i in range(len(times)):
        fx[i], fy[i] = update(float(times[i]), float(x[i]), float(y[i]))
    return fx, fy


def reference(case: Case, times: np.ndarray) -> Callable[[], ButterworthCOP]:
    rate = (len(times) - 1) / (times[-1] - times[0])
    return lambda: ButterworthCOP(rate, 8.0)


class Score(NamedTuple):
    lag: float  # s
    error: float  # mm
    lag_ratio: float  # / the reference's
    error_ratio: float
    worst_mm: float  # largest single-sample error at the best lag


_REFERENCE: dict[int, tuple[Case, np.ndarray, tuple[float, float]]] = {}  # per case: rebuilt times, reference score


def score_case(case: Case, make, arrival_times: bool = False) -> tuple[Score, Score]:
    """(candidate, reference) scores on one case; the candidate runs on rebuilt sensing times
    (or on arrival times with `arrival_times`), the reference sample by sample."""
    if id(case) not in _REFERENCE:
        times = rebuilt_times(case)
        _REFERENCE[id(case)] = (case, times, lag_and_error(case, *run_filter(reference(case, times), times, case.x, case.y)))
    _, times, ref = _REFERENCE[id(case)]
    fx, fy = run_filter(make, case.arrived if arrival_times else times, case.x, case.y)
    lag, err = lag_and_error(case, fx, fy)
    keep = case.sensed >= case.sensed[0] + SKIP_S
    cx, cy = case.clean(case.sensed[keep] - lag)
    worst = float(np.max(np.hypot(fx[keep] - cx, fy[keep] - cy)))
    return (Score(lag, err, lag / ref[0], err / ref[1], worst), Score(ref[0], ref[1], 1.0, 1.0, 0.0))


def scores(cases: list[Case], make, arrival_times: bool = False) -> list[Score]:
    return [score_case(c, make, arrival_times)[0] for c in cases]


def summary(rows: list[Score]) -> dict[str, float]:
    lag = np.array([r.lag_ratio for r in rows])
    err = np.array([r.error_ratio for r in rows])
    return {"lag_median": float(np.median(lag)), "lag_p90": float(np.percentile(lag, 90)), "lag_worst": float(lag.max()),
            "err_median": float(np.median(err)), "err_p90": float(np.percentile(err, 90)), "err_worst": float(err.max()),
            "in_budget": float(np.mean((lag <= BUDGET_LAG) & (err <= BUDGET_ERR))),
            "worst_mm": float(max(r.worst_mm for r in rows))}


def meets_budget(s: dict[str, float]) -> bool:
    return s["in_budget"] >= BUDGET_SHARE and s["err_worst"] <= BUDGET_WORST_ERR


class NoFilter:
    def update(self, t, x, y):
        return x, y


def candidates(rate: float) -> dict[str, Callable[[], object]]:
    return {
        "none": NoFilter,
        "Butterworth 2nd order 5 Hz (causal)": lambda: ButterworthCOP(rate, 5.0),
        "One Euro (min 1 Hz, beta 0.1 /mm)": lambda: OneEuro(1.0, 0.1),
        "One Euro (min 2 Hz, beta 0.3 /mm)": lambda: OneEuro(2.0, 0.3),
        "SwayKalman, fixed intensity": lambda: SwayKalman(rate, adapt=False),
        "SwayKalman (ours)": lambda: SwayKalman(rate),
    }


# synthetic and simulated sway: the same comparison on people the filter never saw

def ou_sway(seed: int, speed_mm_s: float, tau: float, duration: float = 30.0):
    """Integrated Ornstein-Uhlenbeck sway at 1 kHz: velocity RMS `speed_mm_s` (ML at 0.6 of AP)."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    h = 0.001
    n = int(duration / h)
    e = math.exp(-h / tau)
    axes = []
    for scale in (0.6, 1.0):
        sd = speed_mm_s * scale
        v = lfilter([1.0], [1.0, -e], rng.normal(0, sd * math.sqrt(1 - e * e), n), zi=[rng.normal(0, sd) * e])[0]
        axes.append(np.cumsum(v) * h)
    return np.arange(n) * h, axes[0], axes[1]


def sim_sway(seed: int, skill: float, stance: str, duration: float = 30.0):
    """The simulated person's own COP at its 2 ms steps (what a perfect board would read)."""
    from poise.drivers import open_board
    from poise.game.engine.loop import VirtualClock

    clock = VirtualClock(0.0)
    board = open_board(f"sim://?seed={seed}&skill={skill}&stance={stance}", clock)
    person = board.person
    t, xs, ys = [], [], []
    for i in range(int(duration / 0.002)):
        x, y, _ = person.advance(1)
        t.append(i * 0.002)
        xs.append(x)
        ys.append(y)
    return np.array(t), np.array(xs), np.array(ys)


def resample_even(t, x, y, rate: float = 100.0):
    ts = np.arange(t[0], t[-1], 1.0 / rate)
    return ts, np.interp(ts, t, x), np.interp(ts, t, y)


OU_SPEEDS = (4, 8, 16, 32, 64, 128, 256)  # mm/s RMS: calm standing to far beyond quiet stance


def synthetic_sets() -> dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    ou = [ou_sway(10 + i, v, tau) for i, (v, tau) in enumerate((v, tau) for v in OU_SPEEDS for tau in (0.08, 0.3))]
    sim = [sim_sway(i + 1, skill, stance) for i, (skill, stance) in enumerate(
        [(0.9, "both"), (0.7, "both"), (0.4, "both"), (0.1, "both"), (0.8, "left"), (0.5, "right"), (0.2, "left")])]
    return {"integrated OU 4-256 mm/s": ou, "sim:// skill 0.1-0.9, 1-2 legs": sim}


def _cases(trials, timing: str, fine: bool = False) -> list[Case]:
    out = []
    for i, (t, x, y) in enumerate(trials):
        if timing == "even":
            out.append(even_case(*(resample_even(t, x, y) if fine else (t, x, y)), seed=i))
        else:
            out.append(wii_case(t, x, y, seed=i))
    return out


def _line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<38} {s['lag_median']:5.2f} {s['lag_p90']:5.2f} {s['lag_worst']:5.2f}   "
            f"{s['err_median']:5.2f} {s['err_p90']:5.2f} {s['err_worst']:5.2f}  {s['in_budget']:5.0%} {s['worst_mm']:7.1f}")


HEADER = (f"{'filter':<38} {'lag / BW8':^17}   {'error / BW8':^17}  {'in':>5} {'worst':>7}\n"
          f"{'':<38} {'med':>5} {'p90':>5} {'worst':>5}   {'med':>5} {'p90':>5} {'worst':>5}  {'budget':>5} {'mm':>7}")


def main() -> None:
    trials = load_trials()
    for timing, title in (("even", "even 100 Hz"), ("wii", "Wii timing (sim:// arrivals, ~60 Hz)")):
        cases = _cases(trials, timing)
        rate = 100.0 if timing == "even" else WII_RATE
        refs = [score_case(c, NoFilter)[1] for c in cases]
        print(f"\nDisplay filter, {len(cases)} BDS trials of 2 people + {NOISE_MM} mm noise, {title}; per trial vs a "
              f"causal Butterworth 2nd order 8 Hz (lag {1000 * np.median([r.lag for r in refs]):.1f} ms, "
              f"error {np.median([r.error for r in refs]):.3f} mm median):")
        print(HEADER)
        for name, make in candidates(rate).items():
            print(_line(name, summary(scores(cases, make))))
            if timing == "wii" and name == "SwayKalman (ours)":
                print(_line("SwayKalman on arrival times", summary(scores(cases, make, arrival_times=True))))
    print(f"\nOn sway it was not designed on (+ {NOISE_MM} mm noise; 30 s each; 14 integrated Ornstein-Uhlenbeck, "
          "7 simulated people):")
    print(HEADER)
    for name, trials in synthetic_sets().items():
        for timing in ("even", "wii"):
            cases = _cases(trials, timing, fine=True)
            rate = 100.0 if timing == "even" else WII_RATE
            where = "100 Hz" if timing == "even" else "Wii"
            print(_line(f"{name}, {where}", summary(scores(cases, lambda: SwayKalman(rate)))))
            if name.startswith("integrated"):
                fast = [c for c, (v, _) in zip(cases, ((v, tau) for v in OU_SPEEDS for tau in (0.08, 0.3))) if v >= 64]
                for label, adapt in (("fixed intensity", False), ("adapted", True)):
                    print(_line(f"  64-256 mm/s only, {label}", summary(scores(fast, lambda: SwayKalman(rate, adapt=adapt)))))
    print(f"budget (docs/design.md): lag/BW8 <= {BUDGET_LAG} with error/BW8 <= {BUDGET_ERR} on >= {BUDGET_SHARE:.0%} of "
          f"trials, worst error/BW8 <= {BUDGET_WORST_ERR}")


if __name__ == "__main__":
    main()
