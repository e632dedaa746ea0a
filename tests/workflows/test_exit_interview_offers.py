"""PR-2012 § 26 offered by the cases where employment ends (issue 13): "Arbeidsgiver skal
tilby tjenestemannen sluttsamtale ved opphør av arbeidsforhold, men tjenestemannen har ingen
plikt til å gjennomføre samtalen." On the time-skipping server, exact dates."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from activities.documents import norwegian_date
from activities.store import PersonRow, Store
from states.calendar import local_date, shift_months, start_of_day
from states.hiring import EXIT_OFFER_DAYS
from tests.helpers import Sender, applicant, eventually, letters, step
from tests.workflows.test_discipline import CENTRAL, DECISION, JD, NOTICE, to_deliberation
from tests.workflows.test_discipline_law import at
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
        "salary": "Lønnstrinn 40",  # PR-2012 § 16 nr. 2, aml § 14-6 (1) i and b (council11)
        "workplace": "Oslo fengsel",
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


async def test_an_extension_offers_the_exit_interview_again_for_the_new_last_day(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 with § 10 nr. 3: a one-month appointment offered its exit interview 14 days before
    its last day (design choice) is extended by one month (six months or less in all, the
    regional director extends). The appointment now ends a month later, so the hiring case's
    row `offer_exit_interview` (timer `exit_offer_due`) offers again, as its own case, 14 days
    before the new last day — not a day earlier — and closes after both interviews."""
    last = await serving(send, env, "XH-3", "rep-2-dep")
    await sleep_until(env, last - timedelta(days=EXIT_OFFER_DAYS))
    assert await becomes(send, "hiring-XH-3-1", "exit_interview", "offered")
    extended = {"months": 1, "reasons": "Vikariatet forlenges."}
    assert (await step(send, "AppointmentExtended", "XH-3", extended, RD))["state"] == "serving"
    new_last = shift_months(last + timedelta(days=1), 1) - timedelta(days=1)
    hiring = await view(send, "XH-3", "hiring")
    offer = [d for d in hiring.deadlines if d.name == "offer_exit_interview"]
    assert offer and offer[0].due == new_last - timedelta(days=EXIT_OFFER_DAYS)
    await sleep_until(env, new_last - timedelta(days=EXIT_OFFER_DAYS + 1))
    assert register.case("exit_interview-hiring-XH-3-2") is None  # not a day early
    await sleep_until(env, new_last - timedelta(days=EXIT_OFFER_DAYS))
    assert await becomes(send, "hiring-XH-3-2", "exit_interview", "offered")
    child = await view(send, "hiring-XH-3-2", "exit_interview")
    [lapse] = [d for d in child.deadlines if d.name == "lapse"]
    assert lapse.due == new_last + timedelta(days=1) and child.history[0].rule == "PR-2012 § 26"
    hiring = await view(send, "XH-3", "hiring")
    assert [h.trigger for h in hiring.history].count("offer_exit_interview") == 2
    await sleep_until(env, new_last + timedelta(days=1))
    assert await becomes(send, "XH-3", "hiring", "ended")
    assert await becomes(send, "hiring-XH-3-2", "exit_interview", "not_held")


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


