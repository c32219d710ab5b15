"""The reward loop, honestly: a headline of balance from the open norms with its uncertainty, the day's summary
saying what improved and what comes tomorrow, and the weekly check one button away on Progress."""
import datetime as dt
import math

import pytest

from poise.testing import catalogue

levels = catalogue()
from poise.drivers import open_board
from poise.game.clinic import headline, norms
from poise.game.clinic.today import summary, plan_for
from poise.game.engine.app import App
from poise.game.engine.input import Intent
from poise.game.engine.loop import VirtualClock
from poise.game.scenes.play import PlayScene
from poise.game.storage.store import Storage


def test_a_value_at_an_ages_median_is_matched_to_that_age_with_a_range_that_narrows_with_trials():
    by_age = headline.medians("F")
    assert min(by_age) <= 20 and max(by_age) >= 80
    value = by_age[70]
    one, three = headline.balance_age(value, 1, "F"), headline.balance_age(value, 3, "F")
    assert abs(by_age[three.age] - value) <= abs(by_age[70] - value) + 1e-9
    assert one.low <= three.low <= 70 <= three.high <= one.high  # more trials: a narrower range
    band = math.exp(1.96 * 0.124 / math.sqrt(3))
    assert all(value / band <= by_age[a] <= value * band for a in (three.low, three.high))
    assert "median of women aged" in three.words and str(three.age) in three.words


def test_the_medians_are_the_norms_own_reference_groups():
    people = norms.reference()
    _, members = norms.group(people, "M", 40.0, "eo-firm")
    values = sorted(p.velocity_mm_s for p in members)
    n = len(values)
    median = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    assert headline.medians("M")[40] == pytest.approx(median)


def test_beyond_every_age_it_says_so_instead_of_making_an_age_up():
    by_age = headline.medians("M")
    steady = headline.balance_age(min(by_age.values()) / 3, 3, "M")
    shaky = headline.balance_age(max(by_age.values()) * 3, 3, "M")
    assert steady.age is None and steady.beyond == "steadier" and "every age" in steady.words
    assert shaky.age is None and shaky.beyond == "less steady"


@pytest.mark.parametrize("value, trials, sex", [(float("nan"), 3, "F"), (-2.0, 3, "F"), (8.0, 0, "F"),
                                                (8.0, 3, "X"), ("8", 3, "F")])
def test_bad_input_is_refused(value, trials, sex):
    with pytest.raises(ValueError):
        headline.balance_age(value, trials, sex)


def _store_check(storage, pid, speeds, trial_s=60.0, condition="eyes-open"):
    trials = [{"condition": condition, "trial": i + 1, "valid": True, "note": "", "start": 100.0 * i,
               "end": 100.0 * i + trial_s, "metrics": {"velocity_mm_s": v, "ellipse95_mm2": 100.0}}
              for i, v in enumerate(speeds)]
    storage.save_assessment(pid, None, condition, "sim-1", {}, trials, {})


def test_a_players_headline_comes_from_their_standard_test_and_needs_their_sex(tmp_path):
    storage = Storage(tmp_path / "h.db")
    pid = storage.player_id("Ada", create=True)
    assert "Take the standard balance test" in headline.for_player(storage, "Ada")
    _store_check(storage, pid, [9.0, 9.5, 10.0], trial_s=30.0)  # the weekly check's 30 s trials do not match
    assert "Take the standard balance test" in headline.for_player(storage, "Ada")
    _store_check(storage, pid, [9.0, 9.5, 10.0])
    assert "Set your sex" in headline.for_player(storage, "Ada")
    storage.set_profile(pid, sex="F", birth_year=1960)
    h = headline.for_player(storage, "Ada")
    assert h.value == pytest.approx(9.5) and h.trials == 3 and h.sex == "F"
    assert h.measured_on == dt.datetime.now(dt.timezone.utc).date().isoformat()


def test_the_day_summary_says_what_comes_tomorrow_and_the_headline(tmp_path):
    storage = Storage(tmp_path / "s.db")
    pid = storage.player_id("Ada", create=True)
    storage.set_profile(pid, sex="F", birth_year=1960, goal="Fall prevention", injured_side="none")
    _store_check(storage, pid, [9.0, 9.5, 10.0])
    plan = plan_for(storage, levels, "Ada")
    lines = summary(storage, levels, "Ada", plan, [])
    assert any(line.startswith("Tomorrow") for line in lines), lines
    assert any("median of women aged" in line or "every age" in line for line in lines), lines


def test_progress_takes_the_weekly_check_with_one_button(tmp_path):
    storage = Storage(tmp_path / "p.db")
    storage.player_id("Ada", create=True)
    clock = VirtualClock()
    app = App(open_board("sim://", clock), storage, clock=clock, player="Ada", sound=False, render=False,
              levels=levels)
    progress = app.stack.push("progress")
    assert progress.index == 0
    progress.handle(Intent("confirm"))
    assert isinstance(app.stack.top, PlayScene) and app.stack.top.level.spec.id == "balance-check"
    app.stack.pop()
    progress.index = 1
    progress.handle(Intent("confirm"))
    assert app.stack.top is None
