"""board calibrations, limits of stability, assessments and the safety incident log"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def _player(nullable: bool = False) -> sa.Column:
    return sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"), nullable=nullable)


def upgrade() -> None:
    op.create_table("board_calibrations", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("board_identity", sa.Text, nullable=False), sa.Column("created_at", sa.Text, nullable=False),
                    sa.Column("offsets_json", sa.Text, nullable=False), sa.Column("gains_json", sa.Text, nullable=False),
                    sa.Column("quality_json", sa.Text, nullable=False))
    op.create_index("calibrations_by_board", "board_calibrations", ["board_identity", "id"])
    op.create_table("stability_limits", sa.Column("id", sa.Integer, primary_key=True), _player(),
                    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="SET NULL")),
                    sa.Column("created_at", sa.Text, nullable=False),
                    *(sa.Column(f"{d}_mm", sa.Float, nullable=False) for d in ("forward", "back", "left", "right")),
                    sa.Column("directions_json", sa.Text, nullable=False))
    op.create_table("assessments", sa.Column("id", sa.Integer, primary_key=True), _player(),
                    sa.Column("attempt_id", sa.Integer, sa.ForeignKey("attempts.id", ondelete="CASCADE")),
                    sa.Column("created_at", sa.Text, nullable=False), sa.Column("protocol", sa.Text, nullable=False),
                    sa.Column("board_identity", sa.Text, nullable=False),
                    sa.Column("quality_json", sa.Text, nullable=False))
    op.create_table("assessment_trials", sa.Column("id", sa.Integer, primary_key=True),
                    sa.Column("assessment_id", sa.Integer, sa.ForeignKey("assessments.id", ondelete="CASCADE"),
                              nullable=False),
                    sa.Column("condition", sa.Text, nullable=False), sa.Column("trial", sa.Integer, nullable=False),
                    sa.Column("valid", sa.Integer, nullable=False), sa.Column("note", sa.Text, nullable=False),
                    sa.Column("start_s", sa.Float, nullable=False), sa.Column("end_s", sa.Float, nullable=False),
                    sa.Column("metrics_json", sa.Text, nullable=False))
    op.create_table("incidents", sa.Column("id", sa.Integer, primary_key=True), _player(nullable=True),
                    sa.Column("session_id", sa.Integer, sa.ForeignKey("sessions.id", ondelete="CASCADE")),
                    sa.Column("at", sa.Text, nullable=False), sa.Column("level", sa.Text, nullable=False),
                    sa.Column("kind", sa.Text, nullable=False), sa.Column("detail", sa.Text, nullable=False))
