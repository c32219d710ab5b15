"""players, sessions, attempts and recordings"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # a name is unique whatever its case: SQLite's NOCASE collation, elsewhere a unique index on lower(name)
    name = sa.Column("name", sa.Text(collation="NOCASE") if sqlite else sa.Text, nullable=False, unique=sqlite)
    op.create_table("players", sa.Column("id", sa.Integer, primary_key=True), name,
                    sa.Column("created_at", sa.Text, nullable=False), sa.Column("weight_kg", sa.Float),
                    sa.Column("height_cm", sa.Float))
    if not sqlite:
        op.create_index("players_by_name", "players", [sa.text("lower(name)")], unique=True)
    op.create_table("sessions", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("started_at", sa.Text, nullable=False), sa.Column("board_url", sa.Text, nullable=False),
                    sa.Column("board_identity", sa.Text, nullable=False),
                    sa.Column("software_version", sa.Text, nullable=False))
    op.create_table("attempts", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE"),
                              nullable=False),
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"), nullable=False),
                    sa.Column("level", sa.Text, nullable=False), sa.Column("started_at", sa.Text, nullable=False),
                    sa.Column("duration_s", sa.Float, nullable=False), sa.Column("score", sa.Float, nullable=False),
                    sa.Column("stars", sa.Integer, nullable=False), sa.Column("result_json", sa.Text, nullable=False),
                    sa.Column("metrics_json", sa.Text, nullable=False))
    op.create_index("attempts_by_player_level", "attempts", ["player_id", "level", "started_at"])
    op.create_table("recordings",
                    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="CASCADE"),
                              primary_key=True, autoincrement=False),
                    sa.Column("samples", sa.Integer, nullable=False), sa.Column("codec", sa.Text, nullable=False),
                    sa.Column("data", sa.LargeBinary, nullable=False))
