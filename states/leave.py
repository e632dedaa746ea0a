"""Leave cases: PR-2012 § 22 (welfare leave) and § 23 (leave for education, another post).

requested → awaiting_decision → granted / partly_granted / refused
→ scheduled → on_leave → return_due → returned; withdrawn before start;
an extension request goes back to awaiting_decision.

A leave decision is not an enkeltvedtak and is not appealed (legal-notes.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, Field, model_validator

from states.authority import (
    AuthorityRow,
    Body,
    Decider,
    Grants,
    Matter,
    authorise,
    council_for,
    decision_date,
    row_for,
)
from states.calendar import shift_months, working_days_by_year, working_days_in
from states.council import Collegial, SittingFile, for_case
from states.machine import Actor, MachineSpec, Step
from states.org import Council, Org, Person
from states.rules import DESIGN_WELFARE_YEAR, DESIGN_WITHDRAWAL, RuleViolation

WELFARE_DAYS_PER_YEAR = 12  # Hovedtariffavtalen; per calendar year (design choice)
PARTY = "fvl § 2 første ledd bokstav e"  # the party: the person the case concerns
RULE_22 = "PR-2012 § 22"
RULE_23_1 = "PR-2012 § 23 nr. 1"
RULE_23_2 = "PR-2012 § 23 nr. 2"
RULE_23_3 = "PR-2012 § 23 nr. 3"
RULE_23_4 = "PR-2012 § 23 nr. 4"


class LeaveKind(StrEnum):
    welfare = "welfare"  # velferdspermisjon, § 22
    education = "education"  # § 23 nr. 1
    other_state_post = "other_state_post"  # § 23 nr. 2 first and second sentence
    outside_state_post = "outside_state_post"  # § 23 nr. 2 third sentence
    restructuring_post = "restructuring_post"  # § 23 nr. 2 fourth sentence
    other = "other"  # § 23 nr. 3: by law or agreement


KIND_RULE = {
    LeaveKind.welfare: RULE_22,
    LeaveKind.education: RULE_23_1,
    LeaveKind.other_state_post: RULE_23_2,
    LeaveKind.outside_state_post: RULE_23_2,
    LeaveKind.restructuring_post: RULE_23_2,
    LeaveKind.other: RULE_23_3,
}


class LeaveRequest(BaseModel):
    """The `LeaveRequested` payload. `reason` is personal data: payloads only."""

    employee_id: str = Field(min_length=1)
    kind: LeaveKind
    start: date
    end: date  # the last day of leave
    paid: bool
    reason: str = ""
    exception_reason: str | None = None  # § 23 nr. 2: beyond one year, only as an exception
    professionally_related: bool | None = None  # § 23 nr. 2: a post outside the state
    legal_basis: str | None = None  # § 23 nr. 3: the law or agreement relied on

    @model_validator(mode="after")
    def _period(self) -> LeaveRequest:
        if self.end < self.start:
            raise ValueError("end: the last day of leave is before its first day")
        return self


class LeaveDecision(BaseModel):
    outcome: Literal["granted", "partly_granted", "refused"]
    reasons: str = ""
    service_reason: str | None = None  # § 23 nr. 1: why the service does not allow it
    granted_start: date | None = None  # partly_granted: the period granted
    granted_end: date | None = None


class ExtensionRequest(BaseModel):
    new_end: date
    reason: str = ""
    exception_reason: str | None = None


class ReturnReport(BaseModel):
    returned_on: date


class Withdrawal(BaseModel):
    reason: str = ""


TRIGGER_FOR_OUTCOME = {"granted": "grant", "partly_granted": "grant_partly", "refused": "refuse"}
# The deadlines that run in each state (what a duty spec's timers say by `shows`): the return
# to work while on leave and after it (§ 23: the employee reports back); the leave's start is
# what a scheduled case waits for, not a person's task. The work queue's due dates (issue 15).
RUNNING_DEADLINES = {
    "scheduled": ("leave_start",),
    "on_leave": ("return_to_work",),
    "return_due": ("return_to_work",),
}


def _exceeds(start: date, end: date, months: int) -> bool:
    """True when the period start..end (both days included) is longer than `months`."""
    return end >= shift_months(start, months)


def check_period(
    kind: LeaveKind,
    start: date,
    end: date,
    *,
    exception_reason: str | None,
    professionally_related: bool | None,
    extension: bool = False,
) -> None:
    """The duration limits of § 23 nr. 2, for a request or an extension. (§ 22's welfare days
    are counted on the employee's own working days, which only the register knows: at the
    decision and at an extension, `check_welfare_days`.)"""
    field = "payload.new_end" if extension else "payload.end"
    if kind == LeaveKind.outside_state_post and not professionally_related:
        raise RuleViolation(
            RULE_23_2,
            "leave to take a post outside the state requires that the work is professionally "
            "related to the work left (professionally_related must be true)",
            "payload.professionally_related",
        )
    post_change = kind in (LeaveKind.other_state_post, LeaveKind.outside_state_post)
    if post_change and _exceeds(start, end, 12) and not (exception_reason or "").strip():
        raise RuleViolation(
            RULE_23_2,
            "leave to take another post is given for at most one year; longer only as an "
            "exception with a stated reason (exception_reason)",
            "payload.exception_reason",
        )
    if kind == LeaveKind.restructuring_post and _exceeds(start, end, 36):
        raise RuleViolation(
            RULE_23_2,
            "in restructuring, leave to take another post in the service is given for at most "
            "three years",
            field,
        )


def check_request(request: LeaveRequest) -> None:
    """Every rule a request must meet before a case is opened (intake calls this too)."""
    if request.kind == LeaveKind.other and not (request.legal_basis or "").strip():
        raise RuleViolation(
            RULE_23_3,
            "other leave must name the law or agreement it rests on (legal_basis)",
            "payload.legal_basis",
        )
    check_period(
        request.kind,
        request.start,
        request.end,
        exception_reason=request.exception_reason,
        professionally_related=request.professionally_related,
    )


def period_kind(request: LeaveRequest) -> str:
    """The kind the register keeps a granted period under: unpaid welfare leave apart, so it
    is not counted against the 12 days with pay (§ 22, issue 13)."""
    if request.kind == LeaveKind.welfare and not request.paid:
        return "welfare_unpaid"
    return request.kind.value


def check_welfare_days(
    request: LeaveRequest,
    start: date,
    end: date,
    person: Person | None,
    used: dict[int, int],
    field: str,
) -> None:
    """§ 22 with Hovedtariffavtalen: welfare leave with pay up to 12 working days a calendar
    year (design choice), counted on the employee's own working days (the register's
    `work_pattern`: a shift worker's rota, not Monday–Friday), with the days other cases
    granted. Unpaid welfare leave is not counted against them (issue 13)."""
    if request.kind != LeaveKind.welfare or not request.paid:
        return
    works_on = person.works_on if person is not None else None
    for year, days in working_days_by_year(start, end, works_on).items():
        before = used.get(year, 0)
        if before + days > WELFARE_DAYS_PER_YEAR:
            already = f"{before} working days of welfare leave already granted in {year}; "
            raise RuleViolation(
                RULE_22,
                f"{already if before else ''}welfare leave of {days} working days "
                f"{'more ' if before else ''}in {year} (the employee's own working days) "
                f"exceeds {WELFARE_DAYS_PER_YEAR} ({DESIGN_WELFARE_YEAR})",
                field,
            )


def check_requester(grants: Grants | None, request: LeaveRequest, unit_id: str | None) -> None:
    """The employee applies, or an HR officer serving their unit (the register's `serves`)
    registers the application for them."""
    if grants is None or (grants.person_id != request.employee_id and not grants.serves(unit_id)):
        raise RuleViolation(
            PARTY,
            "only the employee, or an HR officer serving their unit, may do this",
            "actor.person_id",
        )


class LeaveFile(SittingFile):
    """What the leave machine's guards read: the request, the granted period, the org slice,
    and (§ 23 nr. 4, unpaid over six months) the council's sitting."""

    # What the decision reloads from the register before its check (workflows/leave.py
    # `decide`): the work queue's probe reads these fresh too (states/tasks.py, issue 15).
    QUEUE_FRESH: ClassVar[tuple[str, ...]] = ("org", "welfare_days_used")

    request: LeaveRequest
    person: Person | None = None  # filled from the register when the case opens
    org: Org = Field(default_factory=Org)
    today: date
    requested_end: date  # the end asked for now (moves with an extension request)
    granted_start: date | None = None
    granted_end: date | None = None
    extension_pending: bool = False
    extension_exception_reason: str | None = None
    welfare_days_used: dict[int, int] = Field(default_factory=dict)  # other cases, by year
    # § 13 nr. 4: the voter signs for the seat (disc8, workflow.patched "disc8-voter-signs").
    voter_signs: bool = False
    # fvl § 6 første ledd a (council9, workflow.patched "council9-leave-party", set when the case
    # opens): the employee is the party, refused every council step in their own leave (§ 23
    # nr. 4); cases recorded before replay without the check.
    party_known: bool = False
    # council9 (the same patch): a demanded meeting stands (§ 13 nr. 2), the per-case seat is the
    # register's nearest superior (§ 11 nr. 3).
    council9: bool = False
    # § 22 (council10, set when the case opens): the working days of paid welfare leave this
    # case granted, each segment (the first grant, every extension) on the working days that
    # held when it was granted; kept with the grant in the register (migration 0018_council10)
    welfare_dates: list[date] = Field(default_factory=list)

    @property
    def matter(self) -> Matter:
        req = self.request
        long = not req.paid and _exceeds(req.start, self.requested_end, 6)
        if req.kind == LeaveKind.welfare and not long:
            return Matter.leave_welfare
        if req.paid:
            return Matter.leave_paid
        # § 23 nr. 4 "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
        # måneder": unpaid welfare leave of that length too (§ 22 names no other body for it).
        return Matter.leave_unpaid_long if long else Matter.leave_unpaid_short

    def _subject(self) -> Person:
        if self.person is None:
            raise RuleViolation(RULE_23_4, "the case is still being opened; try again")
        return self.person

    def subject(self) -> Person:
        return self._subject()

    def on(self) -> date:
        """The day the register is asked about (the nearest superior, § 11 nr. 3)."""
        return self.today

    def authority_row(self) -> AuthorityRow:
        return row_for(self.matter, self._subject(), self.org)

    def authority(self, actor_id: str, on: date | None = None) -> Decider:
        """Who may decide, judged on `on` (the event's date), else the case's day."""
        return authorise(actor_id, self.matter, self._subject(), self.org, on or self.today)


def _deciding_council(case: LeaveFile) -> Council | None:
    """§ 23 nr. 4: "Tilsettingsrådet avgjør søknader om permisjon uten lønn utover seks
    måneder": the council that appoints to the employee's post (§ 10 nr. 2), as it sits for the
    case (§ 11); None for any other leave, or where the Department decides (the directors)."""
    if case.person is None or case.authority_row().body != Body.appointment_council:
        return None
    council = council_for(case.person, case.org)
    if council is None:
        return None
    return for_case(council, case.person.unit_id, case.sitting.superior_id or "")


# The council decides by its members' votes; its leader enters the decision with the protocol.
LEAVE_COUNCIL = Collegial(RULE_23_4, _deciding_council, ("granted", "partly_granted", "refused"))


# -- guards: each refuses with its rule ------------------------------------------------


def _decider(case: LeaveFile, data: dict[str, Any]) -> None:
    actor: Actor = data["actor"]
    data["decider"] = case.authority(actor.person_id, decision_date(data.get("grants"), case.today))


def _party(case: LeaveFile, data: dict[str, Any]) -> None:
    check_requester(data["grants"], case.request, case.person.unit_id if case.person else None)


def _before_start(case: LeaveFile, data: dict[str, Any]) -> None:
    start = case.granted_start or case.request.start
    if case.today >= start:
        raise RuleViolation(
            DESIGN_WITHDRAWAL, f"the leave started on {start}; it can no longer be withdrawn"
        )


def _service_reason(case: LeaveFile, data: dict[str, Any]) -> None:
    decision: LeaveDecision = data["payload"]
    if case.request.kind == LeaveKind.education and not (decision.service_reason or "").strip():
        raise RuleViolation(
            RULE_23_1,
            "leave for education or professional development should be granted as far as the "
            "service allows: a refusal must state the service reason (service_reason)",
            "payload.service_reason",
        )


def granted_period(case: LeaveFile, decision: LeaveDecision) -> tuple[date, date]:
    if decision.outcome == "partly_granted":
        assert decision.granted_start and decision.granted_end
        return decision.granted_start, decision.granted_end
    return case.granted_start or case.request.start, case.requested_end


def _partial_period(case: LeaveFile, data: dict[str, Any]) -> None:
    d: LeaveDecision = data["payload"]
    lo, hi = case.granted_start or case.request.start, case.requested_end
    if d.granted_start is None or d.granted_end is None:
        raise RuleViolation(
            RULE_23_4,
            "a partly granted leave must state the period granted (granted_start, granted_end)",
            "payload.granted_end",
        )
    if not (lo <= d.granted_start <= d.granted_end <= hi) or (d.granted_start, d.granted_end) == (
        lo,
        hi,
    ):
        raise RuleViolation(
            RULE_23_4,
            f"the period partly granted must lie inside {lo}..{hi} and be shorter than it",
            "payload.granted_end",
        )


def _welfare_quota(case: LeaveFile, data: dict[str, Any]) -> None:
    start, end = granted_period(case, data["payload"])
    _check_segment(case, start, end, "payload.outcome")


def _check_segment(case: LeaveFile, start: date, end: date, field: str) -> None:
    """§ 22 per calendar year across cases. council10: once a grant stands, an extension's
    segment is counted on its own (today's working days), with the days this case granted
    before as they were granted (`welfare_dates`), not recounted on today's pattern."""
    used = case.welfare_days_used
    if case.council10 and case.granted_end is not None:
        start = max(start, case.granted_end + timedelta(days=1))
        if start > end:
            return
        used = dict(used)
        for d in case.welfare_dates:
            used[d.year] = used.get(d.year, 0) + 1
    check_welfare_days(case.request, start, end, case.person, used, field)


def granted_welfare_dates(case: LeaveFile, start: date, end: date) -> list[date]:
    """§ 22 (council10): the case's welfare working days after a grant of `start`..`end`: the
    days granted before that the grant keeps, and the new segment's on today's working days."""
    if case.request.kind != LeaveKind.welfare or not case.request.paid:
        return []
    kept = [d for d in case.welfare_dates if start <= d <= end]
    first = start if case.granted_end is None else max(start, case.granted_end + timedelta(1))
    works_on = case.person.works_on if case.person else None
    new = (first + timedelta(i) for i in range((end - first).days + 1))
    return kept + [d for d in new if working_days_in(d, d, works_on)]


def _extension_limits(case: LeaveFile, data: dict[str, Any]) -> None:
    ext: ExtensionRequest = data["payload"]
    current_end = case.granted_end or case.requested_end
    if ext.new_end <= current_end:
        raise RuleViolation(
            RULE_23_2 if case.request.kind != LeaveKind.welfare else RULE_22,
            f"an extension must end after the current end {current_end}",
            "payload.new_end",
        )
    start = case.granted_start or case.request.start
    check_period(
        case.request.kind,
        start,
        ext.new_end,
        exception_reason=ext.exception_reason,
        professionally_related=case.request.professionally_related,
        extension=True,
    )
    _check_segment(case, start, ext.new_end, "payload.new_end")


def _is_extension(case: LeaveFile) -> bool:
    return case.extension_pending


def _is_first(case: LeaveFile) -> bool:
    return not case.extension_pending


_DECISION = (_decider,)


def _council_outcome(outcome: str) -> Any:
    return LEAVE_COUNCIL.decision(lambda data: outcome)


_WAIT = "awaiting_decision"
_BEFORE_START = ("requested", _WAIT, "granted", "partly_granted", "scheduled")

LEAVE = MachineSpec(
    name="leave",
    states=(
        "requested",
        _WAIT,
        "granted",
        "partly_granted",
        "refused",
        "scheduled",
        "on_leave",
        "return_due",
        "returned",
        "withdrawn",
    ),
    initial="requested",
    final=frozenset({"refused", "returned", "withdrawn"}),
    steps=(
        # Registered and sent to the body the authority table names (§ 22, § 23 nr. 4).
        Step("register", "requested", _WAIT, RULE_23_4),
        *LEAVE_COUNCIL.rows(_WAIT),
        Step(
            "grant",
            _WAIT,
            "granted",
            RULE_23_4,
            (*_DECISION, _welfare_quota, _council_outcome("granted")),
        ),
        Step(
            "grant_partly",
            _WAIT,
            "partly_granted",
            RULE_23_4,
            (*_DECISION, _partial_period, _welfare_quota, _council_outcome("partly_granted")),
        ),
        # A refused extension leaves the earlier grant standing.
        Step(
            "refuse",
            _WAIT,
            "granted",
            RULE_23_4,
            (*_DECISION, _service_reason, _council_outcome("refused")),
            (_is_extension,),
        ),
        Step(
            "refuse",
            _WAIT,
            "refused",
            RULE_23_4,
            (*_DECISION, _service_reason, _council_outcome("refused")),
            (_is_first,),
        ),
        Step("schedule", ("granted", "partly_granted"), "scheduled", RULE_23_4),
        Step("start", "scheduled", "on_leave", RULE_23_4),
        Step("end", "on_leave", "return_due", RULE_23_4),
        Step(
            "request_extension",
            ("scheduled", "on_leave"),
            _WAIT,
            RULE_23_2,
            (_party, _extension_limits),
        ),
        Step("withdraw", _BEFORE_START, "withdrawn", DESIGN_WITHDRAWAL, (_party, _before_start)),
        Step("report_return", ("on_leave", "return_due"), "returned", RULE_23_4, (_party,)),
    ),
)
