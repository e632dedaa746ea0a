"""Council composition and seats: PR-2012 § 11 (and § 13 nr. 3 through `tally`)."""

from __future__ import annotations

from datetime import date

import pytest

from intake.org_file import read_org
from states.council import (
    Sitting,
    Vote,
    cast,
    central_council_for,
    central_for_case,
    check_composition,
    check_demand,
    check_demand_stands,
    check_signature,
    check_written_agreement,
    composition_problems,
    decide,
    demand,
    for_case,
    protocol,
    seat_of,
    sign,
    tally,
    voting_seats,
    written_agreed_by_all,
)
from states.org import Council, CouncilKind, CouncilMember, Org, Seat
from states.rules import RuleViolation
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def org() -> Org:
    return read_org(EXAMPLES / "org.yaml")


def council(org: Org, council_id: str) -> Council:
    return next(c for c in org.councils if c.council_id == council_id)


def test_local_council_sits_with_the_posts_nearest_superior(org: Org) -> None:
    """§ 11 nr. 3: "Leder for enheten (rådets leder), Nærmest foresatte, En representant for
    administrasjonen med personlig vararepresentant ..., To representanter for tjenestemennene
    ved enheten med personlige vararepresentanter"."""
    standing = council(org, "council-oslo-prison")
    assert "1 nearest_superior seat(s) wanted, 0 found" in composition_problems(standing)
    sitting = for_case(standing, "oslo-prison", "avd-oslo")
    assert composition_problems(sitting) == []
    check_composition(sitting)
    # The unit leader as the superior takes no second seat.
    assert len(for_case(standing, "oslo-prison", "leader-oslo").members) == len(standing.members)


def test_personal_deputies_are_required(org: Org) -> None:
    sitting = for_case(council(org, "council-oslo-prison"), "oslo-prison", "avd-oslo")
    without = sitting.model_copy(
        update={"members": [m for m in sitting.members if m.deputy_for != "rep-1"]}
    )
    with pytest.raises(RuleViolation) as refused:
        check_composition(without)
    assert refused.value.rule == "PR-2012 § 11 nr. 1–4"
    assert "rep-1 (employees) has no personal deputy" in refused.value.message


def test_deputy_votes_for_the_absent_member(org: Org) -> None:
    """§ 11 nr. 5: the deputies the leader has appointed stand in for the representatives."""
    standing = council(org, "council-oslo-prison")
    assert seat_of(standing, "rep-1-dep") == "rep-1"
    votes = [Vote(member_id="leader-oslo", choice="a1"), Vote(member_id="rep-1-dep", choice="a1")]
    result = tally(standing, votes)
    assert result.quorum and result.majority == "a1"  # 2 of 4 seats: half take part


def test_joint_council_led_by_the_unit_the_case_comes_from() -> None:
    """§ 11 nr. 3: "rådets leder er leder for den enheten saken kommer fra ... Representanten
    veksler etter hvilken enhet saken kommer fra." """
    joint = Council(
        council_id="joint", kind=CouncilKind.joint_local, name="Felles råd", unit_ids=["u1", "u2"],
        members=[
            CouncilMember(person_id="l1", represents=Seat.unit_leader, unit_id="u1"),
            CouncilMember(person_id="l2", represents=Seat.unit_leader, unit_id="u2"),
            CouncilMember(person_id="adm1", represents=Seat.administration, unit_id="u1"),
            CouncilMember(person_id="adm2", represents=Seat.administration, unit_id="u2"),
            CouncilMember(person_id="e1", represents=Seat.employees),
            CouncilMember(person_id="e2", represents=Seat.employees),
            *(CouncilMember(person_id=f"{p}-dep", seat="deputy", deputy_for=p)
              for p in ("adm1", "adm2", "e1", "e2")),
        ],
    )  # fmt: skip
    sitting = for_case(joint, "u2", "l2")
    assert sitting.leader == "l2"
    assert {m.person_id for m in sitting.members if m.seat != "deputy"} == {
        "l1", "l2", "adm2", "e1", "e2"
    }  # fmt: skip
    assert composition_problems(sitting) == []


