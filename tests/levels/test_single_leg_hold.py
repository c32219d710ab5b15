"""Single-leg hold: scores mean something and do not depend on the frame rate."""
import numpy as np
import pytest

from helpers import play_level


def score(skill, seed, fps=60, seconds=16.0):
    app = play_level("single-leg-hold", f"sim://?skill={skill}&seed={seed}", fps=fps, seconds=seconds)
    return app.ctx.results[-1]


def test_higher_skill_scores_clearly_higher():
    low = [score(0.3, s)["score"] for s in (1, 2, 3)]
    high = [score(0.9, s)["score"] for s in (1, 2, 3)]
    assert np.mean(high) > np.mean(low) + 150
    assert min(high) > max(low)


@pytest.mark.parametrize("seed", [4, 5])
def test_score_is_the_same_at_30_60_and_144_fps(seed):
    results = [score(0.6, seed, fps=fps, seconds=10.0) for fps in (30, 60, 144)]
    assert len({r["score"] for r in results}) == 1
    assert len({r["details"]["in_zone_fraction"] for r in results}) == 1


def test_result_has_per_leg_sway_metrics_from_raw_samples():
    r = score(0.7, 1)
    assert set(r["metrics"]) == {"left", "right"}
    for leg in ("left", "right"):
        m = r["metrics"][leg]
        assert 10 < m["velocity_mm_s"] < 120  # one-leg sway, several times bipedal
        assert m["duration_s"] > 4
    assert r["details"]["left_held_s"] == pytest.approx(8.0, abs=0.01)
    assert 0 <= r["score"] <= 1000 and 0 <= r["stars"] <= 3
