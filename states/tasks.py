"""What waits for whom: a case's possible actions, and whether one person may take them now.

Computed from the rule rows that guard the transitions (states/machine.py `Step`), never from a
table of its own. For a case in state S the possible actions are the human triggers (the
spec's `actions`, each carried by an event) that have a row from S. Whether a person may take
one is asked of the row's own guards, run on a probe of the case: the register's slice for the
case's subject and unit (the one authority model, states/authority.py), the person's grants on
the day, and a payload that is not yet written. A guard refuses a person by naming the actor
(`actor...`) or their grants (`grants`): then the action is not theirs. A guard that needs the
form's content to decide stops there: what the person writes is judged when the event is sent
through the door, by the same guards. Any other refusal (a timing or state rule: no quorum yet)
shows the action as not possible now, with its rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from states.applicants import PR_7_1, Applicant, check_withdrawal
from states.authority import Grants, decision_date
from states.council import Protocol, Signature, Sitting
from states.duties import DutyFile, DutySpec
from states.leave import LeaveFile, LeaveKind, LeaveRequest
from states.machine import Actor, CaseMachine, MachineSpec, Step
from states.org import Org, Person
from states.rules import RuleViolation

# unjudged: the check failed on the file as the queue holds it (an error, not a refusal): the
# queue shows the action as "kan ikke vurderes" instead of leaving it out (issue 15 review).
Status = Literal["allowed", "blocked", "not_yours", "undetermined", "unjudged"]
ACTOR_FIELDS = ("actor", "grants")


class NeedsContent(Exception):
    """A guard read the form's content: it decides when the event is sent."""


class _Unwritten:
    """The payload of an action not yet written: reading it stops the guard that reads it."""

    def __getattr__(self, name: str) -> Any:
        raise NeedsContent(name)

    def __getitem__(self, name: str) -> Any:
        raise NeedsContent(name)


@dataclass(frozen=True)
class Probe:
    """What the guards read about one case outside its workflow: the register's slice as the
    case loads it (activities/case_activities.py `load_context`), the day, the view's details."""

    subject: Person | None
    unit_id: str | None
    org: Org
    on: date
    taken: dict[str, dict[str, Any]]
    details: dict[str, Any] = field(default_factory=dict)  # the case view's details
    welfare_days_used: dict[int, int] = field(default_factory=dict)
    # A hiring case's applicants as the register holds them (who applied, late, withdrawn):
    # the case's file is written without them (`QUEUE_OMITS`), and an applicant's own steps
    # are judged on them (PR-2012 § 7, § 9 nr. 5; issue 15 review).
    applicants: dict[str, Applicant] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    trigger: str
    event: str
    status: Status
    rule: str  # the row's rule, or the refusal's
    why: str = ""  # the refusal's message (blocked, not_yours)
    field: str | None = None
    label: str = ""


def duty_file(spec: DutySpec, probe: Probe) -> DutyFile:
    """The case's file as far as the register knows it: the subject, the org slice, the day,
    what was taken; the rest at its defaults (the workflow holds it)."""
    model = spec.file_model or DutyFile
    fields = spec.opening.model_fields
    known: dict[str, Any] = {}
    if probe.subject is not None:
        for name in ("employee_id", "person_id"):
            if name in fields:
                known[name] = probe.subject.person_id
    if probe.unit_id and "unit_id" in fields:
        known["unit_id"] = probe.unit_id
    request = spec.opening.model_construct(**known)
    shown: dict[str, Any] = {}
    for name, value in probe.details.items():  # what the case's view shows of its file
        info = model.model_fields.get(name)
        if info is None or name in ("request", "person", "org", "today", "taken"):
            continue
        try:
            shown[name] = TypeAdapter(info.annotation).validate_python(value)
        except ValidationError:
            continue
    return model.model_construct(
        request=request,
        person=probe.subject,
        org=probe.org,
        today=probe.on,
        taken=probe.taken,
        **shown,
    )


