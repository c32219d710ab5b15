"""Progress over weeks: honest verdicts, reports, export, and a database that survives being killed."""
import datetime as dt
import json
import math
import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pygame
import pytest

from conftest import ROOT
from helpers import PATIENCE_S, copy_database, shared_database, sql

sys.path.insert(0, str(ROOT))
from bench.history import simulate_weeks  # noqa: E402
from poise.testing import catalogue
from poise.__main__ import main  # noqa: E402
from poise.game.clinic.progress import progress  # noqa: E402
from poise.game.storage.store import Storage  # noqa: E402

levels = catalogue()

pytestmark = pytest.mark.slow  # generates histories

RISING = [0.35, 0.4, 0.5, 0.55, 0.65, 0.7, 0.8, 0.85]


@pytest.fixture(scope="module")
def improving(tmp_path_factory):
    return shared_database(tmp_path_factory, "progress-up", lambda s: simulate_weeks(s, "Up", RISING, seed=1),
                           tmp_path_factory.mktemp("up") / "up.db")


@pytest.fixture(scope="module")
def flat(tmp_path_factory):
    return shared_database(tmp_path_factory, "progress-flat", lambda s: simulate_weeks(s, "Flat", [0.6] * 8, seed=2),
                           tmp_path_factory.mktemp("flat") / "flat.db")


def test_a_real_improvement_is_called(improving):
    p = progress(Storage(improving), "Up")
    assert {v.condition for v in p.verdicts} == {"eyes-open", "eyes-closed", "left-leg", "right-leg"}
    for v in p.verdicts:
        assert v.verdict == "improved" and v.change_pct < -v.mdc_pct
    assert len({pt.week for pt in p.points}) == 8
    assert p.sd_source.startswith("own")


def test_no_real_change_is_not_called_an_improvement(flat):
    p = progress(Storage(flat), "Flat")
    assert all(v.verdict == "no clear change yet" for v in p.verdicts), [(v.condition, v.change_pct) for v in p.verdicts]


def test_bands_contain_the_weekly_means_and_narrow_with_more_trials(improving):
    p = progress(Storage(improving), "Up")
    for pt in p.points:
        assert pt.low < pt.velocity < pt.high


def test_poor_quality_checks_are_marked_and_left_out(improving, tmp_path):
    db = tmp_path / "q.db"
    copy_database(improving, db)
    storage = Storage(db)
    sql(storage, "UPDATE assessments SET quality_json = ? WHERE id = (SELECT MAX(id) FROM assessments)",
        (json.dumps({"calibrated": False, "rate_hz": 60, "samples": 10000, "lost_samples": 0}),))
    p = progress(storage, "Up")
    assert len(p.excluded) == 1 and p.excluded[0]["reason"] == "board not calibrated"
    assert len({pt.week for pt in p.points}) == 7


GOOD_RECORD = {"calibrated": True, "rate_hz": 98.0, "nominal_rate_hz": 100.0, "samples": 10000, "lost_samples": 3,
               "dropped_frames": 2, "corrupt_frames": 1, "spikes": 4, "invalid_samples": 5, "rate_low": False}


@pytest.mark.parametrize("change, why", [
    ({}, ""),
    ({"spikes": None, "invalid_samples": None, "dropped_frames": None, "rate_low": None}, ""),  # older records
    ({"calibrated": False}, "board not calibrated"),
    ({"rate_hz": 25.0}, "only 25 samples/s"),
    ({"rate_hz": 70.0, "rate_low": True}, "board sent only 70 of its 100 samples/s"),
    ({"lost_samples": 201}, "many lost samples"),
    ({"dropped_frames": 201}, "many dropped samples"),
    ({"corrupt_frames": 201}, "noisy link (many corrupt frames)"),
    ({"spikes": 201}, "a load cell spiking (many spikes)"),
    ({"invalid_samples": 201}, "a faulty load cell (many unusable corner readings)"),
    ({"invalid_samples": 200}, ""),  # 2 % exactly is still good
])
def test_measurement_quality_rules_name_what_went_wrong(change, why):
    from poise.game.clinic.progress import good_quality

    record = {k: v for k, v in {**GOOD_RECORD, **change}.items() if v is not None}
    assert good_quality(record) == (why == "", why)


