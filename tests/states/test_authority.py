"""Who decides leave: PR-2012 § 22 and § 23 nr. 4, as a table, with fullmakt as data."""

from __future__ import annotations

from datetime import date

import pytest

from intake.org_file import read_org
from states.authority import AUTHORITY, Body, Matter, Subject, authorise, council_for, subject_of
from states.org import Delegation, Org
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
