"""Difficulty that means something: every step of every ladder is harder than the one before, and a harder
task is not easier at its first step than the easier task it builds on.

The same simulated players play every step (short runs: `seconds`; few players). The ladders are tuned in the
level files to pass this; a level whose --seconds changes its pace (stage time, circle period) plays in full.
"""
import functools

import pytest
from helpers import PLAY_SECONDS_FOR

from poise import testing

levels = testing.catalogue()

PLAYERS = ("sim://?skill=0.4&seed=1", "sim://?skill=0.6&seed=3", "sim://?skill=0.8&seed=4")  # three different people
SECONDS = 10.0
HARDER_THAN = {"tracking-single-leg": "tracking", "single-leg-hold-eyes-closed": "single-leg-hold"}
LADDERED = [lid for lid in levels.all_specs()
            if not type(levels.create(lid)).assessment and levels.spec(lid).params.steps > 1]
# Levels whose own ladders do not fall step by step yet (for the simulated players their later steps score as
# high or higher): none since heading's sequences were balanced and its ladder retuned. A level added here is
# xfail until its author tunes it; an XPASS says it is done and can leave this list.
NOT_YET_TUNED: set[str] = set()
# pairs whose first steps are not yet ordered for the simulated players (none since the retune for the more
# human simulated person, issue #14)
PAIRS_NOT_YET_TUNED: set[tuple[str, str]] = set()


def play(level_id: str, step: int, url: str) -> int:
    return testing.play(level_id, board=url, step=step, seconds=PLAY_SECONDS_FOR.get(level_id, SECONDS), fps=30) \
        .result["score"]


@functools.cache
def step_score(level_id: str, step: int) -> float:
    """The players' mean score at one step of the level's ladder."""
    return sum(play(level_id, step, url) for url in PLAYERS) / len(PLAYERS)


def mean_scores(level_id: str) -> tuple[float, ...]:
    """The players' mean score at each step of the level's ladder."""
    return tuple(step_score(level_id, step) for step in range(levels.spec(level_id).params.steps))


def test_every_laddered_level_is_covered():
    assert {"tracking", "single-leg-hold", "weight-shift-reach", "heel-raises", "ankle-circles"} <= set(LADDERED)
    assert set(HARDER_THAN) | set(HARDER_THAN.values()) <= set(LADDERED)


@pytest.mark.parametrize("level_id", [
    pytest.param(lid, marks=pytest.mark.xfail(reason="ladder not tuned yet", strict=False)) if lid in NOT_YET_TUNED
    else lid for lid in LADDERED])
def test_scores_fall_as_the_step_rises(level_id):
    scores = mean_scores(level_id)
    assert all(harder < easier for easier, harder in zip(scores, scores[1:])), scores


@pytest.mark.parametrize("harder, easier", [
    pytest.param(*pair, marks=pytest.mark.xfail(reason="first steps not tuned yet", strict=False))
    if pair in PAIRS_NOT_YET_TUNED else pair for pair in sorted(HARDER_THAN.items())])
def test_a_harder_task_is_not_easier_at_its_first_step(harder, easier):
    assert step_score(harder, 0) <= step_score(easier, 0), (step_score(harder, 0), step_score(easier, 0))
