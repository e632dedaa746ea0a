"""Turns an HR event into a Temporal start or Update.

One case per `case_id` (workflow id `<case-type>-<case_id>`), opened once; an Update's id is
the sender and the `event_id` (event ids are each sender's own), so the same event sent twice
changes nothing the second time. A refused event raises `RuleViolation` and leaves nothing
behind.

Every command and opening input is signed (intake/signing.py) and names its sender; the
register binds each (sender, event id) to a digest of the event, so an id reused with other
content is refused as a conflict (`EventConflict`) instead of being answered as the first one
was. An HR system's key is scoped to the units it serves and the people it may act for
(intake/apikeys.py `SendScope`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel
from temporalio.client import (
    Client,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import (
    SearchAttributePair,
    TypedSearchAttributes,
    WorkflowIDConflictPolicy,
    WorkflowIDReusePolicy,
)
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from activities.store import ERASED, OWN_SEQ, Store
from intake import signing
from intake.access import ACT_GROUND, Caller, Reader, facts_of
from intake.apikeys import OutOfScope, SendScope, check_send
from intake.cases import from_register
from intake.config import Settings
from intake.events import BY_NAME, EventBase, LeaveRequested, parse
from states.acting import PR_10_1, ActingService, check_chain
from states.announcement import EarlierAppointment, Vacancy, check_conversion
from states.authority import Grants, verify_claim
from states.calendar import local_date
from states.catalog import DUTIES
from states.duties import DutySpec
from states.leave import check_request, check_requester
from states.machine import SYSTEM
from states.rules import EVENT_CONTRACT, RULESET, EventConflict, RuleViolation
from workflows import search
from workflows.case import (
    REFUSED,
    REGISTERED,
    WINDING_DOWN,
    CaseView,
    Command,
    Registration,
)
from workflows.catalog import WORKFLOWS
from workflows.duties import Act, DutyInput
from workflows.leave import LeaveCase, LeaveCaseInput


class Outcome(BaseModel):
    """What the dispatcher reads from any Update's answer: a step's `Answer`, a hiring case's
    receipt for an application, or (in Updates recorded before issue 16) a whole case view."""

    state: str


@dataclass(frozen=True)
class Opening:
    """How an opening event starts its case type's workflow."""

    run: Any
    build: Callable[[Any, Grants], Any]
    check: Callable[[Any, Grants, str | None], None]  # (event, grants, the case's unit)
    subject: Callable[[Any], str]
    summary: Callable[[Any], str]
    unit: Callable[[Any], str | None] = lambda e: None  # the case's unit, if not the subject's
    ruleset: str = RULESET  # the case type's ruleset, shown until the case records its own


def _check_leave(e: LeaveRequested, grants: Grants, unit_id: str | None) -> None:
    check_requester(grants, e.payload, unit_id)
    check_request(e.payload)


def _duty_opening(spec: DutySpec) -> Opening:
    return Opening(
        run=WORKFLOWS[spec.case_type].run,
        build=lambda e, grants: DutyInput(
            case_id=e.case_id,
            event_id=e.event_id,
            actor=e.actor.to_actor(),
            request=e.payload.model_dump(mode="json"),
            grants=grants,
        ),
        check=lambda e, grants, unit: spec.check_opening(grants, e.payload, unit),
        subject=lambda e: e.payload.subject_id(),
        summary=lambda e: spec.label,
        unit=lambda e: e.payload.case_unit(),
        ruleset=spec.ruleset,
    )


OPENINGS: dict[type[EventBase], Opening] = {
    **{
        BY_NAME[spec.opening_event]: _duty_opening(spec)
        for spec in DUTIES.values()
        if spec.opened_by_event
    },
    LeaveRequested: Opening(
        run=LeaveCase.run,
        build=lambda e, grants: LeaveCaseInput(
            case_id=e.case_id,
            event_id=e.event_id,
            actor=e.actor.to_actor(),
            request=e.payload,
            grants=grants,
        ),
        check=_check_leave,
        subject=lambda e: e.payload.employee_id,
        summary=lambda e: f"Permisjon ({e.payload.kind.value})",
    ),
}


