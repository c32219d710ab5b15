"""Poise: a balance-board training game.

The import package has four layers, and imports point one way: `poise.levels` -> `poise.game` ->
`poise.drivers`, with `poise.assets` as data any of them may read. This package itself (its files
live in game/_root/, since the repository's top level is fixed) is the composition root: only
`poise.__main__` imports all of them, to hand the levels to the game.
"""

__version__ = "0.1.0"
