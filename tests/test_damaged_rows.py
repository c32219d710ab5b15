"""One damaged row takes nothing else with it: a database built through the storage layer, then damaged
below it (raw SQL, tests only) in one row of every stored field, runs every command without a traceback;
each damaged row is left out with a one-line note, `db check` names every one, and everything else comes
through export -> import -> export unchanged."""
from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import ROOT
from helpers import shared_database, sql
from poise.testing import catalogue
from poise.game.cli.main import main
from poise.game.storage import decode, schema
from poise.game.storage.store import Storage

sys.path.insert(0, str(ROOT))
from bench.history import clinical_history  # noqa: E402

levels = catalogue()

# not `slow`: it reads the clinic history test_clinical_report makes first (conftest orders the slow ones)

KEYS = {"id", "player_id", "session_id", "attempt_id", "assessment_id"}  # references: damaging them is another story
BAD = {decode.TIME: "last tuesday", decode.DAY: "2026-13-45", decode.NUMBER: "abc", decode.INTEGER: "x",
       decode.TEXT: b"\xff\x00", decode.OBJECT: "{", decode.LIST: "{}"}


def damage(storage: Storage, table: str, column: str, value, row_id) -> None:
    """Write `value` into one stored field below the storage layer, as a crash, a disk or a hand edit would."""
    key = "id" if table not in ("recordings", "protocols", "programmes") else (
        "attempt_id" if table == "recordings" else "player_id")
    triggers = sql(storage, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,))
    for name, _ in triggers:  # the clinical record refuses changes: damage goes around that
        sql(storage, f"DROP TRIGGER {name}")
    assert sql(storage, f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, row_id)) == 1
    for _, text in triggers:
        sql(storage, text)


def flip_a_byte(storage: Storage, attempt_id: int) -> None:
    ((blob,),) = sql(storage, "SELECT data FROM recordings WHERE attempt_id = ?", (attempt_id,))
    blob = bytearray(blob)
    blob[len(blob) // 2] ^= 0x5A
    damage(storage, "recordings", "data", bytes(blob), attempt_id)


def _enrich(storage: Storage) -> None:
    """What the generated history lacks: a protocol, a programme with a day's session, a note, a calibration,
    and a second player whose name is damaged later."""
    pid = storage.player_id("Ana")
    storage.set_protocol(pid, "p.toml", "conditions = ['eyes-open']\n", {"conditions": ["eyes-open"], "trials": 3,
                                                                         "trial_s": 20.0}, "Dr Lee")
    storage.set_programme(pid, "g.toml", "sessions_per_week = 3\n", {"sessions_per_week": 3, "activities": []},
                          "Dr Lee")
    day = storage.start_programme_session(pid, "2026-02-02", 5, 1, 3, 12.0, {"activities": [{"level": "slalom"}]})
    storage.record_programme_session(day, [{"level": "slalom", "stars": 2}], "done")
    storage.start_programme_session(pid, "2026-02-04", 5, 1, 3, 12.0, {"activities": []})
    storage.add_note(pid, "Dr Lee", "steadier on the right")
    storage.add_note(pid, "Dr Lee", "second note")
    identity = storage.attempts(pid)[0]["board_identity"]
    for gain in (1.0, 1.01):
        storage.save_calibration(identity, [0, 0, 0, 0], [gain] * 4, {"error_kg": 0.1})
    storage.player_id("Cy", create=True)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    path = shared_database(tmp_path_factory, "clinic", lambda s: clinical_history(s, "Ana"),
                           tmp_path_factory.mktemp("damaged") / "clinic.db")
    storage = Storage(path)
    _enrich(storage)
    storage.close()
    return path


def _damage_every_field(storage: Storage) -> dict[str, set]:
    """One damaged row per stored field, the rows taken in turn so that most tables keep good rows too;
    the ids of the rows damaged (left out), per table."""
    pid = storage.player_id("Ana")
    damaged: dict[str, set] = {}
    for table in schema.TABLES:
        if table.name == "recordings":
            continue
        key = "player_id" if table.name in ("protocols", "programmes") else "id"
        ids = [r[0] for r in sql(storage, f"SELECT {key} FROM {table.name} ORDER BY {key}")]
        if table.name == "players":
            ids = [pid]
        columns = [c.name for c in table.c if c.name not in KEYS | ({"name"} if table.name == "players" else set())
                   and decode.FIELDS.get(c.name)]
        for n, column in enumerate(columns):
            row = ids[(n * 3 + 1) % len(ids)]
            kind = decode.FIELDS[column]
            value = BAD[kind] if column not in decode.ENUMS else "unknown"
            damage(storage, table.name, column, value, row)
            if table.name != "players":  # a player's damaged fields read as unknown: the player stays
                damaged.setdefault(table.name, set()).add(row)
    attempts = [r[0] for r in sql(storage, "SELECT attempt_id FROM recordings ORDER BY attempt_id")]
    flip_a_byte(storage, attempts[2])
    damage(storage, "recordings", "codec", "mystery-codec", attempts[4])
    damage(storage, "recordings", "samples", "many", attempts[6])
    damaged["recordings"] = {attempts[2], attempts[4], attempts[6]}
    cy = storage.player_id("Cy")
    damage(storage, "players", "name", b"\xff\xfe", cy)
    return damaged


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv], levels=lambda: levels)
    out, err = capsys.readouterr()
    assert isinstance(code, int)
    assert "Traceback" not in err, (argv, err)
    return code, out, err


