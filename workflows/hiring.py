"""HiringCase and its CentralCouncilCase (child workflow): the tables in states/hiring.py run by
the duty machinery, plus what only hiring has: applications as their own Updates (thousands of
them: batched into the register, the case continuing as new before the history grows long),
documents rendered from the applicants in the register, and the central council's decision
resuming the case (PR-2012 § 13 nr. 5-6)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from pydantic import BaseModel
from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from activities.contracts import (
        ApplicantDocument,
        ApplicantsNotice,
        ApplicationRecord,
        AppointmentRecord,
        Letter,
        PostQuery,
    )
    from activities.hiring_activities import HiringActivities
    from states.announcement import PR_5_1, Route
    from states.applicants import (
        PR_7_1,
        Applicant,
        Application,
        ApplicationWithdrawal,
        Exemption,
        RecommendationKind,
        check_known,
        check_withdrawal,
        exemptions_decided,
        withdrawal_window,
    )
    from states.calendar import Deadline, add_days, fmt, shift_months
    from states.catalog import DUTIES
    from states.central_council import Referral
    from states.contract import contract_terms
    from states.council import COUNCIL10_PATCH
    from states.hiring import (
        ESCALATION_REASONS_DAYS,
        PR_9_3,
        PR_13_5,
        PR_13_6,
        HiringFile,
        agreed_in_writing,
        appointment_record,
        central_representatives,
        council_decided,
        distributed,
        escalated,
        internal_agreement,
        meeting_demanded,
        probation_end,
        reannounced_sitting,
        referred,
        representatives_told_note,
        representatives_window,
        salary_letter_recipients,
        signed,
        voted,
    )
    from states.org import Role
    from states.rules import RuleViolation
    from workflows import patches
    from workflows.case import (
        NOT_DONE,
        CaseView,
        Command,
        DocumentRef,
        Party,
        SittingCouncil,
        check_signature,
        grants_for,
        refusal,
        sitting,
    )
    from workflows.central_council import CentralCouncilCase
    from workflows.duties import DutyCase, DutyInput, _duty_workflow
    from workflows.exit_interview import EXIT_PATCH, children_closed, offer_exit_interview

WITHDRAW_PATCH = "issue13-withdraw-before-list"  # PR-2012 § 7 nr. 2: the window after a refusal
APPOINTMENTS_PATCH = "issue13-appointments-register"  # PR-2012 § 10 nr. 3, § 15
REPS_PATCH = "issue13-section-9-3-representatives"  # PR-2012 § 9 nr. 3: their say first
REPS_TOLD_PATCH = "hire14-section-9-3-told"  # PR-2012 § 9 nr. 3: they are told their time
# PR-2012 § 9 nr. 3 (council8): who was told is kept, and no one registered is said, not mailed
REPS_NONE_PATCH = "council8-reps-none"
# § 10 nr. 3 (council11): the steps judged on the register's months read afresh
FRESH_MONTHS = frozenset({"appoint_directly", "extend", "refer_extension"})
BATCH = 500  # applications per register write
BULK_TIMEOUT = timedelta(minutes=30)  # the notice to every applicant, heartbeating
OPEN_FOR_APPLICATIONS = ("announced", "applications_closed", "interviewing", "council",
                         "awaiting_statement", "department")  # fmt: skip


class Receipt(BaseModel):
    """What an application's Update answers: small, since a case takes thousands."""

    state: str
    applicant_id: str
    late: bool
    applicants: int


