"""read scopes of API keys and the access log (issue 11: every read recorded)

Revision ID: 0005_access
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005_access"
down_revision: str | None = "0004_authority"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "api_read_scopes",
        sa.Column("name", text(), nullable=False),
        sa.Column("case_types", sa.JSON(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("reader", text(), nullable=False),
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("case_id", text(), nullable=False),
        sa.Column("ground", text(), nullable=False),
        sa.Column("channel", text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("reader", "workflow_id", "case_id"):
        op.create_index(op.f(f"ix_access_log_{column}"), "access_log", [column], unique=False)


def downgrade() -> None:
    for column in ("reader", "workflow_id", "case_id"):
        op.drop_index(op.f(f"ix_access_log_{column}"), table_name="access_log")
    op.drop_table("access_log")
    op.drop_table("api_read_scopes")
