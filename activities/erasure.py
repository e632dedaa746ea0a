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
import logging
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session, select
from temporalio import activity
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.enums.v1 import WorkflowExecutionStatus
from temporalio.api.workflowservice.v1 import (
    DeleteWorkflowExecutionRequest,
    DescribeWorkflowExecutionRequest,
    ListWorkflowExecutionsRequest,
)
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from activities import sealed
from activities.notifications import OLD_SEP, forget_cases_mail, forget_mail, mail_name
from activities.store import (
    ERASED,
    ERASED_SENDER,
    ERASURE_TRIGGERS,
    NOT_LINKED,
    OWN_SEQ,
    AccessLogRow,
    ApiClientRow,
    ApplicantRow,
    AppointmentRow,
    CaseRow,
    CaseViewRow,
    DocumentRow,
    ErasureRow,
    JournalRow,
    LeavePeriodRow,
    OutboxRow,
    ReceivedEventRow,
    Store,
    binding_text,
    utcnow,
)
from states import retention
from states.calendar import local_date
from states.retention import ANONYMOUS, GONE, RETENTION, Member, anonymous_view
from states.rules import RuleViolation

RUNNING = WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
log = logging.getLogger(__name__)


def confirmed() -> frozenset[str]:
    """The stated-choice rows the archive owner confirmed (arkivloven § 9 bokstav c), read
    from `PERSONALSAK_RETENTION_CONFIRMED` when the rule is checked (README "What an agency
    must configure")."""
    return retention.confirmed_rows(os.environ.get(retention.CONFIRMED_ENV))


def confirmed_or_none() -> frozenset[str]:
    """`confirmed`, or none confirmed when the setting holds an unknown name (review M3): a
    typo stops no § 18 deletion and no day's sweep; each stated-choice row it leaves is logged
    by its key (the worker refuses to start with it: worker.py `check_retention_setting`)."""
    try:
        return confirmed()
    except RuleViolation as exc:
        for row in [*(r.key for r in RETENTION if r.source == "choice"), retention.CHILDREN]:
            log.error("retention: row %s not confirmed: %s (%s)", row, exc.message, exc.rule)
        return frozenset()


class ErasurePlan(BaseModel):
    """What one rule erases: the root case (whose step or officer asked) and its family (as
    asked: the register confirms each member, states/retention.py `verified_family`)."""

    root: str
    family: list[str]
    rule: str
    scope: str = "family"
    at: datetime
    by: str = "system"  # who erased: the rule's own step, or the officer (`case erase`)
    by_role: str = "system"
    # The day the rule is checked on (the sweep's workflow day; the officer's day); None: the
    # activity's own. The sweep re-checks the rule on it before anything goes (review).
    today: date | None = None
    # The journal's sender of the erasure's own lines (`cli:<os user>` for `case erase`).
    sender: str | None = None
    # `still_running` found `family` closed (the sweep, `case erase`): `erase` takes no other
    # member, even one the register confirms since (the archive owner's `ordensstraff_children`,
    # a report linked since), whose key may serve a running case (issue 14 review L4).
    family_checked: bool = False


class Erased(BaseModel):
    workflow_ids: list[str]
    keys_destroyed: list[str]
    refused: list[dict[str, str]] = []  # RuleViolation.as_dict() of each refusal


