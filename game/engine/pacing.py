"""Frame pacing: poll the board as late as possible before the display's refresh, and a model of what
that does to sample-to-pixel latency.

With vsync, presenting a frame returns just after the refresh it was shown at, so the refreshes are
known. The loop then sleeps until the next refresh minus a margin, polls the board, steps and draws
the world; then it sleeps again until the refresh minus a much smaller margin, polls the board a
last time and draws only the balance point from it (late latching), and presents: a sample is
picked up by the last poll before the refresh that shows it. Each margin is the recent 95th
percentile of its own work (the whole frame; the last poll to the frame handed over), plus a safety
allowance, so frames rarely miss their refresh; a missed one raises them.

No clock is read here: the caller passes times in, so tests drive it with made-up ones.
"""
from __future__ import annotations

import bisect
import math
from collections import deque

SAFETY_S = 0.0015  # beyond the work's recent p95: scheduler wake-up jitter
MIN_MARGIN_S = 0.002
MIN_LATE_MARGIN_S = 0.001
WINDOW = 120  # frames of work kept for the p95


def percentile(values, p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Pacer:
    """Where the refreshes are, and when to poll before the next one."""

    def __init__(self, refresh_hz: float):
        self.period = 1.0 / refresh_hz if refresh_hz and refresh_hz > 0 else 1.0 / 60.0
        self.last_refresh: float | None = None
        self.work: deque[float] = deque(maxlen=WINDOW)
        self.late_work: deque[float] = deque(maxlen=WINDOW)
        self.target: float | None = None  # the refresh the frame being drawn aims at
        self.missed = 0

    @property
    def margin(self) -> float:
        """How long before the refresh to start a frame (s): the whole frame's recent p95 plus the safety
        allowance."""
        need = percentile(self.work, 95) + SAFETY_S if self.work else 0.004
        return min(max(MIN_MARGIN_S, need), 0.75 * self.period)

    @property
    def late_margin(self) -> float:
        """How long before the refresh to poll the last time (s): the recent p95 of the work from that poll
        to the frame handed over, plus the safety allowance; never more than the whole frame's margin."""
        need = percentile(self.late_work, 95) + SAFETY_S if self.late_work else self.margin
        return min(max(MIN_LATE_MARGIN_S, need), self.margin)

    def poll_at(self, now: float) -> float:
        """When to start the frame after `now` (no later than `now` means at once)."""
        if self.last_refresh is None:
            self.target = None
            return now
        k = max(1, math.ceil((now + self.margin - self.last_refresh) / self.period))
        self.target = self.last_refresh + k * self.period
        return self.target - self.margin

    def late_poll_at(self, now: float) -> float:
        """When to poll the last time, for the balance point drawn after the world (`now` or later)."""
        if self.target is None:
            return now
        return max(now, self.target - self.late_margin)

    def presented(self, returned_at: float, work_s: float, late_s: float | None = None) -> None:
        """Present returned at `returned_at` (just after the refresh that shows the frame); `work_s`
        is the time from the frame's first poll to the frame handed over, less the wait for the last
        poll (a wait counted as work would lengthen itself), `late_s` from its last poll (None when the
        frame had no late poll)."""
        self.work.append(work_s)
        if late_s is not None:
            self.late_work.append(late_s)
        if self.last_refresh is not None:
            frames = (returned_at - self.last_refresh) / self.period
            if frames > 1.5:
                self.missed += 1
            # follow the display's clock: snap to the refresh grid, drifting with it
            k = max(1, round(frames))
            predicted = self.last_refresh + k * self.period
            returned_at = predicted + 0.2 * (returned_at - predicted) if abs(returned_at - predicted) < 0.3 * self.period \
                else returned_at
        self.last_refresh = returned_at


def model_latency(arrivals: list[float], work: list[float], period: float = 1 / 60, margin: float | None = None,
                  phase: float = 0.0, synced: bool = True, loop_period: float | None = None) -> list[float]:
    """Modelled sample-to-pixel latency (s) of each arrival on a display refreshing every `period`.

    A frame handed over before refresh V is scanned out from V; a pixel in the middle of the screen
    lights half a frame later (the panel's response is left out). `synced`: the loop polls at
    V - `margin` and its frame (work drawn in turn from `work`) is shown at V, or a refresh later if
    the work overran the margin. Not synced: the loop polls every `loop_period` (its own clock,
    free-running against the display's) and its frame is shown at the first refresh after the work.
    With `work` all zero and `margin` 0 this is the floor: every sample shown at the first refresh
    after it arrives.
    """
    if not arrivals:
        return []
    half = period / 2
    start, end = min(arrivals) - 2 * period, max(arrivals) + 4 * period
    polls, shown = [], []
    if synced:
        m = margin if margin is not None else (percentile(work, 95) + SAFETY_S if any(work) else 0.0)
        k = math.floor((start - phase) / period)
        i = 0
        while True:
            v = phase + k * period
            if v - m > end:
                break
            w = work[i % len(work)] if work else 0.0
            i += 1
            polls.append(v - m)
            shown.append(v if w <= m else v + period * math.ceil((w - m) / period))
            k += 1
    else:
        step = loop_period or period * 1.003  # a timer-paced loop runs a little off the display's rate
        t, i = start, 0
        while t < end:
            w = work[i % len(work)] if work else 0.0
            i += 1
            done = t + w
            polls.append(t)
            shown.append(phase + math.ceil((done - phase) / period) * period)
            t += step
    out = []
    for a in arrivals:
        j = bisect.bisect_left(polls, a)
        if j < len(polls):
            out.append(shown[j] - a + half)
    return out
