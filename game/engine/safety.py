"""The safety pause: play stops while the balance point is far past the player's limits, on two feet or one.

Limits are measured from a fixed point, not from a baseline that follows the balance point:

- **Two feet**: from the player's neutral point: the mean COP of their first still second on both feet
  while they read the instructions or count down (every point within 12 mm of the mean; never during
  play, where a held lean is still too), and until they have had one, of their first second on both
  feet. Afterwards it is refined slowly (5 s time constant) only while they stand near it on both
  feet and play is not paused, so a lean, however slow, never drags it along. Stepping off forgets it
  (the feet may land elsewhere).
- **One leg**: from the foot's point, where the COP rests on that foot: its mean from 0.5 to 4 s after
  the stance was detected (not while paused), used from 1.5 s on and then fixed for the spell, so a
  later lean never drags it along; until then the neutral point shifted by the typical foot offset
  (`stance.FOOT_OFFSET_MM`), with the limit outward 20 mm wider (people stand wider or narrower).

The limit in a direction is the player's reach (limits of stability: measured, or the conservative
default from height) times a margin: 1.25 beyond measured limits, 1.1 beyond the theoretical ones
(8 deg forward and sideways, 4.5 deg back) before they are measured. Per stance:

- two feet: forward and back as measured; sideways at least the foot offset plus half a foot's
  width (standing over one foot is a change of stance, judged by the one-leg rule, never a fall);
- one leg: the base of support is one foot. Front to back it is as long as on two feet (the same foot
  length), so forward and back are the two-feet reach. Sideways the two-feet reach spans from the
  middle to the outer edge of a foot (foot offset + half a foot's width); on one foot only half a
  foot's width is left, so the outward reach is the side reach x half width / (offset + half width)
  (about 0.32; the foot's width is 0.055 x body height, Drillis & Contini). Inward, toward the lifted
  foot, there is no limit: that foot catches the player (a touch-down, then the two-feet rule).

Beyond the limit for 0.3 s pauses. Play resumes once the balance point is back near the point it
is measured from: over the last 0.5 s its mean lies within 35 % of the reach in that direction (at
least 20 mm) and no sample strayed past twice that - back and steady around it, swaying as people do
on one leg, not just passing through. It also resumes when the player has stood still for 2 s
anywhere within the limits (on two feet): steady in a stance that is safe, though off the neutral
point (one learnt while they leaned a little), they would otherwise wait at "Find your balance" for
ever. Standing still past the limits (against a wall, slumped) keeps the pause.
"""
from __future__ import annotations

import dataclasses
import math
from collections import deque

from poise.game.core.pipeline import Balance
from poise.game.core.stance import FOOT_OFFSET_MM, Stance
from poise.game.level.reach import CONSERVATIVE, DEFAULT_HEIGHT_CM, Reach

LIMIT_HOLD_S = 0.3  # this long beyond the limits pauses
BACK_HOLD_S = 0.5  # this long back near the neutral point resumes
MEASURED_MARGIN = 1.25  # beyond a measured limit by this factor is unsafe
THEORY_MARGIN = 1.1  # without a measurement: beyond the theoretical limit (8 deg etc.)
NEAR_FRACTION = 0.35  # "back in the middle": within this share of the reach ...
NEAR_MM = 20.0  # ... but at least this close
NEUTRAL_LEARN_S = 1.0  # the neutral point: the mean of the first second on both feet
NEUTRAL_TC_S = 5.0  # then refined this slowly, only near it
NEUTRAL_NEAR = 0.25  # "near it" for refining: within this share of the reach
STILL_MM = 12.0  # a still stretch: every point within this of its mean
STILL_S = 1.0  # the neutral point: the first still stretch this long (instructions and countdown)
PAUSED_STILL_S = 2.0  # while paused: still this long within the limits resumes
STILL_EVERY = 12  # steps between checks for a still stretch (only while one is looked for)
FOOT_LEARN_S = (0.5, 1.5, 4.0)  # the foot's point: mean COP from the first to the last, used from the second
FOOT_WIDTH_PER_HEIGHT = 0.055  # foot breadth / body height (Drillis & Contini 1966)
FOOT_OFFSET_SPREAD_MM = 20.0  # how far a person's foot may sit from the typical offset
NO_LIMIT = 1e6  # mm: a direction without a limit


@dataclasses.dataclass(frozen=True)
class Limits:
    """Where the pause starts, per direction (mm from `origin`), and how near counts as back."""

    origin: tuple[float, float]
    beyond: Reach  # the pause's limits
    near: Reach  # back within these resumes

    def distance(self, x: float, y: float) -> tuple[float, float]:
        """(distance from the origin, angle) of a point."""
        dx, dy = x - self.origin[0], y - self.origin[1]
        return math.hypot(dx, dy), math.atan2(dy, dx)


