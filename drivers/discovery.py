"""Which boards can be used, and exactly why the others cannot: `poise boards` and `auto`."""
from __future__ import annotations

import dataclasses
import os
import sys
import time
from pathlib import Path

from poise.i18n import _

from .errors import BoardError, Reason


@dataclasses.dataclass
class Found:
    url: str
    name: str
    usable: bool
    detail: str
    battery: float | None = None
    calibration: str = ""
    reason: str = ""  # errors.Reason value when not usable because the board failed to open ("fault", ...)


SYS = Path("/sys")
PROC_INPUT = Path("/proc/bus/input/devices")


def _hidraw_driver(path: bytes | str) -> str:
    """Name of the kernel driver bound to a hidraw node ('wiimote' for hid-wiimote), if we can tell."""
    node = Path(path.decode() if isinstance(path, bytes) else path).name
    link = SYS / "class" / "hidraw" / node / "device" / "driver"
    try:
        return os.path.basename(os.readlink(link))
    except OSError:
        return ""


def _kernel_has_board() -> bool:
    try:
        return "Nintendo Wii Remote Balance Board" in PROC_INPUT.read_text()
    except OSError:
        return False


def _bluetooth_adapters() -> list[str]:
    try:
        return sorted(os.listdir(SYS / "class" / "bluetooth"))
    except OSError:
        return []


def wii_boards(hid=None, open_timeout: float = 2.0) -> list[Found]:
    from .url import parse
    from .wii import WiiBoard, find_candidates, load_hid

    try:
        hid = hid or load_hid()
    except BoardError as exc:
        return [Found("wii://", "Wii Balance Board", False, str(exc))]
    found = []
    for dev in find_candidates(hid):
        address = (dev.get("serial_number") or "").lower()
        url = f"wii://{address}" if address else "wii://"
        path = dev.get("path", b"")
        text_path = path.decode(errors="replace") if isinstance(path, bytes) else str(path)
        if text_path.startswith("/dev/") and os.path.exists(text_path) and not os.access(text_path, os.R_OK | os.W_OK):
            found.append(Found(url, "Wii Balance Board", False,
                               _("no permission on {path}: install hardware/udev/70-poise-wii-balance-board.rules "
                                 "(see hardware/wii-balance-board.md) and reconnect the board").format(path=text_path)))
            continue
        try:
            board = WiiBoard(parse(f"{url}?timeout={open_timeout}"), time.monotonic, hid=hid)
        except BoardError as exc:  # a bad calibration block included: listed, never a traceback
            found.append(Found(url, dev.get("product_string") or _("Nintendo device"), False, str(exc),
                               reason=exc.reason.value))
            continue
        try:
            end = time.monotonic() + 1.0
            samples = []
            while not samples and time.monotonic() < end:
                samples = board.poll()
                time.sleep(0.02)
            battery = samples[-1].battery if samples else None
            cal = board.factory
            calibration = _("factory calibration OK") if cal.crc_ok else _("factory calibration checksum mismatch")
            detail = board.status().message or _("ready")
            if _hidraw_driver(path) == "wiimote":
                detail += _("; the hid-wiimote kernel driver is bound (Poise re-asserts the data mode; "
                            "wii-evdev:// uses the kernel driver instead)")
            found.append(Found(url, "Wii Balance Board", True, detail, battery, calibration))
        finally:
            board.close()
    if not found:
        if sys.platform.startswith("linux") and _kernel_has_board():
            found.append(Found("wii-evdev://", _("Wii Balance Board (kernel driver)"), True,
                               _("usable with limits: the hid-wiimote kernel driver has the board and hidraw did not "
                                 "list it; through the kernel a board that reads below zero empty weighs people light "
                                 "and cannot be corrected, so for measuring let Poise have it (wii://: see "
                                 "hardware/wii-balance-board.md)")))
        elif sys.platform.startswith("linux") and not _bluetooth_adapters() and not os.environ.get("POISE_HID_MODULE"):
            found.append(Found("wii://", "Wii Balance Board", False,
                               _("no Bluetooth adapter found: plug one in or switch Bluetooth on")))
        else:
            found.append(Found("wii://", "Wii Balance Board", False,
                               _("not connected: press the red SYNC button in the battery compartment and pair it "
                                 "(see hardware/wii-balance-board.md), or press the front button if already paired")))
    return found


