"""DisciplinaryCase and its linked AppealCase (child workflow): the table in
states/discipline.py run by the duty machinery, plus the side effects only these two have:
deadlines that move (advance notice, appeal window), the council's votes, and an appeal
whose outcome resumes the decided case."""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.case_activities import CaseActivities
    from states import duties, suspension
    from states.appeals import (
        RESUME,
        AppealFile,
        appeal_body_for,
        avvisning_in_case,
        deciding_body_of,
        detriment_announced,
        detriment_reply_recorded,
        suspension_appeal_body_for,
        suspension_appeal_request,
    )
    from states.calendar import fmt
    from states.catalog import DUTIES
    from states.council import Sitting, Vote, seated, sitting_view, tally
    from states.discipline import (
        DESIGN_RECEIPT,
        DESIGN_RECEIPT_PRESUMED,
        MAIN_COUNCIL,
        DisciplineFile,
        Reaction,
        appeal10_request,
        appeal_lodged,
        appeal_receipt_conflict,
        avvist,
        changed_on_appeal,
        closed_without_majority,
        competence_rule,
        decider_title,
        deciding_council,
        escalated,
        harshness,
        main_sitting,
        majority_decision,
        notice_sent,
        presumed_receipt,
        reply_ends_period,
        warning_announced,
    )
    from states.party_requests import access_given, decide_suspensive, suspensive_effect
    from workflows import patches
    from workflows.case import CaseView, Command, SittingCouncil, sitting
    from workflows.duties import DutyCase, _duty_workflow
    from workflows.erasure import Erasable, erase_ordensstraff
    from workflows.exit_interview import (
        RECEIPT_OFFER_PATCH,
        dismissal_last_day,
        offer_exit_interview,
    )

