"""people.work_pattern: each employee's working days, a day worker's weekdays or a shift rota
(PR-2012 § 22: welfare days are the employee's own working days, issue 13)

Revision ID: 0014_hire13
Revises: 0009_hirefind
Create Date: 2027-03-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_hire13"
down_revision: str | None = "0009_hirefind"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("work_pattern", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("work_pattern")
