"""Table tilt: your COP tilts a table; roll each ball into the hole before the stage's time runs out.

Real ball physics on the tilted table: a rolling ball accelerates at 5/7 g sin(tilt), loses speed to
rolling friction, and bounces off the rim with restitution 0.5; it drops into the hole only when it
crosses it slowly enough. Tilt follows the COP, scaled to the player's reach. Stage score, if the
ball sank: 0.2 + 0.8 x share of the stage time left (else 0); score = 1000 x mean over stages.
"""
from __future__ import annotations

import dataclasses
import math
import random

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Versus

from .common import clamp, stars_for

G = 9810.0  # mm/s^2
TABLE_MM = 600.0  # square table, side length


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    stages: tuple[int, ...]
    hole_radius_mm: tuple[float, ...]
    stage_s: tuple[float, ...]
    max_tilt_deg: float
    rolling_friction: float  # 1/s
    sink_speed_mm_s: float  # faster than this, the ball rolls over the hole
    stars_at: tuple[float, ...]

    LADDER = ("stages", "hole_radius_mm", "stage_s")


class TableTilt(Level):
    accent = "good"
    music = "lounge"
    view_module = "poise.levels.table_tilt_view"
    Params = Params
    # head to head: the same balls on two tables; the first ball in the hole takes the stage and ends it for
    # both, and whoever takes more stages wins the duel
    versus = Versus("tilt.versus.rule", "tilt.versus.measure", better="higher")

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.n_stages = p.stages[self.step]
        self.stage_s = p.stage_s[self.step] if not seconds else max(4.0, seconds / self.n_stages)
        rng = random.Random(f"table-{self.step}")
        half = TABLE_MM / 2 - 60
        self.layout = []
        for _ in range(self.n_stages):
            ball = (rng.uniform(-half, half), rng.uniform(-half, half))
            while True:
                hole = (rng.uniform(-half, half), rng.uniform(-half, half))
                if math.dist(ball, hole) > 250:
                    break
            self.layout.append((ball, hole))
        self.stage = 0
        self.stage_t = 0.0
        self.results: list[float] = []
        self.neutral: tuple[float, float] | None = None
        self.tilt = (0.0, 0.0)
        self.t = 0.0
        self.outcomes: list[tuple[str, float, tuple[float, float]]] = []  # ("sink" or "miss", level time, where)
        self.bounced_at = -1.0  # level time of the last bounce off the rim
        self._place()

    def _place(self) -> None:
        ball, self.hole = self.layout[self.stage]
        self.pos = list(ball)
        self.vel = [0.0, 0.0]
        self.stage_t = 0.0

    @property
    def progress(self) -> float:
        return min(1.0, (self.stage + self.stage_t / self.stage_s) / self.n_stages)

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        p = self.params
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        max_tilt = math.radians(p.max_tilt_deg)
        self.tilt = (max_tilt * clamp(dx / (self.reach.right if dx >= 0 else self.reach.left), -1, 1),
                     max_tilt * clamp(dy / (self.reach.forward if dy >= 0 else self.reach.back), -1, 1))
        for i in (0, 1):
            acc = 5.0 / 7.0 * G * math.sin(self.tilt[i]) - p.rolling_friction * self.vel[i]
            self.vel[i] += acc * dt
            self.pos[i] += self.vel[i] * dt
            edge = TABLE_MM / 2 - 15
            if abs(self.pos[i]) > edge:  # the rim
                self.pos[i] = math.copysign(edge, self.pos[i])
                if abs(self.vel[i]) > 60.0:
                    self.bounced_at = self.t
                    self.events.append("bounce")
                self.vel[i] = -0.5 * self.vel[i]
        self.stage_t += dt
        self.t += dt
        speed = math.hypot(*self.vel)
        if math.dist(self.pos, self.hole) < p.hole_radius_mm[self.step] and speed < p.sink_speed_mm_s:
            self.results.append(0.2 + 0.8 * max(0.0, 1 - self.stage_t / self.stage_s))
            self.events.append("sink")
            self.outcomes.append(("sink", self.t, tuple(self.hole)))
            self._advance()
        elif self.stage_t >= self.stage_s:
            self.results.append(0.0)
            self.events.append("miss")
            self.outcomes.append(("miss", self.t, tuple(self.pos)))
            self._advance()

    def meet(self, rival) -> None:
        """The rival sank this stage's ball first: the stage is theirs, and this table moves on to the next."""
        if not self.finished and len(rival.results) > self.stage and rival.results[self.stage] > 0:
            self.results.append(0.0)
            self.events.append("miss")
            self.outcomes.append(("beaten", self.t, tuple(self.pos)))
            self._advance()

    def standing(self, rival) -> float | None:
        """Stages won: this ball in the hole, and no later than the rival's."""
        return float(sum(1 for s in self.results if s > 0))

    def _advance(self) -> None:
        self.stage += 1
        if self.stage >= self.n_stages:
            self.finished = True
            self.events.append("done")
        else:
            self._place()

    def autopilot_goal(self):
        """A skilled player steers the ball: tilt toward the hole, braking against its speed."""
        if self.neutral is None:
            return "both", None
        want = [0.0, 0.0]
        for i in (0, 1):
            accel = 1.2 * (self.hole[i] - self.pos[i]) - 1.2 * self.vel[i]
            want[i] = clamp(accel / (5.0 / 7.0 * G * math.sin(math.radians(self.params.max_tilt_deg))), -1, 1)
        r = self.reach
        x = want[0] * (r.right if want[0] >= 0 else r.left)
        y = want[1] * (r.forward if want[1] >= 0 else r.back)
        return "both", (self.neutral[0] + x, self.neutral[1] + y)

    def result(self) -> LevelResult:
        scores = self.results + [0.0] * (self.n_stages - len(self.results))
        fraction = sum(scores) / self.n_stages
        sunk = sum(1 for s in self.results if s > 0)
        details = {"sunk": sunk, "stages": self.n_stages}
        messages = [Message("tilt.sunk", {"sunk": sunk, "stages": self.n_stages}),
                    Message("tilt.stage_time", {"s": round(self.stage_s, 2)})]
        parts = [Part("tilt.part.stage", s, {"n": i + 1}) for i, s in enumerate(scores)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
