"""erase3: the register's link from an appeal case to the case it appeals (issue 14 review H2)

`cases.opened_from` is written from Temporal's parent since 0015; appeals opened before it have
none. PR-2012 § 18 erases an appeal with its disciplinary case only through this link (an id
that merely starts with `appeal-<case id>-` may be another person's: ids hold "-"). Backfill:
an appeal `appeal-<parent case id>-<n>` is linked to the case with that case id whose opening
event `<E>` is the prefix of the appeal's own opening event `<E>:appeal:<n>` with no door sender
(workflows/duties.py `start_linked_case` writes exactly that; an event through the door always
has a sender). Anything else stays unlinked, and so is kept (arkivloven § 9 bokstav c).

Revision ID: 0016_erase3
Revises: 0015_queue2
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_erase3"
down_revision: str | None = "0015_queue2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPENING = "SELECT event_id, sender FROM journal WHERE workflow_id = :w AND seq = 1"


def upgrade() -> None:
    conn = op.get_bind()
    appeals = conn.execute(sa.text(
        "SELECT workflow_id, case_id FROM cases WHERE case_type = 'appeal' AND opened_from IS NULL"
    )).all()  # fmt: skip
    for wid, case_id in appeals:
        parent_id, _, n = case_id.rpartition("-")
        if not parent_id or not n.isdigit() or wid != f"appeal-{case_id}":
            continue
        own = conn.execute(sa.text(OPENING), {"w": wid}).first()
        if own is None or own.sender is not None:
            continue
        parents = conn.execute(sa.text(
            "SELECT workflow_id FROM cases WHERE case_id = :c AND case_type != 'appeal'"
        ), {"c": parent_id}).scalars().all()  # fmt: skip
        for parent in parents:
            opened = conn.execute(sa.text(OPENING), {"w": parent}).first()
            if opened is not None and own.event_id == f"{opened.event_id}:appeal:{n}":
                conn.execute(sa.text("UPDATE cases SET opened_from = :p WHERE workflow_id = :w"),
                             {"p": parent, "w": wid})  # fmt: skip
                break


def downgrade() -> None:
    """The link stays (it is true); nothing to undo."""
