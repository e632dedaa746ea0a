"""Who may read which case, on what ground, and the access log every allowed read goes to.

Callers are HR systems (an API key scoped to case types and units), people (an OIDC token
naming a register person), and the local operator (the CLI on the machine that holds the
register and the keys). A person reads a case only on a ground the register gives them:

- applicant: they applied in the hiring case; they see the applicant's view only
  (intake/views.py: fvl § 3 second paragraph takes fvl §§ 18-19 away in appointment cases)
- party: the case is about them (the register's case row); they see the party's view (fvl
  § 18 less §§ 18 a-19, intake/views.py); the reporter of a report sees the reporter's view
- acted: they took a step in it that is not a council's sitting (the journal), and what let
  them take it (a role, seat or fullmakt: `act_ground`) still holds today
- representative: a union's tillitsvalgt (PR-2012 § 5 nr. 4 and 6) or a representative named
  centrally (§ 9 nr. 3, the Department's posts) who commented in a hiring case reads the
  representative's view only (intake/views.py): the salary information and draft text given
  them, and their own comments; never the applications, the assessments or the votes
- hr for unit / unit leader / regional director: they handle the case's unit or region
- council member: they hold, on the day of the read, a seat (or a personal deputy's seat) on a
  council the case's view names as deciding it; a per-case seat (§ 11 nr. 3-4, § 11 nr. 6)
  reads only until that council has decided

A person's step reaches a case only on `act_ground` (the door's 403 `ACT_GROUND`).

The check runs on the register before any work: a caller with no possible ground gets 404 with
no workflow query, no decode and no log row. Only a council seat needs the case's view to be
confirmed (the register does not hold which council sits for a case): the stored view is read
for a possible seat only, never for someone the register could seat on no council
(`Reader.may_sit_per_case`). Every allowed read
writes one access-log row with its ground: `personalsak audit CASE_ID` and `--person ID`.
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any, Literal

from sqlalchemy import String, cast
from sqlmodel import select

from activities.store import (
    AccessRegister,
    CaseRow,
    CouncilRow,
    DelegationRow,
    PersonRow,
    Store,
)
from states.appeals import AppealBody
from states.authority import (
    AUTHORITY,
    Body,
    Grants,
    Matter,
    council_for,
    council_for_post,
    subject_of,
)
from states.catalog import COLLEGIALS
from states.council import COUNCIL_STEPS
from states.discipline import department_decides
from states.org import CouncilKind, Delegation, DesignationKind, Role, UnitKind
from states.service_instruction import ReportFile, neglect_assessors
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS
from workflows.hiring import OPEN_FOR_APPLICATIONS

ALL = "*"
KEY_SCOPE = "api key scope"
LOCAL = "local operator"  # the CLI or `up` on the machine with the register and keys
APPLICANT = "applicant"
PARTY = "party"
ACTED = "acted in the case"
REPORTER = "reporter"  # TI-2020 §§ 2-4, 2-5: not a party to what follows for a colleague
# The ground of the person a case is about (the register's case row names them), by case type:
# a party (fvl § 2 e), except the reporter of a report and the superior who asked for a post.
SUBJECT_GROUNDS = {
    "report": REPORTER,
    "hiring": "nearest superior",
    "central_council": "nearest superior",
}
# Grounds that see a reduced view (intake/views.py) and so decode nothing: a payload in the
# raw history holds what the reduced view leaves out.
# PR-2012 § 5 nr. 4 and 6, § 9 nr. 3: a representative's part in a hiring case is a comment.
REPRESENTATIVE = "representative"
# Whoever may act in a case but reads it on no other ground: what the act needs (intake/views.py).
MAY_ACT = "may act in the case"
REDUCED = frozenset({APPLICANT, PARTY, REPORTER, REPRESENTATIVE, MAY_ACT})
COUNCIL = "council member"
PER_CASE_SEAT = "council member (per-case seat)"
CANDIDATE = "council seat (to confirm with the view)"

# What an applicant does in the appointment case on the APPLICANT ground: apply, withdraw, ask
# for access to the innstilling (PR-2012 § 7, § 9 nr. 5); nothing else (fvl § 6 første ledd a).
APPLICANT_STEPS = frozenset({"apply", "withdraw_application", "request_access"})

# The rule a person's step without a ground in the register is refused under (issue 11): the
# door sends nothing to a case for a person the register gives no part in it on the day.
ACT_GROUND = (
    "register authority (issue 11): a person acts in a case only as its party, an applicant, "
    "its decider, a seat on its council, or for a unit they handle"
)

Channel = Literal["api", "cli", "codec", "list"]
UNIT_LEADERS = (Role.unit_leader, Role.krus_director, Role.kitt_director)
# The case types a council decides, or may decide (PR-2012 § 10 nr. 2 and 3, §§ 19, 20,
# § 23 nr. 4, § 24); which council, and whether one does at all, the case's view says.
COUNCIL_CASES = {"hiring", "central_council", "discipline", "appeal", "secondary_work", "leave"}
# A council's sitting in the journal: votes, agreements, signatures, the per-case seat.
# Built from every council of the catalogue (states/catalog.py `COLLEGIALS`), a second council
# matter's prefixed rows included (the deciding council's `matter_` rows, the appointing
# council's `main_`, the appeal's `first_`): a new council can't leak (fvl § 18 a, issue 15 H2).
COUNCIL_TRIGGERS = frozenset(
    {*COUNCIL_STEPS, "vote", *(t for c in COLLEGIALS for t in c.triggers())}
)


# The case types each fullmakt matter is decided in (states/authority.py `Matter`), matched with
# the delegation's own `covers` (attacker's review: a prefix of the matter never matched
# `duty.*` or `employment.*`). A leave matter covers leave cases; which leave kind a case is,
# and so whether the council decides it (§ 23 nr. 4), the case's own guards judge.
MATTER_CASES: dict[Matter, tuple[str, ...]] = {
    Matter.leave_welfare: ("leave",),
    Matter.leave_paid: ("leave",),
    Matter.leave_unpaid_short: ("leave",),
    Matter.leave_unpaid_long: ("leave",),
    Matter.nearest_leader: ("report", "gift", "relation"),  # TI-2020 §§ 2-4, 2-5, 4-2
    Matter.neglect_assessment: ("report",),  # TI-2020 § 2-5
    Matter.errand_consent: ("errand",),  # TI-2020 § 4-3
    Matter.secondary_work: ("secondary_work",),  # PR-2012 § 24
    Matter.certificate: ("certificate",),  # PR-2012 § 25
    Matter.short_appointment: ("hiring",),  # PR-2012 § 10 nr. 3
    Matter.internal_only: ("hiring",),  # PR-2012 § 4 nr. 2
}


# The case types a row or guard may name the Department in (issue 15 reviews H2, M1, M3): the
# authority table's rows whose body is the Department (the directors' own leave, secondary
# work, certificate and posts: PR-2012 § 10 nr. 1, § 4 nr. 1, § 22, § 23 nr. 4, §§ 24-25)
# through the case types of each matter, discipline for embetsmenn and the directors (§ 19
# nr. 1, § 10 nr. 1), the appeal the King or the Department decides (§ 20 nr. 2, fvl § 28),
# and a report of neglect about a director whose KSF leader stood aside (TI-2020 § 2-5, fvl
# § 6: `leader_line` climbs to the Department). Only a pre-filter: whether the Department has
# a part in one case `Reader.department_part` asks the rules the guards apply. A relation,
# gift, errand or exit interview names no Department: no read, no act (fvl § 13).
DEPARTMENT_CASES = frozenset(
    {
        case_type
        for (matter, _), row in AUTHORITY.items()
        if row.body == Body.justice_department
        for case_type in MATTER_CASES[matter]
    }
    | {"discipline", "appeal", "report", "hiring"}
)


@dataclass(frozen=True)
class Caller:
    kind: Literal["system", "person", "local"]
    name: str  # system name, register person id, or cli:<os user>
    event_types: tuple[str, ...] = ()  # what a system may send
    read_types: tuple[str, ...] = ()  # what a system may read: case types ...
    read_units: tuple[str, ...] = ()  # ... and units ("*": all)


def local_caller() -> Caller:
    return Caller("local", f"cli:{getpass.getuser()}")


@dataclass(frozen=True)
class CaseFacts:
    """What the register's case row says about a case: all the check reads before any work."""

    workflow_id: str
    case_id: str
    case_type: str
    unit: str | None  # None: no unit (matches no unit leader, no HR officer, no key's unit)
    region: str | None
    subject: str | None  # the person the case is about


