"""A Wii Balance Board emulated at the byte level, behind the hidapi module API.

The driver talks to it exactly as to cython-hidapi: `enumerate()`, `device()`,
`open_path()`, `write()`, `read(max, timeout_ms)`, `close()`. The board answers
the real output reports with the real input reports (wbb.md), in real time:
  - 0x11 LED, 0x15 status request -> 0x20 status, which also stops data reports
  - 0x16 register write -> 0x22 ack; writes are logged so tests can check the
    calibration area is never touched
  - 0x17 register read -> one or more 0x21 replies, 16 bytes each, by offset;
    the extension id reads all 0xFF for the first `not_ready_reads` reads
  - 0x12 mode -> continuous 0x34 (or 0x32) data at ~60 Hz, interleaved with
    replies; optional stray 0x21 replies (as the kernel driver causes)
  - unsolicited status reports every `status_every` s, which silence data
    until 0x12 is sent again (with `kernel_driver`, the mode is also reset to
    buttons-only 0x30, as hid-wiimote does)
  - dead batteries (all four words zero), the front button, battery level
  - a Wii Remote instead of the board (`product`, and `extension_id`: another accessory's id, or None for an
    empty extension port: its status report then clears the extension bit (0x02 of byte 3) and a read of
    the extension registers answers with error 7, as public Wii Remote libraries document)
  - a calibration block of its own (`block`), and one that reads broken the first
    `bad_block_reads` times (a misread); every read of it is counted in `block_reads`
  - unplug(): reads and writes fail and the device leaves enumerate();
    replug(): it comes back under a new path and needs the init again
Set POISE_HID_MODULE=wii_emulation (with tests/emulation on PYTHONPATH) to run any
poise command against it; POISE_EMU_* variables configure that instance (POISE_EMU_REPORT names a JSON file
it writes at exit: the data reports handed to the host and how status reports were answered).
"""
from __future__ import annotations

import os
import struct
import threading
import time
import zlib

BLOCK = bytes.fromhex("10690000" "07C33CF8048C296B" "0ED243840B3A3069" "15E94A1011EF376E" "5E40E9B6")
BROKEN_BLOCK = b"\xff" * 32  # what a misread (or a wiped calibration memory) looks like: nothing increases
TEMPERATURE = bytes.fromhex("1A01")
V1 = (0x0F3C, 0x43F8, 0x0BB8, 0x30D4)  # quiet stance, wire order TR, BR, TL, BL
V2 = (0x1388, 0x4268, 0x07D0, 0x2CEC)  # lean right and forward
V_LEFT = (0x0B36, 0x4040, 0x0FAF, 0x2F3A)  # V2's loads mirrored (through BLOCK): over the left foot


def one_leg(after: float = 2.0):
    """Raw words of someone who stands still on both feet, lifts the right foot `after` s after power-on and
    stands still on the left leg: a single-leg level's player."""
    return lambda t: V1 if t < after else V_LEFT
RATE_HZ = 60.0
HID_BUFFER = 64  # reports the Linux hidraw driver keeps for a reader that has not read them yet
CALIBRATION = range(0xA40020, 0xA40062)


