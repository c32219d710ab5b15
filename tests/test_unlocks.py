"""Levels opened by play (game/clinic/unlocks.py): worked out from the stored attempts, shown on the title's level
cards with what opens them, never locking a measurement, a prescribed level or one played already; the results
screen and the day's summary say what an attempt opened and what is next."""
import datetime as dt

import pytest

from poise.game.clinic import prescription as presc
from poise.game.clinic import unlocks
from poise.game.clinic.today import level_infos, plan_for, set_prescription
from poise.game.storage.store import Storage
from poise.testing import catalogue
from test_layout import look, make_app

levels = catalogue()
DAY = dt.date(2026, 3, 2)


def attempt(storage, pid: int, level: str, day: dt.date = DAY, stars: int = 1, step: int = 0) -> int:
    """One stored attempt (as the game stores it, through the storage's own call)."""
    session = storage.start_session(pid, "sim://", "sim", "test")
    return storage.save_attempt(session, pid, level, f"{day.isoformat()}T10:00:00", 60.0, 300.0 * stars, stars,
                                {"details": {}}, {}, "t,x\n0,0\n", 1, step=step)


@pytest.fixture
def ana():
    storage = Storage(":memory:")
    return storage, storage.player_id("Ana", create=True)


def test_a_newcomer_starts_with_a_game_of_each_kind_and_every_measurement_open(ana):
    storage, pid = ana
    locked = unlocks.locks(storage, pid, levels)
    assert set(locked) == set(unlocks.RULES)
    specs = levels.all_specs()
    assert not [lid for lid in locked if specs[lid].kind == "assessment"]
    assert {"single-leg-hold", "slalom", "weight-shift-reach", "heel-raises", "balance-check",
            "limits-of-stability"}.isdisjoint(locked)
    names = unlocks.titles(levels)
    assert locked["table-tilt"].words(names) == "Play Slalom 3 times · 0/3"
    assert locked["heading"].words(names) == "2 stars at Slalom · 0/2"
    assert locked["single-leg-hold-eyes-closed"].words(names) == "Reach step 2 of Single-leg hold · 1/2"
    assert locked["outward-roll"].words(names) == "Train on 3 different days · 0/3"
    assert all(rule.level in specs or rule.days for rule in unlocks.RULES.values())


def test_play_opens_levels_and_the_attempt_that_did_it_says_so(ana):
    storage, pid = ana
    first = attempt(storage, pid, "slalom")
    attempt(storage, pid, "slalom")
    assert unlocks.locks(storage, pid, levels)["table-tilt"].have == 2
    third = attempt(storage, pid, "slalom", stars=2)
    locked = unlocks.locks(storage, pid, levels)
    assert "table-tilt" not in locked and "heading" not in locked  # 3 plays, and 2 stars
    assert unlocks.opened_by(storage, pid, levels, third) == ["table-tilt", "heading"]
    assert unlocks.opened_by(storage, pid, levels, first) == []
    assert "bubble-river" in locked  # one day trained of two
    attempt(storage, pid, "heel-raises", day=DAY + dt.timedelta(days=1))
    locked = unlocks.locks(storage, pid, levels)
    assert "bubble-river" not in locked and "ankle-circles" not in locked and locked["outward-roll"].have == 2


def test_steps_count_toward_a_level_and_a_hint_says_how_near_the_next_is(ana):
    storage, pid = ana
    for _ in range(2):
        attempt(storage, pid, "single-leg-hold", stars=2)
    assert "single-leg-hold-eyes-closed" not in unlocks.locks(storage, pid, levels)  # step 2 reached
    steps = levels.spec("slalom").params.steps
    assert unlocks.step_hint([], steps) == "2 runs in a row with 2 stars or more open step 2"
    assert unlocks.step_hint([(0, 2)], steps) == "One more run with 2 stars or more opens step 2"
    assert unlocks.step_hint([(0, 2), (0, 2)], steps) == "2 runs in a row with 2 stars or more open step 3"
    assert unlocks.step_hint([(steps - 1, 3)] * 3, steps) is None


