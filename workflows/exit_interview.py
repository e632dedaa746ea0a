"""PR-2012 § 26 from the cases where employment ends: "Arbeidsgiver skal tilby tjenestemannen
sluttsamtale ved opphør av arbeidsforhold". One place both the hiring case (a temporary
appointment ends) and the disciplinary case (oppsigelse, avskjed) call."""

from __future__ import annotations

from datetime import date

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError, ChildWorkflowError
from temporalio.workflow import ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from states.discipline import DisciplineFile, presumed_receipt
    from states.employment import PR_26, employment_ends, interview_open_until
    from workflows import patches
    from workflows.case import NOT_DONE, activity_failure
    from workflows.duties import DutyCase, DutyInput

# Cases recorded before issue 13's § 26 work replay without offering (workflow.patched).
EXIT_PATCH = "issue13-exit-interview"
CHILDREN_PATCH = "exit-interview-closes-first"
UNKNOWN_PERSON = "UnknownPerson"
# Issue 13: an oppsigelse's offer stands until the notice period's last day, not a month.
NOTICE_PATCH = "hire14-exit-notice-period"
# Issue 13 review: a receipt recorded later moves an oppsigelse's last day; offer n+1 says so.
RECEIPT_OFFER_PATCH = "hire15-exit-receipt-reoffer"
__all__ = [
    "EXIT_PATCH",
    "RECEIPT_OFFER_PATCH",
    "children_closed",
    "dismissal_last_day",
    "interview_open_until",
    "offer_exit_interview",
]


def dismissal_last_day(
    f: DisciplineFile, decided_on: date, received: date | None = None
) -> tuple[date, str]:
    """PR-2012 § 26 after an oppsigelse or avskjed decided (or changed to on appeal) on
    `decided_on`: the day the offer stands until, and how it was found. An oppsigelse's notice
    runs from the decision's presumed receipt (fvl § 29's design choice, the same day the appeal
    window counts from), its length from the register's employment (tjml §§ 8–10, PR-2012
    § 17). A recorded receipt (`received`, fvl § 29) moves the notice's start, and so its last
    day (issue 13 review). Cases from before replay with one month from the decision."""
    if not patches.patched(NOTICE_PATCH):
        return interview_open_until(decided_on), ""
    assert f.reaction is not None
    employment = f.person.employment if f.person is not None else None
    start = received or presumed_receipt(decided_on)
    notice = employment_ends(f.reaction.value, employment, decided_on, start)
    return notice.last_day, f"{notice.rule}: {notice.explanation}"


def exit_interview_id(case: DutyCase, n: int) -> str:
    return f"exit_interview-{case.workflow_id}-{n}"


async def offer_exit_interview(
    case: DutyCase, employee_id: str, last_day: date, ground: str, n: int = 1, basis: str = ""
) -> str | None:
    """Open the exit interview case (a child that outlives this one) for `employee_id`, whose
    employment ends on `last_day` because of `ground`. A person the staff register does not
    hold cannot be offered one through the register: that is journalled in this case as work
    not done (rule and field named, shown in the case view), never a failing child case or a
    workflow task failing in a loop. Returns the child's workflow id, or None."""
    if not patches.patched(EXIT_PATCH):
        return None
    try:
        await case.run_activity(CaseActivities.load_context, employee_id, case.workflow_id)
    except (ActivityError, ApplicationError) as exc:
        if activity_failure(exc, frozenset({UNKNOWN_PERSON})) is None:
            raise
        await case.record_problem(
            NOT_DONE,
            PR_26,
            f"exit interview not offered ({ground}): {employee_id} is not in the staff register "
            "[field: employee_id]; register the person and send EmploymentEnding",
        )
        return None
    child_id = exit_interview_id(case, n)
    handle = await workflow.start_child_workflow(
        "ExitInterviewCase",
        DutyInput(
            case_id=f"{case.workflow_id}-{n}",
            event_id=f"{case.workflow_id}:exit_interview:{n}",
            actor=case.machine.history[-1].actor,
            request={"employee_id": employee_id, "last_day": last_day.isoformat()}
            | ({"basis": basis} if basis else {}),
        ),
        id=child_id,
        parent_close_policy=ParentClosePolicy.ABANDON,
        static_summary=f"Sluttsamtale fra sak {case.case_id}",
    )
    case.__dict__.setdefault("exit_interviews", []).append(handle)
    return child_id


async def children_closed(case: object) -> None:
    """A case that offered an exit interview closes after it (the interview lapses the moment
    the appointment ends): a child closing after its parent has closed stalls the
    time-skipping test server for every case, and the trail reads better in this order too."""
    if not patches.patched(CHILDREN_PATCH):
        return
    for handle in case.__dict__.get("exit_interviews", []):
        try:
            await handle
        except ChildWorkflowError:  # terminated or failed: its own trail says how
            workflow.logger.info("exit interview closed without a result")
