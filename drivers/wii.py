"""`wii://` and `wii://<bluetooth address>` — a Wii Balance Board over HID (hidapi).

All I/O runs in one reader thread; poll() only drains a queue. The thread
connects, runs the unencrypted extension init, streams 0x34 reports,
re-sends the reporting mode after every status report (the board and the
hid-wiimote kernel driver both stop or change data then) and as a watchdog,
and reconnects by itself when the link drops.

On Linux the PyPI hidapi wheel's `hid` module is built on libusb and cannot
see Bluetooth devices, so its `hidraw` module is used (wbb.md 1).
`POISE_HID_MODULE` names another module with the hidapi API (the test
emulation uses it).
"""
from __future__ import annotations

import importlib
import os
import sys
import threading
import time
from typing import Callable

from .conversion import IDENTITY, Calibration, ZeroTracker, far_zero_message

from . import wii_protocol as wp
from .base import (ALL_CORNERS, FLAG_BATTERY_LOW, FLAG_BUTTON, FLAG_FAULT, WII_GEOMETRY, BoardInfo, BoardStatus,
                   Sample)
from .errors import BoardError, BoardNotFound, BoardProtocolError, Reason
from .threaded import ThreadedBoard
from .url import BoardURL, positive, take_options
from .validity import CornerGuard
from poise.i18n import N_, _

OPTIONS = {"timeout": (positive, 4.0)}
REPLY_TIMEOUT_S = 1.0
READ_TIMEOUT_MS = 50
WATCHDOG_S = 0.5  # no data this long: ask again for the reporting mode
RECONNECT_EVERY_S = 1.0
DEAD_BATTERIES = "batteries empty: the sensors stopped — replace the four AA batteries"
ID_RETRIES = 10
# said through _() where they are raised or shown
DISCONNECTED = N_("board disconnected — press the board's front button or sync")
WII_REMOTE = N_("this is a Wii Remote, not a Balance Board{what}: pair the board instead (the red SYNC button under "
                "its battery cover; see hardware/wii-balance-board.md)")
WINDOWS_PADDING = N_("the board ignores what Windows sends it: Windows' HID stack pads every report to 22 bytes "
                     "and Wii devices drop padded short reports; use a DolphinBar or the HID-Wiimote driver "
                     "(see hardware/wii-balance-board.md, Windows)")


def load_hid():
    """The hidapi module for this platform (or the one POISE_HID_MODULE names)."""
    name = os.environ.get("POISE_HID_MODULE") or ("hidraw" if sys.platform.startswith("linux") else "hid")
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise BoardNotFound(_("cannot use the Wii Balance Board: the {name!r} module is missing ({exc}); install "
                              "Poise's dependencies (pip install hidapi)").format(
            name=name, exc=exc), Reason.MISSING_LIBRARY) from None


def find_candidates(hid, address: str = "") -> list[dict]:
    """HID devices that may be a balance board (Nintendo VID, remote PIDs), optionally one address."""
    found = []
    for pid in wp.PRODUCT_IDS:
        for dev in hid.enumerate(wp.VENDOR_ID, pid):
            serial = (dev.get("serial_number") or "").lower()
            if address and serial.replace("-", ":") != address.lower():
                continue
            found.append(dev)
    # a device that names itself a balance board first; remotes only identify by extension id
    found.sort(key=lambda d: (d.get("product_string") or "") != wp.BOARD_NAME)
    return found