def split_workflow_id(workflow_id: str) -> tuple[str | None, str]:
    """(case type, case id) of `<case type>-<case id>`; (None, id) for anything else."""
    for kind in sorted(WORKFLOWS, key=len, reverse=True):
        if workflow_id.startswith(kind + "-"):
            return kind, workflow_id[len(kind) + 1 :]
    return None, workflow_id


def facts_of(store: Store, row: CaseRow) -> CaseFacts:
    unit = row.org_unit or None
    region = row.region
    if region is None and unit:
        found = store.unit(unit)
        if found is not None:
            region = found.unit_id if found.kind == UnitKind.region else found.region_id
    return CaseFacts(
        workflow_id=row.workflow_id,
        case_id=row.case_id,
        case_type=row.case_type,
        unit=unit,
        region=region,
        subject=row.person_id or None,
    )


def key_ground(caller: Caller, case_type: str, unit: str | None) -> str | None:
    """A system reads what its key's scope names: the case type and the unit."""
    types_ok = ALL in caller.read_types or case_type in caller.read_types
    units_ok = ALL in caller.read_units or (unit is not None and unit in caller.read_units)
    return KEY_SCOPE if types_ok and units_ok else None


def leads(grants: Grants, unit: str | None) -> bool:
    """A unit leader (or the KRUS/KITT director) of exactly this unit; no unit, no leader."""
    return unit is not None and any(
        h.role in UNIT_LEADERS and h.unit_id == unit for h in grants.roles
    )