async def dispatch(
    client: Client,
    raw: str | bytes | dict[str, Any],
    *,
    task_queue: str,
    register: Store | None,
    sender: str | None = None,
    scope: SendScope | None = None,
) -> dict[str, Any]:
    """Accept the event (returns a JSON-able result) or raise RuleViolation. `sender` is who
    sent it through the door: `system:<api client>`, `person:<id>` or `cli:<os user>`; `scope`,
    for an HR system's key, the units and people it may send for."""
    event = parse(raw)
    _no_pseudo_person(event)
    if not signing.installed():  # the door's first event: load the configured keys once
        signing.ensure_installed(Settings.from_env().data_dir)
    if scope is not None and register is not None:
        # The key's scope first (issue 11, attacker's review): a key outside it learns nothing
        # of whether a person exists or what the register gives them (`_admit`, people checks).
        await asyncio.to_thread(_in_scope, event, register, scope)
    if is_person(sender) and event.update is not None:
        # A ground to act in the case first: a refusal about its journal (below) would tell
        # someone with no part in it that the case exists and when it last moved.
        await asyncio.to_thread(_may_act, event, register, sender)
    if register is not None:
        await asyncio.to_thread(_not_erased, event, register, sender)
    grants, seen_before = await asyncio.to_thread(_admit, event, register, sender)
    try:
        if event.update is None:
            result = await _open(client, event, task_queue, register, grants, sender, scope,
                                 seen_before)  # fmt: skip
        else:
            _check_people(event, register)
            if scope is not None and register is not None:
                row = register.case(event.workflow_id)
                check_send(register, scope, event.actor.person_id, row.org_unit if row else None)
            result = await _update(client, event, grants, sender)
    except RuleViolation:
        if register is not None and seen_before is None:
            # a refused event leaves nothing behind
            register.release_event(event.event_id, sender)
        raise
    if register is not None:
        await asyncio.to_thread(register.event_accepted, event.event_id, sender)
    if seen_before == "accepted":  # the same event again: Temporal gave the same answer
        result["status"] = "duplicate"
    return result


def _in_scope(event: EventBase, register: Store, scope: SendScope) -> None:
    """`check_send` on the case's unit (the register's row, or for an opening the unit the
    event or its subject names) before any other check reads the register for the event."""
    if event.update is None:
        opening = OPENINGS[type(event)]
        unit_id = opening.unit(event)
        if not unit_id:
            subject = register.person(opening.subject(event))
            unit_id = subject.unit_id if subject else None
    else:
        row = register.case(event.workflow_id)
        unit_id = row.org_unit if row else None
    check_send(register, scope, event.actor.person_id, unit_id)


def _not_erased(event: EventBase, register: Store, sender: str | None) -> None:
    """An event for a case the register records erased whole is refused with the rule that
    erased it, before anything is bound or sent: its data key is gone, so the case can take
    nothing, and a binding would name its sender again (issue 14 review M1). A repeat of an
    event the case took before is left to `_bind` (its keyed tag answers it)."""
    row = register.erasure(event.workflow_id)
    if row is None or row.erased_at is None or row.scope != "family":
        return
    if register.erased_event(event.event_id, sender) is not None:
        return
    why = f"case {event.workflow_id} was erased under {row.rule}"
    raise RuleViolation(row.rule, why, "case_id")


def _admit(
    event: EventBase, register: Store | None, sender: str | None
) -> tuple[Grants, str | None]:
    """The register's checks of the actor and the event's binding (`_grants`, `_bind`). Run in
    a thread: SQLite's waits for its write lock and the disk then hold up this event only, not
    the event loop every other sender (and, in one process, the worker) shares (issue 16)."""
    if is_person(sender):
        _not_before_last_step(event, register)
    grants = _grants(event, register, sender)  # a forged claim is refused before anything is bound
    return grants, _bind(event, register, sender)


class NoGround(OutOfScope):
    """A person's step in a case the register gives them no part in: HTTP 403, nothing sent."""

    def __init__(self, message: str) -> None:
        RuleViolation.__init__(self, ACT_GROUND, message, "case_id")


def _may_act(event: EventBase, register: Store | None, sender: str | None) -> None:
    """Before anything goes to a case for a person: the register must give them a ground to act
    in it on the door's day (intake/access.py `Reader.act_ground`). The same answer whether the
    case exists or not; the read model (never the workflow) confirms a per-case seat."""
    if register is None or sender is None:
        raise RuleViolation(EVENT_CONTRACT, "no register to find the person's ground in", "actor")
    caller = Caller("person", sender.removeprefix("person:"))
    row = register.case(event.workflow_id)
    if row is not None:
        facts = facts_of(register, row)
        view = from_register(register, event.case_id, event.case_type)
        if Reader(register, caller, door_day()).act_ground(
            facts, event.trigger or event.update or "", view
        ):
            return
    raise NoGround(
        f"case_id: no {event.case_type} case {event.case_id} in which the register gives "
        f"{caller.name} a part today"
    )


