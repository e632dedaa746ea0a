"""people.employment: permanent or not, probation and service periods (tjml §§ 8–10 with
PR-2012 § 17: the notice period of an oppsigelse, issue 13); leave_periods.work_pattern: the
working days a welfare grant was counted on when it was granted (PR-2012 § 22);
appointments.temporary_ground: a § 15 extension is of a vikariat

Revision ID: 0015_hire14
Revises: 0015_erase2
Create Date: 2027-03-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_hire14"
down_revision: str | None = "0015_erase2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("employment", sa.JSON(), nullable=True))
    with op.batch_alter_table("leave_periods") as batch:
        batch.add_column(sa.Column("work_pattern", sa.JSON(), nullable=True))
    with op.batch_alter_table("appointments") as batch:
        batch.add_column(sa.Column("temporary_ground", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("appointments") as batch:
        batch.drop_column("temporary_ground")
    with op.batch_alter_table("leave_periods") as batch:
        batch.drop_column("work_pattern")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("employment")
