"""Marching in place: lift one knee, put the foot down, lift the other, in time with a beat.

Each step shifts the weight onto the standing foot; the board sees the balance point move over that
foot. From the raw COP relative to the neutral point (mean over the last 1.5 s of preparing), the
player stands on the right foot once it is more than `shift_fraction` of the foot offset
(FOOT_OFFSET_MM, poise.game.core.stance) to the right, on the left foot likewise, and back on both
once within 30 % of it (hysteresis).

Step i is due at its beat, start_i = i x 60 / steps_per_min, asking to lift the right knee (stand on
the left) for even i and the left knee for odd i, for `lift_fraction` of the step. Its onset is the
first moment, from a quarter step before the beat to the next beat, that the player stands on the
asked foot; timing_i = clamp(1 - |onset - start_i| / timing_tolerance_s), 0 for a missed step.

Load symmetry between the legs: time = min/max of the seconds stood on each foot, shift = min/max of
the mean sideways shift (mm) while standing on each; symmetry = (time + shift) / 2.
Score = 1000 x (0.6 x mean timing + 0.4 x symmetry x steps made / steps asked).
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, FOOT_OFFSET_MM, Level, LevelResult, Message, Part

from .common import clamp, stars_for

PREPARE_MEAN_S = 1.5
BACK_FRACTION = 0.3  # within this share of the foot offset: back on both feet
EARLY = 0.25  # a step may start this share of a step before its beat
ANTICIPATE_S = 0.4  # the simulated player shifts its weight this long before the beat, as people do to a rhythm


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    beats: tuple[int, ...]  # steps to march
    steps_per_min: tuple[float, ...]
    lift_fraction: float  # share of each step with the knee up
    prepare_s: float
    shift_fraction: float  # of the foot offset: standing over one foot
    timing_tolerance_s: tuple[float, ...]  # harder steps ask for closer timing
    single_leg: bool  # part of each step is on one leg: ask for support first
    stars_at: tuple[float, ...]

    LADDER = ("beats", "steps_per_min", "timing_tolerance_s")


def standing_leg(i: int) -> str:
    """The foot to stand on for step i (the other knee lifts)."""
    return "left" if i % 2 == 0 else "right"


class Marching(Level):
    accent = "accent_light"
    music = "strength"  # the strength exercises' steady pulse
    view_module = "poise.levels.marching_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.period = 60.0 / p.steps_per_min[self.step]
        self.steps_wanted = p.beats[self.step] if not seconds else max(4, int(seconds / self.period))
        self.total = p.prepare_s + self.steps_wanted * self.period
        self.t = 0.0
        self.acc: list[tuple[float, float, float]] = []
        self.neutral_x: float | None = None
        self.neutral_y = 0.0
        self.detected = "both"
        self.onsets: dict[int, float] = {}  # step -> onset - beat (s)
        self.stood = {"left": 0.0, "right": 0.0}  # seconds on each foot
        self.shift_sum = {"left": 0.0, "right": 0.0}
        self.shift_n = {"left": 0, "right": 0}

    # --- timeline --------------------------------------------------------------------------------
    def beat(self, i: int) -> float:
        return self.params.prepare_s + i * self.period

    def step_now(self, t: float | None = None) -> int:
        """The step whose beat was last at play time `t` (default now; -1 before the first)."""
        t = self.t if t is None else t
        if t < self.params.prepare_s:
            return -1
        return min(self.steps_wanted - 1, int((t - self.params.prepare_s) // self.period))

    def lifting(self, t: float | None = None) -> bool:
        t = self.t if t is None else t
        i = self.step_now(t)
        return i >= 0 and t - self.beat(i) < self.params.lift_fraction * self.period and t < self.total

    def asked(self, ahead: float = 0.0) -> str:
        """What the guide asks now (or `ahead` seconds from now): the foot to stand on, or both."""
        t = self.t + ahead
        return standing_leg(self.step_now(t)) if self.lifting(t) else "both"

    @property
    def progress(self) -> float:
        return clamp(self.t / self.total)

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.4 and self.detected != "both"

    def planned_seconds(self) -> float:
        return self.total

    # --- fixed steps -----------------------------------------------------------------------------
    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        p = self.params
        before = self.step_now()
        self.t += dt
        if self.t < p.prepare_s:
            self.acc.append((self.t, balance.x, balance.y))
            return
        if self.neutral_x is None:
            recent = [(x, y) for tt, x, y in self.acc if tt >= p.prepare_s - PREPARE_MEAN_S] or [(balance.x, balance.y)]
            self.neutral_x = sum(x for x, _ in recent) / len(recent)
            self.neutral_y = sum(y for _, y in recent) / len(recent)
            self.events.append("go")
        if self.step_now() != before and self.step_now() > 0:
            self.events.append("beat")
        dx = balance.x - self.neutral_x
        over = p.shift_fraction * FOOT_OFFSET_MM
        if dx > over:
            now = "right"
        elif dx < -over:
            now = "left"
        elif abs(dx) < BACK_FRACTION * FOOT_OFFSET_MM:
            now = "both"
        else:
            now = self.detected
        if now != self.detected and now != "both":
            self._onset(now)
        self.detected = now
        if now != "both":
            self.stood[now] += dt
            self.shift_sum[now] += abs(dx)
            self.shift_n[now] += 1
        if self.t >= self.total - 1e-9:
            self.finished = True
            self.events.append("done")

    def _onset(self, leg: str) -> None:
        """The player just stood on `leg`: the step it answers, if one is open."""
        for i in range(max(0, self.step_now() - 1), min(self.steps_wanted, self.step_now() + 2)):
            if i in self.onsets or standing_leg(i) != leg:
                continue
            lo, hi = self.beat(i) - EARLY * self.period, self.beat(i) + self.period
            if lo <= self.t < hi:
                self.onsets[i] = self.t - self.beat(i)
                self.events.append("rep")
                return

    def autopilot_goal(self):
        if self.neutral_x is None:
            return "both", None
        stance = self.asked(ANTICIPATE_S)
        side = {"left": -1.0, "right": 1.0, "both": 0.0}[stance]
        return stance, (self.neutral_x + side * FOOT_OFFSET_MM, self.neutral_y)

    # --- scoring ---------------------------------------------------------------------------------
    def timings(self) -> list[float]:
        tol = self.params.timing_tolerance_s[self.step]
        return [clamp(1.0 - abs(self.onsets[i]) / tol) if i in self.onsets else 0.0 for i in range(self.steps_wanted)]

    def mean_shift(self, leg: str) -> float:
        return self.shift_sum[leg] / self.shift_n[leg] if self.shift_n[leg] else 0.0

    def symmetry(self) -> tuple[float, float]:
        """(time, shift) symmetry: min/max between the legs, 0 when a leg was never stood on."""
        def ratio(a: float, b: float) -> float:
            return min(a, b) / max(a, b) if min(a, b) > 0 else 0.0
        return (ratio(self.stood["left"], self.stood["right"]),
                ratio(self.mean_shift("left"), self.mean_shift("right")))

    def result(self) -> LevelResult:
        timings = self.timings()
        timing = sum(timings) / len(timings)
        sym_time, sym_shift = self.symmetry()
        symmetry = (sym_time + sym_shift) / 2
        made = len(self.onsets)
        fraction = 0.6 * timing + 0.4 * symmetry * made / self.steps_wanted
        lateness = [self.onsets[i] for i in sorted(self.onsets)]
        mean_late = sum(lateness) / len(lateness) if lateness else None
        total_stood = self.stood["left"] + self.stood["right"]
        left_pct = self.stood["left"] / total_stood if total_stood else 0.5
        details = {"steps": made, "steps_wanted": self.steps_wanted,
                   "steps_per_min": self.params.steps_per_min[self.step],
                   "mean_onset_s": round(mean_late, 3) if mean_late is not None else None,
                   "timing": round(timing, 4), "left_s": round(self.stood["left"], 2),
                   "right_s": round(self.stood["right"], 2), "left_shift_mm": round(self.mean_shift("left"), 1),
                   "right_shift_mm": round(self.mean_shift("right"), 1), "symmetry": round(symmetry, 4)}
        when = (Message("march.no_steps") if mean_late is None else
                Message("march.late" if mean_late > 0 else "march.early", {"s": round(abs(mean_late), 3)}))
        messages = [Message("march.on_beat", {"steps": made, "wanted": self.steps_wanted}), when,
                    Message("march.time_on_feet", {"left": round(left_pct, 4), "right": round(1 - left_pct, 4)}),
                    Message("march.weight_shift", {"left_mm": details["left_shift_mm"],
                                                   "right_mm": details["right_shift_mm"]})]
        parts = [Part("march.part.timing", timing), Part("march.part.even_time", sym_time),
                 Part("march.part.even_shift", sym_shift)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