def _earlier_appointment(event: EventBase, register: Store) -> None:
    """PR-2012 § 15 (issue 13): a conversion reads from the register that the earlier case made
    a temporary appointment of this employee after public announcement."""
    c = getattr(event.payload, "conversion", None)
    if c is None:
        return
    row = register.appointment(f"hiring-{c.previous_case_id}")
    earlier = (
        EarlierAppointment(
            person_id=row.person_id,
            announced=row.announced,
            permanent=row.permanent,
            unit_id=row.unit_id,
            post_kind=row.post_kind,
            temporary_ground=row.temporary_ground,
        )
        if row
        else None
    )
    vacancy = event.payload if isinstance(event.payload, Vacancy) else None
    check_conversion(c, earlier, vacancy)


def _nearest_superior(event: EventBase, register: Store) -> None:
    """PR-2012 § 9 nr. 1 and § 11 nr. 3 (council11): the post's nearest superior recommends and
    sits on the council, so the register, not the form, says who that is: a leader over the
    post's unit on the day, or someone the register names nearest superior of staff there."""
    v = event.payload
    if not isinstance(v, Vacancy):
        return
    on, who = effective_date(event), v.nearest_superior_id
    if register.grants(who, on).heads(v.unit_id) or register.superior_at(who, v.unit_id, on):
        return
    raise RuleViolation(
        "PR-2012 § 9 nr. 1",
        f"the register does not hold {who} as a leader over {v.unit_id}, nor as anyone's nearest "
        f"superior there, on {on}: name the post's nearest superior",
        "payload.nearest_superior_id",
    )


def _acting_chain(event: EventBase, register: Store) -> None:
    """PR-2012 § 10 nr. 1 (council11): the employee's earlier acting-service cases, from the
    register's case files, that were not withdrawn."""
    a = event.payload
    if not isinstance(a, ActingService):
        return
    # council12: the absent post is named by its holder's register id, so one post is one key
    # whatever the spelling ("emp-2 ", "Emp 2" are no one) and the four weeks cannot restart
    if register.person(a.acting_for) is None or a.acting_for == a.employee_id:
        raise RuleViolation(
            PR_10_1,
            f"payload.acting_for: {a.acting_for!r} is not another person in the register: name "
            "the absent holder of the post served by their register id (ved ferie og fravær)",
            "payload.acting_for",
        )
    earlier = []
    for row in register.cases_of(a.employee_id, "acting_service"):
        text = register.read_file(row.workflow_id)
        if row.state != "withdrawn" and text:
            earlier.append(ActingService.model_validate(json.loads(text)["request"]))
    check_chain(a, earlier)


def event_digest(event: EventBase) -> str:
    """SHA-256 of the canonical JSON of the parsed event (key order and spacing do not count)."""
    return signing.digest(event.model_dump(mode="json"))


def _no_pseudo_person(event: EventBase) -> None:
    """Every event is acted by a person the register can judge: `system` names the case's own
    steps (timers, letters) in its history, never an actor. A delivery receipt is recorded by
    HR for the party, with its `source` (issue 11)."""
    if event.actor.person_id == SYSTEM.person_id:
        raise RuleViolation(
            EVENT_CONTRACT,
            "actor.person_id: 'system' is not a person: an event is acted by a person in the "
            "register (a delivery receipt: the HR officer for the party, payload.source)",
            "actor.person_id",
        )


def _bind(event: EventBase, register: Store | None, sender: str | None) -> str | None:
    """Bind (sender, event id) to its content in the register before anything goes to
    Temporal. Returns None for a new id, else the earlier event's status ("pending" or
    "accepted"); an id the sender already bound to other content is refused as a conflict, and
    nothing changes. Another sender's use of the same id is another event."""
    if register is None:
        return None
    bound, status = register.bind_event(
        event.event_id,
        event_digest(event),
        event.type,
        event.workflow_id,
        sender,  # type: ignore[attr-defined]
    )
    if status is not None and status.startswith(ERASED):
        # Received before for a case since erased (issue 14 review): the repeat opens no new
        # case and reaches no case; its binding is kept only as a keyed tag.
        rule = status.removeprefix(ERASED)
        why = f"event_id: {event.event_id} was received for a case since erased under {rule}"
        raise RuleViolation(rule, why, "event_id")
    if not bound:
        raise EventConflict(
            f"event_id: {event.event_id} was already used by this sender for another event "
            "(a different type or content); send a new event id"
        )
    return status


