"""Wii Balance Board protocol, byte level (docs/boards.md, hardware/wii-balance-board.md): pure functions, no I/O.

Byte 0 of every report is its ID, as hidapi reads and writes them. Sensor
and calibration words are big-endian. Sensor order on the wire is TR, BR, TL, BL.
"""
from __future__ import annotations

import dataclasses
import struct
import zlib

from .conversion import wii_kg
from poise.i18n import _

VENDOR_ID = 0x057E
PRODUCT_IDS = (0x0306, 0x0330)
BOARD_NAME = "Nintendo RVL-WBC-01"
BOARD_EXTENSION_ID = bytes.fromhex("0000A4200402")
NOT_READY_ID = b"\xff" * 6
REPORT_LEN = 22

# output reports
LED = 0x11
MODE = 0x12
STATUS_REQUEST = 0x15
WRITE = 0x16
READ = 0x17
# input reports
STATUS = 0x20
READ_REPLY = 0x21
ACK = 0x22
DATA_8 = 0x32
DATA_19 = 0x34

CONTROL_SPACE = 0x04
EXT_INIT_1 = (0xA400F0, 0x55)
EXT_INIT_2 = (0xA400FB, 0x00)
EXT_ID_ADDR = 0xA400FA
CALIBRATION_ADDR = 0xA40020  # 32 bytes: 0x20-0x3F
CALIBRATION_LEN = 32
REF_TEMP_ADDR = 0xA40060  # 2 bytes
CALIBRATION_AREA = range(0xA40020, 0xA40062)  # never written

BUTTON_A = 0x08  # byte 2 of every input report: the board's front button
FLAG_BATTERY_LOW = 0x01
FLAG_EXTENSION = 0x02  # status byte 3: something is in the extension port (the board's sensors always are)
READ_ERROR_NO_DEVICE = 7  # a read reply's error when nothing answers at that address (a remote's empty port)


class WiiProtocolError(ValueError):
    """Bytes that break the board's protocol."""


# ---- output reports ----------------------------------------------------------
def led_on() -> bytes:
    return bytes([LED, 0x10])


def status_request() -> bytes:
    return bytes([STATUS_REQUEST, 0x00])


def set_mode(mode: int = DATA_19, continuous: bool = True) -> bytes:
    return bytes([MODE, 0x04 if continuous else 0x00, mode])


def write_register(address: int, data: bytes) -> bytes:
    """`16 04 A2 A1 A0 NN D0..D15`; refuses the calibration area (wiiuse #155 overwrote a user's board)."""
    if not 1 <= len(data) <= 16:
        raise WiiProtocolError(_("a register write carries 1 to 16 bytes"))
    if any(a in CALIBRATION_AREA for a in range(address, address + len(data))):
        raise WiiProtocolError(_("refusing to write the board's factory calibration area"))
    return bytes([WRITE, CONTROL_SPACE]) + address.to_bytes(3, "big") + bytes([len(data)]) + data.ljust(16, b"\0")


def read_register(address: int, length: int) -> bytes:
    return bytes([READ, CONTROL_SPACE]) + address.to_bytes(3, "big") + length.to_bytes(2, "big")


# ---- input reports -------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Status:
    button: bool
    battery_low: bool
    extension: bool
    battery_byte: int


@dataclasses.dataclass(frozen=True)
class ReadReply:
    offset: int  # low 16 bits of the address
    error: int
    data: bytes


@dataclasses.dataclass(frozen=True)
class Ack:
    report: int
    error: int


@dataclasses.dataclass(frozen=True)
class Data:
    button: bool
    raw: tuple[int, int, int, int]  # TR, BR, TL, BL as sent
    temperature: int | None  # signed byte, 0x34 reports only
    battery_byte: int | None


def parse(report: bytes | list[int]):
    """One input report -> Status, ReadReply, Ack, Data, or None for reports we do not use."""
    r = bytes(report)
    if not r:
        return None
    kind = r[0]
    button = len(r) > 2 and bool(r[2] & BUTTON_A)
    if kind == STATUS and len(r) >= 7:
        return Status(button, bool(r[3] & FLAG_BATTERY_LOW), bool(r[3] & FLAG_EXTENSION), r[6])
    if kind == READ_REPLY and len(r) >= 6:
        size = (r[3] >> 4) + 1
        return ReadReply(int.from_bytes(r[4:6], "big"), r[3] & 0x0F, r[6:6 + size])
    if kind == ACK and len(r) >= 5:
        return Ack(r[3], r[4])
    if kind in (DATA_8, DATA_19) and len(r) >= 11:
        raw = struct.unpack(">4H", r[3:11])
        if kind == DATA_19 and len(r) >= 14:
            return Data(button, raw, struct.unpack("b", r[11:12])[0], r[13])
        return Data(button, raw, None, None)
    return None


# ---- calibration -----------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class FactoryCalibration:
    """The board's own 0 / 17 / 34 kg points per sensor, in wire order TR, BR, TL, BL."""

    c0: tuple[int, int, int, int]
    c17: tuple[int, int, int, int]
    c34: tuple[int, int, int, int]
    battery_ref: int
    reference_temperature: int
    crc_ok: bool

    def kg(self, raw) -> tuple[float, float, float, float]:
        """Unclamped kg in wire order; negative below the 0 kg point (needed for a software tare)."""
        return tuple(float(v) for v in wii_kg(raw, self.c0, self.c17, self.c34))


def crc(block: bytes, temperature: bytes) -> int:
    """CRC-32 over 0x24-0x3B, then 0x20-0x21, then 0x60-0x61 (wbb.md 4.2)."""
    return zlib.crc32(block[4:28] + block[0:2] + temperature) & 0xFFFFFFFF


def parse_calibration(block: bytes, temperature: bytes) -> FactoryCalibration:
    """`block` = the 32 bytes at 0xA40020, `temperature` = the 2 bytes at 0xA40060."""
    if len(block) != CALIBRATION_LEN or len(temperature) != 2:
        raise WiiProtocolError(_("calibration block must be 32 bytes and the temperature pair 2"))
    words = struct.unpack(">12H", block[4:28])
    c0, c17, c34 = words[0:4], words[4:8], words[8:12]
    for i, name in enumerate(("top-right", "bottom-right", "top-left", "bottom-left")):
        if not c0[i] < c17[i] < c34[i]:
            raise WiiProtocolError(_("calibration of the {name} sensor is not increasing ({c0}, {c17}, {c34}): the "
                                     "block was misread").format(name=name, c0=c0[i], c17=c17[i], c34=c34[i]))
    stored = int.from_bytes(block[28:32], "big")
    return FactoryCalibration(c0, c17, c34, block[1], temperature[0], crc(block, temperature) == stored)


def battery_level(battery_byte: int, reference: int) -> float:
    """0..1 from the data report's battery byte against the calibration reference (wbb.md 4.4)."""
    excess = battery_byte - reference
    if excess >= 0x19:
        return 1.0
    if excess >= 0x14:
        return 0.75
    if excess >= 0x0F:
        return 0.5
    if excess >= 0x01:
        return 0.25
    return 0.0


def dead_batteries(raw) -> bool:
    """All four words zero: the sensors stopped while the radio still sends (wbb.md 4.4)."""
    return all(v == 0 for v in raw)


def to_corners(kg_wire) -> tuple[float, float, float, float]:
    """Wire order TR, BR, TL, BL -> our order tl, tr, bl, br."""
    tr, br, tl, bl = kg_wire
    return tl, tr, bl, br
