"""Guided repetitions: the strength exercises' shared engine (squat, toe raises, outward roll).

The balance point moves along one direction - toward the heels in a squat or a toe raise, sideways
under the front foot in an outward roll - and back, following a tempo guide that goes out for `out_s`,
holds for `hold_s`, comes back over `back_s` and rests for `rest_s` (one cycle = one guided rep). The
exercise is played in blocks: one block, or one per leg (`legs`). Each block starts with `prepare_s` in
position; the neutral point is the mean raw COP over its last PREPARE_MEAN_S.

Per guided rep (one cycle of the guide), from the raw COP relative to the block's neutral point:

- depth(t) = the displacement along the direction / the target displacement (0 at rest, 1 at the target);
- follow   = clamp(1 - min over lag of mean |depth(t) - guide(t - lag)| / tempo_tolerance_fraction), the
  lag running from 0 to MAX_LAG_S in steps of 0.1 s: on tempo and controlled both ways (dropping back
  fast is as far off the guide as rising late), while following a little behind the guide is fine;
- reached  = the rep went past REACHED (60 %) of the target;
- drift    = the largest distance (mm) off the line of the movement while past BACK (25 %): rolling in
  or out, rocking.

Reps are also counted as the player makes them: past 60 % of the target, then back under 25 %. Each
mechanic combines follow, reached, drift (and its own form measures, `loaded`) into a rep's score;
a missed rep scores 0. Everything runs on the fixed steps and the raw COP, so the score does not
depend on the frame rate.
"""
from __future__ import annotations

import dataclasses
import math

from poise.api import Balance, Level

from .common import clamp

REACHED = 0.6  # share of the target that counts as a rep's top
BACK = 0.25  # under this share of the target the rep is back at rest
PREPARE_MEAN_S = 1.5  # the neutral point: mean raw COP over the last this many seconds of preparing
LAGS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # s: following this far behind the guide is on tempo (MAX_LAG_S = the last)
ANTICIPATE_S = 0.7  # the simulated player moves with the guide, not after it: its aim runs this far ahead


@dataclasses.dataclass
class RepWindow:
    """One guided rep (a cycle of the guide) as the player made it."""

    block: int
    leg: str | None
    index: int  # within the block
    err_sums: list = dataclasses.field(default_factory=lambda: [0.0] * len(LAGS))  # per lag in LAGS
    n: int = 0
    top: float = 0.0  # deepest share of the target reached
    drift: float = 0.0  # mm off the line, while loaded
    loaded_n: int = 0  # samples past BACK
    sums: dict = dataclasses.field(default_factory=dict)  # the mechanic's own sums over loaded samples

    def follow(self, tolerance: float) -> float:
        return clamp(1.0 - (min(self.err_sums) / self.n) / tolerance) if self.n else 0.0

    @property
    def reached(self) -> bool:
        return self.top >= REACHED

    def mean(self, key: str) -> float | None:
        return self.sums[key] / self.loaded_n if self.loaded_n and key in self.sums else None


