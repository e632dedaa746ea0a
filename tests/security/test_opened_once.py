"""Issue 11: a case is opened once, by one run. The register records the run that opened each
case; a replayed opening -- the door's own signed start input sent to Temporal again after
the case closed, or the opening event sent to the door again -- fails naming the rule and
never runs the case a second time (no step, no letter, no row)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.service import RPCError

from activities.case_activities import CASE_OPENED
from activities.store import Store
from intake.dispatch import OPENINGS, _signed_opening
from intake.events import parse
from states.rules import EVENT_CONTRACT
from tests.conftest import EXAMPLES
from tests.helpers import event
from tests.security.sending import As, case_id, snapshot, welfare
from workflows.catalog import WORKFLOWS
from workflows.duties import DutyInput, Snapshot
from workflows.leave import LeaveCase

SENDER = "system:hr-once"


async def _closed_leave(send: As) -> tuple[dict[str, Any], str]:
    case = case_id("SEC-ONCE")
    opening = welfare(case)
    await send.send(opening)
    await send.send(event("LeaveWithdrawn", case, {}, "emp-1", "employee"))
    return opening, f"leave-{case}"


async def test_a_replayed_signed_start_runs_no_second_case(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """The signed start input of a closed case, sent to Temporal directly past the id-reuse
    policy: the new run fails in `open_case` with `event contract` and `case_id`; the register
    still names the first run, the journal, letters and history are as they were."""
    send = As(client, worker, register, SENDER)
    opening, wid = await _closed_leave(send)
    row = register.case(wid)
    assert row is not None and row.state == "withdrawn" and row.first_run_id
    before = await snapshot(client, register, mail_dir, wid)

    ev = parse(opening)
    grants = register.grants("emp-1", ev.occurred_at.date())
    signed = _signed_opening(ev, OPENINGS[type(ev)].build(ev, grants), SENDER)
    handle = await client.start_workflow(
        LeaveCase.run, signed, id=wid, task_queue=worker,
        id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
    )  # fmt: skip
    try:
        with pytest.raises(WorkflowFailureError) as failed:
            await asyncio.wait_for(handle.result(), 30)  # a second case would wait on
    finally:
        with contextlib.suppress(RPCError):
            await handle.terminate("test: a second run must not stay open")
    cause = failed.value.cause  # the local activity's error (or an activity's, wrapped)
    refusal = cause.cause if isinstance(cause, ActivityError) else cause
    assert isinstance(refusal, ApplicationError) and refusal.type == CASE_OPENED
    assert refusal.details[0]["rule"] == EVENT_CONTRACT
    assert refusal.details[0]["field"] == "case_id"
    assert handle.result_run_id != row.first_run_id
    # The first run's record is untouched: the register, the journal, the letters, the bindings.
    assert await _first_run(client, register, mail_dir, wid, row.first_run_id) == before


async def _first_run(
    client: Client, register: Store, mail_dir: Path, wid: str, run_id: str | None
) -> tuple[Any, ...]:
    """The snapshot, with the case view read from the first run (the latest one failed)."""
    handle = client.get_workflow_handle(wid, run_id=run_id)
    seen = await handle.query(LeaveCase.describe)
    snap = await snapshot(client, register, mail_dir, wid)
    history = [(h.trigger, h.event_id, h.sender) for h in seen.history]
    return ((seen.state, history), *snap[1:])


async def test_an_opening_sent_again_starts_nothing(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """At the door the register knows the case: the same opening from the same sender is a
    `duplicate`, another opening for the case is refused (`event contract`, `case_id`); in
    neither case does the door ask Temporal to start a run (after Temporal's retention has
    forgotten the case, that start would succeed)."""
    send = As(client, worker, register, SENDER)
    opening, wid = await _closed_leave(send)
    before = await snapshot(client, register, mail_dir, wid)
    starts: list[str] = []

    class Spy:
        def __getattr__(self, name: str) -> Any:
            return getattr(client, name)

        async def start_workflow(self, *args: Any, **kwargs: Any) -> Any:
            starts.append(kwargs["id"])
            return await client.start_workflow(*args, **kwargs)

    spied = As(Spy(), worker, register, SENDER)  # type: ignore[arg-type]
    assert (await spied.send(opening))["status"] == "duplicate"
    again = await spied.refused(opening | {"event_id": f"again-{uuid.uuid4().hex[:6]}"})
    assert (again.rule, again.field) == (EVENT_CONTRACT, "case_id")
    assert starts == []
    assert await snapshot(client, register, mail_dir, wid) == before


async def test_a_forged_resume_snapshot_is_refused(client: Client, worker: str) -> None:
    """A direct start that hands a case a state (an unsigned `resume` snapshot) is refused like
    any unsigned opening: only the door, or the case's own continue-as-new, gives a case its
    state. Before, a resumed input skipped the signature check."""
    gift = json.loads((EXAMPLES / "gift-reported.json").read_text())
    case = case_id("SEC-RESUME")
    forged = DutyInput(
        case_id=case, event_id="forged", actor={"person_id": "emp-1", "role": "employee"},
        request=gift["payload"],
        resume=Snapshot(
            state="may_keep", history=[], file={"request": gift["payload"], "today": "2027-03-01"},
            deadlines={}, documents=[], parties=[], seen=[], unit_name="", org_unit="oslo-prison",
            region="r-east", runs=1,
        ),
    )  # fmt: skip
    handle = await client.start_workflow(
        WORKFLOWS["gift"].run, forged, id=f"gift-{case}", task_queue=worker
    )
    try:
        with pytest.raises(WorkflowFailureError) as failed:
            await asyncio.wait_for(handle.result(), 30)  # a case that took the state waits on
    finally:
        with contextlib.suppress(RPCError):  # failed already, as it should have
            await handle.terminate("test: a forged case must not stay open")
    cause = failed.value.cause
    assert isinstance(cause, ApplicationError) and cause.details[0]["field"] == "signature"
