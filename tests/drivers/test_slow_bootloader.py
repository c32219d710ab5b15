"""A board whose bootloader takes seconds after the DTR reset (old-bootloader Nano clones take 2-2.5 s, a Mega
2560's about 5 s, older ones more), and a board that answers in some other program's words."""
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from poise.drivers import BoardNotFound, open_board  # noqa: E402
from poise.drivers.serial_board import BOOT_WAIT_S  # noqa: E402

pytestmark = pytest.mark.realtime  # the firmware's protocol core behind a pty: bounded waits on real time


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


def test_a_bootloader_slower_than_3_s_connects_and_says_what_it_waits_for(lib, tmp_path):
    assert BOOT_WAIT_S >= 10.0  # the slowest bootloader in the public reports
    device = fw_device.FirmwareDevice(lib, tmp_path / "tty", boot_delay=4.5)
    said = []
    try:
        board = open_board(f"serial://{device.link}", progress=said.append)
        board.close()
    finally:
        device.unplug()
    assert said and said[0].startswith(f"waiting for the board on {device.link} to start")
    assert "old bootloader" in said[0]


def test_something_that_answers_in_another_protocol_is_told_apart_at_once(lib, tmp_path):
    device = fw_device.FirmwareDevice(lib, tmp_path / "tty", other_program=b"Weight: 12.34 g\r\n")
    try:
        with pytest.raises(BoardNotFound) as caught:
            open_board(f"serial://{device.link}")
    finally:
        device.unplug()
    text = str(caught.value)
    assert text.startswith(f"{device.link} answers, but not in Poise's protocol (it sent 'Weight: 12.34 g")
    assert "flash the Poise firmware" in text and "\n" not in text
