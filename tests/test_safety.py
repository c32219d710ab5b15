"""The safety pause for leaning past the limits: on two feet and on one leg, and it lets go at the middle."""
import math

import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.media import ui
from poise.game.engine.app import App
from poise.game.core.pipeline import Balance
from poise.game.core.presence import Presence
from poise.game.core.stance import FOOT_OFFSET_MM, Stance
from poise.game.engine.loop import VirtualClock
from poise.game.level.reach import Reach
from poise.game.engine.safety import (BACK_HOLD_S, LIMIT_HOLD_S, MEASURED_MARGIN, PAUSED_STILL_S, LimitsGuard,
                               one_leg_share)
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage

levels = catalogue()

DT = 1 / 120
SMALL = Reach(60.0, 40.0, 60.0, 60.0, measured=True)


def balance(x, y, stance=Stance.BOTH):
    return Balance(0.0, 70.0, x, y, x, y, Presence.ON_BOARD, 0, stance)


def feed(guard, x, y, stance=Stance.BOTH, seconds=1.0):
    paused = guard.paused
    for _ in range(round(seconds / DT)):
        paused = guard.update(balance(x, y, stance), DT)
    return paused


def test_two_feet_limits_come_from_a_neutral_point_that_does_not_follow_a_lean():
    guard = LimitsGuard(SMALL)
    feed(guard, 3.0, -2.0, seconds=2.0)
    assert guard.neutral == pytest.approx((3.0, -2.0))
    assert not feed(guard, 3.0, -2.0 + 0.8 * MEASURED_MARGIN * 60.0, seconds=20.0)  # a long lean at 80 %
    assert guard.neutral == pytest.approx((3.0, -2.0))  # did not drag the neutral point along
    assert not feed(guard, 3.0, -2.0 + 1.1 * MEASURED_MARGIN * 60.0, seconds=LIMIT_HOLD_S - 0.05)
    assert feed(guard, 3.0, -2.0 + 1.1 * MEASURED_MARGIN * 60.0, seconds=0.1)  # past the limit long enough
    assert feed(guard, 3.0, 50.0, seconds=1.5)  # on the way back: still paused (not yet steady for 2 s)
    assert feed(guard, 3.0, 0.0, seconds=BACK_HOLD_S - 0.05)
    assert not feed(guard, 3.0, 0.0, seconds=0.1)  # back near the neutral point for half a second: resumes
    assert feed(guard, 3.0, 80.0, seconds=LIMIT_HOLD_S + 0.05)
    for _ in range(round(3.0 / DT)):  # swaying across the middle, far past the ring and back: not yet steady
        paused = guard.update(balance(3.0, -2.0 + 45.0 * math.sin(_ * DT * 2 * math.pi)), DT)
    assert paused
    assert not feed(guard, 3.0, 10.0, seconds=BACK_HOLD_S + 0.05)  # steady within the ring: resumes


def read(guard, x, y, seconds=1.0):
    """Before play (instructions, countdown): the guard only observes."""
    for _ in range(round(seconds / DT)):
        guard.observe(balance(x, y), DT)


def test_the_neutral_point_is_where_the_player_first_stands_still_not_where_they_shifted_about():
    guard = LimitsGuard(SMALL)
    for i in range(round(1.5 / DT)):  # stepping on and shifting about, mostly forward and left
        guard.observe(balance(-40.0 + 30.0 * math.sin(i * DT * 9), 35.0 + 20.0 * math.cos(i * DT * 7)), DT)
    assert not guard.settled and guard.neutral[1] > 20.0  # provisional: the first second's mean
    swaying = [(5.0 + 4.0 * math.sin(i * DT * 5), -3.0 + 6.0 * math.sin(i * DT * 3)) for i in range(round(1.2 / DT))]
    for x, y in swaying:  # then quiet stance while reading, swaying a few mm
        guard.observe(balance(x, y), DT)
    assert guard.settled and guard.neutral == pytest.approx((5.0, -3.0), abs=4.0)
    assert not feed(guard, 5.0, -3.0 + 0.9 * MEASURED_MARGIN * 60.0, seconds=3.0)  # a lean within the limits


