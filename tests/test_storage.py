"""The SQLite store: migrations, players, attempts with raw samples, and clear errors."""
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from helpers import sql
from poise.game.storage.migrate import HEAD, upgrade
from poise.game.storage.store import Storage, StorageError


def test_migrations_apply_once_and_are_recorded(db_path):
    s = Storage(db_path)
    assert s.revision() == HEAD
    assert sql(s, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    s.close()
    again = Storage(db_path)
    with again.engine.begin() as conn:
        assert upgrade(conn, again.url) == []
    assert sql(again, "PRAGMA journal_mode") == [("wal",)]


def test_player_add_rename_remove(db_path):
    s = Storage(db_path)
    s.add_player("Ana")
    s.add_player("  Bo   Li ")
    assert [r["name"] for r in s.players()] == ["Ana", "Bo Li"]
    with pytest.raises(StorageError, match="already exists"):
        s.add_player("ana")
    s.rename_player("Ana", "Anna")
    s.remove_player("Bo Li")
    assert [r["name"] for r in s.players()] == ["Anna"]
    with pytest.raises(StorageError, match="no player called 'Zed'"):
        s.remove_player("Zed")
    with pytest.raises(StorageError, match="empty"):
        s.add_player("   ")


def test_a_player_is_found_however_the_name_is_spaced_and_an_impossible_name_is_not_suggested(db_path):
    s = Storage(db_path)
    s.add_player("Bo  Li")
    assert s.player_id(" Bo Li ") == s.player_id("Bo Li")
    with pytest.raises(StorageError) as wrong:
        s.player_id("x" * 200)
    assert "at most 40 characters" in str(wrong.value) and "players add" not in str(wrong.value)
    assert len(str(wrong.value)) < 160  # the name is cut short, not echoed whole
    with pytest.raises(StorageError, match="players add 'Zed'"):  # a possible name is
        s.player_id("Zed")


def test_attempt_is_stored_with_its_raw_samples_and_best_score(db_path):
    s = Storage(db_path)
    pid = s.player_id("Ana", create=True)
    sid = s.start_session(pid, "sim://", "sim-1", "0.1.0")
    csv = "# poise-recording: 1\nt,tl,tr,bl,br\n0.000000,1.000,2.000,3.000,4.000\n"
    a1 = s.save_attempt(sid, pid, "single-leg-hold", "2026-01-01T00:00:00", 30.0, 500, 1, {"x": 1}, {"left": {}}, csv, 1)
    s.save_attempt(sid, pid, "single-leg-hold", "2026-01-02T00:00:00", 30.0, 700, 2, {}, {}, csv, 1)
    assert s.recording(a1) == csv
    assert s.best_score(pid, "single-leg-hold") == 700
    assert s.best_score(pid, "single-leg-hold", before_attempt=a1 + 1) == 500
    s.close()
    # a second connection sees the committed attempt at once
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 2


def test_removing_a_player_removes_their_attempts(db_path):
    s = Storage(db_path)
    pid = s.player_id("Ana", create=True)
    sid = s.start_session(pid, "sim://", "sim-1", "0.1.0")
    s.save_attempt(sid, pid, "x", "t", 1.0, 1, 0, {}, {}, "t\n", 0)
    s.remove_player("Ana")
    assert s.count("recordings") == 0


def test_locked_database_gives_an_actionable_error_and_keeps_data(db_path, monkeypatch):
    s = Storage(db_path)
    pid = s.player_id("Ana", create=True)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("poise.game.storage.database.BUSY_TIMEOUT_S", 0.1)
    s = Storage(db_path, migrate=False)  # a station opening it now waits 0.1 s for the lock, not 5
    with pytest.raises(StorageError, match="locked by another program"):
        s.start_session(pid, "sim://", "sim-1", "0.1.0")
    blocker.execute("ROLLBACK")
    assert s.start_session(pid, "sim://", "sim-1", "0.1.0") > 0


def test_unwritable_path_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StorageError, match="cannot open database"):
        Storage(blocker / "sub" / "poise.db")


