"""applicants of hiring cases (PR-2012 § 7)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "applicants",
        sa.Column("key", text(), nullable=False),
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("applicant_id", text(), nullable=False),
        sa.Column("name", text(), nullable=False),
        sa.Column("email", text(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", text(), nullable=False),
        sa.Column("title", text(), nullable=False),
        sa.Column("municipality", text(), nullable=False),
        sa.Column("education", text(), nullable=False),
        sa.Column("experience", text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("exemption_reason", text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index(op.f("ix_applicants_workflow_id"), "applicants", ["workflow_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_applicants_workflow_id"), table_name="applicants")
    op.drop_table("applicants")
