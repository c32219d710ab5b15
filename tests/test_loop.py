"""The fixed-step clock: the same steps whatever the frame rate; clamps and caps."""
import pytest

from poise.game.engine.loop import MAX_STEPS, FixedStepper


def steps_for(fps, seconds=2.0, start=10.0):
    s = FixedStepper(start)
    out = []
    for k in range(1, int(seconds * fps) + 1):
        out += s.due(start + k / fps)
    return out


def test_step_times_do_not_depend_on_frame_rate():
    a, b, c = steps_for(30), steps_for(60), steps_for(144)
    assert a == b == c
    assert len(a) == 240
    assert a[0] == pytest.approx(10.0 + 1 / 120)


def test_a_long_stall_is_clamped_not_replayed():
    s = FixedStepper(0.0)
    s.due(0.1)
    steps = s.due(5.1)  # five seconds in a debugger
    assert len(steps) <= 0.25 * 120 + 1


def test_backlog_is_capped():
    s = FixedStepper(0.0, rate=1000)
    assert len(s.due(0.2)) == MAX_STEPS
    assert len(s.due(0.201)) <= 2  # the dropped backlog is not owed later
