"""A newcomer's first day: the first activity ends in a result they can keep, a refusal names its reason with
the fix one button away, and the flow offers Retry, Next and Restart where a person looks for them."""
import datetime as dt
import math

import pytest

from poise.testing import catalogue

levels = catalogue()
from poise.drivers import open_board
from poise.game.clinic import programme
from poise.game.clinic.today import plan_for
from poise.game.engine.app import App
from poise.game.engine.input import Intent
from poise.game.engine.loop import VirtualClock
from poise.game.level.levelsetup import prepare
from poise.game.scenes.advice import refusal_words
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage


def newcomer(tmp_path, board="sim://?seed=1", weight=62.0, height=165.0, goal="Recovering from an ankle sprain",
             side="left", autoplay=True):
    storage = Storage(tmp_path / "first.db")
    pid = storage.player_id("Ann", create=True)
    storage.set_body(pid, weight_kg=weight, height_cm=height)
    storage.set_profile(pid, goal=goal, injured_side=side)
    clock = VirtualClock()
    app = App(open_board(board, clock), storage, clock=clock, player="Ann", autoplay=autoplay, sound=False,
              render=False, levels=levels)
    return app, storage, pid


def test_a_newcomer_of_62_kg_keeps_their_first_limits_on_the_simulated_board(tmp_path):
    """The simulated person takes the profile's body: a 62 kg newcomer is weighed at 62 kg, not 70, and the
    start-here test is accepted with a score and stars (it was refused with 0: '70 kg measured, 62 kg')."""
    app, storage, pid = newcomer(tmp_path)
    app.ctx.quit_after_results = True
    app.stack.push(PlayScene(app.ctx, prepare(app.ctx, "limits-of-stability")))
    assert app.feed.board.person.weight == 62.0
    app.run(max_frames=60 * 200)
    r = app.ctx.results[-1]
    assert r["details"]["accepted"], r["details"]["problems"]
    assert r["score"] > 0 and r["stars"] >= 1
    assert abs(r["details"]["weight_kg"] - 62.0) < 1.0
    assert storage.limits(pid) is not None


@pytest.mark.parametrize("url", ["sim://", "keys://", "pad://"])
def test_every_stand_in_board_takes_the_players_weight_unless_its_url_sets_one(url):
    clock = VirtualClock()
    board = open_board(url, clock)
    assert board.take_body(62.0) is True
    assert board.take_body(62.0) is False  # nothing changed
    fixed = open_board(url + "?weight=80", clock)
    assert fixed.take_body(62.0) is False
    for bad in (float("nan"), float("inf"), 5.0, 900.0, True):
        with pytest.raises(ValueError, match="20 to 300 kg"):
            board.take_body(bad)
    board.take_body(None)  # unknown: left as it was
    clock.advance(1.0)
    samples = board.poll()
    assert samples and abs(samples[-1].total - 62.0) < 1.5


def test_a_real_board_weighs_whoever_stands_on_it():
    from poise.drivers.base import Board
    assert Board.take_body(object.__new__(Board), 62.0) is False


def test_a_weight_refusal_says_both_weights_and_offers_edit_weight_then_retry(tmp_path):
    app, storage, pid = newcomer(tmp_path, board="sim://?seed=1&weight=75", autoplay=False)
    level = prepare(app.ctx, "limits-of-stability")
    level.weight_kg = 75.0
    weight = ["los.weight_off_profile", {"kg": 75.0, "profile_kg": 62.0}]
    result = {"player": "Ann", "score": 0, "stars": 0, "metrics": {}, "parts": [], "messages": [weight],
              "details": {"accepted": False}}
    results = app.stack.push("results", spec=level.spec, result=result, level_type=type(level))
    assert results.menu.labels == ["Retry", "Edit weight", "Menu"]
    words = refusal_words(*weight)
    assert "75.0 kg measured, 62.0 kg in your profile" in words and "Edit weight" in words and "Retry" in words
    results.menu.index = 1
    results.handle(Intent("confirm"))
    editor = app.stack.top
    assert type(editor).__name__ == "ProfileScene" and editor.step == "weight" and editor.values["weight"] == 62.0
    for ch in "75":
        editor.handle(Intent("text", text=ch))
    editor.handle(Intent("confirm"))
    assert app.stack.top is results and storage.player("Ann")["weight_kg"] == 75.0
    results.menu.index = 0
    results.handle(Intent("confirm"))  # Retry: the test again, with the new weight
    assert isinstance(app.stack.top, PlayScene) and app.stack.top.level.profile_weight == 75.0