def test_central_council_for_a_case(org: Org) -> None:
    """§ 11 nr. 6: the regional director of the case's region sits, "erstattes av en
    representant for administrasjonen" in cases on leaders, regional staff, KRUS and KITT."""
    central = council(org, "council-central")
    local = central_for_case(central, "rd-east", director_sits=True)
    voting = {m.person_id for m in local.members if m.seat != "deputy"}
    assert "rd-east" in voting and "kdi-3" not in voting
    assert composition_problems(local) == []
    leaders = central_for_case(central, "rd-east", director_sits=False)
    voting = {m.person_id for m in leaders.members if m.seat != "deputy"}
    assert "rd-east" not in voting and "kdi-3" in voting
    assert composition_problems(leaders) == []


# -- the sitting: written procedure, signatures, protocol (PR-2012 § 13) -------------------------


def _sitting_council(org: Org) -> Council:
    return for_case(council(org, "council-oslo-prison"), "oslo-prison", "avd-oslo")


def test_written_procedure_needs_every_members_agreement(org: Org) -> None:
    """§ 13 nr. 2: "som hovedregel ... i samlet møte, med mindre medlemmene i rådet er enige om
    en annen ordning" -- each member's own recorded agreement, not the leader's declaration."""
    c = _sitting_council(org)
    s = Sitting(procedure="written")
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        s = cast(s, Vote(member_id=m, choice="a1"))
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        s = sign(c, s, m)
    with pytest.raises(RuleViolation) as refused:
        decide(c, s, "PR-2012 § 10 nr. 2")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 13 nr. 2", "procedure")
    assert "rep-1" in refused.value.message and "rep-2" in refused.value.message
    for m in ("leader-oslo", "avd-oslo", "adm-oslo", "rep-1-dep"):
        s = s.model_copy(update={"written_agreed": [*s.written_agreed,
                                                    check_written_agreement(c, s, m)]})  # fmt: skip
    with pytest.raises(RuleViolation):
        check_written_agreement(c, s, "rep-1")  # the deputy agreed for the seat already
    assert not written_agreed_by_all(c, s)
    s = s.model_copy(update={"written_agreed": [*s.written_agreed, "rep-2"]})
    assert decide(c, s, "PR-2012 § 10 nr. 2").majority == "a1"
    # Disagreement in writing: always a meeting (§ 13 nr. 2 last sentence).
    assert cast(s, Vote(member_id="rep-1", choice="a2")).procedure == "meeting"


def test_quorum_counts_members_who_take_part_and_sign(org: Org) -> None:
    """§ 13 nr. 3: "rådet er beslutningsdyktig om minst halvparten av medlemmene deltar og
    underskriver"; a vote cast after a signature changes the protocol it signed."""
    c = _sitting_council(org)
    s = Sitting()
    for m in ("leader-oslo", "avd-oslo", "adm-oslo"):
        s = cast(s, Vote(member_id=m, choice="a1", reasons=f"{m} mener a1"))
    s = sign(c, sign(c, s, "leader-oslo"), "avd-oslo")
    with pytest.raises(RuleViolation) as refused:
        decide(c, s, "x")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 13 nr. 3", "signatures")
    with pytest.raises(RuleViolation) as not_voted:
        check_signature(c, s, "rep-2")
    assert not_voted.value.rule == "PR-2012 § 13 nr. 4"
    s = sign(c, s, "adm-oslo")
    assert decide(c, s, "x").majority == "a1"
    later = cast(s, Vote(member_id="rep-2", choice="a2"))
    assert later.signed() == set()  # the earlier signatures do not cover the new vote
    with pytest.raises(RuleViolation):
        decide(c, later, "x")
    # Without signatures (cases recorded before issue 13), votes alone make the quorum.
    assert decide(c, later, "x", signatures=False).majority == "a1"


