"""Issue 11 § 4 with the review's amendment: event ids are each sender's own. The binding is
(sender, event_id), so one HR system can neither block another's ids nor have its event taken
for another's; the same sender, id and content is a `duplicate`, other content a 409 conflict
(`rule: event contract`); the Temporal Update id is derived from the sender-qualified key."""

from __future__ import annotations

from pathlib import Path

from temporalio.client import Client

from activities.store import Store
from intake import signing
from states.rules import EVENT_CONTRACT, EventConflict
from tests.helpers import decision
from tests.security.sending import As, case_id, snapshot, welfare

A, B = "system:hr-a", "system:hr-b"


async def test_another_senders_id_neither_blocks_nor_collides(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """Sender B reuses sender A's event id: for another case it is accepted (not a conflict
    that would block B), and for A's own case it is B's own event, judged by the case's rules
    (PR-2012 § 23 nr. 4: the leave is decided and scheduled), never answered with A's
    result."""
    a, b = (As(client, worker, register, s) for s in (A, B))
    case = case_id("SEC-IDS")
    opening = welfare(case) | {"event_id": f"shared-{case}"}
    assert (await a.send(opening))["status"] == "accepted"
    other = welfare(case_id("SEC-IDS")) | {"event_id": opening["event_id"]}
    assert (await b.send(other))["status"] == "accepted"  # not blocked by A's binding
    assert {(r.sender, r.workflow_id) for r in register.bindings(opening["event_id"])} == {
        (A, f"leave-{case}"),
        (B, f"leave-{other['case_id']}"),
    }

    step = decision(case) | {"event_id": f"dec-{case}"}
    assert (await a.send(step))["status"] == "accepted"
    wid = f"leave-{case}"
    before = await snapshot(client, register, mail_dir, wid)
    # B's event under A's id is B's: a second decision, refused by the case's rules. With a
    # bare event id as the Update id it would have been Temporal's answer to A's event.
    refused = await b.refused(step)
    assert refused.rule == "PR-2012 § 23 nr. 4" and not isinstance(refused, EventConflict)
    assert await snapshot(client, register, mail_dir, wid) == before

    # The Update id in Temporal is derived from the sender-qualified key: its keyed tag, which
    # names neither (issue 14 review: Temporal keeps Update ids in plain text).
    history = await client.get_workflow_handle(wid).fetch_history()
    update_ids = {
        e.workflow_execution_update_accepted_event_attributes.accepted_request.meta.update_id
        for e in history.events
        if e.HasField("workflow_execution_update_accepted_event_attributes")
    }
    assert signing.update_id(A, step["event_id"]) in update_ids
    assert signing.update_id(B, step["event_id"]) not in update_ids
    assert not [u for u in update_ids if step["event_id"] in u or "hr-a" in u]


async def test_same_sender_duplicate_or_conflict(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """The same sender, id and content: `duplicate`; the same sender and id with other content:
    a conflict (`event contract`, `event_id`), nothing changes."""
    a = As(client, worker, register, A)
    case = case_id("SEC-IDS")
    await a.send(welfare(case))
    step = decision(case)
    assert (await a.send(step))["status"] == "accepted"
    wid = f"leave-{case}"
    before = await snapshot(client, register, mail_dir, wid)
    assert (await a.send(step))["status"] == "duplicate"
    other = step | {"payload": {"outcome": "refused", "reasons": "Ny vurdering."}}
    conflict = await a.refused(other)
    assert isinstance(conflict, EventConflict)
    assert (conflict.rule, conflict.field) == (EVENT_CONTRACT, "event_id")
    assert await snapshot(client, register, mail_dir, wid) == before