def _rows(folder) -> dict[str, list[str]]:
    """An export's stored rows per table, as comparable text (numbers and references left out)."""
    out = {}
    for path in sorted((folder / "data").glob("*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))
        out[path.stem] = sorted(json.dumps({k: v for k, v in r.items() if k not in KEYS | {"recording"}},
                                           sort_keys=True) for r in rows)
    return out


def test_every_command_survives_one_damaged_row_of_each_field_and_loses_nothing_else(clinic, tmp_path, capsys):
    before = tmp_path / "before"
    assert _run(capsys, "export", "Ana", "--out", before, "--db", clinic)[0] == 0
    storage = Storage(clinic)
    pid = storage.player_id("Ana")
    raw = {t.name: storage.rows(t.name) for t in schema.TABLES if t.name != "recordings"}
    damaged = _damage_every_field(storage)
    storage.close()

    code, out, err = _run(capsys, "db", "check", "--db", clinic)
    assert code == 1
    named = [line for line in out.splitlines() if re.match(r"\s+\w+ row \d+: ", line)]
    expected = sum(len(ids) for ids in damaged.values()) + 2  # and the player's fields, and Cy's name
    assert len(named) == expected, out
    for table, ids in damaged.items():
        for row in ids:
            assert any(line.strip().startswith(f"{table} row {row}:") for line in named), (table, row, out)

    db = ["--db", clinic]
    commands = [
        ["players", "list"], ["progress", "Ana"], ["progress", "Ana", "--json"],
        ["progress", "Ana", "--csv", tmp_path / "p.csv", "--png", tmp_path / "p.png"],
        ["report", "Ana", "--pdf", tmp_path / "r.pdf"], ["today", "Ana"], ["today", "Ana", "--json"],
        ["notes", "Ana"], ["protocol", "show", "Ana"], ["programme", "show", "Ana"],
        ["db", "recover"], ["db", "backup", tmp_path / "backup.db"],
        ["export", "Ana", "--out", tmp_path / "after"],
        ["demo", "--level", "single-leg-hold", "--player", "Ana", "--headless", "--seconds", "2", "--fps", "30"],
    ]
    for argv in commands:
        code, out, err = _run(capsys, *argv, *db)
        assert code in (0, 1), (argv, code, err)
        if argv[0] not in ("db",):
            assert ("damaged row" in err and "left out" in err) or argv[0] == "export", (argv, err)
    code, out, err = _run(capsys, "db", "copy", clinic, tmp_path / "copy.db")
    assert code == 0 and "Ana" in out, err

    # everything but the damaged rows (and what hangs on them) came out
    manifest = json.loads((tmp_path / "after" / "manifest.json").read_text())
    assert manifest["unreadable"]
    after = _rows(tmp_path / "after")
    lost_sessions = damaged.get("sessions", set())
    gone = {t: set(ids) for t, ids in damaged.items()}
    gone["attempts"] = gone.get("attempts", set()) | {r["id"] for r in raw["attempts"]
                                                      if r["session_id"] in lost_sessions}
    gone["assessment_trials"] = gone.get("assessment_trials", set()) | {
        r["id"] for r in raw["assessment_trials"] if r["assessment_id"] in gone.get("assessments", set())}
    full = _rows(before)
    for table, rows in full.items():
        if table in ("players", "board_calibrations"):
            continue
        key = "player_id" if table in ("protocols", "programmes") else "id"
        mine = [r for r in raw[table] if table == "assessment_trials" or r.get("player_id") == pid]
        kept = len([r for r in mine if r[key] not in gone.get(table, set())])
        assert len(after[table]) == kept, table
        assert set(after[table]) <= set(rows), table  # nothing altered

    # and what was exported comes back whole
    assert _run(capsys, "import", tmp_path / "after", "--db", tmp_path / "new.db")[0] == 0
    assert _run(capsys, "export", "Ana", "--out", tmp_path / "again", "--db", tmp_path / "new.db")[0] == 0
    again = _rows(tmp_path / "again")
    assert {t: r for t, r in again.items() if t != "players"} == {t: r for t, r in after.items() if t != "players"}
    assert json.loads(again["players"][0])["name"] == "Ana"  # a creation time that was damaged reads as the import's


def test_a_stored_document_of_the_wrong_shape_is_damaged_not_a_crash(tmp_path, capsys):
    """Valid JSON that is not what Poise stored (a hand edit, another tool): the protocol, the programme and a
    board's calibration are read as not set, with the one-line note; nothing crashes."""
    db = tmp_path / "shape.db"
    storage = Storage(db)
    pid = storage.player_id("Ana", create=True)
    storage.set_protocol(pid, "p.toml", "", {"conditions": ["eyes-open"], "trials": 1, "trial_s": 20.0})
    storage.set_programme(pid, "g.toml", "", {"sessions_per_week": 3, "activities": []})
    storage.save_calibration("sim-1", [0, 0, 0, 0], [1, 1, 1, 1], {})
    damage(storage, "protocols", "protocol_json", '{"trials": "many"}', pid)
    damage(storage, "programmes", "programme_json", '{"note": 5}', pid)
    damage(storage, "board_calibrations", "offsets_json", '["a", null]', 1)
    storage.close()
    for argv in (["protocol", "show", "Ana"], ["programme", "show", "Ana"]):
        code, out, err = _run(capsys, *argv, "--db", db)
        assert code == 1 and "cannot be read" in err and err.count("\n") == 1, err
    for argv in (["today", "Ana"], ["report", "Ana", "--pdf", tmp_path / "r.pdf"],
                 ["demo", "--level", "balance-check", "--player", "Ana", "--headless", "--seconds", "1", "--fps", "30",
                  "--board", "sim://"]):
        code, out, err = _run(capsys, *argv, "--db", db)
        assert code == 0 and ("damaged row" in err and "left out" in err), (argv, err)
