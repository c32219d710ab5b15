"""Raw samples stored small and exactly: the recording's own precision (1 us, 1 g), per-column
deltas, column by column, then lzma. Decoding gives back the recording text byte for byte."""
from __future__ import annotations

import json
import lzma
import struct

import numpy as np

from poise.drivers import recording

CODEC = "delta-lzma-1"
MAGIC = b"PSR1"


def _scale(column: str) -> float:
    """Each column's precision in the recording text: 1 us for times, whole flags, else 1 g (or 1 um)."""
    return 1e6 if column in recording.TIME_COLUMNS else 1.0 if column == "flags" else 1e3


_ENCODED: dict[str, bytes] = {}  # recordings encoded ahead, by their text (a few at most)


def remember(csv_text: str, blob: bytes) -> None:
    """`blob` is encode(csv_text), made ahead (in the game's worker process while frames go on:
    game/level/attempt.py), so that storing the attempt on the game's thread costs no encoding."""
    while len(_ENCODED) >= 4:
        del _ENCODED[next(iter(_ENCODED))]
    _ENCODED[csv_text] = blob


def encode(csv_text: str) -> bytes:
    """The stored form of a recording (taken from `remember` when it was made ahead)."""
    blob = _ENCODED.pop(csv_text, None)
    if blob is not None:
        return blob
    rec = recording.parse(csv_text)
    meta = {k: v for k, v in rec.meta.items() if k != "poise-recording"}
    t_us = np.round(rec.data[:, 0] * 1e6).astype(np.int64)
    missing = np.isnan(rec.data[:, 1:])  # COP recordings have gaps while nobody is on the board
    scales = np.array([_scale(c) for c in rec.columns[1:]])
    units = np.round(np.where(missing, 0.0, rec.data[:, 1:]) * scales).astype(np.int64)
    first = [int(v) for v in units[0]] if len(units) else []  # kept whole, so the deltas stay small
    head = json.dumps({"meta": meta, "columns": list(rec.columns), "t0_us": int(t_us[0]) if len(t_us) else 0,
                       "first": first}, separators=(",", ":")).encode()
    cols = [np.diff(t_us, prepend=t_us[:1])] + [np.diff(units[:, i], prepend=units[:1, i])
                                                for i in range(units.shape[1])]
    body = np.concatenate(cols).astype(np.int32).tobytes() + np.packbits(missing.T).tobytes()
    return MAGIC + struct.pack("<II", len(head), len(t_us)) + head + lzma.compress(body, preset=9)


def decode(blob: bytes) -> str:
    if blob[:4] != MAGIC:
        raise ValueError("not a Poise sample blob")
    head_len, n = struct.unpack_from("<II", blob, 4)
    head = json.loads(blob[12:12 + head_len])
    raw = lzma.decompress(blob[12 + head_len:])
    width = len(head["columns"])
    body = np.frombuffer(raw[: 4 * width * n], dtype=np.int32).astype(np.int64)
    missing = np.unpackbits(np.frombuffer(raw[4 * width * n:], dtype=np.uint8))[: (width - 1) * n]
    cols = body.reshape(width, n)
    t_us = head["t0_us"] + np.cumsum(cols[0]) - cols[0][0] if n else cols[0]
    first = np.array(head.get("first") or [0] * (width - 1), dtype=np.int64)  # blobs before board_t: 0
    values = (np.cumsum(cols[1:], axis=1).T + (first if n else 0)) / np.array([_scale(c) for c in head["columns"][1:]])
    values[missing.reshape(width - 1, n).T.astype(bool)] = np.nan
    rows = np.column_stack([t_us / 1e6, values])
    return recording.to_text(map(tuple, rows), head["meta"], tuple(head["columns"]))
