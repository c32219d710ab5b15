"""The recording format (docs/design.md): CSV with `# key: value` metadata.

Two variants: corner loads `t,tl,tr,bl,br` (kg) and COP only `t,x,y` (mm). Either may carry two
optional trailing columns, in this order: `board_t`, the board's own sensing clock (s), for boards
that send one; `flags`, the sample's flag bits (an integer, drivers.base FLAG_*), so a sample a
driver marked invalid keeps its raw value and the reason it must not be used.
Every reader error names the file and the line, so a user can fix it.

Rules the reader enforces (one line `file:line: why` when broken):
- UTF-8 text; a byte-order mark at the start is accepted.
- Time is a finite number of seconds and strictly increases.
- Loads are finite kg. In the COP variant `nan` in x and y means nobody on the board (as the
  writer stores it); infinity is refused. A row with a non-finite load or time is refused, not
  dropped: a silently missing row would split the data analysed.
- Numeric metadata (`# weight: 70`, `# rate: 60`, `# geometry: 433x238 mm`) must be finite
  numbers in range (weight 1-400 kg, rate 0-10000 Hz, geometry 10-5000 mm each way).
- `# units: mm|cm|m` (before the column header) gives the COP variant's unit; x and y are
  converted to mm as they are read, so everything downstream sees mm (mm when absent). Corner
  loads are kg (`# units: kg` or nothing); any other unit is refused.
- Gaps in time are kept as they are; `replay://` plays a gap longer than 1 s as 1 s.
The file is read line by line into compact arrays; `iter_blocks` streams it in blocks for readers
that reduce the data as they go (`poise analyze` keeps only t, x, y: a 200 MB recording in a few
hundred MB).
"""
from __future__ import annotations

import array
import dataclasses
import math
import re
from pathlib import Path
from typing import Iterable

import numpy as np
from poise.i18n import _

FORMAT_VERSION = "1"
LOAD_COLUMNS = ("t", "tl", "tr", "bl", "br")
COP_COLUMNS = ("t", "x", "y")
OPTIONAL_COLUMNS = ("board_t", "flags")  # may follow either variant, in this order
TIME_COLUMNS = ("t", "board_t")  # written to 1 us


class RecordingError(ValueError):
    """A recording that cannot be read; the message says where and why."""


@dataclasses.dataclass
class Recording:
    meta: dict[str, str]
    columns: tuple[str, ...]
    data: np.ndarray  # (N, len(columns)) float

    @property
    def kind(self) -> str:
        return "loads" if self.columns[:5] == LOAD_COLUMNS else "cop"

    @property
    def t(self) -> np.ndarray:
        """Host time (s), shape (N,)."""
        return self.data[:, 0]

    @property
    def values(self) -> np.ndarray:
        """The variant's own columns: (N, 5) t, tl, tr, bl, br or (N, 3) t, x, y."""
        return self.data[:, :5] if self.kind == "loads" else self.data[:, :3]

    @property
    def board_t(self) -> np.ndarray | None:
        """The board's own sensing time (s), shape (N,), or None where the recording has none."""
        return self.data[:, self.columns.index("board_t")] if "board_t" in self.columns else None

    @property
    def flags(self) -> np.ndarray:
        """Flag bits per sample, shape (N,) int; zeros where the recording has none."""
        if "flags" not in self.columns:
            return np.zeros(len(self.data), dtype=np.int64)
        return self.data[:, self.columns.index("flags")].astype(np.int64)

    @property
    def valid(self) -> np.ndarray:
        """Per sample, shape (N,) bool: False where the flags mark a corner that must not be used."""
        from .base import invalid_corners

        return invalid_corners(self.flags) == 0


def to_text(rows: Iterable[tuple[float, ...]], meta: dict[str, object], columns=LOAD_COLUMNS) -> str:
    """Serialise rows; floats keep 6 decimals for time and 3 for loads or mm."""
    return header_text(meta, columns) + rows_text(rows, columns)


def header_text(meta: dict[str, object], columns=LOAD_COLUMNS) -> str:
    """The format line, the metadata and the column header: what a recording streamed to disk starts with."""
    lines = [f"# poise-recording: {FORMAT_VERSION}"] + [f"# {key}: {value}" for key, value in meta.items()]
    return "\n".join(lines + [",".join(columns)]) + "\n"


_NEGATIVE_ZERO = re.compile(r"-0\.000(?=[,\n])")  # a load or mm that rounds to zero is written 0.000


def rows_text(rows: Iterable[tuple[float, ...]], columns=LOAD_COLUMNS) -> str:
    """Sample rows as recording lines (appended after `header_text`, as they are taken)."""
    # one format per line, not one call per value: a stored recording is written out whole on every export
    line = ",".join("%.6f" if c in TIME_COLUMNS else "%d" if c == "flags" else "%.3f" for c in columns) + "\n"
    return _NEGATIVE_ZERO.sub("0.000", "".join([line % tuple(row) for row in rows]))