class Link:
    """One open HID connection: writes reports, reads them with bounded waits."""

    def __init__(self, hid, path: bytes):
        self.dev = hid.device()
        self.dev.open_path(path)
        self.path = path

    def send(self, report: bytes) -> None:
        if self.dev.write(list(report)) < 0:
            raise OSError(_("write failed"))

    def read(self, timeout_ms: int) -> bytes:
        return bytes(self.dev.read(wp.REPORT_LEN, timeout_ms))

    def wait_for(self, accept: Callable[[object], object], timeout: float = REPLY_TIMEOUT_S):
        """Read until `accept(parsed)` returns something; skips data reports and stray replies."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            parsed = wp.parse(self.read(READ_TIMEOUT_MS))
            if parsed is None:
                continue
            got = accept(parsed)
            if got is not None:
                return got
        raise BoardProtocolError(_("the board stopped answering during set-up: press its front button or sync it"))

    def close(self) -> None:
        try:
            self.dev.close()
        except OSError:
            pass


def initialise(link: Link) -> wp.FactoryCalibration:
    """LED, status, extension init, id check, calibration, then continuous 0x34 reporting."""
    link.send(wp.led_on())
    link.send(wp.status_request())
    try:
        status = link.wait_for(lambda p: p if isinstance(p, wp.Status) else None)
    except BoardProtocolError:
        if sys.platform == "win32":
            raise BoardProtocolError(_(WINDOWS_PADDING)) from None
        raise
    if not status.extension:  # the board's sensors sit behind the extension port: it always reports one
        raise BoardNotFound(_(WII_REMOTE).format(what=_(" (nothing in its extension port)")), Reason.WRONG_DEVICE)
    for address, value in (wp.EXT_INIT_1, wp.EXT_INIT_2):
        link.send(wp.write_register(address, bytes([value])))
        link.wait_for(lambda p: p if isinstance(p, wp.Ack) and p.report == wp.WRITE else None)
    ident = _read(link, wp.EXT_ID_ADDR, 6)
    tries = 1
    while ident == wp.NOT_READY_ID and tries < ID_RETRIES:  # extension not ready yet
        time.sleep(0.5)
        ident = _read(link, wp.EXT_ID_ADDR, 6)
        tries += 1
    if ident != wp.BOARD_EXTENSION_ID:
        if ident == wp.NOT_READY_ID:
            raise BoardProtocolError(_("the board's extension never became ready: take the batteries out for a "
                                     "moment, then sync again"))
        raise BoardNotFound(_(WII_REMOTE).format(what=_(" (extension id {id})").format(id=ident.hex())), Reason.WRONG_DEVICE)
    calibration = read_calibration(link)
    link.send(wp.set_mode())
    return calibration


def read_calibration(link: Link) -> wp.FactoryCalibration:
    """The factory calibration block; a block that fails validation is read once more (a misread
    over a weak link), then refused as a board fault."""
    for attempt in (1, 2):
        block = _read(link, wp.CALIBRATION_ADDR, wp.CALIBRATION_LEN)
        temperature = _read(link, wp.REF_TEMP_ADDR, 2)
        try:
            return wp.parse_calibration(block, temperature)
        except wp.WiiProtocolError as exc:
            problem = str(exc).split(":")[0]
    raise BoardError(_("this Wii Balance Board's factory calibration cannot be used ({problem}, read twice): take the "
                       "batteries out for a minute and sync again; if it stays, its calibration memory is damaged and "
                       "the board cannot measure").format(problem=problem), Reason.FAULT)


def _read(link: Link, address: int, length: int) -> bytes:
    """Read registers; multi-packet replies are matched by offset, anything else is skipped."""
    link.send(wp.read_register(address, length))
    data = b""
    offset = address & 0xFFFF
    while len(data) < length:
        want = offset + len(data)
        reply = link.wait_for(lambda p, want=want: p if isinstance(p, wp.ReadReply) and p.offset == want else None)
        if reply.error == wp.READ_ERROR_NO_DEVICE and address == wp.EXT_ID_ADDR:
            raise BoardNotFound(_(WII_REMOTE).format(what=_(" (nothing answers in its extension port)")),
                                Reason.WRONG_DEVICE)
        if reply.error:
            raise BoardProtocolError(_("the board refused to read register {register:06X} (error {error})").format(
                register=address + len(data), error=reply.error))
        data += reply.data
    return data[:length]


class WiiBoard(ThreadedBoard):
    can_calibrate = True

    def __init__(self, url: BoardURL, clock: Callable[[], float], hid=None, calibration: Calibration = IDENTITY):
        """`calibration` (offsets and gains over the factory kg) is a refined one from the wizard."""
        opts = take_options(url, OPTIONS)
        # software tare on top of the factory calibration: follows the empty board's zero
        self.zero = ZeroTracker(calibration)
        self.guard = CornerGuard()
        self.address = url.target.strip("/")
        self.clock = clock
        self.hid = hid or load_hid()
        super().__init__(BoardStatus(connected=False, message="connecting"))
        self.factory: wp.FactoryCalibration | None = None
        self.link: Link | None = None
        self.link = self._connect(deadline=time.monotonic() + opts["timeout"], first=True)
        self.info = BoardInfo(url=url.raw, name="Wii Balance Board", identity=f"wii-{self.identity}",
                              rate_hz=60.0, geometry=WII_GEOMETRY, reports_battery=True, has_button=True)
        self._thread = threading.Thread(target=self._run, name="wii-reader", daemon=True)
        self._thread.start()

    # --- connection ----------------------------------------------------------------
    def _connect(self, deadline: float, first: bool = False) -> Link | None:
        """Find, open and initialise the board; on the first connect failures raise, later they wait."""
        last_error: Exception | None = None
        while True:
            candidates = find_candidates(self.hid, self.address)
            for dev in candidates:
                try:
                    link = Link(self.hid, dev["path"])
                except OSError as exc:
                    last_error = _open_failure(dev, exc)
                    continue
                try:
                    self.factory = initialise(link)
                except (BoardError, OSError, ValueError) as exc:  # ValueError: hidapi on a dead device
                    link.close()
                    last_error = exc
                    if not first and isinstance(exc, BoardError) and exc.reason is Reason.FAULT:
                        self._set_status(BoardStatus(connected=False, message=str(exc), fault=str(exc)))
                    continue
                self.identity = (dev.get("serial_number") or "board").lower()
                warn = "" if self.factory.crc_ok else "calibration checksum mismatch (values still used)"
                self._set_status(BoardStatus(connected=True, message=warn))
                return link
            fault = isinstance(last_error, BoardError) and last_error.reason is Reason.FAULT
            if time.monotonic() >= deadline or self._stop.is_set() or (first and fault):
                if first:
                    if isinstance(last_error, BoardError):
                        raise last_error
                    raise BoardNotFound(_not_found_message(self.address, last_error), Reason.NOT_PAIRED)
                return None
            time.sleep(0.2)

    def _run(self) -> None:
        last_data = time.monotonic()
        while not self._stop.is_set():
            if self.link is None:
                try:
                    self.link = self._connect(deadline=time.monotonic() + RECONNECT_EVERY_S)
                except Exception as exc:  # noqa: BLE001 - whatever a board sends, the reader thread must live
                    self._set_status(BoardStatus(connected=False, message=f"{_(DISCONNECTED)} ({exc})"))
                    self._stop.wait(RECONNECT_EVERY_S)
                last_data = time.monotonic()
                continue
            try:
                report = self.link.read(READ_TIMEOUT_MS)
                parsed = wp.parse(report)
                now = time.monotonic()
                if isinstance(parsed, wp.Data):
                    last_data = now
                    self._on_data(parsed)
                elif isinstance(parsed, wp.Status):
                    self.link.send(wp.set_mode())  # the board goes silent after any status report
                elif now - last_data > WATCHDOG_S:
                    self.link.send(wp.set_mode())
                    last_data = now
            except (OSError, ValueError) as exc:  # hidapi raises IOError/ValueError on a dead device
                self._drop_link(exc)

    def _drop_link(self, exc: Exception) -> None:
        if self.link is not None:
            self.link.close()
        self.link = None
        self._set_status(BoardStatus(connected=False, message=_(DISCONNECTED), spikes=self.guard.spikes))

    def _on_data(self, data: wp.Data) -> None:
        cal = self.factory
        flags = FLAG_BUTTON if data.button else 0
        battery = None
        if data.battery_byte is not None:
            battery = wp.battery_level(data.battery_byte, cal.battery_ref)
            if battery <= 0.25:
                flags |= FLAG_BATTERY_LOW
        if wp.dead_batteries(data.raw):
            self._set_status(BoardStatus(connected=True, battery=0.0, message=DEAD_BATTERIES, fault=DEAD_BATTERIES,
                                         spikes=self.guard.spikes))
            flags |= FLAG_FAULT
            loads = (0.0, 0.0, 0.0, 0.0)
            invalid = ALL_CORNERS
        else:
            factory = wp.to_corners(cal.kg(data.raw))
            kg = self.zero.calibration.apply(factory)
            invalid = self.guard.check(kg)
            if not invalid:  # only good readings move the zero
                kg = self.zero.update(time.monotonic(), factory)
            loads = tuple(float(v) for v in kg)
            msg = "" if cal.crc_ok else "calibration checksum mismatch (values still used)"
            msg = far_zero_message(self.zero, "its factory zero") or msg
            if battery is not None and battery <= 0.25:
                msg = "batteries low: replace them soon"
            status = BoardStatus(connected=True, message=msg, battery=battery, spikes=self.guard.spikes)
            if status != self._status:
                self._set_status(status)
        self._emit(Sample(self.clock(), *loads, flags=flags, battery=battery, invalid=invalid))

    @property
    def calibration(self) -> Calibration:
        """The refinement over the factory kg (offsets = software tare, gains from the wizard)."""
        return self.zero.calibration

    def set_calibration(self, calibration: Calibration, calibrated_at: str | None = None) -> None:
        self.zero = ZeroTracker(calibration)
        self.calibrated_at = calibrated_at

    def close(self) -> None:
        self._stop.set()
        if getattr(self, "_thread", None) is not None:
            self._thread.join(timeout=2.0)
        if self.link is not None:
            self.link.close()
            self.link = None


def _open_failure(dev: dict, exc: Exception) -> BoardNotFound:
    path = dev.get("path", b"")
    path = path.decode(errors="replace") if isinstance(path, bytes) else str(path)
    if path.startswith("/dev/") and os.path.exists(path) and not os.access(path, os.R_OK | os.W_OK):
        return BoardNotFound(_("no permission to open {path}: install the udev rule from hardware/udev/ "
                               "(see hardware/wii-balance-board.md), then reconnect the board").format(path=path),
                             Reason.PERMISSION)
    return BoardNotFound(_("could not open the Wii Balance Board at {path} ({why}): is another program using "
                           "it?").format(path=path, why=exc), Reason.BUSY)


def _not_found_message(address: str, error: Exception | None) -> str:
    base = (_("no Wii Balance Board with address {address} is connected: pair it (press the red SYNC button in the "
              "battery compartment; see hardware/wii-balance-board.md), or press its front button if it is paired")
            if address else
            _("no Wii Balance Board is connected: pair it (press the red SYNC button in the battery compartment; see "
              "hardware/wii-balance-board.md), or press its front button if it is paired")).format(address=address)
    return _("{problem} ({why})").format(problem=base, why=error) if error else base
