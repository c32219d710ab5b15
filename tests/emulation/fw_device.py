"""The load-cell firmware's own protocol core (hardware/firmware/poise_loadcell/protocol.c, built for this
computer) acting as a board behind a pseudo-terminal, for driving the real serial driver.

Only the HX711s and the clock are stood in for: counts come from `counts(t)` (called once per frame),
and frames are paced at the board rate (`send_rate_hz`, when the chips run off their nominal rate) on a
schedule of their own, so a busy host delays their arrival, never their number, times or values.
Tests can inject garbage, lose frames in transit (`skip`), repeat a frame (`duplicate`), swap two frames
(`swap`), mark chips missing, restart the microcontroller while USB stays up (`reboot()`: seq and the
board clock start again), and unplug and replug the board (the pty is closed; a new one appears behind
the same symlink). `t_us` is the microcontroller's clock since its last power-up or reset.

`dout_late` stands in for a third-party firmware that samples the HX711's DOUT one bit late. Per the HX711
datasheet, DOUT goes low when a conversion is ready, and each PD_SCK pulse shifts out one bit, MSB first, of a
24-bit two's complement value (0x800000..0x7FFFFF). Reading DOUT before the pulse's data is valid takes the
ready-low level for the MSB and each bit one place late: the firmware sends (count mod 2^24) >> 1, so every
count is halved and a small negative count becomes nearly full scale (-23 000 arrives as 8 377 108).
"""
from __future__ import annotations

import ctypes
import os
import subprocess
import threading
import time
import tty
from pathlib import Path

FIRMWARE = Path(__file__).resolve().parents[2] / "hardware" / "firmware"


class FwState(ctypes.Structure):
    """Mirror of fw_t in protocol.h."""
    _fields_ = [("seq", ctypes.c_uint16), ("streaming", ctypes.c_uint8), ("reset_pending", ctypes.c_uint8),
                ("settle_left", ctypes.c_uint8), ("adc_reset_requested", ctypes.c_uint8),
                ("board_id", ctypes.c_uint32), ("rate_hz", ctypes.c_uint8), ("rx", ctypes.c_uint8 * 24),
                ("rx_len", ctypes.c_uint8), ("rx_overflow", ctypes.c_uint8), ("bad_commands", ctypes.c_uint16)]


def build_library(out_dir: Path) -> ctypes.CDLL:
    subprocess.run(["make", "-s", "-C", str(FIRMWARE), "host", f"OUT={out_dir}"], check=True)
    lib = ctypes.CDLL(str(out_dir / "libpoisefw.so"))
    lib.fw_receive.restype = ctypes.c_size_t
    lib.fw_sample_frame.restype = ctypes.c_size_t
    lib.fw_status.restype = ctypes.c_uint8
    lib.fw_crc16.restype = ctypes.c_uint16
    return lib


