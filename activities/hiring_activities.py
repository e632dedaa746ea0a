"""The hiring case's side effects that work on its applicants in the register (PR-2012 §§ 7,
13, 16): applications written in batches, applicant lists and council papers rendered from
the register, and the notice to every applicant. Idempotent like the rest: a retried call
writes, files and sends once."""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio import activity

from activities import logs
from activities.case_activities import CaseActivities
from activities.contracts import (
    ApplicantDocument,
    ApplicantsNotice,
    ApplicationRecord,
    AppointmentRecord,
    LetterSent,
    PostQuery,
)
from activities.documents import render
from activities.store import ApplicantRow, AppointmentRow
from states.org import Person

log = logs.get()


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _person(a: ApplicantRow) -> Person:
    return Person(person_id=a.applicant_id, name=a.name, email=a.email, unit_id="")


class HiringActivities:
    def __init__(self, cases: CaseActivities) -> None:
        self.cases = cases
        self.store = cases.store

    def all(self) -> list[Any]:
        return [self.record_applications, self.applicant_document, self.notify_applicants,
                self.record_appointment, self.earlier_months]  # fmt: skip

    @activity.defn
    def record_appointment(self, rec: AppointmentRecord) -> None:
        """§ 10 nr. 3, § 15: the appointment in the register, where later cases read it."""
        self.store.record_appointment(AppointmentRow(**rec.model_dump()))

    @activity.defn
    def earlier_months(self, q: PostQuery) -> dict[str, int]:
        """§ 10 nr. 3: each person's months in earlier temporary appointments to the post. An
        empty register answers {} (nothing earlier), never an error."""
        out: dict[str, int] = {}
        for row in self.store.appointments_to(q.unit_id, q.post_kind):
            # before council11 the council's appointments after announcement did not count
            counts = q.every_temporary or not row.announced
            if row.workflow_id != q.workflow_id and not row.permanent and counts:
                out[row.person_id] = out.get(row.person_id, 0) + row.months
        return out

    @activity.defn
    def record_applications(self, batch: list[ApplicationRecord]) -> int:
        """Write applications and withdrawals to the register (one transaction per batch)."""
        with self.store.session() as s:
            for rec in batch:
                key = f"{rec.workflow_id}:{rec.applicant_id}"
                row = s.get(ApplicantRow, key)
                if rec.withdrawn:
                    if row is not None and row.withdrawn_on is None:
                        row.withdrawn_on = rec.received_on
                        s.add(row)
                    continue
                if row is None:
                    d = rec.data
                    s.add(
                        ApplicantRow(
                            key=key,
                            workflow_id=rec.workflow_id,
                            applicant_id=rec.applicant_id,
                            name=d["name"],
                            email=d["email"],
                            birth_date=date.fromisoformat(d["birth_date"])
                            if d.get("birth_date")
                            else None,
                            gender=d["gender"],
                            title=d.get("title", ""),
                            municipality=d.get("municipality", ""),
                            education=d.get("education", ""),
                            experience=d.get("experience", ""),
                            received_on=rec.received_on,
                            late=rec.late,
                            exemption_reason=d.get("exemption_reason") or None
                            if d.get("exemption_requested")
                            else None,
                        )
                    )
        log.info("applications recorded", count=len(batch))
        return len(batch)

    def _rows(self, req: ApplicantDocument) -> list[dict[str, Any]]:
        today = date.today()
        rows = [
            a
            for a in self.store.applicants(req.workflow_id)
            if a.withdrawn_on is None
            and (not a.late or req.late_considered)
            and (req.only is None or a.applicant_id in req.only)
        ]
        return [
            {
                "applicant_id": a.applicant_id,
                "name": a.name,
                "age": _age(a.birth_date, today),
                "title": a.title,
                "municipality": a.municipality,
                "education": a.education,
                "experience": a.experience,
                "gender": a.gender,
                "late": a.late,
                "left_off": a.applicant_id in req.left_off,
            }
            for a in rows
        ]

    @activity.defn
    def applicant_document(self, req: ApplicantDocument) -> LetterSent:
        """An applicant list (public: offentleglova § 25; extended: § 7 nr. 1) or council
        papers, rendered from the register, filed as its own version and queued."""
        rows = self._rows(req)
        genders: dict[str, int] = {}
        for r in rows:
            genders[r["gender"]] = genders.get(r["gender"], 0) + 1
        body = render(
            req.template,
            {
                "act": self.cases.act(req.workflow_id),
                **req.context,
                "applicants": rows,
                "total": len(rows),
                "genders": genders,
            },
        )
        people = self.store.people(req.recipients, req.workflow_id)
        return self.cases.file(
            req.key,
            req.workflow_id,
            req.template,
            req.title,
            body,
            [people[r] for r in req.recipients if r in people],
        )

    @activity.defn
    def notify_applicants(self, req: ApplicantsNotice) -> int:
        """§ 16 nr. 3 (fvl § 27): each applicant but the appointee gets the notice naming who
        was appointed, one message each, queued in the outbox (the workflow then delivers the
        case's pending messages: `deliver_pending`)."""
        applicants = self.store.applicants(req.workflow_id)
        appointee = next((a for a in applicants if a.applicant_id == req.appointee), None)
        people = self.store.people([req.appointee], req.workflow_id)
        named = people.get(req.appointee) or (_person(appointee) if appointee else None)
        sent, act = 0, self.cases.act(req.workflow_id)
        for a in applicants:
            if a.applicant_id == req.appointee or a.withdrawn_on is not None:
                continue
            context = {"act": act, **req.context, "recipient": _person(a), "appointee": named}
            self.cases.file(
                f"{req.key}:{a.applicant_id}",
                req.workflow_id,
                req.template,
                req.title,
                render(req.template, context),
                [_person(a)],
            )
            sent += 1
            if sent % 100 == 0:
                activity.heartbeat(sent)
        return sent
