"""monitor, record, replay and analyze: reference values, determinism, and the game's own numbers."""
import json

import numpy as np
import pytest

from poise.testing import catalogue
from reference import bds_reference, bds_trial
from poise.drivers import open_board
from poise.drivers import recording
from poise.game.engine.app import App
from poise.__main__ import main
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage

levels = catalogue()

def reference_rows():
    return list(bds_reference().values())


def bds_as_cop_recording(name, folder):
    """The BDS trial in the COP recording variant: mm, x = ML, y = AP."""
    t, ap_cm, ml_cm = bds_trial(name)
    path = folder / f"{name}.csv"
    rows = zip(t, ml_cm * 10.0, ap_cm * 10.0)
    recording.write(path, rows, {"source": f"BDS {name} (Santos & Duarte 2016, CC BY 4.0)"}, columns=("t", "x", "y"))
    return path


@pytest.mark.parametrize("row", reference_rows(), ids=lambda r: r["Trial"])
def test_analyze_raw_reproduces_the_reference_metrics(row, tmp_path, capsys):
    path = bds_as_cop_recording(row["Trial"], tmp_path)
    assert main(["analyze", str(path), "--raw", "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    assert m["ellipse95_mm2"] == pytest.approx(float(row["COParea"]) * 100, rel=1e-3)
    assert m["velocity_mm_s"] == pytest.approx(float(row["COPvelo"]) * 10, rel=1e-3)
    assert m["mean_freq_hz"] == pytest.approx(float(row["COPmfreq"]), rel=1e-3)
    assert m["samples"] == 6000


def test_analyze_without_raw_trims_and_filters(tmp_path, capsys):
    path = bds_as_cop_recording("BDS00001", tmp_path)
    main(["analyze", str(path), "--json"])
    m = json.loads(capsys.readouterr().out)
    assert m["duration_s"] == pytest.approx(58.0, abs=0.02)  # the first 2 s are dropped
    assert m["velocity_mm_s"] < 6.2  # the 5 Hz low-pass removes a little of the path


@pytest.mark.parametrize("raw", [[], ["--raw"]])
def test_analyze_json_of_a_trace_that_never_moves_says_null_where_a_metric_is_undefined(tmp_path, capsys, raw):
    path = tmp_path / "still.csv"
    path.write_text("# poise-recording: 1\nt,x,y\n" + "".join(f"{i / 100:.2f},3.0,-2.0\n" for i in range(1000)))
    assert main(["analyze", str(path), "--json", *raw]) == 0
    out, err = capsys.readouterr()
    m = json.loads(out)  # strict JSON: no NaN
    assert m["mean_freq_hz"] is None and m["velocity_mm_s"] == 0.0 and "Warning" not in err


def record_sim(path, seconds=8.0, url="sim://?seed=4"):
    clock = VirtualClock()
    board = open_board(url, clock)
    samples = []
    for _ in range(int(seconds * 60)):
        clock.advance(1 / 60)
        samples += board.poll()
    recording.write(path, [(s.t, s.tl, s.tr, s.bl, s.br) for s in samples], {"board": url})
    return samples


def test_replay_is_byte_identical_and_equals_what_the_game_computes(tmp_path):
    rec = tmp_path / "rec.csv"
    record_sim(rec)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert main(["replay", str(rec), "--out", str(a)]) == 0
    assert main(["replay", str(rec), "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    replayed = np.genfromtxt(a, delimiter=",", names=True, dtype=None, encoding="utf-8")

    # the game itself playing the same recording: observe every pipeline output it makes
    clock = VirtualClock(float(recording.read(rec).t[0]))
    app = App(open_board(f"replay://{rec}", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              sound=False, render=False, levels=levels)
    seen = []
    process = app.feed.pipeline.process
    app.feed.pipeline.process = lambda *a, **k: seen.append(process(*a, **k)) or seen[-1]
    app.stack.push(PlayScene(app.ctx, levels.create("single-leg-hold")))
    app.run(max_frames=60 * 9)
    game = np.array([(o.t, o.fx, o.fy) for o in seen])
    assert len(game) == len(replayed)
    np.testing.assert_allclose(game[:, 0], replayed["t"], atol=1e-6)
    np.testing.assert_allclose(game[:, 1], replayed["fx"], atol=1e-4, equal_nan=True)
    np.testing.assert_allclose(game[:, 2], replayed["fy"], atol=1e-4, equal_nan=True)
    assert set(replayed["state"]) >= {"stepping-on", "both"}


def test_replay_of_a_cop_only_recording(tmp_path, capsys):
    path = bds_as_cop_recording("BDS00002", tmp_path)
    assert main(["replay", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "t,x,y,fx,fy,state" and len(lines) == 6001
    last = lines[-1].split(",")
    assert last[-1] == "both" and abs(float(last[3]) - float(last[1])) < 2.0


def test_record_then_analyze(tmp_path, capsys):
    out = tmp_path / "rec.csv"
    assert main(["record", "--board", "sim://?seed=1", "--seconds", "2.5", "--out", str(out)]) == 0
    rec = recording.read(out)
    assert rec.kind == "loads" and rec.meta["board"] == "sim://?seed=1" and rec.meta["geometry"] == "433x238 mm"
    assert 130 <= len(rec.data) <= 170  # ~60 Hz for 2.5 s in real time
    capsys.readouterr()
    assert main(["analyze", str(out), "--raw", "--json"]) == 0
    m = json.loads(capsys.readouterr().out)
    assert m["samples"] > 100


def test_monitor_json_prints_one_object_per_sample(capsys):
    assert main(["monitor", "--board", "sim://?seed=1", "--seconds", "1", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 45 <= len(lines) <= 75
    first = json.loads(lines[0])
    assert set(first) >= {"t", "tl", "tr", "bl", "br", "total", "x", "y", "fx", "fy", "flags"}
    assert abs(first["total"] - 70) < 2


def test_monitor_json_shows_null_cop_when_nobody_is_on(capsys):
    main(["monitor", "--board", "sim://?arrive=-1", "--seconds", "0.3", "--json"])
    first = json.loads(capsys.readouterr().out.splitlines()[0])
    assert first["x"] is None and first["fx"] is None and first["total"] < 1


@pytest.mark.parametrize("content, words", [
    ("t,x,y\n0,1,2\n0.1,1,oops\n", ":3: 'oops' is not a number"),
    ("", "empty recording"),
    ("t,tl,tr\n0,1,2\n", ":1: unknown columns"),
    ("t,x,y\n1,1,2\n0.5,1,2\n", ":3: time 0.5 does not increase"),
])
@pytest.mark.parametrize("command", ["analyze", "replay"])
def test_malformed_recordings_give_one_line_naming_file_and_line(tmp_path, capsys, content, words, command):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    assert main([command, str(path)]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and words in err
