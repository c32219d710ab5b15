"""Opening a board for the game: apply the calibration stored for it, and watch its zero."""
from __future__ import annotations

import json
from typing import Callable

import numpy as np

from poise.drivers import Board, Sample, open_board
from poise.drivers.conversion import Calibration

from poise.game.clinic.calendar import local_day
from poise.i18n import _, format_date, format_number

DRIFT_KG = 0.5  # an empty board reading more than this on a corner has drifted since calibrating
CHECK_S = 2.0


def open_for_play(url: str, storage, clock: Callable[[], float] | None = None,
                  progress: Callable[[str], None] | None = None) -> Board:
    """The board at `url` with its stored calibration; `progress` hears what a slow board's opening waits for."""
    board = open_board(url, clock, progress) if clock else open_board(url, progress=progress)
    apply_stored(board, storage)
    return board


def apply_stored(board: Board, storage) -> str | None:
    """Use the newest calibration stored for this board; returns its date, or None."""
    if storage is None or not board.can_calibrate:
        return None
    row = storage.calibration(board.info.identity)
    if row is None:
        return None
    try:
        calibration = Calibration(tuple(float(v) for v in json.loads(row["offsets_json"])),
                                  tuple(float(v) for v in json.loads(row["gains_json"])))
        board.set_calibration(calibration, row["created_at"])
    except (TypeError, ValueError) as exc:  # a stored calibration that is not one: the board as it comes
        storage.note_damaged(f"board_calibrations row {row['id']}: not a calibration ({exc})")
        return None
    return row["created_at"]


class ZeroCheck:
    """The first two seconds the board is empty: does it still read zero with its calibration?"""

    def __init__(self, calibrated_at: str | None):
        self.calibrated_at = calibrated_at
        self.window: list[tuple[float, tuple[float, float, float, float]]] = []
        self.notice = ""
        self.done = calibrated_at is None

    def feed(self, samples: list[Sample]) -> None:
        for s in samples:
            if self.done:
                return
            if s.invalid:
                continue  # a corner that must not be used says nothing about the zero
            if abs(s.total) > 5.0:
                self.window.clear()
                continue
            self.window.append((s.t, (s.tl, s.tr, s.bl, s.br)))
            if self.window[-1][0] - self.window[0][0] >= CHECK_S:
                drift = np.abs(np.mean([w[1] for w in self.window], axis=0)).max()
                if drift > DRIFT_KG:
                    self.notice = _("the board's zero has drifted by {kg} kg since its calibration ({date}): run "
                                    "poise calibrate").format(kg=format_number(drift, 1),
                                                              date=format_date(local_day(self.calibrated_at)))
                self.done = True

