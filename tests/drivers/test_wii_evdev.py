"""`wii-evdev://` over an emulation of the hid-wiimote kernel driver (tests/emulation/evdev_emulation.py): the
kernel's clamp at the factory zero, its 10 g integer steps, and an input core that sends nothing for a still load.

The reports replayed: a board whose one corner reads +1.5 kg empty (a 15 kg child shown 22.5 mm off), a
second-hand board that reads about -21 kg empty (a 70 kg person shown as 48.9 kg), and a still person whose
readings stop arriving."""
import math
import sys
import time

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "emulation"))
import evdev_emulation as kernel  # noqa: E402

from poise.drivers.base import WII_GEOMETRY  # noqa: E402
from poise.drivers.url import parse  # noqa: E402
from poise.drivers.wii_evdev import HIDDEN_ZERO, EvdevBoard, EvdevDecoder  # noqa: E402
from poise.game.engine.feed import BoardFeed  # noqa: E402
from poise.game.engine.loop import VirtualClock  # noqa: E402
from helpers import PATIENCE_S, poll_until  # noqa: E402

A, B = WII_GEOMETRY.half_x, WII_GEOMETRY.half_y


def wire(tl, tr, bl, br):
    """kg per corner (tl, tr, bl, br) -> the board's raw words in wire order (TR, BR, TL, BL)."""
    return kernel.words_for((tr, br, tl, bl))


def cop(s):
    loads = (s.tl, s.tr, s.bl, s.br)
    total = sum(loads)
    x = sum(v * cx for v, cx in zip(loads, (-A, A, -A, A))) / total
    y = sum(v * cy for v, cy in zip(loads, (B, B, -B, -B))) / total
    return total, x, y


def run(plan, seconds, poll_hz=60.0):
    """Drive the emulated kernel device and the driver's decoder on a virtual clock; `plan(t)` gives kg per
    corner on top of the board's own offset. Returns the samples."""
    clock = VirtualClock()
    dev = kernel.KernelBoard(raws=lambda t: wire(*plan(t)), clock=clock)
    decoder = EvdevDecoder()
    samples, last = [], None
    for _ in range(int(seconds * poll_hz)):
        clock.advance(1 / poll_hz)
        got = False
        while (ev := dev.read_one()) is not None:
            s = decoder.feed(clock(), ev.type, ev.code, ev.value)
            if s is not None:
                samples.append(s)
                got = True
        if not got and decoder.seen:
            samples.append(decoder.hold(clock()))
        last = samples[-1] if samples else last
    return decoder, samples


def test_the_kernel_clamps_at_the_factory_zero_in_10_g_steps():
    points = kernel.factory_points()[0]
    assert kernel.kernel_weight(points[0] - 500, points) == 0 and kernel.kernel_weight(points[0], points) == 0
    assert kernel.kernel_weight(points[1], points) == 1700


def test_a_corner_reading_plus_1_5_kg_empty_is_zeroed_so_a_child_is_centred():
    offset = (0.0, 1.5, 0.0, 0.0)  # the front-right corner reads 1.5 kg with nothing on it
    child = 15.0

    def plan(t):
        on = child / 4 if t >= 4.0 else 0.0  # empty for 4 s (long enough to take the zero), then a child
        return tuple(o + on for o in offset)

    _, samples = run(plan, 6.0)
    total, x, y = cop(samples[-1])
    untreated = math.hypot(1.5 * A / (child + 1.5), 1.5 * B / (child + 1.5))
    assert untreated == pytest.approx(22.5, abs=0.1)  # what the report saw
    assert total == pytest.approx(child, abs=0.1) and math.hypot(x, y) < 1.0


def test_a_board_reading_minus_21_kg_empty_is_told_its_zero_is_hidden_and_pointed_to_wii():
    offset = (-8.0, -3.0, -7.0, -3.0)  # about -21 kg empty: the kernel shows 0 on every corner

    def plan(t):
        on = 70.0 / 4 if t >= 4.0 else 0.0
        return tuple(o + on for o in offset)

    decoder, samples = run(plan, 6.0)
    total, x, y = cop(samples[-1])
    assert total == pytest.approx(49.0, abs=0.2)  # the kernel cannot show what lies below its clamp
    assert decoder.message == HIDDEN_ZERO and "wii://" in decoder.message


def test_a_corner_clamped_under_a_person_is_unusable_and_named():
    offset = (-21.0, 0.0, 0.0, 0.0)  # one sensor far below its factory zero: 0 while the others carry a person

    def plan(t):
        on = 70.0 / 4 if t >= 1.0 else 0.0
        return tuple(o + on for o in offset)

    decoder, samples = run(plan, 2.0)
    loaded = [s for s in samples if s.t > 1.2]
    assert loaded and all(s.invalid == 0b0001 for s in loaded)
    assert decoder.fault.startswith("corner tl (front left) reads 0 while the others carry a person")
    assert "wii://" in decoder.fault


def test_an_empty_board_that_shows_its_noise_hides_nothing():
    def plan(t):  # 20-40 g on every corner, moving: a healthy board's zero above the clamp
        return tuple(0.02 + 0.02 * ((int(t * 60) + i) % 2) for i in range(4))

    decoder, _ = run(plan, 5.0)
    assert decoder.message == ""


@pytest.mark.realtime
def test_a_still_load_keeps_the_board_rate_and_is_not_a_dead_board():
    """The input core sends nothing while no value changes: the driver repeats the reading at the board rate."""
    dev = kernel.KernelBoard(raws=lambda t: wire(17.5, 17.5, 17.5, 17.5))
    board = EvdevBoard(parse("wii-evdev://"), time.monotonic, evdev=kernel.Module(dev))
    feed = BoardFeed(board)
    try:
        end = time.monotonic() + PATIENCE_S
        while time.monotonic() < end and feed.rate.rate_hz is None:
            feed.pump()
            time.sleep(0.02)
        assert feed.last_status.connected
        assert feed.rate.rate_hz == pytest.approx(60.0, rel=0.25) and not feed.rate.low
        assert feed.latest.total == pytest.approx(70.0, abs=0.1)
    finally:
        board.close()


class StalledClock:
    """The evdev reader's `time`: monotonic time stands still until the test moves it on, as if the reader had not
    run for that long (a busy machine); its own sleeps only yield."""

    def __init__(self, now: float = 100.0):
        self.now = now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        time.sleep(0.001)


def test_a_still_load_keeps_the_board_rate_when_the_reader_was_kept_waiting(monkeypatch):
    """A busy computer lets the reader sleep 0.5 s through a still load: it catches up with a reading for every
    board period that fell due, at the time it fell due, instead of thinning the rate to what it was given."""
    import poise.drivers.wii_evdev as wii_evdev

    clock = StalledClock()
    monkeypatch.setattr(wii_evdev, "time", clock)
    dev = kernel.KernelBoard(raws=lambda t: wire(17.5, 17.5, 17.5, 17.5), clock=clock.monotonic)
    board = EvdevBoard(parse("wii-evdev://"), clock.monotonic, evdev=kernel.Module(dev))
    try:
        (first,) = poll_until(board, bool)
        clock.now += 0.5
        held = poll_until(board, lambda got: len(got) >= 29)
    finally:
        board.close()
    # the first repeat 1.5 board periods after the last frame (nothing had changed), then one every period
    assert first.t == 100.0 and len(held) == 29
    assert [s.t for s in held] == pytest.approx([100.0 + 1.5 / 60 + k / 60 for k in range(29)])
    assert all(s.total == pytest.approx(70.0, abs=0.1) for s in held)