# Changes to what a running case does (the old path replays behind these, workflow.patched).
RECEIPT_PATCH = "issue12-receipt-presumed"  # fvl § 29: presumed receipt, not the sending day
TERM_PATCH = "issue12-majority-term"  # § 19 nr. 2: the majority's own term, not a median
# § 19 nr. 2 with tjml § 16 nr. 2: a suspension the council decided lapses as an urgent one.
SUSPENSION_PATCH = "issue12-decided-suspension-lapses"
WARNING_PATCH = "issue12-warning-reply"  # TI-2020 § 2-5: the reply before a written warning
CHANGED_PATCH = "issue12-appeal-changed"  # fvl § 34: a changed outcome carries its reaction
# fvl § 24 with § 29: the new window runs from the reasons' presumed arrival, not their sending.
REASONS_PATCH = "issue12-reasons-presumed"
# fvl §§ 29–30: a receipt date brought with the appeal opens the window before lateness is read.
APPEAL_RECEIPT_PATCH = "review-appeal-receipt"
# Lawyer's review: fvl §§ 33, 42 and the suspension's extension by a deciding council's votes.
MATTERS_PATCH = "disc4-council-matters"
# Lawyer's review: the central council's close without reaction needs its signed protocol.
CLOSE_PATCH = "disc4-central-close-protocol"
# Lawyer's review: § 18's five-year deletion runs for a forflytting (an ordensstraff) too.
FORFLYTTING_PATCH = "disc4-forflytting-deleted"
# Issue 13 review: each exit interview offer its own case; one after a change on appeal too.
OFFERS_PATCH = "issue13-exit-offers-counted"
# PR-2012 § 18 (issue 14): the deletion erases the family, keys included (workflows/erasure.py).
ERASURE_PATCH = "issue14-erasure"
# Issue 12's legal review (disc6): the main vote and decision by the one collegial machinery
# (§ 11 composition and the per-case seat, § 13 quorum, the signed protocol).
MAIN_PATCH = "disc6-main-council"
# fvl § 34 third paragraph with § 16 (disc6): the detriment notice and its reply period.
DETRIMENT_PATCH = "disc6-detriment-notice"
# The lawyer's review of issue 12 (disc7): the leader enters what the majority voted, the
# signer is the voter, the superior checked at each step, the minority read from the protocol.
DISC7_PATCH = "disc7-review"
# disc8 (issue 12): in the appeal, a vote to change carries its reaction and the leader enters
# the majority's; the change keeps the ordensstraff's form; only the party ends the detriment
# reply period early (fvl §§ 16, 34; statsansatteloven § 25).
APPEAL8_PATCH = "disc8-appeal-review"
# disc8: the disciplinary case takes the form of the ordensstraff from the appeal's change.
CHANGED_FORM_PATCH = "disc8-changed-form"
# disc8: § 11 nr. 3-4 with no usable nearest superior: the seat stays empty (usable_superior).
SUPERIOR_FALLBACK_PATCH = "disc8-superior-fallback"
# Issue 15's review (queue4): the deciding council's matter rows need a matter before it.
MATTER_PENDING_PATCH = "queue4-matter-pending"
# The lawyer's review of issue 12 (disc9): a receipt date brought with an appeal never refuses
# the appeal once a receipt is recorded; the recorded one stands (fvl §§ 29-30); the reply to
# the notice and to the warning is the party's (fvl § 16, `check_party_reply`).
DISC9_PATCH = "disc9-review"
# The last legal/attack review of issue 12 (disc10): a new notice after the council voted only
# as fvl § 16 needs it, by the deciding body, its votes kept as a closed round; the minority's
# demand closes with the decision (§ 20 nr. 1, fvl § 35); the central council's ordensstraff
# vote states its months (§ 18); the urgent suspension lapses with the case (§ 19 nr. 3).
DISC10_PATCH = "disc10-review"
# disc10: § 13 nr. 1-2 for the central council in discipline (convened before it votes).
CONVENE10_PATCH = "disc10-convene"
# mainconv: § 13 nr. 1-2 for the appointing council's main vote (convened before it votes).
MAINCONV_PATCH = "mainconv-convene"
# Issue 12's appeal review (appeal10): see `AppealFile.appeal10` and `DisciplineFile.appeal10`.
APPEAL10_PATCH = "appeal10-review"
# The attack review of disc10+appeal10 (disc11): see `DisciplineFile.disc11`, `AppealFile.disc11`.
DISC11_PATCH = "disc11-review"
# The final review of issue 12 (disc12): see `DisciplineFile.disc12`.
DISC12_PATCH = "disc12-review"

APPEAL_BODY_NAMES = {
    "central_council": "Det sentrale tilsettingsrådet",
    "king_in_council": "Kongen i statsråd",
    "justice_department": "Justis- og beredskapsdepartementet",  # fvl § 28 (issue 13)
}


