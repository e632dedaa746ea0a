"""trust: event ids per sender, keys scoped to units and people, the run that opened a case

Revision ID: 0008_trust
Revises: 0013_case_keys (re-chained onto main's head; was 0007_councils)
Create Date: 2027-02-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008_trust"
down_revision: str | None = "0013_case_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "event_id, digest, type, workflow_id, status, received_at"


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    # Event ids are each sender's own: the binding's key is (sender, event_id). Rows bound
    # without a sender keep "-" (dispatch's key for an unnamed sender).
    op.create_table(
        "event_bindings",
        sa.Column("sender", text(), nullable=False),
        sa.Column("event_id", text(), nullable=False),
        sa.Column("digest", text(), nullable=False),
        sa.Column("type", text(), nullable=False),
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("status", text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sender", "event_id"),
    )
    op.create_index(
        op.f("ix_event_bindings_workflow_id"), "event_bindings", ["workflow_id"], unique=False
    )
    op.execute(
        f"INSERT INTO event_bindings (sender, {COLUMNS}) "
        f"SELECT COALESCE(sender, '-'), {COLUMNS} FROM received_events"
    )
    op.drop_index(op.f("ix_received_events_workflow_id"), table_name="received_events")
    op.drop_table("received_events")
    # What a key may send for: units and the people it may name as actor. Keys issued before
    # get no row, and so send for nobody until re-issued with scopes (docs/legal-choices.md).
    op.create_table(
        "api_send_scopes",
        sa.Column("name", text(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("act_for", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("first_run_id", text(), nullable=True))


def downgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("first_run_id")
    op.drop_table("api_send_scopes")
    op.create_table(
        "received_events",
        sa.Column("event_id", text(), nullable=False),
        sa.Column("digest", text(), nullable=False),
        sa.Column("type", text(), nullable=False),
        sa.Column("workflow_id", text(), nullable=False),
        sa.Column("sender", text(), nullable=True),
        sa.Column("status", text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id"),
    )
    op.create_index(
        op.f("ix_received_events_workflow_id"), "received_events", ["workflow_id"], unique=False
    )
    # One row per id: the first sender's binding survives a downgrade.
    op.execute(
        f"INSERT INTO received_events (sender, {COLUMNS}) "
        f"SELECT sender, {COLUMNS} FROM event_bindings b WHERE NOT EXISTS ("
        "SELECT 1 FROM event_bindings o WHERE o.event_id = b.event_id "
        "AND o.received_at < b.received_at)"
    )
    op.drop_index(op.f("ix_event_bindings_workflow_id"), table_name="event_bindings")
    op.drop_table("event_bindings")