def test_raw_samples_are_stored_small_and_come_back_byte_for_byte(tmp_path):
    import zlib

    from poise.drivers import open_board
    from poise.drivers import recording
    from poise.game.engine.loop import VirtualClock
    from poise.game.storage.sample_codec import decode, encode

    clock = VirtualClock()
    board = open_board("sim://?seed=1&arrive=2", clock)
    samples = []
    for _ in range(60 * 20):
        clock.advance(1 / 60)
        samples += board.poll()
    text = recording.to_text([(s.t, s.tl, s.tr, s.bl, s.br) for s in samples], {"board": "sim://", "player": "Ana"})
    blob = encode(text)
    assert decode(blob) == text
    assert len(blob) < 0.5 * len(zlib.compress(text.encode(), 6))
    cop_text = recording.to_text([(0.0, 1.5, -2.25), (0.01, float("nan"), float("nan")), (0.02, 1.6, -2.0)], {},
                                 columns=("t", "x", "y"))
    assert decode(encode(cop_text)) == cop_text  # the COP variant, gaps included


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000_000), *[st.integers(-200_000, 200_000)] * 4,
                          st.sampled_from([0.0, 0.5, 0.25, 1e-7, -1e-7, 1 / 3]), st.integers(0, 255)),
                min_size=0, max_size=40))
def test_samples_encoded_from_the_arrays_the_game_holds_decode_to_the_recording_text_they_stand_for(raw):
    """A finished attempt's samples go into storage without being written as text and read back
    (sample_codec.encode_rows): what comes out is the text recording.to_text writes for those very samples,
    values half a unit off the recording's precision (0.0125 kg, 1.0000005 s) and gaps (NaN board times)
    included."""
    import numpy as np

    from poise.drivers import recording
    from poise.game.storage.sample_codec import decode, encode_rows

    columns = recording.sample_columns(True)
    rows, t = [], 0.0
    for dt_us, a, b, c, d, tweak, flags in raw:  # loads on 1/20000 kg steps: many land on a half gram
        t += dt_us / 1e6 + 1e-7
        board_t = float("nan") if flags % 7 == 0 else t + tweak
        rows.append((t + tweak * 1e-6, a / 20000 + tweak * 1e-3, b / 20000, c / 40000, d / 8000, board_t, flags))
    meta = {"board": "sim://", "player": "Ana", "geometry": "433x238 mm"}
    data = np.array(rows, dtype=float).reshape(-1, len(columns))
    assert decode(encode_rows(meta, columns, data)) == recording.to_text(rows, meta, columns)


def test_samples_stored_by_an_earlier_release_read_back_as_they_were_and_are_stored_smaller_now():
    """A blob in the 32-bit format of earlier releases (PSR1, tests/data/psr1-samples.bin) decodes to the text it
    stood for; the same samples stored today (PSR2, each column as narrow as it fits) decode to that text too."""
    from poise.drivers import recording
    from poise.game.storage.sample_codec import decode, encode

    data = ROOT / "tests" / "data"
    old, text = (data / "psr1-samples.bin").read_bytes(), (data / "psr1-samples.csv").read_text()
    assert old[:4] == b"PSR1" and decode(old) == text
    new = encode(text)
    assert new[:4] == b"PSR2" and decode(new) == text and len(new) < len(old)
    assert recording.parse(text).data.shape == (300, 7)


def test_a_pause_longer_than_half_an_hour_is_stored_as_it_was():
    """A time step over 2^31 us (35.8 min, a level left paused) once wrapped round in 32 bits."""
    import numpy as np

    from poise.drivers import recording
    from poise.game.storage.sample_codec import decode, encode_rows

    rows = [(0.0, 1.0, 2.0, 3.0, 4.0), (3000.123456, 1.0, 2.0, 3.0, 4.0), (3000.2, 1.001, 2.0, 3.0, 4.0)]
    assert decode(encode_rows({}, recording.LOAD_COLUMNS, np.array(rows))) == recording.to_text(rows, {})


