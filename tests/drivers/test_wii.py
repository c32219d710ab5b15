"""The Wii driver against the byte-level board emulation, through the hidapi API it uses for a real board."""
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.drivers import BoardNotFound, open_board  # noqa: E402
from poise.drivers import wii_protocol as wp  # noqa: E402
from poise.drivers.base import FLAG_BUTTON, FLAG_FAULT  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii import DISCONNECTED, WiiBoard  # noqa: E402
from poise.game.core.cop import cop  # noqa: E402
from helpers import poll_for, poll_until, wait_connected, wait_until  # noqa: E402

pytestmark = pytest.mark.realtime  # reader threads over emulated hardware: bounded waits on real time

V1_KG = {"tl": 18.2475, "tr": 17.9928, "bl": 18.0122, "br": 18.1766}




def open_wii(url="wii://"):
    return WiiBoard(parse(url), time.monotonic, hid=emu)


def test_init_sequence_on_the_wire(boards):
    board = emu.EmulatedBoard(not_ready_reads=2)
    boards.append(board)
    wii = open_wii()
    try:
        sent = [w.hex() for w in board.writes]
        id_read = wp.read_register(wp.EXT_ID_ADDR, 6).hex()
        assert sent[:4] == ["1110", "1500", wp.write_register(0xA400F0, b"\x55").hex(),
                            wp.write_register(0xA400FB, b"\x00").hex()]
        assert sent[4:7] == [id_read] * 3  # retried while the id read all 0xFF
        assert sent[7:10] == ["1704a400200020", "1704a400600002", "120434"]
        assert wii.factory.crc_ok and wii.factory.c17 == (3794, 17284, 2874, 12393)
    finally:
        wii.close()
    for w in board.writes:  # and the calibration area was never written
        if w[0] == 0x16:
            assert int.from_bytes(w[2:5], "big") not in wp.CALIBRATION_AREA


def test_stream_matches_the_test_vectors_at_the_board_rate(boards):
    board = emu.EmulatedBoard(stray_replies=True)
    boards.append(board)
    wii = open_wii()
    samples = poll_until(wii, lambda got: len(got) >= 90)  # 1.5 s of the board's 60 Hz
    wii.close()
    samples += wii.poll()
    assert len(samples) == board.data_handed  # every data report the board sent became one sample
    for s in samples:
        for corner, kg in V1_KG.items():
            assert getattr(s, corner) == pytest.approx(kg, abs=0.01)
        total, x, y = cop(s.tl, s.tr, s.bl, s.br, 216.5, 119.0)
        assert total == pytest.approx(72.4292, abs=0.01)
        assert x == pytest.approx(-0.2700, abs=0.1) and y == pytest.approx(0.0846, abs=0.1)
    assert s.battery == 1.0 and wii.status().connected


@pytest.mark.parametrize("kernel", [False, True], ids=["plain", "hid-wiimote"])
def test_data_keeps_flowing_across_unsolicited_status_reports(boards, kernel):
    board = emu.EmulatedBoard(status_every=0.3, kernel_driver=kernel)
    boards.append(board)
    wii = open_wii()
    samples = poll_until(wii, lambda got: len(got) >= 105 and len(board.status_answers) >= 5)
    wii.close()
    # no silence after a status report: the mode is sent again at once (before the driver reads again), not by
    # the watchdog 0.5 s later; counted in reads rather than timed, so a busy machine's own stalls do not count
    assert board.status_answers == [0] * len(board.status_answers)
    assert len(samples) >= 105


def test_watchdog_revives_a_silent_board(boards):
    board = emu.EmulatedBoard()
    boards.append(board)
    wii = open_wii()
    poll_until(wii, bool)
    with board.lock:
        board.mode = None  # the board goes quiet without saying why
        asked = len(board.writes)
    wii.poll()
    poll_until(wii, lambda got: len(got) > 30)  # data again: the watchdog asked for it
    wii.close()
    assert wp.set_mode() in board.writes[asked:]


def test_button_battery_and_dead_batteries(boards):
    board = emu.EmulatedBoard(battery=0x69 + 0x05)
    boards.append(board)
    wii = open_wii()
    board.button = True
    s = poll_until(wii, lambda got: bool(got) and got[-1].flags & FLAG_BUTTON)[-1]
    assert s.battery == 0.25
    assert "batteries low" in wii.status().message
    board.dead_batteries = True
    s = poll_until(wii, lambda got: bool(got) and got[-1].flags & FLAG_FAULT)[-1]
    wii.close()
    assert s.flags & FLAG_FAULT and s.total == 0.0
    assert s.invalid == 0b1111  # all four corners unusable: the game holds, it does not see someone step off
    assert "replace the four AA batteries" in wii.status().message == wii.status().fault


def test_disconnect_is_reported_and_the_board_reconnects_by_itself(boards):
    board = emu.EmulatedBoard()
    boards.append(board)
    wii = open_wii()
    poll_until(wii, bool)
    board.unplug()
    assert wait_until(lambda: not wii.status().connected)
    assert wii.status().message == DISCONNECTED
    wii.poll()  # what arrived before the unplug
    assert poll_for(wii, 0.5) == []
    before = len(board.writes)
    board.replug()
    assert wait_connected(wii)
    poll_until(wii, lambda got: len(got) > 20)
    wii.close()
    assert wii.status().connected
    assert [w.hex() for w in board.writes[before:before + 2]] == ["1110", "1500"]  # the init ran again


def test_a_wii_remote_is_not_taken_for_a_board(boards):
    boards.append(emu.EmulatedBoard(product="Nintendo RVL-CNT-01", extension_id=bytes.fromhex("0000A4200000")))
    with pytest.raises(BoardNotFound, match="Wii Remote, not a Balance Board"):
        open_wii()


def test_no_board_says_how_to_pair(boards):
    with pytest.raises(BoardNotFound, match="red SYNC button"):
        WiiBoard(parse("wii://?timeout=0.3"), time.monotonic, hid=emu)


def test_address_selects_the_board(boards):
    boards.append(emu.EmulatedBoard(address="00:19:1d:11:22:33"))
    boards.append(emu.EmulatedBoard(address="00:19:1d:aa:bb:cc"))
    wii = open_wii("wii://00:19:1D:AA:BB:CC")
    assert wii.info.identity == "wii-00:19:1d:aa:bb:cc"
    wii.close()
    with pytest.raises(BoardNotFound, match="with address 00:19:1d:99:99:99"):
        open_wii("wii://00:19:1d:99:99:99?timeout=0.3")


def test_registry_opens_wii_through_the_configured_module(boards, monkeypatch):
    boards.append(emu.EmulatedBoard())
    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    board = open_board("wii://")
    try:
        assert board.info.name == "Wii Balance Board" and board.info.rate_hz == 60.0
    finally:
        board.close()


def test_software_tare_removes_an_empty_boards_offset(boards):
    # a second-hand board: every sensor reads ~0.8 kg above its 0 kg point when empty
    c0, c17 = (1987, 15608, 1164, 10603), (3794, 17284, 2874, 12393)
    offset = tuple(int(a + 0.8 * (b - a) / 17) for a, b in zip(c0, c17))
    board = emu.EmulatedBoard(raws=lambda t: offset)
    boards.append(board)
    wii = open_wii()
    first = poll_until(wii, bool)
    assert sum(first[0][1:5]) == pytest.approx(3.2, abs=0.1)
    # empty and still for the zero tracker's 3 s: from then on it reads zero
    poll_until(wii, lambda got: bool(got) and abs(sum(got[-1][1:5])) < 0.5)
    wii.close()
