"""A misbehaving Wii board: a calibration block that fails validation, and a board that reads -20 kg empty.

The byte-level emulation (tests/emulation/wii_emulation.py) with a broken calibration block or a raw offset,
behind the hidapi API the driver uses for a real board; the zero tracker on its own for the rules."""
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import ROOT
from helpers import PATIENCE_S, poll_until, wait_connected, wait_until

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import wii_emulation as emu  # noqa: E402

from poise.drivers import BoardError, discovery  # noqa: E402
from poise.drivers import wii_protocol as wp  # noqa: E402
from poise.drivers.conversion import EMPTY_BELOW_KG, IDENTITY, ZeroTracker  # noqa: E402
from poise.drivers.errors import Reason  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii import WiiBoard  # noqa: E402
from poise.game.core.cop import PRESENCE_KG  # noqa: E402




def open_wii(timeout=4.0):
    return WiiBoard(parse(f"wii://?timeout={timeout}"), time.monotonic, hid=emu)


# ---- the calibration block ----------------------------------------------------------------------------
@pytest.mark.realtime
def test_a_misread_block_is_read_again_once(boards):
    board = emu.EmulatedBoard(bad_block_reads=1)
    boards.append(board)
    wii = open_wii()
    try:
        assert wii.factory.crc_ok and board.block_reads == 2
        poll_until(wii, bool)
    finally:
        wii.close()


@pytest.mark.realtime
def test_a_block_that_stays_bad_is_a_one_line_fault_not_a_traceback(boards):
    boards.append(emu.EmulatedBoard(block=emu.BROKEN_BLOCK))
    started = time.monotonic()
    with pytest.raises(BoardError) as caught:
        open_wii(timeout=PATIENCE_S * 2)
    assert time.monotonic() - started < PATIENCE_S  # told at once, not after the whole connect timeout
    err = caught.value
    assert err.reason is Reason.FAULT and not isinstance(err, wp.WiiProtocolError)
    assert "factory calibration cannot be used" in str(err) and "\n" not in str(err)
    assert boards[0].block_reads == 2


@pytest.mark.realtime
def test_poise_boards_lists_the_board_as_unusable_with_the_reason(boards):
    boards.append(emu.EmulatedBoard(block=emu.BROKEN_BLOCK))
    found = discovery.wii_boards(emu)
    assert len(found) == 1 and not found[0].usable
    assert found[0].reason == "fault" and "factory calibration cannot be used" in found[0].detail


@pytest.mark.realtime
def test_the_commands_say_it_in_one_line():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests" / "emulation"), "POISE_HID_MODULE": "wii_emulation",
           "POISE_EMU_BAD_CALIBRATION": "1", "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "poise", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60)

    boards = run("boards", "--json")
    assert boards.returncode == 0 and "Traceback" not in boards.stderr
    wii = [f for f in __import__("json").loads(boards.stdout) if f["url"].startswith("wii://")]
    assert wii[0]["usable"] is False and wii[0]["reason"] == "fault"
    monitor = run("monitor", "--board", "wii://", "--seconds", "0.2")
    assert monitor.returncode != 0 and "Traceback" not in monitor.stderr
    assert len(monitor.stderr.strip().splitlines()) == 1 and "factory calibration" in monitor.stderr


@pytest.mark.realtime
def test_the_reader_thread_survives_a_bad_block_on_reconnect(boards):
    board = emu.EmulatedBoard()
    boards.append(board)
    wii = open_wii()
    try:
        poll_until(wii, bool)
        board.unplug()
        board.block = emu.BROKEN_BLOCK
        board.replug()
        assert wait_until(lambda: "factory calibration cannot be used" in wii.status().message), wii.status()
        assert not wii.status().connected and wii._thread.is_alive()
        board.block = emu.BLOCK  # batteries out and in: it reads properly again
        board.unplug()
        board.replug()
        assert wait_connected(wii)
        poll_until(wii, bool)
    finally:
        wii.close()


# ---- a board far from zero ----------------------------------------------------------------------------
def test_the_presence_threshold_is_the_same_in_drivers_and_game():
    assert EMPTY_BELOW_KG == PRESENCE_KG


def tracked(tracker, kg, seconds, t0, rate=60.0):
    out = None
    for i in range(int(seconds * rate)):
        out = tracker.update(t0 + i / rate, kg)
    return out, t0 + seconds


