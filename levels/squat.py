"""Squat: bend the knees and sit back with the weight through the heels and balls of both feet, in time with
a guide, evenly on both legs.

The board sees a squat as the balance point moving toward the heels as the hips go back (depth) and
back again; the left/right split of the load shows weight-bearing symmetry, the first thing an injured
leg gives away (it is offloaded).

- Depth: the target is `depth_fraction` of the player's backward reach (limits of stability) behind
  their neutral point; the guide runs on the engine in levels/guided.py (its follow score is the tempo).
- Load on the right leg, per rep: right share = 0.5 + x / (2 x FOOT_OFFSET_MM), the mean over the
  rep's loaded samples (past 25 % of the target), where x is the raw COP from the four corner loads
  (mm from the board's middle, + to the right) and the feet stand on their marks, FOOT_OFFSET_MM
  either side of the middle (the standing foot's centre, poise.game.core.stance). 50 % is even;
  "62 % on your right" means the right leg carried 62 % of the weight.
- Per guided rep: score = follow x symmetry, symmetry = clamp(1 - |right share - 0.5| /
  symmetry_tolerance_fraction); a rep that never reached 60 % of the depth scores 0.
  Score = 1000 x mean over the guided reps.
"""
from __future__ import annotations

import dataclasses

from poise import api
from poise.api import _, FOOT_OFFSET_MM, LevelResult, Message, Part

from .common import clamp, stars_for
from .guided import GuidedReps, RepWindow


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    reps: tuple[int, ...]
    out_s: tuple[float, ...]  # down
    hold_s: tuple[float, ...]  # at the bottom
    back_s: tuple[float, ...]  # up
    rest_s: float
    prepare_s: float
    depth_fraction: tuple[float, ...]  # of the backward reach: how far the balance point goes toward the heels
    tempo_tolerance_fraction: tuple[float, ...]
    symmetry_tolerance_fraction: tuple[float, ...]  # right share this far off 50 % scores 0 for evenness
    stars_at: tuple[float, ...]

    LADDER = ("reps", "out_s", "hold_s", "back_s", "depth_fraction", "tempo_tolerance_fraction",
              "symmetry_tolerance_fraction")


def right_share(x_mm: float) -> float:
    """Share of the load on the right leg from the COP's x (feet on their marks)."""
    return clamp(0.5 + x_mm / (2 * FOOT_OFFSET_MM))


def share_message(share: float | None) -> Message:
    """The result's line on how the weight was shared: "squat.weight_even" within 3 %, else the side that
    carried more ("squat.weight_side"); "squat.no_squat" when none was measured."""
    if share is None:
        return Message("squat.no_squat")
    if abs(share - 0.5) < 0.03:
        return Message("squat.weight_even", {"right_pct": round(100 * share)})
    side, pct = ("right", share) if share > 0.5 else ("left", 1 - share)
    return Message("squat.weight_side", {"side": side, "pct": round(100 * pct)})


def share_words(share: float) -> str:
    """'62 % on your right', or 'even' within 3 %."""
    if abs(share - 0.5) < 0.03:
        return _("even ({pct} % right)").format(pct=round(100 * share))
    if share > 0.5:
        return _("{pct} % on your right").format(pct=round(100 * share))
    return _("{pct} % on your left").format(pct=round(100 * (1 - share)))


class Squat(GuidedReps):
    accent = "good"
    view_module = "poise.levels.squat_view"
    Params = Params

    def direction(self, leg):
        return 0.0, -1.0  # toward the heels

    def target_mm(self, leg) -> float:
        return self.params.depth_fraction[self.step] * self.reach.back

    def aim_point(self, leg, guide):
        _, y = super().aim_point(leg, guide)
        return 0.0, y  # a good squat is even: the balance point midway between the feet

    def on_loaded(self, w: RepWindow, balance) -> None:
        w.sums["share"] = w.sums.get("share", 0.0) + right_share(balance.x)

    def symmetry(self, share: float) -> float:
        return clamp(1.0 - abs(share - 0.5) / self.params.symmetry_tolerance_fraction[self.step])

    def rep_score(self, w: RepWindow) -> float:
        share = w.mean("share")
        return w.follow(self.tempo_tolerance) * (self.symmetry(share) if share is not None else 0.0)

    def live_share(self) -> float | None:
        """The right share of the rep under way (None before it is loaded)."""
        if not self.windows or self.preparing:
            return None
        return self.windows[-1].mean("share")

    def result(self) -> LevelResult:
        scores = self.scores()
        fraction = sum(scores) / len(scores)
        made = [w for w in self.all_windows() if w.reached]
        shares = [w.mean("share") for w in made if w.mean("share") is not None]
        share = sum(shares) / len(shares) if shares else None
        depth = sum(w.top for w in made) / len(made) * self.target_mm(None) if made else 0.0
        tempo = sum(w.follow(self.tempo_tolerance) for w in made) / len(made) if made else 0.0
        details = {"reps": self.reps_made(), "reps_wanted": self.reps_wanted,
                   "right_share": round(share, 4) if share is not None else None,
                   "right_share_per_rep": [round(s, 4) for s in shares],
                   "depth_mm": round(depth, 1), "tempo": round(tempo, 4), "rep_quality": round(fraction, 4)}
        messages = [Message("squat.squats", {"reps": self.reps_made(), "wanted": self.reps_wanted}),
                    share_message(share),
                    Message("squat.depth", {"mm": round(depth, 1)}),
                    Message("squat.tempo", {"share": round(tempo, 4)})]
        parts = [Part("squat.part.squat", s, {"n": i + 1}) for i, s in enumerate(scores)]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
