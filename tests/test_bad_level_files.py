"""Level files: every malformed file, value or encoding stops with one line naming file:line and the range."""
from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from poise import levels as builtin
from poise.game.level.catalogue import params_for as pack_params
from poise.testing import catalogue
from poise.game.level.levelfile import LevelFileError, LevelSpec, load, loads, value_range

levels = catalogue()
params_for = pack_params(builtin.PACK)

FILES = sorted(builtin.DATA.glob("*.toml"))
SETTING = re.compile(r"^(\w+)\s*=\s*(.+?)\s*(#.*)?$")
HS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _is_int(path: Path, line: int) -> bool:
    value = tomllib.loads("v = " + path.read_text(encoding="utf-8").splitlines()[line - 1].split("=", 1)[1])["v"]
    return isinstance(value[0] if isinstance(value, list) else value, int)


def _numeric_settings(path: Path) -> list[tuple[int, str]]:
    """(line, key) of every numeric setting in [params]."""
    found, in_params = [], False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("["):
            in_params = line.strip() == "[params]"
            continue
        m = SETTING.match(line)
        if in_params and m and re.match(r"^\[?\s*[-+0-9.]", m.group(2)):
            found.append((n, m.group(1)))
    return found


def _with(path: Path, line: int, key: str, value: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    old = lines[line - 1].split("=", 1)[1]
    lines[line - 1] = f"{key} = [{value}, {value}]" if old.strip().startswith("[") else f"{key} = {value}"
    return "\n".join(lines) + "\n"


def test_every_shipped_level_file_obeys_the_rule():
    for path in FILES:
        assert isinstance(load(path, params_for), LevelSpec)


def test_the_examples_from_the_issue(tmp_path):
    path = tmp_path / "single-leg-hold.toml"
    text = (builtin.DATA / "single-leg-hold.toml").read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^rest_seconds\s*=.*$", "rest_seconds = inf", text), encoding="utf-8")
    line = next(n for n, k in _numeric_settings(builtin.DATA / path.name) if k == "rest_seconds")
    with pytest.raises(LevelFileError, match=rf"^{re.escape(str(path))}:{line}: key 'params.rest_seconds' must be "
                                              r"a finite number greater than 0 and at most 3600, not inf$"):
        load(path, params_for)

    path = tmp_path / "slalom.toml"
    text = (builtin.DATA / "slalom.toml").read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^gate_spacing_m\s*=.*$", "gate_spacing_m = 0", text), encoding="utf-8")
    line = next(n for n, k in _numeric_settings(builtin.DATA / path.name) if k == "gate_spacing_m")
    with pytest.raises(LevelFileError, match=rf"^{re.escape(str(path))}:{line}: key 'params.gate_spacing_m' "
                                              r"must be a finite number greater than 0"):
        load(path, params_for)


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "-1.0", "0", "1e300"])
def test_no_bad_number_in_any_setting_of_any_file_is_accepted(tmp_path, bad):
    refused = 0
    for path in FILES:
        for line, key in _numeric_settings(path):
            integer = _is_int(path, line)
            lo, hi, lo_open = value_range(key, integer)
            value = float(bad)
            legal = math.isfinite(value) and (value > lo if lo_open else value >= lo) and value <= hi
            target = tmp_path / path.name
            target.write_text(_with(path, line, key, str(int(value)) if integer and math.isfinite(value)
                                    and abs(value) < 1e10 else bad), encoding="utf-8")
            if legal:
                continue  # e.g. 0 for a share of time or a bonus: the mechanic's own checks may still refuse it
            with pytest.raises(LevelFileError, match=rf"^{re.escape(str(target))}:{line}: key 'params.{key}' must be"):
                load(target, params_for)
            refused += 1
    assert refused >= 20


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "tracking.toml"
    data = (builtin.DATA / "tracking.toml").read_bytes().replace(b"\n", b"\n# caf\xe9\n", 2)
    path.write_bytes(data)
    with pytest.raises(LevelFileError, match=rf"^{re.escape(str(path))}:2: not valid UTF-8"):
        load(path, params_for)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "tracking.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (builtin.DATA / "tracking.toml").read_bytes())
    assert load(path, params_for).id == "tracking"


def test_toml_syntax_errors_and_unknown_keys_name_the_line(tmp_path):
    text = (builtin.DATA / "tracking.toml").read_text(encoding="utf-8")
    with pytest.raises(LevelFileError, match=r"^t.toml:3: not valid TOML"):
        loads("\n".join(text.splitlines()[:2] + ["oops = = 1"] + text.splitlines()[2:]), "t.toml", params_for)
    lines = text.splitlines() + ["speedhz = 1.0"]
    with pytest.raises(LevelFileError, match=rf"^t.toml:{len(lines)}: unknown key params.'speedhz'"):
        loads("\n".join(lines), "t.toml", params_for)


def _line_ok(message: str, name: str) -> bool:
    return "\n" not in message and re.match(rf"^{re.escape(name)}:\d+: ", message) is not None


@HS
@given(data=st.data())
def test_any_value_in_any_setting_is_accepted_in_range_or_refused_in_one_line(data):
    path = data.draw(st.sampled_from(FILES))
    line, key = data.draw(st.sampled_from(_numeric_settings(path)))
    value = data.draw(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20)))
    text = _with(path, line, key, "nan" if value != value else repr(value).replace("inf", "inf"))
    try:
        spec = loads(text, path.name, params_for)
    except LevelFileError as exc:
        assert _line_ok(str(exc), path.name), exc
        return
    got = getattr(spec.params, key)
    for v in got if isinstance(got, tuple) else (got,):
        lo, hi, lo_open = value_range(key, isinstance(v, int))
        assert math.isfinite(v) and (v > lo if lo_open else v >= lo) and v <= hi


@HS
@given(junk=st.text(max_size=40), where=st.integers(0, 30))
def test_arbitrary_text_in_a_level_file_is_a_one_line_error(junk, where):
    lines = (builtin.DATA / "slalom.toml").read_text(encoding="utf-8").splitlines()
    lines.insert(min(where, len(lines)), junk)
    try:
        loads("\n".join(lines), "slalom.toml", params_for)
    except LevelFileError as exc:
        assert _line_ok(str(exc), "slalom.toml"), exc
