"""Adaptive difficulty, the player's reach, and the eyes-closed variant."""
import math

import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.level.levelsetup import prepare
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage
from poise.game.level.levelsetup import next_step
from poise.game.level.reach import Reach

levels = catalogue()


def test_steps_up_after_consistent_success_and_down_after_repeated_failure():
    assert next_step([], 5) == 0
    assert next_step([(0, 3)], 5) == 0  # one good attempt is not consistent yet
    assert next_step([(0, 3), (0, 2)], 5) == 1
    assert next_step([(0, 3), (0, 2), (1, 2), (1, 3)], 5) == 2
    assert next_step([(2, 0), (2, 0)], 5) == 1
    assert next_step([(2, 3), (2, 0), (2, 3)], 5) == 2  # mixed results: stay
    assert next_step([(4, 3)] * 6, 5) == 4  # the top step is the limit
    assert next_step([(0, 0)] * 6, 5) == 0


def test_prepare_uses_the_players_history(tmp_path):
    storage = Storage(tmp_path / "d.db")
    pid = storage.player_id("Ana", create=True)
    sid = storage.start_session(pid, "sim://", "sim-1", "t")
    for stars in (3, 3):
        storage.save_attempt(sid, pid, "tracking", "t", 1.0, 900, stars, {"details": {"step": 0}}, {}, "t\n", 0)

    class Ctx:
        pass

    ctx = Ctx()
    ctx.storage, ctx.player, ctx.levels = storage, "Ana", levels
    assert prepare(ctx, "tracking").step == 1
    assert prepare(ctx, "slalom").step == 0


def test_taller_players_get_farther_targets():
    short, tall = Reach.from_height(150), Reach.from_height(195)
    assert tall.forward > short.forward > short.back
    a = levels.create("weight-shift-reach", reach=short).trials[0].distance
    b = levels.create("weight-shift-reach", reach=tall).trials[0].distance
    assert b == pytest.approx(a * 195 / 150)


def test_reach_follows_an_ellipse_between_directions():
    r = Reach(100.0, 50.0, 80.0, 80.0)
    assert r.along(math.pi / 2) == pytest.approx(100.0) and r.along(-math.pi / 2) == pytest.approx(50.0)
    assert 50.0 < r.along(math.pi / 4) < 100.0


def test_harder_steps_mean_smaller_targets():
    easy, hard = levels.create("weight-shift-reach", step=0), levels.create("weight-shift-reach", step=4)
    assert hard.radius < easy.radius and hard.trials[0].distance > easy.trials[0].distance


def frame_brightness(app) -> float:
    return float(pygame.surfarray.array3d(app.surface).mean())


def test_eyes_closed_darkens_the_screen_and_the_tone_follows_the_cop():
    clock = VirtualClock()
    app = App(open_board("sim://?seed=1", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              sound=False, levels=levels)
    scene = PlayScene(app.ctx, levels.create("single-leg-hold-eyes-closed", 10.0))
    app.stack.push(scene)
    tones = []
    while not (scene.stage == "play" and scene.level.phase.kind == "hold" and scene.level.phase_t > 1.0):
        if scene.stage == "play" and scene.level.phase.kind == "prepare":
            assert scene.level.sonify() is None  # silent until the hold
        app.frame()
    dark = frame_brightness(app)
    for _ in range(120):
        app.frame()
        tones.append(scene.level.sonify())
    assert all(t is not None and 0 <= t[0] <= 1 and -1 <= t[1] <= 1 for t in tones)
    assert len({round(t[0], 3) for t in tones}) > 10  # the pitch moves with the sway

    clock2 = VirtualClock()
    app2 = App(open_board("sim://?seed=1", clock2), Storage(":memory:"), clock=clock2, player="P", autoplay=True,
               sound=False, levels=levels)
    scene2 = PlayScene(app2.ctx, levels.create("single-leg-hold", 10.0))
    app2.stack.push(scene2)
    while not (scene2.stage == "play" and scene2.level.phase.kind == "hold" and scene2.level.phase_t > 1.0):
        app2.frame()
    assert dark < 0.4 * frame_brightness(app2)
    assert scene2.level.sonify() is None  # the eyes-open level makes no tone
