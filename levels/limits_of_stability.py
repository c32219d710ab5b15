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

Only a plausible result becomes the player's limits (and weight). Not accepted, with the reasons on the
results screen, are: a main direction whose maximum excursion is outside 20-160 % of the theoretical
limit (poise.game.level.reach.implausible), any direction never reached (no movement onset, or under 20 %
of its target), a reaction time under `min_reaction_s` (moving before the light), and a weight the
board measured more than `weight_tolerance_fraction` (and `weight_tolerance_kg`) away from the
profile's, or, without one, outside `bmi_range` for the player's height. The attempt is still stored
with its recording; the limits in force stay as they were, and the score is 0.
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import (CONSERVATIVE, DEFAULT_HEIGHT_CM, PLAUSIBLE_SHARE, Balance, Level, LevelResult, Message, Part,
                       Reach, StabilityLimits, implausible)

from .common import clamp, stars_for
from .weight_shift_reach import ORDER, Trial, WeightShiftReach

STILL_S = 4.0
NAMES = {90: "forward", 45: "forward-right", 0: "right", 315: "back-right", 270: "back", 225: "back-left",
         180: "left", 135: "forward-left"}


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    trial_s: float
    settle_s: float
    height_cm: float  # 0: the player's height from their profile (or 170 cm)
    stars_at: tuple[float, ...]
    min_reaction_s: float  # faster than this, the player moved before the light: not a reaction
    weight_tolerance_fraction: float  # the measured weight may differ from the profile's by this share ...
    weight_tolerance_kg: float  # ... and by this much
    bmi_range: tuple[float, ...]  # without a profile weight: the plausible body-mass index (kg/m^2), low and high

    # not settings: the reach's hold and timeout do not apply, every trial runs its full time
    hold_s = 1e9
    timeout_s = 1e9

    def __post_init__(self):  # an assessment: no difficulty ladder, one fixed protocol
        super().__post_init__()
        if self.trial_s < 3:
            raise ValueError("params.trial_s must be at least 3 seconds")


class LimitsOfStability(WeightShiftReach):
    accent = "gold"
    view_module = "poise.levels.limits_of_stability_view"
    Params = Params
    assessment = True
    measures_limits = True
    score_label = api.N_("Reach score")

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
        self.profile_weight: float | None = None
        self.profile_height: float | None = None

    def set_weight(self, weight_kg: float | None) -> None:
        """The profile's weight: the weight the board measures is checked against it."""
        self.profile_weight = weight_kg

    def set_height(self, height_cm: float | None) -> None:
        """Targets at the theoretical limits for this body height (the level file may fix a height)."""
        self.profile_height = height_cm
        self.height_cm = self.params.height_cm or height_cm or DEFAULT_HEIGHT_CM
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
            mvl = self._velocity(i)
            end, start = tr.endpoint or self.starts[i], self.starts[i]
            endpoint = (end[0] - start[0]) * math.cos(tr.angle) + (end[1] - start[1]) * math.sin(tr.angle)
            out.append({"direction_deg": round(math.degrees(tr.angle)) % 360,
                        "reaction_time_s": round(tr.rt, 3) if tr.rt is not None else None,
                        "movement_velocity_mm_s": round(mvl, 1) if mvl else None,
                        "movement_velocity_deg_s": round(math.degrees(math.atan(mvl / com_mm)), 2) if mvl else None,
                        "endpoint_excursion_pct": round(100 * endpoint / tr.distance, 1),
                        "max_excursion_pct": round(100 * self.max_along[i] / tr.distance, 1),
                        "directional_control_pct": round(100 * tr.direction_control(), 1)})
        return out

    def problems(self, dirs: list[dict], limits: dict[str, float]) -> list[Message]:
        """A message for every part of the result no person's limits can be; [] when it can be accepted."""
        p = self.params
        out = implausible(limits, self.height_cm)
        named = {m.args["direction"] for m in out}
        for d in dirs:
            name = NAMES[d["direction_deg"]]
            if d["reaction_time_s"] is None or d["max_excursion_pct"] < 100 * PLAUSIBLE_SHARE[0]:
                if name not in named:
                    out.append(Message("los.never_reached", {"direction": name}))
            elif d["reaction_time_s"] < p.min_reaction_s:
                out.append(Message("los.too_quick", {"direction": name, "s": d["reaction_time_s"]}))
        if len(dirs) < len(self.trials):
            out.append(Message("los.directions_done", {"done": len(dirs), "of": len(self.trials)}))
        w = self.weight_kg
        if w is None:
            out.append(Message("los.weight_not_measured"))
        elif self.profile_weight:
            off = abs(w - self.profile_weight)
            if off > p.weight_tolerance_kg and off > p.weight_tolerance_fraction * self.profile_weight:
                out.append(Message("los.weight_off_profile", {"kg": round(w, 2), "profile_kg": self.profile_weight}))
        else:
            bmi = w / (self.height_cm / 100) ** 2
            if not p.bmi_range[0] <= bmi <= p.bmi_range[-1]:
                out.append(Message("los.weight_implausible", {"kg": round(w, 2), "height_cm": self.height_cm}))
        return out

    def result(self):
        dirs = self.directions()
        mxe = [d["max_excursion_pct"] for d in dirs] or [0.0]
        fraction = clamp(sum(mxe) / len(mxe) / 100)
        limits = {k: round(v, 1) for k, v in self.limits().items()}
        problems = self.problems(dirs, self.limits())
        neutral = [round(v, 1) for v in self.neutral] if self.neutral else None
        weight = round(self.weight_kg, 2) if self.weight_kg else None
        details = {"limits_mm": limits, "directions": dirs, "weight_kg": weight, "neutral_mm": neutral,
                   "accepted": not problems}
        rts = [d["reaction_time_s"] for d in dirs if d["reaction_time_s"] is not None]
        messages = [Message("los.weight", {"kg": round(self.weight_kg or 0, 2)}),
                    Message("los.forward_back", {"forward_mm": limits["forward"], "back_mm": limits["back"]}),
                    Message("los.left_right", {"left_mm": limits["left"], "right_mm": limits["right"]}),
                    Message("los.reaction", {"s": round(sum(rts) / len(rts), 3)}) if rts else
                    Message("los.no_reaction")]
        if problems:  # the reasons (the game adds which limits stay in use)
            messages = problems[:5]
        parts = [Part("los.part.direction", min(1.0, d["max_excursion_pct"] / 100), {"direction": NAMES[d["direction_deg"]]})
                 for d in dirs]
        score = 0 if problems else round(1000 * fraction)
        stars = 0 if problems else stars_for(fraction, self.params.stars_at)
        # an accepted result becomes the player's reach, and the weight measured on the board their weight
        records = [] if problems else [StabilityLimits(
            limits["forward"], limits["back"], limits["left"], limits["right"],
            tuple(dirs) + ({"neutral_mm": neutral},), weight)]
        return LevelResult(score, stars, details, messages=messages, parts=parts, records=records)

    def autopilot_goal(self):
        n = self.neutral or (0.0, 0.0)
        if self.phase == "cue" and not self.finished:
            tx, ty = self.trial.target
            return "both", (n[0] + 1.3 * tx, n[1] + 1.3 * ty)  # lean as far as possible
        return "both", None
