"""The activities: every side effect of a case (register, journal, letters, outbox, delivery).

Synchronous (sqlmodel is), run by the worker in a thread pool. Each one is
idempotent, so a retried or replayed step writes and sends once.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from typing import Any

from jinja2 import TemplateError
from sqlmodel import Session, select
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities import logs, sealed
from activities.contracts import (
    CaseContext,
    LeavePeriod,
    Letter,
    LetterSent,
    OpenCase,
    StepRecord,
    ViewRecord,
)
from activities.documents import render
from activities.erasure import forget_outbox
from activities.heartbeat import heartbeating
from activities.notifications import Mailer, build_message
from activities.store import (
    CaseRow,
    DocumentRow,
    JournalRow,
    LeavePeriodRow,
    OutboxRow,
    PersonRow,
    Store,
    granted_on,
    pattern_of,
    utcnow,
)
from states.calendar import working_days_by_year
from states.org import Person
from states.rules import ACTS, EVENT_CONTRACT, RULESET

log = logs.get()
CASE_OPENED = "CaseAlreadyOpened"  # the error type of a second run's `open_case`
LETTER_NOT_RENDERED = "LetterNotRendered"  # a letter's template fails: not retried
DELIVERY_FAILED = "DeliveryFailed"  # the mail server or directory failed: retried


class CaseActivities:
    def __init__(self, store: Store, mailer: Mailer) -> None:
        self.store = store
        self.mailer = mailer

    def all(self) -> list[Any]:
        return [
            self.open_case,
            self.load_context,
            self.record_step,
            self.record_view,
            self.record_leave_period,
            self.send_letter,
            self.deliver,
            self.deliver_pending,
            self.anonymise_case,
        ]

    @activity.defn
    def open_case(self, req: OpenCase) -> CaseContext:
        """Register the case (once) and return the slice of the register its rules need. The
        register keeps the run that opened it: another run on the same workflow id (a start
        replayed past Temporal's id-reuse policy) is refused, non-retryably, before it loads,
        writes or sends anything (issue 11: a case is opened once by one run). One session
        for all of it: each of its own cost the opening a connection and a commit (issue 16)."""
        with self.store.session() as s:
            row = s.get(CaseRow, req.workflow_id)
            if row is not None and req.run_id and row.first_run_id != req.run_id:
                raise ApplicationError(
                    f"{EVENT_CONTRACT}: case_id: case {req.case_id} was opened once already "
                    f"({row.state}); a case is opened by one run, never again",
                    {"rule": EVENT_CONTRACT, "field": "case_id", "error": "case already opened"},
                    type=CASE_OPENED,
                    non_retryable=True,
                )
            ctx = self._context(req.person_id, req.workflow_id, req.unit_id, s)
            if row is None:
                s.add(
                    CaseRow(
                        workflow_id=req.workflow_id,
                        case_id=req.case_id,
                        case_type=req.case_type,
                        ruleset=req.ruleset,
                        state="opened",
                        person_id=req.person_id,
                        org_unit=req.unit_id or ctx.person.unit_id,
                        region=ctx.region,
                        opened_at=req.opened_at,
                        updated_at=req.opened_at,
                        first_run_id=req.run_id,
                        opened_from=self._parent(req, s),
                    )
                )
        return ctx

    @staticmethod
    def _parent(req: OpenCase, s: Session) -> str | None:
        """The case that opened this one, if Temporal says it is its parent and the register
        knows it (issue 14 review: PR-2012 § 18 erases a report only through this link)."""
        parent = req.parent_workflow_id
        return parent if parent and s.get(CaseRow, parent) is not None else None

    @activity.defn
    def load_context(
        self, person_id: str, workflow_id: str, unit_id: str | None = None
    ) -> CaseContext:
        with self.store.session() as s:
            return self._context(person_id, workflow_id, unit_id, s)

    def _context(
        self, person_id: str, workflow_id: str, unit_id: str | None, s: Session
    ) -> CaseContext:
        org = self.store.org_slice(person_id, unit_id, session=s)
        person = org.person(person_id)
        if person is None:
            # Intake checks this before a case starts; a person removed since is a data error.
            raise ApplicationError(
                f"person {person_id} is not in the register",
                type="UnknownPerson",
                non_retryable=True,
            )
        used: dict[int, int] = {}
        for row in self.store.welfare_days_used(person_id, workflow_id, session=s):
            # PR-2012 § 22: on the employee's own working days (the register's work pattern)
            # as counted when granted (the row's pattern), not on today's (issue 13)
            works_on = person.works_on if row.work_pattern is None else granted_on(row)
            counted = working_days_by_year(row.start, row.end, works_on)
            if row.working_days is not None:  # council10: each segment as it was granted
                counted = Counter(date.fromisoformat(d).year for d in row.working_days)
            for year, days in counted.items():
                used[year] = used.get(year, 0) + days
        return CaseContext(
            person=person,
            org=org,
            unit_name=self.store.unit_name(unit_id or person.unit_id, session=s),
            region=org.region_of(unit_id or person.unit_id),
            welfare_days_used=used,
        )

    @activity.defn
    def record_view(self, rec: ViewRecord) -> None:
        """The read model (issue 16): the case's view as of its last change, so reads answer
        from the register without replaying the case, also with the worker stopped."""
        view = json.dumps(rec.view, separators=(",", ":"))
        file = json.dumps(rec.file, separators=(",", ":")) if rec.file is not None else None
        self.store.write_view(rec.workflow_id, rec.case_id, rec.case_type, view, file)

    @activity.defn
    def record_step(self, rec: StepRecord) -> None:
        """Journal one step (with its rule) and move the register's state. Idempotent by seq."""
        e = rec.entry
        with self.store.session() as s:
            exists = s.exec(
                select(JournalRow).where(
                    JournalRow.workflow_id == rec.workflow_id, JournalRow.seq == rec.seq
                )
            ).first()
            if exists is None:
                s.add(
                    JournalRow(
                        workflow_id=rec.workflow_id,
                        seq=rec.seq,
                        trigger=e.trigger,
                        source=e.source,
                        dest=e.dest,
                        rule=e.rule,
                        actor_id=e.actor.person_id,
                        actor_role=e.actor.role,
                        on_behalf_of=e.on_behalf_of,
                        event_id=e.event_id,
                        at=e.at,
                        sender=e.sender,
                    )
                )
            case = s.get(CaseRow, rec.workflow_id)
            if case is not None and (exists is None or case.state == e.source):
                case.state = e.dest
                case.updated_at = utcnow()
                s.add(case)

    @activity.defn
    def record_leave_period(self, period: LeavePeriod) -> None:
        with self.store.session() as s:
            row = s.get(LeavePeriodRow, period.workflow_id)
            if period.end is None:
                if row is not None:
                    s.delete(row)
                return
            if row is None:
                # PR-2012 § 22 (issue 13): the grant is counted on the working days that hold
                # when it is granted; a later change of pattern does not recount it.
                person = s.get(PersonRow, period.person_id)
                row = LeavePeriodRow(
                    workflow_id=period.workflow_id,
                    person_id=period.person_id,
                    kind=period.kind,
                    start=period.start,
                    end=period.end,
                    work_pattern=pattern_of(person),
                )
            row.start, row.end = period.start, period.end
            if period.working_days is not None:
                row.working_days = [d.isoformat() for d in period.working_days]
            s.add(row)

    @activity.defn
    def send_letter(self, letter: Letter) -> LetterSent:
        """Render the letter, file it with the case and queue it for each recipient."""
        ids = [*letter.people.values(), *letter.recipients]
        people = self.store.people(ids, letter.applicants_of)
        rule = letter.rule or EVENT_CONTRACT
        missing = [p for p in letter.recipients if p not in people]
        if missing:
            # Retrying cannot bring a person into the register: the case records it (issue 13).
            raise ApplicationError(
                f"{rule}: recipients: not in the register: {', '.join(missing)}",
                {"rule": rule, "field": "recipients", "error": "recipient not in the register"},
                type="UnknownPerson",
                non_retryable=True,
            )
        context = {"act": self.act(letter.workflow_id), **letter.context}
        context.update({k: people.get(v) for k, v in letter.people.items()})
        try:
            body = render(letter.template, context)
        except (TemplateError, OSError) as exc:
            # A template that does not render fails the same way every time: not retried.
            what = exc.message if isinstance(exc, TemplateError) else str(exc)
            raise ApplicationError(
                f"{rule}: template {letter.template}: does not render: {what}",
                {"rule": rule, "field": f"template:{letter.template}", "error": str(what)},
                type=LETTER_NOT_RENDERED,
                non_retryable=True,
            ) from None
        return self.file(
            letter.key,
            letter.workflow_id,
            letter.template,
            letter.title,
            body,
            [people[r] for r in letter.recipients],
            letter.dated,
        )

    def act(self, workflow_id: str) -> str:
        """The act a letter cites: the one for the ruleset the register recorded on the case."""
        row = self.store.case(workflow_id)
        return ACTS.get(row.ruleset if row else RULESET, "")

    def file(
        self,
        key: str,
        workflow_id: str,
        kind: str,
        title: str,
        body: str,
        recipients: list[Person],
        dated: datetime | None = None,
    ) -> LetterSent:
        """File a document with the case (once) and queue it for each recipient (once)."""
        keys = [f"{key}:{r.person_id}" for r in recipients]
        with self.store.session() as s:
            if s.get(DocumentRow, key) is None:
                s.add(
                    DocumentRow(
                        doc_id=key,
                        workflow_id=workflow_id,
                        kind=kind,
                        title=title,
                        body=body,
                        recipient_id=recipients[0].person_id if recipients else None,
                        created_at=dated or utcnow(),  # the case's time, when it gave one
                    )
                )
            case = s.get(CaseRow, workflow_id)
            erased = case is not None and case.person_id == "anonymised"  # PR-2012 § 18's step
            for out_key, r in zip(keys, recipients, strict=True):
                if s.get(OutboxRow, out_key) is None and not (
                    erased and any(s.get(OutboxRow, t) for t in sealed.tags(out_key))
                ):  # an erased message (re-keyed to its tag) is never queued again
                    s.add(
                        OutboxRow(
                            key=out_key,
                            workflow_id=workflow_id,
                            doc_id=key,
                            recipient_id=r.person_id,
                            to_address=r.email,
                            subject=title,
                            body=body,
                            created_at=utcnow(),
                        )
                    )
        return LetterSent(doc_id=key, title=title, outbox_keys=keys)

    @activity.defn
    def deliver(self, key: str) -> str:
        """Deliver one outbox message; a message already sent is not sent again."""
        with self.store.session() as s:
            row = s.get(OutboxRow, key)
            if row is None and any(s.get(OutboxRow, t) for t in sealed.tags(key)):
                return "erased"  # its case was erased (PR-2012 § 18): nothing to send
            if row is None:  # the key ends with a person id: the error names its tag
                tag = sealed.tags(key)[0]
                raise ApplicationError(f"no outbox message {tag}", non_retryable=True)
            if row.status == "sent":
                return "already sent"
            msg = build_message(row.key, row.to_address, row.subject, row.body)
            row.attempts += 1
            try:
                with heartbeating():
                    where = self.mailer.send(row.key, msg)
            except OSError as exc:  # SMTP down: stays pending, Temporal retries with backoff
                # the key ends with a person id and SMTP's text quotes the address
                # (SMTPRecipientsRefused), a file's error its path: the log and the failure
                # Temporal records (the SDK logs it with its traceback) hold a keyed tag and
                # the error's kind, never the error (GDPR art. 5(1)(c); issue 14 review M1).
                # The register keeps the text for the operator until the case is erased.
                kind = type(exc).__name__
                log.warning("delivery failed, will retry", message_tag=sealed.tags(key)[0],
                            error_kind=kind)  # fmt: skip
                row.last_error = str(exc)
                s.add(row)
                s.commit()
                # retryable as the OSError was; `from None`: no cause or context quoting it
                raise ApplicationError(f"delivery failed: {kind}", type=DELIVERY_FAILED) from None
            row.status, row.sent_at, row.last_error = "sent", utcnow(), None
            s.add(row)
            log.info("message delivered", message_tag=sealed.tags(key)[0], attempts=row.attempts)
            return where

    @activity.defn
    def deliver_pending(self, workflow_id: str) -> int:
        """Deliver every message of a case still in the outbox (a bulk notice), heartbeating;
        an SMTP failure leaves the rest pending for the retry."""
        with self.store.session() as s:
            keys = s.exec(
                select(OutboxRow.key).where(
                    OutboxRow.workflow_id == workflow_id, OutboxRow.status == "pending"
                )
            ).all()
        for n, key in enumerate(keys, 1):
            self.deliver(key)
            if n % 100 == 0:
                activity.heartbeat(n)
        return len(keys)

    @activity.defn
    def anonymise_case(self, workflow_id: str) -> int:
        """PR-2012 § 18: the deleted ordensstraff leaves no personal data in the register: the
        case row loses its person, documents and sent messages their text. The journal keeps
        the steps and rules (no personal data), and records the deletion itself."""
        gone = "[slettet etter personalreglementet § 18]"
        with self.store.session() as s:
            case = s.get(CaseRow, workflow_id)
            if case is not None:
                case.person_id = "anonymised"
                s.add(case)
            changed = 0
            for doc in s.exec(select(DocumentRow).where(DocumentRow.workflow_id == workflow_id)):
                doc.body, doc.recipient_id = gone, None
                s.add(doc)
                changed += 1
            # by the case, keys re-keyed and errors cleared (activities/erasure.py)
            forget_outbox(s, workflow_id, gone, getattr(self.mailer, "mail_dir", None))
            return changed
