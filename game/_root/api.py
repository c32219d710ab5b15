"""The public level API: everything a level mechanic or its view may use, and nothing else.

A level package (Poise's own in `poise.levels`, or a third party's installed with pip) imports only
this module. What is not named here is private to Poise and may change in any release; what is named
here changes only with `API_VERSION`.

Logic and drawing are kept apart so a level scores headless without pygame: the logic imports the
contract (`Level`, `LevelResult`, `Window`, `Balance`, `Stance`, `Reach`, ...), and only its view module
touches the drawing kit, `ui` and `fx`, which load pygame the first time they are used. A view draws into
the `Frame` it is handed on every call (its area on the canvas and the window's scale; `Frame.panels` is the
standard split into play area, side panel and caption) and keeps no layout of its own: docs/level-views.md.
"""
from __future__ import annotations

import importlib
import types

from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.core.stance import FOOT_OFFSET_MM, Stance
from poise.game.level.contract import Arena, Level, LevelResult, SavedAttempt, Window
from poise.game.media.frame import Frame, Panels
from poise.game.level.reach import CONSERVATIVE, DEFAULT_HEIGHT_CM, PLAUSIBLE_SHARE, Reach, implausible

API_VERSION = 1
"""The version of this surface. A level declares the version it was written for; Poise plays levels whose
version it supports (`SUPPORTED_API_VERSIONS`) and lists the others as unusable."""
SUPPORTED_API_VERSIONS = frozenset({1})

# The drawing kit: the functions of poise.game.media.ui and .fx that levels may call, by name. The
# namespaces are built on first use (module __getattr__), so logic modules never load pygame.
_KIT = {
    "ui": ("poise.game.media.ui", (
        "MIN_TEXT", "text", "colour", "fitted", "wrapped", "panel", "bar", "shade", "glow_circle",
        "ring_timer", "foot", "mark")),
    "fx": ("poise.game.media.fx", (
        "burst", "ring", "float_text", "twinkle", "glow", "polygon_alpha", "shake", "union")),
}

__all__ = [
    "API_VERSION", "SUPPORTED_API_VERSIONS", "Arena", "Balance", "CONSERVATIVE", "DEFAULT_HEIGHT_CM",
    "FOOT_OFFSET_MM", "Frame", "Level", "LevelResult", "PLAUSIBLE_SHARE", "Panels", "Presence", "Reach", "SavedAttempt",
    "Stance", "Window", "fx", "implausible", "ui",
]


def __getattr__(name: str):
    if name not in _KIT:
        raise AttributeError(f"poise.api has no {name!r}: a level may use only what poise.api names")
    module_name, names = _KIT[name]
    module = importlib.import_module(module_name)
    kit = types.ModuleType(f"poise.api.{name}", module.__doc__)
    for attr in names:
        setattr(kit, attr, getattr(module, attr))
    globals()[name] = kit
    return kit
