"""Toe raises: rock back onto the heels and lift the toes, hold, and lower them slowly (the front of the shin).

The board sees the balance point move toward the heels and back. The target is `rise_fraction` of the
player's backward reach behind their neutral point; the tempo guide and the per-rep measures come from
levels/guided.py. Per guided rep: score = follow x straightness, straightness = clamp(1 - drift /
drift_tolerance_mm) (drift: the largest sideways distance while the toes are up - tipping onto one
foot's edge). A rep that never reached 60 % of the target scores 0. Score = 1000 x mean over the guided
reps.
"""
from __future__ import annotations

import dataclasses

from poise import api
from poise.api import LevelResult, Message, Part

from .common import clamp, stars_for
from .guided import GuidedReps, RepWindow


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    reps: tuple[int, ...]
    out_s: tuple[float, ...]  # back onto the heels
    hold_s: tuple[float, ...]  # toes up
    back_s: tuple[float, ...]  # toes down
    rest_s: float
    prepare_s: float
    rise_fraction: tuple[float, ...]  # of the backward reach
    tempo_tolerance_fraction: tuple[float, ...]
    drift_tolerance_mm: tuple[float, ...]
    stars_at: tuple[float, ...]

    LADDER = ("reps", "out_s", "hold_s", "back_s", "rise_fraction", "tempo_tolerance_fraction", "drift_tolerance_mm")


class ToeRaises(GuidedReps):
    accent = "accent"
    view_module = "poise.levels.toe_raises_view"
    Params = Params

    def direction(self, leg):
        return 0.0, -1.0  # toward the heels

    def target_mm(self, leg) -> float:
        return self.params.rise_fraction[self.step] * self.reach.back

    def straightness(self, w: RepWindow) -> float:
        return clamp(1.0 - w.drift / self.params.drift_tolerance_mm[self.step])

    def rep_score(self, w: RepWindow) -> float:
        return w.follow(self.tempo_tolerance) * self.straightness(w)

    def result(self) -> LevelResult:
        p = self.params
        scores = self.scores()
        fraction = sum(scores) / len(scores)
        made = [w for w in self.all_windows() if w.reached]
        drift = sum(w.drift for w in made) / len(made) if made else None
        tempo = sum(w.follow(self.tempo_tolerance) for w in made) / len(made) if made else 0.0
        lift = sum(w.top for w in made) / len(made) * self.target_mm(None) if made else 0.0
        details = {"reps": self.reps_made(), "reps_wanted": self.reps_wanted,
                   "mean_drift_mm": round(drift, 2) if drift is not None else None, "shift_mm": round(lift, 1),
                   "tempo": round(tempo, 4), "rep_quality": round(fraction, 4)}
        messages = [Message("toe.reps", {"reps": self.reps_made(), "wanted": self.reps_wanted}),
                    Message("toe.tempo", {"share": round(tempo, 4)}),
                    Message("toe.heels", {"mm": round(lift, 1)}),
                    Message("toe.tipping", {"mm": round(drift or 0, 2)})]
        parts = [Part("reps.part.rep", s, {"n": i + 1}) for i, s in enumerate(scores)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, p.stars_at), details, messages=messages,
                           parts=parts)
