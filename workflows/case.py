"""Shared case machinery for every case type's workflow.

A case workflow owns one `CaseMachine` from states/. Human actions arrive as
Updates: the validator runs the machine's checks (nothing is written for a
refused action), the handler fires the transition under a lock, journals it,
upserts the search attributes and runs the side effects as activities.
Deadlines are durable timers computed from `workflow.now()`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field
from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from activities.contracts import (
        CaseContext,
        Letter,
        LetterSent,
        OpenCase,
        StepRecord,
        ViewRecord,
    )
    from intake import signing
    from states.authority import Grants, decision_date
    from states.calendar import Deadline, local_date
    from states.council import CONVENE, Collegial, voting_seats
    from states.machine import SYSTEM, Actor, CaseMachine, HistoryEntry
    from states.org import Council
    from states.rules import EVENT_CONTRACT, RULESET, RULESET_PATCH, RuleViolation
    from states.tasks import step_data
    from workflows import patches, search

P = TypeVar("P", bound=BaseModel)

ACTIVITY_TIMEOUT = timedelta(seconds=60)
# A delivery heartbeats while it talks to the mail server (activities/heartbeat.py), so a worker
# that dies mid-delivery is noticed in seconds, not after the whole start-to-close timeout.
DELIVERY_HEARTBEAT = timedelta(seconds=5)  # beats every 2 s (activities/heartbeat.py)
RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5))
ONCE = RetryPolicy(maximum_attempts=1)
# The register's own short, idempotent writes run as local activities: no round trip through
# the server for each step (bench/intake_latency.py: opening a case p50 150 -> see RESULTS.md).
# Cases started before this change replay their recorded activities (workflow.patched).
LOCAL = {"open_case", "record_step", "load_context", "record_view"}
LOCAL_PATCH = "local-register-writes"
# The read model (issue 16): the case writes its view to the register whenever it changes, so
# reads do not replay it; cases started before this write none and are read by query.
READ_MODEL_PATCH = "16-read-model"
# The work queue (issue 15): the case file its guards read is written beside the view.
QUEUE_FILE_PATCH = "issue15-queue-file"
REFUSED = "RuleViolation"
# A run that has decided to continue as new takes no more Updates (issue 16): its validators
# reject them with this type, leaving no trace in its history, and the door sends them again,
# to the next run (intake/dispatch.py `_execute`); the sender never sees it.
WINDING_DOWN = "ContinuingAsNew"
# What a case records when its own work cannot be done (issue 13): a journal entry that keeps
# the state, names the rule and the field, and shows in the case view's `problems`. Never a
# workflow task failing in a loop, never a letter activity retrying forever.
LETTER_NOT_SENT = "letter_not_sent"
NOT_DONE = "not_done"
PROBLEMS = frozenset({LETTER_NOT_SENT, NOT_DONE})
# Errors the letter activity raises non-retryably (activities/case_activities.py `send_letter`).
LETTER_ERRORS = frozenset({"UnknownPerson", "LetterNotRendered"})


class Command(BaseModel, Generic[P]):
    """A human action: the event that carried it, who acts, and the typed payload; who sent
    it through the door (`system:<api client>`, `person:<id>`, `cli:<os user>`), and the
    door's signature over all of it (intake/signing.py)."""

    event_id: str
    actor: Actor
    payload: P
    # What the register holds for the actor on the event's date, put there by the door
    # (intake/dispatch.py); guards read these, never `actor.role`. None only in commands
    # recorded before issue 11 (see `grants_for`).
    grants: Grants | None = None
    sender: str | None = None
    signature: str | None = None

    @property
    def key(self) -> str:
        """What makes the command the same event again: its id within its sender's ids."""
        return event_key(self.sender, self.event_id)


class Registration(BaseModel):
    """The door's wait for a case it opened (the `registered` Update), signed like every
    command so that only the door may send it (issue 11). None in histories from before."""

    event_id: str
    sender: str | None = None
    signature: str | None = None


REGISTERED = "registered"  # the Update's name, which the door signs it under


def event_key(sender: str | None, event_id: str) -> str:
    """An event's idempotency key: event ids are each sender's own (issue 11), so the key is
    the sender and the id; the Update id too. Commands recorded without a sender keep the bare
    id, as their histories used it."""
    return f"{sender}/{event_id}" if sender else event_id


