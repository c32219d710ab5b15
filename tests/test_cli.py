"""The `poise` command: demo end to end, players, and one-line errors for bad input."""
import json
import sqlite3
import subprocess
import sys

import pytest

from conftest import ROOT
from poise.drivers import recording
from poise.__main__ import main


def run_poise(*args, env=None):
    return subprocess.run([sys.executable, "-m", "poise", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=300)


def test_demo_prints_json_stores_the_attempt_and_screenshots(tmp_path):
    db, shot = tmp_path / "t.db", tmp_path / "out.png"
    proc = run_poise("demo", "--level", "single-leg-hold", "--seconds", "20", "--headless",
                     "--screenshot", str(shot), "--db", str(db), "--player", "Ana")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["level"] == "single-leg-hold" and result["player"] == "Ana"
    assert 0 <= result["score"] <= 1000
    for leg in ("left", "right"):
        assert {"velocity_mm_s", "ellipse95_mm2", "rms_ap_mm", "mean_freq_hz", "path_mm"} <= set(result["metrics"][leg])
    assert shot.stat().st_size > 10_000 and (tmp_path / "out-results.png").exists()
    con = sqlite3.connect(db)
    level, score, samples = con.execute(
        "SELECT a.level, a.score, r.samples FROM attempts a JOIN recordings r ON r.attempt_id = a.id").fetchone()
    assert level == "single-leg-hold" and score == result["score"] and samples == result["samples"] > 1000
    from poise.game.storage.store import Storage
    stored = recording.parse(Storage(db).recording(result["attempt_id"]))
    assert stored.kind == "loads" and len(stored.data) == result["samples"]
    assert stored.meta["player"] == "Ana" and stored.meta["board"] == "sim://"


@pytest.mark.parametrize("args, words", [
    (["demo", "--level", "nope", "--headless"], "unknown level 'nope'"),
    (["demo", "--level", "single-leg-hold", "--board", "bogus://", "--headless"], "unknown board URL 'bogus://'"),
    (["demo", "--level", "single-leg-hold", "--board", "sim://?skill=7", "--headless"], "skill"),
    (["players", "add"], "takes 1 name"),
])
def test_bad_input_exits_nonzero_with_one_line(tmp_path, args, words, capsys):
    code = main(args + ["--db", str(tmp_path / "x.db")])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1 and words in err


def test_unwritable_database_path_is_one_line(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["players", "--db", str(blocker / "poise.db")])
    err = capsys.readouterr().err.strip()
    assert code != 0 and len(err.splitlines()) == 1 and "cannot open database" in err


def test_players_commands(tmp_path, capsys):
    db = str(tmp_path / "p.db")
    assert main(["players", "add", "Ana", "--db", db]) == 0
    assert main(["players", "add", "Bo", "--db", db]) == 0
    assert main(["players", "rename", "Bo", "Bea", "--db", db]) == 0
    assert main(["players", "remove", "Ana", "--db", db]) == 0
    capsys.readouterr()
    assert main(["players", "list", "--db", db]) == 0
    assert capsys.readouterr().out.split() == ["Bea"]
    assert main(["players", "set", "Bea", "--height", "181", "--db", db]) == 0
    assert main(["players", "list", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "Bea  181 cm"
    assert main(["players", "set", "Bea", "--height", "1810", "--db", db]) != 0


def test_poise_db_environment_variable_is_used(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POISE_DB", str(tmp_path / "env.db"))
    assert main(["players", "add", "Env"]) == 0
    assert (tmp_path / "env.db").exists()


def test_every_subcommand_has_help():
    for cmd in ("play", "demo", "players"):
        proc = run_poise(cmd, "--help")
        assert proc.returncode == 0 and "--db" in proc.stdout
