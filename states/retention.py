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

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from states.rules import RuleViolation

PR_18 = "PR-2012 § 18"
ARCHIVE = "arkivloven § 9 bokstav c"  # no archive material is discarded without authority
APPLICANTS_CHOICE = "retention choice: applications not chosen (docs/retention.md)"
LEAVE_CHOICE = "retention choice: leave (docs/retention.md)"
# PR-2012 § 18: "Ordensstraffer ... slettes etter fem år": the one figure (the case's timer,
# states/discipline.py, reads it too), counted from one anchor, `PR18_ANCHOR` (issue 14 review M6).
PR18_YEARS = 5
# The day the deciding body last decided (the `decide` step enters it): the timer's
# `decided_on`. An appeal that upholds or changes the ordensstraff does not move it; one that
# sets it aside and sends it back does, as the new decision is the one that stands
# (docs/legal-choices.md "From which decision the five years run").
PR18_ANCHOR = "decided"
# arkivloven § 9 bokstav c: a row that rests on a stated choice erases only once the archive
# owner has confirmed it, recorded in this setting (README "What an agency must configure").
CONFIRMED_ENV = "PERSONALSAK_RETENTION_CONFIRMED"
# The confirmable choice inside the § 18 row (review M6): the cases the disciplinary case opened
# that are no part of the ordensstraff itself (an appeal of the suspension, tjml § 16; an exit
# interview) go with it only once the archive owner confirms it; until then they are kept.
CHILDREN = "ordensstraff_children"
GONE = "[slettet]"  # what an erased free-text field holds
ANONYMOUS = "anonymised"  # what an erased person id holds

Scope = Literal["family", "unsuccessful_applicants", "kept"]


@dataclass(frozen=True)
class Retention:
    """One row of docs/retention.md. `years` counts from the first step into `anchor` (the
    last, with `anchor_last`: the § 18 row, whose anchor a sent-back appeal moves)."""

    key: str
    case_types: tuple[str, ...]
    anchor: frozenset[str]  # the states whose first entry starts the period
    years: int | None  # None: kept (the archive duty)
    rule: str
    source: Literal["regulation", "law", "choice"]
    scope: Scope
    keeps: str
    by_case_timer: bool = False  # the case's own durable timer takes the step (§ 18)
    anchor_last: bool = False


