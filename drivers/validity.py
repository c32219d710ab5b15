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
- a jump of more than JUMP_KG from the last good value is held back one sample: if the next sample
  stays at the new level the corner really moved (accepted from then on), if it comes back the jump
  was a spike.
An invalid run of at most MAX_SPIKE_RUN samples that ends in a good value counts as spikes.
"""
from __future__ import annotations

MAX_CORNER_KG = 200.0  # one corner under one person (a 150 kg-rated board, four 50 kg cells): more is a fault
MIN_CORNER_KG = -20.0  # a zeroed corner reads about 0 empty; far below it the sensor is broken
JUMP_KG = 12.0  # one corner moving this far in one sample (~12-17 ms) is not a person standing on it
CODE_NEAR_KG = 0.5  # a glitch code this close to the last good value is a real reading
MAX_SPIKE_RUN = 2  # invalid this many samples in a row, then good again: isolated spikes


class CornerGuard:
    def __init__(self, jump_kg: float = JUMP_KG, low_kg: float = MIN_CORNER_KG, high_kg: float = MAX_CORNER_KG):
        self.jump_kg, self.low_kg, self.high_kg = jump_kg, low_kg, high_kg
        self.good: list[float | None] = [None] * 4  # last value used, per corner
        self.pending: list[float | None] = [None] * 4  # a jumped value waiting for the next sample
        self.run = [0] * 4  # invalid samples in a row, per corner
        self.spikes = 0

    def check(self, kg, hard: int = 0, coded: int = 0, zero_known: bool = True) -> int:
        """`kg`: four corner values; `hard`: corners the driver knows are faulty; `coded`: corners whose
        raw value is a known glitch code. Returns the mask of corners that must not be used."""
        invalid = 0
        for i, v in enumerate(kg):
            bit = 1 << i
            good = self.good[i]
            if hard & bit or (zero_known and not self.low_kg <= v <= self.high_kg) or v != v:
                bad = True
                self.good[i] = self.pending[i] = None  # after a fault the first reading back is trusted
            elif coded & bit and (good is None or abs(v - good) > CODE_NEAR_KG):
                bad = True
            elif good is not None and abs(v - good) > self.jump_kg:
                pending = self.pending[i]
                bad = pending is None or abs(v - pending) > self.jump_kg / 2  # not yet two alike at the new level
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
                self.good[i], self.pending[i] = float(v), None
        return invalid
