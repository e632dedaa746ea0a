"""erase8: register work an erasure leaves to the daily sweep (issue 14, review M2 of erase7)

`pending_work` holds "wal_checkpoint" when the TRUNCATE checkpoint after an erasure was busy
(a reader held a snapshot): the erased rows' old bytes may still be in the -wal file, and the
daily sweep retries the checkpoint until it truncates (activities/store.py `retry_checkpoint`).

Revision ID: 0019_erase8
Revises: 0018_council10
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_erase8"
down_revision: str | None = "0018_council10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_work",
        sa.Column("kind", sa.String(), primary_key=True),
        sa.Column("since", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_work")
