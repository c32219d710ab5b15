"""Board drivers behind one small interface, chosen by URL. No pygame here, ever."""
from __future__ import annotations

import dataclasses
import difflib
import importlib
import inspect
import time
from typing import Callable

from .base import Board, BoardInfo, BoardStatus, Geometry, Sample, simulated_notice
from .errors import BoardDisconnected, BoardError, BoardNotFound, BoardProtocolError, BoardURLError
from .url import parse
from poise.i18n import _

# scheme -> "module:factory"; imported only when used, so optional libraries stay optional
REGISTRY: dict[str, str] = {
    "sim": "poise.drivers.sim:SimBoard",
    "keys": "poise.drivers.keys:KeysBoard",
    "pad": "poise.drivers.keys:PadBoard",
    "replay": "poise.drivers.replay:ReplayBoard",
    "wii": "poise.drivers.wii:WiiBoard",
    "wii-evdev": "poise.drivers.wii_evdev:EvdevBoard",
    "serial": "poise.drivers.serial_board:SerialBoard",
    "lsl": "poise.drivers.lsl:LslBoard",
}
SCHEMES_FOR_HELP = ["auto", "sim://", "keys://", "pad://", "replay://FILE", "wii://", "wii-evdev://", "serial:///dev/ttyACM0",
                    "lsl://NAME"]

__all__ = [
    "Board", "BoardInfo", "BoardStatus", "Geometry", "Sample", "open_board", "BoardError",
    "BoardURLError", "BoardNotFound", "BoardDisconnected", "BoardProtocolError", "simulated_notice",
]


def open_board(url: str = "auto", clock: Callable[[], float] = time.monotonic,
               progress: Callable[[str], None] | None = None) -> Board:
    """Open the board named by `url`; `clock` gives host time in seconds (injected for tests); `progress` hears
    what a slow board's opening waits for (a bootloader), for a command to show while it waits."""
    parsed = parse(url)
    if parsed.scheme == "auto":
        return _open_auto(clock, progress)
    target = REGISTRY.get(parsed.scheme)
    if target is None:
        hint = difflib.get_close_matches(parsed.scheme, REGISTRY, n=1)
        also = f" (did you mean {hint[0]}://?)" if hint else ""
        raise BoardURLError(
            _("unknown board URL {url!r}{also}: use one of {choices}").format(
                url=url, also=also, choices=', '.join(SCHEMES_FOR_HELP))
        )
    module_name, factory_name = target.split(":")
    factory = getattr(importlib.import_module(module_name), factory_name)
    if progress is not None and "progress" in inspect.signature(factory).parameters:
        return factory(parsed, clock, progress=progress)
    return factory(parsed, clock)


def _open_auto(clock: Callable[[], float], progress: Callable[[str], None] | None = None) -> Board:
    """The first real board found, else the simulated one, whose `info.fallback` says why (every command
    that shows, prints or stores a board says so: `simulated_notice`)."""
    from .discovery import first_real_board_url

    url = first_real_board_url()
    why = "auto found no real board: pair a Wii Balance Board or plug in a load-cell board (poise boards says why)"
    if url is not None:
        try:
            return open_board(url, clock, progress)
        except BoardError as exc:
            why = f"auto could not use {url}: {exc}"
    board = open_board("sim://", clock)
    board.info = dataclasses.replace(board.info, fallback=why)
    return board