RETENTION: tuple[Retention, ...] = (
    Retention(
        "ordensstraff",
        ("discipline",),
        frozenset({PR18_ANCHOR}),
        PR18_YEARS,
        PR_18,
        "regulation",
        "family",
        "the anonymous trail of the case, its appeals and its report",
        by_case_timer=True,
        anchor_last=True,
    ),
    Retention(
        "unsuccessful_applicants",
        ("hiring",),
        # the day the applicants were told who was appointed (PR-2012 § 16 nr. 3: the
        # `notify_appointment` step sends the notice and enters one of these): foreldelsesloven
        # § 9's three years for a claim run from when the applicant knew (issue 14 review)
        frozenset({"awaiting_confirmation", "awaiting_contract"}),
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
        # outside a § 18 family (the report that opened the case, the appeals of its decision;
        # with `CHILDREN` confirmed, its suspension's appeals and its exit interviews)
        "everything outside a § 18 family: archive material is kept unless a rule allows "
        "discarding it",
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
    """The day the case first (`anchor_last`: last) entered one of the row's anchor states
    (steps: (dest, day))."""
    days = [day for dest, day in steps if dest in row.anchor]
    return (days[-1] if row.anchor_last else days[0]) if days else None


def confirmed_rows(setting: str | None) -> frozenset[str]:
    """The stated-choice rows the archive owner has confirmed (arkivloven § 9 bokstav c), from
    `PERSONALSAK_RETENTION_CONFIRMED` ("leave,unsuccessful_applicants"). An unknown name is a
    clear error naming the setting, so a typo never leaves a row silently off."""
    names = frozenset(n.strip() for n in (setting or "").split(",") if n.strip())
    choices = {r.key for r in RETENTION if r.source == "choice"} | {CHILDREN}
    if names - choices:
        why = f"unknown rows {sorted(names - choices)}; choose from {sorted(choices)}"
        raise RuleViolation(ARCHIVE, why, CONFIRMED_ENV)
    return names


def unconfirmed(row: Retention, confirmed: frozenset[str]) -> RuleViolation | None:
    """arkivloven § 9 bokstav c: a row resting on a stated choice erases nothing until the
    archive owner has confirmed it (docs/legal-choices.md); the refusal names the row, no one."""
    if row.source != "choice" or row.key in confirmed:
        return None
    why = (f"row {row.key!r} rests on a stated choice the archive owner has not confirmed "
           f"({CONFIRMED_ENV}): nothing is erased")  # fmt: skip
    return RuleViolation(ARCHIVE, why, CONFIRMED_ENV)


def erasable(
    case_type: str,
    rule: str,
    steps: list[tuple[str, date]],
    closed: bool,
    today: date,
    erased_by: str | None = None,
    confirmed: frozenset[str] = frozenset(),
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
    if (refusal := unconfirmed(row, confirmed)) is not None:
        raise refusal
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
    """PR-2012 § 18: the disciplinary case, its appeal cases and the report that led to it, by
    workflow id, as asked: the suspension's appeals share the numbering and are named too, and
    the register keeps them (`verified_family`: a suspension is no ordensstraff)."""
    ids = [f"discipline-{case_id}", *(f"appeal-{case_id}-{n}" for n in range(1, appeals + 1))]
    return ids + ([f"report-{report_case_id}"] if report_case_id else [])


TI_2_5 = "TI-2020 § 2-5"  # a report of neglect handed over opens the disciplinary case


@dataclass(frozen=True)
class Member:
    """What the register knows of one case named for an erasure (None: it knows no such case)."""

    workflow_id: str
    case_type: str | None
    case_id: str | None = None
    opened_from: str | None = None  # the register's link to the case that opened it (0015)
    # an appeal's: what it appeals, by its file or else its opener's journal (`appeal_kind`);
    # None: the register cannot say
    reaction: str | None = None


SUSPENSION = "suspensjon"  # an appeal's reaction when it appeals the suspension (states/appeals.py)
# The disciplinary case's steps that open an appeal case (states/discipline.py), in the order
# they number them (`appeal-<case id>-<n>`), and what each appeals.
APPEAL_STARTS = {"appeal": "decision", "appeal_late": "decision", "appeal_suspension": SUSPENSION}


def appeal_kind(opener_triggers: list[str], workflow_id: str) -> str | None:
    """What appeal `appeal-<case id>-<n>` appeals, by the opener's journal: its n-th step that
    opened an appeal case (SUSPENSION, or "decision"); None when the journal does not say."""
    n = int(workflow_id.rsplit("-", 1)[1]) if re.search(r"-\d+$", workflow_id) else 0
    starts = [APPEAL_STARTS[t] for t in opener_triggers if t in APPEAL_STARTS]
    return starts[n - 1] if 0 < n <= len(starts) else None


def of_the_ordensstraff(m: Member) -> bool:
    """An appeal of the decision that imposed the ordensstraff: part of its record, which
    PR-2012 § 18 deletes. Any other child (a suspension's appeal, tjml § 16; an exit interview;
    an appeal the register cannot place) is no ordensstraff: it goes only with `CHILDREN`."""
    return m.case_type == "appeal" and m.reaction is not None and m.reaction != SUSPENSION


def report_link(root: Member, report_case_id: str | None, report: Member | None) -> str | None:
    """PR-2012 § 18 with TI-2020 § 2-5: the report a disciplinary case came from, as the
    register links it: the report case exists, is a report, and opened this very case (the link
    `open_case` wrote from Temporal's parent of the run, never from an event). Anything else is
    refused, naming the field: a case may not name another's report into its deletion; the
    report is archive material then (arkivloven § 9 bokstav c)."""
    if report_case_id is None:
        return None
    wid = f"report-{report_case_id}"
    if report is None or report.case_type is None:
        why = f"no report case {report_case_id} in the register"
    elif report.case_type != "report":
        why = f"{wid} is a {report.case_type} case, not a report"
    elif root.opened_from != wid:
        why = f"{wid} did not open {root.workflow_id} (the register's link, {TI_2_5})"
    else:
        return wid
    raise RuleViolation(PR_18, f"report_case_id: {why}: it is not erased with this case",
                        "report_case_id")  # fmt: skip


def appeal_id_of(case_id: str, workflow_id: str) -> bool:
    """Whether `workflow_id` is exactly one of `case_id`'s appeal ids, `appeal-<case id>-<n>`
    (workflows/duties.py `start_linked_case`). Case ids may hold "-": `appeal-A-1-1-1` is the
    appeal of A-1-1, never of A-1 (issue 14 review H2)."""
    return re.fullmatch(rf"appeal-{re.escape(case_id)}-\d+", workflow_id) is not None


def is_appeal_of(m: Member, root: Member) -> bool:
    """PR-2012 § 18 erases an appeal with its disciplinary case only if the register links
    it to that case (`opened_from`, written from Temporal's parent; 0016 for older appeals)
    and its id is exactly one of the case's appeal ids. An appeal with no link is refused:
    it is archive material (arkivloven § 9 bokstav c) until an officer links it."""
    return (root.case_id is not None and m.opened_from == root.workflow_id
            and appeal_id_of(root.case_id, m.workflow_id))  # fmt: skip


def is_child_of(m: Member, root: Member) -> bool:
    """A case the disciplinary case opened and keys on: the register links it (`opened_from`,
    written from Temporal's parent) and its id is one of the case's children's ids: its appeals
    `appeal-<case id>-<n>` (of the decision or of the suspension) and its duty cases
    `<type>-<workflow id>-<n>` (an exit interview, workflows/exit_interview.py)."""
    if root.case_id is None or m.opened_from != root.workflow_id or m.case_type is None:
        return False
    if m.case_type == "appeal":
        return appeal_id_of(root.case_id, m.workflow_id)
    child = rf"{re.escape(m.case_type)}-{re.escape(root.workflow_id)}-\d+"
    return re.fullmatch(child, m.workflow_id) is not None


def verified_family(
    root: Member, members: list[Member], rule: str, confirmed: frozenset[str] = frozenset()
) -> tuple[list[str], list[RuleViolation]]:
    """The members of an erasure the register confirms, and a refusal for each other one
    (nothing is done to it). Under PR-2012 § 18 the family is the disciplinary case, the cases
    it opened and keys on (`is_child_of`: its appeals, its exit interviews) and the report that
    opened it; under any other
    rule, the case alone. A case the register does not know is never erased (no key-destroyed
    record for an id it does not hold)."""
    if root.case_type is None:
        return [], [RuleViolation(rule, f"no case {root.workflow_id} in the register", "case")]
    if rule != PR_18:
        others = [m for m in members if m.workflow_id != root.workflow_id]
        why = [RuleViolation(rule, f"{m.workflow_id}: {rule} erases the case alone", "case")
               for m in others]  # fmt: skip
        return [root.workflow_id], why
    if root.case_type != "discipline":
        why = f"{PR_18} erases a disciplinary case's family, not a {root.case_type} case"
        return [], [RuleViolation(PR_18, why, "case")]
    ok, refused = [root.workflow_id], []
    for m in members:
        if m.workflow_id == root.workflow_id:
            continue
        if m.workflow_id.startswith("report-"):
            try:
                ok.append(str(report_link(root, m.workflow_id.removeprefix("report-"), m)))
            except RuleViolation as exc:
                refused.append(exc)
        elif is_child_of(m, root) and (of_the_ordensstraff(m) or CHILDREN in confirmed):
            # PR-2012 § 18 deletes the record of the ordensstraff: the appeals of its decision
            # go with it; every other case the register links to it and keys on (a suspension's
            # appeal, an exit interview) goes too once the archive owner confirmed it, or its
            # id and grounds would name the deleted case's employee (issue 14 review; a choice
            # for the archive owner, arkivloven § 9 bokstav c: docs/legal-choices.md)
            ok.append(m.workflow_id)
        elif is_child_of(m, root):
            why = (f"{m.workflow_id} is no part of the ordensstraff: kept until the archive "
                   f"owner confirms {CHILDREN!r} ({CONFIRMED_ENV})")  # fmt: skip
            refused.append(RuleViolation(ARCHIVE, why, "case"))
        else:
            why = f"{m.workflow_id} is not of {root.workflow_id}'s family: kept"
            refused.append(RuleViolation(ARCHIVE, why, "case"))
    return ok, refused


ORDENSSTRAFF_DELETED = "ordensstraff_deleted"


def check_pr18(steps: list[tuple[str, str, str, date]], today: date) -> None:
    """The sweep's re-check before it clears the register and destroys keys (issue 14 review):
    PR-2012 § 18 "Ordensstraffer ... slettes etter fem år": the case's own deletion step is in
    its journal under § 18, and `PR18_YEARS` have passed since the row's one anchor (the
    deciding body's last decision, `PR18_ANCHOR`: the same day the case's timer counts from).
    steps: (trigger, state entered, rule, day)."""
    if not any(dest == ORDENSSTRAFF_DELETED and rule == PR_18 for _, dest, rule, _ in steps):
        raise RuleViolation(PR_18, "the case has taken no § 18 deletion step", "rule")
    row = next(r for r in RETENTION if r.rule == PR_18)
    when = due(row, anchor_day(row, [(dest, day) for _, dest, _, day in steps]))
    if when is None:
        raise RuleViolation(PR_18, "the case holds no decision to count five years from", "rule")
    if today < when:
        raise RuleViolation(PR_18, f"{PR_18} keeps the data until {when}", "rule")


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
        **{k: view[k] for k in ("case_id", "case_type", "state", "ruleset")},
        "opened_by_event": GONE,  # an event id can name its sender (issue 14 review)
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
