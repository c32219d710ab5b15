"""Player setup and the limits-of-stability (LOS) test.

First the feet: a guide shows where to stand; standing still for a few seconds measures body weight
and the neutral COP. Then eight directions (NeuroCom-style, posturography.md 3.4): at the cue, lean
as far as you can toward the target without stepping, and hold until the time is up. Per direction:
reaction time (cue to 10 % of the way), movement velocity (mm/s and deg/s between 5 and 95 % of the
excursion made), endpoint excursion (where the primary movement ended) and maximum excursion, both
in % of the theoretical limit (8 deg forward and sideways, 4.5 deg back at a COM height of 0.55 x
body height), and directional control. The maximum excursions become the player's reach, to which
every level scales its targets. Score = 1000 x mean maximum excursion / theoretical limit (capped).
A fixed protocol: no difficulty steps.
"""
from __future__ import annotations

import dataclasses
import math

from poise.game.core.pipeline import Balance
from poise.game.level import Level, LevelResult, SavedAttempt
from poise.game.reach import CONSERVATIVE, Reach

from .common import clamp, stars_for
from .weight_shift_reach import ORDER, Trial, WeightShiftReach

STILL_S = 4.0


@dataclasses.dataclass(frozen=True)
class Params:
    trial_s: float
    settle_s: float
    height_cm: float  # 0: the player's height from their profile (or 170 cm)
    stars_at: tuple[float, ...]

    # not settings: the reach's hold and timeout do not apply, every trial runs its full time
    hold_s = 1e9
    timeout_s = 1e9

    @property
    def steps(self) -> int:
        return 1  # an assessment: one fixed protocol

    def __post_init__(self):
        if self.trial_s < 3:
            raise ValueError("params.trial_s must be at least 3 seconds")


