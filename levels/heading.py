"""Heading: footballs fly at you from the far end of the pitch; lean left or right so your head meets
each one, lean forward for the low ones, and dodge the boots thrown in among them.

Everything is judged on the raw balance point at the moment each ball reaches you (never the
smoothed cursor): your head's side position is the side-to-side lean from where you stood at the
start, as a share of your reach that way; a ball is headed when it arrives within the head's
half-width of its lane, and a low ball also needs a forward lean of `low_lean` of your forward
reach. A header scores 1 point, up to `clean_bonus` more the nearer the ball meets the middle of the
forehead (`clean_bonus` x (1 - distance from the lane in head half-widths); within `clean_fraction`
it counts as clean), plus `streak_step` for each header before it in an unbroken run (at most
`streak_cap` more); a boot that hits you costs `boot_penalty` points and breaks
the run, a missed ball breaks it too. Score = 1000 x clamp(points / points of a perfect run). The sequence
(lanes, low balls, boots) is fixed per difficulty step, so attempts compare, and balanced (`_sequence`), so
a step is as hard as its values say.
"""
from __future__ import annotations

import dataclasses
import math
import random

from poise import api
from poise.api import Balance, Level, LevelResult, Message, Part, Versus

from .common import clamp, stars_for

LEAD_IN_S = 1.0  # before the first ball is kicked
JITTER = 0.35  # the time between kicks varies this much either way
FLASH_S = 0.7


@dataclasses.dataclass(frozen=True)
class Params(api.Params):
    balls: tuple[int, ...]  # objects in the sequence, boots included
    flight_s: tuple[float, ...]  # from the kick to reaching you
    interval_s: tuple[float, ...]  # between kicks, on average (some come quicker, some slower)
    lane_spread: tuple[float, ...]  # of the reach: how far out the lanes lie
    head_half_width: tuple[float, ...]  # of the reach
    boot_fraction: tuple[float, ...]
    low_fraction: tuple[float, ...]  # balls that need a forward lean
    low_lean: float  # of the forward reach
    clean_fraction: float  # of the head's half-width
    clean_bonus: float
    streak_step: float
    streak_cap: float
    boot_penalty: float
    stars_at: tuple[float, ...]

    LADDER = ("balls", "flight_s", "interval_s", "lane_spread", "head_half_width", "boot_fraction", "low_fraction")


@dataclasses.dataclass
class Flying:
    kicked: float  # level time of the kick
    arrives: float
    lane: float  # -1..1 of the reach, left to right
    kind: str  # "ball", "low" or "boot"
    outcome: str | None = None  # "header", "missed", "hit", "dodged"
    at: float = 0.0  # level time of the outcome
    clean: bool = False  # a header off the middle of the forehead


def _evenly(lo: float, hi: float, count: int) -> list[float]:
    """`count` values spread evenly over lo..hi (the middles of equal shares)."""
    return [lo + (hi - lo) * (j + 0.5) / count for j in range(count)]


