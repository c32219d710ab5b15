"""Bring a database to this version's schema with Alembic, in the one transaction the caller began.

Databases made before Poise used Alembic recorded their numbered migrations (1-5) in `schema_migrations`;
such a database is stamped at its revision and upgraded from there, in place, nothing lost. On
PostgreSQL one station migrates while the others wait on an advisory lock, then find nothing to do.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from poise.game.storage.store import StorageError, newer
from poise.i18n import _

HEAD = "0008"
REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", HEAD)
LOCK_KEY = 0x506F697365  # "Poise": the advisory lock all stations migrate under


def current_revision(conn: sa.Connection) -> str | None:
    """The schema revision of the database on `conn`: Alembic's, else the legacy numbered migrations', else
    None for an empty database."""
    tables = set(sa.inspect(conn).get_table_names())
    if "alembic_version" in tables:
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if "schema_migrations" in tables:
        legacy = conn.exec_driver_sql("SELECT MAX(version) FROM schema_migrations").scalar() or 0
        return f"{int(legacy):04d}" if legacy else None
    return None


def upgrade(conn: sa.Connection, where) -> list[str]:
    """Apply the pending migrations on `conn` (inside its transaction); the revisions applied.
    StorageError for a database a newer Poise wrote, or one this login may not change."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
    current = current_revision(conn)
    if current == HEAD:
        return []
    if current is not None and current not in REVISIONS:
        raise StorageError(newer(where, current, HEAD))
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    tables = set(sa.inspect(conn).get_table_names())
    if current is not None and "alembic_version" not in tables:
        command.stamp(config, current)  # a database of the numbered-migrations era
    try:
        command.upgrade(config, HEAD)
    except sa.exc.ProgrammingError as exc:
        if "permission denied" in str(exc.orig) or "must be owner" in str(exc.orig):
            raise StorageError(_("the database {where} is at schema {value} and this Poise needs {head}; this login "
                                 "may not change the schema: an administrator runs `poise db init {where}`").format(
                where=where, value=current or 'none', head=HEAD)) from None
        raise
    return REVISIONS[REVISIONS.index(current) + 1 if current else 0:]
