"""What every level mechanic offers the level scene. Logic runs on fixed steps; draw only reads."""
from __future__ import annotations

import dataclasses

from game.core.pipeline import Balance

from .spec import LevelSpec


@dataclasses.dataclass
class Window:
    """A stretch of level play whose raw samples get sway metrics (host times)."""

    label: str
    start: float
    end: float


@dataclasses.dataclass
class LevelResult:
    score: int
    stars: int
    details: dict
    windows: list[Window]


class Level:
    """Base class: a mechanic subclasses it and fills in the hooks."""

    def __init__(self, spec: LevelSpec, seconds: float | None = None):
        self.spec = spec
        self.params = spec.params
        self.seconds = seconds  # demo override of the active play time
        self.finished = False
        self.events: list[str] = []  # sound cues raised in fixed steps, drained by the scene

    @property
    def needs_player(self) -> bool:
        """Whether play should pause while nobody is on the board (false during rest breaks)."""
        return True

    @property
    def progress(self) -> float:
        """0..1 through the level's play."""
        return 0.0

    @property
    def showcase(self) -> bool:
        """True at the moment that best shows the level in play (the demo's screenshot)."""
        return self.progress >= 0.5

    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        raise NotImplementedError

    def autopilot_goal(self) -> tuple[str | None, tuple[float, float] | None]:
        """(stance, COP target) a good player would aim for now; the simulated player follows it."""
        return None, None

    def draw_static(self, surface) -> None:
        """What never changes during the level (panels, scales): drawn once into a cached backdrop."""

    def draw(self, surface, latest: Balance) -> None:
        """The moving parts, every frame, over the backdrop."""
        raise NotImplementedError

    def result(self) -> LevelResult:
        raise NotImplementedError
