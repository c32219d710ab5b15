"""The simulated person behaves like a real one on a real Wii-like board."""
import numpy as np
import pytest

from poise.drivers import open_board
from poise.game.core.analysis import cop_trial_metrics
from poise.game.core.cop import cop_arrays
from poise.game.loop import VirtualClock
from helpers import collect

A, B = 433.0 / 2, 238.0 / 2


def as_rows(samples):
    return np.array([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples])


def cop_of(samples):
    rows = as_rows(samples)
    _, x, y = cop_arrays(rows[:, 1:], A, B)
    return rows[:, 0], x, y


def sway(url, seconds=40.0):
    _, samples = collect(url, seconds)
    t, x, y = cop_of(samples)
    return cop_trial_metrics(t, x, y)


def test_same_seed_gives_same_samples_however_often_it_is_polled():
    _, a = collect("sim://?seed=7", 5.0, poll_hz=30)
    _, b = collect("sim://?seed=7", 5.0, poll_hz=144)
    _, c = collect("sim://?seed=8", 5.0, poll_hz=60)
    n = min(len(a), len(b))
    assert n > 250
    assert a[:n - 2] == b[:n - 2]
    assert as_rows(a[:50]).tolist() != as_rows(c[:50]).tolist()


def test_rate_jitter_and_quantisation_look_like_a_wii_board():
    _, samples = collect("sim://?seed=3", 20.0)
    t = np.array([s.t for s in samples])
    rate = (len(t) - 1) / (t[-1] - t[0])
    assert 57 < rate < 63
    d = np.diff(t)
    assert d.min() > 0  # delivered in order
    assert np.std(d) > 0.002  # jittered, not a metronome
    assert d.max() > 0.03  # with the occasional Bluetooth stall
    loads = as_rows(samples)[:, 1:]
    np.testing.assert_allclose(loads * 100, np.round(loads * 100), atol=1e-6)  # 10 g steps
    assert abs(loads.sum(axis=1).mean() - 70.0) < 1.0


def test_regular_delivery_when_jitter_is_off():
    _, samples = collect("sim://?seed=3&jitter=0&rate=100", 3.0)
    d = np.diff([s.t for s in samples])
    assert np.std(d) < 0.002


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_default_skill_sways_like_a_healthy_adult(seed):
    m = sway(f"sim://?seed={seed}")
    # posturography.md 2.2, young adults, eyes open, firm: 0.5-1.6 cm/s and 0.5-7 cm^2
    assert 5.0 <= m["velocity_mm_s"] <= 16.0
    assert 50.0 <= m["ellipse95_mm2"] <= 700.0
    assert 2.4 <= m["rms_ap_mm"] <= 8.1
    assert 1.1 <= m["rms_ml_mm"] <= 5.0
    assert m["rms_ap_mm"] > m["rms_ml_mm"]


def test_one_leg_sways_several_times_more_than_two():
    both = [sway(f"sim://?seed={s}") for s in (1, 2)]
    one = [sway(f"sim://?seed={s}&stance=left") for s in (1, 2)]
    v_ratio = np.mean([o["velocity_mm_s"] for o in one]) / np.mean([b["velocity_mm_s"] for b in both])
    a_ratio = np.mean([o["ellipse95_mm2"] for o in one]) / np.mean([b["ellipse95_mm2"] for b in both])
    assert v_ratio >= 2.5
    assert a_ratio >= 4.0


def test_more_skill_means_less_sway():
    low = sway("sim://?seed=4&skill=0.2")
    high = sway("sim://?seed=4&skill=0.95")
    assert high["velocity_mm_s"] < 0.7 * low["velocity_mm_s"]
    assert high["ellipse95_mm2"] < 0.5 * low["ellipse95_mm2"]


@pytest.mark.parametrize("stance, sign", [("left", -1), ("right", 1)])
def test_single_leg_stance_puts_the_cop_under_that_foot(stance, sign):
    _, samples = collect(f"sim://?stance={stance}", 10.0)
    _, x, _ = cop_of(samples)
    assert 70 < sign * np.nanmean(x) < 140


def test_autopilot_reaches_a_target_after_a_reaction_time_with_overshoot():
    clock = VirtualClock()
    board = open_board("sim://?skill=0.8&seed=2&noise=0", clock)
    samples = []
    for i in range(60):  # 1 s of quiet stance
        clock.advance(1 / 60)
        samples += board.poll()
    board.autopilot.aim(clock(), (0.0, 80.0))  # lean forward 80 mm
    start = clock()
    for i in range(300):
        clock.advance(1 / 60)
        samples += board.poll()
    t, x, y = cop_of(samples)
    after = t > start
    rest = np.mean(y[~after][-30:])
    moved = t[after & (np.abs(y - rest) > 10)][0] - start
    assert 0.15 < moved < 0.6  # human reaction time, not instant
    assert y[after & (t < start + 0.8)].min() < rest - 5  # the COP first dips back to push the body forward
    assert t[after & (y > 72)][0] - start < 1.5  # gets there within a second or so
    assert y[after].max() > 80 * 1.03  # overshoots the target a little
    assert abs(np.mean(y[t > start + 3.5]) - 80.0) < 8  # then settles on it


def test_stepping_off_and_on_again():
    clock = VirtualClock()
    board = open_board("sim://?seed=5", clock)
    board.autopilot.step_off(0.5)
    board.autopilot.step_on(3.0)
    totals = []
    for i in range(6 * 60):
        clock.advance(1 / 60)
        totals += [(s.t, s.total) for s in board.poll()]
    t, w = np.array(totals).T
    assert w[t < 0.5].min() > 65
    assert np.abs(w[(t > 1.6) & (t < 3.0)]).max() < 1.0  # nobody on the board
    assert w[t > 5.0].min() > 65


def test_arriving_later_starts_with_an_empty_board():
    _, samples = collect("sim://?arrive=2", 4.0)
    rows = as_rows(samples)
    assert np.abs(rows[rows[:, 0] < 1.5, 1:].sum(axis=1)).max() < 1.0
    assert rows[rows[:, 0] > 3.5, 1:].sum(axis=1).min() > 60
