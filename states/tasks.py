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

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from states.authority import Grants
from states.duties import DutyFile, DutySpec
from states.machine import Actor, Step
from states.org import Org, Person
from states.rules import RuleViolation

Status = Literal["allowed", "blocked", "not_yours", "undetermined"]
ACTOR_FIELDS = ("actor", "grants")


class NeedsContent(Exception):
    """A guard read the form's content: it decides when the event is sent."""


class _Unwritten:
    """The payload of an action not yet written: reading it stops the probe."""

    def __getattr__(self, name: str) -> Any:
        raise NeedsContent(name)

    def __getitem__(self, name: str) -> Any:
        raise NeedsContent(name)


@dataclass(frozen=True)
class Probe:
    """What the guards read about one case outside its workflow."""

    subject: Person | None
    unit_id: str | None
    org: Org
    on: date
    taken: dict[str, dict[str, Any]]
    details: dict[str, Any] = field(default_factory=dict)  # the case view's details


@dataclass(frozen=True)
class Verdict:
    trigger: str
    event: str
    status: Status
    rule: str  # the row's rule, or the refusal's
    why: str = ""  # the refusal's message (blocked, not_yours)
    field: str | None = None
    label: str = ""


def probe_file(spec: DutySpec, probe: Probe) -> DutyFile:
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


def _row_verdict(row: Step, case: Any, person: str, grants: Grants) -> tuple[Status, Any]:
    data: dict[str, Any] = {
        "actor": Actor(person_id=person, role="person"),
        "payload": _Unwritten(),
        "grants": grants,
    }
    for guard in row.guards:
        try:
            guard(case, data)
        except NeedsContent:
            continue  # the guard's actor checks (before its content) passed
        except RuleViolation as exc:
            if (exc.field or "").startswith(ACTOR_FIELDS):
                return "not_yours", exc
            return "blocked", exc
        except (AttributeError, KeyError, TypeError, ValueError, IndexError):
            return "undetermined", None  # the guard reads what only the workflow holds
    return ("allowed", None) if row.guards else ("undetermined", None)


def _applies(row: Step, case: Any) -> bool:
    """A routing condition the probe can read; one it cannot read does not exclude the row."""
    try:
        return all(cond(case) for cond in row.when)
    except Exception:
        return True


RANK: dict[Status, int] = {"allowed": 0, "blocked": 1, "undetermined": 2, "not_yours": 3}


def verdicts(
    spec: DutySpec, state: str, probe: Probe, person: str, grants: Grants
) -> list[Verdict]:
    """Each human action the machine has a row for in `state`, judged for `person` by the
    rows' own guards (the best row of a trigger counts)."""
    case = probe_file(spec, probe)
    out: list[Verdict] = []
    for trigger, action in spec.actions.items():
        rows = [r for r in spec.machine.rows(trigger) if state in r.sources and _applies(r, case)]
        if not rows:
            continue
        best: Verdict | None = None
        for row in rows:
            status, exc = _row_verdict(row, case, person, grants)
            v = Verdict(
                trigger=trigger,
                event=action.event,
                status=status,
                rule=exc.rule if exc else row.rule,
                why=exc.message if exc else "",
                field=exc.field if exc else None,
                label=row.label,
            )
            if best is None or RANK[v.status] < RANK[best.status]:
                best = v
        assert best is not None
        out.append(best)
    return out