def role_ground(grants: Grants, facts: CaseFacts) -> str | None:
    """The roles the register gives the person today (states/authority.py's Grants: validity
    periods, the units an HR officer `serves`) that let them handle a case."""
    if grants.serves(facts.unit):
        return "hr for unit"
    if leads(grants, facts.unit):
        return "unit leader"
    if facts.region and any(
        h.role == Role.regional_director and h.unit_id == facts.region for h in grants.roles
    ):
        return "regional director"
    return None


class Reader:
    """One caller and what the register holds for them, read once per request."""

    def __init__(self, store: Store, caller: Caller, on: date | None = None) -> None:
        self.store, self.caller = store, caller
        self.on = on or date.today()
        self._possible: dict[tuple[str, str | None, str | None], set[str]] = {}

    @cached_property
    def register(self) -> AccessRegister:
        return AccessRegister(self.store)

    @cached_property
    def grants(self) -> Grants:
        return self.store.grants(self.caller.name, self.on)

    @cached_property
    def seats(self) -> list[CouncilRow]:
        """The councils the register seats the person on today (member, leader, deputy)."""
        return [c for c in self.register.councils() if c.council_id in self.grants.seats]

    @cached_property
    def delegations(self) -> list[DelegationRow]:
        """The fullmakter given to the person, read once per request (issue 15 review M4)."""
        with self.store.session() as s:
            query = select(DelegationRow).where(DelegationRow.to_person_id == self.caller.name)
            return list(s.exec(query).all())

    @cached_property
    def may_sit_per_case(self) -> bool:
        """Whether the register could give the person a per-case seat, which only a case's
        view names (issue 15 re-review L1): a role (a leader in the line, a director on the
        central council for the region, § 11 nr. 6), a seat or a deputy's seat on a council,
        or the nearest superior of someone (§ 11 nr. 3-4: the seat a disciplinary council
        takes from the register). Anyone else is not read the view for."""
        if self.grants.roles or self.grants.seats:
            return True
        named = f'%"{self.caller.name}"%'  # a superior's id in a person's `superiors` JSON
        with self.store.session() as s:
            query = select(PersonRow.person_id).where(cast(PersonRow.superiors, String).like(named))
            return s.exec(query.limit(1)).first() is not None

    @cached_property
    def applied(self) -> set[str]:
        return self.register.applied_to(self.caller.name)

    @cached_property
    def _steps(self) -> tuple[set[str], set[str]]:
        """The cases the person took a step in: outside a council's sitting, and in one."""
        councils = {c.council_id for c in self.register.councils()} | {"central"}
        acted, sat = set(), set()
        for wid, trigger, behalf in self.register.steps_of(self.caller.name):
            council_row = trigger in COUNCIL_TRIGGERS or (behalf or "") in councils
            (sat if council_row else acted).add(wid)
        return acted, sat

    def ground(self, facts: CaseFacts, view: CaseView | None = None) -> str | None:
        """The ground on which the caller may read the case, or None. Without `view` a council
        seat is only CANDIDATE: the door asks the case which council sits for it, and calls
        this again with the view."""
        if self.caller.kind == "local":
            return LOCAL
        if self.caller.kind == "system":
            return key_ground(self.caller, facts.case_type, facts.unit)
        return self._person(facts, view)

    def _person(self, facts: CaseFacts, view: CaseView | None) -> str | None:
        person, wid = self.caller.name, facts.workflow_id
        # fvl § 6: an applicant is inhabil in their own appointment case; no role or seat lifts
        # them out of the applicant's view (the register row's subject is the post's superior).
        if facts.case_type == "hiring" and wid in self.applied:
            return APPLICANT
        if facts.case_type == "central_council" and _escalated_from(wid) in self.applied:
            return None  # the appointment case carried on: candidates and votes (fvl § 3)
        if person == facts.subject:
            return SUBJECT_GROUNDS.get(facts.case_type, PARTY)
        acted, sat = self._steps
        # The step gives a read only while what let the person take it holds today (a role,
        # a designation, a seat, a fullmakt: `act_ground`), not for ever (legal-choices).
        if wid in acted and (held := self.act_ground(facts, "", view)):
            return REPRESENTATIVE if held == REPRESENTATIVE else ACTED
        if ground := role_ground(self.grants, facts):
            return ground
        if facts.case_type in COUNCIL_CASES:
            if view is None:
                possible = self.possible_councils(facts)
                if wid in sat or any(c.council_id in possible for c in self.seats):
                    return CANDIDATE
            elif ground := self.council_ground(view):
                return ground
        # Issue 15 review: whoever the register lets act in the case today reads what the act
        # needs, before their first step too (a tillitsvalgt's comment, the Department, a leader
        # over the unit, a fullmakt holder, a seat the case's view does not name as sitting):
        # the representative's lens, else MAY_ACT's (only what the act needs).
        held = self.act_ground(facts, "", view)
        if held == REPRESENTATIVE:
            return REPRESENTATIVE
        if held and held != COUNCIL:  # a seat reads only the cases its council decides
            return MAY_ACT
        if view is None and (self.represents(facts, None, central=True) or self.routed(facts)):
            return CANDIDATE  # § 9 nr. 3, § 10 nr. 1: the view says whether the Department's route
        return None

    def act_ground(self, facts: CaseFacts, update: str, view: CaseView | None) -> str | None:
        """The ground on which the register lets the person act in the case today, or None
        (ACT_GROUND). Coarser than the case's guards, which still judge the step: this only
        keeps a person with no part in the case from reaching its workflow. "Acted in the
        case" is no ground to act again; `view` (the read model's) confirms a per-case seat."""
        person, grants = self.caller.name, self.grants
        if facts.case_type == "hiring" and (
            facts.workflow_id in self.applied or (update == "apply" and open_to_apply(view))
        ):
            # fvl § 6 første ledd bokstav a ("når han selv er part i saken"): an applicant acts
            # in the appointment only as its applicant, whatever seat or role they hold in it
            # (issue 15 review H1); their personal deputy or another officer takes the rest.
            if update and update not in APPLICANT_STEPS:
                return None
            return APPLICANT  # PR-2012 § 7: an announced post is open to any applicant
        if person == facts.subject:
            return PARTY
        if ground := role_ground(grants, facts):
            return ground
        if grants.heads(facts.unit):
            return "leader over the unit"
        if self.department_part(facts, view):
            return "the Department"  # PR-2012 § 10 nr. 1, § 19 nr. 1: `department_part`
        if held := self.fullmakt(facts):
            return held
        if self.represents(facts, view):
            return REPRESENTATIVE  # PR-2012 § 5 nr. 4 and 6, § 9 nr. 3: hiring only
        if facts.case_type not in COUNCIL_CASES:
            return None
        possible = self.possible_councils(facts)
        if any(c.council_id in possible for c in self.seats):
            return COUNCIL
        if view is not None and any(person in c.members and not c.decided for c in view.councils):
            return PER_CASE_SEAT
        return None

    def department_part(self, facts: CaseFacts, view: CaseView | None) -> bool:
        """Whether the case's own rules name the Department in it (issue 15 re-review M1, M3),
        asked of the same functions its guards call, so no list drifts from them: a hiring
        case on the Department's route (PR-2012 § 10 nr. 1, § 9 nr. 3: the view says); a
        discipline or appeal case about an embetsmann or a director (§ 19 nr. 1, § 10 nr. 1,
        § 20 nr. 2: `department_decides`), or an appeal whose appeal body is above the
        central council (fvl § 28); a report of neglect whose assessor, up the line past
        the leaders who stood aside, is the Department (TI-2020 § 2-5, fvl § 6:
        `neglect_assessors`); a leave, secondary work or certificate case whose authority
        row names the Department (§ 23 nr. 4, §§ 24-25: `row_for`)."""
        kind = facts.case_type
        if kind not in DEPARTMENT_CASES or not self.grants.holds(Role.justice_department):
            return False
        if kind == "hiring":
            return view is not None and view.details.get("route") == "department"
        if kind == "report":
            return self.caller.name in report_assessors(self.store, facts, self.on)
        org = self.store.org_slice(facts.subject or "", facts.unit)
        person = org.person(facts.subject or "")
        if person is None:
            return False
        if kind in ("discipline", "appeal"):
            return department_decides(person, org, self.on) or (
                kind == "appeal" and appeal_above_central(self.store, facts)
            )
        subject = subject_of(person, org, self.on)
        rows = (AUTHORITY.get((m, subject)) for m, types in MATTER_CASES.items() if kind in types)
        return any(row is not None and row.body == Body.justice_department for row in rows)

    def routed(self, facts: CaseFacts) -> bool:
        """The Department's officer and a hiring case: only its view says whether the post is
        on the Department's route (PR-2012 § 10 nr. 1), so the case is asked."""
        return facts.case_type == "hiring" and self.grants.holds(Role.justice_department)

    def represents(self, facts: CaseFacts, view: CaseView | None, central: bool = False) -> bool:
        """A designation that gives a part in this case (review of issue 11: a designation is
        no ground in a case of another kind, unit or type). PR-2012 § 5 nr. 4 and 6: a union's
        tillitsvalgt designated for the case's unit (or for all) in a hiring case; § 9 nr. 3:
        a representative named centrally in a hiring case on the Department's route, which
        only the view says (`central`: whether the designation alone would do, to ask it)."""
        if facts.case_type != "hiring":
            return False
        grants = self.grants
        if not central and grants.designated(DesignationKind.union_representative, facts.unit):
            return True
        if not grants.designated(DesignationKind.central_representative, facts.unit):
            return False
        return central or (view is not None and view.details.get("route") == "department")

    def fullmakt(self, facts: CaseFacts) -> str | None:
        """A fullmakt valid today for the case's matter (PR-2012 § 22 and the like) from someone
        who today handles or leads the case's unit: the delegate acts in their stead."""
        rows = self.delegations
        matters = [m for m, types in MATTER_CASES.items() if facts.case_type in types]
        for d in rows:
            held = Delegation(from_person_id=d.from_person_id, to_person_id=d.to_person_id,
                              matters=list(d.matters), valid_from=d.valid_from,
                              valid_to=d.valid_to)  # fmt: skip
            if any(held.covers(m, self.on) for m in matters):
                holder = self.store.grants(d.from_person_id, self.on)
                if role_ground(holder, facts) or holder.heads(facts.unit):
                    return f"fullmakt from {d.from_person_id}"
        return None

    def possible_councils(self, facts: CaseFacts) -> set[str]:
        """The councils that may decide the case by today's register (PR-2012 § 10 nr. 2,
        § 11 nr. 6): a seat elsewhere gives no ground, and the case is not even asked."""
        key = (facts.case_type, facts.subject, facts.unit)
        if key not in self._possible:
            self._possible[key] = self._councils_for(facts)
        return self._possible[key]

    def _councils_for(self, facts: CaseFacts) -> set[str]:
        org = self.store.org_slice(facts.subject or "", facts.unit)
        central = {c.council_id for c in org.councils if c.kind == CouncilKind.central}
        if facts.case_type == "central_council":
            return central
        if facts.case_type == "hiring":  # a leader's post or not: the view says which
            posts = (council_for_post(facts.unit, lead, org) for lead in (False, True))
            return {c.council_id for c in posts if c} | central if facts.unit else set()
        person = org.person(facts.subject or "")
        own = council_for(person, org) if person else None
        # An appeal: the body that decided prepares it and may reverse its own decision (fvl
        # § 33 second paragraph: the appointing council, PR-2012 § 19 nr. 2), then the central
        # council decides it (§ 20 nr. 2). The work queue found the first refused (issue 15).
        escalation = central if facts.case_type in ("discipline", "appeal") else set()
        return ({own.council_id} if own else set()) | escalation

    def council_ground(self, view: CaseView) -> str | None:
        """PR-2012 §§ 10-13: the members (and personal deputies) of a council the view names
        read its cases while the register seats them; a per-case seat, until it decided."""
        person = self.caller.name
        for council in view.councils:
            for row in self.seats:
                same = row.council_id == council.council_id or (
                    council.kind == "central" and row.kind == "central"
                )
                # § 11 nr. 3: a joint council sits with the seats of the case's own unit only
                if same and (council.kind != "joint_local" or person in council.members):
                    return COUNCIL
            if person in council.members and not council.decided:
                return PER_CASE_SEAT
        return None


