"""erase2: the register's own record of the report a disciplinary case came from (issue 14)

`cases.opened_from`: the workflow id of the case that opened this one as its child (TI-2020
§ 2-5: a report of neglect handed over to discipline), written by `open_case` from Temporal's
parent of the run, never from an event. PR-2012 § 18 erases a report with its disciplinary case
only through this link. Cases handed over before it: the link is the child's opening step, a
`report-<id>:hand_to_discipline` event with no door sender (only the report's own step writes
that; an event through the door always has a sender).

Revision ID: 0015_erase2
Revises: 0014_erase
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015_erase2"
down_revision: str | None = "0014_erase"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(
            sa.Column("opened_from", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
        )
    op.execute(
        "UPDATE cases SET opened_from = 'report-' || case_id "
        "WHERE case_type = 'discipline' AND opened_from IS NULL "
        "AND EXISTS (SELECT 1 FROM cases r WHERE r.workflow_id = 'report-' || cases.case_id "
        "AND r.case_type = 'report') "
        "AND EXISTS (SELECT 1 FROM journal j WHERE j.workflow_id = cases.workflow_id "
        "AND j.seq = 1 AND j.sender IS NULL "
        "AND j.event_id = 'report-' || cases.case_id || ':' || 'hand_to_discipline')"
    )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("opened_from")
