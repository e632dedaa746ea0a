"""The organisation as data: units, people, roles, councils, delegations.

Loaded by `personalsak org load` into the register; the workflows receive the
slice they need through an activity. Pure models, no I/O.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from states.calendar import holiday_name
from states.service_time import Employment


class UnitKind(StrEnum):
    region = "region"
    region_admin = "region_admin"  # regionadministrasjonen
    prison = "prison"
    probation_office = "probation_office"
    halfway_house = "halfway_house"
    drug_court_centre = "drug_court_centre"
    krus = "krus"
    kitt = "kitt"
    ksf = "ksf"  # Kriminalomsorgens sentrale forvaltning (KDI)
    justice_department = "justice_department"


class Role(StrEnum):
    regional_director = "regional_director"
    assistant_director = "assistant_director"
    unit_leader = "unit_leader"
    krus_director = "krus_director"
    kitt_director = "kitt_director"
    ksf_leader = "ksf_leader"
    justice_department = "justice_department"  # an officer deciding for the Department
    hr_officer = "hr_officer"
    employee = "employee"
    applicant = "applicant"  # a party to a hiring case (fvl § 2 e); not in the staff register


class CouncilKind(StrEnum):
    """PR-2012 § 10 nr. 2 and § 11: which appointment council."""

    regional_leaders = "regional_leaders"  # § 11 nr. 2: assistant directors, unit leaders
    regional_admin = "regional_admin"  # § 11 nr. 1: other staff at the regional administration
    local = "local"  # § 11 nr. 3: other staff at a local unit
    joint_local = "joint_local"  # § 11 nr. 3 last part: two units, one council
    krus = "krus"  # § 11 nr. 4
    kitt = "kitt"  # § 11 nr. 4
    central = "central"  # § 11 nr. 6: escalations and appeals


class Unit(BaseModel):
    unit_id: str
    name: str
    kind: UnitKind
    region_id: str | None = None  # the region a local unit or region_admin belongs to


class WorkPattern(BaseModel):
    """The employee's own working days (PR-2012 § 22 with Hovedtariffavtalen: welfare leave is
    counted in working days, and a shift worker's are not Monday–Friday). Either a day worker's
    `weekdays` (0 = Monday), public holidays off; or a `rota`: a shift schedule that repeats
    every len(rota) days from `anchor`, "1" a working day and "0" a day off, where a public
    holiday is a working day when the rota says so (the shift is worked)."""

    weekdays: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4])
    rota: str | None = Field(default=None, pattern=r"^[01]{1,84}$")
    anchor: date | None = None

    @model_validator(mode="after")
    def _valid(self) -> WorkPattern:
        if self.rota is not None and self.anchor is None:
            raise ValueError("work_pattern.anchor: a rota needs the day its cycle starts")
        if any(d not in range(7) for d in self.weekdays):
            raise ValueError("work_pattern.weekdays: 0 (Monday) to 6 (Sunday)")
        return self

    def works_on(self, day: date) -> bool:
        if self.rota is not None and self.anchor is not None:
            return self.rota[(day - self.anchor).days % len(self.rota)] == "1"
        return day.weekday() in self.weekdays and holiday_name(day) is None


class Superior(BaseModel):
    """The employee's nearest superior (nærmeste overordnede) in the register, for a period:
    the person who takes the per-case seat of PR-2012 § 11 nr. 3-4 in the employee's cases."""

    person_id: str
    valid_from: date | None = None
    valid_to: date | None = None  # the last day; None: until further notice

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)


class Person(BaseModel):
    person_id: str
    name: str
    email: str
    unit_id: str
    position: str = ""
    birth_date: date | None = None
    embetsmann: bool = False
    # PR-2012 § 22 (issue 13): the employee's working days; None: Monday–Friday, holidays off
    work_pattern: WorkPattern | None = None
    # tjml §§ 8–10 with PR-2012 § 17 (issue 13): permanent or not, probation, service periods;
    # the notice period of an oppsigelse is computed from it (None: the register does not know)
    employment: Employment | None = None
    # PR-2012 § 11 nr. 3-4 (disc6): the nearest superior, dated (0015_disc6)
    superiors: list[Superior] = Field(default_factory=list)

    @field_validator("superiors", mode="before")
    @classmethod
    def _no_superiors(cls, value: object) -> object:
        return [] if value is None else value  # a register row from before 0015_disc6

    def nearest_superior(self, on: date) -> str | None:
        """The register's nearest superior of this person on `on`, if it names one."""
        return next((s.person_id for s in self.superiors if s.valid_on(on)), None)

    def works_on(self, day: date) -> bool:
        """A working day of this employee (welfare days are counted on these)."""
        if self.work_pattern is None:
            return day.weekday() < 5 and holiday_name(day) is None
        return self.work_pattern.works_on(day)


class RoleAssignment(BaseModel):
    person_id: str
    role: Role
    unit_id: str
    valid_from: date | None = None  # None: since before the register knew
    valid_to: date | None = None  # the last day held; None: until further notice
    # An HR officer handles the cases of these units and/or regions (a region covers its units);
    # empty: their own unit only.
    serves: list[str] = Field(default_factory=list)

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)

    def scope(self) -> list[str]:
        return self.serves or [self.unit_id]


