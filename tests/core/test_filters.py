"""Display filters: equal to their references, start flat, streaming equals batch, handle jitter."""
import csv

import numpy as np
import pytest
from scipy import signal

from reference import DATA
from poise.game.core.clock import SensingClock
from poise.game.core.filters import Biquad, ButterworthCOP, OneEuro, SwayKalman, butterworth_sos, filter_batch

FILTERS = [lambda: ButterworthCOP(60.0), SwayKalman, lambda: OneEuro(1.0, 0.1)]


def test_biquad_chain_matches_scipy_sosfilt_started_at_steady_state():
    rng = np.random.default_rng(1)
    x = np.cumsum(rng.normal(0, 1, 400)) + 50
    sos = butterworth_sos(4, 6.0, 60.0)
    expected, _ = signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[0])
    chain = [Biquad(row) for row in sos]
    got = []
    for v in x:
        for bq in chain:
            v = bq.step(v)
        got.append(v)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-9)


def test_one_euro_matches_the_authors_reference_vector():
    with open(DATA / "one-euro" / "groundTruth.csv") as fh:
        rows = [tuple(map(float, (r["timestamp"], r["noisy"], r["filtered"]))) for r in csv.DictReader(fh)]
    f = OneEuro(min_cutoff=1.0, beta=0.1, d_cutoff=1.0)
    got = [f.update(t, noisy, noisy)[0] for t, noisy, _ in rows]
    np.testing.assert_allclose(got, [r[2] for r in rows], atol=1e-3)


@pytest.mark.parametrize("make", FILTERS, ids=["butterworth", "sway-kalman", "one-euro"])
def test_constant_input_comes_out_flat_from_the_first_sample(make):
    f = make()
    out = [f.update(i / 60, 12.5, -3.0) for i in range(50)]
    np.testing.assert_allclose(out, [(12.5, -3.0)] * 50, atol=1e-9)


@pytest.mark.parametrize("make", FILTERS, ids=["butterworth", "sway-kalman", "one-euro"])
def test_streaming_in_chunks_equals_one_batch(make):
    rng = np.random.default_rng(2)
    ts = np.cumsum(rng.uniform(0.005, 0.03, 300))
    xs, ys = np.cumsum(rng.normal(0, 1, 300)), np.cumsum(rng.normal(0, 1, 300))
    xs[100:110] = np.nan  # a step-off in the middle resets the filter
    ys[100:110] = np.nan
    batch = filter_batch(make, ts, xs, ys)
    f = make()
    streamed = []
    for chunk in np.array_split(np.arange(300), 7):
        for i in chunk:
            if np.isnan(xs[i]):
                f.reset()
                streamed.append((np.nan, np.nan))
            else:
                streamed.append(f.update(ts[i], xs[i], ys[i]))
    np.testing.assert_array_equal(np.array(streamed), np.column_stack(batch))


def test_sway_kalman_follows_a_ramp_with_small_lag_and_smooths_noise():
    rng = np.random.default_rng(3)
    t = np.arange(600) / 60.0
    clean = 40.0 * np.sin(2 * np.pi * 0.5 * t)
    noisy = clean + rng.normal(0, 0.5, t.size)
    fx, _ = filter_batch(SwayKalman, t, noisy, noisy)
    lags = np.arange(0, 0.1, 0.002)
    aligned = [np.sqrt(np.mean((fx[60:] - np.interp(t[60:] - d, t, clean)) ** 2)) for d in lags]
    assert lags[np.argmin(aligned)] <= 0.025  # best alignment within 25 ms
    assert min(aligned) < 0.5  # and less than the raw noise once aligned, at 126 mm/s peak speed


def test_bursty_arrivals_through_the_sensing_clock_give_the_cursor_of_an_even_board():
    # the same motion delivered evenly or in Bluetooth bursts: the clock model puts the burst back
    # on the sensing grid, so the filter sees what an even board would have sent
    period = 1 / 60
    t_even = np.arange(1200) * period
    arrived = t_even + 0.004
    for start in (300, 700):  # two 100 ms stalls, each released as a burst 0.5 ms apart
        stalled = slice(start, start + 6)
        arrived[stalled] = arrived[start + 5] + 0.0005 * np.arange(6)
    clock = SensingClock(60.0)
    sensed = np.array([clock.time(a) for a in arrived])
    pos = lambda t: 30 * np.sin(2 * np.pi * 0.4 * t)
    even, _ = filter_batch(SwayKalman, t_even, pos(t_even), pos(t_even))
    rebuilt, _ = filter_batch(SwayKalman, sensed, pos(t_even), pos(t_even))
    raw, _ = filter_batch(SwayKalman, arrived, pos(t_even), pos(t_even))
    assert np.abs(even[200:] - rebuilt[200:]).max() < 0.05
    assert np.abs(even[200:] - raw[200:]).max() > 1.0  # on arrival times the bursts would show


