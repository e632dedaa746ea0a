"""Employee representatives on the appointment councils (PR-2012 § 12).

Who appoints: the one negotiation-entitled organisation; several appoint jointly or agree
otherwise; failing agreement, rules a)–c): at least 25 % of the organised staff in the
council's area, the two largest appoint one representative each, and primary organisations
under one confederation may pool their numbers. Terms are two years, staggered so that one
representative's term ends each year; the term case reminds before each expiry.
"""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, Field

from states.calendar import shift_months
from states.duties import Action, DutyFile, DutySpec, Letter, Opening, Payload, Timer
from states.machine import MachineSpec, Step
from states.rules import RuleViolation

PR_12 = "PR-2012 § 12"
SEATS = 2
THRESHOLD = Fraction(1, 4)  # § 12 a): "minst 25 % av de organiserte tjenestemennene"
DESIGN_SOLE = "design choice: the only organisation over 25 % appoints both representatives"


class Organisation(BaseModel):
    name: str = Field(min_length=1)
    members: int = Field(ge=0)  # organised civil servants in the council's area
    confederation: str | None = None  # hovedsammenslutning


class Appointer(BaseModel):
    name: str  # an organisation, or a confederation appointing for its pooled members
    members: int
    share: str  # as a percentage with one decimal, for the record
    seats: int
    pooled: list[str] = Field(default_factory=list)


class Representation(BaseModel):
    rule: str
    appointers: list[Appointer]
    explanation: list[str]
    undecided: int = 0  # seats § 12 b) leaves open (a tie): the tied organisations must agree
    tied: list[str] = Field(default_factory=list)


def _pct(part: int, total: int) -> str:
    return f"{100 * part / total:.1f} %"


def who_appoints(
    orgs: list[Organisation],
    *,
    entitled: set[str] | frozenset[str],
    pooling: set[str] | frozenset[str] = frozenset(),
    agreed: list[str] | None = None,
) -> Representation:
    """Which organisations appoint the council's two employee representatives.

    `entitled`: the organisations the register holds as forhandlingsberettiget, themselves or
    through their confederation (states/org.py `entitled_unions`); only they appoint and only
    their members count towards the 25 % (§ 12 first paragraph, design choice).
    `pooling`: confederations whose primary organisations pool their numbers (§ 12 c).
    `agreed`: the organisations' own agreement on who appoints (§ 12 second paragraph).
    """
    names = [o.name for o in orgs]
    if len(set(names)) != len(names):
        raise RuleViolation(PR_12, "each organisation once", "organisations")
    left_out = [o.name for o in orgs if o.members > 0 and o.name not in entitled]
    notes = [f"not forhandlingsberettiget, not counted: {', '.join(left_out)}"] if left_out else []
    entitled_orgs = [o for o in orgs if o.members > 0 and o.name in entitled]
    total = sum(o.members for o in entitled_orgs)
    if not entitled_orgs:
        return Representation(
            rule=PR_12,
            appointers=[],
            explanation=[*notes, "no organised staff of an entitled organisation in the area"],
        )
    rep = _appointers(entitled_orgs, total, pooling, agreed)
    return rep.model_copy(update={"explanation": [*notes, *rep.explanation]})


def _appointers(
    entitled: list[Organisation],
    total: int,
    pooling: set[str] | frozenset[str],
    agreed: list[str] | None,
) -> Representation:
    if len(entitled) == 1:
        only = entitled[0]
        return Representation(
            rule=PR_12,
            appointers=[
                Appointer(name=only.name, members=only.members, share="100.0 %", seats=SEATS)
            ],
            explanation=[f"{only.name} is the only organisation: it appoints both"],
        )
    if agreed is not None:
        unknown = set(agreed) - {o.name for o in entitled}
        if unknown or not agreed:
            raise RuleViolation(
                PR_12, f"the agreement names unknown organisations: {unknown}", "agreed"
            )
        by_name = {o.name: o for o in entitled}
        return Representation(
            rule=PR_12,
            appointers=[
                Appointer(
                    name=n,
                    members=by_name[n].members,
                    share=_pct(by_name[n].members, total),
                    seats=0,
                )
                for n in agreed
            ],
            explanation=["the organisations agreed who appoints, jointly (§ 12 second paragraph)"],
        )
    # § 12 c): pool the primary organisations of each pooling confederation.
    blocks: dict[str, list[Organisation]] = {}
    for o in entitled:
        key = o.confederation if o.confederation in pooling else o.name
        blocks.setdefault(key or o.name, []).append(o)
    units = sorted(
        ((name, sum(o.members for o in members), members) for name, members in blocks.items()),
        key=lambda u: (-u[1], u[0]),
    )
    explanation = [
        f"{name}: {count} of {total} organised ({_pct(count, total)})"
        + (f", pooling {', '.join(o.name for o in members)}" if len(members) > 1 else "")
        for name, count, members in units
    ]
    eligible = [u for u in units if Fraction(u[1], total) >= THRESHOLD]  # § 12 a)
    undecided, tied = 0, []
    if not eligible:
        explanation.append("no organisation reaches 25 %: the organisations must agree")
        return Representation(rule=PR_12, appointers=[], explanation=explanation)
    if len(eligible) == 1:
        name, count, members = eligible[0]
        explanation.append(f"only {name} reaches 25 %: it appoints both ({DESIGN_SOLE})")
        chosen = [(name, count, members, SEATS)]
    else:  # § 12 b): the two largest appoint one each
        chosen = [(n, c, m, 1) for n, c, m in eligible[:2]]
        if len(eligible) > 2 and eligible[2][1] == eligible[1][1]:
            # § 12 b) names "de to organisasjonene som har størst medlemstall": with a tie for a
            # seat the rule names no one, and neither name nor lot may (design choice, issue 13):
            # the tied organisations must agree (§ 12 second paragraph).
            tied = [u[0] for u in eligible if u[1] == eligible[1][1]]
            chosen = [(n, c, m, 1) for n, c, m in eligible[:2] if c != eligible[1][1]]
            undecided = SEATS - len(chosen)
            explanation.append(
                f"a tie between {', '.join(tied)} for {undecided} seat(s): § 12 b) does not "
                "settle it; those organisations must agree who appoints"
            )
        else:
            explanation.append(
                f"the two largest over 25 % appoint one each: {chosen[0][0]} and {chosen[1][0]}"
            )
    return Representation(
        rule=PR_12,
        appointers=[
            Appointer(name=n, members=c, share=_pct(c, total), seats=seats,
                      pooled=[o.name for o in m] if len(m) > 1 else [])
            for n, c, m, seats in chosen
        ],
        explanation=explanation, undecided=undecided, tied=tied,
    )  # fmt: skip


