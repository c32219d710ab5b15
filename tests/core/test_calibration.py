"""Calibration math: tare, zero tracking, least-squares gains, the Wii factory conversion."""
import numpy as np
import pytest

from poise.drivers.base import WII_GEOMETRY
from poise.drivers.conversion import IDENTITY, Calibration, ZeroTracker, wii_kg
from poise.game.core.calibration import CalibrationError, Placement, fit_gains, tare

CORNERS = WII_GEOMETRY.corners


def test_tare_is_the_mean_of_a_still_window():
    rng = np.random.default_rng(0)
    window = np.array([100.0, -50.0, 3.0, 7.0]) + rng.normal(0, 2, (120, 4))
    np.testing.assert_allclose(tare(window, tolerance=10), window.mean(axis=0))


def test_tare_is_rejected_while_the_board_moves():
    rng = np.random.default_rng(0)
    window = rng.normal(0, 2, (120, 4))
    window[60:, 2] += 40  # someone touches the bottom-left corner
    with pytest.raises(CalibrationError, match="corner bl moved"):
        tare(window, tolerance=10)


def test_zero_tracking_follows_drift_only_while_empty_and_still():
    cal = Calibration((1000.0,) * 4, (0.01,) * 4)  # 100 counts per kg
    z = ZeroTracker(cal, stable_s=3.0, tc_s=5.0)
    t = 0.0
    for _ in range(60 * 40):  # 40 s empty, drifted by +30 counts (0.3 kg) per corner
        t += 1 / 60
        z.update(t, [1030.0] * 4)
    assert np.allclose(z.calibration.offsets, 1030.0, atol=1.0)
    frozen = z.calibration.offsets
    for _ in range(60 * 20):  # someone standing: 70 kg, the zero must not move
        t += 1 / 60
        kg = z.update(t, [1030.0 + 1750.0] * 4)
    assert z.calibration.offsets == frozen
    assert kg.sum() == pytest.approx(70.0, abs=0.05)


def test_zero_tracking_waits_for_stability():
    z = ZeroTracker(Calibration((0.0,) * 4, (0.01,) * 4), stable_s=3.0)
    rng = np.random.default_rng(1)
    t = 0.0
    for _ in range(600):  # an empty but wobbling board (±0.3 kg swings)
        t += 1 / 60
        z.update(t, rng.normal(0, 30, 4))
    assert z.calibration.offsets == (0.0,) * 4


def placements_for(true_gains, masses, rng=None, noise=0.0):
    """Simulate readings: split each mass over the corners bilinearly, divide by the true gain."""
    from poise.drivers.sim import corner_loads
    out = []
    for m, x, y in masses:
        kg = np.array(corner_loads(x, y, m, WII_GEOMETRY.half_x, WII_GEOMETRY.half_y))
        reading = kg / np.asarray(true_gains)
        if rng is not None:
            reading = reading + rng.normal(0, noise, 4)
        out.append(Placement(tuple(reading), m, x, y))
    return out


FIVE = [(20.0, 0.0, 0.0), (20.0, -150, 80), (20.0, 150, 80), (20.0, -150, -80), (20.0, 150, -80)]


def test_fit_recovers_per_corner_gains_and_reports_cop_error():
    true = np.array([0.0100, 0.0105, 0.0097, 0.0102])  # kg per count, 5 % spread
    rng = np.random.default_rng(2)
    gains, quality = fit_gains(placements_for(true, FIVE, rng, noise=2.0), CORNERS)
    np.testing.assert_allclose(gains, true, rtol=0.01)
    assert quality.worst_cop_error_mm < 2.0
    assert quality.worst_mass_error_kg < 0.1
    assert len(quality.checks) == 5


def test_bad_gain_shows_up_as_cop_error_before_fitting():
    true = np.array([0.0100, 0.0105, 0.0097, 0.0102])
    placements = placements_for(true, FIVE)
    # with a naive equal gain the corner placements land millimetres off
    naive = Calibration((0.0,) * 4, (0.01,) * 4)
    kg = naive.apply(placements[1].reading)
    x = WII_GEOMETRY.half_x * ((kg[1] + kg[3]) - (kg[0] + kg[2])) / kg.sum()
    assert abs(x - placements[1].x_mm) > 2.0


def test_centre_only_placements_cannot_separate_corners():
    with pytest.raises(CalibrationError, match="tell the four corners apart"):
        fit_gains(placements_for([0.01] * 4, [(20.0, 0.0, 0.0), (40.0, 0.0, 0.0)]), CORNERS)


@pytest.mark.parametrize("raw, kg", [
    ((0x0F3C, 0x43F8, 0x0BB8, 0x30D4), (17.9928, 18.1766, 18.2475, 18.0122)),  # V1 (TR, BR, TL, BL)
    ((0x1388, 0x4268, 0x07D0, 0x2CEC), (28.2959, 14.1193, 8.3111, 8.5190)),  # V2
    ((0x1770, 0x4384, 0x044C, 0x296B), (37.6623, 17.0, -0.6363, 0.0)),  # V3 unclamped
])
def test_wii_factory_conversion_matches_test_vectors(raw, kg):
    c0 = (1987, 15608, 1164, 10603)
    c17 = (3794, 17284, 2874, 12393)
    c34 = (5609, 18960, 4591, 14190)
    np.testing.assert_allclose(wii_kg(raw, c0, c17, c34), kg, atol=1e-4)


def test_identity_calibration_passes_readings_through():
    np.testing.assert_allclose(IDENTITY.apply([1, 2, 3, 4]), [1, 2, 3, 4])


def test_wii_factory_calibration_with_a_software_tare_on_top():
    # a second-hand board reads 1.2 kg per corner when empty: the tare removes it, the factory slope stays
    c0, c17, c34 = (1987, 15608, 1164, 10603), (3794, 17284, 2874, 12393), (5609, 18960, 4591, 14190)
    per_kg = [(b - a) / 17 for a, b in zip(c0, c17)]
    empty_raw = np.array([a + 1.2 * k for a, k in zip(c0, per_kg)])
    rng = np.random.default_rng(0)
    window = wii_kg(empty_raw + rng.normal(0, 1.0, (120, 4)), c0, c17, c34)
    cal = Calibration(tuple(tare(window, tolerance=0.3)), (1.0,) * 4)
    standing = wii_kg(empty_raw + np.array([17.5 * k for k in per_kg]), c0, c17, c34)
    np.testing.assert_allclose(cal.apply(standing), [17.5] * 4, atol=0.05)


def test_repeated_readings_are_dropped_before_scoring():
    from poise.game.core.analysis import drop_repeats
    rows = np.array([[0.0, 1, 2, 3, 4], [0.01, 1, 2, 3, 4], [0.02, 1, 2, 3, 5], [0.02, 1, 2, 3, 6]], float)
    np.testing.assert_array_equal(drop_repeats(rows)[:, 0], [0.0, 0.02])