def stored_file(store: Store, facts: CaseFacts) -> dict[str, Any]:
    """The case file its guards read, as the case last wrote it ({} when it wrote none)."""
    text = store.read_file(facts.workflow_id)
    return json.loads(text) if text else {}


def report_assessors(store: Store, facts: CaseFacts, on: date) -> list[str]:
    """TI-2020 § 2-5 with fvl § 6: who assesses the report of neglect now, by the guard's own
    `neglect_assessors` on the stored file ([] for any other report, or one recorded before
    the assessor followed the employee concerned: those name no Department)."""
    stored = stored_file(store, facts)
    if not stored.get("reviewed") or not stored.get("concerned"):
        return []
    return neglect_assessors(ReportFile.model_validate({**stored, "today": on}))


def appeal_above_central(store: Store, facts: CaseFacts) -> bool:
    """PR-2012 § 20 nr. 2, fvl § 28: the appeal body the appeal opened with is the King (the
    Department enters it) or the Department, not the central council."""
    request = stored_file(store, facts).get("request") or {}
    return request.get("appeal_body") not in (None, AppealBody.central_council.value)


def open_to_apply(view: CaseView | None) -> bool:
    """PR-2012 § 7 nr. 1: a post the read model shows open for applications. Any other hiring
    case (not yet announced: an unannounced vacancy; filled) is no ground to apply, so the door
    answers as for a case that does not exist (attacker's review, issue 11)."""
    return view is not None and view.state in OPEN_FOR_APPLICATIONS


