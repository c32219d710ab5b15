"""Player names as people read them: one name however its accents were typed, in any case in any script;
control characters refused; names stored before this rule are normalised, and two that become alike are
both kept, told apart, and the clinical record says so."""
from __future__ import annotations

import gzip
import sqlite3
import unicodedata

import pytest

from conftest import ROOT
from poise.game.cli.main import main
from poise.game.storage.store import Storage, StorageError

LEGACY = ROOT / "tests" / "data" / "legacy-home-v5.sql.gz"
NFC, NFD = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")


@pytest.fixture(params=["sqlite", "postgresql"])
def storage(request, tmp_path):
    if request.param == "sqlite":
        return Storage(tmp_path / "poise.db")
    return Storage(request.getfixturevalue("pg_url"))


@pytest.mark.parametrize("first, second", [(NFC, NFD), ("ÄRNE", "ärne"), ("Ana", "ana"), ("Straße", "STRASSE"),
                                           ("ΣΟΦΊΑ", "σοφία"), ("Ivan  Petrov", "ivan petrov")])
def test_names_that_read_alike_are_one_player(storage, first, second):
    pid = storage.player_id(first, create=True)
    assert storage.player_id(second, create=True) == pid
    assert storage.player(second)["name"] == unicodedata.normalize("NFC", " ".join(first.split()))
    with pytest.raises(StorageError, match="already exists"):
        storage.add_player(second)
    assert len(storage.players()) == 1


def test_a_name_is_stored_composed(storage):
    storage.add_player(NFD)
    (row,) = storage.players()
    assert row["name"] == NFC and len(row["name"]) == 4


@pytest.mark.parametrize("name", ["Ann\x1b[31mRed", "Bob\x07", "Eve\u202egnp.exe", "Zero\u200bWidth"])
def test_control_characters_in_a_name_are_refused_in_one_line(capsys, tmp_path, name):
    db = str(tmp_path / "t.db")
    assert main(["players", "add", name, "--db", db]) == 2
    err = capsys.readouterr().err
    assert "cannot hold control characters (U+" in err and err.count("\n") == 1 and "\x1b" not in err
    assert main(["players", "add", "Ann", "--goal", "walk\x1b[2J", "--db", db]) == 2
    assert "a goal cannot hold control characters" in capsys.readouterr().err
    assert main(["players", "list", "--db", db]) == 0
    assert capsys.readouterr().out == ""  # nothing was stored


def test_names_stored_before_are_normalised_and_alike_ones_both_kept(tmp_path, capsys):
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(gzip.decompress(LEGACY.read_bytes()).decode("utf-8"))
    for name in (NFC, NFD, "ÄRNE", "ärne", "Max\x1b[31m"):
        con.execute("INSERT INTO players (name, created_at) VALUES (?, '2026-01-01T00:00:00+00:00')", (name,))
    con.commit()
    con.close()
    storage = Storage(path)
    names = [r["name"] for r in storage.players()]
    assert NFC in names and f"{NFC} (2)" in names and "ÄRNE" in names and "ärne (2)" in names and "Max[31m" in names
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert storage.player(NFD)["name"] == NFC  # the first of the two keeps the name
    err = capsys.readouterr().err
    assert f"became '{NFC} (2)'" in err and "became 'ärne (2)'" in err
    second = storage.player(f"{NFC} (2)")
    (note,) = storage.clinical_record(second["id"])
    assert note["clinician"] == "poise" and "(2)" in note["text"]
    assert main(["players", "list", "--db", str(path)]) == 0
    assert "\x1b" not in capsys.readouterr().out
