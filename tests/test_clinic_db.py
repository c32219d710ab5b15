"""One storage interface on SQLite and on a real PostgreSQL server (tests/pgserver.py): URLs and passwords,
the home database of the current release upgraded in place, stations saving at once, a station cut off,
roles, patients and the clinical record."""
from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import sql
from poise.game.storage import url as db_url
from poise.game.storage.migrate import HEAD
from poise.game.storage.store import Storage, StorageError
from test_attempt_transaction import finished_check  # noqa: F401 - a short balance check, played once per module

LEGACY = ROOT / "tests" / "data" / "legacy-home-v5.sql.gz"
CSV = "# poise-recording: 1\nt,tl,tr,bl,br\n0.000000,1.000,2.000,3.000,4.000\n"
TABLES = ("players", "sessions", "attempts", "recordings", "board_calibrations", "stability_limits", "assessments",
          "assessment_trials", "incidents", "protocols", "programmes", "programme_sessions")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """A new database on each engine: a SQLite file, or a database on the run's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'poise.db'}"
    return request.getfixturevalue("pg_url")


def legacy_home(path: Path) -> Path:
    """A home database exactly as the current release (schema 5, numbered migrations) left it: made by its
    `poise players`, `demo`, `protocol set`, `programme set` and `demo --today`, dumped as SQL."""
    con = sqlite3.connect(path)
    con.executescript(gzip.decompress(LEGACY.read_bytes()).decode("utf-8"))
    con.close()
    return path


def _rows(path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
    finally:
        con.close()


# --- the database URL ------------------------------------------------------------------------------------------
def test_a_path_or_url_names_the_database_and_a_password_is_never_shown():
    assert db_url.parse("home.db").path == Path("home.db") and db_url.parse("home.db").is_sqlite
    assert db_url.parse("sqlite:////var/p/poise.db").path == Path("/var/p/poise.db")
    assert db_url.parse("sqlite:///rel/poise.db").path == Path("rel/poise.db")
    pg = db_url.parse("postgresql://clinic:s3cret@db.local:5433/poise?sslmode=require")
    assert pg.engine == "postgresql" and pg.sqlalchemy_url().startswith("postgresql+psycopg://clinic:s3cret@")
    assert "s3cret" not in pg.shown() and "clinic:***@db.local:5433/poise?sslmode=require" in pg.shown()
    assert "s3cret" not in db_url.mask("postgresql://u@h/db?password=s3cret&sslmode=require")
    for bad, says in (("mysql://u:s3cret@h/db", "not mysql://"), ("postgresql://u:s3cret@h/", "name the database"),
                      ("sqlite://relative.db", "sqlite:///relative.db"), ("  ", "empty")):
        with pytest.raises(db_url.DatabaseURLError, match=says) as err:
            db_url.parse(bad)
        assert "s3cret" not in str(err.value)


def test_the_cli_refuses_a_bad_url_in_one_line_without_its_password(capsys):
    from poise.__main__ import main

    assert main(["players", "--db", "mysql://u:s3cret@h/db"]) == 2
    err = capsys.readouterr().err
    assert "not mysql://" in err and "s3cret" not in err and err.count("\n") == 1


def test_poise_help_loads_no_database_library():
    code = ("import sys; from poise.game.cli.main import build_parser; build_parser().format_help();"
            "from poise.game.storage import store, url;"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.strip() == "[]"


# --- the same storage on both engines ----------------------------------------------------------------------------
def test_storage_behaves_the_same_on_both_engines(database):
    s = Storage(database, station="station-2")
    assert s.revision() == HEAD
    ann = s.add_player("Ann Lee", patient_id="P-0001")
    assert s.player_id("ann  lee") == ann and s.player_by_patient_id("P-0001")["name"] == "Ann Lee"
    with pytest.raises(StorageError, match="already exists"):
        s.add_player("ANN LEE")
    with pytest.raises(StorageError, match="already another player's"):
        s.add_player("Bo", patient_id="P-0001")
    bo = s.add_player("Bo")
    with pytest.raises(StorageError, match="already Ann Lee's"):
        s.set_patient_id(bo, "P-0001")
    assert [p["name"] for p in s.players()] == ["Ann Lee", "Bo"]
    session = s.start_session(ann, "sim://", "sim-7", "0.1.0")
    first = s.save_attempt(session, ann, "slalom", "2026-01-01T09:00:00+00:00", 30.0, 500, 1, {}, {}, CSV, 1, step=0)
    s.save_attempt(session, ann, "slalom", "2026-01-02T09:00:00+00:00", 30.0, 400, 2, {}, {}, CSV, 1, step=1)
    s.save_attempt(session, ann, "slalom", "2026-01-03T09:00:00+00:00", 30.0, 300, 1, {}, {}, CSV, 1, step=1)
    assert s.best_score(ann, "slalom", step=1) == 400 and s.best_score(ann, "slalom", step=0) == 500
    assert s.level_history(ann, "slalom") == [(0, 1), (1, 2), (1, 1)]
    assert dict(s.level_bests(ann)["slalom"]) == {"level": "slalom", "plays": 3, "stars": 2, "best": 500}
    (row, *_) = s.attempts(ann)
    assert row["station"] == "station-2" and row["board_identity"] == "sim-7" and row["uid"]
    assert s.recording(first) == CSV
    s.set_protocol(ann, "p.toml", "conditions = []", {"trials": 2}, clinician="Dr Kaur")
    s.set_protocol(ann, "p.toml", "conditions = ['eyes-open']", {"trials": 3}, clinician="Dr Osei")
    s.add_note(ann, "Dr Osei", "ankle swollen today: shorter session")
    assert s.protocol(ann)["clinician"] == "Dr Osei" and json.loads(s.protocol(ann)["protocol_json"]) == {"trials": 3}
    assert s.clear_protocol(ann, clinician="Dr Kaur") and s.protocol(ann) is None
    record = [(r["clinician"], r["kind"], r["action"], r["station"]) for r in s.clinical_record(ann)]
    assert record == [("Dr Kaur", "protocol", "set", "station-2"), ("Dr Osei", "protocol", "set", "station-2"),
                      ("Dr Osei", "note", "add", "station-2"), ("Dr Kaur", "protocol", "clear", "station-2")]
    with pytest.raises(Exception, match="never changed"):  # the record cannot be edited, even below the interface
        sql(s, "UPDATE clinical_log SET text = 'nothing happened'")
    s.remove_player("Ann Lee")
    assert s.count("attempts") == s.count("recordings") == s.count("clinical_log") == 0
    s.close()


def test_a_new_database_file_is_private(tmp_path):
    Storage(tmp_path / "new" / "poise.db").close()
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "new" / "poise.db").stat().st_mode & 0o777 == 0o600


def test_the_progress_queries_do_not_grow_with_the_history(tmp_path):
    """The progress query reads a player's history in a fixed number of statements, whatever its length
    (timings are for `make bench`): a year of weekly checks costs as many queries as a month."""
    import sqlalchemy as sa

    from bench.history import synthetic
    from poise.game.clinic.progress import progress
    from poise.game.clinic.today import history

    counts = []
    for days in (30, 365):
        s = Storage(tmp_path / f"h{days}.db")
        synthetic(s, players=1, days=days)
        statements = []
        sa.event.listen(s.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        progress(s, "Player 1")
        history(s, 1)
        counts.append(len(statements))
        s.close()
    assert counts[0] == counts[1], counts


# --- the home database of the current release ---------------------------------------------------------------------
def test_a_home_database_of_the_current_release_upgrades_in_place_with_nothing_lost(tmp_path):
    db = legacy_home(tmp_path / "home.db")
    before = {t: _rows(db, t) for t in TABLES}
    assert len(before["attempts"]) >= 5 and before["recordings"] and before["protocols"] and before["programmes"]
    steps = {r[0]: json.loads(r[8]).get("details", {}).get("step", 0) for r in before["attempts"]}
    assert 1 in steps.values()  # the release kept the step inside the result's JSON

    s = Storage(db)
    assert s.revision() == HEAD
    after = {t: _rows(db, t) for t in TABLES}
    for table in TABLES:  # every row kept, every old column unchanged; new columns only added at the end
        assert len(after[table]) == len(before[table]), table
        assert [r[:len(before[table][0])] for r in after[table]] == before[table], table
    attempts = {r["id"]: r for r in s.rows("attempts")}
    assert {i: a["step"] for i, a in attempts.items()} == steps
    assert len({a["uid"] for a in attempts.values()}) == len(attempts)
    assert all(a["board_identity"] == "sim-1" for a in attempts.values())
    assert all(s.recording(i).startswith("# poise-recording: 1") for i in attempts)
    ann = s.player_id("Ann Lee")
    assert [(r["kind"], r["action"]) for r in s.clinical_record(ann)] == [("protocol", "set"), ("programme", "set")]
    assert [r[0] for r in _rows(db, "schema_migrations")] == [1, 2, 3, 4, 5]  # the old record is kept as it was
    s.close()
    Storage(db).close()  # opened again: nothing more to do


def test_an_upgrade_that_fails_leaves_the_home_database_as_it_was(tmp_path):
    db = legacy_home(tmp_path / "home.db")
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE clinical_log (x)")  # in the way of the last migration, half-way through it
    con.commit()
    con.close()
    before = {t: _rows(db, t) for t in TABLES}
    with pytest.raises(StorageError, match="clinical_log"):
        Storage(db)
    con = sqlite3.connect(db)
    columns = [r[1] for r in con.execute("PRAGMA table_info(attempts)")]
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    con.close()
    assert "step" not in columns and "alembic_version" not in tables  # one transaction: none of it happened
    assert {t: _rows(db, t) for t in TABLES} == before


# --- many stations at once ---------------------------------------------------------------------------------------------
STATION = """
import sys
sys.path[:0] = [{root!r}]
from poise.game.storage.store import Storage
s = Storage({url!r}, station=sys.argv[1])
for n in range({n}):
    encoded = s.encode_recording({csv!r})  # as the game does: the samples encoded before the transaction
    with s.atomic():  # as a finished attempt is saved: player (added by whoever comes first), session, attempt
        pid = s.player_id("Ann", create=True)
        session = s.start_session(pid, "sim://", "board-" + sys.argv[1], "test")
        s.save_attempt(session, pid, "slalom", f"2026-01-01T09:00:{{n:02d}}+00:00", 1.0, 100 + n, 1, {{}}, {{}},
                       {csv!r}, 1, encoded=encoded)