def record(store: Store, caller: Caller, facts: CaseFacts, ground: str, channel: Channel) -> None:
    AccessRegister(store).log(caller.name, facts.workflow_id, facts.case_id, ground, channel)


def readable(reader: Reader, facts: CaseFacts, view: CaseView) -> str | None:
    """The caller's ground with the case's view in hand: a council seat confirmed by it, and a
    per-case seat (which only the view names) before its first step in the case too."""
    ground = reader.ground(facts)
    if ground == CANDIDATE or (ground is None and facts.case_type in COUNCIL_CASES):
        ground = reader.ground(facts, view)
    return ground if ground != CANDIDATE else None


def first_readable(reader: Reader, case_id: str, case_type: str | None) -> tuple[CaseFacts, str]:
    """The register row of `case_id` the caller may read (case types in the catalogue's order)
    and its ground, or LookupError: no row, or none they may read (the same answer). A seat
    the register alone cannot confirm (a per-case seat, § 11 nr. 3-4 and 6, names no council
    row) is read against the case's view, as the work queue reads it (`readable`, issue 15
    review H1): one answer for the queue, the pages and the API. A case with no view yet keeps
    CANDIDATE for the caller to confirm (the API's `?live=true`)."""
    rows = reader.register.case_rows(case_id, case_type)
    order = list(WORKFLOWS)
    for row in sorted(rows, key=lambda r: order.index(r.case_type) if r.case_type in order else 99):
        facts = facts_of(reader.store, row)
        ground = reader.ground(facts)
        # Issue 15 re-review L1: the view is read only for a possible seat (a CANDIDATE, or
        # someone the register could seat per case); any other outsider gets no read at all.
        possible = ground == CANDIDATE or (ground is None and reader.may_sit_per_case)
        if possible and facts.case_type in COUNCIL_CASES:
            text = reader.store.read_view(facts.case_id, facts.case_type)
            if text:
                ground = readable(reader, facts, CaseView.model_validate_json(text))
        if ground:
            return facts, ground
    raise LookupError(case_id)


