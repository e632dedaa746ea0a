"""Who decides what, and who holds what: the one authority model.

Each row of AUTHORITY maps (matter, subject) to the deciding body, whether the body may
delegate (fullmakt), and the rule. `authorise` resolves the body to people in the organisation
and checks the actor; a decision under delegation records on whose behalf it was made.

`Grants` is what the register says one person holds on one date (roles in their periods, the
units an HR officer serves, representative designations, council seats). The intake computes
them from the register and sends them with the command; guards ask them, never a role string
that arrived in an event (issue 11: an event's `actor.role` is at most a claim).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pydantic import BaseModel

from states.council import for_case
from states.org import (
    Council,
    CouncilKind,
    DesignationKind,
    Org,
    Person,
    Role,
    UnitKind,
)
from states.rules import RuleViolation


class Matter(StrEnum):
    leave_welfare = "leave.welfare"  # PR-2012 § 22
    leave_paid = "leave.paid"  # PR-2012 § 23 nr. 4 first sentence
    leave_unpaid_short = "leave.unpaid_short"  # § 23 nr. 4 second sentence: up to six months
    leave_unpaid_long = "leave.unpaid_long"  # § 23 nr. 4 fourth sentence: over six months
    nearest_leader = "duty.nearest_leader"  # TI-2020 §§ 2-4, 2-5, 4-2: reports, gifts, relations
    neglect_assessment = "duty.neglect_assessment"  # TI-2020 § 2-5: "enhetsleder må vurdere"
    errand_consent = "duty.errand_consent"  # TI-2020 § 4-3: the unit leader's consent
    secondary_work = "employment.secondary_work"  # PR-2012 § 24: the appointing authority
    certificate = "employment.certificate"  # PR-2012 § 25: the employer issues it
    short_appointment = "hiring.short"  # PR-2012 § 10 nr. 3: appointments of six months or less
    internal_only = "hiring.internal_only"  # PR-2012 § 4 nr. 2: announce a post internally only


class Subject(StrEnum):
    """Whose case it is, as far as authority goes."""

    staff = "staff"  # regional and local staff
    krus_staff = "krus_staff"
    kitt_staff = "kitt_staff"
    director = "director"  # the regional director, the KRUS and KITT directors


class Body(StrEnum):
    regional_director = "regional_director"
    krus_director = "krus_director"
    kitt_director = "kitt_director"
    justice_department = "justice_department"
    appointment_council = "appointment_council"
    unit_leader = "unit_leader"  # the leader of the person's unit (their director, for leaders)


BODY_NAMES = {
    Body.regional_director: "regiondirektøren",
    Body.krus_director: "direktøren for KRUS",
    Body.kitt_director: "direktøren for KITT",
    Body.justice_department: "Justisdepartementet",
    Body.appointment_council: "tilsettingsrådet",
    Body.unit_leader: "enhetslederen",
}


@dataclass(frozen=True)
class AuthorityRow:
    body: Body
    delegable: bool
    rule: str


_S, _K, _T, _D = Subject.staff, Subject.krus_staff, Subject.kitt_staff, Subject.director
_RD, _KD, _TD = Body.regional_director, Body.krus_director, Body.kitt_director
_JD, _TR, _UL = Body.justice_department, Body.appointment_council, Body.unit_leader
_ALL_SUBJECTS = (_S, _K, _T, _D)

AUTHORITY: dict[tuple[Matter, Subject], AuthorityRow] = {
    # § 22: the regional director or the one given authority; KRUS/KITT directors
    # likewise; the Justice Department for the directors themselves.
    (Matter.leave_welfare, _S): AuthorityRow(_RD, True, "PR-2012 § 22"),
    (Matter.leave_welfare, _K): AuthorityRow(_KD, True, "PR-2012 § 22"),
    (Matter.leave_welfare, _T): AuthorityRow(_TD, True, "PR-2012 § 22"),
    (Matter.leave_welfare, _D): AuthorityRow(_JD, False, "PR-2012 § 22"),
    # § 23 nr. 4: paid leave and unpaid up to six months by the regional director or
    # delegate (KRUS/KITT directors likewise); unpaid over six months by the council;
    # the directors' own leave by the Justice Department.
    (Matter.leave_paid, _S): AuthorityRow(_RD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_paid, _K): AuthorityRow(_KD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_paid, _T): AuthorityRow(_TD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_paid, _D): AuthorityRow(_JD, False, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_short, _S): AuthorityRow(_RD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_short, _K): AuthorityRow(_KD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_short, _T): AuthorityRow(_TD, True, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_short, _D): AuthorityRow(_JD, False, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_long, _S): AuthorityRow(_TR, False, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_long, _K): AuthorityRow(_TR, False, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_long, _T): AuthorityRow(_TR, False, "PR-2012 § 23 nr. 4"),
    (Matter.leave_unpaid_long, _D): AuthorityRow(_JD, False, "PR-2012 § 23 nr. 4"),
    # TI-2020 § 2-4 and § 4-2: reports and gifts go to the nearest leader; the org model knows
    # units, so that is the unit leader (for a unit leader, the director over them), or whoever
    # they have given fullmakt. § 2-5: "enhetsleder må vurdere" a neglect of duty.
    **{(Matter.nearest_leader, s): AuthorityRow(_UL, True, "TI-2020 § 2-4") for s in _ALL_SUBJECTS},
    **{
        (Matter.neglect_assessment, s): AuthorityRow(_UL, False, "TI-2020 § 2-5")
        for s in _ALL_SUBJECTS
    },
    # TI-2020 § 4-3: "Uten samtykke fra enhetsleder": the unit leader in person.
    **{
        (Matter.errand_consent, s): AuthorityRow(_UL, False, "TI-2020 § 4-3") for s in _ALL_SUBJECTS
    },
    # PR-2012 § 24: "tilsettingsmyndighetens samtykke": the council that appoints to the post
    # (§ 10 nr. 2); for the directors the Justice Department (§ 10 nr. 1).
    **{(Matter.secondary_work, s): AuthorityRow(_TR, False, "PR-2012 § 24") for s in (_S, _K, _T)},
    (Matter.secondary_work, _D): AuthorityRow(_JD, False, "PR-2012 § 24"),
    # PR-2012 § 25: the employer issues the certificate: the director over the unit, or HR with
    # fullmakt; the Justice Department for the directors.
    (Matter.certificate, _S): AuthorityRow(_RD, True, "PR-2012 § 25"),
    (Matter.certificate, _K): AuthorityRow(_KD, True, "PR-2012 § 25"),
    (Matter.certificate, _T): AuthorityRow(_TD, True, "PR-2012 § 25"),
    (Matter.certificate, _D): AuthorityRow(_JD, False, "PR-2012 § 25"),
    # PR-2012 § 10 nr. 3: the regional director or whoever they authorise appoints for six
    # months or less; the KRUS and KITT directors likewise for their staff.
    (Matter.short_appointment, _S): AuthorityRow(_RD, True, "PR-2012 § 10 nr. 3"),
    (Matter.short_appointment, _K): AuthorityRow(_KD, True, "PR-2012 § 10 nr. 3"),
    (Matter.short_appointment, _T): AuthorityRow(_TD, True, "PR-2012 § 10 nr. 3"),
    # ... but the directors' own posts, even for a short time, belong to the Department.
    (Matter.short_appointment, _D): AuthorityRow(_JD, False, "PR-2012 § 10 nr. 1"),
    # PR-2012 § 4 nr. 2: the regional director or whoever they authorise (the KRUS and KITT
    # directors likewise) decides an internal-only announcement; the directors' own posts are
    # announced by the Department (§ 4 nr. 1).
    (Matter.internal_only, _S): AuthorityRow(_RD, True, "PR-2012 § 4 nr. 2"),
    (Matter.internal_only, _K): AuthorityRow(_KD, True, "PR-2012 § 4 nr. 2"),
    (Matter.internal_only, _T): AuthorityRow(_TD, True, "PR-2012 § 4 nr. 2"),
    (Matter.internal_only, _D): AuthorityRow(_JD, False, "PR-2012 § 4 nr. 1"),
}

_DIRECTOR_ROLES = {Role.regional_director, Role.krus_director, Role.kitt_director}


class Decider(BaseModel):
    """Who may decide, and in what capacity; recorded with the decision."""

    person_id: str
    body: Body
    rule: str
    on_behalf_of: str | None = None  # the holder whose fullmakt was used, or the council id


def subject_of(person: Person, org: Org, on: date | None = None) -> Subject:
    if org.roles_of(person.person_id, on=on) & _DIRECTOR_ROLES:
        return Subject.director
    unit = org.unit(person.unit_id)
    kind = unit.kind if unit else None
    return {UnitKind.krus: Subject.krus_staff, UnitKind.kitt: Subject.kitt_staff}.get(
        kind,
        Subject.staff,  # type: ignore[arg-type]
    )


def council_for(person: Person, org: Org, on: date | None = None) -> Council | None:
    """PR-2012 § 10 nr. 2: the council that appoints to this person's post (its leader post
    judged by the roles held on `on`)."""
    leaders = {Role.assistant_director, Role.unit_leader}
    leader = bool(org.roles_of(person.person_id, on=on) & leaders)
    return council_for_post(person.unit_id, leader, org)


def council_for_post(unit_id: str, leader_post: bool, org: Org) -> Council | None:
    """PR-2012 § 10 nr. 2: one council per region for assistant directors and local unit
    leaders, one per region for the regional administration, one per local unit (or a joint
    one for two, § 11 nr. 3), and KRUS's and KITT's own."""
    unit = org.unit(unit_id)
    if unit is None:
        return None
    region = org.region_of(unit.unit_id)
    if leader_post:
        kinds, scope = {CouncilKind.regional_leaders}, region
    elif unit.kind in (UnitKind.region, UnitKind.region_admin):
        kinds, scope = {CouncilKind.regional_admin}, region
    elif unit.kind == UnitKind.krus:
        kinds, scope = {CouncilKind.krus}, unit.unit_id
    elif unit.kind == UnitKind.kitt:
        kinds, scope = {CouncilKind.kitt}, unit.unit_id
    else:
        kinds, scope = {CouncilKind.local, CouncilKind.joint_local}, unit.unit_id
    return next((c for c in org.councils if c.kind in kinds and scope in c.unit_ids), None)


def council_leader(person: Person, org: Org, on: date | None = None) -> str | None:
    """PR-2012 § 11 nr. 3: "rådets leder er leder for den enheten saken kommer fra" in a joint
    council; any other council's leader is its own. The one leader `authorise` and the council
    (states/council.py `for_case`) agree on, so a joint council can decide § 23 nr. 4 and § 24."""
    council = council_for(person, org, on)
    if council is None:
        return None
    return for_case(council, person.unit_id, "").leader


def holders(body: Body, person: Person, org: Org, on: date | None = None) -> list[str]:
    """The people who hold `body` for this person's case (on `on`: roles in their period)."""
    unit = org.unit(person.unit_id)
    match body:
        case Body.regional_director:
            region = org.region_of(person.unit_id)
            return org.holders(Role.regional_director, region, on=on) if region else []
        case Body.krus_director:
            return org.holders(Role.krus_director, unit.unit_id if unit else None, on=on)
        case Body.kitt_director:
            return org.holders(Role.kitt_director, unit.unit_id if unit else None, on=on)
        case Body.justice_department:
            return org.holders(Role.justice_department, on=on)
        case Body.unit_leader:
            roles = org.roles_of(person.person_id, on=on)
            if roles & _DIRECTOR_ROLES:  # the directors' nearest leader heads KDI (KSF)
                return org.holders(Role.ksf_leader, on=on)
            if Role.unit_leader in roles or Role.assistant_director in roles:
                region = org.region_of(person.unit_id)  # a leader's nearest leader: the director
                return org.holders(Role.regional_director, region, on=on) if region else []
            if unit and unit.kind in (UnitKind.krus, UnitKind.kitt):
                return org.holders(
                    Role.krus_director if unit.kind == UnitKind.krus else Role.kitt_director,
                    unit.unit_id,
                    on=on,
                )
            if unit and unit.kind in (UnitKind.region, UnitKind.region_admin):
                return org.holders(Role.regional_director, org.region_of(unit.unit_id), on=on)
            return org.holders(Role.unit_leader, person.unit_id, on=on)
        case Body.appointment_council:
            # The council decides in a meeting (§ 13); its leader enters the decision: the
            # leader as the council sits for the case (a joint council, § 11 nr. 3, is led by
            # the leader of the unit the case comes from: council10).
            leader = council_leader(person, org, on)
            return [leader] if leader else []


