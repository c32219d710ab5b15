"""Sway metrics reproduce the dataset authors' values on the BDS reference trials."""
import math

import numpy as np
import pytest

from poise.game.core import sway
from reference import bds_reference, bds_trial


def reference_rows():
    return list(bds_reference().values())


def load_trial(name):
    _, ap_cm, ml_cm = bds_trial(name)  # BDS: COPx is AP, COPy is ML
    return ml_cm * 10.0, ap_cm * 10.0  # x = ML, y = AP, mm


@pytest.mark.parametrize("row", reference_rows(), ids=lambda r: r["Trial"])
def test_raw_metrics_reproduce_reference_values(row):
    x, y = load_trial(row["Trial"])
    m = sway.metrics(x, y, 100.0)
    assert m["ellipse95_mm2"] == pytest.approx(float(row["COParea"]) * 100.0, rel=1e-3)
    assert m["velocity_mm_s"] == pytest.approx(float(row["COPvelo"]) * 10.0, rel=1e-3)
    assert m["mean_freq_hz"] == pytest.approx(float(row["COPmfreq"]), rel=1e-3)


def test_golden_values_of_bds00001():
    x, y = load_trial("BDS00001")
    m = sway.metrics(x, y, 100.0)
    assert m["path_mm"] == pytest.approx(372.114, rel=1e-4)
    assert m["velocity_ap_mm_s"] == pytest.approx(5.566, rel=1e-3)
    assert m["velocity_ml_mm_s"] == pytest.approx(1.918, rel=1e-3)
    assert m["rms_ap_mm"] == pytest.approx(2.963, rel=1e-3)
    assert m["rms_ml_mm"] == pytest.approx(1.692, rel=1e-3)
    assert m["range_ap_mm"] == pytest.approx(16.760, rel=1e-3)
    assert m["range_ml_mm"] == pytest.approx(8.367, rel=1e-3)
    assert m["samples"] == 6000 and m["duration_s"] == 60.0


def test_resampling_averages_irregular_samples_and_drops_duplicates():
    t = np.array([0.0, 0.004, 0.004, 0.021, 0.038, 0.041, 0.1])
    v = np.array([1.0, 3.0, 3.0, 5.0, 7.0, 9.0, 20.0])
    grid, out = sway.resample_uniform(t, v, 50.0)
    np.testing.assert_allclose(grid, [0.0, 0.02, 0.04, 0.06, 0.08, 0.1])
    assert out[0] == pytest.approx(2.0)  # mean of 1 and 3 (the duplicate 3 counts once)
    assert out[1] == pytest.approx(5.0)
    assert out[2] == pytest.approx(8.0)
    assert out[3] == pytest.approx(8.0 + (20.0 - 8.0) / 3)  # empty windows are interpolated
    assert out[5] == pytest.approx(20.0)


def test_gaps_are_found():
    t = np.r_[np.arange(0, 1, 1 / 60), np.arange(1.5, 2, 1 / 60)]
    assert sway.gaps(t, 1 / 60) == [(pytest.approx(t[59]), pytest.approx(1.5))]


def test_preprocessing_lowers_noise_driven_velocity_but_keeps_area():
    rng = np.random.default_rng(0)
    x, y = load_trial("BDS00001")
    nx, ny = x + rng.normal(0, 0.5, x.size), y + rng.normal(0, 0.5, y.size)
    raw = sway.metrics(nx, ny, 100.0)
    px, py = sway.preprocess(nx, ny, 100.0)
    clean = sway.metrics(*sway.preprocess(x, y, 100.0), 100.0)
    filtered = sway.metrics(px, py, 100.0)
    assert raw["velocity_mm_s"] > 3 * filtered["velocity_mm_s"]
    # a very still trial (6 mm/s): 0.5 mm of noise still adds ~15 % after the 5 Hz low-pass
    assert filtered["velocity_mm_s"] == pytest.approx(clean["velocity_mm_s"], rel=0.2)
    assert filtered["ellipse95_mm2"] == pytest.approx(clean["ellipse95_mm2"], rel=0.05)


def test_mean_frequency_of_a_trace_that_moves_along_one_axis_only_is_that_axis_and_of_a_still_one_undefined():
    import warnings

    fs = 100.0
    t = np.arange(6000) / fs
    wave = 5.0 * np.sin(2 * np.pi * 0.5 * t)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no 0/0 warnings on the way
        one_axis = sway.mean_frequency(wave, np.zeros_like(t), fs)
        both = sway.mean_frequency(wave, wave, fs)
        still = sway.mean_frequency(np.zeros_like(t), np.zeros_like(t), fs)
    assert one_axis == pytest.approx(both) and 0.45 < one_axis < 0.6  # the sine's 0.5 Hz, not NaN
    assert math.isnan(still)


@pytest.mark.parametrize("n", [3, 10, 100, 6000, 10**6])
def test_the_ellipse_factor_is_the_finite_sample_f_quantile(n):
    """q = 2 F(2, n-2; 0.95) (n-1)(n+1) / (n(n-2)) (Chew 1966), F's quantile as scipy.stats has it;
    with many samples it tends to the chi-square quantile, -2 ln 0.05."""
    from scipy import stats

    assert sway.ellipse_factor(n) == 2.0 * stats.f.ppf(0.95, 2, n - 2) * (n - 1) * (n + 1) / (n * (n - 2))
    if n >= 6000:
        assert sway.ellipse_factor(n) == pytest.approx(-2.0 * math.log(0.05), rel=2e-3)
