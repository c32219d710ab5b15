"""Level files (TOML) validated into frozen dataclasses at load time.

A mistake names the file and line, the key and, for a typo, the closest known key.

Numbers follow one generic rule (the mechanics' Params declare types, not ranges):
every number must be finite; a setting whose name ends in `_fraction` lies in [0, 1];
one ending in `_at` (a point in time as a share) in [0, 1]; a body measure (`_cm`) in
[0, 250] with 0 meaning the player's own; a bonus or penalty is at least 0; every other
number is greater than 0. Durations (`_s`, `_seconds`) are at most
3600 s, other numbers at most 1e6, whole numbers at most 1000.
"""
from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
from pathlib import Path

from poise.drivers import numbers


class LevelFileError(ValueError):
    """A level file that cannot be used; the message names the file and the key."""


KINDS = ("game", "exercise", "assessment")  # what a level is, for the listing (`poise levels`)
FITS = ("warm-up", "weight shift", "strength")  # the daily programme's roles a level file may say it fits


@dataclasses.dataclass(frozen=True)
class LevelSpec:
    """A level file, validated: what the title screen, the programme and `poise levels` know of a level."""

    id: str
    title: str
    mechanic: str
    kind: str  # one of KINDS
    summary: str
    instructions: str
    needs_support: bool  # single-leg or eyes-closed: ask for a wall or chair first
    params: object  # the mechanic's own Params dataclass
    fits: tuple[str, ...] = ()  # roles of the daily programme (FITS) where the level may be planned
    source: str = ""
    domain: str = "poise"  # the gettext domain its text is translated in (its package's catalogue)

    def text(self, name: str) -> str:
        """The level file's `name` ("title", "summary", "instructions") in the player's language (the file
        holds English; catalogue.extract puts it in the template)."""
        from poise.i18n import gettext

        return gettext(getattr(self, name), self.domain)


SPEC_KEYS = {f.name for f in dataclasses.fields(LevelSpec)} - {"params", "source", "fits", "domain"}
OPTIONAL_KEYS = {"fits"}


def load(path: Path, params_for: typing.Callable[[str], type]) -> LevelSpec:
    """Read one level file; `params_for(mechanic)` gives that mechanic's Params class."""
    return loads(read_text(path), str(path), params_for)


def read_text(path: Path) -> str:
    """A settings file's text: UTF-8 (a byte-order mark is fine); a mistake names the file and line."""
    name = str(path)
    try:
        raw_bytes = Path(path).read_bytes()
    except OSError as exc:
        raise LevelFileError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw_bytes.decode("utf-8-sig")  # a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError as exc:
        line = raw_bytes[:exc.start].count(b"\n") + 1
        raise LevelFileError(f"{name}:{line}: not valid UTF-8 text (byte {raw_bytes[exc.start]:#04x}); "
                             "save the file as UTF-8") from None