def _signed_opening(event: EventBase, inp: Any, sender: str | None) -> Any:
    """The opening input with its sender and the door's signature over all of it."""
    inp = inp.model_copy(update={"sender": sender, "signature": None})
    signature = signing.sign(inp, name=signing.START, workflow_id=event.workflow_id)
    return inp.model_copy(update={"signature": signature})


def _signed_command(
    event: EventBase, payload: Any, grants: Grants, sender: str | None
) -> Command[Any]:
    """A command with the actor's grants, its sender and the door's signature over all of it."""
    cmd = Command[Any](
        event_id=event.event_id,
        actor=event.actor.to_actor(),
        payload=payload,
        grants=grants,
        sender=sender,
    )
    cmd.signature = signing.sign(cmd, name=event.update or "", workflow_id=event.workflow_id)
    return cmd


def door_day() -> date:
    """The door's own day (its clock, local): a post-dated event is judged on it, a person's
    authority must hold on it, and no recorded step counts as later than it."""
    return local_date(datetime.now(UTC))


def effective_date(event: EventBase) -> date:
    """The day the act is judged on: the local date of `occurred_at`; a post-dated event (a day
    that has not come) on the door's day (docs/legal-choices.md)."""
    return min(local_date(event.occurred_at), door_day())


def is_person(sender: str | None) -> bool:
    """A person authenticated by their token (not an HR system's key, nor the CLI)."""
    return sender is not None and sender.startswith("person:")


def _grants(event: EventBase, register: Store | None, sender: str | None = None) -> Grants:
    """What the register holds for the actor on the event's effective date; a claimed role it
    does not hold then is refused here, before anything reaches Temporal (issue 11). The case's
    guards judge authority on the same date (`Grants.effective`), not on the day it arrives.

    A person (token) acts only with authority they hold today: for a backdated event the claim
    must hold on both days, and the guards judge on the door's day, so an ended role or
    fullmakt is not revived by dating the act inside its period (a still-valid token is not
    authority). An HR system relays acts dated earlier (a receipt) within its key's scope."""
    if register is None:
        raise RuleViolation(
            EVENT_CONTRACT, "no register to verify the actor's authority against", "actor"
        )
    grants = register.grants(event.actor.person_id, effective_date(event))
    verify_claim(grants, event.actor.role)
    today = door_day()
    if is_person(sender) and grants.effective != today:
        grants = register.grants(event.actor.person_id, today)
        verify_claim(grants, event.actor.role)
    return grants


def _not_before_last_step(event: EventBase, register: Store | None) -> None:
    """A person's step is not entered before one the case has already taken (event contract):
    an `occurred_at` earlier than the day of the case's last recorded step is refused, so
    backdating cannot reach a period whose authority or deadline has passed. Days, on the
    door's clock: a step the case recorded later than the door's day counts as today. Not for
    HR systems and the CLI: the journal records when a step arrived, not the date its event
    carried, so a system relaying a case late would be refused its own earlier-dated steps."""
    if register is None or event.update is None:
        return
    # the case's own steps: an erasure's refusal journalled today is no step of the case
    steps = [j for j in register.journal(event.workflow_id) if j.seq < OWN_SEQ]
    if not steps:
        return
    at = steps[-1].at
    last = min(local_date(at if at.tzinfo else at.replace(tzinfo=UTC)), door_day())
    if local_date(event.occurred_at) < last:
        raise RuleViolation(
            EVENT_CONTRACT,
            f"occurred_at: {local_date(event.occurred_at)} is before the case's last recorded "
            f"step ({last}): a step is not entered before one the case has taken",
            "occurred_at",
        )


