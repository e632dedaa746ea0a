"""A person's work queue: for each open case they may read, the actions its rows allow now
that the authority model gives them, and by when (the case's deadlines).

Open cases, their state and deadlines come from the register's read model (`case_views`, the
view each case last wrote), not from querying each workflow. Whether an action is the
person's is asked of the case's own rule rows and guards (states/tasks.py) on the register's
slice for the person and the day: no second table that could drift from the rules. A case the
person may not read (intake/access.py) gives no tasks, and each case listed is a logged read.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlmodel import select

from activities import logs
from activities.case_activities import CaseActivities
from activities.store import AccessRegister, CaseRow, CaseViewRow, Store
from intake.access import (
    ACT_GROUND,
    LOCAL,
    Caller,
    CaseFacts,
    Reader,
    facts_of,
    readable,
)
from intake.events import BY_NAME, EventBase
from intake.learn import events_by_trigger
from intake.views import view_for
from states.applicants import Applicant, Gender
from states.calendar import Deadline
from states.catalog import DUTIES, MACHINES
from states.discipline import OFFERED_APPEAL
from states.duties import by_party
from states.leave import RUNNING_DEADLINES
from states.tasks import UNJUDGED, Probe, Verdict, case_file, verdicts, withdrawal_verdict
from workflows.case import CaseView

log = logs.get()

# One name per act (issue 15 review M2): triggers whose rows are the same act, and the one the
# queue offers in each state; the door still takes any of them (fvl §§ 30-31: a late appeal
# is an appeal, judged late from its posting date).
SAME_ACT: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "discipline": (frozenset({"appeal", "appeal_late"}), OFFERED_APPEAL),
}


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
    # allowed (theirs now), blocked (theirs, not possible now: see rule and why), unjudged (the
    # queue could not judge it: "kan ikke vurderes", logged)
    status: str
    why: str = ""
    due: str | None = None  # the nearest deadline running in the case's state (ISO date)
    waiting_for: str = ""
    done_in_this_stage: bool = False  # they took it since the case entered its state (shown)
    # "Må gjøres": theirs now, a step the case waits on (its row moves the case on) and a
    # deadline of the state runs (the day the case moves on without it); else "kan gjøres".
    must: bool = False
    deadlines: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def open_cases(store: Store, workflow_id: str | None = None) -> list[tuple[CaseRow, CaseView]]:
    """The register's open cases (or the one `workflow_id`) with the view each last wrote (a
    case that wrote none is not listed: it was opened before the read model, and `case show
    --live` reads it)."""
    with store.session() as s:
        query = select(CaseRow, CaseViewRow).where(CaseRow.workflow_id == CaseViewRow.workflow_id)
        if workflow_id is not None:
            query = query.where(CaseRow.workflow_id == workflow_id)
        rows = s.exec(query).all()
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
    if spec is None:  # a leave case: states/leave.py names them
        running = RUNNING_DEADLINES.get(view.state, ())
        return [d for d in view.deadlines if d.name in running]
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


def _done(view: CaseView, person: str) -> set[str]:
    """The triggers `person` took since the case last entered its current state, read from the
    case's own trail (the view's history, the steps as the case took them). Shown beside an
    action, never a filter: whether a step taken is still theirs to take is the rows' answer
    (a seat votes once: `check_vote`), not a second table's (issue 15 review)."""
    steps = view.history
    entered = max((i for i, h in enumerate(steps) if h.source != h.dest), default=-1)
    return {h.trigger for h in steps[entered + 1 :] if h.actor.person_id == person}


def door_actions(case_type: str) -> dict[str, str]:
    """Trigger -> the event type that carries it to a case of `case_type`: the door's own map
    (intake/events.py, through intake/learn.py `event_steps`), openings and an applicant's own
    Updates (PR-2012 § 7: not a machine step) left out."""
    return {
        trigger: names[0]
        for trigger, names in events_by_trigger(case_type).items()
        if BY_NAME[names[0]].update is not None
    }


def probe_of(store: Store, row: CaseRow, view: CaseView, on: date) -> Probe:
    """The case as its guards read it, from the register: the slice the workflow loads
    (`CaseActivities.load_context`, the same function), the view's details, the day."""
    subject, org, used = None, store.org_slice(row.person_id, row.org_unit or None), {}
    if row.person_id and store.person(row.person_id) is not None:
        ctx = CaseActivities(store, None).load_context(  # type: ignore[arg-type]
            row.person_id, row.workflow_id, row.org_unit or None
        )
        subject, org, used = ctx.person, ctx.org, ctx.welfare_days_used
    return Probe(
        subject=subject,
        unit_id=row.org_unit or None,
        org=org,
        on=on,
        taken=view.details.get("taken") or {},
        details=view.details,
        welfare_days_used=used,
        applicants=applicants_of(store, row),
    )


