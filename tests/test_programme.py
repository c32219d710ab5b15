"""The daily programme's planner (poise.game.clinic.programme), driven by synthetic histories: eight weeks of a simulated
player whose skill rises (the plan progresses: harder steps, one-leg and eyes-closed work appear) and one whose
skill falls (the plan steps back), rest days, variety, the injured side, the weekly check, determinism."""
from __future__ import annotations

import datetime as dt

import pytest

from poise.testing import catalogue
from poise.game.clinic import programme as pg
from poise.game.level.reach import Reach
from poise.game.clinic.today import durations, level_infos

levels = catalogue()

START = dt.date(2026, 1, 5)
INFOS = level_infos(levels)
DURATION = durations(levels, Reach.from_height(170))
ONE_LEG = {"single-leg-hold", "single-leg-hold-eyes-closed", "tracking-single-leg"}


def stars_for(skill: float, step: int, steps: int) -> int:
    """A synthetic attempt: a skilled player earns more stars, a harder step fewer."""
    p = skill - 0.25 * step / max(1, steps - 1)
    return 3 if p > 0.7 else 2 if p > 0.5 else 1 if p > 0.3 else 0


def simulate(skill_of, days: int = 56, profile=pg.Profile("ankle", "right"), history=None, start=START):
    """Every day: plan, and on a training day do the whole plan with stars from the day's skill."""
    h = history or pg.History()
    plans = []
    for d in range(days):
        day = start + dt.timedelta(days=d)
        plan = pg.plan_day(day, profile, h, INFOS, DURATION)
        plans.append(plan)
        if plan.rest_day:
            continue
        skill = skill_of(d)
        attempts, limits, checks = list(h.attempts), list(h.limits_days), list(h.check_days)
        for a in plan.activities:
            attempts.append(pg.Attempt(day, a.level, a.step, stars_for(skill, a.step, INFOS[a.level].steps), 0.0,
                                       a.minutes))
            limits += [day] if a.level == pg.LIMITS else []
            checks += [day] if a.level == pg.CHECK else []
        sessions = h.sessions + (pg.Session(day, len(plan.activities), len(plan.activities), plan.sessions_per_week),)
        h = pg.History(tuple(attempts), sessions, tuple(limits), tuple(checks), h.leg_sway)
    return plans, h


def week(plans, w):
    return [p for p in plans if p.week == w]


def levels_in(plans) -> set[str]:
    return {a.level for p in plans for a in p.activities}


def mean_step(plans) -> float:
    steps = [a.step for p in plans if not p.rest_day for a in p.activities if a.role not in ("check", "set-up")]
    return sum(steps) / len(steps)


def test_eight_weeks_of_rising_skill_progress_to_one_leg_and_eyes_closed():
    plans, _ = simulate(lambda d: 0.55 + 0.45 * d / 55)
    first, last = week(plans, 1), week(plans, 8)
    assert all(p.stage == 0 for p in first)  # two feet, eyes open
    assert not levels_in(first) & ONE_LEG
    assert "single-leg-hold-eyes-closed" not in levels_in(week(plans, 1) + week(plans, 2))
    stages = [week(plans, w)[0].stage for w in range(1, 9)]
    assert stages == sorted(stages) and stages[-1] >= 4, stages  # never back, and far along
    assert {"single-leg-hold", "single-leg-hold-eyes-closed"} <= levels_in(last)
    assert mean_step(last) > mean_step(first) + 1.0  # harder steps on the levels' ladders
    holds = [a.seconds for p in plans for a in p.activities if a.level == "single-leg-hold" and not a.legs]
    assert holds[0] < holds[-1]  # longer holds
    assert any("went well" in n for p in plans for n in p.notes)


def test_falling_skill_steps_the_programme_back():
    plans, _ = simulate(lambda d: 0.95 if d < 28 else 0.1)
    stages = [week(plans, w)[0].stage for w in range(1, 9)]
    peak = max(stages[:5])
    assert peak >= 3 and stages[-1] < peak, stages
    assert all(b <= a for a, b in zip(stages[4:], stages[5:])), stages  # down, week after bad week
    back = [n for p in plans for n in p.notes if "one stage back" in n]
    assert back and "was hard" in back[0]
    assert mean_step(week(plans, 8)) < mean_step(week(plans, 5))


