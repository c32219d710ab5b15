"""Which load-cell samples belong to the stream: duplicates, reorders, restarts, long gaps, frames whose CRC
passed by chance, and a decoder whose output does not depend on how the reads chunked the bytes.

Pure tests on scripted frames (SequenceTracker, the driver's SampleReader, Decoder), then the same cases
end to end: the firmware's own protocol core behind a pty, misbehaving on purpose (tests/emulation/fw_device.py).
"""
import random
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from helpers import poll_past, poll_until, wait_until

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import fw_device  # noqa: E402

from poise.drivers import open_board  # noqa: E402
from poise.drivers import serial_protocol as sp  # noqa: E402
from poise.drivers.serial_board import RESTARTED, SampleReader  # noqa: E402
from poise.game.clinic.progress import good_quality  # noqa: E402

PERIOD_US = 12_500  # 80 Hz


def frame(seq, t_us, status=0, counts=(100000, 200000, 300000, 400000)):
    return sp.SampleFrame(seq & 0xFFFF, t_us & 0xFFFFFFFF, counts, status)


def stream(n, seq0=0, t0=1_000_000, period=PERIOD_US):
    return [frame(seq0 + i, t0 + i * period) for i in range(n)]


def verdicts(frames, tracker=None):
    tracker = tracker or sp.SequenceTracker(80)
    return tracker, [tracker.accept(f) for f in frames]


# ---- sequence numbers, pure ----------------------------------------------------------------------------
def test_a_duplicated_frame_is_dropped_and_counted_not_65535_lost():
    frames = stream(10)
    tracker, out = verdicts(frames[:5] + [frames[4]] + frames[5:])
    assert out.count("duplicate") == 1 and out.count("ok") == 10
    assert tracker.lost == 0 and tracker.duplicates == 1 and tracker.dropped == 1


def test_two_swapped_frames_are_a_reorder_not_a_loss():
    frames = stream(10)
    tracker, out = verdicts(frames[:4] + [frames[5], frames[4]] + frames[6:])
    assert out[4:6] == ["ok", "late"]
    assert tracker.lost == 0 and tracker.late == 1  # the late frame is left out (time runs forward), not lost


def test_frames_lost_in_transit_are_counted():
    frames = stream(12)
    tracker, out = verdicts(frames[:3] + frames[6:])
    assert tracker.lost == 3 and tracker.dropped == 0


def test_sequence_and_board_clock_wrap_around():
    frames = stream(200, seq0=0xFFFF - 100, t0=0xFFFFFFFF - 100 * PERIOD_US)
    tracker, out = verdicts(frames)
    assert set(out) == {"ok"} and tracker.lost == 0


def test_a_restart_while_usb_stays_up_starts_a_new_stream():
    """The MCU resets (brown-out, watchdog): seq and t_us start again; its first frame says STATUS_RESET."""
    old = stream(300, seq0=1000, t0=50_000_000)
    new = [frame(i, 600_000 + i * PERIOD_US, status=(sp.STATUS_RESET if i == 0 else 0)
                 | (sp.STATUS_SETTLING if i < 4 else 0)) for i in range(20)]
    tracker, out = verdicts(old + new)
    assert out[300:302] == ["misfit", "restart"] and set(out[302:]) == {"ok"}
    assert tracker.lost == 0 and tracker.restarts == 1 and tracker.dropped == 0


def test_a_restart_whose_reset_frame_was_lost_is_still_a_restart():
    old = stream(300, seq0=1000, t0=50_000_000)
    new = [frame(i, 600_000 + i * PERIOD_US) for i in range(1, 20)]  # frame 0 with STATUS_RESET never came
    tracker, out = verdicts(old + new)
    assert tracker.restarts == 1 and tracker.lost == 0 and out[-1] == "ok"


def test_a_restart_soon_after_power_up_is_not_taken_for_late_frames():
    """seq 0 right after seq 30: only the STATUS_RESET bit tells it from a late frame."""
    old = stream(31, seq0=0, t0=600_000)
    new = [frame(i, 610_000 + i * PERIOD_US, status=(sp.STATUS_RESET if i == 0 else 0)
                 | (sp.STATUS_SETTLING if i < 4 else 0)) for i in range(40)]
    tracker, out = verdicts(old + new)
    assert tracker.restarts == 1 and tracker.lost == 0 and tracker.duplicates == 0


def test_a_long_gap_on_the_same_clock_is_believed_once_the_next_frame_follows_it():
    frames = stream(600)
    tracker, out = verdicts(frames[:10] + frames[500:])
    assert out[10:12] == ["misfit", "ok"]
    # 490 never arrived, and the frame held back to check the jump never reached the game either
    assert tracker.lost == 490 + 1 and tracker.dropped == 0


def test_a_board_far_below_its_nominal_rate_still_fits():
    """RATE pin low: 10 Hz on a board that says 80; the period is learnt from the stream."""
    frames = stream(60, period=100_000)
    tracker, out = verdicts(frames[:20] + frames[22:40] + frames[45:])
    assert tracker.lost == 2 + 5 and tracker.dropped == 0


def test_frames_that_pass_their_crc_but_not_the_stream_are_dropped():
    """CRC-16 lets about 1 in 65 000 damaged frames through: its seq and t_us are then noise."""
    rng = random.Random(7)
    for _ in range(3000):
        frames = stream(40, seq0=rng.randrange(0x10000), t0=rng.randrange(1 << 32))
        at = rng.randrange(5, 35)
        forged = frame(rng.randrange(0x10000), rng.randrange(1 << 32))
        tracker, out = verdicts(frames[:at] + [forged] + frames[at:])
        if out[at] == "ok":  # a forged frame that fits both number and clock: astronomically rare
            pytest.fail(f"forged frame {forged} accepted after {frames[at - 1]}")
        assert out.count("ok") == 40 and tracker.lost == 0, (forged, out)


