"""The display filter: equal to scipy's reference, starts flat, streaming equals batch."""
import numpy as np
import pytest
from scipy import signal

from game.core.filters import Biquad, ButterworthCOP, butterworth_sos, filter_batch


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


def test_constant_input_comes_out_flat_from_the_first_sample():
    f = ButterworthCOP(60.0)
    out = [f.update(12.5, -3.0) for _ in range(50)]
    np.testing.assert_allclose(out, [(12.5, -3.0)] * 50, atol=1e-9)


def test_streaming_in_chunks_equals_one_batch():
    rng = np.random.default_rng(2)
    xs, ys = rng.normal(0, 5, 300), rng.normal(0, 5, 300)
    xs[100:110] = np.nan  # a step-off in the middle resets the filter
    ys[100:110] = np.nan
    batch = filter_batch(lambda: ButterworthCOP(60.0), xs, ys)
    f = ButterworthCOP(60.0)
    streamed = []
    for chunk in np.array_split(np.arange(300), 7):
        for i in chunk:
            if np.isnan(xs[i]):
                f.reset()
                streamed.append((np.nan, np.nan))
            else:
                streamed.append(f.update(xs[i], ys[i]))
    np.testing.assert_array_equal(np.array(streamed), np.column_stack(batch))


def test_filter_attenuates_noise():
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 1, 2000)
    fx, _ = filter_batch(lambda: ButterworthCOP(60.0, 8.0), noise, noise)
    assert np.std(fx[50:]) < 0.8 * np.std(noise)
    assert np.std(fx[50:]) > 0.3 * np.std(noise)  # and is not a frozen cursor either