def sample_columns(own_clock: bool) -> tuple[str, ...]:
    """The columns a board's samples are recorded in: loads, the board's clock where it has one, flags."""
    return LOAD_COLUMNS + (("board_t",) if own_clock else ()) + ("flags",)


def sample_rows(samples, own_clock: bool) -> list[tuple[float, ...]]:
    """drivers.base.Sample -> rows in `sample_columns(own_clock)` order (a missing board time is NaN;
    the flags column carries the invalid corners in bits 4-7, base.stored_flags)."""
    from .base import stored_flags

    if own_clock:
        return [(s.t, s.tl, s.tr, s.bl, s.br, math.nan if s.board_t is None else s.board_t, stored_flags(s))
                for s in samples]
    return [(s.t, s.tl, s.tr, s.bl, s.br, stored_flags(s)) for s in samples]


def write(path: Path, rows: Iterable[tuple[float, ...]], meta: dict[str, object], columns=LOAD_COLUMNS,
          shared: bool = False) -> None:
    """Write a recording atomically and privately (files.py)."""
    from .files import write_text

    write_text(path, to_text(rows, meta, columns), shared=shared)


# numeric metadata: key -> (lowest, highest)
META_RANGES = {"weight": (1.0, 400.0), "rate": (0.0, 10000.0)}
GEOMETRY_MM = (10.0, 5000.0)


def read(path: Path) -> Recording:
    """Read a recording file line by line (never the whole text at once)."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            return _parse_lines(_decoded(f, str(path)), str(path))
    except OSError as exc:
        raise RecordingError(_("{path}: cannot read recording: {why}").format(
            path=path, why=exc.strerror or exc)) from None


def _decoded(lines, name: str):
    for lineno, raw in enumerate(lines, start=1):
        try:
            yield raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise RecordingError(_("{name}:{lineno}: not UTF-8 text (byte {byte:#04x} at column {column}); is this a "
                                   "recording?").format(
                name=name, lineno=lineno, byte=raw[exc.start], column=exc.start + 1)) from None


def parse(text: str, name: str = "<recording>") -> Recording:
    return _parse_lines(text.removeprefix("\ufeff").splitlines(), name)


def _check_meta(key: str, value: str, name: str, lineno: int) -> None:
    if key in META_RANGES:
        lo, hi = META_RANGES[key]
        try:
            v = float(value)
        except ValueError:
            v = math.nan
        if not (math.isfinite(v) and lo <= v <= hi) or (key == "rate" and v == 0):
            raise RecordingError(_("{name}:{lineno}: metadata {key} must be a finite number from {lo:g} to {hi:g}, "
                                   "not {value!r}").format(
                name=name, lineno=lineno, key=key, lo=lo, hi=hi, value=value))
    elif key == "units":
        if value.lower() not in COP_UNITS_MM and value.lower() != "kg":
            raise RecordingError(_("{name}:{lineno}: units must be mm, cm or m for t,x,y (kg for corner loads), not "
                                   "{value!r}").format(name=name, lineno=lineno, value=value))
    elif key == "geometry":
        m = re.fullmatch(r"\s*([^x\s]+)\s*x\s*([^x\s]+?)\s*(mm)?\s*", value)
        try:
            sizes = [float(m.group(1)), float(m.group(2))] if m else []
        except ValueError:
            sizes = []
        if len(sizes) != 2 or not all(math.isfinite(v) and GEOMETRY_MM[0] <= v <= GEOMETRY_MM[1] for v in sizes):
            raise RecordingError(_("{name}:{lineno}: metadata geometry must be WIDTHxDEPTH mm, each from {lo:g} to "
                                   "{hi:g}, not {value!r}").format(
                name=name, lineno=lineno, lo=GEOMETRY_MM[0], hi=GEOMETRY_MM[1], value=value))


def _parse_lines(lines, name: str) -> Recording:
    meta: dict[str, str] = {}
    columns: tuple[str, ...] = ()
    values_out = array.array("d")
    for meta, columns, block in _blocks(lines, name, CHUNK_ROWS):
        values_out.frombytes(block.tobytes())
    data = np.frombuffer(values_out, dtype=float).reshape(-1, len(columns))
    return Recording(meta, columns, data)


CHUNK_ROWS = 65536  # rows per block when streaming


def iter_blocks(path: Path, rows: int = CHUNK_ROWS):
    """Stream a recording as (meta, columns, block) with `block` an (n, len(columns)) float array of at
    most `rows` rows, in file order, checked and converted exactly as `read` does (COP in mm).

    For a reader that reduces the data as it goes (`poise analyze`): nothing keeps the whole file.
    `meta` is the dict read so far; every line before the column header is in it from the first block.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            yield from _blocks(_decoded(f, str(path)), str(path), rows)
    except OSError as exc:
        raise RecordingError(_("{path}: cannot read recording: {why}").format(
            path=path, why=exc.strerror or exc)) from None


