"""Issue 11: no event is acted by a pseudo-person `system`. The name marks the case's own steps
(timers, letters) in its history; an event under it is refused at the door, and no guard lets
it through. A delivery receipt is recorded by an HR officer serving the unit, for the party,
with its `source` (fvl § 29: the day the decision reached the party)."""

from __future__ import annotations

from pathlib import Path

from temporalio.client import Client

from activities.store import Store
from states.machine import SYSTEM
from states.rules import EVENT_CONTRACT
from tests.helpers import event
from tests.security.sending import As, case_id, snapshot, welfare
from workflows.case import grants_for


async def test_an_event_acted_by_system_is_refused(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    send = As(client, worker, register, "system:hr-sys")
    case = case_id("SEC-SYS")
    await send.send(welfare(case))
    wid = f"leave-{case}"
    before = await snapshot(client, register, mail_dir, wid)
    for role in (None, "hr_officer"):
        ev = event("LeaveWithdrawn", case, {}, "system", role or "")
        if role is None:
            del ev["actor"]["role"]
        refusal = await send.refused(ev)
        assert (refusal.rule, refusal.field) == (EVENT_CONTRACT, "actor.person_id")
        assert "not a person" in refusal.message
    assert await snapshot(client, register, mail_dir, wid) == before


def test_no_actor_name_is_exempt_from_the_grants() -> None:
    """A command without grants (recorded before issue 11) is judged by its claim, whoever the
    actor: `system` gets nothing, not an exemption (before: no grants at all)."""
    grants = grants_for(SYSTEM, None)
    assert grants is not None and grants.roles == [] and not grants.serves("oslo-prison")
