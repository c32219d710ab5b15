"""Pause on Esc and automatically when the player steps off; play resumes where it stopped."""
import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage
from helpers import frames_until

levels = catalogue()


def make_app():
    clock = VirtualClock()
    app = App(open_board("sim://?seed=2", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              sound=False, render=False, levels=levels)
    scene = PlayScene(app.ctx, levels.create("single-leg-hold", 10.0))
    app.stack.push(scene)
    return app, scene, clock


def test_stepping_off_pauses_and_stepping_back_on_resumes():
    app, scene, clock = make_app()
    assert frames_until(app, lambda: scene.stage == "play" and scene.level.phase.kind == "hold", 60 * 60)
    pilot = app.feed.autopilot
    pilot.step_off(clock())
    assert frames_until(app, lambda: scene.pause == "off", 120)
    frozen = scene.level.total_t
    for _ in range(120):  # two seconds off the board
        app.frame()
    assert scene.pause == "off" and scene.level.total_t == frozen
    pilot.step_on(clock())
    assert frames_until(app, lambda: scene.pause is None, 180)
    assert frames_until(app, lambda: bool(app.ctx.results), 60 * 60)
    result = app.ctx.results[-1]
    assert result["details"]["left_held_s"] + result["details"]["right_held_s"] == pytest.approx(10.0, abs=0.02)
    assert set(result["metrics"]) == {"left", "right"}  # the longer unbroken stretch still gets measured


def test_escape_opens_the_pause_menu_and_freezes_the_level():
    app, scene, _ = make_app()
    assert frames_until(app, lambda: scene.stage == "play" and scene.level.total_t > 1.0, 60 * 60)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_ESCAPE, mod=0, unicode="", scancode=0))
    app.frame()
    assert scene.pause == "menu"
    frozen = scene.level.total_t
    for _ in range(60):
        app.frame()
    assert scene.level.total_t == frozen
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="", scancode=0))
    app.frame()
    app.frame()
    assert scene.pause is None and scene.level.total_t > frozen


def test_pause_menu_quit_leaves_the_level_without_storing():
    app, scene, _ = make_app()
    assert frames_until(app, lambda: scene.stage == "play", 60 * 60)
    for k in (pygame.K_ESCAPE, pygame.K_DOWN, pygame.K_DOWN, pygame.K_RETURN):  # Resume, Restart, Quit level
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    app.frame()
    assert app.stack.top is None and not app.ctx.results


@pytest.mark.parametrize("level_id", sorted(levels.all_specs()))
def test_every_level_pauses_when_the_player_steps_off(level_id):
    clock = VirtualClock()
    app = App(open_board("sim://?seed=3", clock), Storage(":memory:"), clock=clock, player="P", autoplay=True,
              sound=False, render=False, levels=levels)
    scene = PlayScene(app.ctx, levels.create(level_id, 20.0))
    app.stack.push(scene)
    assert frames_until(app, lambda: scene.stage == "play" and scene.level.progress > 0.15, 60 * 60)
    app.feed.autopilot.step_off(clock())
    assert frames_until(app, lambda: scene.pause == "off", 120)
    frozen = scene.level.progress
    for _ in range(90):
        app.frame()
    assert scene.level.progress == frozen and not scene.level.finished
