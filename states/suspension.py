"""The suspension in a disciplinary case (PR-2012 § 19 nr. 3, § 20 nr. 2; tjml § 16 nr. 2):
its own appeal (a linked AppealCase), its extension by the body that decides the main case,
and its lapse, for an urgent suspension and one the council decided alike. Payloads, guards
and pure effects beside their rows in states/discipline.py."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import Field

from states.calendar import Deadline, add_weeks, shift_months
from states.duties import Payload
from states.rules import RuleViolation

if TYPE_CHECKING:
    from states.discipline import Appeal, DisciplineFile

PR_20_2 = "PR-2012 § 20 nr. 2"
TJML_16 = "tjml § 16 nr. 2"
FVL_31 = "fvl § 31"
FVL_29 = "fvl § 29"
FVL_28_3 = "fvl § 28 tredje ledd"
SUSPENSION_MONTHS = 6
EXTENSION_MONTHS = 6  # docs/legal-choices.md "Extending a suspension"


class SuspensionExtension(Payload):
    """The body that decides the main case extends the suspension, with reasons."""

    months: int = Field(ge=1, le=EXTENSION_MONTHS)
    reasons: str = Field(min_length=1)


def suspended(case: DisciplineFile, today: date, by: str, presumed: date) -> None:
    """§ 19 nr. 3: the suspension runs from today, lapses after six months (tjml § 16 nr. 2),
    and may be appealed within three weeks of its letter's presumed arrival (fvl § 29)."""
    case.suspension_lapses = shift_months(today, SUSPENSION_MONTHS)
    case.suspended_on, case.suspended_by = today, by
    case.suspension_window = window_from(presumed)


def appeal_window(start: date, why: str, name: str = "appeal_window") -> Deadline:
    """fvl § 29: three weeks from the day the notification reached the party; `why` says what
    that day is. The one window of the main decision (`DisciplineFile.open_window`) and of the
    suspension."""
    w = add_weeks(start, 3, name=name, rule="fvl § 29")
    w.explanation = f"{why}. {w.explanation}"
    return w


def window_from(presumed: date) -> Deadline:
    return appeal_window(presumed, f"the suspension's letter presumed to arrive {presumed}",
                         "suspension_appeal_window")  # fmt: skip


def council_suspended(case: DisciplineFile, today: date) -> None:
    """A suspension the council decided (§ 19 nr. 2) lapses as an urgent one does: six months
    from when it took effect (an urgent suspension before it keeps its own start)."""
    case.council_suspension = True
    if case.suspended_on is None or case.suspension_lapses is None:
        case.suspended_on = today
        case.suspension_lapses = shift_months(today, SUSPENSION_MONTHS)


def _active(case: DisciplineFile) -> None:
    """In force: suspended and neither lapsed nor lifted. A decision of oppsigelse or avskjed
    ends only the six-month limit (tjml § 16 nr. 2), not the suspension, which the employee can
    still appeal (§ 20 nr. 2)."""
    in_force = case.suspended_on is not None and not case.suspension_ended
    if case.suspension_lapses is None and not in_force:
        raise RuleViolation(TJML_16, "no suspension is in force in this case")


def may_appeal_suspension(case: DisciplineFile, data: dict[str, Any]) -> None:
    """§ 20 nr. 2: "En tjenestemann kan påklage vedtak om ... suspensjon"; one appeal at a
    time; fvl § 31: not more than a year after the suspension."""
    _active(case)
    if case.suspension_appeal_open:
        raise RuleViolation(PR_20_2, "the suspension's appeal is already being heard")
    appeal: Appeal = data["payload"]
    if appeal.posted_on > case.today:
        raise RuleViolation("fvl § 30", "the posting date lies in the future", "payload.posted_on")
    # fvl § 31 with § 30 (appeal10): the year is measured on the day the appeal was sent.
    # disc11: a late appeal is still an appeal: it opens and is dismissed (`suspension_barred`).
    measured = appeal.posted_on if case.appeal10 else case.today
    if not case.disc11 and case.suspended_on and measured > shift_months(case.suspended_on, 12):
        raise RuleViolation(FVL_31, "more than a year has passed since the suspension",
                            "payload.posted_on")  # fmt: skip
    received = appeal.received_on
    if case.disc11 and case.suspension_received_on is not None:
        return  # fvl §§ 29-30 (disc11, as disc9): the recorded receipt stands
    on = case.suspended_on
    if case.appeal10 and received is not None and on and not on <= received <= case.today:
        raise RuleViolation(
            FVL_29,
            f"the suspension cannot have reached the employee before it was made ({on}) nor "
            "after today",
            "payload.received_on",
        )


def suspension_late(case: DisciplineFile, appeal: Appeal) -> bool:
    """fvl §§ 29-30: late when posted after the suspension's window; a suspension a council
    decided is the case's decision, whose window it shares (attack review). appeal10: the
    window runs from the day the urgent suspension reached the employee when the appeal brings
    it (fvl § 29, as the main decision's does: `appeal_window`), and is recorded so."""
    w = case.suspension_window
    recorded = case.disc11 and case.suspension_received_on is not None  # disc11: it stands
    received = appeal.received_on
    if case.appeal10 and received is not None and not case.council_suspension and not recorded:
        why = f"the suspension reached the employee {received} (stated with the appeal)"
        w = case.suspension_window = appeal_window(received, why, "suspension_appeal_window")
        if case.disc11:
            case.suspension_received_on = received
    if w is None and case.review5 and case.council_suspension:
        w = case.window
    return w is not None and appeal.posted_on > w.due