def test_the_reader_keeps_the_board_clock_running_forward_across_a_restart():
    reader = SampleReader()
    old = stream(100, t0=80_000_000)
    new = [frame(i, 500_000 + i * PERIOD_US, status=(sp.STATUS_RESET if i == 0 else 0)
                 | (sp.STATUS_SETTLING if i < 4 else 0)) for i in range(100)]
    samples, restarted = [], []
    for i, f in enumerate(old + new):
        s = reader.read(f, 10.0 + i / 80)
        restarted.append(reader.restarted)
        if s is not None:
            samples.append(s)
    board_t = [s.board_t for s in samples]
    assert len(samples) == 100 + 100 - 4  # the restarted board's four settling samples are left out
    assert all(b > a for a, b in zip(board_t, board_t[1:]))
    assert sum(restarted) == 1 and reader.sequence.lost == 0


# ---- the decoder does not depend on chunking ----------------------------------------------------------
def sample_frame(seq):
    return sp.frame(bytes([sp.MSG_SAMPLE]) + seq.to_bytes(2, "little") + bytes(4) + bytes(12) + b"\x00")


PIECES = st.one_of(
    st.integers(0, 500).map(sample_frame),  # a good frame
    st.binary(min_size=1, max_size=160).map(lambda b: b.replace(b"\x00", b"\x01")),  # a run without delimiter
    st.binary(max_size=40),  # anything
    st.integers(0, 500).map(lambda s: sample_frame(s)[:-3]),  # a truncated frame
)


def decode(stream_bytes, cuts):
    d = sp.Decoder()
    out, last = [], 0
    for cut in sorted(cuts) + [len(stream_bytes)]:
        out += d.feed(stream_bytes[last:cut])
        last = cut
    return out, d.corrupt, d.noise


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, max_size=25), data=st.data())
def test_the_same_bytes_in_any_chunking_give_the_same_frames_and_counts(pieces, data):
    stream_bytes = b"".join(pieces)
    cuts = data.draw(st.lists(st.integers(0, len(stream_bytes)), max_size=30))
    assert decode(stream_bytes, cuts) == decode(stream_bytes, [])
    ended = stream_bytes + b"\x00"  # and once the last run is over, every byte is accounted for the same way
    assert decode(ended, cuts) == decode(ended, [])


def test_an_overlong_run_is_one_corrupt_frame_however_it_arrives():
    good = sample_frame(5)
    run = bytes(range(1, 101)) + good  # 100 bytes of noise, then a frame with no delimiter before it
    whole = decode(b"\x00" + run + sample_frame(6), [])
    for cut in (1, 60, 66, 80, 101, 110):
        assert decode(b"\x00" + run + sample_frame(6), [cut]) == whole
    frames, corrupt, _ = whole
    assert [f.seq for f in frames] == [6] and corrupt == 1  # the swallowed frame is part of the bad run


# ---- end to end: the firmware behind a pty ---------------------------------------------------------------
pty = pytest.mark.realtime


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return fw_device.build_library(tmp_path_factory.mktemp("fw"))


@pytest.fixture
def device(lib, tmp_path):
    dev = fw_device.FirmwareDevice(lib, tmp_path / "ttyPOISE")
    yield dev
    if dev.alive:
        dev.unplug()


@pty
def test_duplicates_swaps_and_losses_on_the_wire_are_counted_as_what_they_are(device):
    board = open_board(f"serial://{device.link}")
    try:
        poll_until(board, bool)
        device.duplicate, device.swap, device.skip = 3, 2, 5
        assert wait_until(lambda: not (device.duplicate or device.swap or device.skip))
        samples = poll_past(board, device)
        device.skip = 2
        assert wait_until(lambda: not device.skip)
        samples += poll_past(board, device)
    finally:
        board.close()
    status = board.status()
    assert status.lost_samples == 7 and status.dropped_frames == 3 + 2
    assert all(b.board_t > a.board_t for a, b in zip(samples, samples[1:]))
    assert good_quality({"calibrated": True, "rate_hz": 80, "samples": 80 * 20, "lost_samples": status.lost_samples,
                         "corrupt_frames": status.corrupt_frames})[0]


@pty
def test_a_microcontroller_reset_with_usb_up_resumes_without_counting_losses(device):
    board = open_board(f"serial://{device.link}")
    try:
        before = poll_until(board, bool)
        device.reboot()  # stops streaming until the driver notices the silence and sends START again
        told = wait_until(lambda: board.status().message == RESTARTED)
        after = poll_until(board, lambda got: len(got) > 25)
    finally:
        board.close()
    assert told and board.status().lost_samples == 0
    times = [s.board_t for s in before + after]
    assert all(b > a for a, b in zip(times, times[1:]))  # the board's clock carried on, never backwards


@pty
def test_a_forged_frame_with_a_good_crc_never_becomes_a_sample(device):
    board = open_board(f"serial://{device.link}")
    try:
        poll_until(board, bool)
        forged = sp.frame(bytes([sp.MSG_SAMPLE]) + (40000).to_bytes(2, "little") + (7).to_bytes(4, "little")
                          + (0x123456).to_bytes(3, "little") * 4 + b"\x00")
        device.inject.append(forged)
        assert wait_until(lambda: not device.inject)
        samples = poll_past(board, device)
    finally:
        board.close()
    status = board.status()
    assert status.lost_samples == 0 and status.dropped_frames == 1
    assert all(s.tl < 10 for s in samples)  # 0x123456 counts (~66 kg) never came through