def test_an_empty_board_reading_minus_20_kg_is_zeroed():
    z = ZeroTracker(IDENTITY)
    empty = np.array([-5.0, -5.0, -5.0, -5.0])
    out, t = tracked(z, empty, 3.5, 0.0)
    assert out.sum() == pytest.approx(0.0, abs=1e-9) and z.shift_kg == pytest.approx(-20.0)
    person, t = tracked(z, empty + 17.5, 1.0, t)
    assert person.sum() == pytest.approx(70.0)  # not 50
    child, t = tracked(z, empty + 6.0, 1.0, t)
    assert child.sum() == pytest.approx(24.0) and child.sum() >= PRESENCE_KG  # a 24 kg child is seen


def test_a_light_still_load_after_the_tare_is_not_drift():
    z = ZeroTracker(IDENTITY)
    _, t = tracked(z, np.zeros(4), 3.5, 0.0)
    mass, t = tracked(z, np.full(4, 1.5), 20.0, t)  # a 6 kg calibration mass left still for 20 s
    assert mass.sum() == pytest.approx(6.0)


def test_an_empty_board_below_zero_after_the_tare_is_tared_again():
    z = ZeroTracker(IDENTITY)
    _, t = tracked(z, np.full(4, 2.0), 3.5, 0.0)  # tared with a bag on the board
    out, t = tracked(z, np.zeros(4), 3.5, t)  # the bag is taken off: -8 kg is nothing, not a load
    assert out.sum() == pytest.approx(0.0, abs=1e-9)


def raw_for(kg_corners):
    """Wire-order raw words that the emulated board's factory calibration reads as `kg_corners` (tl,tr,bl,br)."""
    cal = wp.parse_calibration(emu.BLOCK, emu.TEMPERATURE)
    tl, tr, bl, br = kg_corners
    words = []
    for i, kg in enumerate((tr, br, tl, bl)):  # wire order
        c0, c17, c34 = cal.c0[i], cal.c17[i], cal.c34[i]
        words.append(int(round(c0 + kg / 17 * (c17 - c0) if kg < 17 else c17 + (kg - 17) / 17 * (c34 - c17))))
    return tuple(words)


@pytest.mark.realtime
def test_a_wii_board_that_reads_minus_20_kg_empty_weighs_people_right(boards):
    empty, person, child = raw_for((-5.0,) * 4), raw_for((12.5,) * 4), raw_for((1.0,) * 4)
    on_board = [empty]
    board = emu.EmulatedBoard(raws=lambda t: on_board[-1])
    boards.append(board)
    wii = open_wii()
    try:
        # empty until the zero has been tracked (3 s still), then a person, then a child, each for 30 samples
        assert wait_until(lambda: "-20.0 kg when empty" in wii.status().message), wii.status()
        on_board.append(person)
        wii.poll()  # the empty board's samples
        on = [s.total for s in poll_until(wii, lambda got: len(got) >= 30)[-20:]]
        on_board.append(child)
        wii.poll()
        small = [s.total for s in poll_until(wii, lambda got: len(got) >= 30)[-20:]]
        status = wii.status()
    finally:
        wii.close()
    assert np.mean(on) == pytest.approx(70.0, abs=0.3)
    assert np.mean(small) == pytest.approx(24.0, abs=0.3)
    assert "-20.0 kg when empty" in status.message and "poise calibrate" in status.message


def test_a_calibrated_load_cell_board_far_off_its_zero_is_zeroed_and_says_so():
    from poise.drivers import serial_protocol as sp
    from poise.drivers.conversion import Calibration, far_zero_message
    from poise.drivers.serial_board import NOMINAL_KG_PER_COUNT, SampleReader

    reader = SampleReader(Calibration((50000.0,) * 4, (NOMINAL_KG_PER_COUNT,) * 4))
    empty = (50000 - round(5 / NOMINAL_KG_PER_COUNT),) * 4  # -5 kg a corner: the board reads -20 kg empty
    person = tuple(c + round(17.5 / NOMINAL_KG_PER_COUNT) for c in empty)
    samples = [reader.read(sp.SampleFrame(i, i * 12500, empty if i < 320 else person, 0), i / 80) for i in range(400)]
    assert samples[300].total == pytest.approx(0.0, abs=0.01) and samples[-1].total == pytest.approx(70.0, abs=0.01)
    assert "-20.0 kg when empty" in far_zero_message(reader.zero, "the zero of its calibration")