class ErasureActivities:
    def __init__(
        self,
        store: Store,
        keyring: object | None,
        client: Client | None,
        mail_dir: Path | None = None,
    ) -> None:
        self.store = store
        self.keyring = keyring  # intake/keyring.py Keyring (the worker's codec's own)
        self.client = client
        # the delivered letters (activities/notifications.py): erased with their case (H2)
        self.mail_dir = mail_dir

    def all(self) -> list[object]:
        return [self.request_erasure, self.still_running, self.erase, self.due_erasures,
                self.delete_histories]  # fmt: skip

    @activity.defn
    def request_erasure(self, plan: ErasurePlan) -> list[str] | None:
        """Step 1: record the erasure the rule asks for, once per case, for the members the
        register confirms (a report only through the register's link, never because a case
        names it: issue 14 review, PR-2012 § 18 with TI-2020 § 2-5). Returns them. `| None`:
        histories recorded before it returned anything hold a null result and must replay
        (issue 14 review M8)."""
        with self.store.session() as s:
            family, refused = self.verified(s, plan)
            for wid in family:
                if s.get(ErasureRow, wid) is None:
                    s.add(ErasureRow(workflow_id=wid, root=plan.root, rule=plan.rule,
                                     scope=plan.scope, requested_at=plan.at))  # fmt: skip
            # Every erasure decision is a journal step with its rule, a refusal too (arkivloven
            # § 9 bokstav c, PR-2012 § 18), on the asking case only: a line on a kept case
            # about the same employee would tie it to the deleted one (issue 14 review).
            root = s.get(CaseRow, plan.root)
            for _, why in refused:
                journal_refusal(s, root, why.rule, plan.at, plan.by, plan.by_role,
                                sender=plan.sender)  # fmt: skip
            for wid, why in refused:
                if why.field == "report_case_id":
                    notice_unlinked(s, root, wid, plan.at, plan.sender)
        return family

    @staticmethod
    def verified(
        s: Session, plan: ErasurePlan
    ) -> tuple[list[str], list[tuple[str, RuleViolation]]]:
        """The plan's members as the register confirms them, and each refused one with its
        refusal."""
        root = member(s, plan.root)
        # under § 18 the register's family too: the cases it opened and the report linked to
        # it (by its hand-over, or by an officer's `case link-report`: review M5)
        case = s.get(CaseRow, plan.root)
        linked = register_family(s, case) if plan.rule == retention.PR_18 and case else []
        asked = [*plan.family, *linked]
        others = [member(s, wid) for wid in dict.fromkeys(asked) if wid != plan.root]
        if plan.scope != "family":
            return ([plan.root] if root.case_type else []), []
        ok, refusals = retention.verified_family(root, others, plan.rule, confirmed_or_none())
        # verified_family refuses in the order it was asked: the root alone if unknown, else
        # each other member not taken
        if plan.root not in ok:  # the root itself refused (unknown, or not the rule's type)
            refused = [plan.root] * len(refusals)
        else:
            refused = [m.workflow_id for m in others if m.workflow_id not in ok]
        assert len(refused) == len(refusals), (refused, refusals)
        return ok, list(zip(refused, refusals, strict=True))

    def check(self, s: Session, plan: ErasurePlan) -> None:
        """The rule, re-checked when the erasure runs (issue 14 review): PR-2012 § 18's step
        and its five years from the decision; another row's period (states/retention.py)."""
        today = plan.today or local_date(utcnow())
        root = s.get(CaseRow, plan.root)
        if root is None:
            raise RuleViolation(plan.rule, f"no case {plan.root} in the register", "case")
        if plan.rule == retention.PR_18:
            retention.check_pr18(journal_steps(s, plan.root), today)
        else:
            retention.erasable(root.case_type, plan.rule, steps(s, plan.root), True, today,
                               confirmed=confirmed())  # fmt: skip

    @activity.defn
    async def still_running(self, workflow_ids: list[str]) -> list[str]:
        """Step 2: the cases of the family Temporal still runs (a case it no longer knows,
        past the namespace retention, is closed)."""
        return [wid for wid in workflow_ids if await self.status(wid) == RUNNING]

    @activity.defn
    async def delete_histories(self, workflow_ids: list[str]) -> list[str]:
        """Step 5: every run of each erased, closed case is deleted from Temporal
        (DeleteWorkflowExecution), so what no data key covers leaves too: the payloads of a
        case opened before its own key (0013), encoded under the master key, and whatever the
        history holds unencoded (docs/retention.md). Only a case the register records as erased
        with its keys destroyed; returns those deleted. A server without the call (the test
        server) deletes nothing: the namespace retention removes the closed histories."""
        assert self.client is not None, "the worker's Temporal client"
        with self.store.session() as s:
            rows = [s.get(ErasureRow, wid) for wid in workflow_ids]
        erased = [r.workflow_id for r in rows
                  if r is not None and r.erased_at and r.scope == "family"]  # fmt: skip
        service, namespace = self.client.workflow_service, self.client.namespace
        deleted = []
        for wid in erased:
            if not re.fullmatch(r"[A-Za-z0-9._-]+", wid):
                # the register's ids are case types and case ids (intake/events.py CASE_ID); an
                # id that could widen the visibility query deletes nothing (issue 14 review)
                log.warning("delete_histories: refused an id outside the case id pattern")
                continue
            query = f"WorkflowId = '{wid}'"
            try:
                listing = await service.list_workflow_executions(
                    ListWorkflowExecutionsRequest(namespace=namespace, query=query)
                )
                runs = [e.execution for e in listing.executions if e.status != RUNNING]
                for run in runs:
                    await service.delete_workflow_execution(DeleteWorkflowExecutionRequest(
                        namespace=namespace, workflow_execution=run))  # fmt: skip
            except RPCError as exc:
                if exc.status == RPCStatusCode.UNIMPLEMENTED:
                    return deleted
                if exc.status != RPCStatusCode.NOT_FOUND:
                    raise
                runs = []
            if runs or await self.status(wid) is None:
                deleted.append(wid)
        return deleted

    async def status(self, workflow_id: str) -> int | None:
        """The status of the case's latest run, or None if Temporal no longer knows it. The
        raw description: the status alone, no search attributes decoded."""
        assert self.client is not None, "the worker's Temporal client"
        request = DescribeWorkflowExecutionRequest(
            namespace=self.client.namespace, execution=WorkflowExecution(workflow_id=workflow_id)
        )
        try:
            desc = await self.client.workflow_service.describe_workflow_execution(request)
        except RPCError as exc:
            if exc.status == RPCStatusCode.NOT_FOUND:
                return None
            raise
        return int(desc.workflow_execution_info.status)

    @activity.defn
    def erase(self, plan: ErasurePlan) -> Erased:
        """Steps 3 and 4 for a family that is closed (or for part of a live case), after the
        rule is checked again on the day it runs; refused, nothing changes (issue 14 review)."""
        with self.store.session() as s:
            try:
                self.check(s, plan)
            except RuleViolation as exc:
                return Erased(workflow_ids=[], keys_destroyed=[], refused=[exc.as_dict()])
            family, refused = self.verified(s, plan)
        if plan.family_checked:  # a member found since waits for the next sweep's check (L4)
            family = [wid for wid in family if wid in plan.family]
        why = [r.as_dict() for _, r in refused]
        self.request_erasure(plan)
        if plan.scope == "unsuccessful_applicants":
            done = [wid for wid in family if erase_applications(
                self.store, wid, plan.rule, plan.at, plan.by, plan.by_role, self.mail_dir,
                plan.sender)]  # fmt: skip
            self._mark(family, keys=False)
            self.store.checkpoint()
            return Erased(workflow_ids=done, keys_destroyed=[], refused=why)
        what = retention.FAMILY_ERASED
        for wid in family:
            erase_case(self.store, wid, plan.rule, plan.at, what, plan.by, plan.by_role,
                       self.mail_dir, plan.sender)  # fmt: skip
        # every letter of the family, those re-keyed by § 18's own step too (H2), and no
        # other case's (review M4)
        with self.store.session() as s:
            forget_cases_mail(self.mail_dir, set(family), kept_mail(s, set(family)))
        destroyed: list[str] = []
        gone: list[str] = []  # the keys the keyring records destroyed, now or by a first try
        if self.keyring is not None:
            destroyed = self.keyring.destroy(family, plan.rule)  # type: ignore[attr-defined]
            gone = [w for w in family if self.keyring.destroyed(w)]  # type: ignore[attr-defined]
        self._mark(family, keys=False)
        self._mark(gone, keys=True)
        # the overwritten rows' old ciphertext (master key) leaves the -wal file (H1)
        self.store.checkpoint()
        return Erased(workflow_ids=family, keys_destroyed=destroyed, refused=why)

    def _mark(self, family: list[str], keys: bool) -> None:
        """The erasure rows: erased now; `keys`: their data keys destroyed (only keys the
        keyring records destroyed: issue 14 review M1)."""
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
        # a busy checkpoint after an earlier erasure left its old bytes in the -wal: again,
        # until it truncates (review M2 of erase7)
        self.store.retry_checkpoint()
        with self.store.session() as s:
            # requested and not erased (a family that was still running); with a keyring, also
            # erased with a key not yet destroyed. Without one, an erased row is done (M1).
            wait = ErasureRow.erased_at == None  # noqa: E711
            if self.keyring is not None:
                wait = wait | (ErasureRow.keys_destroyed_at == None)  # noqa: E711
            pending = s.exec(select(ErasureRow).where(wait))
            for row in pending:
                if row.scope != "family":
                    continue
                plan = plans.setdefault(row.root, ErasurePlan(
                    root=row.root, family=[], rule=row.rule, scope=row.scope,
                    at=row.requested_at, today=today))  # fmt: skip
                plan.family.append(row.workflow_id)
            done = set(s.exec(select(ErasureRow.workflow_id)).all())
            # letters of cases erased whole before their files were erased with them (H2)
            whole = select(ErasureRow.workflow_id).where(
                ErasureRow.erased_at != None, ErasureRow.scope == "family")  # noqa: E711  # fmt: skip
            gone_ids = set(s.exec(whole).all())
            forget_cases_mail(self.mail_dir, gone_ids, kept_mail(s, gone_ids))
            # PR-2012 § 18 deletions a case took before issue 14 (its step ran without the
            # erasure: workflows/discipline.py ERASURE_PATCH) are finished here, by the
            # register's family; `erase` re-checks the step and the five years (issue 14 review)
            gone = retention.ORDENSSTRAFF_DELETED
            deleted = select(CaseRow).where(CaseRow.case_type == "discipline",
                                            CaseRow.state == gone)  # fmt: skip
            for case in s.exec(deleted):
                if case.workflow_id not in done and case.workflow_id not in plans:
                    plans[case.workflow_id] = ErasurePlan(
                        root=case.workflow_id, family=register_family(s, case),
                        rule=retention.PR_18, at=utcnow(), today=today)  # fmt: skip
            # a typo in the setting must not stop § 18 (which needs no confirmation) nor,
            # retried forever, every later day's sweep (review M3)
            ok = confirmed_or_none()
            # § 18 families erased while `ordensstraff_children` was not confirmed (or a typo
            # hid it): once it is, their kept children go too (review M3 of erase7)
            erased18 = select(ErasureRow).where(
                ErasureRow.rule == retention.PR_18, ErasureRow.erased_at != None,  # noqa: E711
                ErasureRow.root == ErasureRow.workflow_id)  # fmt: skip
            for row in s.exec(erased18):
                case = s.get(CaseRow, row.root)
                if case is not None and row.root not in plans and late_children(s, case, ok):
                    plans[row.root] = ErasurePlan(
                        root=row.root, family=register_family(s, case), rule=retention.PR_18,
                        at=utcnow(), today=today)  # fmt: skip
            for row in RETENTION:
                if row.years is None or row.by_case_timer:
                    continue
                if (refusal := retention.unconfirmed(row, ok)) is not None:
                    # arkivloven § 9 bokstav c: the row, never a case or a person, in the log
                    log.info("retention sweep: %s (%s)", refusal.message, refusal.rule)
                    continue
                cases = s.exec(select(CaseRow).where(CaseRow.case_type.in_(row.case_types)))  # type: ignore[attr-defined]
                for case in cases:
                    if case.workflow_id in done:
                        continue
                    when = retention.due(row, retention.anchor_day(row, steps(s, case.workflow_id)))
                    if when is not None and when <= today:
                        plans[case.workflow_id] = ErasurePlan(
                            root=case.workflow_id, family=[case.workflow_id], rule=row.rule,
                            scope=row.scope, at=utcnow(), today=today)  # fmt: skip
            for plan in plans.values():
                if plan.scope == "family":
                    # the sweep's running check covers what `erase` takes: the members
                    # requested and those the register confirms today, as `erase` confirms
                    # them (a child confirmed since, a report linked since: review L4, M2)
                    ok, _ = self.verified(s, plan)
                    plan.family = list(dict.fromkeys([*plan.family, *ok]))
                    plan.family_checked = True
        return list(plans.values())


