"""Mid-size single-sample corruptions: an interrupt that stretches one HX711 read corrupts the low bits of one
corner for one sample (tests/emulation/fw_device.py `stretched_read`: up to 7.3 kg, under the 12 kg jump guard).
Replayed as the firmware's own SAMPLE frames, 1 in 40 samples, and read by the serial driver's decoder and
reader; then the same guard on real fast movements (the shared BDS trials, the simulator, quick shifts)."""
import sys

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from helpers import collect  # noqa: E402
from reference import BDS  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.drivers.base import WII_GEOMETRY as G  # noqa: E402
from poise.drivers.conversion import Calibration  # noqa: E402
from poise.drivers.serial_board import NOMINAL_KG_PER_COUNT, SampleReader  # noqa: E402
from poise.drivers.sim import corner_loads  # noqa: E402
from poise.drivers.validity import CornerGuard  # noqa: E402
from poise.game.core.analysis import load_trial_metrics  # noqa: E402
from poise.game.engine.loop import VirtualClock  # noqa: E402

OFFSETS = (52000, -31000, 8000, 120000)
EVERY = 40


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


def read_bytes(data: bytes) -> tuple[list, SampleReader]:
    reader = SampleReader(Calibration(tuple(float(o) for o in OFFSETS), (NOMINAL_KG_PER_COUNT,) * 4))
    out = [reader.read(f, f.t_us / 1e6) for f in sp.Decoder().feed(b"\0" + data)]
    return [s for s in out if s is not None], reader


def metrics(samples, valid=True):
    rows = np.array([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples])
    ok = np.array([s.invalid == 0 for s in samples]) if valid else None
    return load_trial_metrics(rows, G.half_x, G.half_y, valid=ok)


def test_stretched_reads_at_1_in_40_are_spikes_and_leave_sway_as_it_was(lib):
    _, samples = collect("sim://?rate=80&jitter=0&seed=3&skill=0.7", 30.0)
    rng = np.random.default_rng(3)
    clean, glitched, errors = [], [], []
    for i, s in enumerate(samples):
        counts = [int(round(kg / NOMINAL_KG_PER_COUNT)) + o for kg, o in zip((s.tl, s.tr, s.bl, s.br), OFFSETS)]
        clean.append((int(s.t * 1e6), tuple(counts)))
        if i % EVERY == EVERY // 2:
            k = int(rng.integers(4))
            bad = fw_device.stretched_read(counts[k])
            errors.append((bad - counts[k]) * NOMINAL_KG_PER_COUNT)
            counts[k] = bad
        glitched.append((int(s.t * 1e6), tuple(counts)))
    truth_samples, _ = read_bytes(fw_device.sample_bytes(lib, clean))
    got, reader = read_bytes(fw_device.sample_bytes(lib, glitched))
    assert not any(s.invalid for s in truth_samples)  # a clean stream loses nothing to the checks
    big = sum(e >= 1.8 for e in errors)
    assert max(errors) < 7.3 and big > 30  # the report's size: 1.8 to 7.3 kg, under the 12 kg jump guard
    assert big <= reader.guard.spikes <= len(errors)  # counted in measurement quality (BoardStatus.spikes)
    truth, unguarded, guarded = metrics(truth_samples), metrics(got, valid=False), metrics(got)
    assert unguarded["velocity_mm_s"] > 1.2 * truth["velocity_mm_s"]  # what went into the signal before
    assert unguarded["range_ml_mm"] > 1.1 * truth["range_ml_mm"]
    for key in ("velocity_mm_s", "range_ml_mm", "range_ap_mm"):
        assert guarded[key] == pytest.approx(truth[key], rel=0.02), key


@pytest.mark.parametrize("name", ["BDS00001", "BDS00044", "BDS00047"])  # calm; older adult on foam, fast sway
def test_real_sway_loses_nothing(name):
    d = np.loadtxt(BDS / f"{name}.tsv.gz", skiprows=1)  # t s, AP cm, ML cm at 100 Hz
    guard = CornerGuard()
    marks = [guard.check(corner_loads(ml * 10, ap * 10, 70.0, G.half_x, G.half_y)) for _, ap, ml in d]
    assert not any(marks) and guard.spikes == 0


def ramp(t, t0, seconds, size):
    return size * np.clip((t - t0) / seconds, 0.0, 1.0)


@pytest.mark.parametrize("movement", ["weight shift", "stepping on", "heel raise", "jump on"])
def test_fast_real_movements_are_not_spikes(movement):
    t = np.arange(300) / 100.0
    zero = 0.0 * t
    x, y, kg = {
        "weight shift": (ramp(t, 1, 0.15, 120), zero, 70 + zero),  # 120 mm sideways in 150 ms
        "stepping on": (-100 + ramp(t, 1, 0.3, 100), zero, ramp(t, 1, 0.3, 70)),  # left foot first
        "heel raise": (zero, ramp(t, 1, 0.2, 70), 70 + 10 * np.sin(np.clip((t - 1) / 0.2, 0, 1) * np.pi)),
        "jump on": (zero, zero, ramp(t, 1, 0.05, 70)),
    }[movement]
    noise = np.random.default_rng(0).normal(0.0, 0.03, (len(t), 4))  # a board's noise per corner
    guard = CornerGuard()
    marks = [guard.check(np.array(corner_loads(*v, G.half_x, G.half_y)) + n) for *v, n in zip(x, y, kg, noise)]
    assert sum(m != 0 for m in marks) <= 1 and guard.spikes == 0


def test_the_simulated_person_switching_legs_loses_nothing():
    clock = VirtualClock()
    board, samples = collect("sim://?rate=80&seed=4", 1.0, clock=clock)
    for stance in ("left", "right", "both", "right"):
        board.autopilot.set_stance(clock(), stance)
        for _ in range(120):
            clock.advance(1 / 60)
            samples += board.poll()
    guard = CornerGuard()
    marks = [guard.check((s.tl, s.tr, s.bl, s.br)) for s in samples]
    assert sum(m != 0 for m in marks) == 0 and guard.spikes == 0
