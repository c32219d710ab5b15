"""Split-stance hold: a lunge position with the front foot on the board and the back foot on the floor behind
it; each leg in front in turn.

The board carries only the front foot, so it measures that foot directly:

- front-foot load share = board total / body weight, the body weight being the mean total over the
  last 1.5 s of standing on the board with both feet first (`stand_s`);
- on the front foot: the board's detected stance (Balance.stance, poise.game.core.stance) is that leg -
  the front foot stands on its foot mark, so the balance point has settled under it; anything else
  (both feet still on the board) holds nothing;
- steadiness: the raw COP within `zone_radius_mm` of the foot's own point, the mean COP over the last
  1.5 s of getting into position (`position_s`).

Per leg, over the hold (`hold_s`): score = 0.5 x share of the hold on the front foot with at least
`front_share_fraction` of the weight on it + 0.5 x share of the hold on the front foot inside the zone.
More weight forward is harder: the ladder moves from a split stance toward standing on one leg, with
a smaller zone and a longer hold. Score = 1000 x mean over the legs; sway metrics per leg come from
the stretches on the front foot. The board cannot see the back foot: weight it does not carry is
weight on the floor (or on a hand on the chair).
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Window

from .common import clamp, stars_for

MEAN_S = 1.5
SIDES = ("left", "right")


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    legs: tuple[str, ...]  # the front leg, in turn
    stand_s: float  # both feet on the board: weighing
    position_s: float  # stepping the back foot onto the floor
    hold_s: tuple[float, ...]
    rest_s: float
    front_share_fraction: tuple[float, ...]  # at least this share of the weight on the front foot
    zone_radius_mm: tuple[float, ...]
    single_leg: bool  # the front leg carries most of the weight: ask for support first
    stars_at: tuple[float, ...]

    LADDER = ("hold_s", "front_share_fraction", "zone_radius_mm")

    def __post_init__(self):
        super().__post_init__()
        if not self.legs or any(leg not in SIDES for leg in self.legs):
            raise ValueError("params.legs must list 'left' and/or 'right'")


@dataclasses.dataclass
class Phase:
    kind: str  # stand, position, hold, rest
    leg: str
    seconds: float


@dataclasses.dataclass
class LegHold:
    weight: float | None = None
    foot: tuple[float, float] | None = None
    on_front_s: float = 0.0
    share_ok_s: float = 0.0
    zone_s: float = 0.0
    share_sum: float = 0.0  # over samples on the front foot
    share_n: int = 0


class SplitStance(Level):
    accent = "warn"
    music = "focus"  # holds: slow and low, nothing to hurry
    view_module = "poise.levels.split_stance_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        self.hold = p.hold_s[self.step] if not seconds else max(5.0, seconds / len(p.legs))
        self.target = p.front_share_fraction[self.step]
        self.radius = p.zone_radius_mm[self.step]
        self.phases: list[Phase] = []
        for i, leg in enumerate(p.legs):
            if i:
                self.phases.append(Phase("rest", leg, p.rest_s))
            self.phases += [Phase("stand", leg, p.stand_s), Phase("position", leg, p.position_s),
                            Phase("hold", leg, self.hold)]
        self.index = 0
        self.phase_t = 0.0
        self.holds = {leg: LegHold() for leg in p.legs}
        self.acc: list[tuple[float, float, float, float]] = []  # (phase time, total, x, y)
        self.windows: list[Window] = []
        self._open: float | None = None
        self._last_t = 0.0
        self.share = 1.0  # latest front-foot share
        self.on_front = False
        self.inside = False

    @property
    def phase(self) -> Phase:
        return self.phases[min(self.index, len(self.phases) - 1)]

    @property
    def progress(self) -> float:
        total = sum(ph.seconds for ph in self.phases)
        return clamp((sum(ph.seconds for ph in self.phases[: self.index]) + self.phase_t) / total)

    @property
    def showcase(self) -> bool:
        return self.phase.kind == "hold" and self.phase_t >= 0.5 * self.phase.seconds

    @property
    def in_zone(self) -> bool | None:
        """In the hold, standing on the front foot: whether the balance point is in its circle."""
        return self.inside and self.on_front if self.phase.kind == "hold" and not self.finished else None

    def planned_seconds(self) -> float:
        return sum(ph.seconds for ph in self.phases)

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        ph = self.phase
        hold = self.holds[ph.leg]
        self.phase_t += dt
        self._last_t = t
        if ph.kind in ("stand", "position"):
            self.acc.append((self.phase_t, balance.total, balance.x, balance.y))
        elif ph.kind == "hold":
            self._hold_step(t, dt, balance, hold)
        if self.phase_t >= ph.seconds - 1e-9:
            self._end_phase(ph, hold, t)

    def _end_phase(self, ph: Phase, hold: LegHold, t: float) -> None:
        recent = [a for a in self.acc if a[0] >= ph.seconds - MEAN_S] or self.acc
        if ph.kind == "stand" and recent:
            hold.weight = sum(a[1] for a in recent) / len(recent)
        elif ph.kind == "position" and recent:
            hold.foot = (sum(a[2] for a in recent) / len(recent), sum(a[3] for a in recent) / len(recent))
            self.events.append("go")
        elif ph.kind == "hold":
            self._close(t)
        self.acc = []
        self.index += 1
        self.phase_t = 0.0
        if self.index >= len(self.phases):
            self.finished = True
            self.events.append("done")
        elif self.phase.kind == "stand":
            self.events.append("beat")

    def _hold_step(self, t: float, dt: float, balance: Balance, hold: LegHold) -> None:
        leg = self.phase.leg
        self.on_front = balance.stance.value == leg
        weight = hold.weight or balance.total
        self.share = balance.total / weight if weight > 0 else 1.0
        foot = hold.foot or (balance.x, balance.y)
        self.inside = math.hypot(balance.x - foot[0], balance.y - foot[1]) <= self.radius
        if not self.on_front:
            self._close(t)
            return
        if self._open is None:
            self._open = t - dt
        hold.on_front_s += dt
        hold.share_sum += self.share
        hold.share_n += 1
        if self.share >= self.target:
            hold.share_ok_s += dt
        if self.inside:
            hold.zone_s += dt

    def _close(self, t: float) -> None:
        if self._open is not None:
            self.windows.append(Window(f"{self.phase.leg}-front", self._open, t))
            self._open = None

    def autopilot_goal(self):
        ph = self.phase
        if ph.kind in ("position", "hold") and not self.finished:
            return ph.leg, None  # the front foot on its mark; the back foot on the floor carries nothing it sees
        return "both", None

    def leg_score(self, leg: str) -> float:
        h = self.holds[leg]
        return 0.5 * clamp(h.share_ok_s / self.hold) + 0.5 * clamp(h.zone_s / self.hold)

    def result(self) -> LevelResult:
        legs = self.params.legs
        scores = [self.leg_score(leg) for leg in legs]
        fraction = sum(scores) / len(scores)
        details = {"hold_s": self.hold, "front_share_target": self.target, "zone_radius_mm": self.radius}
        messages = []
        for leg in legs:
            h = self.holds[leg]
            share = h.share_sum / h.share_n if h.share_n else None
            details.update({f"{leg}_front_share": round(share, 4) if share is not None else None,
                            f"{leg}_held_s": round(h.on_front_s, 2), f"{leg}_share_ok_s": round(h.share_ok_s, 2),
                            f"{leg}_zone_s": round(h.zone_s, 2), f"{leg}_weight_kg": round(h.weight or 0.0, 2)})
            messages.append(Message("split.not_on_front", {"leg": leg}) if share is None else
                            Message("split.front", {"leg": leg, "share": round(share, 4),
                                                    "steady": round(clamp(h.zone_s / self.hold), 4)}))
        messages.append(Message("split.asked", {"share": self.target, "hold_s": self.hold}))
        parts = []
        for leg in legs:
            h = self.holds[leg]
            parts += [Part("split.part.forward", clamp(h.share_ok_s / self.hold), {"leg": leg}),
                      Part("split.part.steady", clamp(h.zone_s / self.hold), {"leg": leg})]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           list(self.windows), messages, parts)