@pytest.mark.parametrize("key, args, needle", [
    ("los.weight_not_measured", {}, "stand still"),
    ("los.weight_implausible", {"kg": 140.0, "height_cm": 150}, "cannot be right"),
    ("los.never_reached", {"direction": "forward"}, "forward: you did not lean that way"),
    ("los.too_quick", {"direction": "left", "s": 0.05}, "wait for each light"),
    ("los.directions_done", {"done": 5, "of": 8}, "5 of 8"),
    ("limits.far_below", {"direction": "back", "mm": 4, "limit": 60}, "far less than anyone leans"),
    ("limits.beyond_body", {"direction": "right", "mm": 400, "height": 170}, "more than a body can lean")])
def test_every_refusal_is_put_in_plain_words_with_its_fix(key, args, needle):
    assert needle in refusal_words(key, args).lower()


def test_a_refused_limits_test_gives_its_reasons_as_problems():
    from poise.game.scenes.advice import problems, weight_is_a_problem
    result = {"messages": [["los.never_reached", {"direction": "forward"}], ["limits.in_use_default", {}],
                           ["los.weight_off_profile", {"kg": 75.0, "profile_kg": 62.0}]]}
    found = problems(result)
    assert [k for k, _ in found] == ["los.never_reached", "los.weight_off_profile"] and weight_is_a_problem(found)
    assert not weight_is_a_problem(found[:1])


def test_results_offer_retry_next_and_menu(tmp_path):
    app, storage, pid = newcomer(tmp_path, autoplay=False)
    level = prepare(app.ctx, "slalom")
    result = {"player": "Ann", "score": 500, "stars": 2, "metrics": {}, "parts": [("Gates", 0.8)], "summary": []}
    results = app.stack.push("results", spec=level.spec, result=result, level_type=type(level))
    ids = list(levels.all_specs())
    from poise.game.clinic.unlocks import locked_for
    locked = locked_for(storage, "Ann", levels)  # Next passes the levels the newcomer has not opened yet by
    nxt = next(lid for lid in ids[ids.index("slalom") + 1:] if lid not in locked)
    assert nxt != ids[ids.index("slalom") + 1]
    following = levels.spec(nxt).title
    assert results.menu.labels == ["Retry", f"Next: {following}", "Menu"] and results.menu.index == 1
    results.handle(Intent("confirm"))
    assert isinstance(app.stack.top, PlayScene) and app.stack.top.level.spec.id == nxt


def test_the_pause_menu_restarts_the_level_from_its_instructions(tmp_path):
    app, storage, pid = newcomer(tmp_path, autoplay=True)
    finished = []
    play = app.stack.push(PlayScene(app.ctx, prepare(app.ctx, "slalom"), on_finish=finished.append))
    app.run(max_frames=60 * 8)  # instructions, countdown, some skiing
    assert play.stage == "play" and play.level.progress > 0
    play.handle(Intent("back"))
    assert play.pause == "menu"
    play.handle(Intent("down"))
    play.handle(Intent("confirm"))  # Restart
    again = app.stack.top
    assert again is not play and isinstance(again, PlayScene) and len(app.stack.scenes) == 1
    assert again.stage == "intro" and again.level.progress == 0 and again.on_finish is play.on_finish


def test_no_plan_has_a_level_twice_in_a_row(tmp_path):
    """The split-stance hold and its extra work for the injured leg were planned back to back."""
    app, storage, pid = newcomer(tmp_path, autoplay=False)
    seen = 0
    for goal, side in (("Recovering from an ankle sprain", "left"), ("Recovering from an ankle sprain", "right"),
                       ("Fall prevention", "none"), ("Sport", "none")):
        storage.set_profile(pid, goal=goal, injured_side=side)
        for offset in range(0, 60, 3):
            plan = plan_for(storage, levels, "Ann", dt.date(2026, 1, 5) + dt.timedelta(days=offset))
            ids = [a.level for a in plan.activities]
            assert all(a != b for a, b in zip(ids, ids[1:])), ids
            seen += ids.count("split-stance") > 1
    assert seen  # the case that was wrong is among them


