"""Samples marked invalid (Sample.invalid) and boards that deliver a fraction of their rate, through the game:
the live pipeline holds, recordings keep the raw value with its mark, `poise analyze` and attempts leave the
sample out, a lasting corner fault pauses the level naming the corner, and the measured rate is shown
beside the nominal one with a warning."""
import dataclasses
import json

import numpy as np
import pytest

from poise.testing import catalogue
from poise.__main__ import main
from poise.drivers import Board, open_board, recording
from poise.game.engine.app import App
from poise.game.core.pipeline import LivePipeline
from poise.game.core.presence import Presence
from poise.game.core.stance import Stance
from poise.game.engine.feed import BoardFeed
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage

levels = catalogue()

HALF_X, HALF_Y = 216.5, 119.0


def sim_samples(seconds, url="sim://?seed=5&rate=80&jitter=0"):
    clock = VirtualClock()
    board = open_board(url, clock)
    out = []
    for _ in range(int(seconds * 60)):
        clock.advance(1 / 60)
        out += board.poll()
    return board, out


# ---- the live pipeline --------------------------------------------------------------------------------
def standing(t):
    wobble = 0.3 * np.sin(2 * np.pi * 0.7 * t)
    return (17.5 + wobble, 17.5 - wobble, 17.5 + wobble, 17.5 - wobble)


@pytest.mark.parametrize("marked", [True, False])
def test_a_dead_corner_is_a_missing_sample_not_a_right_leg(marked):
    p = LivePipeline(HALF_X, HALF_Y, 60.0)
    t = 0.0
    for i in range(240):  # 4 s standing evenly on both feet
        t = i / 60
        b = p.process(t, *standing(t))
    assert b.stance is Stance.BOTH
    held = b
    stances = set()
    for i in range(240, 300):  # 1 s with bl reading 0 kg (a chip that stopped answering)
        t = i / 60
        tl, tr, _, br = standing(t)
        b = p.process(t, tl, tr, 0.0, br, invalid=0b0100 if marked else 0)
        stances.add(b.stance)
    if marked:
        assert stances == {Stance.BOTH} and b.presence is Presence.ON_BOARD
        assert (b.x, b.y, b.total) == (held.x, held.y, held.total) and b.t == t
        assert not [e for e in p.events if e.kind in ("left", "right", "stepped-off")]
    else:  # what happened before: an even stance read as standing on the right leg
        assert Stance.RIGHT in stances


# ---- recordings, analyze and replay ------------------------------------------------------------------------
def with_spikes(samples, every=40):
    """Every `every`-th sample: tr 58 kg too high, marked invalid, as the load-cell driver delivers it."""
    return [s._replace(tr=s.tr + 58.0, invalid=0b0010) if i % every == every // 2 else s
            for i, s in enumerate(samples)]


def write(path, samples, own_clock=False):
    recording.write(path, recording.sample_rows(samples, own_clock),
                    {"board": "test", "geometry": "433x238 mm"}, recording.sample_columns(own_clock))


