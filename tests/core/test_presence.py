"""Presence detection over total load: empty, stepping on, on the board, stepped off."""
from poise.game.core.presence import Presence, PresenceTracker


def feed(tracker, loads, t0=0.0, rate=60.0):
    states = []
    for i, load in enumerate(loads):
        states.append(tracker.update(t0 + i / rate, load))
    return states


def test_step_on_settle_then_step_off():
    p = PresenceTracker()
    states = feed(p, [0.0] * 30 + [20, 40, 60] + [70.0] * 90 + [2.0] * 30)
    assert states[0] is Presence.EMPTY
    assert states[31] is Presence.STEPPING_ON
    on = states.index(Presence.ON_BOARD)
    assert 33 + 0.5 * 60 <= on <= 33 + 0.8 * 60  # settles after ~0.6 s of steady load
    assert p.weight == pack(70.0)
    assert states[-1] is Presence.STEPPED_OFF


def pack(x):
    import pytest
    return pytest.approx(x, rel=0.02)


def test_stepped_off_becomes_empty_after_a_second():
    p = PresenceTracker()
    states = feed(p, [70.0] * 60 + [0.0] * 90)
    assert states[70] is Presence.STEPPED_OFF
    assert states[-1] is Presence.EMPTY


def test_one_foot_on_the_floor_counts_as_stepped_off_and_must_come_back_fully():
    p = PresenceTracker()
    states = feed(p, [70.0] * 60 + [30.0] * 120)
    assert states[-1] is Presence.STEPPED_OFF  # 30 kg is still "loaded" but most weight is gone
    states = feed(p, [70.0] * 60, t0=3.0)
    assert states[-1] is Presence.ON_BOARD


def test_short_dip_in_load_does_not_step_off():
    p = PresenceTracker()
    states = feed(p, [70.0] * 60 + [35.0] * 5 + [70.0] * 10)  # 80 ms dip
    assert Presence.STEPPED_OFF not in states
