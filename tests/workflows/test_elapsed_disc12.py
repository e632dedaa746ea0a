"""Issue 12, the final review (disc12): a council that votes after its meeting day does not cut
off the minority's demand (PR-2012 § 20 nr. 1, § 13 nr. 3-5); the council's own decision to
suspend may be appealed though the urgent suspension's appeal was decided (fvl § 28 third
paragraph). Dated May 2069 onwards: after
test_elapsed_disc11.py's 2066-2067 on the session's clock (the modules after it run on relative
days). The tests run in date order."""

from __future__ import annotations

from datetime import date, timedelta

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    OSLO_SEATS,
    Sender,
    central_council_votes,
    convene,
    council_votes,
    deciding_council_votes,
)
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    LEADER,
    act,
    refused,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at
from tests.workflows.test_elapsed_disc11 import majority_signs_and_the_minority_demands


async def test_the_minority_demands_the_day_the_council_votes_after_its_meeting_day(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 20 nr. 1 with § 13 nr. 3-5 (docs/legal-choices.md "The minority's chance to
    demand"): the council convened Mon 2069-05-06 for Thu 05-09 votes on Fri 05-10 (a vote is
    taken on or after the meeting day, § 13 nr. 2), 4-1 for ordensstraff, rep-2 for avskjed;
    three sign. The meeting day is past, but rep-2 voted that Friday: the leader's entry the same
    day is refused naming § 20 nr. 1 and `signatures`, nothing changes, and rep-2's demand takes
    the case to the central council."""
    await at(env, date(2069, 5, 6))  # Monday
    await to_deliberation(send, "YC-1")
    await act(send, "DisciplineCouncilSuperiorSeated", "YC-1", {"person_id": "avd-oslo"}, LEADER)
    await convene(
        send, "YC-1", "Discipline", "leader-oslo", OSLO_SEATS, {"ordensstraff", "avskjed"}
    )
    meeting = date.fromisoformat(
        (await view(send, "discipline-YC-1")).details["main"]["meeting_on"]
    )
    assert meeting == date(2069, 5, 9)
    await at(env, meeting + timedelta(days=1))  # Friday: the council meets a day late
    votes = (
        ("leader-oslo", "ordensstraff", 1),
        ("adm-oslo", "ordensstraff", 1),
        ("rep-1", "ordensstraff", 1),
        ("rep-2", "avskjed", None),
        ("avd-oslo", "ordensstraff", 1),
    )
    for member, choice, months in votes:
        vote = {"choice": choice, "seniority_months": months, "reasons": ""}
        await act(send, "CouncilVoteCast", "YC-1", vote, {"person_id": member, "role": "employee"})
    await majority_signs_and_the_minority_demands(send, "YC-1")


async def test_a_harsher_vote_cast_early_keeps_its_chance_until_the_vote_is_finished(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 20 nr. 1 with § 13 nr. 3-5: the minority may demand only once every seat has
    voted, so its chance runs to the day the vote was finished. Convened Mon 2069-06-17 for Thu
    06-20: rep-2 votes avskjed and the leader ordensstraff on the meeting day (rep-2's demand is
    still premature); the other three vote ordensstraff on Fri 06-21 and three sign. The leader's
    entry that Friday is refused naming § 20 nr. 1 and `signatures`, nothing changes, and rep-2's
    demand takes the case to the central council."""
    await at(env, date(2069, 6, 17))  # Monday
    await to_deliberation(send, "YH-1")
    await act(send, "DisciplineCouncilSuperiorSeated", "YH-1", {"person_id": "avd-oslo"}, LEADER)
    await convene(
        send, "YH-1", "Discipline", "leader-oslo", OSLO_SEATS, {"ordensstraff", "avskjed"}
    )
    meeting = date.fromisoformat(
        (await view(send, "discipline-YH-1")).details["main"]["meeting_on"]
    )
    assert meeting == date(2069, 6, 20)

    async def vote(member: str, choice: str, months: int | None) -> None:
        payload = {"choice": choice, "seniority_months": months, "reasons": ""}
        await act(
            send, "CouncilVoteCast", "YH-1", payload, {"person_id": member, "role": "employee"}
        )

    await vote("rep-2", "avskjed", None)
    await vote("leader-oslo", "ordensstraff", 1)
    early = await refused(send, "DisciplineEscalated", "YH-1", {"reasons": "Avskjed"},
                          {"person_id": "rep-2", "role": "employee"})  # fmt: skip
    assert early.field == "votes"  # § 13 nr. 3: not every seat has voted yet
    await at(env, meeting + timedelta(days=1))  # Friday: the vote is finished
    for member in ("adm-oslo", "rep-1", "avd-oslo"):
        await vote(member, "ordensstraff", 1)
    await majority_signs_and_the_minority_demands(send, "YH-1")


async def test_the_councils_suspension_is_appealed_after_the_urgent_ones_appeal_was_decided(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 28 third paragraph, PR-2012 § 19 nr. 2, § 20 nr. 2 (disc12): the urgent suspension
    of Tue 2069-09-03 is appealed and upheld by the central council; the council then decides the
    suspension itself (it keeps the urgent one's start, `council_suspended`): that is a decision
    of its own, so the appeal against it is heard: the council forwards it (fvl § 33), where one
    barred as decided could only be dismissed."""
    await at(env, date(2069, 9, 3))
    opening = {"employee_id": "emp-2", "summary": "x"}
    await act(send, "DisciplinaryCaseOpened", "YE-1", opening, LEADER)
    notice = {"reaction": "suspensjon", "legal_basis": "tjml § 16", "facts": "Siktet"}
    await act(send, "DisciplineNoticeSent", "YE-1", notice, LEADER)
    await act(send, "DisciplineReplyReceived", "YE-1", {"statement": "Nei"}, EMPLOYEE)
    await act(
        send, "UrgentSuspension", "YE-1", {"measure": "suspension", "reasons": "Fare"}, LEADER
    )
    appeal = {"grounds": "Urimelig", "posted_on": "2069-09-03"}
    await act(send, "SuspensionAppealed", "YE-1", appeal, EMPLOYEE)
    await act(send, "AppealForwarded", "YE-1-1", {"reasons": "Står"}, LEADER)
    await central_council_votes(send, "YE-1-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "YE-1-1", {"reasons": "Står"}, CENTRAL)
    votes = [(m, "suspensjon", None) for m in ("leader-oslo", "adm-oslo", "rep-1")]
    await council_votes(send, "YE-1", *votes)
    await act(send, "DisciplineDecided", "YE-1", DECISION, LEADER)
    day = date.fromisoformat(str(await env.get_current_time())[:10])
    posted = {"grounds": "Rådets vedtak", "posted_on": day.isoformat()}
    await act(send, "SuspensionAppealed", "YE-1", posted, EMPLOYEE)
    assert (await view(send, "appeal-YE-1-2")).state == "with_deciding_body"
    await deciding_council_votes(send, "YE-1-2", "forward")  # the council decided it (fvl § 33)
    await act(send, "AppealForwarded", "YE-1-2", {"reasons": "Står"}, LEADER)
    assert (await view(send, "appeal-YE-1-2")).state == "with_appeal_body"
