"""Levels are plugins: a level package installed with pip (examples/stepping-stones, written against poise.api
alone) is found through the entry-point group poise.levels, listed by `poise levels`, played by `poise demo`,
stored and validated, shown on the title screen and planned by the daily programme where its file says it
fits; a package or level that cannot be used is listed with a one-line reason and never breaks the game."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint

import pytest

from conftest import ROOT
from poise import testing
from poise.__main__ import main
from poise.game.level.catalogue import GROUP, Catalogue
from poise.game.level.levelfile import LevelFileError
from poise.game.storage.store import Storage

BUILTIN = EntryPoint("poise", "poise.levels:PACK", GROUP)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The example package built and installed with pip into a folder of its own, offline (no index, no build
    isolation, no dependencies: poise is already there); (that folder, the environment that sees it)."""
    tmp = tmp_path_factory.mktemp("plugin")
    source = shutil.copytree(ROOT / "examples" / "stepping-stones", tmp / "src")  # the build writes beside it
    site = tmp / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation",
                           "--no-deps", "--target", str(site), str(source)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    env = dict(os.environ, PYTHONPATH=str(site), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    return site, env


def poise(env, *argv, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "poise", *argv], capture_output=True, text=True, env=env, cwd=cwd)


def test_an_installed_level_package_is_listed_played_stored_and_validated(installed, tmp_path):
    site, env = installed
    proc = poise(env, "levels", "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    listing = {entry["id"]: entry for entry in json.loads(proc.stdout)}
    assert listing["stepping-stones"] == {"id": "stepping-stones", "title": "Stepping stones", "kind": "game",
                                          "package": "poise-stepping-stones", "api_version": 3, "usable": True,
                                          "reason": ""}
    assert listing["slalom"]["package"] == "poise" and listing["slalom"]["usable"]
    text = poise(env, "levels", cwd=tmp_path).stdout
    assert any(line.startswith("ok  stepping-stones") and "poise-stepping-stones" in line and "api 3" in line
               for line in text.splitlines()), text

    db = tmp_path / "plugin.db"
    proc = poise(env, "demo", "--level", "stepping-stones", "--headless", "--seconds", "10", "--db", str(db),
                 "--player", "Ann", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["saved"] and result["level"] == "stepping-stones" and 0 < result["score"] <= 1000
    assert [key for key, _ in result["messages"]] == ["stones.crossed", "stones.mean_time"]
    storage = Storage(db)
    (row,) = storage.attempts(storage.player_id("Ann"), "stepping-stones")
    assert row["score"] == result["score"] and row["step"] == 0
    assert json.loads(row["result_json"])["messages"] == result["messages"]
    assert storage.recording(row["id"]).startswith("# poise-recording: 1\n")

    proc = poise(env, "demo", "--level", "stepping-stones", "--step", "9", "--headless", "--db", str(db), cwd=tmp_path)
    assert proc.returncode == 2 and "from 0 to 3 for stepping-stones" in proc.stderr  # its own ladder: 4 steps


def test_an_installed_level_speaks_the_players_language_from_its_own_catalogue(installed, monkeypatch):
    """The package's LevelPack names its gettext domain and folder: its level file's text, its result templates and
    its view's words are looked up there; a word only Poise's catalogue has (a condition, "Time") comes from
    Poise's; a language the package has no catalogue for shows its English."""
    from poise import i18n
    from poise.game.level import messages

    site, _ = installed
    monkeypatch.syspath_prepend(str(site))
    levels = Catalogue.discover()
    spec = levels.spec("stepping-stones")
    templates = levels.templates("stepping-stones")
    try:
        i18n.set_language("de")
        assert spec.text("title") == "Trittsteine" and spec.text("instructions").startswith("Um dich herum")
        assert messages.render("stones.mean_time", {"s": 2.46, "par_s": 1.5}, templates) == \
            ("Zeit pro Stein", "2,5 s (zügig: 1,5 s)")
        assert messages.render("check.percentile_needs_profile", {}, templates)[1] == \
            "Perzentile: Geburtsjahr und Geschlecht angeben"  # the game's own key, from Poise's catalogue
        assert i18n.gettext("Time", domain=spec.domain) == "Zeit"  # not in the package's: Poise's word
        i18n.set_language("es")
        assert spec.text("title") == "Piedras del estanque"
        i18n.set_language("en")
        assert spec.text("title") == "Stepping stones"
    finally:
        i18n.set_language("en")


def test_the_installed_level_is_on_the_title_screen_in_the_programme_and_plays_in_the_harness(installed, monkeypatch):
    site, _ = installed
    monkeypatch.syspath_prepend(str(site))
    levels = Catalogue.discover()
    assert levels.package("stepping-stones") == "poise-stepping-stones"

    from poise.drivers import open_board
    from poise.game.clinic.programme import pool
    from poise.game.clinic.today import level_infos
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.scenes.menus import TitleScene

    clock = VirtualClock()
    app = App(open_board("sim://", clock), Storage(":memory:"), clock=clock, player="Ann", sound=False, levels=levels)
    title = TitleScene(app.ctx)
    app.stack.push(title)
    app.frame()
    assert "stepping-stones" in [card["id"] for card in title.cards]

    infos = level_infos(levels)
    assert infos["stepping-stones"].fits == ("weight shift",)
    for goal in ("general", "falls", "sport", "ankle"):  # it fits the weight-shift games, after Poise's own
        games = pool("weight shift", goal, infos)
        assert games[-1] == "stepping-stones" and "stepping-stones" not in pool("strength", goal, infos)

    played = testing.play("stepping-stones", skill=0.8, seed=2, seconds=8.0, levels=levels)
    assert played.result["saved"] and played.attempt["result"]["messages"] == played.result["messages"]
    reached = played.result["details"]["reached"]
    assert played.rows[0] == ("Stones reached", f"{reached} / {played.result['details']['stones']}")
    assert played.parts[0][0] == "Stone 1"


BROKEN = {
    "raises_on_import": "raise RuntimeError('this package is broken\\non two lines')\n",
    "not_a_pack": "PACK = 42\n",
    "from_the_future": textwrap.dedent("""\
        from pathlib import Path
        from poise.api import LevelPack
        PACK = LevelPack(api_version=99, levels=Path(__file__).parent, mechanics={})
        """),
    "half_broken": textwrap.dedent("""\
        from pathlib import Path
        from poise.api import LevelPack
        from poise.levels.slalom import Slalom

        class Fragile(Slalom):
            def __init__(self, *args, **kwargs):
                raise ValueError("no room for\\nthe gates")

        PACK = LevelPack(api_version=1, levels=Path(__file__).parent / "half_broken_levels",
                         mechanics={"missing": "half_broken_nothing_here:Nope", "slalom": "poise.levels.slalom:Slalom",
                                    "fragile": "half_broken:Fragile"})
        """),
}


def broken_catalogue(tmp_path, monkeypatch) -> Catalogue:
    """The built-in levels and four packages that cannot (all) be used, as entry points."""
    for name, code in BROKEN.items():
        (tmp_path / f"{name}.py").write_text(code)
    levels = tmp_path / "half_broken_levels"
    levels.mkdir()
    slalom = (ROOT / "levels" / "data" / "slalom.toml").read_text()
    (levels / "slalom.toml").write_text(slalom)  # an id Poise's own levels already use
    (levels / "hidden.toml").write_text(slalom.replace('id = "slalom"', 'id = "hidden"')
                                        .replace('mechanic = "slalom"', 'mechanic = "missing"'))
    (levels / "fragile.toml").write_text(slalom.replace('id = "slalom"', 'id = "fragile"')
                                         .replace('mechanic = "slalom"', 'mechanic = "fragile"'))
    (levels / "fine.toml").write_text(slalom.replace('id = "slalom"', 'id = "fine"')
                                      .replace('title = "Slalom"', 'title = "Fine slalom"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    return Catalogue([BUILTIN] + [EntryPoint(name, f"{name}:PACK", GROUP) for name in BROKEN])


def test_packages_and_levels_that_cannot_be_used_are_listed_with_the_reason_and_the_rest_plays(tmp_path, monkeypatch,
                                                                                              capsys):
    levels = broken_catalogue(tmp_path, monkeypatch)
    unusable = {(e.id or e.title): e.reason for e in levels.listing() if not e.usable}
    assert unusable.keys() == {"(raises_on_import)", "(not_a_pack)", "(from_the_future)", "slalom", "hidden",
                               "fragile"}
    assert unusable["(raises_on_import)"] == ("cannot import raises_on_import:PACK: RuntimeError: this package is "
                                              "broken on two lines")
    assert unusable["(not_a_pack)"] == "not_a_pack:PACK is a int, not a poise.api.LevelPack"
    assert unusable["(from_the_future)"] == "written for poise.api version 99; this Poise supports 1, 2, 3"
    assert unusable["slalom"] == "the id 'slalom' is already taken by package poise"
    assert "key 'mechanic': mechanic 'missing' (half_broken_nothing_here:Nope) cannot be imported: " \
           "ModuleNotFoundError" in unusable["hidden"]
    assert unusable["fragile"].endswith("fragile.toml: the level cannot be built: ValueError: no room for the gates")
    assert all("\n" not in reason for reason in unusable.values())
    specs = levels.all_specs()
    assert "fine" in specs and "hidden" not in specs and specs["slalom"].source.endswith("levels/data/slalom.toml")
    with pytest.raises(LevelFileError, match="^level 'hidden' cannot be played: .*cannot be imported"):
        levels.spec("hidden")

    assert main(["levels"], levels=lambda: levels) == 0
    out = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(out) if "(from_the_future)" in line)
    assert out[at].split() == ["--", "(from_the_future)", "package", "from_the_future", "api", "99"]
    assert out[at + 1] == "    written for poise.api version 99; this Poise supports 1, 2, 3"  # why, on the next line
    assert any(line.split()[:2] == ["ok", "fine"] and "half_broken" in line for line in out)

    played = testing.play("slalom", seconds=6.0, levels=levels)  # the game carries on with what can be used
    assert played.result["saved"] and played.rows[0][0] == "Counted time"
    # "fine" plays Poise's slalom mechanic, but its package does not carry the slalom's message templates: its
    # result cannot be shown, so it is refused whole, in one line, and nothing of the attempt is stored
    played = testing.play("fine", seconds=6.0, levels=levels)
    assert played.result["refused"] == ("level fine returned a result Poise cannot store: unknown message key "
                                        "'slalom.counted_time' (not in the level's message catalogue)")
    assert not played.result["saved"] and played.attempt is None
    assert played.storage.attempts(played.storage.player_id("Test")) == []