def facts_for(store: Store, caller: Caller, workflow_id: str) -> CaseFacts | None:
    """The register's facts of a case known by its workflow id; None when the register has no
    such case (only the local operator reads on, by the id alone)."""
    row = AccessRegister(store).case_row(workflow_id)
    if row is not None:
        return facts_of(store, row)
    if caller.kind != "local":
        return None
    kind, case_id = split_workflow_id(workflow_id)
    return CaseFacts(workflow_id, case_id, kind or "", None, None, None)


def check_read(
    store: Store,
    caller: Caller,
    workflow_id: str,
    channel: Channel,
    view: CaseView | None = None,
) -> str | None:
    """Decide and log one read of a case known by its workflow id: the ground (logged once),
    or None (nothing logged). Without the view a council seat is not confirmed (None)."""
    facts = facts_for(store, caller, workflow_id)
    ground = Reader(store, caller).ground(facts, view) if facts else None
    if facts is None or ground is None or ground == CANDIDATE:
        return None
    record(store, caller, facts, ground, channel)
    return ground


def _escalated_from(workflow_id: str) -> str:
    """The hiring case a central council case carries on (`central_council-<case>-<n>`)."""
    case = workflow_id.removeprefix("central_council-").rsplit("-", 1)[0]
    return f"hiring-{case}"
