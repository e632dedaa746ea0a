"""Who decides leave: PR-2012 § 22 and § 23 nr. 4, as a table, with fullmakt as data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intake.org_file import read_org
from states.authority import (
    AUTHORITY,
    Body,
    Grants,
    Matter,
    Subject,
    authorise,
    council_for,
    grants_of,
    subject_of,
    verify_claim,
)
from states.org import Delegation, Designation, DesignationKind, Org, Role
from states.rules import RuleViolation
from tests.conftest import EXAMPLES

ON = date(2027, 3, 1)


@pytest.fixture(scope="module")
def org() -> Org:
    return read_org(EXAMPLES / "org.yaml")


def person(org: Org, pid: str):  # type: ignore[no-untyped-def]
    found = org.person(pid)
    assert found is not None
    return found


def test_table_is_complete() -> None:
    """Every matter has a body for every kind of subject: no gap falls to an if-chain."""
    assert {(m, s) for m in Matter for s in Subject} == set(AUTHORITY)


def test_regional_director_decides_staff_leave(org: Org) -> None:
    """§ 22: "Regiondirektøren, eller den regiondirektøren gir fullmakt, avgjør søknader om
    velferdspermisjon." """
    d = authorise("rd-east", Matter.leave_welfare, person(org, "emp-1"), org, ON)
    assert d.body == Body.regional_director and d.on_behalf_of is None and d.rule == "PR-2012 § 22"


def test_fullmakt_records_on_whose_behalf(org: Org) -> None:
    d = authorise("hr-east", Matter.leave_paid, person(org, "emp-1"), org, ON)
    assert d.on_behalf_of == "rd-east" and d.rule == "PR-2012 § 23 nr. 4"


def test_expired_or_narrow_fullmakt_does_not_count(org: Org) -> None:
    narrow = org.model_copy(
        update={
            "delegations": [
                Delegation(
                    from_person_id="rd-east",
                    to_person_id="hr-east",
                    matters=["leave.welfare"],
                    valid_from=date(2024, 1, 1),
                ),
                Delegation(
                    from_person_id="rd-east",
                    to_person_id="ad-east",
                    matters=["leave"],
                    valid_from=date(2024, 1, 1),
                    valid_to=date(2025, 1, 1),
                ),
            ]
        }
    )
    emp = person(narrow, "emp-1")
    assert authorise("hr-east", Matter.leave_welfare, emp, narrow, ON).on_behalf_of == "rd-east"
    with pytest.raises(RuleViolation) as e:
        authorise("hr-east", Matter.leave_paid, emp, narrow, ON)
    assert e.value.rule == "PR-2012 § 23 nr. 4"
    with pytest.raises(RuleViolation):
        authorise("ad-east", Matter.leave_welfare, emp, narrow, ON)


def test_unpaid_over_six_months_is_the_councils(org: Org) -> None:
    """§ 23 nr. 4: "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
    måneder." Not delegable: the regional director's fullmakt does not reach it."""
    emp = person(org, "emp-1")
    d = authorise("leader-oslo", Matter.leave_unpaid_long, emp, org, ON)
    assert d.body == Body.appointment_council and d.on_behalf_of == "council-oslo-prison"
    for actor in ("rd-east", "hr-east"):
        with pytest.raises(RuleViolation) as e:
            authorise(actor, Matter.leave_unpaid_long, emp, org, ON)
        assert "tilsettingsrådet" in e.value.message


def test_council_by_post(org: Org) -> None:
    """§ 10 nr. 2: unit leaders belong to the regional leaders' council."""
    assert council_for(person(org, "emp-1"), org).council_id == "council-oslo-prison"  # type: ignore[union-attr]
    assert council_for(person(org, "leader-oslo"), org).council_id == "council-east-leaders"  # type: ignore[union-attr]


def test_directors_go_to_the_department(org: Org) -> None:
    """§ 22 and § 23 nr. 4: the Justice Department decides for the directors."""
    assert subject_of(person(org, "rd-east"), org) == Subject.director
    assert subject_of(person(org, "krus-dir"), org) == Subject.director
    for matter in (m for m in Matter if m.value.startswith("leave")):
        d = authorise("jd-1", matter, person(org, "krus-dir"), org, ON)
        assert d.body == Body.justice_department


def test_krus_staff_by_the_krus_director(org: Org) -> None:
    """§ 22 third sentence: the KRUS director has the same authority for KRUS staff."""
    emp = person(org, "krus-emp")
    assert authorise("krus-dir", Matter.leave_paid, emp, org, ON).body == Body.krus_director
    with pytest.raises(RuleViolation):
        authorise("rd-east", Matter.leave_paid, emp, org, ON)