def row_for(matter: Matter, person: Person, org: Org, on: date | None = None) -> AuthorityRow:
    return AUTHORITY[(matter, subject_of(person, org, on))]


def authorise(
    actor_id: str,
    matter: Matter,
    person: Person,
    org: Org,
    on: date,
    subject: Subject | None = None,
) -> Decider:
    """The capacity in which `actor_id` may decide `matter` for `person` (or, with `subject`,
    for a vacant post at `person.unit_id`), or a refusal."""
    row = AUTHORITY[(matter, subject)] if subject else row_for(matter, person, org, on)
    if actor_id == person.person_id:
        raise RuleViolation("fvl § 6", "nobody may decide their own case", "actor.person_id")
    council = council_for(person, org, on) if row.body == Body.appointment_council else None
    owners = holders(row.body, person, org, on)
    if actor_id in owners:
        behalf = council.council_id if council else None
        return Decider(person_id=actor_id, body=row.body, rule=row.rule, on_behalf_of=behalf)
    if row.delegable:
        for d in org.delegations:
            if d.to_person_id == actor_id and d.from_person_id in owners and d.covers(matter, on):
                return Decider(
                    person_id=actor_id, body=row.body, rule=row.rule, on_behalf_of=d.from_person_id
                )
    how = " or someone with fullmakt from them" if row.delegable else ""
    raise RuleViolation(
        row.rule,
        f"{actor_id} may not decide {matter.value}: it belongs to {BODY_NAMES[row.body]}{how}",
        "actor.person_id",
    )


