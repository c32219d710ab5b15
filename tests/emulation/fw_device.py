"""The load-cell firmware's own protocol core (hardware/firmware/poise_loadcell/protocol.c, built for this
computer) acting as a board behind a pseudo-terminal, for driving the real serial driver.

Only the HX711s and the clock are stood in for: counts come from `counts(t)`, and frames are paced
at the board rate. Tests can inject garbage, skip sequence numbers, mark chips missing, and unplug and
replug the board (the pty is closed; a new one appears behind the same symlink).
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
                 counts=lambda t: (100000, 200000, 300000, 400000), boot_delay: float = 0.0):
        self.lib, self.link, self.counts = lib, Path(link), counts
        self.rate_hz, self.boot_delay, self.board_id = rate_hz, boot_delay, board_id
        self.missing = 0
        self.inject: list[bytes] = []  # raw bytes written before the next frame
        self.skip = 0  # sequence numbers to skip (lost samples)
        self.sent = 0
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
        self.powered_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

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
            if now - self.powered_at >= self.boot_delay:  # a bootloader ignores what arrives while it waits
                for b in data:
                    n = self.lib.fw_receive(ctypes.byref(self.state), ctypes.c_uint8(b), reply)
                    if n:
                        self._write(bytes(reply[:n]))
            if not self.state.streaming:
                next_t = now  # a real HX711 only delivers while being read: no backlog on START
            elif now >= next_t:
                next_t += 1.0 / self.rate_hz
                if self.inject:
                    self._write(self.inject.pop(0))
                if self.skip:
                    self.state.seq = (self.state.seq + self.skip) & 0xFFFF
                    self.skip = 0
                c = (ctypes.c_int32 * 4)(*[0 if self.missing & (1 << i) else v
                                           for i, v in enumerate(self.counts(now - self.powered_at))])
                status = self.lib.fw_status(ctypes.byref(self.state), c, ctypes.c_uint8(self.missing))
                n = self.lib.fw_sample_frame(ctypes.byref(self.state), ctypes.c_uint32(int(now * 1e6) & 0xFFFFFFFF),
                                             c, ctypes.c_uint8(status), frame)
                self._write(bytes(frame[:n]))
                self.sent += 1
            time.sleep(0.001)

    def _write(self, data: bytes) -> None:
        try:
            os.write(self.master, data)
        except OSError:
            pass
