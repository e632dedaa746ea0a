"""Issue 11: a role written into an event is at most a claim. One test per forged authority,
through the real dispatcher and worker (time-skipping server): each refusal names the rule and
the field, and nothing changes -- same state, same history, no letter."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from states.rules import RuleViolation
from tests.helpers import Sender, applicant, event, leave_request, letters, step
from tests.workflows.test_hiring import (
    CENTRAL,
    announced,
    announcement,
    member,
    sleep_until,
    state_is,
    today,
    vacancy,
    view,
)

JD = member("jd-1", "justice_department")
DIRECTOR_POST = vacancy(unit_id="r-east", title="Regiondirektør", post_kind="regional_director",
                        nearest_superior_id="kdi-dir", training_duty=False)  # fmt: skip


async def refused_unchanged(
    send: Sender, mail_dir: Path, case: str, ev: dict[str, Any], case_type: str = "hiring"
) -> RuleViolation:
    """Send `ev`, expect a refusal, and check the case did not move: state, history, documents
    and letters as before."""
    before = await view(send, case, case_type)
    sent = letters(mail_dir, f"{case_type}-{case}")
    refusal = await send.refused(ev)
    after = await view(send, case, case_type)
    assert (after.state, len(after.history)) == (before.state, len(before.history))
    assert after.documents == before.documents
    assert letters(mail_dir, f"{case_type}-{case}") == sent
    return refusal


def as_(person_id: str, role: str | None, type_: str, case: str, payload: dict[str, Any]
        ) -> dict[str, Any]:  # fmt: skip
    ev = event(type_, case, payload, person_id, role or "")
    if role is None:
        del ev["actor"]["role"]
    return ev


async def directors_post(send: Sender, case: str) -> None:
    await step(send, "VacancyRegistered", case, DIRECTOR_POST, JD)


async def test_forged_justice_department(send: Sender, mail_dir: Path) -> None:
    """PR-2012 § 10 nr. 1: "Justisdepartementet tilsetter regiondirektør ..." (and § 4 nr. 1
    announces the post): an employee who writes "justice_department" is refused at the door;
    without the claim the guard, asking the register, refuses them too."""
    case = "SEC-JD"
    await directors_post(send, case)
    info = {"salary": "Etter avtale", "draft_text": "Regiondirektør"}
    forged = await refused_unchanged(
        send, mail_dir, case, as_("emp-1", "justice_department", "SalaryInformationGiven", case,
                                  info))  # fmt: skip
    assert (forged.rule, forged.field) == ("PR-2012 § 10 nr. 1", "actor.role")
    plain = await refused_unchanged(
        send, mail_dir, case, as_("emp-1", None, "SalaryInformationGiven", case, info)
    )
    assert (plain.rule, plain.field) == ("PR-2012 § 4 nr. 1", "actor.role")


async def test_forged_ksf_leader(send: Sender, mail_dir: Path) -> None:
    """PR-2012 § 9 nr. 3: "leder for Kriminalomsorgens sentrale forvaltning (KSF) [gir]
    innstilling": a forged "ksf_leader" claim is refused, the case unchanged."""
    case = "SEC-KSF"
    await directors_post(send, case)
    rec = {"ranked": ["e1"], "reasons": "."}
    forged = await refused_unchanged(
        send, mail_dir, case, as_("emp-1", "ksf_leader", "RecommendationGiven", case, rec)
    )
    assert (forged.rule, forged.field) == ("PR-2012 § 9 nr. 3", "actor.role")


