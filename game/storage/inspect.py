"""`poise db check`'s look at a database: opened read-only, never created, never migrated."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from poise.game.storage import url as db_url
from poise.game.storage.database import explain, open_engine
from poise.game.storage.migrate import HEAD, REVISIONS, current_revision
from poise.game.storage.store import StorageError, damaged, newer


@dataclasses.dataclass(frozen=True)
class Found:
    url: db_url.DatabaseURL
    revision: str | None
    head: str
    attempts: int


def inspect_database(where) -> Found:
    """The schema revision and number of attempts of the database at `where` (a path or URL), after its
    integrity check. StorageError when it is missing, damaged, newer than this Poise, or unreachable."""
    try:
        url = where if isinstance(where, db_url.DatabaseURL) else db_url.parse(where)
    except db_url.DatabaseURLError as exc:
        raise StorageError(str(exc)) from None
    if url.is_sqlite:
        if not Path(url.path).is_file():
            raise StorageError(f"no database at {url}")
        engine = sa.create_engine(f"sqlite:///file:{Path(url.path).resolve()}?mode=ro&uri=true")
    else:
        engine = open_engine(url)
    try:
        with engine.connect() as conn:
            if url.is_sqlite:
                problems = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
                if problems != ["ok"]:
                    raise StorageError(damaged(url, f"integrity check: {problems[0]}"
                                                    + (f" and {len(problems) - 1} more" if len(problems) > 1 else "")))
            revision = current_revision(conn)
            if revision is not None and revision not in REVISIONS:
                raise StorageError(newer(url, revision, HEAD))
            attempts = conn.exec_driver_sql("SELECT COUNT(*) FROM attempts").scalar() if revision else 0
    except sa_exc.DBAPIError as exc:
        raise StorageError(explain(exc, url)) from None
    finally:
        engine.dispose()
    return Found(url, revision, HEAD, attempts)
