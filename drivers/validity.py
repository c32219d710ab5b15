"""Which corner readings may be used: faults, values out of range, isolated spikes (pure, no I/O).

A driver knows things the numbers cannot tell (a status bit, a chip that did not answer, a code the
converter is known to emit when it glitches); this guard adds what the numbers do tell. Per sample
it returns the corners that must not be used (Sample.invalid). The raw value is still delivered and
recorded; the game and the analysis leave an invalid sample out, as if it had never arrived.

Rules, per corner:
- a hard fault from the driver (missing chip, full-scale code, dead batteries) is invalid;
- a value outside MIN_CORNER_KG..MAX_CORNER_KG is invalid (only once the board's zero is known:
  an uncalibrated board's first readings may sit anywhere until it is tared);
- a value that is a known glitch code (`coded`) is invalid unless it is within CODE_NEAR_KG of the
  last good value (a real reading that happens to hit the code);
- a jump of more than JUMP_KG from the last good value, or a smaller one on one corner alone (at least
  SPIKE_MIN_KG and SPIKE_NOISE times that corner's recent sample-to-sample noise, while every other corner
  moved less than ALONE_SHARE of it: a person shifting weight moves two corners or more, an interrupt that
  stretches one chip's read corrupts one), is held back one sample: if the next sample stays at the new
  level the corner really moved (accepted from then on), if it comes back the jump was a spike.
An invalid run of at most MAX_SPIKE_RUN samples that ends in a good value counts as spikes.
"""
from __future__ import annotations

MAX_CORNER_KG = 200.0  # one corner under one person (a 150 kg-rated board, four 50 kg cells): more is a fault
MIN_CORNER_KG = -20.0  # a zeroed corner reads about 0 empty; far below it the sensor is broken
JUMP_KG = 12.0  # one corner moving this far in one sample (~12-17 ms) is not a person standing on it
SPIKE_MIN_KG = 1.0  # the smallest one-corner excursion judged a spike: well above any board's noise per sample
SPIKE_NOISE = 8.0  # ... and this many times that corner's recent mean sample-to-sample change
ALONE_SHARE = 0.25  # every other corner moved less than this share of it: one corner alone
NOISE_TC = 30.0  # samples: the memory of each corner's recent sample-to-sample change
CODE_NEAR_KG = 0.5  # a glitch code this close to the last good value is a real reading
MAX_SPIKE_RUN = 2  # invalid this many samples in a row, then good again: isolated spikes


class CornerGuard:
    def __init__(self, jump_kg: float = JUMP_KG, low_kg: float = MIN_CORNER_KG, high_kg: float = MAX_CORNER_KG):
        self.jump_kg, self.low_kg, self.high_kg = jump_kg, low_kg, high_kg
        self.good: list[float | None] = [None] * 4  # last value used, per corner
        self.pending: list[float | None] = [None] * 4  # a jumped value waiting for the next sample
        self.run = [0] * 4  # invalid samples in a row, per corner
        self.noise = [0.0] * 4  # recent mean absolute sample-to-sample change of the values used, per corner
        self.spikes = 0

    def _alone(self, i: int, steps: list[float]) -> bool:
        """Did corner i move by a spike's size while every other corner stayed (one corner alone)?"""
        step = abs(steps[i])
        if step < max(SPIKE_MIN_KG, SPIKE_NOISE * self.noise[i]):
            return False
        return all(abs(d) < ALONE_SHARE * step for j, d in enumerate(steps) if j != i)

    def check(self, kg, hard: int = 0, coded: int = 0, zero_known: bool = True) -> int:
        """`kg`: four corner values; `hard`: corners the driver knows are faulty; `coded`: corners whose
        raw value is a known glitch code. Returns the mask of corners that must not be used."""
        steps = [0.0 if g is None or v != v else v - g for v, g in zip(kg, self.good)]
        invalid = 0
        for i, v in enumerate(kg):
            bit = 1 << i
            good = self.good[i]
            if hard & bit or (zero_known and not self.low_kg <= v <= self.high_kg) or v != v:
                bad = True
                self.good[i] = self.pending[i] = None  # after a fault the first reading back is trusted
            elif coded & bit and (good is None or abs(v - good) > CODE_NEAR_KG):
                bad = True
            elif good is not None and (abs(v - good) > self.jump_kg or self._alone(i, steps)):
                pending = self.pending[i]
                # not yet two alike at the new level: the second must be nearer the first than the last good one
                bad = pending is None or abs(v - pending) > min(self.jump_kg, abs(v - good)) / 2
                self.pending[i] = None if not bad else v
                if not bad:
                    self.run[i] = 0  # it moved for real: the held-back sample was no spike
            else:
                bad = False
            if bad:
                invalid |= bit
                self.run[i] += 1
            else:
                if 0 < self.run[i] <= MAX_SPIKE_RUN:
                    self.spikes += self.run[i]
                self.run[i] = 0
                if good is not None:
                    self.noise[i] += (abs(v - good) - self.noise[i]) / NOISE_TC
                self.good[i], self.pending[i] = float(v), None
        return invalid