class EmulatedBoard:
    def __init__(self, address="00:19:1d:aa:bb:cc", raws=lambda t: V1, status_every=0.0, not_ready_reads=2,
                 stray_replies=False, kernel_driver=False, product="Nintendo RVL-WBC-01", battery=0x83,
                 extension_id=b"\x00\x00\xa4\x20\x04\x02", block=BLOCK, bad_block_reads=0):
        self.address = address
        self.raws = raws  # function of time since power-on -> wire-order raw words
        self.status_every = status_every
        self.not_ready_reads = not_ready_reads
        self.stray_replies = stray_replies
        self.kernel_driver = kernel_driver
        self.product = product
        self.battery = battery
        self.extension_id = extension_id
        self.block = block
        self.bad_block_reads = bad_block_reads
        self.block_reads = 0
        self._serving = block
        self.button = False
        self.dead_batteries = False
        self.connected = True
        self.generation = 0  # bumps on every replug: a new hidraw node
        self.writes: list[bytes] = []  # every output report received
        # What the host saw, counted so tests need not time it: data reports handed over, and for every unsolicited
        # status report, how many more reads the host made before it asked for data again (0: at once).
        self.data_handed = 0
        self.status_answers: list[int] = []
        self._reads = 0
        self._unanswered: int | None = None  # the read that handed over an unsolicited status report
        self.lock = threading.Condition()
        self._reset()

    def _reset(self) -> None:
        self.t0 = time.monotonic()
        self.mode = None
        self.ext_ready = [False, False]
        self.id_reads = 0
        self.out: list[bytes] = []
        self.next_data = None
        self.next_status = self.t0 + self.status_every if self.status_every else None

    @property
    def path(self) -> bytes:
        return f"/dev/hidraw-emu{self.generation}".encode()

    # --- test controls ---------------------------------------------------------------
    def unplug(self) -> None:
        with self.lock:
            self.connected = False
            self.lock.notify_all()

    def replug(self) -> None:
        with self.lock:
            self.connected = True
            self.generation += 1
            self._reset()

    # --- the board -----------------------------------------------------------------------
    def receive(self, report: bytes) -> None:
        with self.lock:
            self.writes.append(report)
            kind = report[0]
            if kind == 0x15:
                self._status()
            elif kind == 0x12:
                self.mode = report[2]
                self.next_data = time.monotonic()
                if self._unanswered is not None:
                    self.status_answers.append(self._reads - self._unanswered)
                    self._unanswered = None
            elif kind == 0x16:
                address = int.from_bytes(report[2:5], "big")
                if address == 0xA400F0 and report[6] == 0x55:
                    self.ext_ready[0] = True
                if address == 0xA400FB and report[6] == 0x00:
                    self.ext_ready[1] = True
                self.out.append(bytes([0x22, 0, self._buttons(), 0x16, 0x00]))
            elif kind == 0x17:
                self._read_reply(int.from_bytes(report[2:5], "big"), int.from_bytes(report[5:7], "big"))
            self.lock.notify_all()

    def _buttons(self) -> int:
        return 0x08 if self.button else 0x00

    def _status(self) -> None:
        flags = 0x10 | (0x02 if self.extension_id is not None else 0)  # LED 1, and the extension bit
        self.out.append(bytes([0x20, 0, self._buttons(), flags, 0, 0, 0xC6]))
        self.mode = 0x30 if self.kernel_driver else None  # data stops until 0x12 (or the kernel sets 0x30)

    def _register(self, address: int) -> int:
        if 0xA400FA <= address < 0xA40100:
            ready = all(self.ext_ready) and self.id_reads > self.not_ready_reads
            return self.extension_id[address - 0xA400FA] if ready else 0xFF
        if 0xA40020 <= address < 0xA40040:
            return self._serving[address - 0xA40020]
        if 0xA40060 <= address < 0xA40062:
            return TEMPERATURE[address - 0xA40060]
        return 0x00

    def _read_reply(self, address: int, length: int) -> None:
        if address == 0xA400FA:
            self.id_reads += 1
        if address == 0xA40020:
            self.block_reads += 1
            self._serving = BROKEN_BLOCK if self.block_reads <= self.bad_block_reads else self.block
        if self.extension_id is None and address >> 16 == 0xA4:  # no extension answers there
            self.out.append(bytes([0x21, 0, self._buttons(), 0xF0 | 7, *(address & 0xFFFF).to_bytes(2, "big")])
                            + bytes(16))
            return
        done = 0
        while done < length:
            size = min(16, length - done)
            data = bytes(self._register(address + done + i) for i in range(size)).ljust(16, b"\0")
            if self.stray_replies:  # a reply to somebody else's request sneaks in first
                self.out.append(bytes([0x21, 0, 0, 0xB0, 0x00, 0x24]) + BLOCK[4:16] + bytes(4))
            self.out.append(bytes([0x21, 0, self._buttons(), ((size - 1) << 4), *((address + done) & 0xFFFF)
                                   .to_bytes(2, "big")]) + data)
            if self.mode in (0x32, 0x34):  # data keeps flowing between the reply packets
                self.out.append(self._data_report(time.monotonic()))
            done += size

    def _data_report(self, now: float) -> bytes:
        raw = (0, 0, 0, 0) if self.dead_batteries else self.raws(now - self.t0)
        words = struct.pack(">4H", *raw)
        if self.mode == 0x32:
            return bytes([0x32, 0, self._buttons()]) + words
        return bytes([0x34, 0, self._buttons()]) + words + bytes([0x1A, 0, self.battery]) + bytes(8)

    def _due_reports(self, now: float) -> bytes:
        """The data reports the board has sent by `now`, on its own clock at RATE_HZ whether or not the host
        reads: a host that reads late (a busy machine) finds them waiting in its HID buffer, as hidraw keeps
        up to HID_BUFFER reports; older ones are lost, as a full buffer loses them."""
        due = []
        while self.next_data <= now:
            due.append(self._data_report(self.next_data))
            self.next_data += 1 / RATE_HZ
        self.out.extend(due[-HID_BUFFER:][1:])
        return due[-HID_BUFFER:][0]

    def next_report(self, timeout: float) -> bytes | None:
        """What the host reads next, waiting up to `timeout` seconds."""
        with self.lock:
            self._reads += 1
            report = self._next_report(timeout)
            if report is not None and report[0] in (0x32, 0x34):
                self.data_handed += 1
            if report is not None and report is self._unsolicited:
                self._unanswered = self._reads
            return report

    _unsolicited: bytes | None = None  # the latest status report the board sent of itself while sending data

    def _next_report(self, timeout: float) -> bytes | None:
        end = time.monotonic() + timeout
        with self.lock:
            while True:
                if not self.connected:
                    raise OSError("read error")
                now = time.monotonic()
                if self.next_status is not None and now >= self.next_status:
                    self.next_status += self.status_every
                    streaming = self.mode in (0x32, 0x34)
                    self._status()
                    if streaming:  # it stopped the data the host asked for
                        self._unsolicited = self.out[-1]
                if self.out:
                    return self.out.pop(0)
                if self.mode in (0x32, 0x34) and self.next_data is not None and now >= self.next_data:
                    return self._due_reports(now)
                if self.mode == 0x30 and self.next_data is not None and now >= self.next_data:
                    self.next_data = max(self.next_data + 1 / RATE_HZ, now - 0.1)
                    return bytes([0x30, 0, self._buttons()])
                if now >= end:
                    return None
                waits = [end]
                if self.next_data is not None and self.mode is not None:
                    waits.append(self.next_data)
                if self.next_status is not None:
                    waits.append(self.next_status)
                self.lock.wait(max(0.0, min(waits) - now))


