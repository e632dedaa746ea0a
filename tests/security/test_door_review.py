"""Issue 11, the lawyer's and attacker's review of the door: each test makes the attack,
asserts the refusal naming the rule, and that nothing changed (the case's state and history,
the register's row and journal, its letters and outbox, the event bindings, the access log).

- "exists already" was answered before the right to open: a caller learnt that a case id exists
- a person's Update reached Temporal without a ground in the register to act in that case
- the `registered` Update was not signed: a direct Temporal client could call it
- "acted in the case" was a read ground for ever: now only while what let them act holds
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError

from activities.store import DelegationRow, Store
from intake.access import ACT_GROUND
from states.rules import EVENT_CONTRACT
from tests.conftest import EXAMPLES
from tests.helpers import event
from tests.security.conftest import reads
from tests.security.sending import As, case_id, snapshot, welfare
from workflows.case import REFUSED
from workflows.catalog import WORKFLOWS


def _discipline(case: str) -> dict[str, Any]:
    ev: dict[str, Any] = json.loads((EXAMPLES / "discipline-opened.json").read_text())
    return ev | {"case_id": case, "event_id": f"evt-{case}"}


async def _unchanged(client: Client, register: Store, mail_dir: Path, wid: str) -> tuple[Any, ...]:
    return (*await snapshot(client, register, mail_dir, wid), len(reads(register, wid)))


# -- 2. the right to open is checked before "exists already" ------------------------------


async def test_an_outsider_does_not_learn_that_a_case_id_exists(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """KRUS's director may not open a disciplinary case about an Oslo prison officer
    (PR-2012 § 19: the employee's own appointing authority): sending the opening with the id
    of an existing case is refused for that, exactly as with a new id, never "exists already"."""
    case = case_id("SEC-EXISTS")
    await As(client, worker, register, "system:hr-exists").send(_discipline(case))
    wid = f"discipline-{case}"
    before = await _unchanged(client, register, mail_dir, wid)
    outsider = As(client, worker, register, "person:krus-dir")
    forged = _discipline(case) | {"event_id": "evt-outsider", "actor": {"person_id": "krus-dir"}}
    existing = await outsider.refused(forged)
    fresh = await outsider.refused(forged | {"case_id": case_id("SEC-EXISTS-NEW")})
    assert "exists" not in existing.message, existing.as_dict()
    assert existing.rule != EVENT_CONTRACT and existing.rule == fresh.rule
    assert (existing.field, existing.message) == (fresh.field, fresh.message)
    assert await _unchanged(client, register, mail_dir, wid) == before


# -- 3. a person's Update reaches a case only on a ground in the register -----------------


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Update the door sends to a workflow (its name)."""
    from intake import dispatch

    made: list[str] = []
    real = dispatch._execute

    async def counted(handle: Any, ev: Any, cmd: Any) -> Any:
        made.append(ev.update or "")
        return await real(handle, ev, cmd)

    monkeypatch.setattr(dispatch, "_execute", counted)
    return made


async def test_a_person_with_no_part_in_a_case_sends_nothing_to_it(
    client: Client, worker: str, register: Store, mail_dir: Path, sent: list[str]
) -> None:
    """emp-1 (a colleague: not the party, no role over Oslo prison, no council seat for it)
    asks for access to emp-2's disciplinary file with their own valid token: 403 naming the
    rule, the same answer as for a case that does not exist, and no Update is sent. The party
    herself (emp-2) gets through the door with the same step."""
    case = case_id("SEC-GROUND")
    await As(client, worker, register, "system:hr-ground").send(_discipline(case))
    wid = f"discipline-{case}"
    before = await _unchanged(client, register, mail_dir, wid)
    colleague = As(client, worker, register, "person:emp-1")
    ask = event("DocumentAccessRequested", case, {"note": "innsyn"}, "emp-1", "employee")
    refused = await colleague.refused(ask)
    # Dated before the case's last step: still the same refusal, not one about its journal.
    backdated = ask | {"event_id": "evt-backdated", "occurred_at": "2020-01-06T09:00:00+01:00"}
    assert (await colleague.refused(backdated)).as_dict() == refused.as_dict()
    other = case_id("SEC-NOCASE")
    missing = await colleague.refused(ask | {"case_id": other, "event_id": "evt-nocase"})
    assert (refused.rule, refused.field, getattr(refused, "status", None)) == (
        ACT_GROUND,
        "case_id",
        403,
    )
    assert (missing.rule, missing.message.replace(other, case)) == (ACT_GROUND, refused.message)
    assert sent == []
    assert await _unchanged(client, register, mail_dir, wid) == before
    assert register.bindings(ask["event_id"]) == []

    party = As(client, worker, register, "person:emp-2")
    own = event("DocumentAccessRequested", case, {"note": "innsyn"}, "emp-2", "employee")
    assert (await party.send(own))["status"] == "accepted"
    assert sent == ["act"]  # the duty cases' one Update


async def test_an_http_person_without_ground_gets_403(
    door: Any, client: Client, register: Store, mail_dir: Path, mint: Any, sent: list[str]
) -> None:
    """The same attack through `POST /events` with a valid bearer token: HTTP 403 and the rule."""
    from tests.security.conftest import bearer

    case = case_id("SEC-GROUND-HTTP")
    ev = _discipline(case)
    r0 = await door.post("/events", json=ev | {"event_id": "evt-g0"},
                         headers=bearer(mint("leader-oslo")))  # fmt: skip
    assert r0.status_code == 200, r0.text
    wid = f"discipline-{case}"
    before = await _unchanged(client, register, mail_dir, wid)
    sent.clear()
    ask = event("DocumentAccessRequested", case, {"note": "innsyn"}, "emp-1", "employee")
    r = await door.post("/events", json=ask, headers=bearer(mint("emp-1")))
    assert r.status_code == 403, r.text
    assert (r.json()["rule"], r.json()["field"]) == (ACT_GROUND, "case_id")
    assert sent == []
    assert await _unchanged(client, register, mail_dir, wid) == before


# -- 5. the `registered` Update is signed like every other command ------------------------


async def _accepted_updates(handle: Any) -> int:
    """The Updates the case's history accepted (a validator's refusal leaves none)."""
    from temporalio.api.enums.v1 import EventType

    accepted = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
    return sum(e.event_type == accepted for e in (await handle.fetch_history()).events)


async def test_an_unsigned_or_forged_registered_update_is_refused(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """A direct Temporal client calls `registered` on a case without the door's signature, or
    with one over another case: refused by the validator (`event contract`, field
    `signature`), no Update in the history; the door's own signed call is answered."""
    from intake import signing
    from workflows.case import REGISTERED, Answer, CaseView, Registration

    case = case_id("SEC-REG")
    await As(client, worker, register, "system:hr-reg").send(welfare(case))
    wid = f"leave-{case}"
    handle = client.get_workflow_handle(wid)
    before = await _unchanged(client, register, mail_dir, wid)
    history = await _accepted_updates(handle)
    forged = Registration(event_id="evt-forged", sender="system:hr-reg")
    forged.signature = signing.sign(forged, name=REGISTERED, workflow_id="leave-other")
    for args in ([], [forged]):
        with pytest.raises(WorkflowUpdateFailedError) as failed:
            await handle.execute_update(WORKFLOWS["leave"].registered, *args, result_type=Answer)
        cause = failed.value.cause
        assert isinstance(cause, ApplicationError) and cause.type == REFUSED
        assert (cause.details[0]["rule"], cause.details[0]["field"]) == (
            EVENT_CONTRACT,
            "signature",
        )
    assert await _accepted_updates(handle) == history
    assert await _unchanged(client, register, mail_dir, wid) == before
    signed = Registration(event_id="evt-door", sender="system:hr-reg")
    signed.signature = signing.sign(signed, name=REGISTERED, workflow_id=wid)
    answer = await handle.execute_update(WORKFLOWS["leave"].registered, signed, result_type=Answer)
    # Issue 16: the answer is the case and its state (the door reads no more), not the view.
    view = await handle.query(WORKFLOWS["leave"].describe, result_type=CaseView)
    assert (answer.case_id, answer.state) == (case, view.state)


# -- 4. "acted in the case" reads only while what let the person act holds ----------------


@pytest.fixture
def fullmakt(register: Store) -> Iterator[DelegationRow]:
    """krus-emp (no role over Oslo prison) holds the regional director's fullmakt for leave."""
    row = DelegationRow(from_person_id="rd-east", to_person_id="krus-emp", matters=["leave"],
                        valid_from=date(2024, 1, 1))  # fmt: skip
    with register.session() as s:
        s.add(row)
        s.commit()
        s.refresh(row)
    yield row
    with register.session() as s:
        for r in s.exec(select(DelegationRow).where(DelegationRow.to_person_id == "krus-emp")):
            s.delete(r)


async def test_a_step_taken_under_an_ended_fullmakt_reads_no_more(
    door: Any, client: Client, worker: str, register: Store, mail_dir: Path, mint: Any,
    fullmakt: DelegationRow,
) -> None:  # fmt: skip
    """krus-emp decides emp-1's welfare leave under the regional director's fullmakt (PR-2012
    § 22) and reads the case on that ground; once the fullmakt has ended, the step they took
    gives no read: 404 as for any case they have no part in, no log row, nothing changed."""
    from tests.helpers import decision
    from tests.security.conftest import bearer

    case = case_id("SEC-ACTED")
    wid = f"leave-{case}"
    hr = As(client, worker, register, "system:hr-acted")
    await hr.send(welfare(case))
    decided = decision(case, by="krus-emp")
    del decided["actor"]["role"]  # no claim: the fullmakt is the register's
    assert (await hr.send(decided))["state"] == "scheduled"
    token = bearer(mint("krus-emp"))
    r = await door.get(f"/cases/{case}", headers=token)
    assert r.status_code == 200, r.text
    assert [(x.reader, x.ground) for x in reads(register, case)] == [
        ("krus-emp", "acted in the case")
    ]

    with register.session() as s:
        row = s.get(DelegationRow, fullmakt.id)
        assert row is not None
        row.valid_to = date.today() - timedelta(days=1)
        s.add(row)
        s.commit()
    before = await _unchanged(client, register, mail_dir, wid)
    gone = await door.get(f"/cases/{case}", headers=token)
    assert gone.status_code == 404 and gone.json() == {"error": f"no case {case}"}
    assert await _unchanged(client, register, mail_dir, wid) == before


# -- 6. `apikey revoke`: a revoked key neither sends nor reads ------------------------------


def test_apikey_revoke_removes_the_system(tmp_path: Path) -> None:
    """`personalsak apikey revoke NAME` removes the system from `apikey list`; revoking it
    again (or a name never issued) exits 2 naming it, and changes nothing."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'register.db'}",
           "PERSONALSAK_DATA_DIR": str(tmp_path / "data")}  # fmt: skip

    def cli(*args: str) -> tuple[int, str]:
        done = subprocess.run(
            [sys.executable, "-m", "intake.cli", *args], capture_output=True, text=True,
            env=env, cwd=ROOT, timeout=120,
        )  # fmt: skip
        return done.returncode, done.stdout

    assert cli("org", "load", str(EXAMPLES / "org.yaml"))[0] == 0
    for name in ("hr-keep", "hr-gone"):
        assert cli("apikey", "create", name, "--units", "oslo-prison")[0] == 0

    def listed() -> list[str]:
        return [json.loads(line)["name"] for line in cli("apikey", "list")[1].splitlines()]

    assert sorted(listed()) == ["hr-gone", "hr-keep"]
    code, out = cli("apikey", "revoke", "hr-gone")
    assert code == 0 and json.loads(out) == {"revoked": "hr-gone"}
    assert listed() == ["hr-keep"]
    code, out = cli("apikey", "revoke", "hr-gone")
    assert code == 2 and json.loads(out) == {"error": "no system hr-gone"}
    assert listed() == ["hr-keep"]


async def test_a_revoked_key_is_401_for_sending_and_reading(
    door: Any, client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """The door forgets a revoked key at once: its next event and its next read are 401."""
    from activities.store import AccessRegister
    from tests.security.conftest import key

    case = case_id("SEC-REVOKED")
    headers = key(register, send=["*"], types=["*"], units=["*"])
    ev = welfare(case)
    assert (await door.get(f"/cases/{case}", headers=headers)).status_code == 404
    assert AccessRegister(register).remove_api_client(headers["x-name"])
    sent = await door.post("/events", json=ev, headers=headers)
    read = await door.get(f"/cases/{case}", headers=headers)
    assert (sent.status_code, read.status_code) == (401, 401)
    assert register.case(f"leave-{case}") is None and register.bindings(ev["event_id"]) == []
