"""A Wii Balance Board seen through Linux's hid-wiimote kernel driver, behind the python-evdev API.

What the kernel does, as its balance-board module documents it (drivers/hid/hid-wiimote-modules.c, the
balance-board extension; facts, not its code):
  - it reads the board's factory calibration (0 / 17 / 34 kg points per sensor, wire order TR, BR, TL, BL)
    from the extension registers once, at connect;
  - each data report's four 16-bit words become weights in units of 10 g with integer arithmetic
    (17 kg = 1700): between the 0 and 17 kg points, and above 17 kg between the 17 and 34 kg points;
  - a word AT OR BELOW the sensor's 0 kg point is reported as 0: the kernel clamps, so a board whose
    zero has drifted below its factory zero cannot be seen below zero;
  - the four values go out as ABS_HAT0X (top right), ABS_HAT0Y (bottom right), ABS_HAT1X (top left),
    ABS_HAT1Y (bottom left), then a SYN_REPORT; the front button is BTN_A, in its own frame.
And what the Linux input core does with them: an absolute axis whose value did not change is not passed
on, and a frame with no changed value sends no SYN_REPORT either, so a still load sends nothing at all.

`raws(t)` gives the board's raw words (wire order) at `t` s after connect; reports come at RATE_HZ of `clock`
(time.monotonic, or a test's virtual clock).
`unplug()` makes reads fail with ENODEV, as a vanished input device does.
"""
from __future__ import annotations

import errno
import struct
import time
from collections import deque
from typing import NamedTuple

from wii_emulation import BLOCK, V1

EV_SYN, EV_KEY, EV_ABS = 0x00, 0x01, 0x03
BTN_A = 0x130
AXES = (0x10, 0x11, 0x12, 0x13)  # ABS_HAT0X, HAT0Y, HAT1X, HAT1Y: the wire's TR, BR, TL, BL
RATE_HZ = 60.0
NAME = "Nintendo Wii Remote Balance Board"


class InputEvent(NamedTuple):
    type: int
    code: int
    value: int


def factory_points(block: bytes = BLOCK) -> list[tuple[int, int, int]]:
    """(0 kg, 17 kg, 34 kg) raw points per sensor, wire order, from the 32-byte block at 0xA40020."""
    words = struct.unpack(">12H", block[4:28])
    return [(words[i], words[4 + i], words[8 + i]) for i in range(4)]


def kernel_weight(raw: int, points: tuple[int, int, int]) -> int:
    """One sensor word to the kernel's 10 g units: clamped to 0 at or below the 0 kg point, integer steps."""
    c0, c17, c34 = points
    if raw <= c0:
        return 0
    if raw < c17:
        return (raw - c0) * 1700 // (c17 - c0)
    return (raw - c17) * 1700 // (c34 - c17) + 1700


def words_for(kg_wire, block: bytes = BLOCK) -> tuple[int, ...]:
    """Raw words (wire order) that the board sends for these kg per sensor (negative below the factory zero)."""
    out = []
    for kg, (c0, c17, c34) in zip(kg_wire, factory_points(block)):
        if kg < 17:
            out.append(int(round(c0 + kg * (c17 - c0) / 17)))
        else:
            out.append(int(round(c17 + (kg - 17) * (c34 - c17) / 17)))
    return tuple(out)


class KernelBoard:
    """One /dev/input/event node of the kernel driver, fed by an emulated board."""

    def __init__(self, raws=lambda t: V1, block: bytes = BLOCK, uniq: str = "00:19:1d:aa:bb:cc",
                 clock=time.monotonic):
        self.raws, self.points, self.uniq, self.clock = raws, factory_points(block), uniq, clock
        self.name = NAME
        self.t0 = clock()
        self.next_report = self.t0
        self.last: list[int | None] = [None] * 4  # what the input core last passed on, per axis
        self.button = False
        self.pending: deque[InputEvent] = deque()
        self.connected = True
        self.reports = 0  # data reports the board sent (whether or not anything reached user space)

    def press(self, down: bool) -> None:
        """The front button: its own frame, BTN_A then SYN_REPORT (only when it changed)."""
        if down != self.button:
            self.button = down
            self.pending += [InputEvent(EV_KEY, BTN_A, int(down)), InputEvent(EV_SYN, 0, 0)]

    def _report(self, now: float) -> None:
        self.reports += 1
        values = [kernel_weight(r, p) for r, p in zip(self.raws(now - self.t0), self.points)]
        changed = [InputEvent(EV_ABS, code, v) for code, v, old in zip(AXES, values, self.last) if v != old]
        self.last = values
        if changed:  # the input core drops a frame with nothing in it
            self.pending += changed + [InputEvent(EV_SYN, 0, 0)]

    def read_one(self) -> InputEvent | None:
        if not self.connected:
            raise OSError(errno.ENODEV, "No such device")
        now = self.clock()
        while now >= self.next_report:
            self._report(self.next_report)
            self.next_report += 1 / RATE_HZ
        return self.pending.popleft() if self.pending else None

    def close(self) -> None:
        pass


class Module:
    """The parts of the python-evdev module the driver uses: list_devices() and InputDevice(path)."""

    def __init__(self, *boards: KernelBoard):
        self.boards = list(boards)

    def list_devices(self) -> list[str]:
        return [f"/dev/input/event-emu{i}" for i, b in enumerate(self.boards) if b.connected]

    def InputDevice(self, path: str) -> KernelBoard:  # noqa: N802 - the name python-evdev uses
        return self.boards[int(path.rsplit("emu", 1)[1])]
