"""play on two seats and in turns: the seat an attempt was played on, and for an attempt of a match the
opponent(s), the match's id and this player's outcome"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"


def upgrade() -> None:
    op.add_column("attempts", sa.Column("seat", sa.Integer, nullable=False, server_default="0"))
    for name in ("opponent", "match_uid", "match_result"):
        op.add_column("attempts", sa.Column(name, sa.Text))
    op.create_index("attempts_by_match", "attempts", ["match_uid"])