def grants_for(actor: Actor, grants: Grants | None) -> Grants | None:
    """The grants the guards read: the command's, or for a command recorded before issue 11 its
    unverified claim, so old histories replay the decisions they took then. No actor name is
    exempt: the case's own steps have no command, and the door refuses the name `system`."""
    if grants is not None:
        return grants
    return Grants.from_claim(actor.person_id, actor.role)


def check_signature(cmd: BaseModel) -> None:
    """Update validators: refuse a command the door did not sign (a client talking to Temporal
    directly). Validators do not run on replay, so rotating the keys never breaks a case."""
    info = workflow.current_update_info()
    name = info.name if info else ""
    why = signing.problem(cmd, name=name, workflow_id=workflow.info().workflow_id)
    if why:
        raise refusal(RuleViolation(EVENT_CONTRACT, why, "signature"))
    # The door sends the register's grants with every command; `grants_for` falls back to the
    # role claim only for commands recorded before issue 11, which replay without validators.
    if getattr(cmd, "grants", None) is None:
        why = "a command without the register's grants is not accepted (the door sends them)"
        raise refusal(RuleViolation(EVENT_CONTRACT, why, "grants"))


class DocumentRef(BaseModel):
    doc_id: str
    title: str


class Party(BaseModel):
    person_id: str
    role: str


class SittingCouncil(BaseModel):
    """A council that decides (or decided) the case, as it sits for it (PR-2012 § 11, per-case
    seats filled). The door reads it to decide a council member's read (intake/access.py), set
    against the register's seats on the day of the read."""

    council_id: str
    kind: str
    members: list[str] = Field(default_factory=list)  # as it sits, personal deputies included
    decided: bool = False  # its decision (protocol) is entered: per-case seats read no more


def sitting(council: Council | None, decided: bool) -> list[SittingCouncil]:
    if council is None:
        return []
    members = [m.person_id for m in council.members]
    return [SittingCouncil(council_id=council.council_id, kind=council.kind, members=members,
                           decided=decided)]  # fmt: skip


def activity_failure(exc: BaseException, types: frozenset[str]) -> ApplicationError | None:
    """The activity's own non-retryable error of one of `types`: a remote activity's comes as
    the cause of an ActivityError, a local activity's as itself."""
    cause = exc.cause if isinstance(exc, ActivityError) else exc
    if isinstance(cause, ApplicationError) and cause.type in types:
        return cause
    return None


class Problem(BaseModel):
    """Work the case could not do: a letter not sent, a linked case not opened (issue 13)."""

    what: str  # the journal trigger: letter_not_sent | not_done
    rule: str
    at: datetime
    note: str


class CaseView(BaseModel):
    """The case view of DESIGN.md: `case show --json` and the `describe` query."""

    case_id: str
    case_type: str
    state: str
    ruleset: str
    org_unit: str | None = None
    opened_by_event: str
    history: list[HistoryEntry]
    deadlines: list[Deadline]
    documents: list[DocumentRef]
    parties: list[Party]
    waiting_for: str = ""
    details: dict[str, Any] = Field(default_factory=dict)
    councils: list[SittingCouncil] = Field(default_factory=list)
    # Work not done, from the journal (an officer sees what to put right; issue 13).
    problems: list[Problem] = Field(default_factory=list)


class Answer(BaseModel):
    """What a step's Update answers (issue 16): the case and the state it is in. The door
    reads no more (intake/dispatch.py `Outcome`), and an Update's answer is stored in the
    case's history each time; the whole view is read from the register's read model or the
    `describe` query. Updates recorded before answered with the whole `CaseView`."""

    case_id: str
    state: str


def refusal(exc: RuleViolation) -> ApplicationError:
    """The one way a case refuses: an ApplicationError that names the rule and field."""
    return ApplicationError(exc.message, exc.as_dict(), type=REFUSED, non_retryable=True)


