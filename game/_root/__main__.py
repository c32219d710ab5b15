"""`poise` and `python -m poise`: the game's command line, with the levels handed to it."""
from __future__ import annotations

import sys


def load_levels():
    """The level catalogue; imported only by the commands that need it (keeps `--help` fast)."""
    from poise import levels

    return levels


def main(argv: list[str] | None = None) -> int:
    from poise.game.cli import main as game_main

    return game_main(argv, load_levels)


if __name__ == "__main__":
    sys.exit(main())
