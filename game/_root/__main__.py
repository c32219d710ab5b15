"""`poise` and `python -m poise`: the game's command line, with the levels handed to it."""
from __future__ import annotations

import sys


def load_levels():
    """The level catalogue: every level package installed (entry-point group `poise.levels`); found only by
    the commands that need it (keeps `--help` fast)."""
    from poise.game.level.catalogue import installed

    return installed()


def main(argv: list[str] | None = None, levels=load_levels) -> int:
    """Run the command in `argv` (default: sys.argv); `levels` loads the catalogue (tests hand in their own)."""
    from poise.game.cli.main import main as game_main

    return game_main(argv, levels)


if __name__ == "__main__":
    sys.exit(main())
