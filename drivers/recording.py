"""The recording format (DESIGN.md): CSV with `# key: value` metadata.

Two variants: corner loads `t,tl,tr,bl,br` (kg) and COP only `t,x,y` (mm).
Every reader error names the file and the line, so a user can fix it.
"""
from __future__ import annotations

import dataclasses
import io
import math
from pathlib import Path
from typing import Iterable

import numpy as np

FORMAT_VERSION = "1"
LOAD_COLUMNS = ("t", "tl", "tr", "bl", "br")
COP_COLUMNS = ("t", "x", "y")


class RecordingError(ValueError):
    """A recording that cannot be read; the message says where and why."""


@dataclasses.dataclass
class Recording:
    meta: dict[str, str]
    columns: tuple[str, ...]
    data: np.ndarray  # (N, len(columns)) float

    @property
    def kind(self) -> str:
        return "loads" if self.columns == LOAD_COLUMNS else "cop"

    @property
    def t(self) -> np.ndarray:
        return self.data[:, 0]


def to_text(rows: Iterable[tuple[float, ...]], meta: dict[str, object], columns=LOAD_COLUMNS) -> str:
    """Serialise rows; floats keep 6 decimals for time and 3 for loads or mm."""
    out = io.StringIO()
    out.write(f"# poise-recording: {FORMAT_VERSION}\n")
    for key, value in meta.items():
        out.write(f"# {key}: {value}\n")
    out.write(",".join(columns) + "\n")
    for row in rows:
        out.write(f"{row[0]:.6f}," + ",".join(_num(v) for v in row[1:]) + "\n")
    return out.getvalue()


def _num(v: float) -> str:
    if math.isnan(v):
        return "nan"
    text = f"{v:.3f}"
    return "0.000" if text == "-0.000" else text  # no negative zero in the data


def write(path: Path, rows: Iterable[tuple[float, ...]], meta: dict[str, object], columns=LOAD_COLUMNS) -> None:
    Path(path).write_text(to_text(rows, meta, columns), encoding="utf-8")


def read(path: Path) -> Recording:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot read recording: {exc}") from None
    return parse(text, str(path))


def parse(text: str, name: str = "<recording>") -> Recording:
    meta: dict[str, str] = {}
    columns: tuple[str, ...] | None = None
    rows: list[list[float]] = []
    last_t = -math.inf
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                meta[key.strip()] = value.strip()
            continue
        fields = [f.strip() for f in line.split(",")]
        if columns is None:
            columns = _header(fields, name, lineno)
            continue
        if len(fields) != len(columns):
            raise RecordingError(f"{name}:{lineno}: expected {len(columns)} values ({','.join(columns)}), found {len(fields)}")
        try:
            values = [float(f) for f in fields]
        except ValueError:
            bad = next(f for f in fields if not _is_float(f))
            raise RecordingError(f"{name}:{lineno}: {bad!r} is not a number") from None
        if not values[0] > last_t:
            raise RecordingError(f"{name}:{lineno}: time {values[0]} does not increase (previous {last_t})")
        last_t = values[0]
        rows.append(values)
    if columns is None:
        raise RecordingError(f"{name}: empty recording: no column header (expected t,tl,tr,bl,br or t,x,y)")
    if not rows:
        raise RecordingError(f"{name}: recording has a header but no samples")
    return Recording(meta, columns, np.array(rows, dtype=float))


def _header(fields: list[str], name: str, lineno: int) -> tuple[str, ...]:
    got = tuple(f.lower() for f in fields)
    for columns in (LOAD_COLUMNS, COP_COLUMNS):
        if got == columns:
            return columns
    missing = [c for c in LOAD_COLUMNS if c not in got] if len(got) > 3 else [c for c in COP_COLUMNS if c not in got]
    raise RecordingError(
        f"{name}:{lineno}: unknown columns {','.join(fields)!r}: expected t,tl,tr,bl,br or t,x,y"
        + (f" (missing {', '.join(missing)})" if missing else "")
    )


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