def test_the_voter_signs_for_the_seat_in_cases_opened_after_disc8(org: Org) -> None:
    """§ 13 nr. 4: "Det endelige vedtaket tas inn i en protokoll som alle underskriver": the
    person who cast the seat's vote signs it (disc7's rule). Behind workflow.patched
    "disc8-voter-signs" (`voter_signs`): the guard runs again in the update handler on replay,
    so a case opened before, whose deputy signed for a member who voted, replays as recorded."""
    c = _sitting_council(org)
    s = cast(Sitting(), Vote(member_id="adm-oslo", choice="a1"))
    with pytest.raises(RuleViolation) as refused:
        check_signature(c, s, "adm-oslo-dep")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    assert check_signature(c, s, "adm-oslo-dep", voter_signs=False) == "adm-oslo"


def test_protocol_holds_votes_reasons_signatures_and_demands(org: Org) -> None:
    """§ 13 nr. 4: "Det endelige vedtaket tas inn i en protokoll som alle underskriver ...
    hvert av medlemmene rett til å grunngi sitt standpunkt"; § 13 nr. 5: "kravet skal
    protokollføres"."""
    c = _sitting_council(org)
    s = cast(Sitting(), Vote(member_id="leader-oslo", choice="a1", reasons="Best"))
    s = cast(s, Vote(member_id="rep-1", choice="a2", reasons="Mer erfaring"))
    check_demand(c, s, "rep-1", "PR-2012 § 13 nr. 5")
    with pytest.raises(RuleViolation):
        check_demand(c, s, "rep-2", "PR-2012 § 13 nr. 5")  # did not vote
    s = demand(s, "rep-1", date(2027, 3, 1), "Uenig")
    with pytest.raises(RuleViolation):
        check_demand(c, s, "rep-1-dep", "PR-2012 § 13 nr. 5")  # the seat demanded already
    s = sign(c, s, "rep-1")
    p = protocol(c, s, "det sentrale tilsettingsrådet", "PR-2012 § 13 nr. 5", date(2027, 3, 1))
    assert [v.reasons for v in p.votes] == ["Best", "Mer erfaring"]
    assert p.signed_by == ["rep-1"] and "leader-oslo" in p.not_signed
    assert p.demands[0].member_id == "rep-1" and p.demands[0].reasons == "Uenig"
    assert p.members == ["leader-oslo", "adm-oslo", "rep-1", "rep-2", "avd-oslo"]


def test_central_council_sits_per_case(org: Org) -> None:
    """§ 11 nr. 6: the regional director of the case's region sits, except for leaders and the
    regional administration, where KSF's administration representative sits."""
    local = central_council_for(org, "oslo-prison", leader_post=False)
    admin = central_council_for(org, "r-east-adm", leader_post=False)
    leaders = central_council_for(org, "oslo-prison", leader_post=True)
    assert local and admin and leaders
    assert "rd-east" in voting_seats(local) and "kdi-3" not in voting_seats(local)
    assert "kdi-3" in voting_seats(admin) and "rd-east" not in voting_seats(admin)
    assert "kdi-3" in voting_seats(leaders)
    assert composition_problems(local) == composition_problems(admin) == []


def test_a_demanded_meeting_stands_against_written_convening() -> None:
    """§ 13 nr. 2: "Hvis det imidlertid er uenighet, eller noen av medlemmene krever det, skal
    rådet alltid behandle saken i samlet møte" (council9): hiring's re-distribution and every
    council's convening anew are refused in writing once a seat demanded a meeting."""
    check_demand_stands(Sitting(), "written")  # nobody demanded: writing may be proposed
    demanded = Sitting(procedure="meeting", meeting_demanded_by=["rep-2"])
    check_demand_stands(demanded, "meeting")
    with pytest.raises(RuleViolation) as refused:
        check_demand_stands(demanded, "written")
    assert refused.value.rule == "PR-2012 § 13 nr. 2" and "rep-2" in str(refused.value)


