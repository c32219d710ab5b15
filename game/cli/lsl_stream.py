"""`poise stream --board URL --lsl`: a board published as Lab Streaming Layer streams, without the game.

The streams and their XDF meta-data are poise.game.engine.lab_streams': the board's forces (N) and centre of
pressure (m) stamped with their sensing times, and the display-filtered centre of pressure with its lag
declared. `poise play --lsl` and `poise demo --lsl` publish the same streams from the game itself (one
process holds the board), with `--lsl-markers` the game's events beside them. `lsl://NAME` reads a board
stream back as a board.
"""
from __future__ import annotations

import sys
import time

from poise.drivers import open_board
from poise.drivers.lsl import load_pylsl

from poise.game.cli.signal_commands import announce_simulated, say_waiting
from poise.game.engine.feed import BoardFeed
from poise.game.engine.lab_streams import LabStreams
from poise.i18n import _, ngettext

POLL_S = 0.005


def stream(board_url: str, name: str, seconds: float | None, err=None, board=None, stop=None) -> int:
    """Publish until `seconds` pass (or Ctrl-C, or `stop()` is true); returns the exit code."""
    err = err or sys.stderr
    load_pylsl()  # before the board is opened: a missing pylsl is said at once
    board = board or open_board(board_url, progress=say_waiting)
    announce_simulated(board.info, err)
    feed = BoardFeed(board)
    streams = LabStreams(feed, name, board=True, markers=False, clock=time.monotonic, err=err)
    if seconds is None:
        print(_("poise stream: Ctrl-C stops"), file=err)
    end = None if seconds is None else time.monotonic() + seconds
    try:
        while (end is None or time.monotonic() < end) and not (stop and stop()):
            feed.pump()
            feed.drain()
            time.sleep(POLL_S)
    except KeyboardInterrupt:
        pass
    finally:
        streams.close()
        board.close()
    print(ngettext("poise stream: {n} sample published as {name!r}", "poise stream: {n} samples published as {name!r}",
                   streams.count).format(n=streams.count, name=name), file=err)
    return 0
