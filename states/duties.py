"""Shared shape of the small duty cases (TI-2020; PR-2012 §§ 24–26).

A duty case is a rule-row machine plus data: the opening payload, the human actions with
their payload models and event names, the letters steps send, the timers it waits on.
One generic workflow (workflows/duties.py) runs every spec; a new case type is a table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from states.authority import Decider, Grants, Matter, as_registered, authorise, decision_date
from states.council import Collegial
from states.machine import Guard, MachineSpec, Step
from states.org import Org, Person
from states.rules import RULESET, RuleViolation

PARTY = "fvl § 2 første ledd bokstav e"


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaseOpening(Payload):
    """What opens a case: the person whose slice of the register its rules read, and the unit
    the case belongs to when that is not the person's own (a vacant post's unit)."""

    def subject_id(self) -> str:
        raise NotImplementedError

    def case_unit(self) -> str | None:
        return None

    def party_roles(self) -> list[tuple[str, str]]:
        return [(self.subject_id(), "employee")]


class Opening(CaseOpening):
    """A case about one employee."""

    employee_id: str = Field(min_length=1)

    def subject_id(self) -> str:
        return self.employee_id


@dataclass(frozen=True)
class Letter:
    template: str
    title: str
    to: str = "employee"  # "employee", or the name of a payload field holding a person id


@dataclass(frozen=True)
class Action:
    """A human step: the event that carries it, its payload, the letter it sends."""

    event: str
    model: type[Payload] = Payload
    letter: Letter | None = None


@dataclass(frozen=True)
class Timer:
    """In `state` ("*": any state that has a `trigger` row), fire `trigger` at the start of
    the day `due(file)` returns; None means the timer is not armed."""

    state: str
    trigger: str
    due: Callable[[Any], date | None]
    shows: str | None = None  # the named deadline this timer acts on (the case view shows it)


@dataclass(frozen=True)
class DutySpec:
    case_type: str
    label: str  # bokmål, for the UI summary and letters
    machine: MachineSpec
    opening_event: str
    opening: type[CaseOpening]
    actions: dict[str, Action]
    # (the actor's grants from the register, the opening payload, the case's unit) -> refusal
    check_opening: Callable[[Grants, Any, str | None], None] = lambda grants, request, unit: None
    registered_letter: Letter | None = None
    automatic_letters: dict[str, Letter] = field(default_factory=dict)  # after register/timers
    timers: tuple[Timer, ...] = ()
    waiting: dict[str, str] = field(default_factory=dict)
    file_model: type[DutyFile] | None = None  # a case type that keeps more than DutyFile
    opened_by_event: bool = True  # False: only another case opens it (an appeal)
    council: Collegial | None = None  # a council decides: its rows' effects (states/council.py)
    councils: tuple[Collegial, ...] = ()  # further council matters in the case (their prefix)
    ruleset: str = RULESET  # recorded on each case when it opens (PR-2012 or TI-2020)


class DutyFile(BaseModel):
    """What a duty machine's guards read."""

    request: Any
    person: Person | None = None
    org: Org = Field(default_factory=Org)
    today: date
    taken: dict[str, dict[str, Any]] = Field(default_factory=dict)  # trigger -> its payload
    # The step's effective date (its event's `occurred_at`, `decision_date`), set with `today`
    # before each step's checks: authority is asked for this day, never undated (issue 12's
    # lawyer's review). None outside a step: `on()` is then the case's day.
    effective: date | None = None
    # The attacker's review of issue 12 (workflow.patched "disc5-attack-review"): set when the
    # case opens; cases recorded before replay under the rules they ran by (docs/legal-choices.md
    # "The attacker's review").
    review5: bool = False
    # § 13 nr. 4 (disc7's rule, gated by disc8): the person who cast a seat's vote signs for it;
    # set when the case opens (workflow.patched "disc8-voter-signs"), False in older cases.
    voter_signs: bool = False
    # Issue 12's legal review (disc6, set by the case type when it opens): council seats are
    # judged on the step's date from the register (`register_org`), the actor's grants carrying
    # the composition read at the door; `step_grants` is the current step's, never stored.
    dated_seats: bool = False
    # council8 (workflow.patched "council8-convene", set when the case opens): each council of
    # the case is convened before it votes (PR-2012 § 13 nr. 1-2, states/council.py).
    convene: bool = False
    # council9 (workflow.patched "council9-review", set when the case opens): a demanded meeting
    # stands (§ 13 nr. 2), the per-case seat is the register's superior (§ 11 nr. 3).
    council9: bool = False
    step_grants: Grants | None = Field(default=None, exclude=True)

    def register_org(self) -> Org:
        """The case's register slice with its councils as the register seats them on the
        step's date (`as_registered`); the slice as loaded in cases opened before disc6."""
        if not self.dated_seats:
            return self.org
        on, grants = self.on(), self.step_grants
        councils = [as_registered(c, grants, on) for c in self.org.councils]
        return self.org.model_copy(update={"councils": councils})

    def on(self) -> date:
        """The day authority questions are asked for: the step's effective date."""
        return self.effective or self.today

    def unit_id(self) -> str | None:
        """The case's unit: a vacant post's, or the subject's own."""
        return self.request.case_unit() or (self.person.unit_id if self.person else None)

    def subject(self) -> Person:
        if self.person is None:
            raise RuleViolation(PARTY, "the case is still being opened; try again")
        return self.person


# -- guards shared by the duty machines ----------------------------------------------------


def decided_by(matter: Matter, rule: str) -> Callable[[DutyFile, dict[str, Any]], None]:
    """Guard: the actor holds the authority the table names for `matter` (or its fullmakt);
    a refusal cites `rule`, the paragraph of the step."""

    def _decider(case: DutyFile, data: dict[str, Any]) -> None:
        try:
            on = decision_date(data.get("grants"), case.today)  # the event's date
            data["decider"] = authorise(
                data["actor"].person_id, matter, case.subject(), case.org, on
            )
        except RuleViolation as exc:
            if exc.rule == "fvl § 6":
                raise
            raise RuleViolation(rule, exc.message, exc.field) from None

    _decider.__name__ = f"_decided_by_{matter.name}"
    return _decider


def decisions(source: str, outcomes: dict[str, str], rule: str, *guards: Guard) -> tuple[Step, ...]:
    """The rows of one decision: each outcome a trigger from `source`, the same guards."""
    return tuple(Step(trigger, source, dest, rule, guards) for trigger, dest in outcomes.items())


def by_party(case: DutyFile, data: dict[str, Any]) -> None:
    """Guard: the employee the case concerns acts, or an HR officer for them."""
    check_party(data["grants"], case.request, case.unit_id())


def check_party(grants: Grants | None, request: Opening, unit_id: str | None) -> None:
    """The employee acts, or an HR officer who serves the case's unit or its region (the
    register's `serves`), for them (fvl § 2 e: the party)."""
    if grants is None or (grants.person_id != request.employee_id and not grants.serves(unit_id)):
        raise RuleViolation(
            PARTY,
            "only the employee, or an HR officer serving their unit, may do this",
            "actor.person_id",
        )


def decider_of(data: dict[str, Any]) -> Decider | None:
    return data.get("decider")
