"""PR-2012 § 13 nr. 1-2 outside hiring (council8): every council of the one collegial machinery
(states/council.py `Collegial`) is convened by its leader with the papers and a meeting day
before it votes; it votes in its meeting, or in writing only where every member agreed to
written procedure in an uncontroversial matter and nobody demanded a meeting. End to end for
unpaid leave over six months (§ 23 nr. 4), secondary work (§ 24), a disciplinary case's
deciding council (fvl § 42, § 19 nr. 2) and its appointing council's main vote (§ 19 nr. 2).

The module runs after the 2053 discipline modules on the session's clock (dated 2054)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    OSLO_SEATS,
    Sender,
    decision,
    event,
    leave_request,
    letters,
    sign_protocol,
)
from tests.workflows.test_discipline import (
    DECISION,
    EMPLOYEE,
    LEADER,
    act,
    refused,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, decided

NR_1, NR_2 = "PR-2012 § 13 nr. 1", "PR-2012 § 13 nr. 2"
SEATS = ("leader-oslo", "avd-oslo", "adm-oslo")  # three of the five seats of § 11 nr. 3


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def test_leave_council_is_convened_and_votes_in_its_meeting(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """§ 13 nr. 1: "Rådets leder har ansvaret for at medlemmene av tilsettingsrådet får tilgang
    til alle saksdokumentene ... og nødvendig tid til å sette seg inn i saken før den tas opp til
    behandling." § 13 nr. 2: "Tilsettingsrådet skal som hovedregel behandle sakene i samlet
    møte". Unpaid leave over six months (§ 23 nr. 4) is decided so."""
    await at(env, date(2054, 5, 4))  # Monday; Thursday 7 May is Ascension Day
    case = "CV-1"
    await send.send(leave_request(case, date(2054, 6, 1), date(2055, 1, 29), kind="education",
                                  paid=False))  # fmt: skip
    vote = {"choice": "granted", "reasons": "Faglig relevant."}
    seat = {"person_id": "avd-oslo"}
    await send.send(event("LeaveCouncilSuperiorSeated", case, seat, "leader-oslo", "unit_leader"))
    early = await send.refused(event("LeaveCouncilVoteCast", case, vote, "rep-1", "employee"))
    assert (early.rule, early.field) == (NR_1, "sitting.convened_on")
    meeting = {"procedure": "meeting", "meeting_on": "2054-05-07"}
    by_member = event("LeaveCouncilConvened", case, meeting | {"meeting_on": "2054-05-08"},
                      "adm-oslo", "employee")  # fmt: skip
    member_convenes = await send.refused(by_member)
    assert (member_convenes.rule, member_convenes.field) == (NR_1, "actor.person_id")
    # Three working days to prepare (a recorded choice): Ascension Day does not count.
    too_soon = await send.refused(event("LeaveCouncilConvened", case, meeting, "leader-oslo",
                                        "unit_leader"))  # fmt: skip
    assert (too_soon.rule, too_soon.field) == (NR_1, "payload.meeting_on")
    assert "not before 2054-05-08" in too_soon.message
    controversial = {"procedure": "written", "meeting_on": "2054-05-08"}
    written = await send.refused(event("LeaveCouncilConvened", case, controversial,
                                       "leader-oslo", "unit_leader"))  # fmt: skip
    assert (written.rule, written.field) == (NR_2, "payload.procedure")
    meeting["meeting_on"] = "2054-05-08"
    await send.send(event("LeaveCouncilConvened", case, meeting, "leader-oslo", "unit_leader"))
    v = await send.view(case)
    assert v.details["council"]["convened_on"] == "2054-05-04"
    [day] = [d for d in v.deadlines if d.name == "council_meeting"]
    assert (day.due, day.rule) == (date(2054, 5, 8), NR_1)
    papers = [x for x in letters(mail_dir, f"leave-{case}") if "SAKSDOKUMENTER" in x]
    assert len(papers) == 5 and all("møte 8. mai 2054" in x for x in papers)  # every seat
    no_written = await send.refused(
        event("LeaveWrittenProcedureAgreed", case, {}, "rep-1", "employee")
    )
    assert no_written.rule == NR_2 and "meets" in no_written.message
    before = await send.refused(event("LeaveCouncilVoteCast", case, vote, "rep-1", "employee"))
    assert before.rule == NR_2 and "2054-05-08" in before.message
    unmet = await send.refused(decision(case, by="leader-oslo", role="unit_leader"))
    assert unmet.rule == NR_2
    assert (await send.view(case)).details["council"]["votes"] == []  # nothing changed

    await at(env, date(2054, 5, 8))  # the meeting
    for m in SEATS:
        await send.send(event("LeaveCouncilVoteCast", case, vote, m, "employee"))
    for m in SEATS:
        await send.send(event("LeaveCouncilProtocolSigned", case, {}, m, "employee"))
    done = await send.send(decision(case, by="leader-oslo", role="unit_leader"))
    assert done["state"] == "scheduled"
    protocol = (await send.view(case)).details["council"]["protocol"]
    assert (protocol["convened_on"], protocol["meeting_on"]) == ("2054-05-04", "2054-05-08")
    assert protocol["procedure"] == "meeting"