def analyze_json(path, capsys):
    capsys.readouterr()
    assert main(["analyze", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_recording_keeps_the_raw_value_and_its_mark_and_analyze_leaves_it_out(tmp_path, capsys):
    _, samples = sim_samples(30)
    spiky = with_spikes(samples)
    write(tmp_path / "clean.csv", samples)
    write(tmp_path / "spiky.csv", spiky)
    rec = recording.read(tmp_path / "spiky.csv")
    marked = ~rec.valid
    assert marked.sum() == len(samples) // 40 + (len(samples) % 40 > 20)
    assert np.allclose(rec.data[marked, 2], [s.tr for s in spiky if s.invalid], atol=1e-3)  # raw value kept
    assert set(rec.flags[marked]) == {0b0010 << 4 | samples[0].flags}
    clean = analyze_json(tmp_path / "clean.csv", capsys)
    left_out = analyze_json(tmp_path / "spiky.csv", capsys)
    assert left_out["velocity_mm_s"] == pytest.approx(clean["velocity_mm_s"], rel=0.02)
    assert left_out["samples"] < clean["samples"] + 1


def test_replay_delivers_the_marks_and_the_pipeline_holds_through_them(tmp_path):
    _, samples = sim_samples(6)
    spiky = with_spikes(samples)
    write(tmp_path / "spiky.csv", spiky, own_clock=False)
    clock = VirtualClock()
    board = open_board(f"replay://{tmp_path / 'spiky.csv'}", clock)
    feed = BoardFeed(board)
    got, outs = [], []
    raw = feed.record()
    while not board.finished:
        clock.advance(1 / 60)
        feed.pump()
        outs += feed.drain()
    got = raw
    assert [s.invalid for s in got] == [s.invalid for s in spiky]
    assert [s.flags for s in got] == [s.flags for s in spiky]
    for i, s in enumerate(got):
        if s.invalid and i:
            assert (outs[i].x, outs[i].y) == (outs[i - 1].x, outs[i - 1].y)  # held, not a 58 kg jump


# ---- a lasting fault pauses the level --------------------------------------------------------------------
def test_a_corner_that_stays_unusable_pauses_the_level_naming_it(tmp_path):
    _, samples = sim_samples(24, "sim://?seed=5")
    faulty = [s._replace(bl=0.0, invalid=0b0100) if 8.0 <= s.t - samples[0].t < 11.0 else s for s in samples]
    write(tmp_path / "fault.csv", faulty)
    clock = VirtualClock()
    board = open_board(f"replay://{tmp_path / 'fault.csv'}", clock)
    app = App(board, Storage(":memory:"), clock=clock, player="P", autoplay=True, sound=False, render=False,
              levels=levels)
    scene = PlayScene(app.ctx, levels.create("single-leg-hold", 60.0))
    app.stack.push(scene)
    start = clock()
    seen = {}
    while clock() - start < 20.0:
        app.frame()
        seen.setdefault(scene.pause, clock() - start)
        if scene.pause == "fault" and "text" not in seen:
            seen["text"] = app.feed.fault
            scene.draw(app.surface, app.display.frame())  # the pause box with the sentence draws
    assert 8.0 < seen["fault"] < 8.8
    assert seen["text"].startswith("corner bl (back left) gives no usable reading")
    assert "off" not in seen  # the player never "stepped off"
    assert scene.pause is None


# ---- a board delivering a fraction of its rate -----------------------------------------------------------
class SlowBoard(Board):
    """A board that promises 80 samples/s and delivers every 7th: ~11 Hz, as an HX711 with RATE low does."""

    def __init__(self, clock):
        self.inner = open_board("sim://?seed=6&rate=80", clock)
        self.info = dataclasses.replace(self.inner.info, rate_hz=80.0, simulated=False)
        self.autopilot = self.inner.autopilot
        self.n = 0

    def poll(self):
        out = []
        for s in self.inner.poll():
            self.n += 1
            if self.n % 7 == 0:
                out.append(s)
        return out

    def status(self):
        return self.inner.status()


def test_a_slow_board_shows_its_rate_beside_the_nominal_one_and_in_the_attempt_quality():
    clock = VirtualClock()
    app = App(SlowBoard(clock), Storage(":memory:"), clock=clock, player="P", autoplay=True, sound=False,
              render=False, quit_after_results=True, levels=levels)
    app.stack.push(PlayScene(app.ctx, levels.create("tracking", 8.0)))
    for _ in range(60 * 4):
        app.frame()
    rate = app.feed.rate
    assert rate.rate_hz == pytest.approx(80 / 7, rel=0.1) and rate.low
    assert rate.text.split()[0] in ("11/80", "12/80") and "below the board's nominal rate" in rate.text
    app.run(max_frames=60 * 60)
    quality = app.ctx.results[-1]["quality"]  # kept with the attempt's result, stored with it
    stored = json.loads(app.ctx.storage.attempts(app.ctx.storage.player_id("P"))[-1]["result_json"])
    assert stored["quality"] == quality
    assert quality["nominal_rate_hz"] == 80.0 and quality["rate_low"]
    assert quality["rate_hz"] == pytest.approx(80 / 7, rel=0.1)
    assert quality["spikes"] == 0 and quality["invalid_samples"] == 0


def test_a_board_at_its_rate_is_not_warned_about():
    clock = VirtualClock()
    feed = BoardFeed(open_board("sim://?seed=6&rate=80", clock))
    for _ in range(180):
        clock.advance(1 / 60)
        feed.pump()
    assert feed.rate.rate_hz == pytest.approx(80, rel=0.05) and not feed.rate.low
    assert feed.rate.text in ("79/80 samples/s", "80/80 samples/s", "81/80 samples/s")


def test_monitor_json_carries_the_marks_and_the_rates(tmp_path, capsys):
    _, samples = sim_samples(6)
    write(tmp_path / "spiky.csv", with_spikes(samples, every=10))
    capsys.readouterr()
    assert main(["monitor", "--board", f"replay://{tmp_path / 'spiky.csv'}?speed=4", "--seconds", "1.2",
                 "--json"]) == 0
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    marked = [d for d in lines if d["invalid"]]
    assert marked and all(d["invalid"] == 0b0010 and d["x"] is None for d in marked)
    assert all(d["x"] is not None for d in lines[5:] if not d["invalid"])
    assert lines[-1]["nominal_rate_hz"] > 0 and lines[-1]["rate_hz"] is not None
    assert "spikes" in out.err and "with an invalid corner" in out.err
