"""Outward roll: one foot half a step forward, roll it onto its outer (little-toe) edge and back, slowly;
each foot in turn.

Both feet stay on the board; rolling the front foot out moves the balance point sideways, toward that
foot's outer side (+x for the right foot, -x for the left), by `roll_mm` at the target. The tempo guide
and per-rep measures come from levels/guided.py; each leg is one block with its own neutral point.
Per guided rep: score = follow x steadiness, steadiness = clamp(1 - drift / drift_tolerance_mm) (drift:
the largest forward or back distance while rolled out - rocking instead of rolling). A rep that never
reached 60 % of the roll scores 0. Score = 1000 x mean over the guided reps of both legs; the result
shows each leg apart.
"""
from __future__ import annotations

import dataclasses

from poise import api
from poise.api import LevelResult, Message, Part

from .common import clamp, stars_for
from .guided import GuidedReps, RepWindow

SIDES = ("left", "right")


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    legs: tuple[str, ...]  # the front foot of each block, in order
    reps: tuple[int, ...]  # per leg
    out_s: tuple[float, ...]
    hold_s: tuple[float, ...]
    back_s: tuple[float, ...]
    rest_s: float
    prepare_s: float
    roll_mm: tuple[float, ...]
    tempo_tolerance_fraction: tuple[float, ...]
    drift_tolerance_mm: tuple[float, ...]
    stars_at: tuple[float, ...]

    LADDER = ("reps", "out_s", "hold_s", "back_s", "roll_mm", "tempo_tolerance_fraction", "drift_tolerance_mm")

    def __post_init__(self):
        super().__post_init__()
        if not self.legs or any(leg not in SIDES for leg in self.legs):
            raise ValueError("params.legs must list 'left' and/or 'right'")


class OutwardRoll(GuidedReps):
    accent = "gold"
    view_module = "poise.levels.outward_roll_view"
    Params = Params

    def direction(self, leg):
        return (1.0 if leg == "right" else -1.0), 0.0  # toward the front foot's outer edge

    def target_mm(self, leg) -> float:
        return self.params.roll_mm[self.step]

    def steadiness(self, w: RepWindow) -> float:
        return clamp(1.0 - w.drift / self.params.drift_tolerance_mm[self.step])

    def rep_score(self, w: RepWindow) -> float:
        return w.follow(self.tempo_tolerance) * self.steadiness(w)

    def per_leg(self) -> dict[str, dict]:
        p = self.params
        out = {}
        windows = self.all_windows()
        for block, leg in enumerate(self.legs):
            mine = [w for w in windows if w.block == block]
            made = [w for w in mine if w.reached]
            scores = [self.rep_score(w) if w.reached else 0.0 for w in mine]
            roll = sum(w.top for w in made) / len(made) * self.target_mm(leg) if made else 0.0
            out[leg] = {"reps": self.reps_made(block), "quality": round(sum(scores) / len(scores), 4),
                        "roll_mm": round(roll, 1),
                        "rocking_mm": round(sum(w.drift for w in made) / len(made), 1) if made else None,
                        "tempo": round(sum(w.follow(self.tempo_tolerance) for w in made) / len(made), 4)
                        if made else 0.0}
        return out

    def result(self) -> LevelResult:
        scores = self.scores()
        fraction = sum(scores) / len(scores)
        legs = self.per_leg()
        details = {"reps": self.reps_made(), "reps_wanted": self.reps_wanted * len(self.legs),
                   "rep_quality": round(fraction, 4)}
        for leg, d in legs.items():
            details.update({f"{leg}_{k}": v for k, v in d.items()})
        messages = [Message("roll.rolls", {"rolls": self.reps_made(), "wanted": self.reps_wanted * len(self.legs)})]
        for leg, d in legs.items():
            messages.append(Message("roll.foot", {"leg": leg, "rolls": d["reps"], "mm": d["roll_mm"],
                                                  "quality": d["quality"]}))
        rocking = [d["rocking_mm"] or 0 for d in legs.values()]
        messages.append(Message("roll.rocking", {"mm": rocking[0]}) if len(rocking) == 1 else
                        Message("roll.rocking_two", {"first_mm": rocking[0], "second_mm": rocking[1]}))
        parts = [Part("roll.part.foot", d["quality"], {"leg": leg}) for leg, d in legs.items()]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
