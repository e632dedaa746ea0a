"""case keys: a data key per case, wrapped by the master keys (issue 14)

Revision ID: 0013_case_keys
Revises: 0012_read_model
Create Date: 2027-02-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_case_keys"
down_revision: str | None = "0012_read_model"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "data_keys",
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("master_kid", text(), nullable=False),
        sa.Column("wrapped", text(), nullable=True),
        sa.Column("created_at", when(), nullable=False),
        sa.Column("destroyed_at", when(), nullable=True),
        sa.Column("destroyed_by", text(), nullable=True),
        sa.PrimaryKeyConstraint("workflow_id"),
    )


def downgrade() -> None:
    op.drop_table("data_keys")