def test_a_lean_held_still_during_play_is_never_taken_for_the_neutral_point():
    guard = LimitsGuard(SMALL)
    for i in range(round(2.0 / DT)):  # too unsteady while reading to settle
        guard.observe(balance(20.0 * math.sin(i * DT * 8), 20.0 * math.cos(i * DT * 6)), DT)
    assert not guard.settled
    before = guard.neutral
    assert not feed(guard, 0.0, 60.0, seconds=5.0)  # the level asks for a lean, held still
    assert guard.neutral == before and not guard.settled


def test_standing_still_within_the_limits_while_paused_resumes_but_still_past_them_does_not():
    """A neutral point learnt while the player leaned a little forward: back upright they are far from
    it, and the pause would never let go; steady within the limits, they may go on."""
    guard = LimitsGuard(SMALL)  # forward 60 mm (75 with the margin), back 40 (50)
    read(guard, 0.0, 30.0)
    assert guard.settled and guard.neutral == pytest.approx((0.0, 30.0))
    assert not feed(guard, 0.0, 0.0, seconds=2.0)  # upright: 30 mm back of it, within the limits
    assert feed(guard, 0.0, 30.0 + 1.1 * MEASURED_MARGIN * 60.0, seconds=0.5)  # a lean past them pauses
    assert feed(guard, 0.0, 0.0, seconds=PAUSED_STILL_S - 0.2)  # upright, but not yet 2 s: still paused
    resumed = [not guard.update(balance(0.0, 3.0 * math.sin(i * DT * 4)), DT) for i in range(round(0.5 / DT))]
    assert any(resumed) and guard.neutral == pytest.approx((0.0, 30.0))  # resumed; the neutral point stays
    assert feed(guard, 0.0, 30.0 - 1.1 * MEASURED_MARGIN * 40.0, seconds=0.5)  # past the back limit
    assert feed(guard, 0.0, 30.0 - 1.1 * MEASURED_MARGIN * 40.0, seconds=6.0)  # still there (a wall): paused
    for i in range(round(4.0 / DT)):  # swaying hard within the limits is not steady either
        guard.update(balance(0.0, 30.0 - 40.0 * abs(math.sin(i * DT * 6))), DT)
    assert guard.paused and guard.neutral == pytest.approx((0.0, 30.0))


def test_two_feet_sideways_standing_over_one_foot_is_not_past_the_limits():
    guard = LimitsGuard(SMALL)  # a side reach of 60 mm: 75 mm with the margin
    feed(guard, 0.0, 0.0)
    assert not feed(guard, 105.0, 0.0, seconds=2.0)  # COP over the right foot, still classed both feet


def test_one_leg_limits_are_the_foots_share_of_the_side_reach_and_none_inward():
    share = one_leg_share(172.0)
    half_foot = 0.055 * 1720 / 2
    assert share == pytest.approx(half_foot / (FOOT_OFFSET_MM + half_foot))
    assert 0.3 < share < 0.35
    guard = LimitsGuard(SMALL, height_cm=172.0)
    feed(guard, 0.0, 0.0)
    feed(guard, -100.0, 0.0, Stance.LEFT, seconds=5.0)  # the foot's point is learnt
    assert guard.foot == pytest.approx((-100.0, 0.0))
    limits = guard.current_limits(balance(-100.0, 0.0, Stance.LEFT))
    out = MEASURED_MARGIN * 60.0 * share
    assert limits.beyond.left == pytest.approx(out)  # outward: the foot's share of the side reach
    assert limits.beyond.forward == pytest.approx(MEASURED_MARGIN * 60.0)  # the same foot length front to back
    assert limits.beyond.right > 1000  # inward the lifted foot catches the player
    assert not feed(guard, -100.0 - 0.8 * out, 0.0, Stance.LEFT, seconds=5.0)
    assert not feed(guard, -40.0, 0.0, Stance.LEFT, seconds=2.0)
    assert feed(guard, -100.0 - 1.2 * out, 0.0, Stance.LEFT, seconds=0.5)
    assert not feed(guard, -98.0, 2.0, Stance.LEFT, seconds=0.6)  # back at the foot's point


# --- through the real game loop ----------------------------------------------------------------------
def make_app(level, render=False):
    clock = VirtualClock()
    storage = Storage(":memory:")
    app = App(open_board("sim://?seed=2", clock), storage, clock=clock, player="P", autoplay=True, sound=False,
              render=render, levels=levels)
    scene = PlayScene(app.ctx, level)
    app.stack.push(scene)
    plan = {"aim": None}
    goal = level.autopilot_goal
    level.autopilot_goal = lambda: (goal()[0], plan["aim"])  # the level's stance, our scripted lean
    return app, scene, clock, plan, storage


