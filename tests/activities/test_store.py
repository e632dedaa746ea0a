"""The register on a real database: SQLite always, PostgreSQL when PERSONALSAK_TEST_POSTGRES_URL
is set (.ci/run sets it when a server answers on 127.0.0.1:5432)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

from activities.case_activities import CaseActivities
from activities.contracts import LeavePeriod, OpenCase, StepRecord
from activities.notifications import Mailer
from activities.store import DelegationRow, RoleRow, Store
from intake.org_file import read_org
from states.machine import Actor, HistoryEntry
from states.org import Role
from tests.conftest import EXAMPLES, postgres_url
from tests.helpers import withdrawal_letter


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'r.db'}")
        store.migrate()
        yield store
        store.engine.dispose()
        return
    base = postgres_url()
    if not base:
        pytest.skip("PERSONALSAK_TEST_POSTGRES_URL not set")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    store = Store(f"{base}?options=-csearch_path%3D{schema}")
    store.migrate()
    yield store
    store.engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def acts(db: Store, tmp_path: Path) -> CaseActivities:
    db.load_org(read_org(EXAMPLES / "org.yaml"))
    return CaseActivities(db, Mailer(tmp_path / "mail"))


def test_migration_matches_the_models(db: Store) -> None:
    """The Alembic revision creates every table and column the models declare."""
    insp = inspect(db.engine)
    for table in SQLModel.metadata.sorted_tables:
        cols = {c["name"] for c in insp.get_columns(table.name)}
        assert cols == {c.name for c in table.columns}, table.name


def test_org_slice_holds_what_authority_needs(acts: CaseActivities) -> None:
    ctx = acts.load_context("emp-1", "leave-x")
    roles = {(r.person_id, r.role) for r in ctx.org.roles}
    assert ("rd-east", "regional_director") in roles and ("jd-1", "justice_department") in roles
    assert "council-oslo-prison" in [c.council_id for c in ctx.org.councils]
    assert [d.to_person_id for d in ctx.org.delegations] == ["hr-east"]
    assert ctx.unit_name == "Oslo fengsel" and ctx.region == "r-east"
    assert [p.person_id for p in ctx.org.people] == ["emp-1"]  # no one else's personal data


def test_authority_is_never_read_from_a_stale_copy(acts: CaseActivities, db: Store) -> None:
    """The register keeps the organisation in memory while its org stamp stands (0017_perf4);
    every write to a table of who holds what changes the stamp, however it is written, so the
    next authority check sees it (PR-2012 § 22: the regional director "eller den som
    regiondirektøren gir fullmakt" -- a role or fullmakt given or ended counts at once)."""
    today = date.today()
    assert not db.grants("emp-1", today).holds(Role.hr_officer)
    with db.session() as s:
        assert db.org_tables(s) is db.org_tables(s)  # nothing written: the one copy, kept
        s.add(RoleRow(person_id="emp-1", role=Role.hr_officer, unit_id="oslo-prison"))
    assert db.grants("emp-1", today).holds(Role.hr_officer)  # a row written straight in
    other = Store(db.url)  # another process's register, on the same database
    with other.session() as s:
        s.execute(text("DELETE FROM roles WHERE person_id = 'emp-1'"))  # plain SQL
    assert not db.grants("emp-1", today).holds(Role.hr_officer)
    with db.session() as s:  # a fullmakt seen inside its own transaction, then rolled back
        s.add(DelegationRow(from_person_id="rd-east", to_person_id="emp-1", matters=["leave"],
                            valid_from=today))  # fmt: skip
        s.flush()
        assert "emp-1" in [d.to_person_id for d in db.org_slice("emp-1", session=s).delegations]
        s.rollback()
    assert [d.to_person_id for d in db.org_slice("emp-1").delegations] == ["hr-east"]
    other.engine.dispose()


def test_org_load_is_all_or_nothing(db: Store, tmp_path: Path) -> None:
    from states.rules import RuleViolation

    db.load_org(read_org(EXAMPLES / "org.yaml"))
    bad = tmp_path / "bad.yaml"
    text_ = (EXAMPLES / "org.yaml").read_text()
    bad.write_text(
        text_.replace(
            "eva.lie@krus.example, unit_id: krus", "eva.lie@krus.example, unit_id: nowhere"
        ).replace("Kari Nordmann", "Someone Else")
    )
    with pytest.raises(RuleViolation) as e:
        read_org(bad)
    assert "unknown id 'nowhere'" in e.value.message
    assert db.person("emp-1").name == "Kari Nordmann"  # type: ignore[union-attr]  # unchanged


def test_journal_and_register_are_idempotent(acts: CaseActivities, db: Store) -> None:
    now = datetime.now(UTC)
    opened = OpenCase(
        workflow_id="leave-1",
        case_id="1",
        case_type="leave",
        ruleset="PR-2012",
        person_id="emp-1",
        opened_at=now,
    )
    acts.open_case(opened)
    acts.open_case(opened)
    entry = HistoryEntry(
        trigger="register",
        source="requested",
        dest="awaiting_decision",
        rule="PR-2012 § 23 nr. 4",
        actor=Actor(person_id="system", role="system"),
        at=now,
    )
    acts.record_step(StepRecord(workflow_id="leave-1", seq=1, entry=entry))
    acts.record_step(StepRecord(workflow_id="leave-1", seq=1, entry=entry))  # a retried activity
    journal = db.journal("leave-1")
    assert [(j.seq, j.rule) for j in journal] == [(1, "PR-2012 § 23 nr. 4")]
    assert db.case("leave-1").state == "awaiting_decision"  # type: ignore[union-attr]


def test_welfare_days_counted_from_the_register(acts: CaseActivities) -> None:
    acts.record_leave_period(
        LeavePeriod(
            workflow_id="leave-a",
            person_id="emp-1",
            kind="welfare",
            start=date(2027, 3, 1),
            end=date(2027, 3, 5),
        )
    )
    acts.record_leave_period(
        LeavePeriod(
            workflow_id="leave-b",
            person_id="emp-1",
            kind="welfare",
            start=date(2027, 12, 30),
            end=date(2028, 1, 4),
        )
    )
    assert acts.load_context("emp-1", "leave-new").welfare_days_used == {2027: 7, 2028: 2}
    assert acts.load_context("emp-1", "leave-a").welfare_days_used == {2027: 2, 2028: 2}
    acts.record_leave_period(
        LeavePeriod(
            workflow_id="leave-b",
            person_id="emp-1",
            kind="welfare",
            start=date(2027, 12, 30),
            end=None,
        )
    )  # withdrawn
    assert acts.load_context("emp-1", "leave-new").welfare_days_used == {2027: 5}


def test_letter_filed_once_and_sent_once(acts: CaseActivities, db: Store, tmp_path: Path) -> None:
    letter = withdrawal_letter("1", "emp-1")
    sent = acts.send_letter(letter)
    again = acts.send_letter(letter)
    assert sent == again and len(db.documents("leave-1")) == 1 and len(db.outbox("leave-1")) == 1
    [key] = sent.outbox_keys
    assert acts.deliver(key).endswith(".eml")
    assert acts.deliver(key) == "already sent"
    [mail] = list((tmp_path / "mail").glob("*.eml"))
    body = mail.read_text()
    assert "Til: Kari Nordmann" in body and "10. mars 2027" in body
    assert db.outbox("leave-1")[0].status == "sent"
