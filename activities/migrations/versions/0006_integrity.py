"""integrity: events bound to their content, the journal's sender, free text sealed at rest

Revision ID: 0006_integrity
Revises: 0003
Create Date: 2027-01-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from activities import sealed

revision: str = "0006_integrity"
down_revision: str | None = "0005_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The free-text personal fields that are stored sealed (activities/sealed.py): rows written
# before are sealed here with the configured key, so an upgraded register holds no plain text.
SEALED = {
    "documents": ("doc_id", ("body",)),
    "outbox": ("key", ("body",)),
    "applicants": ("key", ("name", "email", "education", "experience", "exemption_reason")),
}


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
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
    with op.batch_alter_table("journal") as batch:
        batch.add_column(sa.Column("sender", text(), nullable=True))
    conn = op.get_bind()
    for table, (key, columns) in SEALED.items():
        query = sa.text(f"SELECT {key}, {', '.join(columns)} FROM {table}")
        for row in conn.execute(query).fetchall():
            values = {
                c: sealed.seal(v)
                for c, v in zip(columns, row[1:], strict=True)
                if isinstance(v, str) and not v.startswith(sealed.PREFIX)
            }
            if values:
                sets = ", ".join(f"{c} = :{c}" for c in values)
                conn.execute(
                    sa.text(f"UPDATE {table} SET {sets} WHERE {key} = :k"), {**values, "k": row[0]}
                )


def downgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        batch.drop_column("sender")
    op.drop_index(op.f("ix_received_events_workflow_id"), table_name="received_events")
    op.drop_table("received_events")
