"""The live path runs the display filter on sensing times, not arrival times: the feed rebuilds them
(or takes the board's own clock), Balance.t stays host time, and `poise replay` of an arrival-stamped
`t,x,y` recording goes the same way."""
import sys

import numpy as np

from conftest import ROOT
from poise.drivers import recording
from poise.drivers.base import Board, BoardInfo, BoardStatus, Sample
from poise.drivers.sim import corner_loads
from poise.game.core.clock import SensingClock
from poise.game.core.filters import SwayKalman, filter_batch
from poise.game.engine.feed import BoardFeed
from poise.game.cli.signal_commands import replay_rows

sys.path.insert(0, str(ROOT))
from bench.filters import wii_arrivals  # noqa: E402

HALF_X, HALF_Y = 216.5, 119.0


class ListBoard(Board):
    """Hands out a fixed list of samples on the first poll."""

    def __init__(self, samples: list[Sample], own_clock: bool, rate_hz: float = 60.0):
        self.samples = samples
        self.info = BoardInfo(url="list://", name="List", identity="list", rate_hz=rate_hz, own_clock=own_clock)

    def poll(self) -> list[Sample]:
        out, self.samples = self.samples, []
        return out

    def status(self) -> BoardStatus:
        return BoardStatus()


def sway(t):
    return 25 * np.sin(2 * np.pi * 0.6 * t), 10 * np.cos(2 * np.pi * 0.4 * t)


def samples_at(arrived, sensed, board_t=None):
    xs, ys = sway(sensed)
    return [Sample(float(a), *corner_loads(x, y, 70.0, HALF_X, HALF_Y), board_t=None if board_t is None else float(b))
            for a, x, y, b in zip(arrived, xs, ys, arrived if board_t is None else board_t)]


def test_the_feed_filters_on_rebuilt_sensing_times_and_keeps_host_time():
    sensed, arrived = wii_arrivals(20.0, seed=5)
    feed = BoardFeed(ListBoard(samples_at(arrived, sensed), own_clock=False))
    feed.pump()
    out = feed.drain()
    np.testing.assert_array_equal([b.t for b in out], arrived)  # Balance.t: when it arrived
    clock = SensingClock(60.0)
    expected, _ = filter_batch(lambda: SwayKalman(60.0), np.array([clock.time(a) for a in arrived]), *sway(sensed))
    np.testing.assert_allclose([b.fx for b in out], expected, atol=1e-6)
    # and that is what an even board would have given, which arrival times would not
    ideal, _ = filter_batch(lambda: SwayKalman(60.0), sensed, *sway(sensed))
    on_arrivals, _ = filter_batch(lambda: SwayKalman(60.0), arrived, *sway(sensed))
    late = sensed > 2.0
    assert np.abs(np.array([b.fx for b in out]) - ideal)[late].max() < 0.1
    assert np.abs(on_arrivals - ideal)[late].max() > 1.0


def test_the_feed_takes_a_boards_own_clock():
    board_t = 500.0 + np.arange(800) / 80.0
    host = 3.0 + (board_t - board_t[0]) * 1.002
    rng = np.random.default_rng(1)
    arrived = np.maximum.accumulate(host + 0.002 + rng.exponential(0.01, host.size))  # laggy USB
    feed = BoardFeed(ListBoard(samples_at(arrived, host, board_t), own_clock=True, rate_hz=80.0))
    feed.pump()
    out = feed.drain()
    ideal, _ = filter_batch(lambda: SwayKalman(80.0), host, *sway(host))
    on_arrivals, _ = filter_batch(lambda: SwayKalman(80.0), arrived, *sway(host))
    late = host > 5.0
    assert np.abs(np.array([b.fx for b in out]) - ideal)[late].max() < 0.1
    assert np.abs(on_arrivals - ideal)[late].max() > 0.5


def test_replay_of_an_arrival_stamped_cop_recording_runs_on_sensing_times(tmp_path):
    sensed, arrived = wii_arrivals(20.0, seed=6)
    xs, ys = sway(sensed)
    path = tmp_path / "wii.csv"
    recording.write(path, zip(arrived, xs, ys), {"rate": "60"}, recording.COP_COLUMNS)
    rows = replay_rows(path)
    fx = np.array([r[3] for r in rows])
    np.testing.assert_allclose([r[0] for r in rows], arrived, atol=2e-6)
    ideal, _ = filter_batch(lambda: SwayKalman(60.0), sensed, xs, ys)
    late = sensed > 2.0
    assert np.abs(fx - ideal)[late].max() < 0.1
