"""A person's work queue: for each open case they may read, the actions its rows allow now
that the authority model gives them, and by when (the case's deadlines).

Open cases, their state and deadlines come from the register's read model (`case_views`, the
view each case last wrote), not from querying each workflow. Whether an action is the
person's is asked of the case's own rule rows and guards (states/tasks.py) on the register's
slice for the person and the day: no second table that could drift from the rules. A case the
person may not read (intake/access.py) gives no tasks, and each case listed is a logged read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlmodel import select

from activities.store import CaseRow, CaseViewRow, Store
from intake.access import CANDIDATE, LOCAL, Caller, CaseFacts, Reader, facts_of, record
from intake.views import view_for
from states.calendar import Deadline
from states.catalog import DUTIES, MACHINES
from states.tasks import Probe, Verdict, verdicts
from workflows.case import CaseView


@dataclass
class Task:
    """One action open to one person on one case."""

    workflow_id: str
    case_id: str
    case_type: str
    state: str
    trigger: str
    event: str
    rule: str
    status: str  # allowed (theirs now), blocked (theirs, not possible now: see rule and why)
    why: str = ""
    due: str | None = None  # the nearest deadline running in the case's state (ISO date)
    waiting_for: str = ""
    done_in_this_stage: bool = False  # they took it already since the case entered its state
    deadlines: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def open_cases(store: Store) -> list[tuple[CaseRow, CaseView]]:
    """The register's open cases with the view each last wrote (a case that wrote none is not
    listed: it was opened before the read model, and `case show --live` reads it)."""
    with store.session() as s:
        rows = s.exec(
            select(CaseRow, CaseViewRow).where(CaseRow.workflow_id == CaseViewRow.workflow_id)
        ).all()
        out = []
        for row, view_row in rows:
            machine = MACHINES.get(row.case_type)
            if machine is None or row.state in machine.final:
                continue
            out.append((row, CaseView.model_validate_json(view_row.view)))
        return out


def running(case_type: str, view: CaseView) -> list[Deadline]:
    """The deadlines that run in the case's state: those a timer of the spec shows for it (the
    day the case moves on without the action), not those of stages already passed."""
    spec = DUTIES.get(case_type)
    if spec is None:
        return list(view.deadlines)
    states = spec.machine
    shown = {
        t.shows
        for t in spec.timers
        if t.shows
        and (t.state == view.state or (t.state == "*" and any(
            view.state in r.sources for r in states.rows(t.trigger))))
    }  # fmt: skip
    return [d for d in view.deadlines if d.name in shown]


def _due(deadlines: list[Deadline]) -> str | None:
    return min(d.due for d in deadlines).isoformat() if deadlines else None


def _done(store: Store, workflow_id: str, person: str) -> set[str]:
    """The triggers `person` took since the case last entered its current state."""
    steps = store.journal(workflow_id)
    entered = max((i for i, j in enumerate(steps) if j.source != j.dest), default=-1)
    return {j.trigger for j in steps[entered + 1 :] if j.actor_id == person}


def case_verdicts(
    store: Store, row: CaseRow, view: CaseView, person: str, on: date
) -> list[Verdict]:
    """Every human action the case's rows allow in its state, judged for `person` on `on`."""
    spec = DUTIES.get(row.case_type)
    if spec is None:
        return []  # leave cases run their own workflow (not a duty spec): not yet listed
    subject = store.person(row.person_id) if row.person_id else None
    probe = Probe(
        subject=subject,
        unit_id=row.org_unit or None,
        org=store.org_slice(row.person_id, row.org_unit or None),
        on=on,
        taken=view.details.get("taken") or {},
        details=view.details,
    )
    return verdicts(spec, view.state, probe, person, store.grants(person, on))


def readable(reader: Reader, facts: CaseFacts, view: CaseView) -> str | None:
    ground = reader.ground(facts)
    if ground == CANDIDATE:
        ground = reader.ground(facts, view)
    return ground if ground != CANDIDATE else None


def case_tasks(
    store: Store, row: CaseRow, view: CaseView, person: str, on: date, everything: bool = False
) -> list[Task]:
    """The case's actions for `person`: those they may take now (and, with `everything`, the
    ones theirs but blocked by a rule now, with that rule)."""
    keep = {"allowed", "blocked"} if everything else {"allowed"}
    done = _done(store, row.workflow_id, person)
    deadlines = running(row.case_type, view)
    return [
        Task(
            workflow_id=row.workflow_id,
            case_id=row.case_id,
            case_type=row.case_type,
            state=view.state,
            trigger=v.trigger,
            event=v.event,
            rule=v.rule,
            status=v.status,
            why=v.why,
            due=_due(deadlines),
            waiting_for=view.waiting_for,
            done_in_this_stage=v.trigger in done,
            deadlines=[d.model_dump(mode="json") for d in deadlines],
        )
        for v in case_verdicts(store, row, view, person, on)
        if v.status in keep
    ]


def tasks_for(
    store: Store, caller: Caller, on: date | None = None, operator: Caller | None = None
) -> list[Task]:
    """A person's tasks across the open cases they may read, nearest deadline first (no
    deadline last); each case that gives a task is a logged read (channel `list`) by the
    person, or by the `operator` (the CLI's local operator) who asked for their tasks."""
    on = on or date.today()
    reader = Reader(store, caller, on)
    asker = Reader(store, operator, on) if operator else None
    out: list[Task] = []
    for row, view in open_cases(store):
        facts = facts_of(store, row)
        ground = readable(reader, facts, view)
        if ground is None:
            continue
        seen = view_for(store, ground, caller.name, view)
        found = [
            t for t in case_tasks(store, row, seen, caller.name, on) if not t.done_in_this_stage
        ]
        if not found:
            continue
        if asker is not None and operator is not None:
            record(store, operator, facts, asker.ground(facts) or LOCAL, "list")
        else:
            record(store, caller, facts, ground, "list")
        out += found
    return sorted(out, key=lambda t: (t.due is None, t.due or "", t.workflow_id, t.trigger))