class CaseWorkflow:
    """Base of every case workflow. Subclasses set `case_type`, build `self.machine`,
    and implement `next_timer`, `on_timer` and `waiting_for`."""

    case_type: str = ""
    # Details that change with every workflow task (a run's event count): shown live, and not
    # a reason to write the read model again.
    live_details: tuple[str, ...] = ()

    def __init__(self) -> None:
        self.machine: CaseMachine
        self.case_id = ""
        self.opened_by_event = ""
        self.org_unit: str | None = None
        self.region: str | None = None
        self.deadlines: dict[str, Deadline] = {}
        self.documents: list[DocumentRef] = []
        self.parties: list[Party] = []
        self.seen: set[str] = set()  # event ids taken: a repeated event is a no-op
        self.lock = asyncio.Lock()
        self.ready = False  # set once the case is registered and its rules can be checked
        self.opened = False  # set once the opening's own work (its letters) is done
        self.ruleset = RULESET  # the case's own, set when it opens (`case_ruleset`)
        self.tasks: list[asyncio.Task[Any]] = []  # work started outside a handler (appeals)
        self.unit_name = ""
        self.view_written: Any = None  # the view (and file) last written to the read model
        self.winding_down = False  # decided to continue as new: no new Updates (`admit`)

    # -- what subclasses provide ------------------------------------------------------

    def next_timer(self) -> tuple[str, datetime] | None:
        return None

    async def on_timer(self, name: str) -> None:
        raise NotImplementedError

    def waiting_for(self) -> str:
        return ""

    def case_ruleset(self) -> str:
        """The ruleset this case type opens under (DESIGN.md: recorded on the case)."""
        return RULESET

    def timer_triggers(self) -> set[str]:
        """Triggers a durable timer fires (for the deadlines-passed metric)."""
        return set()

    def details(self) -> dict[str, Any]:
        return {}

    def armed(self) -> list[Deadline]:
        """Timers armed now that no named deadline already shows (for the case view)."""
        return []

    def waiting(self) -> str:
        return self.waiting_for() if self.ready else "the case to be registered"

    # -- the case view ------------------------------------------------------------------

    @property
    def workflow_id(self) -> str:
        return workflow.info().workflow_id

    def view(self) -> CaseView:
        return CaseView(
            case_id=self.case_id,
            case_type=self.case_type,
            state=self.machine.state,
            ruleset=self.ruleset,
            org_unit=self.org_unit,
            opened_by_event=self.opened_by_event,
            history=self.machine.history,
            deadlines=sorted([*self.deadlines.values(), *self.armed()], key=lambda d: d.due),
            documents=self.documents,
            parties=self.parties,
            waiting_for=self.waiting(),
            details=self.details(),
            councils=self.councils(),
            problems=[
                Problem(what=e.trigger, rule=e.rule, at=e.at, note=e.note or "")
                for e in self.machine.history
                if e.trigger in PROBLEMS
            ],
        )

    def councils(self) -> list[SittingCouncil]:
        """The councils that decide this case, as they sit for it (none by default)."""
        return []

    @workflow.query
    def describe(self) -> CaseView:
        return self.view()

    async def write_view(self) -> None:
        """Write the view to the register's read model when it changed since the last write
        (a local activity in the workflow task that changed it, before an Update's answer)."""
        if not patches.patched(READ_MODEL_PATCH):
            return
        # Issue 15: the file its guards read goes with the view, and a change to it alone (a
        # handler's effect after its step was written) is written too; cases recorded before
        # write as they did.
        with_file = self.queue_file_on = patches.patched(QUEUE_FILE_PATCH)
        while True:  # until a handler working meanwhile has changed nothing more
            view = self.view().model_dump(mode="json")
            details = {k: v for k, v in view["details"].items() if k not in self.live_details}
            file = self.queue_file() if with_file else None
            # Compared as JSON values, not encoded (issue 16: encoding both on every pass was
            # a tenth of a short case's workflow time); JSON-mode dumps compare alike.
            written = ({**view, "details": details}, file)
            if written == self.view_written:
                return
            self.view_written = written
            record = ViewRecord(workflow_id=self.workflow_id, case_id=self.case_id,
                                case_type=self.case_type, view=view, file=file)  # fmt: skip
            await self.run_activity(CaseActivities.record_view, record)

    queue_file_on = False  # set by the first write of the view: the case writes its file

    def file_mark(self) -> dict[str, Any] | None:
        """The file as the work queue reads it, in cases that write it; None in the others."""
        return self.queue_file() if self.queue_file_on else None

    def queue_file(self) -> dict[str, Any] | None:
        """What the case's guards read, for the work queue's probe (intake/tasks.py, issue 15):
        the file as its guards read it (the register's slice it loaded included), less the day
        (set for each step) and what a file type leaves out as too large to carry on each
        write (a hiring case's applications: `QUEUE_OMITS`). None once the case is erased."""
        case = getattr(getattr(self, "machine", None), "case", None)
        if not isinstance(case, BaseModel) or getattr(self, "erased", None) is not None:
            return None
        omit: dict[str, Any] = {"today": True, "effective": True}
        omit |= getattr(type(case), "QUEUE_OMITS", {})
        return case.model_dump(mode="json", exclude=omit)

    @workflow.update
    async def registered(self, req: Registration | None = None) -> Answer:
        """Answers once the case is registered: the intake waits on this after opening a case
        (one round trip, where polling `describe` cost a query task every few milliseconds).
        `req` is None only in histories recorded before it was signed (no validator on replay)."""
        await workflow.wait_condition(lambda: self.opened)
        return self.answer()

    @registered.validator
    def _validate_registered(self, req: Registration | None = None) -> None:
        """Only the door waits on a case: an unsigned or forged `registered` is refused."""
        why = (
            signing.problem(req, name=REGISTERED, workflow_id=workflow.info().workflow_id)
            if req is not None
            else "signature: missing (only the intake may send commands to a case)"
        )
        if why:
            raise refusal(RuleViolation(EVENT_CONTRACT, why, "signature"))

    # -- running the machine ------------------------------------------------------------

    async def open(self, person_id: str, unit_id: str | None = None) -> CaseContext:
        """Register the case and load the slice of the register its rules need (with the
        case's unit, where that is not the person's own: a vacant post)."""
        if patches.patched(RULESET_PATCH):  # cases recorded before issue 13 keep PR-2012
            self.ruleset = self.case_ruleset()
        ctx: CaseContext = await self.run_activity(
            CaseActivities.open_case,
            OpenCase(
                workflow_id=self.workflow_id,
                case_id=self.case_id,
                case_type=self.case_type,
                ruleset=self.ruleset,
                person_id=person_id,
                opened_at=workflow.now(),
                unit_id=unit_id,
                # A case is opened once, by one run (issue 11): the register refuses another.
                run_id=workflow.info().first_execution_run_id,
                parent_workflow_id=parent.workflow_id
                if (parent := workflow.info().parent)
                else None,
            ),
        )
        self.unit_name, self.org_unit, self.region = (
            ctx.unit_name,
            unit_id or ctx.person.unit_id,
            ctx.region,
        )
        return ctx

    def verify_opening(self, inp: BaseModel) -> None:
        """A case opened by a client other than the door fails before anything is registered.
        Only live starts are checked: recorded histories (inputs from before signing) replay,
        child cases are started by their parent case, and a fresh run carries its case on."""
        info = workflow.info()
        if workflow.unsafe.is_replaying() or info.parent or info.continued_run_id:
            return
        why = signing.problem(inp, name=signing.START, workflow_id=info.workflow_id)
        if why:
            raise refusal(RuleViolation(EVENT_CONTRACT, why, "signature"))

    def today(self) -> Any:
        return local_date(workflow.now())

    def admit(self) -> None:
        """Update validators: a run winding down to continue as new rejects the Update (not a
        refusal: nothing about the event is judged), so it lands in the next run's history."""
        if self.winding_down:
            raise ApplicationError(
                "the case is continuing as new: send the event again", type=WINDING_DOWN
            )

    def _effective(self, grants: Grants | None) -> None:
        """The step's effective date on the case file, for guards that ask the register about
        other people than the actor (the subject's roles, a body's holders): `decision_date`."""
        case = self.machine.case
        if "effective" in type(case).model_fields:
            case.effective = decision_date(grants, case.today)
        if "step_grants" in type(case).model_fields:  # disc6: seats judged from the register
            case.step_grants = grants

    def validate(self, trigger: str, cmd: Command[Any]) -> None:
        """Validator body: refuse before anything is written. An action that arrives while
        the case is still being opened is checked by its handler once the case is ready."""
        check_signature(cmd)
        if self.ready and cmd.key not in self.seen:
            self.check(trigger, cmd)

    async def begin(self, cmd: Command[Any]) -> Answer | None:
        """Start of every Update handler: wait for the case to open; answer a repeat."""
        await workflow.wait_condition(lambda: self.ready)
        return self.answer() if cmd.key in self.seen else None

    def check(self, trigger: str, cmd: Command[Any] | None = None, **data: Any) -> dict[str, Any]:
        """Run the machine's checks for `trigger` or raise the refusal. Writes nothing. The
        step's data is set up by `step_data`, as the work queue sets it up (issue 15)."""
        payload = step_data(
            self.machine.case,
            self.today(),
            cmd.actor if cmd else SYSTEM,
            cmd.payload if cmd else None,
            grants_for(cmd.actor, cmd.grants) if cmd else None,
        )
        payload.update(data)
        self._effective(payload["grants"])
        try:
            self.machine.check(trigger, payload)
        except RuleViolation as exc:
            self.count("personalsak_refusals", rule=exc.rule, trigger=trigger)
            raise refusal(exc) from None
        return payload

    async def fire(
        self,
        trigger: str,
        cmd: Command[Any] | None = None,
        *,
        rule: str | None = None,
        on_behalf_of: str | None = None,
        note: str | None = None,
        sender: str | None = None,
        **data: Any,
    ) -> HistoryEntry:
        """Take the transition, journal it, and show the new state in the UI."""
        self.machine.case.today = self.today()
        payload = {
            "actor": cmd.actor if cmd else SYSTEM,
            "payload": cmd.payload if cmd else None,
            "grants": grants_for(cmd.actor, cmd.grants) if cmd else None,
        }
        payload.update(data)
        self._effective(payload["grants"])
        try:
            entry = self.machine.fire(
                trigger,
                actor=payload["actor"],
                at=workflow.now(),
                data=payload,
                rule=rule,
                on_behalf_of=on_behalf_of,
                event_id=cmd.event_id if cmd else None,
                note=note,
            )
        except RuleViolation as exc:
            raise refusal(exc) from None
        entry.sender = sender or (cmd.sender if cmd else None)  # who sent it through the door
        self.publish()
        # Open cases by state = entered - left (PromQL); a step a timer took is a deadline
        # that passed without the action it waited for.
        self.count("personalsak_case_steps", trigger=entry.trigger, state=entry.dest)
        if entry.source != entry.dest:
            self.count("personalsak_case_states_left", state=entry.source)
        if entry.actor.person_id == SYSTEM.person_id and entry.trigger in self.timer_triggers():
            self.count("personalsak_deadlines_passed", trigger=entry.trigger)
        # Only the step and its rule: names and reasons stay in payloads.
        workflow.logger.info(
            "step %s: %s -> %s [%s]", entry.trigger, entry.source, entry.dest, entry.rule
        )
        await self.run_activity(
            CaseActivities.record_step,
            StepRecord(workflow_id=self.workflow_id, seq=len(self.machine.history), entry=entry),
        )
        return entry

    def publish(self) -> None:
        """Search attributes and current details: what an operator sees in the UI."""
        timer = None if self.machine.is_final else self.next_timer()
        updates = [
            search.CASE_TYPE.value_set(self.case_type),
            search.CASE_STATE.value_set(self.machine.state),
            search.RULESET.value_set(self.ruleset),
            search.NEXT_DEADLINE.value_set(timer[1])
            if timer
            else search.NEXT_DEADLINE.value_unset(),
        ]
        if self.org_unit:
            updates.append(search.ORG_UNIT.value_set(self.org_unit))
        if self.region:
            updates.append(search.REGION.value_set(self.region))
        if parent := workflow.info().parent:
            updates.append(search.PARENT_CASE.value_set(parent.workflow_id))
        workflow.upsert_search_attributes(updates)
        waiting = self.waiting()
        when = f" (next: {timer[0]} at {timer[1].isoformat()})" if timer else ""
        workflow.set_current_details(f"{self.case_type} {self.case_id}: {waiting}{when}")

    def count(self, name: str, **labels: str) -> None:
        """Case metrics (steps by state, refusals by rule) on the worker's Prometheus endpoint;
        the workflow meter records nothing during replay."""
        counter = workflow.metric_meter().create_counter(name, "count")
        counter.add(1, {"case_type": self.case_type, **labels})

    async def run_activity(
        self,
        fn: Any,
        *args: Any,
        timeout: timedelta = ACTIVITY_TIMEOUT,
        retry: RetryPolicy = RETRY,
        heartbeat: timedelta | None = None,
    ) -> Any:
        # The summary names the case step, never a person: the UI shows it unencrypted.
        history = self.machine.history if hasattr(self, "machine") else []
        step = history[-1] if history else None
        summary = f"{fn.__name__} after {step.trigger} [{step.rule}]" if step else fn.__name__
        if fn.__name__ in LOCAL and patches.patched(LOCAL_PATCH):
            return await workflow.execute_local_activity_method(
                fn, args=list(args), start_to_close_timeout=timeout, retry_policy=retry,
                summary=summary,
            )  # fmt: skip
        long_running = ACTIVITY_TIMEOUT if timeout > ACTIVITY_TIMEOUT else None
        return await workflow.execute_activity_method(
            fn,
            args=list(args),
            start_to_close_timeout=timeout,
            heartbeat_timeout=heartbeat or long_running,
            retry_policy=retry,
            summary=summary,
        )

    async def letter(self, letter: Letter) -> None:
        """File a letter with the case and deliver it (outbox + idempotent delivery). A letter
        that cannot be made (its template fails, a recipient is not in the register) is not
        retried: the case records it in its journal, names the rule and field, and goes on
        (docs/legal-choices.md "A letter that cannot be made")."""
        if letter.rule is None:
            letter = letter.model_copy(update={"rule": self._last_rule()})
        try:
            sent: LetterSent = await self.run_activity(CaseActivities.send_letter, letter)
        except (ActivityError, ApplicationError) as exc:
            cause = activity_failure(exc, LETTER_ERRORS)
            if cause is None:
                raise
            details = cause.details[0] if cause.details else {}
            detail = details if isinstance(details, dict) else {}
            rule = str(detail.get("rule") or self._last_rule())
            field = detail.get("field", "")
            await self.record_problem(
                LETTER_NOT_SENT,
                rule,
                f"letter '{letter.template}' ({letter.title}) not sent: {cause.message}"
                + (f" [field: {field}]" if field else ""),
            )
            return
        self.documents.append(DocumentRef(doc_id=sent.doc_id, title=sent.title))
        await self.deliver(sent.outbox_keys)

    def _last_rule(self) -> str:
        history = self.machine.history
        return history[-1].rule if history else EVENT_CONTRACT

    async def record_problem(self, what: str, rule: str, note: str) -> HistoryEntry:
        """Journal work the case could not do, in the state it is in (no transition): the
        register's journal and the case view's `problems` show it to an officer."""
        entry = HistoryEntry(
            trigger=what,
            source=self.machine.state,
            dest=self.machine.state,
            rule=rule,
            actor=SYSTEM,
            at=workflow.now(),
            note=note,
        )
        self.machine.history.append(entry)
        self.count("personalsak_case_problems", what=what, rule=rule)
        workflow.logger.warning("case work not done: %s [%s]", what, rule)  # no personal data
        self.publish()
        await self.run_activity(
            CaseActivities.record_step,
            StepRecord(workflow_id=self.workflow_id, seq=len(self.machine.history), entry=entry),
        )
        return entry

    async def deliver(self, keys: list[str]) -> None:
        """Deliver queued messages: once now; a message that cannot go now (the mail server is
        down) stays in the outbox and is retried in the background with backoff, so the step
        that sent it is not held up."""
        for key in keys:
            await self.now_or_later(CaseActivities.deliver, key, heartbeat=DELIVERY_HEARTBEAT)

    async def now_or_later(
        self,
        fn: Any,
        arg: Any,
        timeout: timedelta = ACTIVITY_TIMEOUT,
        heartbeat: timedelta | None = None,
    ) -> None:
        """Run `fn` once now; if that fails, retry it in the background with backoff."""
        try:
            await self.run_activity(fn, arg, timeout=timeout, retry=ONCE, heartbeat=heartbeat)
        except ActivityError:
            later = self.run_activity(fn, arg, timeout=timeout, heartbeat=heartbeat)
            self.tasks.append(asyncio.create_task(later))

    async def convened(self, collegial: Collegial, label: str) -> None:
        """PR-2012 § 13 nr. 1 (council8): the council its leader just convened: the day it meets
        among the case's deadlines, and the case's papers to every member as it sits for the
        case ("tilgang til alle saksdokumentene ... før den tas opp til behandling")."""
        council, sat = collegial.council_of(self.file), collegial.sitting(self.file)  # type: ignore[attr-defined]
        if council is None or sat.meeting_on is None:
            return
        name, day = f"{collegial.prefix}council_meeting", sat.meeting_on
        self.deadlines[name] = Deadline(
            name=name, rule=CONVENE, start=self.today(), raw_end=day, due=day,
            explanation=f"{council.name}: {sat.procedure} set for {day.isoformat()}",
        )  # fmt: skip
        await self.letter(Letter(
            key=f"{self.workflow_id}:council_papers:{len(self.machine.history)}",
            workflow_id=self.workflow_id, template="council_papers",
            title=f"Saksdokumenter til {council.name}", recipients=voting_seats(council),
            dated=workflow.now(), rule=CONVENE,
            context={
                "case_id": self.case_id, "case_label": label, "unit_name": self.unit_name,
                "today": self.today().isoformat(), "council_name": council.name,
                "matter": label, "matter_rule": collegial.rule, "procedure": sat.procedure,
                "meeting_on": day.isoformat(), "rule": CONVENE, "decider": None,
                "documents": [d.title for d in self.documents],
            },
        ))  # fmt: skip

    @staticmethod
    def signature(decider: Any, org: Any) -> tuple[dict[str, str], str | None]:
        """Who signs a decision letter: the decider, and on whose behalf (a person's fullmakt,
        or the council whose decision the leader enters)."""
        people = {"decider": decider.person_id}
        council = next((c for c in org.councils if c.council_id == decider.on_behalf_of), None)
        if decider.on_behalf_of and council is None:
            people["on_behalf_of"] = decider.on_behalf_of
        return people, council.name if council else None

    def remember(self, cmd: Command[Any]) -> Answer:
        self.seen.add(cmd.key)
        return self.answer()

    def answer(self) -> Answer:
        return Answer(case_id=self.case_id, state=self.machine.state)

    # -- the main loop --------------------------------------------------------------------

    def should_continue_as_new(self) -> bool:
        """A case that takes many events (a hiring case's applications) starts a fresh run
        before Temporal's history limits; see DutyCase."""
        return False

    async def continue_as_new(self) -> None:
        raise NotImplementedError

    async def run_until_closed(self) -> CaseView:
        """Wait for actions and fire due timers until the machine reaches a final state."""
        self.opened = True
        while not self.machine.is_final:
            if self.should_continue_as_new():
                await self.continue_as_new()
            timer = self.next_timer()
            seen = len(self.machine.history), len(self.documents), timer, self.file_mark()
            # Written after `seen` is taken: what a handler changes while the view is being
            # written wakes the loop again, and the next pass writes it.
            await self.write_view()

            def moved(seen: tuple[Any, ...] = seen) -> bool:
                # A step, a document, or a timer set by a handler's work re-plans the wait; in
                # cases that write their file (issue 15), so does a handler's effect on it after
                # its step was written (a council's vote), so that the file written is current.
                # The file, the costly one, only when nothing cheaper moved (issue 16): the
                # SDK asks this after every step of every coroutine of the case.
                now = len(self.machine.history), len(self.documents), self.next_timer()
                if now != seen[:3]:
                    return True
                return self.file_mark() != seen[3] or self.should_continue_as_new()

            if timer is None:
                await workflow.wait_condition(moved)
                continue
            delay = (timer[1] - workflow.now()).total_seconds()
            if delay > 0:
                try:
                    await workflow.wait_condition(moved, timeout=delay)
                    continue
                except TimeoutError:
                    pass
            async with self.lock:
                if self.next_timer() == timer:  # an update may have changed the plan meanwhile
                    await self.on_timer(timer[0])
        # Finish what handlers and background tasks started (their activities) before closing.
        await workflow.wait_condition(
            lambda: workflow.all_handlers_finished() and all(t.done() for t in self.tasks)
        )
        await self.write_view()
        return self.view()
