"""Tracking: keep the cursor inside a circle that wanders unpredictably (also on one leg).

The circle's path is a sum of sines with unrelated frequencies, so it cannot be learnt; its range
is a fraction of the player's reach (on one leg, of a foot-sized area around where the COP settles).
Score = 1000 x (time the raw COP is inside the circle) / (time played).
On one leg only time on the requested leg counts, as the pipeline detects it (Balance.stance): on
both feet or the other leg the circle and the clock stop and the screen says which foot to lift;
touch-downs are counted. After `give_up_s` in all off the leg the level stops waiting for it and the
rest of that leg's time counts as played outside the circle.
"""
from __future__ import annotations

import dataclasses
import math

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Window

from .common import LegWatch, stars_for

# (relative frequency, phase) pairs: irrational ratios, so the path never repeats
WANDER_X = ((1.0, 0.3), (1.618, 1.9), (2.414, 4.1))
WANDER_Y = ((1.173, 2.2), (1.932, 0.7), (2.718, 3.3))


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    seconds: float
    single_leg: bool
    prepare_s: float  # single leg: time to lift the foot before the circle moves
    radius_mm: tuple[float, ...]
    range_fraction: tuple[float, ...]  # of reach (both feet)
    speed_hz: tuple[float, ...]  # base frequency of the wander
    single_leg_range_mm: float  # single leg: how far the circle wanders from where the COP settled
    give_up_s: float  # single leg: time off the requested leg, in all, after which the level stops waiting
    stars_at: tuple[float, ...]

    LADDER = ("radius_mm", "range_fraction", "speed_hz")


