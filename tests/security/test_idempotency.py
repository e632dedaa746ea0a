"""Idempotency that cannot lie (issue 11, point 4): an event id is bound to a digest of its
content. The same event again is a `duplicate`; the id reused with other content is refused as
a conflict (`event contract (DESIGN.md)`; HTTP 409, CLI exit 2) and changes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client

from activities.store import Store
from intake import apikeys, signing
from intake.api import create_app
from intake.config import Settings
from intake.dispatch import dispatch
from states.rules import EVENT_CONTRACT, EventConflict
from tests.helpers import Sender, decision, event, leave_request, run_cli
from workflows.case import CaseView


def _case(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _request(case_id: str) -> dict[str, Any]:
    start = date.today() + timedelta(days=40)
    return leave_request(case_id, start, start + timedelta(days=2))


async def _snapshot(send: Sender, register: Store, case_id: str) -> tuple[Any, ...]:
    view: CaseView = await send.view(case_id)
    wid = f"leave-{case_id}"
    return (
        view.state,
        [(h.trigger, h.event_id) for h in view.history],
        [(j.seq, j.trigger, j.event_id) for j in register.journal(wid)],
        sorted(o.key for o in register.outbox(wid)),
    )


async def test_same_event_twice_is_a_duplicate_for_openings_and_updates(
    client: Client, worker: str, register: Store
) -> None:
    """Issue 11 § 4: "same id, same content → `duplicate` (for updates too, not `accepted`)".
    Key order and spacing do not make other content: the digest is of the parsed event."""
    send = Sender(client, worker, register)
    case_id = _case("IDEM")
    opening = _request(case_id)
    assert (await send.send(opening))["status"] == "accepted"
    assert (await send.send(dict(reversed(list(opening.items())))))["status"] == "duplicate"

    step = decision(case_id)
    assert (await send.send(step))["status"] == "accepted"
    before = await _snapshot(send, register, case_id)
    again = await send.send(json.dumps(step, indent=3))  # type: ignore[arg-type]
    assert again["status"] == "duplicate"
    assert again["state"] == "scheduled"
    assert await _snapshot(send, register, case_id) == before
    bound = register.received_event(step["event_id"])
    assert bound is not None and bound.status == "accepted" and bound.type == "LeaveDecided"


async def test_an_id_reused_with_other_content_is_a_conflict_and_changes_nothing(
    client: Client, worker: str, register: Store
) -> None:
    """Issue 11 § 4: "same id, different content → refused as a conflict (... `rule: event
    contract`), nothing changes" — another payload, another type, another case."""
    send = Sender(client, worker, register)
    case_id = _case("IDEM")
    await send.send(_request(case_id))
    step = decision(case_id)
    await send.send(step)
    before = await _snapshot(send, register, case_id)

    other_payload = {**step, "payload": {"outcome": "refused", "reasons": "Ny vurdering."}}
    other_type = {**step, "type": "LeaveWithdrawn", "payload": {"reason": "Trekker søknaden."}}
    other_case = {**_request(_case("IDEM")), "event_id": step["event_id"]}
    for reused in (other_payload, other_type, other_case):
        refused = await send.refused(reused)
        assert isinstance(refused, EventConflict)
        assert refused.rule == EVENT_CONTRACT and refused.field == "event_id"
    assert await _snapshot(send, register, case_id) == before
    assert register.case(f"leave-{other_case['case_id']}") is None


async def test_a_refused_event_leaves_its_id_free(
    client: Client, worker: str, register: Store
) -> None:
    """A refused event leaves nothing behind, its id binding included (docs/legal-choices.md):
    the HR system may correct the event and send it again under the same id. PR-2012 § 23
    nr. 4: an employee does not decide leave."""
    send = Sender(client, worker, register)
    case_id = _case("IDEM")
    await send.send(_request(case_id))
    wrong = decision(case_id, by="emp-2", role="employee")
    refused = await send.refused(wrong)
    assert not isinstance(refused, EventConflict)
    assert register.received_event(wrong["event_id"]) is None
    corrected = {**decision(case_id), "event_id": wrong["event_id"]}
    assert (await send.send(corrected))["status"] == "accepted"


async def test_the_http_door_answers_409_and_records_the_sender(
    client: Client, worker: str, register: Store, tmp_path: Path
) -> None:
    """Issue 11 § 4 "HTTP 409"; § 2 "every event records its sender (system name ...) in the
    journal next to the actor"."""
    door = Settings(tmp_path, "unused", worker, register.url, tmp_path, None, 0)
    key = apikeys.issue(register, "hr-system-idem", [apikeys.ALL], units=["*"], act_for=["*"])
    app = create_app(door, client)
    case_id = _case("IDEMHTTP")
    opening = _request(case_id)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://door") as http,
    ):
        first = await http.post("/events", json=opening, headers={"X-API-Key": key})
        assert first.status_code == 200 and first.json()["status"] == "accepted"
        reused = {**opening, "payload": {**opening["payload"], "reason": "Noe annet"}}
        r = await http.post("/events", json=reused, headers={"X-API-Key": key})
        assert r.status_code == 409
        assert r.json()["rule"] == EVENT_CONTRACT and r.json()["field"] == "event_id"
        same = await http.post("/events", json=opening, headers={"X-API-Key": key})
        assert same.status_code == 200 and same.json()["status"] == "duplicate"
    view = await Sender(client, worker, register).view(case_id)
    assert view.history[0].sender == "system:hr-system-idem"
    assert register.journal(f"leave-{case_id}")[0].sender == "system:hr-system-idem"
    assert len(view.history) == 1


async def test_the_cli_exits_2_on_a_reused_id(
    client: Client, worker: str, register: Store, tmp_path: Path
) -> None:
    """Issue 11 § 4 "exit 2": `personalsak event send` with a reused id; the CLI records its
    OS user as the sender."""
    case_id = _case("IDEMCLI")
    opening = _request(case_id)
    env = {
        **os.environ,
        "TEMPORAL_ADDRESS": client.service_client.config.target_host,
        "TASK_QUEUE": worker,
        "DATABASE_URL": register.url,
        "PERSONALSAK_DATA_DIR": str(tmp_path / "data"),
    }

    async def send(ev: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        path = tmp_path / f"{uuid.uuid4().hex}.json"
        path.write_text(json.dumps(ev))
        return await run_cli("event", "send", str(path), env=env)

    first = await send(opening)
    assert first.returncode == 0, first.stdout + first.stderr
    reused = await send({**opening, "payload": {**opening["payload"], "paid": False}})
    assert reused.returncode == 2, reused.stdout + reused.stderr
    out = json.loads(reused.stdout)
    assert out["rule"] == EVENT_CONTRACT and out["field"] == "event_id"
    view = await Sender(client, worker, register).view(case_id)
    assert view.history[0].sender and view.history[0].sender.startswith("cli:")
    assert len(view.history) == 1
    assert not (tmp_path / "data").exists()  # the CLI made no data directory of its own


async def test_the_update_id_names_neither_the_sender_nor_the_event(
    client: Client, worker: str, register: Store
) -> None:
    """Issue 14 review (PR-2012 § 18 "slettes", GDPR art. 5(1)(e)): Temporal keeps an Update's
    id in plain text in the history, where no data key reaches, so the door's Update id is a
    keyed tag of (sender, event id) (`signing.update_id`), never `person:<id>/<event id>`. The
    door's idempotency still holds (issue 11 § 4): the same event gives the same id and is a
    `duplicate`; another sender's event, or another event, another id."""
    tag = signing.update_id
    assert tag("person:emp-1", "e1") == tag("person:emp-1", "e1")
    assert len({tag("person:emp-1", "e1"), tag("person:emp-3", "e1"), tag(None, "e1"),
                tag("person:emp-1", "e2")}) == 4  # fmt: skip
    case_id = _case("UPID")
    sender = "person:emp-1"
    opening = _request(case_id)
    withdrawn = event("LeaveWithdrawn", case_id, {"reason": "Endrede planer"}, "emp-1",
                      "employee")  # fmt: skip

    async def door(ev: dict[str, Any]) -> str:
        out = await dispatch(client, ev, task_queue=worker, register=register, sender=sender)
        return str(out["status"])

    assert await door(opening) == "accepted"
    assert await door(withdrawn) == "accepted"
    assert await door(withdrawn) == "duplicate"
    ids = []
    async for e in client.get_workflow_handle(f"leave-{case_id}").fetch_history_events():
        if e.HasField("workflow_execution_update_accepted_event_attributes"):
            accepted = e.workflow_execution_update_accepted_event_attributes
            ids += [accepted.accepted_request.meta.update_id, accepted.protocol_instance_id]
        if e.HasField("workflow_execution_update_completed_event_attributes"):
            ids.append(e.workflow_execution_update_completed_event_attributes.meta.update_id)
    assert len(ids) >= 6  # the opening's `registered` and the withdrawal, accepted and done
    said = " ".join(ids)
    assert "emp-1" not in said and opening["event_id"] not in said
    assert withdrawn["event_id"] not in said, said
