"""What a reader sees of a case, by the ground they read it on: the one place a view is reduced.

Every ground but `applicant` sees the whole view. An applicant is a party to the appointment
case (fvl § 2 e), but fvl § 3 second paragraph takes the right to see the case's documents
(fvl §§ 18-19) away in appointment cases (tilsettingssaker): they see their own application, the
public applicant list as it was published (offentleglova § 25, PR-2012 § 7 nr. 2: an applicant
granted exemption is not on it), the letters sent to them, and the decision about them. Never
other applicants' data, the assessments, interview plan, recommendation, ranking, votes or
protocol (docs/legal-choices.md "What an applicant reads"). The view is built from an allowlist,
so a field a later change adds to hiring's view stays hidden from applicants until added here.
"""

from __future__ import annotations

from typing import Any

from activities.store import AccessRegister, Store
from intake.access import APPLICANT
from states.machine import HistoryEntry
from workflows.case import CaseView, Party

PUBLIC_LIST = "hiring_public_list"
# The steps an applicant sees besides their own: the announcement, the public list, and the
# decision (by the council, the Department, a short appointment, or the central council).
PUBLIC_STEPS = frozenset(
    {"publish", "publish_public_list", "reannounce", "decide", "appoint", "appoint_directly",
     "central_council_decided"}
)  # fmt: skip
DECISIONS = frozenset({"decide", "appoint", "appoint_directly", "central_council_decided"})
PUBLIC_DEADLINES = frozenset({"application_deadline"})


def view_for(store: Store, ground: str, reader: str, view: CaseView) -> CaseView:
    """The view `reader` gets on `ground`."""
    return applicant_view(store, reader, view) if ground == APPLICANT else view


def applicant_view(store: Store, applicant_id: str, view: CaseView) -> CaseView:
    workflow_id = f"{view.case_type}-{view.case_id}"
    register = AccessRegister(store)
    docs = register.documents_for(workflow_id, applicant_id, (PUBLIC_LIST,))
    history = [
        _plain(h)
        for h in view.history
        if h.actor.person_id == applicant_id or h.trigger in PUBLIC_STEPS
    ]
    published = int(view.details.get("public_list_versions") or 0) > 0
    details: dict[str, Any] = {
        "own_application": _own(register, workflow_id, applicant_id, view),
        # § 7 nr. 2: the number of applicants and their gender are on the public list
        "applicants": view.details.get("applicants") if published else None,
        "public_applicant_list": [
            {"doc_id": d.doc_id, "title": d.title, "text": d.body}
            for d in docs
            if d.kind == PUBLIC_LIST
        ],
        "decision": _decision(applicant_id, view),
    }
    return CaseView(
        case_id=view.case_id,
        case_type=view.case_type,
        state=view.state,
        ruleset=view.ruleset,
        org_unit=view.org_unit,
        opened_by_event=view.opened_by_event,
        history=history,
        deadlines=[d for d in view.deadlines if d.name in PUBLIC_DEADLINES],
        documents=[r for r in view.documents if r.doc_id in {d.doc_id for d in docs}],
        parties=[Party(person_id=applicant_id, role="applicant")],
        waiting_for=view.waiting_for,
        details=details,
    )


def _plain(h: HistoryEntry) -> HistoryEntry:
    """A step without its free-text note and its sender (the HR system's name)."""
    return h.model_copy(update={"note": None, "sender": None})


def _own(
    register: AccessRegister, workflow_id: str, applicant_id: str, view: CaseView
) -> dict[str, Any] | None:
    row = register.application(workflow_id, applicant_id)
    if row is None:
        return None
    left_off = applicant_id in (view.details.get("left_off") or [])
    return {
        "applicant_id": row.applicant_id,
        "name": row.name,
        "email": row.email,
        "birth_date": row.birth_date,
        "gender": row.gender,
        "title": row.title,
        "municipality": row.municipality,
        "education": row.education,
        "experience": row.experience,
        "received_on": row.received_on,
        "late": row.late,
        "withdrawn_on": row.withdrawn_on,
        "exemption_requested": row.exemption_reason is not None,
        "left_off_public_list": left_off,
    }


def _decision(applicant_id: str, view: CaseView) -> dict[str, Any] | None:
    """The decision about this applicant: appointed or not, when, under which rule."""
    decided = [h for h in view.history if h.trigger in DECISIONS]
    if not decided:
        return None
    appointee = view.details.get("appointee")
    return {
        "outcome": "appointed" if appointee == applicant_id else "not appointed",
        "decided_at": decided[-1].at,
        "rule": decided[-1].rule,
    }
