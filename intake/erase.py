"""`personalsak case erase`: an officer erases a case by rule (issue 14).

Refused with the rule when the rules keep the data (states/retention.py: the period has not
run, the archive duty keeps it, the case is open) and when the officer is not an HR officer
serving the case's unit in the register today. An erasure is final: the data keys are
destroyed, and a repeat answers the first result (under another rule it is refused, naming the
rule that erased the case), so it is neither undone nor replayed into a different result.
"""

from __future__ import annotations

import getpass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select
from temporalio.client import Client

from activities.erasure import (
    ErasureActivities,
    ErasurePlan,
    confirmed,
    confirmed_or_none,
    file_request,
    journal_refusal,
    late_children,
    noticed,
    register_family,
    steps,
)
from activities.store import (
    LINK_TRIGGER,
    OWN_SEQ,
    UNLINK_TRIGGER,
    AccessRegister,
    CaseRow,
    ErasureRow,
    JournalRow,
    Store,
    utcnow,
)
from states import retention
from states.retention import ANONYMOUS
from states.rules import RuleViolation
from workflows.erasure import deletes_histories


def family_of(store: Store, case: CaseRow, rule: str) -> list[str]:
    """The cases one erasure covers: under PR-2012 § 18 the disciplinary case, the cases it opened
    (its appeals, of the decision or the suspension, its exit interviews) and
    the report that opened it, by the register's link (`cases.opened_from`, written from
    Temporal's parent of the run: TI-2020 § 2-5), never by a case id that happens to match nor
    by what an event named (issue 14 review); else the case alone."""
    if rule != retention.PR_18 or case.case_type != "discipline":
        return [case.workflow_id]
    with store.session() as s:
        # every case it opened and keys on, its appeals and exit interviews (`verified_family`
        # confirms each: exactly `appeal-<case id>-<n>`, ids may hold "-": issue 14 review H2)
        return register_family(s, case)


async def erase(
    store: Store,
    client: Client,
    keyring: Any,
    workflow_id: str,
    rule: str,
    by: str,
    today: date,
    mail_dir: Path | None = None,
    sender: str | None = None,
) -> dict[str, Any]:
    """`sender`: the journal's sender of the erasure's lines (default `cli:<os user>`, as the
    door records a CLI event)."""
    case = store.case(workflow_id)
    if case is None:
        raise RuleViolation("event contract (DESIGN.md)", f"no case {workflow_id}", "case_id")
    sender = sender or f"cli:{getpass.getuser()}"
    try:
        return await _erase(store, client, keyring, case, rule, by, today, mail_dir, sender)
    except RuleViolation as exc:
        # a refusal is an erasure decision too: a journal step with the rule that keeps the
        # data, naming who asked (arkivloven § 9 bokstav c; issue 14 review). Named only once
        # the register confirmed them (`by` refused: "unverified", an unchecked --by is no
        # one's name to journal) and never on an erased case (review M2).
        actor, role = by, "hr_officer"
        if exc.field == "by":
            actor, role = "unverified", "unverified"
        if store.erased(workflow_id):
            actor, sender = ANONYMOUS, f"cli:{ANONYMOUS}"
        with store.session() as s:
            journal_refusal(s, s.get(CaseRow, workflow_id), exc.rule, utcnow(), actor, role,
                            once=False, sender=sender)  # fmt: skip
        raise


async def _erase(
    store: Store,
    client: Client,
    keyring: Any,
    case: CaseRow,
    rule: str,
    by: str,
    today: date,
    mail_dir: Path | None,
    sender: str,
) -> dict[str, Any]:
    workflow_id = case.workflow_id
    if not store.grants(by, today).serves(case.org_unit):
        why = f"{by} is not an HR officer serving {case.org_unit} in the register today"
        raise RuleViolation(rule, why, "by")
    with store.session() as s:
        done = s.get(ErasureRow, workflow_id)
        journal = steps(s, workflow_id)
    erased_by = done.rule if done is not None and done.erased_at is not None else None
    if erased_by == retention.PR_18 and done is not None and done.root == workflow_id:
        with store.session() as s:  # children kept then, confirmed since (review M3)
            late = late_children(s, case, confirmed_or_none())
    else:
        late = []
    acts = ErasureActivities(store, keyring, client, mail_dir)
    family = family_of(store, case, rule)
    running = [] if erased_by and not late else await acts.still_running(family)
    # arkivloven § 9 bokstav c (M4): the stated rows need the archive owner's confirmation; a
    # typo in it stops no § 18 erasure, which needs none (review L1)
    ok = confirmed_or_none() if rule == retention.PR_18 else confirmed()
    row = retention.erasable(case.case_type, rule, journal, not running, today, erased_by, ok)
    if erased_by and not late:
        with store.session() as s:
            rows = s.exec(select(ErasureRow).where(ErasureRow.root == done.root)).all()  # type: ignore[union-attr]
            return {"erased": sorted(r.workflow_id for r in rows), "rule": erased_by,
                    "at": done.erased_at.isoformat(), "already": True}  # type: ignore[union-attr]  # fmt: skip
    if running and row.scope == "family":  # a member of the family still runs
        raise RuleViolation(row.rule, f"{', '.join(running)} still open: erased once closed")
    plan = ErasurePlan(root=workflow_id, family=family, rule=row.rule, scope=row.scope,
                       at=utcnow(), by=by, by_role="hr_officer", today=today,
                       sender=sender, family_checked=True)  # fmt: skip
    result = acts.erase(plan)
    if not result.workflow_ids and result.refused:  # the rule, checked again: nothing changed
        first = result.refused[0]
        raise RuleViolation(first["rule"], first["error"], first.get("field"))
    deleted: list[str] = []
    if deletes_histories(plan, result):  # as the sweep does (issue 14 review M1)
        deleted = await acts.delete_histories(result.workflow_ids)
    return {"erased": result.workflow_ids, "keys_destroyed": result.keys_destroyed,
            "histories_deleted": deleted, "rule": row.rule, "at": plan.at.isoformat(),
            "already": False}  # fmt: skip


