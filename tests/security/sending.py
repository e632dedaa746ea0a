"""Helpers for the sending-side attacks: send as a named sender, and what a case looks like to
the register and to Temporal (so a test can assert that nothing changed)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from activities.store import Store
from intake.apikeys import SendScope
from intake.dispatch import dispatch
from states.rules import RuleViolation
from tests.helpers import leave_request, letters
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS


def case_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# The test server's date (tests/security/conftest.py sets it before each test): other modules
# skip its time years ahead, so "ahead" is counted from the server's day, not the machine's.
SERVER_TODAY = [date.today()]


def welfare(case: str, employee: str = "emp-1", **extra: Any) -> dict[str, Any]:
    """A welfare leave request well over a year ahead: the days these tests grant do not count
    against the year the other tests' requests fall in (PR-2012 § 22: 12 days a year)."""
    start = SERVER_TODAY[0] + timedelta(days=500)
    return leave_request(case, start, start + timedelta(days=1), employee=employee, **extra)


class As:
    """Events through the dispatcher from one sender (and, for a key, its send scope)."""

    def __init__(
        self,
        client: Client,
        worker: str,
        register: Store,
        sender: str | None,
        scope: SendScope | None = None,
    ) -> None:
        self.client, self.worker, self.register = client, worker, register
        self.sender, self.scope = sender, scope

    async def send(self, ev: dict[str, Any]) -> dict[str, Any]:
        return await dispatch(
            self.client, ev, task_queue=self.worker, register=self.register,
            sender=self.sender, scope=self.scope,
        )  # fmt: skip

    async def refused(self, ev: dict[str, Any]) -> RuleViolation:
        try:
            result = await self.send(ev)
        except RuleViolation as exc:
            return exc
        raise AssertionError(f"expected a refusal, got {result}")


async def view(client: Client, workflow_id: str) -> CaseView | None:
    case_type = workflow_id.split("-", 1)[0]
    try:
        handle = client.get_workflow_handle(workflow_id)
        return await handle.query(WORKFLOWS[case_type].describe, result_type=CaseView)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise


async def snapshot(
    client: Client, register: Store, mail_dir: Path, workflow_id: str
) -> tuple[Any, ...]:
    """Everything an accepted step would change: the case's state and history, the register's
    case row and journal, its letters and outbox, and the event bindings for it."""
    seen = await view(client, workflow_id)
    row = register.case(workflow_id)
    with register.session() as s:
        from sqlmodel import select

        from activities.store import ReceivedEventRow

        bound = s.exec(
            select(ReceivedEventRow).where(ReceivedEventRow.workflow_id == workflow_id)
        ).all()
        bindings = sorted((b.sender, b.event_id, b.digest, b.status) for b in bound)
    return (
        (seen.state, [(h.trigger, h.event_id, h.sender) for h in seen.history]) if seen else None,
        (row.state, row.first_run_id) if row else None,
        [(j.seq, j.trigger, j.event_id) for j in register.journal(workflow_id)],
        letters(mail_dir, workflow_id),
        sorted(o.key for o in register.outbox(workflow_id)),
        bindings,
    )


def opened_days_ago(register: Store, workflow_id: str, days: int) -> None:
    """Stand for a case the register recorded `days` ago: its journal's steps dated back (the
    door reads the day of the case's last step from the journal; the test server's clock
    cannot go back)."""
    from datetime import UTC, datetime

    from sqlmodel import select

    from activities.store import JournalRow

    with register.session() as s:
        rows = s.exec(select(JournalRow).where(JournalRow.workflow_id == workflow_id)).all()
        assert rows, f"{workflow_id} has no recorded step yet"
        for row in rows:
            row.at = datetime.now(UTC) - timedelta(days=days)
            s.add(row)