# -- what one person holds on one date ---------------------------------------------------------


class Held(BaseModel):
    """One role valid on the grants' date, where it is held, (HR) whose cases it serves, and
    (leaders) the units it heads."""

    role: Role
    unit_id: str
    serves: list[str] = []
    # The units a leader role heads ("*": the whole service); None in grants recorded before
    # leaders were scoped (replay keeps the unscoped answer they got then).
    leads: list[str] | None = None


class HeldDesignation(BaseModel):
    kind: DesignationKind
    organisation: str
    unit_ids: list[str] = []  # empty: everywhere


class Grants(BaseModel):
    """What the register says `person_id` holds on `on`. Built by `grants_of` at the door;
    a workflow reads it from the command (signed with the command, so it cannot be forged)."""

    person_id: str
    on: date | None = None
    # The event's effective date (its `occurred_at`, local): the door reads the register on it,
    # and guards judge authority on it, not on the day the case receives the step (issue 11).
    # None in commands recorded before: their guards read the case's own day, as they did then.
    effective: date | None = None
    staff: bool = False  # in the staff register (a tjenestemann of the service)
    embetsmann: bool = False
    roles: list[Held] = []
    designations: list[HeldDesignation] = []
    seats: list[str] = []  # the councils the person sits on, as member or personal deputy
    # The councils the person sits on as the register seats them on `on` (disc6: a council's
    # composition on the step's date, read fresh at the door, not the case's slice from its
    # opening). Empty in commands recorded before.
    councils: list[Council] = []
    # Commands recorded before issue 11 carried only the claimed role; replaying them must take
    # the decisions they took then. `from_claim` builds such grants; nothing new is given them.
    legacy: bool = False

    def holds(self, role: Role, unit_id: str | None = None) -> bool:
        return any(
            h.role == role and (unit_id is None or self.legacy or h.unit_id == unit_id)
            for h in self.roles
        )

    def holds_any(self, roles: set[Role]) -> bool:
        return any(self.holds(r) for r in roles)

    def heads(self, unit_id: str | None) -> bool:
        """A leader over `unit_id` on the grants' date: the unit leader (and the KRUS and KITT
        directors) of that unit, the regional director or assistant director of its region,
        the KSF leader for the whole service (`grants_of` resolves the scope)."""
        for h in self.roles:
            if h.role not in LEADERS:
                continue
            if self.legacy or h.leads is None:  # recorded before leaders were scoped
                return True
            if ALL_UNITS in h.leads or (unit_id is not None and unit_id in h.leads):
                return True
        return False

    def serves(self, unit_id: str | None) -> bool:
        """An HR officer for cases of `unit_id`: their own unit, or one of the units and
        regions they serve (`grants_of` resolves a region to its units)."""
        if self.legacy:
            return self.holds(Role.hr_officer)
        return unit_id is not None and any(
            h.role == Role.hr_officer and unit_id in h.serves for h in self.roles
        )

    def designated(self, kind: DesignationKind, unit_id: str | None = None) -> bool:
        """A representative designation of `kind` valid on the date, for `unit_id` if given."""
        if self.legacy:  # before issue 11 an "employee" claim was taken for a representative
            return self.holds(Role.employee)
        return any(
            d.kind == kind and (unit_id is None or not d.unit_ids or unit_id in d.unit_ids)
            for d in self.designations
        )

    @classmethod
    def from_claim(cls, person_id: str, role: str) -> Grants:
        """Grants for a command recorded before issue 11 (no grants): the claim, unverified.
        Only replay of old histories reaches this; the door always sends verified grants."""
        held = [Held(role=Role(role), unit_id="*")] if role in Role.__members__ else []
        return cls(person_id=person_id, roles=held, legacy=True)


