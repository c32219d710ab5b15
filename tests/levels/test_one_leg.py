"""Single-leg levels hold the player to one leg: only time on the requested leg counts, as the board detects it.

Every level that asks for one-leg stance is found by asking it (its autopilot goal names a leg), so a
new single-leg level is held to the same rules without being listed here.
"""
import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.media import ui
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene, level_frame
from poise.game.storage.store import Storage
from helpers import frames_until
from poise.levels.single_leg_hold_view import SIDE_WIDTH
from headless_player import play
from helpers import rows

levels = catalogue()


def asks_for_one_leg(level_id: str) -> bool:
    level = levels.create(level_id, seconds=8.0)
    asked = set()
    original = level.autopilot_goal

    def spy():
        goal = original()
        asked.add(goal[0])
        return goal

    level.autopilot_goal = spy
    play(level, limit_s=120.0)
    return bool(asked & {"left", "right"})


SINGLE_LEG = [lid for lid in sorted(levels.all_specs())
              if not type(levels.create(lid)).assessment and asks_for_one_leg(lid)]


def test_the_single_leg_levels_are_found():
    assert {"single-leg-hold", "single-leg-hold-eyes-closed", "tracking-single-leg"} <= set(SINGLE_LEG)
    assert {"single-leg-hold", "single-leg-hold-eyes-closed", "tracking-single-leg"} <= set(WATCHED)


def make_app(url: str, level, render=False):
    clock = VirtualClock()
    storage = Storage(":memory:")
    app = App(open_board(url, clock), storage, clock=clock, player="P", autoplay=True, quit_after_results=True,
              sound=False, render=render, levels=levels)
    scene = PlayScene(app.ctx, level)
    app.stack.push(scene)
    return app, scene, clock


@pytest.mark.parametrize("level_id", SINGLE_LEG)
def test_standing_on_both_feet_scores_at_most_a_tenth_and_ends(level_id):
    """keys:// never lifts a foot: whatever the level, that is worth at most a tenth, and the level ends."""
    level = levels.create(level_id, 10.0)
    app, scene, _ = make_app("keys://", level)
    watched = hasattr(level, "watch")  # the shared rule (poise.levels.common.LegWatch)
    if watched:  # the clock stops and the screen says which foot to lift (the left leg comes first)
        assert frames_until(app, lambda: level.waiting, 60 * 300)
        assert level.watch.advice() == "Lift your right foot"
    app.run(max_frames=60 * 300)
    assert app.ctx.results, "the level waited for ever"
    r = app.ctx.results[-1]
    assert r["score"] <= 100 and r["stars"] == 0, r["score"]
    if watched:  # after a while it gave up on each leg, and says so
        assert r["details"]["not_lifted"] == ["left", "right"]
        assert ("Left leg", "right foot never lifted") in rows(r)
        assert not r["metrics"]  # no sway is booked as one-leg stance
        assert r["details"].get("left_held_s", 0.0) == 0.0


WATCHED = [lid for lid in SINGLE_LEG if hasattr(levels.create(lid), "watch")]


@pytest.mark.parametrize("level_id", WATCHED)
def test_standing_on_the_leg_counts_in_full(level_id):
    r = make_and_play(level_id, "sim://?skill=0.8&seed=3")
    assert r["score"] > 600 and not r["details"]["not_lifted"]
    assert r["details"]["left_touchdowns"] == 0 == r["details"]["right_touchdowns"]


def make_and_play(level_id, url, seconds=10.0):
    level = levels.create(level_id, seconds)
    app, _, _ = make_app(url, level)
    app.run(max_frames=60 * 300)
    return app.ctx.results[-1]


def test_touch_downs_stop_the_clock_and_are_counted_and_shown():
    level = levels.create("single-leg-hold", 10.0)
    app, scene, clock = make_app("sim://?skill=0.8&seed=3", level)
    pilot = app.feed.autopilot
    assert frames_until(app, lambda: level.phase.kind == "hold" and level.phase_t > 1.5, 60 * 300)
    stopped = []
    for _ in range(2):
        pilot.touch_down(clock(), 0.8)
        assert frames_until(app, lambda: level.waiting, 120)
        held = level.phase_t
        for _ in range(12):
            app.frame()
        stopped.append(level.waiting and level.phase_t == held)  # the clock stands while the foot is down
        assert frames_until(app, lambda: not level.waiting, 180)
        for _ in range(60):
            app.frame()
    assert all(stopped)
    assert level.watch.touchdowns["left"] == 2
    app.run(max_frames=60 * 300)
    r = app.ctx.results[-1]
    assert r["details"]["left_touchdowns"] == 2 and r["details"]["right_touchdowns"] == 0
    assert ("Touch-downs", "left 2, right 0") in rows(r)
    assert r["details"]["left_held_s"] == pytest.approx(5.0, abs=0.02)  # the hold still ran its full time


def foot_colour(app, side: str):
    panel = level_frame(app.display.frame()).panels(SIDE_WIDTH).side  # the side panel as the level was handed it
    x = panel.left + 120 if side == "left" else panel.right - 120
    return tuple(app.surface.get_at((x, panel.top + 110 + 20)))[:3]  # the middle of the sole


def test_the_foot_icons_show_the_detected_stance():
    down, lifted = ui.colour("accent"), ui.colour("panel_edge")
    level = levels.create("single-leg-hold", 10.0)
    app, _, _ = make_app("keys://", level, render=True)
    assert frames_until(app, lambda: level.waiting, 60 * 300)
    app.frame()
    assert foot_colour(app, "left") == down and foot_colour(app, "right") == down  # both feet still down

    level = levels.create("single-leg-hold", 10.0)
    app, _, _ = make_app("sim://?seed=3", level, render=True)
    assert frames_until(app, lambda: level.phase.kind == "hold" and level.phase_t > 1.0, 60 * 300)
    assert foot_colour(app, "left") == down and foot_colour(app, "right") == lifted