class HiringBase(DutyCase):
    file: HiringFile
    live_details = ("run",)

    @workflow.init
    def __init__(self, inp: DutyInput) -> None:
        self.pending: list[ApplicationRecord] = []
        self.flushing = False
        self.flusher: asyncio.Task[None] | None = None
        super().__init__(inp)

    # -- applications: their own Updates, written to the register in batches -----------------

    @workflow.update
    async def apply(self, cmd: Command[Application]) -> Receipt:
        await workflow.wait_condition(lambda: self.ready)
        p, pool = cmd.payload, self.file.pool
        if p.applicant_id not in pool.applicants:  # the same application twice: no change
            self._check_open()
            late = self.file.deadline is not None and self.today() > self.file.deadline.due
            pool.applicants[p.applicant_id] = Applicant.of(p, late)
            self.pending.append(
                ApplicationRecord(
                    workflow_id=self.workflow_id,
                    applicant_id=p.applicant_id,
                    received_on=self.today(),
                    late=late,
                    data=p.model_dump(mode="json"),
                )
            )
        a = pool.applicants[p.applicant_id]
        return Receipt(
            state=self.machine.state,
            applicant_id=a.applicant_id,
            late=a.late,
            applicants=len(pool.applicants),
        )

    @apply.validator
    def _validate_apply(self, cmd: Command[Application]) -> None:
        check_signature(cmd)
        self.admit()  # a run winding down: the door sends it to the next run
        if not self.ready:
            return
        own = cmd.actor.person_id == cmd.payload.applicant_id
        if not own and not (cmd.grants and cmd.grants.serves(self.file.request.unit_id)):
            raise refusal(
                RuleViolation(
                    PR_7_1,
                    "an applicant applies in their own name, or HR serving the post's unit does",
                    "actor.person_id",
                )
            )
        if cmd.payload.applicant_id not in self.file.pool.applicants:
            self._check_open()
            try:
                check_known(cmd.payload, own)  # § 8 nr. 1: "kjent fra før" is HR's to state
            except RuleViolation as exc:
                raise refusal(exc) from None

    def _check_open(self) -> None:
        if self.machine.state not in OPEN_FOR_APPLICATIONS:
            why = (
                "the post has not been announced yet"
                if self.machine.state in ("opened", "drafting", "direct")
                else "the post has been filled"
            )
            raise refusal(RuleViolation(PR_7_1, f"no applications now: {why}"))

    @workflow.update
    async def withdraw_application(self, cmd: Command[ApplicationWithdrawal]) -> Receipt:
        await workflow.wait_condition(lambda: self.ready)
        self._check_withdrawal(cmd)
        a = self.file.pool.applicants[cmd.payload.applicant_id]
        if not a.withdrawn:
            a.withdrawn = True
            self.pending.append(
                ApplicationRecord(
                    workflow_id=self.workflow_id,
                    applicant_id=a.applicant_id,
                    received_on=self.today(),
                    withdrawn=True,
                )
            )
        return Receipt(
            state=self.machine.state, applicant_id=a.applicant_id, late=a.late,
            applicants=len(self.file.pool.applicants),
        )  # fmt: skip

    @withdraw_application.validator
    def _validate_withdrawal(self, cmd: Command[ApplicationWithdrawal]) -> None:
        check_signature(cmd)
        self.admit()
        if self.ready:
            self._check_withdrawal(cmd)

    def _check_withdrawal(self, cmd: Command[ApplicationWithdrawal]) -> None:
        """§ 7 (states/applicants.py `check_withdrawal`, the work queue's check too)."""
        grants = grants_for(cmd.actor, cmd.grants)
        hr = grants is not None and grants.serves(self.file.request.unit_id)
        data = {"actor": cmd.actor, "payload": cmd.payload}
        try:
            check_withdrawal(self.file.pool, data, hr, self.file.appointee is not None)
        except RuleViolation as exc:
            raise refusal(exc) from None

    async def _flush(self) -> None:
        """Write waiting applications to the register, in batches, in the background."""
        while True:
            await workflow.wait_condition(lambda: bool(self.pending) or self.machine.is_final)
            if not self.pending:
                return
            batch, self.pending = self.pending[:BATCH], self.pending[BATCH:]
            self.flushing = True
            await self.run_activity(HiringActivities.record_applications, batch)
            self.flushing = False

    async def flushed(self) -> None:
        await workflow.wait_condition(lambda: not self.pending and not self.flushing)

    async def before_continue_as_new(self) -> None:
        """Let a register write in flight finish; what waits goes with the next run (a flood
        of applications never empties the queue, so waiting for that would never end)."""
        await workflow.wait_condition(lambda: not self.flushing)

    def drained(self) -> bool:
        """Every application this run took is in the register before it continues as new
        (no new ones arrive while it winds down, so this ends)."""
        return not self.pending and not self.flushing

    def carry(self) -> dict[str, Any]:
        return {"pending": [r.model_dump(mode="json") for r in self.pending]}

    def restore(self, carried: dict[str, Any]) -> None:
        self.pending = [ApplicationRecord.model_validate(r) for r in carried.get("pending", [])]

    def may_continue_now(self) -> bool:
        """Not while the central council decides (a child case this run waits for)."""
        others = [t for t in self.tasks if t is not self.flusher]
        return self.machine.state != "central_council" and all(t.done() for t in others)

    async def run_case(self) -> CaseView:
        self.flusher = asyncio.create_task(self._flush())
        self.tasks.append(self.flusher)
        view = await super().run_case()
        await children_closed(self)  # PR-2012 § 26: its exit interview closes first
        return view

    # -- the case view -----------------------------------------------------------------

    def councils(self) -> list[SittingCouncil]:
        """§ 10 nr. 2: the council that appoints, as it sits (§ 11 nr. 3-4: the post's nearest
        superior per case); and the central council once a disagreement went there (§ 13)."""
        f = self.file
        if f.request.route != Route.council:
            return []
        decided = f.protocol is not None or f.appointee is not None
        out = sitting(f.council(), decided)
        if f.referrals:
            out += sitting(f.central_council(), f.appointee is not None)
        return out

    def details(self) -> dict[str, Any]:
        f, pool = self.file, self.file.pool
        rec = f.recommendation
        return {
            "route": f.request.route.value,
            "round": f.round,
            "applicants": pool.counts(),
            "late_considered": pool.late_considered,
            "qualified": len(pool.qualified()),
            # § 8 nr. 1: how many HR has stated known (they may be ranked without an interview)
            "known": sum(a.known for a in pool.applicants.values()),
            "interviewees": pool.interviewees,
            "public_list_versions": pool.public_list_versions,
            # offentleglova § 25: who is left off the public list (the applicants' view)
            "left_off": [
                a.applicant_id for a in pool.applicants.values() if a.exemption == Exemption.granted
            ],
            "recommendation": {"kind": f.recommendation_kind, "ranked": rec.ranked}
            if rec
            else None,
            # § 9 nr. 3 (council8): who was told of the innstilling ([]: none registered)
            "representatives_told": f.representatives_told,
            "procedure": f.procedure,
            "meeting_on": f.meeting_on,
            "votes": [{"member_id": v.member_id, "applicant_id": v.choice} for v in f.votes],
            "signed_by": sorted(f.sitting.signed()),
            "written_agreed": f.sitting.written_agreed,
            "protocol": f.protocol.model_dump(mode="json") if f.protocol else None,
            "central_council_case": f"central_council-{self.case_id}-{f.referrals}"
            if f.referrals
            else None,
            "appointee": f.appointee,
            "start_date": f.start_date,
            "probation_ends": f.probation_ends,
            "serving_until": f.serving_until,
            # For the operator: how far this run is from continuing as new.
            "run": {
                "number": (self.input.resume.runs if self.input.resume else 0) + 1,
                "events": workflow.info().get_current_history_length(),
            },
        }

    # -- side effects of each step -------------------------------------------------------

    async def on_registered(self) -> None:
        """§ 15: a conversion has one candidate, the temporary appointee. § 10 nr. 3: a short
        appointment reads the earlier appointments to the same post from the register."""
        f = self.file
        if f.request.route == Route.short and patches.patched(APPOINTMENTS_PATCH):
            f.earlier_months = None  # guards ask to try again until the register has answered
            f.earlier_months = await self._earlier_months()
        c = self.file.request.conversion
        if c is not None:
            self.file.pool.applicants[c.employee_id] = Applicant(
                applicant_id=c.employee_id, gender="unspecified", qualified=True
            )
            self.file.appointee = c.employee_id
            self.parties.append(Party(person_id=c.employee_id, role="employee"))

    async def _earlier_months(self) -> dict[str, int]:
        f = self.file
        return dict(await self.run_activity(
            HiringActivities.earlier_months,
            PostQuery(workflow_id=self.workflow_id, unit_id=f.request.unit_id,
                      post_kind=str(f.request.post_kind), every_temporary=f.council11),
        ))  # fmt: skip

    async def before_check(self, trigger: str) -> None:
        """§ 10 nr. 3 "samlet" (council11): the months of every other appointment of the person
        to the post, read from the register again as the short appointment, an extension or its
        referral is judged: another case's appointment made since this case opened counts."""
        f = self.file
        if f.council11 and f.request.route == Route.short and trigger in FRESH_MONTHS:
            f.earlier_months = await self._earlier_months()

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        f, pool, today = self.file, self.file.pool, self.today()
        p = cmd.payload if cmd else None
        actor = cmd.actor.person_id if cmd else ""
        match trigger:
            case "inform_representatives":
                f.reps_informed_on = today
                await self._letter_to(
                    "hiring_salary_information", "Orientering om lønn og utlysningstekst",
                    salary_letter_recipients(f), cmd,
                )  # fmt: skip
            case "demand_salary_discussion":
                f.salary_discussion = "demanded"
            case "record_salary_discussion":
                f.salary_discussion = "held"
            case "comment_on_text":
                f.commented_by.append(actor)
            case "agree_internal_only":
                for field, value in internal_agreement(f, actor, p).items():
                    setattr(f, field, value)
            case "publish":
                await self._published(cmd)
            case "consider_late":
                pool.late_considered = p.consider
            case "assess_qualifications":
                for applicant_id in p.qualified:
                    pool.applicants[applicant_id].qualified = True
                for applicant_id in p.not_qualified:
                    pool.applicants[applicant_id].qualified = False
            case "decide_exemptions":
                # § 7 nr. 2: refused applicants get time to withdraw (cases from issue 13 on).
                told = today if patches.patched(WITHDRAW_PATCH) else None
                f.pool = pool = exemptions_decided(pool, p, told)
                if p.refused:  # told before the list is published, so they can withdraw
                    until = withdrawal_window(told) if told else None
                    if until:
                        self.deadlines["withdraw_before_list"] = until
                    await self._letter_to(
                        "hiring_exemption_refused", "Søknad om unntak fra offentlig søkerliste",
                        p.refused, cmd, withdraw_until=until.due.isoformat() if until else None,
                    )  # fmt: skip
            case "publish_public_list":
                self.deadlines.pop("withdraw_before_list", None)
                pool.public_list_versions += 1
                await self._applicant_document(
                    "hiring_public_list",
                    f"Offentlig søkerliste, versjon {pool.public_list_versions}",
                    [actor],
                    version=pool.public_list_versions,
                )
            case "reannounce":
                f.round += 1
                f.announcement, f.deadline, f.recommendation = None, None, None
                f.reps_informed_on, f.commented_by, f.salary_discussion = None, [], "none"
                f.sitting, f.distributed_on, f.statements = reannounced_sitting(), None, {}
                pool.interviewees, pool.demanded, pool.interviews_planned = [], [], False
                self.deadlines.pop("application_deadline", None)
            case "plan_interviews":
                pool.interviewees, pool.interviews_planned = list(p.interviewees), True
                await self._applicant_document(
                    "hiring_extended_list", "Utvidet søkerliste med intervjuplan",
                    self._deciders(), interviewees=p.interviewees,
                )  # fmt: skip
                await self._letter_to(
                    "hiring_interview_invitation", "Innkalling til intervju", p.interviewees, cmd
                )
            case "state_known":  # § 8 nr. 1: HR's statement (issue 13 review)
                pool.applicants[p.applicant_id].known = True
            case "demand_interview":
                pool.interviewees.append(p.applicant_id)
                pool.demanded.append(p.applicant_id)
                await self._letter_to(
                    "hiring_interview_invitation", "Innkalling til intervju", [p.applicant_id], cmd
                )
            case "record_interview":
                pool.applicants[p.applicant_id].interviewed = True
                if p.new_information.strip():
                    await self._letter_to("hiring_case_note", "Nye opplysninger", [], cmd)
            case "check_references":
                pool.applicants[p.applicant_id].references_checked = True
            case "record_information":
                await self._letter_to("hiring_case_note", "Nye opplysninger", [], cmd)
            case "recommend":
                await self._recommended(cmd)
            case "request_access":
                await self._letter_to(
                    "hiring_recommendation", f"Innsyn: {f.recommendation_kind}",
                    [p.applicant_id], cmd, applicant=True,
                )  # fmt: skip
            case "comment_as_representative":
                f.representative_comments.append(actor)
            case "appoint":
                self.deadlines.pop("representatives_comment", None)
                f.special_terms = p.special_terms
                await self._appointed(p.applicant_id)
            case "appoint_directly":
                await self._direct(cmd)
            case "distribute_documents":
                f.distributed_on, f.meeting_on = today, p.meeting_on
                f.sitting = distributed(f, p.procedure)
                self.deadlines["council_meeting"] = Deadline(
                    name="council_meeting", rule="PR-2012 § 13 nr. 1", start=today,
                    raw_end=p.meeting_on, due=p.meeting_on,
                    explanation=f"{p.procedure} set for {fmt(p.meeting_on)}",
                )  # fmt: skip
                await self._applicant_document(
                    "hiring_council_papers", "Saksdokumenter til tilsettingsrådet",
                    self._deciders(), only=self._council_papers(),
                )  # fmt: skip
            case "request_applications":
                await self._applicant_document(
                    "hiring_council_papers", "Søknader til rådsmedlem", [actor],
                    only=p.applicant_ids,
                )  # fmt: skip
            case "demand_meeting":
                f.sitting = meeting_demanded(f, actor)
                if f.council10:  # § 13 nr. 2 (council10): the written day is no meeting day
                    f.meeting_on = None
                    self.deadlines.pop("council_meeting", None)
            case "vote":
                f.sitting = voted(f, actor, p)
                if f.council11 and f.sitting.disagreed_in_writing and not f.sitting.votes:
                    # § 13 nr. 2 (council11): a split in writing; the written day is no meeting
                    f.meeting_on = None
                    self.deadlines.pop("council_meeting", None)
            case "agree_written":
                f.sitting = agreed_in_writing(f, actor)
            case "sign_protocol":
                f.sitting = signed(f, actor)
            case "escalate":
                f.escalated_by = actor
                f.sitting, f.protocol = escalated(f, actor, p)
                reasons = add_days(today, ESCALATION_REASONS_DAYS, name="escalation_reasons",
                                   rule=PR_13_5)  # fmt: skip
                self.deadlines["escalation_reasons"] = reasons
                await self._refer(PR_13_5, sorted(f.candidates()))
            case "ask_statement":
                f.statement_for = p.applicant_id
                await self._letter_to(
                    "hiring_statement_request", "Anmodning om skriftlig uttalelse",
                    [f.recommender() or ""], cmd,
                )  # fmt: skip
            case "give_statement":
                candidate = f.statement_for or ""
                f.statements[candidate] = p.recommends
                if p.recommends and f.recommendation:
                    f.recommendation.ranked.append(candidate)
            case "refer_disagreement":
                f.protocol = referred(f)
                ranked = f.recommendation.ranked if f.recommendation else []
                await self._refer(PR_13_6, sorted(set(ranked) | f.candidates()))
            case "decide":
                await self._decided(cmd)
            case "remind_confirmation":
                f.last_reminder = today
                await self._to_appointee("hiring_confirmation_reminder", "Påminnelse: bekreft")
            case "confirm_notice":
                await self._contract()
            case "sign_contract":
                self._signed()
            case "probation_ends":
                self.deadlines.pop("probation", None)
                self._serving(f.start_date or today, f.request.duration_months or 0)
            case "extend":
                f.months_served += p.months
                self._serving((f.serving_until or today) + timedelta(days=1), p.months)
                await self._record_appointment()
            case "offer_exit_interview":  # PR-2012 § 26 (issue 13)
                f.exit_offered_for, f.exit_offers = f.serving_until, f.exit_offers + 1
                if f.appointee and f.serving_until:
                    await offer_exit_interview(
                        self, f.appointee, f.serving_until, "the temporary appointment ends",
                        f.exit_offers,
                    )  # fmt: skip
            case "refer_extension":
                f.extension_months = p.months
                f.sitting, f.distributed_on = reannounced_sitting(), None

    # -- the steps' work -----------------------------------------------------------------

    async def _published(self, cmd: Command[Any]) -> None:
        f, a = self.file, cmd.payload
        f.announcement = a
        f.deadline = Deadline(
            name="application_deadline", rule=PR_5_1, start=a.nav_registered_on,
            raw_end=a.deadline, due=a.deadline,
            explanation=f"announced {fmt(self.today())}; at least two weeks from "
            f"{fmt(max(a.nav_registered_on, a.own_pages_on))} (NAV and the service's pages)",
        )  # fmt: skip
        self.deadlines["application_deadline"] = f.deadline
        await self._letter_to("hiring_announcement", f"Utlysning: {f.request.title}", [], cmd)
        if a.absent_employee_ids:  # § 4 nr. 3
            await self._letter_to(
                "hiring_absent_notice", f"Ledig stilling: {f.request.title}",
                a.absent_employee_ids, cmd,
            )  # fmt: skip

    async def _recommended(self, cmd: Command[Any]) -> None:
        """§ 9 nr. 1-2: an innstilling, or a forslag when the superior sits on the council."""
        f = self.file
        f.recommendation = cmd.payload.model_copy()
        council = f.council() if f.request.route == Route.council else None
        sits = council is not None and any(
            m.person_id == cmd.actor.person_id and m.seat in ("leader", "member")
            for m in council.members
        )
        f.recommendation_kind = (
            RecommendationKind.forslag if sits else (RecommendationKind.innstilling)
        )
        if f.request.route == Route.department and patches.patched(REPS_PATCH):
            f.recommended_on = self.today()  # § 9 nr. 3: the representatives' time starts
            if window := representatives_window(f):
                self.deadlines[window.name] = window
                # A right to comment needs to know there is something to comment on, and until
                # when (audit of issue 13): the representatives are told, without the papers.
                told = central_representatives(f)
                if patches.patched(REPS_NONE_PATCH):
                    f.representatives_told = told
                    note = representatives_told_note(f, window)
                    self.deadlines[window.name] = window.model_copy(update={
                        "explanation": f"{window.explanation}; {note}"})  # fmt: skip
                    if not told:  # said in the case's journal and view, not a letter to no one
                        await self.record_problem(NOT_DONE, PR_9_3, note)
                if patches.patched(REPS_TOLD_PATCH) and (told or f.representatives_told is None):
                    await self._letter_to(
                        "hiring_representatives_notice", "Innstilling gitt: rett til å uttale seg",
                        told, None, comment_until=window.due.isoformat(),
                    )  # fmt: skip
        await self._letter_to(
            "hiring_recommendation", f"{f.recommendation_kind.value.capitalize()}",
            self._deciders(), cmd,
        )  # fmt: skip

    async def _direct(self, cmd: Command[Any]) -> None:
        """§ 10 nr. 3: the appointee is registered as this case's (only) applicant."""
        f, p = self.file, cmd.payload
        f.pool.applicants[p.appointee.applicant_id] = Applicant.of(p.appointee, False)
        f.pool.applicants[p.appointee.applicant_id].qualified = True
        self.pending.append(
            ApplicationRecord(
                workflow_id=self.workflow_id, applicant_id=p.appointee.applicant_id,
                received_on=self.today(), data=p.appointee.model_dump(mode="json"),
            )
        )  # fmt: skip
        f.start_date, f.special_terms = p.start_date, p.special_terms
        f.months_served = f.request.duration_months or 0
        await self._appointed(p.appointee.applicant_id)

    async def _decided(self, cmd: Command[Any]) -> None:
        """§ 13 nr. 4: the protocol, signed by all, each member's reasons in it."""
        f = self.file
        f.special_terms = cmd.payload.special_terms
        f.protocol = council_decided(f)
        chosen = f.protocol.decision
        await self._letter_to(
            "hiring_protocol", "Protokoll fra tilsettingsrådet", self._deciders(), cmd,
            votes=[v.model_dump() for v in f.votes], chosen=chosen,
            protocol=f.protocol.model_dump(mode="json"),
        )  # fmt: skip
        if f.extension_months:  # § 10 nr. 3: the council extends the short appointment
            f.months_served += f.extension_months
            self._serving((f.serving_until or self.today()) + timedelta(days=1),
                          f.extension_months)  # fmt: skip
            f.extension_months = 0
        await self._appointed(chosen)

    async def _appointed(self, appointee: str) -> None:
        """§ 16 nr. 1 and 3: the appointee told in writing (terms, duration, probation rules),
        and every applicant told who was appointed."""
        f = self.file
        f.appointee, f.appointed_on = appointee, self.today()
        if f.start_date is None:
            f.start_date = f.announcement.available_from if f.announcement else self.today()
        await self._record_appointment()
        self.parties.append(Party(person_id=appointee, role="appointee"))
        await self.flushed()
        await self.fire("notify_appointment")
        await self._to_appointee("hiring_appointment", "Melding om tilsetting")
        await self.run_activity(
            HiringActivities.notify_applicants,
            ApplicantsNotice(
                key=f"{self.workflow_id}:hiring_applicants_notice:{len(self.machine.history)}",
                workflow_id=self.workflow_id,
                template="hiring_applicants_notice",
                title=f"Stillingen er besatt: {f.request.title}",
                appointee=appointee,
                context=self._context("notify_appointment"),
            ),
            timeout=BULK_TIMEOUT,
        )
        # Thousands of notices: delivered in one activity, in the background if mail is down.
        await self.now_or_later(CaseActivities.deliver_pending, self.workflow_id, BULK_TIMEOUT)
        if self.machine.state == "awaiting_confirmation":
            f.last_reminder = self.today()
        else:
            await self._contract()

    async def _record_appointment(self) -> None:
        """§ 10 nr. 3, § 15: the register keeps the appointment for later cases (issue 13)."""
        if patches.patched(APPOINTMENTS_PATCH):
            record = AppointmentRecord(workflow_id=self.workflow_id,
                                       **appointment_record(self.file))  # fmt: skip
            await self.run_activity(HiringActivities.record_appointment, record)

    async def _contract(self) -> None:
        """§ 16 nr. 2: a written employment contract (arbeidsmiljøloven §§ 14-5, 14-6)."""
        f = self.file
        await self._letter_to("hiring_contract", "Arbeidsavtale", [f.appointee or ""], None,
                              contract=contract_terms(f.request))  # fmt: skip

    def _signed(self) -> None:
        f = self.file
        start = f.start_date or self.today()
        if self.machine.state == "probation":
            f.probation_ends = probation_end(start, f.request.probation_months).due
            self.deadlines["probation"] = probation_end(start, f.request.probation_months)
        elif self.machine.state == "serving" and f.serving_until is None:
            self._serving(start, f.request.duration_months or 0)  # (an extension set it already)

    def _serving(self, start: Any, months: int) -> None:
        if self.machine.state != "serving":
            return
        f = self.file
        # PR-2012 § 26: a temporary appointment's end brings the exit interview (issue 13).
        f.exit_interview = f.exit_interview or patches.patched(EXIT_PATCH)
        f.serving_until = shift_months(start, months) - timedelta(days=1)
        self.deadlines["appointment_ends"] = Deadline(
            name="appointment_ends", rule="PR-2012 § 16 nr. 1", start=start,
            raw_end=f.serving_until, due=f.serving_until,
            explanation=f"temporary appointment of {months} months from {fmt(start)}",
        )  # fmt: skip

    async def _refer(self, rule: str, allowed: list[str]) -> None:
        """§ 13 nr. 5-6: the central council decides, as a child case, among `allowed`."""
        f = self.file
        central = f.central_council()
        if central is None or central.leader is None:
            raise refusal(RuleViolation(rule, "no central council is registered"))
        f.referrals += 1
        f.central_rule, f.central_allowed = rule, allowed
        # fvl § 6 første ledd a (council10): the central council's members who applied
        applied = [m.person_id for m in central.members if m.person_id in f.pool.applicants]
        request = Referral(
            hiring_case_id=self.case_id, unit_id=f.request.unit_id, leader_id=central.leader,
            rule=rule, allowed=allowed, members=central.members, protocol=f.protocol,
            applicants=applied if patches.patched(COUNCIL10_PATCH) else [],
        ).model_dump(mode="json")  # fmt: skip
        summary = f"Det sentrale tilsettingsrådet: tilsettingssak {self.case_id}"
        await self.start_linked_case(
            CentralCouncilCase, f.referrals, request, summary, self._resume
        )

    async def _resume(self, council_case: str, outcome: CaseView) -> None:
        """The central council's choice is the appointment (§ 13 nr. 5-6)."""
        self.deadlines.pop("escalation_reasons", None)
        chosen = str(outcome.details["chosen"])
        await self.fire(
            "central_council_decided", rule=self.file.central_rule, note=f"{council_case}: {chosen}"
        )
        await self._appointed(chosen)

    # -- documents ---------------------------------------------------------------------

    def _deciders(self) -> list[str]:
        """Who receives the case's confidential papers (§ 14): the council's members, or the
        Justice Department for its posts."""
        f = self.file
        if f.request.route == Route.department:
            return f.org.holders(Role.justice_department)
        council = f.council()
        return [m.person_id for m in council.members if m.seat != "deputy"] if council else []

    def _council_papers(self) -> list[str]:
        """§ 13 nr. 1: the applications of those interviewed or otherwise relevant."""
        f = self.file
        ranked = f.recommendation.ranked if f.recommendation else []
        return list(dict.fromkeys([*f.pool.interviewees, *ranked, *(
            [f.appointee] if f.appointee else [])]))  # fmt: skip

    def _context(self, step: str, **extra: Any) -> dict[str, Any]:
        f = self.file
        rec = f.recommendation
        return {
            "case_id": self.case_id,
            "case_label": self.spec.label,
            "unit_name": self.unit_name,
            "today": self.today().isoformat(),
            "step": step,
            "rule": self.machine.history[-1].rule if self.machine.history else "",
            "vacancy": f.request.model_dump(mode="json"),
            "announcement": f.announcement.model_dump(mode="json") if f.announcement else None,
            "recommendation": rec.model_dump(mode="json") if rec else None,
            "recommendation_kind": f.recommendation_kind.value if f.recommendation_kind else "",
            "start_date": f.start_date.isoformat() if f.start_date else None,
            "special_terms": f.special_terms,
            "probation_ends": f.probation_ends.isoformat() if f.probation_ends else None,
            "council_name": (c.name if (c := f.council()) else ""),
            "decider": None,
            "on_behalf_of": None,
            **extra,
        }

    async def _letter_to(
        self, template: str, title: str, recipients: list[str], cmd: Command[Any] | None,
        **extra: Any,
    ) -> None:  # fmt: skip
        """A letter (or with no recipients, a document filed with the case)."""
        payload = cmd.payload.model_dump(mode="json") if cmd else {}
        step = self.machine.history[-1].trigger
        people = {"actor": cmd.actor.person_id} if cmd else {}
        if len(recipients) == 1:
            people["recipient"] = recipients[0]
        await self.letter(
            Letter(
                key=f"{self.workflow_id}:{template}:{len(self.machine.history)}:{step}",
                workflow_id=self.workflow_id, template=template, title=title,
                recipients=recipients, people=people,
                context={**self._context(step, **extra), "payload": payload},
                applicants_of=self.workflow_id,
            )
        )  # fmt: skip

    async def _to_appointee(self, template: str, title: str) -> None:
        await self._letter_to(template, title, [self.file.appointee or ""], None)

    async def _applicant_document(
        self, template: str, title: str, recipients: list[str], *,
        version: int = 0, only: list[str] | None = None, interviewees: list[str] | None = None,
    ) -> None:  # fmt: skip
        await self.flushed()
        pool = self.file.pool
        left_off = [a.applicant_id for a in pool.applicants.values()
                    if a.exemption == Exemption.granted]  # fmt: skip
        step = self.machine.history[-1].trigger
        sent = await self.run_activity(
            HiringActivities.applicant_document,
            ApplicantDocument(
                key=f"{self.workflow_id}:{template}:{len(self.machine.history)}:{step}:v{version}",
                workflow_id=self.workflow_id, template=template, title=title,
                recipients=recipients, late_considered=pool.late_considered,
                left_off=left_off, only=only,
                context=self._context(step, interviewees=interviewees or [], version=version),
            ),
        )  # fmt: skip
        self.documents.append(DocumentRef(doc_id=sent.doc_id, title=sent.title))
        await self.deliver(sent.outbox_keys)


HiringCase = _duty_workflow(DUTIES["hiring"], "HiringCase", HiringBase, __name__)
