"""read model: each case's last view, written by its workflow (issue 16)

Revision ID: 0012_read_model
Revises: 0007_councils
Create Date: 2027-02-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_read_model"
down_revision: str | None = "0007_councils"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "case_views",
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("case_id", text(), nullable=False),
        sa.Column("case_type", text(), nullable=False),
        sa.Column("view", sa.Text(), nullable=False),
        sa.Column("written_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workflow_id"),
    )
    op.create_index("ix_case_views_case_id", "case_views", ["case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_views_case_id", table_name="case_views")
    op.drop_table("case_views")
