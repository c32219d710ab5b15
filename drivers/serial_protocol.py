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
    """Bytes in, frames out. `corrupt` counts frames dropped; `noise` counts bytes thrown away.

    What comes out, and both counts, depend only on the byte stream, never on how the reads chunked
    it: a run longer than MAX_FRAME is one dropped frame that lasts until the next 0x00 (its bytes are
    discarded as they come, so the buffer stays small, and counted when the run ends)."""

    def __init__(self):
        self.buffer = bytearray()
        self.corrupt = 0
        self.noise = 0
        self.synced = False  # the first bytes after opening may start mid-frame
        self._overlong = 0  # bytes of the current over-long run already discarded

    @property
    def unframed(self) -> int:
        """Bytes thrown away so far, an over-long run in progress included: what came that is no frame."""
        return self.noise + self._overlong

    def feed(self, data: bytes) -> list:
        out = []
        self.buffer += data
        while True:
            end = self.buffer.find(b"\x00")
            if end < 0:
                if len(self.buffer) > MAX_FRAME:  # a run with no delimiter: noise until the next 0x00
                    self._overlong += len(self.buffer)
                    self.buffer.clear()
                break
            raw = bytes(self.buffer[:end])
            del self.buffer[:end + 1]
            overlong, self._overlong = self._overlong, 0
            if not self.synced:
                self.synced = True
                if raw or overlong:  # a partial frame from before we started listening
                    self.noise += len(raw) + overlong
                    continue
            if overlong:
                self.noise += overlong + len(raw)
                self.corrupt += 1
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
    """Samples lost between two sequence numbers (16-bit, wrapping), going forward."""
    if previous is None:
        return 0
    return (current - previous - 1) & 0xFFFF


# --- which samples belong to the stream -------------------------------------------------------------
LATE_WINDOW = 64  # a number at most this far behind the newest is a late or repeated frame
DIRECT_JUMP = 64  # a jump forward up to this many numbers is taken at once when the board's clock agrees
MAX_STEP_US = 1_000_000  # consecutive samples further apart on the board's clock do not belong together
PERIOD_TOLERANCE = 2.0  # a jump of n numbers must take n sample periods, within this factor
MISSING_KEPT = 256  # numbers counted as lost that a late frame may still fill in


