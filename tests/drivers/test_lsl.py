"""Lab Streaming Layer: `poise stream --lsl` publishes a board, `lsl://NAME` plays from a stream.

LSL finds streams by UDP multicast. The tests keep every packet on this machine (tests/lsl_local.py).
"""
from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

import lsl_local  # noqa: E402  (before pylsl: keeps LSL on this machine)

if lsl_local.pylsl is None:
    pytest.skip(lsl_local.why, allow_module_level=True)
pylsl = lsl_local.pylsl
_cfg = lsl_local.path

from poise.drivers import BoardError, BoardURLError, open_board  # noqa: E402
from poise.game.core.cop import cop  # noqa: E402
from helpers import PATIENCE_S  # noqa: E402

pytestmark = pytest.mark.realtime
ROOT = Path(__file__).resolve().parents[2]


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


def test_a_cop_stream_in_cm_and_newtons_becomes_a_board():
    name = unique("plate")
    info = pylsl.StreamInfo(name, "Force", 3, 100.0, pylsl.cf_float32, name)
    chans = info.desc().append_child("channels")
    for label, unit in (("COPx", "cm"), ("COPy", "cm"), ("Fz", "N")):
        ch = chans.append_child("channel")
        ch.append_child_value("label", label)
        ch.append_child_value("unit", unit)
    outlet = pylsl.StreamOutlet(info)
    board = open_board(f"lsl://{name}?timeout=5")
    try:
        assert board.info.rate_hz == 100.0 and "COP" in board.info.name and board.info.identity == f"lsl-{name}"
        deadline = time.monotonic() + PATIENCE_S
        got = []
        while time.monotonic() < deadline and len(got) < 50:
            outlet.push_sample([1.5, -2.0, 686.0])  # 15 mm right, 20 mm toward the heels, 70 kg
            time.sleep(0.01)
            got += board.poll()
        assert len(got) >= 20
        g = board.info.geometry
        for s in got:
            _, x, y = cop(s.tl, s.tr, s.bl, s.br, g.half_x, g.half_y)
            assert s.total == pytest.approx(686.0 / 9.80665, rel=1e-5)
            assert (x, y) == (pytest.approx(15.0, abs=1e-3), pytest.approx(-20.0, abs=1e-3))
        assert abs(got[-1].t - time.monotonic()) < 1.0  # on the host's clock
        assert board.status().connected
    finally:
        board.close()
        del outlet


def after_warm_up(samples: list) -> list:
    """The samples after the last warm-up row (the one whose back-right corner carries 17.6 kg)."""
    last = max((i for i, s in enumerate(samples) if s.br == pytest.approx(17.6)), default=-1)
    return samples[last + 1:]


def test_corner_load_streams_mark_a_missing_channel_and_a_spike():
    """A lab's corner-load stream with a NaN channel or a one-sample spike: the corner is marked, not used."""
    name = unique("corners")
    info = pylsl.StreamInfo(name, "Force", 4, 100.0, pylsl.cf_float32, name)
    chans = info.desc().append_child("channels")
    for label in ("tl", "tr", "bl", "br"):
        ch = chans.append_child("channel")
        ch.append_child_value("label", label)
        ch.append_child_value("unit", "kg")
    outlet = pylsl.StreamOutlet(info)
    board = open_board(f"lsl://{name}?timeout=5")
    rows = [[17.0, 18.0, 17.5, 17.5]] * 5 + [[17.0, math.nan, 17.5, 17.5]] + [[17.0, 18.0, 17.5, 17.5]] * 3 \
        + [[17.0, 18.0, 95.0, 17.5]] + [[17.0, 18.0, 17.5, 17.5]] * 5
    warm_up = [17.0, 18.0, 17.5, 17.6]  # told apart from the rows by its last corner
    try:
        deadline = time.monotonic() + PATIENCE_S
        got = []
        while time.monotonic() < deadline and not got:  # until the inlet is connected and receiving
            outlet.push_sample(warm_up)
            time.sleep(0.01)
            got += board.poll()
        for row in rows:
            outlet.push_sample(row)
        while time.monotonic() < deadline and len(after_warm_up(got)) < len(rows):
            time.sleep(0.01)
            got += board.poll()
        got = after_warm_up(got)
        assert [s.invalid for s in got] == [0] * 5 + [0b0010] + [0] * 3 + [0b0100] + [0] * 5
        assert all(math.isfinite(s.tr) for s in got) and board.status().spikes == 2
    finally:
        board.close()
        del outlet


def test_a_stream_of_something_else_is_refused_with_its_channels():
    name = unique("eeg")
    info = pylsl.StreamInfo(name, "EEG", 2, 250.0, pylsl.cf_float32, name)
    chans = info.desc().append_child("channels")
    for label in ("Fp1", "Fp2"):
        chans.append_child("channel").append_child_value("label", label)
    outlet = pylsl.StreamOutlet(info)
    with pytest.raises(BoardError, match=r"channels \(fp1, fp2\) are neither corner loads"):
        open_board(f"lsl://{name}?timeout=5")
    del outlet