# TI-2020 § 2-5: the unit leader's assessment of a report of neglect enters one of these
# states (states/service_instruction.py). A hand-over opens its own disciplinary case and links
# it; a case a leader opened by its own event came from a report closed `no_action` (or, before
# the review, `warned`): `case link-report` takes any of them, but only as the report's journal
# shows the step, never by the row's state alone (docs/legal-choices.md).
ASSESSED = ("no_action", "warned", "handed_to_discipline")


def _request(store: Store, workflow_id: str) -> dict[str, Any]:
    """The case's request as its file in the register holds it ({} if none)."""
    with store.session() as s:
        return file_request(s, workflow_id)


def _at(at: datetime) -> datetime:
    """A journal time, comparable (stored in UTC; SQLite gives it back naive)."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _officer_case(store: Store, case_id: str, by: str, today: date, until: str) -> CaseRow:
    """The disciplinary case an officer may link or unlink a report on: it exists, `by` is an
    HR officer serving its unit today, and its PR-2012 § 18 erasure is not `until` yet:
    "erased" (a link: the sweep takes the report with the family, review M2), "requested" (an
    unlink: the family the request fixed stays)."""
    wid = f"discipline-{case_id}"
    case = store.case(wid)
    if case is None:
        raise RuleViolation("event contract (DESIGN.md)", f"no case {wid}", "case_id")
    if not store.grants(by, today).serves(case.org_unit):
        why = f"{by} is not an HR officer serving {case.org_unit} in the register today"
        raise RuleViolation(retention.TI_2_5, why, "by")
    erasure = store.erasure(wid)
    if erasure is not None and (until == "requested" or erasure.erased_at is not None):
        why = f"{wid}: its {retention.PR_18} erasure is {until}: its family is fixed"
        raise RuleViolation(retention.PR_18, why, "case_id")
    return case


def _journal_link(s: Session, row: CaseRow, trigger: str, by: str, sender: str | None) -> None:
    """The officer's link or unlink: a journal step on the case with its rules (set apart from
    the case's own steps, `OWN_SEQ`), in the caller's transaction, the one that writes the
    register's link (review L3: both or neither)."""
    stmt = select(JournalRow.seq).where(JournalRow.workflow_id == row.workflow_id)
    seq = max([OWN_SEQ, *s.exec(stmt).all()]) + 1
    s.add(JournalRow(workflow_id=row.workflow_id, seq=seq, trigger=trigger, source=row.state,
                     dest=row.state, rule=f"{retention.TI_2_5}, {retention.PR_18}",
                     actor_id=by, actor_role="hr_officer", at=utcnow(),
                     sender=sender or f"cli:{getpass.getuser()}"))  # fmt: skip


