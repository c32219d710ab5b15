"""What Poise's own mechanics share: stars from a score, clamping, and holding a player to one leg.

These are the level package's own tools, not poise.api: they are a few lines each, and a package that
wants them can keep its own copy, which leaves the public surface small (a difficulty ladder, which the
game reads, is poise.api.Params).
"""
from __future__ import annotations

from poise.api import _, Message


def stars_for(fraction: float, thresholds: tuple[float, ...]) -> int:
    return sum(fraction >= t for t in thresholds)


def clamp(v: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if v < lo else hi if v > hi else v


OTHER_LEG = {"left": "right", "right": "left"}


class LegWatch:
    """Holds a single-leg level to the leg it asks for, from the stance the pipeline detects (Balance.stance).

    Only time on the requested leg counts: `update` says, each fixed step, whether the level's clock may
    run. Standing on both feet or on the other leg stops it and `advice` says what to do. A touch-down -
    the detected stance falling back from the requested leg to both feet - is counted per leg (a pause,
    such as stepping off, does not count as one). The time spent not on the leg adds up per leg; after
    `give_up_s` of it the level stops waiting for that leg (`gave_up`) and scores the rest as not held.
    """

    def __init__(self, give_up_s: float):
        self.give_up_s = give_up_s
        self.leg: str | None = None
        self.on_leg = False
        self.stance: str | None = None  # the detected stance at the last step: both, left, right, ...
        self.waited: dict[str, float] = {}  # per leg: seconds asked for but not on it
        self.touchdowns: dict[str, int] = {}
        self.skipped: list[str] = []  # legs the level stopped waiting for
        self._prev: str | None = None
        self._last_t: float | None = None

    def ask(self, leg: str) -> None:
        """From now on the player should stand on `leg`."""
        self.leg = leg
        self.waited.setdefault(leg, 0.0)
        self.touchdowns.setdefault(leg, 0)
        self.on_leg = False
        self._prev = None

    def update(self, t: float, dt: float, balance) -> bool:
        """One fixed step; True when the player stands on the requested leg (the clock may run)."""
        resumed = self._last_t is not None and t - self._last_t > 2.5 * dt
        self._last_t = t
        stance = balance.stance.value
        if self._prev == self.leg and stance == "both" and not resumed:
            self.touchdowns[self.leg] += 1
        self._prev = stance
        self.stance = stance
        self.on_leg = stance == self.leg
        if not self.on_leg:
            self.waited[self.leg] += dt
        return self.on_leg

    @property
    def gave_up(self) -> bool:
        """True once the player has not been on the requested leg for `give_up_s` in all."""
        return self.leg is not None and self.waited.get(self.leg, 0.0) >= self.give_up_s

    def skip(self) -> None:
        """The level stops waiting for this leg."""
        if self.leg is not None and self.leg not in self.skipped:
            self.skipped.append(self.leg)

    def messages(self, legs: tuple[str, ...]) -> list[Message]:
        """The result's lines about the legs: touch-downs per leg, and each leg the level stopped waiting for."""
        counts = {leg: self.touchdowns.get(leg, 0) for leg in legs}
        out = [Message("leg.touchdowns", counts) if len(legs) > 1 else
               Message("leg.touchdowns_one", {"leg": legs[0], "n": counts[legs[0]]})]
        return out + [Message("leg.never_lifted", {"leg": leg, "other": OTHER_LEG[leg]}) for leg in self.skipped]

    def advice(self) -> str:
        """What to do when not on the requested leg ('' when on it)."""
        if self.leg is None or self.on_leg:
            return ""
        other = OTHER_LEG[self.leg]
        if self.stance == other:
            return (_("Wrong leg: stand on your LEFT leg and lift your right foot") if self.leg == "left"
                    else _("Wrong leg: stand on your RIGHT leg and lift your left foot"))
        return _("Lift your right foot") if self.leg == "left" else _("Lift your left foot")


def stand_on(leg: str) -> str:
    """What to do to stand on `leg` ("left" or "right"), in the player's language."""
    return (_("Lift your right foot: stand on your LEFT leg") if leg == "left"
            else _("Lift your left foot: stand on your RIGHT leg"))