# The leader roles and what each heads (issue 11: a leader acts only for what they lead).
ALL_UNITS = "*"
LEADERS = {Role.unit_leader, Role.krus_director, Role.kitt_director, Role.regional_director,
           Role.assistant_director, Role.ksf_leader}  # fmt: skip


def _leads(org: Org, role: Role, unit_id: str) -> list[str] | None:
    """The units a leader role heads: the KSF leader the service; a regional director or
    assistant director the region and every unit in it; a unit leader (KRUS, KITT director)
    their unit. None for a role that heads nothing."""
    if role == Role.ksf_leader:
        return [ALL_UNITS]
    if role in (Role.regional_director, Role.assistant_director):
        region = org.region_of(unit_id) or unit_id
        return _covered(org, [region])
    if role in LEADERS:
        return [unit_id]
    return None


def decision_date(grants: Grants | None, today: date) -> date:
    """The day authority is judged on: the event's effective date, else the case's day."""
    return grants.effective if grants is not None and grants.effective else today


def _covered(org: Org, ids: list[str]) -> list[str]:
    """The units `ids` name, a region standing for itself and every unit in it."""
    out = set(ids)
    out |= {u.unit_id for u in org.units if u.region_id in out}
    return sorted(out)


def grants_of(org: Org, person_id: str, on: date) -> Grants:
    """What the register holds for `person_id` on `on` (a role or designation outside its
    period does not count)."""
    person = org.person(person_id)
    return Grants(
        person_id=person_id,
        on=on,
        effective=on,
        staff=person is not None,
        embetsmann=bool(person and person.embetsmann),
        roles=[
            Held(
                role=r.role,
                unit_id=r.unit_id,
                serves=_covered(org, r.scope()),
                leads=_leads(org, r.role, r.unit_id),
            )
            for r in org.roles
            if r.person_id == person_id and r.valid_on(on)
        ],
        designations=[
            HeldDesignation(
                kind=d.kind, organisation=d.organisation, unit_ids=_covered(org, d.unit_ids)
            )
            for d in org.designations
            if d.person_id == person_id and d.valid_on(on)
        ],
        seats=[c.council_id for c in org.councils if c.seats_on(person_id, on)],
        councils=[c.on(on) for c in org.councils if c.seats_on(person_id, on)],
    )


