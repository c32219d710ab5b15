"""Today's training end to end: the plan on the command line, a clinician's prescription (validated with file:line,
shown as prescribed, progressing), adherence in `poise progress` and the clinical report, and one real session
played headless by the simulated player and stored."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from poise.testing import catalogue
from poise.__main__ import main
from poise.game.clinic import prescription as presc
from poise.game.clinic import programme as pg
from poise.game.level.levelfile import LevelFileError
from poise.game.storage.store import Storage
from poise.game.clinic.today import adherence, history, level_infos, plan_for

levels = catalogue()

GOOD = """# Ana's programme, set by her physiotherapist
sessions_per_week = 4
note = "after the right ankle sprain"

[progression]
every_weeks = 1
step_up = true
add_seconds = 5.0

[[activity]]
level = "single-leg-hold"
seconds = 40.0
step = 1
legs = ["right"]

[[activity]]
level = "squat"
sets = 2

[[activity]]
level = "single-leg-hold"
eyes_closed = true
seconds = 20.0
from_week = 2
"""


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "p.db")
    assert main(["players", "add", "Ana", "--height", "165", "--weight", "62", "--goal",
                 "recovering from an ankle sprain", "--injured-side", "right", "--db", path]) == 0
    return path


def test_poise_today_prints_the_plan(db, capsys):
    assert main(["today", "Ana", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "week 1, stage 1 of 6" in out and "goal: recovering from an ankle sprain" in out
    assert "Player setup: limits of stability" in out and "extra work for your injured right ankle" in out
    assert main(["today", "Ana", "--json", "--db", db]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert 8 <= plan["minutes"] <= 12 and plan["week"] == 1 and not plan["rest_day"]
    assert {"warm-up", "single leg", "strength"} <= {a["role"] for a in plan["activities"]}
    assert main(["today", "Nobody", "--db", db]) == 1


INFOS = level_infos(levels)


@pytest.mark.parametrize("old, new, line, words", [
    ("seconds = 40.0", "secnds = 40.0", 12, r"unknown key activity\.'secnds'; did you mean activity\.'seconds'"),
    ('level = "squat"', 'level = "squats"', 17, r"unknown level 'squats'; did you mean 'squat'"),
    ("sets = 2", 'sets = "two"', 18, r"key 'activity\.sets' must be int"),
    ("step = 1", "step = 9", 13, r"single-leg-hold has steps 1 to \d"),
    ("sets = 2", 'legs = ["left"]', 18, r"squat is not played on one leg at a time"),
    ("sets = 2", "eyes_closed = true", 18, r"squat has no eyes-closed variant"),
    ("sets = 2", "sets = 9", 18, r"sets can be at most 5"),
    ('legs = ["right"]', 'legs = ["middle"]', 14, r"legs: name 'left' and/or 'right'"),
    ("every_weeks = 1", "every_weeks = -1", 6, r"key 'progression\.every_weeks' .*greater than 0"),
    ("step_up = true", "step_up = 1", 7, r"key 'progression\.step_up' must be bool"),
    ("sessions_per_week = 4", "sessions_per_week = 9", 2, r"sessions_per_week can be at most 7"),
    ("sessions_per_week = 4", "sesions_per_week = 4", 2, r"unknown key 'sesions_per_week'; did you mean"),
    ("[progression]", "[progresion]", 5, r"unknown table \[progresion\]"),
    ("[[activity]]\nlevel = \"squat\"", "[[activity]]\nlevel = \"balance-check\"", 17, r"a test, not a training"),
    ("from_week = 2", "from_week = 2\nuntil_week = 1", 24, r"until_week is before from_week"),
    ("note = \"after", "note = after", 3, r"not valid TOML"),
])
def test_a_malformed_prescription_names_the_file_and_line(tmp_path, old, new, line, words):
    assert old in GOOD
    path = tmp_path / "ana.toml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LevelFileError, match=words) as err:
        presc.load(path, INFOS)
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)


def test_a_prescription_without_activities_is_refused(tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("sessions_per_week = 3\n", encoding="utf-8")
    with pytest.raises(LevelFileError, match=r"empty.toml:1: no activity"):
        presc.load(path, INFOS)


def test_programme_set_show_clear_and_the_plan_follows_it(db, tmp_path, capsys):
    f = tmp_path / "ana.toml"
    f.write_text(GOOD, encoding="utf-8")
    assert main(["programme", "show", "Ana", "--db", db]) == 0
    assert "no programme set for Ana" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('level = "squat"', 'level = "squats"'), encoding="utf-8")
    assert main(["programme", "set", "Ana", str(bad), "--db", db]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:17: unknown level 'squats'" in err and err.count("\n") == 1
    assert main(["programme", "set", "Ana", str(f), "--db", db]) == 0
    assert "4 sessions a week: single-leg-hold, squat x2, single-leg-hold (eyes closed)" in capsys.readouterr().err
    assert main(["programme", "show", "Ana", "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "from ana.toml" in shown and 'level = "squat"' in shown and "note: after the right ankle sprain" in shown

    assert main(["today", "Ana", "--json", "--db", db]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["prescribed"] == "ana.toml" and plan["sessions_per_week"] == 4
    training = [a for a in plan["activities"] if a["role"] not in ("check", "set-up")]
    assert [(a["level"], a["step"], a["seconds"], a["legs"]) for a in training] == [
        ("single-leg-hold", 0, 40.0, ["right"]), ("squat", 0, None, None), ("squat", 0, None, None)]
    assert main(["today", "Ana", "--db", db]) == 0
    assert "prescribed (ana.toml)" in capsys.readouterr().out

    assert main(["programme", "clear", "Ana", "--db", db]) == 0
    assert "cleared" in capsys.readouterr().err
    assert main(["today", "Ana", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["prescribed"] is None
    assert main(["programme", "set", "Ana", "--db", db]) == 2


def test_a_prescription_progresses_week_by_week():
    p = presc.loads(GOOD, "ana.toml", INFOS)
    start = dt.date(2026, 3, 2)
    h = pg.History()
    for d in range(14):  # two weeks of its four sessions, done well
        day = start + dt.timedelta(days=d)
        plan = pg.plan_day(day, pg.Profile("ankle", "right"), h, INFOS, lambda *a: 60.0, p)
        if plan.rest_day:
            continue
        atts = h.attempts + tuple(pg.Attempt(day, a.level, a.step, 3) for a in plan.activities)
        h = pg.History(atts, h.sessions + (pg.Session(day, len(plan.activities), len(plan.activities), 4),),
                       h.limits_days + (day,), h.check_days + (day,))
    assert sum(1 for s in h.sessions if s.day < start + dt.timedelta(days=7)) == 4  # its own number a week
    plan = pg.plan_day(start + dt.timedelta(days=14), pg.Profile("ankle", "right"), h, INFOS, lambda *a: 60.0, p)
    hold = next(a for a in plan.activities if a.level == "single-leg-hold")
    assert (hold.step, hold.seconds) == (2, 50.0)  # two good weeks: two steps up, ten seconds longer
    assert any(a.level == "single-leg-hold-eyes-closed" for a in plan.activities)  # from week 2
    assert any("progressed 2 times" in n for n in plan.notes)


def test_a_real_session_is_played_headless_stored_and_counted(db, tmp_path, capsys):
    """The simulated player plays today's whole session (one demo); it is stored like any attempts plus the session,
    and adherence shows in poise progress and the clinical report."""
    assert main(["demo", "--today", "--player", "Ana", "--headless", "--db", db]) == 0
    out = capsys.readouterr().out
    record = json.loads(out)
    assert record["status"] == "complete" and 8 <= record["planned_minutes"] <= 12
    acts = record["activities"]
    assert len(acts) >= 4 and any(a["role"] == "strength" for a in acts)
    assert all({"level", "minutes", "result"} <= set(a) and "score" in a["result"] for a in acts)
    storage = Storage(db)
    pid = storage.player_id("Ana")
    (row,) = storage.programme_sessions(pid)
    assert row["status"] == "complete" and row["id"] == record["session_id"]
    done = json.loads(row["done_json"])
    stored = {r["id"] for r in storage.attempts(pid)}
    assert [d["attempt_id"] for d in done] == [a["result"]["attempt_id"] for a in acts]
    assert all(d["attempt_id"] in stored for d in done)
    assert history(storage, pid).sessions[0].done == len(acts)
    # tomorrow's plan knows: the limits are measured (no set-up), and the weekly check comes first
    tomorrow = plan_for(storage, levels, "Ana", dt.date.today() + dt.timedelta(days=1))
    assert [a.level for a in tomorrow.activities][0] == pg.CHECK and pg.LIMITS not in [a.level for a in tomorrow.activities]
    assert plan_for(storage, levels, "Ana").as_dict() == plan_for(storage, levels, "Ana").as_dict()

    kept = adherence(storage, "Ana")
    assert kept["programme"] == "planned by Poise" and kept["weeks"][0]["done"] == 1
    assert main(["progress", "Ana", "--db", db]) == 0
    assert "Programme adherence (planned by Poise): 1 of 5 planned sessions" in capsys.readouterr().out
    assert main(["progress", "Ana", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out)["adherence"]["done"] == 1
    from poise.game.clinic.clinical_report import gather
    from poise.game.clinic.report_pages import _adherence_safety
    data = gather(storage, "Ana")
    assert data.adherence["done"] == 1

    class Doc:  # collects what the report writes
        def __init__(self):
            self.lines = []

        def heading(self, s, *a, **k):
            self.lines.append(s)

        def text(self, s, *a, **k):
            self.lines.append(s)

        def table(self, header, rows, *a, **k):
            self.lines += [" | ".join(r) for r in rows]

    doc = Doc()
    _adherence_safety(doc, data)
    text = "\n".join(doc.lines)
    assert "daily sessions planned by Poise" in text and "1 / 5" in text and "no programme set" not in text
    assert main(["export", "Ana", "--out", str(tmp_path / "export"), "--db", db]) == 0
    exported = json.loads((tmp_path / "export" / "programme.json").read_text())
    assert exported["prescription"] is None and exported["sessions"][0]["done"] == done


def test_demo_needs_a_level_or_today(db, capsys):
    assert main(["demo", "--headless", "--db", db]) == 2
    assert "give --level ID or --today" in capsys.readouterr().err
    assert main(["demo", "--today", "--level", "squat", "--headless", "--db", db]) == 2


def _app(db_path, player=None):
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock

    clock = VirtualClock()
    return App(open_board("sim://", clock), Storage(db_path), clock=clock, player=player, sound=False, levels=levels)


def test_a_new_player_is_asked_for_height_weight_age_sex_and_goal(tmp_path):
    from poise.game.engine.input import Intent
    from poise.game.scenes.menus import PlayerScene
    from poise.game.scenes.profile import ProfileScene

    app = _app(tmp_path / "n.db")
    chosen = []
    scene = PlayerScene(app.ctx, then=lambda stack: chosen.append(app.ctx.player))
    app.stack.push(scene)
    scene.menu.index = scene.menu.labels.index("+ New player")
    scene.handle(Intent("confirm"))
    for ch in "Bea":
        scene.handle(Intent("text", text=ch))
    scene.handle(Intent("confirm"))
    profile = app.stack.top
    assert isinstance(profile, ProfileScene) and profile.text_mode
    for ch in "158":
        profile.handle(Intent("text", text=ch))
    profile.handle(Intent("confirm"))  # height typed
    profile.handle(Intent("down"))
    profile.handle(Intent("down"))
    profile.handle(Intent("confirm"))  # weight nudged: 70 - 2 x 0.5
    for ch in "1961":
        profile.handle(Intent("text", text=ch))
    app.stack.draw(app.surface, app.display.frame())
    profile.handle(Intent("confirm"))  # year of birth typed
    app.stack.draw(app.surface, app.display.frame())
    profile.handle(Intent("confirm"))  # compared with women
    app.stack.draw(app.surface, app.display.frame())
    profile.handle(Intent("confirm"))  # the first goal: an ankle sprain
    profile.handle(Intent("down"))
    app.stack.draw(app.surface, app.display.frame())
    profile.handle(Intent("confirm"))  # the right ankle
    assert chosen == ["Bea"] and app.stack.top is None
    row = app.ctx.storage.player("Bea")
    assert (row["height_cm"], row["weight_kg"], row["goal"], row["injured_side"], row["birth_year"], row["sex"]) == (
        158.0, 69.0, "recovering from an ankle sprain", "right", 1961, "F")
    assert plan_for(app.ctx.storage, levels, "Bea").goal == "ankle"


def test_today_on_the_title_screen_and_a_session_ended_early(db):
    from poise.game.engine.input import Intent
    from poise.game.scenes.menus import TitleScene
    from poise.game.scenes.play import PlayScene
    from poise.game.scenes.today import TodayScene

    app = _app(db, "Ana")
    title = TitleScene(app.ctx)
    app.stack.push(title)
    choices = list(getattr(title, "TOP", None) or title.menu.labels)
    assert choices[0] == "Today"  # the title's first choice
    assert title.week == {"done": 0, "planned": 5, "streak": 0, "done_today": False, "week": 1}
    app.stack.draw(app.surface, app.display.frame())
    app.stack.push(TodayScene(app.ctx))  # what choosing it does
    today = app.stack.top
    assert isinstance(today, TodayScene) and today.menu.labels == ["Start", "Back"]
    app.stack.draw(app.surface, app.display.frame())
    today.handle(Intent("confirm"))  # start: the first activity's instructions
    assert isinstance(app.stack.top, PlayScene)
    app.stack.top.handle(Intent("back"))  # not now: back out of it
    assert app.stack.top is today and today.stage == "between" and today.done[0]["skipped"]
    assert today.menu.labels[1:] == ["Retry it", "Skip it", "End the session"]  # a stopped one can be retried
    app.stack.draw(app.surface, app.display.frame())
    today.handle(Intent("back"))  # Esc asks first
    assert today.menu.labels == ["End the session", "Carry on"]
    today.handle(Intent("confirm"))
    assert today.stage == "summary" and today.record["status"] == "ended-early"
    app.stack.draw(app.surface, app.display.frame())
    (row,) = app.ctx.storage.programme_sessions(app.ctx.storage.player_id(app.ctx.player))
    assert row["status"] == "ended-early" and json.loads(row["done_json"])[0]["why"] == "stopped"
    today.handle(Intent("confirm"))
    assert app.stack.top is title


def test_after_todays_session_the_today_screen_counts_it_in_the_week():
    """Played a newcomer's day one in a window: back on Today it said "Done today" beside "This week: 0 of 5"."""
    from helpers import sql
    from test_layout import look, make_app

    storage = Storage(":memory:")
    pid = storage.player_id("Mia", create=True)
    day = dt.date.today().isoformat()
    sql(storage, "INSERT INTO programme_sessions (player_id, day, started_at, status, week, stage, sessions_per_week,"
        " planned_minutes, plan_json, done_json) VALUES (?, ?, ?, 'complete', 1, 1, 5, 10, '{}',"
        " '[{\"attempt_id\": 1}]')", (pid, day, day + "T09:00:00"))
    app = make_app((1280, 720), storage, player="Mia")
    app.stack.push("today")
    labels = [i["label"] for i in look(app, "today", [], frames=2).items]
    assert "Done today: again if you like" in labels and "This week: 1 of 5 sessions" in labels, labels


def test_what_changed_today_is_worked_out_beside_the_frames_and_is_the_same(db):
    """The day's summary (some 0.1 s of queries and planning) stalled the last frame of a session; in live play it
    is read on a thread of its own (poise.game.engine.background) while frames go on, and says the same."""
    from helpers import PATIENCE_S

    from poise.game.clinic.today import summary
    from poise.game.engine.input import Intent
    from poise.game.scenes.today import TodayScene

    app = _app(db, "Ana")
    app.ctx.offload = True  # as in live play
    today = TodayScene(app.ctx)
    app.stack.push(today)
    today.handle(Intent("confirm"))  # start, then back out of the first activity and end the session
    app.stack.top.handle(Intent("back"))
    today.handle(Intent("back"))
    today.handle(Intent("confirm"))
    assert today.stage == "summary" and today.summarising is not None  # handed over, not worked out in this frame
    worked_out = today.summarising.result(timeout=PATIENCE_S)
    for _ in range(3):  # the next fixed step takes it in
        app.frame()
    assert today.summarising is None and today.lines == worked_out == today.record["what_changed"]
    at_once = summary(app.ctx.storage, levels, "Ana", today.plan, today.done)
    assert worked_out == at_once and any(line.startswith("Tomorrow") for line in at_once)