def applicants_of(store: Store, row: CaseRow) -> dict[str, Applicant]:
    """A hiring case's applicants from the register (PR-2012 § 7): who applied, late or not,
    withdrawn or not, which the case's file leaves out. A request to be left off the public
    list is not read here: the register does not hold the case's decision on it."""
    if row.case_type != "hiring":
        return {}
    return {
        a.applicant_id: Applicant(applicant_id=a.applicant_id, gender=Gender(a.gender),
                                  late=a.late, withdrawn=a.withdrawn_on is not None)
        for a in store.applicants(row.workflow_id)
    }  # fmt: skip


def case_verdicts(
    store: Store, row: CaseRow, view: CaseView, person: str, on: date, reader: Reader | None = None
) -> list[Verdict]:
    """Every human action the case's rows allow in its state, judged for `person` on `on` as
    the door judges it: the register's ground to act at all (intake/access.py `act_ground`,
    the door's 403 before anything reaches the case), then the case's own check on the probe
    (states/tasks.py `judge`). `view` is the register's full view, never a reduced one: the
    case's guards read the whole file."""
    if row.case_type not in MACHINES or view.state in MACHINES[row.case_type].final:
        return []
    text = store.read_file(row.workflow_id)
    try:
        stored = json.loads(text) if text else None
        case = case_file(row.case_type, probe_of(store, row, view, on), stored)
    except (KeyError, TypeError, ValueError) as exc:
        # A view written before its details carried what the guards read, or a file the
        # model no longer reads: the case is shown as not judged, never left out silently.
        found = [Verdict("", "", "unjudged", UNJUDGED, type(exc).__name__)]
    else:
        grants = store.grants(person, on)
        found = verdicts(MACHINES[row.case_type], case, view.state, door_actions(row.case_type),
                         person, grants, on)  # fmt: skip
        if (withdrawal := withdrawal_verdict(case, person, grants)) is not None:
            found.append(withdrawal)  # PR-2012 § 7: the applicant's own Update, not a row
    names, offered = SAME_ACT.get(row.case_type, (frozenset(), {}))
    found = [v for v in found if v.trigger not in names or offered.get(view.state) == v.trigger]
    for v in found:
        if v.status == "unjudged":  # ids and names of code only: no person, no content
            log.warning("work queue: action not judged", workflow_id=row.workflow_id,
                        state=view.state, trigger=v.trigger or "*", error=v.why)  # fmt: skip
    if reader is None:
        return found
    facts = facts_of(store, row)
    no_ground = "the register gives no ground to act in the case today"
    return [
        v
        if v.status == "not_yours" or reader.act_ground(facts, _step(v.event), view)
        else replace(v, status="not_yours", rule=ACT_GROUND, why=no_ground, field="case_id")
        for v in found
    ]


def _step(event: str) -> str:
    """The step an event takes, as the door's `act_ground` judges it (its trigger, else its
    Update): an applicant acts only in their own steps (fvl § 6 første ledd a). No event (a
    case not judged): any ground to act in the case."""
    cls: type[EventBase] | None = BY_NAME.get(event)
    return (cls.trigger or cls.update or "") if cls is not None else ""


def moves_on(case_type: str, view: CaseView, v: Verdict) -> bool:
    """Whether the action's row from the case's state moves the case on (what the case waits
    for), not a step taken beside it (a request for access, fvl § 18: the case stays)."""
    rows = [r for r in MACHINES[case_type].rows(v.trigger) if view.state in r.sources]
    return any(r.dest not in ("=", view.state) for r in rows)


def for_the_party(case_type: str, view: CaseView, v: Verdict, person: str, subject: str) -> bool:
    """Whether `person` takes the action for someone else: a party's step (`by_party`: the
    employee, or an HR officer for them, fvl § 2 e) taken by another than the party. Their
    right, not the officer's duty: "kan gjøres" for HR, "må gjøres" only for the party."""
    rows = [r for r in MACHINES[case_type].rows(v.trigger) if view.state in r.sources]
    return person != subject and any(by_party in r.guards for r in rows)


