"""The serial driver against the firmware's own protocol core (C, built for this computer) over a pty."""
import ctypes
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from poise.drivers import BoardNotFound, open_board  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.drivers.base import FLAG_FAULT  # noqa: E402
from poise.drivers.serial_board import NOMINAL_KG_PER_COUNT, UNPLUGGED, SerialBoard  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.conversion import Calibration  # noqa: E402
from helpers import poll_past, poll_until, wait_connected, wait_until  # noqa: E402

pytestmark = pytest.mark.realtime  # reader threads over emulated hardware: bounded waits on real time

COUNTS = (100000, 200000, 300000, 400000)


@pytest.fixture(scope="session")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


@pytest.fixture
def device(lib, tmp_path):
    dev = fw_device.FirmwareDevice(lib, tmp_path / "ttyPOISE", boot_delay=0.6)
    yield dev
    if dev.alive:
        dev.unplug()


def url(dev, extra=""):
    return f"serial://{dev.link}{extra}"


def streaming(board):
    """The first samples of the stream (past the settling ones), however long a busy machine takes to get there."""
    return poll_until(board, bool)


def test_handshake_waits_out_the_auto_reset_and_identifies_the_board(device):
    board = open_board(url(device))
    try:
        assert board.info.identity == "loadcell-00c0ffee" and board.info.rate_hz == 80.0
        assert board.info_frame.firmware == "1.0.0"
        assert "not calibrated yet" in board.status().message
    finally:
        board.close()


def test_streams_at_80_hz_and_converts_with_the_calibration(device):
    cal = Calibration((1000.0, 2000.0, 3000.0, 4000.0), (1e-4, 5e-5, 4e-5, 2.5e-5))
    board = SerialBoard(parse(url(device)), time.monotonic, calibration=cal)
    samples = poll_until(board, lambda got: len(got) > 100)
    healthy = wait_until(lambda: board.status().message == "")  # calibrated and healthy
    board.close()
    board_times = [x.board_t for x in samples]
    assert 78 <= (len(samples) - 1) / (board_times[-1] - board_times[0]) <= 82
    s = samples[-1]
    expected = [g * (c - o) for g, c, o in zip(cal.gains, COUNTS, cal.offsets)]
    assert (s.tl, s.tr, s.bl, s.br) == pytest.approx(expected)
    assert all(b > a for a, b in zip(board_times, board_times[1:]))
    assert healthy, board.status()


def test_uncalibrated_board_still_streams(device):
    board = open_board(url(device))
    samples = streaming(board)
    board.close()
    assert samples[-1].tl == pytest.approx(COUNTS[0] * NOMINAL_KG_PER_COUNT)


def test_first_samples_after_power_up_are_settling_and_dropped(device):
    board = open_board(url(device))
    first = streaming(board)[0]
    board.close()
    # the firmware flags its first four samples as settling; the driver kept none of them, and lost none
    assert [bool(status & sp.STATUS_SETTLING) for _, status in device.readings[:5]] == [True] * 4 + [False]
    assert first.board_t == device.readings[4][0] / 1e6
    assert board.status().lost_samples == 0


def test_garbage_truncation_and_noise_are_counted_and_the_stream_recovers(device):
    board = open_board(url(device))
    streaming(board)
    good = sp.frame(bytes([sp.MSG_SAMPLE]) + bytes(19))
    device.inject += [b"\xde\xad\xbe\xef\x00", good[:9], bytes(range(1, 200)) + b"\x00", b"\x01\x01\x00"]
    assert wait_until(lambda: not device.inject)
    samples = poll_past(board, device)  # every injected byte has reached the driver
    samples += poll_until(board, lambda got: len(got) > 60)  # and the stream carried on
    board.close()
    status = board.status()
    assert status.corrupt_frames >= 3
    assert all(s.tl == pytest.approx(COUNTS[0] * NOMINAL_KG_PER_COUNT) for s in samples)  # nothing invented


def test_sequence_gaps_count_as_lost_samples(device):
    board = open_board(url(device))
    streaming(board)
    device.skip = 7
    assert wait_until(lambda: device.skip == 0)
    poll_past(board, device)
    board.close()
    assert board.status().lost_samples == 7


def test_a_missing_chip_is_flagged_and_named(device):
    board = open_board(url(device))
    streaming(board)
    device.missing = 0b0100
    samples = poll_until(board, lambda got: bool(got) and got[-1].flags)
    named = wait_until(lambda: "corner bl (back left) not answering" in board.status().message)
    board.close()
    assert samples[-1].flags & FLAG_FAULT and samples[-1].bl == pytest.approx(0.0, abs=1e-9)
    assert samples[-1].invalid == 0b0100  # the raw 0 is kept, and marked: bl must not be used
    assert named, board.status()
    assert board.status().fault.startswith("corner bl (back left) not answering")


def test_saturation_is_reported(lib, tmp_path):
    dev = fw_device.FirmwareDevice(lib, tmp_path / "tty", counts=lambda t: (0x7FFFFF, 1, 2, 3))
    board = open_board(url(dev))
    samples = streaming(board)
    named = wait_until(lambda: "corner tl (front left) reads full scale" in board.status().message)
    board.close()
    dev.unplug()
    assert samples[-1].flags & FLAG_FAULT and named, board.status()
    assert samples[-1].invalid == 0b0001 and samples[-1].tl == pytest.approx(0x7FFFFF * NOMINAL_KG_PER_COUNT)


