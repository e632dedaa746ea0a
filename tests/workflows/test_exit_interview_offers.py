"""PR-2012 § 26 offered by the cases where employment ends (issue 13): "Arbeidsgiver skal
tilby tjenestemannen sluttsamtale ved opphør av arbeidsforhold, men tjenestemannen har ingen
plikt til å gjennomføre samtalen." On the time-skipping server, exact dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from states.calendar import local_date, shift_months, start_of_day
from states.hiring import EXIT_OFFER_DAYS
from tests.helpers import Sender, applicant, eventually, step
from tests.workflows.test_discipline import DECISION, JD, to_deliberation
from workflows.case import NOT_DONE, CaseView
from workflows.hiring import HiringCase

HR = {"person_id": "hr-east", "role": "hr_officer"}
RD = {"person_id": "rd-east", "role": "regional_director"}


async def today(env: WorkflowEnvironment) -> date:
    return local_date(await env.get_current_time())


async def sleep_until(env: WorkflowEnvironment, day: date) -> None:
    await env.sleep(start_of_day(day) + timedelta(hours=1) - await env.get_current_time())


async def view(send: Sender, case_id: str, case_type: str) -> CaseView:
    handle = send.client.get_workflow_handle(f"{case_type}-{case_id}")
    return await handle.query(HiringCase.describe, result_type=CaseView)


async def becomes(send: Sender, case_id: str, case_type: str, state: str) -> bool:
    async def check() -> bool:
        try:
            return (await view(send, case_id, case_type)).state == state
        except Exception:  # the child case is not started yet
            return False

    return bool(await eventually(check))


def short_post() -> dict[str, Any]:
    return {
        "unit_id": "oslo-prison",
        "title": "Fengselsbetjent (vikariat)",
        "post_kind": "fengselsbetjent",
        "nearest_superior_id": "avd-oslo",
        "permanent": False,
        "duration_months": 1,
        "probation_months": 0,
        "training_duty": True,
        "temporary_ground": "substitute",
    }


async def serving(send: Sender, env: WorkflowEnvironment, case: str, who: str) -> date:
    """A one-month substitute appointment of `who`, signed: the case serves until its end."""
    await step(send, "VacancyRegistered", case, short_post(), HR)
    start = await today(env) + timedelta(days=7)
    made = {"appointee": applicant(who, "female"), "start_date": start.isoformat(),
            "reasons": "Vikar."}  # fmt: skip
    await step(send, "ShortAppointmentMade", case, made, RD)
    signed = {"signed_on": (await today(env)).isoformat()}
    assert (await step(send, "ContractSigned", case, signed, HR))["state"] == "serving"
    return shift_months(start, 1) - timedelta(days=1)


async def test_temporary_appointment_ends_with_an_exit_interview_offer(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 when a temporary appointment ends (§ 16 nr. 1): the offer goes out 14 days before
    the last day (design choice), as its own exit interview case that outlives the hiring case;
    the employee may decline ("ingen plikt")."""
    last = await serving(send, env, "XH-1", "adm-oslo-dep")
    hiring = await view(send, "XH-1", "hiring")
    offer = [d for d in hiring.deadlines if d.name == "offer_exit_interview"]
    assert offer and offer[0].due == last - timedelta(days=EXIT_OFFER_DAYS)
    assert offer[0].rule == "PR-2012 § 26"
    await sleep_until(env, last - timedelta(days=EXIT_OFFER_DAYS + 1))
    assert not register.case("exit_interview-hiring-XH-1-1")  # not a day early
    await sleep_until(env, last - timedelta(days=EXIT_OFFER_DAYS))
    assert await becomes(send, "hiring-XH-1-1", "exit_interview", "offered")
    child = await view(send, "hiring-XH-1-1", "exit_interview")
    assert child.details["taken"] == {} and child.history[0].rule == "PR-2012 § 26"
    hiring = await view(send, "XH-1", "hiring")
    assert hiring.state == "serving" and not hiring.problems
    assert [h.trigger for h in hiring.history].count("offer_exit_interview") == 1
    # The appointment ends; the offered interview stays open until the last day has passed.
    await sleep_until(env, last + timedelta(days=1))
    assert await becomes(send, "XH-1", "hiring", "ended")
    assert await becomes(send, "hiring-XH-1-1", "exit_interview", "not_held")


