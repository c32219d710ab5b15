"""`poise stream --board URL --lsl`: a board published as a Lab Streaming Layer outlet.

One sample per board sample, nine float channels with labels, units and types in the stream's
<desc> (the XDF/LSL convention): the corner loads `tl, tr, bl, br` and their `total` (kg), the raw
centre of pressure `x, y` and the game's display-filtered one `fx, fy` (mm; + to the player's right
and toes; NaN while nobody is on). The nominal rate is the board's; each sample carries the time the
board delivered it (host monotonic clock moved onto LSL's local_clock), so recorders such as
LabRecorder line it up with other streams. The board itself is described under <desc><poise>
(URL, name, identity, geometry, calibration, software). `lsl://NAME` reads such a stream back.
"""
from __future__ import annotations

import math
import sys
import time

from poise import __version__
from poise.drivers import open_board
from poise.game.cli.signal_commands import announce_simulated, say_waiting
from poise.drivers.lsl import CHANNELS, STREAM_TYPE, load_pylsl, monotonic_offset

from poise.game.engine.feed import BoardFeed

POLL_S = 0.005


def stream_info(pylsl, name: str, board):
    info = board.info
    si = pylsl.StreamInfo(name, STREAM_TYPE, len(CHANNELS), info.rate_hz, pylsl.cf_float32,
                          f"poise-{info.identity}")
    desc = si.desc()
    channels = desc.append_child("channels")
    for label, unit, kind in CHANNELS:
        ch = channels.append_child("channel")
        ch.append_child_value("label", label)
        ch.append_child_value("unit", unit)
        ch.append_child_value("type", kind)
    acquisition = desc.append_child("acquisition")
    acquisition.append_child_value("manufacturer", "Poise")
    acquisition.append_child_value("model", info.name)
    poise = desc.append_child("poise")
    for key, value in (("board_url", info.url), ("board_name", info.name), ("board_identity", info.identity),
                       ("half_x", f"{info.geometry.half_x:g}"), ("half_y", f"{info.geometry.half_y:g}"),
                       ("calibrated", "true" if board.calibrated else "false"), ("simulated", str(info.simulated).lower()),
                       ("frame", "x to the player's right, y toward the toes, origin at the centre of the sensors"),
                       ("software", f"poise {__version__}")):
        poise.append_child_value(key, value)
    return si


def _f(v: float) -> float:
    return float("nan") if v is None or math.isnan(v) else float(v)


def stream(board_url: str, name: str, seconds: float | None, err=None, board=None, stop=None) -> int:
    """Publish until `seconds` pass (or Ctrl-C, or `stop()` is true); returns the exit code."""
    err = err or sys.stderr
    pylsl = load_pylsl()
    board = board or open_board(board_url, progress=say_waiting)
    announce_simulated(board.info, err)
    feed = BoardFeed(board)
    raw = feed.record()
    outlet = pylsl.StreamOutlet(stream_info(pylsl, name, board), chunk_size=0, max_buffered=60)
    offset = monotonic_offset(pylsl)
    print(f"poise stream: publishing {board.info.name} ({board.info.url}) as LSL stream {name!r}, "
          f"{len(CHANNELS)} channels at {board.info.rate_hz:g} Hz" + ("; Ctrl-C stops" if seconds is None else ""),
          file=err)
    end = None if seconds is None else time.monotonic() + seconds
    count = 0
    try:
        while (end is None or time.monotonic() < end) and not (stop and stop()):
            feed.pump()
            outputs = feed.drain()
            samples = raw[:len(outputs)]
            del raw[:len(outputs)]
            if outputs:
                rows = [[s.tl, s.tr, s.bl, s.br, b.total, _f(b.x) if not s.invalid else math.nan,
                         _f(b.y) if not s.invalid else math.nan, _f(b.fx), _f(b.fy)] for s, b in zip(samples, outputs)]
                outlet.push_chunk(rows, [s.t + offset for s in samples])
                count += len(rows)
            time.sleep(POLL_S)
    except KeyboardInterrupt:
        pass
    finally:
        board.close()
        del outlet
    print(f"poise stream: {count} samples published as {name!r}", file=err)
    return 0