def link_report(
    store: Store,
    case_id: str,
    report_case_id: str,
    by: str,
    today: date,
    sender: str | None = None,
) -> dict[str, Any]:
    """`personalsak case link-report`: an HR officer records that the report of neglect
    `report_case_id` led to the disciplinary case `case_id` (TI-2020 § 2-5), for a case opened
    by its own event rather than by the report's hand-over, so PR-2012 § 18 erases the report
    with the case (review M5). The register checks it all: the officer serves the case's unit
    and the report's (review H1); the report is a report of neglect its leader assessed (the
    journal's step, never the row's state alone) on or before the case's opening step (a
    report assessed after the case opened did not lead to it); it concerns the case's
    employee; no other case came from it; the case has no link. A report the officer may not
    see is refused as one that does not exist, naming nothing of it (review M1), and a report
    read is logged (the access log). The case's request may name its report: another one is
    refused (review L2). Until the family is erased (review M2): once the § 18 step took the
    case's file, the report its notice names (`notice_unlinked`, checked then against the
    file) is the one that can be linked, and the sweep takes it. A journal step on the case
    with the rule, in the transaction that writes the link; refused, nothing changes."""
    case = _officer_case(store, case_id, by, today, until="erased")
    wid, rid = case.workflow_id, f"report-{report_case_id}"
    report = store.case(rid)
    mine = report is not None and store.grants(by, today).serves(report.org_unit)
    if report is None or report.case_type != "report" or not mine:
        # one refusal for "no such report" and "not yours": nothing of another unit's report
        why = f"no report case {report_case_id} in a unit {by} serves"
        raise RuleViolation(retention.TI_2_5, why, "report")
    AccessRegister(store).log(by, rid, report.case_id, "hr officer: link-report", "cli")
    asked = _request(store, rid)
    assessed = [j.at for j in store.journal(rid) if j.dest in ASSESSED and j.seq < OWN_SEQ]
    opened = [j.at for j in store.journal(wid) if j.seq < OWN_SEQ]
    if asked.get("kind") != "neglect" or not assessed:
        why = f"{rid} is no report of neglect its leader assessed (its journal)"
        raise RuleViolation(retention.TI_2_5, why, "report")
    if not opened or _at(assessed[0]) > _at(opened[0]):
        why = f"{rid} was assessed after {wid} was opened: it did not lead to it"
        raise RuleViolation(retention.TI_2_5, why, "report")
    own = _request(store, wid)
    if own:  # the case's file: whom it concerns, and the report it names, if any
        if own.get("report_case_id") not in (None, report_case_id):
            why = (f"{wid}'s request names another report (report_case_id): the report that led "
                   f"to it is erased with it ({retention.PR_18}), no other")  # fmt: skip
            raise RuleViolation(retention.TI_2_5, why, "report")
        concerned = asked.get("concerns_employee_id")
        if concerned is None or concerned != own.get("employee_id"):
            why = f"{rid} does not concern the employee of {wid}"
            raise RuleViolation(retention.TI_2_5, why, "report")
    else:
        with store.session() as s:
            named = noticed(s, wid, rid)
        if not named:  # the file went with the § 18 step: its notice says what it checked
            why = (f"{wid} holds no file to check {rid} against: only the report its "
                   f"{retention.PR_18} step found named and not linked can be linked")  # fmt: skip
            raise RuleViolation(retention.TI_2_5, why, "report")
    if case.opened_from == rid:
        return {"linked": rid, "case": wid, "already": True}
    if case.opened_from:
        why = f"{wid} already came from {case.opened_from} (the register's link)"
        raise RuleViolation(retention.TI_2_5, why, "case_id")
    with store.session() as s:
        taken = s.exec(select(CaseRow.workflow_id).where(CaseRow.opened_from == rid)).first()
        if taken is not None:
            why = f"{rid} already led to {taken}"
            raise RuleViolation(retention.TI_2_5, why, "report")
        row = s.get(CaseRow, wid)
        assert row is not None
        row.opened_from = rid
        s.add(row)
        _journal_link(s, row, LINK_TRIGGER, by, sender)
    return {"linked": rid, "case": wid, "already": False}


def unlink_report(
    store: Store, case_id: str, by: str, today: date, sender: str | None = None
) -> dict[str, Any]:
    """`personalsak case unlink-report`: an HR officer serving the case's unit undoes a link
    an officer made (`link_report`, a wrong report), so the right one can be linked (review
    H1), until PR-2012 § 18's erasure is requested. A link written by the report's hand-over
    (Temporal's parent, TI-2020 § 2-5) is a fact and stays. A journal step with the rule."""
    case = _officer_case(store, case_id, by, today, until="requested")
    wid = case.workflow_id
    triggers = [j.trigger for j in store.journal(wid)]
    by_officer = triggers.count(LINK_TRIGGER) > triggers.count(UNLINK_TRIGGER)
    if not (case.opened_from or "").startswith("report-") or not by_officer:
        why = f"{wid} has no report an officer linked (a hand-over's link stays)"
        raise RuleViolation(retention.TI_2_5, why, "case_id")
    with store.session() as s:
        row = s.get(CaseRow, wid)
        assert row is not None
        was, row.opened_from = row.opened_from, None
        s.add(row)
        _journal_link(s, row, UNLINK_TRIGGER, by, sender)
    return {"unlinked": was, "case": wid}
