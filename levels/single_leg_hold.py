"""Single-leg hold: stand on one leg and keep the COP inside a zone that shrinks; left, then right.

Only time on the requested leg counts, as the pipeline detects it (Balance.stance): on both feet or
the other leg the hold's clock stops and the screen says which foot to lift; a touch-down of the
lifted foot is counted and shown with the result. After `give_up_s` in all off the leg the level
stops waiting for that leg, and the rest of its hold counts as held outside the zone.

Score = 1000 x (zone-weighted time inside) / (zone-weighted time available),
where a second inside a zone of radius r is worth R0 / r (R0 = the first,
largest zone), so holding steady late in the hold counts most. Stars at the
fractions in the level file. Time in zone uses the raw COP, not the cursor.
Zones scale with the difficulty step and with the player's size (reach).
The zone is centred where the COP settles on the leg (the end of the preparation).
Eyes-closed variant: the screen goes dark and a tone follows the COP
(pitch = front-back, stereo position = side to side, centred on the zone).
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Reach, Window

from .common import OTHER_LEG, LegWatch


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    hold_seconds: float
    prepare_seconds: float
    rest_seconds: float
    legs: tuple[str, ...]
    zone_radius_mm: tuple[float, ...]
    zone_shrink_at: tuple[float, ...]  # fraction of the hold
    stars_at: tuple[float, ...]  # score fraction for 1, 2, 3 stars
    zone_scale: tuple[float, ...]  # per difficulty step
    eyes_closed: bool  # the screen goes dark and a tone follows the COP
    give_up_s: float  # time off the requested leg, in all, after which the level stops waiting for it

    LADDER = ("zone_scale",)

    def __post_init__(self):
        super().__post_init__()
        if not all(leg in ("left", "right") for leg in self.legs) or not self.legs:
            raise ValueError("params.legs must list 'left' and/or 'right'")
        if len(self.zone_radius_mm) != len(self.zone_shrink_at) or not self.zone_radius_mm:
            raise ValueError("params.zone_radius_mm and params.zone_shrink_at need the same, non-zero length")
        if any(r <= 0 for r in self.zone_radius_mm):
            raise ValueError("params.zone_radius_mm must all be greater than 0")
        if list(self.zone_shrink_at) != sorted(self.zone_shrink_at) or self.zone_shrink_at[0] != 0.0:
            raise ValueError("params.zone_shrink_at must start at 0 and increase")
        for key in ("hold_seconds", "prepare_seconds", "rest_seconds", "give_up_s"):
            if getattr(self, key) <= 0:
                raise ValueError(f"params.{key} must be greater than 0")
        if len(self.stars_at) != 3 or list(self.stars_at) != sorted(self.stars_at):
            raise ValueError("params.stars_at must be three increasing fractions")


@dataclasses.dataclass
class Phase:
    kind: str  # prepare, hold, rest
    leg: str | None
    seconds: float


@dataclasses.dataclass
class LegScore:
    earned: float = 0.0
    available: float = 0.0
    in_zone_s: float = 0.0
    held_s: float = 0.0  # time on the leg during the hold: the hold's clock


class SingleLegHold(Level):
    accent = "good"
    music = "focus"  # one-leg holds: slow and low, nothing to hurry
    view_module = "poise.levels.single_leg_hold_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        typical = Reach.from_height(None)
        size = (self.reach.left + self.reach.right) / (typical.left + typical.right)
        self.zone_factor = p.zone_scale[self.step] * min(1.4, max(0.7, size))
        hold = seconds / len(p.legs) if seconds else p.hold_seconds
        self.phases: list[Phase] = []
        for i, leg in enumerate(p.legs):
            if i:
                self.phases.append(Phase("rest", None, p.rest_seconds))
            self.phases += [Phase("prepare", leg, p.prepare_seconds), Phase("hold", leg, hold)]
        self.index = 0
        self.phase_t = 0.0
        self.total_t = 0.0
        self.centre: tuple[float, float] | None = None
        self._centre_acc: list[tuple[float, float]] = []
        self.legs = {leg: LegScore() for leg in p.legs}
        self.windows: list[Window] = []
        self.inside = False
        self.last_t: float | None = None
        self.last_second = -1
        self.latest_x: float | None = None
        self.latest_y: float | None = None
        self.watch = LegWatch(p.give_up_s)
        self.watch.ask(self.phases[0].leg)
        self.centre_settled = False  # the zone's centre is fixed once enough COP on the leg was seen
        self._split = False  # the clock stopped: the next held step starts a new sway window

    # state ---------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return self.phases[min(self.index, len(self.phases) - 1)]

    @property
    def needs_player(self) -> bool:
        return self.phase.kind != "rest"

    @property
    def progress(self) -> float:
        total = sum(p.seconds for p in self.phases)
        done = sum(p.seconds for p in self.phases[: self.index]) + self.phase_t
        return min(1.0, done / total)

    @property
    def showcase(self) -> bool:
        return self.phase.kind == "hold" and self.phase_t >= 0.7 * self.phase.seconds

    def radius(self) -> float:
        p = self.params
        frac = self.phase_t / self.phase.seconds if self.phase.kind == "hold" else 0.0
        r = p.zone_radius_mm[0]
        for at, radius in zip(p.zone_shrink_at, p.zone_radius_mm):
            if frac >= at:
                r = radius
        return r * self.zone_factor

    # logic ---------------------------------------------------------------
    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished:
            return
        resumed = self.last_t is None or t - self.last_t > 2.5 * dt
        self.last_t = t
        phase = self.phase
        self.total_t += dt
        if phase.kind == "prepare":
            left = phase.seconds - self.phase_t
            if left <= 1.5:
                self._gather_centre(balance, phase.leg)
            second = math.ceil(left)
            if second <= 3 and second != self.last_second:
                self.events.append("tick")
            self.last_second = second
        elif phase.kind == "hold":
            touchdowns = self.watch.touchdowns.get(phase.leg, 0)
            on_leg = self.watch.update(t, dt, balance)
            if self.watch.touchdowns[phase.leg] > touchdowns:
                self.events.append("miss")
            if not on_leg:  # the clock stops; the sway window ends here
                self.inside = False
                self._split = True
                if self.watch.gave_up:
                    self._give_up(phase.leg, t)
                return
            if not self.centre_settled:
                self._gather_centre(balance, phase.leg)
            self._hold_step(t, dt, balance, phase.leg, resumed or self._split)
            self._split = False
        self.phase_t += dt
        if self.phase_t >= phase.seconds - 1e-9:
            self._next_phase(t)

    def _gather_centre(self, balance: Balance, leg: str) -> None:
        """The zone centre: the mean COP on the requested leg, from the end of the preparation on."""
        if math.isnan(balance.x) or balance.stance.value != leg:
            return
        self._centre_acc.append((balance.x, balance.y))
        xs, ys = zip(*self._centre_acc)
        self.centre = (sum(xs) / len(xs), sum(ys) / len(ys))
        self.centre_settled = len(self._centre_acc) >= 120  # a second of fixed steps

    def full_weight(self) -> float:
        """Zone-weighted time of a whole hold (what `available` reaches when the hold is played out)."""
        p = self.params
        ends = list(p.zone_shrink_at[1:]) + [1.0]
        return self.phase.seconds * sum((end - at) * p.zone_radius_mm[0] / r
                                        for at, end, r in zip(p.zone_shrink_at, ends, p.zone_radius_mm))

    def _give_up(self, leg: str, t: float) -> None:
        """The player did not stand on this leg: the rest of its hold counts as held outside the zone."""
        self.legs[leg].available = max(self.legs[leg].available, self.full_weight())
        self.watch.skip()
        self.events.append("miss")
        self._next_phase(t)

    @property
    def in_zone(self) -> bool | None:
        """In the hold, on the asked leg: whether the balance point is in the circle."""
        return self.inside if self.phase.kind == "hold" and self.watch.on_leg and not self.finished else None

    @property
    def waiting(self) -> bool:
        """In the hold, but not on the requested leg: the clock is stopped."""
        return self.phase.kind == "hold" and not self.watch.on_leg and not self.finished

    def _hold_step(self, t: float, dt: float, balance: Balance, leg: str, resumed: bool) -> None:
        if resumed or not self.windows or self.windows[-1].label != leg:
            self.windows.append(Window(leg, t, t))
        self.windows[-1].end = t
        r = self.radius()
        weight = self.params.zone_radius_mm[0] * self.zone_factor / r
        score = self.legs[leg]
        score.available += weight * dt
        score.held_s += dt
        cx, cy = self.centre or (0.0, 0.0)
        inside = not math.isnan(balance.x) and math.hypot(balance.x - cx, balance.y - cy) <= r
        self.latest_x, self.latest_y = (None, None) if math.isnan(balance.fx) else (balance.fx, balance.fy)
        if inside:
            score.earned += weight * dt
            score.in_zone_s += dt
        if inside != self.inside:
            self.events.append("enter" if inside else "leave")
        self.inside = inside

    def _next_phase(self, t: float) -> None:
        finished_phase = self.phase
        self.index += 1
        self.phase_t = 0.0
        self.last_second = -1
        if finished_phase.kind == "prepare":
            self.centre_settled = len(self._centre_acc) >= 30  # else it settles early in the hold
            self.inside = True
            self.events.append("go")
        elif finished_phase.kind == "hold":
            self.centre, self._centre_acc, self.centre_settled = None, [], False
        if self.index >= len(self.phases):
            self.finished = True
            self.events.append("done")
        elif self.phase.leg is not None and self.phase.kind == "prepare":
            self.watch.ask(self.phase.leg)

    def autopilot_goal(self):
        phase = self.phase
        return (phase.leg or "both"), None

    def result(self) -> LevelResult:
        earned = sum(s.earned for s in self.legs.values())
        available = sum(s.available for s in self.legs.values())
        fraction = earned / available if available else 0.0
        score = round(1000 * fraction)
        stars = sum(fraction >= s for s in self.params.stars_at)
        w = self.watch
        details = {
            f"{leg}_in_zone_s": round(s.in_zone_s, 3) for leg, s in self.legs.items()
        } | {f"{leg}_held_s": round(s.held_s, 3) for leg, s in self.legs.items()} | {
            f"{leg}_touchdowns": w.touchdowns.get(leg, 0) for leg in self.legs} | {
            f"{leg}_off_leg_s": round(w.waited.get(leg, 0.0), 3) for leg in self.legs} | {
            "not_lifted": list(w.skipped), "in_zone_fraction": round(fraction, 4)}
        messages = [Message("hold.in_zone", {"leg": leg, "in_zone_s": round(s.in_zone_s, 3), "held_s": round(s.held_s, 3)})
                    for leg, s in self.legs.items()]
        messages += w.messages(tuple(self.legs))
        return LevelResult(score, stars, details, self.windows, messages)

    def sonify(self):
        if not self.params.eyes_closed or self.phase.kind != "hold" or self.latest_x is None or self.waiting:
            return None  # silence while the clock is stopped: not on the leg
        cx, cy = self.centre or (0.0, 0.0)
        span = 3.0 * self.radius()
        return (min(1.0, max(0.0, 0.5 + (self.latest_y - cy) / (2 * span))),
                min(1.0, max(-1.0, (self.latest_x - cx) / span)))
