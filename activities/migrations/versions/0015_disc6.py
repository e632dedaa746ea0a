"""people.superiors: each employee's nearest superior, dated (PR-2012 § 11 nr. 3-4: the
per-case seat of the appointing council is the employee's nearest superior per the register on
the day, issue 12's legal review). Council seats are dated inside councils.members (JSON).

Revision ID: 0015_disc6
Revises: 0015_hire14
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_disc6"
down_revision: str | None = "0015_hire14"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("superiors", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("superiors")
