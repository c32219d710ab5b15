"""player profile (birth year, sex, goal, injured side) and each check trial's raw metrics"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("players", sa.Column("birth_year", sa.Integer))
    for name in ("sex", "goal", "injured_side"):
        op.add_column("players", sa.Column(name, sa.Text))
    op.add_column("assessment_trials", sa.Column("raw_metrics_json", sa.Text, nullable=False, server_default="{}"))