def run(app, clock, seconds, until=None):
    end = clock() + seconds
    while clock() < end:
        if until is not None and until():
            return True
        app.frame()
    return until is None or until()


def near_neutral(scene, app) -> bool:
    limits, b = scene.guard.limits, app.feed.latest
    dist, angle = limits.distance(b.x, b.y)
    return dist <= limits.near.along(angle)


def lean_out_and_back(app, scene, clock, plan, to: tuple[float, float]):
    """Lean to `to` (mm from the origin of the current limits) until play pauses, then come back: returns the
    seconds from the balance point being back near the origin to play resuming."""
    origin = scene.guard.current_limits(app.feed.latest).origin
    plan["aim"] = (origin[0] + to[0], origin[1] + to[1])
    assert run(app, clock, 4.0, until=lambda: scene.pause == "limits"), "leaning far did not pause"
    frozen = scene.level.progress
    run(app, clock, 1.0)
    assert scene.pause == "limits" and scene.level.progress == frozen
    plan["aim"] = None
    assert run(app, clock, 5.0, until=lambda: near_neutral(scene, app)), "never came back"
    back = clock()
    assert run(app, clock, 3.0, until=lambda: scene.pause is None), "did not resume"
    return clock() - back


def test_a_return_to_neutral_resumes_the_game_within_a_second():
    level = levels.create("tracking", 60.0, reach=SMALL)
    app, scene, clock, plan, storage = make_app(level)
    assert run(app, clock, 8.0, until=lambda: scene.stage == "play" and level.progress > 0.05)
    start = scene.guard.neutral
    plan["aim"] = (start[0], start[1] + 0.6 * MEASURED_MARGIN * SMALL.forward)  # a slow, long lean: no pause
    assert not run(app, clock, 8.0, until=lambda: scene.pause is not None)
    assert math.dist(scene.guard.neutral, start) < 3.0  # the neutral point stayed where it was
    assert lean_out_and_back(app, scene, clock, plan, (0.0, 1.5 * MEASURED_MARGIN * SMALL.forward)) < 1.0
    assert [r["kind"] for r in storage.incidents()] == ["beyond-limits"]


def test_leaning_past_the_limits_on_one_leg_pauses_and_lets_go():
    level = levels.create("single-leg-hold", 60.0)
    app, scene, clock, plan, storage = make_app(level)
    assert run(app, clock, 20.0, until=lambda: level.phase.kind == "hold" and level.phase_t > 2.0)
    assert app.feed.latest.stance is Stance.LEFT
    limits = scene.guard.current_limits(app.feed.latest)
    assert scene.guard.foot is not None and limits.beyond.left < 60  # one foot: a narrow limit outward
    assert lean_out_and_back(app, scene, clock, plan, (-1.5 * limits.beyond.left, 0.0)) < 1.0
    assert [r["kind"] for r in storage.incidents()] == ["beyond-limits"]
    assert app.feed.latest.stance is Stance.LEFT  # still on the leg: the hold carries on
    held = level.phase_t
    run(app, clock, 1.0)
    assert level.phase_t > held


def test_the_pause_shows_the_dot_and_the_point_to_come_back_to_above_the_dimming():
    level = levels.create("tracking", 60.0, reach=SMALL)
    app, scene, clock, plan, _ = make_app(level, render=True)
    assert run(app, clock, 8.0, until=lambda: scene.stage == "play" and level.progress > 0.05)
    origin = scene.guard.neutral
    plan["aim"] = (origin[0], origin[1] + 1.3 * MEASURED_MARGIN * SMALL.forward)
    assert run(app, clock, 4.0, until=lambda: scene.pause == "limits")
    app.frame()
    pixels = pygame.surfarray.pixels3d(app.surface)
    cursor, good = ui.colour("cursor"), ui.colour("good")
    full = lambda col: int(((pixels[:, 236:, :] == col).all(axis=2)).sum())  # noqa: E731 - below the banner
    assert full(cursor) > 200  # the dot, undimmed
    assert full(good) > 200  # the ring around the neutral point, undimmed
    del pixels