async def _open(
    client: Client,
    event: EventBase,
    task_queue: str,
    register: Store | None,
    grants: Grants,
    sender: str | None,
    scope: SendScope | None = None,
    seen_before: str | None = None,
) -> dict[str, Any]:
    opening = OPENINGS[type(event)]
    summary = opening.summary(event)
    unit_id = opening.unit(event)
    if register is not None:
        subject = register.person(opening.subject(event))
        unit_id = unit_id or (subject.unit_id if subject else None)
        if unit_id and opening.unit(event) and register.unit(unit_id) is None:
            raise RuleViolation(
                EVENT_CONTRACT,
                f"payload.unit_id: {unit_id} is not in the register",
                "payload.unit_id",
            )
        if unit_id:  # "Permisjon: education, Oslo fengsel": no personal data
            summary = f"{summary}, {register.unit_name(unit_id)}"
    if scope is not None and register is not None:  # before it learns whether the case exists
        check_send(register, scope, event.actor.person_id, unit_id)
    # The right to open this case type in this unit first: a caller who may not open it
    # learns nothing of whether a case with this id exists (issue 11, review).
    opening.check(event, grants, unit_id)
    if register is not None and (row := register.case(event.workflow_id)) is not None:
        # A case is opened once (issue 11): the register knows it, whatever Temporal still
        # holds, so an opening replayed after the case closed starts no second run.
        if seen_before is not None:  # this sender's own opening again
            return _result("duplicate", event, row.state)
        raise RuleViolation(
            EVENT_CONTRACT, f"case_id: case {event.case_id} exists already: a case is opened once",
            "case_id",
        )  # fmt: skip
    if register is not None:
        subject_field = "payload." + _subject_field(event)
        _in_register(
            register,
            [(subject_field, opening.subject(event)), ("actor.person_id", event.actor.person_id)],
        )
        _earlier_appointment(event, register)
        _nearest_superior(event, register)
        _acting_chain(event, register)
    try:
        handle = await client.start_workflow(
            opening.run,
            _signed_opening(event, opening.build(event, grants), sender),
            id=event.workflow_id,
            task_queue=task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            id_conflict_policy=WorkflowIDConflictPolicy.FAIL,
            search_attributes=TypedSearchAttributes(
                [
                    SearchAttributePair(search.CASE_TYPE, event.case_type),
                    SearchAttributePair(search.CASE_STATE, "requested"),
                    SearchAttributePair(search.RULESET, opening.ruleset),
                ]
            ),
            static_summary=summary,
        )
    except WorkflowAlreadyStartedError:
        view = await _describe(client, event)
        # The same opening from the same sender (bound before), or without a register its id.
        again = seen_before is not None if register is not None else True
        if view is not None and again and view.opened_by_event == event.event_id:
            return _result("duplicate", event, view.state)
        raise RuleViolation(
            EVENT_CONTRACT, f"case_id: case {event.case_id} already exists", "case_id"
        ) from None
    view = await _registered(client, event, sender)
    state = view.state if view else "requested"
    return {**_result("accepted", event, state), "run_id": handle.result_run_id}


def _subject_field(event: EventBase) -> str:
    fields = type(event.payload).model_fields
    return next((f for f in ("employee_id", "nearest_superior_id") if f in fields), "subject")


def _check_people(event: EventBase, register: Store | None) -> None:
    """People a step names (absent employees to notify, § 4 nr. 3) must be in the register."""
    refs = getattr(event.payload, "person_refs", None)
    if register is not None and refs is not None:
        _in_register(register, refs())


def _in_register(register: Store, people: list[tuple[str, str]]) -> None:
    """Every (field, person id) names someone in the register, or the refusal names the field."""
    for field, person_id in people:
        if register.person(person_id) is None:
            raise RuleViolation(
                EVENT_CONTRACT, f"{field}: {person_id} is not in the register", field
            )


async def _registered(
    client: Client, event: EventBase, sender: str | None, seconds: float = 5.0
) -> Outcome | None:
    """The case's state once the worker has registered the case (so the caller sees where it
    went), or None if no worker picked it up in time: the case is safe in Temporal."""
    handle = client.get_workflow_handle(event.workflow_id)
    workflow_class = WORKFLOWS[event.case_type]
    req = Registration(event_id=event.event_id, sender=sender)
    req.signature = signing.sign(req, name=REGISTERED, workflow_id=event.workflow_id)
    try:
        return await asyncio.wait_for(
            handle.execute_update(
                workflow_class.registered,
                req,
                id=f"{signing.update_id(sender, event.event_id)}:registered",
                result_type=Outcome,
            ),
            seconds,
        )
    except (
        TimeoutError,
        RPCError,
        WorkflowUpdateFailedError,
        WorkflowUpdateRPCTimeoutOrCancelledError,
    ):
        return None


