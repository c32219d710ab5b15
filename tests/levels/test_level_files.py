"""Every level file loads; a broken one names the file, the key and a close match."""
import dataclasses
import re
import tomllib

import pytest

from poise.testing import catalogue
from poise import levels as builtin
from poise.game.level.catalogue import params_for as pack_params
from poise.game.level.levelfile import LevelFileError, load

levels = catalogue()
params_for = pack_params(builtin.PACK)


def test_every_level_file_loads():
    specs = levels.all_specs()
    assert "single-leg-hold" in specs
    for spec in specs.values():
        assert spec.title and spec.instructions and spec.params is not None


def write_broken(tmp_path, old, new):
    src = builtin.DATA / "single-leg-hold.toml"
    text = src.read_text()
    assert old in text
    path = tmp_path / "single-leg-hold.toml"
    path.write_text(text.replace(old, new))
    return path


@pytest.mark.parametrize("old, new, words", [
    ("hold_seconds = 30.0", "hold_secnds = 30.0", r"unknown key params\.'hold_secnds'; did you mean params\.'hold_seconds'"),
    ("hold_seconds = 30.0", "hold_seconds = \"long\"", r"key 'params\.hold_seconds' must be float"),
    ("hold_seconds = 30.0", "hold_seconds = -3.0", r"key 'params\.hold_seconds' must be a finite number greater than 0"),
    ('title = "Single-leg hold"', 'titel = "Single-leg hold"', r"unknown key 'titel'; did you mean 'title'"),
    ('mechanic = "single_leg_hold"', 'mechanic = "single_leg_hodl"', r"mechanic.*did you mean 'single_leg_hold'"),
    ("zone_radius_mm = [40.0, 30.0, 22.0, 16.0]", "zone_radius_mm = [40.0, 30.0]", "same, non-zero length"),
    ("[params]", "[params", "not valid TOML"),
    ("hold_seconds = 30.0\n", "", r"missing key 'params\.hold_seconds'$"),
])
def test_broken_level_file_names_file_and_key(tmp_path, old, new, words):
    path = write_broken(tmp_path, old, new)
    with pytest.raises(LevelFileError, match=words) as err:
        load(path, params_for)
    assert str(path) in str(err.value)


def test_unknown_level_id_suggests_a_close_one():
    with pytest.raises(LevelFileError, match="unknown level 'single-leg'.*did you mean 'single-leg-hold'"):
        levels.spec("single-leg")


def test_single_leg_and_eyes_closed_levels_ask_for_support_first():
    for spec in levels.all_specs().values():
        p = spec.params
        risky = (spec.mechanic in ("single_leg_hold", "limits_of_stability", "balance_check")
                 or getattr(p, "single_leg", False) or getattr(p, "eyes_closed", False))
        assert spec.needs_support == risky, spec.id


def test_every_level_has_three_to_five_difficulty_steps():
    for spec in levels.all_specs().values():
        if type(levels.create(spec.id)).assessment:
            assert spec.params.steps == 1, spec.id  # a fixed protocol
        else:
            assert 3 <= spec.params.steps <= 5, spec.id


def test_a_ladder_with_uneven_steps_is_refused(tmp_path):
    path = write_broken(tmp_path, "zone_scale = [1.3, 1.15, 1.0, 0.85, 0.7]", "zone_scale = [1.3, 1.15]")
    with pytest.raises(LevelFileError, match="3 to 5"):
        load(path, params_for)


def test_params_have_no_defaults_so_the_level_file_is_the_one_source():
    for mechanic in builtin.MECHANICS:
        cls = params_for(mechanic)
        defaulted = [f.name for f in dataclasses.fields(cls)
                     if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING]
        assert defaulted == [], f"{mechanic}: {defaulted} repeat what the level files set"


@pytest.mark.parametrize("path", sorted(builtin.DATA.glob("*.toml")), ids=lambda p: p.stem)
def test_a_missing_params_key_names_the_file_and_the_key(tmp_path, path):
    text = path.read_text()
    head, params = text.split("[params]\n")
    keys = tomllib.loads(text)["params"]
    assert set(keys) == {f.name for f in dataclasses.fields(params_for(tomllib.loads(text)["mechanic"]))}
    for key in keys:
        broken = tmp_path / path.name
        broken.write_text(head + "[params]\n" + re.sub(rf"^{key} = .*\n", "", params, flags=re.M))
        with pytest.raises(LevelFileError) as err:
            load(broken, params_for)
        params_line = broken.read_text().splitlines().index("[params]") + 1
        assert str(err.value) == f"{broken}:{params_line}: missing key 'params.{key}'"
