"""The rebuilt Wii sensing times against reports lost on the link: the table in docs/signal-path.md.

The simulator's own Wii arrival model (stalls, bursts; bench.filters.wii_arrivals) over 8 x 120 s, reports
dropped at random; each rebuilt time's error against when the sample was sensed, the link's constant latency
taken out (the median), after the first 5 s. `live`: as the cursor gets them; `held`: held back as the LSL
outlet does (HeldTimes), so a loss found a few samples later still moves them.
"""
from __future__ import annotations

import numpy as np

from bench.filters import wii_arrivals
from poise.game.core.clock import HeldTimes, SensingClock

SEEDS = range(1, 9)
SECONDS = 120.0


def errors(loss: float, seed: int, held: bool) -> np.ndarray:
    sensed, arrived = wii_arrivals(SECONDS, seed)
    keep = np.random.default_rng(100 + seed).random(sensed.size) >= loss
    clock, holder, got = SensingClock(60.0), HeldTimes(), []
    for a in arrived[keep]:
        t = clock.time(float(a))
        if held:
            got += [t for _, t in holder.push(None, t, clock.revised)]
        else:
            got.append(t)
    if held:
        got += [t for _, t in holder.flush()]
    true = sensed[keep]
    off = (np.array(got) - true)[true > true[0] + 5.0]
    return np.abs(off - np.median(off))


def main() -> None:
    print("Rebuilt Wii sensing times with reports lost (simulator's arrivals, 8 x 120 s):")
    print(f"{'lost':>6} {'clock':>6} {'within 1 ms':>12} {'p99 ms':>8} {'worst ms':>9}")
    for loss in (0.0, 0.01, 0.03):
        for held in (False, True):
            e = [errors(loss, seed, held) for seed in SEEDS]
            within = np.mean([np.mean(x < 0.001) for x in e]) * 100
            p99 = np.mean([np.percentile(x, 99) for x in e]) * 1000
            worst = max(x.max() for x in e) * 1000
            print(f"{loss:>6.0%} {'held' if held else 'live':>6} {within:>11.1f}% {p99:>8.1f} {worst:>9.1f}")


if __name__ == "__main__":
    main()
