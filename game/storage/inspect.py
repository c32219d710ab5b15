"""`poise db check`'s look at a database: opened read-only, never created, never migrated."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from poise.game.storage import url as db_url
from poise.game.storage.database import explain, open_engine
from poise.game.storage.migrate import HEAD, REVISIONS, current_revision
from poise.game.storage.store import DiskFull, StorageError, damaged, disk_full, disk_trouble, newer
from poise.i18n import _, ngettext


@dataclasses.dataclass(frozen=True)
class Found:
    url: db_url.DatabaseURL
    revision: str | None
    head: str
    attempts: int
    damaged: tuple[str, ...] = ()  # one line per damaged row: table, id, field, what is wrong


def inspect_database(where) -> Found:
    """The schema revision and number of attempts of the database at `where` (a path or URL), after its
    integrity check. StorageError when it is missing, damaged, newer than this Poise, or unreachable."""
    try:
        url = where if isinstance(where, db_url.DatabaseURL) else db_url.parse(where)
    except db_url.DatabaseURLError as exc:
        raise StorageError(str(exc)) from None
    if url.is_sqlite:
        if not Path(url.path).is_file():
            raise StorageError(_("no database at {url}").format(url=url))
        engine = sa.create_engine(f"sqlite:///file:{Path(url.path).resolve()}?mode=ro&uri=true")
    else:
        engine = open_engine(url)
    try:
        with engine.connect() as conn:
            if url.is_sqlite:
                problems = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
                if problems != ["ok"]:
                    first = _("integrity check: {problem}").format(problem=problems[0])
                    if len(problems) > 1:
                        first = ngettext("{first} and {n} more", "{first} and {n} more", len(problems) - 1).format(
                            first=first, n=len(problems) - 1)
                    raise StorageError(damaged(url, first))
            revision = current_revision(conn)
            if revision is not None and revision not in REVISIONS:
                raise StorageError(newer(url, revision, HEAD))
            attempts = conn.exec_driver_sql("SELECT COUNT(*) FROM attempts").scalar() if revision else 0
            damaged_rows = tuple(damaged_rows_in(conn)) if revision == HEAD else ()
    except sa_exc.DBAPIError as exc:
        text = explain(exc, url)
        raise (DiskFull if text in (disk_full(url), disk_trouble(url)) else StorageError)(text) from None
    finally:
        engine.dispose()
    return Found(url, revision, HEAD, attempts, damaged_rows)


def damaged_rows_in(conn: sa.Connection):
    """Every stored row whose fields do not decode, and every recording that does not: one line each, with
    what to do (the row is left out everywhere; the rest is used as it is)."""
    from poise.game.storage import decode, schema
    from poise.game.storage.database import decode_recording
    from poise.game.storage.store import DamagedRow

    for table in schema.TABLES:
        key = table.c["id"] if "id" in table.c else list(table.primary_key)[0]
        columns = [c for c in table.c if c.name != "data"]
        for row in conn.execute(sa.select(*columns).order_by(key)).mappings():
            _fields, problems = decode.check(row)
            if problems:
                yield f"{table.name} row {row[key.name]}: {'; '.join(problems)}"
    r = schema.recordings.c
    for row in conn.execute(sa.select(r.attempt_id, r.codec, r.data).order_by(r.attempt_id)).mappings():
        try:
            decode_recording(row["codec"], row["data"])
        except DamagedRow as exc:
            yield f"recordings row {row['attempt_id']}: the recording of attempt {row['attempt_id']} is damaged ({exc})"
