"""Third-party firmware that samples the HX711's DOUT one bit late (tests/emulation/fw_device.py `dout_late`):
every count arrives halved, and a small negative count arrives as nearly full scale. The replayed report: a
corner at -23 000 counts arrives as 99.9 % of full scale and an empty board shows as a 467 kg person."""
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from poise.drivers import open_board  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.game.engine.calibration_wizard import Wizard  # noqa: E402
from poise.game.engine.feed import BoardFeed  # noqa: E402

pytestmark = pytest.mark.realtime  # the firmware's protocol core behind a pty: bounded waits on real time

EMPTY = (-23000, 52000, -8000, 120000)  # an empty board's counts per corner (tl, tr, bl, br): two below zero


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


def test_a_count_within_1_percent_of_full_scale_is_no_reading():
    late = (-23000 & 0xFFFFFF) >> 1
    assert late == 8377108 and late / sp.FULL_SCALE > 0.998  # what the report saw
    missing, saturated, impossible, coded = sp.channel_faults(sp.SampleFrame(0, 0, (late, 26000, 60000, 0), 0))
    assert (saturated, impossible) == (0b0001, 0)
    _, saturated, impossible, _ = sp.channel_faults(sp.SampleFrame(0, 0, ((-900000 & 0xFFFFFF) >> 1, 0, 1, 1), 0))
    assert (saturated, impossible) == (0, 0b0001)  # 95 % of full scale: no load cell gives that


def test_the_board_is_named_as_a_fault_with_what_to_check_and_the_wizard_refuses_it(lib, tmp_path):
    device = fw_device.FirmwareDevice(lib, tmp_path / "tty", counts=lambda t: EMPTY, dout_late=True)
    board = open_board(f"serial://{device.link}")
    feed = BoardFeed(board)
    raw = feed.record()
    wizard = Wizard(board, 10.0)
    try:
        end = time.monotonic() + 10.0
        while time.monotonic() < end and not (feed.fault and wizard.gave_up):
            feed.pump()
            feed.drain()
            wizard.feed(raw[:])
            del raw[:]
            time.sleep(0.02)
        assert feed.fault.startswith("corner tl (front left) and bl (back left) reads full scale")
        assert "the firmware reads the HX711's bits out of step" in feed.fault
        assert wizard.gave_up.startswith("Cannot calibrate: corner tl (front left) and bl (back left)")
        assert wizard.step == "check" and wizard.result is None
    finally:
        board.close()
        device.unplug()


def test_a_corner_beyond_what_a_load_cell_gives_is_named_with_firmware_timing_and_gain(lib, tmp_path):
    counts = (-900000, 52000, 30000, 120000)  # tl far below zero: arrives at 95 % of full scale
    device = fw_device.FirmwareDevice(lib, tmp_path / "tty", counts=lambda t: counts, dout_late=True)
    board = open_board(f"serial://{device.link}")
    feed = BoardFeed(board)
    try:
        end = time.monotonic() + 10.0
        while time.monotonic() < end and not feed.fault:
            feed.pump()
            time.sleep(0.02)
        assert feed.fault.startswith("corner tl (front left) reads more than a load cell can give (95% of the HX711")
        assert "HX711 timing" in feed.fault and "gain 128" in feed.fault
    finally:
        board.close()
        device.unplug()