def test_the_thresholds_shown_are_the_ones_the_verdict_uses():
    """The change is judged on a log scale: with +31 % for a rise, a fall counts beyond -24 %, so -29 % is an
    improvement (the table showed '-29 % (real only beyond ±31 %)' beside 'improved')."""
    from poise.game.clinic.progress import Verdict

    v = Verdict("eyes-open", 10.0, 7.1, -29.0, 31.0, "improved")
    assert v.thresholds == "-24 % / +31 %"
    mdc = math.log(1.31)
    assert math.log(1 - 0.29) < -mdc < math.log(1 - 0.23)  # -29 % is past the fall threshold, -23 % is not


def test_an_attempt_counts_only_its_own_lost_samples_and_spikes():
    """Boards count from when they were opened: a weekly check at the end of a long session must not be
    judged by the spikes of the activities before it."""
    from poise.drivers.base import BoardStatus
    from poise.game.level.attempt import counted_since

    start = BoardStatus(connected=True, lost_samples=40, spikes=300)
    assert counted_since(BoardStatus(lost_samples=43, spikes=302), start, "spikes") == 2
    assert counted_since(BoardStatus(lost_samples=43, spikes=302), start, "lost_samples") == 3
    assert counted_since(BoardStatus(spikes=5), start, "spikes") == 5  # reset by a reconnect: all of it is new
    assert counted_since(BoardStatus(spikes=5), None, "spikes") == 5