def test_nobody_decides_their_own_case(org: Org) -> None:
    with pytest.raises(RuleViolation) as e:
        authorise("hr-east", Matter.leave_welfare, person(org, "hr-east"), org, ON)
    assert e.value.rule == "fvl § 6"


# -- Grants: what the register holds for a person on a date (issue 11) -------------------------


def _dated(org: Org, **role: object) -> Org:
    """The example org with hr-east's HR role given `role`'s fields (a period, a scope)."""
    roles = [
        r.model_copy(update=role) if (r.person_id, r.role) == ("hr-east", "hr_officer") else r
        for r in org.roles
    ]
    return org.model_copy(update={"roles": roles})


def test_claim_the_register_holds_is_accepted(org: Org) -> None:
    """PR-2012 § 10 nr. 1: "Justisdepartementet tilsetter regiondirektør ...": jd-1 holds the
    Department's role in the register, so the claim stands."""
    verify_claim(grants_of(org, "jd-1", ON), "justice_department")
    verify_claim(grants_of(org, "emp-1", ON), "employee")
    verify_claim(grants_of(org, "emp-1", ON), None)  # no claim: nothing to verify


def test_forged_department_claim_is_refused(org: Org) -> None:
    """PR-2012 § 10 nr. 1: an employee who writes "justice_department" is not the Department."""
    with pytest.raises(RuleViolation) as refused:
        verify_claim(grants_of(org, "emp-1", ON), "justice_department")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 10 nr. 1", "actor.role")


def test_a_role_that_ended_yesterday_is_refused(org: Org) -> None:
    """A role counts only in its period: hr-east's HR role ended the day before the event."""
    ended = _dated(org, valid_to=ON - timedelta(days=1))
    assert grants_of(ended, "hr-east", ON - timedelta(days=1)).holds(Role.hr_officer)
    with pytest.raises(RuleViolation) as refused:
        verify_claim(grants_of(ended, "hr-east", ON), "hr_officer")
    assert (refused.value.rule, refused.value.field) == ("PR-2012 § 4 nr. 1", "actor.role")
    starts = _dated(org, valid_from=ON + timedelta(days=1))
    assert not grants_of(starts, "hr-east", ON).holds(Role.hr_officer)


def test_hr_serves_its_units_and_regions_only(org: Org) -> None:
    """The units an HR officer serves: the example's hr-east serves region øst, which covers
    Oslo fengsel; KRUS is not theirs. Without `serves`, their own unit only."""
    grants = grants_of(org, "hr-east", ON)
    assert grants.serves("oslo-prison") and grants.serves("r-east-adm")
    assert not grants.serves("krus")
    own = grants_of(_dated(org, serves=[]), "hr-east", ON)
    assert own.serves("r-east-adm") and not own.serves("oslo-prison")


def test_designations_are_kinds_apart(org: Org) -> None:
    """PR-2012 § 9 nr. 3 ("utpekt av organisasjonene sentralt") and § 5 nr. 4/6 (the unions'
    tillitsvalgte) are different designations; a council seat (§ 12) is neither."""
    central = grants_of(org, "rep-c1", ON)
    assert central.designated(DesignationKind.central_representative)
    assert not central.designated(DesignationKind.union_representative)
    union = grants_of(org, "emp-2", ON)
    assert union.designated(DesignationKind.union_representative, "oslo-prison")
    assert not union.designated(DesignationKind.union_representative, "krus")
    seat_only = grants_of(org, "rep-1", ON)
    assert "council-oslo-prison" in seat_only.seats and not seat_only.designations


def test_designation_outside_its_period_does_not_count(org: Org) -> None:
    expired = org.model_copy(
        update={
            "designations": [
                Designation(
                    person_id="rep-c1",
                    kind=DesignationKind.central_representative,
                    organisation="x",
                    valid_from=date(2024, 1, 1),
                    valid_to=ON - timedelta(days=1),
                )
            ]
        }
    )
    assert not grants_of(expired, "rep-c1", ON).designated(DesignationKind.central_representative)


def test_delegation_outside_its_period_does_not_count(org: Org) -> None:
    """PR-2012 § 23 nr. 4: fullmakt from the regional director counts only in its period."""
    late = org.model_copy(
        update={
            "delegations": [
                Delegation(
                    from_person_id="rd-east",
                    to_person_id="hr-east",
                    matters=["leave"],
                    valid_from=ON + timedelta(days=1),
                )
            ]
        }
    )
    with pytest.raises(RuleViolation) as refused:
        authorise("hr-east", Matter.leave_paid, person(late, "emp-1"), late, ON)
    assert refused.value.rule == "PR-2012 § 23 nr. 4"


