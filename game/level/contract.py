"""The contract between the game and a level: every hook the game calls, declared here.

Logic runs on fixed steps; drawing only reads. A level mechanic subclasses `Level` and names its
parameters' class (`Params`, a subclass of `Params` here); a level package hands the game its levels
with a `LevelPack` through the entry-point group `poise.levels` (poise.game.level.catalogue). The game
never probes a level for anything not declared below, and never imports a level package by name.
"""
from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any, ClassVar, Mapping, Protocol

from poise.game.core.pipeline import Balance
from poise.game.level.levelfile import LevelSpec
from poise.game.level.reach import Reach
from poise.game.media.frame import Frame
from poise.game.level.result import LevelResult
from poise.i18n import N_

MIN_STEPS, MAX_STEPS = 3, 5  # a difficulty ladder's length


class Params:
    """Base of a mechanic's parameters: a frozen dataclass whose fields the level file fills ([params]).

    The fields named in `LADDER` hold one value per difficulty step (all the same length, 3 to 5);
    `steps` counts them, and is 1 for a mechanic without a ladder (a fixed protocol). Construction checks
    the ladder: a subclass that defines `__post_init__` calls `super().__post_init__()`. Raise ValueError
    naming the key (`params.<key> ...`) for a value the mechanic cannot use: the level file's error then
    points at its line.
    """

    LADDER: ClassVar[tuple[str, ...]] = ()

    @property
    def steps(self) -> int:
        if not self.LADDER:
            return 1
        lengths = {len(getattr(self, name)) for name in self.LADDER}
        if len(lengths) != 1 or not MIN_STEPS <= next(iter(lengths)) <= MAX_STEPS:
            raise ValueError(f"params of {type(self).__module__.rsplit('.', 1)[-1].replace('_', ' ')}: every "
                             f"difficulty ladder needs the same number of steps, {MIN_STEPS} to {MAX_STEPS}")
        return lengths.pop()

    def __post_init__(self):
        self.steps  # noqa: B018 - validates the ladder


@dataclasses.dataclass(frozen=True)
class LevelPack:
    """What a level package hands Poise through its entry point (group `poise.levels`, e.g.
    `hopscotch = "poise_hopscotch:PACK"` in its pyproject.toml).

    api_version: the version of poise.api the package was written for (poise.api.API_VERSION);
    levels: the folder of its level files (*.toml; a file's name is the level's id);
    mechanics: mechanic name (the level files' `mechanic`) -> "module:LevelClass", imported when needed;
    messages: message key -> English template, (label, text) or a label alone (poise.game.level.messages);
    order: level ids in the order the title screen lists them (the rest follow by id);
    domain, locale (API 3): the gettext domain of the package's own catalogue and the folder holding it
    (`<locale>/<lang>/LC_MESSAGES/<domain>.mo`): its level files' titles, summaries and instructions, its
    message templates and the strings its code marks with `poise.api.translator(domain)` are looked up there
    (then in Poise's own catalogue). Poise's own levels use Poise's domain, "poise", and no folder of their own.
    """

    api_version: int
    levels: Path
    mechanics: Mapping[str, str]
    messages: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    order: tuple[str, ...] = ()
    domain: str = "poise"
    locale: Path | None = None


@dataclasses.dataclass(frozen=True)
class Versus:
    """How a mechanic is played head to head, two seats at once (API 2; docs/writing-a-level.md).

    rule: message key of the contest's rule in a line, shown before the match ("slalom.versus.rule");
    measure: message key of what `Level.standing` gives, a label with `{value}` ("slalom.versus.measure");
    better: "higher" or "lower" - which standing wins;
    together: True for a level the two seats play as a pair rather than against each other (one leads, the
    other follows): nobody wins, the match is played together.
    """

    rule: str
    measure: str
    better: str = "higher"
    together: bool = False

    def __post_init__(self):
        if self.better not in ("higher", "lower"):
            raise ValueError(f"Versus.better must be 'higher' or 'lower', not {self.better!r}")


