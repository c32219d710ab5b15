"""Stance detection on simulated recordings: stepping on, one leg, touch-down, stepping off.

Truth comes from the simulator: the same person (same seed) recorded without
board noise. Event times must be within 0.2 s of it.
"""
import numpy as np
import pytest

from poise.drivers import open_board
from poise.game.core.cop import cop
from poise.game.core.stance import Stance, StanceTracker
from poise.game.engine.loop import VirtualClock

A, B = 433.0 / 2, 238.0 / 2


def record(seed, script, seconds, noise=0.08):
    clock = VirtualClock()
    board = open_board(f"sim://?seed={seed}&arrive=1&noise={noise}&skill=0.6", clock)
    samples = []
    pending = sorted(script)
    for _ in range(int(seconds * 60)):
        clock.advance(1 / 60)
        while pending and pending[0][0] <= clock():
            _, action, arg = pending.pop(0)
            getattr(board.autopilot, action)(clock(), *arg)
        samples += board.poll()
    return samples


def track(samples):
    tracker = StanceTracker()
    events = []
    for s in samples:
        total, x, y = cop(s.tl, s.tr, s.bl, s.br, A, B)
        events += tracker.update(s.t, total, x, y)
    return events, tracker


def crossing(samples, start, level, direction):
    """First time after `start` the noise-free COP x crosses `level` going `direction` (+1 right, -1 left)."""
    for s in samples:
        if s.t < start or s.total < 10:
            continue
        x = A * ((s.tr + s.br) - (s.tl + s.bl)) / s.total
        if direction * (x - level) > 0:
            return s.t
    raise AssertionError("no crossing")


SCRIPT = [
    (4.0, "set_stance", ("left",)),
    (8.0, "touch_down", (0.5,)),
    (11.0, "set_stance", ("both",)),
    (13.0, "set_stance", ("right",)),
    (17.0, "step_off", ()),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_events_and_their_times(seed):
    truth = record(seed, SCRIPT, 20.0, noise=0.0)
    events, tracker = track(record(seed, SCRIPT, 20.0))
    kinds = [e.kind for e in events]
    assert kinds == ["stepped-on", "standing", "left", "touch-down", "left", "touch-down", "right", "stepped-off"]
    at = {}
    for e in events:
        at.setdefault(e.kind, []).append(e.t)
    loads = np.array([(s.t, s.total) for s in truth])
    reaction = 0.42 - 0.2 * 0.6
    first_load = loads[loads[:, 1] > 0.5, 0][0]
    full_load = loads[loads[:, 1] > 0.995 * loads[:, 1].max(), 0][0]
    assert at["stepped-on"][0] == pytest.approx(first_load, abs=0.2)
    assert at["standing"][0] == pytest.approx(full_load, abs=0.2)
    neutral = np.mean([A * ((s.tr + s.br) - (s.tl + s.bl)) / s.total for s in truth if 2.5 < s.t < 4.0])
    foot = 100.0
    assert at["left"][0] == pytest.approx(crossing(truth, 4.0, neutral - foot / 2, -1), abs=0.2)
    assert at["touch-down"][0] == pytest.approx(8.0 + reaction, abs=0.2)  # the foot goes down after the reaction
    assert at["left"][1] == pytest.approx(crossing(truth, 8.0 + reaction + 0.5, neutral - foot / 2, -1), abs=0.2)
    assert at["right"][0] == pytest.approx(crossing(truth, 13.0, neutral + foot / 2, +1), abs=0.2)
    half_gone = loads[(loads[:, 0] > 17.0) & (loads[:, 1] < 0.5 * loads[:, 1].max()), 0][0]
    assert at["stepped-off"][0] == pytest.approx(half_gone, abs=0.2)
    assert tracker.state in (Stance.STEPPED_OFF, Stance.EMPTY)
    for e in events:
        assert e.detected_at >= e.t  # confirmed no earlier than it happened


def test_single_leg_sway_alone_is_not_a_touch_down():
    # twenty seconds on the left leg of a low-skill player: sways a lot, never puts the foot down
    events, tracker = track(record(5, [(3.0, "set_stance", ("left",))], 25.0))
    kinds = [e.kind for e in events]
    assert kinds == ["stepped-on", "standing", "left"]
    assert tracker.state is Stance.LEFT