# -- the term case: two years, a reminder before it ends, substitutes recorded ---------------

REMINDER_WEEKS = 8


class RepresentativeAppointed(Opening):
    """`employee_id` is the representative; terms run two years at a time (§ 12)."""

    council_id: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    seat: int = Field(ge=1, le=SEATS)
    deputy_id: str | None = None
    start: date
    end: date


def check_term(_grants: Any, t: RepresentativeAppointed, _unit: str | None) -> None:
    if t.end <= t.start:
        raise RuleViolation(PR_12, "the term ends before it starts", "payload.end")
    if t.end > shift_months(t.start, 24):
        raise RuleViolation(
            PR_12, "representatives are appointed for two years at a time", "payload.end"
        )


def staggered(ends: list[date]) -> bool:
    """§ 12: "slik at funksjonstiden utløper for én av representantene hvert år"."""
    return len({d.year for d in ends}) == len(ends)


def first_terms(start: date) -> list[date]:
    """A new council's first terms: one seat for one year, the other for two, then two-year
    terms for both, so that one term ends each year."""
    return [
        shift_months(start, 12) - timedelta(days=1),
        shift_months(start, 24) - timedelta(days=1),
    ]


class Substitute(Payload):
    """§ 12 last paragraph: both member and deputy prevented: the central organisations
    appoint a substitute (setterepresentant) for the meeting."""

    substitute_id: str = Field(min_length=1)
    meeting_on: date


def _recorded_by_hr(case: DutyFile, data: dict[str, Any]) -> None:
    council = next((c for c in case.org.councils if c.council_id == case.request.council_id), None)
    units = council.unit_ids if council else [case.unit_id()]
    if not data["grants"] or not any(data["grants"].serves(u) for u in units):
        raise RuleViolation(
            PR_12,
            "substitutes are appointed by the central organisations and recorded by HR "
            "serving the council's unit",
            "actor.role",
        )


def _reminder_day(case: DutyFile) -> date:
    return case.request.end - timedelta(weeks=REMINDER_WEEKS)


def _day_after_end(case: DutyFile) -> date:
    return case.request.end + timedelta(days=1)


REPRESENTATIVE_TERM = DutySpec(
    case_type="representative_term",
    label="Tjenestemannsrepresentant i tilsettingsråd",
    machine=MachineSpec(
        name="representative_term",
        states=("appointed", "serving", "expiring", "expired"),
        initial="appointed",
        final=frozenset({"expired"}),
        steps=(
            Step("register", "appointed", "serving", PR_12),
            Step("substitute", "serving", "serving", PR_12, (_recorded_by_hr,)),
            Step("substitute", "expiring", "expiring", PR_12, (_recorded_by_hr,)),
            Step("remind", "serving", "expiring", PR_12),
            Step("expire", "expiring", "expired", PR_12),
        ),
    ),
    opening_event="RepresentativeAppointed",
    opening=RepresentativeAppointed,
    check_opening=check_term,
    actions={"substitute": Action("RepresentativeSubstituteAppointed", Substitute)},
    automatic_letters={"expiring": Letter("representative_term_expiring",
                                          "Funksjonstiden i tilsettingsrådet utløper")},
    timers=(Timer("serving", "remind", _reminder_day), Timer("expiring", "expire", _day_after_end)),
    waiting={"serving": "the reminder before the term ends", "expiring": "the end of the term"},
)  # fmt: skip
