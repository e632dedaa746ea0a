"""The read model (issue 16): every case writes its view to the register whenever it changes,
so `case show` and `GET /cases/{id}` answer from the register without replaying the case. The
view there is the workflow's own after every step, a timer's included."""

from __future__ import annotations

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake import cases
from states.calendar import local_date, next_working_day, start_of_day
from tests.helpers import Sender, decision, leave_request, step


async def same_view(send: Sender, case_id: str, case_type: str = "leave") -> str:
    """The register's view equals the workflow's; returns the state."""
    stored = cases.from_register(send.store, case_id, case_type)
    live = await cases.show(send.client, case_id, case_type, live=True)
    assert stored is not None and live is not None
    # A hiring case's `run` (its Temporal run and event count) is live by nature: every
    # local activity adds events. Everything else is the same.
    a, b = stored.model_dump(), live.model_dump()
    a["details"].pop("run", None), b["details"].pop("run", None)
    assert a == b
    return stored.state


async def test_the_register_holds_the_workflows_view_after_every_step(
    env: WorkflowEnvironment, send: Sender, register: Store
) -> None:
    """PR-2012 § 23 nr. 4 leave from request through its timer-driven start: after each step
    (an Update's answer, a fired timer) the register's view is the workflow's own."""
    start = next_working_day(local_date(await env.get_current_time()) + timedelta(days=10))[0]
    await send.send(leave_request("RM-1", start, start + timedelta(days=20), kind="education",
                                  paid=False))  # fmt: skip
    assert await same_view(send, "RM-1") == "awaiting_decision"
    assert (await send.send(decision("RM-1")))["state"] == "scheduled"
    assert await same_view(send, "RM-1") == "scheduled"
    await env.sleep(start_of_day(start) + timedelta(hours=1) - await env.get_current_time())
    live = await cases.show(send.client, "RM-1", "leave", live=True)
    assert live is not None and live.state == "on_leave"
    assert await same_view(send, "RM-1") == "on_leave"
    # The documents (letters) are in the stored view too, without asking the workflow.
    stored = cases.from_register(register, "RM-1")
    assert stored is not None and stored.documents and stored.deadlines


async def test_every_case_type_writes_its_view(send: Sender, register: Store) -> None:
    """A gift report (TI-2020 § 4-2) and a vacancy (PR-2012 § 3) are read from the register the
    moment their opening is answered; `live` still asks the workflow."""
    emp = {"person_id": "emp-1", "role": "employee"}
    gift = {"employee_id": "emp-1", "what": "gift", "giver": "inmate", "description": "Tegning",
            "received_on": "2027-03-01", "humane_reason": "Takk"}  # fmt: skip
    opened = await step(send, "GiftReported", "RM-G", gift, emp)
    assert await same_view(send, "RM-G", "gift") == opened["state"] == "awaiting_assessment"
    vacancy = {"unit_id": "oslo-prison", "title": "Fengselsbetjent", "post_kind": "fengselsbetjent",
               "nearest_superior_id": "avd-oslo", "permanent": True}  # fmt: skip
    hr = {"person_id": "hr-east", "role": "hr_officer"}
    opened = await step(send, "VacancyRegistered", "RM-H", vacancy, hr)
    assert await same_view(send, "RM-H", "hiring") == opened["state"]
    assert cases.from_register(register, "RM-nothing") is None
