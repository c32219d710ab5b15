"""Stepping stones, a level for Poise from its own package: what its entry point hands the game.

`PACK` names the poise.api version this package was written for, the folder of its level files, its
mechanic (the Level class, imported when a level file names it) and the English templates of the messages
its results hold.
"""
from pathlib import Path

from poise.api import API_VERSION, LevelPack

PACK = LevelPack(
    api_version=API_VERSION,
    levels=Path(__file__).resolve().parent / "levels",
    mechanics={"stepping_stones": "poise_stepping_stones.stones:SteppingStones"},
    messages={
        "stones.crossed": ("Stones reached", "{reached} / {stones}"),
        "stones.mean_time": ("Time per stone", "{s:.1f} s (quick: {par_s:.1f} s)"),
        "stones.none": ("Time per stone", "no stone reached"),
        "stones.part.stone": "Stone {n}",
    },
)