def step_data(
    case: Any, today: date, actor: Actor, payload: Any, grants: Grants | None
) -> dict[str, Any]:
    """What a step's guards read, set up as the case sets it up for every step (workflows/case.py
    `CaseWorkflow.check`): the case's day, the actor, the payload, the register's grants, and
    the step's effective date on a file that keeps one (authority asked for the event's date)."""
    case.today = today
    if "effective" in type(case).model_fields:
        case.effective = decision_date(grants, today)
    return {"actor": actor, "payload": payload, "grants": grants}


def judge(
    run: CaseMachine, trigger: str, person: str, grants: Grants, today: date
) -> tuple[Status, RuleViolation | None, Step | None]:
    """One trigger for one person, by the machine's own check (states/machine.py
    `CaseMachine.check`, the one the door's Update validators run): the same row selection
    (`when`), the same `may_` and the same guards, in order. A guard that reads the payload,
    not yet written, is passed over; the event sent is judged by all of them."""
    data = step_data(run.case, today, Actor(person_id=person, role="person"), _Unwritten(), grants)
    try:
        row = run.check(trigger, data, passed_over=(NeedsContent,))
    except RuleViolation as exc:
        if (exc.field or "").startswith(ACTOR_FIELDS):
            return "not_yours", exc, None
        return "blocked", exc, None
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, AssertionError) as exc:
        # A guard read what only the workflow holds: the person may or may not take it.
        return "unjudged", RuleViolation(UNJUDGED, type(exc).__name__), None
    return "allowed", None, row


UNJUDGED = "work queue (issue 15): the case's file does not let the queue judge this action"
NOBODY = "-"  # an id that names no register person: no roles, seats or designations
RANK: dict[Status, int] = {"allowed": 0, "blocked": 1, "unjudged": 2, "undetermined": 3,
                           "not_yours": 4}  # fmt: skip


def verdicts(
    machine: MachineSpec,
    case: Any,
    state: str,
    actions: Mapping[str, str],
    person: str,
    grants: Grants,
    today: date,
) -> list[Verdict]:
    """Each human action (trigger -> the event type that carries it: the door's own map,
    intake/events.py) the machine has a row for in `state`, judged for `person` by `judge`.
    A trigger with no row from the state is no action now, and is left out."""
    out: list[Verdict] = []
    run = CaseMachine(machine, case.model_copy(), state)  # a check changes nothing of the file
    for trigger, event in actions.items():
        rows = [r for r in machine.rows(trigger) if state in r.sources]
        if not rows:
            continue
        status, exc, row = judge(run, trigger, person, grants, today)
        if status == "blocked" and exc is not None:
            # Theirs but not possible now only if the refusal is not one anyone would get: a
            # person the register knows nothing of, refused alike, means no one may take it now
            # (a council's row in a case no council decides), and it is no one's task.
            _, other, _ = judge(run, trigger, NOBODY, Grants(person_id=NOBODY), today)
            if other is not None and (other.rule, other.message) == (exc.rule, exc.message):
                status = "undetermined"
        out.append(
            Verdict(
                trigger=trigger,
                event=event,
                status=status,
                rule=exc.rule if exc else (row or rows[0]).rule,
                why=exc.message if exc else "",
                field=exc.field if exc else None,
                label=(row or rows[0]).label,
            )
        )
    return out


WITHDRAW = ("withdraw_application", "ApplicationWithdrawn")


def withdrawal_verdict(case: Any, person: str, grants: Grants) -> Verdict | None:
    """PR-2012 § 7: withdrawing an application, an applicant's own Update in a hiring case (no
    machine row), judged by the check its handler runs (states/applicants.py
    `check_withdrawal`), the form's content passed over. Offered to an applicant whose
    application stands and to HR serving the post's unit; None where the case has no
    applicants (not a hiring case), or the person's own application is withdrawn already."""
    pool, request = getattr(case, "pool", None), getattr(case, "request", None)
    if pool is None or not pool.applicants or request is None:
        return None
    hr = grants.serves(request.unit_id)
    data = {"actor": Actor(person_id=person, role="person"), "payload": _Unwritten()}
    try:
        check_withdrawal(pool, data, hr, getattr(case, "appointee", None) is not None)
    except NeedsContent:
        pass
    except RuleViolation as exc:
        mine = (exc.field or "").startswith(ACTOR_FIELDS)
        return Verdict(*WITHDRAW, "not_yours" if mine else "blocked", exc.rule, exc.message,
                       exc.field)  # fmt: skip
    own = pool.applicants.get(person)
    if own is not None and own.withdrawn and not hr:
        return None  # nothing left to withdraw (the door takes a repeat as no change)
    return Verdict(*WITHDRAW, "allowed", PR_7_1)


