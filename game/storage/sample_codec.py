"""Raw samples stored small and exactly: the recording's own precision (1 us, 1 g), per-column
deltas, column by column, each column in the narrowest whole numbers that hold it (16, 32 or 64 bits), then
lzma. Decoding gives back the recording text byte for byte.

A finished attempt's samples are encoded from the arrays the game holds (`encode_rows`), rounded as the
recording text rounds them, so a save writes no text to parse again; `encode` takes recording text
(an attempt rescued to a file and imported later)."""
from __future__ import annotations

import json
import lzma
import math
import struct
import zlib

import numpy as np

from poise.drivers import recording
from poise.i18n import _

CODEC = "delta-lzma-2"
# xz's default level: on these deltas it compresses exactly as well as level 9 (measured on a one-minute and a
# three-minute recording) in half the time and a seventh of the memory (9 sets up a 64 MiB dictionary, some
# 670 MiB of work space, for a recording of 100-200 kB). Blobs of either level decode alike.
PRESET = 6
# PSR2: each column's width in the head ("widths", bytes a value); most deltas fit 16 bits, which lzma takes in
# 40 % of the time 32 bits took, to the same size within 1-2 %, and a gap longer than 36 min (2^31 us) no longer
# wraps round. PSR1 (codec delta-lzma-1, every column 32 bits) is still read.
MAGIC, MAGIC_32 = b"PSR2", b"PSR1"
HEADER, HEADER_32 = struct.Struct("<III"), struct.Struct("<II")  # the head's length, rows (PSR2: and its CRC-32)
WIDTHS = (np.dtype("<i2"), np.dtype("<i4"), np.dtype("<i8"))
BY_SIZE = {w.itemsize: w for w in WIDTHS}


def _scale(column: str) -> float:
    """Each column's precision in the recording text: 1 us for times, whole flags, else 1 g (or 1 um)."""
    return 1e6 if column in recording.TIME_COLUMNS else 1.0 if column == "flags" else 1e3


def encode(csv_text: str) -> bytes:
    """Recording text (either variant) -> blob; RecordingError when it is not a recording."""
    rec = recording.parse(csv_text)
    return encode_rows(rec.meta, rec.columns, rec.data)


def _units(values: np.ndarray, scale: float) -> np.ndarray:
    """`values` in whole units of 1/scale, rounded exactly as the recording text writes them (its decimals,
    correctly rounded from the binary value): the product `values * scale` carries a rounding error of its own,
    so values that land within a hair of half a unit are rounded through their decimal text instead."""
    scaled = values * scale
    units = np.round(scaled)
    digits = round(np.log10(scale))
    for i in np.flatnonzero(np.abs(np.abs(scaled - np.floor(scaled)) - 0.5) < 1e-6):
        units.flat[i] = round(float(f"{values.flat[i]:.{digits}f}") * scale)
    return units.astype(np.int64)


def encode_rows(meta: dict, columns: tuple[str, ...], data: np.ndarray) -> bytes:
    """A recording's metadata, columns and rows ((N, len(columns)) float, NaN for a gap) -> blob; `decode` gives
    back the text recording.to_text would write for them."""
    meta = {k: str(v).strip() for k, v in meta.items() if k != "poise-recording"}
    data = np.asarray(data, dtype=float).reshape(-1, len(columns))
    t_us = _units(data[:, 0], 1e6)
    missing = np.isnan(data[:, 1:])  # COP recordings have gaps while nobody is on the board
    units = np.column_stack([_units(np.where(missing[:, i], 0.0, data[:, 1 + i]), _scale(c))
                             for i, c in enumerate(columns[1:])]).reshape(len(data), len(columns) - 1)
    first = [int(v) for v in units[0]] if len(units) else []  # kept whole, so the deltas stay small
    cols = [np.diff(t_us, prepend=t_us[:1])] + [np.diff(units[:, i], prepend=units[:1, i])
                                                for i in range(units.shape[1])]
    widths = [_narrowest(c) for c in cols]
    head = json.dumps({"meta": meta, "columns": list(columns), "t0_us": int(t_us[0]) if len(t_us) else 0,
                       "first": first, "widths": [w.itemsize for w in widths]}, separators=(",", ":")).encode()
    body = b"".join(c.astype(w).tobytes() for c, w in zip(cols, widths)) + np.packbits(missing.T).tobytes()
    return MAGIC + HEADER.pack(len(head), len(t_us), zlib.crc32(head)) + head + lzma.compress(body, preset=PRESET)


