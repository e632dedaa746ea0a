"""`personalsak case erase`: an officer erases a case by rule (issue 14).

Refused with the rule when the rules keep the data (states/retention.py: the period has not
run, the archive duty keeps it, the case is open) and when the officer is not an HR officer
serving the case's unit in the register today. An erasure is final: the data keys are
destroyed, and a repeat answers the first result (under another rule it is refused, naming the
rule that erased the case), so it is neither undone nor replayed into a different result.
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import select
from temporalio.client import Client

from activities.erasure import (
    ErasureActivities,
    ErasurePlan,
    confirmed,
    journal_refusal,
    register_family,
    steps,
)
from activities.store import CaseRow, ErasureRow, Store, utcnow
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
    acts = ErasureActivities(store, keyring, client, mail_dir)
    family = family_of(store, case, rule)
    running = [] if erased_by else await acts.still_running(family)
    row = retention.erasable(case.case_type, rule, journal, not running, today, erased_by,
                             confirmed())  # arkivloven § 9 bokstav c (M4)  # fmt: skip
    if erased_by:
        with store.session() as s:
            rows = s.exec(select(ErasureRow).where(ErasureRow.root == done.root)).all()  # type: ignore[union-attr]
            return {"erased": sorted(r.workflow_id for r in rows), "rule": erased_by,
                    "at": done.erased_at.isoformat(), "already": True}  # type: ignore[union-attr]  # fmt: skip
    if running and row.scope == "family":  # a member of the family still runs
        raise RuleViolation(row.rule, f"{', '.join(running)} still open: erased once closed")
    plan = ErasurePlan(root=workflow_id, family=family, rule=row.rule, scope=row.scope,
                       at=utcnow(), by=by, by_role="hr_officer", today=today,
                       sender=sender)  # fmt: skip
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
