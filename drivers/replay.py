"""`replay://path/to/recording.csv?speed=1` — a recording played back as if a board were sending it.

Both recording variants play: corner loads as they are, COP-only recordings
as the loads a board of the recorded geometry would have seen (70 kg unless
the metadata gives a weight).

A gap in time longer than MAX_GAP_S (a paused recorder, a clock jump) is played as
MAX_GAP_S: playback jumps ahead instead of waiting, so a replay always ends.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from .base import INVALID_SHIFT, WII_GEOMETRY, Board, BoardInfo, BoardStatus, Geometry, Sample, invalid_corners
from .errors import BoardNotFound
from .sim import corner_loads
from .url import BoardURL, positive, take_options
from poise.i18n import _

OPTIONS = {"speed": (positive, 1.0), "loop": (int, 0)}
MAX_GAP_S = 1.0


def close_gaps(t: np.ndarray, max_gap: float = MAX_GAP_S) -> np.ndarray:
    """Times with every step longer than `max_gap` shortened to `max_gap`."""
    if len(t) < 2:
        return t.copy()
    steps = np.minimum(np.diff(t), max_gap)
    return np.concatenate(([t[0]], t[0] + np.cumsum(steps)))


def geometry_from(meta: dict[str, str]) -> Geometry:
    """`# geometry: 433x238 mm` in a recording's metadata, else the Wii board's."""
    text = meta.get("geometry", "").replace("mm", "").strip()
    try:
        w, h = (float(v) for v in text.split("x"))
        return Geometry(w / 2, h / 2)
    except ValueError:
        return WII_GEOMETRY


def loads_of(recording) -> np.ndarray:
    """(N, 5) rows t, tl, tr, bl, br for either variant."""
    if recording.kind == "loads":
        return recording.values
    g = geometry_from(recording.meta)
    try:
        weight = float(recording.meta.get("weight", 70.0))
    except ValueError:
        weight = 70.0  # recording.read refuses this; a Recording built by hand falls back
    rows = []
    for t, x, y in recording.values:  # t, x, y, whatever optional columns follow
        if np.isnan(x) or np.isnan(y):
            rows.append((t, 0.0, 0.0, 0.0, 0.0))
        else:
            rows.append((t, *corner_loads(x, y, weight, g.half_x, g.half_y)))
    return np.array(rows, dtype=float)


class ReplayBoard(Board):
    def __init__(self, url: BoardURL, clock: Callable[[], float]):
        from . import recording

        opts = take_options(url, OPTIONS)
        path = Path(url.target)
        if not path.is_file():
            raise BoardNotFound(_("no recording at {path}: check the path after replay://").format(path=path))
        try:
            rec = recording.read(path)
        except recording.RecordingError as exc:
            raise BoardNotFound(str(exc)) from None
        self.rows = np.array(loads_of(rec), dtype=float)
        self.rows[:, 0] = close_gaps(self.rows[:, 0])
        self.flags = rec.flags  # as the driver set them: invalid corners stay invalid on replay
        self.board_t = rec.board_t  # the board's own clock where it was recorded: replay runs the live path
        self.clock = clock
        self.speed = opts["speed"]
        self.loop = bool(opts["loop"])
        t = self.rows[:, 0]
        rate = (len(t) - 1) / (t[-1] - t[0]) if len(t) > 1 and t[-1] > t[0] else 60.0
        self.info = BoardInfo(url=url.raw, name=f"Replay of {path.name}", identity=rec.meta.get("board", "replay"),
                              rate_hz=float(rate), geometry=geometry_from(rec.meta), simulated=True,
                              own_clock=self.board_t is not None)
        self.start = clock()
        self.index = 0
        self.offset = 0.0

    def poll(self) -> list[Sample]:
        now = (self.clock() - self.start) * self.speed
        t0 = self.rows[0, 0]
        out = []
        while True:
            if self.index >= len(self.rows):
                if not self.loop:
                    break
                self.offset += self.rows[-1, 0] - t0 + 1.0 / self.info.rate_hz
                self.index = 0
            row = self.rows[self.index]
            rel = row[0] - t0 + self.offset
            if rel > now:
                break
            board_t = None if self.board_t is None else float(self.board_t[self.index]) + self.offset
            stored = int(self.flags[self.index])
            out.append(Sample(self.start + rel / self.speed, *map(float, row[1:5]),
                              flags=stored & ((1 << INVALID_SHIFT) - 1), board_t=board_t,
                              invalid=int(invalid_corners(stored))))
            self.index += 1
        return out

    @property
    def finished(self) -> bool:
        return not self.loop and self.index >= len(self.rows)

    def status(self) -> BoardStatus:
        return BoardStatus(connected=True, message="replay finished" if self.finished else "")

    def close(self) -> None:
        pass