def test_sessions_are_about_ten_minutes_with_rest_days_and_variety():
    plans, _ = simulate(lambda d: 0.7)
    training = [p for p in plans if not p.rest_day]
    for p in training:
        assert 8.0 <= p.minutes <= 12.0, (p.day, p.minutes)
        roles = [a.role for a in p.activities]
        assert "warm-up" in roles and "strength" in roles and len(p.activities) >= 4, (p.day, roles)
    for w in range(1, 9):
        days = week(plans, w)
        assert 1 <= sum(p.rest_day for p in days) <= 3, [p.rest_day for p in days]  # rest days each week
        assert sum(not p.rest_day for p in days) == 5
    for a, b in zip(training, training[1:]):
        assert [x.level for x in a.activities] != [x.level for x in b.activities]  # variety
    strength = [next(x.level for x in p.activities if x.role == "strength") for p in training[:6]]
    assert len(set(strength)) == 3  # squat, heel raises and toe raises take turns
    rest = next(p for p in plans if p.rest_day)
    assert rest.minutes < 5 and rest.notes and "light session" in " ".join(rest.notes)


def test_first_session_measures_the_limits_and_the_weekly_check_comes_when_due():
    plans, h = simulate(lambda d: 0.7, days=21)
    assert plans[0].activities[0].level == pg.LIMITS
    assert plans[1].activities[0].level == pg.CHECK  # never done: due at once
    gaps = [(b - a).days for a, b in zip(h.check_days, h.check_days[1:])]
    assert gaps and all(7 <= g <= 9 for g in gaps), h.check_days
    check_days = [p for p in plans if any(a.level == pg.CHECK for a in p.activities)]
    assert all(8.0 <= p.minutes <= 12.0 and len(p.activities) >= 4 for p in check_days)


def test_the_injured_side_gets_more_single_leg_work():
    plans, _ = simulate(lambda d: 0.8, days=14, profile=pg.Profile("ankle", "left"))
    extra = [a for p in plans for a in p.activities if a.legs]
    assert extra and all(a.legs == ("left",) for a in extra) and "injured left ankle" in extra[0].note
    plans, _ = simulate(lambda d: 0.8, days=14, profile=pg.Profile("falls", None))
    assert not [a for p in plans for a in p.activities if a.legs]
    sway = pg.History(leg_sway=(("left", 30.0), ("right", 45.0)))
    plans, _ = simulate(lambda d: 0.8, days=14, profile=pg.Profile("sport", None), history=sway)
    extra = [a for p in plans for a in p.activities if a.legs]
    assert extra and all(a.legs == ("right",) for a in extra) and "swayed more" in extra[0].note


def test_goals_shape_the_programme():
    assert pg.goal_kind("recovering from a right ankle sprain") == "ankle"
    assert pg.goal_kind("Fall prevention") == "falls"
    assert pg.goal_kind("trail running") == "sport"
    assert pg.goal_kind(None) == "general"
    sport = pg.plan_day(START, pg.Profile("sport"), pg.History(), INFOS, DURATION)
    assert sport.stage == 1  # an athlete starts nearer one leg
    falls, _ = simulate(lambda d: 0.95, days=56, profile=pg.Profile("falls"))
    assert max(p.stage for p in falls) <= pg.TOP_STAGE["falls"]
    ankle, _ = simulate(lambda d: 0.95, days=56)
    assert week(falls, 4)[0].stage < week(ankle, 4)[0].stage  # two good weeks to move up, for fall prevention


def test_two_weeks_without_training_step_back():
    _, h = simulate(lambda d: 0.9, days=28)
    before = pg.plan_day(START + dt.timedelta(days=28), pg.Profile("ankle", "right"), h, INFOS, DURATION).stage
    later = START + dt.timedelta(days=28 + 15)
    plan = pg.plan_day(later, pg.Profile("ankle", "right"), h, INFOS, DURATION)
    assert plan.stage == before - 1 and any("without training" in n for n in plan.notes)


def test_the_plan_is_the_same_for_the_same_day_and_history():
    _, h = simulate(lambda d: 0.7, days=20)
    day = START + dt.timedelta(days=20)
    a = pg.plan_day(day, pg.Profile("ankle", "right"), h, INFOS, DURATION).as_dict()
    b = pg.plan_day(day, pg.Profile("ankle", "right"), h, INFOS, DURATION).as_dict()
    assert a == b
    # only what happened before the day counts: today's own attempts do not change today's plan
    extra = pg.History(h.attempts + (pg.Attempt(day, "squat", 0, 3),), h.sessions, h.limits_days, h.check_days)
    assert pg.plan_day(day, pg.Profile("ankle", "right"), extra, INFOS, DURATION).as_dict() == a


def test_adherence_per_week():
    _, h = simulate(lambda d: 0.7, days=14)
    weeks = pg.review_weeks(h, START + dt.timedelta(days=13))
    assert [(w.done, w.planned) for w in weeks] == [(5, 5), (5, 5)]
    assert all(w.mean_stars is not None and w.minutes > 30 for w in weeks)


@pytest.mark.parametrize("n, run", [(7, 7), (6, 6), (5, 3), (4, 2), (3, 1), (1, 1)])
def test_rest_day_rule(n, run):
    assert pg.max_run(n) == run
