"""LeaveCase: one leave request (PR-2012 §§ 22–23) from request to return."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from activities.contracts import CaseContext, LeavePeriod, Letter
    from states.authority import Grants
    from states.calendar import Deadline, next_working_day, start_of_day, working_days_before
    from states.council import (
        COLLEGIAL_PATCH,
        CONVENE_PATCH,
        COUNCIL10_PATCH,
        COUNCIL11_PATCH,
        LEAVE_PARTY_PATCH,
        VOTER_SIGNS_PATCH,
        Sitting,
        council_actions,
        sitting_view,
    )
    from states.leave import (
        KIND_RULE,
        LEAVE,
        LEAVE_COUNCIL,
        TRIGGER_FOR_OUTCOME,
        ExtensionRequest,
        LeaveDecision,
        LeaveFile,
        LeaveKind,
        LeaveRequest,
        ReturnReport,
        Withdrawal,
        granted_period,
        granted_welfare_dates,
        period_kind,
    )
    from states.machine import Actor, CaseMachine
    from states.rules import EVENT_CONTRACT, RuleViolation
    from workflows import patches
    from workflows.case import (
        Answer,
        CaseView,
        CaseWorkflow,
        Command,
        Party,
        SittingCouncil,
        check_signature,
        refusal,
        sitting,
    )
    from workflows.duties import Act

REMINDER_WORKING_DAYS = 5  # the return reminder goes out five working days before the end

KIND_LABELS = {
    LeaveKind.welfare: "velferdspermisjon (§ 22)",
    LeaveKind.education: "tjenestefri for utdanning eller faglig utvikling (§ 23 nr. 1)",
    LeaveKind.other_state_post: "tjenestefri for å overta annen statsstilling (§ 23 nr. 2)",
    LeaveKind.outside_state_post: "tjenestefri for å overta stilling utenfor staten (§ 23 nr. 2)",
    LeaveKind.restructuring_post: "tjenestefri ved omstilling (§ 23 nr. 2)",
    LeaveKind.other: "tjenestefri etter annet grunnlag (§ 23 nr. 3)",
}


class LeaveCaseInput(BaseModel):
    case_id: str
    event_id: str
    actor: Actor
    request: LeaveRequest
    grants: Grants | None = None  # the requester's, from the register (intake/dispatch.py)
    sender: str | None = None  # who sent the opening event through the door
    signature: str | None = None  # the door's (intake/signing.py); absent in old histories


@workflow.defn
class LeaveCase(CaseWorkflow):
    case_type = "leave"

    @workflow.init
    def __init__(self, inp: LeaveCaseInput) -> None:
        super().__init__()
        # The machine exists from the first moment, so `describe` answers at once.
        self.case_id, self.opened_by_event = inp.case_id, inp.event_id
        self.file = LeaveFile(
            request=inp.request, today=self.today(), requested_end=inp.request.end
        )
        self.machine = CaseMachine(LEAVE, self.file)
        self.parties = [Party(person_id=inp.request.employee_id, role="employee")]
        self.reminder_sent = False

    # -- start ----------------------------------------------------------------------------

    @workflow.run
    async def run(self, inp: LeaveCaseInput) -> CaseView:
        self.verify_opening(inp)
        req = inp.request
        ctx = await self.open(req.employee_id)
        self.file.person, self.file.org = ctx.person, ctx.org
        self.file.welfare_days_used = ctx.welfare_days_used
        # Issue 13: the council decides by votes (§ 23 nr. 4); recorded cases replay as before.
        self.file.collegial = patches.patched(COLLEGIAL_PATCH)
        # council8: the council is convened before it votes (§ 13 nr. 1-2).
        self.file.convene = patches.patched(CONVENE_PATCH)
        # § 13 nr. 4 (disc7's rule): the voter signs for the seat, in cases opened after disc8.
        self.file.voter_signs = patches.patched(VOTER_SIGNS_PATCH)
        # council9: the employee takes no part in the council's handling (fvl § 6 første ledd a).
        self.file.party_known = patches.patched(LEAVE_PARTY_PATCH)
        # ...and a demanded meeting stands, the seated superior is the register's (council9).
        self.file.council9 = self.file.party_known
        # council10: a demand for a meeting voids the written votes not yet concluded (§ 13 nr. 2).
        self.file.council10 = patches.patched(COUNCIL10_PATCH)
        # council12: a split in writing voids the written votes, as a demand does (§ 13 nr. 2).
        self.file.council11 = patches.patched(COUNCIL11_PATCH)
        row = self.file.authority_row()
        await self.fire("register", rule=row.rule, note=f"to {row.body.value}", sender=inp.sender)
        self.ready = True
        return await self.run_until_closed()

    # -- what the case waits for --------------------------------------------------------

    def next_timer(self) -> tuple[str, datetime] | None:
        f, state = self.file, self.machine.state
        if state == "scheduled" and f.granted_start:
            return "start", start_of_day(f.granted_start)
        if state == "on_leave" and f.granted_end:
            if not self.reminder_sent and "return_reminder" in self.deadlines:
                return "remind", start_of_day(self.deadlines["return_reminder"].due)
            return "end", start_of_day(f.granted_end + timedelta(days=1))
        return None

    def timer_triggers(self) -> set[str]:
        return {"start", "end"}

    def waiting_for(self) -> str:
        state = self.machine.state
        if state == "awaiting_decision":
            return f"decision by {self.file.authority_row().body.value}"
        if state == "return_due":
            return "the employee's report of return"
        return {"scheduled": "the start of the leave", "on_leave": "the end of the leave"}.get(
            state, state
        )

    def councils(self) -> list[SittingCouncil]:
        """§ 23 nr. 4: the council decides unpaid leave over six months; no other leave."""
        f = self.file
        if not f.collegial or f.person is None:
            return []
        try:
            return sitting(LEAVE_COUNCIL.council_of(f), f.protocol is not None)
        except RuleViolation:
            return []

    def details(self) -> dict[str, Any]:
        f = self.file
        return {
            "kind": f.request.kind.value,
            "paid": f.request.paid,
            "requested": [f.request.start.isoformat(), f.requested_end.isoformat()],
            "granted": [f.granted_start.isoformat(), f.granted_end.isoformat()]
            if f.granted_start and f.granted_end
            else None,
            "extension_pending": f.extension_pending,
            # § 23 nr. 4: the council's votes, signatures and protocol (issue 13)
            "council": sitting_view(f.sitting, f.protocol) if f.collegial else None,
        }

    async def on_timer(self, name: str) -> None:
        if name == "remind":
            self.reminder_sent = True
            await self.letter(
                self._letter("leave_return_reminder", "Påminnelse: permisjonen slutter")
            )
            return
        await self.fire(name)

    # -- human actions: Updates with validators -------------------------------------------

    @workflow.update
    async def decide(self, cmd: Command[LeaveDecision]) -> Answer:
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            trigger = TRIGGER_FOR_OUTCOME[cmd.payload.outcome]
            # Fresh register data: a revoked fullmakt or welfare days granted meanwhile count.
            ctx: CaseContext = await self.run_activity(
                CaseActivities.load_context, self.file.request.employee_id, self.workflow_id
            )
            self.file.org, self.file.welfare_days_used = ctx.org, ctx.welfare_days_used
            if self.file.council10:  # § 22: the working days that hold when it is granted
                self.file.person = ctx.person
            checked = self.check(trigger, cmd)
            decider = checked["decider"]
            self.file.protocol = checked.get("council_decision")
            self.deadlines.pop("council_meeting", None)  # § 13 nr. 1: the council has met
            extension = self.file.extension_pending
            start, end = granted_period(self.file, cmd.payload)
            if cmd.payload.outcome == "refused" and extension:
                start, end = self.file.granted_start, self.file.granted_end  # earlier grant stands
            await self.fire(
                trigger,
                cmd,
                rule=decider.rule,
                on_behalf_of=decider.on_behalf_of,
                note=decider.body,
            )
            self.parties.append(Party(person_id=decider.person_id, role="decider"))
            self.file.extension_pending = False
            if self.machine.state == "refused":
                await self.letter(self._decision_letter(cmd, decider, extension))
                return self.remember(cmd)
            if self.file.council10:  # § 22: each segment on the days that hold as it is granted
                self.file.welfare_dates = granted_welfare_dates(self.file, start, end)
            self.file.granted_start, self.file.granted_end = start, end
            self.file.requested_end = end
            self._plan_deadlines()
            await self._record_period(end)
            await self.letter(self._decision_letter(cmd, decider, extension))
            await self.fire("schedule")
            return self.remember(cmd)

    @workflow.update
    async def council(self, cmd: Command[Act]) -> Answer:
        """§ 23 nr. 4 with § 13: a council member's vote, agreement to written procedure,
        signature on the protocol, or the leader seating the employee's nearest superior."""
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            step = self._council_step(cmd)
            await self.fire(cmd.payload.trigger, step)
            self.file.sitting = LEAVE_COUNCIL.effect(
                self.file, cmd.payload.trigger, cmd.actor.person_id, step.payload
            )
            if cmd.payload.trigger == "convene":  # § 13 nr. 1: the papers, the meeting day
                await self.convened(LEAVE_COUNCIL, KIND_LABELS[self.file.request.kind])
            elif self.file.council11 and not self.file.sitting.meeting_on:
                # § 13 nr. 2 (council12): a split in writing (or a demand) voided the written day
                self.deadlines.pop("council_meeting", None)
            return self.remember(cmd)

    @council.validator
    def _validate_council(self, cmd: Command[Act]) -> None:
        check_signature(cmd)  # the door signed the command as sent, before typing its payload
        if self.ready and cmd.key not in self.seen:
            self.check(cmd.payload.trigger, self._council_step(cmd))

    def _council_step(self, cmd: Command[Act]) -> Command[Any]:
        """The step's payload as its model; only the council's rows are taken here."""
        trigger = cmd.payload.trigger
        if trigger not in LEAVE_COUNCIL.triggers():
            raise refusal(RuleViolation(EVENT_CONTRACT, f"unknown council step {trigger!r}"))
        _, model = council_actions("Leave")[trigger]
        try:
            payload = model.model_validate(cmd.payload.data)
        except ValueError as exc:
            raise refusal(RuleViolation(EVENT_CONTRACT, str(exc), "payload")) from None
        return cmd.model_copy(update={"payload": payload})

    @decide.validator
    def _validate_decide(self, cmd: Command[LeaveDecision]) -> None:
        self.validate(TRIGGER_FOR_OUTCOME[cmd.payload.outcome], cmd)

    @workflow.update
    async def request_extension(self, cmd: Command[ExtensionRequest]) -> Answer:
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            await self.fire("request_extension", cmd)
            self.file.requested_end = cmd.payload.new_end
            self.file.extension_pending = True
            if self.file.collegial:
                # The council decides the extension anew, in the same composition.
                self.file.sitting = Sitting(superior_id=self.file.sitting.superior_id)
            self.file.extension_exception_reason = cmd.payload.exception_reason
            self.publish()
            return self.remember(cmd)

    @request_extension.validator
    def _validate_extension(self, cmd: Command[ExtensionRequest]) -> None:
        self.validate("request_extension", cmd)

    @workflow.update
    async def withdraw(self, cmd: Command[Withdrawal]) -> Answer:
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            await self.fire("withdraw", cmd)
            self.deadlines.clear()
            await self._record_period(None)
            await self.letter(self._letter("leave_withdrawn", "Søknad om permisjon er trukket"))
            return self.remember(cmd)

    @withdraw.validator
    def _validate_withdraw(self, cmd: Command[Withdrawal]) -> None:
        self.validate("withdraw", cmd)

    @workflow.update
    async def report_return(self, cmd: Command[ReturnReport]) -> Answer:
        if done := await self.begin(cmd):
            return done
        async with self.lock:
            await self.fire("report_return", cmd)
            f = self.file
            if f.granted_start and f.granted_end and cmd.payload.returned_on <= f.granted_end:
                # Back early: the days not taken do not count against the welfare quota.
                f.granted_end = max(f.granted_start, cmd.payload.returned_on - timedelta(days=1))
                f.welfare_dates = [d for d in f.welfare_dates if d <= f.granted_end]
                await self._record_period(f.granted_end)
            self.deadlines.pop("return_reminder", None)
            return self.remember(cmd)

    @report_return.validator
    def _validate_return(self, cmd: Command[ReturnReport]) -> None:
        self.validate("report_return", cmd)

    # -- deadlines and letters ----------------------------------------------------------

    async def _record_period(self, end: date | None) -> None:
        """The granted period in the register (None: it no longer stands), for § 22 counts."""
        f = self.file
        await self.run_activity(
            CaseActivities.record_leave_period,
            LeavePeriod(
                workflow_id=self.workflow_id,
                person_id=f.request.employee_id,
                kind=period_kind(f.request),
                start=f.granted_start or f.request.start,
                end=end,
                # § 22 (council10): the welfare days as granted, segment by segment
                working_days=f.welfare_dates if f.council10 else None,
            ),
        )

    def _plan_deadlines(self) -> None:
        f = self.file
        assert f.granted_start and f.granted_end
        rule = KIND_RULE[f.request.kind]
        back, moves = next_working_day(f.granted_end + timedelta(days=1))
        self.deadlines = {
            "leave_start": _fixed("leave_start", rule, f.granted_start, "first day of leave"),
            "return_to_work": _fixed(
                "return_to_work",
                rule,
                back,
                f"first working day after the leave ends on {f.granted_end.isoformat()}"
                + (f" ({'; '.join(moves)})" if moves else ""),
            ),
        }
        reminder = working_days_before(
            f.granted_end, REMINDER_WORKING_DAYS, name="return_reminder", rule=rule
        )
        if reminder.due > f.granted_start and reminder.due > self.today():
            self.deadlines["return_reminder"] = reminder
            self.reminder_sent = False

    def _letter(self, template: str, title: str, **context: Any) -> Letter:
        f = self.file
        seq = len(self.machine.history)
        return Letter(
            key=f"{self.workflow_id}:{template}:{seq}:{len(self.documents)}",
            workflow_id=self.workflow_id,
            template=template,
            title=title,
            recipients=[f.request.employee_id],
            people={"employee": f.request.employee_id, **context.pop("people", {})},
            context={
                "case_id": self.case_id,
                "unit_name": self.unit_name,
                "today": self.today().isoformat(),
                "kind_label": KIND_LABELS[f.request.kind],
                "kind_rule": KIND_RULE[f.request.kind],
                "paid": f.request.paid,
                "requested_start": f.request.start.isoformat(),
                "requested_end": f.requested_end.isoformat(),
                "period_start": (f.granted_start or f.request.start).isoformat(),
                "period_end": (f.granted_end or f.requested_end).isoformat(),
                "return_on": self.deadlines["return_to_work"].due.isoformat()
                if "return_to_work" in self.deadlines
                else f.requested_end.isoformat(),
                **context,
            },
        )

    def _decision_letter(
        self, cmd: Command[LeaveDecision], decider: Any, extension: bool
    ) -> Letter:
        d = cmd.payload
        people, council_name = self.signature(decider, self.file.org)
        return self._letter(
            "leave_decision",
            "Svar på søknad om permisjon",
            people=people,
            outcome=d.outcome,
            reasons=d.reasons,
            service_reason=d.service_reason or "",
            rule=decider.rule,
            extension=extension,
            council_name=council_name,
            on_behalf_of=None,
            protocol=self.file.protocol.model_dump(mode="json") if self.file.protocol else None,
        )


def _fixed(name: str, rule: str, day: Any, explanation: str) -> Deadline:
    return Deadline(name=name, rule=rule, start=day, raw_end=day, due=day, explanation=explanation)
