"""poise.testing, the harness for level authors' tests: play a level headless at a chosen skill, seed, stance and
window size, get its result, stored attempt and screenshots; check that scores rise with skill and that the
level fits the window. Tried here on a tiny level of a package of its own and on Poise's levels."""
from __future__ import annotations

import textwrap
from importlib.metadata import EntryPoint

import pygame
import pytest

from poise import testing
from poise.game.level.catalogue import GROUP, Catalogue
from poise.game.level.levelfile import LevelFileError

LEVEL = textwrap.dedent('''\
    """A level that only waits: it ends after `seconds` and scores how near the middle the player stood."""
    import dataclasses
    import math
    from pathlib import Path

    from poise import api


    @dataclasses.dataclass(frozen=True)
    class Params(api.Params):
        seconds: float
        off_edge: bool  # its view draws a line of text past the right edge of the screen


    class Wait(api.Level):
        Params = Params
        view_module = "waitpack_view"

        def __init__(self, spec, seconds=None, step=0, reach=None):
            super().__init__(spec, seconds, step, reach)
            self.t, self.near = 0.0, 0.0

        @property
        def progress(self):
            return min(1.0, self.t / self.params.seconds)

        def fixed_update(self, t, dt, balance):
            if self.finished or math.isnan(balance.x):
                return
            self.t += dt
            self.near += dt * (math.hypot(balance.x, balance.y) < 10.0)
            if self.t >= self.params.seconds:
                self.finished = True
                self.events.append("done")

        def result(self):
            share = self.near / max(self.t, 1e-9)
            return api.LevelResult(round(1000 * share), 0, {"near_s": round(self.near, 3)},
                                   messages=[api.Message("wait.near", {"share": round(share, 4)})])


    PACK = api.LevelPack(api.API_VERSION, Path(__file__).parent / "waitpack_levels", {"wait": "waitpack:Wait"},
                         {"wait.near": ("Near the middle", "{share:.0%}")})
    ''')
VIEW = textwrap.dedent('''\
    from poise.api import ui


    def draw_static(level, surface, frame):
        ui.panel(surface, frame.play)


    def draw(level, surface, frame, latest):
        x = frame.rect.right - (20 if level.params.off_edge else 400)
        ui.text(surface, "stand still", (x, frame.play.centery), 32)
    ''')
FILE = textwrap.dedent('''\
    id = "{id}"
    title = "Wait"
    mechanic = "wait"
    kind = "exercise"
    summary = "Stand still."
    instructions = "Stand still."
    needs_support = false

    [params]
    seconds = 3.0
    off_edge = {off_edge}
    ''')


@pytest.fixture
def waiting(tmp_path, monkeypatch) -> Catalogue:
    (tmp_path / "waitpack.py").write_text(LEVEL)
    (tmp_path / "waitpack_view.py").write_text(VIEW)
    (tmp_path / "waitpack_levels").mkdir()
    for level_id, off_edge in (("wait", "false"), ("wait-off-edge", "true")):
        (tmp_path / "waitpack_levels" / f"{level_id}.toml").write_text(FILE.format(id=level_id, off_edge=off_edge))
    monkeypatch.syspath_prepend(str(tmp_path))
    return Catalogue([EntryPoint("waitpack", "waitpack:PACK", GROUP)])


def test_play_gives_the_result_the_stored_attempt_and_the_screenshots(waiting, tmp_path):
    played = testing.play("wait", skill=0.9, seed=4, stance="both", size=(1024, 600), screenshots=tmp_path,
                          levels=waiting)
    assert played.result["saved"] and played.result["level"] == "wait" and played.result["board"] == \
        "sim://?skill=0.9&seed=4&stance=both"
    assert played.attempt["id"] == played.result["attempt_id"] and played.attempt["score"] == played.result["score"]
    assert played.attempt["result"]["details"] == played.result["details"]
    assert played.rows == [("Near the middle", f"{played.result['details']['near_s'] / 3.0:.0%}")]
    assert played.recording().startswith("# poise-recording: 1\n")
    assert set(played.screenshots) == {"mid-play", "results"}
    assert pygame.image.load(str(played.screenshots["mid-play"])).get_size() == (1024, 600)
    assert played.level.finished and played.level.t >= 3.0


def test_a_steadier_player_is_nearer_the_middle_and_the_check_says_when_scores_do_not_rise(waiting):
    means = testing.check_scores_rise("wait", skills=(0.2, 0.95), seeds=(1, 2), spread=5, levels=waiting)
    assert means[0] < means[1]
    with pytest.raises(AssertionError, match=r"^level wait: mean scores \[\d+, \d+\] at skills \[0.95, 0.2\] do not "
                                             r"rise by more than 5 points$"):
        testing.check_scores_rise("wait", skills=(0.95, 0.2), seeds=(1, 2), spread=5, levels=waiting)


def test_the_window_check_finds_what_does_not_fit(waiting):
    assert testing.window_problems("wait", (1024, 600), looks=3, levels=waiting) == []
    found = testing.window_problems("wait-off-edge", (1024, 600), looks=3, levels=waiting)
    assert found and all(p.startswith("wait-off-edge at 1024x600, play at ") for p in found)
    assert "text 'stand still'" in found[0] and "runs off the" in found[0]


def test_an_unknown_level_fails_in_one_line():
    with pytest.raises(LevelFileError, match="unknown level 'slalon' \\(did you mean 'slalom'\\?\\)"):
        testing.play("slalon")


@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_level_of_poise_fits_the_window_in_the_harness(size):
    assert testing.window_problems("single-leg-hold", size, looks=4, seconds=8.0) == []
