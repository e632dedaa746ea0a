"""Leave rules without Temporal: PR-2012 § 22 and § 23 nr. 1–3, and the machine's rows."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from states.leave import LEAVE, LeaveRequest, check_request
from states.machine import CaseMachine
from states.rules import RuleViolation


def req(**kw: object) -> LeaveRequest:
    base: dict[str, object] = {
        "employee_id": "emp-1",
        "kind": "other_state_post",
        "start": date(2027, 1, 1),
        "end": date(2027, 6, 30),
        "paid": False,
    }
    return LeaveRequest.model_validate(base | kw)


def refused(r: LeaveRequest) -> RuleViolation:
    with pytest.raises(RuleViolation) as e:
        check_request(r)
    return e.value


def test_another_state_post_one_year() -> None:
    """§ 23 nr. 2: "Tjenestefri for av andre grunner å overta annen statsstilling, kan gis i
    inntil ett år. Unntaksvis kan slik permisjon forlenges." """
    check_request(req(end=date(2027, 12, 31)))  # exactly one year
    e = refused(req(end=date(2028, 2, 29)))  # fourteen months
    assert e.rule == "PR-2012 § 23 nr. 2" and e.field == "payload.exception_reason"
    check_request(req(end=date(2028, 2, 29), exception_reason="Særskilt behov i departementet"))


def test_outside_the_state_needs_professional_relation() -> None:
    """§ 23 nr. 2: outside the state "såfremt arbeidet har faglig tilknytning"."""
    e = refused(req(kind="outside_state_post"))
    assert e.field == "payload.professionally_related"
    check_request(req(kind="outside_state_post", professionally_related=True))


def test_restructuring_three_years() -> None:
    """§ 23 nr. 2: "Ved omstilling ... for inntil tre år." """
    check_request(req(kind="restructuring_post", end=date(2029, 12, 31)))
    assert refused(req(kind="restructuring_post", end=date(2030, 1, 1))).rule == (
        "PR-2012 § 23 nr. 2"
    )


def test_welfare_leave_is_paid_and_at_most_twelve_working_days() -> None:
    """§ 22 with Hovedtariffavtalen (design choice: 12 working days per calendar year)."""
    assert refused(req(kind="welfare", paid=False)).field == "payload.paid"
    assert refused(req(kind="welfare", paid=True, end=date(2027, 1, 20))).rule == "PR-2012 § 22"
    check_request(req(kind="welfare", paid=True, end=date(2027, 1, 18)))  # 12 working days


def test_other_leave_names_its_basis() -> None:
    """§ 23 nr. 3: leave "etter hovedtariffavtalen, hovedavtalen og arbeidsmiljøloven"."""
    assert refused(req(kind="other")).field == "payload.legal_basis"
    check_request(req(kind="other", legal_basis="arbeidsmiljøloven § 12-11"))


def test_period_must_run_forward() -> None:
    with pytest.raises(ValidationError):
        req(end=date(2026, 12, 1))


def test_every_row_cites_a_rule_and_every_state_is_reachable() -> None:
    assert all(s.rule for s in LEAVE.steps)
    reachable = {LEAVE.initial} | {s.dest for s in LEAVE.steps if s.dest != "="}  # "=": stays
    assert reachable == set(LEAVE.states)
    assert LEAVE.final <= reachable


def test_wrong_state_names_the_rule() -> None:
    m = CaseMachine(LEAVE, case=None)
    with pytest.raises(RuleViolation) as e:
        m.check("report_return")
    assert e.value.rule == "PR-2012 § 23 nr. 4" and "requested" in e.value.message
