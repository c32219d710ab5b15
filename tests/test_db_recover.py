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
from test_attempt_transaction import REAL_CONNECT, FailingConnection, _save, finished_check  # noqa: F401 - the fixture

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
        assert code == 1, argv
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
        assert code == 1
        assert "was written by a newer Poise (schema 9999" in err and err.count("\n") == 1


def test_db_check_on_a_good_database(capsys, tmp_path, monkeypatch):
    db = tmp_path / "poise.db"
    Storage(db).close()
    code, out, err = _run(capsys, "db", "check", "--db", str(db))
    assert code == 0 and out == f"database {db}: integrity ok, schema {HEAD} of {HEAD}, 0 attempts\n"
    code, out, err = _run(capsys, "db", "check", "--db", str(tmp_path / "missing.db"))
    assert code == 1 and err == f"poise db: no database at {tmp_path / 'missing.db'}\n"


def test_an_attempt_rescued_at_commit_is_recovered_with_its_recording(finished_check, tmp_path, monkeypatch,  # noqa: F811
                                                                      capsys):
    _save(finished_check, tmp_path / "count.db", None, monkeypatch)
    commit_at = FailingConnection.points  # the last write of a save is its COMMIT
    db = tmp_path / "fail.db"
    result, storage = _save(finished_check, db, commit_at, monkeypatch)
    storage.close()
    monkeypatch.setattr(sqlite3.dbapi2, "connect", REAL_CONNECT)  # a healthy database from here on, same rescue folder:
    assert not result["saved"]
    rescued = attempt.rescue_folder() / (result["recovered_to"].rsplit("/", 1)[-1])
    assert rescued.is_file() and rescued.with_suffix(".csv").is_file()

    code, out, err = _run(capsys, "db", "check", "--db", str(db))
    assert code == 0 and "1 rescued attempt waits" in out

    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert code == 0, err
    assert out == "poise db recover: 1 attempt imported, 0 already in the database\n"
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
    assert out == "poise db recover: 0 attempts imported, 0 already in the database\n"
    for f in (rescued, rescued.with_suffix(".csv")):
        f.write_bytes((attempt.rescue_folder() / "imported" / f.name).read_bytes())
    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert out == "poise db recover: 0 attempts imported, 1 already in the database\n"
    storage = Storage(db)
    assert len(storage.attempts(pid)) == 1
    assert sql(storage, "PRAGMA integrity_check") == [("ok",)]


def test_a_check_rescued_by_an_earlier_poise_comes_back_with_its_trials_and_their_english_notes(tmp_path, monkeypatch,
                                                                                                capsys):
    """Rescued before results were data: English summary rows, trial notes in words, no records. Its trials are in
    its details, and they are stored as its assessment; the words are kept as they were."""
    from helpers import collect
    from poise.game.storage import rescue

    folder = rescue.legacy_folder()  # where an earlier Poise rescued it: the shared <tempdir>/poise-unsaved
    folder.mkdir()
    board, samples = collect("sim://?seed=3", 8.0)
    meta = {"board": "sim://", "board-identity": board.info.identity, "geometry": "433x238 mm", "player": "Old"}
    (folder / "balance-check-old.csv").write_text(recording.to_text(recording.sample_rows(samples, False), meta,
                                                                    recording.sample_columns(False)))
    trials = [{"condition": "eyes-open", "trial": 1, "valid": True, "note": "", "start": 1.0, "end": 7.0,
               "label": "eyes-open 1"},
              {"condition": "eyes-open", "trial": 2, "valid": False, "note": "touch-down at 2.5 s", "start": 7.0,
               "end": 7.5, "label": "eyes-open 2"}]
    old = {"level": "balance-check", "player": "Old", "score": 500, "stars": 1, "board": "sim://",
           "started_at": "2026-01-05T10:00:00+00:00", "duration_s": 8.0, "samples": len(samples),
           "summary": [["Valid trials", "1 / 2"], ["eyes-open 2", "touch-down at 2.5 s"]], "metrics": {},
           "details": {"trials": trials, "valid_trials": 1, "protocol": "eyes-open", "trial_s": 6.0, "step": 0}}
    (folder / "balance-check-old.json").write_text(json.dumps(old))
    db = tmp_path / "old.db"
    code, out, err = _run(capsys, "db", "recover", "--db", str(db))
    assert code == 0 and out == "poise db recover: 1 attempt imported, 0 already in the database\n", err
    storage = Storage(db)
    pid = storage.player_id("Old")
    (row,) = storage.attempts(pid)
    assert json.loads(row["result_json"])["summary"][1] == ["eyes-open 2", "touch-down at 2.5 s"]
    (a,) = storage.assessments(pid)
    assert a["attempt_id"] == row["id"] and a["protocol"] == "eyes-open"
    assert json.loads(a["protocol_json"]) == {"level": "balance-check", "conditions": ["eyes-open"], "trial_s": 6.0}
    assert [(t["valid"], t["note"]) for t in storage.assessment_trials(a["id"])] == [(1, ""), (0, "touch-down at 2.5 s")]