class AppealBase(DutyCase):
    file: AppealFile

    def letter_context(self) -> dict[str, Any]:
        """fvl § 34 third paragraph: the outcome letter says whether a change is to the
        appellant's detriment (harsher than the decision appealed), and words it so; the
        notice's date and reply period (fvl § 16) where the notice was a step (disc6)."""
        f = self.file
        request = f.request
        change = f.taken.get("change")
        worse = bool(change) and harshness(
            change["reaction"], change.get("seniority_months")
        ) > harshness(request.reaction or None, request.seniority_months)
        return {
            "to_detriment": worse,
            "detriment_sent_on": f.detriment_sent_on.isoformat() if f.detriment_sent_on else None,
            "detriment_due": f.detriment_due.due.isoformat() if f.detriment_due else None,
            # fvl § 28 third paragraph (appeal10): the case takes the appeal against an avvisning
            # of an appeal of the decision, not of a suspension appeal (disc12)
            "avvisning_route": avvisning_in_case(f),
            # fvl §§ 28, 31 (disc11): an appeal against an avvisning does not reopen the merits
            "merits_closed": f.disc11,
        }

    def details(self) -> dict[str, Any]:
        out = super().details()
        r = self.file.request
        if r.posted_source:  # fvl § 30 (disc11): the posting day and what shows it, for the body
            out.update(posted_on=r.posted_on, posted_source=r.posted_source)
        return out

    async def on_registered(self) -> None:
        # fvl § 34 third paragraph with § 16: the notice of a change to the detriment is a step.
        self.file.detriment_heard = patches.patched(DETRIMENT_PATCH)
        self.file.disc8 = patches.patched(APPEAL8_PATCH)
        # appeal10: a new round of votes after the detriment notice (fvl §§ 16, 34), the councils
        # read from the register on the step's date, the central council convened (§ 13 nr. 1).
        self.file.appeal10 = self.file.dated_seats = patches.patched(APPEAL10_PATCH)
        # disc11: an appeal against an avvisning tries the avvisning (fvl §§ 28, 31, 33).
        self.file.disc11 = patches.patched(DISC11_PATCH)

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        if trigger == "announce_detriment" and cmd is not None:
            self.deadlines["detriment_reply"] = detriment_announced(self.file, cmd.payload)
        elif (
            trigger == "record_detriment_reply"
            and cmd is not None
            # fvl § 16 (disc8): only the party's own reply, or their "nothing more", ends it.
            and detriment_reply_recorded(self.file, cmd.payload, cmd.actor.person_id)
        ):
            self.deadlines.pop("detriment_reply", None)


AppealCase = _duty_workflow(DUTIES["appeal"], "AppealCase", AppealBase, __name__)


def _main_view(f: DisciplineFile) -> dict[str, Any]:
    """§ 13 (disc6): the appointing council's sitting and protocol, with the signatures as they
    stand, so that the work queue's probe of the file judges the leader's entry as the case
    does (states/tasks.py `probe_file`)."""
    view = sitting_view(f.main, f.main_protocol)
    view["signatures"] = [s.model_dump() for s in f.main.signatures]
    return view


