"""`wii-evdev://` — a Wii Balance Board through Linux's hid-wiimote kernel driver (optional `evdev` extra).

The kernel driver does the init and calibration itself and exposes the four
sensors as absolute axes in 10 g units (HAT0X = top-right, HAT0Y =
bottom-right, HAT1X = top-left, HAT1Y = bottom-left) and the front button as
BTN_A; a SYN_REPORT closes each reading (wbb.md 1).
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from .base import FLAG_BUTTON, WII_GEOMETRY, BoardInfo, BoardStatus, Sample
from .errors import BoardNotFound, Reason
from .threaded import ThreadedBoard
from .url import BoardURL, take_options
from .validity import CornerGuard
from .wii import DISCONNECTED

DEVICE_NAME = "Nintendo Wii Remote Balance Board"
EV_SYN, EV_KEY, EV_ABS = 0x00, 0x01, 0x03
SYN_REPORT = 0
BTN_A = 0x130
AXES = {0x10: "tr", 0x11: "br", 0x12: "tl", 0x13: "bl"}  # ABS_HAT0X, HAT0Y, HAT1X, HAT1Y
UNIT_KG = 0.01


class EvdevDecoder:
    """Input events -> samples: axes update corner values, SYN_REPORT emits one reading."""

    def __init__(self):
        self.values = {"tl": 0, "tr": 0, "bl": 0, "br": 0}
        self.button = False
        self.guard = CornerGuard()  # the kernel calibrates but does not zero: ranges are not judged, spikes are

    def feed(self, t: float, ev_type: int, code: int, value: int) -> Sample | None:
        if ev_type == EV_ABS and code in AXES:
            self.values[AXES[code]] = value
        elif ev_type == EV_KEY and code == BTN_A:
            self.button = value != 0
        elif ev_type == EV_SYN and code == SYN_REPORT:
            v = self.values
            kg = (v["tl"] * UNIT_KG, v["tr"] * UNIT_KG, v["bl"] * UNIT_KG, v["br"] * UNIT_KG)
            return Sample(t, *kg, flags=FLAG_BUTTON if self.button else 0,
                          invalid=self.guard.check(kg, zero_known=False))
        return None


def load_evdev():
    try:
        import evdev
    except ImportError:
        raise BoardNotFound("wii-evdev:// needs the evdev package: pip install 'poise[evdev]' "
                            "(or use wii:// through hidraw)", Reason.MISSING_LIBRARY) from None
    return evdev


def find_device(evdev):
    for path in evdev.list_devices():
        try:
            dev = evdev.InputDevice(path)
        except PermissionError:
            raise BoardNotFound(f"no permission to read {path}: add yourself to the 'input' group or install "
                                "the udev rule from hardware/udev/, then log in again", Reason.PERMISSION) from None
        except OSError:
            continue
        if dev.name == DEVICE_NAME:
            return dev
        dev.close()
    return None


class EvdevBoard(ThreadedBoard):
    def __init__(self, url: BoardURL, clock: Callable[[], float], evdev=None):
        take_options(url, {})
        self.evdev = evdev or load_evdev()
        self.clock = clock
        self.device = find_device(self.evdev)
        if self.device is None:
            raise BoardNotFound("no Wii Balance Board input device: is the board connected and the hid-wiimote "
                                "kernel driver loaded (lsmod | grep wiimote)? See hardware/wii-balance-board.md")
        self.info = BoardInfo(url=url.raw, name="Wii Balance Board (kernel driver)",
                              identity=f"wii-evdev-{getattr(self.device, 'uniq', '') or 'board'}",
                              rate_hz=60.0, geometry=WII_GEOMETRY, has_button=True)
        super().__init__(BoardStatus(connected=True))
        self._thread = threading.Thread(target=self._run, name="wii-evdev-reader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        decoder = EvdevDecoder()
        while not self._stop.is_set():
            if self.device is None:
                time.sleep(1.0)
                self.device = find_device(self.evdev)
                if self.device is not None:
                    self._set_status(BoardStatus(connected=True))
                continue
            try:
                event = self.device.read_one()
                if event is None:
                    time.sleep(0.002)
                    continue
                sample = decoder.feed(self.clock(), event.type, event.code, event.value)
                if sample is not None:
                    self._emit(sample)
                    if decoder.guard.spikes != self.status().spikes:
                        self._set_status(BoardStatus(connected=True, spikes=decoder.guard.spikes))
            except OSError:
                self.device = None
                self._set_status(BoardStatus(connected=False, message=DISCONNECTED))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1.0)
        if self.device is not None:
            self.device.close()
