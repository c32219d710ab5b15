"""Siblings of the measurement-chain faults: dead Wii batteries (one sample, one truth), a force plate's load in
"newton" over LSL, a serial board whose clock or sequence number is stuck, and COP recordings with the optional
board_t and flags columns."""
import io
import json
import sys
import time
import uuid

import numpy as np
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402
import wii_emulation as emu  # noqa: E402

from poise.drivers import BoardError, open_board  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.drivers.serial_board import STUCK_FRAMES, SampleReader  # noqa: E402
from poise.game.cli import signal_commands  # noqa: E402
from helpers import wait_until  # noqa: E402


# ---- dead Wii batteries: the corners read 0, so there is no total either --------------------------------
@pytest.mark.realtime
def test_monitor_with_dead_batteries_shows_no_weight_beside_corners_of_zero(monkeypatch):
    monkeypatch.setenv("POISE_HID_MODULE", "wii_emulation")
    saved = list(emu.BOARDS)
    board = emu.EmulatedBoard()
    emu.BOARDS[:] = [board]
    out = io.StringIO()
    try:
        def dies_after_a_moment():
            wait_until(lambda: out.getvalue())  # once the monitor has shown the board alive
            board.dead_batteries = True  # the sensors stop, the radio still sends: four words of zero

        import threading
        threading.Thread(target=dies_after_a_moment, daemon=True).start()
        signal_commands.monitor("wii://", 1.2, as_json=True, out=out)
    finally:
        emu.BOARDS[:] = saved
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    alive, dead = [r for r in rows if not r["invalid"]], [r for r in rows if r["invalid"]]
    assert alive and dead and alive[0]["total"] > 60
    for r in dead:  # one sample, one truth: no weight beside four corners of 0
        assert (r["tl"], r["tr"], r["bl"], r["br"]) == (0, 0, 0, 0) and r["total"] is None and r["x"] is None


# ---- lsl:// units ------------------------------------------------------------------------------------------
pylsl = pytest.importorskip("pylsl")


def plate(unit_total: str):
    name = f"plate-{uuid.uuid4().hex[:8]}"
    info = pylsl.StreamInfo(name, "Force", 3, 100.0, pylsl.cf_float32, name)
    chans = info.desc().append_child("channels")
    for label, unit in (("cop_x", "mm"), ("cop_y", "mm"), ("fz", unit_total)):
        ch = chans.append_child("channel")
        ch.append_child_value("label", label)
        ch.append_child_value("unit", unit)
    return name, pylsl.StreamOutlet(info)


@pytest.mark.realtime
def test_a_force_plate_load_in_newton_is_newtons_not_kilograms():
    name, outlet = plate("newton")
    board = open_board(f"lsl://{name}?timeout=5")
    try:
        got, end = [], time.monotonic() + 5
        while time.monotonic() < end and len(got) < 10:
            outlet.push_sample([0.0, 0.0, 686.0])
            time.sleep(0.01)
            got += board.poll()
        assert got and got[-1].total == pytest.approx(686.0 / 9.80665, rel=1e-4)  # 70 kg, not 686
    finally:
        board.close()


@pytest.mark.realtime
def test_an_unknown_unit_on_the_total_is_refused_in_one_line():
    name, outlet = plate("furlong")
    with pytest.raises(BoardError) as caught:
        open_board(f"lsl://{name}?timeout=5")
    assert str(caught.value).startswith("LSL channel 'fz' has unit 'furlong': the total loads must be in kg, N")
    assert "\n" not in str(caught.value)
    del outlet


# ---- a serial board whose clock or sequence number is stuck -------------------------------------------------
@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


COUNTS = (315000, 315000, 315000, 315000)


def read_all(data: bytes) -> SampleReader:
    reader = SampleReader()
    for i, f in enumerate(sp.Decoder().feed(b"\0" + data)):
        reader.read(f, i / 80)
    return reader


def test_a_stuck_clock_is_named_not_only_counted_as_dropped(lib):
    reader = read_all(fw_device.sample_bytes(lib, [(1234, COUNTS)] * (STUCK_FRAMES + 20)))
    assert reader.sequence.dropped >= STUCK_FRAMES
    assert reader.problem.startswith("every frame is dropped: the board's clock is stuck at 1234 us")


def test_a_stuck_sequence_number_is_named_not_only_counted_as_dropped(lib):
    rows = [(i * 12500, COUNTS) for i in range(STUCK_FRAMES + 20)]
    reader = read_all(fw_device.sample_bytes(lib, rows, stuck_seq=7))
    assert reader.sequence.dropped >= STUCK_FRAMES
    assert reader.problem.startswith("every frame is dropped: the board numbers every frame 7")


def test_a_healthy_stream_has_no_such_problem(lib):
    reader = read_all(fw_device.sample_bytes(lib, [(i * 12500, COUNTS) for i in range(STUCK_FRAMES + 20)]))
    assert reader.sequence.dropped == 0 and reader.problem == ""


# ---- every documented recording variant replays ----------------------------------------------------------
@pytest.mark.parametrize("columns", ["t,x,y,board_t", "t,x,y,flags", "t,x,y,board_t,flags"])
def test_cop_recordings_with_optional_columns_replay_and_analyse(tmp_path, columns):
    from poise.game.cli.signal_commands import analyze, replay_rows

    t = np.arange(400) / 100.0
    lines = ["# poise-recording: 1", columns]
    for k, tt in enumerate(t):
        row = {"t": f"{tt:.6f}", "x": f"{5 * np.sin(tt):.3f}", "y": f"{3 * np.cos(tt):.3f}", "board_t": f"{tt:.6f}",
               "flags": "0"}
        lines.append(",".join(row[c] for c in columns.split(",")))
    path = tmp_path / "cop.csv"
    path.write_text("\n".join(lines) + "\n")
    rows = replay_rows(path)
    assert len(rows) == len(t) and rows[-1][1] == pytest.approx(5 * np.sin(t[-1]), abs=0.05)
    out = io.StringIO()
    assert analyze(path, raw=True, as_json=True, out=out) == 0 and json.loads(out.getvalue())["samples"] == len(t)