def _case_steps(session: object, workflow_id: str) -> list[JournalRow]:
    """The case's own steps: the erasure's lines (an erasure, a refusal) enter no state and
    never move a period's anchor (a refusal journalled in `decided` must not restart § 18)."""
    stmt = select(JournalRow).where(JournalRow.workflow_id == workflow_id)
    rows = session.exec(stmt.order_by(JournalRow.seq))  # type: ignore[attr-defined]
    return [r for r in rows if r.trigger not in ERASURE_TRIGGERS]


def steps(session: object, workflow_id: str) -> list[tuple[str, date]]:
    """The case's journalled steps as (state entered, day)."""
    return [(r.dest, r.at.date()) for r in _case_steps(session, workflow_id)]


def journal_steps(session: object, workflow_id: str) -> list[tuple[str, str, str, date]]:
    """The case's journalled steps as (trigger, state entered, rule, local day)."""
    return [(r.trigger, r.dest, r.rule, _day(r.at)) for r in _case_steps(session, workflow_id)]


def _day(at: datetime) -> date:
    """The local day of a journal time (stored in UTC; SQLite gives it back naive)."""
    return local_date(at if at.tzinfo else at.replace(tzinfo=UTC))


def member(session: Session, workflow_id: str) -> Member:
    """What the register knows of a case named for an erasure."""
    row = session.get(CaseRow, workflow_id)
    if row is None:
        return Member(workflow_id, None)
    reaction = _reaction(session, workflow_id) if row.case_type == "appeal" else None
    if reaction is None and row.case_type == "appeal" and row.opened_from:
        # no file (a case that wrote none): the opener's journal numbers its appeals and says
        # which step opened this one (review M6)
        stmt = select(JournalRow.trigger).where(JournalRow.workflow_id == row.opened_from)
        triggers = list(session.exec(stmt.order_by(JournalRow.seq)))  # type: ignore[attr-defined]
        reaction = retention.appeal_kind(triggers, workflow_id)
    return Member(workflow_id, row.case_type, row.case_id, row.opened_from, reaction)


