"""Is anyone on the board? Empty, stepping on, on the board, stepped off.

Stepping on lasts until the load has settled near body weight; stepping off is
a drop below the empty threshold, or a sudden loss of most of the settled
weight (one foot on the floor), which levels treat as a reason to pause.
"""
from __future__ import annotations

import enum

from .cop import PRESENCE_KG


class Presence(enum.Enum):
    EMPTY = "empty"
    STEPPING_ON = "stepping-on"
    ON_BOARD = "on-board"
    STEPPED_OFF = "stepped-off"


SETTLE_S = 0.6  # load must stay within SETTLE_BAND of its running level this long
SETTLE_BAND = 0.08
LOSS_FRACTION = 0.6  # below this share of settled weight for LOSS_S counts as stepping off
LOSS_S = 0.15
OFF_LINGER_S = 1.0  # "stepped off" is shown this long before the board counts as empty


class PresenceTracker:
    """A small state machine over the total load, one sample at a time."""

    def __init__(self, threshold: float = PRESENCE_KG):
        self.threshold = threshold
        self.state = Presence.EMPTY
        self.weight = 0.0  # settled body weight (kg), 0 until known
        self._since = 0.0  # time the current condition began
        self._level = 0.0
        self._low_since: float | None = None
        # when things really happened (the state changes are confirmed later)
        self.loaded_at: float | None = None  # load crossed the threshold upward
        self.settled_at: float | None = None  # load became steady at body weight
        self.left_at: float | None = None  # load fell away

    def update(self, t: float, total: float) -> Presence:
        s = self.state
        loaded = total >= self.threshold
        if s is Presence.EMPTY:
            if loaded:
                self._begin_stepping_on(t, total)
        elif s is Presence.STEPPED_OFF:
            # one foot still on the board is not "back on": wait for most of the weight
            if total >= max(self.threshold, LOSS_FRACTION * self.weight):
                self._begin_stepping_on(t, total)
            elif not loaded and t - self._since >= OFF_LINGER_S:
                self.weight = 0.0
                self._enter(Presence.EMPTY, t)
        elif s is Presence.STEPPING_ON:
            if not loaded:
                self._enter(Presence.EMPTY, t)
            elif abs(total - self._level) > SETTLE_BAND * self._level:
                self._level = total
                self._since = t
            elif t - self._since >= SETTLE_S:
                self.weight = self._level
                self.settled_at = self._since
                self._enter(Presence.ON_BOARD, t)
            else:
                self._level += 0.1 * (total - self._level)
        elif s is Presence.ON_BOARD:
            if not loaded:
                self.left_at = self._low_since if self._low_since is not None else t
                self._enter(Presence.STEPPED_OFF, t)
            elif total < LOSS_FRACTION * self.weight:
                self._low_since = t if self._low_since is None else self._low_since
                if t - self._low_since >= LOSS_S:
                    self.left_at = self._low_since
                    self._enter(Presence.STEPPED_OFF, t)
            else:
                self._low_since = None
                self.weight += 0.002 * (total - self.weight)  # follow slow drift, not sway
        return self.state

    def _begin_stepping_on(self, t: float, total: float) -> None:
        self.loaded_at = t
        self._enter(Presence.STEPPING_ON, t)
        self._level = total

    def _enter(self, state: Presence, t: float) -> None:
        self.state = state
        self._since = t
        self._low_since = None
