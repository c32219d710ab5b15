"""What level mechanics share: difficulty ladders and small maths."""
from __future__ import annotations



def check_ladder(name: str, *ladders) -> int:
    """All per-step lists of a level must have the same length, 3 to 5 steps."""
    lengths = {len(ladder) for ladder in ladders}
    if len(lengths) != 1 or not 3 <= lengths.pop() <= 5:
        raise ValueError(f"params of {name}: every difficulty ladder needs the same number of steps, 3 to 5")
    return len(ladders[0])


class Laddered:
    """Mixin for a level's Params: the fields named in LADDER hold one value per difficulty step.

    `steps` counts them (all the same length, 3 to 5) and construction checks it.
    """

    LADDER: tuple[str, ...] = ()

    @property
    def steps(self) -> int:
        return check_ladder(type(self).__module__.rsplit(".", 1)[-1].replace("_", " "),
                            *(getattr(self, name) for name in self.LADDER))

    def __post_init__(self):
        self.steps  # noqa: B018 - validates the ladder


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

    def advice(self) -> str:
        """What to do when not on the requested leg ('' when on it)."""
        if self.leg is None or self.on_leg:
            return ""
        other = OTHER_LEG[self.leg]
        if self.stance == other:
            return f"Wrong leg: stand on your {self.leg.upper()} leg and lift your {other} foot"
        return f"Lift your {other} foot"
