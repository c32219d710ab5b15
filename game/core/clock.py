"""When each sample was sensed, on the host's clock: what the display filter runs on.

A board samples its sensors on its own steady clock; the host only sees when each sample
*arrived*. Over Bluetooth (the Wii board) arrivals jitter by a few ms, stall for 30-120 ms now
and then and release the backlog as a burst 0.5 ms apart, so the intervals between arrivals say
little about the intervals between sensing: a filter discretised on them sees a burst as six
readings in 3 ms.

`SensingClock` rebuilds sensing times as a line on a tick: the k-th sample was sensed at
c + P*k. The line lies under the arrivals (a sample cannot arrive before it was sensed, and the
earliest arrivals show the link's bare latency):

- the period P is the least-squares slope of the lower envelope of the arrivals: the earliest
  arrival of each half-second block, over the last ~4 s. A stall delays samples but never makes
  one early, so stalls and bursts do not bias it; the first block starts from the nominal rate,
  and a rate far from it is learned within a few blocks;
- the offset c puts the line through the lowest envelope point, and drops at once to any arrival
  below it. A sample's time is never after its arrival and never more than LATE_S before it;
  when even a block's earliest arrival is a period or more behind the line, samples were lost
  (a tick count cannot see them) and the count skips ahead, so the line never drifts away from
  the arrivals;
- changes of the line reach the output gradually (PULL of the gap per sample, at most SLEW of a
  sample interval), so the sensing intervals stay even while the line is refined.

The times are the sensing instants plus the link's minimum latency (unknown, constant, and
irrelevant to a filter, which only uses differences). Boards with their own clock
(Sample.board_t, BoardInfo.own_clock) use the same machinery with the board's time as the tick:
the board's readings are the sensing instants, and the line only maps them onto the host clock
(an offset, and a rate a fraction of a percent off). A silence longer than GAP_S, or a board
clock that runs backwards or jumps, starts afresh; the period estimate is kept.
"""
from __future__ import annotations

import math

GAP_S = 0.5  # a silence this long (link drop, step-off) starts the model afresh
LATE_S = 0.3  # a sample is never taken to be older than this when it arrives
BLOCK_S = 0.5  # one envelope point (the earliest arrival) per block this long
BLOCKS = 8  # envelope points kept: the period is the slope across ~4 s
PULL = 0.1  # share of the gap to the line closed per sample
SLEW = 0.25  # but at most this share of the sample interval


class SensingClock:
    """Sensing time (host clock, s) of each sample, from its arrival time and board time.

    Pure and deterministic: call `time(arrival, board_t)` once per sample in order.
    """

    def __init__(self, rate_hz: float, own_clock: bool = False):
        self.own_clock = own_clock
        self.interval = 1.0 / rate_hz  # nominal seconds between samples
        self.nominal = 1.0 if own_clock else self.interval  # host seconds per tick
        self.period = self.nominal
        self.reset()

    def reset(self) -> None:
        """Forget the line (after a gap); the period estimate is kept."""
        self.last_arrival = -math.inf
        self.last_tick = 0.0
        self.last = -math.inf  # the previous sensing time
        self.points: list[tuple[float, float]] = []  # envelope points (tick, arrival), oldest first
        self.settled = False  # the period estimate has stopped moving
        self.block_start = -math.inf
        self.block_min: tuple[float, float] | None = None
        self.block_count = 0
        self.offset = 0.0  # c: the line is offset + period * tick
        self.count = 0.0  # the tick of arrival-stamped boards

    def time(self, arrival: float, board_t: float | None = None) -> float:
        """The sensing time of the sample that arrived at `arrival` (host clock, s), with the
        board's own time stamp `board_t` (s) where the board has a clock."""
        arrival = max(arrival, self.last_arrival)  # a host clock stamp never runs backwards
        tick = self._tick(arrival, board_t)
        if tick is None:  # a long silence, or a board clock that jumped
            self.reset()
            tick = self._tick(arrival, board_t)
        if math.isinf(self.last):  # the first sample of a run: its arrival is all we know
            self.offset = arrival - self.period * tick
            self.last_arrival, self.last_tick = arrival, tick
            self._start_block(arrival, tick)
            self.last = arrival
            return arrival
        self._envelope(arrival, tick)
        step = self.period * (tick - self.last_tick)
        line = self.offset + self.period * tick
        s = self.last + step
        s += min(max(PULL * (line - s), -SLEW * step), SLEW * step)
        s = min(s, arrival)  # sensed before it arrived
        s = max(s, arrival - LATE_S, self.last)  # not implausibly old; never backwards
        self.last_arrival, self.last_tick, self.last = arrival, tick, s
        return s

    def _tick(self, arrival: float, board_t: float | None) -> float | None:
        """This sample's tick, or None when the model must start afresh."""
        first = math.isinf(self.last_arrival)
        if not first and arrival - self.last_arrival > GAP_S:
            return None
        if self.own_clock:
            if board_t is None or math.isnan(board_t):  # no board time for this one: start afresh
                return None if not first else 0.0
            if not first and not 0.0 <= (board_t - self.last_tick) * self.period <= GAP_S:
                return None  # the board's clock ran backwards or jumped (a restart)
            return board_t
        self.count = 0.0 if first else self.count + 1.0
        return self.count

    def _start_block(self, arrival: float, tick: float) -> None:
        self.block_start = arrival
        self.block_min = (tick, arrival)
        self.block_count = 1

    def _envelope(self, arrival: float, tick: float) -> None:
        """Track the earliest arrival of the block; at its end, refine the period and offset."""
        assert self.block_min is not None
        excess = arrival - self.period * tick
        if excess < self.offset:  # earlier than the line: the line moves down to it at once
            self.offset = excess
        if excess < self.block_min[1] - self.period * self.block_min[0]:
            self.block_min = (tick, arrival)
        self.block_count += 1
        if arrival - self.block_start < BLOCK_S or self.block_count < 8:
            return
        t1, a1 = self.block_min
        if self.settled and not self.own_clock:
            behind = a1 - self.period * t1 - min(a - self.period * t for t, a in self.points)
            if behind > self.interval / 2:
                # even this block's earliest arrival is a whole period or more behind the line:
                # samples were lost, which a tick count cannot see; count them from here on
                slipped = round(behind / self.period)
                self.count += slipped
                t1 += slipped
        self.points.append((t1, a1))
        del self.points[:-BLOCKS]
        t0, a0 = self.points[0]
        if a1 - a0 >= BLOCK_S and t1 > t0:
            period = _clamp(_slope(self.points), self.nominal)
            change = abs(period - self.period) / self.period
            if change > 0.02:  # the older points were picked on a wrong slope
                del self.points[:-2]
            self.settled = change < 0.002
            self.period = period
        self.offset = min(a - self.period * t for t, a in self.points)
        self._start_block(arrival, tick)


def _slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of arrival over tick through the envelope points."""
    n = len(points)
    mt = sum(t for t, _ in points) / n
    ma = sum(a for _, a in points) / n
    stt = sum((t - mt) ** 2 for t, _ in points)
    return sum((t - mt) * (a - ma) for t, a in points) / stt


def _clamp(period: float, nominal: float) -> float:
    """A period estimate within a factor 4 of the nominal one (a replay may run fast)."""
    return min(max(period, 0.25 * nominal), 4.0 * nominal)
