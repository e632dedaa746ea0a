"""Council composition and seats: PR-2012 § 11 (and § 13 nr. 3 through `tally`)."""

from __future__ import annotations

import pytest

from intake.org_file import read_org
from states.council import (
    Vote,
    central_for_case,
    check_composition,
    composition_problems,
    for_case,
    seat_of,
    tally,
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