def _reaction(session: Session, workflow_id: str) -> str | None:
    """What an appeal case appeals, from the file the register holds of it (its request's
    `reaction`); None if it holds none."""
    view = session.get(CaseViewRow, workflow_id)
    if view is None or not view.file:
        return None
    try:
        request = json.loads(view.file).get("request") or {}
    except (ValueError, AttributeError):
        return None
    return request.get("reaction") if isinstance(request, dict) else None


def children(session: Session, workflow_id: str) -> list[str]:
    """The cases the register links to `workflow_id` as the one that opened them (`opened_from`,
    from Temporal's parent): PR-2012 § 18 names them with the case whether or not the case's
    own request listed them (an exit interview; issue 14 review)."""
    stmt = select(CaseRow.workflow_id).where(CaseRow.opened_from == workflow_id)
    return sorted(session.exec(stmt).all())


def file_request(session: Session, workflow_id: str) -> dict[str, object]:
    """The case's request as its file in the register holds it ({} if none: a case that wrote
    none, or one whose § 18 step took it, workflows/case.py `queue_file`)."""
    view = session.get(CaseViewRow, workflow_id)
    try:
        request = json.loads(view.file).get("request") if view and view.file else None
    except (ValueError, AttributeError):
        request = None
    return request if isinstance(request, dict) else {}