def test_a_damaged_head_or_length_is_refused_never_read_wrongly():
    """The head (columns, widths, first values) sits outside lzma's check sum: one flipped bit in a width once
    read every later column wrongly without a word. Now its CRC-32 refuses it; a head that is well-formed but
    wrong (widths that do not fit, a row count that does not match the samples) is refused in one line too."""
    import json
    import struct
    import zlib

    import numpy as np

    from poise.drivers import recording
    from poise.game.storage.sample_codec import HEADER, decode, encode_rows

    rows = [(0.0, 17.0, 17.5, 18.0, 18.5), (0.0167, 17.1, 17.4, 60.0, 18.4), (0.0334, 17.2, 17.3, 18.0, 18.3)]
    blob = encode_rows({}, recording.LOAD_COLUMNS, np.array(rows))
    head_len, n, _crc = HEADER.unpack_from(blob, 4)
    start = 4 + HEADER.size
    head_bytes, samples = blob[start:start + head_len], blob[start + head_len:]
    assert b'"widths":[2,2,2,4,2]' in head_bytes  # the jump to 60 kg takes 32 bits
    with pytest.raises(ValueError, match="head is damaged"):  # a 4 read as a 2: one bit
        decode(blob[:start] + head_bytes.replace(b"[2,2,2,4,2]", b"[2,2,2,2,2]") + samples)

    def with_head(head: dict, rows_n: int = n) -> bytes:
        raw = json.dumps(head).encode()
        return blob[:4] + HEADER.pack(len(raw), rows_n, zlib.crc32(raw)) + raw + samples

    head = json.loads(head_bytes)
    for widths in ([2, 2, 2], [2, 2, 2, 2, 3], "22222"):
        with pytest.raises(ValueError, match="column widths .* do not fit 5 columns"):
            decode(with_head(head | {"widths": widths}))
    with pytest.raises(ValueError, match="holds 38 bytes where its head says 32"):
        decode(with_head(head | {"widths": [2, 2, 2, 2, 2]}))
    with pytest.raises(ValueError, match="where its head says"):
        decode(with_head(head, rows_n=n + 1))
    for damaged in ({"t0_us": 2**70}, {"first": [1, 2, "x", 4]}, {"meta": ["a"]}, {"columns": [1, 2, 3, 4, 5]}):
        with pytest.raises(ValueError, match="head is damaged"):
            decode(with_head(head | damaged))
    assert decode(with_head(head)) == recording.to_text(rows, {})


def test_commands_take_a_name_spaced_as_it_is_stored(tmp_path, capsys):
    # a name typed with extra spaces or a line break is the stored name, and messages echo it on one line
    from poise.__main__ import main

    db = str(tmp_path / "p.db")
    assert main(["players", "add", "Ann  B", "--db", db]) == 0
    capsys.readouterr()
    assert main(["progress", "  Ann\nB ", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "for Ann B:" in out and out.count("\n") == 1, out


def test_a_new_in_memory_database_is_a_freshly_migrated_one_of_its_own(tmp_path):
    """In-memory databases after the first are copies of the first as migrated (SQLite's backup, not every
    migration again): the same schema and revision as a database the migrations made, empty, and their own."""
    def schema(storage):
        with storage.engine.connect() as conn:
            return (conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar(),
                    conn.exec_driver_sql("PRAGMA foreign_keys").scalar(),
                    conn.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall())

    first, second = Storage(":memory:"), Storage(":memory:")
    migrated = Storage(tmp_path / "migrated.db")  # a file: always made by the migrations themselves
    assert schema(second) == schema(migrated) == schema(first) and schema(second)[0] == HEAD
    first.player_id("Ana", create=True)
    assert Storage(":memory:").players() == [] and second.players() == []
