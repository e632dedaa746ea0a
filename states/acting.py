"""Acting service (stedfortredertjeneste, fungering) of up to four weeks (PR-2012 § 10 nr. 1).

"Regiondirektør og direktørene for KRUS og KITT har fullmakt til å pålegge
stedfortredertjeneste (fungering) ved ferie og fravær av inntil fire ukers varighet grunnet
kurs, tjenestereiser og liknende." HR (or the director) registers the need; the director of
the employee's region, or of KRUS or KITT, imposes it; the order ends by itself on the day after
its last day (a durable timer).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pydantic import Field

from states.authority import Body, Grants, holders
from states.duties import Action, DutyFile, DutySpec, Letter, Opening, Payload, Timer
from states.machine import MachineSpec, Step
from states.org import Role, UnitKind
from states.rules import RuleViolation

PR_10_1 = "PR-2012 § 10 nr. 1"
MAX_DAYS = 28  # "inntil fire ukers varighet"
ORDERERS = {Role.hr_officer, Role.regional_director, Role.krus_director, Role.kitt_director}


class Absence(StrEnum):
    holiday = "holiday"  # ferie
    course = "course"  # kurs
    travel = "travel"  # tjenestereise
    similar = "similar"  # "og liknende": stated in `absence_details`


class ActingService(Opening):
    """`ActingServiceRegistered`: who acts, for whom (the absent post), why, from when to when."""

    # The absent holder of the post covered, by register id (council12: checked at the door)
    acting_for: str = Field(min_length=1, max_length=200)
    absence: Absence
    absence_details: str = Field(default="", max_length=2000)
    start: date
    end: date


def check_acting(grants: Grants, a: ActingService, unit_id: str | None) -> None:
    """§ 10 nr. 1: at most four weeks, for holiday or absence of that kind; registered by HR
    serving the unit or a director who may impose it."""
    # council11: the director of the employee's own unit (a leader role over it on the day),
    # not any director anywhere
    director = grants.holds_any(ORDERERS - {Role.hr_officer}) and grants.heads(unit_id)
    if not (grants.serves(unit_id) or director):
        raise RuleViolation(
            PR_10_1,
            "HR serving the employee's unit, or the director over it, registers acting service",
            "actor",
        )
    if a.end < a.start:
        raise RuleViolation(PR_10_1, "the acting service ends before it starts", "payload.end")
    if (a.end - a.start).days + 1 > MAX_DAYS:
        raise RuleViolation(
            PR_10_1,
            f"acting service may be imposed for up to four weeks ({MAX_DAYS} days); "
            f"this is {(a.end - a.start).days + 1}: a longer one is an appointment (§ 10 nr. 3)",
            "payload.end",
        )
    if a.absence == Absence.similar and not a.absence_details.strip():
        raise RuleViolation(
            PR_10_1, "state the absence (\"og liknende\": like courses or travel)",
            "payload.absence_details",
        )  # fmt: skip


def check_chain(a: ActingService, earlier: list[ActingService]) -> None:
    """§ 10 nr. 1 "inntil fire ukers varighet" (council11): an order adjoining or overlapping an
    earlier one for the same employee and post is one acting service; past four weeks in all it
    is no longer the director's to impose (an appointment, § 10 nr. 3). council12: whatever the
    absence: a holiday running on into a course is one continuous stand-in for the same post."""
    start, end = a.start, a.end
    same = [
        e for e in earlier if e.acting_for.strip().casefold() == a.acting_for.strip().casefold()
    ]
    grown = True
    while grown:  # until no order adjoins the chain: a chain of any length is one service
        grown = False
        for e in same:
            touches = e.start <= end + timedelta(days=1) and start <= e.end + timedelta(days=1)
            if touches and (e.start < start or e.end > end):
                start, end, grown = min(start, e.start), max(end, e.end), True
    if (end - start).days + 1 > MAX_DAYS:
        raise RuleViolation(
            PR_10_1,
            f"with the earlier order(s) for {a.acting_for} it adjoins, the acting service runs "
            f"{start}..{end}, {(end - start).days + 1} days: past four weeks it is an "
            "appointment (§ 10 nr. 3), not a chain of orders",
            "payload.start",
        )


def orderers(case: DutyFile) -> list[str]:
    """Who may impose it: the director of the employee's region, or of KRUS or KITT."""
    person = case.subject()
    unit = case.org.unit(person.unit_id)
    kind = unit.kind if unit else None
    body = {UnitKind.krus: Body.krus_director, UnitKind.kitt: Body.kitt_director}.get(
        kind,  # type: ignore[arg-type]
        Body.regional_director,
    )
    return holders(body, person, case.org, case.today)


def _orderer(case: DutyFile, data: dict[str, Any]) -> None:
    if data["actor"].person_id not in orderers(case):
        raise RuleViolation(
            PR_10_1,
            "the regional director (or the director of KRUS or KITT) imposes acting service",
            "actor.person_id",
        )


def _day_after_end(case: DutyFile) -> date:
    return case.request.end + timedelta(days=1)


class Order(Payload):
    reasons: str = Field(min_length=1, max_length=4000)


ACTING_SERVICE = DutySpec(
    case_type="acting_service",
    label="Stedfortredertjeneste (fungering)",
    machine=MachineSpec(
        name="acting_service",
        states=("opened", "registered", "ordered", "ended", "withdrawn"),
        initial="opened",
        final=frozenset({"ended", "withdrawn"}),
        steps=(
            Step("register", "opened", "registered", PR_10_1),
            Step("impose", "registered", "ordered", PR_10_1, (_orderer,)),
            Step("withdraw", "registered", "withdrawn", PR_10_1, (_orderer,)),
            Step("ends", "ordered", "ended", PR_10_1),
        ),
    ),
    opening_event="ActingServiceRegistered",
    opening=ActingService,
    check_opening=check_acting,
    actions={
        "impose": Action(
            "ActingServiceImposed", Order, Letter("acting_service_order", "Pålegg om fungering")
        ),
        "withdraw": Action("ActingServiceWithdrawn", Order),
    },
    timers=(Timer("ordered", "ends", _day_after_end),),
    waiting={"registered": "the director's order", "ordered": "the end of the acting service"},
)
