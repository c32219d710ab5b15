"""Bubble river: float a soap bubble down a winding river. Lean left and right to steer it between
the banks, forward to go faster, back to slow down; touch a bank and it pops.

The bubble's side position is the raw balance point's side-to-side lean from where you stood at the
start, as a share of your reach that way (the same scale the river's bends are drawn in); its speed
is `base_speed` plus `lean_boost` times the forward lean (share of the forward reach) or minus
`back_brake` times the backward lean. It pops when it leaves the water (its edge past a bank): it
takes `pop_s` to form again, then has `grace_s` to get back between the banks. Sparkles on the water
each take `sparkle_bonus_s` off the time when the bubble passes through one. Score = 1000 x
clamp(par / (time - sparkle bonuses)), par being the course at 70 % forward lean with half the
sparkles and no pop. The river's bends come from the difficulty ladder (fixed per step).
"""
from __future__ import annotations

import dataclasses
import math
import random

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Versus

from .common import clamp, stars_for

SPARKLE_REACH = 0.09  # of the reach: how close the bubble must pass
TRAIL_S = 0.12
LOOK_AHEAD_S = 0.8  # the simulated player steers for where the river will be this long from now
BUBBLE_RADIUS = 0.05  # of the reach


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    length_m: float
    base_speed: float  # m/s standing upright
    lean_boost: float  # m/s more at full forward lean
    back_brake: float  # m/s less at full backward lean
    min_speed: float
    half_width: tuple[float, ...]  # of the reach: half the river's width
    wind: tuple[float, ...]  # of the reach: how far the bends swing out
    bend_m: tuple[float, ...]  # distance between a bend and the next one the other way
    sparkles: tuple[int, ...]
    pop_s: float
    grace_s: float
    sparkle_bonus_s: float
    stars_at: tuple[float, ...]

    LADDER = ("half_width", "wind", "bend_m", "sparkles")