def case_tasks(
    store: Store,
    row: CaseRow,
    view: CaseView,
    person: str,
    on: date,
    everything: bool = False,
    shown: CaseView | None = None,
    reader: Reader | None = None,
) -> list[Task]:
    """The case's actions for `person`: those they may take now (and, with `everything`, the
    ones theirs but blocked by a rule now, with that rule). Judged on the register's full
    `view`; the deadlines and what the case waits for are shown as the reader's own view
    (`shown`, intake/views.py) shows them."""
    keep = {"allowed", "blocked", "unjudged"} if everything else {"allowed", "unjudged"}
    done = _done(view, person)
    seen = shown or view
    deadlines = running(row.case_type, seen)
    tasks = []
    for v in case_verdicts(store, row, view, person, on, reader):
        if v.status not in keep:
            continue
        # Issue 15 review M1: a state's deadline is the day the case moves on without the step
        # that ends it (the timer's row replaces it): a step beside it (a request for access,
        # fvl § 18; a receipt, fvl § 29) has no deadline of its own.
        own = deadlines if v.trigger and moves_on(row.case_type, view, v) else []
        tasks.append(
            Task(
                workflow_id=row.workflow_id,
                case_id=row.case_id,
                case_type=row.case_type,
                state=seen.state,
                trigger=v.trigger,
                event=v.event,
                rule=v.rule,
                status=v.status,
                why=v.why,
                due=_due(own),
                waiting_for=seen.waiting_for,
                done_in_this_stage=v.trigger in done,
                must=v.status == "allowed"
                and bool(own)
                and not for_the_party(row.case_type, view, v, person, row.person_id),
                deadlines=[d.model_dump(mode="json") for d in own],
            )
        )
    return tasks


class Shared:
    """The register for one request (issue 15 review M4): what many cases of one listing share
    (a person's grants, a subject's org slice, a person, a unit) read once, the rest passed
    through to the Store. Never kept past the request: the next one reads the register anew."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._memo: dict[tuple[Any, ...], Any] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def _once(self, key: tuple[Any, ...], read: Any) -> Any:
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]

    def grants(self, person_id: str, on: date) -> Any:
        return self._once(("grants", person_id, on), lambda: self._store.grants(person_id, on))

    def org_slice(self, person_id: str, unit_id: str | None = None, session: Any = None) -> Any:
        def read() -> Any:
            return self._store.org_slice(person_id, unit_id, session=session)

        return self._once(("org", person_id, unit_id), read)

    def person(self, person_id: str) -> Any:
        return self._once(("person", person_id), lambda: self._store.person(person_id))

    def unit(self, unit_id: str) -> Any:
        return self._once(("unit", unit_id), lambda: self._store.unit(unit_id))


PAGE = 50  # cases with a task per page of "Mine oppgaver" and GET /tasks


def _first_due(tasks: list[Task]) -> tuple[bool, str]:
    """The page order of a case: its tasks' own earliest due date (issue 15 re-review L5), no
    due last; the same key the tasks of a page are sorted by, so no later page holds a case
    whose tasks fall due before those of an earlier one."""
    dues = [t.due for t in tasks if t.due]
    return (not dues, min(dues) if dues else "")


def task_page(
    store: Store,
    caller: Caller,
    on: date | None = None,
    operator: Caller | None = None,
    within_days: int | None = None,
    workflow_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[Task], bool]:
    """A person's tasks across the open cases they may read, nearest deadline first (no
    deadline last); each case on the page is a logged read (channel `list`) by the person, or
    by the `operator` (the CLI's local operator) who asked for their tasks, all in one
    transaction. With `within_days`: only the tasks due by that many days from `on` (those
    overdue included): what falls due this week is `within_days=7`. With `workflow_id`: that
    case's alone. With `limit`: the tasks of at most `limit` cases after the first `offset`
    that give the person a task, the cases taken by their tasks' own earliest due date (each
    case is judged to know it); and whether more follow."""
    on = on or date.today()
    due_by = (on + timedelta(days=within_days)).isoformat() if within_days is not None else None
    shared: Any = Shared(store)
    reader = Reader(shared, caller, on)
    asker = Reader(shared, operator, on) if operator else None
    given: list[tuple[CaseFacts, str, list[Task]]] = []
    for row, view in open_cases(store, workflow_id):
        facts = facts_of(shared, row)
        ground = readable(reader, facts, view)
        if ground is None:
            continue
        seen = view_for(store, ground, caller.name, view)
        found = [
            t
            for t in case_tasks(shared, row, view, caller.name, on, shown=seen, reader=reader)
            if due_by is None or (t.due or "9999") <= due_by
        ]
        if found:
            given.append((facts, ground, found))
    given.sort(key=lambda g: (_first_due(g[2]), g[0].workflow_id))
    end = len(given) if limit is None else offset + limit
    page, more = given[offset:end], end < len(given)
    reads = [
        (operator.name, facts.workflow_id, facts.case_id, asker.ground(facts) or LOCAL, "list")
        if asker is not None and operator is not None
        else (caller.name, facts.workflow_id, facts.case_id, ground, "list")
        for facts, ground, _ in page
    ]
    AccessRegister(store).log_many(reads)
    out = [t for _, _, found in page for t in found]
    ordered = sorted(out, key=lambda t: (t.due is None, t.due or "", t.workflow_id, t.trigger))
    return ordered, more


def tasks_for(
    store: Store,
    caller: Caller,
    on: date | None = None,
    operator: Caller | None = None,
    within_days: int | None = None,
    workflow_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Task]:
    """`task_page`'s tasks (every page, unless `limit`)."""
    return task_page(store, caller, on, operator, within_days, workflow_id, limit, offset)[0]
