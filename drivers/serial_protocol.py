"""The load-cell board's wire format (hardware/PROTOCOL.md): pure encode and decode, no I/O.

Every message is payload + CRC-16/XMODEM (little-endian), COBS-encoded and
terminated by one 0x00 byte. The decoder takes arbitrary chunks of bytes,
counts what it must throw away, and never yields anything from a frame that
fails its length or checksum: after garbage it resumes at the next 0x00.
"""
from __future__ import annotations

import binascii
import dataclasses
import struct

MSG_SAMPLE, MSG_INFO, MSG_ACK = 0x53, 0x49, 0x41
CMD_IDENTIFY, CMD_START, CMD_STOP, CMD_PING, CMD_RESET_ADC = 0x69, 0x73, 0x78, 0x70, 0x72
PROTOCOL_VERSION = 1
MAGIC = b"POIS"
STATUS_MISSING_MASK, STATUS_SATURATED, STATUS_RESET, STATUS_SETTLING = 0x0F, 0x10, 0x20, 0x40
MAX_FRAME = 64  # anything longer between delimiters is noise


def crc16(data: bytes) -> int:
    """CRC-16/XMODEM (poly 0x1021, init 0): the same as avr-libc's _crc_xmodem_update."""
    return binascii.crc_hqx(data, 0)


def cobs_encode(data: bytes) -> bytes:
    out = bytearray([0])
    code_at, code = 0, 1
    for b in data:
        if b == 0:
            out[code_at] = code
            code_at, code = len(out), 1
            out.append(0)
        else:
            out.append(b)
            code += 1
            if code == 0xFF:
                out[code_at] = code
                code_at, code = len(out), 1
                out.append(0)
    out[code_at] = code
    return bytes(out)


def cobs_decode(data: bytes) -> bytes | None:
    out = bytearray()
    i = 0
    while i < len(data):
        code = data[i]
        i += 1
        if code == 0 or i + code - 1 > len(data):
            return None
        chunk = data[i:i + code - 1]
        if 0 in chunk:
            return None
        out += chunk
        i += code - 1
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def frame(payload: bytes) -> bytes:
    """payload -> bytes on the wire."""
    return cobs_encode(payload + struct.pack("<H", crc16(payload))) + b"\x00"


def command(cmd: int) -> bytes:
    return frame(bytes([cmd]))


@dataclasses.dataclass(frozen=True)
class SampleFrame:
    seq: int
    t_us: int
    counts: tuple[int, int, int, int]  # channel order tl, tr, bl, br
    status: int

    @property
    def missing(self) -> list[int]:
        return [ch for ch in range(4) if self.status & (1 << ch)]


@dataclasses.dataclass(frozen=True)
class InfoFrame:
    protocol: int
    firmware: str
    board_id: int
    channels: int
    rate_hz: int
    streaming: bool


@dataclasses.dataclass(frozen=True)
class AckFrame:
    command: int
    result: int


def _int24(b: bytes) -> int:
    v = b[0] | (b[1] << 8) | (b[2] << 16)
    return v - (1 << 24) if v & 0x800000 else v


def parse_payload(p: bytes):
    """A checked payload -> SampleFrame / InfoFrame / AckFrame, or None if its shape is wrong."""
    kind = p[0]
    if kind == MSG_SAMPLE and len(p) == 20:
        seq, t_us = struct.unpack_from("<HI", p, 1)
        counts = tuple(_int24(p[7 + 3 * ch:10 + 3 * ch]) for ch in range(4))
        return SampleFrame(seq, t_us, counts, p[19])
    if kind == MSG_INFO and len(p) == 16 and p[1:5] == MAGIC:
        return InfoFrame(p[5], f"{p[6]}.{p[7]}.{p[8]}", struct.unpack_from("<I", p, 9)[0], p[13], p[14], bool(p[15]))
    if kind == MSG_ACK and len(p) == 3:
        return AckFrame(p[1], p[2])
    return None


class Decoder:
    """Bytes in, frames out. `corrupt` counts frames dropped; `noise` counts bytes thrown away."""

    def __init__(self):
        self.buffer = bytearray()
        self.corrupt = 0
        self.noise = 0
        self.synced = False  # the first bytes after opening may start mid-frame

    def feed(self, data: bytes) -> list:
        out = []
        self.buffer += data
        while True:
            end = self.buffer.find(b"\x00")
            if end < 0:
                if len(self.buffer) > MAX_FRAME:  # a run with no delimiter: noise
                    self.noise += len(self.buffer)
                    self.corrupt += 1
                    self.buffer.clear()
                break
            raw = bytes(self.buffer[:end])
            del self.buffer[:end + 1]
            if not self.synced:
                self.synced = True
                if raw:  # a partial frame from before we started listening
                    self.noise += len(raw)
                    continue
            if not raw:
                continue
            parsed = self._check(raw)
            if parsed is None:
                self.corrupt += 1
                self.noise += len(raw)
            else:
                out.append(parsed)
        return out

    @staticmethod
    def _check(raw: bytes):
        if len(raw) > MAX_FRAME:
            return None
        decoded = cobs_decode(raw)
        if decoded is None or len(decoded) < 3:
            return None
        payload, crc = decoded[:-2], struct.unpack("<H", decoded[-2:])[0]
        if crc16(payload) != crc:
            return None
        return parse_payload(payload)


def sequence_gap(previous: int | None, current: int) -> int:
    """Samples lost between two sequence numbers (16-bit, wrapping)."""
    if previous is None:
        return 0
    return (current - previous - 1) & 0xFFFF