def test_legacy_grants_replay_the_old_claim() -> None:
    """Commands recorded before issue 11 carry no grants; their claim answers as it did then."""
    old = Grants.from_claim("x", "hr_officer")
    assert old.legacy and old.serves("anywhere") and old.holds(Role.hr_officer)
    assert not Grants.from_claim("x", "employee").serves("anywhere")


def test_a_director_whose_role_ended_decides_nothing(org: Org) -> None:
    """§ 22: "Regiondirektøren ... avgjør": the regional director on the day of the decision. A
    director whose role ended the day before no longer decides, nor does their fullmakt carry."""
    ended = org.model_copy(
        update={
            "roles": [
                r.model_copy(update={"valid_to": ON - timedelta(days=1)})
                if r.person_id == "rd-east"
                else r
                for r in org.roles
            ]
        }
    )
    assert authorise(
        "rd-east", Matter.leave_welfare, person(org, "emp-1"), ended, ON - timedelta(1)
    )
    for actor in ("rd-east", "hr-east"):
        with pytest.raises(RuleViolation) as refused:
            authorise(actor, Matter.leave_welfare, person(org, "emp-1"), ended, ON)
        assert (refused.value.rule, refused.value.field) == ("PR-2012 § 22", "actor.person_id")


def _joint(org: Org) -> Org:
    """The register with Oslo prison and Oslo probation office under one joint council
    (PR-2012 § 11 nr. 3), in place of the prison's own."""
    from states.org import Council, CouncilKind, CouncilMember, Seat

    joint = Council(
        council_id="council-oslo-joint", kind=CouncilKind.joint_local, name="Felles råd Oslo",
        unit_ids=["oslo-prison", "oslo-probation"],
        members=[
            CouncilMember(person_id="leader-oslo", represents=Seat.unit_leader,
                          unit_id="oslo-prison"),
            CouncilMember(person_id="leader-prob", represents=Seat.unit_leader,
                          unit_id="oslo-probation"),
            CouncilMember(person_id="adm-oslo", represents=Seat.administration,
                          unit_id="oslo-prison"),
            CouncilMember(person_id="rep-1", represents=Seat.employees),
            CouncilMember(person_id="rep-2", represents=Seat.employees),
            *(CouncilMember(person_id=f"{p}-dep", seat="deputy", deputy_for=p)
              for p in ("adm-oslo", "rep-1", "rep-2")),
        ],
    )  # fmt: skip
    councils = [c for c in org.councils if c.council_id != "council-oslo-prison"]
    return org.model_copy(update={"councils": [*councils, joint]})


@pytest.mark.parametrize("matter", [Matter.leave_unpaid_long, Matter.secondary_work])
def test_joint_council_decides_through_its_leader_for_the_case(org: Org, matter: Matter) -> None:
    """PR-2012 § 11 nr. 3 with § 23 nr. 4 and § 24 (council10): in a joint council "rådets leder
    er leder for den enheten saken kommer fra": the authority table and the council as it sits
    for the case (states/council.py `for_case`) name the same leader, so a joint council can
    decide unpaid leave over six months and consent to secondary work; the other unit's leader
    cannot enter the decision."""
    from states.council import for_case
    from states.employment import SecondaryWorkFile, SecondaryWorkNotice, _consenting_council
    from states.leave import LEAVE_COUNCIL, LeaveFile, LeaveKind, LeaveRequest

    joint = _joint(org)
    emp = person(joint, "emp-1")
    d = authorise("leader-oslo", matter, emp, joint, ON)
    assert (d.body, d.on_behalf_of) == (Body.appointment_council, "council-oslo-joint")
    with pytest.raises(RuleViolation) as refused:
        authorise("leader-prob", matter, emp, joint, ON)
    assert refused.value.field == "actor.person_id"
    council = council_for(emp, joint, ON)
    assert council is not None and for_case(council, emp.unit_id, "avd-oslo").leader == d.person_id
    if matter == Matter.secondary_work:
        notice = SecondaryWorkNotice(employee_id="emp-1", kind="public_post", description="x",
                                     affects_service=False)  # fmt: skip
        sits = _consenting_council(SecondaryWorkFile(request=notice, person=emp, org=joint,
                                                     today=ON))  # fmt: skip
    else:
        request = LeaveRequest(employee_id="emp-1", kind=LeaveKind.other, start=date(2027, 4, 1),
                               end=date(2028, 4, 1), paid=False)  # fmt: skip
        sits = LEAVE_COUNCIL.council_of(LeaveFile(request=request, person=emp, org=joint,
                                                  today=ON, requested_end=request.end))  # fmt: skip
    assert sits is not None and sits.leader == d.person_id == "leader-oslo"