class DisciplineBase(Erasable, DutyCase):
    file: DisciplineFile

    def councils(self) -> list[SittingCouncil]:
        """The appointing council votes (§ 19 nr. 2); the central council decides only what
        its minority took further (§ 20 nr. 1, the Collegial of the spec)."""
        f = self.file
        if f.person is None or f.by_department():
            return []
        local = sitting(main_sitting(f) or f.council(), f.decided_on is not None or f.escalated)
        return local + (super().councils() if f.escalated else [])

    def details(self) -> dict[str, Any]:
        f = self.file
        out = super().details()
        out.update(
            reaction=f.reaction,
            seniority_months=f.seniority_months,
            ordensstraff_form=f.ordensstraff_form,
            decided_on=f.decided_on,
            votes=[v.model_dump() for v in f.votes],
            # fvl § 16 (disc10): the votes on earlier notices, each a closed round
            rounds=[r.model_dump(mode="json") for r in f.rounds],
            appeals=[f"appeal-{self.case_id}-{n}" for n in range(1, f.appeals + 1)],
            suspension_lapses=f.suspension_lapses,
            # fvl § 42: the reasoned decision, or the flag of decisions before issue 12's review
            suspensive_effect=suspensive_effect(f),
            # fvl § 42, tjml § 16 nr. 2: the deciding council's protocol for its last matter
            matter_protocol=f.matter_protocol.model_dump(mode="json")
            if f.matter_protocol
            else None,
            suspensive_requested_on=f.suspensive_requested_on,
            # § 19 nr. 2 with § 13 (disc6): the appointing council's sitting and its protocol
            main_council=f.main_council,  # the flag: the work queue's probe reads it
            main=_main_view(f) if f.main_council else None,
            access_requested_on=f.access_requested_on,
        )
        return out

    async def letter(self, letter: Any) -> None:
        """Every letter is one of the case's documents (fvl § 18: what the party may see)."""
        await super().letter(letter)
        self.file.document_ids.append(self.documents[-1].doc_id)

    def letter_context(self) -> dict[str, Any]:
        f = self.file
        body, _ = appeal_body_for(f) if f.person else (None, [])
        return {
            "reaction": f.reaction or (f.notice.reaction if f.notice else None),
            "seniority_months": f.seniority_months,
            "notice": f.notice.model_dump(mode="json") if f.notice else None,
            "reply_due": f.reply_due.due.isoformat() if f.reply_due else None,
            "window_due": f.window.due.isoformat() if f.window else None,
            # fvl § 29: the letter gives the date only once the day of receipt is known.
            "received_on": f.received_on.isoformat() if f.received_on else None,
            "window_explanation": f.window.explanation if f.window else "",
            "appeal_body": APPEAL_BODY_NAMES.get(body or "", ""),
            "suspension_lapses": f.suspension_lapses.isoformat() if f.suspension_lapses else None,
            # fvl § 24: the substantive provision the notice named, and the competence rule.
            "legal_basis": f.notice.legal_basis if f.notice else "",
            "competence": competence_rule(f) if f.person else "",
            "suspension_appeal_body": (
                APPEAL_BODY_NAMES[suspension_appeal_body_for(f)[0]] if f.person else ""
            ),
            "documents_given": [d.title for d in self.documents if d.doc_id in f.access_given],
            "document_titles": {d.doc_id: d.title for d in self.documents},
        }

    async def on_registered(self) -> None:
        # TI-2020 § 2-5: the reply before a written warning; older cases replay without it.
        self.file.hear_before_warning = patches.patched(WARNING_PATCH)
        # fvl §§ 33, 42, tjml § 16 nr. 2: a deciding council decides these as a council too.
        self.file.council_matters = patches.patched(MATTERS_PATCH)
        # §§ 11, 13, 19 nr. 2: the main vote and decision by the council's collegial rows.
        self.file.main_council = patches.patched(MAIN_PATCH)
        # § 11 (disc6): seats judged on the step's date from the register, the seated superior
        # against the register's nearest superior.
        self.file.dated_seats = self.file.main_council
        # The lawyer's review of issue 12 (disc7): § 19 nr. 2, § 13 nr. 4, § 11 nr. 3-4.
        self.file.disc7 = patches.patched(DISC7_PATCH)
        # disc8: § 11 nr. 3-4 when the register names no usable nearest superior.
        self.file.superior_fallback = patches.patched(SUPERIOR_FALLBACK_PATCH)
        # fvl § 42, tjml § 16 nr. 2: no matter vote counted with no matter before the council.
        self.file.matter_pending = patches.patched(MATTER_PENDING_PATCH)
        # disc9: fvl §§ 29-30, the recorded receipt stands against one brought with an appeal.
        self.file.disc9 = patches.patched(DISC9_PATCH)
        # disc10: fvl §§ 16, 35, PR-2012 §§ 18, 19 nr. 3, 20 nr. 1.
        self.file.disc10 = patches.patched(DISC10_PATCH)
        # disc10: the central council is convened before it votes (§ 13 nr. 1-2).
        self.file.convene10 = patches.patched(CONVENE10_PATCH)
        # mainconv: the appointing council is convened before it votes (§ 13 nr. 1-2).
        self.file.convene_main = patches.patched(MAINCONV_PATCH)
        # appeal10: fvl § 31's year measured on the day the appeal was sent (fvl § 30).
        self.file.appeal10 = patches.patched(APPEAL10_PATCH)
        # disc11: PR-2012 § 20 nr. 1, fvl §§ 28, 31, 42 (the attack review of disc10+appeal10).
        self.file.disc11 = patches.patched(DISC11_PATCH)
        # disc12: PR-2012 § 20 nr. 1, fvl § 28 third paragraph (the final review of issue 12).
        self.file.disc12 = patches.patched(DISC12_PATCH)

    def _reply_ends(self, cmd: Command[Any] | None) -> bool:
        assert cmd is not None
        own = cmd.actor.person_id == self.file.request.employee_id
        return reply_ends_period(cmd.payload.nothing_more, own)

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        f, today = self.file, self.today()
        payload = cmd.payload if cmd else None
        match trigger:
            case "announce_warning":
                warning_announced(f, payload)
                self.deadlines["warning_reply"] = f.warning_due  # type: ignore[assignment]
            case "record_warning_reply" if f.disc9 and self.machine.state == "warning_reply":
                # fvl § 16 (disc9): the party's own reply, or their "nothing more", ends it.
                if self._reply_ends(cmd):
                    await self.fire("warning_reply_heard", note="the party's reply")
                    f.warning_heard = True
                    self.deadlines.pop("warning_reply", None)
            case "record_warning_reply" | "warning_reply_passed":
                f.warning_heard = True
                self.deadlines.pop("warning_reply", None)
            case "record_reply" if f.disc9 and self._reply_ends(cmd):
                # fvl § 16 (disc9): the party's own reply, or their "nothing more", ends the
                # period early; another reply recorded by HR is kept and the period runs on.
                await self.fire("reply_heard", note="the party's reply")
            case "send_notice":
                # fvl § 16: a new notice; the votes on the old one close as a round on record
                self._journal(notice_sent(f, payload, cmd.actor.person_id))  # type: ignore[union-attr]
                self.deadlines["notice_reply"] = f.reply_due  # type: ignore[assignment]
            case "vote":
                if f.main_council:  # § 13 nr. 4: the vote and its reasons in the sitting
                    actor = cmd.actor.person_id  # type: ignore[union-attr]
                    f.main = MAIN_COUNCIL.effect(f, "main_council_vote", actor, payload)
                f.votes.append(
                    Vote(
                        member_id=cmd.actor.person_id,
                        choice=payload.choice,  # type: ignore[union-attr]
                        severity=payload.seniority_months or 0,
                        reasons=payload.reasons,
                        cast_on=f.today,  # PR-2012 § 20 nr. 1 (disc12): the minority's day
                    )
                )
            case "escalate":
                # § 13 nr. 3-4: the central council's close needs its signed protocol too.
                signed_close = f.collegial and patches.patched(CLOSE_PATCH)
                escalated(f, cmd.actor.person_id, payload.reasons, signed_close)  # type: ignore[union-attr]
                if f.window is None:
                    self.deadlines.pop("appeal_window", None)
            case "dismiss" if self.machine.state == "no_majority":
                closed_without_majority(f)
                self.deadlines["appeal_window"] = f.window  # type: ignore[assignment]
            case "decide":
                await self._decided(cmd, decider)
            case "record_receipt":
                f.received_on, f.received_source = payload.received_on, payload.source
                if f.disc9:  # fvl § 29: the party's own statement replaces an HR entry
                    f.received_by_hr = cmd.actor.person_id != f.request.employee_id  # type: ignore[union-attr]
                f.open_window(
                    payload.received_on,
                    f"the decision reached the employee {fmt(payload.received_on)}",
                )
                self.deadlines["appeal_window"] = f.window  # type: ignore[assignment]
                reopens = self.machine.state in ("stands", "ordensstraff_registered")
                if reopens and f.window and f.window.due >= today:  # fvl § 29: still open
                    await self.fire("window_reopens", note=f"receipt ({payload.source})")
                await self._reoffer_after_receipt()
            case "request_reasons":
                f.reasons_pending = True
            case "send_reasons":
                f.reasons_pending = False
                if patches.patched(REASONS_PATCH):
                    arrives = presumed_receipt(today)
                    f.open_window(
                        arrives,
                        f"reasons sent {fmt(today)} on request, presumed to arrive "
                        f"{fmt(arrives)} ({DESIGN_RECEIPT_PRESUMED}): a new deadline (fvl § 24)",
                    )
                else:
                    f.open_window(
                        today, f"reasons sent {fmt(today)} on request: a new deadline (fvl § 24)"
                    )
                self.deadlines["appeal_window"] = f.window  # type: ignore[assignment]
            case "appeal" | "appeal_late":
                # fvl § 29: a receipt date brought with the appeal counts first; fvl §§ 30–31:
                # late or not by the posting date, never by the event's name; fvl § 28 third
                # paragraph, § 31: one that cannot be considered opens its case to be dismissed.
                receipt = payload.received_on is not None and patches.patched(APPEAL_RECEIPT_PATCH)
                self._journal(appeal_receipt_conflict(f, payload))  # disc9: journal the note
                if f.disc9 and f.received_on is not None:
                    receipt = False  # disc9: the recorded receipt stands, nothing to reoffer
                window = f.window
                barred = appeal_lodged(f, payload, receipt)
                if f.window is not window:
                    self.deadlines["appeal_window"] = f.window  # type: ignore[assignment]
                await self._start_appeal(payload, barred)
                if receipt:  # a receipt brought with the appeal counts as a DecisionReceived
                    await self._reoffer_after_receipt()
            case "appeal_upheld" | "appeal_changed":
                f.appeal_decided = True  # fvl § 28 third paragraph
            case "appeal_sent_back":
                f.votes, f.reaction, f.seniority_months, f.window = [], None, None, None
                f.main, f.main_protocol = Sitting(superior_id=f.main.superior_id), None
                if self.machine.state == "central_council":  # § 20 nr. 1: it decides anew
                    f.central = Sitting(demands=f.central.demands)
                    f.protocol = None
                self.deadlines.pop("appeal_window", None)
            case "request_suspensive_effect":
                f.suspensive_requested_on = today
            case "decide_suspensive_effect":
                decide_suspensive(f, payload, cmd.actor.person_id)  # type: ignore[union-attr]
            case "request_access":
                f.access_requested_on = today
            case "decide_access":
                f.access_requested_on, f.access_given = None, access_given(f, payload)
            case "suspend_urgently":
                suspension.suspended(f, today, cmd.actor.person_id, presumed_receipt(today))  # type: ignore[union-attr]
            case "suspension_lapses" | "decided_suspension_lapses":
                suspension.lift(f)
            case "extend_suspension":
                suspension.extended(f, payload.months)  # type: ignore[union-attr]
            case "appeal_suspension":
                f.appeals += 1
                f.suspension_appeal_open = True
                barred = suspension.suspension_barred(f, payload)  # disc11: fvl §§ 28, 31
                request = suspension_appeal_request(f, self.case_id, payload, barred)
                summary = f"Klage over suspensjon i disiplinærsak {self.case_id}"
                await self.start_linked_case(
                    AppealCase, f.appeals, request, summary, self._suspension_resume
                )
            case "delete_ordensstraff":
                self.deadlines.clear()
                await self.run_activity(CaseActivities.anonymise_case, self.workflow_id)
                if patches.patched(ERASURE_PATCH):
                    await erase_ordensstraff(self)
        # § 19 nr. 3, tjml § 16 nr. 2 (disc10): the suspension lapses with a case that ends
        # without a dismissal; the journal's step says so, with the rule.
        self._journal(suspension.lapses_with_case(f, self.machine.state))

    def _journal(self, note: str | None) -> None:
        """Add `note` to the journal's last step (what the step also did, and why)."""
        if note:
            entry = self.machine.history[-1]
            entry.note = f"{entry.note}; {note}" if entry.note else note

    async def _decided(self, cmd: Command[Any] | None, decider: Any) -> None:
        """Record the decision, open the appeal window and send the decision (fvl §§ 24, 27)."""
        f, today = self.file, self.today()
        assert cmd is not None
        p = cmd.payload
        if p.reaction is not None:  # the Justice Department or the central council
            f.reaction, f.seniority_months = p.reaction, p.seniority_months
            f.ordensstraff_form = p.form  # statsansatteloven § 25: a written reprimand (disc6)
        elif patches.patched(TERM_PATCH):  # the council's majority, its own term
            votes = seated(main_sitting(f) or f.council(), f.votes) if f.dated_seats else f.votes  # type: ignore[arg-type]
            f.reaction, f.seniority_months = majority_decision(votes, self.check_votes())
        else:  # before issue 12: the median term of the majority's votes
            majority = self.check_votes()
            f.reaction = Reaction(majority)
            months = sorted(v.severity for v in f.votes if v.choice == majority)
            f.seniority_months = months[len(months) // 2] if f.reaction == "ordensstraff" else None
        f.decided_on = today
        if f.reaction == Reaction.forflytting:  # § 18: deleted after five years (patched)
            f.forflytting_deleted = patches.patched(FORFLYTTING_PATCH)
        if f.reaction in (Reaction.oppsigelse, Reaction.avskjed):
            f.suspension_lapses = None  # the dismissal decision ends the six-month limit
        elif f.reaction == Reaction.suspensjon and patches.patched(SUSPENSION_PATCH):
            suspension.council_suspended(f, today)
        if patches.patched(RECEIPT_PATCH):
            presumed = presumed_receipt(today)
            f.open_window(
                presumed, f"no receipt recorded: {DESIGN_RECEIPT_PRESUMED} ({fmt(presumed)})"
            )
        else:
            f.open_window(today, f"no receipt recorded: {DESIGN_RECEIPT} ({fmt(today)})")
        self.deadlines["appeal_window"] = f.window  # type: ignore[assignment]
        await self.fire("notify")
        spec = duties.Letter("discipline_decision", "Vedtak")
        letter = self._letter(spec, "decide", cmd, decider)
        letter.people.setdefault("decider", cmd.actor.person_id)  # fvl § 27: who decided
        # The competence rule signs it, not the `notify` step's fvl § 27 (the last history row).
        letter.context.update(decider_title=decider_title(f), rule=competence_rule(f))
        await self.letter(letter)
        await self._offer_exit_interview(today)

    async def _offer_exit_interview(self, today: date) -> None:
        """PR-2012 § 26 (issue 13): a reaction that ends the employment — decided here, by the
        central council, or changed to it on appeal (fvl § 34) — offers the exit interview,
        each offer its own case (a second decision in the same case must not reuse the id)."""
        f = self.file
        if f.reaction in (Reaction.oppsigelse, Reaction.avskjed):
            end, basis = dismissal_last_day(f, today)  # until the employment ends (issue 13)
            n = f.exit_offers + 1 if patches.patched(OFFERS_PATCH) else 1
            who = f.request.employee_id
            if await offer_exit_interview(self, who, end, f.reaction.value, n, basis):
                f.exit_offers, f.exit_until = n, end

    async def _reoffer_after_receipt(self) -> None:
        """PR-2012 § 26 with tjml §§ 8–10 and fvl § 29 (issue 13 review): an oppsigelse's notice
        runs from the day the decision reached the employee. The offer was made counting from
        the presumed receipt; a receipt recorded later that moves the notice's last day opens
        offer n+1 with the new day (its letter gives it). The earlier offer stays its own case."""
        f = self.file
        if f.reaction != Reaction.oppsigelse or f.received_on is None or f.decided_on is None:
            return
        if not f.exit_offers or not patches.patched(RECEIPT_OFFER_PATCH):
            return
        end, basis = dismissal_last_day(f, f.decided_on, f.received_on)
        before = f.exit_until or dismissal_last_day(f, f.decided_on)[0]  # offered before hire15
        if end != before:
            n, who = f.exit_offers + 1, f.request.employee_id
            if await offer_exit_interview(self, who, end, f.reaction.value, n, basis):
                f.exit_offers, f.exit_until = n, end

    def check_votes(self) -> str:
        council = main_sitting(self.file) or self.file.council()
        assert council is not None
        result = tally(council, self.file.votes)
        assert result.majority is not None
        return result.majority

    async def _start_appeal(self, appeal: Any, barred: tuple[str, str] | None = None) -> None:
        f = self.file
        f.appeals += 1
        f.under_appeal = f.disc11  # fvl § 42 (disc11): the appeal body is seized of it
        body, deciders = appeal_body_for(f)
        council = deciding_council(f)
        request = {
            "employee_id": f.request.employee_id,
            "parent_case_id": self.case_id,
            "reaction": f.reaction.value if f.reaction else "",
            "seniority_months": f.seniority_months,
            "late": f.appeal_late,
            "decided_on": f.decided_on.isoformat() if f.decided_on else None,
            "deciding_body": deciding_body_of(f),
            "appeal_body": body.value,
            "appeal_body_deciders": deciders,
            "grounds": appeal.grounds,
            "lodged_on": self.today().isoformat(),  # fvl § 34: the deciding body received it
            # fvl § 33: a deciding council reverses or forwards by its members' votes.
            "deciding_council": council.model_dump(mode="json") if council else None,
            "inadmissible": barred[0] if barred else None,
            "inadmissible_reason": barred[1] if barred else "",
            "appeal_body_name": APPEAL_BODY_NAMES.get(body.value, ""),
        }
        if f.appeal10:  # fvl §§ 28 third paragraph, 30-31 (appeal10)
            request |= appeal10_request(f, appeal, barred)
        summary = f"Klage i disiplinærsak {self.case_id}"
        await self.start_linked_case(AppealCase, f.appeals, request, summary, self._resume)

    async def _suspension_resume(self, appeal_id: str, outcome: CaseView) -> None:
        """The suspension's appeal decided: the main case goes on where it is; a reversal
        lifts the suspension (§ 20 nr. 2). A case closed meanwhile only keeps the outcome."""
        f = self.file
        f.suspension_appeal_open = False
        suspension.suspension_appeal_ended(f, outcome.state)  # disc11: fvl § 28 third paragraph
        change = outcome.details.get("taken", {}).get("change")
        if suspension.lifted_by(outcome.state, change):
            suspension.lift(f)
        if self._has_row("suspension_appeal_decided"):
            await self.fire("suspension_appeal_decided", note=f"{appeal_id}: {outcome.state}")

    async def _resume(self, appeal_id: str, outcome: CaseView) -> None:
        """The appeal's outcome resumes this case (PR-2012 § 20 nr. 2)."""
        trigger = RESUME[outcome.state]
        note = f"{appeal_id}: {outcome.state}"
        self.file.under_appeal = False  # fvl § 42 (disc11): the appeal is decided
        if outcome.state == "changed" and patches.patched(CHANGED_PATCH):
            # fvl § 34: the appeal body's new reaction drives this case; the journal says who.
            change = outcome.details["taken"]["change"]
            f = self.file
            changed_on_appeal(f, change, patches.patched(CHANGED_FORM_PATCH))
            if f.reaction == Reaction.forflytting:  # § 18: deleted after five years (patched)
                f.forflytting_deleted = patches.patched(FORFLYTTING_PATCH)
            by = outcome.history[-1].actor.person_id
            months = f" ({f.seniority_months} months)" if f.seniority_months else ""
            note += f" to {f.reaction.value}{months} by {by}"
        decided_before = self.file.appeal_decided
        await self.fire(trigger, note=note)
        await self.after(trigger, None, None)
        if outcome.state == "dismissed" and self.file.appeal10:
            avvist(self.file, decided_before)  # fvl § 28 third paragraph: it may be appealed
        await self._automatic_letter()
        if outcome.state == "changed" and patches.patched(OFFERS_PATCH):
            await self._offer_exit_interview(self.today())  # § 26 when the change ends it


DisciplinaryCase = _duty_workflow(
    DUTIES["discipline"], "DisciplinaryCase", DisciplineBase, __name__
)