class FirmwareDevice:
    def __init__(self, lib: ctypes.CDLL, link: Path, board_id: int = 0x00C0FFEE, rate_hz: int = 80,
                 counts=lambda t: (100000, 200000, 300000, 400000), boot_delay: float = 0.0,
                 send_rate_hz: float | None = None, dout_late: bool = False, other_program: bytes = b""):
        self.lib, self.link, self.counts = lib, Path(link), counts
        self.dout_late = dout_late
        self.other_program = other_program  # not Poise's firmware: a sketch printing this line ten times a second
        self.rate_hz, self.boot_delay, self.board_id = rate_hz, boot_delay, board_id
        self.send_rate_hz = send_rate_hz or rate_hz  # what the chips really deliver (RATE pin low: ~10)
        self.missing = 0
        self.inject: list[bytes] = []  # raw bytes written before the next frame
        self.skip = 0  # the next frames to lose in transit (numbered and timed, never written)
        self.duplicate = 0  # the next frames to write twice
        self.swap = 0  # pairs of frames to write in the wrong order
        self._held: bytes | None = None
        self.sent = 0
        self.readings: list[tuple[int, int]] = []  # (t_us, status) of every SAMPLE made, sent or not
        self._thread: threading.Thread | None = None
        self.plug()

    def plug(self) -> None:
        """Power-up: a fresh firmware state on a new pty, reachable through `link`."""
        self.state = FwState()
        self.lib.fw_init(ctypes.byref(self.state), ctypes.c_uint32(self.board_id), ctypes.c_uint8(self.rate_hz))
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        if self.link.is_symlink() or self.link.exists():
            self.link.unlink()
        self.link.symlink_to(os.ttyname(self.slave))
        self.alive = True
        self.powered_at = self.boot_t = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def reboot(self) -> None:
        """The microcontroller resets (brown-out, watchdog) while the USB link stays up: a fresh protocol
        state (seq 0, not streaming, settling samples), its clock from zero; the host must START it again."""
        self.lib.fw_init(ctypes.byref(self.state), ctypes.c_uint32(self.board_id), ctypes.c_uint8(self.rate_hz))
        self.boot_t = time.monotonic()

    def unplug(self) -> None:
        self.alive = False
        self._thread.join(timeout=1.0)
        os.close(self.master)
        os.close(self.slave)

    def _run(self) -> None:
        reply = (ctypes.c_uint8 * 64)()
        frame = (ctypes.c_uint8 * 64)()
        next_t = time.monotonic()
        os.set_blocking(self.master, False)
        while self.alive:
            now = time.monotonic()
            try:
                data = os.read(self.master, 256)
            except (BlockingIOError, OSError):
                data = b""
            if self.other_program:
                if now >= next_t:
                    next_t = now + 0.1
                    self._write(self.other_program)
                time.sleep(0.001)
                continue
            if now - self.powered_at >= self.boot_delay:  # a bootloader ignores what arrives while it waits
                for b in data:
                    n = self.lib.fw_receive(ctypes.byref(self.state), ctypes.c_uint8(b), reply)
                    if n:
                        self._write(bytes(reply[:n]))
            if not self.state.streaming:
                next_t = now  # a real HX711 only delivers while being read: no backlog on START
            # Every reading that fell due is sent, stamped and read at the instant it was due: a real board keeps
            # its own time while this computer is busy, so a thread that got no CPU for a while catches up at once
            # with the readings the port would have buffered, not with late or missing ones.
            while self.state.streaming and now >= next_t:
                due, next_t = next_t, next_t + 1.0 / self.send_rate_hz
                self._reading(due, frame)
            time.sleep(0.001)

    def _reading(self, due: float, frame) -> None:
        """One conversion of the four chips at host time `due`, framed by the firmware and sent."""
        if self.inject:
            self._write(self.inject.pop(0))
        read = [0 if self.missing & (1 << i) else v for i, v in enumerate(self.counts(due - self.powered_at))]
        if self.dout_late:
            read = [(v & 0xFFFFFF) >> 1 for v in read]
        c = (ctypes.c_int32 * 4)(*read)
        status = self.lib.fw_status(ctypes.byref(self.state), c, ctypes.c_uint8(self.missing))
        t_us = int(max(0.0, due - self.boot_t) * 1e6) & 0xFFFFFFFF
        n = self.lib.fw_sample_frame(ctypes.byref(self.state), ctypes.c_uint32(t_us), c, ctypes.c_uint8(status),
                                     frame)
        self.readings.append((t_us, status))
        self._send(bytes(frame[:n]))

    def _send(self, data: bytes) -> None:
        """One SAMPLE frame onto the link, through whatever the test asked to go wrong with it."""
        if self.skip:
            self.skip -= 1
            return
        if self.swap and self._held is None:
            self._held = data
            return
        self._write(data)
        self.sent += 1
        if self._held is not None:
            self._write(self._held)
            self.sent += 1
            self._held = None
            self.swap -= 1
        if self.duplicate:
            self.duplicate -= 1
            self._write(data)
            self.sent += 1

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.master, data)
        except OSError:
            pass


# An interrupt that stretches one chip's read: per the HX711 datasheet, PD_SCK held high for more than 60 us
# powers the chip down, and DOUT then stays high, so every bit still to be clocked out reads as 1. Late in the
# 24-bit read that corrupts the low bits of that one corner for that one sample.
STRETCHED_LOW_BITS = 17  # the lowest 17 bits read as ones: up to 131 071 counts, about 7.3 kg at 18 000 counts/kg


def stretched_read(count: int, low_bits: int = STRETCHED_LOW_BITS) -> int:
    """The count a read interrupted `low_bits` bits before its end returns (two's complement, 24 bits)."""
    value = (count & 0xFFFFFF) | ((1 << low_bits) - 1)
    return value - (1 << 24) if value & 0x800000 else value


def sample_bytes(lib: ctypes.CDLL, rows, rate_hz: int = 80, stuck_seq: int | None = None) -> bytes:
    """SAMPLE frames on the wire, made by the firmware's own protocol core, for rows of (t_us, counts(4));
    `stuck_seq`: a third-party firmware that never moves its sequence number."""
    state, frame, out = FwState(), (ctypes.c_uint8 * 64)(), bytearray()
    lib.fw_init(ctypes.byref(state), ctypes.c_uint32(0x00C0FFEE), ctypes.c_uint8(rate_hz))
    state.settle_left = 0
    for t_us, counts in rows:
        c = (ctypes.c_int32 * 4)(*counts)
        if stuck_seq is not None:
            state.seq = stuck_seq
        status = lib.fw_status(ctypes.byref(state), c, ctypes.c_uint8(0))
        n = lib.fw_sample_frame(ctypes.byref(state), ctypes.c_uint32(t_us & 0xFFFFFFFF), c, ctypes.c_uint8(status),
                                frame)
        out += bytes(frame[:n])
    return bytes(out)
