"""appointments: who was appointed to which post, how, and for how long (PR-2012 § 10 nr. 3,
§ 15: read from the register, not from the event)

Revision ID: 0009_hirefind
Revises: 0013_case_keys (was 0007_councils; re-chained after main added 0012 and 0013)
Create Date: 2027-02-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009_hirefind"
down_revision: str | None = "0008_trust"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "appointments",
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("person_id", text(), nullable=False),
        sa.Column("unit_id", text(), nullable=False),
        sa.Column("post_kind", text(), nullable=False),
        sa.Column("announced", sa.Boolean(), nullable=False),
        sa.Column("permanent", sa.Boolean(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("appointed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("workflow_id"),
    )
    op.create_index("ix_appointments_person_id", "appointments", ["person_id"])


def downgrade() -> None:
    op.drop_index("ix_appointments_person_id", table_name="appointments")
    op.drop_table("appointments")
