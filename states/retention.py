"""Retention by rule (issue 14): how long each case type's personal data is kept, from which
step, on which source, and what the archive duty keeps. Data and pure functions only; the
register work is in activities/erasure.py, the sweep in workflows/erasure.py, the reasons in
docs/retention.md.

A row erases either a case's whole family (the case, its appeal cases and the report that led
to it: data keys destroyed, register free text and case views cleared) or part of one case
(the applications of applicants not appointed). What stays, always: the journal's anonymous
trail (steps, rules, dates, roles) and the record of the erasure itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from states.rules import RuleViolation

PR_18 = "PR-2012 § 18"
ARCHIVE = "arkivloven § 9 bokstav c"  # no archive material is discarded without authority
APPLICANTS_CHOICE = "retention choice: applications not chosen (docs/retention.md)"
LEAVE_CHOICE = "retention choice: leave (docs/retention.md)"
GONE = "[slettet]"  # what an erased free-text field holds
ANONYMOUS = "anonymised"  # what an erased person id holds

Scope = Literal["family", "unsuccessful_applicants", "kept"]


@dataclass(frozen=True)
class Retention:
    """One row of docs/retention.md. `years` counts from the first step into `anchor`."""

    key: str
    case_types: tuple[str, ...]
    anchor: frozenset[str]  # the states whose first entry starts the period
    years: int | None  # None: kept (the archive duty)
    rule: str
    source: Literal["regulation", "law", "choice"]
    scope: Scope
    keeps: str
    by_case_timer: bool = False  # the case's own durable timer takes the step (§ 18)


RETENTION: tuple[Retention, ...] = (
    Retention(
        "ordensstraff",
        ("discipline",),
        frozenset({"ordensstraff_registered"}),
        5,
        PR_18,
        "regulation",
        "family",
        "the anonymous trail of the case, its appeals and its report",
        by_case_timer=True,
    ),
    Retention(
        "unsuccessful_applicants",
        ("hiring",),
        frozenset({"awaiting_contract", "probation", "serving", "employed"}),
        3,
        APPLICANTS_CHOICE,
        "choice",
        "unsuccessful_applicants",
        "the appointment, the public applicant list, the appointee's application",
    ),
    Retention(
        "leave",
        ("leave",),
        frozenset({"refused", "returned", "withdrawn"}),
        3,
        LEAVE_CHOICE,
        "choice",
        "family",
        "the leave period (dates and kind: PR-2012 § 22 counts it) and the anonymous trail",
    ),
    Retention(
        "archive",
        ("report", "gift", "relation", "errand", "secondary_work", "certificate",
         "exit_interview", "representative_term", "acting_service", "central_council",
         "appeal", "discipline"),
        frozenset(),
        None,
        ARCHIVE,
        "law",
        "kept",
        "everything: archive material is kept unless a rule allows discarding it",
    ),
)  # fmt: skip


def rows_for(case_type: str) -> list[Retention]:
    return [r for r in RETENTION if case_type in r.case_types]


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February: the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def due(row: Retention, anchored: date | None) -> date | None:
    """The day the row's data goes, or None (kept, or its period has not started)."""
    if row.years is None or anchored is None:
        return None
    return add_years(anchored, row.years)


def anchor_day(row: Retention, steps: list[tuple[str, date]]) -> date | None:
    """The day the case first entered one of the row's anchor states (steps: (dest, day))."""
    return next((day for dest, day in steps if dest in row.anchor), None)


def erasable(
    case_type: str,
    rule: str,
    steps: list[tuple[str, date]],
    closed: bool,
    today: date,
    erased_by: str | None = None,
) -> Retention:
    """The row that lets `rule` erase this case today, or the refusal naming the rule that
    keeps the data. An erased case stays erased under the rule that erased it (a deletion is
    not replayed into another result)."""
    if erased_by is not None:
        if erased_by != rule:
            raise RuleViolation(erased_by, f"the case was erased under {erased_by}", "rule")
        return next(r for r in RETENTION if r.rule == erased_by)
    rows = rows_for(case_type)
    row = next((r for r in rows if r.rule == rule), None)
    if row is None:
        keeping = next((r for r in rows if r.scope != "kept" and anchor_day(r, steps)), None)
        keeper = keeping or next((r for r in rows if r.scope == "kept"), None)
        why = f"no erasure under {rule!r} for a {case_type} case"
        raise RuleViolation(keeper.rule if keeper else ARCHIVE, why, "rule")
    if row.scope == "kept":
        raise RuleViolation(row.rule, f"a {case_type} case is kept: {row.keeps}", "rule")
    if row.scope == "family" and not closed:
        raise RuleViolation(row.rule, "the case is open: it is erased only once closed", "case")
    when = due(row, anchor_day(row, steps))
    if when is None:
        raise RuleViolation(row.rule, f"the period of {row.rule} has not started", "rule")
    if today < when:
        raise RuleViolation(row.rule, f"{row.rule} keeps the data until {when}", "rule")
    return row


# -- the family of a case and its anonymous view ----------------------------------------------


def discipline_family(case_id: str, appeals: int, report_case_id: str | None) -> list[str]:
    """PR-2012 § 18: the disciplinary case, its appeal cases (the suspension's too: they share
    the numbering) and the report that led to it, by workflow id."""
    ids = [f"discipline-{case_id}", *(f"appeal-{case_id}-{n}" for n in range(1, appeals + 1))]
    return ids + ([f"report-{report_case_id}"] if report_case_id else [])


def anonymous_view(
    view: dict[str, Any], rule: str, at: datetime, what: list[str]
) -> dict[str, Any]:
    """The view an erased case answers with: its steps, rules and dates with no one named,
    no parties, documents, deadlines or details, and what was erased, when and by which rule."""
    history = [
        {**h, "actor": {"person_id": ANONYMOUS, "role": h["actor"]["role"]},
         "on_behalf_of": None, "note": None, "event_id": None, "sender": None}
        for h in view.get("history", [])
    ]  # fmt: skip
    return {
        **{k: view[k] for k in ("case_id", "case_type", "state", "ruleset", "opened_by_event")},
        "org_unit": view.get("org_unit"),
        "history": history,
        "deadlines": [],
        "documents": [],
        "parties": [],
        "councils": [],
        "waiting_for": "",
        "details": {"erased": {"rule": rule, "at": at.isoformat(), "what": what}},
    }


FAMILY_ERASED = [
    "parties and every person named in the history",
    "documents, letters and messages (text and addresses)",
    "facts, statements, votes, reasons and the reaction (case view and details)",
    "the case's data key: its Temporal history can no longer be decoded",
]
APPLICANTS_ERASED = ["applications of applicants not appointed (contact, education, experience)"]


# Temporal's namespace retention for closed workflows (intake/up.py, deploy/): shorter than every
# period of the table that erases, so a closed history never outlives the register's rule, and
# long enough for late reads and replays of a just-closed case (docs/legal-choices.md).
NAMESPACE_RETENTION_DAYS = 30
