"""Slalom: lean left and right to steer through the gates, lean forward to go faster; misses cost time.

The skier's side position follows the COP's side-to-side lean (scaled to the player's reach); speed
rises with forward lean. Each missed gate adds the penalty; a clean pass through the middle 40 % of a
gate takes off the bonus. Score = 1000 x clamp(par / (time + penalties - bonuses)), par being the
course at 70 % of full forward lean with every gate clean. The course (gate
positions, deterministic) and gate width come from the difficulty ladder.
"""
from __future__ import annotations

import dataclasses
import math
import random

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Versus

from .common import clamp, stars_for

TRAIL_S = 0.05


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    gates: tuple[int, ...]
    gate_half_width: tuple[float, ...]  # of the course's half-width
    gate_spread: tuple[float, ...]  # how far gates sit from the middle
    gate_spacing_m: float
    base_speed: float  # m/s upright
    lean_boost: float  # m/s more at full forward lean
    miss_penalty_s: float
    clean_bonus_s: float
    clean_fraction: float  # of the gate's half-width around its middle
    stars_at: tuple[float, ...]

    LADDER = ("gates", "gate_half_width", "gate_spread")


class Slalom(Level):
    accent = "accent_light"
    music = "snow"
    view_module = "poise.levels.slalom_view"
    Params = Params
    # head to head: both ski the same course side by side; the lower counted time (misses added, clean gates
    # taken off) wins, so a clean skier can beat a faster one
    versus = Versus("slalom.versus.rule", "slalom.versus.measure", better="lower")

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        n = p.gates[self.step]
        par_speed = p.base_speed + 0.7 * p.lean_boost
        self.spacing = p.gate_spacing_m if not seconds else seconds * par_speed / (n + 1)
        rng = random.Random(f"slalom-{self.step}")
        spread = p.gate_spread[self.step]
        # varied offsets: some gates need a big move, some a small one, so misses grow with lag and sway
        self.gates = [((i + 1) * self.spacing, rng.uniform(-spread, spread)) for i in range(n)]
        self.length = (n + 1) * self.spacing
        self.par = self.length / par_speed - n * p.clean_bonus_s
        self.distance = 0.0
        self.lateral = 0.0
        self.t = 0.0
        self.passed = 0
        self.missed = 0
        self.clean = 0
        self.neutral: tuple[float, float] | None = None
        self.flash: tuple[str, float] | None = None
        self.trail: list[tuple[float, float]] = []  # (distance, side) every TRAIL_S: the ski tracks behind
        self.passes: list[tuple[int, str, float]] = []  # (gate, "good" or "bad", level time): for the flourishes

    @property
    def progress(self) -> float:
        return min(1.0, self.distance / self.length)

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        p = self.params
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        self.lateral = clamp(dx / (self.reach.right if dx >= 0 else self.reach.left), -1, 1)
        speed = p.base_speed + p.lean_boost * clamp(dy / self.reach.forward)
        before = self.distance
        self.distance += speed * dt
        self.t += dt
        if int(self.t / TRAIL_S) != int((self.t - dt) / TRAIL_S):
            self.trail = (self.trail + [(self.distance, self.lateral)])[-40:]
        for i, (at, centre) in enumerate(self.gates):
            if before < at <= self.distance:
                off = abs(self.lateral - centre)
                if off <= p.gate_half_width[self.step]:
                    self.passed += 1
                    self.clean += off <= p.clean_fraction * p.gate_half_width[self.step]
                    self.events.append("gate")
                    self.flash = ("good", self.t)
                    self.passes.append((i, "good", self.t))
                else:
                    self.missed += 1
                    self.events.append("miss")
                    self.flash = ("bad", self.t)
                    self.passes.append((i, "bad", self.t))
        if self.distance >= self.length:
            self.finished = True
            self.events.append("done")

    def counted_time(self) -> float:
        """s: the time so far, each missed gate's penalty added and each clean gate's bonus taken off."""
        p = self.params
        return self.t + self.missed * p.miss_penalty_s - self.clean * p.clean_bonus_s

    def standing(self, rival) -> float | None:
        """The counted time once at the finish; None on the way down."""
        return round(self.counted_time(), 2) if self.finished else None

    def next_gate(self) -> tuple[float, float] | None:
        return next((g for g in self.gates if g[0] > self.distance), None)

    def autopilot_goal(self):
        if self.neutral is None:
            return "both", None
        gate = self.next_gate()
        centre = gate[1] if gate else 0.0
        x = centre * (self.reach.right if centre >= 0 else self.reach.left)
        return "both", (self.neutral[0] + x, self.neutral[1] + 0.6 * self.reach.forward)

    def result(self) -> LevelResult:
        p = self.params
        total = self.counted_time()
        fraction = clamp(self.par / total) if total > 0 else 0.0
        details = {"time_s": round(self.t, 3), "gates_passed": self.passed, "gates_missed": self.missed,
                   "clean_gates": self.clean, "par_s": round(self.par, 3)}
        messages = [Message("slalom.counted_time", {"s": round(total, 2), "par_s": round(self.par, 2)}),
                    Message("slalom.gates", {"passed": self.passed, "gates": len(self.gates)}),
                    Message("slalom.clean", {"clean": self.clean, "bonus_s": round(self.clean * p.clean_bonus_s, 2)}),
                    Message("slalom.missed", {"missed": self.missed,
                                              "penalty_s": round(self.missed * p.miss_penalty_s, 2)})]
        n = len(self.gates)
        parts = [Part("slalom.part.passed", self.passed / n), Part("slalom.part.clean", self.clean / n),
                 Part("slalom.part.pace", fraction)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
