"""daily programme: a clinician's prescription and each day's session (poise.game.clinic.today)"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table("programmes",
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"),
                              primary_key=True, autoincrement=False),
                    sa.Column("set_at", sa.Text, nullable=False), sa.Column("source", sa.Text, nullable=False),
                    sa.Column("text", sa.Text, nullable=False), sa.Column("programme_json", sa.Text, nullable=False))
    op.create_table("programme_sessions", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("day", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
                    sa.Column("finished_at", sa.Text), sa.Column("status", sa.Text, nullable=False),
                    sa.Column("week", sa.Integer, nullable=False), sa.Column("stage", sa.Integer, nullable=False),
                    sa.Column("sessions_per_week", sa.Integer, nullable=False),
                    sa.Column("planned_minutes", sa.Float, nullable=False),
                    sa.Column("plan_json", sa.Text, nullable=False),
                    sa.Column("done_json", sa.Text, nullable=False, server_default="[]"))
    op.create_index("programme_sessions_by_player", "programme_sessions", ["player_id", "day"])
