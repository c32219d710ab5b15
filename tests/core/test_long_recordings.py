"""The analysis of long recordings (issue 13): streamed in blocks, the same numbers as in one piece."""
import numpy as np
import pytest
from scipy import signal

from poise.game.core import sway
from poise.game.core.analysis import MAX_GAP_S, CopTrace, drop_repeats, load_trial_metrics, longest_stretch


def rows(n=6000, seed=0):
    rng = np.random.default_rng(seed)
    t = np.cumsum(1 / 60 + rng.normal(0, 0.003, n).clip(-0.012, 0.02))
    x, y = np.cumsum(rng.normal(0, 0.5, (2, n)), axis=1)
    u, v = (x / 216.5 + 1) / 2, (y / 119.0 + 1) / 2
    loads = 70 * np.column_stack([(1 - u) * v, u * v, (1 - u) * (1 - v), u * (1 - v)])
    out = np.column_stack([t, np.round(loads * 100) / 100])
    out[1001, 1:] = out[1000, 1:]  # a board re-sending its last report...
    out[512, 1:] = out[511, 1:]  # ...also right across a block edge (blocks of 512 below)
    return out


def test_streamed_blocks_give_the_same_metrics_as_one_piece():
    data = rows()
    whole = load_trial_metrics(data, 216.5, 119.0)
    trace = CopTrace(216.5, 119.0)
    for i in range(0, len(data), 512):
        trace.add(data[i:i + 512])
    assert len(trace.t) == len(drop_repeats(data)) <= len(data) - 2  # both repeats dropped
    assert trace.metrics() == pytest.approx(whole, rel=1e-12)


def test_samples_marked_invalid_are_left_out_as_if_never_sent():
    data = rows()
    valid = np.ones(len(data), dtype=bool)
    valid[2000:2005] = False
    bad = data.copy()
    bad[2000:2005, 1] += 40.0  # a glitching corner: 40 kg more on tl for five samples
    assert load_trial_metrics(bad, 216.5, 119.0, valid=valid) == pytest.approx(
        load_trial_metrics(np.delete(data, range(2000, 2005), axis=0), 216.5, 119.0), rel=1e-12)
    assert load_trial_metrics(bad, 216.5, 119.0)["velocity_mm_s"] > 1.05 * load_trial_metrics(data, 216.5, 119.0)["velocity_mm_s"]


def brute_longest(t, x, y):
    ok = ~(np.isnan(x) | np.isnan(y))
    best, start = (0, 0), None
    for i in range(len(t) + 1):
        if i in (0, len(t)) or not ok[i] or not ok[i - 1] or t[i] - t[i - 1] > MAX_GAP_S:
            if start is not None and i - start > best[1] - best[0]:
                best = (start, i)
            start = i if i < len(t) and ok[i] else None
    return best


def test_longest_stretch_without_a_python_loop_finds_the_same_run():
    rng = np.random.default_rng(3)
    for _ in range(500):
        n = int(rng.integers(1, 60))
        t = np.cumsum(rng.choice([0.01, 0.4], n, p=[0.9, 0.1]))
        x = np.where(rng.random(n) < 0.15, np.nan, 0.0)
        y = np.where(rng.random(n) < 0.05, np.nan, 0.0)
        s = longest_stretch(t, x, y)
        want = brute_longest(t, x, y)
        assert s.stop - s.start == want[1] - want[0] and (want[1] == want[0] or s.start == want[0])


def reference_mean_frequency(x, y, fs):
    """Santos & Duarte's mean frequency straight from scipy's Welch, segments of N/2 unpadded."""
    mpf, power = [], []
    for v in (x, y):
        seg = len(v) // 2
        f, p = signal.welch(v, fs=fs, window="hann", nperseg=seg, noverlap=seg // 2, nfft=seg, detrend="constant")
        mpf.append(np.trapezoid(f * p, f) / np.trapezoid(p, f))
        power.append(p.sum())
    return (mpf[0] * power[0] + mpf[1] * power[1]) / (power[0] + power[1])


@pytest.mark.parametrize("n", [2 * 262147, 2 * 300007])  # segments just over LONG_SEGMENT; 262147 and 300007 are prime
def test_a_long_segment_is_zero_padded_and_the_mean_frequency_stays_put(n):
    rng = np.random.default_rng(n)
    x = signal.lfilter([1.0], [1.0, -0.995], rng.normal(size=n))  # sway-like: slow, mean-reverting
    y = signal.lfilter([1.0], [1.0, -0.99], rng.normal(size=n))
    f, _ = sway.periodogram(x[:n // 2], 100.0)
    assert len(f) > n // 4 + 1  # padded: a finer grid than the segment's own
    got, want = sway.mean_frequency(x, y, 100.0), reference_mean_frequency(x, y, 100.0)
    assert got != want and got == pytest.approx(want, rel=1e-5)


def test_resampling_columns_separately_equals_resampling_them_stacked():
    data = rows(3000)
    t, xy = data[:, 0], data[:, 1:3]
    grid, stacked = sway.resample_uniform(t, xy, 60.0)
    grid2, (a, b) = sway.resample_columns(t, [xy[:, 0], xy[:, 1]], 60.0)
    np.testing.assert_array_equal(grid, grid2)
    np.testing.assert_array_equal(stacked, np.column_stack([a, b]))