async def test_an_appointee_not_in_the_register_is_a_recorded_refusal(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 for an appointee the staff register does not hold (an outside applicant): no exit
    interview case can be opened on the register, so the hiring case journals it (rule and field
    named, in the view's `problems`) and goes on to end — no child failing, no workflow task
    failing in a loop, and time still skips for the cases after it."""
    last = await serving(send, env, "XH-2", "x-outsider")
    await sleep_until(env, last - timedelta(days=EXIT_OFFER_DAYS))

    async def journalled() -> list[Any]:
        return (await view(send, "XH-2", "hiring")).problems

    [problem] = await eventually(journalled)
    assert problem.what == NOT_DONE and problem.rule == "PR-2012 § 26"
    assert "[field: employee_id]" in problem.note and "x-outsider" in problem.note
    assert register.case("exit_interview-hiring-XH-2-1") is None
    await sleep_until(env, last + timedelta(days=1))
    assert await becomes(send, "XH-2", "hiring", "ended")
    handle = send.client.get_workflow_handle("hiring-XH-2")
    assert (await handle.result())["state"] == "ended"  # completed, not failed
    # Issue 13: the journal in the register shows it to an officer.
    assert [j.rule for j in register.journal("hiring-XH-2") if j.trigger == NOT_DONE] == [
        "PR-2012 § 26"
    ]


async def test_oppsigelse_offers_the_exit_interview(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 when employment ends by oppsigelse (tjml § 10; PR-2012 § 19): the decision offers the
    exit interview itself, open one month from the decision (design choice: the case holds no
    last day). The Department decides for the regional director (PR-2012 § 19 nr. 1)."""
    await to_deliberation(send, "XD-1", employee="rd-east")
    decision = DECISION | {"reaction": "oppsigelse"}
    await step(send, "DisciplineDecided", "XD-1", decision, JD)
    decided = await today(env)
    assert await becomes(send, "discipline-XD-1-1", "exit_interview", "offered")
    child = await view(send, "discipline-XD-1-1", "exit_interview")
    lapse = [d for d in child.deadlines if d.name == "lapse"]
    assert lapse and lapse[0].due == shift_months(decided, 1) + timedelta(days=1)
    assert not (await view(send, "XD-1", "discipline")).problems
    # The employee may decline: "tjenestemannen har ingen plikt til å gjennomføre samtalen".
    rd = {"person_id": "rd-east", "role": "regional_director"}
    declined = await step(send, "ExitInterviewDeclined", "discipline-XD-1-1", {}, rd)
    assert declined["state"] == "declined"


async def test_ordensstraff_offers_no_exit_interview(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 is "ved opphør av arbeidsforhold": an ordensstraff ends nothing, so no offer."""
    await to_deliberation(send, "XD-2", employee="rd-east")
    await step(send, "DisciplineDecided", "XD-2", DECISION | {"reaction": "ordensstraff",
               "seniority_months": 3}, JD)  # fmt: skip
    assert (await view(send, "XD-2", "discipline")).state != "deliberating"

    async def started() -> bool:
        request = DescribeWorkflowExecutionRequest(
            namespace="default",
            execution=WorkflowExecution(workflow_id="exit_interview-discipline-XD-2-1"),
        )
        try:
            await send.client.workflow_service.describe_workflow_execution(request)
        except RPCError:
            return False
        return True

    assert not await eventually(started, seconds=1.0)  # no child case was started
    assert register.case("exit_interview-discipline-XD-2-1") is None
