"""The case register: tables (sqlmodel) and the queries the activities and the CLI use.

SQLite by default, PostgreSQL through the same DATABASE_URL. The schema is owned
by the Alembic migrations beside this file; `Store.migrate()` applies them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, select

from activities import sealed
from activities.sealed import Sealed
from states.authority import Grants, grants_of
from states.org import (
    Council,
    CouncilMember,
    Delegation,
    Designation,
    Org,
    Person,
    Role,
    RoleAssignment,
    Union,
    Unit,
    WorkPattern,
)
from states.retention import PR_18

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- organisation -------------------------------------------------------------------


class UnitRow(SQLModel, table=True):
    __tablename__ = "org_units"
    unit_id: str = Field(primary_key=True)
    name: str
    kind: str
    region_id: str | None = Field(default=None, index=True)


class PersonRow(SQLModel, table=True):
    __tablename__ = "people"
    person_id: str = Field(primary_key=True)
    name: str
    email: str
    unit_id: str = Field(index=True)
    position: str = ""
    birth_date: date | None = None
    embetsmann: bool = False
    # 0014_hire13: the employee's working days (PR-2012 § 22); None: Monday–Friday
    work_pattern: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # 0015_hire14: permanent or not, probation and service periods (tjml §§ 8–10, PR-2012 § 17)
    employment: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # 0015_disc6: the nearest superior, dated (PR-2012 § 11 nr. 3-4)
    superiors: list[dict[str, Any]] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )


def person_row(p: Person) -> PersonRow:
    """A person as the register keeps them (the work pattern, employment and superiors as JSON:
    their dates strings)."""
    as_json = {"work_pattern", "employment", "superiors"}
    return PersonRow(**p.model_dump(mode="json") | p.model_dump(exclude=as_json))


class RoleRow(SQLModel, table=True):
    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("person_id", "role", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(index=True)
    role: str = Field(index=True)
    unit_id: str
    valid_from: date | None = None  # 0004_authority: validity periods and HR scope
    valid_to: date | None = None
    serves: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class DesignationRow(SQLModel, table=True):
    """Representatives named by the unions (PR-2012 § 9 nr. 3; § 5 nr. 4 and 6)."""

    __tablename__ = "designations"
    id: int | None = Field(default=None, primary_key=True)
    person_id: str = Field(index=True)
    kind: str
    organisation: str
    unit_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    valid_from: date | None = None
    valid_to: date | None = None


class UnionRow(SQLModel, table=True):
    """The unions and confederations with their forhandlingsberettiget status (PR-2012 § 12;
    0007_councils)."""

    __tablename__ = "unions"
    name: str = Field(primary_key=True)
    confederation: str | None = None
    negotiation_entitled: bool = False


class CouncilRow(SQLModel, table=True):
    __tablename__ = "councils"
    council_id: str = Field(primary_key=True)
    kind: str
    name: str
    unit_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    members: list[dict[str, str | None]] = Field(sa_column=Column(JSON, nullable=False))


class DelegationRow(SQLModel, table=True):
    __tablename__ = "delegations"
    id: int | None = Field(default=None, primary_key=True)
    from_person_id: str = Field(index=True)
    to_person_id: str = Field(index=True)
    matters: list[str] = Field(sa_column=Column(JSON, nullable=False))
    valid_from: date
    valid_to: date | None = None


# -- cases --------------------------------------------------------------------------


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"
    workflow_id: str = Field(primary_key=True)
    case_id: str = Field(index=True)
    case_type: str = Field(index=True)
    ruleset: str
    state: str = Field(index=True)
    person_id: str = Field(index=True)
    org_unit: str = Field(index=True)
    region: str | None = None
    opened_at: datetime
    updated_at: datetime
    # The run that opened the case (Temporal's first execution run id; 0008_trust): a case is
    # opened once, so another run on the same workflow id is refused (`open_case`).
    first_run_id: str | None = None
    # The case that opened this one as its child, from Temporal's parent of the run, never from
    # an event (0015_erase2): a report handed to discipline (TI-2020 § 2-5) is erased with the
    # disciplinary case under PR-2012 § 18 only through this link (states/retention.py).
    opened_from: str | None = None


# A refusal to erase may be journalled while the case runs (activities/erasure.py); the case
# numbers its own steps from 1 and `record_step` is idempotent by that number, so the erasure's
# lines are numbered above any the case can reach and never take a step's place.
OWN_SEQ = 1_000_000_000
# The erasure's journal lines (an erasure, a refusal, an officer's link of the report to the
# case and its undoing: `case link-report`, `case unlink-report`; the § 18 step's notice of a
# report the case names that no one linked): they enter no state and are no step in the case,
# so they give no read ground ("took a step in it") to whoever asked, and never move a
# period's anchor (PR-2012 § 18's five years; issue 14 review L1).
LINK_TRIGGER, UNLINK_TRIGGER, NOT_LINKED = "link_report", "unlink_report", "report_not_linked"
ERASURE_TRIGGERS = ("erase", "erase_refused", LINK_TRIGGER, UNLINK_TRIGGER, NOT_LINKED)


class JournalRow(SQLModel, table=True):
    """The audit journal: one row per step, with the rule that allowed it."""

    __tablename__ = "journal"
    __table_args__ = (UniqueConstraint("workflow_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    workflow_id: str = Field(index=True)
    seq: int
    trigger: str
    source: str
    dest: str
    rule: str
    actor_id: str
    actor_role: str
    on_behalf_of: str | None = None
    event_id: str | None = None
    at: datetime
    sender: str | None = None  # who sent the event through the door (system:, person:, cli:)


class DocumentRow(SQLModel, table=True):
    __tablename__ = "documents"
    doc_id: str = Field(primary_key=True)  # idempotency key: workflow id + step
    workflow_id: str = Field(index=True)
    kind: str
    title: str
    body: str = Field(sa_type=Sealed)
    recipient_id: str | None = None
    created_at: datetime


class CaseViewRow(SQLModel, table=True):
    """The read model: each case's view as its workflow last wrote it (activities/read_model.py),
    so `case show` and `GET /cases/{id}` answer without replaying the case. Sealed: the view
    holds names, reasons and statements."""

    __tablename__ = "case_views"
    workflow_id: str = Field(primary_key=True)
    case_id: str = Field(index=True)
    case_type: str
    view: str = Field(sa_type=Sealed)
    written_at: datetime
    # The case file its guards read (workflows/case.py `queue_file`), for the work queue only
    # (intake/tasks.py); never shown to a reader. Sealed like the view; erased with it.
    file: str | None = Field(default=None, sa_type=Sealed)


class DataKeyRow(SQLModel, table=True):
    """A case's own data key (intake/keyring.py), wrapped by a master key; destroying it makes
    every payload of the case unreadable wherever it is stored (crypto-shredding)."""

    __tablename__ = "data_keys"
    workflow_id: str = Field(primary_key=True)
    master_kid: str  # the master key that wraps it
    wrapped: str | None = None  # base64(nonce + AES-GCM(master, data key)); None once destroyed
    created_at: datetime
    destroyed_at: datetime | None = None
    destroyed_by: str | None = None  # the rule, e.g. "PR-2012 § 18"


class ErasureRow(SQLModel, table=True):
    """A case erased by rule (issue 14, activities/erasure.py): requested by the rule's step
    (or an officer), its register cleared once every case of its family closed, then its data
    key destroyed. What was erased, when and by which rule; nothing personal."""

    __tablename__ = "erasures"
    workflow_id: str = Field(primary_key=True)
    root: str = Field(index=True)  # the case whose rule erased it (the disciplinary case)
    rule: str  # e.g. "PR-2012 § 18"
    scope: str  # states/retention.py `Scope`
    requested_at: datetime
    erased_at: datetime | None = None
    keys_destroyed_at: datetime | None = None


class PendingWorkRow(SQLModel, table=True):
    """Register work an erasure left to the daily sweep (0019_erase8): "wal_checkpoint" when
    the TRUNCATE checkpoint after an erasure was busy (a reader held a snapshot), so the erased
    rows' old bytes may still be in the -wal file (review M2 of erase7)."""

    __tablename__ = "pending_work"
    kind: str = Field(primary_key=True)
    since: datetime


