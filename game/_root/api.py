"""The public level API: everything a level mechanic or its view may use, and nothing else.

A level package (Poise's own in `poise.levels`, or a third party's installed with pip) imports only
this module of Poise. What is not named here is private to Poise and may change in any release; what
is named here changes only with `API_VERSION`. docs/writing-a-level.md walks through writing one.

The surface, by what it is for:

- the contract: `Level` (the hooks the game calls), `Params` (a mechanic's parameters and its difficulty
  ladder), `LevelSpec` (a level file, validated), `LevelPack` (what a package's entry point in the group
  `poise.levels` hands the game);
- what a level reads while it plays: `Balance` (one processed sample: time, load, raw and filtered centre
  of pressure in mm, `Presence`, `Stance`), `Reach` (the player's limits of stability), `FOOT_OFFSET_MM`,
  and for the limits test `CONSERVATIVE`, `DEFAULT_HEIGHT_CM`, `PLAUSIBLE_SHARE`, `implausible`;
- what it hands back: `LevelResult` (score 0-1000, stars 0-3, `Part`s, metric `Window`s, `Message`s as keys
  with arguments, details) and the records the game stores with the attempt, `Assessment` (with its
  `AssessmentTrial`s) and `StabilityLimits`;
- play on two seats (API 2): `Versus` (how a mechanic is played head to head: its rule, what `Level.standing`
  measures and whether higher or lower wins, or played together as leader and follower) and `Seat` (which
  seat a level is on: `Level.seat`); the hooks `Level.meet` and `Level.standing`;
- the player's language (API 3): `_` (a string in the player's language, from Poise's catalogue), `ngettext`
  (the singular or plural form for a count), `N_` (marks a module constant for extraction; translate it with
  `_` where it is shown), `format_number` (a decimal comma where the language writes one) and
  `translator(domain)` (the same `gettext`/`ngettext` bound to a plugin's own catalogue, `LevelPack.domain`);
  docs/translating.md;
- sound: the cue names a level may raise in `Level.events`, `CUES`;
- drawing, for a view module only: `Frame` (the area a view is handed on every call, and the window's
  scale) with its standard split `Panels`, `Arena` (where the balance point is shown, so a mouse or a stick
  can point at it) and the drawing kit, `ui` (palette, fonts, text, panels, bars, the foot, the timer ring,
  `mark` for the layout check), `fx` (bursts, rings, floating text, glows) and `pip` (Pip, the coach, showing
  a movement in step with the level's guide: `pip.draw_at`), which load pygame the first time they are used;
  a level's `Level.in_zone` tells Pip whether the balance point is in the zone it asks for (a cheer when it is
  held there, a correction when it drifts out).

Logic and drawing are kept apart so a level scores headless without pygame: the logic imports the
contract, and only its view module touches `ui` and `fx`. A view draws into the `Frame` it is handed on
every call (its area on the canvas and the window's scale; `Frame.panels` is the standard split into play
area, side panel and caption) and keeps no layout of its own: docs/level-views.md.
"""
from __future__ import annotations

import importlib
import types

from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.core.stance import FOOT_OFFSET_MM, Stance
from poise.game.level.catalogue import API_VERSION, SUPPORTED_API_VERSIONS
from poise.game.level.contract import Arena, Level, LevelPack, Params, Seat, Versus
from poise.game.level.levelfile import LevelSpec
from poise.game.level.reach import CONSERVATIVE, DEFAULT_HEIGHT_CM, PLAUSIBLE_SHARE, Reach, implausible
from poise.game.level.result import (Assessment, AssessmentTrial, LevelResult, Message, Part, StabilityLimits,
                                     Window)
from poise.game.media.frame import Frame, Panels
from poise.game.media.synth import ALIASES, EFFECTS
from poise.i18n import N_, Translator, format_number, ngettext
from poise.i18n import gettext as _


def translator(domain: str) -> Translator:
    """`gettext` and `ngettext` looked up in a plugin's own catalogue (its `LevelPack.domain`; a message it lacks
    is looked up in Poise's): `_ = translator("poise_hopscotch").gettext`."""
    return Translator(domain)


CUES = frozenset(EFFECTS) | frozenset(ALIASES)
"""The sound cues a level may raise by name in `Level.events` ("tick", "go", "hit", "miss", "beat", "rep", "done", ...)."""

# The drawing kit: the functions of poise.game.media.ui and .fx that levels may call, by name. The
# namespaces are built on first use (module __getattr__), so logic modules never load pygame.
_KIT = {
    "ui": ("poise.game.media.ui", (
        "MIN_TEXT", "text", "text_size", "colour", "fitted", "fit_text", "cut", "label_value", "wrapped", "panel",
        "bar", "shade", "glow_circle", "wrap_lines",
        "ring_timer", "foot", "mark")),
    "fx": ("poise.game.media.fx", (
        "burst", "ring", "float_text", "twinkle", "glow", "polygon_alpha", "shake", "union")),
    "pip": ("poise.game.media.coach", ("draw_at", "MOVES")),  # Pip, the coach, showing the movement in step
}

__all__ = [
    "N_", "_", "format_number", "ngettext", "translator",
    "API_VERSION", "SUPPORTED_API_VERSIONS", "Arena", "Assessment", "AssessmentTrial", "Balance", "CONSERVATIVE",
    "CUES", "DEFAULT_HEIGHT_CM", "FOOT_OFFSET_MM", "Frame", "Level", "LevelPack", "LevelResult", "LevelSpec",
    "Message", "PLAUSIBLE_SHARE", "Panels", "Params", "Part", "Presence", "Reach", "Seat", "StabilityLimits", "Stance",
    "Versus", "Window", "fx", "implausible", "pip", "ui",
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