MIN_JERK = lambda u: 10 * u**3 - 15 * u**4 + 6 * u**5


@pytest.mark.parametrize("timing", ["60Hz", "100Hz", "wii"])
def test_a_150_mm_weight_shift_in_300_ms_trails_by_16_mm_at_most_without_overshoot(timing):
    from bench.filters import wii_arrivals

    if timing == "wii":
        sensed, arrived = wii_arrivals(4.0, seed=3)
        clock = SensingClock(60.0)
        times = np.array([clock.time(a) for a in arrived])
    else:
        sensed = times = np.arange(0, 4.0, 1 / (60.0 if timing == "60Hz" else 100.0))
    shift = lambda t: 150.0 * MIN_JERK(np.clip((t - 2.0) / 0.3, 0.0, 1.0))
    fx, _ = filter_batch(lambda: SwayKalman(60.0 if timing != "100Hz" else 100.0), times, shift(sensed), shift(sensed))
    assert np.max(shift(sensed) - fx) <= 16.0
    assert fx.max() <= 150.0 * 1.03


def test_the_filter_widens_for_fast_sway_and_stays_put_for_calm_sway_and_slow_shifts():
    from bench.filters import ou_sway, resample_even

    rng = np.random.default_rng(7)
    widths = []
    for speed in (5, 40, 160):  # mm/s: calm standing, fast sway on foam, far beyond quiet stance
        t, x, y = resample_even(*ou_sway(speed, speed, 0.15, duration=20.0))
        f = SwayKalman(100.0)
        filter_batch(lambda: f, t, x + rng.normal(0, 0.5, t.size), y + rng.normal(0, 0.5, t.size))
        widths.append(f.intensity)
    assert widths[0] < 1.2 * SwayKalman().intensity < widths[2]
    assert widths[0] <= widths[1] <= widths[2]
    # a large, slow voluntary movement is followed by the lag, not by widening the filter
    t = np.arange(0, 20, 0.01)
    f = SwayKalman(100.0)
    wave = 80 * np.sin(2 * np.pi * 0.5 * t)
    filter_batch(lambda: f, t, wave + rng.normal(0, 0.5, t.size), rng.normal(0, 0.5, t.size))
    assert f.intensity < 1.2 * SwayKalman().intensity


def test_the_wider_filter_tracks_fast_sway_better_than_the_fixed_one():
    from bench.filters import ou_sway, resample_even

    rng = np.random.default_rng(8)
    t, x, y = resample_even(*ou_sway(3, 200, 0.15, duration=20.0))
    nx, ny = x + rng.normal(0, 0.5, t.size), y + rng.normal(0, 0.5, t.size)
    errors = []
    for make in (lambda: SwayKalman(100.0, adapt=False), lambda: SwayKalman(100.0)):
        fx, fy = filter_batch(make, t, nx, ny)
        lag = SwayKalman(100.0).lag
        keep = t > 5.0
        ex = fx[keep] - np.interp(t[keep] - lag, t, x)
        ey = fy[keep] - np.interp(t[keep] - lag, t, y)
        errors.append(np.sqrt(np.mean(ex**2 + ey**2)))
    assert errors[1] < 0.9 * errors[0]


def test_repeated_readings_are_measurements_the_cursor_keeps_converging():
    # a board that repeats its reading (a still person, quantised loads) must not freeze a lagging cursor
    from poise.game.core.pipeline import LivePipeline

    p = LivePipeline(216.5, 119.0, 60.0)
    weight, half_x = 70.0, 216.5

    def loads(x):
        right = weight * (0.5 + x / (2 * half_x))
        return (weight - right) / 2, right / 2, (weight - right) / 2, right / 2

    for i in range(60):  # standing still at the centre
        p.process(i / 60, *loads(0.0), sensed=i / 60)
    gaps = []
    for i in range(60, 120):  # the balance point jumps 40 mm right, and the board repeats that reading
        b = p.process(i / 60, *loads(40.0), sensed=i / 60)
        gaps.append(40.0 - b.fx)
    assert b.x == pytest.approx(40.0)
    assert gaps[0] > 20.0  # the cursor starts out well behind
    assert abs(gaps[-1]) < 0.05  # and arrives: the repeats were used, not frozen on
    assert max(abs(g) for g in gaps[15:]) < 0.1 * gaps[0]


def test_long_silence_restarts_the_filter_at_the_new_position():
    f = SwayKalman()
    for i in range(60):
        f.update(i / 60, 0.0, 0.0)
    x, y = f.update(3.0, 50.0, -20.0)  # back after 2 s at a different spot
    assert (x, y) == (50.0, -20.0)
