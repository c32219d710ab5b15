"""The Poise database on SQLite or PostgreSQL: every query Poise makes, in SQLAlchemy Core.

One `Storage` per open database. Writes happen in `atomic()` blocks, which nest: a finished attempt and
everything saved with it commit together, or not at all. Reads outside a block each see the database as
it is. Rows come back as read-only mappings (`row["name"]`, `dict(row)`).

Many stations may write at once: every write is an insert of its own rows, or an update of one row the
station owns (today's session), or an upsert of a clinician's setting, so concurrent saves neither lose
an update nor deadlock; a player added by two stations at the same moment is stored once.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import struct
import threading
import uuid
import zlib
from pathlib import Path
from typing import Iterator, Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from poise.game.storage import decode, names
from poise.game.storage import schema as t
from poise.game.storage import url as db_url
from poise.game.storage.store import (PROFILE_FIELDS, SEXES, SIDES, DamagedRow, DiskFull, NoRecording, StorageError,
                                      Unreachable, check_name, check_text, damaged, disk_full, disk_trouble, now_iso,
                                      unreachable)
from poise.i18n import _

_template = None  # a freshly migrated in-memory database (sqlite3.Connection), copied for each new one
_template_lock = threading.Lock()
BUSY_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 5
Row = Mapping


def station_name() -> str:
    """This station's name as attempts record it: $POISE_STATION, else the computer's host name."""
    return os.environ.get("POISE_STATION", "").strip() or socket.gethostname() or "station"


def open_engine(where: db_url.DatabaseURL) -> sa.Engine:
    """An engine for `where`. SQLite: WAL, foreign keys, writes begin IMMEDIATE (so two writers queue rather
    than fail), a new file 0600 in a 0700 folder. PostgreSQL: psycopg 3, connections checked before use
    (a station whose network came back reconnects), parameters never shown in errors."""
    if not where.is_sqlite:
        return sa.create_engine(where.sqlalchemy_url(), pool_pre_ping=True, hide_parameters=True, pool_size=2,
                                connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "poise"})
    memory = str(where.path) == ":memory:"
    if not memory:
        _private_file(where.path)
    engine = sa.create_engine(where.sqlalchemy_url(), hide_parameters=True,
                              connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
                              **({"poolclass": sa.pool.StaticPool} if memory else {}))

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi, _record):
        dbapi.isolation_level = None  # transactions are begun below, not by the driver
        for pragma in ("foreign_keys = ON", "journal_mode = WAL", "synchronous = NORMAL"):
            dbapi.execute(f"PRAGMA {pragma}")

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("poise_write") else "BEGIN")

    return engine


def _private_file(path: Path) -> None:
    """Create a new database file readable by its owner only, in a folder made 0700 if it is new."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