def test_a_demand_for_a_meeting_voids_the_written_votes_after_council10(org: Org) -> None:
    """§ 13 nr. 2: "Hvis ... noen av medlemmene krever det, skal rådet alltid behandle saken i
    samlet møte" (council10): the written votes not yet concluded lapse with their signatures
    and the written day; cases opened before keep them (replay)."""
    from datetime import date as day

    from states.council import check_not_party, demanded_meeting

    c = _sitting_council(org)
    s = Sitting(procedure="written", meeting_on=day(2027, 3, 4))
    s = sign(c, cast(s, Vote(member_id="leader-oslo", choice="a1")), "leader-oslo")
    voided = demanded_meeting(s, "rep-1", True)
    assert (voided.procedure, voided.votes, voided.signatures) == ("meeting", [], [])
    assert voided.meeting_on is None and voided.meeting_demanded_by == ["rep-1"]
    kept = demanded_meeting(s, "rep-1", False)
    assert len(kept.votes) == 1 and kept.meeting_on == day(2027, 3, 4)
    # fvl § 6 første ledd a: several parties (a hiring case's applicants on the council)
    with pytest.raises(RuleViolation) as refused:
        check_not_party("rep-c1", frozenset({"rep-c1", "x2"}))
    assert (refused.value.rule, refused.value.field) == ("fvl § 6 første ledd bokstav a",
                                                         "actor.person_id")  # fmt: skip
    check_not_party("rep-c1-dep", frozenset({"rep-c1"}))


def test_a_disagreement_in_writing_voids_the_written_votes_after_council11(org: Org) -> None:
    """§ 13 nr. 2: "Hvis det imidlertid er uenighet ... skal rådet alltid behandle saken i samlet
    møte" (council11): a written vote that disagrees with another voids the written votes and
    the written day, as a demand for a meeting does, and the leader convenes only a meeting
    anew; cases opened before council11 (and discipline's, which do not set it) keep the votes."""
    from datetime import date as day

    from states.council import check_demand_stands

    c = _sitting_council(org)
    s = Sitting(procedure="written", meeting_on=day(2027, 3, 4))
    s = sign(c, cast(s, Vote(member_id="leader-oslo", choice="a1"), True), "leader-oslo")
    same = cast(s, Vote(member_id="rep-1", choice="a1"), True)
    assert (same.procedure, len(same.votes)) == ("written", 2)  # agreement stays in writing
    split = cast(s, Vote(member_id="rep-1", choice="a2"), True)
    assert (split.procedure, split.votes, split.signatures, split.meeting_on) == (
        "meeting", [], [], None
    )  # fmt: skip
    assert split.disagreed_in_writing and split.meeting_demanded_by == []
    check_demand_stands(split, "meeting")
    with pytest.raises(RuleViolation) as refused:
        check_demand_stands(split, "written")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 13 nr. 2", "payload.procedure")
    before = cast(s, Vote(member_id="rep-1", choice="a2"))
    assert before.procedure == "meeting" and len(before.votes) == 2
    assert before.meeting_on == day(2027, 3, 4)


def test_the_hiring_central_council_meets_on_a_disagreement_in_writing() -> None:
    """§ 13 nr. 2 with nr. 5-6: "Hvis det imidlertid er uenighet ... skal rådet alltid behandle
    saken i samlet møte" holds for the central council as for every council: in a case opened
    after council11 a written vote for another applicant voids the written votes and day, so
    nothing is decided on the written day without a meeting (the final review of issue 13)."""
    from datetime import date as day

    from states.central_council import CentralFile, central_voted
    from states.hiring import CandidateVote

    written = Sitting(procedure="written", meeting_on=day(2027, 3, 4),
                      votes=[Vote(member_id="kdi-dir", choice="a1")])  # fmt: skip
    case = CentralFile.model_construct(sitting=written, council11=True)
    split = central_voted(case, "rep-c1", CandidateVote(applicant_id="a2", reasons="Best"))
    assert (split.procedure, split.votes, split.meeting_on) == ("meeting", [], None)
    assert split.disagreed_in_writing
    before = central_voted(CentralFile.model_construct(sitting=written, council11=False),
                           "rep-c1", CandidateVote(applicant_id="a2", reasons="Best"))  # fmt: skip
    assert len(before.votes) == 2 and before.meeting_on == day(2027, 3, 4)
