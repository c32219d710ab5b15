"""`wii-evdev://` — a Wii Balance Board through Linux's hid-wiimote kernel driver (optional `evdev` extra).

The kernel driver does the init and calibration itself and exposes the four
sensors as absolute axes in 10 g units (HAT0X = top-right, HAT0Y =
bottom-right, HAT1X = top-left, HAT1Y = bottom-left) and the front button as
BTN_A; a SYN_REPORT closes each reading (wbb.md 1).

What this path cannot undo (docs/boards.md): the kernel reports 0 for any
sensor at or below its factory zero, so a board that reads below zero when
empty is invisible below zero. What it does here: the same software zero as
wii:// for boards that read above zero; a corner that reads 0 while the
others carry a person is marked unusable and named; an empty board pinned at
exactly 0 is told that its zero may be hidden. The input core passes on only
values that changed, so a still load sends nothing: the last reading is
repeated at the board's rate rather than taken for a dead board.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from .base import FLAG_BUTTON, WII_GEOMETRY, BoardInfo, BoardStatus, Sample, corner_list
from .conversion import EMPTY_BELOW_KG, IDENTITY, ZeroTracker, far_zero_message
from .errors import BoardNotFound, Reason
from .threaded import ThreadedBoard
from .url import BoardURL, take_options
from .validity import CornerGuard
from .wii import DISCONNECTED
from poise.i18n import _

DEVICE_NAME = "Nintendo Wii Remote Balance Board"
EV_SYN, EV_KEY, EV_ABS = 0x00, 0x01, 0x03
SYN_REPORT = 0
BTN_A = 0x130
AXES = {0x10: 1, 0x11: 3, 0x12: 0, 0x13: 2}  # ABS_HAT0X (tr), HAT0Y (br), HAT1X (tl), HAT1Y (bl) -> tl, tr, bl, br
UNIT_KG = 0.01
RATE_HZ = 60.0
HOLD_AFTER_S = 1.5 / RATE_HZ  # no frame this long: the reading has not changed, the input core sent nothing
HOLD_CATCH_UP_S = 1.0  # a reader that slept longer repeats the still reading for this much of the silence only
HIDDEN_ZERO_S = 3.0  # an empty board at exactly 0 on every corner this long: its zero may be under the clamp
USE_HIDRAW = "use wii:// instead (unbind hid-wiimote: see hardware/wii-balance-board.md)"


def clamped_message(mask: int) -> str:
    return (f"corner {corner_list(mask)} reads 0 while the others carry a person: the kernel driver hides readings "
            f"below that sensor's factory zero, so its load is unknown; {USE_HIDRAW}")


HIDDEN_ZERO = ("this board reads exactly 0 kg empty on every corner: the kernel driver hides readings below the factory "
               f"zero, so if people weigh light on it, its zero has drifted below and only wii:// can correct that; "
               f"{USE_HIDRAW}")


class EvdevDecoder:
    """Input events -> samples: axes update corner values, SYN_REPORT (or `hold`) emits one reading.

    Readings get the same zero tracking as wii:// (ZeroTracker over the kernel's kg) and the same
    corner checks, plus what only this path needs: a corner the kernel clamped to 0 under a person is
    unusable (`fault` names it), and an empty board pinned at 0 is told its zero may be hidden (`message`)."""

    def __init__(self):
        self.values = [0, 0, 0, 0]  # tl, tr, bl, br in the kernel's 10 g units
        self.button = False
        self.zero = ZeroTracker(IDENTITY)
        self.guard = CornerGuard()
        self.seen = False  # a first reading arrived: from then on a silent device holds its values
        self.fault = self.message = ""
        self._floor_since: float | None = None

    def feed(self, t: float, ev_type: int, code: int, value: int) -> Sample | None:
        if ev_type == EV_ABS and code in AXES:
            self.values[AXES[code]] = value
        elif ev_type == EV_KEY and code == BTN_A:
            self.button = value != 0
        elif ev_type == EV_SYN and code == SYN_REPORT:
            self.seen = True
            return self.reading(t)
        return None

    def hold(self, t: float) -> Sample:
        """The reading again at `t`: the kernel sends nothing while no value changes."""
        return self.reading(t)

    def reading(self, t: float) -> Sample:
        raw = tuple(v * UNIT_KG for v in self.values)
        total = sum(raw)
        clamped = sum(1 << i for i, v in enumerate(self.values) if v == 0 and total >= EMPTY_BELOW_KG)
        kg = self.zero.calibration.apply_to(raw)
        invalid = self.guard.check(kg, hard=clamped)
        if not invalid:  # only good readings move the zero
            kg = self.zero.update(t, raw)
        self.fault = clamped_message(clamped) if clamped else ""
        if total == 0:
            self._floor_since = t if self._floor_since is None else self._floor_since
        elif total < EMPTY_BELOW_KG:
            self._floor_since = None  # an empty board that shows its noise above zero: nothing hidden
            self.message = ""
        if self._floor_since is not None and t - self._floor_since >= HIDDEN_ZERO_S:
            self.message = HIDDEN_ZERO
        self.message = self.message if self.message == HIDDEN_ZERO else far_zero_message(self.zero, "its factory zero")
        return Sample(t, *(float(v) for v in kg), flags=FLAG_BUTTON if self.button else 0, invalid=invalid)


def load_evdev():
    try:
        import evdev
    except ImportError:
        raise BoardNotFound(_("wii-evdev:// needs the evdev package: pip install 'poise[evdev]' "
                            "(or use wii:// through hidraw)"), Reason.MISSING_LIBRARY) from None
    return evdev


def find_device(evdev):
    for path in evdev.list_devices():
        try:
            dev = evdev.InputDevice(path)
        except PermissionError:
            raise BoardNotFound(_("no permission to read {path}: add yourself to the 'input' group or install the "
                                  "udev rule from hardware/udev/, then log in again").format(
                path=path), Reason.PERMISSION) from None
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
            raise BoardNotFound(_("no Wii Balance Board input device: is the board connected and the hid-wiimote "
                                "kernel driver loaded (lsmod | grep wiimote)? See hardware/wii-balance-board.md"))
        self.info = BoardInfo(url=url.raw, name="Wii Balance Board (kernel driver)",
                              identity=f"wii-evdev-{getattr(self.device, 'uniq', '') or 'board'}",
                              rate_hz=RATE_HZ, geometry=WII_GEOMETRY, has_button=True)
        super().__init__(BoardStatus(connected=True))
        self._thread = threading.Thread(target=self._run, name="wii-evdev-reader", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        decoder = EvdevDecoder()
        hold_at = time.monotonic() + HOLD_AFTER_S  # when the reading is next due again if nothing changes
        while not self._stop.is_set():
            if self.device is None:
                time.sleep(1.0)
                self.device = find_device(self.evdev)
                if self.device is not None:
                    self._set_status(BoardStatus(connected=True))
                continue
            try:
                event = self.device.read_one()
                now = time.monotonic()
                if event is None:
                    if decoder.seen and now >= hold_at:  # a still load: nothing changed, nothing sent
                        hold_at = self._hold(decoder, hold_at, now)
                    time.sleep(0.002)
                    continue
                sample = decoder.feed(self.clock(), event.type, event.code, event.value)
                if sample is not None:
                    self._out(decoder, sample)
                    hold_at = now + HOLD_AFTER_S
            except OSError:
                self.device = None
                self._set_status(BoardStatus(connected=False, message=_(DISCONNECTED)))

    def _hold(self, decoder: EvdevDecoder, due: float, now: float) -> float:
        """The still reading once for every board period that fell due by `now` (monotonic s), each at the time
        it fell due: a reader that a busy computer let sleep catches up instead of thinning the board's rate
        (up to HOLD_CATCH_UP_S of it). When the reading is due next."""
        offset = self.clock() - now  # the board's clock is this far from time.monotonic
        due = max(due, now - HOLD_CATCH_UP_S)
        while due <= now:
            self._out(decoder, decoder.hold(due + offset))
            due += 1 / RATE_HZ
        return due

    def _out(self, decoder: EvdevDecoder, sample: Sample) -> None:
        self._emit(sample)
        status = BoardStatus(connected=True, message=decoder.fault or decoder.message, spikes=decoder.guard.spikes,
                             fault=decoder.fault)
        if status != self.status():
            self._set_status(status)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1.0)
        if self.device is not None:
            self.device.close()
