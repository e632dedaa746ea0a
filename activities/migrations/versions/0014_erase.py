"""erase: the record of each case's erasure by rule (issue 14)

Revision ID: 0014_erase
Revises: 0009_hirefind
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_erase"
down_revision: str | None = "0014_hire13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "erasures",
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("root", text(), nullable=False),
        sa.Column("rule", text(), nullable=False),
        sa.Column("scope", text(), nullable=False),
        sa.Column("requested_at", when(), nullable=False),
        sa.Column("erased_at", when(), nullable=True),
        sa.Column("keys_destroyed_at", when(), nullable=True),
        sa.PrimaryKeyConstraint("workflow_id"),
    )
    op.create_index("ix_erasures_root", "erasures", ["root"])


def downgrade() -> None:
    op.drop_index("ix_erasures_root", "erasures")
    op.drop_table("erasures")
