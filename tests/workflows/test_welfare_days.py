"""PR-2012 § 22 on the time-skipping server (issue 13): welfare days counted on the employee's
own working days from the register (a shift rota, not Monday–Friday), and unpaid welfare leave.
Dates are set around Easter of next year, whose weekdays are the same every year: Skjærtorsdag
a Thursday, Langfredag a Friday, 2. påskedag a Monday."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from sqlmodel import select
from temporalio.testing import WorkflowEnvironment

from activities.store import LeavePeriodRow, PersonRow, Store
from intake.org_file import read_org
from states.calendar import _HOLIDAYS, is_working_day, local_date
from states.rules import RuleViolation
from tests.conftest import EXAMPLES
from tests.helpers import Sender, decision, event, leave_request

ROTA = "11110000"  # four days on, four off


def easter_monday(year: int) -> date:
    return next(d for d, name in _HOLIDAYS.items() if d.year == year and name == "Easter Monday")


def add_person(register: Store, person_id: str, pattern: dict[str, object] | None) -> None:
    with register.session() as s:
        emp = s.exec(select(PersonRow).where(PersonRow.person_id == "emp-1")).one()
        row = {**emp.model_dump(), "person_id": person_id, "email": f"{person_id}@x.no"}
        s.add(PersonRow(**row | {"work_pattern": pattern}))


async def test_welfare_days_on_a_shift_rota_across_easter(
    env: WorkflowEnvironment, send: Sender, register: Store
) -> None:
    """§ 22 with Hovedtariffavtalen: with pay up to 12 working days a calendar year (design
    choice), the employee's own working days: a shift worker's rota counts the Sunday and the
    2. påskedag they work, and not the weekdays they are off."""
    # Next year's Easter, or the first after it whose window ends before 1 May (a holiday)
    year = local_date(await env.get_current_time()).year + 1
    while easter_monday(year) + timedelta(days=11) >= date(year, 5, 1):
        year += 1
    monday = easter_monday(year)
    anchor = monday - timedelta(days=9)  # the Saturday before Palme søndag: the rota starts
    add_person(register, "shift-22", {"rota": ROTA, "anchor": anchor.isoformat()})
    add_person(register, "day-22", None)
    start, end = anchor - timedelta(days=4), monday + timedelta(days=11)  # Tue .. Fri, 3½ weeks
    assert start.weekday() == 1 and end.weekday() == 4
    # The day worker: sixteen working days (Skjærtorsdag, Langfredag, 2. påskedag and the
    # weekends are not) — more than twelve.
    day_days = sum(is_working_day(start + timedelta(days=i)) for i in range((end - start).days + 1))
    assert day_days == 16
    await send.send(leave_request("W22-1", start, end, employee="day-22"))
    over = await send.refused(decision("W22-1"))
    assert over.rule == "PR-2012 § 22" and "16 working days" in over.message
    # The shift worker: twelve rota days in the same period (the Sunday before Easter and
    # 2. påskedag among them): granted.
    await send.send(leave_request("W22-2", start, end, employee="shift-22"))
    assert (await send.send(decision("W22-2")))["state"] == "scheduled"
    # One more rota day in the year is the thirteenth: refused, naming the rule.
    more = monday + timedelta(days=7)  # a rota working day (the cycle's 17th day)
    await send.send(leave_request("W22-3", more, more, employee="shift-22"))
    thirteenth = await send.refused(decision("W22-3"))
    assert thirteenth.rule == "PR-2012 § 22" and "12 working days" in thirteenth.message
    # Unpaid welfare leave is not refused, and is not counted against the twelve with pay.
    await send.send(leave_request("W22-4", more, more, employee="shift-22", paid=False))
    assert (await send.send(decision("W22-4")))["state"] == "scheduled"
    with register.session() as s:
        kinds = {r.workflow_id: r.kind for r in s.exec(select(LeavePeriodRow)).all()}
    assert kinds["leave-W22-2"] == "welfare" and kinds["leave-W22-4"] == "welfare_unpaid"
    # The granted period stands in the register for the next case's count, on the rota.
    view = await send.view("W22-2")
    assert view.details["granted"] == [start.isoformat(), end.isoformat()]


def test_org_load_keeps_each_employees_work_pattern(store: Store, tmp_path: Path) -> None:
    """§ 22 (issue 13): the register holds each employee's working days, loaded by
    `personalsak org load` (migration 0014_hire13); a rota without its start day is refused
    with the field named, and nothing is loaded."""
    org = yaml.safe_load((EXAMPLES / "org.yaml").read_text(encoding="utf-8"))
    rota = {"rota": "11110000", "anchor": "2027-03-20"}
    org["people"][0]["work_pattern"] = rota
    good = tmp_path / "org.yaml"
    good.write_text(yaml.safe_dump(org), encoding="utf-8")
    store.load_org(read_org(good))
    person = store.person(org["people"][0]["person_id"])
    assert person is not None and person.work_pattern is not None
    assert person.works_on(date(2027, 3, 29)) and not person.works_on(date(2027, 3, 24))
    org["people"][0]["work_pattern"] = {"rota": "1110"}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(org), encoding="utf-8")
    with pytest.raises(RuleViolation) as refused:
        read_org(bad)
    assert "work_pattern" in refused.value.field and "anchor" in refused.value.message


async def test_a_grant_counts_on_the_pattern_it_was_granted_on(
    env: WorkflowEnvironment, send: Sender, register: Store
) -> None:
    """§ 22 with Hovedtariffavtalen (issue 13): welfare days are the employee's working days
    when the leave is granted. A day worker granted two weeks (ten working days) who moves to a
    shift rota later in the same calendar year has used ten, not the eight rota days those two
    weeks would hold on the new pattern: three more rota days make thirteen, refused naming the
    rule (the register keeps each grant's pattern, migration 0015_hire14)."""
    year = local_date(await env.get_current_time()).year + 1
    first = date(year, 9, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)  # no holidays in September
    add_person(register, "change-22", None)  # a day worker
    end = monday + timedelta(days=11)  # Friday of the next week: ten working days
    await send.send(leave_request("W22-5", monday, end, employee="change-22"))
    assert (await send.send(decision("W22-5")))["state"] == "scheduled"
    # From the Monday after, a rota that, laid over those two weeks, would hold eight days.
    rota = {"rota": ROTA, "anchor": monday.isoformat()}
    with register.session() as s:
        row = s.get(PersonRow, "change-22")
        assert row is not None
        row.work_pattern = rota
        s.add(row)
    more = monday + timedelta(days=16)  # cycle days 16–18: working days of the rota
    await send.send(leave_request("W22-6", more, more + timedelta(days=2), employee="change-22"))
    thirteenth = await send.refused(decision("W22-6"))
    assert thirteenth.rule == "PR-2012 § 22" and "12 working days" in thirteenth.message
    assert "10" in thirteenth.message  # the ten already granted, counted as granted


async def test_an_extension_is_counted_on_its_own_across_cases(
    env: WorkflowEnvironment, send: Sender, register: Store
) -> None:
    """§ 22 with Hovedtariffavtalen (council10): welfare days per calendar year across cases,
    each granted segment counted on the working days that held when it was granted. A day
    worker granted Monday–Friday (five days) who moves to a four-on-four-off rota: an extension
    is its own segment on the rota, the five days stay five (not the one rota day that week
    would hold). The register keeps the days as granted (migration 0018_council10), so the next
    case counts the extension's rota days, not the period on the first grant's pattern."""
    year = local_date(await env.get_current_time()).year + 1
    first = date(year, 9, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7) + timedelta(days=14)
    add_person(register, "seg-22", None)  # a day worker
    friday = monday + timedelta(days=4)
    await send.send(leave_request("W22-7", monday, friday, employee="seg-22"))
    assert (await send.send(decision("W22-7")))["state"] == "scheduled"
    rota = {"rota": ROTA, "anchor": (monday + timedelta(days=5)).isoformat()}  # from Saturday
    with register.session() as s:
        row = s.get(PersonRow, "seg-22")
        assert row is not None
        row.work_pattern = rota
        s.add(row)
    ext = {"reason": "Fortsatt behov"}

    def extend(to: date) -> dict[str, object]:
        return event("LeaveExtensionRequested", "W22-7", ext | {"new_end": to.isoformat()},
                     "seg-22", "employee")  # fmt: skip

    # Eight more rota days (Sat–Tue twice) make thirteen with the five granted: refused.
    over = await send.refused(extend(monday + timedelta(days=16)))
    assert (over.rule, over.field) == ("PR-2012 § 22", "payload.new_end")
    assert "5 working days" in over.message
    # To the Friday after: the rota's Saturday–Tuesday, four days, make nine: granted.
    await send.send(extend(monday + timedelta(days=11)))
    assert (await send.send(decision("W22-7")))["state"] == "scheduled"
    with register.session() as s:
        stored = s.get(LeavePeriodRow, "leave-W22-7")
        assert stored is not None and stored.working_days is not None
        assert len(stored.working_days) == 9
    # The next case: four rota days more are thirteen, refused naming the nine granted.
    nxt = monday + timedelta(days=13)
    await send.send(leave_request("W22-8", nxt, nxt + timedelta(days=3), employee="seg-22"))
    thirteenth = await send.refused(decision("W22-8"))
    assert thirteenth.rule == "PR-2012 § 22" and "9 working days" in thirteenth.message
