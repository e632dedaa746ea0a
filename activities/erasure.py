"""Erasure by rule (issue 14): the register work and the key destruction of states/retention.py.

The order, for a family of cases (a disciplinary case, its appeals, its report):
1. the rule's step is journalled (the case's own `delete_ordensstraff`, an officer's `erase`)
   and the erasure requested for every case of the family (`request_erasure`);
2. nothing more happens while any case of the family still runs (`still_running`): a parent
   decodes its child's result with the child's key, and a running case encodes its own
   payloads, so a key destroyed under a running case would stall it;
3. once all are closed: the register's free text, person ids and case views of the whole
   family are cleared, the views replaced by the anonymous trail (`erase`), and then
4. the data keys are destroyed (crypto-shredding): every payload in Temporal's history, its
   exports and backups is unreadable. The erasure rows say what went, when and by which rule.

Each step is idempotent: a retried or replayed erasure does the same thing once, and an erased
case stays erased under the rule that erased it.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from pydantic import BaseModel
from sqlmodel import select
from temporalio import activity
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import WorkflowExecutionStatus
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from activities.store import (
    ApplicantRow,
    AppointmentRow,
    CaseRow,
    CaseViewRow,
    DocumentRow,
    ErasureRow,
    JournalRow,
    OutboxRow,
    Store,
    utcnow,
)
from states import retention
from states.retention import ANONYMOUS, GONE, RETENTION, anonymous_view

RUNNING = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING


class ErasurePlan(BaseModel):
    """What one rule erases: the root case (whose step or officer asked) and its family."""

    root: str
    family: list[str]
    rule: str
    scope: str = "family"
    at: datetime
    by: str = "system"  # who erased: the rule's own step, or the officer (`case erase`)
    by_role: str = "system"


class Erased(BaseModel):
    workflow_ids: list[str]
    keys_destroyed: list[str]


class ErasureActivities:
    def __init__(self, store: Store, keyring: object | None, client: Client | None) -> None:
        self.store = store
        self.keyring = keyring  # intake/keyring.py Keyring (the worker's codec's own)
        self.client = client

    def all(self) -> list[object]:
        return [self.request_erasure, self.still_running, self.erase, self.due_erasures]

    @activity.defn
    def request_erasure(self, plan: ErasurePlan) -> None:
        """Step 1: record the erasure the rule asks for, once per case."""
        with self.store.session() as s:
            for wid in plan.family:
                if s.get(ErasureRow, wid) is None:
                    s.add(ErasureRow(workflow_id=wid, root=plan.root, rule=plan.rule,
                                     scope=plan.scope, requested_at=plan.at))  # fmt: skip

    @activity.defn
    async def still_running(self, workflow_ids: list[str]) -> list[str]:
        """Step 2: the cases of the family Temporal still runs (a case it no longer knows,
        past the namespace retention, is closed)."""
        assert self.client is not None, "the worker's Temporal client"
        running = []
        for wid in workflow_ids:
            # The raw description: the status alone, no search attributes decoded.
            request = DescribeWorkflowExecutionRequest(
                namespace=self.client.namespace, execution=WorkflowExecution(workflow_id=wid)
            )
            try:
                desc = await self.client.workflow_service.describe_workflow_execution(request)
            except RPCError as exc:
                if exc.status == RPCStatusCode.NOT_FOUND:
                    continue
                raise
            if desc.workflow_execution_info.status == RUNNING:
                running.append(wid)
        return running

    @activity.defn
    def erase(self, plan: ErasurePlan) -> Erased:
        """Steps 3 and 4 for a family that is closed (or for part of a live case)."""
        self.request_erasure(plan)
        if plan.scope == "unsuccessful_applicants":
            done = [wid for wid in plan.family if erase_applications(self.store, wid)]
            self._mark(plan.family, keys=False)
            return Erased(workflow_ids=done, keys_destroyed=[])
        what = retention.FAMILY_ERASED
        for wid in plan.family:
            erase_case(self.store, wid, plan.rule, plan.at, what, plan.by, plan.by_role)
        destroyed: list[str] = []
        if self.keyring is not None:
            destroyed = self.keyring.destroy(plan.family, plan.rule)  # type: ignore[attr-defined]
        self._mark(plan.family, keys=True)
        return Erased(workflow_ids=plan.family, keys_destroyed=destroyed)

    def _mark(self, family: list[str], keys: bool) -> None:
        with self.store.session() as s:
            for wid in family:
                row = s.get(ErasureRow, wid)
                if row is not None:
                    row.erased_at = row.erased_at or utcnow()
                    if keys:
                        row.keys_destroyed_at = row.keys_destroyed_at or utcnow()
                    s.add(row)

    @activity.defn
    def due_erasures(self, today: date) -> list[ErasurePlan]:
        """The sweep's work: erasures requested and not done (a family that was still running),
        and every case whose retention period (states/retention.py) ended by `today`."""
        plans: dict[str, ErasurePlan] = {}
        with self.store.session() as s:
            pending = s.exec(select(ErasureRow).where(ErasureRow.keys_destroyed_at == None))  # noqa: E711
            for row in pending:
                if row.scope != "family":
                    continue
                plan = plans.setdefault(row.root, ErasurePlan(
                    root=row.root, family=[], rule=row.rule, scope=row.scope,
                    at=row.requested_at))  # fmt: skip
                plan.family.append(row.workflow_id)
            done = set(s.exec(select(ErasureRow.workflow_id)).all())
            for row in RETENTION:
                if row.years is None or row.by_case_timer:
                    continue
                cases = s.exec(select(CaseRow).where(CaseRow.case_type.in_(row.case_types)))  # type: ignore[attr-defined]
                for case in cases:
                    if case.workflow_id in done:
                        continue
                    when = retention.due(row, retention.anchor_day(row, steps(s, case.workflow_id)))
                    if when is not None and when <= today:
                        plans[case.workflow_id] = ErasurePlan(
                            root=case.workflow_id, family=[case.workflow_id], rule=row.rule,
                            scope=row.scope, at=utcnow())  # fmt: skip
        return list(plans.values())


def steps(session: object, workflow_id: str) -> list[tuple[str, date]]:
    """The case's journalled steps as (state entered, day)."""
    stmt = select(JournalRow).where(JournalRow.workflow_id == workflow_id)
    rows = session.exec(stmt.order_by(JournalRow.seq))  # type: ignore[attr-defined]
    return [(r.dest, r.at.date()) for r in rows]


