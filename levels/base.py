"""What every level mechanic offers the level scene. Logic runs on fixed steps; draw only reads."""
from __future__ import annotations

import dataclasses

from game.core.pipeline import Balance

from .common import Reach
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
    details: dict  # numbers for storage and JSON
    windows: list[Window]  # stretches whose raw samples get sway metrics
    summary: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # rows for the results screen
    parts: list[tuple[str, float]] = dataclasses.field(default_factory=list)  # score components, 0..1


class Level:
    """Base class: a mechanic subclasses it and fills in the hooks.

    `step` is the difficulty step (0 = easiest) on the level file's ladder; `reach` the player's
    limits of stability, to which targets and ranges are scaled.
    """

    accent = "accent"  # the level's own colour (a name in assets/theme.toml)
    assessment = False  # a fixed measuring protocol rather than a training game
    score_measures_skill = True  # False where the score means something else (the check's valid-trial share)
    score_label = "Score"

    def __init__(self, spec: LevelSpec, seconds: float | None = None, step: int = 0, reach: Reach | None = None):
        self.spec = spec
        self.params = spec.params
        self.seconds = seconds  # demo override of the active play time
        self.steps = self.params.steps
        self.step = min(max(step, 0), self.steps - 1)
        self.reach = reach or Reach.from_height(None)
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

    def sonify(self) -> tuple[float, float] | None:
        """(pitch 0..1, pan -1..1) for eyes-closed feedback, or None for silence."""
        return None

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