class LimitsOfStability(WeightShiftReach):
    accent = "gold"
    view_module = "poise.levels.limits_of_stability_view"
    assessment = True
    measures_limits = True
    score_label = "Reach score"

    def __init__(self, spec, seconds=None, step=0, reach=None):
        Level.__init__(self, spec, seconds, step, reach)
        # targets at the theoretical limit for this body size, not at the player's current reach
        self.trial_s = self.params.trial_s if not seconds else max(3.0, (seconds - STILL_S) / 8)
        self.set_height(None)
        self.max_along = [0.0] * len(self.trials)
        self.paths: list[list[tuple[float, float]]] = [[] for _ in self.trials]  # (time, distance along) per trial
        self.starts: list[tuple[float, float]] = [(0.0, 0.0)] * len(self.trials)
        self.radius = 0.0
        self._start("still")  # still (weight and neutral) -> settle -> cue -> ...
        self.weights: list[float] = []
        self.points: list[tuple[float, float]] = []
        self.weight_kg: float | None = None

    def set_height(self, height_cm: float | None) -> None:
        """Targets at the theoretical limits for this body height (the level file may fix a height)."""
        self.height_cm = self.params.height_cm or height_cm or 170.0
        self.theory = Reach(*(v / CONSERVATIVE for v in dataclasses.astuple(Reach.from_height(self.height_cm))[:4]))
        self.trials = [Trial(math.radians(a), self.theory.point(math.radians(a), 1.0)) for a in ORDER]

    @property
    def showcase(self) -> bool:
        return self.index == 2 and self.phase == "cue" and self.phase_t > 2.0

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.phase == "still":
            self.phase_t += dt
            if self.phase_t > 1.0:  # after a second to settle
                self.weights.append(balance.total)
                self.points.append((balance.x, balance.y))
            if self.phase_t >= STILL_S:
                self.weight_kg = sum(self.weights) / len(self.weights)
                xs, ys = zip(*self.points)
                self.neutral = self.smooth = (sum(xs) / len(xs), sum(ys) / len(ys))
                self.phase, self.phase_t = "settle", 0.0
                self.events.append("go")
            return
        super().fixed_update(t, dt, balance)

    def _cue(self, pos, dt) -> None:
        tr = self.trial
        along = (pos[0] - self.start[0]) * math.cos(tr.angle) + (pos[1] - self.start[1]) * math.sin(tr.angle)
        self.max_along[self.index] = max(self.max_along[self.index], along)
        self.starts[self.index] = self.start
        self.paths[self.index].append((self.phase_t, along))
        self.inside_t = 0.0
        super()._cue(pos, dt)
        if self.phase == "cue" and self.phase_t >= self.trial_s:
            tr.endpoint = tr.endpoint or pos
            self.events.append("beat")
            self._next()

    def _next(self) -> None:
        if self.phase_t < self.trial_s and self.phase == "cue":
            return  # the LOS trial runs its full time: no early end on reaching the target
        super()._next()

    def limits(self) -> dict[str, float]:
        """The player's reach from the maximum excursions of the four main directions (mm)."""
        by_angle = {round(math.degrees(tr.angle)) % 360: self.max_along[i] for i, tr in enumerate(self.trials)}
        return {"forward": by_angle.get(90, 0.0), "back": by_angle.get(270, 0.0), "left": by_angle.get(180, 0.0),
                "right": by_angle.get(0, 0.0)}

    def _velocity(self, i: int) -> float | None:
        """Mean speed (mm/s) between 5 % and 95 % of the excursion actually made in trial i."""
        top = self.max_along[i]
        path = self.paths[i]
        if top <= 0 or not path:
            return None
        t5 = next((t for t, a in path if a >= 0.05 * top), None)
        t95 = next((t for t, a in path if a >= 0.95 * top), None)
        if t5 is None or t95 is None or t95 <= t5:
            return None
        return 0.9 * top / (t95 - t5)

    def directions(self) -> list[dict]:
        com_mm = 0.55 * self.height_cm * 10.0
        out = []
        for i, tr in enumerate(self.trials[: self.index]):
            s = tr.scores()
            mvl = self._velocity(i)
            end, start = tr.endpoint or self.starts[i], self.starts[i]
            endpoint = (end[0] - start[0]) * math.cos(tr.angle) + (end[1] - start[1]) * math.sin(tr.angle)
            out.append({"direction_deg": round(math.degrees(tr.angle)) % 360,
                        "reaction_time_s": round(tr.rt, 3) if tr.rt is not None else None,
                        "movement_velocity_mm_s": round(mvl, 1) if mvl else None,
                        "movement_velocity_deg_s": round(math.degrees(math.atan(mvl / com_mm)), 2) if mvl else None,
                        "endpoint_excursion_pct": round(100 * endpoint / tr.distance, 1),
                        "max_excursion_pct": round(100 * self.max_along[i] / tr.distance, 1),
                        "directional_control_pct": round(100 * s["direction"], 1)})
        return out

    def result(self):
        dirs = self.directions()
        mxe = [d["max_excursion_pct"] for d in dirs] or [0.0]
        fraction = clamp(sum(mxe) / len(mxe) / 100)
        limits = self.limits()
        details = {"limits_mm": {k: round(v, 1) for k, v in limits.items()}, "directions": dirs,
                   "weight_kg": round(self.weight_kg, 2) if self.weight_kg else None,
                   "neutral_mm": [round(v, 1) for v in self.neutral] if self.neutral else None, "step": 0}
        summary = [("Body weight", f"{self.weight_kg or 0:.1f} kg"),
                   ("Forward / back", f"{limits['forward']:.0f} / {limits['back']:.0f} mm"),
                   ("Left / right", f"{limits['left']:.0f} / {limits['right']:.0f} mm"),
                   ("Reaction time", f"{sum(d['reaction_time_s'] or 0 for d in dirs) / max(1, len(dirs)):.2f} s")]
        names = {90: "Forward", 45: "Forward right", 0: "Right", 315: "Back right", 270: "Back", 225: "Back left",
                 180: "Left", 135: "Forward left"}
        parts = [(names[d["direction_deg"]], min(1.0, d["max_excursion_pct"] / 100)) for d in dirs]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details, [], summary, parts)

    def autopilot_goal(self):
        n = self.neutral or (0.0, 0.0)
        if self.phase == "cue" and not self.finished:
            tx, ty = self.trial.target
            return "both", (n[0] + 1.3 * tx, n[1] + 1.3 * ty)  # lean as far as possible
        return "both", None

    def after_save(self, saved: SavedAttempt) -> list[tuple[str, str]]:
        """The measured limits become the player's reach, and the weight measured on the board their weight."""
        details = saved.details
        if details["limits_mm"]:
            saved.storage.save_limits(saved.player_id, saved.attempt_id, details["limits_mm"],
                                      details["directions"] + [{"neutral_mm": details["neutral_mm"]}])
            saved.storage.set_body(saved.player_id, weight_kg=details["weight_kg"])
        return []