class Storage:
    """An open Poise database (a path, sqlite:///PATH or postgresql://…), migrated to this version's schema.

    StorageError, with one line saying what to do, for a database that cannot be opened or used."""

    def __init__(self, where, station: str | None = None, migrate: bool = True):
        try:
            self.url = where if isinstance(where, db_url.DatabaseURL) else db_url.parse(where)
        except db_url.DatabaseURLError as exc:
            raise StorageError(str(exc)) from None
        self.path = self.url.path  # the SQLite file, or None on a server
        self.station = station or station_name()
        self._tx: sa.Connection | None = None
        self.damaged: list[str] = []  # rows found damaged and left out, one line each (decode.py)
        try:
            self.engine = open_engine(self.url)
        except OSError as exc:
            raise StorageError(_("cannot open database at {url}: {why}; choose a writable place with --db PATH").format(
                url=self.url, why=exc.strerror or exc)) from None
        if migrate and not self._from_template():
            from poise.game.storage.migrate import upgrade

            with self.atomic():
                upgrade(self._tx, self.url)
            self._keep_template()

    # a new in-memory database (a demo, the level harness, hundreds of tests) is a copy of the first one migrated
    # in this process, taken with SQLite's backup: a millisecond instead of running every migration (~20 ms)
    def _memory(self) -> bool:
        return self.dialect == "sqlite" and str(self.path) == ":memory:"

    def _from_template(self) -> bool:
        with _template_lock:
            if not self._memory() or _template is None:
                return False
            with self.engine.connect() as conn:
                _template.backup(conn.connection.driver_connection)
        return True

    def _keep_template(self) -> None:
        global _template
        import sqlite3

        with _template_lock:
            if not self._memory() or _template is not None:
                return
            template = sqlite3.connect(":memory:", check_same_thread=False)
            with self.engine.connect() as conn:
                conn.connection.driver_connection.backup(template)
            _template = template

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def twin(self) -> "Storage":
        """Another Storage on the same database, with connections of its own: for reading on another thread while
        this one goes on (a Storage's transaction belongs to the thread that began it). An in-memory database is
        one connection and cannot have a twin: it gives itself."""
        if self._memory():
            return self
        if self.path is not None and not Path(self.path).exists():  # moved or deleted: say so, never make it anew
            raise StorageError(_("cannot open database at {url}: {why}; choose a writable place with --db PATH").format(
                url=self.url, why=os.strerror(errno.ENOENT)))
        twin = Storage(self.url, station=self.station, migrate=False)
        twin.damaged = self.damaged  # what either finds damaged is said once, by the screen that shows this one
        return twin

    # transactions ----------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def atomic(self) -> Iterator[Storage]:
        """One transaction: all of the block is stored, or none of it. Blocks nest (an inner block joins the
        outer transaction). Any database error becomes a StorageError after the transaction is rolled back."""
        if self._tx is not None:
            yield self
            return
        try:
            conn = self.engine.connect().execution_options(poise_write=True)
        except sa_exc.DBAPIError as exc:
            raise self._error(exc) from None
        try:
            with conn.begin():
                self._tx = conn
                yield self
        except sa_exc.DBAPIError as exc:
            raise self._error(exc) from None
        finally:
            self._tx = None
            conn.close()

    @contextlib.contextmanager
    def _conn(self) -> Iterator[sa.Connection]:
        if self._tx is not None:
            yield self._tx
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa_exc.DBAPIError as exc:
            raise self._error(exc) from None

    def _all(self, stmt) -> list[Row]:
        """The rows of a query, each checked (game/storage/decode.py): a damaged one is left out and noted."""
        with self._conn() as c:
            return self._checked(c.execute(stmt).mappings(), stmt)

    def _one(self, stmt) -> Row | None:
        rows = self._all(stmt)
        return rows[0] if rows else None

    def _first_good(self, stmt, batch: int = 8) -> Row | None:
        """The first row of `stmt` that is not damaged (a damaged newest row falls back to the one before)."""
        offset = 0
        while True:
            with self._conn() as c:
                page = list(c.execute(stmt.limit(batch).offset(offset)).mappings())
            good = self._checked(page, stmt)
            if good or len(page) < batch:
                return good[0] if good else None
            offset += batch

    def _checked(self, rows, stmt) -> list[Row]:
        kept = []
        for row in rows:
            good, problems = decode.check(row)
            if problems:
                self._note_damage(_table_of(stmt), row, problems)
            if good is not None:
                kept.append(good)
        return kept

    def note_damaged(self, line: str) -> None:
        """A reader found a stored row it cannot use (a document of the wrong shape): one line, said once."""
        if line not in self.damaged:
            self.damaged.append(line)

    def _note_damage(self, table: str, row, problems: list[str]) -> None:
        key = row.get("id", row.get("attempt_id", row.get("player_id")))
        note = _("{table} row {key}: {problems}").format(table=table, key=key, problems="; ".join(problems))
        if note not in self.damaged:
            self.damaged.append(note)

    def _scalar(self, stmt):
        with self._conn() as c:
            return c.execute(stmt).scalar()

    def _write(self, stmt, rows: Sequence[dict] | None = None) -> sa.CursorResult:
        with self.atomic():
            return self._tx.execute(stmt, rows) if rows is not None else self._tx.execute(stmt)

    def _insert(self, table: sa.Table, **values) -> int:
        return self._write(sa.insert(table).values(**values)).inserted_primary_key[0]

    def _upsert(self, table: sa.Table, key: str, values: dict) -> None:
        """Insert, or replace the row with the same `key`: one statement, so two stations setting it at once
        both succeed and the later one is kept."""
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        stmt = insert(table).values(**values)
        self._write(stmt.on_conflict_do_update(index_elements=[key],
                                               set_={k: stmt.excluded[k] for k in values if k != key}))

    def _numeric(self, column):
        """True where a number column holds a number: SQLite keeps whatever it was given (a damaged row may
        hold text there), and an aggregate (max) must not pick that up."""
        if self.dialect != "sqlite":
            return sa.true()
        return sa.func.typeof(column).in_(("integer", "real"))

    def _error(self, exc: sa_exc.DBAPIError) -> StorageError:
        text = explain(exc, self.url)
        if text in (disk_full(self.url), disk_trouble(self.url)):
            return DiskFull(text)
        return Unreachable(text) if not self.url.is_sqlite and _lost(exc) else StorageError(text)

    # players -------------------------------------------------------------------------------------------------
    def players(self) -> list[Row]:
        return self._all(sa.select(t.players).order_by(sa.func.lower(t.players.c.name), t.players.c.id))

    def player(self, name: str) -> Row | None:
        """The player of that name as people read it (any case in any script, accents however typed,
        runs of white space as one: game/storage/names.py)."""
        return self._one(sa.select(t.players).where(t.players.c.name_key == names.key(name)))

    def player_by_id(self, player_id: int) -> Row | None:
        return self._one(sa.select(t.players).where(t.players.c.id == player_id))

    def player_by_patient_id(self, patient_id: str) -> Row | None:
        return self._one(sa.select(t.players).where(t.players.c.patient_id == patient_id.strip()))

    def add_player(self, name: str, patient_id: str | None = None) -> int:
        name = check_name(name)
        patient_id = check_patient_id(patient_id)
        with self.atomic():
            if self.player(name) is not None:
                raise StorageError(_("a player called {name!r} already exists").format(name=name))
            if patient_id and self.player_by_patient_id(patient_id) is not None:
                raise StorageError(_("patient id {patient_id!r} is already another player's").format(
                    patient_id=patient_id))
            return self._insert(t.players, name=name, name_key=names.key(name), created_at=now_iso(),
                                patient_id=patient_id)

    def player_id(self, name: str, create: bool = False) -> int:
        row = self.player(name)
        if row is not None:
            return row["id"]
        if not create:
            try:
                check_name(name)
            except StorageError as exc:  # a name no player can have: do not suggest adding it
                shown = name if len(name) <= 44 else name[:40] + "…"
                raise StorageError(_("no player called {shown!r} ({exc}); `poise players list` shows the players").format(
                    shown=shown, exc=exc)) \
                    from None
            raise StorageError(_("no player called {name!r}; add one with: poise players add {name!r}").format(
                name=name))
        name = check_name(name)
        with self.atomic():  # two stations adding the same new player at once: one row, both get its id
            self._write(self._insert_ignoring_conflict(t.players).values(name=name, name_key=names.key(name),
                                                                        created_at=now_iso()))
            return self.player(name)["id"]

    def _insert_ignoring_conflict(self, table: sa.Table):
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(table).on_conflict_do_nothing()

    def rename_player(self, old: str, new: str) -> None:
        new = check_name(new)
        with self.atomic():
            pid = self.player_id(old)
            other = self.player(new)
            if other is not None and other["id"] != pid:
                raise StorageError(_("a player called {new!r} already exists").format(new=new))
            self._write(sa.update(t.players).where(t.players.c.id == pid).values(name=new, name_key=names.key(new)))

    def remove_player(self, name: str) -> None:
        with self.atomic():
            self._write(sa.delete(t.players).where(t.players.c.id == self.player_id(name)))

    def set_patient_id(self, player_id: int, patient_id: str | None) -> None:
        """The clinic's own identifier for a player; "" or None removes it. StorageError when another player
        has it."""
        patient_id = check_patient_id(patient_id)
        with self.atomic():
            other = self.player_by_patient_id(patient_id) if patient_id else None
            if other is not None and other["id"] != player_id:
                raise StorageError(_("patient id {patient_id!r} is already {name}'s").format(
                    patient_id=patient_id, name=other['name']))
            self._write(sa.update(t.players).where(t.players.c.id == player_id).values(patient_id=patient_id))

    def update_player(self, player_id: int, fields: dict) -> None:
        """Set a player's profile, body and patient id fields as given (checked, for copies between databases)."""
        fields = dict(fields)
        if "patient_id" in fields:
            self.set_patient_id(player_id, fields.pop("patient_id"))
        self.set_body(player_id, fields.pop("weight_kg", None), fields.pop("height_cm", None))
        self.set_profile(player_id, **fields)

    def set_body(self, player_id: int, weight_kg: float | None = None, height_cm: float | None = None) -> None:
        values = {k: v for k, v in (("weight_kg", weight_kg), ("height_cm", height_cm)) if v is not None}
        if values:
            self._write(sa.update(t.players).where(t.players.c.id == player_id).values(**values))

    def set_profile(self, player_id: int, **fields) -> None:
        """Birth year, sex (F or M), goal (free text) and injured side (left, right, both, none); None leaves a
        field as it is, "" clears it."""
        unknown = set(fields) - set(PROFILE_FIELDS)
        if unknown:
            raise StorageError(_("unknown profile field {sorted!r}").format(sorted=sorted(unknown)[0]))
        values = {}
        for key, value in fields.items():
            if value is None:
                continue
            if value == "":
                value = None
            elif key == "sex" and value not in SEXES:
                raise StorageError(_("sex must be one of {choices}, not {value!r}").format(
                    choices=', '.join(SEXES), value=value))
            elif key == "injured_side" and value not in SIDES:
                raise StorageError(_("injured side must be one of {choices}, not {value!r}").format(
                    choices=', '.join(SIDES), value=value))
            elif key == "goal" and len(str(value)) > 200:
                raise StorageError(_("a goal can be at most 200 characters"))
            elif key == "goal":
                check_text(value, "a goal")
            values[key] = value
        if values:
            self._write(sa.update(t.players).where(t.players.c.id == player_id).values(**values))

    # sessions and attempts ----------------------------------------------------------------------------------
    def start_session(self, player_id: int, board_url: str, board_identity: str, version: str) -> int:
        return self._insert(t.sessions, player_id=player_id, started_at=now_iso(), board_url=board_url,
                            board_identity=board_identity, software_version=version, station=self.station)

    @staticmethod
    def encode_recording(recording_csv: str) -> tuple[str, bytes]:
        """(codec, bytes) as a recording is stored. Encoding a minute of samples takes about 0.1 s: done before
        a transaction begins, it does not hold up the other stations' saves."""
        from poise.game.storage.sample_codec import CODEC, encode
        try:
            return CODEC, encode(recording_csv)
        except ValueError:  # not a parseable recording (should not happen): keep the text as it is
            return "zlib-csv", zlib.compress(recording_csv.encode("utf-8"), 6)

    @staticmethod
    def encode_samples(meta: dict, columns: tuple[str, ...], data) -> tuple[str, bytes]:
        """(codec, bytes) of a finished attempt's samples as the game holds them: `columns` and `data` (N x
        len(columns) floats, NaN for a gap) with the recording's metadata, encoded without writing them as text
        and parsing it again (sample_codec.encode_rows); like encode_recording, before a transaction begins."""
        from poise.game.storage.sample_codec import CODEC, encode_rows
        return CODEC, encode_rows(meta, columns, data)

    def save_attempt(self, session_id: int, player_id: int, level: str, started_at: str, duration_s: float,
                     score: float, stars: int, result: dict, metrics: dict, recording_csv: str, samples: int,
                     step: int = 0, uid: str | None = None, encoded: tuple[str, bytes] | None = None,
                     seat: int = 0, opponent: str | None = None, match_uid: str | None = None,
                     match_result: str | None = None) -> int:
        """Store a finished attempt with its raw samples, committed at once. `uid` names the attempt wherever
        it is sent from (a rescued attempt sent again is refused by it); a new one is made when None.
        `encoded`: the recording as encode_recording made it, ahead of the transaction. `seat`: where it was
        played (0, or 1 for the second board); in a match (head to head, together, or turns on one board) the
        `opponent`(s) by name, the match's id shared by all its attempts and this player's `match_result`
        ("won", "lost", "draw", "together")."""
        codec, blob = encoded or self.encode_recording(recording_csv)
        with self.atomic():
            board = self._one(sa.select(t.sessions.c.board_url, t.sessions.c.board_identity)
                              .where(t.sessions.c.id == session_id))
            attempt = self._insert(
                t.attempts, session_id=session_id, player_id=player_id, level=level, started_at=started_at,
                duration_s=duration_s, score=score, stars=stars, result_json=json.dumps(result, sort_keys=True),
                metrics_json=json.dumps(metrics, sort_keys=True), step=int(step or 0), station=self.station,
                board_url=board["board_url"] if board else "", board_identity=board["board_identity"] if board else "",
                uid=uid or str(uuid.uuid4()), seat=int(seat), opponent=opponent, match_uid=match_uid,
                match_result=match_result)
            self._insert(t.recordings, attempt_id=attempt, samples=samples, codec=codec, data=blob)
        return attempt

    def session_player(self, session_id: int) -> int | None:
        """The player a session belongs to (None for no such session)."""
        return self._scalar(sa.select(t.sessions.c.player_id).where(t.sessions.c.id == session_id))

    def match_attempts(self, match_uid: str) -> list[Row]:
        """Every attempt of one match, by seat and time: id, player (name), level, seat, score, stars, opponent,
        match_result."""
        a, p = t.attempts.c, t.players.c
        return self._all(sa.select(a.id, p.name.label("player"), a.level, a.seat, a.score, a.stars, a.opponent,
                                   a.match_result, a.started_at)
                         .join_from(t.attempts, t.players, a.player_id == p.id)
                         .where(a.match_uid == match_uid).order_by(a.started_at, a.seat, a.id))

    def set_match_results(self, outcomes: dict[int, str]) -> None:
        """Give attempts of a match played in turns their outcome ({attempt id: "won", "lost" or "draw"}),
        all in one transaction, once the last turn is over."""
        with self.atomic():
            for attempt_id, outcome in outcomes.items():
                self._write(sa.update(t.attempts).where(t.attempts.c.id == attempt_id).values(match_result=outcome))

    def attempt_uids(self, player_id: int) -> set[str]:
        return {r["uid"] for r in self._all(sa.select(t.attempts.c.uid).where(t.attempts.c.player_id == player_id))}

    def attempt_by_uid(self, uid: str) -> Row | None:
        return self._one(sa.select(t.attempts).where(t.attempts.c.uid == uid))

    def find_attempt(self, player_id: int, level: str, started_at: str, score: float) -> Row | None:
        """An attempt stored before attempts had ids of their own, found by who, what, when and how well."""
        a = t.attempts.c
        return self._one(sa.select(t.attempts).where(a.player_id == player_id, a.level == level,
                                                     a.started_at == started_at, a.score == score))

    def attempts(self, player_id: int, level: str | None = None) -> list[Row]:
        stmt = sa.select(t.attempts).where(t.attempts.c.player_id == player_id)
        if level:
            stmt = stmt.where(t.attempts.c.level == level)
        return self._all(stmt.order_by(t.attempts.c.started_at, t.attempts.c.id))

    def attempt_history(self, player_id: int) -> list[Row]:
        """Every attempt of a player without its recording: level, started_at, duration_s, score, stars, step,
        result_json; oldest first."""
        a = t.attempts.c
        return self._all(sa.select(a.id, a.level, a.started_at, a.duration_s, a.score, a.stars, a.step,
                                   a.result_json).where(a.player_id == player_id).order_by(a.started_at, a.id))

    def level_bests(self, player_id: int) -> dict[str, Row]:
        """Per level: plays, best stars and best score (what the title screen shows), in one grouped query."""
        a = t.attempts.c
        rows = self._all(sa.select(a.level, sa.func.count().label("plays"), sa.func.max(a.stars).label("stars"),
                                   sa.func.max(a.score).label("best"))
                         .where(a.player_id == player_id, self._numeric(a.score), self._numeric(a.stars))
                         .group_by(a.level))
        return {r["level"]: r for r in rows}

    def best_score(self, player_id: int, level: str, before_attempt: int | None = None,
                   step: int | None = None) -> float | None:
        """The best score at a level (at one difficulty step, with `step`), or None when never played."""
        a = t.attempts.c
        stmt = sa.select(sa.func.max(a.score)).where(a.player_id == player_id, a.level == level,
                                                     self._numeric(a.score))
        if before_attempt is not None:
            stmt = stmt.where(a.id < before_attempt)
        if step is not None:
            stmt = stmt.where(a.step == step)
        return self._scalar(stmt)

    def level_history(self, player_id: int, level: str, limit: int = 20) -> list[tuple[int, int]]:
        """(difficulty step, stars) of the player's recent attempts at a level, oldest first."""
        a = t.attempts.c
        rows = self._all(sa.select(a.step, a.stars).where(a.player_id == player_id, a.level == level)
                         .order_by(a.id.desc()).limit(limit))
        return [(int(r["step"]), int(r["stars"])) for r in reversed(rows)]

    def recording(self, attempt_id: int) -> str:
        row = self._one(sa.select(t.recordings.c.codec, t.recordings.c.data)
                        .where(t.recordings.c.attempt_id == attempt_id))
        if row is None:
            raise NoRecording(_("attempt {attempt_id} has no stored recording").format(attempt_id=attempt_id))
        try:
            return decode_recording(row["codec"], row["data"])
        except DamagedRow as exc:
            self._note_damage("recordings", {"attempt_id": attempt_id}, [str(exc)])
            raise DamagedRow(_("attempt {attempt_id}'s recording is damaged ({exc})").format(
                attempt_id=attempt_id, exc=exc)) from None

    def board_use(self, player_id: int) -> list[Row]:
        """The boards a player trained on: url, identity, first, last, sessions; first used first."""
        s = t.sessions.c
        return self._all(sa.select(sa.func.max(s.board_url).label("board_url"), s.board_identity,
                                   sa.func.min(s.started_at).label("first"), sa.func.max(s.started_at).label("last"),
                                   sa.func.count().label("sessions"))
                         .where(s.player_id == player_id).group_by(s.board_identity).order_by(sa.text("first")))

    # board calibrations -------------------------------------------------------------------------------------
    def save_calibration(self, board_identity: str, offsets, gains, quality: dict) -> int:
        return self._insert(t.board_calibrations, board_identity=board_identity, created_at=now_iso(),
                            offsets_json=json.dumps(list(offsets)), gains_json=json.dumps(list(gains)),
                            quality_json=json.dumps(quality))

    def calibration(self, board_identity: str) -> Row | None:
        """The newest stored calibration of a board (that is not damaged), or None."""
        c = t.board_calibrations.c
        return self._first_good(sa.select(t.board_calibrations).where(c.board_identity == board_identity)
                                .order_by(c.id.desc()))

    # limits of stability ----------------------------------------------------------------------------------------
    def limits_history(self, player_id: int) -> list[Row]:
        """Every limits-of-stability measurement of a player, oldest first."""
        c = t.stability_limits.c
        return self._all(sa.select(t.stability_limits).where(c.player_id == player_id).order_by(c.created_at, c.id))

    def save_limits(self, player_id: int, attempt_id: int | None, reach: dict, directions: list) -> int:
        return self._insert(t.stability_limits, player_id=player_id, attempt_id=attempt_id, created_at=now_iso(),
                            forward_mm=reach["forward"], back_mm=reach["back"], left_mm=reach["left"],
                            right_mm=reach["right"], directions_json=json.dumps(directions))

    def limits(self, player_id: int) -> Row | None:
        """The latest limits of stability measured (that are not damaged), or None."""
        c = t.stability_limits.c
        return self._first_good(sa.select(t.stability_limits).where(c.player_id == player_id).order_by(c.id.desc()))

    # a clinician's settings and notes: each one also goes into the clinical record ------------------------------
    def _log(self, player_id: int, clinician: str, kind: str, action: str, text: str) -> None:
        check_text(clinician, "a clinician's name")
        self._insert(t.clinical_log, player_id=player_id, at=now_iso(), clinician=clinician, station=self.station,
                     kind=kind, action=action, text=text)

    def _set_setting(self, table: sa.Table, kind: str, player_id: int, source: str, text: str, document: dict,
                     clinician: str) -> None:
        with self.atomic():
            self._upsert(table, "player_id", {"player_id": player_id, "set_at": now_iso(), "source": source,
                                              "text": text, f"{kind}_json": json.dumps(document),
                                              "clinician": clinician})
            self._log(player_id, clinician, kind, "set", text)

    def _clear_setting(self, table: sa.Table, kind: str, player_id: int, clinician: str) -> bool:
        with self.atomic():
            cleared = self._write(sa.delete(table).where(table.c.player_id == player_id)).rowcount > 0
            if cleared:
                self._log(player_id, clinician, kind, "clear", "")
            return cleared

    def set_protocol(self, player_id: int, source: str, text: str, protocol: dict, clinician: str = "") -> None:
        self._set_setting(t.protocols, "protocol", player_id, source, text, protocol, clinician)

    def protocol(self, player_id: int) -> Row | None:
        return self._one(sa.select(t.protocols).where(t.protocols.c.player_id == player_id))

    def clear_protocol(self, player_id: int, clinician: str = "") -> bool:
        return self._clear_setting(t.protocols, "protocol", player_id, clinician)

    def set_programme(self, player_id: int, source: str, text: str, programme: dict, clinician: str = "") -> None:
        self._set_setting(t.programmes, "programme", player_id, source, text, programme, clinician)

    def programme(self, player_id: int) -> Row | None:
        return self._one(sa.select(t.programmes).where(t.programmes.c.player_id == player_id))

    def clear_programme(self, player_id: int, clinician: str = "") -> bool:
        return self._clear_setting(t.programmes, "programme", player_id, clinician)

    def add_note(self, player_id: int, clinician: str, text: str) -> None:
        """A clinician's note about a player: kept in the clinical record, never changed."""
        if not clinician.strip():
            raise StorageError(_("a note needs the clinician's name (--clinician NAME or $POISE_CLINICIAN)"))
        if not text.strip():
            raise StorageError(_("a note cannot be empty"))
        check_text(clinician, "a clinician's name")
        check_text(text, "a note", lines=True)
        with self.atomic():
            self._log(player_id, clinician.strip(), "note", "add", text.strip())

    def clinical_record(self, player_id: int) -> list[Row]:
        """Every protocol, programme and note set for a player, by whom, when and where; oldest first."""
        c = t.clinical_log.c
        return self._all(sa.select(t.clinical_log).where(c.player_id == player_id).order_by(c.at, c.id))

    # the daily programme's sessions -------------------------------------------------------------------------------
    def start_programme_session(self, player_id: int, day: str, week: int, stage: int, sessions_per_week: int,
                                planned_minutes: float, plan: dict) -> int:
        return self._insert(t.programme_sessions, player_id=player_id, day=day, started_at=now_iso(), status="started",
                            week=week, stage=stage, sessions_per_week=sessions_per_week,
                            planned_minutes=planned_minutes, plan_json=json.dumps(plan))

    def record_programme_session(self, session_id: int, done: list[dict], status: str) -> None:
        self._write(sa.update(t.programme_sessions).where(t.programme_sessions.c.id == session_id).values(
            done_json=json.dumps(done), status=status, finished_at=now_iso() if status != "started" else None))

    def programme_sessions(self, player_id: int) -> list[Row]:
        c = t.programme_sessions.c
        return self._all(sa.select(t.programme_sessions).where(c.player_id == player_id).order_by(c.day, c.id))

    # assessments and incidents ----------------------------------------------------------------------------------
    def save_assessment(self, player_id: int, attempt_id: int, protocol: str, board_identity: str, quality: dict,
                        trials: list[dict], protocol_detail: dict | None = None) -> int:
        """`protocol` names the conditions; `protocol_detail` is the whole protocol used (conditions, trials,
        trial length, rest, foam, where it came from), so that trends compare like with like."""
        with self.atomic():
            aid = self._insert(t.assessments, player_id=player_id, attempt_id=attempt_id, created_at=now_iso(),
                               protocol=protocol, board_identity=board_identity, quality_json=json.dumps(quality),
                               protocol_json=json.dumps(protocol_detail or {}))
            if trials:
                self._write(sa.insert(t.assessment_trials), [
                    dict(assessment_id=aid, condition=tr["condition"], trial=tr["trial"], valid=int(tr["valid"]),
                         note=tr["note"], start_s=tr["start"], end_s=tr["end"],
                         metrics_json=json.dumps(tr.get("metrics") or {}),
                         raw_metrics_json=json.dumps(tr.get("raw_metrics") or {})) for tr in trials])
        return aid

    def assessments(self, player_id: int) -> list[Row]:
        return self._all(sa.select(t.assessments).where(t.assessments.c.player_id == player_id)
                         .order_by(t.assessments.c.id))

    def assessment_trials(self, assessment_id: int) -> list[Row]:
        c = t.assessment_trials.c
        return self._all(sa.select(t.assessment_trials).where(c.assessment_id == assessment_id).order_by(c.id))

    def assessments_with_level(self, player_id: int) -> list[Row]:
        """A player's assessments, each with its attempt's level and result_json (None when the attempt is
        gone), oldest first."""
        a, x = t.assessments, t.attempts
        return self._all(sa.select(a, x.c.level, x.c.result_json).select_from(a.outerjoin(x, x.c.id == a.c.attempt_id))
                         .where(a.c.player_id == player_id).order_by(a.c.created_at, a.c.id))

    def assessment_trial_rows(self, player_id: int, levels: Sequence[str] | None = None) -> list[Row]:
        """Every trial of a player's assessments in one query, each with its assessment (id, created_at,
        quality_json, protocol, protocol_json) and attempt (level, result_json); by date, then trial. With
        `levels`, only assessments made by those levels."""
        a, tr, x = t.assessments, t.assessment_trials, t.attempts
        stmt = (sa.select(a.c.id, a.c.created_at, a.c.quality_json, a.c.protocol, a.c.protocol_json, x.c.level,
                          x.c.result_json, tr.c.id.label("trial_id"), tr.c.condition, tr.c.trial, tr.c.valid,
                          tr.c.note, tr.c.metrics_json)
                .select_from(a.join(tr, tr.c.assessment_id == a.c.id).outerjoin(x, x.c.id == a.c.attempt_id))
                .where(a.c.player_id == player_id).order_by(a.c.created_at, a.c.id, tr.c.id))
        if levels is not None:
            stmt = stmt.where(x.c.level.in_(list(levels)))
        return self._all(stmt)

    def log_incident(self, player_id: int | None, session_id: int | None, level: str, kind: str, detail: str) -> int:
        return self._insert(t.incidents, player_id=player_id, session_id=session_id, at=now_iso(), level=level,
                            kind=kind, detail=detail)

    def incidents(self, player_id: int | None = None) -> list[Row]:
        stmt = sa.select(t.incidents).order_by(t.incidents.c.id)
        if player_id is not None:
            stmt = stmt.where(t.incidents.c.player_id == player_id)
        return self._all(stmt)

    # generated histories (bench/history.py) ---------------------------------------------------------------------
    def redate(self, attempt_id: int, when: str) -> None:
        """Date an attempt, its session and what was stored with it (assessment, limits) at `when` (ISO text):
        generated histories are played now but belong to a day in the past."""
        with self.atomic():
            self._write(sa.update(t.attempts).where(t.attempts.c.id == attempt_id).values(started_at=when))
            session = sa.select(t.attempts.c.session_id).where(t.attempts.c.id == attempt_id).scalar_subquery()
            self._write(sa.update(t.sessions).where(t.sessions.c.id == session).values(started_at=when))
            self._write(sa.update(t.assessments).where(t.assessments.c.attempt_id == attempt_id)
                        .values(created_at=when))
            self._write(sa.update(t.stability_limits).where(t.stability_limits.c.attempt_id == attempt_id)
                        .values(created_at=when))

    def redate_incident(self, incident_id: int, when: str) -> None:
        self._write(sa.update(t.incidents).where(t.incidents.c.id == incident_id).values(at=when))

    def insert_rows(self, table: str, rows: list[dict], ids: bool = False) -> list[int]:
        """Insert many rows into one table in one transaction (one statement for them all); with `ids`, their
        new ids in order. For generated histories and copies between databases."""
        table_ = t.metadata.tables[table]
        if not rows:
            return []
        if table == "players":  # a name is stored as it is compared
            rows = [r | {"name": check_name(r["name"]), "name_key": names.key(r["name"])} for r in rows]
        with self.atomic():
            if not ids:
                self._write(sa.insert(table_), rows)
                return []
            stmt = sa.insert(table_).returning(table_.c.id, sort_by_parameter_order=True)
            return list(self._write(stmt, rows).scalars())

    # the database as a whole ------------------------------------------------------------------------------------
    def revision(self) -> str | None:
        from poise.game.storage.migrate import current_revision
        with self._conn() as c:
            return current_revision(c)

    def count(self, table: str) -> int:
        return self._scalar(sa.select(sa.func.count()).select_from(t.metadata.tables[table]))

    def rows(self, table: str, where: dict | None = None) -> list[Row]:
        """All rows of one table (optionally those whose columns equal `where`), by id, damaged ones left out
        (and noted): for copies and exports."""
        table_ = t.metadata.tables[table]
        stmt = sa.select(table_)
        for column, value in (where or {}).items():
            stmt = stmt.where(table_.c[column].in_(value) if isinstance(value, (list, tuple, set))
                              else table_.c[column] == value)
        key = table_.c["id"] if "id" in table_.c else list(table_.primary_key)[0]
        return self._all(stmt.order_by(key))