def first_monday_of_february(year: int) -> date:
    first = date(year, 2, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


@contextmanager
def employment_of(
    register: Store, person_id: str, employment: dict[str, Any] | None
) -> Iterator[None]:
    """The register's employment record of `person_id` for the cases opened inside (tjml
    §§ 8–10, PR-2012 § 17), put back afterwards: other modules decide on the same people."""
    with register.session() as s:
        row = s.get(PersonRow, person_id)
        assert row is not None
        before, row.employment = row.employment, employment
        s.add(row)
    try:
        yield
    finally:
        with register.session() as s:
            row = s.get(PersonRow, person_id)
            assert row is not None
            row.employment = before
            s.add(row)


async def deliberating(send: Sender, case_id: str, reaction: str) -> None:
    """A case against the regional director, whom the Department decides for (PR-2012 § 19
    nr. 1), with an advance notice naming `reaction` (fvl § 16), replied to."""
    await step(send, "DisciplinaryCaseOpened", case_id,
               {"employee_id": "rd-east", "summary": "Ulåst celledør"}, CENTRAL)  # fmt: skip
    notice = NOTICE | {"reaction": reaction, "seniority_months": None}
    await step(send, "DisciplineNoticeSent", case_id, notice, CENTRAL)
    await step(send, "DisciplineReplyReceived", case_id, {"statement": "Beklager."}, RD)


async def lapses_on(send: Sender, case_id: str) -> date:
    child = await view(send, case_id, "exit_interview")
    [lapse] = [d for d in child.deadlines if d.name == "lapse"]
    return lapse.due


# Six years' continuous service in the correctional service, the post held permanently.
LONG_SERVICE = {"permanent": True,
                "service": [{"employer": "kriminalomsorgen", "start": "2001-03-01"}]}  # fmt: skip


async def test_oppsigelse_offers_the_exit_interview_until_the_notice_period_ends(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 "ved opphør av arbeidsforhold" when employment ends by oppsigelse (tjml § 10; PR-2012
    § 19): the offer stands until the employment ends, the last day of the notice period — not a
    month from the decision. The notice is six months from the employer after more than two
    years' service (tjml §§ 8–10, service counted by PR-2012 § 17 from the register), "fra dato
    til dato" from the day the decision reached the employee (presumed the third working day
    after it was sent). Decided Mon 1st-Monday-of-February next year: received the Thursday,
    last day that date in August, lapse the day after. The Department decides for the regional
    director (PR-2012 § 19 nr. 1)."""
    monday = first_monday_of_february((await today(env)).year + 1)
    await at(env, monday)
    with employment_of(register, "rd-east", LONG_SERVICE):
        await deliberating(send, "XD-1", "oppsigelse")
    decision = DECISION | {"reaction": "oppsigelse"}
    await step(send, "DisciplineDecided", "XD-1", decision, JD)
    assert await becomes(send, "discipline-XD-1-1", "exit_interview", "offered")
    thursday = monday + timedelta(days=3)
    last = date(thursday.year, 8, thursday.day)
    assert await lapses_on(send, "discipline-XD-1-1") == last + timedelta(days=1)
    assert not (await view(send, "XD-1", "discipline")).problems
    # Still open on the day a month-long offer would have lapsed, and on the last day.
    await at(env, shift_months(monday, 1) + timedelta(days=2))
    assert (await view(send, "discipline-XD-1-1", "exit_interview")).state == "offered"
    await at(env, last)
    assert (await view(send, "discipline-XD-1-1", "exit_interview")).state == "offered"
    # The employee may decline: "tjenestemannen har ingen plikt til å gjennomføre samtalen".
    declined = await step(send, "ExitInterviewDeclined", "discipline-XD-1-1", {}, RD)
    assert declined["state"] == "declined"


async def test_avskjed_offers_the_exit_interview(
    send: Sender, env: WorkflowEnvironment, register: Store, mail_dir: Path
) -> None:
    """§ 26 when employment ends by avskjed (tjml § 15; PR-2012 § 19): it ends at once, so the
    offer stands one month from the decision (design choice, docs/legal-choices.md), and lapses
    the day after if the employee has not answered. The letter says the employment has ended
    and until when the offer stands (not that it ends on that day)."""
    monday = first_monday_of_february((await today(env)).year + 1)
    await at(env, monday)
    await deliberating(send, "XD-3", "avskjed")
    await step(send, "DisciplineDecided", "XD-3", DECISION | {"reaction": "avskjed"}, JD)
    assert await becomes(send, "discipline-XD-3-1", "exit_interview", "offered")
    child = await view(send, "discipline-XD-3-1", "exit_interview")
    assert child.history[0].rule == "PR-2012 § 26"

    async def offer_letter() -> list[str]:
        return [x for x in letters(mail_dir, "exit_interview-discipline-XD-3-1")
                if "TILBUD OM SLUTTSAMTALE" in x]  # fmt: skip

    [letter] = await eventually(offer_letter)
    assert "er avsluttet ved avskjed" in letter
    assert "Arbeidsforholdet ditt avsluttes" not in letter
    assert await lapses_on(send, "discipline-XD-3-1") == shift_months(monday, 1) + timedelta(days=1)
    await at(env, shift_months(monday, 1))
    assert (await view(send, "discipline-XD-3-1", "exit_interview")).state == "offered"
    await at(env, shift_months(monday, 1) + timedelta(days=1))
    assert await becomes(send, "discipline-XD-3-1", "exit_interview", "not_held")


async def test_an_appeal_that_changes_the_reaction_offers_again_under_a_new_number(
    send: Sender, env: WorkflowEnvironment, register: Store
) -> None:
    """§ 26 with fvl § 34 (patch `issue13-exit-offers-counted`): an avskjed offers the exit
    interview (offer 1); the appeal body changes it to oppsigelse (PR-2012 § 20 nr. 2), which
    ends the employment on another day, so the case offers again as its own case (offer 2,
    `DisciplineFile.exit_offers`), open until the notice period ends: three months after more
    than one year's service (tjml §§ 8–10, PR-2012 § 17)."""
    monday = first_monday_of_february((await today(env)).year + 1)
    await at(env, monday)
    since = shift_months(monday, -18).isoformat()  # eighteen months' service
    with employment_of(register, "rd-east", {"permanent": True, "service": [
            {"employer": "kriminalomsorgen", "start": since}]}):  # fmt: skip
        await deliberating(send, "XD-4", "avskjed")
    await step(send, "DisciplineDecided", "XD-4", DECISION | {"reaction": "avskjed"}, JD)
    assert await becomes(send, "discipline-XD-4-1", "exit_interview", "offered")
    await step(send, "DecisionAppealed", "XD-4",
               {"grounds": "For strengt", "posted_on": monday.isoformat()}, RD)  # fmt: skip
    assert await becomes(send, "XD-4-1", "appeal", "with_deciding_body")
    await step(send, "AppealForwarded", "XD-4-1", {"reasons": "Opprettholdes"}, JD)
    changed_on = monday + timedelta(days=7)  # Monday
    await at(env, changed_on)
    milder = {"reasons": "Oppsigelse i stedet", "reaction": "oppsigelse",
              "seniority_months": None}  # fmt: skip
    await step(send, "AppealChanged", "XD-4-1", milder, JD)
    assert await becomes(send, "XD-4", "discipline", "stands")  # fvl § 34: the new reaction
    assert await becomes(send, "discipline-XD-4-2", "exit_interview", "offered")
    received = changed_on + timedelta(days=3)  # the Thursday
    assert await lapses_on(send, "discipline-XD-4-2") == shift_months(received, 3) + timedelta(
        days=1
    )
    assert register.case("exit_interview-discipline-XD-4-3") is None  # two offers, not three
    # The first offer is its own case, untouched (a second offer must not reuse its id).
    assert await lapses_on(send, "discipline-XD-4-1") == shift_months(monday, 1) + timedelta(days=1)


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


async def test_a_later_receipt_moves_the_oppsigelse_offer_to_the_new_last_day(
    send: Sender, env: WorkflowEnvironment, register: Store, mail_dir: Path
) -> None:
    """PR-2012 § 26 with tjml §§ 8–10 and fvl § 29 (issue 13 review, patch
    `hire15-exit-receipt-reoffer`): the notice of an oppsigelse runs "fra dato til dato" from
    the day the decision reached the employee. The first offer counts from the presumed receipt
    (the Thursday); a receipt recorded later (the Tuesday after) moves the last day, so the case
    offers again (offer 2) until six months from that Tuesday, and its letter gives that date."""
    monday = first_monday_of_february((await today(env)).year + 1)
    await at(env, monday)
    with employment_of(register, "rd-east", LONG_SERVICE):
        await deliberating(send, "XD-5", "oppsigelse")
    await step(send, "DisciplineDecided", "XD-5", DECISION | {"reaction": "oppsigelse"}, JD)
    assert await becomes(send, "discipline-XD-5-1", "exit_interview", "offered")
    presumed_last = shift_months(monday + timedelta(days=3), 6)
    assert await lapses_on(send, "discipline-XD-5-1") == presumed_last + timedelta(days=1)
    received = monday + timedelta(days=8)  # the Tuesday of the next week
    await at(env, received + timedelta(days=1))
    await step(
        send,
        "DecisionReceived",
        "XD-5",
        {"received_on": received.isoformat(), "source": "delivery_receipt"},
        HR,
    )
    assert await becomes(send, "discipline-XD-5-2", "exit_interview", "offered")
    last = shift_months(received, 6)
    assert last != presumed_last
    assert await lapses_on(send, "discipline-XD-5-2") == last + timedelta(days=1)

    async def offer_letter() -> list[str]:
        return [x for x in letters(mail_dir, "exit_interview-discipline-XD-5-2")
                if "TILBUD OM SLUTTSAMTALE" in x]  # fmt: skip

    [letter] = await eventually(offer_letter)
    assert f"Arbeidsforholdet ditt avsluttes {norwegian_date(last)}." in letter
    assert register.case("exit_interview-discipline-XD-5-3") is None  # one new offer only
