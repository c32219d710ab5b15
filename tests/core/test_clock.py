"""The sensing clock: Bluetooth stalls and bursts in, evenly spaced sensing times out, within a bounded
error, never ahead of the arrivals and never drifting away from them; a board's own clock mapped
onto the host's."""
import sys

import numpy as np
import pytest

from conftest import ROOT
from poise.game.core.clock import GAP_S, LATE_S, SensingClock

sys.path.insert(0, str(ROOT))
from bench.filters import wii_arrivals  # noqa: E402  (the simulator's own arrival model)


def rebuild(arrivals, rate=60.0, board_times=None, own_clock=False):
    clock = SensingClock(rate, own_clock=own_clock)
    if board_times is None:
        return np.array([clock.time(float(a)) for a in arrivals]), clock
    return np.array([clock.time(float(a), float(b)) for a, b in zip(arrivals, board_times)]), clock


def link(sensed, rng, stall_p=0.02, stall=(0.03, 0.12), base=0.003, jitter=0.004):
    """Arrival times: a few ms of latency, now and then a stall that releases the backlog as a burst."""
    out, last, until = [], -np.inf, -np.inf
    for t in sensed:
        if t > until and rng.random() < stall_p:
            until = t + rng.uniform(*stall)
        a = max(t + base + rng.exponential(jitter), until if t <= until else -np.inf, last + 0.0005)
        out.append(a)
        last = a
    return np.array(out)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_simulators_wii_arrivals_give_evenly_spaced_sensing_times(seed):
    sensed, arrived = wii_arrivals(60.0, seed)
    period = np.median(np.diff(sensed))
    assert np.abs(np.diff(arrived) - period).max() > 0.05  # the input has stalls and bursts
    got, clock = rebuild(arrived)
    assert np.all(got <= arrived)  # never ahead of the arrivals
    settled = sensed >= sensed[0] + 2.0
    interval_error = np.abs(np.diff(got) - np.diff(sensed))[settled[1:]]
    assert interval_error.max() < 0.001  # every interval within 1 ms (arrivals: up to ~115 ms off)
    offset = (got - sensed)[settled]
    assert np.ptp(offset) < 0.003  # one constant latency, to within 3 ms
    assert clock.period == pytest.approx(period, rel=5e-4)


def test_a_burst_after_a_stall_goes_back_onto_the_sensing_grid():
    period = 1 / 60
    sensed = np.arange(600) * period
    arrived = sensed + 0.004
    stalled = (sensed > 5.0) & (sensed < 5.12)  # a 120 ms stall: these arrive together at its end
    release = sensed[stalled][-1] + 0.004
    arrived[stalled] = release + 0.0005 * np.arange(stalled.sum())
    got, _ = rebuild(arrived)
    assert np.abs(np.diff(got) - period).max() < 0.0005
    assert np.all(got <= arrived)


def test_never_ahead_never_drifting_away_over_ten_minutes_of_a_board_off_its_nominal_rate():
    rng = np.random.default_rng(4)
    period = 1 / 60.6  # 1 % faster than the nominal 60 Hz
    sensed = np.arange(int(600 / period)) * period
    kept = rng.random(sensed.size) > 0.002  # now and then a sample lost on the way
    sensed = sensed[kept]
    arrived = link(sensed, rng, stall_p=0.03, stall=(0.03, 0.25))
    got, clock = rebuild(arrived)
    assert np.all(got <= arrived)
    assert np.all(arrived - got <= LATE_S + 1e-9)
    late = (arrived - got)[sensed > 5.0]
    assert np.median(late) < 0.008  # tracks the earliest arrivals all the way, no drift
    offset = (got - sensed)[sensed > 5.0]
    assert np.percentile(offset, 99) - np.percentile(offset, 1) < 0.02
    steps = np.diff(got)[sensed[1:] > 5.0]
    assert np.mean(np.abs(steps - period) < 0.001) > 0.98  # lost samples aside, even steps
    assert clock.period == pytest.approx(period, rel=1e-3)


@pytest.mark.parametrize("true_rate", [40.0, 100.0])
def test_a_rate_far_from_the_nominal_one_is_learned_within_seconds(true_rate):
    rng = np.random.default_rng(5)
    sensed = np.arange(int(30 * true_rate)) / true_rate
    got, clock = rebuild(link(sensed, rng), rate=60.0)
    later = sensed[1:] > 5.0
    assert np.abs(np.diff(got) - 1 / true_rate)[later].max() < 0.001
    assert clock.period == pytest.approx(1 / true_rate, rel=1e-3)


def test_a_board_clock_is_mapped_onto_the_host_clock_spaced_as_the_board_sensed():
    rng = np.random.default_rng(6)
    board = 1234.5 + np.arange(4800) / 80.0  # the load-cell board's own clock, 80 Hz
    host = 17.0 + (board - board[0]) * 1.003  # its crystal runs 0.3 % slow against the host
    arrived = np.maximum.accumulate(host + 0.002 + rng.exponential(0.003, host.size))  # USB serial, in order
    got, clock = rebuild(arrived, rate=80.0, board_times=board, own_clock=True)
    assert np.all(got <= arrived)
    later = host[1:] > host[0] + 3.0
    np.testing.assert_allclose(np.diff(got)[later], np.diff(host)[later], atol=1e-4)  # to 0.1 ms
    assert clock.period == pytest.approx(1.003, rel=2e-4)


def test_a_silence_or_a_board_clock_restart_starts_afresh():
    got, _ = rebuild([0.0, 0.016, 0.033, 0.05, 0.05 + GAP_S + 0.5, 0.05 + GAP_S + 0.516])
    assert got[4] == 0.05 + GAP_S + 0.5  # after the silence: the arrival is all there is
    clock = SensingClock(80.0, own_clock=True)
    times = [clock.time(1.0 + i / 80, 500.0 + i / 80) for i in range(40)]
    after = clock.time(1.5 + 0.0125, 0.0)  # the board restarted: its clock is back at 0
    assert after == 1.5 + 0.0125 and after > times[-1]
    assert clock.time(1.5 + 0.025, 0.0125) == pytest.approx(after + 0.0125, abs=1e-9)


def test_identical_arrival_times_stay_ordered():
    got, _ = rebuild([0.0, 0.02, 0.02, 0.02, 0.05, 0.06, 0.06])
    assert np.all(np.diff(got) >= 0) and np.all(got <= [0.0, 0.02, 0.02, 0.02, 0.05, 0.06, 0.06])