def decode_recording(codec: str, data) -> str:
    """A stored recording's text; DamagedRow when its bytes do not decode to a readable recording."""
    import lzma

    from poise.drivers import recording
    from poise.game.storage.sample_codec import decode
    try:
        if codec == "zlib-csv":  # text as it was given: checked to be a recording
            text = zlib.decompress(bytes(data)).decode("utf-8")
            recording.parse(text)
        elif isinstance(codec, str) and codec.startswith("delta-lzma"):
            text = decode(bytes(data))  # check sums find a changed byte (lzma's; the head's CRC in PSR2)
        else:
            raise DamagedRow(_("unknown codec {codec!r}").format(codec=codec))
    except (ValueError, TypeError, KeyError, IndexError, zlib.error, lzma.LZMAError, struct.error) as exc:
        raise DamagedRow(str(exc).splitlines()[0][:80] or type(exc).__name__) from None
    return text


def _table_of(stmt) -> str:
    """The table a query reads first (the one its rows are of), for naming a damaged row."""
    for source in stmt.get_final_froms():
        while isinstance(source, sa.Join):
            source = source.left
        return getattr(source, "name", "row")
    return "row"


def check_patient_id(patient_id: str | None) -> str | None:
    if patient_id is None:
        return None
    patient_id = check_text(patient_id.strip(), "a patient id")
    if len(patient_id) > 64:
        raise StorageError(_("a patient id can be at most 64 characters"))
    return patient_id or None