class SequenceTracker:
    """Sorts SAMPLE frames by their `seq` and `t_us` into the stream and the rest (pure, no I/O).

    `accept(frame)` returns what the frame is:
      "ok"        the next sample of the stream (numbers skipped before it count as `lost`)
      "duplicate" a number already seen: dropped
      "late"      a number counted as lost that arrived after a newer one (a reorder): dropped, and no
                  longer counted as lost
      "misfit"    a number or board time that does not fit the stream (a corrupted frame whose CRC
                  happened to pass, a long gap, or the first frame of a restarted board): dropped and
                  held; the next frame tells which
      "restart"   the board started a new stream (power-up, watchdog or brown-out reset: seq and t_us
                  start again, and the first frame says STATUS_RESET); nothing counted as lost
      "resync"    a new stream without a sign of a reset: accepted, nothing counted as lost
    A jump forward fits only if the board's clock moved by about as many sample periods (the period is
    learnt from the stream, so a board far off its nominal rate still fits); a jump of more than
    DIRECT_JUMP numbers, or anything that does not fit, is believed only once the next frame follows it.
    So one corrupted frame can neither count thousands of samples as lost nor break the stream.
    """

    def __init__(self, nominal_hz: float = 80.0):
        self.nominal_period_us = 1e6 / max(1.0, nominal_hz)
        self.lost = self.duplicates = self.late = self.misfits = self.restarts = self.resyncs = 0
        self.new_stream()

    def new_stream(self) -> None:
        """Forget the stream (a new connection): the next frame starts it without counting anything."""
        self.last: SampleFrame | None = None
        self.candidate: SampleFrame | None = None
        self._steps: list[int] = []
        self._missing: dict[int, None] = {}

    @property
    def dropped(self) -> int:
        """Frames that passed their CRC and were left out: duplicates, late and misfit frames."""
        return self.duplicates + self.late + self.misfits

    @property
    def period_us(self) -> float:
        if not self._steps:
            return self.nominal_period_us
        return float(sorted(self._steps)[len(self._steps) // 2])

    def _fits(self, after: SampleFrame, f: SampleFrame) -> bool:
        """Does `f` continue the stream that `after` is in, by number and by the board's clock?"""
        d = (f.seq - after.seq) & 0xFFFF
        dt = (f.t_us - after.t_us) & 0xFFFFFFFF  # the board's clock going back shows as >= 2^31
        if d == 0 or d >= 0x8000 or dt == 0 or dt >= 1 << 31:
            return False
        if d == 1:
            return dt <= MAX_STEP_US
        expected = d * self.period_us
        return expected / PERIOD_TOLERANCE <= dt <= expected * PERIOD_TOLERANCE

    @staticmethod
    def _follows(c: SampleFrame, f: SampleFrame) -> bool:
        """Is `f` the very next sample after `c`?"""
        dt = (f.t_us - c.t_us) & 0xFFFFFFFF
        return (f.seq - c.seq) & 0xFFFF == 1 and 0 < dt <= MAX_STEP_US

    def accept(self, f: SampleFrame) -> str:
        last = self.last
        if last is None:
            self._adopt(f)
            return "ok"
        c = self.candidate
        if c is not None and self._follows(c, f):
            self.misfits -= 1  # the frame held back was no misfit: the stream goes on from it
            if self._fits(last, c):  # a long gap on the same clock: everything between, and c, was lost
                self._advance(f, (f.seq - last.seq - 1) & 0xFFFF)
                return "ok"
            restarted = bool(c.status & STATUS_RESET) or ((c.t_us - last.t_us) & 0xFFFFFFFF) >= 1 << 31
            if restarted:
                self.restarts += 1
            else:
                self.resyncs += 1
            self._missing.clear()
            self._steps = []
            self._adopt(f)
            return "restart" if restarted else "resync"
        if (last.seq - f.seq) & 0xFFFF <= LATE_WINDOW and not f.status & STATUS_RESET:
            if f.seq in self._missing:
                del self._missing[f.seq]
                self.lost -= 1
                self.late += 1
                return "late"
            self.duplicates += 1
            return "duplicate"
        if (f.seq - last.seq) & 0xFFFF <= DIRECT_JUMP and self._fits(last, f):
            self._advance(f, (f.seq - last.seq - 1) & 0xFFFF)
            return "ok"
        self.candidate = f
        self.misfits += 1
        return "misfit"

    def _advance(self, f: SampleFrame, gap: int) -> None:
        last = self.last
        self.lost += gap
        for k in range(max(0, gap - MISSING_KEPT), gap):
            self._missing[(last.seq + 1 + k) & 0xFFFF] = None
        while len(self._missing) > MISSING_KEPT:
            del self._missing[next(iter(self._missing))]
        if gap == 0:
            self._steps = (self._steps + [(f.t_us - last.t_us) & 0xFFFFFFFF])[-16:]
        self._adopt(f)

    def _adopt(self, f: SampleFrame) -> None:
        self.last, self.candidate = f, None


# --- codes an HX711 sends when something is wrong -----------------------------------------------------
FULL_SCALE = 0x7FFFFF  # the HX711's output is 24-bit two's complement, 0x800000 to 0x7FFFFF (datasheet)
SATURATION_CODES = (0x7FFFFF, -0x800000)
NEAR_FULL_SCALE = 0.99  # a count within about 1 % of full scale is no reading: clipped, or a firmware misread
# No load cell within its rating drives an HX711 at gain 128 past this share of its range (a 2 mV/V cell at full
# rated load gives about half of it): more is a firmware that reads the bits wrongly, the wrong gain or a wiring fault.
# A firmware that samples DOUT one bit late reads DOUT's ready-low level as the sign bit and drops the last bit:
# every count is halved, and every negative count lands above half of full scale.
IMPOSSIBLE_SHARE = 0.6
# DOUT read high or low for part of a conversion: all-ones or all-zeros runs (2^22-1, 2^21-1, ..., -1, 0)
GLITCH_CODES = frozenset({0, -1} | {(1 << k) - 1 for k in range(8, 24)} | {-(1 << k) for k in range(8, 24)})


def channel_faults(f: SampleFrame) -> tuple[int, int, int, int]:
    """(missing, saturated, impossible, coded) channel masks of one sample: chips that did not answer (status
    bits), channels within about 1 % of full scale, channels beyond what a load cell can give (IMPOSSIBLE_SHARE
    of full scale), channels whose count is a known glitch code."""
    missing = f.status & STATUS_MISSING_MASK
    saturated = impossible = coded = 0
    for ch, c in enumerate(f.counts):
        share = abs(c) / FULL_SCALE
        if share >= NEAR_FULL_SCALE:
            saturated |= 1 << ch
        elif share >= IMPOSSIBLE_SHARE:
            impossible |= 1 << ch
        elif c in GLITCH_CODES:
            coded |= 1 << ch
    return missing, saturated & ~missing, impossible & ~missing, coded & ~missing