def parse_toml(text: str, name: str) -> dict:
    """TOML text as a dict; a syntax error names the file and line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"at line (\d+)", str(exc))
        raise LevelFileError(f"{name}:{where.group(1) if where else 1}: not valid TOML: {exc}") from None


def loads(text: str, name: str, params_for: typing.Callable[[str], type]) -> LevelSpec:
    """`load` on the text of a level file; `name` is used in messages."""
    data = parse_toml(text, name)
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    _check_keys(name, "", top, SPEC_KEYS | OPTIONAL_KEYS, text)
    missing = SPEC_KEYS - top.keys()
    if missing:
        raise LevelFileError(f"{name}:1: missing key {sorted(missing)[0]!r}")
    for key in SPEC_KEYS:
        want = bool if key == "needs_support" else str
        if not isinstance(top[key], want):
            raise LevelFileError(f"{name}:{line_of(text, key)}: key {key!r} must be a {want.__name__}, "
                                 f"not {top[key]!r}")
    if top["kind"] not in KINDS:
        raise LevelFileError(f"{name}:{line_of(text, 'kind')}: key 'kind' must be one of {', '.join(KINDS)}, "
                             f"not {top['kind']!r}")
    fits = top.get("fits", [])
    if not isinstance(fits, list) or any(f not in FITS for f in fits):
        raise LevelFileError(f"{name}:{line_of(text, 'fits')}: key 'fits' must list roles of the daily programme "
                             f"({', '.join(FITS)}), not {fits!r}")
    try:
        params_cls = params_for(top["mechanic"])
    except KeyError as exc:
        raise LevelFileError(f"{name}:{line_of(text, 'mechanic')}: key 'mechanic': {exc.args[0]}") from None
    if set(tables) - {"params"}:
        bad = sorted(set(tables) - {"params"})[0]
        raise LevelFileError(f"{name}:{line_of(text, None, bad)}: unknown table [{bad}] "
                             "(level settings go in [params])")
    params = build_params(name, params_cls, tables.get("params", {}), text)
    return LevelSpec(params=params, source=name, fits=tuple(fits), **{k: top[k] for k in SPEC_KEYS})


def build_params(name: str, cls: type, raw: dict, text: str = "", table: str = "params") -> object:
    """`raw` (the [table] of a TOML file, or its top level when `table` is "") as a `cls` dataclass; a mistake
    names the file, line and key."""
    fields = {f.name: f for f in dataclasses.fields(cls)}
    prefix = f"{table}." if table else ""
    _check_keys(name, prefix, raw, set(fields), text)
    required = [f.name for f in fields.values() if f.init and f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING]
    missing = [key for key in required if key not in raw]
    if missing:
        raise LevelFileError(f"{name}:{line_of(text, None, table)}: missing key '{prefix}{missing[0]}'")
    hints = typing.get_type_hints(cls)
    values = {}
    for key, value in raw.items():
        where = f"{name}:{line_of(text, key, table)}"
        values[key] = _coerce(where, f"{prefix}{key}", value, hints[key])
        _check_numbers(where, key, values[key], prefix)
    try:
        return cls(**values)
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:
        named = next((k for k in raw if k in str(exc)), None)
        raise LevelFileError(f"{name}:{line_of(text, named, table)}: {exc}") from None


def value_range(key: str, integer: bool = False) -> tuple[float, float, bool]:
    """(lowest, highest, lowest excluded) for a level setting, by the generic rule of this module."""
    if key.endswith(("_fraction", "_at")):
        return 0.0, 1.0, False
    if key.endswith("_cm"):  # a body measure; 0 means the player's own
        return 0.0, 250.0, False
    if integer:
        return 0.0, 1000.0, not key.startswith("max_")
    high = 3600.0 if key.endswith(("_s", "_seconds")) else 1e6
    return 0.0, high, not ("bonus" in key or "penalty" in key)


def _check_numbers(where: str, key: str, value: object, prefix: str = "params.") -> None:
    for v in value if isinstance(value, tuple) else (value,):
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            lo, hi, lo_open = value_range(key, isinstance(v, int))
            try:
                numbers.check(v, lo, hi, lo_open)
            except ValueError as exc:
                raise LevelFileError(f"{where}: key '{prefix}{key}' {exc}") from None


def line_of(text: str, key: str | None, table: str = "") -> int:
    """The line where `key` is set (inside [table] when given); else the table's line, else 1."""
    lines = text.splitlines()
    start = -1
    if table:
        header = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]")
        start = next((i for i, line in enumerate(lines) if header.match(line)), -1)
    if key is not None:
        dotted = rf"(?:{re.escape(table)}\s*\.\s*)?" if table else ""
        pattern = re.compile(rf"\s*{dotted}[\"']?{re.escape(key)}[\"']?\s*=")
        for i in range(max(start, 0), len(lines)):
            if pattern.match(lines[i]):
                return i + 1
    return start + 1 if start >= 0 else 1


def _check_keys(name: str, prefix: str, raw: dict, known: set[str], text: str = "") -> None:
    for key in raw:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            also = f"; did you mean {prefix}{hint[0]!r}?" if hint else f"; known keys: {', '.join(sorted(known))}"
            line = line_of(text, key, prefix.rstrip("."))
            raise LevelFileError(f"{name}:{line}: unknown key {prefix}{key!r}{also}")


def _coerce(name: str, key: str, value: object, hint: object) -> object:
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        inner = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise LevelFileError(f"{name}: key {key!r} must be a list, not {value!r}")
        return tuple(_coerce(name, key, v, inner) for v in value)
    if isinstance(hint, types.UnionType):
        hint = typing.get_args(hint)[0]
    if hint is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            raise LevelFileError(f"{name}: key {key!r} is too large: {value!r}") from None
    if hint in (int, str, bool) and type(value) is hint:
        return value
    kind = getattr(hint, "__name__", str(hint))
    raise LevelFileError(f"{name}: key {key!r} must be {kind}, not {value!r}")