def explain(exc: sa_exc.DBAPIError, where: db_url.DatabaseURL) -> str:
    """One line about a database error, with what to do; never a password."""
    text = db_url.mask(str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc))
    if "disk is full" in text or "No space left" in text or "could not extend file" in text:
        return disk_full(where)
    if "disk I/O error" in text:
        return disk_trouble(where)
    if where.is_sqlite:
        if "locked" in text or "busy" in text:
            return _("the database {where} is locked by another program (another Poise window?); "
                     "close it and try again").format(where=where)
        if "unable to open" in text or "readonly" in text or "read-only" in text:
            return _("cannot open database at {url}: {why}; choose a writable place with --db PATH").format(
                url=where, why=text)
        if isinstance(exc, sa_exc.DatabaseError) and ("not a database" in text or "malformed" in text):
            return damaged(where, text)
        return _("database {where}: {why}").format(where=where, why=text)
    if _lost(exc):
        return unreachable(where, text)
    if "permission denied" in text:
        return _("database {where}: {why}: this login may not do that (a station may add attempts but not "
                 "delete or rewrite history; see docs/clinic-database.md)").format(where=where, why=text)
    return _("database {where}: {why}").format(where=where, why=text)


def _lost(exc: sa_exc.DBAPIError) -> bool:
    """A server that cannot be reached (or whose connection dropped), from the driver's own words."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return isinstance(exc, sa_exc.OperationalError) and exc.connection_invalidated or _unreachable(text)


def _unreachable(text: str) -> bool:
    return any(s in text for s in ("connection failed", "could not connect", "Connection refused", "timeout expired",
                                   "server closed the connection", "terminating connection", "connection is lost",
                                   "consuming input failed", "the connection is closed"))