def _whole(value) -> bool:
    """A whole number that sums with a recording's deltas without overflowing (a head's t0_us, first)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**62


def _narrowest(column: np.ndarray) -> np.dtype:
    """The narrowest of WIDTHS that holds every value of `column` (int64)."""
    if not len(column):
        return WIDTHS[0]
    lo, hi = int(column.min()), int(column.max())
    return next(w for w in WIDTHS if np.iinfo(w).min <= lo and hi <= np.iinfo(w).max)


def decode(blob: bytes) -> str:
    """Blob (PSR2, or PSR1 of earlier releases) -> recording text; ValueError (or KeyError, TypeError) for bytes
    that are not one. lzma's check sum guards the samples and, in PSR2, a CRC-32 the head (a changed width
    would read every later column wrongly); the samples' length must be what the head describes."""
    if blob[:4] == MAGIC:
        head_len, n, crc = HEADER.unpack_from(blob, 4)
        start = 4 + HEADER.size
        if zlib.crc32(blob[start:start + head_len]) != crc:
            raise ValueError(_("the sample blob's head is damaged"))
    elif blob[:4] == MAGIC_32:
        (head_len, n), start = HEADER_32.unpack_from(blob, 4), 4 + HEADER_32.size
    else:
        raise ValueError(_("not a Poise sample blob"))
    head = json.loads(blob[start:start + head_len])
    if not (isinstance(head, dict) and isinstance(head.get("meta"), dict) and isinstance(head.get("columns"), list)
            and all(isinstance(c, str) for c in head["columns"]) and _whole(head.get("t0_us"))
            and all(_whole(v) for v in head.get("first") or [])):
        raise ValueError(_("the sample blob's head is damaged"))
    raw = lzma.decompress(blob[start + head_len:])
    width = len(head["columns"])
    sizes = head["widths"] if blob[:4] == MAGIC else [4] * width
    if not isinstance(sizes, list) or len(sizes) != width or any(size not in BY_SIZE for size in sizes):
        raise ValueError(_("column widths {sizes!r} do not fit {width} columns").format(sizes=sizes, width=width))
    expected = sum(sizes) * n + math.ceil((width - 1) * n / 8)
    if len(raw) != expected:
        raise ValueError(_("the sample blob holds {got} bytes where its head says {expected}").format(
            got=len(raw), expected=expected))
    cols, at = [], 0
    for size in sizes:
        cols.append(np.frombuffer(raw, dtype=BY_SIZE[size], count=n, offset=at).astype(np.int64))
        at += size * n
    missing = np.unpackbits(np.frombuffer(raw[at:], dtype=np.uint8))[: (width - 1) * n]
    cols = np.array(cols).reshape(width, n)
    t_us = head["t0_us"] + np.cumsum(cols[0]) - cols[0][0] if n else cols[0]
    first = np.array(head.get("first") or [0] * (width - 1), dtype=np.int64)  # blobs before board_t: 0
    values = (np.cumsum(cols[1:], axis=1).T + (first if n else 0)) / np.array([_scale(c) for c in head["columns"][1:]])
    values[missing.reshape(width - 1, n).T.astype(bool)] = np.nan
    rows = np.column_stack([t_us / 1e6, values])
    return recording.to_text(map(tuple, rows), head["meta"], tuple(head["columns"]))
