"""`poise boards`: the board with battery and calibration, or exactly why it is not usable."""
import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.drivers import discovery  # noqa: E402
from poise.drivers.wii_evdev import BTN_A, EV_ABS, EV_KEY, EV_SYN, EvdevDecoder  # noqa: E402




def test_connected_board_shows_battery_and_calibration(boards):
    boards.append(emu.EmulatedBoard(battery=0x69 + 0x10))
    found = discovery.wii_boards(emu)
    assert len(found) == 1 and found[0].usable
    assert found[0].url == "wii://00:19:1d:aa:bb:cc"
    assert found[0].battery == 0.5 and found[0].calibration == "factory calibration OK"


def test_kernel_driver_bound_is_explained(boards, tmp_path):
    boards.append(emu.EmulatedBoard())
    node = tmp_path / "sys" / "class" / "hidraw" / "hidraw-emu0" / "device"
    node.mkdir(parents=True)
    os.symlink("../../../bus/hid/drivers/wiimote", node / "driver")
    found = discovery.wii_boards(emu)
    assert found[0].usable and "hid-wiimote kernel driver is bound" in found[0].detail


def test_a_remote_is_listed_as_not_a_board(boards):
    boards.append(emu.EmulatedBoard(product="Nintendo RVL-CNT-01", extension_id=bytes.fromhex("0000A4200000")))
    found = discovery.wii_boards(emu, open_timeout=0.5)
    assert not found[0].usable and "Wii Remote, not a Balance Board" in found[0].detail


def test_nothing_connected_and_no_adapter(boards, monkeypatch):
    monkeypatch.delenv("POISE_HID_MODULE", raising=False)
    found = discovery.wii_boards(emu)
    if sys.platform.startswith("linux"):
        assert not found[0].usable and "no Bluetooth adapter" in found[0].detail


def test_nothing_connected_with_an_adapter_says_how_to_pair(boards, tmp_path):
    (tmp_path / "sys" / "class" / "bluetooth" / "hci0").mkdir(parents=True)
    found = discovery.wii_boards(emu)
    assert not found[0].usable and "red SYNC button" in found[0].detail


def test_board_held_by_the_kernel_driver_only_points_to_wii_evdev(boards, tmp_path):
    (tmp_path / "proc-input-devices").write_text('N: Name="Nintendo Wii Remote Balance Board"\n')
    found = discovery.wii_boards(emu)
    if sys.platform.startswith("linux"):
        assert found[0].url == "wii-evdev://" and found[0].usable


@pytest.mark.skipif(os.geteuid() == 0, reason="root can open any device node, so a permission failure cannot occur")
def test_no_permission_on_the_hidraw_node(boards, tmp_path, monkeypatch):
    node = tmp_path / "hidraw9"
    node.write_text("")
    node.chmod(0)
    board = emu.EmulatedBoard()
    boards.append(board)
    monkeypatch.setattr(emu.EmulatedBoard, "path", property(lambda self: str(node).encode()))
    found = discovery.wii_boards(emu)
    assert not found[0].usable and "no permission" in found[0].detail


def test_evdev_events_become_samples_in_kg():
    d = EvdevDecoder()
    events = [(EV_ABS, 0x10, 1799), (EV_ABS, 0x11, 1817), (EV_ABS, 0x12, 1824), (EV_ABS, 0x13, 1801)]
    assert all(d.feed(0.0, *e) is None for e in events)
    s = d.feed(0.01, EV_SYN, 0, 0)
    assert (s.tl, s.tr, s.bl, s.br) == pytest.approx((18.24, 17.99, 18.01, 18.17))
    d.feed(0.02, EV_KEY, BTN_A, 1)
    assert d.feed(0.02, EV_SYN, 0, 0).flags & 1


def test_an_evdev_spike_on_one_corner_is_marked_and_counted():
    """The kernel driver calibrates but hands on a faulty cell's spike: the corner is marked, as on wii://."""
    d = EvdevDecoder()
    tl = 0x12  # the axis of the top-left corner (see the test above)
    for axis in (0x10, 0x11, 0x13):  # the other three corners carry 18 kg each
        d.feed(0.0, EV_ABS, axis, 1800)
    marks = []
    for i, v in enumerate([1800, 1805, 9800, 1802, 1799, 1801, 4000, 4001, 4003]):  # 18 kg; 98 kg once; then 40 kg
        d.feed(i / 60, EV_ABS, tl, v)
        marks.append(d.feed(i / 60, EV_SYN, 0, 0).invalid)
    assert marks == [0, 0, 1, 0, 0, 0, 1, 0, 0]  # the spike; a real step is held back one sample, then used
    assert d.guard.spikes == 1  # the spike; the held-back sample of a real step is none


# ---- load-cell boards on serial ports ------------------------------------------------------------
import dataclasses as _dc  # noqa: E402

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402


@_dc.dataclass
class Port:  # what serial.tools.list_ports reports about a port
    device: str
    vid: int | None
    description: str = ""


@pytest.fixture(scope="module")
def fwlib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fwlib"))


def test_a_load_cell_board_is_found_by_its_handshake(fwlib, tmp_path):
    dev = fw_device.FirmwareDevice(fwlib, tmp_path / "ttyACM0", boot_delay=0.5)
    try:
        found = discovery.loadcell_boards([Port(str(dev.link), 0x2341, "Arduino Uno")])
    finally:
        dev.unplug()
    assert len(found) == 1 and found[0].usable
    assert found[0].name == "Load-cell board 00c0ffee" and "firmware 1.0.0" in found[0].detail


def test_ports_that_are_not_microcontrollers_are_never_opened(tmp_path):
    # a modem or a GPS on a serial port is left alone, even if the path does not exist
    assert discovery.loadcell_boards([Port("/dev/ttyS0", None), Port("/dev/ttyUSB9", 0x067B)]) == []


def test_a_microcontroller_without_poise_firmware_is_explained(fwlib, tmp_path):
    dev = fw_device.FirmwareDevice(fwlib, tmp_path / "ttyUSB0", boot_delay=99)
    try:
        found = discovery.loadcell_boards([Port(str(dev.link), 0x1A86, "USB Serial")], timeout=0.5)
    finally:
        dev.unplug()
    assert not found[0].usable and "not running the Poise firmware" in found[0].detail


def test_auto_picks_the_load_cell_board_when_no_wii_board_is_there(fwlib, tmp_path, boards):
    dev = fw_device.FirmwareDevice(fwlib, tmp_path / "ttyACM0")
    try:
        url = discovery.first_real_board_url(hid=emu, ports=[Port(str(dev.link), 0x2341)])
    finally:
        dev.unplug()
    assert url == f"serial://{dev.link}"
