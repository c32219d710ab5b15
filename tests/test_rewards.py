"""Rewards that mean something: a personal best needs an attempt to beat; the weekly check leads with the sway."""
import dataclasses

import pygame
import pytest

from poise.testing import catalogue
from poise.drivers import open_board
from poise.game.media import ui
from poise.game.engine.app import App
from poise.game.engine.loop import VirtualClock
from poise.game.scenes import results as results_scene
from poise.game.scenes.play import PlayScene
from poise.game.scenes.results import ResultsScene
from poise.game.storage.store import Storage

levels = catalogue()


def play(storage, level, url="sim://?seed=1", render=False):
    clock = VirtualClock()
    app = App(open_board(url, clock), storage, clock=clock, player="Ana", autoplay=True, quit_after_results=True,
              sound=False, render=render, levels=levels)
    app.stack.push(PlayScene(app.ctx, level))
    texts = []
    if render:  # every text the results screen draws
        original = ui.text

        def spy(surface, text, *args, **kwargs):
            if isinstance(app.stack.top, ResultsScene):
                texts.append(str(text))
            return original(surface, text, *args, **kwargs)

        results_scene.ui.text = spy
        try:
            app.run(max_frames=60 * 600)
        finally:
            results_scene.ui.text = original
    else:
        app.run(max_frames=60 * 600)
    return app.ctx.results[-1], texts


def test_a_personal_best_needs_an_earlier_attempt_at_the_same_level_and_step(tmp_path):
    storage = Storage(tmp_path / "pb.db")
    first, texts = play(storage, levels.create("tracking", 8.0, step=3), "sim://?skill=0.5&seed=1", render=True)
    assert first["previous_best"] is None and not first["personal_best"]  # nothing to beat: no badge
    assert "New personal best!" not in texts
    assert "First attempt at step 4: your score to beat next time" in texts
    worse, _ = play(storage, levels.create("tracking", 8.0, step=3), "sim://?skill=0.1&seed=2")
    assert worse["score"] < first["score"] and not worse["personal_best"]
    better, texts = play(storage, levels.create("tracking", 8.0, step=3), "sim://?skill=0.9&seed=1", render=True)
    assert better["score"] > first["score"] and better["personal_best"]
    assert better["previous_best"] == first["score"] and "New personal best!" in texts
    other_step, _ = play(storage, levels.create("tracking", 8.0, step=4), "sim://?skill=0.9&seed=1")
    assert other_step["previous_best"] is None and not other_step["personal_best"]  # a step of its own


def short_check():
    spec = levels.spec("balance-check")
    params = dataclasses.replace(spec.params, conditions=("eyes-open", "left-leg"), trials=2, trial_s=6.0,
                                 prepare_s=3.0)
    return type(levels.create("balance-check"))(dataclasses.replace(spec, params=params))


@pytest.mark.slow
def test_the_weekly_check_leads_with_the_sway_and_its_change_since_the_last_check(tmp_path):
    storage = Storage(tmp_path / "check.db")
    first, texts = play(storage, short_check(), "sim://?seed=1&skill=0.5", render=True)
    assert [e["condition"] for e in first["sway"]] == ["eyes-open", "left-leg"]
    assert all("change_pct" not in e for e in first["sway"])
    assert "Your sway" in texts and "first check: nothing to compare with yet" in texts
    assert str(first["score"]) not in texts  # the share of valid trials is not shown as a score
    second, texts = play(storage, short_check(), "sim://?seed=2&skill=0.9", render=True)
    for e in second["sway"]:
        assert e["previous_date"] == first["started_at"][:10]
        before = next(x for x in first["sway"] if x["condition"] == e["condition"])
        assert e["previous_mm_s"] == before["velocity_mm_s"]
        assert abs(e["change_pct"] - 100 * (e["velocity_mm_s"] / before["velocity_mm_s"] - 1)) < 0.2
        assert 40 < e["usual_pct"] < 90  # two trials each: a single pair of checks says little
    assert any("% less sway than on" in t or "% more sway than on" in t for t in texts)
    assert str(second["score"]) not in texts
