"""The limits-of-stability test accepts only results a person can have; a refused one leaves the limits in force."""
import dataclasses

import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.engine.app import App
from poise.game.level.levelsetup import limits_in_use, player_reach, prepare
from poise.game.engine.loop import VirtualClock
from poise.game.level.reach import Reach, implausible, theoretical
from poise.game.scenes.menus import PlayerScene
from poise.game.scenes.play import PlayScene
from poise.game.scenes.results import ResultsScene
from poise.game.storage.store import Storage
from headless_player import play
from helpers import rows as shown

levels = catalogue()

OLD = {"forward": 95.0, "back": 55.0, "left": 90.0, "right": 92.0}


def app_for(url: str, storage: Storage, player: str, seconds=None):
    clock = VirtualClock()
    app = App(open_board(url, clock), storage, clock=clock, player=player, autoplay=True, quit_after_results=True,
              sound=False, render=False, levels=levels)
    app.stack.push(PlayScene(app.ctx, prepare(app.ctx, "limits-of-stability", seconds)))
    return app


def test_a_still_player_is_refused_and_the_old_limits_stay(tmp_path):
    storage = Storage(tmp_path / "los.db")
    pid = storage.player_id("Ana", create=True)
    storage.set_body(pid, weight_kg=70.0, height_cm=168.0)
    old = storage.save_limits(pid, None, OLD, [])
    before = player_reach(storage, "Ana")
    app = app_for("keys://", storage, "Ana")  # nobody leans: the balance point only sways a little
    app.run(max_frames=60 * 200)
    r = app.ctx.results[-1]
    assert r["details"]["accepted"] is False and r["score"] == 0 and r["stars"] == 0
    assert r["messages"][0] == ["limits.far_below", {"direction": "forward", "mm": r["messages"][0][1]["mm"],
                                                      "limit": 129.9, "height": 168.0}]
    rows = shown(r)
    assert rows[0][0] == "Forward" and "far below the 130 mm limit for your height" in rows[0][1]  # the reasons lead
    assert ("In use", f"your limits of {storage.limits(pid)['created_at'][:10]}") in rows
    assert storage.limits(pid)["id"] == old and len(storage.limits_history(pid)) == 1  # nothing stored
    assert player_reach(storage, "Ana") == before  # every level still scales to the old limits
    assert storage.player("Ana")["weight_kg"] == 70.0
    assert r["saved"]  # the attempt itself and its recording are kept


def test_the_simulated_player_is_accepted_and_becomes_the_limits(tmp_path):
    storage = Storage(tmp_path / "los.db")
    app = app_for("sim://?seed=1", storage, "Bo")
    app.run(max_frames=60 * 200)
    r = app.ctx.results[-1]
    assert r["details"]["accepted"] and r["score"] > 500
    assert [key for key, _ in r["messages"]] == ["los.weight", "los.forward_back", "los.left_right", "los.reaction"]
    assert player_reach(storage, "Bo").measured
    assert player_reach(storage, "Bo").forward == pytest.approx(r["details"]["limits_mm"]["forward"])


def headless_los(**changes):
    level = levels.create("limits-of-stability")
    level.set_height(170.0)
    for key, value in changes.items():
        setattr(level, key, value)
    play(level, limit_s=200.0)
    return level


def test_a_weight_far_from_the_profile_is_refused():
    level = levels.create("limits-of-stability")
    level.set_height(170.0)
    level.set_weight(90.0)
    play(level, limit_s=200.0)  # the headless player weighs 70 kg
    r = level.result()
    assert not r.details["accepted"] and not r.records  # nothing to store as the player's limits
    assert ("Weight", "70 kg measured, 90 kg in your profile") in shown(("limits-of-stability", r))
    level = levels.create("limits-of-stability")
    level.set_weight(74.0)  # within the tolerance
    play(level, limit_s=200.0)
    assert level.result().details["accepted"], shown(("limits-of-stability", level.result()))
    assert level.result().records[0].weight_kg == pytest.approx(70.0, abs=1.0)


def test_without_a_profile_weight_an_impossible_body_is_refused():
    level = levels.create("limits-of-stability")
    play(level, limit_s=200.0)
    level.weight_kg = 20.0  # what the board said
    assert ("Weight", "20 kg is not plausible at 170 cm: check the board or set your height") in \
        shown(("limits-of-stability", level.result()))


def test_reaction_times_under_a_tenth_of_a_second_are_refused():
    level = levels.create("limits-of-stability")
    play(level, limit_s=200.0)
    assert level.result().details["accepted"]
    level.trials[2].rt = 0.04
    r = level.result()
    assert not r.details["accepted"]
    assert r.messages == [("los.too_quick", {"direction": "right", "s": 0.04})]
    assert shown(("limits-of-stability", r)) == [("Right", "reaction 0.04 s: moved before the light")]


def test_implausible_limits_name_the_direction_and_stored_ones_are_passed_over(tmp_path):
    theory = theoretical(170.0)
    assert implausible(dataclasses.asdict(theory), 170.0) == []
    assert [(m.key, m.args["direction"]) for m in implausible(
        {"forward": 2.0, "back": 60.0, "left": 100.0, "right": 100.0}, 170.0)] == [("limits.far_below", "forward")]
    assert [(m.key, m.args["direction"]) for m in implausible(
        {"forward": 2000.0, "back": 60.0, "left": 100.0, "right": 100.0}, 170.0)] == [("limits.beyond_body", "forward")]
    storage = Storage(tmp_path / "old.db")
    pid = storage.player_id("Cy", create=True)
    storage.save_limits(pid, None, OLD, [])
    storage.save_limits(pid, None, {"forward": 2.0, "back": 2.0, "left": 80.0, "right": 80.0}, [])  # an old bad one
    assert player_reach(storage, "Cy") == Reach(**OLD, measured=True)
    assert "forward 95, back 55, left 90, right 92 mm" in limits_in_use(storage, "Cy")
    assert limits_in_use(storage, "Dee") .startswith("Limits of stability not measured yet")


def test_the_player_screen_shows_the_limits_in_use_and_their_date(tmp_path):
    storage = Storage(tmp_path / "p.db")
    pid = storage.player_id("Ana", create=True)
    storage.save_limits(pid, None, OLD, [])
    clock = VirtualClock()
    app = App(open_board("sim://", clock), storage, clock=clock, sound=False, levels=levels)
    scene = PlayerScene(app.ctx)
    app.stack.push(scene)
    app.frame()
    line = scene.limits_line("Ana")
    from poise.game.clinic.calendar import local_day
    from poise.i18n import format_date

    measured = format_date(local_day(storage.limits(pid)["created_at"]))  # a date as people write it: 5 Dec 2026
    assert line == f"Limits of stability in use, measured {measured}: forward 95, back 55, left 90, right 92 mm"


def test_a_refused_result_offers_to_do_the_test_again(tmp_path):
    storage = Storage(tmp_path / "again.db")
    app = app_for("keys://", storage, "Ana", seconds=30.0)
    app.ctx.quit_after_results = False
    for _ in range(60 * 120):
        app.frame()
        if isinstance(app.stack.top, ResultsScene):
            break
    results = app.stack.top
    assert isinstance(results, ResultsScene) and results.refused
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    app.frame()
    assert isinstance(app.stack.top, PlayScene) and app.stack.top.level.spec.id == "limits-of-stability"
