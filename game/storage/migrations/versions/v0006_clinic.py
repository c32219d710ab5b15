"""a clinic's database: difficulty step, station, board and a unique id per attempt; patient identifiers;
the clinician on every protocol and programme, and the clinical record they cannot edit"""
import json
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"

BATCH = 2000


def upgrade() -> None:
    bind = op.get_bind()
    for name, kind in (("step", sa.Integer), ("station", sa.Text), ("board_url", sa.Text),
                       ("board_identity", sa.Text)):
        op.add_column("attempts", sa.Column(name, kind, nullable=False, server_default="0" if kind is sa.Integer else ""))
    op.add_column("attempts", sa.Column("uid", sa.Text))
    op.add_column("sessions", sa.Column("station", sa.Text, nullable=False, server_default=""))
    op.add_column("players", sa.Column("patient_id", sa.Text))
    for table in ("protocols", "programmes"):
        op.add_column(table, sa.Column("clinician", sa.Text, nullable=False, server_default=""))
    op.create_table("clinical_log", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("at", sa.Text, nullable=False), sa.Column("clinician", sa.Text, nullable=False),
                    sa.Column("station", sa.Text, nullable=False), sa.Column("kind", sa.Text, nullable=False),
                    sa.Column("action", sa.Text, nullable=False), sa.Column("text", sa.Text, nullable=False))
    # the step was a field of the result's JSON; every attempt gets its own id; the board comes from its session
    attempts = sa.table("attempts", sa.column("id"), sa.column("result_json"), sa.column("step"), sa.column("uid"))
    rows = bind.execute(sa.select(attempts.c.id, attempts.c.result_json)).all()
    update = sa.update(attempts).where(attempts.c.id == sa.bindparam("aid")).values(
        step=sa.bindparam("new_step"), uid=sa.bindparam("new_uid"))
    for start in range(0, len(rows), BATCH):
        bind.execute(update, [{"aid": r.id, "new_step": _step(r.result_json), "new_uid": str(uuid.uuid4())}
                              for r in rows[start:start + BATCH]])
    for column in ("board_url", "board_identity"):
        op.execute(f"UPDATE attempts SET {column} = (SELECT s.{column} FROM sessions s WHERE s.id = attempts.session_id)")
    # a record of the settings in force, so that the clinical record starts with what is set today
    for table, kind in (("protocols", "protocol"), ("programmes", "programme")):
        op.execute(f"INSERT INTO clinical_log (player_id, at, clinician, station, kind, action, text)"
                   f" SELECT player_id, set_at, '', '', '{kind}', 'set', text FROM {table}")
    op.create_index("attempts_by_uid", "attempts", ["uid"], unique=True)
    op.create_index("attempts_by_session", "attempts", ["session_id"])
    op.create_index("players_by_patient_id", "players", ["patient_id"], unique=True)
    op.create_index("sessions_by_player", "sessions", ["player_id"])
    op.create_index("assessments_by_player", "assessments", ["player_id", "created_at"])
    op.create_index("trials_by_assessment", "assessment_trials", ["assessment_id"])
    op.create_index("limits_by_player", "stability_limits", ["player_id", "created_at"])
    op.create_index("incidents_by_player", "incidents", ["player_id"])
    op.create_index("clinical_log_by_player", "clinical_log", ["player_id", "at"])
    message = "the clinical record is never changed: add a new entry instead"
    if bind.dialect.name == "sqlite":
        op.execute(f"CREATE TRIGGER clinical_log_kept BEFORE UPDATE ON clinical_log "
                   f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
    else:
        op.execute(f"CREATE FUNCTION poise_clinical_log_kept() RETURNS trigger LANGUAGE plpgsql AS "
                   f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$")
        op.execute("CREATE TRIGGER clinical_log_kept BEFORE UPDATE ON clinical_log "
                   "FOR EACH ROW EXECUTE FUNCTION poise_clinical_log_kept()")


def _step(text: str) -> int:
    try:
        step = json.loads(text or "{}").get("details", {}).get("step", 0)
        return int(step or 0)
    except (ValueError, TypeError, AttributeError):  # a result that is not the JSON it should be: the first step
        return 0