def one_leg_share(height_cm: float | None) -> float:
    """The share of the sideways reach left on one foot: half a foot's width / (foot offset + half width)."""
    half_width = FOOT_WIDTH_PER_HEIGHT * (height_cm or DEFAULT_HEIGHT_CM) * 10.0 / 2
    return half_width / (FOOT_OFFSET_MM + half_width)


class LimitsGuard:
    """Decides, one fixed step at a time, whether the balance point is far past the limits (see the module)."""

    def __init__(self, reach: Reach, height_cm: float | None = None):
        self.reach = reach
        self.height_cm = height_cm
        self.margin = MEASURED_MARGIN if reach.measured else THEORY_MARGIN / CONSERVATIVE
        self.half_foot = FOOT_WIDTH_PER_HEIGHT * (height_cm or DEFAULT_HEIGHT_CM) * 10.0 / 2
        self.share = one_leg_share(height_cm)
        self._bounds_made: dict[tuple[Stance, bool], tuple[Reach, Reach]] = {}
        self.neutral: tuple[float, float] | None = None
        self._neutral_acc: list[tuple[float, float]] = []
        self.settled = False  # the neutral point comes from a still stretch
        self._still: deque[tuple[float, float]] = deque()  # the last points on both feet, while looking
        self._steps = 0
        self.leg: Stance | None = None  # the stance of the current one-leg spell
        self.leg_t = 0.0  # time since it was detected
        self.foot: tuple[float, float] | None = None  # where the COP rests on that foot
        self._foot_sum = [0.0, 0.0, 0]
        self.beyond_t = 0.0
        self.recent: deque[tuple[float, float]] = deque()  # the COP over the last BACK_HOLD_S while paused
        self.limits: Limits | None = None  # as of the last step (drawn by the pause screen)
        self.paused = False

    # the reference points -----------------------------------------------------------------------
    def observe(self, balance: Balance, dt: float, playing: bool = False) -> None:
        """Learn the neutral point and the foot's point from one step (also before play, when nothing is
        checked; `playing`: during play, when no still stretch is taken for the neutral point). While
        paused only a neutral point not yet learnt is: nothing is learnt from a fall."""
        if not balance.on_board or math.isnan(balance.x):
            if not balance.on_board:  # stepped off: the feet may come back elsewhere
                self.neutral, self._neutral_acc, self.leg, self.settled = None, [], None, False
                self._still.clear()
            return
        p = (balance.x, balance.y)
        if balance.stance is not Stance.BOTH:
            self._still.clear()
        if balance.stance is Stance.BOTH:
            self.leg = None
            if self.neutral is None or len(self._neutral_acc) < NEUTRAL_LEARN_S / max(dt, 1e-6):
                if not self.paused or self.neutral is None:
                    self._neutral_acc.append(p)
                    xs, ys = zip(*self._neutral_acc)
                    self.neutral = (sum(xs) / len(xs), sum(ys) / len(ys))
            elif not self.paused:
                dx, dy = p[0] - self.neutral[0], p[1] - self.neutral[1]
                if math.hypot(dx, dy) <= NEUTRAL_NEAR * self.reach.along(math.atan2(dy, dx)):
                    k = 1.0 - math.exp(-dt / NEUTRAL_TC_S)
                    self.neutral = (self.neutral[0] + k * dx, self.neutral[1] + k * dy)
            if not self.settled and not playing and not self.paused:
                self._look_for_stillness(p, dt)
        elif balance.stance in (Stance.LEFT, Stance.RIGHT):
            if balance.stance is not self.leg:
                self.leg, self.leg_t, self.foot, self._foot_sum = balance.stance, 0.0, None, [0.0, 0.0, 0]
            self.leg_t += dt
            if FOOT_LEARN_S[0] <= self.leg_t <= FOOT_LEARN_S[2] and not self.paused:
                acc = self._foot_sum
                acc[0], acc[1], acc[2] = acc[0] + p[0], acc[1] + p[1], acc[2] + 1
                if self.leg_t >= FOOT_LEARN_S[1]:
                    self.foot = (acc[0] / acc[2], acc[1] / acc[2])

    def _look_for_stillness(self, p: tuple[float, float], dt: float) -> None:
        """Settle the neutral point on the first still stretch (see the module)."""
        still = self._still_mean(p, dt, STILL_S)
        if still is not None:
            self.neutral, self.settled = still, True
            self._still.clear()

    def _still_mean(self, p: tuple[float, float], dt: float, seconds: float) -> tuple[float, float] | None:
        """Add `p` to the recent points; their mean when they span `seconds` and all lie within STILL_MM of
        it, else None (checked every STILL_EVERY steps: this runs at every fixed step while it matters)."""
        self._still.append(p)
        while len(self._still) > round(seconds / dt):
            self._still.popleft()
        self._steps += 1
        if len(self._still) < round(seconds / dt) or self._steps % STILL_EVERY:
            return None
        n = len(self._still)
        mx, my = sum(q[0] for q in self._still) / n, sum(q[1] for q in self._still) / n
        return (mx, my) if all(math.hypot(x - mx, y - my) <= STILL_MM for x, y in self._still) else None

    def current_limits(self, balance: Balance) -> Limits | None:
        """The limits for the detected stance, or None where nothing can be judged yet."""
        stance = balance.stance
        if stance is Stance.BOTH and self.neutral is not None:
            return Limits(self.neutral, *self._bounds(stance, False))
        if stance in (Stance.LEFT, Stance.RIGHT) and (self.foot is not None or self.neutral is not None):
            foot_known = self.foot is not None
            origin = self.foot if foot_known else \
                (self.neutral[0] + (-FOOT_OFFSET_MM if stance is Stance.LEFT else FOOT_OFFSET_MM), self.neutral[1])
            return Limits(origin, *self._bounds(stance, foot_known))
        return None

    def _bounds(self, stance: Stance, foot_known: bool) -> tuple[Reach, Reach]:
        """(beyond, near) for a stance, made once: they depend on nothing that changes during play, and this
        runs at every fixed step."""
        key = (stance, foot_known)
        bounds = self._bounds_made.get(key)
        if bounds is None:
            r, m = self.reach, self.margin
            if stance is Stance.BOTH:
                out = FOOT_OFFSET_MM + self.half_foot
                bounds = Reach(m * r.forward, m * r.back, max(m * r.left, out), max(m * r.right, out)), self._near(r)
            else:
                left = stance is Stance.LEFT
                side = (r.left if left else r.right) * self.share
                out = m * side + (0.0 if foot_known else FOOT_OFFSET_SPREAD_MM)
                bounds = (Reach(m * r.forward, m * r.back, out if left else NO_LIMIT, NO_LIMIT if left else out),
                          self._near(Reach(r.forward, r.back, side, side)))
            self._bounds_made[key] = bounds
        return bounds

    @staticmethod
    def _near(r: Reach) -> Reach:
        return Reach(*(max(NEAR_MM, NEAR_FRACTION * v) for v in (r.forward, r.back, r.left, r.right)))

    # the decision --------------------------------------------------------------------------------
    def update(self, balance: Balance, dt: float) -> bool:
        """One fixed step of play; True while play should stay paused for leaning past the limits."""
        self.observe(balance, dt, playing=True)
        limits = self.current_limits(balance) if not math.isnan(balance.x) else None
        self.limits = limits or self.limits
        if limits is None:
            self.beyond_t = 0.0
            return self.paused
        dist, angle = limits.distance(balance.x, balance.y)
        if not self.paused:
            far = dist > limits.beyond.along(angle)
            self.beyond_t = self.beyond_t + dt if far else 0.0
            if self.beyond_t >= LIMIT_HOLD_S:
                self.paused = True
                self.recent.clear()
        else:
            self.recent.append((balance.x, balance.y))
            if len(self.recent) > round(BACK_HOLD_S / dt):
                self.recent.popleft()
                if self.back(limits):
                    self.paused, self.beyond_t = False, 0.0
            still = self._still_mean((balance.x, balance.y), dt, PAUSED_STILL_S) \
                if self.paused and balance.stance is Stance.BOTH else None
            if still is not None:
                dist, angle = limits.distance(*still)
                if dist <= limits.beyond.along(angle):  # steady within the limits: safe to go on
                    self.paused, self.beyond_t = False, 0.0
            if not self.paused:
                self._still.clear()
        return self.paused

    def back(self, limits: Limits) -> bool:
        """Over the recent window: the mean near the origin, and no sample past twice that."""
        n = len(self.recent)
        mx, my = sum(p[0] for p in self.recent) / n, sum(p[1] for p in self.recent) / n
        dist, angle = limits.distance(mx, my)
        if dist > limits.near.along(angle):
            return False
        return all(d <= 2 * limits.near.along(a) for d, a in (limits.distance(x, y) for x, y in self.recent))


def pause_reason(feed, level, guard: LimitsGuard, balance: Balance, dt: float) -> str | None:
    """Why one seat's play must wait now, or None: "disconnected" (its board is gone), "fault" (a corner whose
    readings stay unusable: nothing can be measured), "off" (nobody on the board while the level needs its
    player) or "limits" (leaned far past the limits of stability; never in the limits test itself, which is
    about leaning to the limit). `feed` is the seat's BoardFeed, `guard` its LimitsGuard."""
    if not feed.last_status.connected:
        return "disconnected"
    if feed.fault:
        return "fault"
    if level.needs_player and not balance.on_board:
        return "off"
    if not level.measures_limits and guard.update(balance, dt):
        return "limits"
    return None
