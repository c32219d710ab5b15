"""One rule for dates: the player's local calendar, in progress, the clinical report, CSV and JSON, and the
daily programme; stored times stay UTC. A weekly check on Monday 08:30 in Tokyo (Sunday 23:30 UTC) is in
that Monday's week everywhere."""
from __future__ import annotations

import datetime as dt
import json
import sys
import time

import pytest

from conftest import ROOT
from poise.game.cli.main import main
from poise.game.clinic.calendar import iso_week, local_day
from poise.game.clinic.clinical_report import gather
from poise.game.clinic.progress import progress
from poise.game.clinic.today import history
from poise.game.storage.store import Storage

sys.path.insert(0, str(ROOT))
from bench.history import simulate_weeks  # noqa: E402

pytestmark = pytest.mark.slow

MONDAY_0830_TOKYO = dt.datetime(2026, 1, 4, 23, 30, tzinfo=dt.timezone.utc)  # Mon 5 Jan 2026 08:30 JST


@pytest.fixture
def tokyo(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_stored_time_is_read_in_the_local_calendar(tokyo):
    stamp = MONDAY_0830_TOKYO.isoformat()
    assert local_day(stamp) == dt.date(2026, 1, 5) and iso_week(stamp) == "2026-W02"


def test_a_monday_morning_check_in_tokyo_is_in_its_own_week_everywhere(tokyo, tmp_path, capsys):
    db = tmp_path / "tokyo.db"
    storage = Storage(db)
    simulate_weeks(storage, "Aiko", [0.5, 0.6], seed=4, trial_s=5.0, start=MONDAY_0830_TOKYO)
    (first, second) = storage.assessments(storage.player_id("Aiko"))
    assert first["created_at"] == "2026-01-04T23:30:00+00:00"  # stored in UTC, as ever

    p = progress(storage, "Aiko")
    assert sorted({pt.week for pt in p.points}) == ["2026-W02", "2026-W03"]
    assert main(["progress", "Aiko", "--json", "--csv", str(tmp_path / "p.csv"), "--db", str(db)]) == 0
    weeks = json.loads(capsys.readouterr().out)["weeks"]
    assert {w["week_start"] for w in weeks} == {"2026-01-05", "2026-01-12"}
    assert "2026-W02,2026-01-05," in (tmp_path / "p.csv").read_text()

    # the report's range is in local days: --from the Monday keeps that Monday's check
    data = gather(storage, "Aiko", since=dt.date(2026, 1, 5), until=dt.date(2026, 1, 5))
    assert [c.date for c in data.checks] == [dt.date(2026, 1, 5)]
    assert [pt.week for pt in data.progress.points if pt.condition == "eyes-open"] == ["2026-W02"]

    # and the daily programme counts the check on that Monday too
    assert dt.date(2026, 1, 5) in history(storage, storage.player_id("Aiko")).check_days