def test_missing_stream_and_bad_urls_say_what_to_do():
    with pytest.raises(BoardError, match="no Lab Streaming Layer stream called 'nobody-here'"):
        open_board("lsl://nobody-here?timeout=0.3")
    with pytest.raises(BoardURLError, match="needs the stream's name"):
        open_board("lsl://")
    with pytest.raises(BoardURLError, match="unknown option 'tmeout'"):
        open_board("lsl://x?tmeout=1")


def test_a_missing_stream_is_one_line_without_liblsl_chatter(tmp_path):
    # no LSL configuration of the user's: liblsl's INFO line ('Loaded default config') is kept out
    env = {k: v for k, v in os.environ.items() if k != "LSLAPICFG"}
    env.update(HOME=str(tmp_path), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    proc = subprocess.run([sys.executable, "-m", "poise", "monitor", "--board", "lsl://nobody-here?timeout=0.3",
                           "--seconds", "1"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode != 0
    assert proc.stderr.splitlines() == [proc.stderr.strip()] and proc.stderr.startswith("poise monitor: no Lab"), \
        proc.stderr


def test_a_labs_own_lsl_configuration_is_left_alone(tmp_path, monkeypatch):
    from poise.drivers.lsl import quiet_liblsl

    monkeypatch.setenv("LSLAPICFG", "/lab/lsl_api.cfg")
    quiet_liblsl()
    assert os.environ["LSLAPICFG"] == "/lab/lsl_api.cfg"
    monkeypatch.delenv("LSLAPICFG")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lsl_api.cfg").write_text("[lab]\nKnownPeers = {10.0.0.2}\n")
    quiet_liblsl()
    assert "LSLAPICFG" not in os.environ  # liblsl finds the lab's file itself


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_loopback_streams_sim_and_plays_it_back_through_lsl(tmp_path):
    """`poise stream` publishes a simulated board in another process; this one finds it by name, checks the
    stream's description, and plays a short balance check from it through lsl://."""
    name = unique("poise-loopback")
    env = {**os.environ, "LSLAPICFG": str(_cfg), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    proc = subprocess.Popen([sys.executable, "-m", "poise", "stream", "--board", "sim://?seed=3&skill=0.8", "--lsl",
                             "--name", name, "--seconds", "300"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    board = None
    try:
        found = pylsl.resolve_byprop("name", name, 1, PATIENCE_S)
        assert found, "the stream did not appear"
        inlet = pylsl.StreamInlet(found[0])
        full = inlet.info(5.0)
        assert full.type() == "Force" and full.nominal_srate() == 60.0 and full.channel_count() == 7
        ch, labels = full.desc().child("channels").child("channel"), []
        for _ in range(7):
            labels.append((ch.child_value("label"), ch.child_value("type"), ch.child_value("unit")))
            ch = ch.next_sibling()
        assert labels == [(c, "Force", "newtons") for c in ("tl", "tr", "bl", "br", "total")] + [
            ("x", "PositionX", "meters"), ("y", "PositionY", "meters")]
        assert full.desc().child("poise").child_value("board_url") == "sim://?seed=3&skill=0.8"
        rows, _ = inlet.pull_chunk(timeout=2.0, max_samples=200)
        deadline = time.monotonic() + PATIENCE_S
        while len(rows) <= 30 and time.monotonic() < deadline:
            rows += inlet.pull_chunk(timeout=0.2, max_samples=200)[0]
        assert len(rows) > 30
        for tl, tr, bl, br, total, x, y in rows:
            assert total == pytest.approx(tl + tr + bl + br, rel=1e-5)
            if not math.isnan(x):
                want = cop(tl, tr, bl, br, 216.5, 119.0)[1:]
                assert (x, y) == (pytest.approx(want[0] / 1000, abs=2e-5), pytest.approx(want[1] / 1000, abs=2e-5))
        del inlet

        from helpers import run_until
        from poise.testing import catalogue
        from poise.game.engine.app import App
        from poise.game.storage.store import Storage
        from poise.game.scenes.play import PlayScene
        from poise.levels.balance_check import BalanceCheck
        levels = catalogue()

        board = open_board(f"lsl://{name}?timeout=10")
        assert board.info.rate_hz == 60.0 and board.info.geometry.half_x == 216.5 and "corner loads" in board.info.name
        spec = levels.spec("balance-check")
        short = dataclasses.replace(spec, params=dataclasses.replace(spec.params, conditions=("eyes-open",), trials=2,
                                                                       trial_s=5.0, prepare_s=1.0))
        storage = Storage(tmp_path / "lsl.db")
        app = App(board, storage, player="Lab", autoplay=True, sound=False, render=False, quit_after_results=True,
                  levels=levels)  # autoplay: the instructions go by themselves (no autopilot steers an LSL board)
        app.stack.push(PlayScene(app.ctx, BalanceCheck(short)))
        assert run_until(app, lambda: bool(app.ctx.results), PATIENCE_S * 2), \
            "the level did not finish playing from LSL"
        result = app.ctx.results[-1]
        assert result["saved"] and result["details"]["valid_trials"] == 2 and result["board"].startswith("lsl://")
        metrics = result["metrics"]["eyes-open 1"]
        assert 2.0 < metrics["velocity_mm_s"] < 40.0 and metrics["samples"] > 150
        assert result["samples"] > 500  # ~60 samples/s from the other process for the whole level
    finally:
        if board is not None:
            board.close()
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert f"publishing LSL stream(s) {name} (Simulated board" in err
