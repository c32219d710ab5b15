"""Between the board and the scenes: drain samples each frame, run the live pipeline,
hand each fixed step the balance as of its own time, and keep the raw samples."""
from __future__ import annotations

import logging
from collections import deque
from typing import Callable

from poise.drivers import Board, BoardError, BoardStatus, Sample

from poise.game.engine.boards import ZeroCheck
from poise.game.core.clock import SensingClock
from poise.game.core.pipeline import EMPTY_BALANCE, Balance, LivePipeline
from poise.game.engine.quality import CornerFaults, RateMeter, fault_sentence


log = logging.getLogger("poise.board")


class BoardFeed:
    def __init__(self, board: Board):
        self.board = board
        g = board.info.geometry
        self.pipeline = LivePipeline(g.half_x, g.half_y, board.info.rate_hz)
        # when each sample was sensed: the display filter runs on these, not on arrival times
        self.sensing = SensingClock(board.info.rate_hz, own_clock=board.info.own_clock)
        self.latest: Balance = EMPTY_BALANCE  # newest processed sample: what the cursor shows
        self._queue: deque[Balance] = deque()
        self._current: Balance = EMPTY_BALANCE  # as of the last fixed step
        self.recorders: list[list[Sample]] = []
        # listeners handed each sample with its balance, its sensing time and the clock's revision of the
        # samples before it (SensingClock.revised): the LSL outlet
        self.taps: list[Callable[[Sample, Balance, float, tuple[int, float]], None]] = []
        self.event_taps: list[Callable[[list], None]] = []  # handed each poll's new stance events
        self.recent_events = deque(maxlen=64)  # stance events, newest last, for levels and the safety layer
        self.last_status = BoardStatus()
        self.zero_check = ZeroCheck(board.calibrated_at)
        self.rate = RateMeter(board.info.rate_hz)  # measured from the samples, beside the nominal rate
        self.corner_faults = CornerFaults()
        self.invalid_samples = 0  # samples with a corner that must not be used, since the feed started
        info = board.info
        log.info("board %s: %s, identity %s, %g Hz, %s", info.url, info.name, info.identity, info.rate_hz,
                 f"calibrated {board.calibrated_at}" if board.calibrated_at else
                 "calibrated" if board.calibrated else "not calibrated")

    def pump(self) -> int:
        """Poll the board once; returns how many samples arrived."""
        try:
            samples = self.board.poll()
        except BoardError as exc:
            self.last_status = BoardStatus(connected=False, message=str(exc))
            return 0
        self.zero_check.feed(samples)
        for s in samples:
            self.rate.feed(s.t)
            self.corner_faults.feed(s.t, s.invalid)
            self.invalid_samples += s.invalid != 0
            sensed = self.sensing.time(s.t, s.board_t)
            out = self.pipeline.process(s.t, s.tl, s.tr, s.bl, s.br, s.flags, invalid=s.invalid, sensed=sensed)
            self._queue.append(out)
            self.latest = out
            for rec in self.recorders:
                rec.append(s)
            for tap in self.taps:
                tap(s, out, sensed, self.sensing.revised)
        if self.pipeline.events:
            self.recent_events.extend(self.pipeline.events)
            for tap in self.event_taps:
                tap(list(self.pipeline.events))
            self.pipeline.events.clear()
        status = self.board.status()
        if status != self.last_status:
            log.info("board %s: %s", self.board.info.url, status)
        self.last_status = status
        return len(samples)

    def drain(self) -> list[Balance]:
        """Every output not yet handed to a fixed step (for tools that want each sample)."""
        out = list(self._queue)
        self._queue.clear()
        return out

    def balance_at(self, t: float) -> Balance:
        """The pipeline state after the last sample that arrived at or before `t`."""
        while self._queue and self._queue[0].t <= t:
            self._current = self._queue.popleft()
        return self._current

    def record(self) -> list[Sample]:
        """Start keeping raw samples; the list fills until `stop_recording`."""
        rec: list[Sample] = []
        self.recorders.append(rec)
        return rec

    def stop_recording(self, rec: list[Sample]) -> None:
        self.recorders = [r for r in self.recorders if r is not rec]

    @property
    def fault(self) -> str:
        """A sentence naming the corner(s) whose readings have stayed unusable, or ''."""
        return fault_sentence(self.corner_faults.mask, self.last_status.fault)

    @property
    def notice(self) -> str:
        """Advice about the board the player should see (a drifted zero)."""
        return self.zero_check.notice

    @property
    def autopilot(self):
        """The simulated person's autopilot, where the board has one."""
        return self.board.autopilot