def test_unplug_is_reported_and_replug_resumes(device):
    board = open_board(url(device))
    streaming(board)
    device.unplug()
    assert wait_until(lambda: not board.status().connected)
    assert board.status().message == UNPLUGGED
    board.poll()
    device.plug()
    assert wait_connected(board)
    poll_until(board, lambda got: len(got) > 20)  # the stream resumed
    board.close()
    assert board.status().connected


def test_a_port_with_no_poise_firmware_behind_it(lib, tmp_path):
    dev = fw_device.FirmwareDevice(lib, tmp_path / "tty", boot_delay=99)  # never answers
    with pytest.raises(BoardNotFound, match="no answer at all from .* in 0.6 s: is the board powered and the Poise "
                                            "firmware on it"):
        open_board(f"serial://{dev.link}?timeout=0.6")
    dev.unplug()


def test_a_missing_port_says_so():
    with pytest.raises(BoardNotFound, match="no serial port /dev/ttyNOPE"):
        open_board("serial:///dev/ttyNOPE")


# ---- the codec: C firmware and Python driver agree, and the decoder is robust ------------------
def c_frame(lib, seq, t_us, counts, status):
    state = fw_device.FwState()
    lib.fw_init(ctypes.byref(state), ctypes.c_uint32(1), ctypes.c_uint8(80))
    state.seq = seq
    out = (ctypes.c_uint8 * 64)()
    n = lib.fw_sample_frame(ctypes.byref(state), ctypes.c_uint32(t_us), (ctypes.c_int32 * 4)(*counts),
                            ctypes.c_uint8(status), out)
    return bytes(out[:n])


INT24 = st.integers(-0x800000, 0x7FFFFF)


@settings(max_examples=200, deadline=None)
@given(seq=st.integers(0, 0xFFFF), t=st.integers(0, 0xFFFFFFFF), counts=st.tuples(INT24, INT24, INT24, INT24),
       status=st.integers(0, 0x7F))
def test_firmware_frames_decode_to_what_was_sent(lib, seq, t, counts, status):
    raw = c_frame(lib, seq, t, counts, status)
    assert raw.endswith(b"\x00") and b"\x00" not in raw[:-1]
    d = sp.Decoder()
    d.synced = True
    assert d.feed(raw) == [sp.SampleFrame(seq, t, counts, status)]


def test_crc_matches_the_firmware_and_the_standard_check_value(lib):
    data = b"123456789"
    assert lib.fw_crc16(data, len(data)) == sp.crc16(data) == 0x31C3


def samples_stream(n):
    return [sp.frame(bytes([sp.MSG_SAMPLE]) + i.to_bytes(2, "little") + bytes(4) + bytes(12) + b"\x00")
            for i in range(n)]


@settings(max_examples=300, deadline=None)
@given(junk=st.binary(max_size=300), chunk=st.integers(1, 40))
def test_decoder_never_crashes_on_random_bytes_and_resyncs(junk, chunk):
    d = sp.Decoder()
    frames = samples_stream(5)
    stream = junk + b"\x00" + b"".join(frames)
    out = []
    for i in range(0, len(stream), chunk):
        out += d.feed(stream[i:i + chunk])
    seqs = [f.seq for f in out if isinstance(f, sp.SampleFrame)]
    assert seqs[-5:] == [0, 1, 2, 3, 4]  # every good frame after the delimiter comes through


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_corrupted_frames_never_become_samples(data):
    frames = samples_stream(12)
    bad = set(data.draw(st.sets(st.integers(0, 11), max_size=6)))
    stream = b""
    for i, f in enumerate(frames):
        if i in bad:
            pos = data.draw(st.integers(0, len(f) - 2))
            flip = data.draw(st.integers(1, 255))
            f = f[:pos] + bytes([f[pos] ^ flip]) + f[pos + 1:]
        stream += f
    d = sp.Decoder()
    d.synced = True
    seqs = [f.seq for f in d.feed(stream) if isinstance(f, sp.SampleFrame)]
    # a damaged frame is never emitted; damage that removed a delimiter may take its neighbour with it
    assert not set(seqs) & bad
    assert len(seqs) == len(set(seqs)) and seqs == sorted(seqs)
    neighbours = bad | {i + 1 for i in bad}
    assert set(range(12)) - neighbours <= set(seqs)


def test_a_pyserial_url_works_as_well_as_a_device_path(device):
    """serial://socket://HOST:PORT: the board behind a TCP bridge (as ser2net or an ESP32 would offer it)."""
    import os
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]

    def bridge():
        conn, _ = server.accept()
        fd = os.open(device.link, os.O_RDWR | os.O_NOCTTY)
        os.set_blocking(fd, False)
        conn.setblocking(False)
        try:
            while device.alive:
                for src, dst in ((conn.recv, lambda b: os.write(fd, b)), (lambda n: os.read(fd, n), conn.sendall)):
                    try:
                        data = src(4096)
                    except (BlockingIOError, OSError):
                        continue
                    if data:
                        dst(data)
                time.sleep(0.001)
        except OSError:  # the driver hung up: the bridge is done
            pass
        finally:
            os.close(fd)
            conn.close()

    threading.Thread(target=bridge, daemon=True).start()
    board = open_board(f"serial://socket://127.0.0.1:{port}")
    poll_until(board, lambda got: len(got) > 20)
    board.close()
    server.close()
    assert board.info.identity == "loadcell-00c0ffee"
