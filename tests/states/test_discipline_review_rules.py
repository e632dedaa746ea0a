"""Pure rules of the discipline review (issue 12): receipt (fvl §§ 28, 29, 31) and lateness
while reasons are pending (fvl § 24)."""

from __future__ import annotations

from datetime import date

import pytest

from states.discipline import (
    DisciplineFile,
    DisciplineOpening,
    Receipt,
    ReceiptSource,
    check_not_appeal_decided,
    check_receipt,
)
from states.org import Org, Person
from states.rules import RuleViolation

EMP = Person(person_id="e", name="E", email="e@x", unit_id="u")


def decided(today: date, **kw: object) -> DisciplineFile:
    f = DisciplineFile(
        request=DisciplineOpening(employee_id="e", summary="x"),
        person=EMP,
        org=Org(),
        today=today,
        decided_on=date(2043, 3, 20),
        **kw,
    )
    f.open_window(date(2043, 3, 25), "presumed")
    return f


def refusal(f: DisciplineFile, on: date, source: ReceiptSource) -> RuleViolation:
    with pytest.raises(RuleViolation) as exc:
        check_receipt(f, Receipt(received_on=on, source=source))
    return exc.value


def test_receipt_between_the_decision_and_today_recorded_once() -> None:
    """fvl § 29: "fra det tidspunkt underretning om vedtaket er kommet fram"."""
    f = decided(date(2043, 3, 24))
    check_receipt(f, Receipt(received_on=date(2043, 3, 23)))  # a party's own: accepted
    assert refusal(f, date(2043, 3, 19), ReceiptSource.party).field == "payload.received_on"
    assert refusal(f, date(2043, 3, 25), ReceiptSource.party).field == "payload.received_on"
    f.received_on, f.received_source = date(2043, 3, 23), ReceiptSource.party
    assert refusal(f, date(2043, 3, 23), ReceiptSource.party).field == "payload.source"
    check_receipt(f, Receipt(received_on=date(2043, 3, 24), source=ReceiptSource.delivery_receipt))
    f.received_source = ReceiptSource.digital_delivery
    no = refusal(f, date(2043, 3, 24), ReceiptSource.delivery_receipt)
    assert no.rule == "fvl § 29" and no.field == "payload.source"


def test_no_receipt_after_a_decided_appeal_or_a_year_on() -> None:
    """fvl § 28 third paragraph; fvl § 31 "ett år siden vedtaket ble truffet"."""
    f = decided(date(2043, 4, 2), appeal_decided=True)
    assert refusal(f, date(2043, 3, 24), ReceiptSource.party).rule == "fvl § 28 tredje ledd"
    with pytest.raises(RuleViolation, match="cannot be appealed"):
        check_not_appeal_decided(f)
    check_receipt(decided(date(2044, 3, 20)), Receipt(received_on=date(2043, 3, 24)))
    late = refusal(decided(date(2044, 3, 21)), date(2043, 3, 24), ReceiptSource.party)
    assert late.rule == "fvl § 31"


def test_no_lateness_while_reasons_are_pending() -> None:
    """fvl § 24 with § 29: the new window runs from the reasons, so nothing is late before."""
    f = decided(date(2043, 5, 1))
    assert f.late(date(2043, 4, 16))
    f.reasons_pending = True
    assert not f.late(date(2043, 4, 16))


def test_the_suspension_stays_appealable_after_a_dismissal_decision() -> None:
    """PR-2012 § 20 nr. 2: "En tjenestemann kan påklage vedtak om ... suspensjon". A decision of
    oppsigelse or avskjed ends the suspension's six-month limit (tjenestemannsloven § 16 nr. 2),
    not the suspension: its appeal stays open, and nothing is left to extend; once it lapses or
    is lifted, there is nothing to appeal."""
    from states.discipline import Appeal
    from states.machine import Actor
    from states.suspension import lift, may_appeal_suspension, may_extend

    f = decided(date(2043, 4, 1), suspended_on=date(2043, 3, 1))
    f.suspension_lapses = None  # the dismissal decision (workflows/discipline.py)
    data = {"payload": Appeal(grounds="Uforholdsmessig", posted_on=date(2043, 4, 1)),
            "actor": Actor(person_id="e", role="employee")}  # fmt: skip
    may_appeal_suspension(f, data)  # no refusal
    with pytest.raises(RuleViolation, match="no time limit"):
        may_extend(f, data)
    lift(f)
    with pytest.raises(RuleViolation, match="no suspension is in force"):
        may_appeal_suspension(f, data)


def test_an_appeals_receipt_date_counts_before_lateness_and_the_guard_changes_nothing() -> None:
    """fvl § 29: three weeks "fra det tidspunkt underretning om vedtaket er kommet fram"; § 30:
    posted within them is in time. The guard reads lateness on a copy; the effect records it."""
    from states.discipline import Appeal, _appeal_dates, appeal_receipt

    f = decided(date(2043, 4, 30))
    appeal = Appeal(grounds="sent", posted_on=date(2043, 4, 20), received_on=date(2043, 4, 1))
    assert f.late(appeal.posted_on)  # by the presumed receipt alone: late
    _appeal_dates(f, {"payload": appeal})
    assert f.received_on is None and f.late(appeal.posted_on)  # the guard changed nothing
    appeal_receipt(f, appeal)
    assert f.received_on == date(2043, 4, 1) and not f.late(appeal.posted_on)
    future = appeal.model_copy(update={"received_on": date(2043, 5, 1)})
    with pytest.raises(RuleViolation) as exc:
        _appeal_dates(f, {"payload": future})
    assert exc.value.rule == "fvl § 29" and exc.value.field == "payload.received_on"
