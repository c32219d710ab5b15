"""Fixed-timestep clock: scoring runs in equal steps whatever the display's frame rate."""
from __future__ import annotations

STEP_HZ = 120
MAX_FRAME_S = 0.25  # a longer frame (debugger, window drag) is clamped, not caught up
MAX_STEPS = 30  # per frame; beyond this the backlog is dropped rather than spiral


class FixedStepper:
    """Turns frame times into the end times of the fixed steps that are due.

    Step k ends at start + k / rate exactly (integer k, no float drift), so two
    runs that see the same clock at different frame rates run the same steps.
    """

    def __init__(self, start: float, rate: float = STEP_HZ):
        self.start = start
        self.rate = rate
        self.dt = 1.0 / rate
        self.done = 0  # steps run so far
        self.last_frame = start

    def due(self, now: float) -> list[float]:
        frame = now - self.last_frame
        if frame > MAX_FRAME_S:  # skip the stalled time entirely
            self.start += frame - MAX_FRAME_S
        self.last_frame = now
        times = []
        while len(times) < MAX_STEPS:
            end = self.start + (self.done + 1) / self.rate
            if end > now + 1e-9:
                break
            self.done += 1
            times.append(end)
        if len(times) == MAX_STEPS:  # drop the backlog
            self.start = now - self.done / self.rate
        return times

    @property
    def alpha(self) -> float:
        """How far the current frame is into the next step (0..1), for drawing."""
        return min(1.0, (self.last_frame - (self.start + self.done / self.rate)) * self.rate)


class VirtualClock:
    """A clock that moves only when told to: headless demos and tests run faster than real time."""

    def __init__(self, start: float = 0.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
