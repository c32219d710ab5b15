"""protocols a clinician sets, and the protocol each assessment used"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table("protocols",
                    sa.Column("player_id", sa.Integer, sa.ForeignKey("players.id", ondelete="CASCADE"),
                              primary_key=True, autoincrement=False),
                    sa.Column("set_at", sa.Text, nullable=False), sa.Column("source", sa.Text, nullable=False),
                    sa.Column("text", sa.Text, nullable=False), sa.Column("protocol_json", sa.Text, nullable=False))
    op.add_column("assessments", sa.Column("protocol_json", sa.Text, nullable=False, server_default="{}"))
