"""Issue 12, the attack review of disc10+appeal10 (disc11): an appeal against an avvisning tries
the avvisning, never the decision's merits (fvl §§ 28, 31, 33); a decided suspension appeal is
not heard again and a suspension appeal more than a year late opens to be dismissed (fvl §§ 28,
31); the leader does not cut off the minority's demand (PR-2012 § 20 nr. 1, § 13 nr. 3-5); the
appeal body decides suspensive effect only once seized of the appeal (fvl § 42); the Department acts
through whoever holds its role on the day (PR-2012 § 11, the authority model). Dated March
2066 to November 2067: after test_elapsed_appeal_year.py's 2064-2065 on the session's clock (the
modules after it run on relative days). The tests run in date order."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake.org_file import read_org
from states.org import Org, Role
from tests.conftest import EXAMPLES
from tests.helpers import Sender, central_council_votes, deciding_council_votes
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    JD,
    LEADER,
    NOTICE,
    act,
    council_votes,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, decided
from tests.workflows.test_discipline_review_sitting import Dated

FVL_28_3 = "fvl § 28 tredje ledd"


async def majority_signs_and_the_minority_demands(send: Sender, case_id: str) -> None:
    """PR-2012 § 20 nr. 1 with § 13 nr. 3-5: three of the majority sign; the leader's entry is
    refused naming § 20 nr. 1 and `signatures` and changes nothing; rep-2 (the minority that
    voted avskjed) demands, and the case goes to the central council."""
    for m in ("leader-oslo", "adm-oslo", "avd-oslo"):
        await act(send, "DisciplineCouncilProtocolSigned", case_id, {},
                  {"person_id": m, "role": "employee"})  # fmt: skip
    cut = await refused(send, "DisciplineDecided", case_id, DECISION, LEADER)
    assert (cut.rule, cut.field) == ("PR-2012 § 20 nr. 1", "signatures")
    assert (await view(send, f"discipline-{case_id}")).state == "deliberation"
    await act(send, "DisciplineEscalated", case_id, {"reasons": "Avskjed"},
              {"person_id": "rep-2", "role": "employee"})  # fmt: skip
    assert (await view(send, f"discipline-{case_id}")).state == "central_council"


async def test_an_appeal_against_an_avvisning_tries_the_avvisning_not_the_merits(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 28 third paragraph ("Vedtak i klagesak ... kan ikke påklages"), § 33: an ordensstraff
    decided Mon 2066-03-01 is upheld by the central council; a second appeal that day is
    dismissed under fvl § 28 third paragraph; the appeal against that avvisning is heard, but
    neither the deciding body (reverse_own) nor the appeal body (reverse, send_back, change, a
    detriment notice) may reopen the decided merits through it: each is refused naming fvl § 28
    tredje ledd and `trigger`, and nothing changes; the appeal body upholds the avvisning and
    the ordensstraff stands."""
    await at(env, date(2066, 3, 1))  # Monday
    await decided(send, "ZA-1")
    appeal = {"grounds": "For streng", "posted_on": "2066-03-01"}
    await act(send, "DecisionAppealed", "ZA-1", appeal, EMPLOYEE)
    await deciding_council_votes(send, "ZA-1-1", "forward")
    await act(send, "AppealForwarded", "ZA-1-1", {"reasons": "Står"}, LEADER)
    await central_council_votes(send, "ZA-1-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "ZA-1-1", {"reasons": "Står"}, CENTRAL)
    # fvl § 28 third paragraph: the second appeal opens to be dismissed
    await act(send, "DecisionAppealed", "ZA-1", appeal | {"grounds": "Igjen"}, EMPLOYEE)
    await deciding_council_votes(send, "ZA-1-2", "dismiss_inadmissible")
    await act(send, "AppealDismissed", "ZA-1-2", {"reasons": "Avgjort i klagesak"}, LEADER)
    # the appeal against the avvisning
    await act(send, "DecisionAppealed", "ZA-1", appeal | {"grounds": "Mot avvisningen"}, EMPLOYEE)
    assert await state_is(send, "appeal-ZA-1-3", "with_deciding_body")
    before = await view(send, "discipline-ZA-1")
    own = await refused(send, "AppealReversedByDecidingBody", "ZA-1-3", {"reasons": "Omgjør"},
                        LEADER)  # fmt: skip
    assert (own.rule, own.field) == (FVL_28_3, "trigger")
    assert (await view(send, "appeal-ZA-1-3")).state == "with_deciding_body"
    await deciding_council_votes(send, "ZA-1-3", "forward")
    await act(send, "AppealForwarded", "ZA-1-3", {"reasons": "Avvisningen står"}, LEADER)
    assert await state_is(send, "appeal-ZA-1-3", "with_appeal_body")
    for event, payload in (
        ("AppealReversed", {"reasons": "Opphever"}),
        ("AppealSentBack", {"reasons": "Ny behandling"}),
        ("AppealChanged", {"reasons": "Endrer", "reaction": "forflytting"}),
        ("AppealDetrimentNoticeSent", {"reaction": "avskjed", "reasons": "Skjerpes"}),
    ):
        r = await refused(send, event, "ZA-1-3", payload, CENTRAL)
        assert (r.rule, r.field) == (FVL_28_3, "trigger"), event
    assert (await view(send, "appeal-ZA-1-3")).state == "with_appeal_body"
    await central_council_votes(send, "ZA-1-3", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "ZA-1-3", {"reasons": "Avvisningen står"}, CENTRAL)
    after = await view(send, "discipline-ZA-1")
    assert before.state == "under_appeal" and after.state == "ordensstraff_registered"
    assert after.details["reaction"] == "ordensstraff" and after.details["seniority_months"] == 1


async def test_the_minority_signs_or_demands_before_the_decision_is_entered(
    send: Sender,
) -> None:
    """PR-2012 § 20 nr. 1 with § 13 nr. 3-5 (docs/legal-choices.md "The minority's chance to
    demand"): rep-2 voted avskjed, harsher than the majority's ordensstraff; the three who
    signed are a quorum, but the leader's entry before rep-2 signed or demanded is refused
    naming § 20 nr. 1 and `signatures`, and nothing changes; rep-2's demand then takes the case
    to the central council. (Same day as the module's first test, Mon 2066-03-01.)"""
    await to_deliberation(send, "ZB-1")
    votes = (
        ("leader-oslo", "ordensstraff", 1),
        ("adm-oslo", "ordensstraff", 1),
        ("rep-1", "ordensstraff", 1),
        ("rep-2", "avskjed", None),
        ("avd-oslo", "ordensstraff", 1),
    )
    await council_votes(send, "ZB-1", *votes, sign=False)
    await majority_signs_and_the_minority_demands(send, "ZB-1")


async def test_the_appeal_body_decides_suspensive_effect_once_seized(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 42 ("klageinstansen ... kan beslutte"): decided Tue 2066-06-01, the party asks that
    the decision wait while the window runs; the central council (the appeal body) is not yet
    seized of any appeal: its leader's entry is refused naming fvl § 42 and `trigger`, and the
    request stays pending."""
    await at(env, date(2066, 6, 1))  # Tuesday
    await decided(send, "ZE-1")
    await act(send, "SuspensiveEffectRequested", "ZE-1", {"reasons": "Vent"}, EMPLOYEE)
    granted = {"granted": True, "reasons": "Vedtaket venter"}
    early = await refused(send, "SuspensiveEffectDecided", "ZE-1", granted, CENTRAL)
    assert (early.rule, early.field) == ("fvl § 42", "trigger")
    after = await view(send, "discipline-ZE-1")
    assert after.state == "appeal_window" and after.details["suspensive_requested_on"]


async def test_a_decided_suspension_appeal_is_not_heard_again(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 28 third paragraph: an urgent suspension Wed 2066-09-01 is appealed and upheld by
    the central council; a second appeal against the same suspension opens to be dismissed (its
    case carries fvl § 28 tredje ledd): forwarding it is refused naming the rule and `trigger`;
    the deciding body dismisses it."""
    await at(env, date(2066, 9, 1))  # Wednesday
    await to_deliberation(send, "ZD-1")
    await act(send, "UrgentSuspension", "ZD-1", {"measure": "suspension", "reasons": "Fare"},
              LEADER)  # fmt: skip
    appeal = {"grounds": "Urimelig", "posted_on": "2066-09-01"}
    await act(send, "SuspensionAppealed", "ZD-1", appeal, EMPLOYEE)
    await act(send, "AppealForwarded", "ZD-1-1", {"reasons": "Står"}, LEADER)
    await central_council_votes(send, "ZD-1-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "ZD-1-1", {"reasons": "Står"}, CENTRAL)
    await act(send, "SuspensionAppealed", "ZD-1", appeal | {"grounds": "Igjen"}, EMPLOYEE)
    assert await state_is(send, "appeal-ZD-1-2", "with_deciding_body")
    again = await refused(send, "AppealForwarded", "ZD-1-2", {"reasons": "x"}, LEADER)
    assert (again.rule, again.field) == (FVL_28_3, "trigger")
    await act(send, "AppealDismissed", "ZD-1-2", {"reasons": "Avgjort i klagesak"}, LEADER)
    assert (await view(send, "appeal-ZD-1-2")).state == "dismissed"


async def test_a_suspension_appeal_a_year_late_opens_and_is_dismissed(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 31 with § 2 third paragraph and § 33 second paragraph: a late appeal is an appeal.
    An urgent suspension Mon 2066-10-04, kept in force by a decision of oppsigelse Mon
    2067-03-01 (tjml § 16 nr. 2 ends only its limit); the appeal posted Wed 2067-10-06, more
    than a year after, is not refused at the door: its case opens, forwarding is refused naming
    fvl § 31 and `trigger`, and the deciding body dismisses it."""
    await at(env, date(2066, 10, 4))  # Monday
    opening = {"employee_id": "emp-2", "summary": "Vold"}
    await act(send, "DisciplinaryCaseOpened", "ZF-1", opening, LEADER)
    notice = NOTICE | {"reaction": "oppsigelse", "seniority_months": None}
    await act(send, "DisciplineNoticeSent", "ZF-1", notice, LEADER)
    await act(send, "DisciplineReplyReceived", "ZF-1", {"statement": "Beklager."}, EMPLOYEE)
    await act(send, "UrgentSuspension", "ZF-1", {"measure": "suspension", "reasons": "Fare"},
              LEADER)  # fmt: skip
    members = ("leader-oslo", "adm-oslo", "rep-1")
    await at(env, date(2067, 3, 1))  # Monday, before the six months run out
    await council_votes(send, "ZF-1", *((m, "oppsigelse", None) for m in members))
    await act(send, "DisciplineDecided", "ZF-1", DECISION, LEADER)
    await at(env, date(2067, 10, 6))  # Wednesday
    appeal = {"grounds": "Urimelig", "posted_on": "2067-10-06"}
    await act(send, "SuspensionAppealed", "ZF-1", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-ZF-1-1", "with_deciding_body")
    late = await refused(send, "AppealForwarded", "ZF-1-1", {"reasons": "x"}, LEADER)
    assert (late.rule, late.field) == ("fvl § 31", "trigger")
    await act(send, "AppealDismissed", "ZF-1-1", {"reasons": "Over ett år"}, LEADER)
    assert (await view(send, "appeal-ZF-1-1")).state == "dismissed"


@pytest.fixture
def dated(env: WorkflowEnvironment, send: Sender, monkeypatch: pytest.MonkeyPatch) -> Dated:
    return Dated(env, send, monkeypatch)


@pytest.fixture
def org_back(register: Store) -> Iterator[Org]:
    """The example register, put back after a test that changes it."""
    org = read_org(EXAMPLES / "org.yaml")
    yield org
    register.load_org(org)


async def test_the_department_acts_through_whoever_holds_its_role_that_day(
    send: Sender, register: Store, org_back: Org, dated: Dated
) -> None:
    """PR-2012 § 19 nr. 1, § 11 and the authority model: the Justice Department gives an
    embetsmann's reprimand (Mon 2067-10-31) and is the deciding body of its appeal (fvl § 33).
    jd-1's role in the register ends that day: on Tue 11-01 jd-1's forwarding is refused (as the
    Department at the door; as the person named when the appeal opened, naming fvl § 33 and
    `actor.person_id`: a frozen name no longer decides) and nothing changes; with the role back
    in the register, jd-1 forwards it."""
    day = date(2067, 10, 31)  # Monday
    await dated.to(day)
    party = {"person_id": "emb-1", "role": "employee"}
    await dated.act("DisciplinaryCaseOpened", "ZG-1", {"employee_id": "emb-1", "summary": "Dør"},
                    LEADER)  # fmt: skip
    reprimand = {"reaction": "ordensstraff", "seniority_months": None,
                 "form": "skriftlig_irettesettelse"}  # fmt: skip
    await dated.act("DisciplineNoticeSent", "ZG-1", NOTICE | reprimand, LEADER)
    await dated.act("DisciplineReplyReceived", "ZG-1", {"statement": "Beklager"}, party)
    await dated.act("DisciplineDecided", "ZG-1", DECISION | reprimand, JD)
    appeal = {"grounds": "Uenig", "posted_on": "2067-10-31"}
    await dated.act("DecisionAppealed", "ZG-1", appeal, party)
    assert await state_is(send, "appeal-ZG-1-1", "with_deciding_body")
    roles = [
        r.model_copy(update={"valid_to": day})
        if r.person_id == "jd-1" and r.role == Role.justice_department
        else r
        for r in org_back.roles
    ]
    register.load_org(org_back.model_copy(update={"roles": roles}))
    await dated.to(day + timedelta(days=1))  # Tuesday
    claimed = await dated.refused("AppealForwarded", "ZG-1-1", {"reasons": "Står"}, JD)
    assert claimed.field == "actor.role"  # the door: the role is not jd-1's that day
    as_person = {"person_id": "jd-1", "role": "employee"}  # the frozen name, without the role
    gone = await dated.refused("AppealForwarded", "ZG-1-1", {"reasons": "Står"}, as_person)
    assert (gone.rule, gone.field) == ("fvl § 33", "actor.person_id")
    assert (await view(send, "appeal-ZG-1-1")).state == "with_deciding_body"
    register.load_org(org_back)
    await dated.act("AppealForwarded", "ZG-1-1", {"reasons": "Står"}, JD)
    assert (await view(send, "appeal-ZG-1-1")).state == "with_appeal_body"


HR = {"person_id": "hr-east", "role": "hr_officer"}


async def test_a_posting_day_without_a_source_goes_to_late_review(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl §§ 30-31 (docs/legal-choices.md "A posting day without a source"): decided Mon
    2067-11-14, presumed to arrive Thu 11-17, the window runs to Thu 12-08. Registered Tue
    12-20, an appeal stating it was posted Mon 12-05: on the party's word alone it goes to late
    review (the appeal body weighs it, and sees the source: "party"); the employee cannot give
    their own word a postmark (refused naming fvl § 30 and `payload.posted_source`, nothing
    opens); HR serving the unit records the postmark, and that appeal goes to the appeal body as
    in time."""
    await at(env, date(2067, 11, 14))  # Monday
    await decided(send, "ZH-1")
    await decided(send, "ZH-2")
    await at(env, date(2067, 12, 20))  # Tuesday
    appeal = {"grounds": "Postet i tide", "posted_on": "2067-12-05"}
    own = await refused(send, "DecisionAppealed", "ZH-2", appeal | {"posted_source": "postmark"},
                        EMPLOYEE)  # fmt: skip
    assert (own.rule, own.field) == ("fvl § 30", "payload.posted_source")
    assert (await view(send, "discipline-ZH-2")).details["appeals"] == []
    await act(send, "DecisionAppealed", "ZH-1", appeal, EMPLOYEE)
    word = await view(send, "appeal-ZH-1-1")
    assert word.details["posted_source"] == "party"
    await deciding_council_votes(send, "ZH-1-1", "forward")
    await act(send, "AppealForwarded", "ZH-1-1", {"reasons": "Står"}, LEADER)
    assert (await view(send, "appeal-ZH-1-1")).state == "late_review"
    await act(send, "DecisionAppealed", "ZH-2", appeal | {"posted_source": "postmark"}, HR)
    assert (await view(send, "appeal-ZH-2-1")).details["posted_source"] == "postmark"
    await deciding_council_votes(send, "ZH-2-1", "forward")
    await act(send, "AppealForwarded", "ZH-2-1", {"reasons": "Står"}, LEADER)
    assert (await view(send, "appeal-ZH-2-1")).state == "with_appeal_body"
