"""Ankle circles: trace a circle with the COP, clockwise then anticlockwise, to work the ankle's range.

A guide dot goes round at a steady tempo. Score = 1000 x (0.7 x share of time the raw COP is within
the tolerance of the guide + 0.3 x coverage), where coverage is the share of 16 sectors of the
circle the COP passed through near the rim, in each direction. The circle's size is a fraction of
the player's reach (difficulty ladder).
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part

from .common import stars_for

SECTORS = 16


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    laps: int  # each way
    radius_fraction: tuple[float, ...]  # of the player's reach
    period_s: tuple[float, ...]
    tolerance_mm: tuple[float, ...]
    stars_at: tuple[float, ...]

    LADDER = ("radius_fraction", "period_s", "tolerance_mm")

    def __post_init__(self):
        super().__post_init__()
        if self.laps < 1:
            raise ValueError("params.laps must be at least 1")


class AnkleCircles(Level):
    accent = "bad"
    music = "flow"  # following a moving target: flowing bells
    view_module = "poise.levels.ankle_circles_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.period = p.period_s[self.step] if not seconds else seconds / (2 * p.laps)
        self.total = 2 * p.laps * self.period
        self.t = 0.0
        self.near_t = 0.0
        self.sectors = {"clockwise": set(), "anticlockwise": set()}
        self.neutral: tuple[float, float] | None = None

    @property
    def direction(self) -> str:
        return "clockwise" if self.t < self.total / 2 else "anticlockwise"

    @property
    def progress(self) -> float:
        return min(1.0, self.t / self.total)

    def guide_angle(self) -> float:
        turns = self.t / self.period
        return math.pi / 2 - 2 * math.pi * turns if self.direction == "clockwise" else math.pi / 2 + 2 * math.pi * turns

    def guide(self) -> tuple[float, float]:
        n = self.neutral or (0.0, 0.0)
        x, y = self.reach.point(self.guide_angle(), self.params.radius_fraction[self.step])
        return n[0] + x, n[1] + y

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        gx, gy = self.guide()
        if math.hypot(balance.x - gx, balance.y - gy) <= self.params.tolerance_mm[self.step]:
            self.near_t += dt
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        angle = math.atan2(dy, dx)
        rim = self.reach.along(angle) * self.params.radius_fraction[self.step]
        if math.hypot(dx, dy) >= 0.75 * rim:
            self.sectors[self.direction].add(int((angle % (2 * math.pi)) / (2 * math.pi) * SECTORS) % SECTORS)
        before = self.direction
        self.t += dt
        if self.direction != before:
            self.events.append("go")
        if int((self.t - dt) / self.period) != int(self.t / self.period):
            self.events.append("beat")
        if self.t >= self.total:
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        return "both", self.guide() if self.neutral is not None else None

    def result(self) -> LevelResult:
        played = max(self.t, 1e-9)
        follow = self.near_t / played
        coverage = sum(len(s) for s in self.sectors.values()) / (2 * SECTORS)
        fraction = 0.7 * follow + 0.3 * coverage
        details = {"follow_fraction": round(follow, 4), "coverage": round(coverage, 4),
                   "clockwise_sectors": len(self.sectors["clockwise"]),
                   "anticlockwise_sectors": len(self.sectors["anticlockwise"])}
        messages = [Message("circles.on_guide", {"share": round(follow, 4)})] + [
            Message("circles.covered", {"way": way, "sectors": len(self.sectors[way]), "of": SECTORS})
            for way in ("clockwise", "anticlockwise")]
        parts = [Part("circles.part.on_guide", follow)] + [
            Part("circles.part.range", len(self.sectors[way]) / SECTORS, {"way": way})
            for way in ("clockwise", "anticlockwise")]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