# The rule a forged claim is refused under: the provision that gives the role its authority
# here. The Department appoints (and announces) the directors' posts (§ 10 nr. 1); the KSF
# leader gives their innstilling (§ 9 nr. 3); the directors appoint for six months or less
# (§ 10 nr. 3, "tilsvarende fullmakt" for KRUS and KITT); assistant directors and unit leaders
# are the posts § 10 nr. 2 names; HR acts for the service that announces (§ 4 nr. 1); an
# employee is a tjenestemann the rules apply to (§ 1).
CLAIM_RULES: dict[Role, str] = {
    Role.justice_department: "PR-2012 § 10 nr. 1",
    Role.ksf_leader: "PR-2012 § 9 nr. 3",
    Role.regional_director: "PR-2012 § 10 nr. 3",
    Role.krus_director: "PR-2012 § 10 nr. 3",
    Role.kitt_director: "PR-2012 § 10 nr. 3",
    Role.assistant_director: "PR-2012 § 10 nr. 2",
    Role.unit_leader: "PR-2012 § 10 nr. 2",
    Role.hr_officer: "PR-2012 § 4 nr. 1",
    Role.employee: "PR-2012 § 1",
}


def verify_claim(grants: Grants, claimed: Role | str | None) -> None:
    """Refuse a claimed role the register does not hold for the person on the grants' date.
    No claim, or `applicant`, claims nothing: an applicant acts only as themselves (guards
    compare the applicant id), so the claim gives nothing to verify."""
    if claimed is None or claimed == Role.applicant:
        return
    role = Role(claimed)
    held = grants.staff if role == Role.employee else grants.holds(role)
    if not held:
        raise RuleViolation(
            CLAIM_RULES[role],
            f"{grants.person_id} does not hold {role.value} on {grants.on} in the register",
            "actor.role",
        )