def _blocks(lines, name: str, rows: int):
    meta: dict[str, str] = {}
    columns: tuple[str, ...] | None = None
    units_line = 0
    scale = 1.0  # COP variant: file units to mm
    buf = array.array("d")
    width = 0
    last_t = -math.inf
    for lineno, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                key, value = key.strip(), value.strip()
                _check_meta(key, value, name, lineno)
                if key == "units":
                    if columns is not None:
                        raise RecordingError(_("{name}:{lineno}: '# units:' must come before the column header").format(
                            name=name, lineno=lineno))
                    units_line = lineno
                meta[key] = value
            continue
        fields = [f.strip() for f in line.split(",")]
        if columns is None:
            columns = _header(fields, name, lineno)
            width = len(columns)
            scale = _units_scale(meta, columns, name, units_line)
            continue
        if len(fields) != width:
            raise RecordingError(_("{name}:{lineno}: expected {width} values ({columns}), found {found}").format(
                name=name, lineno=lineno, width=width, columns=','.join(columns), found=len(fields)))
        try:
            values = [float(f) for f in fields]
        except ValueError:
            bad = next(f for f in fields if not _is_float(f))
            raise RecordingError(_("{name}:{lineno}: {bad!r} is not a number").format(
                name=name, lineno=lineno, bad=bad)) from None
        if not math.isfinite(values[0]):
            raise RecordingError(_("{name}:{lineno}: time {given!r} is not a finite number").format(
                name=name, lineno=lineno, given=fields[0]))
        for column, v, text in zip(columns[1:], values[1:], fields[1:]):
            if not math.isfinite(v) and not (math.isnan(v) and column in ("x", "y")):
                raise RecordingError(_("{name}:{lineno}: {column} {text!r} is not a finite number").format(
                    name=name, lineno=lineno, column=column, text=text))
            if column == "flags" and not (v == int(v) and 0 <= v < 1 << 31):
                raise RecordingError(_("{name}:{lineno}: flags {text!r} must be a whole number from 0 to 2^31-1").format(
                    name=name, lineno=lineno, text=text))
        if not values[0] > last_t:
            raise RecordingError(_("{name}:{lineno}: time {t} does not increase (previous {last_t})").format(
                name=name, lineno=lineno, t=values[0], last_t=last_t))
        last_t = values[0]
        buf.extend(values)
        if len(buf) >= rows * width:
            yield meta, columns, _block(buf, width, scale)
            buf = array.array("d")
    if columns is None:
        raise RecordingError(_("{name}: empty recording: no column header (expected t,tl,tr,bl,br or t,x,y)").format(
            name=name))
    if buf:
        yield meta, columns, _block(buf, width, scale)
    elif last_t == -math.inf:
        raise RecordingError(_("{name}: recording has a header but no samples").format(name=name))


def _block(buf: array.array, width: int, scale: float) -> np.ndarray:
    block = np.frombuffer(buf, dtype=float).reshape(-1, width)
    if scale != 1.0:
        block[:, 1:3] *= scale  # COP variant in cm or m: everything downstream sees mm
    return block


COP_UNITS_MM = {"mm": 1.0, "cm": 10.0, "m": 1000.0}  # `# units:` of the t,x,y variant, to mm


def _units_scale(meta: dict[str, str], columns: tuple[str, ...], name: str, lineno: int) -> float:
    """mm per file unit for the COP variant's x and y (mm when the file does not say)."""
    if "units" not in meta:
        return 1.0
    unit = meta["units"].lower()
    if columns[1] == "x":
        scale = COP_UNITS_MM[unit]
        if scale != 1.0:
            meta["units"] = "mm"  # the data as read are in mm now
            meta["units_in_file"] = unit
        return scale
    if unit != "kg":
        raise RecordingError(_("{name}:{lineno}: units {unit!r} do not fit corner loads (t,tl,tr,bl,br are kg): write "
                               "'# units: kg' or leave the line out").format(name=name, lineno=lineno, unit=unit))
    return 1.0


def _header(fields: list[str], name: str, lineno: int) -> tuple[str, ...]:
    got = tuple(f.lower() for f in fields)
    for columns in (LOAD_COLUMNS, COP_COLUMNS):
        extra = got[len(columns):]
        if got[:len(columns)] == columns and extra == tuple(c for c in OPTIONAL_COLUMNS if c in extra):
            return got
    missing = [c for c in LOAD_COLUMNS if c not in got] if len(got) > 3 else [c for c in COP_COLUMNS if c not in got]
    raise RecordingError(
        f"{name}:{lineno}: unknown columns {','.join(fields)!r}: expected t,tl,tr,bl,br or t,x,y"
        " (optionally followed by board_t and flags)"
        + (f" (missing {', '.join(missing)})" if missing else "")
    )


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
