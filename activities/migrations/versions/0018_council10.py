"""council10: each welfare grant's working days as granted (PR-2012 § 22)

`leave_periods.working_days`: the working days a case granted as paid welfare leave, each
segment (the first grant, every extension) counted on the working days that held when it was
granted, so the count per calendar year across cases takes an extension on its own. Rows from
before keep NULL and are counted as before (their period on the pattern of their first grant).

Revision ID: 0018_council10
Revises: 0017_perf4
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_council10"
down_revision: str | None = "0017_perf4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("leave_periods") as batch:
        batch.add_column(sa.Column("working_days", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("leave_periods") as batch:
        batch.drop_column("working_days")
