"""councils: the unions and confederations, with forhandlingsberettiget status (PR-2012 § 12)

Revision ID: 0007_councils
Revises: 0006_integrity
Create Date: 2027-01-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_councils"
down_revision: str | None = "0006_integrity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "unions",
        sa.Column("name", text(), nullable=False),
        sa.Column("confederation", text(), nullable=True),
        sa.Column("negotiation_entitled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("unions")