print("done")
"""


def test_stations_saving_at_once_lose_nothing_and_add_the_player_once(database):
    """Four stations open a new database at the same moment (one migrates, the others wait), each adds the
    same new player and saves attempts as fast as it can."""
    n, stations = 8, 4
    script = STATION.format(root=str(ROOT), url=database, n=n, csv=CSV)
    procs = [subprocess.Popen([sys.executable, "-c", script, f"station-{k}"], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for k in range(stations)]
    for p in procs:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0 and out.strip() == "done", err[-2000:]
    s = Storage(database)
    (player,) = s.players()
    rows = s.attempts(player["id"])
    assert len(rows) == n * stations and s.count("recordings") == n * stations
    assert {r["station"] for r in rows} == {f"station-{k}" for k in range(stations)}
    assert {(r["station"], r["board_identity"]) for r in rows} == {(f"station-{k}", f"board-station-{k}")
                                                                   for k in range(stations)}
    s.close()


def test_a_station_cut_off_keeps_the_attempt_and_recover_sends_it_exactly_once(finished_check, pg_server,  # noqa: F811
                                                                               pg_url, tmp_path, monkeypatch, capsys):
    import dataclasses

    import pgserver
    from poise.testing import catalogue
    from poise.__main__ import main
    from poise.game.level import attempt
    levels = catalogue()

    ctx, level, samples, started_at = finished_check
    proxy = pgserver.Proxy(pg_server.port)
    url = proxy.url(pg_server, pg_url)
    station = Storage(url, station="station-3")
    station.player_id("P", create=True)
    proxy.cut()  # the network goes down while the player plays
    result = attempt.finish_attempt(dataclasses.replace(ctx, storage=station, session_id=None, results=[]),
                                    level, samples, started_at)
    assert not result["saved"] and "cannot be reached" in result["save_error"]
    assert pg_server.password not in result["save_error"] and pg_server.password not in json.dumps(result)
    rescued = Path(result["recovered_to"])
    assert rescued.is_file() and pg_server.password not in rescued.read_text()
    uid = json.loads(rescued.read_text())["uid"]
    proxy.restore()
    assert Storage(pg_url).count("attempts") == 0

    assert main(["db", "recover", "--db", url], levels=lambda: levels) == 0
    out, err = capsys.readouterr()
    assert out == "poise db recover: 1 attempt imported, 0 already in the database\n"
    for f in (rescued, rescued.with_suffix(".csv")):  # sent again, by hand or by another station
        f.write_bytes((attempt.rescue_folder() / "imported" / f.name).read_bytes())
    assert main(["db", "recover", "--db", url], levels=lambda: levels) == 0
    assert capsys.readouterr().out == "poise db recover: 0 attempts imported, 1 already in the database\n"
    s = Storage(pg_url)
    (row,) = s.attempts(s.player_id("P"))
    assert row["uid"] == uid and row["score"] == result["score"]
    (check,) = s.assessments(s.player_id("P"))  # the weekly check's own record came with it
    assert check["attempt_id"] == row["id"]
    proxy.cut()



# --- roles ---------------------------------------------------------------------------------------------------------------
def test_db_init_sets_up_a_station_role_that_adds_but_never_deletes_or_rewrites(pg_server, pg_url, capsys):
    import psycopg

    from poise.__main__ import main

    assert main(["db", "init", pg_url]) == 0
    out, err = capsys.readouterr()
    assert "is at schema " + HEAD in out and "poise_station" in out and pg_server.password not in out + err
    assert main(["db", "init", pg_url]) == 0  # again (after an upgrade): nothing lost, nothing fails
    capsys.readouterr()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'station1') THEN "
                     "CREATE ROLE station1 LOGIN PASSWORD 'st-pass' IN ROLE poise_station; END IF; END $$")
    station_url = pg_url.replace(f"poise:{pg_server.password}@", "station1:st-pass@")
    station = Storage(station_url, station="station-1")
    pid = station.player_id("Ann", create=True)
    station.set_profile(pid, goal="walk the dog")
    session = station.start_session(pid, "sim://", "sim-1", "test")
    attempt = station.save_attempt(session, pid, "slalom", "2026-01-01T09:00:00+00:00", 1.0, 10, 0, {}, {}, CSV, 1)
    station.set_protocol(pid, "p.toml", "text", {}, clinician="Dr Kaur")
    station.set_protocol(pid, "p.toml", "text 2", {}, clinician="Dr Kaur")  # the setting in force may change
    station.add_note(pid, "Dr Kaur", "first visit")
    with pytest.raises(StorageError, match="permission denied.*may not do that") as denied:
        station.remove_player("Ann")
    assert "st-pass" not in str(denied.value) and str(denied.value).count("\n") == 0
    for statement in ("DELETE FROM attempts", "UPDATE attempts SET score = 1000", "DELETE FROM clinical_log",
                      "UPDATE recordings SET samples = 0", "DELETE FROM assessments", "TRUNCATE attempts",
                      "UPDATE players SET created_at = 'x'", "DROP TABLE incidents"):
        with pytest.raises(Exception, match="permission denied|must be owner"):
            sql(station, statement)
    admin = Storage(pg_url)
    assert admin.count("attempts") == 1 and admin.recording(attempt) == CSV
    assert len(admin.clinical_record(pid)) == 3
    admin.remove_player("Ann")  # the administrator may
    assert admin.count("attempts") == 0
    station.close()
    admin.close()


def test_db_init_refuses_a_sqlite_file(tmp_path, capsys):
    from poise.__main__ import main

    assert main(["db", "init", str(tmp_path / "home.db")]) == 1
    assert "needs no set-up" in capsys.readouterr().err


# --- copies between databases ----------------------------------------------------------------------------------------------
def test_db_copy_brings_a_home_history_in_lists_conflicts_and_takes_a_patient_back_out(database, tmp_path, capsys):
    from poise.__main__ import main

    home = legacy_home(tmp_path / "home.db")  # the current release's file: upgraded as it is opened
    s = Storage(home)
    s.set_patient_id(s.player_id("Ann Lee"), "P-7")
    s.add_player("Cara", patient_id="C-1")
    s.close()
    clinic = Storage(database)
    clinic.add_player("ann lee")  # the same person, entered at the clinic without an id
    clinic.add_player("Cara", patient_id="C-2")  # another Cara
    clinic.close()

    assert main(["db", "copy", str(home), database, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "(dry run: nothing changed)" in out
    assert "  match Ann Lee [patient P-7]: same name (patient id added there); 5 attempt(s), 1 check(s)" in out
    assert "  new Bob: not there yet; 1 attempt(s)" in out
    assert "  CONFLICT Cara [patient C-1]: named like Cara there, whose patient id is C-2; not copied" in out
    assert "2 player(s) would be copied, 1 conflict(s)" in out
    assert "s3cret" not in out and (":***@" in out or "postgresql" not in out)
    assert Storage(database).count("attempts") == 0

    assert main(["db", "copy", str(home), database]) == 0
    capsys.readouterr()
    clinic = Storage(database)
    ann = clinic.player_by_patient_id("P-7")
    assert ann["name"] == "ann lee" and ann["birth_year"] == 1960 and ann["goal"] == "walk the dog"
    source = Storage(home)
    home_ann = source.player_id("Ann Lee")
    assert sorted(a["uid"] for a in clinic.attempts(ann["id"])) == sorted(a["uid"] for a in source.attempts(home_ann))
    for a in clinic.attempts(ann["id"]):
        assert clinic.recording(a["id"]) == source.recording(source.attempt_by_uid(a["uid"])["id"])
    assert len(clinic.assessment_trial_rows(ann["id"])) == len(source.assessment_trial_rows(home_ann)) > 0
    assert len(clinic.incidents(ann["id"])) == 1 and clinic.protocol(ann["id"]) and clinic.programme(ann["id"])
    assert clinic.player_by_patient_id("C-2")["name"] == "Cara" and len(clinic.players()) == 3
    assert main(["db", "copy", str(home), database]) == 0  # again: everything is already there
    again = capsys.readouterr().out
    assert "nothing new; 5 attempt(s) already there" in again and "nothing new; 1 attempt(s) already there" in again
    assert clinic.count("attempts") == 6

    out_file = tmp_path / "leaving.db"  # one patient back out, into a file of their own
    assert main(["db", "copy", database, str(out_file), "--player", "Ann Lee"]) == 0
    capsys.readouterr()
    mine = Storage(out_file)
    (only,) = mine.players()
    assert only["patient_id"] == "P-7" and mine.count("attempts") == 5 and len(mine.attempts(only["id"])) == 5
    assert len(mine.clinical_record(only["id"])) == 2 and mine.calibration("sim-1") is not None



def test_a_station_that_may_not_migrate_asks_an_administrator_in_one_line(pg_server, pg_url):
    import psycopg

    from poise.game.storage.roles import init

    init(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'station9') THEN "
                     "CREATE ROLE station9 LOGIN PASSWORD 'st9-pass' IN ROLE poise_station; END IF; END $$")
        conn.execute("ALTER TABLE attempts DROP COLUMN uid")  # as if the database were one schema behind
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    with pytest.raises(StorageError) as refused:
        Storage(pg_url.replace(f"poise:{pg_server.password}@", "station9:st9-pass@"))
    message = str(refused.value)
    assert "is at schema 0005 and this Poise needs " + HEAD in message and "poise db init" in message
    assert "st9-pass" not in message and pg_server.password not in message and "\n" not in message