async def _update(
    client: Client, event: EventBase, grants: Grants, sender: str | None
) -> dict[str, Any]:
    handle = client.get_workflow_handle(event.workflow_id)
    payload: Any = event.payload
    if event.trigger:  # a duty case step: the generic `act` Update names its trigger
        payload = Act(trigger=event.trigger, data=event.payload.model_dump(mode="json"))
    cmd = _signed_command(event, payload, grants, sender)
    try:
        view = await _execute(handle, event, cmd)
    except WorkflowUpdateFailedError as exc:
        raise _refusal(exc.cause) from None
    except RPCError as exc:
        if exc.status != RPCStatusCode.NOT_FOUND:
            raise
        view = await _describe(client, event)
        if view is None:
            raise RuleViolation(
                EVENT_CONTRACT, f"case_id: no {event.case_type} case {event.case_id}", "case_id"
            ) from None
        if any(h.event_id == event.event_id and h.sender == sender for h in view.history):
            return _result("duplicate", event, view.state)
        raise RuleViolation(
            EVENT_CONTRACT, f"case {event.case_id} is closed (state {view.state})", "case_id"
        ) from None
    return _result("accepted", event, view.state)


BUSY_RETRY_SECONDS = 60.0
# Temporal admits 10 Updates per workflow at a time; one intake process keeps below that per
# case, so a flood for one case queues here instead of hammering the server with refusals.
UPDATES_PER_CASE = 8
_slots: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}  # case -> (slots, [users])


@contextlib.asynccontextmanager
async def _case_slot(workflow_id: str) -> AsyncIterator[None]:
    slot, users = _slots.setdefault(workflow_id, (asyncio.Semaphore(UPDATES_PER_CASE), [0]))
    users[0] += 1
    try:
        async with slot:
            yield
    finally:
        users[0] -= 1
        if users[0] == 0:
            del _slots[workflow_id]


async def _execute(handle: Any, event: EventBase, cmd: Command[Any]) -> Outcome:
    """Run the Update. Temporal admits a few Updates per case at a time (10 by default), and
    aborts those waiting when the case continues as new; a run winding down to continue as new
    rejects new ones (WINDING_DOWN): a flood for one case (thousands of applications) waits its
    turn or goes to the next run, with backoff, and the sender never sees either. The Update id
    is a keyed tag of the sender and the event id (`signing.update_id`: Temporal keeps it in
    plain text), so a retry is the same event and another sender's id another."""
    loop = asyncio.get_running_loop()
    give_up, pause = loop.time() + BUSY_RETRY_SECONDS, 0.05
    while True:
        try:
            async with _case_slot(event.workflow_id):
                return await handle.execute_update(  # type: ignore[no-any-return]
                    event.update or "",
                    cmd,
                    id=signing.update_id(cmd.sender, cmd.event_id),
                    result_type=Outcome,
                )
        except RPCError as exc:
            retry = exc.status in (RPCStatusCode.RESOURCE_EXHAUSTED, RPCStatusCode.UNAVAILABLE)
            if not (retry or _not_ready(exc)) or loop.time() > give_up:
                raise
        except WorkflowUpdateFailedError as exc:
            cause = exc.cause
            if not isinstance(cause, ApplicationError) or cause.type != WINDING_DOWN:
                raise
            if loop.time() > give_up:  # a run that never continues: say so, not "refused"
                why = "the case did not continue as new in time"
                raise RPCError(why, RPCStatusCode.UNAVAILABLE, b"") from None
        await asyncio.sleep(pause)
        pause = min(pause * 2, 1.0)


def _not_ready(exc: RPCError) -> bool:
    """The server aborted the Update with the workflow task that carried it (WorkflowNotReady:
    a run that continued as new while Updates arrived): the Update was not taken, so the same
    Update id is sent again (issue 16)."""
    details = exc.grpc_status.details
    return any(d.type_url.endswith("WorkflowNotReadyFailure") for d in details)


async def _describe(client: Client, event: EventBase) -> CaseView | None:
    try:
        handle = client.get_workflow_handle(event.workflow_id)
        return await handle.query(WORKFLOWS[event.case_type].describe, result_type=CaseView)
    except RPCError as exc:
        if exc.status == RPCStatusCode.NOT_FOUND:
            return None
        raise


def _refusal(cause: BaseException | None) -> RuleViolation:
    if isinstance(cause, ApplicationError) and cause.type == REFUSED and cause.details:
        d = cause.details[0]
        return RuleViolation(d.get("rule", ""), d.get("error", str(cause)), d.get("field"))
    return RuleViolation(EVENT_CONTRACT, f"refused: {cause}")


def _result(status: str, event: EventBase, state: str) -> dict[str, Any]:
    return {
        "status": status,
        "event_id": event.event_id,
        "case_id": event.case_id,
        "workflow_id": event.workflow_id,
        "state": state,
    }
