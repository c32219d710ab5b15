"""Stepping stones, a level for Poise from its own package: what its entry point hands the game.

`PACK` names the poise.api version this package was written for, the folder of its level files, its
mechanic (the Level class, imported when a level file names it), the English templates of the messages
its results hold, and its own translations: the gettext domain and the folder of its catalogues
(locale/<lang>/LC_MESSAGES/poise_stepping_stones.mo, made by `python docs/make_translations.py --package
examples/stepping-stones/poise_stepping_stones` in Poise's repository).
"""
from pathlib import Path

from poise.api import API_VERSION, LevelPack

DOMAIN = "poise_stepping_stones"

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
    domain=DOMAIN,
    locale=Path(__file__).resolve().parent / "locale",
)