def notice_unlinked(
    session: Session, root: CaseRow | None, report: str, at: datetime, sender: str | None
) -> None:
    """PR-2012 § 18 with TI-2020 § 2-5 (issue 14 review M2): the § 18 step found the report its
    case names not linked (the case opened by its own event, no officer linked it), while the
    case's file still says whom the case concerns. If the report concerns the case's employee,
    the journal gets a notice an officer can act on: `case link-report` until the family is
    erased, and the sweep takes the report. The notice names no report and no one: its
    `event_id` holds a keyed tag of the report (`sealed.tags`), the check done here that
    `link_report` reads once the file is gone, itself gone with the case's event ids when the
    case is erased (`erase_case`). Once per case."""
    if root is None or root.opened_from is not None:  # linked already: no officer may relink
        return
    named = session.get(CaseRow, report)
    employee = file_request(session, root.workflow_id).get("employee_id")
    concerns = file_request(session, report).get("concerns_employee_id")
    if named is None or named.case_type != "report" or employee is None or concerns != employee:
        return
    stmt = select(JournalRow).where(JournalRow.workflow_id == root.workflow_id)
    rows = list(session.exec(stmt))
    if any(r.trigger == NOT_LINKED for r in rows):
        return
    seq = max([OWN_SEQ, *(r.seq for r in rows)]) + 1
    session.add(JournalRow(workflow_id=root.workflow_id, seq=seq, trigger=NOT_LINKED,
                           source=root.state, dest=root.state,
                           rule=f"{retention.PR_18}, {retention.TI_2_5}", actor_id="system",
                           actor_role="system", at=at, event_id=sealed.tags(report)[0],
                           sender=sender))  # fmt: skip