def recorded_role(claimed: Role | str | None) -> str:
    """What the journal records as the actor's role: a claim the register confirmed (the door
    refuses any other), or the neutral `person` when the event claimed none."""
    return str(claimed) if claimed else "person"


# -- the README's "Who may do what", rendered from the code ---------------------------------

_ROLE_CHECKS = [
    ("Claimed role in an event", "Refused unless the register holds it for the actor on the "
     "event's effective date (`verify_claim`)", "per role: " + ", ".join(
         f"`{r.value}` {rule}" for r, rule in CLAIM_RULES.items())),
    ("Register a vacancy; announce, assess, plan interviews, re-announce", "Justice Department "
     "(directors' posts); otherwise a leader heading the post's unit (`heads`: its unit "
     "leader, KRUS/KITT director, the region's director or assistant director, the KSF "
     "leader), or an HR officer serving it", "PR-2012 § 4 nr. 1"),
    ("Appoint to a director's post", "Justice Department", "PR-2012 § 10 nr. 1"),
    ("Comment on a director's post", "`central_representative` designation",
     "PR-2012 § 9 nr. 3"),
    ("Act for an employee (leave, duty cases) or an applicant", "the person themselves, or an "
     "HR officer whose `serves` covers the case's unit or region", "fvl § 2 første ledd bokstav e"),
    ("Open a disciplinary case", "a leader heading the employee's unit (`heads`), or HR "
     "serving it", "TI-2020 § 2-5"),
    ("Decide under fullmakt; any authority", "judged on the event's effective date (its "
     "`occurred_at`; a post-dated event on the door's day), not on the day it arrives; a "
     "person (token) also only with what they hold on the door's day", "PR-2012 §§ 10, 22, "
     "23 nr. 4"),
    ("Date a step (`occurred_at`)", "a person (token) not before the day of the case's last "
     "recorded step; earlier than the door's day only an HR system's key", "event contract"),
    ("Record a substitute representative", "HR serving the council's unit", "PR-2012 § 12"),
    ("Comment on an announcement text; be told the salary", "`union_representative` "
     "designation for the post's unit, else its region, else central", "PR-2012 § 5 nr. 4 and 6"),
    ("Agree to an internal-only announcement", "each employee seat of the appointing council "
     "(or its personal deputy)", "PR-2012 § 4 nr. 2"),
    ("Vote, sign the protocol, agree to written procedure, demand the central council",
     "a member of the council as it sits for the case, or their personal deputy; the leader "
     "enters the majority's decision with the protocol", "PR-2012 §§ 11, 13"),
]  # fmt: skip


