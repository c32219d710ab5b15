"""Heel raises: rise slowly onto the balls of the feet and lower again, with a tempo guide.

A rep is counted from the COP: forward past 60 % of the player's rise, then back under 25 %.
Each guided rep scores  tempo x straightness: tempo = clamp(1 - |rep time - guide time| / guide
time), straightness = clamp(1 - side drift / tolerance) (drift = rolling in or out). Score = 1000 x
mean over the guided reps (a missed rep scores 0). The reps, the tempo and the side drift tolerated
follow the difficulty ladder.
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part

from .common import clamp, stars_for

PREPARE_S = 2.0


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    reps: tuple[int, ...]
    up_s: tuple[float, ...]
    hold_s: tuple[float, ...]
    down_s: tuple[float, ...]
    rise_fraction: float  # of forward reach: where the balls of the feet take the weight
    drift_tolerance_mm: tuple[float, ...]  # side drift (rolling in or out) that takes a rep's straightness to 0
    stars_at: tuple[float, ...]

    LADDER = ("reps", "up_s", "hold_s", "down_s", "drift_tolerance_mm")


@dataclasses.dataclass
class Rep:
    start: float
    top_at: float | None = None
    end: float | None = None
    drift: float = 0.0


class HeelRaises(Level):
    accent = "warn"
    music = "strength"  # the strength exercises' steady pulse
    view_module = "poise.levels.heel_raises_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.cycle = p.up_s[self.step] + p.hold_s[self.step] + p.down_s[self.step] + 1.0  # + 1 s rest
        self.reps_wanted = p.reps[self.step] if not seconds else max(2, int(seconds / self.cycle))
        self.rise = p.rise_fraction * self.reach.forward
        self.t = 0.0
        self.neutral: tuple[float, float] | None = None
        self.acc: list[tuple[float, float]] = []
        self.reps: list[Rep] = []
        self.current: Rep | None = None

    @property
    def guide_t(self) -> float:
        return self.t - PREPARE_S

    @property
    def progress(self) -> float:
        return clamp(self.guide_t / (self.reps_wanted * self.cycle))

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.3 and self.guide() >= 0.85

    def guide(self) -> float:
        """Where the guide is, 0 (heels down) .. 1 (up on the toes)."""
        if self.guide_t < 0:
            return 0.0
        p = self.params
        k = self.guide_t % self.cycle
        up, hold, down = p.up_s[self.step], p.hold_s[self.step], p.down_s[self.step]
        if k < up:
            return k / up
        if k < up + hold:
            return 1.0
        if k < up + hold + down:
            return 1.0 - (k - up - hold) / down
        return 0.0

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        self.t += dt
        if self.guide_t < 0:
            self.acc.append((balance.x, balance.y))
            return
        if self.neutral is None:
            xs, ys = zip(*self.acc)
            self.neutral = (sum(xs) / len(xs), sum(ys) / len(ys))
            self.events.append("go")
        rise = (balance.y - self.neutral[1]) / self.rise
        if self.current is None and rise > 0.25:
            self.current = Rep(self.t)
        if self.current is not None:
            self.current.drift = max(self.current.drift, abs(balance.x - self.neutral[0]))
            if self.current.top_at is None and rise > 0.6:
                self.current.top_at = self.t
            if rise < 0.25:
                if self.current.top_at is not None:
                    self.current.end = self.t
                    self.reps.append(self.current)
                    self.events.append("rep")
                self.current = None
        if int((self.guide_t - dt) / self.cycle) != int(self.guide_t / self.cycle):
            self.events.append("beat")
        if self.guide_t >= self.reps_wanted * self.cycle:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        n = self.neutral
        if n is None:
            return "both", None
        return "both", (n[0], n[1] + self.rise * self.guide())

    def rep_scores(self) -> list[float]:
        p = self.params
        want = p.up_s[self.step] + p.hold_s[self.step] + p.down_s[self.step]
        out = []
        for rep in self.reps[: self.reps_wanted]:
            tempo = clamp(1 - abs((rep.end - rep.start) - want) / want)
            straight = clamp(1 - rep.drift / p.drift_tolerance_mm[self.step])
            out.append(tempo * straight)
        return out

    def result(self) -> LevelResult:
        scores = self.rep_scores()
        fraction = sum(scores) / self.reps_wanted
        details = {"reps": len(self.reps), "reps_wanted": self.reps_wanted,
                   "mean_drift_mm": round(sum(r.drift for r in self.reps) / len(self.reps), 2) if self.reps else None,
                   "rep_quality": round(fraction, 4)}
        messages = [Message("heel.reps", {"reps": len(self.reps), "wanted": self.reps_wanted}),
                    Message("heel.quality", {"share": round(fraction, 4)}),
                    Message("heel.rolling", {"mm": details["mean_drift_mm"] or 0})]
        parts = [Part("reps.part.rep", s, {"n": i + 1})
                 for i, s in enumerate(scores + [0.0] * (self.reps_wanted - len(scores)))]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