def test_spread_keeps_the_order_otherwise():
    A = programme.Activity
    acts = [A(x, x, "r", 0, 1.0, None, None, "") for x in ("a", "b", "b", "c", "d")]
    assert [a.level for a in programme.spread(acts)] == ["a", "b", "c", "b", "d"]
    same = [A("x", "x", "r", 0, 1.0, None, None, "")] * 2
    assert [a.level for a in programme.spread(same)] == ["x", "x"]


def test_today_retries_the_last_activity_and_counts_a_skip_as_not_done(tmp_path):
    app, storage, pid = newcomer(tmp_path, autoplay=False)
    today = app.stack.push("today")
    today.handle(Intent("confirm"))  # start: the first activity's instructions
    app.stack.top.handle(Intent("back"))  # not now
    assert today.stage == "between" and today.done[0]["skipped"]
    assert today.menu.labels[1] == "Retry it"
    today.menu.index = 1
    today.handle(Intent("confirm"))
    assert isinstance(app.stack.top, PlayScene) and today.done == [] and today.index == 0
    app.stack.top.handle(Intent("back"))
    today.menu.index = today.menu.labels.index("Skip it")
    today.handle(Intent("confirm"))
    assert [d["why"] for d in today.done] == ["stopped", "skipped"]
    from poise.game.media import ui
    ui.RECORDING = ui.Layout()
    try:
        import pygame
        today.draw(pygame.Surface((1280, 720)), app.display.frame())
        texts = [i["label"] for i in ui.RECORDING.items if i["kind"] == "text"]
    finally:
        ui.RECORDING = None
    assert any(t.startswith("0 of ") and t.endswith(" done") for t in texts), texts


def _drawn(monkeypatch, level_id, board="sim://?seed=3", seconds=8):
    """Plays `level_id` on the real app and notes every ring and bar its view draws: (fraction, label)."""
    import poise.api
    from poise.game.media import ui
    calls = []
    ring, bar = ui.ring_timer, ui.bar
    for kit in (ui, poise.api.ui):  # the game's kit, and the levels' copy of it
        monkeypatch.setattr(kit, "ring_timer", lambda s, c, r, f, label, col="accent": (
            calls.append(("ring", f, label)), ring(s, c, r, f, label, col))[1])
        monkeypatch.setattr(kit, "bar", lambda s, rect, f, col="good": (calls.append(("bar", f, None)),
                                                                       bar(s, rect, f, col))[1])
    clock = VirtualClock()
    app = App(open_board(board, clock), Storage(":memory:"), clock=clock, player="T", autoplay=True, sound=False,
              levels=levels, size=(1280, 720))
    scene = app.stack.push(PlayScene(app.ctx, levels.create(level_id, seconds)))
    for _ in range(60 * 30):
        if app.stack.top is not scene:
            break
        app.frame()
    return calls, scene


def test_a_progress_ring_shows_the_share_done_in_its_arc_and_its_number(monkeypatch):
    calls, scene = _drawn(monkeypatch, "tracking")
    rings = [(f, label) for kind, f, label in calls if kind == "ring" and label.endswith("%")]
    assert rings and any(f > 0.3 for f, _ in rings)
    for f, label in rings:  # (it showed 88 % beside an arc of 12 %)
        assert abs(100 * f - int(label[:-1])) <= 1, (f, label)


def test_the_in_zone_bar_is_a_share_of_the_hold_not_of_the_time_held(monkeypatch):
    """The bar beside "3.4 / 10 s" is a third full (it was full: in zone out of time held)."""
    calls, scene = _drawn(monkeypatch, "single-leg-hold", seconds=20)
    level = scene.level
    bars = [f for kind, f, _ in calls if kind == "bar"]
    asked = {leg: sum(p.seconds for p in level.phases if p.kind == "hold" and p.leg == leg) for leg in level.legs}
    assert set(asked.values()) == {10.0}
    # the left leg's bar (drawn first of each pair) rises smoothly from 0 to its share, one frame's time at a time
    left = bars[0::2]
    assert left[-1] == pytest.approx(level.legs["left"].in_zone_s / 10.0, abs=1e-6)
    steps = [b - a for a, b in zip(left, left[1:]) if b != a]
    assert steps and max(steps) <= 1 / 60 / 10 + 1e-9  # one frame in the zone moves it 1/600 of the way
    assert max(bars) <= 1.0 + 1e-9