def test_progress_command_table_json_csv_and_png(improving, tmp_path, capsys):
    png, csv_path = tmp_path / "report.png", tmp_path / "series.csv"
    assert main(["progress", "Up", "--db", str(improving), "--png", str(png), "--csv", str(csv_path)]) == 0
    out = capsys.readouterr().out
    assert "Left leg" in out and "improved" in out and "5 Jan 2026" in out  # the weeks' Mondays
    assert not re.search(r"\d{4}-W\d\d", out)  # not ISO week codes, which people do not read
    assert png.stat().st_size > 50_000 and pygame.image.load(str(png)).get_size()[1] > 1000
    rows = csv_path.read_text().splitlines()
    assert rows[0].startswith("week,week_start,condition,trials,velocity_mm_s") and len(rows) == 1 + 8 * 4
    assert rows[1].startswith("2026-W02,2026-01-05,")
    assert main(["progress", "Up", "--db", str(improving), "--json", "--weeks", "4"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len({w["week"] for w in data["weeks"]}) == 4 and data["verdicts"]
    assert all(dt.date.fromisoformat(w["week_start"]).weekday() == 0 for w in data["weeks"])  # as in the CSV


def test_unknown_player_is_one_line(improving, capsys):
    assert main(["progress", "Nobody", "--db", str(improving)]) != 0
    assert "no player called 'Nobody'" in capsys.readouterr().err


def test_in_game_progress_screen_shows_the_same_trend(improving, tmp_path):
    from poise.drivers import open_board
    from poise.game.engine.app import App
    from poise.game.engine.loop import VirtualClock
    from poise.game.scenes.progress_view import ProgressScene

    clock = VirtualClock()
    app = App(open_board("sim://", clock), Storage(improving), clock=clock, player="Up", sound=False, levels=levels)
    scene = ProgressScene(app.ctx, today=dt.date(2026, 3, 5))
    app.stack.push(scene)
    app.frame()
    shot = tmp_path / "progress.png"
    pygame.image.save(app.surface, str(shot))
    assert [v.verdict for v in scene.data.verdicts] == ["improved"] * 4
    assert [round(p.velocity, 6) for p in scene.data.points] == \
        [round(p.velocity, 6) for p in progress(Storage(improving), "Up").points]
    assert shot.stat().st_size > 20_000


def test_export_writes_everything_with_a_readme(improving, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", "Up", "--out", str(out), "--db", str(improving)]) == 0
    assessments = json.loads((out / "assessments.json").read_text())
    ((first,),) = sql(Storage(improving),
                      "SELECT COUNT(*) FROM assessment_trials WHERE assessment_id = (SELECT MIN(id) FROM assessments)")
    assert first >= 12  # 4 conditions x 3 trials, and one more for each invalid trial (the simulated player may step off)
    assert len(assessments) == 8 and len(assessments[0]["trials"]) == first
    recordings = list((out / "recordings").glob("*.csv"))
    assert len(recordings) == 8 and recordings[0].read_text().startswith("# poise-recording: 1")
    assert "recording format" in (out / "README.md").read_text()
    assert (out / "attempts.csv").read_text().count("\n") == 9
    attempt = json.loads(sorted((out / "attempts").glob("*.json"))[0].read_text())
    valid = attempt["messages"][0][1]  # the keys and values as stored, and in words as the results screen showed them
    assert attempt["messages"][0][0] == "check.valid_trials"
    assert attempt["shown"][0] == ["Valid trials", f"{valid['valid']} / {valid['trials']}"]
    notes = [t["note"] for a in assessments for t in a["trials"] if not t["valid"]]
    assert all(note and not note.startswith("[") and " at " in note for note in notes), notes  # notes in words
    capsys.readouterr()
    assert main(["analyze", str(recordings[0]), "--json"]) == 0  # the exported data is usable as it is
    assert json.loads(capsys.readouterr().out)["velocity_mm_s"] > 0


SESSION = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from poise.game.storage.store import Storage
from helpers import play_level
storage = Storage({db!r})
for n in range(1000):  # a long session: one short level after another, each saved as it ends
    app = play_level(("slalom", "tracking", "heel-raises")[n % 3], f"sim://?seed={{n}}", seconds=2.0, storage=storage,
                     player="K")
    print(app.ctx.results[-1]["attempt_id"], flush=True)
"""


def next_report(reported: queue.Queue) -> int:
    try:
        return int(reported.get(timeout=PATIENCE_S * 2))
    except queue.Empty:
        raise AssertionError(f"the session reported no finished attempt in {PATIENCE_S * 2:g} s") from None


def test_killing_the_game_never_corrupts_the_database_or_loses_a_finished_attempt(tmp_path):
    db = tmp_path / "kill.db"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    script = SESSION.format(root=str(ROOT), tests=str(ROOT / "tests"), db=str(db))
    finished = []
    rng = random.Random(3)
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        reported: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=lambda: [reported.put(line) for line in proc.stdout], daemon=True)
        reader.start()
        try:
            # The session is under way once it reports an attempt; the next report times one attempt on this
            # machine, however busy, and the kill lands at a random point of the one after: playing, saving or
            # starting the next level.
            finished.append(next_report(reported))
            started = time.monotonic()
            finished.append(next_report(reported))
            time.sleep(rng.uniform(0.0, time.monotonic() - started))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            reader.join()
        assert proc.returncode == -signal.SIGKILL  # it was still running: killed mid-session
        while not reported.empty():
            finished.append(int(reported.get()))
    assert len(set(finished)) == len(finished)
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in con.execute("SELECT id FROM attempts")}
    assert set(finished) <= stored  # every attempt the game reported as finished is there
    for (attempt,) in con.execute("SELECT id FROM attempts"):
        assert con.execute("SELECT COUNT(*) FROM recordings WHERE attempt_id = ?", (attempt,)).fetchone()[0] == 1
    assert Storage(db).players()  # and the game can open it again


def test_history_counts_days_streaks_dose_and_bests(tmp_path):
    from helpers import play_level

    storage = Storage(tmp_path / "h.db")
    for level in ("weight-shift-reach", "single-leg-hold", "weight-shift-reach"):
        play_level(level, "sim://?seed=1&skill=0.9", seconds=12.0, storage=storage, player="H")
    pid = storage.player_id("H")
    days = ["2026-03-01", "2026-03-02", "2026-03-04"]
    for attempt, day in zip([a["id"] for a in storage.attempts(pid)], days):
        storage.redate(attempt, f"{day}T10:00:00+00:00")
    h = progress(storage, "H", today=dt.date(2026, 3, 5)).history
    assert h.days == days and h.longest_streak == 2 and h.current_streak == 1
    assert h.one_leg_s["left"] == pytest.approx(6.0, abs=0.05) and h.one_leg_s["right"] == pytest.approx(6.0, abs=0.05)
    assert sum(h.shifts_by_direction.values()) >= 4 and "forward" in h.shifts_by_direction
    assert set(h.bests) == {"weight-shift-reach", "single-leg-hold"} and h.total_minutes > 0.5