class BubbleRiver(Level):
    accent = "accent"
    music = "river"
    view_module = "poise.levels.bubble_river_view"
    Params = Params
    # head to head: two bubbles on the same river; the first to the end (sparkles taken off its time) wins,
    # and a pop costs the moments it takes to form again
    versus = Versus("river.versus.rule", "river.versus.measure", better="lower")

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p, k = self.params, self.step
        par_speed = p.base_speed + 0.7 * p.lean_boost
        self.length = p.length_m if not seconds else max(20.0, seconds * par_speed)
        rng = random.Random(f"river-{k}")
        # the centre line: two sines of different wavelengths, phases fixed per step
        self.waves = [(p.wind[k] * 0.65, 2 * p.bend_m[k], rng.uniform(0, 2 * math.pi)),
                      (p.wind[k] * 0.35, 2 * p.bend_m[k] * 0.43, rng.uniform(0, 2 * math.pi))]
        n = max(3, round(p.sparkles[k] * self.length / p.length_m))
        self.sparkles = []
        for i in range(n):
            s = self.length * (i + 0.7) / (n + 0.4)
            off = rng.uniform(-0.6, 0.6) * (p.half_width[k] - BUBBLE_RADIUS)
            self.sparkles.append((s, self.centre(s) + off))
        self.collected: dict[int, float] = {}  # sparkle -> level time it was caught
        self.par = self.length / par_speed - 0.5 * n * p.sparkle_bonus_s
        self.distance = 0.0
        self.t = 0.0
        self.lateral = 0.0
        self.speed = 0.0
        self.pops = 0
        self.popped_at: float | None = None  # level time of the last pop while it is re-forming
        self.grace_until = 0.0
        self.neutral: tuple[float, float] | None = None
        self.trail: list[tuple[float, float]] = []  # (distance, side) every TRAIL_S: the bubbles it leaves

    def centre(self, s: float) -> float:
        """The river's middle at distance `s` (m), -1..1 of the reach; it starts straight, where you stand."""
        k = min(1.0, max(0.0, s / 25.0))
        fade = k * k * (3 - 2 * k)
        return fade * sum(a * math.sin(2 * math.pi * s / wl + ph) for a, wl, ph in self.waves)

    @property
    def half_width(self) -> float:
        return self.params.half_width[self.step]

    @property
    def progress(self) -> float:
        return min(1.0, self.distance / self.length)

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.45 and self.popped_at is None

    @property
    def forming(self) -> bool:
        return self.popped_at is not None

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        p, r = self.params, self.reach
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        self.lateral = clamp(dx / (r.right if dx >= 0 else r.left), -1.3, 1.3)
        self.t += dt
        if self.popped_at is not None:  # re-forming where it popped
            self.speed = 0.0
            if self.t - self.popped_at >= p.pop_s:
                self.popped_at = None
                self.grace_until = self.t + p.grace_s
            return
        lean = dy / r.forward if dy >= 0 else dy / r.back
        self.speed = max(p.min_speed, p.base_speed + p.lean_boost * clamp(lean) - p.back_brake * clamp(-lean))
        before = self.distance
        self.distance = min(self.length, self.distance + self.speed * dt)
        if int(self.t / TRAIL_S) != int((self.t - dt) / TRAIL_S):
            self.trail = (self.trail + [(self.distance, self.lateral)])[-8:]
        for i, (s, lane) in enumerate(self.sparkles):
            if i not in self.collected and before < s <= self.distance and abs(self.lateral - lane) <= SPARKLE_REACH:
                self.collected[i] = self.t
                self.events.append("collect")
        off = abs(self.lateral - self.centre(self.distance))
        if off > self.half_width - BUBBLE_RADIUS and self.t >= self.grace_until:
            self.pops += 1
            self.popped_at = self.t
            self.events.append("pop")
        if self.distance >= self.length:
            self.finished = True
            self.events.append("done")

    def standing(self, rival) -> float | None:
        """The time to the end of the river, each sparkle's bonus taken off, once there; None on the way."""
        if not self.finished:
            return None
        return round(self.t - len(self.collected) * self.params.sparkle_bonus_s, 2)

    def autopilot_goal(self):
        """Steer for the middle a little way ahead, toward a sparkle when one is near; lean forward for speed."""
        if self.neutral is None:
            return "both", None
        r = self.reach
        ahead = self.distance + max(self.speed, self.params.base_speed) * LOOK_AHEAD_S
        lane = self.centre(ahead)
        nxt = next(((s, l) for i, (s, l) in enumerate(self.sparkles) if i not in self.collected and
                    self.distance < s < self.distance + 6.0), None)
        if nxt is not None:  # toward a sparkle, as far as is safe from the banks
            lane = lane + 0.6 * (nxt[1] - self.centre(nxt[0]))
        x = lane * (r.right if lane >= 0 else r.left)
        return "both", (self.neutral[0] + x, self.neutral[1] + 0.55 * r.forward)

    def result(self) -> LevelResult:
        p = self.params
        bonus = len(self.collected) * p.sparkle_bonus_s
        total = self.t - bonus
        fraction = clamp(self.par / total) if total > 0 else 0.0
        details = {"time_s": round(self.t, 3), "pops": self.pops, "sparkles": len(self.collected),
                   "sparkles_on_river": len(self.sparkles), "par_s": round(self.par, 3),
                   "length_m": round(self.length, 1)}
        messages = [Message("river.time", {"s": round(self.t, 2), "par_s": round(self.par, 2)}),
                    Message("river.pops", {"pops": self.pops}),
                    Message("river.sparkles", {"caught": len(self.collected), "of": len(self.sparkles),
                                               "bonus_s": round(bonus, 2)}),
                    Message("river.speed", {"m_s": round(self.distance / max(self.t, 1e-9), 2)})]
        pop_free = max(0.0, 1.0 - self.pops * p.pop_s / max(self.t, 1e-9))
        parts = [Part("river.part.no_pops", pop_free), Part("river.part.sparkles", len(self.collected) / len(self.sparkles)),
                 Part("river.part.pace", fraction)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, p.stars_at), details, messages=messages,
                           parts=parts)