class GuidedReps(Level):
    """A level of guided reps in blocks. A mechanic sets `direction`, `target_mm`, `rep_score` and `result`.

    Its Params carry: reps, out_s, hold_s, back_s, tempo_tolerance_fraction (ladders), rest_s, prepare_s.
    """
    music = "strength"  # the strength exercises' steady pulse

    stance = "both"  # what the simulated player stands on

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        s = self.step
        self.out_s, self.hold_s, self.back_s, self.rest_s = p.out_s[s], p.hold_s[s], p.back_s[s], p.rest_s
        self.tempo_tolerance = p.tempo_tolerance_fraction[s]  # harder steps ask for a closer tempo
        self.cycle = self.out_s + self.hold_s + self.back_s + self.rest_s
        self.legs: list[str | None] = list(self.block_legs())
        per_block = seconds / len(self.legs) - p.prepare_s if seconds else None
        self.reps_wanted = p.reps[s] if not seconds else max(2, int(per_block / self.cycle))
        self.block_s = p.prepare_s + self.reps_wanted * self.cycle
        self.total = len(self.legs) * self.block_s
        self.t = 0.0
        self.acc: list[tuple[float, float, float]] = []  # (block time, x, y) while preparing
        self.neutral: tuple[float, float] | None = None
        self.windows: list[RepWindow] = []
        self.counted: dict[int, int] = {}  # block -> reps made
        self._in_rep = False
        self._top = False
        self.latest_depth = 0.0

    # --- what a mechanic defines ------------------------------------------------------------------
    def block_legs(self) -> tuple[str | None, ...]:
        return tuple(self.params.legs) if hasattr(self.params, "legs") else (None,)

    def direction(self, leg: str | None) -> tuple[float, float]:
        """Unit vector (board mm) along which the balance point moves out."""
        raise NotImplementedError

    def target_mm(self, leg: str | None) -> float:
        raise NotImplementedError

    def on_loaded(self, window: RepWindow, balance: Balance) -> None:
        """A sample past BACK of the target: add the mechanic's own form sums to the window."""

    def aim_point(self, leg: str | None, guide: float) -> tuple[float, float]:
        """Where a good player's balance point is when the guide is at `guide` (0..1)."""
        n = self.neutral
        ux, uy = self.direction(leg)
        d = self.target_mm(leg) * guide
        return n[0] + ux * d, n[1] + uy * d

    # --- timeline ------------------------------------------------------------------------------
    def locate(self, t: float | None = None) -> tuple[int, float]:
        """(block, seconds into it) at play time `t` (default now)."""
        t = self.t if t is None else t
        block = min(int(t // self.block_s), len(self.legs) - 1)
        return block, t - block * self.block_s

    @property
    def block(self) -> int:
        return self.locate()[0]

    @property
    def leg(self) -> str | None:
        return self.legs[self.block]

    @property
    def preparing(self) -> bool:
        return self.locate()[1] < self.params.prepare_s

    def prepare_left(self) -> float:
        return max(0.0, self.params.prepare_s - self.locate()[1])

    def guide(self) -> float:
        """Where the guide is now, 0 (rest) .. 1 (the target)."""
        return 0.0 if self.finished else self.guide_at(self.locate()[1])

    def guide_at(self, k: float) -> float:
        """Where the guide is `k` seconds into a block."""
        k -= self.params.prepare_s
        if k < 0 or k >= self.reps_wanted * self.cycle:
            return 0.0
        k %= self.cycle
        if k < self.out_s:
            return _ease(k / self.out_s)
        if k < self.out_s + self.hold_s:
            return 1.0
        if k < self.out_s + self.hold_s + self.back_s:
            return 1.0 - _ease((k - self.out_s - self.hold_s) / self.back_s)
        return 0.0

    def rep_index(self) -> int:
        _, k = self.locate()
        return max(0, min(self.reps_wanted - 1, int((k - self.params.prepare_s) // self.cycle)))

    @property
    def progress(self) -> float:
        return clamp(self.t / self.total)

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.3 and not self.preparing and self.guide() >= 0.9

    def planned_seconds(self) -> float:
        return self.total

    # --- fixed steps -----------------------------------------------------------------------------
    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        before_block, _ = self.locate()
        self.t += dt
        block, k = self.locate()
        p = self.params
        if block != before_block:  # a new block (the other leg): prepare again
            self.neutral = None
            self.acc = []
        if k < p.prepare_s:
            self.acc.append((k, balance.x, balance.y))
            return
        if self.neutral is None:
            recent = [(x, y) for kk, x, y in self.acc if kk >= p.prepare_s - PREPARE_MEAN_S] or \
                [(balance.x, balance.y)]
            self.neutral = (sum(x for x, _ in recent) / len(recent), sum(y for _, y in recent) / len(recent))
            self.events.append("go")
            self._in_rep = self._top = False
        leg = self.legs[block]
        ux, uy = self.direction(leg)
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        depth = (dx * ux + dy * uy) / self.target_mm(leg)
        off = abs(dx * uy - dy * ux)
        self.latest_depth = depth
        index = int((k - p.prepare_s) // self.cycle)
        if index >= self.reps_wanted:
            index = self.reps_wanted - 1
        if not self.windows or (self.windows[-1].block, self.windows[-1].index) != (block, index):
            self.windows.append(RepWindow(block, leg, index))
            if index:
                self.events.append("beat")
        w = self.windows[-1]
        for i, lag in enumerate(LAGS):
            w.err_sums[i] += abs(depth - self.guide_at(k - lag))
        w.n += 1
        w.top = max(w.top, depth)
        if depth > BACK:
            w.drift = max(w.drift, off)
            w.loaded_n += 1
            self.on_loaded(w, balance)
        # reps as the player makes them
        if not self._in_rep and depth > BACK:
            self._in_rep, self._top = True, False
        if self._in_rep:
            self._top = self._top or depth > REACHED
            if depth < BACK:
                if self._top:
                    self.counted[block] = self.counted.get(block, 0) + 1
                    self.events.append("rep")
                self._in_rep = False
        if self.t >= self.total - 1e-9:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        if self.neutral is None or self.preparing:
            return self.stance, None
        return self.stance, self.aim_point(self.leg, self.guide_at(self.locate()[1] + ANTICIPATE_S))

    # --- scoring -----------------------------------------------------------------------------------
    def rep_score(self, w: RepWindow) -> float:
        raise NotImplementedError

    def all_windows(self) -> list[RepWindow]:
        """Every guided rep, made or not (a rep the player never started is an empty window)."""
        made = {(w.block, w.index): w for w in self.windows}
        return [made.get((b, i)) or RepWindow(b, self.legs[b], i)
                for b in range(len(self.legs)) for i in range(self.reps_wanted)]

    def scores(self) -> list[float]:
        return [self.rep_score(w) if w.reached else 0.0 for w in self.all_windows()]

    def reps_made(self, block: int | None = None) -> int:
        if block is None:
            return sum(self.counted.values())
        return self.counted.get(block, 0)


def _ease(u: float) -> float:
    """A smooth start and stop (cosine ramp): how a controlled movement speeds up and slows down."""
    return 0.5 - 0.5 * math.cos(math.pi * clamp(u))
