"""authority from the register (issue 11): role validity periods, the units an HR officer
serves, and the unions' representative designations (PR-2012 § 9 nr. 3; § 5 nr. 4 and 6)

Revision ID: 0004_authority
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004_authority"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("roles") as batch:
        batch.add_column(sa.Column("valid_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("valid_to", sa.Date(), nullable=True))
        batch.add_column(sa.Column("serves", sa.JSON(), nullable=False, server_default="[]"))
    op.create_table(
        "designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", text(), nullable=False),
        sa.Column("kind", text(), nullable=False),
        sa.Column("organisation", text(), nullable=False),
        sa.Column("unit_ids", sa.JSON(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_designations_person_id"), "designations", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_designations_person_id"), table_name="designations")
    op.drop_table("designations")
    with op.batch_alter_table("roles") as batch:
        batch.drop_column("serves")
        batch.drop_column("valid_to")
        batch.drop_column("valid_from")
