"""Level mechanics and their TOML data files.

Each mechanic is a logic module (its Params, state machine and scoring; no pygame) and a view module
beside it, `<mechanic>_view.py`, with its drawing; `view.py` holds the drawing the views share. A
level's class names its view in `view_module`, imported on its first draw (see poise.game.level.contract), so
this catalogue and every logic module import without pygame. The level file is the one source of a
level's values: its Params have no defaults.
"""
from __future__ import annotations

import difflib
import functools
import importlib
from pathlib import Path

from poise.game.level.contract import Level, LevelResult, Window
from poise.game.level.levelfile import LevelFileError, LevelSpec, load


DATA = Path(__file__).resolve().parent / "data"

# mechanic name -> (module, Level class); Params is the module's `Params`
MECHANICS = {
    "single_leg_hold": ("poise.levels.single_leg_hold", "SingleLegHold"),
    "weight_shift_reach": ("poise.levels.weight_shift_reach", "WeightShiftReach"),
    "rhythm_shift": ("poise.levels.rhythm_shift", "RhythmShift"),
    "slalom": ("poise.levels.slalom", "Slalom"),
    "table_tilt": ("poise.levels.table_tilt", "TableTilt"),
    "heading": ("poise.levels.heading", "Heading"),
    "bubble_river": ("poise.levels.bubble_river", "BubbleRiver"),
    "tracking": ("poise.levels.tracking", "Tracking"),
    "heel_raises": ("poise.levels.heel_raises", "HeelRaises"),
    "ankle_circles": ("poise.levels.ankle_circles", "AnkleCircles"),
    "squat": ("poise.levels.squat", "Squat"),
    "toe_raises": ("poise.levels.toe_raises", "ToeRaises"),
    "outward_roll": ("poise.levels.outward_roll", "OutwardRoll"),
    "marching": ("poise.levels.marching", "Marching"),
    "split_stance": ("poise.levels.split_stance", "SplitStance"),
    "limits_of_stability": ("poise.levels.limits_of_stability", "LimitsOfStability"),
    "balance_check": ("poise.levels.balance_check", "BalanceCheck"),
}

__all__ = ["Level", "LevelResult", "Window", "LevelSpec", "LevelFileError", "all_specs", "spec", "create"]


def _module(mechanic: str):
    if mechanic not in MECHANICS:
        hint = difflib.get_close_matches(mechanic, MECHANICS, n=1)
        raise KeyError(f"unknown mechanic {mechanic!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return importlib.import_module(MECHANICS[mechanic][0])


def params_for(mechanic: str) -> type:
    return _module(mechanic).Params


# the order of the title menu: stillness first, then weight shifts, games, and the exercises
MENU_ORDER = ("single-leg-hold", "single-leg-hold-eyes-closed", "weight-shift-reach", "rhythm-shift", "slalom",
              "table-tilt", "heading", "bubble-river",
              "tracking", "tracking-single-leg", "heel-raises", "toe-raises", "squat", "marching",
              "outward-roll", "split-stance", "ankle-circles", "limits-of-stability",
              "balance-check", "standard-balance-test")


def _menu_position(path: Path) -> tuple[int, str]:
    return (MENU_ORDER.index(path.stem) if path.stem in MENU_ORDER else len(MENU_ORDER), path.stem)


@functools.cache
def all_specs() -> dict[str, LevelSpec]:
    """Every level file, validated; a broken file raises LevelFileError naming it."""
    specs = {}
    for path in sorted(DATA.glob("*.toml"), key=_menu_position):
        s = load(path, params_for)
        if s.id != path.stem:
            raise LevelFileError(f"{path}: key 'id' is {s.id!r} but the file is named {path.stem!r}")
        specs[s.id] = s
    return specs


def spec(level_id: str) -> LevelSpec:
    specs = all_specs()
    if level_id not in specs:
        hint = difflib.get_close_matches(level_id, specs, n=1)
        also = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise LevelFileError(f"unknown level {level_id!r}{also}; levels: {', '.join(specs)}")
    return specs[level_id]


def create(level_id: str, seconds: float | None = None, step: int = 0, reach=None) -> Level:
    s = spec(level_id)
    cls = getattr(_module(s.mechanic), MECHANICS[s.mechanic][1])
    return cls(s, seconds, step, reach)
