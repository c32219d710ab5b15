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
- a lost report leaves a hole in the tick count, and every later sample would be stamped a period
  early. A stall delays samples too, but releases them as a burst (arrivals far closer than a
  period) whose newest is back on the line; a loss leaves the arrivals on their usual spacing, each
  a whole period behind the line. So when the latest few samples (more the more the link jitters)
  all arrived at the usual spacing and each at least a period (less LOSS_SLACK) behind the line,
  that many periods were lost and the count skips ahead: a loss is put right within a few samples
  (a backstop at each block's end catches what that misses), and the line never drifts away from
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
LOSS_SLACK = 0.25  # of a period: how far short of a whole period behind still counts
LOSS_ODDS = 20.0  # a run counts as lost reports when chance lateness would give it under e^-20 (2e-9)
RUN_LIMITS = (3, 12)  # the shortest and longest such run looked for
RUN_KEPT = 64  # samples of a run behind the line kept for a revision


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
        self.behind: list[tuple[float, float]] = []  # (arrival, excess over the line) of the latest samples
        self.spread = 0.0  # the link's usual lateness over the line (s): a running mean
        self.lost = 0  # reports found lost (ticks skipped) since the clock was made
        self.revised: tuple[int, float] = (0, 0.0)  # by the latest sample: (n, s) the n before it were s early

    def time(self, arrival: float, board_t: float | None = None) -> float:
        """The sensing time of the sample that arrived at `arrival` (host clock, s), with the
        board's own time stamp `board_t` (s) where the board has a clock.

        After the call, `revised` is (n, s) when this sample showed that the n samples before it
        were stamped s seconds early (reports lost before them); (0, 0.0) otherwise. A consumer that
        can hold samples back a little before passing their times on (the LSL outlet) corrects them."""
        self.revised = (0, 0.0)
        arrival = max(arrival, self.last_arrival)  # a host clock stamp never runs backwards
        tick = self._tick(arrival, board_t)
        if tick is None:  # a long silence, or a board clock that jumped
            self.reset()
            tick = self._tick(arrival, board_t)
        if math.isinf(self.last):  # the first sample of a run: its arrival is all we know
            self.behind = []
            self.offset = arrival - self.period * tick
            self.last_arrival, self.last_tick = arrival, tick
            self._start_block(arrival, tick)
            self.last = arrival
            return arrival
        tick += self._lost(arrival, tick)
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

    def _lost(self, arrival: float, tick: float) -> int:
        """How many reports were lost just before the current run of samples a period or more behind the
        line (0 almost always); the count skips them. Only once the period is known: a board far off its
        nominal rate looks alike.

        How long a run must be depends on the link: with its lateness over the line about exponential
        with mean `spread`, n samples in a row all later than t by chance has odds exp(-n t / spread);
        the run asked for makes that under exp(-LOSS_ODDS)."""
        if self.own_clock or not self.settled:
            return 0
        excess = arrival - self.offset - self.period * tick
        threshold = (1.0 - LOSS_SLACK) * self.period
        if excess < threshold:
            self.spread += (min(max(excess, 0.0), 0.5 * self.period) - self.spread) / 64
            self.behind = []  # on the line: nothing lost
            return 0
        self.behind.append((arrival, excess))
        del self.behind[:-RUN_KEPT]
        run = min(max(math.ceil(LOSS_ODDS * self.spread / threshold), RUN_LIMITS[0]), RUN_LIMITS[1])
        last = self.behind[-run:]
        if len(last) < run or any(b[0] - a[0] < 0.25 * self.period for a, b in zip(last, last[1:])):
            return 0  # a burst released after a stall, not (yet) a loss
        lost = math.floor(min(e for _, e in last) / self.period + LOSS_SLACK)
        self.count += lost
        self.lost += lost
        self.revised = (len(self.behind) - 1, lost * self.period)
        self.behind = []
        return lost

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


class HeldTimes:
    """Sensing times held back `hold` samples, so a revision (SensingClock.revised: reports found lost)
    still reaches them before they are passed on: for outputs whose consumers want the right time more
    than the newest sample (a lab's recorder), not for the screen.

    `push(item, t, revised)` -> the (item, t) pairs now due, oldest first; `flush()` -> the rest."""

    def __init__(self, hold: int = RUN_LIMITS[1] + 4):
        self.hold = hold
        self.items: list = []
        self.times: list[float] = []

    def push(self, item, t: float, revised: tuple[int, float] = (0, 0.0)) -> list:
        n, shift = revised
        for i in range(max(0, len(self.times) - n), len(self.times)):
            self.times[i] += shift
        self.items.append(item)
        self.times.append(t)
        if len(self.items) <= self.hold:
            return []
        return self._release(len(self.items) - self.hold)

    def flush(self) -> list:
        return self._release(len(self.items))

    def _release(self, k: int) -> list:
        out = list(zip(self.items[:k], self.times[:k]))
        del self.items[:k], self.times[:k]
        return out