WAL_CHECKPOINT = "wal_checkpoint"


class OutboxRow(SQLModel, table=True):
    """A message to deliver; `key` makes a repeated step send one message."""

    __tablename__ = "outbox"
    key: str = Field(primary_key=True)
    workflow_id: str = Field(index=True)
    doc_id: str | None = None
    recipient_id: str
    to_address: str
    subject: str
    body: str = Field(sa_type=Sealed)
    status: str = Field(default="pending", index=True)  # pending | sent
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime
    sent_at: datetime | None = None


class LeavePeriodRow(SQLModel, table=True):
    """Granted leave, for counting welfare days per calendar year (PR-2012 § 22)."""

    __tablename__ = "leave_periods"
    workflow_id: str = Field(primary_key=True)
    person_id: str = Field(index=True)
    kind: str
    start: date
    end: date
    # 0015_hire14: the working days the grant was counted on when it was granted (PR-2012 § 22:
    # a later change of the employee's pattern does not recount it); None: a row from before
    work_pattern: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # 0018_council10: the working days granted (ISO dates), each segment counted as granted
    # (PR-2012 § 22: an extension on its own); None: a row from before, counted on its pattern
    working_days: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


def pattern_of(person: PersonRow | None) -> dict[str, Any]:
    """The working days a welfare grant is counted on now (PR-2012 § 22): the person's work
    pattern, or a day worker's (Monday–Friday, holidays off) where the register has none."""
    held = person.work_pattern if person is not None else None
    pattern = WorkPattern.model_validate(held) if held else None
    return (pattern or WorkPattern()).model_dump(mode="json")


def granted_on(row: LeavePeriodRow) -> Callable[[date], bool]:
    """The working days of the pattern a grant was counted on when it was granted."""
    return WorkPattern.model_validate(row.work_pattern).works_on


class AppointmentRow(SQLModel, table=True):
    """One appointment a hiring case made (PR-2012 § 10 nr. 3, § 15): whom, to which post, after
    announcement or not, and the months it runs in all (extensions included). No names."""

    __tablename__ = "appointments"
    workflow_id: str = Field(primary_key=True)
    person_id: str = Field(index=True)
    unit_id: str
    post_kind: str
    announced: bool  # after public announcement and the ordinary procedure (§ 15)
    permanent: bool
    months: int  # a temporary appointment's months in all (0 when permanent)
    appointed_on: date
    # 0015_hire14: the temporary ground (§ 15 "forlengelse av vikariat" reads "substitute")
    temporary_ground: str | None = None