class Tracking(Level):
    accent = "accent_light"
    music = "flow"  # following a moving target: flowing bells
    view_module = "poise.levels.tracking_view"
    Params = Params

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p = self.params
        total = seconds or p.seconds
        self.legs = ["left", "right"] if p.single_leg else ["both"]
        self.segments = [(leg, total / len(self.legs)) for leg in self.legs]
        self.seg = 0
        self.seg_t = 0.0
        self.preparing = p.single_leg
        self.wander_t = 0.0
        self.centre: tuple[float, float] | None = None
        self.inside_t = {leg: 0.0 for leg in self.legs}
        self.played_t = {leg: 0.0 for leg in self.legs}
        self.windows: list[Window] = []
        self.acc: list[tuple[float, float]] = []
        self.watch = LegWatch(p.give_up_s)
        if p.single_leg:
            self.watch.ask(self.leg)
        self._split = False  # the clock stopped: the next step on the leg starts a new sway window

    @property
    def leg(self) -> str:
        return self.segments[min(self.seg, len(self.segments) - 1)][0]

    @property
    def progress(self) -> float:
        done = sum(s for _, s in self.segments[: self.seg]) + (0 if self.preparing else self.seg_t)
        return min(1.0, done / sum(s for _, s in self.segments))

    @property
    def showcase(self) -> bool:
        return not self.preparing and self.seg == 0 and self.seg_t > 0.4 * self.segments[0][1]

    def target(self) -> tuple[float, float]:
        p = self.params
        f = p.speed_hz[self.step]
        w = self.wander_t
        sx = sum(math.sin(2 * math.pi * f * k * w + ph) for k, ph in WANDER_X) / 2.2
        sy = sum(math.sin(2 * math.pi * f * k * w + ph) for k, ph in WANDER_Y) / 2.2
        cx, cy = self.centre or (0.0, 0.0)
        if self.leg != "both":
            rng = p.single_leg_range_mm
            return cx + rng * sx, cy + rng * sy
        frac = p.range_fraction[self.step]
        r = self.reach
        return cx + frac * (r.right if sx >= 0 else r.left) * sx, cy + frac * (r.forward if sy >= 0 else r.back) * sy

    @property
    def waiting(self) -> bool:
        """On one leg, past the preparation but not on the requested leg: the clock is stopped."""
        return self.params.single_leg and not self.finished and not self.watch.on_leg and (
            not self.preparing or self.seg_t >= self.params.prepare_s)

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.preparing:  # one leg: lift the foot, the circle starts where the COP settles
            on_leg = balance.stance.value == self.leg
            if self.seg_t < self.params.prepare_s:
                self.seg_t += dt
                self.watch.on_leg = on_leg
            else:  # prepared, but not on the leg yet: wait (and count the wait)
                self.watch.update(t, dt, balance)
                if self.watch.gave_up:
                    self._give_up()
                    return
            if on_leg and self.seg_t > self.params.prepare_s - 1.0:
                self.acc.append((balance.x, balance.y))
            elif not on_leg:
                self.acc = []  # the circle starts where the COP settles on the leg
            if self.seg_t >= self.params.prepare_s and len(self.acc) >= 60:
                xs, ys = zip(*self.acc)
                self.centre = (sum(xs) / len(xs), sum(ys) / len(ys))
                self.preparing, self.seg_t, self.acc = False, 0.0, []
                self.events.append("go")
            return
        if self.centre is None:
            self.centre = (balance.x, balance.y)
        leg = self.leg
        if self.params.single_leg:
            touchdowns = self.watch.touchdowns[leg]
            if not self.watch.update(t, dt, balance):  # not on the leg: the circle and the clock stop
                if self.watch.touchdowns[leg] > touchdowns:
                    self.events.append("miss")
                self._split = True
                if self.watch.gave_up:
                    self._give_up()
                return
        if not self.windows or self.windows[-1].label != leg or self._split:
            self._split = False
            self.windows.append(Window(leg, t, t))
        self.windows[-1].end = t
        tx, ty = self.target()
        self.played_t[leg] += dt
        if math.hypot(balance.x - tx, balance.y - ty) <= self.params.radius_mm[self.step]:
            self.inside_t[leg] += dt
        self.seg_t += dt
        self.wander_t += dt
        if self.seg_t >= self.segments[self.seg][1]:
            self._next_segment()

    def _next_segment(self) -> None:
        self.seg += 1
        self.seg_t = 0.0
        if self.seg >= len(self.segments):
            self.finished = True
            self.events.append("done")
        else:
            self.preparing, self.centre, self.acc = True, None, []
            self.watch.ask(self.leg)
            self.events.append("tick")

    def _give_up(self) -> None:
        """The player did not stand on this leg: the rest of its time counts as played outside the circle."""
        leg = self.leg
        self.played_t[leg] = max(self.played_t[leg], self.segments[self.seg][1])
        self.watch.skip()
        self.events.append("miss")
        self._next_segment()

    def autopilot_goal(self):
        if self.preparing or self.centre is None:
            return self.leg, None
        return self.leg, self.target()

    def result(self) -> LevelResult:
        played = sum(self.played_t.values()) or 1.0
        fraction = sum(self.inside_t.values()) / played
        details = {f"{leg}_inside_s": round(self.inside_t[leg], 3) for leg in self.legs} | {
            "inside_fraction": round(fraction, 4)}
        messages = [Message("tracking.inside" if leg == "both" else "tracking.inside_leg",
                            {"leg": leg, "inside_s": round(self.inside_t[leg], 3), "played_s": round(self.played_t[leg], 3)})
                    for leg in self.legs]
        if self.params.single_leg:
            w = self.watch
            details |= {f"{leg}_touchdowns": w.touchdowns.get(leg, 0) for leg in self.legs} | {
                f"{leg}_off_leg_s": round(w.waited.get(leg, 0.0), 3) for leg in self.legs} | {
                "not_lifted": list(w.skipped)}
            messages += w.messages(tuple(self.legs))
        windows = self.windows if self.params.single_leg else []
        parts = [Part("tracking.part.inside" if leg == "both" else "tracking.part.inside_leg",
                      self.inside_t[leg] / self.played_t[leg] if self.played_t[leg] else 0.0, {"leg": leg})
                 for leg in self.legs]
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details, windows,
                           messages, parts)