# -- the case file as far as the register's read model knows it, per case type --------------


def sitting_from(shown: dict[str, Any] | None) -> Sitting:
    """A council's sitting from what the case view shows of it (states/council.py
    `sitting_view`): each signature shown covers the protocol as it stands."""
    if not shown:
        return Sitting()
    votes = shown.get("votes") or []
    return Sitting(
        procedure=shown.get("procedure") or "meeting",
        written_agreed=list(shown.get("written_agreed") or []),
        votes=votes,
        signatures=[
            Signature(member_id=s, seat=s, votes_seen=len(votes))
            for s in shown.get("signed_by") or []
        ],
        superior_id=shown.get("superior_id"),
    )


def leave_file(probe: Probe) -> LeaveFile:
    """A leave case's file (states/leave.py) from its view's details: the kind, pay and periods
    the guards read, the council's sitting (§ 23 nr. 4), the register's slice."""
    d = probe.details
    start, end = (date.fromisoformat(x) for x in d["requested"])
    granted = d.get("granted") or [None, None]
    request = LeaveRequest.model_construct(
        employee_id=probe.subject.person_id if probe.subject else "",
        kind=LeaveKind(d["kind"]),
        start=start,
        end=end,
        paid=bool(d.get("paid")),
        reason="",
        exception_reason=None,
        professionally_related=None,
        legal_basis=None,
    )
    council = d.get("council")
    protocol = (council or {}).get("protocol")
    return LeaveFile.model_construct(
        request=request,
        person=probe.subject,
        org=probe.org,
        today=probe.on,
        requested_end=end,
        granted_start=date.fromisoformat(granted[0]) if granted[0] else None,
        granted_end=date.fromisoformat(granted[1]) if granted[1] else None,
        extension_pending=bool(d.get("extension_pending")),
        extension_exception_reason=None,
        welfare_days_used=probe.welfare_days_used,
        sitting=sitting_from(council),
        collegial=council is not None,
        protocol=Protocol.model_validate(protocol) if protocol else None,
    )


def case_file(case_type: str, probe: Probe, stored: dict[str, Any] | None = None) -> Any:
    """The file the case's guards read: the one the case wrote beside its view (`stored`,
    workflows/case.py `queue_file`), with the day, and what the case reloads from the register
    before its check (`QUEUE_FRESH`) read fresh; for a case that wrote none (opened before
    issue 15's queue2), as far as its view's details show it."""
    from states.catalog import DUTIES

    spec = DUTIES.get(case_type)
    model: type[Any] = LeaveFile if spec is None else spec.file_model or DutyFile
    if stored is None:
        return leave_file(probe) if spec is None else with_applicants(duty_file(spec, probe), probe)
    case = model.model_validate({**stored, "today": probe.on})
    if spec is not None and isinstance(case.request, dict):  # DutyFile.request is `Any`
        case.request = spec.opening.model_validate(case.request)
    fresh = {
        "org": probe.org,
        "welfare_days_used": probe.welfare_days_used,
        "person": probe.subject,
    }
    for name in getattr(model, "QUEUE_FRESH", ()):
        setattr(case, name, fresh[name])
    return with_applicants(case, probe)


def with_applicants(case: Any, probe: Probe) -> Any:
    """The register's applicants in a file written without them; the file's own record of an
    applicant, where it has one, stands (it holds the case's decisions about them)."""
    pool = getattr(case, "pool", None)
    if pool is not None and probe.applicants:
        pool.applicants = {**probe.applicants, **pool.applicants}
    return case
