"""Everything a player stores comes back: export -> `poise import DIR` -> export gives the same files
(manifest aside: its time), on SQLite and PostgreSQL; a changed or cut export is refused before anything is
stored; `poise db backup` copies a live database that restores by copying the file back."""
from __future__ import annotations

import filecmp
import json
import sqlite3
import sys

import pytest

from conftest import ROOT
from helpers import shared_database
from poise.testing import catalogue
from poise.game.cli.main import main
from poise.game.storage.store import Storage

sys.path.insert(0, str(ROOT))
from bench.history import START, clinical_history, play_once  # noqa: E402

levels = catalogue()

# not `slow`: it reads the clinic history test_clinical_report makes first (conftest orders the slow ones)


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], levels=lambda: levels)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    path = shared_database(tmp_path_factory, "clinic", lambda s: clinical_history(s, "Ana"),
                           tmp_path_factory.mktemp("roundtrip") / "clinic.db")
    storage = Storage(path)
    pid = storage.player_id("Ana")
    storage.set_patient_id(pid, "MRN-1")
    storage.set_protocol(pid, "p.toml", "trials = 2\n", {"trials": 2}, "Dr Lee")
    storage.set_programme(pid, "g.toml", "sessions_per_week = 3\n", {"sessions_per_week": 3}, "Dr Lee")
    day = storage.start_programme_session(pid, "2026-02-02", 5, 1, 3, 12.0, {"activities": [{"level": "slalom"}]})
    storage.record_programme_session(day, [{"level": "slalom", "stars": 2}], "done")
    storage.add_note(pid, "Dr Lee", "steadier on the right")
    storage.save_calibration(storage.attempts(pid)[0]["board_identity"], [0.1, 0, 0, 0], [1.0] * 4, {"error_kg": 0.1})
    other = storage.player_id("Other", create=True)  # not exported with Ana; a short history of its own
    play_once(storage, "Other", "single-leg-hold", "sim://?seed=9", START, seconds=3.0)
    storage.add_note(other, "Dr Lee", "first visit")
    storage.close()
    return path


def _same_export(a, b) -> None:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [str(f) for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]
    assert set(differ) <= {"README.md", "manifest.json"}, differ  # the time of the export, and its checksum
    ma, mb = (json.loads((x / "manifest.json").read_text()) for x in (a, b))
    assert {k: v for k, v in ma["files"].items() if k != "README.md"} == \
        {k: v for k, v in mb["files"].items() if k != "README.md"}


def test_export_import_export_gives_the_same_content(clinic, tmp_path, capsys):
    first = tmp_path / "first"
    assert _run(capsys, "export", "Ana", "--out", first, "--db", clinic)[0] == 0
    manifest = json.loads((first / "manifest.json").read_text())
    assert manifest["unreadable"] == [] and len(manifest["files"]) > 40
    data = {p.stem: json.loads(p.read_text()) for p in (first / "data").glob("*.json")}
    player = data["players"][0]
    assert (player["birth_year"], player["sex"], player["injured_side"], player["patient_id"]) == (
        1961, "F", "right", "MRN-1") and player["goal"].startswith("walk outdoors")
    assert data["protocols"][0]["clinician"] == "Dr Lee" and data["programmes"][0]["programme_json"]
    assert [r["text"] for r in data["clinical_log"] if r["kind"] == "note"] == ["steadier on the right"]
    assert data["board_calibrations"] and data["stability_limits"] and data["incidents"]
    assert all(a["recording"] for a in data["attempts"])

    target = tmp_path / "new.db"
    code, out, err = _run(capsys, "import", first, "--db", target)
    assert code == 0 and "new Ana" in out, err
    code, out, err = _run(capsys, "import", first, "--db", target)  # again: nothing stored twice
    assert code == 0 and "match Ana" in out and "nothing new" in out, out
    second = tmp_path / "second"
    assert _run(capsys, "export", "Ana", "--out", second, "--db", target)[0] == 0
    _same_export(first, second)


def test_the_round_trip_through_a_clinic_server(clinic, tmp_path, capsys, pg_url):
    """The same on PostgreSQL, with a short history (the long one's recordings take seconds to encode)."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert _run(capsys, "export", "Other", "--out", first, "--db", clinic)[0] == 0
    code, out, err = _run(capsys, "import", first, "--db", pg_url)
    assert code == 0 and "new Other" in out, err
    assert _run(capsys, "export", "Other", "--out", second, "--db", pg_url)[0] == 0
    _same_export(first, second)
    assert json.loads((second / "data" / "clinical_log.json").read_text())[0]["text"] == "first visit"


def test_a_changed_or_incomplete_export_is_refused_before_anything_is_stored(clinic, tmp_path, capsys):
    out = tmp_path / "ex"
    assert _run(capsys, "export", "Ana", "--out", out, "--db", clinic)[0] == 0
    attempt = next((out / "attempts").glob("*.json"))
    attempt.write_text(attempt.read_text().replace('"stars"', '"stars" ', 1))
    code, _, err = _run(capsys, "import", out, "--db", tmp_path / "t.db")
    assert code == 1 and "differs from the export's manifest" in err and str(attempt) in err
    attempt.unlink()
    code, _, err = _run(capsys, "import", out, "--db", tmp_path / "t.db")
    assert code == 1 and "the export is incomplete" in err
    code, _, err = _run(capsys, "import", tmp_path, "--db", tmp_path / "t.db")
    assert code == 1 and "is not a Poise export" in err
    assert Storage(tmp_path / "t.db").players() == []


def test_a_live_database_is_backed_up_and_restored_by_copying_the_file_back(clinic, tmp_path, capsys):
    live = tmp_path / "live.db"
    live.write_bytes(clinic.read_bytes())
    writer = Storage(live)
    writer.player_id("During", create=True)  # a write in the log (WAL), not yet in the file itself
    code, out, err = _run(capsys, "db", "backup", tmp_path / "backup.db", "--db", live)
    assert code == 0 and "integrity ok" in out, err
    assert not (tmp_path / "backup.db-wal").exists()  # one self-contained file
    con = sqlite3.connect(tmp_path / "backup.db")
    assert ("During",) in con.execute("SELECT name FROM players").fetchall()
    con.close()
    writer.close()
    restored = tmp_path / "restored.db"
    restored.write_bytes((tmp_path / "backup.db").read_bytes())
    assert {p["name"] for p in Storage(restored).players()} == {"Ana", "Other", "During"}
    code, _, err = _run(capsys, "db", "backup", tmp_path / "pg.dump", "--db", "postgresql://u@localhost/poise")
    assert code == 1 and "pg_dump" in err and err.count("\n") == 1
