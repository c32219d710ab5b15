"""The hands' boards (keys://, pad://): a click lands the balance point where it was, keys nudge on a
tap and speed up when held, a key re-centres, a controller's stick is a board, and holding still
still gives sway metrics."""
import math

import numpy as np
import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.level.attempt import attempt_metrics
from poise.api import Arena, Window
from poise.game.engine.loop import VirtualClock
from poise.game.engine.pad import shape
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage

levels = catalogue()

HALF_X, HALF_Y = 216.5, 119.0


def cop(sample):
    return (HALF_X * ((sample.tr + sample.br) - (sample.tl + sample.bl)) / sample.total,
            HALF_Y * ((sample.tl + sample.tr) - (sample.bl + sample.br)) / sample.total)


def playing(level_id, url="keys://?sway=0"):
    clock = VirtualClock()
    app = App(open_board(url, clock), Storage(":memory:"), clock=clock, player="T", sound=False, levels=levels)
    scene = PlayScene(app.ctx, levels.create(level_id))
    app.stack.push(scene)
    app.frame()
    scene._start()
    for _ in range(600):  # the countdown, and stepping on takes a moment
        app.frame()
        if scene.stage == "play" and scene.pause is None and app.frames > 150:
            break
    return app, scene


def post(kind, **fields):
    pygame.event.post(pygame.event.Event(kind, **fields))


def run(app, seconds):
    for _ in range(round(seconds * app.fps)):
        app.frame()


@pytest.mark.parametrize("level_id", ["weight-shift-reach", "rhythm-shift", "ankle-circles", "table-tilt", "slalom",
                                      "heading", "bubble-river", "tracking", "limits-of-stability"])
def test_a_click_puts_the_balance_point_where_it_was(level_id):
    app, scene = playing(level_id)
    arena = scene.arena(app.display.frame())
    assert arena is not None
    x, y, w, h = arena.rect
    for target in ((x + 0.7 * w, y + 0.3 * h), (x + 0.25 * w, y + 0.6 * h)):
        target = (round(target[0]), round(target[1]))
        post(pygame.MOUSEBUTTONDOWN, button=1, pos=target)
        run(app, 0.6)
        post(pygame.MOUSEBUTTONUP, button=1, pos=target)
        run(app, 0.4)  # and it stays there after the button is let go
        latest = app.feed.latest
        shown = scene.arena(app.display.frame()).to_screen(latest.fx, latest.fy)
        assert math.dist(shown, target) < 4, (shown, target)


def test_slalom_click_steers_the_skier_to_that_spot():
    app, scene = playing("slalom")
    arena = scene.arena(app.display.frame())
    x, y, w, h = arena.rect
    pos = (round(x + 0.8 * w), round(arena.centre[1]))
    post(pygame.MOUSEBUTTONDOWN, button=1, pos=pos)
    run(app, 0.8)
    want = (pos[0] - arena.centre[0]) / (0.5 * w - 16)  # the skier's side: the piste's half-width less a margin
    assert 0.5 < want < 0.7
    assert scene.level.lateral == pytest.approx(want, abs=0.03)


def test_keys_nudge_on_a_tap_and_speed_up_when_held():
    clock = VirtualClock()
    board = open_board("keys://?sway=0", clock)
    m = board.manual
    m.set_extent(100.0, 100.0)

    def hold(seconds, vx=1.0):
        """Hold an arrow for `seconds`, let go; returns how far the balance point moved sideways (mm)."""
        clock.advance(1 / 60)
        x0 = cop(board.poll()[-1])[0]
        m.move(vx, 0.0)
        for _ in range(round(seconds * 60)):
            clock.advance(1 / 60)
            board.poll()
        m.move(0.0, 0.0)
        clock.advance(1 / 60)
        return cop(board.poll()[-1])[0] - x0

    assert hold(1 / 60) == pytest.approx(3.0, abs=0.2)  # a tap: 3 % of the arena's extent at once
    assert hold(0.1) == pytest.approx(3.0, abs=0.2)  # still only a nudge: no creeping under 0.12 s
    slow = hold(0.5)  # slow at first: 25 % of the extent per second, rising
    assert 3.0 + 0.38 * 25 < slow < 3.0 + 0.38 * 60
    fast = hold(1.5, -1.0)  # much faster the longer it is held: up to 120 % per second
    assert fast < -100


def test_recentre_key_goes_back_to_the_middle_of_the_arena():
    app, scene = playing("weight-shift-reach")
    post(pygame.KEYDOWN, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0)
    run(app, 1.2)
    post(pygame.KEYUP, key=pygame.K_RIGHT, mod=0, unicode="", scancode=0)
    run(app, 0.2)
    arena = scene.arena(app.display.frame())
    assert app.feed.latest.fx - arena.origin[0] > 30
    post(pygame.KEYDOWN, key=pygame.K_c, mod=0, unicode="c", scancode=0)
    run(app, 0.6)
    assert math.dist((app.feed.latest.fx, app.feed.latest.fy), arena.origin) < 2


class FakeStick:
    """A controller as pygame's joystick API shows it (instance id, axes), without the hardware."""

    def __init__(self, instance_id: int = 7):
        self.axes = [0.0, 0.0]
        self.instance_id = instance_id

    def get_instance_id(self):
        return self.instance_id

    def get_numaxes(self):
        return 2

    def get_axis(self, i):
        return self.axes[i]


