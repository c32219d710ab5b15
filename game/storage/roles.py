"""`poise db init URL`: a clinic's PostgreSQL database made ready for its stations, in one command.

Two group roles (NOLOGIN; a clinic gives its logins membership, docs/clinic-database.md):

- `poise_admin` owns the schema: migrations (a new Poise version), removing a player, any repair.
- `poise_station` is what a balance station logs in as: it reads what a station shows, adds players,
  sessions, attempts with their recordings, checks, limits, incidents, the day's programme session and
  clinical-record entries; it may update a player's profile and the day's session it is playing, and set
  or clear the protocol and programme in force (each change is also a new clinical-record entry). It can
  delete nothing else and rewrite no history: attempts, recordings, assessments, limits, incidents,
  sessions and the clinical record are insert-only for it.

Run by the database's owner or a superuser. Running it again (after upgrading Poise) migrates and
re-grants; it never removes data.
"""
from __future__ import annotations

import sqlalchemy as sa

from poise.game.storage import schema as t
from poise.game.storage import url as db_url
from poise.game.storage.store import StorageError
from poise.i18n import _

ADMIN, STATION = "poise_admin", "poise_station"
STATION_INSERTS = ("players", "sessions", "attempts", "recordings", "board_calibrations", "stability_limits",
                   "assessments", "assessment_trials", "incidents", "protocols", "programmes", "programme_sessions",
                   "clinical_log")
STATION_UPDATES = {
    "players": ("name", "weight_kg", "height_cm", "birth_year", "sex", "goal", "injured_side", "patient_id"),
    "programme_sessions": ("done_json", "status", "finished_at"),
    "protocols": ("set_at", "source", "text", "protocol_json", "clinician"),
    "programmes": ("set_at", "source", "text", "programme_json", "clinician"),
}
STATION_DELETES = ("protocols", "programmes")  # the setting in force; its history stays in clinical_log


def init(where) -> list[str]:
    """Migrate the PostgreSQL database at `where` and set up its roles and grants; what was done, line by line.
    StorageError for a SQLite database (nothing to set up) or a login that may not create roles."""
    from poise.game.storage.database import Storage

    url = where if isinstance(where, db_url.DatabaseURL) else db_url.parse(where)
    if url.is_sqlite:
        raise StorageError(_("{url} is a SQLite file: it needs no set-up (Poise makes it when first used); `poise db "
                             "init` is for a clinic's postgresql:// database").format(url=url))
    storage = Storage(url)  # migrates, as any station would
    try:
        with storage.atomic():
            conn = storage._tx
            for role in (ADMIN, STATION):
                if not conn.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                    conn.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
            conn.exec_driver_sql(f"GRANT {ADMIN} TO CURRENT_USER")  # to hand it the tables
            _grant(conn)
        revision = storage.revision()
    finally:
        storage.close()
    return [f"poise db init: {url} is at schema {revision}",
            f"  roles {ADMIN} (owns the schema: migrations, deletions) and {STATION} (adds attempts, reads what a "
            "station shows; deletes and rewrites no history) are ready",
            f"  give each station a login:  CREATE ROLE station1 LOGIN PASSWORD '…' IN ROLE {STATION};",
            f"  and each administrator:     CREATE ROLE alice LOGIN PASSWORD '…' IN ROLE {ADMIN};",
            "  (docs/clinic-database.md; run `poise db init` again after upgrading Poise)"]


def _grant(conn: sa.Connection) -> None:
    tables = [table.name for table in t.TABLES] + ["alembic_version"]
    conn.exec_driver_sql(f"GRANT USAGE, CREATE ON SCHEMA public TO {ADMIN}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {STATION}")
    for name in tables:
        conn.exec_driver_sql(f"ALTER TABLE {name} OWNER TO {ADMIN}")
        conn.exec_driver_sql(f"REVOKE ALL ON {name} FROM {STATION}")
        conn.exec_driver_sql(f"GRANT SELECT ON {name} TO {STATION}")
    conn.exec_driver_sql(f"ALTER FUNCTION poise_clinical_log_kept() OWNER TO {ADMIN}")
    conn.exec_driver_sql(f"GRANT INSERT ON {', '.join(STATION_INSERTS)} TO {STATION}")
    for name, columns in STATION_UPDATES.items():
        conn.exec_driver_sql(f"GRANT UPDATE ({', '.join(columns)}) ON {name} TO {STATION}")
    conn.exec_driver_sql(f"GRANT DELETE ON {', '.join(STATION_DELETES)} TO {STATION}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STATION}")
