"""Poise's own levels: a level package like any other, written against poise.api alone.

Each mechanic is a logic module (its Params, state machine and scoring; no pygame) and a view module
beside it, `<mechanic>_view.py`, with its drawing; `view.py` holds the drawing the views share. A
level's class names its view in `view_module`, imported on its first draw, so every logic module
imports without pygame. The level files in data/ are the one source of a level's values: its Params
have no defaults. `PACK` is what the entry point `poise` of the group `poise.levels` (pyproject.toml)
hands the game.
"""
from __future__ import annotations

from pathlib import Path

from poise.api import API_VERSION, LevelPack

from .messages import MESSAGES

DATA = Path(__file__).resolve().parent / "data"

# mechanic name (a level file's `mechanic`) -> its Level class
MECHANICS = {
    "single_leg_hold": "poise.levels.single_leg_hold:SingleLegHold",
    "weight_shift_reach": "poise.levels.weight_shift_reach:WeightShiftReach",
    "rhythm_shift": "poise.levels.rhythm_shift:RhythmShift",
    "slalom": "poise.levels.slalom:Slalom",
    "table_tilt": "poise.levels.table_tilt:TableTilt",
    "heading": "poise.levels.heading:Heading",
    "bubble_river": "poise.levels.bubble_river:BubbleRiver",
    "tracking": "poise.levels.tracking:Tracking",
    "heel_raises": "poise.levels.heel_raises:HeelRaises",
    "ankle_circles": "poise.levels.ankle_circles:AnkleCircles",
    "squat": "poise.levels.squat:Squat",
    "toe_raises": "poise.levels.toe_raises:ToeRaises",
    "outward_roll": "poise.levels.outward_roll:OutwardRoll",
    "marching": "poise.levels.marching:Marching",
    "split_stance": "poise.levels.split_stance:SplitStance",
    "limits_of_stability": "poise.levels.limits_of_stability:LimitsOfStability",
    "balance_check": "poise.levels.balance_check:BalanceCheck",
    "follow": "poise.levels.follow:Follow",
}

# the order of the title menu: stillness first, then weight shifts, games, and the exercises
MENU_ORDER = ("single-leg-hold", "single-leg-hold-eyes-closed", "weight-shift-reach", "rhythm-shift", "slalom",
              "table-tilt", "heading", "bubble-river",
              "tracking", "tracking-single-leg", "heel-raises", "toe-raises", "squat", "marching",
              "outward-roll", "split-stance", "ankle-circles", "limits-of-stability",
              "balance-check", "standard-balance-test", "follow-my-lead")

PACK = LevelPack(api_version=API_VERSION, levels=DATA, mechanics=MECHANICS, messages=MESSAGES, order=MENU_ORDER)