# USB vendor ids of boards and USB-serial bridges a load-cell board is likely to sit behind
MCU_VENDORS = {0x2341: "Arduino", 0x2A03: "Arduino", 0x1A86: "CH340", 0x0403: "FTDI", 0x10C4: "CP210x",
               0x239A: "Adafruit", 0x2E8A: "Raspberry Pi RP2040", 0x303A: "Espressif"}
PROBE_TIMEOUT_S = 2.5


def microcontroller_ports(ports=None) -> list:
    """Serial ports that look like a microcontroller; anything else is never opened."""
    if ports is None:
        from serial.tools import list_ports
        ports = list_ports.comports()
    return [p for p in ports if getattr(p, "vid", None) in MCU_VENDORS]


def loadcell_boards(ports=None, timeout: float = PROBE_TIMEOUT_S) -> list[Found]:
    """Probe each likely port with the IDENTIFY handshake, briefly, then let it go."""
    import serial

    from . import serial_protocol as sp
    from .serial_board import BOOT_WAIT_S, _open_failure, handshake, open_port

    found = []
    for port in microcontroller_ports(ports):
        url = f"serial://{port.device}"
        try:
            link = open_port(port.device, 115200)
        except (serial.SerialException, OSError, ValueError) as exc:
            found.append(Found(url, MCU_VENDORS[port.vid], False, str(_open_failure(port.device, exc))))
            continue
        try:
            info = handshake(link, sp.Decoder(), timeout)
            found.append(Found(url, _("Load-cell board {id:08x}").format(id=info.board_id), True,
                               _("firmware {firmware}, {channels} channels at {rate} Hz").format(
                                   firmware=info.firmware, channels=info.channels, rate=info.rate_hz),
                               calibration=_("not calibrated yet (poise calibrate)")))
        except BoardError as exc:
            if exc.reason is Reason.WRONG_DEVICE:  # something else talks on the port: its own sentence
                detail = str(exc)
            else:  # silent for the short probe: no firmware, or a bootloader that takes longer to start it
                detail = _("no answer to IDENTIFY within {timeout:g} s: not running the Poise firmware (flash it: "
                           "make -C hardware/firmware flash PORT={port}), or an old bootloader still starting "
                           "(--board serial://{port} waits up to {wait:g} s)").format(timeout=timeout, port=port.device,
                                                                                       wait=BOOT_WAIT_S)
            found.append(Found(url, MCU_VENDORS[port.vid], False, detail))
        except (serial.SerialException, OSError):
            found.append(Found(url, MCU_VENDORS[port.vid], False, _("{port} went away while probing").format(port=port.device)))
        finally:
            link.close()
    return found


def survey(hid=None, ports=None) -> list[Found]:
    """Every board kind, with the reason when unusable; the simulated board is always there."""
    serial_found = loadcell_boards(ports)
    if not serial_found:
        serial_found = [Found("serial://", _("Load-cell board"), False,
                              _("no microcontroller on a serial port: plug the board in by USB "
                                "(see hardware/load-cell-board.md)"))]
    return wii_boards(hid) + serial_found + [
        Found("sim://", _("Simulated board"), True, _("a simulated player: always available")),
        Found("keys://", _("Keyboard and mouse"), True, _("the arrow keys (keys://?keys=wasd: W, A, S, D for a second "
                                                          "player) move the balance point: always available")),
        Found("pad://", _("Game controller"), True, _("a controller's left stick is the balance point "
                                                      "(pad://?pad=1: the second controller); waits for one to be "
                                                      "plugged in"))]


def real_board_urls(hid=None, ports=None) -> list[str]:
    """For `auto` on more than one seat: every real board connected now, each by a URL that opens that board
    and no other - every paired Wii board by its address, then each load-cell board that answers."""
    from .wii import find_candidates, load_hid
    urls = []
    try:
        for dev in find_candidates(hid or load_hid()):
            address = (dev.get("serial_number") or "").lower()
            urls.append(f"wii://{address}" if address else "wii://")
    except BoardError:
        pass
    if urls.count("wii://") > 1:  # boards that give no address cannot be told apart: only the first is opened
        urls = [u for u in urls if u != "wii://"] + ["wii://"]
    return urls + [f.url for f in loadcell_boards(ports) if f.usable]


def first_real_board_url(hid=None, ports=None) -> str | None:
    """For `auto`: a Wii board if one is connected, else the first load-cell board that answers."""
    from .wii import find_candidates, load_hid
    try:
        if find_candidates(hid or load_hid()):
            return "wii://"
    except BoardError:
        pass
    for f in loadcell_boards(ports):
        if f.usable:
            return f.url
    return None