@dataclasses.dataclass(frozen=True)
class Seat:
    """Which seat a level is played on in play with more than one (API 2): `index` from 0 (the left of the
    screen), `of` seats in all, and for a level played as a pair the seat's `role` ("lead" or "follow")."""

    index: int = 0
    of: int = 1
    role: str | None = None


SOLO = Seat()


@dataclasses.dataclass(frozen=True)
class Arena:
    """Where a level shows the balance point, so a mouse or a game controller can point at it.

    Board mm `origin` is drawn at screen point `centre`; `scale` is px per mm toward the player's
    right, left, toes and heels (a level may scale each side to the player's reach); toes are up the
    screen, unless the forward and back scales are both the same negative number (toes down the
    screen). `rect` is the area (x, y, w, h) that stands for the board: a point outside it counts as
    its nearest edge.
    """

    rect: tuple[float, float, float, float]
    centre: tuple[float, float]
    origin: tuple[float, float]
    scale: tuple[float, float, float, float]

    def to_board(self, pos: tuple[float, float]) -> tuple[float, float]:
        """The board point (mm) shown at screen point `pos`."""
        x, y, w, h = self.rect
        dx = min(max(pos[0], x), x + w) - self.centre[0]
        dy = self.centre[1] - min(max(pos[1], y), y + h)
        right, left, forward, back = self.scale
        return (self.origin[0] + dx / (right if dx >= 0 else left),
                self.origin[1] + dy / (forward if dy >= 0 else back))

    def to_screen(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        dx, dy = x_mm - self.origin[0], y_mm - self.origin[1]
        right, left, forward, back = self.scale
        return (self.centre[0] + dx * (right if dx >= 0 else left),
                self.centre[1] - dy * (forward if dy >= 0 else back))

    def edges_mm(self) -> tuple[float, float, float, float]:
        """How far (mm) the rect reaches from the origin: right, left, forward, back."""
        x, y, w, h = self.rect
        xs = [self.to_board((x, self.centre[1]))[0], self.to_board((x + w, self.centre[1]))[0]]
        ys = [self.to_board((self.centre[0], y))[1], self.to_board((self.centre[0], y + h))[1]]
        ox, oy = self.origin
        return max(xs) - ox, ox - min(xs), max(ys) - oy, oy - min(ys)

    def at_fraction(self, fx: float, fy: float) -> tuple[float, float]:
        """The board point a stick deflected by (fx, fy) (-1..1, right and toes positive) points at."""
        right, left, forward, back = self.edges_mm()
        return (self.origin[0] + fx * (right if fx >= 0 else left),
                self.origin[1] + fy * (forward if fy >= 0 else back))


class Level:
    """Base class: a mechanic subclasses it and fills in the hooks.

    `step` is the difficulty step (0 = easiest) on the level file's ladder; `reach` the player's
    limits of stability, to which targets and ranges are scaled. Sound cues are raised by appending
    their names (poise.api.CUES) to `events` during a fixed step; the game plays and clears them.
    Moments a lab lines up with other recordings (a trial or condition starting, a target shown) are
    raised with `mark`; the game publishes them on an LSL Markers stream when asked and clears them.
    """

    Params: ClassVar[type | None] = None  # the mechanic's parameters (a dataclass subclassing Params)

    accent = "accent"  # the level's own colour (a name in assets/theme.toml)
    assessment = False  # a fixed measuring protocol rather than a training game
    measures_limits = False  # the limits-of-stability test: the safety pause for leaning far is off
    score_measures_skill = True  # False where the score means something else (the check's valid-trial share)
    score_label = N_("Score")  # shown in the player's language
    music = "calm"  # the level's music loop (a game/media/synth.py STYLES name), None for none; assessments are quiet
    versus: ClassVar[Versus | None] = None  # how it is played head to head on two seats; None: it is not (API 2)

    def __init__(self, spec: LevelSpec, seconds: float | None = None, step: int = 0, reach: Reach | None = None):
        self.spec = spec
        self.params = spec.params
        self.seconds = seconds  # demo override of the active play time
        self.steps = self.params.steps
        self.step = min(max(step, 0), self.steps - 1)
        self.reach = reach or Reach.from_height(None)
        self.finished = False
        self.events: list[str] = []  # sound cues raised in fixed steps, drained by the scene
        self.markers: list[tuple[str, dict]] = []  # (event, details) raised in fixed steps, drained by the scene
        self.seat = SOLO  # the seat it is played on; the game sets another before play on two seats (API 2)

    def mark(self, event: str, **details) -> None:
        """Raise a marker for this fixed step: `event` one of "trial-start", "condition-start", "target-shown",
        "trial-end" (or a level's own, lower-case with dashes); `details` JSON values (condition, trial,
        direction_deg, ...). Without a listener it costs a list append."""
        self.markers.append((event, details))

    # --- set-up --------------------------------------------------------------------------------
    def set_height(self, height_cm: float | None) -> None:
        """The player's body height (cm, None when unknown), given before play; most levels ignore it."""

    def set_weight(self, weight_kg: float | None) -> None:
        """The player's body weight from their profile (kg, None when unknown), given before play; most levels
        ignore it (the limits test checks the weight the board measures against it)."""

    # --- state the game reads ----------------------------------------------------------------------
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

    @property
    def in_zone(self) -> bool | None:
        """Whether the balance point is inside the zone the level asks the player to hold it in now; None when it
        asks for none (the default). Pip, the coach, cheers a zone held and corrects a drift out of it."""
        return None

    def eyes_closed_now(self) -> bool:
        """True while the protocol asks the player to close their eyes (the simulated player does)."""
        return False

    # --- fixed steps ------------------------------------------------------------------------------
    def fixed_update(self, t: float, dt: float, balance: Balance) -> None:
        """Advance by one fixed step of `dt` s ending at host time `t`, seeing the balance as of then."""
        raise NotImplementedError

    # --- head to head (API 2): only for a mechanic whose `versus` is set ----------------------------------
    def meet(self, rival: "Level") -> None:
        """After every fixed step of head-to-head play, the other seat's level as it is now: read it (never
        change it) for a rule that joins the two (the first ball in the hole takes the stage from both, the
        follower reads the leader's path). Both levels see the same fixed steps, one after the other."""

    def standing(self, rival: "Level") -> float | None:
        """The contest's measure for this seat now (`versus.measure`), against `rival`; `versus.better` says
        whether higher or lower wins; None while there is none (and a seat with none at the end loses)."""
        return None

    def sonify(self) -> tuple[float, float] | None:
        """(pitch 0..1, pan -1..1) for eyes-closed feedback, or None for silence."""
        return None

    def autopilot_goal(self) -> tuple[str | None, tuple[float, float] | None]:
        """(stance, COP target) a good player would aim for now; the simulated player follows it."""
        return None, None

    def planned_seconds(self) -> float:
        """About how long the level's play lasts at its step (s; instructions and results not included): what a
        day's programme plans with (poise.game.clinic.programme).

        By default a copy of the level is played through by an idealised player who is always where the
        level's autopilot goal says, on the stance it asks for, at 30 fixed steps a second (at most 30
        minutes): exact for levels paced by their own clock, a lower bound for levels that wait for the
        player. A mechanic whose length follows from its parameters returns it directly."""
        import copy

        from poise.game.core.presence import Presence
        from poise.game.core.stance import Stance

        level = copy.deepcopy(self)
        stances = {"left": Stance.LEFT, "right": Stance.RIGHT}
        t, x, y, dt = 0.0, 0.0, 0.0, 1.0 / 30
        while not level.finished and t < 1800.0:
            stance, goal = level.autopilot_goal()
            if goal is not None:
                x, y = goal
            t += dt
            level.fixed_update(t, dt, Balance(t, 70.0, x, y, x, y, Presence.ON_BOARD, 0,
                                              stances.get(stance or "both", Stance.BOTH)))
            level.events.clear()
            level.markers.clear()
        return t

    # --- drawing (read-only) --------------------------------------------------------------------
    # A level's logic never imports pygame: its drawing lives in the module named here, which
    # defines draw_static(level, surface, frame) and draw(level, surface, frame, latest), and, where the
    # level shows the balance point, marker(level, surface, frame, latest) -> the canvas Rect(s) it drew on
    # (a Rect, a list of them, or None: nothing now) and arena(level, frame). `frame` (a Frame: the level's
    # area on the canvas and the window's scale) is handed over on every call, never kept: everything is
    # laid out relative to it (docs/level-views.md). `draw` leaves out what `marker` draws. The module is
    # imported on the first draw, so a level runs and scores headless without pygame imported at all.
    view_module: str | None = None

    def _drawing(self):
        if self.view_module is None:
            raise NotImplementedError(f"{type(self).__name__} names no view_module to draw it")
        return importlib.import_module(self.view_module)

    def draw_static(self, surface, frame: Frame) -> None:
        """What never changes during the level (panels, scales), inside `frame`: drawn once into a backdrop that
        is kept until the frame changes."""
        self._drawing().draw_static(self, surface, frame)

    def draw(self, surface, frame: Frame, latest: Balance) -> None:
        """The moving parts, every frame, over the backdrop, inside `frame`."""
        self._drawing().draw(self, surface, frame, latest)

    @property
    def has_marker(self) -> bool:
        """Whether the level shows the balance point (a cursor, the skier, the bubble) with `draw_marker`."""
        return hasattr(self._drawing(), "marker")

    def draw_marker(self, surface, frame: Frame, latest: Balance) -> list:
        """The balance point itself, drawn over the rest of the frame from `latest` (the newest processed
        sample). The game polls the board once more after drawing everything else and draws this last (late
        latching), so what moves with the player is as fresh as it can be when the frame is shown.

        Returns the canvas rectangles (pygame.Rect) drawn on, [] when nothing was drawn."""
        drawing = self._drawing()
        areas = drawing.marker(self, surface, frame, latest) if hasattr(drawing, "marker") else None
        if areas is None:
            return []
        return [a for a in areas if a is not None] if isinstance(areas, list) else [areas]

    def arena(self, frame: Frame) -> Arena | None:
        """Where the balance point is shown in `frame` now (the view module's `arena(level, frame)`), so a
        mouse or a stick can point at it; None where the level shows no such place."""
        drawing = self._drawing()
        return drawing.arena(self, frame) if hasattr(drawing, "arena") else None

    # --- the end ----------------------------------------------------------------------------------
    def result(self) -> LevelResult:
        """Score, stars, parts, metric windows, messages, details and records (poise.game.level.result), once
        `finished`. The game validates it before storing anything: a result it cannot store is refused whole."""
        raise NotImplementedError


class LevelCatalogue(Protocol):
    """The levels the game can offer (poise.game.level.catalogue.Catalogue: every usable level of the installed
    level packages), handed to the game by `poise.__main__`."""

    def all_specs(self) -> dict[str, LevelSpec]:
        """Every usable level, in menu order."""

    def spec(self, level_id: str) -> LevelSpec:
        """One level's spec; raises LevelFileError for an unknown id (with a close match)."""

    def create(self, level_id: str, seconds: float | None = None, step: int = 0, reach: Reach | None = None) -> Level:
        """A fresh level at difficulty `step` scaled to `reach`."""

    def templates(self, level_id: str) -> Mapping[str, Any]:
        """The message templates a level's results are rendered with: the game's and its package's."""
