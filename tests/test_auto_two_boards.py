"""`auto` on two seats with two real boards, each kind of pair over its faithful emulation: two Wii Balance
Boards (the hidapi emulation), a Wii board and a load-cell board, two load-cell boards (the firmware's own
protocol core behind pseudo-terminals). Each board is opened once, one per seat, and `poise boards` lists
them all."""
import json
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402
import wii_emulation as emu  # noqa: E402

from poise.__main__ import main  # noqa: E402
from poise.game.engine.seats import open_seats  # noqa: E402

pytestmark = pytest.mark.realtime  # reader threads over emulated hardware: bounded waits on real time


class Port:  # what serial.tools.list_ports reports about a USB serial port
    def __init__(self, device: str, vid: int):
        self.device, self.vid, self.description = device, vid, "USB serial"


@pytest.fixture(scope="module")
def fwlib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fwlib"))


@pytest.fixture
def plugged(fwlib, tmp_path, monkeypatch):
    """Plug load-cell boards in: each a firmware emulation behind a pty, listed as an Arduino's serial port."""
    from serial.tools import list_ports

    devices = []
    monkeypatch.setattr(list_ports, "comports", lambda: [Port(str(d.link), 0x2341) for d in devices])

    def plug(board_id: int):
        devices.append(fw_device.FirmwareDevice(fwlib, tmp_path / f"ttyACM{len(devices)}", board_id=board_id))
        return devices[-1]
    yield plug
    for d in devices:
        d.unplug()


def seated(urls):
    opened = open_seats(urls, None)
    try:
        return [b.info.identity for b in opened], [b.info.url for b in opened]
    finally:
        for board in opened:
            board.close()


def listed(capsys) -> set[str]:
    assert main(["boards", "--json"]) == 0
    return {f["url"] for f in json.loads(capsys.readouterr().out) if f["usable"]}


def test_a_wii_board_and_a_load_cell_board_take_one_seat_each(boards, plugged, monkeypatch, capsys):
    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    boards.append(emu.EmulatedBoard(address="00:19:1d:11:22:33"))
    cell = plugged(0x00C0FFEE)
    identities, urls = seated(["auto", "auto"])
    assert identities[0] == "wii-00:19:1d:11:22:33" and urls[0] == "wii://00:19:1d:11:22:33"
    assert urls[1] == f"serial://{cell.link}" and "c0ffee" in identities[1]
    assert {"wii://00:19:1d:11:22:33", f"serial://{cell.link}"} <= listed(capsys)


def test_two_load_cell_boards_take_one_seat_each(boards, plugged, monkeypatch, capsys):
    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")  # no Wii board paired
    first, second = plugged(0x00C0FFEE), plugged(0x0BADCAFE)
    identities, urls = seated(["auto", "auto"])
    assert urls == [f"serial://{first.link}", f"serial://{second.link}"]
    assert "c0ffee" in identities[0] and "badcafe" in identities[1]
    assert {f"serial://{first.link}", f"serial://{second.link}"} <= listed(capsys)


def test_one_real_board_named_and_auto_takes_the_other(boards, plugged, monkeypatch):
    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    boards.append(emu.EmulatedBoard(address="00:19:1d:11:22:33"))
    cell = plugged(0x00C0FFEE)
    _, urls = seated([f"serial://{cell.link}", "auto"])
    assert urls == [f"serial://{cell.link}", "wii://00:19:1d:11:22:33"]