def _within(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


class DesignationKind(StrEnum):
    """Representatives named by the unions, who are not the same people (issue 11)."""

    # PR-2012 § 9 nr. 3: "To representanter for de tilsatte i virksomheten, utpekt av
    # organisasjonene sentralt" comment on the directors' posts.
    central_representative = "central_representative"
    # PR-2012 § 5 nr. 4 and 6: the unions' elected tillitsvalgte, who comment on the text and are
    # told the salary. Not the council's employee representatives (§§ 11-12), who sit in the
    # councils and "representerer ikke sin egen organisasjon" once appointed (§ 12).
    union_representative = "union_representative"


class Designation(BaseModel):
    person_id: str
    kind: DesignationKind
    organisation: str  # the union (or the unions jointly) that named them
    unit_ids: list[str] = Field(default_factory=list)  # units/regions they act for; empty: all
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)


class Union(BaseModel):
    """A trade union or a confederation (hovedsammenslutning) and whether it is
    forhandlingsberettiget under the Basic Agreement: PR-2012 § 12 lets only an organisation
    that "enten selv eller gjennom tilslutning til en hovedsammenslutning er
    forhandlingsberettiget" appoint the councils' employee representatives."""

    name: str = Field(min_length=1)
    confederation: str | None = None  # the hovedsammenslutning it belongs to
    negotiation_entitled: bool = False


def entitled_unions(unions: list[Union]) -> set[str]:
    """§ 12: the unions entitled themselves or through their confederation."""
    own = {u.name for u in unions if u.negotiation_entitled}
    return {u.name for u in unions if u.name in own or u.confederation in own}


class Seat(StrEnum):
    """What a council seat represents (PR-2012 § 11): the composition check reads this."""

    leader = "leader"  # the regional director, unit leader or director who leads the council
    assistant_director = "assistant_director"  # § 11 nr. 1-2
    nearest_superior = "nearest_superior"  # § 11 nr. 3-4: filled per case by the post's superior
    administration = "administration"  # § 11 nr. 1-4: with a personal deputy
    employees = "employees"  # § 11 nr. 1-4, § 12: two, each with a personal deputy
    unit_leader = "unit_leader"  # § 11 nr. 3 joint council: the leaders of both units
    ksf = "ksf"  # § 11 nr. 6: the representative of KSF
    region_director = "region_director"  # § 11 nr. 6: the director of the case's region
    ksf_administration = "ksf_administration"  # § 11 nr. 6: replaces the region's director


class CouncilMember(BaseModel):
    person_id: str
    seat: str = "member"  # leader | member | deputy
    deputy_for: str | None = None
    represents: Seat | None = None  # what the seat is for (§ 11); None: not declared
    unit_id: str | None = None  # joint council (§ 11 nr. 3): the unit a seat belongs to
    # The seat's period in the register (disc6): a member replaced sits until `valid_to`, the
    # new one from `valid_from`; None: since before the register knew / until further notice.
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, on: date) -> bool:
        return _within(on, self.valid_from, self.valid_to)


class Council(BaseModel):
    council_id: str
    kind: CouncilKind
    name: str
    unit_ids: list[str]  # the units (or region) it appoints for
    members: list[CouncilMember] = Field(default_factory=list)
    # Seats that stay empty as the council sits for one case: the § 11 nr. 3-4 seat when the
    # register names no usable nearest superior (disc8; docs/legal-choices.md).
    vacant: list[Seat] = Field(default_factory=list)

    @property
    def leader(self) -> str | None:
        return next((m.person_id for m in self.members if m.seat == "leader"), None)

    def on(self, day: date) -> Council:
        """The council as the register seats it on `day` (members whose seat period covers it)."""
        return self.model_copy(update={"members": [m for m in self.members if m.valid_on(day)]})

    def seats_on(self, person_id: str, day: date) -> bool:
        return any(m.person_id == person_id and m.valid_on(day) for m in self.members)


class Delegation(BaseModel):
    """Fullmakt: `to_person_id` may decide `matters` on behalf of `from_person_id`."""

    from_person_id: str
    to_person_id: str
    matters: list[str]  # prefixes: "leave" covers "leave.welfare", "leave.paid", ...
    valid_from: date
    valid_to: date | None = None

    def covers(self, matter: str, on: date) -> bool:
        in_time = self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
        return in_time and any(matter == m or matter.startswith(m + ".") for m in self.matters)


class Org(BaseModel):
    units: list[Unit] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    roles: list[RoleAssignment] = Field(default_factory=list)
    councils: list[Council] = Field(default_factory=list)
    delegations: list[Delegation] = Field(default_factory=list)
    designations: list[Designation] = Field(default_factory=list)
    unions: list[Union] = Field(default_factory=list)

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.person_id == person_id), None)

    def roles_of(self, person_id: str, on: date | None = None) -> set[Role]:
        """The person's roles (on `on`, if given: a role outside its period does not count)."""
        return {
            r.role
            for r in self.roles
            if r.person_id == person_id and (on is None or r.valid_on(on))
        }

    def holders(self, role: Role, unit_id: str | None = None, on: date | None = None) -> list[str]:
        return [
            r.person_id
            for r in self.roles
            if r.role == role
            and (unit_id is None or r.unit_id == unit_id)
            and (on is None or r.valid_on(on))
        ]

    def region_of(self, unit_id: str) -> str | None:
        unit = self.unit(unit_id)
        if unit is None:
            return None
        return unit.unit_id if unit.kind == UnitKind.region else unit.region_id