def authority_table() -> str:
    """The README's "Who may do what" block: the AUTHORITY rows, then the role checks."""
    lines = ["| Matter | Subject | Decides | Fullmakt | Rule |", "|---|---|---|---|---|"]
    for (matter, subject), row in AUTHORITY.items():
        lines.append(
            f"| `{matter.value}` | {subject.value} | {BODY_NAMES[row.body]} "
            f"| {'yes' if row.delegable else 'no'} | {row.rule} |"
        )
    lines += ["", "| Action | Who (from the register) | Rule |", "|---|---|---|"]
    lines += [f"| {a} | {who} | {rule} |" for a, who, rule in _ROLE_CHECKS]
    return "\n".join(lines) + "\n"


README_BEGIN = "<!-- authority table: generated by `personalsak docs`, do not edit -->\n"
README_END = "<!-- end of authority table -->\n"


def with_authority_table(readme: str) -> str:
    """`readme` with its generated block replaced by the current table."""
    head, _, rest = readme.partition(README_BEGIN)
    _, _, tail = rest.partition(README_END)
    return head + README_BEGIN + authority_table() + README_END + tail


def leader_line(person: Person, org: Org, on: date | None = None) -> list[list[str]]:
    """The line of leaders above `person`, nearest first (roles held on `on`): a local unit's
    employee has the unit leader, then the regional director of the unit's region, then the KSF
    leader; a unit leader or assistant director, and the regional administration's staff, the
    regional director, then the KSF leader; KRUS and KITT staff their director, then the KSF
    leader; the directors the KSF leader, then the Justice Department."""
    roles = org.roles_of(person.person_id, on=on)
    unit = org.unit(person.unit_id)
    region = org.region_of(person.unit_id)
    director = org.holders(Role.regional_director, region, on=on) if region else []
    ksf = org.holders(Role.ksf_leader, on=on)
    if roles & _DIRECTOR_ROLES:
        return [ksf, org.holders(Role.justice_department, on=on)]
    if roles & {Role.unit_leader, Role.assistant_director}:
        return [director, ksf]
    if unit and unit.kind in (UnitKind.krus, UnitKind.kitt):
        role = Role.krus_director if unit.kind == UnitKind.krus else Role.kitt_director
        return [org.holders(role, unit.unit_id, on=on), ksf]
    if unit and unit.kind in (UnitKind.region, UnitKind.region_admin):
        return [director, ksf]
    return [org.holders(Role.unit_leader, person.unit_id, on=on), director, ksf]


def first_free_level(
    person: Person, org: Org, disqualified: list[str], on: date | None = None
) -> list[str]:
    """fvl § 6: up `leader_line`, one level at a time, the first level with a leader who is
    neither the person concerned nor disqualified; [] when the line runs out."""
    for level in leader_line(person, org, on):
        free = [o for o in level if o not in disqualified and o != person.person_id]
        if free:
            return free
    return []


def next_level(person: Person, org: Org, on: date | None = None) -> list[str]:
    """fvl § 6 with TI-2020 § 2-5: who decides when the person's nearest leader may not (they
    are concerned, or disqualified): the next level of `leader_line`, so a local unit's leader
    gives way to the regional director of the unit's region (never straight to the KSF leader),
    a regional director to the KSF leader."""
    line = leader_line(person, org, on)
    return line[1] if len(line) > 1 else []


# -- councils as the register seats them on the step's date (disc6) -------------------------


def as_registered(council: Council, grants: Grants | None, on: date) -> Council:
    """PR-2012 § 11 with issue 12's legal review: the council as the register seats it on the
    step's date `on`. The actor's grants (read from the register at the door, on the step's
    date) carry the composition of each council they sit on: that one, when they carry it;
    else the case's slice with the seat periods it knows, less the actor, whom the register
    gives no seat on it that day. Without grants (a timer; commands recorded before issue 11):
    the slice's seats on `on`."""
    if grants is None or grants.legacy:
        return council.on(on)
    fresh = next((c for c in grants.councils if c.council_id == council.council_id), None)
    if fresh is not None:
        return fresh
    dated = council.on(on)
    members = [m for m in dated.members if m.person_id != grants.person_id]
    return dated.model_copy(update={"members": members})
