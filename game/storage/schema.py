"""The tables as the newest migration leaves them, in SQLAlchemy Core: what store.py's queries are built on.

The migrations (game/storage/migrations/versions/) make the database; these definitions only describe
it, so that one query text serves SQLite and PostgreSQL alike. Times are ISO 8601 text in UTC, as they
have always been stored; JSON documents are text.
"""
from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
_id = sa.Integer


def _pk() -> sa.Column:
    return sa.Column("id", _id, primary_key=True)


def _fk(name: str, target: str, nullable: bool = False, ondelete: str = "CASCADE") -> sa.Column:
    return sa.Column(name, _id, sa.ForeignKey(target, ondelete=ondelete), nullable=nullable)


players = sa.Table(
    "players", metadata, _pk(),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("weight_kg", sa.Float), sa.Column("height_cm", sa.Float),
    sa.Column("birth_year", sa.Integer), sa.Column("sex", sa.Text), sa.Column("goal", sa.Text),
    sa.Column("injured_side", sa.Text),
    sa.Column("patient_id", sa.Text),  # the clinic's own identifier, unique where given
    sa.Column("name_key", sa.Text),  # the name as compared (game/storage/names.py), unique
)

sessions = sa.Table(
    "sessions", metadata, _pk(), _fk("player_id", "players.id"),
    sa.Column("started_at", sa.Text, nullable=False), sa.Column("board_url", sa.Text, nullable=False),
    sa.Column("board_identity", sa.Text, nullable=False), sa.Column("software_version", sa.Text, nullable=False),
    sa.Column("station", sa.Text, nullable=False, server_default=""),
)

attempts = sa.Table(
    "attempts", metadata, _pk(), _fk("session_id", "sessions.id"), _fk("player_id", "players.id"),
    sa.Column("level", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("duration_s", sa.Float, nullable=False), sa.Column("score", sa.Float, nullable=False),
    sa.Column("stars", sa.Integer, nullable=False), sa.Column("result_json", sa.Text, nullable=False),
    sa.Column("metrics_json", sa.Text, nullable=False),
    sa.Column("step", sa.Integer, nullable=False, server_default="0"),  # the difficulty step played
    sa.Column("station", sa.Text, nullable=False, server_default=""),  # which station saved it
    sa.Column("board_url", sa.Text, nullable=False, server_default=""),
    sa.Column("board_identity", sa.Text, nullable=False, server_default=""),
    sa.Column("uid", sa.Text),  # made where the attempt was played: stored once, however often it is sent
    sa.Column("seat", sa.Integer, nullable=False, server_default="0"),  # 0, or 1 for the second board
    sa.Column("opponent", sa.Text),  # in a match: the other player(s), by name
    sa.Column("match_uid", sa.Text),  # in a match: the id its attempts share
    sa.Column("match_result", sa.Text),  # in a match: won, lost, draw or together
)

recordings = sa.Table(
    "recordings", metadata,
    sa.Column("attempt_id", _id, sa.ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True,
              autoincrement=False),
    sa.Column("samples", sa.Integer, nullable=False), sa.Column("codec", sa.Text, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

board_calibrations = sa.Table(
    "board_calibrations", metadata, _pk(),
    sa.Column("board_identity", sa.Text, nullable=False), sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("offsets_json", sa.Text, nullable=False), sa.Column("gains_json", sa.Text, nullable=False),
    sa.Column("quality_json", sa.Text, nullable=False),
)

stability_limits = sa.Table(
    "stability_limits", metadata, _pk(), _fk("player_id", "players.id"),
    _fk("attempt_id", "attempts.id", nullable=True, ondelete="SET NULL"),
    sa.Column("created_at", sa.Text, nullable=False),
    *(sa.Column(f"{d}_mm", sa.Float, nullable=False) for d in ("forward", "back", "left", "right")),
    sa.Column("directions_json", sa.Text, nullable=False),
)

assessments = sa.Table(
    "assessments", metadata, _pk(), _fk("player_id", "players.id"), _fk("attempt_id", "attempts.id", nullable=True),
    sa.Column("created_at", sa.Text, nullable=False), sa.Column("protocol", sa.Text, nullable=False),
    sa.Column("board_identity", sa.Text, nullable=False), sa.Column("quality_json", sa.Text, nullable=False),
    sa.Column("protocol_json", sa.Text, nullable=False, server_default="{}"),
)

assessment_trials = sa.Table(
    "assessment_trials", metadata, _pk(), _fk("assessment_id", "assessments.id"),
    sa.Column("condition", sa.Text, nullable=False), sa.Column("trial", sa.Integer, nullable=False),
    sa.Column("valid", sa.Integer, nullable=False), sa.Column("note", sa.Text, nullable=False),
    sa.Column("start_s", sa.Float, nullable=False), sa.Column("end_s", sa.Float, nullable=False),
    sa.Column("metrics_json", sa.Text, nullable=False),
    sa.Column("raw_metrics_json", sa.Text, nullable=False, server_default="{}"),
)

incidents = sa.Table(
    "incidents", metadata, _pk(), _fk("player_id", "players.id", nullable=True),
    _fk("session_id", "sessions.id", nullable=True),
    sa.Column("at", sa.Text, nullable=False), sa.Column("level", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False),
)


def _setting(name: str, document: str) -> sa.Table:
    """A clinician's setting in force for a player (one row each): the protocol or the programme."""
    return sa.Table(
        name, metadata,
        sa.Column("player_id", _id, sa.ForeignKey("players.id", ondelete="CASCADE"), primary_key=True,
                  autoincrement=False),
        sa.Column("set_at", sa.Text, nullable=False), sa.Column("source", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False), sa.Column(document, sa.Text, nullable=False),
        sa.Column("clinician", sa.Text, nullable=False, server_default=""),
    )


protocols = _setting("protocols", "protocol_json")
programmes = _setting("programmes", "programme_json")

programme_sessions = sa.Table(
    "programme_sessions", metadata, _pk(), _fk("player_id", "players.id"),
    sa.Column("day", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text), sa.Column("status", sa.Text, nullable=False),
    sa.Column("week", sa.Integer, nullable=False), sa.Column("stage", sa.Integer, nullable=False),
    sa.Column("sessions_per_week", sa.Integer, nullable=False), sa.Column("planned_minutes", sa.Float, nullable=False),
    sa.Column("plan_json", sa.Text, nullable=False), sa.Column("done_json", sa.Text, nullable=False,
                                                                 server_default="[]"),
)

# The clinical record: who set which protocol or programme, or wrote which note, when, at which station.
# Rows are only ever added: no storage call changes or removes one, and the PostgreSQL station role may
# only insert and read them (game/storage/roles.py).
clinical_log = sa.Table(
    "clinical_log", metadata, _pk(), _fk("player_id", "players.id"),
    sa.Column("at", sa.Text, nullable=False), sa.Column("clinician", sa.Text, nullable=False),
    sa.Column("station", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False), sa.Column("text", sa.Text, nullable=False),
)

TABLES = (players, sessions, attempts, recordings, board_calibrations, stability_limits, assessments,
          assessment_trials, incidents, protocols, programmes, programme_sessions, clinical_log)
