"""What levels share: the player's reach (limits of stability), difficulty steps, and small maths."""
from __future__ import annotations

import dataclasses
import math

DEFAULT_HEIGHT_CM = 170.0
# Theoretical limits of stability as sway angles (posturography.md 3.4): 8 deg forward and sideways,
# 4.5 deg back, at a COM height of 0.55 x body height. Before a player's own LOS is measured, levels
# use a conservative share of that.
LOS_DEG = {"forward": 8.0, "back": 4.5, "left": 8.0, "right": 8.0}
CONSERVATIVE = 0.6


@dataclasses.dataclass(frozen=True)
class Reach:
    """How far (mm) the player can move the COP from neutral in each direction without stepping."""

    forward: float
    back: float
    left: float
    right: float
    measured: bool = False  # True when it comes from the player's own limits-of-stability test

    @classmethod
    def from_height(cls, height_cm: float | None) -> "Reach":
        com_mm = 0.55 * (height_cm or DEFAULT_HEIGHT_CM) * 10.0
        mm = {d: CONSERVATIVE * com_mm * math.tan(math.radians(a)) for d, a in LOS_DEG.items()}
        return cls(**mm)

    def along(self, angle_rad: float) -> float:
        """Reach in a direction (0 = right, pi/2 = forward), interpolated on an ellipse per quadrant."""
        c, s = math.cos(angle_rad), math.sin(angle_rad)
        rx = self.right if c >= 0 else self.left
        ry = self.forward if s >= 0 else self.back
        return 1.0 / math.sqrt((c / rx) ** 2 + (s / ry) ** 2)

    def point(self, angle_rad: float, fraction: float) -> tuple[float, float]:
        r = self.along(angle_rad) * fraction
        return r * math.cos(angle_rad), r * math.sin(angle_rad)


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


def next_step(history: list[tuple[int, int]], steps: int, start: int = 0) -> int:
    """Adaptive difficulty from (step, stars) of past attempts, oldest first.

    Up one step after two attempts in a row at the current step with 2+ stars;
    down one after two in a row with no star. Otherwise stay.
    """
    step = start
    streak_good = streak_bad = 0
    for played, stars in history:
        if played != step:
            step, streak_good, streak_bad = played, 0, 0
        streak_good = streak_good + 1 if stars >= 2 else 0
        streak_bad = streak_bad + 1 if stars == 0 else 0
        if streak_good >= 2 and step < steps - 1:
            step, streak_good = step + 1, 0
        elif streak_bad >= 2 and step > 0:
            step, streak_bad = step - 1, 0
    return min(max(step, 0), steps - 1)


def stars_for(fraction: float, thresholds: tuple[float, ...]) -> int:
    return sum(fraction >= t for t in thresholds)


def clamp(v: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return lo if v < lo else hi if v > hi else v