async def test_forged_council_member(
    send: Sender, mail_dir: Path, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 10 nr. 2 and § 11 nr. 3: the council of Oslo fengsel is in the register; an
    employee claiming to lead a unit (and so the council, § 11 nr. 3) is refused at the door."""
    case = "SEC-COUNCIL"
    await announced(send, env, case)
    papers = {"procedure": "meeting", "meeting_on": (await today(env) + timedelta(days=40))
              .isoformat()}  # fmt: skip
    forged = await refused_unchanged(
        send, mail_dir, case,
        as_("emp-1", "unit_leader", "CouncilDocumentsDistributed", case, papers),
    )  # fmt: skip
    assert (forged.rule, forged.field) == ("PR-2012 § 10 nr. 2", "actor.role")


async def test_forged_section_9_representative(
    send: Sender, mail_dir: Path, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 9 nr. 3: "To representanter for de tilsatte i virksomheten, utpekt av
    organisasjonene sentralt, har rett til å uttale seg": an employee (a true claim) who is not
    designated is refused; the designated representatives are heard."""
    case = "SEC-REP"
    await directors_post(send, case)
    await step(send, "SalaryInformationGiven", case,
               {"salary": "Etter avtale", "draft_text": "Regiondirektør"}, JD)  # fmt: skip
    # § 5 nr. 4: the central tillitsvalgt comments on a director's post (issue 13).
    await step(send, "AnnouncementTextCommented", case, {"comment": "Ok."}, member("tv-central"))
    on = await today(env)
    await step(send, "VacancyAnnounced", case, announcement(on, training=""), JD)
    await step(send, "ApplicationReceived", case, applicant("s1", "female"),
               member("s1", "applicant"))  # fmt: skip
    await sleep_until(env, on + timedelta(days=22))
    assert await state_is(send, case, "applications_closed")
    await step(send, "QualificationsAssessed", case, {"qualified": ["s1"]}, JD)
    await step(send, "InterviewsPlanned", case, {"interviewees": ["s1"], "reasons": "."}, JD)
    rec = {"ranked": ["s1"], "reasons": ".", "fewer_reason": "Én søker."}
    await step(send, "RecommendationGiven", case, rec, CENTRAL)
    assert await state_is(send, case, "department")
    comment = {"comment": "Jeg mener noe."}
    forged = await refused_unchanged(
        send, mail_dir, case, as_("emp-1", "employee", "RepresentativeCommented", case, comment)
    )
    assert (forged.rule, forged.field) == ("PR-2012 § 9 nr. 3", "actor.role")
    await step(send, "RepresentativeCommented", case, comment, member("rep-c1"))


async def test_hr_officer_outside_their_units(send: Sender, mail_dir: Path) -> None:
    """fvl § 2 e: the party acts, or HR for them -- HR serving the employee's unit. hr-east
    serves region øst (examples/org.yaml), not KRUS: their true "hr_officer" claim does not let
    them withdraw a KRUS employee's request."""
    start = date.today() + timedelta(days=60)
    opened = await send.send(leave_request("SEC-HR", start, start, employee="krus-emp"))
    assert opened["status"] == "accepted"
    refusal = await refused_unchanged(
        send, mail_dir, "SEC-HR", as_("hr-east", "hr_officer", "LeaveWithdrawn", "SEC-HR", {}),
        "leave",
    )  # fmt: skip
    assert (refusal.rule, refusal.field) == ("fvl § 2 første ledd bokstav e", "actor.person_id")
    # Nor open a case for them.
    other = await send.refused(
        leave_request("SEC-HR-2", start, start, employee="krus-emp")
        | {"actor": {"person_id": "hr-east", "role": "hr_officer"}}
    )
    assert other.field == "actor.person_id"


async def test_applicant_for_another_applicant(
    send: Sender, mail_dir: Path, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 7 nr. 1: an applicant withdraws their own application (or HR serving the
    post's unit for them); another applicant cannot, whatever role they claim."""
    case = "SEC-APP"
    await announced(send, env, case)
    for a, g in (("p1", "female"), ("p2", "male")):
        await step(send, "ApplicationReceived", case, applicant(a, g), member(a, "applicant"))
    withdraw = {"applicant_id": "p1"}
    refusal = await refused_unchanged(
        send, mail_dir, case, as_("p2", "applicant", "ApplicationWithdrawn", case, withdraw)
    )
    assert (refusal.rule, refusal.field) == ("PR-2012 § 7 nr. 1", "actor.person_id")
    forged = await refused_unchanged(
        send, mail_dir, case, as_("p2", "hr_officer", "ApplicationWithdrawn", case, withdraw)
    )
    assert (forged.rule, forged.field) == ("PR-2012 § 4 nr. 1", "actor.role")