def test_a_controller_stick_is_a_board_and_unplugging_it_pauses():
    app, scene = playing("weight-shift-reach", "pad://?sway=0")
    run(app, 0.3)
    assert not app.feed.last_status.connected and scene.pause == "disconnected"
    stick = FakeStick()
    app.pads.add(stick)
    run(app, 0.3)
    assert scene.pause is None
    stick.axes = [1.0, 0.0]  # full right: the right edge of what the level shows
    run(app, 0.8)
    arena = scene.arena(app.display.frame())
    right_edge = arena.origin[0] + arena.edges_mm()[0]
    assert app.feed.latest.fx == pytest.approx(right_edge, abs=2)
    stick.axes = [0.0, -0.5]  # half up: forward, half-way to the top edge
    run(app, 0.8)
    assert app.feed.latest.fy == pytest.approx(arena.origin[1] + 0.5 * arena.edges_mm()[2] * shape(0.5) / 0.5, abs=2)
    assert app.feed.latest.fx == pytest.approx(arena.origin[0], abs=2)
    post(pygame.JOYDEVICEREMOVED, instance_id=7)
    run(app, 0.3)
    assert scene.pause == "disconnected"


def test_controller_buttons_and_hat_drive_menus():
    from poise.game.engine.pad import Pads

    pads = Pads()
    kinds = [pads.handle(pygame.event.Event(pygame.JOYBUTTONDOWN, button=0, instance_id=1)),
             pads.handle(pygame.event.Event(pygame.JOYBUTTONDOWN, button=1, instance_id=1)),
             pads.handle(pygame.event.Event(pygame.JOYHATMOTION, value=(0, 1), instance_id=1, hat=0)),
             pads.handle(pygame.event.Event(pygame.JOYAXISMOTION, axis=1, value=0.9, instance_id=1)),
             pads.handle(pygame.event.Event(pygame.JOYAXISMOTION, axis=1, value=0.95, instance_id=1)),  # still held
             pads.handle(pygame.event.Event(pygame.JOYAXISMOTION, axis=1, value=0.0, instance_id=1)),
             pads.handle(pygame.event.Event(pygame.JOYAXISMOTION, axis=1, value=0.9, instance_id=1))]
    assert kinds == ["confirm", "back", "up", "down", None, None, "down"]


def test_holding_still_still_gives_sway_metrics():
    """A hand held still is not a person standing still: keys:// adds quiet-stance sway, so the metrics are
    measured (and plausible) instead of 'not enough data'."""
    results = {}
    for sway in (1.5, 0.0):
        clock = VirtualClock()
        board = open_board(f"keys://?sway={sway}", clock)
        samples = []
        for _ in range(25 * 60):
            clock.advance(1 / 60)
            samples += board.poll()
        rows = np.array([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples])
        results[sway] = attempt_metrics(rows, [Window("still", rows[5, 0], rows[-1, 0])], HALF_X, HALF_Y)
    assert results[0.0] == {}  # a perfectly constant balance point cannot be measured
    m = results[1.5]["still"]
    assert 0.8 < m["rms_ml_mm"] < 2.5 and 0.8 < m["rms_ap_mm"] < 2.5
    assert 2.0 < m["velocity_mm_s"] < 25.0


def test_arena_maps_both_ways_with_a_scale_per_side():
    a = Arena((100, 50, 400, 300), (300, 250), (5.0, -2.0), (2.0, 1.0, 4.0, 0.5))
    for pos in ((120, 60), (480, 340), (300, 250), (250, 100)):
        assert a.to_screen(*a.to_board(pos)) == pytest.approx(pos)
    assert a.to_board((1000, 250)) == pytest.approx((5.0 + 100, -2.0))  # outside: its nearest edge
    assert a.edges_mm() == pytest.approx((100, 200, 50, 200))
    assert a.at_fraction(-1.0, 1.0) == pytest.approx((5.0 - 200, -2.0 + 50))


def _play_single_leg_with(app, scene, press):
    """Play the single-leg hold through, `press(leg)` making the single-leg gesture for the asked leg whenever the
    level asks for another one; returns the result."""
    level, asked = scene.level, None
    for _ in range(60 * 200):
        if level.finished or not app.stack.scenes or app.stack.top is not scene:
            break
        leg = level.phase.leg if level.phase.kind != "rest" else None
        if leg != asked:
            if asked is not None:
                press(asked)  # the standing leg's gesture again: both feet down
            if leg is not None:
                press(leg)
            asked = leg
        app.frame()
    return app.ctx.results[-1]


@pytest.mark.parametrize("url", ["keys://?sway=0", "pad://?sway=0"])
def test_single_leg_stance_has_a_gesture_on_keys_and_on_a_controller(url):
    """L / R on the keyboard, LB / RB on a controller stand on that leg (the balance point glides over the foot);
    the same again puts the foot down. The first try scores, on each leg (it scored 0: only a 2 s hold of an
    arrow crossed over a foot)."""
    app, scene = playing("single-leg-hold", url)
    if url.startswith("pad"):
        app.pads.add(FakeStick())

        def press(leg):
            post(pygame.JOYBUTTONDOWN, button=4 if leg == "left" else 5, instance_id=7)
    else:
        def press(leg):
            key = pygame.K_l if leg == "left" else pygame.K_r
            post(pygame.KEYDOWN, key=key, mod=0, unicode=pygame.key.name(key), scancode=0)
    result = _play_single_leg_with(app, scene, press)
    assert result["score"] > 300, result["messages"]
    assert result["details"]["not_lifted"] == [] and "leg.never_lifted" not in str(result["messages"])


def test_the_stance_gesture_toggles_and_refuses_another_leg():
    from poise.drivers.keys import FOOT_MM, ManualControl

    m = ManualControl()
    m.stand_on("left")
    assert m.stance == "left" and m.take_shift() == -FOOT_MM and m.take_shift() is None
    m.stand_on("right")
    assert m.stance == "right" and m.take_shift() == FOOT_MM
    m.stand_on("right")
    assert m.stance == "both" and m.take_shift() == 0.0
    with pytest.raises(ValueError, match="'left' or 'right'"):
        m.stand_on("both")
