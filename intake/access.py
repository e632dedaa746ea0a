"""Who may read which case, and the access log every read (and every refused read) goes to.

Callers are HR systems (an API key scoped to case types and units), people (an OIDC token
naming a register person), and the local operator (the CLI on the machine that holds the
register and the keys). A person reads a case only on a ground the register gives them:

- party: the case is about them, they are a party in its view, or an applicant (fvl § 2 e)
- acted: they decided or acted in it (the journal)
- council member: they sit (or deputise) on the council that decides for the case's unit
- hr for unit / unit leader / regional director: they handle the case's unit or region

Every decision, allowed or not, is written to the access log with its ground ("denied" when
refused): `personalsak audit CASE_ID` and `--person ID` show it.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from activities.store import AccessRegister, Store
from states.org import Role, UnitKind
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS

ALL = "*"
DENIED = "denied"
KEY_SCOPE = "api key scope"
LOCAL = "local operator"  # the CLI or `up` on the machine with the register and keys

Channel = Literal["api", "cli", "codec"]
UNIT_LEADERS = (Role.unit_leader, Role.krus_director, Role.kitt_director)
# A council member reads only the cases a council decides (PR-2012 §§ 10, 19, 20, 24; a seat
# gives no ground to read a colleague's welfare leave or a report about them).
COUNCIL_CASES = {"hiring", "central_council", "discipline", "appeal", "secondary_work"}


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
    workflow_id: str
    case_type: str
    unit: str | None
    region: str | None
    subject: str | None  # the person the case is about
    people: frozenset[str] = field(default_factory=frozenset)  # parties, applicants
    actors: frozenset[str] = field(default_factory=frozenset)  # decided or acted (journal)


def split_workflow_id(workflow_id: str) -> tuple[str | None, str]:
    """(case type, case id) of `<case type>-<case id>`; (None, id) for anything else."""
    for kind in sorted(WORKFLOWS, key=len, reverse=True):
        if workflow_id.startswith(kind + "-"):
            return kind, workflow_id[len(kind) + 1 :]
    return None, workflow_id


def case_facts(store: Store, workflow_id: str, view: CaseView | None = None) -> CaseFacts | None:
    """What the access decision reads about a case: the register's row and journal, its
    applicants, and the parties of its view when the caller has it. None: no such case."""
    row, actors, applicants = AccessRegister(store).case_parties(workflow_id)
    case_type, _ = split_workflow_id(workflow_id)
    if row is None and view is None:
        return None
    unit = row.org_unit if row else view.org_unit if view else None
    region = row.region if row else None
    if region is None and unit:
        found = store.unit(unit)
        region = (
            found.unit_id
            if found and found.kind == UnitKind.region
            else (found.region_id if found else None)
        )
    parties = {p.person_id for p in view.parties} if view else set()
    actors |= {h.actor.person_id for h in view.history} if view else set()
    return CaseFacts(
        workflow_id=workflow_id,
        case_type=row.case_type if row else (view.case_type if view else case_type or ""),
        unit=unit,
        region=region,
        subject=row.person_id if row else None,
        people=frozenset(parties | applicants | ({row.person_id} if row else set())),
        actors=frozenset(actors),
    )


def key_ground(caller: Caller, case_type: str, unit: str | None) -> str | None:
    """A system reads what its key's scope names: the case type and the unit."""
    types_ok = ALL in caller.read_types or case_type in caller.read_types
    units_ok = ALL in caller.read_units or (unit is not None and unit in caller.read_units)
    return KEY_SCOPE if types_ok and units_ok else None


def role_ground(store: Store, person_id: str, facts: CaseFacts) -> str | None:
    """The roles and council seats the register gives the person today (states/authority.py's
    Grants: validity periods, the units an HR officer `serves`) that let them handle a case."""
    grants = store.grants(person_id, date.today())
    unit, region = facts.unit, facts.region
    if grants.serves(unit):
        return "hr for unit"
    if any(
        grants.holds(r, unit) for r in (Role.unit_leader, Role.krus_director, Role.kitt_director)
    ):
        return "unit leader"
    if region and grants.holds(Role.regional_director, region):
        return "regional director"
    if facts.case_type not in COUNCIL_CASES:
        return None
    for council in AccessRegister(store).councils():
        if council.council_id not in grants.seats:
            continue
        if council.kind == "central" and facts.case_type in ("appeal", "central_council"):
            return "council member"
        if unit in council.unit_ids or (region in council.unit_ids and _regional(store, unit)):
            return "council member"
    return None


def _regional(store: Store, unit_id: str | None) -> bool:
    """A regional council (unit_ids: the region) decides for the region and its administration,
    not for the prisons and offices that have their own council."""
    unit = store.unit(unit_id) if unit_id else None
    return unit is not None and unit.kind in (UnitKind.region, UnitKind.region_admin)


def person_ground(store: Store, person_id: str, facts: CaseFacts) -> str | None:
    if person_id in facts.people:
        return "party"
    if person_id in facts.actors:
        return "acted in the case"
    return role_ground(store, person_id, facts)


def decide(store: Store, caller: Caller, facts: CaseFacts) -> str | None:
    """The ground on which `caller` may read the case, or None."""
    if caller.kind == "local":
        return LOCAL
    if caller.kind == "system":
        return key_ground(caller, facts.case_type, facts.unit)
    return person_ground(store, caller.name, facts)


def record(store: Store, caller: Caller, workflow_id: str, ground: str, channel: Channel) -> None:
    _, case_id = split_workflow_id(workflow_id)
    AccessRegister(store).log(caller.name, workflow_id, case_id, ground, channel)


def check_read(
    store: Store,
    caller: Caller,
    workflow_id: str,
    channel: Channel,
    view: CaseView | None = None,
) -> str | None:
    """Decide and log one read: the ground, or None (logged as "denied")."""
    if caller.kind == "local":  # holds the register and keys: reads all, but on the record
        ground: str | None = LOCAL
    else:
        facts = case_facts(store, workflow_id, view)
        ground = decide(store, caller, facts) if facts else None
    record(store, caller, workflow_id, ground or DENIED, channel)
    return ground
