"""Appointment councils deciding by vote (PR-2012 §§ 11, 13, 20): who may vote, quorum,
majority, and the minority that may take a case to the central council. Shared by every
case type a council decides (discipline and hiring), with the composition of § 11."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from states.org import Council, CouncilKind, CouncilMember, Seat
from states.rules import RuleViolation

MEMBERSHIP = "PR-2012 § 11 nr. 1–4"
QUORUM = "PR-2012 § 13 nr. 3"


class Vote(BaseModel):
    member_id: str
    choice: str  # what the member votes for, e.g. "ordensstraff" or "none"
    severity: int = 0  # for a graded choice (months of lost seniority): higher is harsher
    reasons: str = ""  # § 13 nr. 4: each member may state reasons in the protocol


class Tally(BaseModel):
    voters: int  # seats with a vote
    cast: int
    counts: dict[str, int]
    quorum: bool  # § 13 nr. 3: at least half the members take part
    majority: str | None  # a choice more than half of the votes cast agree on
    minority: list[str] = Field(default_factory=list)  # members outside the majority


def voting_seats(council: Council) -> list[str]:
    return [m.person_id for m in council.members if m.seat in ("leader", "member")]


def seat_of(council: Council, person_id: str) -> str:
    """The seat `person_id` votes for: their own, or the absent principal's as a deputy."""
    for m in council.members:
        if m.person_id == person_id:
            if m.seat in ("leader", "member"):
                return person_id
            if m.deputy_for:
                return m.deputy_for
    raise RuleViolation(
        MEMBERSHIP, f"{person_id} is not a member of {council.name}", "actor.person_id"
    )


def check_vote(council: Council, votes: list[Vote], person_id: str) -> str:
    """The seat a new vote from `person_id` fills, or the refusal."""
    seat = seat_of(council, person_id)
    taken = {seat_of(council, v.member_id) for v in votes}
    if seat in taken:
        raise RuleViolation(QUORUM, f"the seat of {seat} has voted already", "actor.person_id")
    return seat


def tally(council: Council, votes: list[Vote]) -> Tally:
    seats = voting_seats(council)
    counts = Counter(v.choice for v in votes)
    top = counts.most_common(1)
    majority = top[0][0] if top and top[0][1] * 2 > len(votes) else None
    return Tally(
        voters=len(seats),
        cast=len(votes),
        counts=dict(counts),
        quorum=len(votes) * 2 >= len(seats),
        majority=majority,
        minority=[v.member_id for v in votes if v.choice != majority],
    )


# -- composition (PR-2012 § 11) -------------------------------------------------------------

COMPOSITION = {
    CouncilKind.regional_admin: "PR-2012 § 11 nr. 1–4",
    CouncilKind.regional_leaders: "PR-2012 § 11 nr. 1–4",
    CouncilKind.local: "PR-2012 § 11 nr. 1–4",
    CouncilKind.joint_local: "PR-2012 § 11 nr. 1–4",
    CouncilKind.krus: "PR-2012 § 11 nr. 1–4",
    CouncilKind.kitt: "PR-2012 § 11 nr. 1–4",
    CouncilKind.central: "PR-2012 § 11 nr. 6",
}
# The seats each kind must have besides its leader (§ 11 nr. 1-4, 6), and which of them need a
# personal deputy. The regional director seat of the central council is filled per case.
_SEATS: dict[CouncilKind, dict[Seat, int]] = {
    CouncilKind.regional_admin: {Seat.assistant_director: 1, Seat.administration: 1,
                                 Seat.employees: 2},
    CouncilKind.regional_leaders: {Seat.assistant_director: 1, Seat.administration: 1,
                                   Seat.employees: 2},
    CouncilKind.local: {Seat.nearest_superior: 1, Seat.administration: 1, Seat.employees: 2},
    CouncilKind.joint_local: {Seat.unit_leader: 2, Seat.administration: 1, Seat.employees: 2},
    CouncilKind.krus: {Seat.nearest_superior: 1, Seat.administration: 1, Seat.employees: 2},
    CouncilKind.kitt: {Seat.nearest_superior: 1, Seat.administration: 1, Seat.employees: 2},
    CouncilKind.central: {Seat.ksf: 1, Seat.region_director: 1, Seat.employees: 2},
}  # fmt: skip
_PERSONAL_DEPUTY = {Seat.administration, Seat.employees}  # § 11 nr. 1-4 "personlig vara"


