"""Stepping stones: lean onto each stone in turn and hold the balance point on it for `hold_s`.

The stones lie around the player's neutral point (where they stood at the start) in six directions, at a
share of their reach (`reach_fraction`, per difficulty step); a stone is `radius_mm` across (per step). A
stone counts once the raw centre of pressure has stayed on it for `hold_s` without leaving; one not reached
within `give_up_s` is passed by. A stone reached in `par_s` or less is worth 1, a slower one par_s / time;
the score is 1000 x the mean over the stones.

Written against poise.api alone: this module holds the logic (no pygame), stones_view.py the drawing.
"""
from __future__ import annotations

import dataclasses
import math

from poise import api

ANGLES = (180, 0, 135, 45, 90, 270)  # degrees, 0 = right, 90 = toward the toes: a zigzag across (the player reaches
# less far back than forward, so the back stones would crowd one another: one straight back)


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    stones: int
    reach_fraction: tuple[float, ...]
    radius_mm: tuple[float, ...]
    hold_s: float
    par_s: float
    give_up_s: float
    stars_at: tuple[float, ...]

    LADDER = ("reach_fraction", "radius_mm")

    def __post_init__(self):
        super().__post_init__()
        if self.stones < 1:
            raise ValueError("params.stones must be at least 1")
        if len(self.stars_at) != 3 or list(self.stars_at) != sorted(self.stars_at):
            raise ValueError("params.stars_at must be three increasing fractions")


class SteppingStones(api.Level):
    Params = Params
    view_module = "poise_stepping_stones.stones_view"
    accent = "good"

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        count = p.stones if not seconds else max(1, min(p.stones, round(seconds / p.par_s)))
        self.stones = [self.reach.point(math.radians(ANGLES[i % len(ANGLES)]), p.reach_fraction[self.step])
                       for i in range(count)]
        self.radius = p.radius_mm[self.step]
        self.index = 0  # the stone lit now
        self.lit_t = 0.0  # since it lit up (s)
        self.on_t = 0.0  # on it without leaving (s)
        self.times: list[float | None] = []  # per stone: how long it took, None when passed by
        self.neutral: tuple[float, float] | None = None

    @property
    def progress(self) -> float:
        return self.index / len(self.stones)

    @property
    def target(self) -> tuple[float, float]:
        """The lit stone, board mm."""
        n = self.neutral or (0.0, 0.0)
        x, y = self.stones[min(self.index, len(self.stones) - 1)]
        return n[0] + x, n[1] + y

    def fixed_update(self, t: float, dt: float, balance: api.Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        self.lit_t += dt
        tx, ty = self.target
        self.on_t = self.on_t + dt if math.hypot(balance.x - tx, balance.y - ty) <= self.radius else 0.0
        if self.on_t >= self.params.hold_s:
            self.times.append(self.lit_t)
            self.events.append("hit")
            self._next()
        elif self.lit_t >= self.params.give_up_s:
            self.times.append(None)
            self.events.append("miss")
            self._next()

    def _next(self) -> None:
        self.index += 1
        self.lit_t = self.on_t = 0.0
        if self.index >= len(self.stones):
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        return "both", self.target if not self.finished else None

    def result(self) -> api.LevelResult:
        p = self.params
        scores = [0.0 if s is None else min(1.0, p.par_s / max(s, 1e-9)) for s in self.times]
        scores += [0.0] * (len(self.stones) - len(scores))
        fraction = sum(scores) / len(scores)
        reached = [s for s in self.times if s is not None]
        mean = sum(reached) / len(reached) if reached else None
        details = {"stones": len(self.stones), "reached": len(reached), "radius_mm": self.radius,
                   "times_s": [None if s is None else round(s, 3) for s in self.times],
                   "mean_time_s": None if mean is None else round(mean, 3)}
        messages = [api.Message("stones.crossed", {"reached": len(reached), "stones": len(self.stones)}),
                    api.Message("stones.mean_time", {"s": round(mean, 2), "par_s": p.par_s}) if reached
                    else api.Message("stones.none")]
        parts = [api.Part("stones.part.stone", s, {"n": i + 1}) for i, s in enumerate(scores)]
        stars = sum(fraction >= s for s in p.stars_at)
        return api.LevelResult(round(1000 * fraction), stars, details, messages=messages, parts=parts)
