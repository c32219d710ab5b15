"""Level mechanics (one small module each) and their TOML data files."""
from __future__ import annotations

import difflib
import functools
import importlib
from pathlib import Path

from .base import Level, LevelResult, Window
from .spec import LevelFileError, LevelSpec, load

DATA = Path(__file__).resolve().parent / "data"

# mechanic name -> (module, Level class); Params is the module's `Params`
MECHANICS = {
    "single_leg_hold": ("levels.single_leg_hold", "SingleLegHold"),
}

__all__ = ["Level", "LevelResult", "Window", "LevelSpec", "LevelFileError", "all_specs", "spec", "create"]


def _module(mechanic: str):
    if mechanic not in MECHANICS:
        hint = difflib.get_close_matches(mechanic, MECHANICS, n=1)
        raise KeyError(f"unknown mechanic {mechanic!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    return importlib.import_module(MECHANICS[mechanic][0])


def params_for(mechanic: str) -> type:
    return _module(mechanic).Params


@functools.cache
def all_specs() -> dict[str, LevelSpec]:
    """Every level file, validated; a broken file raises LevelFileError naming it."""
    specs = {}
    for path in sorted(DATA.glob("*.toml")):
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


def create(level_id: str, seconds: float | None = None) -> Level:
    s = spec(level_id)
    cls = getattr(_module(s.mechanic), MECHANICS[s.mechanic][1])
    return cls(s, seconds)