class Heading(Level):
    accent = "good"
    music = "stadium"
    view_module = "poise.levels.heading_view"
    Params = Params
    # head to head: the same balls are kicked at both; each ball goes to whoever heads it (the cleaner
    # header when both do), a boot that hits one player is a ball to the other, and more balls won wins
    versus = Versus("heading.versus.rule", "heading.versus.measure", better="higher")

    def __init__(self, spec, seconds=None, step=0, reach=None):
        super().__init__(spec, seconds, step, reach)
        p, k = self.params, self.step
        n = p.balls[k] if not seconds else max(6, int(seconds / p.interval_s[k]))
        self.objects = self._sequence(n, random.Random(f"heading-{k}"))
        self.end_t = self.objects[-1].arrives + 0.6
        self.max_points = self._perfect_points()
        self.t = 0.0
        self.neutral: tuple[float, float] | None = None
        self.lateral = 0.0  # the head's side position, -1..1 of the reach (raw COP)
        self.forward = 0.0
        self.points = 0.0
        self.streak = 0
        self.best_streak = 0

    def _sequence(self, n: int, rng: random.Random) -> list[Flying]:
        """The step's `n` objects, balanced: its make-up is set by the step's values and only its order by the dice.

        Exactly `boot_fraction` of the objects after the first two are boots and `low_fraction` of the balls
        among them low ones; the moves from ball to ball are spread evenly from 1.2 head half-widths to
        `lane_spread` (some small, some across), each way at random but within the lanes; the times between
        kicks are spread evenly over `interval_s` +-JITTER. All three are shuffled. (Drawn one by one, a short
        sequence could be much easier or harder than its values say: a later step came out easier than an
        earlier one.)
        """
        p, k = self.params, self.step
        spread, half = p.lane_spread[k], p.head_half_width[k]
        later = n - 2  # the first two are plain balls
        boots = round(p.boot_fraction[k] * later)
        low = round(p.low_fraction[k] * (later - boots))
        kinds = ["boot"] * boots + ["low"] * low + ["ball"] * (later - boots - low)
        rng.shuffle(kinds)
        kinds = ["ball", "ball"] + kinds
        moves = _evenly(1.2 * half, spread, n - boots)
        gaps = _evenly(1 - JITTER, 1 + JITTER, n - 1)
        rng.shuffle(moves)
        rng.shuffle(gaps)
        objects: list[Flying] = []
        last = 0.0  # the first ball is a move from the middle too
        kicked = LEAD_IN_S
        for i, kind in enumerate(kinds):
            if i:
                kicked += p.interval_s[k] * gaps.pop()
            if kind == "boot":  # thrown where you just were: you must move off
                lane = clamp(last + rng.uniform(-half, half), -spread, spread)
            else:  # a real move from the last ball, one way or the other (a move is at most the spread: one fits)
                lane = last + rng.choice((-1.0, 1.0)) * moves.pop()
                if abs(lane) > spread:
                    lane = 2 * last - lane
                last = lane
            objects.append(Flying(kicked, kicked + p.flight_s[k], lane, kind))
        return objects

    def _perfect_points(self) -> float:
        p = self.params
        total, run = 0.0, 0
        for o in self.objects:
            if o.kind != "boot":
                total += 1 + p.clean_bonus + min(p.streak_cap, p.streak_step * run)
                run += 1
        return total

    @property
    def progress(self) -> float:
        return min(1.0, self.t / self.end_t)

    @property
    def showcase(self) -> bool:
        return self.progress >= 0.4 and any(o.outcome == "header" and self.t - o.at < 0.3 for o in self.objects)

    def standing(self, rival) -> float | None:
        """Balls won: a ball goes to whoever heads it (a clean header beats a plain one; two alike both score),
        and a boot that hits the rival is a ball won."""
        won = 0.0
        for mine, theirs in zip(self.objects, rival.objects):
            if mine.kind == "boot":
                won += theirs.outcome == "hit"
            elif mine.outcome == "header":
                won += theirs.outcome != "header" or mine.clean >= theirs.clean
        return won

    def in_flight(self) -> list[Flying]:
        """Kicked and not yet resolved (or resolved moments ago: still bouncing away), for drawing."""
        return [o for o in self.objects if o.kicked <= self.t and (o.outcome is None or self.t - o.at < FLASH_S)]

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        if self.finished or math.isnan(balance.x):
            return
        if self.neutral is None:
            self.neutral = (balance.x, balance.y)
        r = self.reach
        dx, dy = balance.x - self.neutral[0], balance.y - self.neutral[1]
        self.lateral = clamp(dx / (r.right if dx >= 0 else r.left), -1.2, 1.2)
        self.forward = clamp(dy / (r.forward if dy >= 0 else r.back), -1.0, 1.2)
        before = self.t
        self.t += dt
        p, k = self.params, self.step
        for o in self.objects:
            if o.outcome is None and before < o.arrives <= self.t:
                self._resolve(o, abs(self.lateral - o.lane) / p.head_half_width[k])
        if self.t >= self.end_t:
            self.finished = True
            self.events.append("done")

    def _resolve(self, o: Flying, off: float) -> None:
        """`off`: how far the head was from the object's lane when it arrived, in head half-widths."""
        p = self.params
        on_line = off <= 1.0
        o.at = self.t
        if o.kind == "boot":
            if on_line:
                o.outcome = "hit"
                self.points -= p.boot_penalty
                self.streak = 0
                self.events.append("boot")
            else:
                o.outcome = "dodged"
                self.events.append("whoosh")
            return
        if on_line and (o.kind == "ball" or self.forward >= p.low_lean):
            o.outcome = "header"
            o.clean = off <= p.clean_fraction
            self.points += 1 + p.clean_bonus * (1.0 - off) + min(p.streak_cap, p.streak_step * self.streak)
            self.streak += 1
            self.best_streak = max(self.best_streak, self.streak)
            self.events.append("header")
        else:
            o.outcome = "missed"
            self.streak = 0
            self.events.append("miss")

    def autopilot_goal(self):
        """Head for the next ball's lane (leaning forward for a low one); step aside from a boot on the line."""
        if self.neutral is None:
            return "both", None
        r, p, k = self.reach, self.params, self.step
        waiting = [o for o in self.objects if o.outcome is None and o.kicked <= self.t]  # what can be seen
        lane, lean = self.lateral, 0.0
        nxt = next((o for o in waiting if o.kind != "boot"), None)
        if nxt is not None:
            lane = nxt.lane
            lean = 1.3 * p.low_lean if nxt.kind == "low" else 0.0
        boot = next((o for o in waiting if o.kind == "boot" and (nxt is None or o.arrives < nxt.arrives)), None)
        if boot is not None and abs(lane - boot.lane) < 2.2 * p.head_half_width[k]:
            side = 1.0 if boot.lane < 0 else -1.0  # toward the middle: more room there
            lane = boot.lane + side * 2.6 * p.head_half_width[k]
        x = lane * (r.right if lane >= 0 else r.left)
        return "both", (self.neutral[0] + x, self.neutral[1] + lean * r.forward)

    def result(self) -> LevelResult:
        balls = [o for o in self.objects if o.kind != "boot"]
        boots = [o for o in self.objects if o.kind == "boot"]
        headers = sum(o.outcome == "header" for o in balls)
        dodged = sum(o.outcome == "dodged" for o in boots)
        low = [o for o in balls if o.kind == "low"]
        fraction = clamp(self.points / self.max_points) if self.max_points else 0.0
        clean = sum(o.clean for o in balls)
        details = {"headers": headers, "clean_headers": clean, "balls": len(balls), "boots": len(boots),
                   "boots_dodged": dodged,
                   "low_headers": sum(o.outcome == "header" for o in low), "low_balls": len(low),
                   "best_streak": self.best_streak, "points": round(self.points, 3),
                   "max_points": round(self.max_points, 3)}
        messages = [Message("heading.headers", {"headers": headers, "balls": len(balls), "clean": clean}),
                    Message("heading.longest_run", {"run": self.best_streak}),
                    Message("heading.boots_dodged", {"dodged": dodged, "boots": len(boots)}) if boots
                    else Message("heading.no_boots"),
                    Message("heading.points", {"points": round(self.points, 2), "of": round(self.max_points, 2)})]
        if low:
            messages.insert(1, Message("heading.low_balls", {"headed": details["low_headers"], "balls": len(low)}))
        parts = [Part("heading.part.headed", headers / len(balls) if balls else 0.0),
                 Part("heading.part.clean", clean / len(balls) if balls else 0.0)]
        if boots:
            parts.append(Part("heading.part.dodged", dodged / len(boots)))
        parts.append(Part("heading.part.points", fraction))
        return LevelResult(round(1000 * fraction), stars_for(fraction, self.params.stars_at), details,
                           messages=messages, parts=parts)
