"""Every level: scores rise with the simulated player's skill, and do not depend on the frame rate."""
import numpy as np
import pytest

from poise import levels
from helpers import play_level

LEVELS = sorted(levels.all_specs())
SEEDS = (1, 2, 3)


def score(level_id, skill, seed, fps=60, seconds=None):
    app = play_level(level_id, f"sim://?skill={skill}&seed={seed}", fps=fps, seconds=seconds)
    return app.ctx.results[-1]


SKILL_SCORED = [lid for lid in LEVELS if type(levels.create(lid)).score_measures_skill]


# levels whose scores rise with skill by under 100 points between skill 0.3 and 0.9 (none since tracking's
# easiest step was retuned, issue #14)
SPREAD_NOT_YET_TUNED: set[str] = set()


@pytest.mark.parametrize("level_id", [
    pytest.param(lid, marks=pytest.mark.xfail(reason="score spread under 100, to retune", strict=False))
    if lid in SPREAD_NOT_YET_TUNED else lid for lid in SKILL_SCORED])
def test_scores_rise_with_skill(level_id):
    # at 30 frames a second: scores do not depend on the frame rate (the test below), and it takes less time
    means = [np.mean([score(level_id, skill, seed, fps=30)["score"] for seed in SEEDS]) for skill in (0.3, 0.6, 0.9)]
    assert means[0] < means[1] < means[2], means
    assert means[2] - means[0] > 100, means  # a clear difference, not noise


@pytest.mark.parametrize("level_id", LEVELS)
def test_score_is_the_same_at_30_and_144_fps_and_ends_with_a_result_summary_and_its_step(level_id):
    # (the game's own 60 fps lies between: every demo and most other tests play at it)
    results = [score(level_id, 0.6, 7, fps=fps, seconds=12.0) for fps in (30, 144)]
    assert len({r["score"] for r in results}) == 1, [r["score"] for r in results]
    assert len({str(sorted(r["details"].items())) for r in results}) == 1
    r = results[0]
    assert 0 <= r["score"] <= 1000 and 0 <= r["stars"] <= 3
    assert r["summary"] and all(len(row) == 2 for row in r["summary"])
    assert r["details"]["step"] == 0  # a new player starts on the first step
