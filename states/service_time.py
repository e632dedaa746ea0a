"""Service time (PR-2012 § 17): continuous service in the correctional service and the bodies
the paragraph names, and in activities transferred into it; and the notice period it sets on
an oppsigelse (tjml §§ 8–10, which § 17 serves: "Ved beregning av tjenestetid etter
tjenestemannsloven ..."; issue 13, PR-2012 § 26)."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field, model_validator

from states.calendar import shift_months

SERVICE_EMPLOYERS = {"kriminalomsorgen", "jd_kriminalomsorgsavdelingen", "ksf", "kdi", "krus",
                     "kitt"}  # fmt: skip
PR_17 = "PR-2012 § 17"
TJML_NOTICE = "tjml §§ 8–10"
# "fratrer uten oppsigelse når tidsrommet er ute" (Statens personalhåndbok; not in legal-notes.md)
TERM_RULE = "tjml § 7 nr. 2"


class Period(BaseModel):
    employer: str
    start: date
    end: date | None = None  # last day; None: still serving (counted up to `until`)

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end is not None and self.end < self.start:
            raise ValueError("period.end: a period ends before it starts")
        return self


class ServiceTime(BaseModel):
    days: int
    since: date | None
    explanation: list[str]


def service_time(
    periods: list[Period],
    *,
    transferred: set[str] | frozenset[str] = frozenset(),
    until: date | None = None,
) -> ServiceTime:
    """§ 17: all continuous service in the service, its central bodies, KRUS and KITT, and in
    activities transferred into it, counted back from the latest period without a gap. A period
    still running (no end) counts up to `until`, which it then needs."""
    if until is None and any(p.end is None for p in periods):
        raise ValueError("until: a period still running is counted up to a given day")
    counted = sorted(
        (
            p
            for p in periods
            if (p.employer in SERVICE_EMPLOYERS or p.employer in transferred)
            and (until is None or p.start <= until)
        ),
        key=lambda p: p.start,
    )
    if not counted:
        return ServiceTime(days=0, since=None, explanation=["no service that § 17 counts"])

    def last(p: Period) -> date:
        return p.end or until  # type: ignore[return-value]  # until is set when an end is not

    # Merge adjoining or overlapping periods; the last block is the continuous service.
    start, end = counted[0].start, last(counted[0])
    for p in counted[1:]:
        if p.start <= end + timedelta(days=1):
            end = max(end, last(p))
        else:
            start, end = p.start, last(p)
    if until is not None:
        end = min(end, until)
    skipped = [p.employer for p in periods if p not in counted]
    notes = [f"continuous from {start} to {end}"]
    if skipped:
        notes.append(f"not counted (outside the service, or later): {', '.join(skipped)}")
    return ServiceTime(days=(end - start).days + 1, since=start, explanation=notes)


class Employment(BaseModel):
    """What the staff register knows of an employee's employment (issue 13): whether the post
    is held permanently, the last day of probation (tjml § 8), and the service periods § 17
    counts. Loaded with the person by `personalsak org load`."""

    permanent: bool = True
    probation_until: date | None = None
    service: list[Period] = Field(default_factory=list)
    # A temporary appointment's last day (issue 13 review): the appointee leaves then without
    # notice (tjml § 7 nr. 2 as Statens personalhåndbok states it), so an oppsigelse whose
    # notice would run past it ends the employment on that day instead.
    term_until: date | None = None


class Notice(BaseModel):
    """The notice period of an oppsigelse from the employer, and the employment's last day."""

    last_day: date
    rule: str
    explanation: str


# The figures of tjml §§ 8–10 (the act PR-2012 cites), as Statens personalhåndbok 2017 pkt.
# 2.8.6 and 2.14.5.1 state them: on probation three weeks (§ 8 nr. 2); after it one month up to
# one year's service, then three months; six months from the employer after more than two
# years' service (permanent) or four (temporary). "I staten løper oppsigelsesfristen fra dato
# til dato." (docs/legal-choices.md)
PROBATION_WEEKS = 3
LONGEST_MONTHS = 6
DESIGN_NO_SERVICE = (
    "design choice: the register holds no service for the employee, so the longest notice "
    "from the employer (six months) is assumed: the exit interview is never withdrawn while "
    "they may still be employed"
)


def _longer_than(since: date, years: int, on: date) -> bool:
    """Service from `since` through `on` is longer than `years` years."""
    return on >= shift_months(since, 12 * years)


def notice_period(employment: Employment | None, received: date) -> Notice:
    """tjml §§ 8–10 with PR-2012 § 17: the notice an oppsigelse that reached the employee on
    `received` gives, from the register's employment and service; its last day "fra dato til
    dato" (the same date, months or weeks on), or a temporary appointment's own last day when
    that comes first (the earlier of the two, `TERM_RULE`)."""
    notice = _notice_period(employment, received)
    term = employment.term_until if employment is not None else None
    if term is not None and not employment.permanent and term < notice.last_day:  # type: ignore[union-attr]
        return Notice(
            last_day=term,
            rule=f"{notice.rule}; {TERM_RULE}",
            explanation=f"the temporary appointment ends {term}, before the notice would "
            f"({notice.last_day}): the earlier day ends the employment",
        )
    return notice


def _notice_period(employment: Employment | None, received: date) -> Notice:
    if employment is None or not employment.service:
        last = shift_months(received, LONGEST_MONTHS)
        return Notice(last_day=last, rule=TJML_NOTICE, explanation=DESIGN_NO_SERVICE)
    if employment.probation_until is not None and received <= employment.probation_until:
        return Notice(
            last_day=received + timedelta(weeks=PROBATION_WEEKS),
            rule="tjml § 8 nr. 2",
            explanation=f"on probation until {employment.probation_until}: three weeks",
        )
    served = service_time(employment.service, until=received)
    since = served.since or received
    long_years = 2 if employment.permanent else 4
    if _longer_than(since, long_years, received):
        months, why = 6, f"more than {long_years} years' service"
    elif _longer_than(since, 1, received):
        months, why = 3, "more than one year's service"
    else:
        months, why = 1, "one year's service or less"
    held = "permanent" if employment.permanent else "temporary"
    return Notice(
        last_day=shift_months(received, months),
        rule=f"{TJML_NOTICE}; {PR_17}",
        explanation=f"{why} ({held}; {PR_17}: {'; '.join(served.explanation)}): "
        f"{months} month{'s' if months > 1 else ''} from {received}",
    )