async def test_secondary_work_council_in_writing_until_a_member_demands_a_meeting(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 2: "Skriftlig behandling kan skje hvis saken er kurant og ikke volder tvil. Hvis
    det imidlertid er uenighet, eller noen av medlemmene krever det, skal rådet alltid behandle
    saken i samlet møte." Consent to secondary work (§ 24) is decided so."""
    await at(env, date(2054, 6, 1))  # Monday
    case = "CV-2"
    post = {"employee_id": "emp-1", "kind": "private_post", "description": "Vekter i helgene",
            "hours_per_month": 20, "affects_service": False}  # fmt: skip
    await act(send, "SecondaryWorkNotified", case, post, member("emp-1"))
    await act(send, "SecondaryWorkCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    writing = {"procedure": "written", "meeting_on": "2054-06-04", "uncontroversial": True}
    await act(send, "SecondaryWorkCouncilConvened", case, writing, LEADER)
    vote = {"choice": "consent", "reasons": "Kurant."}
    unagreed = await refused(send, "SecondaryWorkCouncilVoteCast", case, vote, member("adm-oslo"))
    assert (unagreed.rule, unagreed.field) == (NR_2, "sitting.procedure")
    assert "rep-2" in unagreed.message  # whose agreement is missing
    for m in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1"):
        await act(send, "SecondaryWorkWrittenProcedureAgreed", case, {}, member(m))
    party = await refused(send, "SecondaryWorkCouncilMeetingDemanded", case, {}, member("emp-1"))
    assert party.field == "actor.person_id"  # not a member (fvl § 6: never the party)
    await act(send, "SecondaryWorkCouncilMeetingDemanded", case, {"reasons": "Hviletid?"},
              member("rep-2"))  # fmt: skip
    again = await refused(send, "SecondaryWorkCouncilMeetingDemanded", case, {}, member("rep-1"))
    assert again.rule == NR_2 and "meets already" in again.message
    late = await refused(send, "SecondaryWorkWrittenProcedureAgreed", case, {}, member("rep-2"))
    assert late.rule == NR_2
    # council10: the day set for written answers is no meeting: the leader convenes one.
    unconvened = await refused(send, "SecondaryWorkCouncilVoteCast", case, vote, LEADER)
    assert unconvened.rule == NR_2 and "meeting" in unconvened.message
    meeting = {"procedure": "meeting", "meeting_on": "2054-06-04"}
    await act(send, "SecondaryWorkCouncilConvened", case, meeting, LEADER)
    in_writing = await refused(send, "SecondaryWorkCouncilVoteCast", case, vote, LEADER)
    assert in_writing.rule == NR_2 and "2054-06-04" in in_writing.message

    await at(env, date(2054, 6, 4))  # the meeting the member demanded
    for m in SEATS:
        await act(send, "SecondaryWorkCouncilVoteCast", case, vote, member(m))
    for m in SEATS:
        await act(send, "SecondaryWorkCouncilProtocolSigned", case, {}, member(m))
    done = await act(send, "SecondaryWorkConsented", case, {}, LEADER)
    assert done["state"] == "consented"
    protocol = (await view(send, f"secondary_work-{case}")).details["council"]["protocol"]
    assert protocol["procedure"] == "meeting" and protocol["meeting_demanded_by"] == ["rep-2"]


async def test_a_disciplinary_deciding_council_is_convened_before_it_decides(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 1-2 for the council that decides a disciplinary case (§ 19 nr. 2), deciding on
    suspensive effect (fvl § 42): convened first, its votes and decision in its meeting."""
    await at(env, date(2054, 9, 7))  # Monday
    case = "CV-3"
    await decided(send, case)
    await act(send, "SuspensiveEffectRequested", case, {"reasons": "Vil klage"}, EMPLOYEE)
    prefix = "DisciplineDecidingBody"
    await act(send, f"{prefix}CouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    vote = {"choice": "refuse", "reasons": "Mild reaksjon."}
    early = await refused(send, f"{prefix}CouncilVoteCast", case, vote, member("adm-oslo"))
    assert (early.rule, early.field) == (NR_1, "sitting.convened_on")
    meeting = {"procedure": "meeting", "meeting_on": "2054-09-10"}
    await act(send, f"{prefix}CouncilConvened", case, meeting, LEADER)
    before = await refused(send, f"{prefix}CouncilVoteCast", case, vote, member("adm-oslo"))
    assert before.rule == NR_2 and "2054-09-10" in before.message
    no = {"granted": False, "reasons": "Ordensstraffen er mild."}
    unmet = await refused(send, "SuspensiveEffectDecided", case, no, LEADER)
    assert unmet.rule == NR_2

    await at(env, date(2054, 9, 10))
    for m in SEATS:
        await act(send, f"{prefix}CouncilVoteCast", case, vote, member(m))
    for m in SEATS:
        await act(send, f"{prefix}CouncilProtocolSigned", case, {}, member(m))
    await act(send, "SuspensiveEffectDecided", case, no, LEADER)
    protocol = (await view(send, f"discipline-{case}")).details["matter_protocol"]
    assert protocol["decision"] == "refuse" and protocol["meeting_on"] == "2054-09-10"


OWN_CASE = "fvl § 6 første ledd bokstav a"


async def test_a_member_takes_no_part_in_the_council_on_their_own_unpaid_leave(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 6 første ledd a: "En offentlig tjenestemann er ugild ... når han selv er part i
    saken"; § 23 nr. 4 "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
    måneder". A council member (rep-1) applies: they neither vote, sign, agree to written
    procedure nor demand a meeting in their own case; rep-2, a member, does (council9)."""
    await at(env, date(2054, 11, 2))  # Monday
    case = "CV-9"
    await send.send(leave_request(case, date(2054, 12, 1), date(2055, 7, 1), kind="education",
                                  paid=False, employee="rep-1"))  # fmt: skip
    await send.send(event("LeaveCouncilSuperiorSeated", case, {"person_id": "avd-oslo"},
                          "leader-oslo", "unit_leader"))  # fmt: skip
    writing = {"procedure": "written", "meeting_on": "2054-11-05", "uncontroversial": True}
    await send.send(event("LeaveCouncilConvened", case, writing, "leader-oslo", "unit_leader"))
    own = event("LeaveWrittenProcedureAgreed", case, {}, "rep-1", "employee")
    assert (await send.refused(own)).rule == OWN_CASE
    await send.send(event("LeaveWrittenProcedureAgreed", case, {}, "rep-2", "employee"))
    demand = event("LeaveCouncilMeetingDemanded", case, {}, "rep-1", "employee")
    assert (await send.refused(demand)).rule == OWN_CASE
    await send.send(event("LeaveCouncilMeetingDemanded", case, {}, "rep-2", "employee"))
    meeting = {"procedure": "meeting", "meeting_on": "2054-11-05"}  # council10: convened anew
    await send.send(event("LeaveCouncilConvened", case, meeting, "leader-oslo", "unit_leader"))

    await at(env, date(2054, 11, 5))  # the meeting rep-2 demanded
    vote = {"choice": "granted", "reasons": "Faglig relevant."}
    own_vote = await send.refused(event("LeaveCouncilVoteCast", case, vote, "rep-1", "employee"))
    assert (own_vote.rule, own_vote.field) == (OWN_CASE, "actor.person_id")
    await send.send(event("LeaveCouncilVoteCast", case, vote, "rep-2", "employee"))
    own_sign = event("LeaveCouncilProtocolSigned", case, {}, "rep-1", "employee")
    assert (await send.refused(own_sign)).rule == OWN_CASE
    await send.send(event("LeaveCouncilProtocolSigned", case, {}, "rep-2", "employee"))
    sitting = (await send.view(case)).details["council"]
    assert [v["member_id"] for v in sitting["votes"]] == ["rep-2"]
    assert sitting["signed_by"] == ["rep-2"]


async def test_a_demanded_meeting_stands_and_the_superior_is_the_registers(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 2: "Hvis det imidlertid er uenighet, eller noen av medlemmene krever det, skal
    rådet alltid behandle saken i samlet møte": the leader cannot convene anew in writing once a
    member demanded a meeting, and agreements to an earlier convening do not carry over.
    § 11 nr. 3 "nærmeste overordnede for stillingen": only the register's superior is seated
    (council9), in secondary work (§ 24)."""
    await at(env, date(2054, 11, 9))  # Monday
    case = "CV-10"
    post = {"employee_id": "emp-1", "kind": "private_post", "description": "Vekter i helgene",
            "hours_per_month": 20, "affects_service": False}  # fmt: skip
    await act(send, "SecondaryWorkNotified", case, post, member("emp-1"))
    anyone = await refused(send, "SecondaryWorkCouncilSuperiorSeated", case,
                           {"person_id": "emp-2"}, LEADER)  # fmt: skip
    assert (anyone.rule, anyone.field) == ("PR-2012 § 11 nr. 3", "payload.person_id")
    await act(send, "SecondaryWorkCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    writing = {"procedure": "written", "meeting_on": "2054-11-12", "uncontroversial": True}
    await act(send, "SecondaryWorkCouncilConvened", case, writing, LEADER)
    await act(send, "SecondaryWorkWrittenProcedureAgreed", case, {}, member("rep-1"))
    await act(send, "SecondaryWorkCouncilMeetingDemanded", case, {}, member("rep-2"))
    again = await refused(send, "SecondaryWorkCouncilConvened", case, writing, LEADER)
    assert (again.rule, again.field) == (NR_2, "payload.procedure")
    assert "rep-2" in again.message
    await act(send, "SecondaryWorkCouncilConvened", case, writing | {"procedure": "meeting"},
              LEADER)  # fmt: skip
    council = (await view(send, f"secondary_work-{case}")).details["council"]
    assert council["procedure"] == "meeting" and council["meeting_demanded_by"] == ["rep-2"]
    assert council["written_agreed"] == []


async def test_a_demand_for_a_meeting_voids_the_written_votes(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 2: "Hvis ... noen av medlemmene krever det, skal rådet alltid behandle saken i
    samlet møte" (council10): the votes cast in writing, not yet concluded, lapse with the
    demand, and the day set for written answers is no meeting; § 13 nr. 1: the meeting is
    convened anew, never for a day already past (consent to secondary work, § 24)."""
    await at(env, date(2054, 11, 16))  # Monday
    case = "CV-11"
    post = {"employee_id": "emp-1", "kind": "private_post", "description": "Vekter i helgene",
            "hours_per_month": 20, "affects_service": False}  # fmt: skip
    await act(send, "SecondaryWorkNotified", case, post, member("emp-1"))
    await act(send, "SecondaryWorkCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    writing = {"procedure": "written", "meeting_on": "2054-11-19", "uncontroversial": True}
    await act(send, "SecondaryWorkCouncilConvened", case, writing, LEADER)
    for m in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"):
        await act(send, "SecondaryWorkWrittenProcedureAgreed", case, {}, member(m))
    vote = {"choice": "consent", "reasons": "Kurant."}
    for m in ("leader-oslo", "avd-oslo"):
        await act(send, "SecondaryWorkCouncilVoteCast", case, vote, member(m))
        await act(send, "SecondaryWorkCouncilProtocolSigned", case, {}, member(m))
    await act(send, "SecondaryWorkCouncilMeetingDemanded", case, {"reasons": "Tvil."},
              member("rep-2"))  # fmt: skip
    council = (await view(send, f"secondary_work-{case}")).details["council"]
    assert council["votes"] == [] and council["signed_by"] == [] and council["meeting_on"] is None
    # § 13 nr. 1: a meeting day already past (or without time to prepare) is refused.
    for day in ("2054-11-13", "2054-11-16"):
        past = await refused(send, "SecondaryWorkCouncilConvened", case,
                             {"procedure": "meeting", "meeting_on": day}, LEADER)  # fmt: skip
        assert (past.rule, past.field) == (NR_1, "payload.meeting_on")
    await act(send, "SecondaryWorkCouncilConvened", case,
              {"procedure": "meeting", "meeting_on": "2054-11-19"}, LEADER)  # fmt: skip
    early = await refused(send, "SecondaryWorkCouncilVoteCast", case, vote, LEADER)
    assert early.rule == NR_2 and "2054-11-19" in early.message
    await at(env, date(2054, 11, 19))
    await act(send, "SecondaryWorkCouncilVoteCast", case, vote, LEADER)
    council = (await view(send, f"secondary_work-{case}")).details["council"]
    assert [v["member_id"] for v in council["votes"]] == ["leader-oslo"]


async def test_the_appointing_council_is_convened_before_its_main_vote(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 1 for the appointing council's own vote on the reaction (§ 19 nr. 2; mainconv):
    no member votes before its leader convened it with the papers. § 13 nr. 2: "Hvis det
    imidlertid er uenighet ... skal rådet alltid behandle saken i samlet møte": a vote that
    disagrees in written procedure turns it into a meeting on the day set (three working days
    after Monday 7 December 2054: Thursday 10 December), and the rest is done there."""
    await at(env, date(2054, 12, 7))  # Monday
    case = "CV-12"
    await to_deliberation(send, case)
    await act(send, "DisciplineCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, LEADER)
    vote = {"choice": "ordensstraff", "seniority_months": 1, "reasons": "Alvorlig."}
    early = await refused(send, "CouncilVoteCast", case, vote, member("adm-oslo"))
    assert (early.rule, early.field) == (NR_1, "sitting.convened_on")
    writing = {"procedure": "written", "meeting_on": "2054-12-10", "uncontroversial": True}
    await act(send, "DisciplineCouncilConvened", case, writing, LEADER)
    for m in OSLO_SEATS:
        await act(send, "DisciplineWrittenProcedureAgreed", case, {}, member(m))
    await act(send, "CouncilVoteCast", case, vote, member("leader-oslo"))
    await act(send, "CouncilVoteCast", case, {"choice": "none", "reasons": "Mildt."},
              member("adm-oslo"))  # fmt: skip
    assert (await view(send, f"discipline-{case}")).details["main"]["procedure"] == "meeting"
    in_writing = await refused(send, "CouncilVoteCast", case, vote, member("rep-1"))
    assert in_writing.rule == NR_2 and "2054-12-10" in in_writing.message
    await at(env, date(2054, 12, 10))  # the meeting
    await act(send, "CouncilVoteCast", case, vote, member("rep-1"))
    await sign_protocol(send, case)
    await act(send, "DisciplineDecided", case, DECISION, LEADER)
    protocol = (await view(send, f"discipline-{case}")).details["main"]["protocol"]
    assert protocol["procedure"] == "meeting" and protocol["meeting_on"] == "2054-12-10"


async def test_a_leave_council_split_in_writing_meets_convened_anew(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """§ 13 nr. 2: "Hvis det imidlertid er uenighet, eller noen av medlemmene krever det, skal
    rådet alltid behandle saken i samlet møte" (council12): in unpaid leave over six months
    (§ 23 nr. 4), a written vote that disagrees voids the written votes and the written day;
    nothing is voted or decided on that day; the leader convenes a meeting (never in writing
    again), and the council votes and decides there."""
    await at(env, date(2054, 12, 14))  # Monday
    case = "CV-13"
    await send.send(leave_request(case, date(2055, 3, 1), date(2055, 10, 1), kind="education",
                                  paid=False))  # fmt: skip
    leader = ("leader-oslo", "unit_leader")
    await send.send(event("LeaveCouncilSuperiorSeated", case, {"person_id": "avd-oslo"}, *leader))
    writing = {"procedure": "written", "meeting_on": "2054-12-17", "uncontroversial": True}
    await send.send(event("LeaveCouncilConvened", case, writing, *leader))
    for m in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1", "rep-2"):
        await send.send(event("LeaveWrittenProcedureAgreed", case, {}, m, "employee"))
    yes = {"choice": "granted", "reasons": "Faglig relevant."}
    await send.send(event("LeaveCouncilVoteCast", case, yes, "leader-oslo", "employee"))
    no = {"choice": "refused", "reasons": "Driften tåler det ikke."}
    await send.send(event("LeaveCouncilVoteCast", case, no, "rep-1", "employee"))
    v = await send.view(case)
    council = v.details["council"]
    assert (council["procedure"], council["votes"], council["meeting_on"]) == ("meeting", [], None)
    assert not [d for d in v.deadlines if d.name == "council_meeting"]

    await at(env, date(2054, 12, 17))  # the written day: no meeting was convened for it
    for m in ("avd-oslo", "adm-oslo"):
        late = await send.refused(event("LeaveCouncilVoteCast", case, yes, m, "employee"))
        assert late.rule == NR_2
    undecided = await send.refused(decision(case, by="leader-oslo", role="unit_leader"))
    assert undecided.rule == NR_2
    again = await send.refused(event("LeaveCouncilConvened", case,
                                     writing | {"meeting_on": "2054-12-22"}, *leader))  # fmt: skip
    assert (again.rule, again.field) == (NR_2, "payload.procedure")
    meeting = {"procedure": "meeting", "meeting_on": "2054-12-22"}
    await send.send(event("LeaveCouncilConvened", case, meeting, *leader))

    await at(env, date(2054, 12, 22))  # the meeting
    for m, choice in (("leader-oslo", yes), ("avd-oslo", yes), ("rep-1", no)):
        await send.send(event("LeaveCouncilVoteCast", case, choice, m, "employee"))
    for m in ("leader-oslo", "avd-oslo", "rep-1"):
        await send.send(event("LeaveCouncilProtocolSigned", case, {}, m, "employee"))
    done = await send.send(decision(case, by="leader-oslo", role="unit_leader"))
    assert done["state"] == "scheduled"
    protocol = (await send.view(case)).details["council"]["protocol"]
    assert (protocol["procedure"], protocol["meeting_on"]) == ("meeting", "2054-12-22")
