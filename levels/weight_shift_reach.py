"""Weight-shift reach: targets appear in 8 directions; lean (feet flat) to reach each and hold it.

Each target is scored like a limits-of-stability trial (posturography.md 3.4), from the raw COP
smoothed at 4 Hz inside the level (never the cursor):
  reaction    = clamp((1.2 s - RT) / 0.9 s)      RT: cue to movement onset (10 % of the way)
  speed       = clamp(MVL / (D / move_s))        MVL: mean speed between 5 % and 95 % of distance D
  accuracy    = clamp(1 - endpoint error / (accuracy_tolerance x D))  endpoint: where the primary
                                                 movement ended
  direction   = clamp(DCL / 100 %)               DCL = (on-axis - off-axis path) / on-axis path
Target score = mean of the four; score = 1000 x mean over targets. Stars at the level file's
fractions. Targets sit at a fraction of the player's reach in each direction, and the movement is
judged against a time to make it in (`move_s`) and the endpoint against an error tolerated as a share
of the distance (`accuracy_tolerance`): all three follow the difficulty ladder. (Reaction, accuracy and
direction are relative to the distance, so farther targets alone would not make a step harder.)
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part

from .common import clamp, stars_for

SMOOTH_HZ = 4.0
CENTRE_MM = 25.0


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    rounds: int  # each round visits all 8 directions
    target_fraction: tuple[float, ...]  # of the player's reach
    target_radius_mm: tuple[float, ...]
    move_s: tuple[float, ...]  # a movement this quick (5-95 % of the way) gets the full speed score
    accuracy_tolerance: tuple[float, ...]  # an endpoint this far off (share of the distance) scores no accuracy
    hold_s: float
    timeout_s: float
    settle_s: float
    stars_at: tuple[float, ...]

    LADDER = ("target_fraction", "target_radius_mm", "move_s", "accuracy_tolerance")

    def __post_init__(self):
        super().__post_init__()
        if self.rounds < 1 or self.hold_s <= 0 or self.timeout_s <= self.hold_s:
            raise ValueError("params.rounds must be >= 1 and params.timeout_s longer than params.hold_s")


ORDER = [90, 270, 0, 180, 45, 225, 135, 315]  # forward, back, right, left, then the diagonals


@dataclasses.dataclass
class Trial:
    angle: float
    target: tuple[float, float]
    rt: float | None = None
    t5: float | None = None
    t95: float | None = None
    endpoint: tuple[float, float] | None = None
    on_path: float = 0.0
    off_path: float = 0.0
    held: bool = False
    done_at: float | None = None  # level time it was held (for the view's flourish)

    @property
    def distance(self) -> float:
        return math.hypot(*self.target)

    def scores(self, move_s: float, tolerance: float) -> dict[str, float]:
        d = self.distance
        reaction = clamp((1.2 - self.rt) / 0.9) if self.rt is not None else 0.0
        speed = 0.0
        if self.t5 is not None and self.t95 is not None and self.t95 > self.t5:
            speed = clamp((0.9 * d / (self.t95 - self.t5)) / (d / move_s))
        end = self.endpoint or (0.0, 0.0)
        accuracy = clamp(1 - math.dist(end, self.target) / (tolerance * d))
        return {"reaction": reaction, "speed": speed, "accuracy": accuracy, "direction": self.direction_control()}

    def direction_control(self) -> float:
        """DCL: (on-axis - off-axis path) / on-axis path, 0..1."""
        return clamp((self.on_path - self.off_path) / self.on_path if self.on_path > 0 else 0.0)


class WeightShiftReach(Level):
    accent = "accent"
    music = "bright"
    view_module = "poise.levels.weight_shift_reach_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        frac = p.target_fraction[self.step]
        count = 8 * p.rounds if not seconds else max(4, int(seconds / 3.5))
        self.trials = [Trial(math.radians(a), self.reach.point(math.radians(a), frac))
                       for a in (ORDER * (count // 8 + 1))[:count]]
        self.radius = p.target_radius_mm[self.step]
        self._start("settle")  # settle (back to the middle) -> cue (reach) -> next

    def _start(self, phase: str) -> None:
        """Play state before the first target."""
        self.index = 0
        self.t = 0.0  # level time (for the view's flourishes)
        self.phase = phase
        self.phase_t = 0.0
        self.inside_t = 0.0
        self.smooth: tuple[float, float] | None = None
        self.start: tuple[float, float] = (0.0, 0.0)
        self.neutral: tuple[float, float] | None = None
        self.prev: tuple[float, float] | None = None
        self.moving = False

    @property
    def progress(self) -> float:
        return min(1.0, self.index / len(self.trials))

    @property
    def showcase(self) -> bool:
        return self.index == 2 and self.phase == "cue" and self.phase_t > 0.9

    @property
    def trial(self) -> Trial:
        return self.trials[min(self.index, len(self.trials) - 1)]

    def rel(self, p: tuple[float, float]) -> tuple[float, float]:
        n = self.neutral or (0.0, 0.0)
        return p[0] - n[0], p[1] - n[1]

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        a = 1 - math.exp(-2 * math.pi * SMOOTH_HZ * dt)
        raw = (balance.x, balance.y)
        self.smooth = raw if self.smooth is None else (self.smooth[0] + a * (raw[0] - self.smooth[0]),
                                                       self.smooth[1] + a * (raw[1] - self.smooth[1]))
        if self.neutral is None:
            self.neutral = self.smooth
        pos = self.rel(self.smooth)
        self.phase_t += dt
        self.t += dt
        if self.phase == "settle":
            self._settle(pos, dt)
        else:
            self._cue(pos, dt)
        self.prev = pos

    def _settle(self, pos, dt) -> None:
        near = math.hypot(*pos) <= CENTRE_MM
        self.inside_t = self.inside_t + dt if near else 0.0
        if (self.inside_t >= self.params.settle_s) or self.phase_t > 4.0:
            self.phase, self.phase_t, self.inside_t = "cue", 0.0, 0.0
            self.start = pos
            self.moving = False
            self.events.append("beat")
            tr = self.trial
            self.mark("target-shown", trial=self.index + 1, direction_deg=round(math.degrees(tr.angle)) % 360,
                      distance_mm=round(tr.distance, 1))

    def _cue(self, pos, dt) -> None:
        tr = self.trial
        ux, uy = math.cos(tr.angle), math.sin(tr.angle)
        along = (pos[0] - self.start[0]) * ux + (pos[1] - self.start[1]) * uy
        d = tr.distance
        if tr.rt is None and along > 0.1 * d:
            tr.rt = self.phase_t
        if tr.t5 is None and along > 0.05 * d:
            tr.t5 = self.phase_t
        if tr.t95 is None and along > 0.95 * d:
            tr.t95 = self.phase_t
        if self.prev is not None and tr.rt is not None and tr.endpoint is None:
            step_x, step_y = pos[0] - self.prev[0], pos[1] - self.prev[1]
            tr.on_path += abs(step_x * ux + step_y * uy)
            tr.off_path += abs(-step_x * uy + step_y * ux)
        if tr.endpoint is None and tr.rt is not None and self.prev is not None:
            speed = math.hypot(pos[0] - self.prev[0], pos[1] - self.prev[1]) / dt
            self.moving = self.moving or speed > 40.0
            if self.moving and (speed < 15.0 or along >= d):  # the primary movement has ended
                tr.endpoint = pos
        inside = math.dist(pos, tr.target) <= self.radius
        self.inside_t = self.inside_t + dt if inside else 0.0
        if self.inside_t >= self.params.hold_s:
            tr.held = True
            tr.done_at = self.t
            tr.endpoint = tr.endpoint or pos
            self.events.append("hit")
            self._next()
        elif self.phase_t >= self.params.timeout_s:
            tr.endpoint = tr.endpoint or pos
            self.events.append("miss")
            self._next()

    def _next(self) -> None:
        self.index += 1
        self.phase, self.phase_t, self.inside_t = "settle", 0.0, 0.0
        if self.index >= len(self.trials):
            self.finished = True
            self.events.append("done")

    def autopilot_goal(self):
        n = self.neutral or (0.0, 0.0)
        if self.phase == "cue" and not self.finished:
            tx, ty = self.trial.target
            return "both", (n[0] + tx, n[1] + ty)
        return "both", None

    def result(self) -> LevelResult:
        p = self.params
        parts = [tr.scores(p.move_s[self.step], p.accuracy_tolerance[self.step]) for tr in self.trials[: max(1, self.index)]]
        mean = {k: sum(p[k] for p in parts) / len(parts) for k in parts[0]}
        fraction = sum(mean.values()) / 4
        rts = [tr.rt for tr in self.trials if tr.rt is not None]
        names = {90: "forward", 270: "back", 0: "right", 180: "left", 45: "forward-right", 135: "forward-left",
                 225: "back-left", 315: "back-right"}
        by_direction: dict[str, int] = {}
        for tr in self.trials[: self.index]:
            if tr.held:
                name = names[round(math.degrees(tr.angle)) % 360]
                by_direction[name] = by_direction.get(name, 0) + 1
        details = {f"{k}_score": round(v, 4) for k, v in mean.items()} | {
            "targets": len(parts), "reached": sum(tr.held for tr in self.trials), "shifts_by_direction": by_direction,
            "reaction_time_s": round(sum(rts) / len(rts), 3) if rts else None}
        messages = [Message("reach.held", {"held": details["reached"], "targets": len(parts)}),
                    Message("reach.reaction", {"s": details["reaction_time_s"] or 0}),
                    Message("reach.accuracy", {"share": round(mean["accuracy"], 4)}),
                    Message("reach.direction", {"share": round(mean["direction"], 4)})]
        parts = [Part("reach.part.start", mean["reaction"]), Part("reach.part.speed", mean["speed"]),
                 Part("reach.part.landing", mean["accuracy"]), Part("reach.part.straight", mean["direction"])]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
