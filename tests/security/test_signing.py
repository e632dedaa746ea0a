"""Only the door moves a case (issue 11, point 3): a client that talks to Temporal directly,
without the intake's signature, neither moves a case nor opens one."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from temporalio.client import Client, WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from activities.store import Store
from intake import signing
from states.leave import LeaveDecision, LeaveRequest
from states.machine import Actor
from states.rules import EVENT_CONTRACT
from tests.helpers import Sender, decision, leave_request
from tests.security.sending import snapshot
from workflows.case import CaseView, Command
from workflows.leave import LeaveCase, LeaveCaseInput

HR = Actor(person_id="hr-east", role="hr_officer")


def _start() -> date:
    return date.today() + timedelta(days=30)


async def _open_case(client: Client, worker: str, register: Store) -> tuple[str, CaseView]:
    case_id = f"SIG-{uuid.uuid4().hex[:8]}"
    await Sender(client, worker, register).send(
        leave_request(case_id, _start(), _start() + timedelta(days=2))
    )
    handle = client.get_workflow_handle(f"leave-{case_id}")
    return case_id, await handle.query(LeaveCase.describe, result_type=CaseView)


def _decision(event_id: str, signature: str | None = None) -> Command[LeaveDecision]:
    return Command[LeaveDecision](
        event_id=event_id,
        actor=HR,
        payload=LeaveDecision(outcome="granted", reasons="Vurdert."),
        sender="system:intruder",
        signature=signature,
    )


async def _refused(handle: object, cmd: Command[LeaveDecision]) -> ApplicationError:
    with pytest.raises(WorkflowUpdateFailedError) as failed:
        await handle.execute_update(LeaveCase.decide, cmd, id=cmd.event_id)  # type: ignore[attr-defined]
    cause = failed.value.cause
    assert isinstance(cause, ApplicationError)
    return cause


async def test_a_direct_update_without_or_with_a_forged_signature_changes_nothing(
    client: Client, worker: str, register: Store
) -> None:
    """Issue 11 § 3 "Only the door moves a case": an Update sent straight to the case workflow
    is refused by its validator (`event contract (DESIGN.md)`, field `signature`); the case,
    its journal and its letters stay as they were."""
    case_id, before = await _open_case(client, worker, register)
    wid = f"leave-{case_id}"
    handle = client.get_workflow_handle(wid)
    journal_before = [(j.seq, j.trigger) for j in register.journal(wid)]
    outbox_before = sorted(o.key for o in register.outbox(wid))

    unsigned = _decision(f"direct-{uuid.uuid4()}")
    forged = _decision(f"forged-{uuid.uuid4()}")
    forged.signature = f"{signing.installed()[0][0]}:{'0' * 64}"
    unknown_key = _decision(f"other-key-{uuid.uuid4()}")
    unknown_key.signature = "attacker:" + "ab" * 32
    # A signature the door made for one command does not carry over to altered content.
    altered = _decision(f"altered-{uuid.uuid4()}")
    altered.signature = signing.sign(altered, name="decide", workflow_id=wid)
    altered.payload = LeaveDecision(outcome="refused", reasons="Endret.")

    for cmd in (unsigned, forged, unknown_key, altered):
        cause = await _refused(handle, cmd)
        assert cause.details[0]["rule"] == EVENT_CONTRACT
        assert cause.details[0]["field"] == "signature"

    after = await handle.query(LeaveCase.describe, result_type=CaseView)
    assert after.state == before.state == "awaiting_decision"
    assert after.history == before.history
    assert [(j.seq, j.trigger) for j in register.journal(wid)] == journal_before
    assert sorted(o.key for o in register.outbox(wid)) == outbox_before

    # The same decision through the door is taken.
    result = await Sender(client, worker, register).send(decision(case_id))
    assert result["status"] == "accepted"
    assert result["state"] == "scheduled"


async def test_a_start_with_a_bad_signature_opens_no_case(
    client: Client, worker: str, register: Store
) -> None:
    """Issue 11 § 3: a case started by a client other than the door fails before anything is
    registered (`event contract (DESIGN.md)`, `signature`): no case row, no journal, no letter."""
    request = LeaveRequest(
        employee_id="emp-1",
        kind="welfare",
        start=_start(),
        end=_start() + timedelta(days=1),
        paid=True,
        reason="Begravelse i nær familie",
    )
    for signature in (None, "forged:" + "00" * 32):
        wid = f"leave-SIGSTART-{uuid.uuid4().hex[:8]}"
        inp = LeaveCaseInput(
            case_id=wid.removeprefix("leave-"),
            event_id=f"start-{uuid.uuid4()}",
            actor=Actor(person_id="emp-1", role="employee"),
            request=request,
            signature=signature,
        )
        handle = await client.start_workflow(LeaveCase.run, inp, id=wid, task_queue=worker)
        with pytest.raises(WorkflowFailureError) as failed:
            await handle.result()
        cause = failed.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.details[0]["rule"] == EVENT_CONTRACT
        assert cause.details[0]["field"] == "signature"
        assert register.case(wid) is None
        assert register.journal(wid) == []
        assert register.outbox(wid) == []


def test_rotation_new_key_signs_old_keys_still_verify() -> None:
    """Issue 11 § 3 "rotatable: new key first, old keys still verify"."""
    saved = signing.installed()
    old, new = (
        signing.parse_keys(signing.new_key_line()),
        signing.parse_keys(signing.new_key_line()),
    )
    cmd = _decision("rotation-1")
    try:
        signing.install(old)
        cmd.signature = signing.sign(cmd, name="decide", workflow_id="leave-R")
        signing.install(new + old)
        assert signing.problem(cmd, name="decide", workflow_id="leave-R") is None
        assert signing.sign(cmd, name="decide", workflow_id="leave-R").startswith(new[0][0] + ":")
        # Bound to the update name and the case: the same signature elsewhere does not hold.
        assert signing.problem(cmd, name="withdraw", workflow_id="leave-R")
        assert signing.problem(cmd, name="decide", workflow_id="leave-OTHER")
        signing.install(new)  # the old key retired: what it signed no longer verifies
        assert "unknown signing key" in (
            signing.problem(cmd, name="decide", workflow_id="leave-R") or ""
        )
    finally:
        signing.install(saved)


def test_signature_covers_every_field_but_itself() -> None:
    """Any field (sender, actor, a field another part adds) changes the digest."""
    cmd = _decision("digest-1")
    base = signing.body_digest(cmd)
    assert signing.body_digest(cmd.model_copy(update={"signature": "x:y"})) == base
    assert signing.body_digest(cmd.model_copy(update={"sender": "person:emp-2"})) != base
    other = cmd.model_copy(update={"actor": Actor(person_id="hr-east", role="hr_chief")})
    assert signing.body_digest(other) != base


async def test_a_signed_command_without_grants_changes_nothing(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """Security review of issue 11: a command without grants would be judged on its role claim
    (`grants_for` keeps that only for histories recorded before). Even signed with the door's
    key, the validator refuses it (`event contract (DESIGN.md)`, field `grants`)."""
    case_id, _ = await _open_case(client, worker, register)
    wid = f"leave-{case_id}"
    handle = client.get_workflow_handle(wid)
    before = await snapshot(client, register, mail_dir, wid)
    cmd = _decision(f"no-grants-{uuid.uuid4()}")
    cmd.signature = signing.sign(cmd, name="decide", workflow_id=wid)
    cause = await _refused(handle, cmd)
    assert (cause.details[0]["rule"], cause.details[0]["field"]) == (EVENT_CONTRACT, "grants")
    assert await snapshot(client, register, mail_dir, wid) == before
