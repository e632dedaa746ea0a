"""Councils that decide as councils (issue 13; issue 12 point 7): the central council in
discipline and appeals, the appeal from its own first-instance decision, consent to secondary
work and written procedure in hiring -- one collegial machinery (states/council.py)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    CENTRAL_SEATS,
    OSLO_SEATS,
    Sender,
    agree_in_writing,
    central_council_votes,
    convene,
    convene_in_writing,
    deciding_council_votes,
    letters,
)
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    JD,
    LEADER,
    act,
    council_votes,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_hiring import HR, SUPERIOR, sign, to_council
from tests.workflows.test_hiring import view as hiring_view

OWN_CASE = "fvl § 6 første ledd bokstav a"


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def test_central_council_decides_an_escalation_by_vote_and_is_appealed_above_itself(
    send: Sender, mail_dir: Path
) -> None:
    """PR-2012 § 20 nr. 1 with § 11 nr. 6 and § 13 nr. 3-4: the central council decides the
    escalated case by its members' votes, composed for the case, quorate, its protocol signed;
    fvl § 28: an appeal against its own first-instance decision goes to the body above it (the
    Justice Department), never back to itself."""
    case = "K-1"
    await to_deliberation(send, case)
    await council_votes(send, case, ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-1", "ordensstraff", 3), ("rep-2", "ordensstraff", 3),
                        ("avd-oslo", "none", None))  # fmt: skip
    await act(send, "DisciplineEscalated", case, {"reasons": "For mildt"}, member("rep-1"))
    assert (await view(send, f"discipline-{case}")).state == "central_council"
    decision = DECISION | {"reaction": "ordensstraff", "seniority_months": 3}
    # Its leader alone decides nothing.
    alone = await refused(send, "DisciplineDecided", case, decision, CENTRAL)
    assert alone.rule == "PR-2012 § 20 nr. 1" and alone.field == "votes"
    # § 11 nr. 6: a local employee's case: the regional director of the region sits, KSF's
    # administration representative does not.
    vote = {"choice": "ordensstraff", "seniority_months": 3, "reasons": "Alvorlig"}
    kdi3 = await refused(send, "DisciplineCentralCouncilVoteCast", case, vote, member("kdi-3"))
    assert kdi3.rule == "PR-2012 § 11 nr. 1–4" and kdi3.field == "actor.person_id"
    # § 13 nr. 1-2 (disc10): its leader convenes it first, in writing for a kurant matter.
    await convene(send, case, "DisciplineCentral", "kdi-dir", CENTRAL_SEATS, {"ordensstraff"})
    for m in ("kdi-dir", "rd-east"):
        await act(send, "DisciplineCentralCouncilVoteCast", case, vote, member(m))
    milder = {"choice": "ordensstraff", "seniority_months": 1, "reasons": "Første gang"}
    await act(send, "DisciplineCentralCouncilVoteCast", case, milder, member("rep-c1-dep"))
    unsigned = await refused(send, "DisciplineDecided", case, decision, CENTRAL)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    for m in ("kdi-dir", "rd-east", "rep-c1-dep"):
        await act(send, "DisciplineCentralCouncilProtocolSigned", case, {}, member(m))
    # The majority's own term: two of three stand behind three months.
    other = await refused(
        send, "DisciplineDecided", case, decision | {"seniority_months": 1}, CENTRAL
    )
    assert other.rule == "PR-2012 § 20 nr. 1" and other.field == "payload.reaction"
    by_member = await refused(send, "DisciplineDecided", case, decision, member("kdi-2"))
    assert by_member.field == "actor.person_id"
    await act(send, "DisciplineDecided", case, decision, CENTRAL)
    v = await view(send, f"discipline-{case}")
    assert v.state == "appeal_window" and v.details["reaction"] == "ordensstraff"
    [letter] = [x for x in letters(mail_dir, f"discipline-{case}") if "VEDTAK OM" in x]
    assert "PROTOKOLL FRA DET SENTRALE TILSETTINGSRÅDET" in letter
    assert "Første gang" in letter  # the minority's reasons in the protocol (§ 13 nr. 4)
    # § 13 nr. 5 (§ 20 nr. 1): the demand that brought the case is protocolled.
    assert "Krav om behandling i det sentrale tilsettingsrådet fremsatt av rep-1" in letter
    assert "For mildt" in letter
    assert "Justis- og beredskapsdepartementet" in letter  # the appeal body named

    # fvl § 28: the appeal goes above the central council.
    decided_on = v.details["decided_on"]
    appeal = {"grounds": "For strengt", "posted_on": decided_on}
    await act(send, "DecisionAppealed", case, appeal, EMPLOYEE)
    assert await state_is(send, f"appeal-{case}-1", "with_deciding_body")
    await deciding_council_votes(
        send, f"{case}-1", "forward", members=("kdi-dir", "kdi-2", "rep-c1"), superior=None
    )
    await act(send, "AppealForwarded", f"{case}-1", {"reasons": "Opprettholdes"}, CENTRAL)
    itself = await refused(send, "AppealUpheld", f"{case}-1", {"reasons": "x"}, CENTRAL)
    assert itself.rule == "PR-2012 § 20 nr. 2" and itself.field == "actor.person_id"
    no_council = await refused(
        send, "AppealCentralCouncilVoteCast", f"{case}-1", {"choice": "uphold"}, CENTRAL
    )
    assert no_council.rule == "PR-2012 § 20 nr. 2"  # no council decides this appeal
    await act(send, "AppealUpheld", f"{case}-1", {"reasons": "Forholdsmessig"}, JD)
    assert await state_is(send, f"discipline-{case}", "ordensstraff_registered")


async def test_central_council_decides_an_appeal_by_vote(send: Sender) -> None:
    """PR-2012 § 20 nr. 2: "Det sentrale tilsettingsrådet er klageinstans": as a council (§ 13
    nr. 3-4), the leader entering only what the majority voted."""
    case = "K-2"
    await to_deliberation(send, case)
    await council_votes(send, case, ("leader-oslo", "ordensstraff", 3),
                        ("adm-oslo", "ordensstraff", 3), ("rep-1", "ordensstraff", 3))  # fmt: skip
    await act(send, "DisciplineDecided", case, DECISION, LEADER)
    decided_on = (await view(send, f"discipline-{case}")).details["decided_on"]
    await act(send, "DecisionAppealed", case, {"grounds": "x", "posted_on": decided_on}, EMPLOYEE)
    assert await state_is(send, f"appeal-{case}-1", "with_deciding_body")
    await deciding_council_votes(send, f"{case}-1", "forward")
    await act(send, "AppealForwarded", f"{case}-1", {"reasons": "Opprettholdes"}, LEADER)
    alone = await refused(send, "AppealUpheld", f"{case}-1", {"reasons": "x"}, CENTRAL)
    # § 13 nr. 1 (appeal10): the appeal body is convened before it decides anything
    assert (alone.rule, alone.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    await central_council_votes(send, f"{case}-1", "reverse", "AppealCentral")
    upheld = await refused(send, "AppealUpheld", f"{case}-1", {"reasons": "x"}, CENTRAL)
    assert upheld.rule == "PR-2012 § 20 nr. 2" and "reverse" in upheld.message
    await act(send, "AppealReversed", f"{case}-1", {"reasons": "Ikke grunnlag"}, CENTRAL)
    assert await state_is(send, f"discipline-{case}", "reversed")
    appeal = await view(send, f"appeal-{case}-1")
    assert appeal.details["taken"]["reverse"]["reasons"] == "Ikke grunnlag"


async def test_secondary_work_consent_by_the_councils_votes(send: Sender, mail_dir: Path) -> None:
    """PR-2012 § 24: "tilsettingsmyndighetens samtykke" -- the council that appoints to the post
    consents or refuses by its members' votes (§ 13 nr. 3-4), its leader entering that decision
    with the protocol; never the leader alone."""
    post = {"employee_id": "emp-1", "kind": "private_post", "description": "Vekter i helgene",
            "hours_per_month": 20, "affects_service": False}  # fmt: skip
    await act(send, "SecondaryWorkNotified", "K-3", post, member("emp-1"))
    alone = await refused(send, "SecondaryWorkConsented", "K-3", {}, LEADER)
    assert alone.rule == "PR-2012 § 11 nr. 1–4"  # the per-case seat is not filled
    seat = {"person_id": "avd-oslo"}
    not_leader = await refused(send, "SecondaryWorkCouncilSuperiorSeated", "K-3", seat, HR)
    assert not_leader.field == "actor.person_id"
    await act(send, "SecondaryWorkCouncilSuperiorSeated", "K-3", seat, LEADER)
    # § 13 nr. 1 (council8): nobody votes before the leader has convened the council.
    early = {"choice": "refuse", "reasons": "For tidlig"}
    unconvened = await refused(send, "SecondaryWorkCouncilVoteCast", "K-3", early, LEADER)
    assert (unconvened.rule, unconvened.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    await convene_in_writing(send, "K-3", "SecondaryWork", "leader-oslo", OSLO_SEATS)
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        vote = {"choice": "refuse", "reasons": f"{m}: går ut over hviletiden"}
        await act(send, "SecondaryWorkCouncilVoteCast", "K-3", vote, member(m))
    bad = await refused(send, "SecondaryWorkCouncilVoteCast", "K-3", {"choice": "yes"},
                        member("rep-1"))  # fmt: skip
    assert bad.rule == "PR-2012 § 24" and bad.field == "payload.choice"
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        await act(send, "SecondaryWorkCouncilProtocolSigned", "K-3", {}, member(m))
    against_votes = await refused(send, "SecondaryWorkConsented", "K-3", {}, LEADER)
    assert against_votes.rule == "PR-2012 § 24" and "refuse" in against_votes.message
    done = await act(send, "SecondaryWorkRefused", "K-3", {"reasons": "Hviletid"}, LEADER)
    assert done["state"] == "refused"
    council = (await view(send, "secondary_work-K-3")).details["council"]
    assert council["superior_id"] == "avd-oslo" and council["protocol"]["decision"] == "refuse"
    sent = letters(mail_dir, "secondary_work-K-3")  # § 13 nr. 1: the papers to the five seats
    papers = [x for x in sent if "SAKSDOKUMENTER TIL TILSETTINGSRÅDET VED OSLO FENGSEL" in x]
    [letter] = [x for x in sent if x not in papers]
    assert len(papers) == 5
    assert "PROTOKOLL FRA TILSETTINGSRÅDET VED OSLO FENGSEL" in letter
    assert "går ut over hviletiden" in letter


async def test_written_procedure_only_with_every_members_agreement(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 13 nr. 2: "som hovedregel ... i samlet møte, med mindre medlemmene i rådet er
    enige om en annen ordning" -- the leader's choice of written procedure is not enough: each
    member records their agreement."""
    case = "K-4"
    await to_council(send, env, case, ["w1", "w2", "w3"], ["w1", "w2", "w3"], SUPERIOR,
                     procedure="written")  # fmt: skip
    # § 13 nr. 1-2 (council10): a vote outside the meeting counts only in an agreed written
    # procedure: before every seat agreed, none is taken.
    w1 = {"applicant_id": "w1"}
    unagreed = await refused(send, "HiringVoteCast", case, w1, member("leader-oslo"))
    assert (unagreed.rule, unagreed.field) == ("PR-2012 § 13 nr. 2", "sitting.procedure")
    await agree_in_writing(send, case, "CouncilWrittenProcedureAgreed",
                           ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1"))  # fmt: skip
    twice = await refused(send, "CouncilWrittenProcedureAgreed", case, {}, member("rep-1-dep"))
    assert twice.rule == "PR-2012 § 13 nr. 2"  # the deputy's seat has agreed already
    still = await refused(send, "HiringVoteCast", case, w1, member("leader-oslo"))
    assert "rep-2" in still.message
    await agree_in_writing(send, case, "CouncilWrittenProcedureAgreed", ("rep-2",))
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        await act(send, "HiringVoteCast", case, w1, member(m))
    await sign(send, case, "leader-oslo", "avd-oslo", "adm-oslo")
    decision = {"reasons": "Enige."}
    leader = {"person_id": "leader-oslo", "role": "unit_leader"}
    decided = await act(send, "CouncilDecided", case, decision, leader)
    assert decided["state"] == "awaiting_confirmation"
    v = await hiring_view(send, case)
    assert v.details["protocol"]["procedure"] == "written"
    assert set(v.details["written_agreed"]) == {"leader-oslo", "avd-oslo", "adm-oslo", "rep-1",
                                                "rep-2"}  # fmt: skip


async def test_hiring_central_council_is_convened_and_an_applicant_on_it_is_disqualified(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 13 nr. 1-5 with § 11 nr. 6 (council10): the central council decides a hiring
    case through the one collegial machinery: convened by its leader before anyone votes,
    written procedure only by every seat's agreement, signatures and protocol; fvl § 6 første
    ledd a "når han selv er part i saken": a member who applied for the post (rep-c1) neither
    agrees, votes nor signs; their personal deputy takes the seat (§ 11 nr. 6)."""
    case, child = "K-12", "K-12-1"
    await to_council(send, env, case, ["rep-c1", "y2", "y3"], ["rep-c1", "y2", "y3"], SUPERIOR)
    await act(send, "HiringVoteCast", case, {"applicant_id": "y2"}, member("leader-oslo"))
    await act(send, "HiringVoteCast", case, {"applicant_id": "y2"}, member("avd-oslo"))
    await act(send, "HiringVoteCast", case, {"applicant_id": "rep-c1"}, member("rep-1"))
    await act(send, "CentralCouncilDemanded", case, {"reasons": "Uenig."}, member("rep-1"))
    y2 = {"applicant_id": "y2"}
    early = await refused(send, "CentralCouncilVoteCast", child, y2, member("kdi-2"))
    assert (early.rule, early.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    latest = (await send.view(child, "central_council")).history[-1].at.date()
    writing = {"procedure": "written", "uncontroversial": True,
               "meeting_on": (latest + timedelta(days=30)).isoformat()}  # fmt: skip
    not_leader = await refused(send, "CentralCouncilConvened", child, writing, member("kdi-2"))
    assert not_leader.field == "actor.person_id"
    await act(send, "CentralCouncilConvened", child, writing, CENTRAL)
    own = await refused(send, "CentralWrittenProcedureAgreed", child, {}, member("rep-c1"))
    assert (own.rule, own.field) == (OWN_CASE, "actor.person_id")
    seats = ("kdi-dir", "kdi-2", "rep-c1-dep", "rep-c2", "rd-east")
    await agree_in_writing(send, child, "CentralWrittenProcedureAgreed", seats)
    own_vote = await refused(send, "CentralCouncilVoteCast", child, y2, member("rep-c1"))
    assert (own_vote.rule, own_vote.field) == (OWN_CASE, "actor.person_id")
    for m in ("kdi-dir", "kdi-2", "rep-c1-dep"):
        await act(send, "CentralCouncilVoteCast", child, y2, member(m))
    own_sign = await refused(send, "CentralCouncilProtocolSigned", child, {}, member("rep-c1"))
    assert own_sign.rule in (OWN_CASE, "PR-2012 § 13 nr. 4")
    for m in ("kdi-dir", "kdi-2", "rep-c1-dep"):
        await act(send, "CentralCouncilProtocolSigned", child, {}, member(m))
    await act(send, "CentralCouncilDecided", child, {"reasons": "Enige."}, CENTRAL)
    details = (await send.view(child, "central_council")).details
    assert details["chosen"] == "y2" and details["protocol"]["procedure"] == "written"
    assert details["council"]["convened_on"] is not None
    assert [v["member_id"] for v in details["protocol"]["votes"]] == ["kdi-dir", "kdi-2",
                                                                     "rep-c1-dep"]  # fmt: skip
    assert (await hiring_view(send, case)).details["appointee"] == "y2"


async def test_a_disagreement_in_writing_means_a_meeting_convened_anew(
    send: Sender, env: WorkflowEnvironment
) -> None:
    """PR-2012 § 13 nr. 2: "Hvis det imidlertid er uenighet, eller noen av medlemmene krever det,
    skal rådet alltid behandle saken i samlet møte" (council11): a written vote that disagrees
    voids the written votes and the written day, as a demand for a meeting does; nothing is
    decided on the written day, the leader distributes the papers anew only for a meeting, and
    the council votes there."""
    case = "K-30"
    await to_council(send, env, case, ["s1", "s2", "s3"], ["s1", "s2", "s3"], SUPERIOR,
                     procedure="written")  # fmt: skip
    await agree_in_writing(send, case, "CouncilWrittenProcedureAgreed",
                           ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"))  # fmt: skip
    leader = {"person_id": "leader-oslo", "role": "unit_leader"}
    for m in ("leader-oslo", "adm-oslo"):
        await act(send, "HiringVoteCast", case, {"applicant_id": "s1"}, member(m))
    await act(send, "HiringVoteCast", case, {"applicant_id": "s2"}, member("rep-1"))
    v = await hiring_view(send, case)
    assert (v.details["procedure"], v.details["votes"], v.details["meeting_on"]) == (
        "meeting", [], None
    )  # fmt: skip
    for m in ("avd-oslo", "rep-2"):  # no vote, and no decision, on the written day
        late = await refused(send, "HiringVoteCast", case, {"applicant_id": "s1"}, member(m))
        assert late.rule == "PR-2012 § 13 nr. 2"
    undecided = await refused(send, "CouncilDecided", case, {"reasons": "Flertall."}, leader)
    assert undecided.rule == "PR-2012 § 13 nr. 2"
    day = (await send.view(case, "hiring")).history[-1].at.date() + timedelta(days=10)
    writing = {"procedure": "written", "uncontroversial": True, "meeting_on": day.isoformat()}
    again = await refused(send, "CouncilDocumentsDistributed", case, writing, leader)
    assert (again.rule, again.field) == ("PR-2012 § 13 nr. 2", "payload.procedure")
    meeting = {"procedure": "meeting", "meeting_on": day.isoformat()}
    await act(send, "CouncilDocumentsDistributed", case, meeting, leader)
    await env.sleep(timedelta(days=11))
    for m, choice in (("leader-oslo", "s1"), ("adm-oslo", "s1"), ("rep-1", "s2")):
        await act(send, "HiringVoteCast", case, {"applicant_id": choice}, member(m))
    await sign(send, case, "leader-oslo", "adm-oslo", "rep-1")
    decided = await act(send, "CouncilDecided", case, {"reasons": "Flertall."}, leader)
    assert decided["state"] == "awaiting_confirmation"
    assert (await hiring_view(send, case)).details["protocol"]["procedure"] == "meeting"
