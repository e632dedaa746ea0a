"""What a reader sees of a case, by the ground they read it on: the one place a view is reduced.

Those who handle or decide the case (HR for its unit, its leaders, the council that sits for
it, the local operator, a key scoped to it) see the whole view. Three grounds see a reduced
one, each a `Lens` put through the one `reduce` (docs/legal-choices.md "What a party reads"):

- applicant: a party to the appointment case (fvl § 2 e), but fvl § 3 second paragraph takes the
  right to see the case's documents (fvl §§ 18-19) away in appointment cases: their own
  application, the public applicant list as published (offentleglova § 25, PR-2012 § 7 nr. 2),
  the letters sent to them and the decision about them. Built from an allowlist, so a field a
  later change adds to hiring's view stays hidden from applicants until added here.
- party: the person the case is about (the employee in a disciplinary case and in its
  suspension and appeal cases, the employee in their own leave or duty case). fvl § 18 gives
  them the case's documents, so the rule is the view less its exemptions: the council's
  sitting (votes, signatures, protocol) as internal (fvl § 18 a), the documents an access
  decision withheld (fvl §§ 18 b-19; the gap is shown with its rule), and letters and steps
  addressed to other people (fvl § 13).
- reporter: whoever reported under TI-2020 §§ 2-4, 2-5 is not a party to what follows for the
  employee concerned: their own report, the letters to them, and that it was assessed; the
  outcome for a colleague (no action, a written warning, a disciplinary case) is that
  colleague's personal matter (fvl § 13).
- representative: a union's tillitsvalgt (PR-2012 § 5 nr. 4 and 6) or a representative named
  centrally (§ 9 nr. 3) who commented in a hiring case: § 5 gives them the draft text and the
  salary information, and they made their comment; nothing else (the applications, exemption
  reasons, assessments and votes are the appointing body's and the applicants', fvl § 13).
  An allowlist, like the applicant's. Before their first comment too (they may make it).
- may act: whoever the register lets act in the case but reads it on no other ground (the
  Department, a leader over the unit, a fullmakt holder): the state, the deadlines and their
  own steps (issue 15 review: the queue shows what the door accepts).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from activities.store import AccessRegister, CaseRow, Store
from intake.access import (
    APPLICANT,
    COUNCIL_TRIGGERS,
    MAY_ACT,
    PARTY,
    REPORTER,
    REPRESENTATIVE,
)
from states.calendar import Deadline
from states.catalog import COLLEGIALS
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


# fvl § 18 a: the council's sitting (votes, written-procedure agreements, signatures, the
# protocol) is the deciding body's internal preparation; the party gets the decision and its
# reasons (fvl §§ 24-25) in the letter and the case's details.
INTERNAL_STEPS = COUNCIL_TRIGGERS
# Every council's sitting and protocol in the details, by the catalogue's councils (issue 15
# H2): the hiring votes, the duty cases' `council` view, each Collegial's field and protocol.
INTERNAL_DETAILS = frozenset(
    {"votes", "council", *(f for c in COLLEGIALS for f in (c.field, c.protocol_field)),
     "rounds"}  # disc10: the votes (and the notice) of a closed round, fvl §§ 16, 18 a, 19
)  # fmt: skip
# The steps and states a reporter sees: the report received and followed up (§ 2-4); any
# other state is the assessment of a colleague, shown only as "assessed" (fvl § 13).
REPORTER_STEPS = frozenset({"register", "follow_up"})
REPORTER_STATES = frozenset({"submitted", "received", "followed_up"})
ASSESSED = "assessed"
WITHHELD = "withheld"  # the party's details: the gaps an access decision left, with the rule


@dataclass(frozen=True)
class Lens:
    """What one reader sees of a view. `documents`: the doc ids shown; the rest is dropped."""

    steps: Callable[[HistoryEntry], bool]
    documents: set[str]
    parties: list[Party]
    details: dict[str, Any]
    deadlines: Callable[[Deadline], bool] = lambda d: True
    state: str | None = None  # shown instead of the case's state
    waiting_for: str | None = None


def reduce(view: CaseView, lens: Lens) -> CaseView:
    """The one mechanism: the view as `lens` lets its reader see it. A step is shown without its
    free-text note and its sender (the HR system's name); councils only to those who see all."""
    return CaseView(
        case_id=view.case_id,
        case_type=view.case_type,
        state=lens.state or view.state,
        ruleset=view.ruleset,
        org_unit=view.org_unit,
        opened_by_event=view.opened_by_event,
        history=[_plain(h) for h in view.history if lens.steps(h)],
        deadlines=[d for d in view.deadlines if lens.deadlines(d)],
        documents=[r for r in view.documents if r.doc_id in lens.documents],
        parties=lens.parties,
        waiting_for=view.waiting_for if lens.waiting_for is None else lens.waiting_for,
        details=lens.details,
    )


LENSES: dict[str, Callable[[AccessRegister, str, CaseView], Lens]] = {}


def view_for(store: Store, ground: str, reader: str, view: CaseView) -> CaseView:
    """The view `reader` gets on `ground`: reduced for the grounds in LENSES, else whole."""
    lens = LENSES.get(ground)
    return reduce(view, lens(AccessRegister(store), reader, view)) if lens else view


def shown_state(store: Store, ground: str, reader: str, row: CaseRow) -> str | None:
    """The state a listing shows `reader` of the case in `row` (GET /cases): the one their lens
    shows in the case's own view (the read model's), else the register's. A reduced ground
    with no view to put through its lens gets no listing row (None) rather than the raw state
    (TI-2020 § 2-5 with fvl § 13: a reporter sees "assessed", not the colleague's outcome)."""
    if ground not in LENSES:
        return row.state
    text = store.read_view(row.case_id, row.case_type)
    if text is None:
        return None
    return view_for(store, ground, reader, CaseView.model_validate_json(text)).state


def _applicant(register: AccessRegister, applicant_id: str, view: CaseView) -> Lens:
    workflow_id = f"{view.case_type}-{view.case_id}"
    docs = register.documents_for(workflow_id, applicant_id, (PUBLIC_LIST,))
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
    return Lens(
        steps=lambda h: h.actor.person_id == applicant_id or h.trigger in PUBLIC_STEPS,
        documents={d.doc_id for d in docs},
        parties=[Party(person_id=applicant_id, role="applicant")],
        details=details,
        deadlines=lambda d: d.name in PUBLIC_DEADLINES,
    )


def withheld_by_decision(view: CaseView) -> dict[str, str]:
    """The documents the case's access decision withheld (fvl §§ 18 b-19): doc id -> rule. The
    decision's payload is in the view's `taken` (the latest decision counts)."""
    decided = (view.details.get("taken") or {}).get("decide_access") or {}
    return {w["doc_id"]: w["rule"] for w in decided.get("withheld") or []}


def step_of(doc_id: str) -> str:
    """The step a letter was sent at: its doc id is `<workflow id>:<template>:<n>:<step>`."""
    return doc_id.rsplit(":", 1)[-1]


def _party(register: AccessRegister, person_id: str, view: CaseView) -> Lens:
    """fvl § 18 less its exemptions (module docstring)."""
    workflow_id = f"{view.case_type}-{view.case_id}"
    theirs = {d.doc_id for d in register.documents_for(workflow_id, person_id, ())}
    withheld = withheld_by_decision(view)
    titles = {d.doc_id: d.title for d in view.documents}
    # A withheld letter takes the step's content with it (its payload in `taken`).
    hidden_steps = {step_of(d) for d in withheld} | INTERNAL_STEPS
    taken = view.details.get("taken")
    details = {k: v for k, v in view.details.items() if k not in INTERNAL_DETAILS}
    if isinstance(taken, dict):
        details["taken"] = {t: p for t, p in taken.items() if t not in hidden_steps}
    details[WITHHELD] = [
        {"doc_id": d, "title": titles.get(d, ""), "rule": rule} for d, rule in withheld.items()
    ]
    return Lens(
        steps=lambda h: h.trigger not in INTERNAL_STEPS,
        documents=theirs - set(withheld),
        parties=[p for p in view.parties if p.person_id == person_id],
        details=details,
    )


def _reporter(register: AccessRegister, person_id: str, view: CaseView) -> Lens:
    """TI-2020 §§ 2-4, 2-5 with fvl § 13 (module docstring)."""
    workflow_id = f"{view.case_type}-{view.case_id}"
    theirs = {d.doc_id for d in register.documents_for(workflow_id, person_id, ())}
    assessed = view.state not in REPORTER_STATES
    return Lens(
        steps=lambda h: h.actor.person_id == person_id or h.trigger in REPORTER_STEPS,
        documents=theirs,
        parties=[p for p in view.parties if p.person_id == person_id],
        details={},
        deadlines=lambda d: False,
        state=ASSESSED if assessed else None,
        waiting_for="" if assessed else None,
    )


SALARY_LETTER = "hiring_salary_information"  # § 5 nr. 6 and nr. 4: salary and the draft text
REPRESENTATIVE_STEPS = frozenset({"inform_representatives"})  # the salary information given


def _representative(register: AccessRegister, person_id: str, view: CaseView) -> Lens:
    """PR-2012 § 5 nr. 4 and 6, § 9 nr. 3 (module docstring): the letters to them (the salary
    information with the draft text), the step that gave it, and their own comments."""
    workflow_id = f"{view.case_type}-{view.case_id}"
    docs = register.documents_for(workflow_id, person_id, ())
    return Lens(
        steps=lambda h: h.actor.person_id == person_id or h.trigger in REPRESENTATIVE_STEPS,
        documents={d.doc_id for d in docs},
        parties=[],
        details={
            "salary_information": [
                {"doc_id": d.doc_id, "title": d.title, "text": d.body}
                for d in docs
                if d.kind == SALARY_LETTER
            ],
        },
        deadlines=lambda d: d.name == "representatives_comment",
    )


def _may_act(register: AccessRegister, person_id: str, view: CaseView) -> Lens:
    """Issue 15 review: a person the register lets act in the case (the Department, a leader
    over the unit, a fullmakt holder) but who reads it on no other ground sees what the act
    needs: the state, what the case waits for, its deadlines and their own steps; no parties,
    documents or details (fvl § 13), which their role's own ground would give."""
    return Lens(
        steps=lambda h: h.actor.person_id == person_id,
        documents=set(),
        parties=[],
        details={},
    )


LENSES.update(
    {APPLICANT: _applicant, PARTY: _party, REPORTER: _reporter, REPRESENTATIVE: _representative,
     MAY_ACT: _may_act}
)  # fmt: skip


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
