"""SQLite storage: players, sessions, attempts with score, metrics and compressed raw samples.

WAL mode, numbered migrations recorded in the database, and one transaction
per finished attempt, so killing the game loses at most the attempt in progress.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import zlib
from pathlib import Path
from typing import Iterator

import platformdirs

BUSY_TIMEOUT_S = 5.0


class StorageError(Exception):
    """The database cannot be used; the message says what to do."""


MIGRATIONS: list[tuple[str, str]] = [
    ("players, sessions, attempts and recordings", """
        CREATE TABLE players (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL,
            weight_kg REAL,
            height_cm REAL
        );
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            started_at TEXT NOT NULL,
            board_url TEXT NOT NULL,
            board_identity TEXT NOT NULL,
            software_version TEXT NOT NULL
        );
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            level TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_s REAL NOT NULL,
            score REAL NOT NULL,
            stars INTEGER NOT NULL,
            result_json TEXT NOT NULL,
            metrics_json TEXT NOT NULL
        );
        CREATE INDEX attempts_by_player_level ON attempts(player_id, level, started_at);
        CREATE TABLE recordings (
            attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
            samples INTEGER NOT NULL,
            codec TEXT NOT NULL,
            data BLOB NOT NULL
        );
    """),
    ("board calibrations, limits of stability, assessments and the safety incident log", """
        CREATE TABLE board_calibrations (
            id INTEGER PRIMARY KEY,
            board_identity TEXT NOT NULL,
            created_at TEXT NOT NULL,
            offsets_json TEXT NOT NULL,
            gains_json TEXT NOT NULL,
            quality_json TEXT NOT NULL
        );
        CREATE INDEX calibrations_by_board ON board_calibrations(board_identity, id);
        CREATE TABLE stability_limits (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            attempt_id INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            forward_mm REAL NOT NULL,
            back_mm REAL NOT NULL,
            left_mm REAL NOT NULL,
            right_mm REAL NOT NULL,
            directions_json TEXT NOT NULL
        );
        CREATE TABLE assessments (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            attempt_id INTEGER REFERENCES attempts(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            protocol TEXT NOT NULL,
            board_identity TEXT NOT NULL,
            quality_json TEXT NOT NULL
        );
        CREATE TABLE assessment_trials (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
            condition TEXT NOT NULL,
            trial INTEGER NOT NULL,
            valid INTEGER NOT NULL,
            note TEXT NOT NULL,
            start_s REAL NOT NULL,
            end_s REAL NOT NULL,
            metrics_json TEXT NOT NULL
        );
        CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            player_id INTEGER REFERENCES players(id) ON DELETE CASCADE,
            session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
            at TEXT NOT NULL,
            level TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL
        );
    """),
    ("player profile (birth year, sex, goal, injured side) and each check trial's raw metrics", """
        ALTER TABLE players ADD COLUMN birth_year INTEGER;
        ALTER TABLE players ADD COLUMN sex TEXT;
        ALTER TABLE players ADD COLUMN goal TEXT;
        ALTER TABLE players ADD COLUMN injured_side TEXT;
        ALTER TABLE assessment_trials ADD COLUMN raw_metrics_json TEXT NOT NULL DEFAULT '{}';
    """),
    ("protocols a clinician sets, and the protocol each assessment used", """
        CREATE TABLE protocols (
            player_id INTEGER PRIMARY KEY REFERENCES players(id) ON DELETE CASCADE,
            set_at TEXT NOT NULL,
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            protocol_json TEXT NOT NULL
        );
        ALTER TABLE assessments ADD COLUMN protocol_json TEXT NOT NULL DEFAULT '{}';
    """),
    ("daily programme: a clinician's prescription and each day's session (poise.game.clinic.today)", """
        CREATE TABLE programmes (
            player_id INTEGER PRIMARY KEY REFERENCES players(id) ON DELETE CASCADE,
            set_at TEXT NOT NULL,
            source TEXT NOT NULL,
            text TEXT NOT NULL,
            programme_json TEXT NOT NULL
        );
        CREATE TABLE programme_sessions (
            id INTEGER PRIMARY KEY,
            player_id INTEGER NOT NULL REFERENCES players(id) ON DELETE CASCADE,
            day TEXT NOT NULL,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL,
            week INTEGER NOT NULL,
            stage INTEGER NOT NULL,
            sessions_per_week INTEGER NOT NULL,
            planned_minutes REAL NOT NULL,
            plan_json TEXT NOT NULL,
            done_json TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX programme_sessions_by_player ON programme_sessions(player_id, day);
    """),
]
PROFILE_FIELDS = ("birth_year", "sex", "goal", "injured_side")
SEXES = ("F", "M")
SIDES = ("left", "right", "both", "none")


def default_path() -> Path:
    """--db, else $POISE_DB, else the platform's user data directory."""
    env = os.environ.get("POISE_DB")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("poise", appauthor=False)) / "poise.db"


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Storage:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._depth = 0  # nesting of atomic() blocks
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.migrate()
        except sqlite3.OperationalError as exc:
            raise StorageError(_explain(exc, self.path)) from None
        except sqlite3.DatabaseError as exc:  # not a database, or a damaged one
            raise StorageError(damaged(self.path, exc)) from None
        except OSError as exc:
            raise StorageError(f"cannot open database at {self.path}: {exc.strerror or exc}; "
                               "choose a writable place with --db PATH") from None

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction: all of the block is stored, or none of it.

        Blocks nest: an inner block joins the outer transaction, so a finished attempt and
        everything saved with it commit together. Any SQLite error becomes a StorageError,
        after the transaction is rolled back (SQLite may already have rolled it back itself,
        as it does when the disk fills at COMMIT).
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(_explain(exc, self.path)) from None
        self._depth = 1
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as exc:
            self._rollback()
            if isinstance(exc, sqlite3.Error):
                raise StorageError(_explain(exc, self.path)) from None
            raise
        finally:
            self._depth = 0

    def _rollback(self) -> None:
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # nothing left to undo: the original error is the one to report

    def migrate(self) -> list[int]:
        """Apply pending migrations, each with its record in one transaction."""
        self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT version FROM schema_migrations")}
        if done and max(done) > len(MIGRATIONS):
            raise StorageError(newer(self.path, max(done)))
        applied = []
        for version, (name, sql) in enumerate(MIGRATIONS, start=1):
            if version in done:
                continue
            with self.atomic() as db:
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, now_iso()))
            applied.append(version)
        return applied

    # players -------------------------------------------------------------
    def players(self) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM players ORDER BY name COLLATE NOCASE"))

    def player(self, name: str) -> sqlite3.Row | None:
        """The player of that name, spaced as it is stored (runs of white space as one, none at the ends)."""
        return self.db.execute("SELECT * FROM players WHERE name = ?", (" ".join(name.split()),)).fetchone()

    def add_player(self, name: str) -> int:
        name = _check_name(name)
        if self.player(name) is not None:
            raise StorageError(f"a player called {name!r} already exists")
        with self.atomic() as db:
            return db.execute("INSERT INTO players (name, created_at) VALUES (?, ?)", (name, now_iso())).lastrowid

    def player_id(self, name: str, create: bool = False) -> int:
        row = self.player(name)
        if row is not None:
            return row["id"]
        if not create:
            try:
                _check_name(name)
            except StorageError as exc:  # a name no player can have: do not suggest adding it
                shown = name if len(name) <= 44 else name[:40] + "…"
                raise StorageError(f"no player called {shown!r} ({exc}); `poise players list` shows the players") \
                    from None
            raise StorageError(f"no player called {name!r}; add one with: poise players add {name!r}")
        return self.add_player(name)

    def rename_player(self, old: str, new: str) -> None:
        new = _check_name(new)
        pid = self.player_id(old)
        other = self.player(new)
        if other is not None and other["id"] != pid:
            raise StorageError(f"a player called {new!r} already exists")
        with self.atomic() as db:
            db.execute("UPDATE players SET name = ? WHERE id = ?", (new, pid))

    def remove_player(self, name: str) -> None:
        pid = self.player_id(name)
        with self.atomic() as db:
            db.execute("DELETE FROM players WHERE id = ?", (pid,))

    # sessions and attempts -----------------------------------------------
    def start_session(self, player_id: int, board_url: str, board_identity: str, version: str) -> int:
        with self.atomic() as db:
            return db.execute(
                "INSERT INTO sessions (player_id, started_at, board_url, board_identity, software_version)"
                " VALUES (?, ?, ?, ?, ?)", (player_id, now_iso(), board_url, board_identity, version)).lastrowid

    def save_attempt(self, session_id: int, player_id: int, level: str, started_at: str, duration_s: float,
                     score: float, stars: int, result: dict, metrics: dict, recording_csv: str, samples: int) -> int:
        """Store a finished attempt with its raw samples, committed at once."""
        from poise.game.storage.sample_codec import CODEC, encode
        try:
            codec, blob = CODEC, encode(recording_csv)
        except ValueError:  # not a parseable recording (should not happen): keep the text as it is
            codec, blob = "zlib-csv", zlib.compress(recording_csv.encode("utf-8"), 6)
        with self.atomic() as db:
            attempt = db.execute(
                "INSERT INTO attempts (session_id, player_id, level, started_at, duration_s, score, stars,"
                " result_json, metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, player_id, level, started_at, duration_s, score, stars,
                 json.dumps(result, sort_keys=True), json.dumps(metrics, sort_keys=True))).lastrowid
            db.execute("INSERT INTO recordings VALUES (?, ?, ?, ?)", (attempt, samples, codec, blob))
        return attempt

    def attempts(self, player_id: int, level: str | None = None) -> list[sqlite3.Row]:
        sql = "SELECT * FROM attempts WHERE player_id = ?"
        args: tuple = (player_id,)
        if level:
            sql += " AND level = ?"
            args += (level,)
        return list(self.db.execute(sql + " ORDER BY started_at, id", args))

    def best_score(self, player_id: int, level: str, before_attempt: int | None = None,
                   step: int | None = None) -> float | None:
        """The best score at a level (at one difficulty step, with `step`), or None when never played."""
        sql = "SELECT MAX(score) FROM attempts WHERE player_id = ? AND level = ?"
        args: tuple = (player_id, level)
        if before_attempt is not None:
            sql += " AND id < ?"
            args += (before_attempt,)
        if step is not None:  # attempts stored before steps existed count as the first step
            sql += " AND COALESCE(json_extract(result_json, '$.details.step'), 0) = ?"
            args += (step,)
        return self.db.execute(sql, args).fetchone()[0]

    def level_history(self, player_id: int, level: str, limit: int = 20) -> list[tuple[int, int]]:
        """(difficulty step, stars) of the player's recent attempts at a level, oldest first."""
        rows = self.db.execute("SELECT result_json, stars FROM attempts WHERE player_id = ? AND level = ?"
                               " ORDER BY id DESC LIMIT ?", (player_id, level, limit)).fetchall()
        history = []
        for row in reversed(rows):
            step = json.loads(row["result_json"]).get("details", {}).get("step", 0)
            history.append((int(step), int(row["stars"])))
        return history

    # board calibrations -------------------------------------------------
    def save_calibration(self, board_identity: str, offsets, gains, quality: dict) -> int:
        with self.atomic() as db:
            return db.execute("INSERT INTO board_calibrations (board_identity, created_at, offsets_json, gains_json,"
                              " quality_json) VALUES (?, ?, ?, ?, ?)",
                              (board_identity, now_iso(), json.dumps(list(offsets)), json.dumps(list(gains)),
                               json.dumps(quality))).lastrowid

    def calibration(self, board_identity: str) -> sqlite3.Row | None:
        """The newest stored calibration of a board, or None."""
        return self.db.execute("SELECT * FROM board_calibrations WHERE board_identity = ? ORDER BY id DESC LIMIT 1",
                               (board_identity,)).fetchone()

    # players' bodies and limits ---------------------------------------------
    def set_body(self, player_id: int, weight_kg: float | None = None, height_cm: float | None = None) -> None:
        with self.atomic() as db:
            if weight_kg is not None:
                db.execute("UPDATE players SET weight_kg = ? WHERE id = ?", (weight_kg, player_id))
            if height_cm is not None:
                db.execute("UPDATE players SET height_cm = ? WHERE id = ?", (height_cm, player_id))

    def set_profile(self, player_id: int, **fields) -> None:
        """Birth year, sex (F or M), goal (free text) and injured side (left, right, both, none); None leaves a
        field as it is, "" clears it."""
        unknown = set(fields) - set(PROFILE_FIELDS)
        if unknown:
            raise StorageError(f"unknown profile field {sorted(unknown)[0]!r}")
        with self.atomic() as db:
            for key, value in fields.items():
                if value is None:
                    continue
                if value == "":
                    value = None
                elif key == "sex" and value not in SEXES:
                    raise StorageError(f"sex must be one of {', '.join(SEXES)}, not {value!r}")
                elif key == "injured_side" and value not in SIDES:
                    raise StorageError(f"injured side must be one of {', '.join(SIDES)}, not {value!r}")
                elif key == "goal" and len(str(value)) > 200:
                    raise StorageError("a goal can be at most 200 characters")
                db.execute(f"UPDATE players SET {key} = ? WHERE id = ?", (value, player_id))

    def limits_history(self, player_id: int) -> list[sqlite3.Row]:
        """Every limits-of-stability measurement of a player, oldest first."""
        return list(self.db.execute("SELECT * FROM stability_limits WHERE player_id = ? ORDER BY created_at, id",
                                    (player_id,)))

    # protocols --------------------------------------------------------------------
    def set_protocol(self, player_id: int, source: str, text: str, protocol: dict) -> None:
        with self.atomic() as db:
            db.execute("INSERT OR REPLACE INTO protocols (player_id, set_at, source, text, protocol_json)"
                       " VALUES (?, ?, ?, ?, ?)", (player_id, now_iso(), source, text, json.dumps(protocol)))

    def protocol(self, player_id: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM protocols WHERE player_id = ?", (player_id,)).fetchone()

    def clear_protocol(self, player_id: int) -> bool:
        with self.atomic() as db:
            return db.execute("DELETE FROM protocols WHERE player_id = ?", (player_id,)).rowcount > 0

    def save_limits(self, player_id: int, attempt_id: int | None, reach: dict, directions: list) -> int:
        with self.atomic() as db:
            return db.execute("INSERT INTO stability_limits (player_id, attempt_id, created_at, forward_mm, back_mm,"
                              " left_mm, right_mm, directions_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              (player_id, attempt_id, now_iso(), reach["forward"], reach["back"], reach["left"],
                               reach["right"], json.dumps(directions))).lastrowid

    def limits(self, player_id: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM stability_limits WHERE player_id = ? ORDER BY id DESC LIMIT 1",
                               (player_id,)).fetchone()

    # assessments and incidents -----------------------------------------------
    def save_assessment(self, player_id: int, attempt_id: int, protocol: str, board_identity: str, quality: dict,
                        trials: list[dict], protocol_detail: dict | None = None) -> int:
        """`protocol` names the conditions; `protocol_detail` is the whole protocol used (conditions, trials,
        trial length, rest, foam, where it came from), so that trends compare like with like."""
        with self.atomic() as db:
            aid = db.execute("INSERT INTO assessments (player_id, attempt_id, created_at, protocol, board_identity,"
                             " quality_json, protocol_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (player_id, attempt_id, now_iso(), protocol, board_identity, json.dumps(quality),
                              json.dumps(protocol_detail or {}))).lastrowid
            for tr in trials:
                db.execute("INSERT INTO assessment_trials (assessment_id, condition, trial, valid, note, start_s, end_s,"
                           " metrics_json, raw_metrics_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           (aid, tr["condition"], tr["trial"], int(tr["valid"]), tr["note"], tr["start"], tr["end"],
                            json.dumps(tr.get("metrics") or {}), json.dumps(tr.get("raw_metrics") or {})))
        return aid

    def assessments(self, player_id: int) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM assessments WHERE player_id = ? ORDER BY id", (player_id,)))

    def assessment_trials(self, assessment_id: int) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM assessment_trials WHERE assessment_id = ? ORDER BY id",
                                    (assessment_id,)))

    def log_incident(self, player_id: int | None, session_id: int | None, level: str, kind: str, detail: str) -> None:
        with self.atomic() as db:
            db.execute("INSERT INTO incidents (player_id, session_id, at, level, kind, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       (player_id, session_id, now_iso(), level, kind, detail))

    def incidents(self, player_id: int | None = None) -> list[sqlite3.Row]:
        if player_id is None:
            return list(self.db.execute("SELECT * FROM incidents ORDER BY id"))
        return list(self.db.execute("SELECT * FROM incidents WHERE player_id = ? ORDER BY id", (player_id,)))

    def recording(self, attempt_id: int) -> str:
        row = self.db.execute("SELECT codec, data FROM recordings WHERE attempt_id = ?", (attempt_id,)).fetchone()
        if row is None:
            raise StorageError(f"attempt {attempt_id} has no stored recording")
        if row["codec"] == "zlib-csv":
            return zlib.decompress(row["data"]).decode("utf-8")
        from poise.game.storage.sample_codec import decode
        return decode(row["data"])


def _check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise StorageError("a player name cannot be empty")
    if len(name) > 40:
        raise StorageError("a player name can be at most 40 characters")
    return name


def damaged(path: Path, exc: Exception) -> str:
    return (f"the database {path} is damaged or not a Poise database ({exc}); run `poise db check --db {path}`, "
            "then move the file aside (Poise starts a new one) and restore a backup")


def newer(path: Path, version: int) -> str:
    return (f"the database {path} was written by a newer Poise (schema {version}; this version knows up to "
            f"{len(MIGRATIONS)}): upgrade Poise, or use another --db")


def _explain(exc: sqlite3.OperationalError, path: Path) -> str:
    text = str(exc)
    if "locked" in text or "busy" in text:
        return (f"the database {path} is locked by another program (another Poise window?); "
                "close it and try again")
    if "unable to open" in text or "readonly" in text or "read-only" in text:
        return f"cannot open database at {path}: {text}; choose a writable place with --db PATH"
    return f"database {path}: {text}"
