"""Player setup, the limits-of-stability test, the weekly balance check and the safety layer."""
import json
import subprocess
import sys

import numpy as np
import pytest

from poise.testing import catalogue
from conftest import ROOT
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.level.levelsetup import prepare
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage
from helpers import play_level
from helpers import rows
from poise.game.level.messages import note_text

levels = catalogue()


def test_limits_grow_with_skill_and_the_levels_targets_follow(tmp_path):
    storage = Storage(tmp_path / "los.db")
    reaches = {}
    for skill, name in ((0.3, "Low"), (0.9, "High")):
        app = play_level("limits-of-stability", f"sim://?skill={skill}&seed=2", storage=storage, player=name)
        result = app.ctx.results[-1]
        limits = result["details"]["limits_mm"]
        assert result["details"]["weight_kg"] == pytest.approx(70.0, abs=1.0)
        assert len(result["details"]["directions"]) == 8
        reaches[name] = limits

        class Ctx:
            pass

        ctx = Ctx()
        ctx.storage, ctx.player, ctx.levels = storage, name, levels
        level = prepare(ctx, "weight-shift-reach")
        assert level.reach.measured
        reaches[name + "-target"] = level.trials[0].distance  # the first target: forward
        assert storage.player(name)["weight_kg"] == pytest.approx(70.0, abs=1.0)
    for d in ("forward", "back", "left", "right"):
        assert reaches["High"][d] > reaches["Low"][d], d
    assert reaches["High-target"] > 1.15 * reaches["Low-target"]


def test_los_measures_per_direction(tmp_path):
    r = play_level("limits-of-stability", "sim://?skill=0.7&seed=1").ctx.results[-1]
    for d in r["details"]["directions"]:
        assert 0.15 < d["reaction_time_s"] < 1.5
        assert d["movement_velocity_deg_s"] > 0 and 0 < d["max_excursion_pct"] <= 130
        assert d["endpoint_excursion_pct"] <= d["max_excursion_pct"] + 1
        assert d["directional_control_pct"] > 40


def test_weekly_check_runs_headless_and_stores_one_assessment_with_all_trials(tmp_path):
    db = tmp_path / "check.db"
    proc = subprocess.run([sys.executable, "-m", "poise", "demo", "--level", "balance-check", "--headless", "--db",
                           str(db), "--player", "Ana", "--seconds", "120"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    storage = Storage(db)
    assessments = storage.assessments(storage.player_id("Ana"))
    assert len(assessments) == 1 and assessments[0]["id"] == result["assessment_id"]
    trials = storage.assessment_trials(result["assessment_id"])
    assert [t["condition"] for t in trials] == ["eyes-open"] * 3 + ["eyes-closed"] * 3 + ["left-leg"] * 3 + \
        ["right-leg"] * 3
    for t in trials:
        metrics = json.loads(t["metrics_json"])
        assert t["valid"] and metrics["velocity_mm_s"] > 0 and metrics["ellipse95_mm2"] > 0
    one_leg = np.mean([json.loads(t["metrics_json"])["velocity_mm_s"] for t in trials if "leg" in t["condition"]])
    two_feet = np.mean([json.loads(t["metrics_json"])["velocity_mm_s"] for t in trials if "eyes" in t["condition"]])
    assert one_leg > 2 * two_feet
    assert json.loads(assessments[0]["quality_json"])["lost_samples"] == 0
    assert storage.recording(result["attempt_id"]).startswith("# poise-recording: 1")  # the raw recording is kept


def test_a_touch_down_marks_the_trial_and_adds_one_more():
    clock = VirtualClock()
    app = App(open_board("sim://?seed=3&skill=0.7", clock), Storage(":memory:"), clock=clock, player="P",
              autoplay=True, quit_after_results=True, sound=False, render=False, levels=levels)
    spec = levels.spec("balance-check")
    import dataclasses
    short = dataclasses.replace(spec, params=dataclasses.replace(spec.params, conditions=("left-leg",), trials=2,
                                                                  trial_s=8.0))
    level = type(levels.create("balance-check"))(short)
    scene = PlayScene(app.ctx, level)
    app.stack.push(scene)
    touched = False
    for _ in range(60 * 120):
        if not touched and level.phase == "trial" and level.phase_t > 3.0:
            app.feed.autopilot.touch_down(clock(), 0.6)
            touched = True
        app.frame()
        if app.ctx.results:
            break
    result = app.ctx.results[-1]
    trials = result["details"]["trials"]
    assert [t["valid"] for t in trials] == [False, True, True]  # marked, then one extra trial
    assert trials[0]["label"] not in result["metrics"]  # an invalid trial is never measured
    (key, args), = [m for m in result["messages"] if m[0] == "check.touchdown"]  # why, as data
    assert args["condition"] == "left-leg" and args["trial"] == 1 and 3.0 < args["at_s"] < 3.5
    assert ("Left leg 1", f"touch-down at {args['at_s']:.1f} s") in rows(result)  # and in words on the screen
    stored = app.ctx.storage.assessment_trials(result["assessment_id"])
    assert json.loads(stored[0]["note"]) == ["check.touchdown", args] and stored[1]["note"] == ""
    assert note_text(stored[0]["note"], "balance-check") == f"touch-down at {args['at_s']:.1f} s"


def test_leaning_past_measured_limits_pauses_and_is_logged(tmp_path):
    storage = Storage(tmp_path / "safe.db")
    pid = storage.player_id("Pat", create=True)
    storage.save_limits(pid, None, {"forward": 30.0, "back": 25.0, "left": 30.0, "right": 30.0}, [])
    clock = VirtualClock()
    app = App(open_board("sim://?seed=1&skill=0.9", clock), storage, clock=clock, player="Pat", autoplay=True,
              sound=False, render=False, levels=levels)
    level = prepare(app.ctx, "tracking")
    scene = PlayScene(app.ctx, level)
    app.stack.push(scene)
    for _ in range(60 * 5):
        app.frame()
    assert scene.pause is None
    level.autopilot_goal = lambda: ("both", (0.0, 110.0))  # the simulated person lurches far forward
    paused = False
    for _ in range(60 * 4):
        app.frame()
        paused = paused or scene.pause == "limits"
    assert paused
    incidents = storage.incidents(pid)
    assert incidents and incidents[0]["kind"] == "beyond-limits" and incidents[0]["level"] == "tracking"
    assert json.loads(incidents[0]["detail"]) == {}  # the kind says it all: no English sentence stored


def test_stepping_off_mid_level_is_logged_as_an_incident(tmp_path):
    storage = Storage(tmp_path / "off.db")
    clock = VirtualClock()
    app = App(open_board("sim://?seed=1", clock), storage, clock=clock, player="Sam", autoplay=True, sound=False,
              render=False, levels=levels)
    scene = PlayScene(app.ctx, prepare(app.ctx, "slalom"))
    app.stack.push(scene)
    for _ in range(60 * 4):
        app.frame()
    app.feed.autopilot.step_off(clock())
    for _ in range(60 * 2):
        app.frame()
    assert scene.pause == "off"
    (incident,) = storage.incidents(storage.player_id("Sam"))
    assert incident["kind"] == "load-loss"
    stored = json.loads(incident["detail"])  # numbers, put into the reader's words when shown: no sentence
    assert set(stored) == {"kg"} and 0 <= stored["kg"] < 20
