"""queue2: the case file its guards read, beside its view in the read model (issue 15)

Revision ID: 0015_queue2
Revises: 0015_disc6
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_queue2"
down_revision: str | None = "0015_disc6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("case_views", sa.Column("file", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("case_views", "file")