def test_without_a_board_the_title_offers_the_demo_the_keyboard_or_a_gamepad(tmp_path):
    app, storage, pid = newcomer(tmp_path, autoplay=False)
    title = app.stack.push("title")
    assert title.no_board
    first = len(title.TOP) + len(title.cards)
    rects = title.rects(app.display.frame().size[0])
    assert len(rects) == first + 3 and all(r.bottom <= 660 for r in rects)
    title.choose(first + 1)  # the keyboard
    assert app.feed.board.info.url == "keys://" and app.ctx.feed is app.feed and app.feed.board.manual is not None
    title.choose(first + 2)  # a gamepad
    assert app.feed.board.info.url == "pad://" and title.no_board
    title.choose(first)  # back to watching the simulated player
    assert app.feed.board.autopilot is not None
    app.frame()  # the loop carries on with the new feed


def test_with_a_board_the_title_offers_no_stand_in(tmp_path):
    storage = Storage(tmp_path / "b.db")
    clock = VirtualClock()
    app = App(open_board("sim://", clock), storage, clock=clock, sound=False, render=False, levels=levels)
    app.feed.board.autopilot = None  # a board with no simulated person on it: a real one, as the title sees it
    title = app.stack.push("title")
    assert not title.no_board and len(title.rects(1280)) == len(title.TOP) + len(title.cards)


@pytest.mark.parametrize("level_id", ["limits-of-stability", "single-leg-hold", "slalom"])
def test_the_countdown_stands_alone_over_the_level(level_id):
    """'3, 2, 1' and 'Get ready' were drawn over the level's own instruction text."""
    import pygame

    from poise.game.media import ui
    clock = VirtualClock()
    app = App(open_board("sim://", clock), Storage(":memory:"), clock=clock, player="T", sound=False, levels=levels,
              size=(1280, 720))
    scene = app.stack.push(PlayScene(app.ctx, levels.create(level_id)))
    app.frame()
    scene._start()
    for _ in range(90):
        app.frame()
    assert scene.stage == "countdown"
    ui.RECORDING = ui.Layout()
    try:
        app.frame()
        texts = [i["label"] for i in ui.RECORDING.items if i["kind"] == "text" and i["rect"].top > ui.TOP_BAR]
    finally:
        ui.RECORDING = None
    assert [t for t in texts if t not in ("3", "2", "1", "Get ready") and "samples/s" not in t] == [], texts
    assert "Get ready" in texts


def test_today_edits_the_weight_after_a_refusal_and_the_retry_counts(tmp_path):
    """After the last activity too: back from the weight editor nothing is booked, and the retry's result is."""
    app, storage, pid = newcomer(tmp_path, autoplay=False)
    today = app.stack.push("today")
    today.plan.activities[:] = today.plan.activities[:1]  # the limits test alone: the last activity
    today.handle(Intent("confirm"))
    play = app.stack.top
    refused = {"score": 0, "stars": 0, "duration_s": 60.0, "saved": True, "details": {"accepted": False},
               "messages": [["los.weight_off_profile", {"kg": 75.0, "profile_kg": 62.0}]]}
    play.on_finish(refused)
    app.stack.pop()
    assert today.menu.labels[1:3] == ["Retry it", "Edit weight"]
    today.menu.index = 2
    today.handle(Intent("confirm"))
    editor = app.stack.top
    for ch in "75":
        editor.handle(Intent("text", text=ch))
    editor.handle(Intent("confirm"))
    assert app.stack.top is today and len(today.done) == 1 and storage.player("Ann")["weight_kg"] == 75.0
    today.menu.index = 1
    today.handle(Intent("confirm"))  # Retry it
    kept = dict(refused, score=800, stars=3, details={"accepted": True}, messages=[])
    app.stack.top.on_finish(kept)
    app.stack.pop()
    assert [d["score"] for d in today.done] == [800]
