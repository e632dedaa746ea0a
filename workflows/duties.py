"""The duty cases (TI-2020; PR-2012 §§ 24–26): one workflow per case type, all run by
`DutyCase` from their spec in states/ (machine rows, payload models, letters, timers)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, ClassVar

from pydantic import BaseModel, Field, ValidationError
from temporalio import workflow
from temporalio.workflow import ChildWorkflowHandle, ParentClosePolicy

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from activities.contracts import CaseContext, Letter
    from states import duties
    from states.authority import Grants
    from states.calendar import Deadline, start_of_day
    from states.catalog import DUTIES
    from states.council import (
        COLLEGIAL_PATCH,
        CONVENE_PATCH,
        COUNCIL9_PATCH,
        COUNCIL10_PATCH,
        COUNCIL11_PATCH,
        REVIEW5_PATCH,
        VOTER_SIGNS_PATCH,
        Collegial,
        Sitting,
        sitting_view,
    )
    from states.duties import DutyFile, DutySpec
    from states.machine import Actor, CaseMachine, HistoryEntry
    from states.rules import EVENT_CONTRACT, RULESET, RuleViolation
    from states.service_instruction import neglect_assessed, stood_aside
    from workflows import patches
    from workflows.case import (
        Answer,
        CaseView,
        CaseWorkflow,
        Command,
        DocumentRef,
        Party,
        SittingCouncil,
        check_signature,
        refusal,
        sitting,
    )

# Temporal caps a run at 51 200 events and warns at 10 240; a case starts a fresh run well
# before, with room for the updates that arrive while it winds down.
EVENTS_PER_RUN = 8_000
# Issue 16: a run that decides to continue as new first stops taking Updates (`admit`), then
# lets its handlers and its own work in flight finish (a hiring case's register writes), and
# only then continues. Before, a flood of applications kept a run growing while it waited
# (888 events against a limit of 400), and a run that continued with Updates arriving had its
# closing workflow task failed by the server now and then (WorkflowNotReady to the sender).
DRAIN_PATCH = "16-drain-before-continue-as-new"


class Snapshot(BaseModel):
    """A case carried into a fresh run by continue-as-new: everything the workflow holds."""

    state: str
    history: list[HistoryEntry]
    file: dict[str, Any]
    deadlines: dict[str, Deadline]
    documents: list[DocumentRef]
    parties: list[Party]
    seen: list[str]
    unit_name: str
    org_unit: str | None
    region: str | None
    runs: int
    carried: dict[str, Any] = Field(default_factory=dict)  # a case type's own (see `carry`)
    ruleset: str = RULESET  # the case's ruleset (runs carried before issue 13: PR-2012)


class DutyInput(BaseModel):
    case_id: str
    event_id: str
    actor: Actor
    request: dict[str, Any]
    resume: Snapshot | None = None
    grants: Grants | None = None  # the opener's, from the register (intake/dispatch.py)
    events_per_run: int = EVENTS_PER_RUN  # continue-as-new past this many history events
    sender: str | None = None  # who sent the opening event through the door
    signature: str | None = None  # the door's (intake/signing.py); absent in old histories


class Act(BaseModel):
    """One human step: the machine trigger and its payload (checked against the spec)."""

    trigger: str
    data: dict[str, Any] = Field(default_factory=dict)


class DutyCase(CaseWorkflow):
    spec: ClassVar[DutySpec]

    @workflow.init
    def __init__(self, inp: DutyInput) -> None:
        super().__init__()
        self.case_type = self.spec.case_type
        self.case_id, self.opened_by_event = inp.case_id, inp.event_id
        self.input = inp
        request = self.spec.opening.model_validate(inp.request)
        model = self.spec.file_model or DutyFile
        if inp.resume:
            r = inp.resume
            self.file = model.model_validate(r.file)
            self.machine = CaseMachine(self.spec.machine, self.file, r.state, list(r.history))
            self.deadlines, self.documents, self.parties = r.deadlines, r.documents, r.parties
            self.seen, self.unit_name = set(r.seen), r.unit_name
            self.org_unit, self.region, self.ruleset = r.org_unit, r.region, r.ruleset
            self.restore(r.carried)
            return
        self.file = model(request=request, today=self.today())
        self.machine = CaseMachine(self.spec.machine, self.file)
        self.parties = [Party(person_id=p, role=role) for p, role in request.party_roles()]

    async def run_case(self) -> CaseView:
        # Before anything else, a resumed snapshot included: only the door (or this case's own
        # continue-as-new) may hand a case its state.
        self.verify_opening(self.input)
        if self.input.resume:
            self.ready = True
            return await self.run_until_closed()
        request = self.file.request
        ctx = await self.open(request.subject_id(), request.case_unit())
        self.file.person, self.file.org = ctx.person, ctx.org
        if "collegial" in type(self.file).model_fields:
            # Issue 13: councils decide as councils (signatures, written procedure by every
            # member's agreement); cases recorded before replay under their old rules.
            self.file.collegial = patches.patched(COLLEGIAL_PATCH)
        # The attacker's review of issue 12: its refusals and routes for cases opened after it.
        self.file.review5 = patches.patched(REVIEW5_PATCH)
        # council9: a demanded meeting stands (§ 13 nr. 2), the register's superior (§ 11 nr. 3).
        self.file.council9 = patches.patched(COUNCIL9_PATCH)
        if self.spec.council is not None or self.spec.councils:
            # council8: every council is convened before it votes (PR-2012 § 13 nr. 1-2).
            self.file.convene = patches.patched(CONVENE_PATCH)
        # § 13 nr. 4 (disc7's rule): the voter signs for the seat, in cases opened after disc8.
        self.file.voter_signs = patches.patched(VOTER_SIGNS_PATCH)
        if "council10" in type(self.file).model_fields:
            # council10: votes only in session (also hiring's), a demanded meeting voids written
            # votes, the hiring central council decides as a council (PR-2012 § 13 nr. 1-6).
            self.file.council10 = patches.patched(COUNCIL10_PATCH)
        if "council11" in type(self.file).model_fields:
            # council11: a written disagreement means a meeting (§ 13 nr. 2), hiring's § 10 nr. 3
            # total read afresh; not discipline's file (no sitting of its own here).
            self.file.council11 = patches.patched(COUNCIL11_PATCH)
        await self.fire("register", sender=self.input.sender)
        self.ready = True
        await self.on_registered()
        if self.spec.registered_letter:
            await self.letter(self._letter(self.spec.registered_letter, "register"))
        await self._automatic_letter()
        return await self.run_until_closed()

    def case_ruleset(self) -> str:
        return self.spec.ruleset

    async def on_registered(self) -> None:
        """A case type's own work once the case is registered."""

    async def before_check(self, trigger: str) -> None:
        """What a case type reads afresh from the register before a step is judged (hiring's
        § 10 nr. 3 total, council11); the validator judged on what the case held."""

    # -- continue-as-new: a fresh run before the history grows too long -----------------------

    def may_continue_now(self) -> bool:
        """Not while work outside the handlers runs (a child case, say)."""
        return all(t.done() for t in self.tasks)

    def should_continue_as_new(self) -> bool:
        info = workflow.info()
        long = info.get_current_history_length() >= self.input.events_per_run
        return (
            self.ready
            and (long or info.is_continue_as_new_suggested())
            and (self.may_continue_now())
        )

    async def continue_as_new(self) -> None:
        if patches.patched(DRAIN_PATCH):
            self.winding_down = True
            await workflow.wait_condition(
                lambda: workflow.all_handlers_finished() and self.drained()
            )
        else:  # runs recorded before: what waits is carried (`carry`)
            await workflow.wait_condition(workflow.all_handlers_finished)
            await self.before_continue_as_new()
        runs = self.input.resume.runs + 1 if self.input.resume else 1
        snapshot = Snapshot(
            state=self.machine.state,
            history=self.machine.history,
            file=self.file.model_dump(mode="json"),
            deadlines=self.deadlines,
            documents=self.documents,
            parties=self.parties,
            seen=sorted(self.seen),
            unit_name=self.unit_name,
            org_unit=self.org_unit,
            region=self.region,
            runs=runs,
            carried=self.carry(),
            ruleset=self.ruleset,
        )
        workflow.logger.info("continuing as new: run %d, state %s", runs + 1, self.machine.state)
        workflow.continue_as_new(self.input.model_copy(update={"resume": snapshot}))

    def drained(self) -> bool:
        """Nothing of this run's own work is left once its handlers finished (a hiring case
        waits for its register writes; see DRAIN_PATCH)."""
        return True

    async def before_continue_as_new(self) -> None:
        """Finish what cannot be carried over (a hiring case's register write in flight)."""

    def carry(self) -> dict[str, Any]:
        """What a case type carries into the next run beside the file (waiting work)."""
        return {}

    def restore(self, carried: dict[str, Any]) -> None:
        """Take back what `carry` gave (called from __init__ of the new run)."""

    # -- timers and what the case waits for -----------------------------------------------

    def next_timer(self) -> tuple[str, datetime] | None:
        """The earliest armed timer for the current state."""
        here = self.machine.state
        armed = [
            (start_of_day(day), t.trigger)
            for t in self.spec.timers
            if (t.state == here or (t.state == "*" and self._has_row(t.trigger)))
            and (day := t.due(self.file)) is not None
        ]
        return (min(armed)[1], min(armed)[0]) if armed else None

    def armed(self) -> list[Deadline]:
        if self.machine.is_final:
            return []
        named = {d.name for d in self.deadlines.values()}
        out = []
        for t in self.spec.timers:
            if (t.shows or t.trigger) in named or not (
                t.state == self.machine.state or (t.state == "*" and self._has_row(t.trigger))
            ):
                continue
            day = t.due(self.file)
            if day is None:
                continue
            rule = next(r.rule for r in self.spec.machine.rows(t.trigger))
            out.append(
                Deadline(
                    name=t.trigger,
                    rule=rule,
                    start=self.today(),
                    raw_end=day,
                    due=day,
                    explanation=f"{t.trigger} on {day} unless the case moves on before",
                )
            )
        return out

    def timer_triggers(self) -> set[str]:
        return {t.trigger for t in self.spec.timers}

    def _has_row(self, trigger: str) -> bool:
        return any(self.machine.state in r.sources for r in self.spec.machine.rows(trigger))

    async def on_timer(self, name: str) -> None:
        await self.fire(name)
        await self.after(name, None, None)
        await self._automatic_letter()

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        """A case type's own side effects after a step (the discipline case has some)."""

    async def start_linked_case(
        self,
        child: type[DutyCase],
        n: int,
        request: dict[str, Any],
        summary: str,
        resume: Callable[[str, CaseView], Awaitable[None]],
    ) -> None:
        """Start the n-th linked case of this one as a child workflow (an appeal, the central
        council), and when it ends, resume this case with its outcome under the lock."""
        case_type = child.spec.case_type
        handle: ChildWorkflowHandle[Any, CaseView] = await workflow.start_child_workflow(
            child.run,  # type: ignore[attr-defined]
            DutyInput(
                case_id=f"{self.case_id}-{n}",
                event_id=f"{self.opened_by_event}:{case_type}:{n}",
                actor=self.machine.history[-1].actor,
                request=request,
            ),
            id=f"{case_type}-{self.case_id}-{n}",
            static_summary=summary,
        )

        async def resume_after() -> None:
            outcome: CaseView = await handle
            async with self.lock:
                await resume(handle.id, outcome)

        self.tasks.append(asyncio.create_task(resume_after()))

    def letter_context(self) -> dict[str, Any]:
        return {}

    def waiting_for(self) -> str:
        return self.spec.waiting.get(self.machine.state, self.machine.state)

    def councils(self) -> list[SittingCouncil]:
        """The case's council (states/council.py `Collegial`) as it sits; decided once the
        leader entered its decision with the protocol."""
        out: list[SittingCouncil] = []
        # council8: each council matter of the case (an appeal's deciding council, fvl § 33,
        # besides the appeal body): its per-case seat convened with the papers acts in it too
        for collegial in (self.spec.council, *self.spec.councils):
            if collegial is None:
                continue
            try:
                council = collegial.council_of(self.file)
            except RuleViolation:
                continue
            decided = getattr(self.file, collegial.protocol_field, None) is not None
            out += [c for c in sitting(council, decided) if c.council_id not in
                    {o.council_id for o in out}]  # fmt: skip
        return out

    def details(self) -> dict[str, Any]:
        out: dict[str, Any] = {"taken": self.file.taken}
        if self.spec.council is not None:
            sitting = self.spec.council.sitting(self.file)
            out["council"] = sitting_view(sitting, getattr(self.file, "protocol", None))
        if self.machine.state == "handed_to_discipline":
            out["discipline_case"] = f"discipline-{self.case_id}"  # the link point (issue 4)
        return out

    # -- the one Update: a human step, validated before anything is written ---------------

    @workflow.update
    async def act(self, cmd: Command[Act]) -> Answer:
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            step = self._typed(cmd)
            await self.before_check(cmd.payload.trigger)
            checked = self.check(cmd.payload.trigger, step)
            decider = checked.get("decider")
            await self.fire(
                cmd.payload.trigger,
                step,
                on_behalf_of=decider.on_behalf_of if decider else None,
            )
            if decider:
                self.parties.append(Party(person_id=decider.person_id, role="decider"))
            self.file.taken[cmd.payload.trigger] = step.payload.model_dump(mode="json")
            convened = self._council_effect(cmd.payload.trigger, step, checked)
            if convened is not None:  # § 13 nr. 1: the papers to the members, the day set
                await self.convened(convened, self.spec.label)
            await self.after(cmd.payload.trigger, step, decider)
            self._drop_voided_meeting()
            action = self.spec.actions[cmd.payload.trigger]
            if action.letter:
                await self.letter(self._letter(action.letter, cmd.payload.trigger, step, decider))
            await self._automatic_letter()
            return self.remember(cmd)

    def _drop_voided_meeting(self) -> None:
        """§ 13 nr. 2 (council11): a split in writing or a demand voided the written day; its
        deadline goes with it until the leader convenes the meeting."""
        if not getattr(self.file, "council11", False):
            return
        for council in (self.spec.council, *self.spec.councils):
            if council is not None and not council.sitting(self.file).meeting_on:
                self.deadlines.pop(f"{council.prefix}council_meeting", None)

    def _council_effect(
        self, trigger: str, cmd: Command[Any], checked: dict[str, Any]
    ) -> Collegial | None:
        """A council's rows (states/council.py `Collegial`): the sitting, and the protocol the
        leader entered the decision with (PR-2012 § 13 nr. 4). Returns the council its leader
        convened by this step (§ 13 nr. 1), if any."""
        councils = [c for c in (self.spec.council, *self.spec.councils) if c is not None]
        convened = None
        for council in councils:
            if trigger in council.triggers():
                sitting = council.effect(self.file, trigger, cmd.actor.person_id, cmd.payload)
                setattr(self.file, council.field, sitting)
                if trigger == council.prefix + "convene":
                    convened = council
        if "council_decision" in checked:
            council = checked.get("collegial") or self.spec.council
            assert council is not None
            setattr(self.file, council.protocol_field, checked["council_decision"])
            self.deadlines.pop(f"{council.prefix}council_meeting", None)
            if not self.machine.is_final:  # the next matter: a new sitting, the same seats
                superior = council.sitting(self.file).superior_id
                setattr(self.file, council.field, Sitting(superior_id=superior))
        return convened

    @act.validator
    def _validate_act(self, cmd: Command[Act]) -> None:
        check_signature(cmd)
        self.admit()
        if self.ready and cmd.key not in self.seen:
            self.check(cmd.payload.trigger, self._typed(cmd))

    def _typed(self, cmd: Command[Act]) -> Command[Any]:
        """The step's payload as its model; a bad field is refused by name."""
        action = self.spec.actions.get(cmd.payload.trigger)
        if action is None:
            raise refusal(RuleViolation(EVENT_CONTRACT, f"unknown step {cmd.payload.trigger!r}"))
        try:
            payload = action.model.model_validate(cmd.payload.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = "payload." + ".".join(str(p) for p in first["loc"])
            raise refusal(
                RuleViolation(EVENT_CONTRACT, f"{field}: {first['msg']}", field)
            ) from None
        return Command[Any](
            event_id=cmd.event_id,
            actor=cmd.actor,
            payload=payload,
            grants=cmd.grants,
            sender=cmd.sender,
        )

    # -- letters ---------------------------------------------------------------------------

    async def _automatic_letter(self) -> None:
        letter = self.spec.automatic_letters.get(self.machine.state)
        if letter:
            await self.letter(self._letter(letter, self.machine.state))

    def _letter(
        self, letter: duties.Letter, step: str, cmd: Command[Any] | None = None, decider: Any = None
    ) -> Letter:
        request = self.file.request
        payload = cmd.payload.model_dump(mode="json") if cmd else {}
        recipient = request.subject_id() if letter.to == "employee" else payload.get(letter.to)
        if recipient is None:
            recipient = getattr(request, letter.to)
        people = {"employee": request.subject_id(), "recipient": recipient}
        signed, council = self.signature(decider, self.file.org) if decider else ({}, None)
        protocol = getattr(self.file, "protocol", None)
        return Letter(
            key=f"{self.workflow_id}:{letter.template}:{len(self.machine.history)}:{step}",
            workflow_id=self.workflow_id,
            template=letter.template,
            title=letter.title,
            recipients=[recipient],
            dated=workflow.now(),  # the case's time, not the server's clock
            people=people | signed,
            context={
                "case_id": self.case_id,
                "case_label": self.spec.label,
                "unit_name": self.unit_name,
                "today": self.today().isoformat(),
                "state": self.machine.state,
                "step": step,
                "rule": self.machine.history[-1].rule if self.machine.history else "",
                "council_name": council,
                "on_behalf_of": None,
                "request": request.model_dump(mode="json"),
                "payload": payload,
                "decider": None,
                "protocol": protocol.model_dump(mode="json") if protocol else None,
                **self.letter_context(),
            },
        )


def _duty_workflow(
    spec: DutySpec, name: str, base: type[DutyCase] = DutyCase, module: str = __name__
) -> type[DutyCase]:
    """Declare one workflow class per case type (workflow type = class name)."""

    async def run(self, inp: DutyInput) -> CaseView:  # type: ignore[no-untyped-def]
        return await self.run_case()

    run.__name__, run.__qualname__, run.__module__ = "run", f"{name}.run", module
    cls = type(
        name,
        (base,),
        {
            "spec": spec,
            "case_type": spec.case_type,
            "__module__": module,
            "__qualname__": name,
            "run": workflow.run(run),
        },
    )
    return workflow.defn(cls)


# TI-2020 § 2-5 with fvl § 6: the employee concerned's unit leader assesses (issue 12 review).
NEGLECT_PATCH = "issue12-neglect-concerned-leader"


class ReportBase(DutyCase):
    async def on_registered(self) -> None:
        """TI-2020 § 2-5: a neglect is assessed from the employee concerned's slice of the
        register (issue 12's review); reports recorded before keep the reporter's."""
        request = self.file.request
        if not neglect_assessed(request) or not patches.patched(NEGLECT_PATCH):
            return
        ctx: CaseContext = await self.run_activity(
            CaseActivities.load_context, request.concerns_employee_id, self.workflow_id
        )
        self.file.concerned, self.file.concerned_org = ctx.person, ctx.org
        self.file.reviewed = True

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        """TI-2020 § 2-5: a neglect handed to discipline opens the disciplinary case, linked
        as a child that outlives this report (by type name: that module builds on this one)."""
        if trigger == "stand_aside" and cmd is not None:
            stood_aside(self.file, cmd.actor.person_id)
        if trigger != "hand_to_discipline":
            return
        request = self.file.request
        await workflow.start_child_workflow(
            "DisciplinaryCase",
            DutyInput(
                case_id=self.case_id,
                event_id=f"{self.workflow_id}:hand_to_discipline",
                actor=self.machine.history[-1].actor,
                request={
                    "employee_id": request.concerns_employee_id,
                    "summary": request.summary,
                    "report_case_id": self.case_id,
                    # fvl § 6: who stood aside stays aside in the discipline (attack review)
                    **({"disqualified": list(self.file.disqualified)} if self.file.review5 else {}),
                },
            ),
            id=f"discipline-{self.case_id}",
            parent_close_policy=ParentClosePolicy.ABANDON,
            static_summary=f"Disiplinærsak fra rapport {self.case_id}",
        )


ReportCase = _duty_workflow(DUTIES["report"], "ReportCase", ReportBase)
GiftCase = _duty_workflow(DUTIES["gift"], "GiftCase")
RelationCase = _duty_workflow(DUTIES["relation"], "RelationCase")
ErrandCase = _duty_workflow(DUTIES["errand"], "ErrandCase")
SecondaryWorkCase = _duty_workflow(DUTIES["secondary_work"], "SecondaryWorkCase")
CertificateCase = _duty_workflow(DUTIES["certificate"], "CertificateCase")
ExitInterviewCase = _duty_workflow(DUTIES["exit_interview"], "ExitInterviewCase")
RepresentativeTermCase = _duty_workflow(DUTIES["representative_term"], "RepresentativeTermCase")
ActingServiceCase = _duty_workflow(DUTIES["acting_service"], "ActingServiceCase")
