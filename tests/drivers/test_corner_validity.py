"""Corner readings that must not be used: a chip that does not answer, a full-scale code, HX711 glitch codes,
one-sample spikes. They are flagged per corner (Sample.invalid) and never reach COP, stance or metrics."""
import sys
import time

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from helpers import collect as collect_sim  # noqa: E402
from poise.drivers import open_board  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.drivers.conversion import Calibration  # noqa: E402
from poise.drivers.serial_board import NOMINAL_KG_PER_COUNT, SampleReader  # noqa: E402
from poise.drivers.validity import CornerGuard  # noqa: E402
from poise.game.core.analysis import load_trial_metrics  # noqa: E402
from poise.game.core.stance import Stance  # noqa: E402
from poise.game.engine.feed import BoardFeed  # noqa: E402

QUIET = (17.0, 18.0, 17.5, 17.5)


# ---- the guard, pure ------------------------------------------------------------------------------------
def test_an_isolated_spike_is_left_out_and_counted():
    g = CornerGuard()
    marks = [g.check(QUIET) for _ in range(5)]
    marks.append(g.check((17.0, 18.0 + 58.0, 17.5, 17.5)))  # 2^20-1 counts on tr for one sample
    marks += [g.check(QUIET) for _ in range(5)]
    assert marks == [0] * 5 + [0b0010] + [0] * 5 and g.spikes == 1


def test_a_real_fast_change_is_accepted_after_one_sample():
    g = CornerGuard()
    for _ in range(5):
        g.check(QUIET)
    stepped = (17.0 + 20, 18.0, 17.5, 17.5)  # 20 kg more on tl, and it stays
    assert [g.check(stepped) for _ in range(4)] == [0b0001, 0, 0, 0] and g.spikes == 0


def test_a_glitch_code_is_left_out_unless_it_is_where_the_reading_was():
    g = CornerGuard()
    g.check(QUIET)
    assert g.check((0.0, 18.0, 17.5, 17.5), coded=0b0001) == 0b0001  # count 0 on a loaded corner
    g.check(QUIET)
    g2 = CornerGuard()
    g2.check((0.2, 0.0, 0.0, 0.0))
    assert g2.check((0.21, 0.0, 0.0, 0.0), coded=0b0001) == 0  # an empty corner really reading that code


def test_out_of_range_values_are_invalid_once_the_zero_is_known():
    g = CornerGuard()
    assert g.check((466.0, 18.0, 17.5, 17.5)) == 0b0001
    assert g.check((-60.0, 18.0, 17.5, 17.5)) == 0b0001
    assert CornerGuard().check((-300.0, 18.0, 17.5, 17.5), zero_known=False) == 0  # not tared yet: anything goes


# ---- HX711 glitch codes in a simulated stream: sway velocity before and after -------------------------------
OFFSETS = (52000, -31000, 8000, 120000)
CODES = ((1 << 22) - 1, (1 << 21) - 1, (1 << 20) - 1, 0)


def glitched_stream(every=40, seconds=40.0):
    """A simulated person at 80 Hz as load-cell counts, one corner replaced by a glitch code every `every`
    samples (no status bit: the firmware cannot tell), read by the serial driver's own SampleReader."""
    board, samples = collect_sim("sim://?rate=80&jitter=0&seed=3&skill=0.7", seconds)
    rng = np.random.default_rng(1)
    cal = Calibration(tuple(float(o) for o in OFFSETS), (NOMINAL_KG_PER_COUNT,) * 4)
    clean_reader, reader = SampleReader(cal), SampleReader(cal)
    clean_out, out = [], []
    for i, s in enumerate(samples):
        counts = [int(round(kg / NOMINAL_KG_PER_COUNT)) + o for kg, o in zip((s.tl, s.tr, s.bl, s.br), OFFSETS)]
        clean_out.append(clean_reader.read(sp.SampleFrame(i, int(s.t * 1e6), tuple(counts), 0), s.t))
        if every and i % every == every // 2:
            counts[rng.integers(4)] = CODES[(i // every) % 4]
        out.append(reader.read(sp.SampleFrame(i, int(s.t * 1e6), tuple(counts), 0), s.t))
    return board.info.geometry, clean_out, out, reader


def rows_of(samples):
    return np.array([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples])


def test_glitch_codes_at_1_in_40_do_not_change_sway_velocity():
    g, clean, glitched, reader = glitched_stream()
    assert not any(s.invalid for s in clean)  # a clean stream loses nothing to the checks
    valid = np.array([s.invalid == 0 for s in glitched])
    n_glitches = len([i for i in range(len(glitched)) if i % 40 == 20])
    assert (~valid).sum() == n_glitches and reader.guard.spikes == n_glitches
    truth = load_trial_metrics(rows_of(clean), g.half_x, g.half_y)["velocity_mm_s"]
    used = load_trial_metrics(rows_of(glitched), g.half_x, g.half_y)["velocity_mm_s"]
    left_out = load_trial_metrics(rows_of(glitched), g.half_x, g.half_y, valid=valid)["velocity_mm_s"]
    assert used > 5 * truth  # what happened before: every glitch a 50-230 kg spike on one corner
    assert left_out == pytest.approx(truth, rel=0.02)


# ---- over the wire: a missing chip and a saturated one never reach COP or stance ----------------------------
@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


def pump_until(feed, done, limit_s=30.0, at_least=0):
    """Pump the feed until `done(stances, totals)` holds with at least `at_least` samples seen (a generous
    real-time bound: on a busy machine the emulated firmware streams slower); the stances and totals seen, and
    whether it held."""
    end = time.monotonic() + limit_s
    stances, totals = set(), []
    while time.monotonic() < end:
        feed.pump()
        for b in feed.drain():
            stances.add(b.stance)
            totals.append(b.total)
        if len(totals) >= at_least and done(stances, totals):
            return stances, totals, True
        time.sleep(0.01)
    return stances, totals, False


@pytest.mark.realtime
@pytest.mark.parametrize("fault", ["missing", "saturated"])
def test_a_dead_or_saturated_corner_under_someone_standing_evenly(lib, tmp_path, fault):
    level = 315000  # about 17.5 kg a corner through the nominal gain: 70 kg standing evenly
    state = {"bad": False}

    def counts(t):
        return (level, level, level, 0x7FFFFF if state["bad"] and fault == "saturated" else level)

    device = fw_device.FirmwareDevice(lib, tmp_path / "tty", counts=counts)
    board = open_board(f"serial://{device.link}")
    feed = BoardFeed(board)
    try:
        *_, ok = pump_until(feed, lambda stances, totals: Stance.BOTH in stances)
        assert ok and not feed.fault
        if fault == "missing":
            device.missing = 0b1000  # br stops answering: the firmware sends count 0 and the status bit
        state["bad"] = True
        stances, totals, ok = pump_until(feed, lambda stances, totals: bool(feed.fault), at_least=20)
        assert ok, "the bad corner was never named"
        after, more, _ = pump_until(feed, lambda stances, totals: len(totals) >= 20)  # and it stays so
        assert stances | after <= {Stance.BOTH}  # never "left foot", never "stepped off"
        totals += more
        assert max(totals) < 75 and min(totals) > 65  # neither a 0 kg nor a 466 kg corner counted
        expect = "not answering" if fault == "missing" else "reads full scale"
        assert feed.fault.startswith(f"corner br (back right) {expect}")
        device.missing, state["bad"] = 0, False
        stances, _, ok = pump_until(feed, lambda stances, totals: not feed.fault, at_least=20)
        assert ok and stances <= {Stance.BOTH}
    finally:
        board.close()
        device.unplug()