def noticed(session: Session, workflow_id: str, report: str) -> bool:
    """Whether the case's § 18 notice (`notice_unlinked`) is of `report`, by its keyed tag under
    any configured key (a rotated one too)."""
    stmt = select(JournalRow.event_id).where(
        JournalRow.workflow_id == workflow_id, JournalRow.trigger == NOT_LINKED)  # fmt: skip
    tags = set(sealed.tags(report))
    return any(tag in tags for tag in session.exec(stmt))


def register_family(session: Session, case: CaseRow) -> list[str]:
    """A disciplinary case's family under PR-2012 § 18 by the register's links alone: the case,
    the cases it opened (`children`) and the report that opened it (`opened_from`, written from
    Temporal's parent: TI-2020 § 2-5), never by what an event named (issue 14 review);
    `verified_family` confirms each."""
    report = case.opened_from if (case.opened_from or "").startswith("report-") else None
    return [case.workflow_id, *children(session, case.workflow_id), *([report] if report else [])]


def late_children(session: Session, case: CaseRow, ok: frozenset[str]) -> list[str]:
    """The children of an erased § 18 case that PR-2012 § 18 takes once the archive owner
    confirms `ordensstraff_children` (`ok`) and that are not erased yet: kept when the family
    was erased (unconfirmed, or a typo in the setting), they must not stay for good (review M3
    of erase7). Only those the register links and ids as the case's own (`is_child_of`)."""
    if retention.CHILDREN not in ok:
        return []
    root = member(session, case.workflow_id)
    late = []
    for wid in children(session, case.workflow_id):
        row = session.get(ErasureRow, wid)
        if (row is None or row.erased_at is None) and retention.is_child_of(
            member(session, wid), root
        ):
            late.append(wid)
    return late


