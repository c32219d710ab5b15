"""A corrupt or newer database is refused in one line; `poise db check` verifies it; `poise db recover`
brings attempts rescued to poise-unsaved back into the database, once."""
from __future__ import annotations

import json
import sqlite3

import pytest

from poise.testing import catalogue
from poise.drivers import recording
from poise.game.level import attempt
from poise.game.cli.main import main
from helpers import sql
from poise.game.storage.migrate import HEAD
from poise.game.storage.store import Storage, StorageError
from test_attempt_transaction import FailingConnection, _save, finished_check  # noqa: F401 - the fixture

levels = catalogue()


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv), levels=lambda: levels)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_corrupt_database_is_refused_in_one_line(capsys, tmp_path):
    db = tmp_path / "poise.db"
    db.write_bytes(b"this is not a database at all" * 200)
    for argv in (["players"], ["progress", "Ana"], ["export", "Ana", "--out", str(tmp_path / "x")], ["db", "recover"],
                 ["db", "check"]):
        code, out, err = _run(capsys, *argv, "--db", str(db))
        assert code == 2, argv
        assert "is damaged or not a Poise database" in err and err.count("\n") == 1, err
    with pytest.raises(StorageError, match="damaged"):
        Storage(db)


def test_a_database_from_a_newer_poise_is_refused(capsys, tmp_path):
    db = tmp_path / "poise.db"
    Storage(db).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    for argv in (["players"], ["db", "check"]):
        code, out, err = _run(capsys, *argv, "--db", str(db))
        assert code == 2
        assert "was written by a newer Poise (schema 9999" in err and err.count("\n") == 1


def test_db_check_on_a_good_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(attempt.tempfile, "tempdir", str(tmp_path))
    db = tmp_path / "poise.db"
    Storage(db).close()
    code, out, err = _run(capsys, "db", "check", "--db", str(db))
    assert code == 0 and out == f"database {db}: integrity ok, schema {HEAD} of {HEAD}, 0 attempt(s)\n"
    code, out, err = _run(capsys, "db", "check", "--db", str(tmp_path / "missing.db"))
    assert code == 2 and err == f"poise db: no database at {tmp_path / 'missing.db'}\n"


def test_an_attempt_rescued_at_commit_is_recovered_with_its_recording(finished_check, tmp_path, monkeypatch,  # noqa: F811
                                                                      capsys):
    _save(finished_check, tmp_path / "count.db", None, monkeypatch)
    commit_at = FailingConnection.points  # the last write of a save is its COMMIT
    db = tmp_path / "fail.db"
    result, storage = _save(finished_check, db, commit_at, monkeypatch)
    storage.close()
    monkeypatch.undo()  # a healthy database from here on, but the same rescue folder:
    monkeypatch.setattr(attempt.tempfile, "tempdir", str(tmp_path))
    assert not result["saved"]
    rescued = attempt.rescue_folder() / (result["recovered_to"].rsplit("/", 1)[-1])
    assert rescued.is_file() and rescued.with_suffix(".csv").is_file()

    code, out, err = _run(capsys, "db", "check", "--db", str(db))
    assert code == 0 and "1 rescued attempt(s) wait" in out

    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert code == 0, err
    assert out == "poise db recover: 1 attempt(s) imported, 0 already in the database\n"
    assert not rescued.exists()
    assert (attempt.rescue_folder() / "imported" / rescued.name).is_file()  # moved, never deleted
    assert (attempt.rescue_folder() / "imported" / rescued.with_suffix(".csv").name).is_file()

    storage = Storage(db)
    pid = storage.player_id(result["player"])
    (row,) = storage.attempts(pid)
    assert row["level"] == result["level"] and row["score"] == result["score"] and row["stars"] == result["stars"]
    rec = recording.parse(storage.recording(row["id"]))
    assert len(rec.data) == result["samples"]
    assert json.loads(row["metrics_json"]) == result["metrics"]
    (assessment,) = storage.assessments(pid)  # the weekly check's own record came back too
    assert assessment["attempt_id"] == row["id"] and len(storage.assessment_trials(assessment["id"])) == 2
    storage.close()

    # again: nothing left to import; and a copy put back by hand is not stored twice
    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert out == "poise db recover: 0 attempt(s) imported, 0 already in the database\n"
    for f in (rescued, rescued.with_suffix(".csv")):
        f.write_bytes((attempt.rescue_folder() / "imported" / f.name).read_bytes())
    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert out == "poise db recover: 0 attempt(s) imported, 1 already in the database\n"
    storage = Storage(db)
    assert len(storage.attempts(pid)) == 1
    assert sql(storage, "PRAGMA integrity_check") == [("ok",)]