BOARDS: list[EmulatedBoard] = []


def crc_ok() -> bool:
    return (zlib.crc32(BLOCK[4:28] + BLOCK[0:2] + TEMPERATURE) & 0xFFFFFFFF) == int.from_bytes(BLOCK[28:], "big")


# ---- the hidapi module API ---------------------------------------------------------------
def enumerate(vendor_id: int = 0, product_id: int = 0) -> list[dict]:
    out = []
    for board in BOARDS:
        if board.connected and vendor_id in (0, 0x057E) and product_id in (0, 0x0306):
            out.append({"path": board.path, "vendor_id": 0x057E, "product_id": 0x0306,
                        "serial_number": board.address, "product_string": board.product,
                        "manufacturer_string": "", "interface_number": -1, "bus_type": 2})
    return out


class device:  # noqa: N801 - the name hidapi uses
    def __init__(self):
        self.board: EmulatedBoard | None = None
        self.generation = -1

    def open_path(self, path: bytes) -> None:
        for board in BOARDS:
            if board.connected and board.path == path:
                self.board, self.generation = board, board.generation
                return
        raise OSError("open failed")

    def _alive(self) -> EmulatedBoard:
        b = self.board
        if b is None or not b.connected or b.generation != self.generation:
            raise OSError("read error")
        return b

    def set_nonblocking(self, value: int) -> int:
        return 0

    def write(self, data) -> int:
        self._alive().receive(bytes(data))
        return len(data)

    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]:
        board = self._alive()
        report = board.next_report(timeout_ms / 1000.0)
        if board.generation != self.generation:
            raise OSError("read error")
        return list(report[:max_length]) if report else []

    def close(self) -> None:
        self.board = None


def _from_environment() -> None:
    """One board configured by POISE_EMU_* variables, for subprocess tests."""
    if os.environ.get("POISE_EMU_BOARDS", "1") == "0":
        return
    every = float(os.environ.get("POISE_EMU_STATUS_EVERY", "0"))
    alternate = os.environ.get("POISE_EMU_ALTERNATE", "0") == "1"
    raws = (lambda t: V1 if int(t) % 2 == 0 else V2) if alternate else (lambda t: V1)
    broken = os.environ.get("POISE_EMU_BAD_CALIBRATION", "0") == "1"
    remote = os.environ.get("POISE_EMU_REMOTE", "0") == "1"  # a Wii Remote with nothing in its extension port
    board = EmulatedBoard(raws=raws, status_every=every,
                                stray_replies=os.environ.get("POISE_EMU_STRAY", "0") == "1",
                                block=BROKEN_BLOCK if broken else BLOCK,
                                product="Nintendo RVL-CNT-01" if remote else "Nintendo RVL-WBC-01",
                                extension_id=None if remote else b"\x00\x00\xa4\x20\x04\x02")
    BOARDS.append(board)
    report = os.environ.get("POISE_EMU_REPORT")
    if report:  # what the host saw, for the test that started this process (a JSON file, written at exit)
        import atexit
        import json

        atexit.register(lambda: open(report, "w").write(json.dumps(
            {"data_handed": board.data_handed, "status_answers": board.status_answers})))


_from_environment()


class ScheduledBoard(EmulatedBoard):
    """A board whose data reports follow a given schedule of (sensing time, arrival time), on a virtual
    clock instead of real time: each data report read sets `clock.now` to its arrival, and the reports
    the schedule leaves out (lost on the link) never come. For timing tests that must not depend on how
    busy the machine is; `delivered` lists the sensing time of every report handed to the host."""

    def __init__(self, schedule, clock, **kwargs):
        super().__init__(**kwargs)
        self.schedule = list(schedule)
        self.clock = clock
        self.delivered: list[float] = []

    def next_report(self, timeout: float) -> bytes | None:
        with self.lock:
            if not self.connected:
                raise OSError("read error")
            if self.out:
                return self.out.pop(0)
            if self.mode == 0x34 and self.schedule:
                sensed, arrival = self.schedule.pop(0)
                self.clock.now = arrival
                self.delivered.append(sensed)
                return self._data_report(time.monotonic())
        time.sleep(min(timeout, 0.01))
        return None


class VirtualClock:
    """The host clock a ScheduledBoard's reports arrive on."""

    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now