def suspension_decision(case: DisciplineFile) -> str:
    """Which suspension decision an appeal is against: the suspension's day and each extension
    (tjml § 16 nr. 2: an extension is a decision of its own, which may be appealed); disc12:
    and the council's own decision to suspend, which keeps an urgent suspension's start
    (`council_suspended`) but is a decision of its own (§ 19 nr. 2, fvl § 28 third paragraph)."""
    council = " council" if case.disc12 and case.council_suspension else ""
    return f"{case.suspended_on} +{case.suspension_extensions}{council}"


def suspension_barred(case: DisciplineFile, appeal: Appeal) -> tuple[str, str] | None:
    """disc11: the rule that keeps a suspension appeal from being considered, and why; such an
    appeal is still an appeal: its case opens and is dismissed (fvl § 2 third paragraph, § 33
    second), as the main decision's is (`states.discipline.inadmissible`). fvl § 28 third
    paragraph: the appeal body decided the appeal against this suspension decision; fvl § 31:
    more than a year since the suspension (measured on the day it was sent, fvl § 30)."""
    if not case.disc11:
        return None
    if case.suspension_appeal_decided == suspension_decision(case):
        return FVL_28_3, "the appeal against this suspension is decided"
    if case.suspended_on and appeal.posted_on > shift_months(case.suspended_on, 12):
        return FVL_31, f"more than a year has passed since the suspension ({case.suspended_on})"
    return None


def suspension_appeal_ended(case: DisciplineFile, state: str) -> None:
    """fvl § 28 third paragraph (disc11): the appeal body decided the suspension's appeal
    (upheld, changed, or a late one not taken up): no appeal lies against that decision again."""
    if case.disc11 and state in ("upheld", "changed", "dismissed_late"):
        case.suspension_appeal_decided = suspension_decision(case)


def extendable(case: DisciplineFile) -> bool:
    """A suspension in force with a time limit to extend (tjml § 16 nr. 2): what `may_extend`
    asks of the case, less who extends it."""
    try:
        _active(case)
    except RuleViolation:
        return False
    return case.suspension_lapses is not None


def may_extend(case: DisciplineFile, data: dict[str, Any]) -> None:
    """The body that decides the main case (§ 19 nr. 1–2; the central council when escalated)
    extends the suspension, while it is in force."""
    from states.appeals import deciding_body_of  # appeals imports discipline

    _active(case)
    if case.suspension_lapses is None:
        raise RuleViolation(
            TJML_16, "after a decision of oppsigelse or avskjed the suspension has no time limit "
            "to extend", "trigger",
        )  # fmt: skip
    if data["actor"].person_id not in deciding_body_of(case):
        raise RuleViolation(
            TJML_16,
            "the suspension is extended by the body that decides the case",
            "actor.person_id",
        )


def extended(case: DisciplineFile, months: int) -> None:
    assert case.suspension_lapses is not None
    case.suspension_lapses = shift_months(case.suspension_lapses, months)
    case.suspension_extensions += 1  # a new decision, which may be appealed (disc11)


def lifted_by(outcome: str, change: dict[str, Any] | None) -> bool:
    """The appeal's outcome lifts the suspension when reversed, or changed to something else."""
    if outcome == "reversed":
        return True
    return outcome == "changed" and (change or {}).get("reaction") != "suspensjon"


def lift(case: DisciplineFile) -> None:
    case.suspension_lapses = None
    case.council_suspension = False
    case.suspension_ended = True


def decided_lapse(case: DisciplineFile) -> date | None:
    """The lapse of a council-decided suspension in a case whose decision stands."""
    return case.suspension_lapses if case.council_suspension else None


# The states a disciplinary case comes to rest in (disc10): closed without a reaction, a
# written warning, a registered ordensstraff, a reversal, or a decision that stands.
CASE_ENDS = ("closed", "warned", "ordensstraff_registered", "reversed", "stands", "concluded")
DISMISSAL = ("oppsigelse", "avskjed")


def lapses_with_case(case: DisciplineFile, state: str) -> str | None:
    """§ 19 nr. 3 with tjml § 16 nr. 2 (disc10; docs/legal-choices.md "The suspension ends with
    the case"): a suspension "inntil saken er avgjort" pending a dismissal lapses when the case
    ends without one: closed, warned, an ordensstraff or forflytting registered, reversed on
    appeal. A decision of oppsigelse or avskjed ends only its time limit (tjml § 16 nr. 2); a
    suspension the council decided lapses by its own timer (`decided_lapse`). Returns the
    journal's note, with the rule, after lifting it (pure but for the case file)."""
    in_force = case.suspended_on is not None and not case.suspension_ended
    if not (case.disc10 and in_force and state in CASE_ENDS):
        return None
    if state in ("stands", "concluded") and (case.reaction in DISMISSAL or case.council_suspension):
        return None
    lift(case)
    return (
        f"the suspension of {case.suspended_on} lapses: the case ended without a decision of "
        "oppsigelse or avskjed (PR-2012 § 19 nr. 3; tjml § 16 nr. 2)"
    )
