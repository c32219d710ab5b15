"""Every level, played through the level authors' harness (poise.testing): scores rise with the simulated
player's skill, do not depend on the frame rate, and every result is stored with its step and shown in words."""
import pytest
from helpers import PLAY_SECONDS_FOR

from poise import testing

levels = testing.catalogue()
LEVELS = sorted(levels.all_specs())
SEEDS = (1, 2, 3)
SKILL_SCORED = [lid for lid in LEVELS if type(levels.create(lid)).score_measures_skill]
PLAY_S = 25.0  # of active play tell the skills apart (spread over 200 points in most levels, over 100 in all)


def play_seconds(level_id: str) -> float | None:
    """How long the skill test plays `level_id`: PLAY_S, or its own length where that is shorter."""
    if level_id in PLAY_SECONDS_FOR:
        return PLAY_SECONDS_FOR[level_id]
    return PLAY_S if levels.create(level_id).planned_seconds() > PLAY_S else None


# levels whose scores rise with skill by under 100 points between skill 0.3 and 0.9 (none since tracking's
# easiest step was retuned, issue #14)
SPREAD_NOT_YET_TUNED: set[str] = set()


@pytest.mark.parametrize("level_id", [
    pytest.param(lid, marks=pytest.mark.xfail(reason="score spread under 100, to retune", strict=False))
    if lid in SPREAD_NOT_YET_TUNED else lid for lid in SKILL_SCORED])
def test_scores_rise_with_skill(level_id):
    # at 30 frames a second: scores do not depend on the frame rate (the test below), and it takes less time
    testing.check_scores_rise(level_id, skills=(0.3, 0.6, 0.9), seeds=SEEDS, spread=100, fps=30,
                              seconds=play_seconds(level_id))


@pytest.mark.parametrize("level_id", LEVELS)
def test_score_is_the_same_at_30_and_144_fps_and_the_result_is_stored_with_its_step_and_words(level_id):
    # (the game's own 60 fps lies between: every demo and most other tests play at it)
    played = [testing.play(level_id, skill=0.6, seed=7, fps=fps, seconds=12.0) for fps in (30, 144)]
    assert len({p.result["score"] for p in played}) == 1, [p.result["score"] for p in played]
    assert len({str(sorted(p.result["details"].items())) for p in played}) == 1
    p = played[0]
    assert 0 <= p.result["score"] <= 1000 and 0 <= p.result["stars"] <= 3 and p.result["saved"]
    assert p.result["step"] == 0 == p.attempt["step"]  # a new player starts on the first step, stored as such
    assert p.attempt["score"] == p.result["score"] and p.attempt["result"]["messages"] == p.result["messages"]
    assert p.rows and all(label and not label.startswith(f"{level_id}.") for label, _ in p.rows), p.rows
