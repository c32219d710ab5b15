"""Pip during play: a short captioned cue when the player holds a level's zone well, drifts out of it, or leans
near the safety limit (about to fail), rate-limited; and Pip showing the strength exercises in step with their
guide, drawn through poise.api (issue 24)."""
import pygame
import pytest

from poise.game.media import coach
from poise.game.scenes import cues as cue_rules
from poise.game.scenes.cues import Cues
from poise.testing import catalogue
from helpers import frames_until
from test_layout import look, make_app

levels = catalogue()
DT = 1 / 120


def run(cues: Cues, seconds: float, in_zone, edge=None) -> None:
    for _ in range(round(seconds / DT)):
        cues.update(DT)
        cues.watch(DT, in_zone, edge)


def test_a_zone_held_is_cheered_now_and_then_and_a_drift_out_corrected():
    said = []
    cues = Cues(said.append)
    run(cues, cue_rules.STEADY_S - 0.5, True)
    assert said == []
    run(cues, 1.0, True)
    assert said == ["Steady! Well held."] and cues.caption == said[-1]
    run(cues, cue_rules.STEADY_GAP_S - 2.0, True)  # held on: not said again so soon
    assert len(said) == 1
    run(cues, 3.0, True)
    assert said[-1] == "Lovely and still."
    run(cues, cue_rules.GAP_S / 2, True)
    run(cues, 0.1, False)  # drifted out
    assert said[-1] == "Drifting: back into the circle."
    run(cues, 1.0, False)  # staying out is not nagged every step
    run(cues, 0.1, True)
    run(cues, 0.1, False)
    assert said.count("Drifting: back into the circle.") == 1 and len(said) == 3
    before = len(said)
    run(cues, 30.0, None)  # a level without a zone: nothing to cheer or correct
    assert len(said) == before


def test_leaning_near_the_limit_is_warned_before_the_pause_but_not_a_brief_swing():
    said = []
    cues = Cues(said.append)
    run(cues, 10.0, None, 0.5)
    run(cues, cue_rules.EDGE_S / 2, None, 0.9)  # a swing through: no warning
    run(cues, 1.0, None, 0.5)
    assert said == []
    run(cues, cue_rules.EDGE_S + DT, None, 0.9)
    assert said == ["Easy: come back toward the middle."]
    run(cues, 1.0, None, 0.95)  # still out there: not said again within the gap
    assert len(said) == 1


@pytest.mark.parametrize("level_id,zoned", [("single-leg-hold", True), ("split-stance", True), ("slalom", False)])
def test_the_play_screen_tells_pip_the_zone(level_id, zoned):
    app = make_app((1280, 720))
    said = []
    scene = app.stack.push("play", level=levels.create(level_id, seconds=30.0))
    scene.cues.say = said.append
    assert frames_until(app, lambda: scene.stage == "play", 60 * 60)
    seen = set()
    assert frames_until(app, lambda: seen.add(scene.level.in_zone) or scene.level.progress > 0.6, 60 * 120)
    assert (True in seen) == zoned and (seen == {None}) == (not zoned)
    if zoned:  # the simulated player holds well: Pip says so
        assert any(s in cue_rules.STEADY for s in said), said


def test_pip_shows_the_strength_exercises_in_step_with_the_guide():
    import poise.api as api

    assert api.pip.draw_at is coach.draw_at
    surface = pygame.Surface((300, 300))
    pictures = []
    for move in ("heel_raise", "squat", "roll", "toe_raise"):
        drawn = []
        for share in (0.0, 1.0):
            surface.fill((0, 0, 0))
            coach.draw_at(surface, pygame.Rect(20, 20, 260, 260), move, share)
            drawn.append(pygame.image.tobytes(surface, "RGB"))
        assert drawn[0] != drawn[1], move  # at rest and at its fullest Pip looks different
        pictures.append(drawn[1])
    assert len(set(pictures)) == 4
    for level_id in ("heel-raises", "squat", "outward-roll", "toe-raises", "ankle-circles"):
        app = make_app((1280, 720))
        scene = app.stack.push("play", level=levels.create(level_id, seconds=20.0))
        assert frames_until(app, lambda: scene.stage == "play", 60 * 60)
        frames_until(app, lambda: scene.level.progress > 0.3, 60 * 60)
        problems = []
        layout = look(app, level_id, problems)
        side = max((i["rect"] for i in layout.items if i["kind"] == "panel"), key=lambda r: r.left)
        assert any(i["kind"] == "coach" and side.contains(i["rect"]) for i in layout.items), level_id
        assert not problems, problems


def test_a_measurement_is_not_cheered():
    """The limits test raises "beat" for each new direction: the coach said "On the beat!" during it."""
    app = make_app((1280, 720))
    said = []
    scene = app.stack.push("play", level=levels.create("limits-of-stability"))
    scene.cues.say = said.append
    assert frames_until(app, lambda: scene.stage == "play", 60 * 60)
    heard = []
    said.clear()  # ("Go!")
    app.ctx.sounds.play = lambda name, pan=0.0: heard.append(name)
    frames_until(app, lambda: scene.level.progress > 0.4, 60 * 120)
    assert "beat" in heard and said == [], said
