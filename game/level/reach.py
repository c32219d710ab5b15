"""The player's reach: how far they can move their balance point from neutral (limits of stability).

Levels scale their targets to it; the game measures and stores it.
"""
from __future__ import annotations

import dataclasses
import math

from poise.game.level.result import Message

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


# A measured limit outside these shares of the theoretical one (full, not the conservative share) is not
# a person's limit: a test where the player did not lean (or the board misread), or a glitch. Frail
# older adults reach about half the theoretical limit; a fifth is far below anyone standing unaided.
PLAUSIBLE_SHARE = (0.2, 1.6)


def theoretical(height_cm: float | None) -> Reach:
    """The full theoretical limits of stability for a body height (8 deg forward and sideways, 4.5 back)."""
    r = Reach.from_height(height_cm)
    return Reach(r.forward / CONSERVATIVE, r.back / CONSERVATIVE, r.left / CONSERVATIVE, r.right / CONSERVATIVE)


def implausible(limits_mm: dict[str, float], height_cm: float | None) -> list[Message]:
    """A message for every limit (mm by direction: forward, back, left, right) a person of this height cannot
    have, keyed "limits.far_below" or "limits.beyond_body" with the direction, mm, the theoretical limit and the
    height; [] when all are plausible."""
    theory = theoretical(height_cm)
    lo, hi = PLAUSIBLE_SHARE
    out = []
    for d in ("forward", "back", "left", "right"):
        mm, limit = float(limits_mm.get(d) or 0.0), getattr(theory, d)
        args = {"direction": d, "mm": round(mm, 1), "limit": round(limit, 1),
                "height": round(height_cm or DEFAULT_HEIGHT_CM, 1)}
        if mm < lo * limit:
            out.append(Message("limits.far_below", args))
        elif mm > hi * limit:
            out.append(Message("limits.beyond_body", args))
    return out
