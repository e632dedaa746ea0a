"""perf4: the register's org stamp, changed by every write to the tables that say who holds what

Store.org_tables keeps the organisation's units, roles, councils, delegations and designations
in memory while `org_stamp.stamp` stands, and reads the stamp (one row) on every use. A trigger
on each of those tables sets a new random stamp in the writing transaction, so a write through
any process or session, through Store or straight SQL, is seen by the next authority check
(authority is never stale: states/authority.py). Random, not a count: a rolled-back write must
not leave a reader's copy under a stamp the next write gives again.

Revision ID: 0017_perf4
Revises: 0016_erase3
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_perf4"
down_revision: str | None = "0016_erase3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("org_units", "roles", "councils", "delegations", "designations")  # store.ORG_STAMPED
WHEN = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table("org_stamp", sa.Column("stamp", sa.BigInteger(), nullable=False))
    op.execute("INSERT INTO org_stamp (stamp) VALUES (0)")
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for when in WHEN:
                op.execute(
                    f"CREATE TRIGGER org_stamp_{table}_{when.lower()} AFTER {when} ON {table} "
                    "BEGIN UPDATE org_stamp SET stamp = random(); END"
                )
        return
    op.execute(
        "CREATE FUNCTION org_stamp_new() RETURNS trigger AS $$ BEGIN "
        "UPDATE org_stamp SET stamp = floor(random() * 9.2e18)::bigint; RETURN NULL; END "
        "$$ LANGUAGE plpgsql"
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER org_stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION org_stamp_new()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in TABLES:
            for when in WHEN:
                op.execute(f"DROP TRIGGER org_stamp_{table}_{when.lower()}")
    else:
        for table in TABLES:
            op.execute(f"DROP TRIGGER org_stamp_{table} ON {table}")
        op.execute("DROP FUNCTION org_stamp_new()")
    op.drop_table("org_stamp")