def for_case(council: Council, unit_id: str, superior_id: str) -> Council:
    """The council as it sits for one case: the post's nearest superior takes the § 11 nr. 3-4
    seat; in a joint council (§ 11 nr. 3) the leader of the unit the case comes from leads and
    that unit's administration representative sits."""
    members = list(council.members)
    if council.kind == CouncilKind.joint_local:
        here = [m for m in members if m.unit_id in (None, unit_id)]
        own_leader = next(
            (m for m in members if m.represents == Seat.unit_leader and m.unit_id == unit_id), None
        )
        members = [
            m.model_copy(update={"seat": "leader" if m is own_leader else "member"})
            if m.represents == Seat.unit_leader
            else m
            for m in members
            if m in here or m.represents == Seat.unit_leader
        ]
    if council.kind in (CouncilKind.local, CouncilKind.krus, CouncilKind.kitt) and not any(
        m.person_id == superior_id for m in members if m.seat in ("leader", "member")
    ):
        seat = CouncilMember(person_id=superior_id, represents=Seat.nearest_superior)
        members = [m for m in members if m.represents != Seat.nearest_superior] + [seat]
    return council.model_copy(update={"members": members})


def central_for_case(central: Council, region_director: str | None, director_sits: bool) -> Council:
    """§ 11 nr. 6: the regional director of the case's region sits, except in cases on
    assistant directors, regional staff, unit leaders and from KRUS/KITT, where KSF's
    administration representative takes that seat."""
    members = [
        m
        for m in central.members
        if m.represents not in (Seat.region_director, Seat.ksf_administration)
        or (m.represents == Seat.ksf_administration and not director_sits)
    ]
    if director_sits and region_director:
        members.append(CouncilMember(person_id=region_director, represents=Seat.region_director))
    return central.model_copy(update={"members": members})


def composition_problems(council: Council) -> list[str]:
    """What keeps `council` (as it sits for a case) from the composition of § 11."""
    problems = [] if council.leader else ["no leader"]
    voting = [m for m in council.members if m.seat in ("leader", "member")]
    deputies = {m.deputy_for for m in council.members if m.seat == "deputy"}
    for seat, wanted in _SEATS[council.kind].items():
        have = [m for m in voting if m.represents == seat]
        if seat == Seat.region_director and not have:
            have = [m for m in voting if m.represents == Seat.ksf_administration]
        if len(have) != wanted:
            problems.append(f"{wanted} {seat.value} seat(s) wanted, {len(have)} found")
        problems += [
            f"{m.person_id} ({seat.value}) has no personal deputy"
            for m in have
            if m.person_id not in deputies and _needs_deputy(council, m)
        ]
    if council.kind == CouncilKind.central and council.leader not in deputies:
        problems.append(f"the leader {council.leader} has no personal deputy")
    return problems


def _needs_deputy(council: Council, m: CouncilMember) -> bool:
    """§ 11 nr. 1-4: the administration's and the employees' representatives; § 11 nr. 6: every
    member of the central council except the regional director who sits for the case (whose
    stand-in is whoever acts in the post, § 11 nr. 5)."""
    if council.kind == CouncilKind.central:
        return m.represents != Seat.region_director
    return m.represents in _PERSONAL_DEPUTY


def check_composition(council: Council) -> None:
    if problems := composition_problems(council):
        raise RuleViolation(
            COMPOSITION[council.kind],
            f"{council.name} is not composed as the regulation says: {'; '.join(problems)}",
        )
