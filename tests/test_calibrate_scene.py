"""Calibrating in the game on the simulated board, then playing: the person comes back, not the calibration mass."""
import pygame

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.core.stance import Stance
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.calibrate import CalibrateScene
from poise.game.scenes.menus import TitleScene
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage
from helpers import frames_until

levels = catalogue()


def make_app():
    clock = VirtualClock()
    app = App(open_board("sim://?seed=4&gains=1.04,0.97,1.02,0.99", clock), Storage(":memory:"), clock=clock,
              player="P", autoplay=True, sound=False, render=False, levels=levels)
    app.stack.push(TitleScene(app.ctx))
    scene = CalibrateScene(app.ctx)
    app.stack.push(scene)
    return app, scene, clock


def key(k):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))


def test_after_calibrating_the_simulated_person_plays_again():
    app, scene, clock = make_app()
    assert frames_until(app, lambda: scene.wizard.step == "done", 60 * 600)  # autoplay accepts at the check
    assert app.feed.board.calibration is not None
    key(pygame.K_RETURN)  # back to the menu
    app.frame()
    assert app.stack.top is not scene
    assert frames_until(app, lambda: app.feed.latest.on_board and abs(app.feed.latest.total - 70.0) < 3.0, 60 * 5)
    assert not app.feed.board.masses  # no calibration mass left on the board
    play = PlayScene(app.ctx, levels.create("single-leg-hold", 10.0))
    app.stack.push(play)
    app.ctx.quit_after_results = True
    assert frames_until(app, lambda: bool(app.ctx.results), 60 * 120)
    r = app.ctx.results[-1]
    assert r["score"] > 500 and not r["details"]["not_lifted"]  # a person who stands on each leg, not a mass
    assert 10 < r["metrics"]["left"]["velocity_mm_s"] < 200  # and sways like one


def test_cancelling_the_wizard_brings_the_person_back_too():
    app, scene, clock = make_app()
    assert frames_until(app, lambda: scene.wizard.step == "place" and app.feed.board.masses, 60 * 300)
    assert app.feed.latest.total < 30.0  # the person is off, the 20 kg mass is on
    key(pygame.K_ESCAPE)  # cancel
    app.frame()
    assert app.stack.top is not scene and not app.feed.board.masses
    assert frames_until(app, lambda: app.feed.latest.on_board and abs(app.feed.latest.total - 70.0) < 3.0, 60 * 5)
    assert frames_until(app, lambda: app.feed.latest.stance is Stance.BOTH, 60 * 3)