class ApplicantRow(SQLModel, table=True):
    """One application in a hiring case (PR-2012 § 7): the personal data the applicant lists
    and letters need. The workflow keeps only the applicant id and what the rules read."""

    __tablename__ = "applicants"
    key: str = Field(primary_key=True)  # workflow id + ":" + applicant id
    workflow_id: str = Field(index=True)
    applicant_id: str
    name: str = Field(sa_type=Sealed)
    email: str = Field(sa_type=Sealed)
    birth_date: date | None = None
    gender: str
    title: str = ""
    municipality: str = ""
    education: str = Field(default="", sa_type=Sealed)
    experience: str = Field(default="", sa_type=Sealed)
    received_on: date
    late: bool = False
    withdrawn_on: date | None = None
    # offentleglova § 25: why they ask to be left off
    exemption_reason: str | None = Field(default=None, sa_type=Sealed)


class ApiClientRow(SQLModel, table=True):
    """An HR system allowed through the HTTP door: its key's hash and the events it may send."""

    __tablename__ = "api_clients"
    name: str = Field(primary_key=True)
    key_hash: str = Field(index=True, unique=True)
    event_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime


# -- the store ----------------------------------------------------------------------

MIGRATIONS = Path(__file__).parent / "migrations"


# The tables whose rows say who holds what (authority): a trigger on each changes the register's
# org stamp in the writing transaction (0017_perf4), whoever writes them and however.
ORG_STAMPED = ("org_units", "roles", "councils", "delegations", "designations")


