"""Level files (TOML) validated into frozen dataclasses at load time.

A mistake names the file, the key and, for a typo, the closest known key.
"""
from __future__ import annotations

import dataclasses
import difflib
import tomllib
import types
import typing
from pathlib import Path


class LevelFileError(ValueError):
    """A level file that cannot be used; the message names the file and the key."""


@dataclasses.dataclass(frozen=True)
class LevelSpec:
    id: str
    title: str
    mechanic: str
    summary: str
    instructions: str
    needs_support: bool  # single-leg or eyes-closed: ask for a wall or chair first
    params: object  # the mechanic's own Params dataclass
    source: str = ""


SPEC_KEYS = {f.name for f in dataclasses.fields(LevelSpec)} - {"params", "source"}


def load(path: Path, params_for: typing.Callable[[str], type]) -> LevelSpec:
    """Read one level file; `params_for(mechanic)` gives that mechanic's Params class."""
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LevelFileError(f"{name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise LevelFileError(f"{name}: cannot read: {exc.strerror}") from None
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    _check_keys(name, "", top, SPEC_KEYS)
    missing = SPEC_KEYS - top.keys()
    if missing:
        raise LevelFileError(f"{name}: missing key {sorted(missing)[0]!r}")
    for key in SPEC_KEYS:
        want = bool if key == "needs_support" else str
        if not isinstance(top[key], want):
            raise LevelFileError(f"{name}: key {key!r} must be a {want.__name__}, not {top[key]!r}")
    try:
        params_cls = params_for(top["mechanic"])
    except KeyError as exc:
        raise LevelFileError(f"{name}: key 'mechanic': {exc.args[0]}") from None
    if set(tables) - {"params"}:
        bad = sorted(set(tables) - {"params"})[0]
        raise LevelFileError(f"{name}: unknown table [{bad}] (level settings go in [params])")
    params = build_params(name, params_cls, tables.get("params", {}))
    return LevelSpec(params=params, source=name, **{k: top[k] for k in SPEC_KEYS})


def build_params(name: str, cls: type, raw: dict) -> object:
    fields = {f.name: f for f in dataclasses.fields(cls)}
    _check_keys(name, "params.", raw, set(fields))
    hints = typing.get_type_hints(cls)
    values = {}
    for key, value in raw.items():
        values[key] = _coerce(name, f"params.{key}", value, hints[key])
    try:
        return cls(**values)
    except (ValueError, TypeError) as exc:
        raise LevelFileError(f"{name}: {exc}") from None


def _check_keys(name: str, prefix: str, raw: dict, known: set[str]) -> None:
    for key in raw:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            also = f"; did you mean {prefix}{hint[0]!r}?" if hint else f"; known keys: {', '.join(sorted(known))}"
            raise LevelFileError(f"{name}: unknown key {prefix}{key!r}{also}")


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
        return float(value)
    if hint in (int, str, bool) and type(value) is hint:
        return value
    kind = getattr(hint, "__name__", str(hint))
    raise LevelFileError(f"{name}: key {key!r} must be {kind}, not {value!r}")