def erase_case(
    store: Store,
    workflow_id: str,
    rule: str,
    at: datetime,
    what: list[str],
    by: str = "system",
    by_role: str = "system",
    mail_dir: Path | None = None,
    sender: str | None = None,
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
        forget_outbox(s, workflow_id, gone, mail_dir)
        leave = s.get(LeavePeriodRow, workflow_id)
        if leave is not None:
            # the period's dates and kind stay (the trail); whose it was goes: its calendar
            # year, all PR-2012 § 22 counts it in, has passed (docs/retention.md)
            leave.person_id = ANONYMOUS
            s.add(leave)
        for step in s.exec(select(JournalRow).where(JournalRow.workflow_id == workflow_id)):
            # steps, rules, dates and roles stay (arkivloven); who, for whom, which event and
            # from whom go (issue 14 review): an event id or a CLI user can name the person
            step.actor_id, step.on_behalf_of, step.event_id = ANONYMOUS, None, None
            if step.sender and not step.sender.startswith("system:"):
                step.sender = step.sender.split(":", 1)[0] + ":" + ANONYMOUS
            s.add(step)
        forget_bindings(s, workflow_id, rule)
        forget_readers(s, workflow_id)
        journal_erasure(s, case, rule, at, by, by_role, sender)
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


def kept_mail(session: Session, erased: set[str]) -> frozenset[str]:
    """The pre-erase8 file names (`<id>_...`) of every message the register holds by its key
    for a case not in `erased`: never deleted with another case's letters (review M4)."""
    rows = session.exec(select(OutboxRow.key, OutboxRow.workflow_id))
    return frozenset(mail_name(key, OLD_SEP) for key, wid in rows
                     if wid not in erased and not sealed.is_tag(key))  # fmt: skip


def forget_outbox(
    session: Session, workflow_id: str, gone: str, mail_dir: Path | None = None
) -> int:
    """The case's outbox, by the case (never by `recipient_id`: § 18's own step set it to
    ANONYMOUS first, issue 14 review): every key ends with the recipient's person id
    (`<doc>:<person id>`) and is replaced by its keyed tag (a retried delivery still finds it:
    CaseActivities.deliver); text, address and the SMTP error (which quotes the address) go,
    and so does the delivered file in `mail_dir`, named by the key (issue 14 review H2)."""
    stmt = select(OutboxRow).where(OutboxRow.workflow_id == workflow_id)
    n = 0
    for msg in list(session.exec(stmt)):
        if not sealed.is_tag(msg.key):
            forget_mail(mail_dir, msg.key)
        data = msg.model_dump()
        data.update(body=gone, to_address=GONE, recipient_id=ANONYMOUS, last_error=None)
        if not sealed.is_tag(msg.key):
            session.delete(msg)
            session.flush()
            data["key"] = sealed.tags(msg.key)[0]
            msg = OutboxRow(**data)
        else:
            for k, v in data.items():
                setattr(msg, k, v)
        session.add(msg)
        n += 1
    return n


def forget_bindings(session: Session, workflow_id: str, rule: str) -> None:
    """The case's event bindings (sender, event id, content digest) name who sent what: each is
    replaced by a keyed tag of (sender, event id) with the rule, so a repeat is still known
    (it is refused, opens no new case: intake/dispatch.py `_bind`) and nothing names anyone
    (issue 14 review; docs/retention.md)."""
    stmt = select(ReceivedEventRow).where(ReceivedEventRow.workflow_id == workflow_id)
    for row in list(session.exec(stmt)):
        if row.sender == ERASED_SENDER:
            continue
        tag = sealed.tags(binding_text(row.sender, row.event_id))[0]
        session.delete(row)
        session.flush()
        if session.get(ReceivedEventRow, (ERASED_SENDER, tag)) is None:
            session.add(ReceivedEventRow(sender=ERASED_SENDER, event_id=tag, digest="",
                                         type=row.type, workflow_id=workflow_id,
                                         status=ERASED + rule,
                                         received_at=row.received_at))  # fmt: skip


def forget_readers(session: Session, workflow_id: str) -> None:
    """The access log of an erased case keeps when, on what ground and how it was read, and
    which system read it; a person who read it (the party, an officer, a CLI user) is
    anonymised (issue 14 review: "party" and an id together name the employee)."""
    systems = set(session.exec(select(ApiClientRow.name)).all())
    stmt = select(AccessLogRow).where(AccessLogRow.workflow_id == workflow_id)
    for row in session.exec(stmt):
        if row.reader not in systems and row.reader != ANONYMOUS:
            row.reader = ANONYMOUS
            session.add(row)


def journal_erasure(
    session: object,
    case: CaseRow | None,
    rule: str,
    at: datetime,
    actor: str = "system",
    role: str = "system",
    sender: str | None = None,
) -> None:
    """Erasure is a journal step with its rule (once per case): the state stays, the trail
    says what happened to the data, when and by which rule."""
    if case is None:
        return
    stmt = select(JournalRow).where(JournalRow.workflow_id == case.workflow_id)
    rows = list(session.exec(stmt.order_by(JournalRow.seq)))  # type: ignore[attr-defined]
    if any(r.trigger == "erase" for r in rows):
        return
    # numbered apart from the case's own steps (OWN_SEQ): a running case (a hiring case whose
    # unsuccessful applications went) goes on numbering its own
    seq = max([OWN_SEQ, *(r.seq for r in rows)]) + 1
    session.add(JournalRow(workflow_id=case.workflow_id, seq=seq,
                           trigger="erase", source=case.state, dest=case.state, rule=rule,
                           actor_id=actor, actor_role=role, at=at, sender=sender))  # fmt: skip


REFUSED = ERASURE_TRIGGERS[1]  # the journal's trigger for an erasure refused by rule


def journal_refusal(
    session: Session,
    case: CaseRow | None,
    rule: str,
    at: datetime,
    actor: str = "system",
    role: str = "system",
    once: bool = True,
    sender: str | None = None,
) -> None:
    """An erasure refused is a journal step with the rule that keeps the data (arkivloven § 9
    bokstav c; PR-2012 § 18 for a report the case did not come from): the state stays. `once`:
    once per case, rule and asker (a retried activity adds no line); an officer's every try
    is its own decision."""
    if case is None:
        return
    stmt = select(JournalRow).where(JournalRow.workflow_id == case.workflow_id)
    rows = list(session.exec(stmt.order_by(JournalRow.seq)))  # type: ignore[attr-defined]
    if once and any((r.trigger, r.rule, r.actor_id) == (REFUSED, rule, actor) for r in rows):
        return
    seq = max([OWN_SEQ, *(r.seq for r in rows)]) + 1
    session.add(JournalRow(workflow_id=case.workflow_id, seq=seq, trigger=REFUSED,
                           source=case.state, dest=case.state, rule=rule, actor_id=actor,
                           actor_role=role, at=at, sender=sender))  # fmt: skip


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


# The hiring documents that copy every application's education and experience to the council
# (PR-2012 § 7 nr. 1 with forvaltningsforskriften § 15; § 13 nr. 1): the filed document is
# archive material and stays; the copies queued to each member go (docs/retention.md).
APPLICATION_COPIES = ("hiring_extended_list", "hiring_council_papers")


def erase_applications(
    store: Store,
    workflow_id: str,
    rule: str,
    at: datetime,
    by: str = "system",
    by_role: str = "system",
    mail_dir: Path | None = None,
    sender: str | None = None,
) -> int:
    """The applications of applicants not appointed: contact, education, experience and any
    exemption reason go; the public applicant list's fields (offentleglova § 25) stay. So do
    the messages that copy them: the outbox's copies of the extended list and the council
    papers lose their text, and every message to an applicant not appointed (interview
    invitations, the § 16 nr. 3 notice) its address, text and error. The filed documents stay
    (archive material: docs/retention.md); the delivered files of the messages that lose
    their text go from the mail directory (issue 14 review H2). The erasure is a journal step,
    numbered apart from the running case's own steps. Returns the applications erased."""
    gone = f"{GONE[:-1]} etter {rule}]"
    with store.session() as s:
        appointed = s.get(AppointmentRow, workflow_id)
        keep = appointed.person_id if appointed else None
        n, others = 0, set()
        for a in s.exec(select(ApplicantRow).where(ApplicantRow.workflow_id == workflow_id)):
            if a.applicant_id == keep:
                continue
            others.add(a.applicant_id)
            if a.email == GONE:
                continue
            a.email, a.education, a.experience, a.exemption_reason = GONE, GONE, GONE, None
            s.add(a)
            n += 1
        filed = s.exec(select(DocumentRow).where(DocumentRow.workflow_id == workflow_id))
        kinds = {d.doc_id: d.kind for d in filed}
        for msg in s.exec(select(OutboxRow).where(OutboxRow.workflow_id == workflow_id)):
            if msg.recipient_id in others:
                msg.to_address, msg.body, msg.last_error = GONE, gone, None
            elif kinds.get(msg.doc_id or "") in APPLICATION_COPIES:
                msg.body = gone
            else:
                continue
            forget_mail(mail_dir, msg.key)
            s.add(msg)
        if n:
            journal_erasure(s, s.get(CaseRow, workflow_id), rule, at, by, by_role, sender)
        return n
