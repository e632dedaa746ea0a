"""Appointment councils deciding by vote (PR-2012 §§ 11, 13, 20): who may vote, quorum,
majority, and the minority that may take a case to the central council. Shared by every
case type a council decides (discipline now; hiring builds on it)."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field

from states.org import Council
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