@dataclass(frozen=True)
class OrgTables:
    """The stamped tables as models, as of `stamp`; shared by every reader: read-only."""

    stamp: int
    units: dict[str, Unit]
    roles: list[RoleAssignment]
    councils: list[Council]
    delegations: list[Delegation]
    designations: list[Designation]


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            private_file(Path(path))
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record) -> None:  # type: ignore[no-untyped-def]
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            # An overwritten or deleted row's old bytes are zeroed in the file, not left on a
            # free page where the master key still opens them (issue 14 review H1)
            cur.execute("PRAGMA secure_delete=ON")
            # SQLite's own checkpoints never truncate the -wal file: with no size limit an
            # erasure's old ciphertext stays past a busy TRUNCATE until the file is reused;
            # with 0 each reset of the log truncates it (review M2 of erase7)
            cur.execute("PRAGMA journal_size_limit=0")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Store:
    def __init__(self, url: str, keys: list[tuple[str, bytes]] | None = None) -> None:
        """`keys`: the codec keys that seal the free-text personal fields (default: the
        configured ones, activities/sealed.py)."""
        self.url = url
        sealed.install(configured_keys() if keys is None else keys)
        self.engine = make_engine(url)
        self._org: OrgTables | None = None

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection_url"] = self.url
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session
            session.commit()

    @contextmanager
    def reuse(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (its transaction), or one of its own, committed at the end."""
        if session is not None:
            yield session
            return
        with self.session() as s:
            yield s

    # -- organisation ---------------------------------------------------------------

    def load_org(self, org: Org) -> dict[str, int]:
        """Replace the organisation with `org` (one transaction: all or nothing)."""
        with self.session() as s:
            tables = (UnitRow, PersonRow, RoleRow, CouncilRow, DelegationRow, DesignationRow,
                      UnionRow)  # fmt: skip
            for table in tables:
                for row in s.exec(select(table)).all():
                    s.delete(row)
            s.flush()
            s.add_all(UnitRow(**u.model_dump()) for u in org.units)
            s.add_all(person_row(p) for p in org.people)
            s.add_all(RoleRow(**r.model_dump()) for r in org.roles)
            s.add_all(
                CouncilRow(
                    council_id=c.council_id,
                    kind=c.kind,
                    name=c.name,
                    unit_ids=c.unit_ids,
                    members=[m.model_dump(mode="json") for m in c.members],
                )
                for c in org.councils
            )
            s.add_all(DelegationRow(**d.model_dump()) for d in org.delegations)
            s.add_all(DesignationRow(**d.model_dump()) for d in org.designations)
            s.add_all(UnionRow(**u.model_dump()) for u in org.unions)
        return {
            "units": len(org.units),
            "people": len(org.people),
            "roles": len(org.roles),
            "councils": len(org.councils),
            "delegations": len(org.delegations),
            "designations": len(org.designations),
            "unions": len(org.unions),
        }

    def org_tables(self, session: Session) -> OrgTables:
        """The stamped tables (ORG_STAMPED), read again only when the register's org stamp has
        changed since this Store last read them: one query per use. Any write to those tables
        changes the stamp in its own transaction (a trigger, 0017_perf4), from any process or
        session, through Store or not, so authority is never read from a stale copy. The stamp
        is random, not a count: a rolled-back write cannot bring back a stamp another write
        then reuses. The stamp is read before the rows, so the rows are never older than it."""
        stamp = session.exec(text("SELECT stamp FROM org_stamp")).scalar_one()  # type: ignore[call-overload]
        cached = self._org
        if cached is not None and cached.stamp == stamp:
            return cached
        fresh = OrgTables(
            stamp=stamp,
            units={u.unit_id: Unit.model_validate(u, from_attributes=True)
                   for u in session.exec(select(UnitRow)).all()},
            roles=[RoleAssignment.model_validate(r, from_attributes=True)
                   for r in session.exec(select(RoleRow)).all()],
            councils=[
                Council(council_id=c.council_id, kind=c.kind, name=c.name, unit_ids=c.unit_ids,
                        members=[CouncilMember.model_validate(m) for m in c.members])
                for c in session.exec(select(CouncilRow)).all()
            ],
            delegations=[Delegation.model_validate(d, from_attributes=True)
                         for d in session.exec(select(DelegationRow)).all()],
            designations=[Designation.model_validate(d, from_attributes=True)
                          for d in session.exec(select(DesignationRow)).all()],
        )  # fmt: skip
        self._org = fresh
        return fresh

    def grants(self, person_id: str, on: date) -> Grants:
        """What the register holds for `person_id` on `on` (states/authority.py `Grants`): their
        roles and designations valid that day, the councils they sit on; all units, so that an
        HR officer's regions resolve to the units in them."""
        with self.session() as s:
            t = self.org_tables(s)
            person = s.get(PersonRow, person_id)
        org = Org(
            units=list(t.units.values()),
            people=[Person.model_validate(person, from_attributes=True)] if person else [],
            roles=[r for r in t.roles if r.person_id == person_id],
            designations=[d for d in t.designations if d.person_id == person_id],
            councils=[c for c in t.councils if any(m.person_id == person_id for m in c.members)],
        )
        return grants_of(org, person_id, on)

    def unions(self) -> list[Union]:
        """The unions and confederations with their forhandlingsberettiget status (§ 12)."""
        with self.session() as s:
            return [Union.model_validate(u, from_attributes=True)
                    for u in s.exec(select(UnionRow)).all()]  # fmt: skip

    def person(self, person_id: str) -> Person | None:
        with self.session() as s:
            row = s.get(PersonRow, person_id)
            return Person.model_validate(row, from_attributes=True) if row else None

    def cases_of(self, person_id: str, case_type: str) -> list[CaseRow]:
        """The cases of one type about `person_id` (PR-2012 § 10 nr. 1's chained orders)."""
        with self.session() as s:
            stmt = select(CaseRow).where(CaseRow.person_id == person_id,
                                         CaseRow.case_type == case_type)  # fmt: skip
            return list(s.exec(stmt).all())

    def superior_at(self, person_id: str, unit_id: str, on: date) -> bool:
        """PR-2012 § 9 nr. 1, § 11 nr. 3 (council11): the register names `person_id` the nearest
        superior of someone at `unit_id` on `on`."""
        with self.session() as s:
            rows = s.exec(select(PersonRow).where(PersonRow.unit_id == unit_id)).all()
        return any(Person.model_validate(r, from_attributes=True).nearest_superior(on) == person_id
                   for r in rows)  # fmt: skip

    def org_slice(
        self, person_id: str, unit_id: str | None = None, session: Session | None = None
    ) -> Org:
        """What authority for this person's cases needs: their unit and region (and those of
        `unit_id`, a vacant post's), the directors, the Justice Department, the councils over
        them, and delegations."""
        with self.reuse(session) as s:
            person = s.get(PersonRow, person_id)
            if person is None:
                return Org()
            t = self.org_tables(s)
        scope: set[str] = set()
        units: dict[str, Unit] = {}
        for uid in dict.fromkeys([person.unit_id, *([unit_id] if unit_id else [])]):
            unit = t.units.get(uid)
            region = None
            if unit is not None:
                region = unit.unit_id if unit.kind == "region" else unit.region_id
            scope |= {uid, *([region] if region else [])}
            for u in (unit, t.units.get(region) if region else None):
                if u is not None:
                    units.setdefault(u.unit_id, u)
        top = (Role.regional_director, Role.krus_director, Role.kitt_director, Role.unit_leader)
        roles = [
            r
            for r in t.roles
            if r.person_id == person_id
            or (r.role in top and r.unit_id in scope)
            or r.role in (Role.justice_department, Role.ksf_leader)
        ]
        councils = [
            c
            for c in t.councils
            if scope & set(c.unit_ids) or c.kind == "central"  # escalations and appeals
        ]
        holders = {r.person_id for r in roles} | {
            m.person_id for c in councils for m in c.members if m.seat == "leader"
        }
        return Org(
            units=list(units.values()),
            people=[Person.model_validate(person, from_attributes=True)],
            roles=roles,
            councils=councils,
            delegations=[d for d in t.delegations if d.from_person_id in holders],
            # PR-2012 § 5 nr. 4 and 6: the unions' tillitsvalgte for the case's units, region
            # or everywhere (issue 13: the case reads them, not the council's representatives).
            designations=[d for d in t.designations if not d.unit_ids or scope & set(d.unit_ids)],
        )

    def people(self, person_ids: list[str], applicants_of: str | None = None) -> dict[str, Person]:
        """People by id; with `applicants_of` (a hiring case's workflow id), that case's
        applicants too, who are parties to it but not in the staff register."""
        with self.session() as s:
            rows = s.exec(select(PersonRow).where(PersonRow.person_id.in_(person_ids))).all()  # type: ignore[attr-defined]
            out = {r.person_id: Person.model_validate(r, from_attributes=True) for r in rows}
            if applicants_of:
                out |= {
                    a.applicant_id: Person(
                        person_id=a.applicant_id,
                        name=a.name,
                        email=a.email,
                        unit_id="",
                        position=a.title,
                        birth_date=a.birth_date,
                    )
                    for a in self.applicants(applicants_of, s)
                    if a.applicant_id in person_ids and a.applicant_id not in out
                }
            return out

    def record_appointment(self, row: AppointmentRow) -> None:
        """Idempotent: the case's one row, replaced (an extension updates its months)."""
        with self.session() as s:
            s.merge(row)

    def appointment(self, workflow_id: str) -> AppointmentRow | None:
        with self.session() as s:
            return s.get(AppointmentRow, workflow_id)

    def appointments_to(self, unit_id: str, post_kind: str) -> list[AppointmentRow]:
        """§ 10 nr. 3: the earlier appointments to the same post (unit and kind of post)."""
        with self.session() as s:
            stmt = select(AppointmentRow).where(
                AppointmentRow.unit_id == unit_id, AppointmentRow.post_kind == post_kind
            )
            return list(s.exec(stmt).all())

    def applicants(self, workflow_id: str, session: Session | None = None) -> list[ApplicantRow]:
        """A hiring case's applications in the order they came."""
        query = (
            select(ApplicantRow)
            .where(ApplicantRow.workflow_id == workflow_id)
            .order_by(ApplicantRow.received_on, ApplicantRow.applicant_id)  # type: ignore[arg-type]
        )
        if session is not None:
            return list(session.exec(query).all())
        with self.session() as s:
            return list(s.exec(query).all())

    def unit(self, unit_id: str) -> Unit | None:
        with self.session() as s:
            row = s.get(UnitRow, unit_id)
            return Unit.model_validate(row, from_attributes=True) if row else None

    def unit_name(self, unit_id: str, session: Session | None = None) -> str:
        with self.reuse(session) as s:
            row = s.get(UnitRow, unit_id)
            return row.name if row else unit_id

    # -- API clients ------------------------------------------------------------------

    def add_api_client(self, name: str, key_hash: str, event_types: list[str]) -> None:
        with self.session() as s:
            row = s.get(ApiClientRow, name) or ApiClientRow(
                name=name, key_hash=key_hash, event_types=event_types, created_at=utcnow()
            )
            row.key_hash, row.event_types = key_hash, event_types
            s.add(row)

    def api_client(self, key_hash: str) -> ApiClientRow | None:
        with self.session() as s:
            return s.exec(select(ApiClientRow).where(ApiClientRow.key_hash == key_hash)).first()

    def set_send_scope(self, name: str, units: list[str], act_for: list[str]) -> None:
        with self.session() as s:
            row = s.get(ApiSendScopeRow, name) or ApiSendScopeRow(name=name, units=[], act_for=[])
            row.units, row.act_for = units, act_for
            s.add(row)

    def send_scope(self, name: str) -> ApiSendScopeRow | None:
        with self.session() as s:
            return s.get(ApiSendScopeRow, name)

    def units_covered(self, ids: list[str]) -> set[str]:
        """The units `ids` name, a region standing for itself and every unit in it."""
        with self.session() as s:
            rows = s.exec(select(UnitRow).where(UnitRow.region_id.in_(ids))).all()  # type: ignore[union-attr]
            return set(ids) | {u.unit_id for u in rows}

    # -- leave periods --------------------------------------------------------------

    def welfare_days_used(
        self, person_id: str, exclude_workflow_id: str, session: Session | None = None
    ) -> list[LeavePeriodRow]:
        with self.reuse(session) as s:
            return list(
                s.exec(
                    select(LeavePeriodRow).where(
                        LeavePeriodRow.person_id == person_id,
                        LeavePeriodRow.kind == "welfare",
                        LeavePeriodRow.workflow_id != exclude_workflow_id,
                    )
                ).all()
            )

    # -- cases ----------------------------------------------------------------------

    def case(self, workflow_id: str) -> CaseRow | None:
        with self.session() as s:
            return s.get(CaseRow, workflow_id)

    def journal(self, workflow_id: str) -> list[JournalRow]:
        with self.session() as s:
            stmt = select(JournalRow).where(JournalRow.workflow_id == workflow_id)
            return list(s.exec(stmt.order_by(JournalRow.seq)).all())  # type: ignore[arg-type]

    # -- the read model (activities/read_model.py) -------------------------------------

    def write_view(
        self, workflow_id: str, case_id: str, case_type: str, view: str, file: str | None = None
    ) -> None:
        """Replace the case's view (and the file its guards read); a workflow writes its views
        in order (local activities)."""
        with self.session() as s:
            row = s.get(CaseViewRow, workflow_id)
            if row is None:
                row = CaseViewRow(workflow_id=workflow_id, case_id=case_id, case_type=case_type,
                                  view=view, written_at=utcnow())  # fmt: skip
            row.view, row.file, row.written_at = view, file, utcnow()
            s.add(row)

    def read_file(self, workflow_id: str) -> str | None:
        """The case file its guards read, as the case last wrote it (the work queue's probe)."""
        with self.session() as s:
            row = s.get(CaseViewRow, workflow_id)
            return row.file if row is not None else None

    def read_view(self, case_id: str, case_type: str | None = None) -> str | None:
        """The case's last written view (JSON), or None when it has none (a case opened before
        the read model, or no case)."""
        with self.session() as s:
            stmt = select(CaseViewRow.view).where(CaseViewRow.case_id == case_id)
            if case_type:
                stmt = stmt.where(CaseViewRow.workflow_id == f"{case_type}-{case_id}")
            return s.exec(stmt.order_by(CaseViewRow.written_at.desc())).first()  # type: ignore[attr-defined]

    def documents(self, workflow_id: str) -> list[DocumentRow]:
        with self.session() as s:
            return list(s.exec(select(DocumentRow).where(DocumentRow.workflow_id == workflow_id)))

    def outbox(self, workflow_id: str | None = None) -> list[OutboxRow]:
        with self.session() as s:
            stmt = select(OutboxRow)
            if workflow_id:
                stmt = stmt.where(OutboxRow.workflow_id == workflow_id)
            return list(s.exec(stmt).all())

    # -- integrity (issue 11): each event id bound to its content -------------------------

    def bind_event(
        self, event_id: str, digest: str, type_: str, workflow_id: str, sender: str | None
    ) -> tuple[bool, str | None]:
        """Bind (`sender`, `event_id`) to `digest`, atomically (the primary key decides a race):
        event ids are each sender's own, so one HR system cannot block or collide with another's.
        Returns (True, None) for a new id, (True, status) for the same content again, (False,
        status) for an id this sender bound to other content."""
        erased = self.erased_event(event_id, sender)
        if erased is not None:  # received for a case since erased: never a new case (issue 14)
            return True, erased
        row = ReceivedEventRow(
            sender=sender_key(sender), event_id=event_id, digest=digest, type=type_,
            workflow_id=workflow_id, received_at=utcnow(),
        )  # fmt: skip
        try:
            with self.session() as s:
                s.add(row)
            return True, None
        except IntegrityError:
            earlier = self.received_event(event_id, sender)
            if earlier is None:  # released meanwhile: try once more
                return self.bind_event(event_id, digest, type_, workflow_id, sender)
            return earlier.digest == digest, earlier.status

    def erased(self, workflow_id: str) -> bool:
        """Whether the register records the whole case erased by a rule (not part of it: the
        applications of a hiring case's applicants not appointed)."""
        with self.session() as s:
            row = s.get(ErasureRow, workflow_id)
        return row is not None and row.erased_at is not None and row.scope == "family"

    def erasure(self, workflow_id: str) -> ErasureRow | None:
        """The register's erasure record of the case, if any (requested, or done)."""
        with self.session() as s:
            return s.get(ErasureRow, workflow_id)

    def undecodable(self, workflow_id: str) -> bool:
        """Whether the codec endpoint must never decode the case's payloads (issue 14 review
        M4, L1): anything of it erased, whole or in part (a running hiring case whose
        applications of applicants not appointed went still holds them in its history), or a
        PR-2012 § 18 deletion requested and not yet swept."""
        row = self.erasure(workflow_id)
        return row is not None and (row.erased_at is not None or row.rule == PR_18)

    def checkpoint(self, busy_ms: int = 2000) -> bool:
        """SQLite: copy the -wal file into the database and truncate it, so an erasure's
        overwritten rows (their old master-key ciphertext) leave the file (issue 14 review
        H1; `secure_delete` zeroes the freed pages). A reader holding a snapshot makes it
        busy (after `busy_ms`): then the register records it pending (`PendingWorkRow`) and
        the daily sweep retries it (`retry_checkpoint`) until it truncates (review M2 of
        erase7). Returns whether it truncated. PostgreSQL: see docs/retention.md."""
        if not self.url.startswith("sqlite"):
            return True
        done = self._truncate(busy_ms)
        with self.session() as s:
            row = s.get(PendingWorkRow, WAL_CHECKPOINT)
            if done and row is not None:
                s.delete(row)
            elif not done and row is None:
                s.add(PendingWorkRow(kind=WAL_CHECKPOINT, since=utcnow()))
        if not done:
            log.warning("erasure: the WAL checkpoint was busy; the daily sweep retries it")
        elif row is not None:  # the row's deletion went to the -wal: empty it again
            self._truncate(busy_ms)
        return done

    def _truncate(self, busy_ms: int) -> bool:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={int(busy_ms)}")
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            conn.exec_driver_sql("PRAGMA busy_timeout=30000")  # the engine's `timeout`
        return busy is None or not busy[0]

    def retry_checkpoint(self, tries: int = 5) -> bool:
        """The daily sweep's retry of a busy checkpoint the register records pending (review
        M2 of erase7); True when none is pending any more."""
        with self.session() as s:
            pending = s.get(PendingWorkRow, WAL_CHECKPOINT) is not None
        return not pending or any(self.checkpoint() for _ in range(tries))

    def erased_event(self, event_id: str, sender: str | None = None) -> str | None:
        """ERASED + the rule, if (sender, event id) was received for a case since erased: its
        binding is then kept only as a keyed tag (activities/erasure.py `forget_bindings`)."""
        with self.session() as s:
            for tag in sealed.tags(binding_text(sender, event_id)):
                row = s.get(ReceivedEventRow, (ERASED_SENDER, tag))
                if row is not None:
                    return row.status
        return None

    def release_event(self, event_id: str, sender: str | None = None) -> None:
        """A refused event leaves nothing behind: its id is free again (docs/legal-choices.md)."""
        with self.session() as s:
            row = s.get(ReceivedEventRow, (sender_key(sender), event_id))
            if row is not None and row.status == "pending":
                s.delete(row)

    def event_accepted(self, event_id: str, sender: str | None = None) -> None:
        with self.session() as s:
            row = s.get(ReceivedEventRow, (sender_key(sender), event_id))
            if row is not None and row.status != "accepted":
                row.status = "accepted"
                s.add(row)

    def received_event(self, event_id: str, sender: str | None = None) -> ReceivedEventRow | None:
        with self.session() as s:
            return s.get(ReceivedEventRow, (sender_key(sender), event_id))

    def bindings(self, event_id: str) -> list[ReceivedEventRow]:
        """Every sender's binding of `event_id`."""
        with self.session() as s:
            stmt = select(ReceivedEventRow).where(ReceivedEventRow.event_id == event_id)
            return list(s.exec(stmt).all())


# -- trust: what API keys may read, and the access log (issue 11) ----------------------


class ApiReadScopeRow(SQLModel, table=True):
    """What an HR system's key may read: case types and units ("*" for all); none: nothing."""

    __tablename__ = "api_read_scopes"
    name: str = Field(primary_key=True)  # the api_clients row it belongs to
    case_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    units: list[str] = Field(sa_column=Column(JSON, nullable=False))


class ApiSendScopeRow(SQLModel, table=True):
    """What an HR system's key may send for (0008_trust): the units whose cases it serves (a
    region covers its units; "*" all) and the people it may name as actor ("*": anyone in its
    units). Empty lists: nothing, nobody; a key without a row sends for nobody."""

    __tablename__ = "api_send_scopes"
    name: str = Field(primary_key=True)  # the api_clients row it belongs to
    units: list[str] = Field(sa_column=Column(JSON, nullable=False))
    act_for: list[str] = Field(sa_column=Column(JSON, nullable=False))


class AccessLogRow(SQLModel, table=True):
    """One read of a case (or a refused one): who, when, which case, on what ground, how."""

    __tablename__ = "access_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    reader: str = Field(index=True)  # system name, person id, or cli:<os user>
    workflow_id: str = Field(index=True)
    case_id: str = Field(index=True)
    ground: str  # "api key scope", "party", "council member", ... (allowed reads only)
    channel: str  # api | cli | codec


ANONYMOUS_READER = "anonymised"  # states/retention.py ANONYMOUS


class AccessRegister:
    """The register's queries for who may read a case, and its access log (on a Store)."""

    def __init__(self, store: Store) -> None:
        self.session = store.session

    def set_read_scope(self, name: str, case_types: list[str], units: list[str]) -> None:
        with self.session() as s:
            row = s.get(ApiReadScopeRow, name) or ApiReadScopeRow(
                name=name, case_types=[], units=[]
            )
            row.case_types, row.units = case_types, units
            s.add(row)

    def read_scope(self, name: str) -> ApiReadScopeRow | None:
        with self.session() as s:
            return s.get(ApiReadScopeRow, name)

    def api_clients(self) -> list[tuple[ApiClientRow, ApiReadScopeRow | None]]:
        with self.session() as s:
            rows = s.exec(select(ApiClientRow).order_by(ApiClientRow.name)).all()  # type: ignore[arg-type]
            return [(r, s.get(ApiReadScopeRow, r.name)) for r in rows]

    def remove_api_client(self, name: str) -> bool:
        with self.session() as s:
            row = s.get(ApiClientRow, name)
            for r in (row, s.get(ApiReadScopeRow, name), s.get(ApiSendScopeRow, name)):
                if r is not None:
                    s.delete(r)
            return row is not None

    def log(self, reader: str, workflow_id: str, case_id: str, ground: str, channel: str) -> None:
        self.log_many([(reader, workflow_id, case_id, ground, channel)])

    def log_many(self, reads: list[tuple[str, str, str, str, str]]) -> None:
        """Reads (reader, workflow id, case id, ground, channel) logged in one transaction:
        a listing's reads are one request's (issue 15 review M4), all logged or none."""
        if not reads:
            return
        with self.session() as s:
            for reader, workflow_id, case_id, ground, channel in reads:
                self._log(s, reader, workflow_id, case_id, ground, channel)

    def _log(
        self, s: Session, reader: str, workflow_id: str, case_id: str, ground: str, channel: str
    ) -> None:
        erased = s.get(ErasureRow, workflow_id)
        # An erased case's log names no person who read it (issue 14 review), as
        # activities/erasure.py `forget_readers` left the earlier rows; only a case erased
        # whole (`erased`): a hiring case whose unsuccessful applications went runs on, and
        # its readers are logged by name (GDPR art. 15, issue 14 review).
        whole = erased is not None and erased.erased_at and erased.scope == "family"
        if whole and s.get(ApiClientRow, reader) is None:
            reader = ANONYMOUS_READER
        s.add(
            AccessLogRow(
                at=utcnow(),
                reader=reader,
                workflow_id=workflow_id,
                case_id=case_id,
                ground=ground,
                channel=channel,
            )
        )

    def entries(self, case: str | None = None, reader: str | None = None) -> list[AccessLogRow]:
        """Reads of a case (its workflow id or case id) and/or by one reader, oldest first."""
        with self.session() as s:
            stmt = select(AccessLogRow)
            if case:
                stmt = stmt.where(
                    (AccessLogRow.workflow_id == case) | (AccessLogRow.case_id == case)  # type: ignore[arg-type]
                )
            if reader:
                stmt = stmt.where(AccessLogRow.reader == reader)
            return list(s.exec(stmt.order_by(AccessLogRow.id)).all())  # type: ignore[arg-type]

    def case_parties(self, workflow_id: str) -> tuple[CaseRow | None, set[str], set[str]]:
        """A case's register row, the people who acted in it (journal), and its applicants."""
        with self.session() as s:
            case = s.get(CaseRow, workflow_id)
            actors = s.exec(
                select(JournalRow.actor_id).where(JournalRow.workflow_id == workflow_id)
            ).all()
            applicants = s.exec(
                select(ApplicantRow.applicant_id).where(ApplicantRow.workflow_id == workflow_id)
            ).all()
            return case, set(actors), set(applicants)

    def case_row(self, workflow_id: str) -> CaseRow | None:
        with self.session() as s:
            return s.get(CaseRow, workflow_id)

    def case_rows(self, case_id: str, case_type: str | None = None) -> list[CaseRow]:
        """The register rows of `case_id` (one per case type that uses the id)."""
        with self.session() as s:
            stmt = select(CaseRow).where(CaseRow.case_id == case_id)
            if case_type:
                stmt = stmt.where(CaseRow.case_type == case_type)
            return list(s.exec(stmt).all())

    def listing(
        self, case_type: str | None, state: str | None, unit: str | None, offset: int, size: int
    ) -> list[CaseRow]:
        """One page of the register's cases, newest change first (a listing's candidates)."""
        with self.session() as s:
            stmt = select(CaseRow)
            for column, value in (
                (CaseRow.case_type, case_type),
                (CaseRow.state, state),
                (CaseRow.org_unit, unit),
            ):
                if value:
                    stmt = stmt.where(column == value)
            stmt = stmt.order_by(CaseRow.updated_at.desc(), CaseRow.workflow_id)  # type: ignore[attr-defined]
            return list(s.exec(stmt.offset(offset).limit(size)).all())

    def applied_to(self, person_id: str) -> set[str]:
        """The hiring cases (workflow ids) `person_id` applied in."""
        with self.session() as s:
            stmt = select(ApplicantRow.workflow_id).where(ApplicantRow.applicant_id == person_id)
            return set(s.exec(stmt).all())

    def steps_of(self, person_id: str) -> list[tuple[str, str, str | None]]:
        """(workflow id, trigger, on behalf of) of every journal step `person_id` took."""
        with self.session() as s:
            stmt = select(JournalRow.workflow_id, JournalRow.trigger, JournalRow.on_behalf_of)
            rows = s.exec(stmt.where(JournalRow.actor_id == person_id)).all()
            return [(w, t, b) for w, t, b in rows if t not in ERASURE_TRIGGERS]

    def application(self, workflow_id: str, applicant_id: str) -> ApplicantRow | None:
        with self.session() as s:
            return s.get(ApplicantRow, f"{workflow_id}:{applicant_id}")

    def documents_for(
        self, workflow_id: str, person_id: str, public: tuple[str, ...]
    ) -> list[DocumentRow]:
        """A case's documents addressed to `person_id` (a letter's first recipient, or any
        message of it in the outbox), and those of the `public` kinds, oldest first."""
        with self.session() as s:
            docs = s.exec(
                select(DocumentRow)
                .where(DocumentRow.workflow_id == workflow_id)
                .order_by(DocumentRow.created_at)  # type: ignore[arg-type]
            ).all()
            sent = set(
                s.exec(
                    select(OutboxRow.doc_id).where(
                        (OutboxRow.workflow_id == workflow_id)
                        & (OutboxRow.recipient_id == person_id)
                    )
                ).all()
            )
        return [d for d in docs
                if d.recipient_id == person_id or d.kind in public or d.doc_id in sent]  # fmt: skip

    def roles_of(self, person_id: str) -> list[RoleRow]:
        with self.session() as s:
            return list(s.exec(select(RoleRow).where(RoleRow.person_id == person_id)).all())

    def councils(self) -> list[CouncilRow]:
        with self.session() as s:
            return list(s.exec(select(CouncilRow)).all())

    def known_person(self, person_id: str) -> bool:
        """In the staff register, or an applicant in some hiring case (a party, fvl § 2 e)."""
        with self.session() as s:
            if s.get(PersonRow, person_id) is not None:
                return True
            stmt = select(ApplicantRow.key).where(ApplicantRow.applicant_id == person_id)
            return s.exec(stmt).first() is not None


# -- integrity: events bound to their content, the register's files at rest (issue 11) -------


def sender_key(sender: str | None) -> str:
    """The sender part of an event's idempotency key ("-": sent without a named sender)."""
    return sender or "-"


# An erased case's event bindings (issue 14 review): sender ERASED_SENDER, the event id the
# keyed tag of `binding_text`, status ERASED + the rule; no digest, nothing that names anyone.
ERASED_SENDER, ERASED = "erased", "erased under "


def binding_text(sender: str | None, event_id: str) -> str:
    return f"{sender_key(sender)}\x00{event_id}"


class ReceivedEventRow(SQLModel, table=True):
    """Every (sender, event id) the door took, bound to a digest of its content: an id the
    sender reused with other content is refused as a conflict (intake/dispatch.py). A refused
    event's row is removed. 0008_trust: keyed by sender and id (was the id alone)."""

    __tablename__ = "event_bindings"
    sender: str = Field(primary_key=True)
    event_id: str = Field(primary_key=True)
    digest: str
    type: str
    workflow_id: str = Field(index=True)
    status: str = "pending"  # pending (on its way to the case) | accepted
    received_at: datetime


def configured_keys() -> list[tuple[str, bytes]]:
    """The codec keys of the configuration (environment, else the data directory's file)."""
    from intake.codec import load_keys
    from intake.config import Settings

    return load_keys(Settings.from_env().data_dir)


def private_file(path: Path) -> None:
    """The register file for this user only: its directory 0700 when we make it, the file 0600
    (SQLite creates its -wal and -shm files with the database file's mode)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(0o600)
