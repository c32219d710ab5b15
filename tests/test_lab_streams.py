"""A lab records Poise beside its other streams: the game plays a balance check on the simulated board with its
board and its events published over LSL (what `poise play --lsl --lsl-markers` does, in one process), LabRecorder's
own recording code (the `labrecorder` package) writes the XDF file, and pyxdf loads it with the right times,
types and units."""
from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

import lsl_local  # before pylsl: keeps LSL on this machine

if lsl_local.pylsl is None:
    pytest.skip(lsl_local.why, allow_module_level=True)
pylsl = lsl_local.pylsl
pytest.importorskip("labrecorder", reason="LabRecorder's Python package (pip install labrecorder)")
pyxdf = pytest.importorskip("pyxdf")

from poise.drivers import open_board  # noqa: E402
from poise.game.engine.app import App  # noqa: E402
from poise.game.engine.lab_streams import LabStreams  # noqa: E402
from poise.game.engine.loop import VirtualClock  # noqa: E402
from poise.game.scenes.play import PlayScene  # noqa: E402
from poise.game.storage.store import Storage  # noqa: E402
from poise.levels.balance_check import BalanceCheck  # noqa: E402
from poise.testing import catalogue  # noqa: E402

pytestmark = pytest.mark.realtime  # the recorder's process: bounded waits on real time
G = 9.80665
ROOT = Path(__file__).resolve().parents[1]


def desc(stream: dict) -> dict:
    """pyxdf's <desc> of a stream, one level of lists taken off."""
    return stream["info"]["desc"][0]


def channels(stream: dict) -> list[tuple[str, str, str]]:
    return [(c["label"][0], c["type"][0], (c.get("unit") or [""])[0]) for c in desc(stream)["channels"][0]["channel"]]


@pytest.mark.slow  # seconds of real time, mostly waiting: spread through the run (conftest)
def test_a_balance_check_recorded_with_labrecorder_loads_with_times_types_and_units(tmp_path):
    name = f"poise-lab-{uuid.uuid4().hex[:8]}"
    clock = VirtualClock(100.0)
    board = open_board("sim://?seed=4&skill=0.8&weight=70", clock)
    levels = catalogue()
    spec = levels.spec("balance-check")
    short = dataclasses.replace(spec, params=dataclasses.replace(spec.params, conditions=("eyes-open", "eyes-closed"),
                                                                   trials=1, trial_s=5.0, prepare_s=1.0))
    app = App(board, Storage(tmp_path / "lab.db"), player="Lab", autoplay=True, sound=False, render=False,
              quit_after_results=True, levels=levels, clock=clock)
    streams = LabStreams(app.feed, name, board=True, markers=True, clock=clock)
    app.ctx.mark = streams.mark
    names = [name, f"{name}-display", f"{name}-markers"]
    path = tmp_path / "session.xdf"
    recorder = subprocess.Popen([sys.executable, str(ROOT / "tests" / "lsl_recorder.py"), str(path), *names],
                                cwd=ROOT / "tests", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    try:
        assert recorder.stdout.readline().strip() == "recording", recorder.stderr.read()
        for outlet in (streams.board, streams.display, streams.markers):  # the recorder is listening
            assert outlet.wait_for_consumers(20.0)
        watcher = pylsl.StreamInlet(pylsl.resolve_byprop("name", names[2], 1, 10.0)[0])
        watcher.open_stream(10.0)
        app.stack.push(PlayScene(app.ctx, BalanceCheck(short)))
        app.run(max_frames=60 * 120)
        seen, deadline = [], time.monotonic() + 20.0
        while not any('"result"' in m for m in seen) and time.monotonic() < deadline:
            seen += [row[0] for row in watcher.pull_chunk(timeout=0.5)[0]]
        assert any('"result"' in m for m in seen), seen
        time.sleep(1.0)  # the recorder's inlets are as far as the watcher's by now
        recorder.communicate("\n", timeout=30)  # a lab stops recording, then closes the game
    finally:
        if recorder.poll() is None:
            recorder.kill()
            recorder.wait()
    streams.close()
    assert app.ctx.results and app.ctx.results[-1]["saved"]

    loaded, _ = pyxdf.load_xdf(str(path), dejitter_timestamps=False)
    by_type = {s["info"]["type"][0]: s for s in loaded}
    forces, display, markers = by_type["Force"], by_type["MoCap"], by_type["Markers"]

    assert channels(forces) == [(c, "Force", "newtons") for c in ("tl", "tr", "bl", "br", "total")] + [
        ("x", "PositionX", "meters"), ("y", "PositionY", "meters")]
    setup = desc(forces)["setup"][0]
    assert setup["reference"][0]["x"] == ["toward the standing player's right"]
    assert float(setup["bounds"][0]["maximum"][0]["X"][0]) == pytest.approx(0.2165)
    data = np.asarray(forces["time_series"])
    on = ~np.isnan(data[:, 5])
    assert np.allclose(data[on, 4], data[on, :4].sum(axis=1), rtol=1e-5)
    assert np.median(data[on, 4]) / G == pytest.approx(70.0, rel=0.05)  # newtons: 70 kg stand on it
    assert np.all(np.abs(data[on, 5]) < 0.25) and np.all(np.abs(data[on, 6]) < 0.15)  # meters, inside the board
    stamps = np.asarray(forces["time_stamps"])
    steps = np.diff(stamps)
    assert np.mean(np.abs(steps - board.period) < 0.001) > 0.99  # sensing times: the board's own even grid

    lag = float(desc(display)["acquisition"][0]["compensated_lag"][0])
    assert 0.005 < lag < 0.03
    assert channels(display) == [("fx", "PositionX", "meters"), ("fy", "PositionY", "meters")]

    events = [json.loads(m[0]) for m in markers["time_series"]]
    kinds = [e["event"] for e in events]
    assert kinds[0] == "level-start" and kinds[-2:] == ["level-end", "result"]
    assert [e.get("condition") for e in events if e["event"] == "condition-start"] == ["eyes-open", "eyes-closed"]
    assert [(e["condition"], e["trial"]) for e in events if e["event"] == "trial-start"] == [
        ("eyes-open", 1), ("eyes-closed", 1)]
    assert all(e["level"] == "balance-check" for e in events)
    marker_t = np.asarray(markers["time_stamps"])
    assert stamps[0] < marker_t[0] and marker_t[-1] <= stamps[-1] + 1.0  # on the board stream's clock
    trial = [t for t, e in zip(marker_t, events) if e["event"] == "trial-start"]
    ends = [t for t, e in zip(marker_t, events) if e["event"] == "trial-end"]
    assert [b - a for a, b in zip(trial, ends)] == [pytest.approx(5.0, abs=0.1)] * 2  # 5-s trials, on LSL's clock
