"""The command line for scripts: JSON from every command that lists or shows data, exit status 2 for a usage
error and 1 for a failure at run time, a private log with --verbose, and shell completion made from the parser."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from poise.__main__ import main
from poise.game.cli.main import build_parser


def run_json(capsys, *argv) -> object:
    assert main(list(argv)) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_every_listing_and_showing_command_speaks_json(tmp_path, capsys):
    db = str(tmp_path / "s.db")
    added = run_json(capsys, "players", "add", "Ana", "--birth-year", "1961", "--sex", "F", "--patient-id", "P-7",
                     "--json", "--db", db)
    assert (added["name"], added["patient_id"], added["birth_year"], added["sex"]) == ("Ana", "P-7", 1961, "F")
    assert [p["name"] for p in run_json(capsys, "players", "list", "--json", "--db", db)] == ["Ana"]
    assert run_json(capsys, "protocol", "show", "Ana", "--json", "--db", db) == {"player": "Ana", "protocol": None}
    assert run_json(capsys, "programme", "show", "Ana", "--json", "--db", db) == {"player": "Ana", "programme": None}
    assert main(["notes", "Ana", "knee sore after stairs", "--clinician", "Dr K", "--db", db]) == 0
    capsys.readouterr()
    (note,) = run_json(capsys, "notes", "Ana", "--json", "--db", db)
    assert (note["kind"], note["clinician"], note["text"]) == ("note", "Dr K", "knee sore after stairs")
    check = run_json(capsys, "db", "check", "--json", "--db", db)
    assert check["ok"] and check["engine"] == "sqlite" and check["schema"] == check["head"] and check["attempts"] == 0
    rec = run_json(capsys, "record", "--board", "sim://?seed=2", "--seconds", "0.3", "--out", str(tmp_path / "r.csv"),
                   "--json", "--db", db)
    assert rec["out"] == str(tmp_path / "r.csv") and rec["samples"] > 5 and rec["board"] == "sim://?seed=2"
    out = run_json(capsys, "export", "Ana", "--out", str(tmp_path / "x"), "--json", "--db", db)
    assert out["out"] == str(tmp_path / "x") and out["files"] >= 1
    report = run_json(capsys, "report", "Ana", "--pdf", str(tmp_path / "r.pdf"), "--json", "--db", db)
    assert report["pages"] >= 3 and report["pdf"] == str(tmp_path / "r.pdf")


def test_every_command_that_lists_or_shows_data_has_json():
    """Found from the parser itself: a command added later without --json fails here."""
    makes_data = {"play", "calibrate", "stream", "replay", "completion", "demo"}  # play, write a stream or a file
    commands = build_parser()._subparsers._group_actions[0].choices
    missing = [name for name, p in commands.items() if name not in makes_data
               and "--json" not in {o for a in p._actions for o in a.option_strings}]
    assert missing == [], missing
    for name, p in commands.items():  # and every command's help can be shown (a bare % in a help text breaks it)
        assert p.format_help(), name


@pytest.mark.parametrize("argv, code", [
    (["players", "add"], 2),  # a usage error: the name is missing
    (["protocol", "set", "Ana", "--preset", "romberg", "extra.toml"], 2),  # two protocols at once
    (["report", "Nobody", "--pdf", "r.pdf"], 1),  # a failure at run time: no such player
    (["analyze", "missing.csv"], 1),
    (["monitor", "--board", "wii://00:11:22:33:44:55?timeout=0.1", "--seconds", "1"], 1),
])
def test_usage_errors_exit_2_and_failures_exit_1(tmp_path, capsys, monkeypatch, argv, code):
    monkeypatch.chdir(tmp_path)
    assert main(argv + ["--db", str(tmp_path / "e.db")]) == code
    assert capsys.readouterr().err.count("\n") == 1


def test_verbose_writes_a_private_log_of_the_board_and_errors(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from poise.game.cli.logfile import log_path

    path = log_path()
    assert str(path).startswith(str(tmp_path))
    assert main(["record", "--board", "sim://?seed=3", "--seconds", "0.2", "--out", str(tmp_path / "r.csv"),
                 "--verbose", "--db", str(tmp_path / "v.db")]) == 0
    assert f"logging to {path}" in capsys.readouterr().err
    assert main(["report", "Nobody", "--pdf", str(tmp_path / "x.pdf"), "--verbose", "--db", str(tmp_path / "v.db")]) == 1
    text = path.read_text(encoding="utf-8")
    assert "poise record --board sim://?seed=3" in text and "no player called 'Nobody'" in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert main(["players", "--db", str(tmp_path / "v.db")]) == 0  # without --verbose nothing more is written
    assert path.read_text(encoding="utf-8") == text


def test_shell_completion_is_made_from_the_parser(tmp_path):
    for shell, mark in (("bash", "complete"), ("zsh", "#compdef poise"), ("fish", "complete --command poise")):
        out = subprocess.run([sys.executable, "-m", "poise", "completion", shell], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        assert mark in out, shell
    poise = Path(sys.executable).with_name("poise")  # what the shell runs, as the completion script calls it
    env = {**os.environ, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_IFS": " "}
    for line, expected in (("poise pro", {"progress", "protocol", "programme"}),
                           ("poise protocol set Ana --preset ", {"romberg", "mctsib", "bess", "bess-right"}),
                           ("poise report Ana --pa", {"--paper"})):
        env.update(COMP_LINE=line, COMP_POINT=str(len(line)))
        proc = subprocess.run(["bash", "-c", f"'{poise}' 8>&1 9>/dev/null 1>/dev/null 2>/dev/null"], env=env,
                              cwd=tmp_path, capture_output=True, text=True)
        assert proc.returncode == 0 and expected <= set(proc.stdout.split()), (line, proc.stdout)


def test_analyze_draws_the_statokinesigram_of_any_recording(tmp_path, capsys):
    import gzip

    import numpy as np

    from poise.game.core import sway
    from reference import BDS

    rows = np.loadtxt(gzip.open(BDS / "BDS00007.tsv.gz", "rt"), skiprows=1)
    cop = tmp_path / "bds7.csv"  # the COP-only variant: t, x (ML mm), y (AP mm)
    cop.write_text("t,x,y\n" + "".join(f"{t:.2f},{ml * 10:.4f},{ap * 10:.4f}\n" for t, ap, ml in rows))
    png = tmp_path / "trace.png"
    assert main(["analyze", str(cop), "--png", str(png), "--raw", "--json"]) == 0
    area = json.loads(capsys.readouterr().out)["ellipse95_mm2"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    _, _, a, b, _ = sway.ellipse95(rows[:, 2] * 10, rows[:, 1] * 10)
    assert np.pi * a * b == pytest.approx(area, rel=1e-5)  # the ellipse drawn is the one measured (file rounded)
    assert main(["analyze", str(cop), "--png", str(tmp_path / "trace.pdf")]) == 2
