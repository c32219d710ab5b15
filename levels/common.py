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