def test_a_prescribed_level_or_one_played_already_is_never_locked(ana):
    storage, pid = ana
    text = 'sessions_per_week = 3\n\n[[activity]]\nlevel = "outward-roll"\n'
    set_prescription(storage, pid, "ana.toml", text, presc.loads(text, "ana.toml", level_infos(levels)))
    attempt(storage, pid, "squat", stars=0)  # imported from elsewhere, say: played, so open
    locked = unlocks.locks(storage, pid, levels)
    assert "outward-roll" not in locked and "squat" not in locked and "toe-raises" in locked


def test_the_title_shows_the_locks_and_a_locked_card_does_not_start(ana):
    storage, pid = ana
    app = make_app((1280, 720), storage, player="Ana")
    app.stack.push("title")
    problems: list[str] = []
    layout = look(app, "title", problems, frames=2)
    assert not problems, problems
    assert "Play Slalom 3 times · 0/3" in [i["label"] for i in layout.items]
    title = app.stack.top
    planned = {a.level for a in plan_for(storage, levels, "Ana").activities}
    for c in title.cards:  # today's session introduces its levels: open on the title too
        assert (c["lock"] is None) == (c["id"] not in unlocks.RULES or c["id"] in planned), c["id"]
    assert "table-tilt" not in planned
    card = next(i for i, c in enumerate(title.cards) if c["id"] == "table-tilt") + len(title.TOP)
    title.choose(card)
    assert app.stack.top is title
    for _ in range(3):
        attempt(storage, pid, "slalom")
    title.on_enter()
    title.choose(card)
    assert app.stack.top is not title and app.stack.top.level.spec.id == "table-tilt"


def test_the_results_and_the_days_summary_say_what_opened_and_what_is_next(ana):
    from poise.game.clinic.today import summary, plan_for
    from poise.game.scenes.results import ResultsScene

    storage, pid = ana
    attempt(storage, pid, "slalom")
    attempt(storage, pid, "slalom")
    third = attempt(storage, pid, "slalom")
    app = make_app((1280, 720), storage, player="Ana")
    level = levels.create("slalom")
    result = {"player": "Ana", "score": 300, "stars": 1, "metrics": {}, "messages": [], "attempt_id": third,
              "parts": [["slalom.part.gates", 0.8, {}]], "saved": True}
    scene = app.stack.push(ResultsScene(app.ctx, level.spec, result, type(level)))
    assert scene.news == [("level", "New level open: Table tilt"),
                          ("step", "2 runs in a row with 2 stars or more open step 2")]
    problems: list[str] = []
    layout = look(app, "results", problems, frames=2)
    assert "New level open: Table tilt" in [i["label"] for i in layout.items] and not problems, problems
    lines = summary(storage, levels, "Ana", plan_for(storage, levels, "Ana", DAY),
                    [{"level": "slalom", "title": "Slalom", "attempt_id": third, "score": 300, "step": 0}])
    assert "New level open: Table tilt" in lines
    assert any(line.startswith("Next to open: ") for line in lines)


def test_next_on_the_results_passes_the_locked_levels_by(ana):
    from poise.game.scenes.results import ResultsScene

    storage, pid = ana
    app = make_app((1280, 720), storage, player="Ana")
    level = levels.create("slalom")
    result = {"player": "Ana", "score": 0, "stars": 0, "metrics": {}, "messages": [], "parts": []}
    scene = app.stack.push(ResultsScene(app.ctx, level.spec, result, type(level)))
    ids = list(levels.all_specs())
    skipped = ids[ids.index("slalom") + 1:ids.index(scene.next_level())]
    assert skipped and all(lid in unlocks.RULES for lid in skipped) and scene.next_level() not in unlocks.RULES