def erase_case(
    store: Store,
    workflow_id: str,
    rule: str,
    at: datetime,
    what: list[str],
    by: str = "system",
    by_role: str = "system",
) -> None:
    """The register's part of one case: person ids, free text and addresses cleared, the journal
    keeps steps, rules, dates and roles, the view becomes the anonymous trail."""
    gone = f"{GONE[:-1]} etter {rule}]"  # what the text was erased by
    with store.session() as s:
        case = s.get(CaseRow, workflow_id)
        if case is not None:
            case.person_id = ANONYMOUS
            s.add(case)
        for doc in s.exec(select(DocumentRow).where(DocumentRow.workflow_id == workflow_id)):
            doc.body, doc.recipient_id = gone, None
            s.add(doc)
        for msg in s.exec(select(OutboxRow).where(OutboxRow.workflow_id == workflow_id)):
            msg.body, msg.to_address, msg.recipient_id = gone, GONE, ANONYMOUS
            s.add(msg)
        for step in s.exec(select(JournalRow).where(JournalRow.workflow_id == workflow_id)):
            step.actor_id, step.on_behalf_of = ANONYMOUS, None
            if step.sender and step.sender.startswith("person:"):
                step.sender = "person:" + ANONYMOUS
            s.add(step)
        journal_erasure(s, case, rule, at, by, by_role)
        view = s.get(CaseViewRow, workflow_id)
        if view is not None or case is not None:
            old = json.loads(view.view) if view is not None else _from_journal(s, case)
            text = json.dumps(anonymous_view(old, rule, at, what), separators=(",", ":"))
            if view is None:
                assert case is not None
                view = CaseViewRow(workflow_id=workflow_id, case_id=case.case_id,
                                   case_type=case.case_type, view=text,
                                   written_at=utcnow())  # fmt: skip
            view.view, view.file, view.written_at = text, None, utcnow()
            s.add(view)


def journal_erasure(
    session: object,
    case: CaseRow | None,
    rule: str,
    at: datetime,
    actor: str = "system",
    role: str = "system",
) -> None:
    """Erasure is a journal step with its rule (once per case): the state stays, the trail
    says what happened to the data, when and by which rule."""
    if case is None:
        return
    stmt = select(JournalRow).where(JournalRow.workflow_id == case.workflow_id)
    rows = list(session.exec(stmt.order_by(JournalRow.seq)))  # type: ignore[attr-defined]
    if any(r.trigger == "erase" for r in rows):
        return
    session.add(JournalRow(workflow_id=case.workflow_id, seq=(rows[-1].seq if rows else 0) + 1,  # type: ignore[attr-defined]
                           trigger="erase", source=case.state, dest=case.state, rule=rule,
                           actor_id=actor, actor_role=role, at=at))  # fmt: skip


def _from_journal(session: object, case: CaseRow | None) -> dict[str, object]:
    """A view for a case that wrote none to the read model (opened before it): the journal."""
    assert case is not None
    stmt = select(JournalRow).where(JournalRow.workflow_id == case.workflow_id)
    rows = list(session.exec(stmt.order_by(JournalRow.seq)))  # type: ignore[attr-defined]
    history = [
        {"trigger": r.trigger, "source": r.source, "dest": r.dest, "rule": r.rule,
         "actor": {"person_id": r.actor_id, "role": r.actor_role}, "at": r.at.isoformat()}
        for r in rows
    ]  # fmt: skip
    return {"case_id": case.case_id, "case_type": case.case_type, "state": case.state,
            "ruleset": case.ruleset, "opened_by_event": rows[0].event_id if rows else "",
            "org_unit": case.org_unit, "history": history}  # fmt: skip


def erase_applications(store: Store, workflow_id: str) -> int:
    """The applications of applicants not appointed: contact, education, experience and any
    exemption reason go; the public applicant list's fields (offentleglova § 25) stay."""
    with store.session() as s:
        appointed = s.get(AppointmentRow, workflow_id)
        keep = appointed.person_id if appointed else None
        n = 0
        for a in s.exec(select(ApplicantRow).where(ApplicantRow.workflow_id == workflow_id)):
            if a.applicant_id == keep or a.email == GONE:
                continue
            a.email, a.education, a.experience, a.exemption_reason = GONE, GONE, GONE, None
            s.add(a)
            n += 1
        return n
