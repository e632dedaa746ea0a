"""Leave rules without Temporal: PR-2012 § 22 and § 23 nr. 1–3, and the machine's rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from states.authority import Matter
from states.calendar import working_days_in
from states.leave import (
    LEAVE,
    LeaveFile,
    LeaveRequest,
    check_request,
    check_welfare_days,
    period_kind,
)
from states.machine import CaseMachine
from states.org import Person, WorkPattern
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


DAY_WORKER = Person(person_id="emp-1", name="D", email="d@x.no", unit_id="oslo-prison")
# A 4-on/4-off rota whose cycle starts Saturday 20 March 2027.
SHIFT_WORKER = DAY_WORKER.model_copy(
    update={"work_pattern": WorkPattern(rota="11110000", anchor=date(2027, 3, 20))}
)


def welfare_days(person: Person, start: date, end: date, *, paid: bool = True,
                 used: dict[int, int] | None = None) -> RuleViolation | None:  # fmt: skip
    r = req(kind="welfare", paid=paid, start=start, end=end)
    try:
        check_welfare_days(r, start, end, person, used or {}, "payload.outcome")
    except RuleViolation as exc:
        return exc
    return None


def test_welfare_days_are_the_employees_own_working_days() -> None:
    """§ 22: "Velferdspermisjoner kan gis i samsvar med hovedtariffavtalens fellesbestemmelser":
    with pay up to 12 working days a calendar year (design choice), and a working day is the
    employee's own (issue 13). Easter 2027: Skjærtorsdag Thu 25 March, Langfredag Fri 26 March,
    2. påskedag Mon 29 March."""
    # A day worker, 22 March–2 April: Mon–Wed 22–24, Tue–Fri 30 March–2 April; not the
    # holidays 25, 26 and 29 March, not the weekend.
    assert working_days_in(date(2027, 3, 22), date(2027, 4, 2), DAY_WORKER.works_on) == 7
    # The shift worker works 20–23 and 28–31 March, Sunday 28 and 2. påskedag 29 included.
    worked = [d for d in (date(2027, 3, 20) + timedelta(days=i) for i in range(14))
              if SHIFT_WORKER.works_on(d)]  # fmt: skip
    assert worked == [date(2027, 3, n) for n in (20, 21, 22, 23, 28, 29, 30, 31)]
    assert working_days_in(date(2027, 3, 22), date(2027, 4, 2), SHIFT_WORKER.works_on) == 6
    # 16 March–9 April: sixteen Monday–Friday working days, twelve rota days.
    start, end = date(2027, 3, 16), date(2027, 4, 9)
    over = welfare_days(DAY_WORKER, start, end)
    assert over is not None and over.rule == "PR-2012 § 22" and "16 working days" in over.message
    assert welfare_days(SHIFT_WORKER, start, end) is None
    # The days other cases granted in the year count with them.
    more = welfare_days(SHIFT_WORKER, date(2027, 4, 5), date(2027, 4, 5), used={2027: 12})
    assert more is not None and more.field == "payload.outcome"
    assert welfare_days(SHIFT_WORKER, date(2027, 4, 1), date(2027, 4, 4), used={2027: 12}) is None


def test_unpaid_welfare_leave_is_not_refused() -> None:
    """§ 22 gives welfare leave "i samsvar med hovedtariffavtalens fellesbestemmelser" and does
    not limit it to leave with pay: unpaid welfare leave is a request like any other, and its
    days are not counted against the twelve with pay (issue 13)."""
    unpaid = req(kind="welfare", paid=False, start=date(2027, 3, 1), end=date(2027, 4, 30))
    check_request(unpaid)
    assert welfare_days(DAY_WORKER, unpaid.start, unpaid.end, paid=False) is None
    assert period_kind(unpaid) == "welfare_unpaid"
    assert period_kind(req(kind="welfare", paid=True)) == "welfare"


def test_unpaid_welfare_leave_over_six_months_goes_to_the_council() -> None:
    """§ 23 nr. 4: "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
    måneder" — welfare leave too: calling a long unpaid leave "welfare" does not take it from
    the council; up to six months, or with pay, it stays with § 22's body."""

    def matter(r: LeaveRequest) -> Matter:
        return LeaveFile(request=r, today=r.start, requested_end=r.end).matter

    long = req(kind="welfare", paid=False, start=date(2027, 1, 1), end=date(2028, 6, 30))
    assert matter(long) == Matter.leave_unpaid_long
    six = req(kind="welfare", paid=False, start=date(2027, 1, 1), end=date(2027, 6, 30))
    assert matter(six) == Matter.leave_welfare
    assert matter(req(kind="welfare", paid=True, end=date(2027, 1, 8))) == Matter.leave_welfare


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
