"""Stance and events over total load and COP: who is on the board, on which feet, and what just happened.

States: empty, stepping on, both feet, left foot, right foot, stepped off.
Events carry the time the thing happened (`t`, back-dated to the crossing
that revealed it) and the time it was confirmed (`detected_at`):
  stepped-on   the load crossed the presence threshold
  standing     the load settled at body weight (two feet, neutral COP learnt)
  left, right  the COP settled under that foot: single-leg stance
  touch-down   during single-leg stance the COP swung back toward the middle:
               the lifted foot touched the board
  stepped-off  the load fell away (off the board, or a foot onto the floor)
A rigid plate cannot see which foot carries weight, only where the COP is:
single-leg stance is inferred from the COP resting near one foot, which is
also what a full lean onto one foot looks like (products.md 3, row 7).
"""
from __future__ import annotations

import dataclasses
import enum
import math

from .cop import PRESENCE_KG
from .presence import Presence, PresenceTracker

FOOT_OFFSET_MM = 100.0  # typical distance of each foot's centre from the middle of the stance
SINGLE_AT = 0.55  # fraction of the foot offset beyond which the COP counts as over one foot
BACK_AT = 0.3  # fraction below which a single-leg COP counts as back in the middle
CROSS_AT = 0.5  # the crossing an event is dated by
CONFIRM_S = 0.15  # a single-leg shift must hold this long
SMOOTH_TC = 0.04  # s: light smoothing of the COP before classifying
NEUTRAL_TC = 5.0  # s: slow tracking of the two-feet neutral COP


class Stance(enum.Enum):
    EMPTY = "empty"
    STEPPING_ON = "stepping-on"
    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    STEPPED_OFF = "stepped-off"


@dataclasses.dataclass(frozen=True)
class StanceEvent:
    kind: str
    t: float
    detected_at: float


class StanceTracker:
    def __init__(self, foot_offset_mm: float = FOOT_OFFSET_MM, threshold: float = PRESENCE_KG):
        self.presence = PresenceTracker(threshold)
        self.foot = foot_offset_mm
        self.state = Stance.EMPTY
        self.neutral_x: float | None = None
        self._xf: float | None = None
        self._t: float | None = None
        self._cross_t: float | None = None  # last time the COP crossed the dating line this excursion
        self._beyond_since: float | None = None

    def update(self, t: float, total: float, x: float, y: float) -> list[StanceEvent]:
        before = self.presence.state
        now = self.presence.update(t, total)
        events: list[StanceEvent] = []
        if now is not before:
            events += self._presence_change(before, now, t)
        if now is Presence.ON_BOARD and not math.isnan(x):
            events += self._classify(t, x)
        elif now is not Presence.ON_BOARD:
            self._xf = None
        self._t = t
        return events

    def _presence_change(self, before: Presence, now: Presence, t: float) -> list[StanceEvent]:
        p = self.presence
        if now is Presence.STEPPING_ON:
            self.state = Stance.STEPPING_ON
            return [StanceEvent("stepped-on", p.loaded_at, t)]
        if now is Presence.ON_BOARD:
            self.state = Stance.BOTH
            self.neutral_x = None
            return [StanceEvent("standing", p.settled_at, t)]
        if now is Presence.STEPPED_OFF:
            self.state = Stance.STEPPED_OFF
            return [StanceEvent("stepped-off", p.left_at, t)]
        self.state = Stance.EMPTY
        return []

    def _classify(self, t: float, x: float) -> list[StanceEvent]:
        dt = 0.0 if self._t is None else max(0.0, t - self._t)
        if self._xf is None:
            self._xf = x
        else:
            self._xf += (x - self._xf) * (1.0 - math.exp(-dt / SMOOTH_TC))
        if self.neutral_x is None:
            self.neutral_x = self._xf
        d = (self._xf - self.neutral_x) / self.foot  # in foot offsets, + = right
        side = abs(d)
        if self.state is Stance.BOTH:
            if side < BACK_AT:  # learn the neutral only near it, or a shift would drag it along
                self.neutral_x += (self._xf - self.neutral_x) * (1.0 - math.exp(-dt / NEUTRAL_TC))
            if side < CROSS_AT:
                self._cross_t = None
            elif self._cross_t is None:
                self._cross_t = t
            if side >= SINGLE_AT:
                self._beyond_since = t if self._beyond_since is None else self._beyond_since
                if t - self._beyond_since >= CONFIRM_S:
                    self.state = Stance.RIGHT if d > 0 else Stance.LEFT
                    self._beyond_since = None
                    return [StanceEvent(self.state.value, self._cross_t or t, t)]
            else:
                self._beyond_since = None
        elif self.state in (Stance.LEFT, Stance.RIGHT):
            if side >= CROSS_AT:
                self._cross_t = None
            elif self._cross_t is None:
                self._cross_t = t
            if side < BACK_AT:
                self.state = Stance.BOTH
                return [StanceEvent("touch-down", self._cross_t or t, t)]
        return []
