"""Appointment councils deciding as councils (PR-2012 §§ 11, 13, 20): who may vote, personal
deputies, composition, quorum, majority, written procedure, signatures and the protocol, and
the minority that may take a case to the central council. The one collegial machinery of every
case a council or the central council decides: hiring (§§ 10, 13), unpaid leave over six months
(§ 23 nr. 4), consent to secondary work (§ 24) and discipline (§§ 19-20)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from states.calendar import add_working_days
from states.machine import Step
from states.org import Council, CouncilKind, CouncilMember, Org, Role, Seat, UnitKind
from states.rules import RuleViolation

MEMBERSHIP = "PR-2012 § 11 nr. 1–4"
WRITTEN = "PR-2012 § 13 nr. 2"
QUORUM = "PR-2012 § 13 nr. 3"
PROTOCOL = "PR-2012 § 13 nr. 4"
CENTRAL = "PR-2012 § 13 nr. 5"
CONVENE = "PR-2012 § 13 nr. 1"
# workflow.patched id (council8): every council is convened (§ 13 nr. 1-2) in cases opened after
CONVENE_PATCH = "council8-convene"
PREPARE_WORKING_DAYS = 3  # design choice: "nødvendig tid" to prepare (§ 13 nr. 1)
DESIGN_PREPARE = (
    "design choice: the council meets (or answers in writing) at least three working days after "
    "the documents are distributed"
)
COLLEGIAL_PATCH = "issue13-collegial"  # workflow.patched id: cases opened after issue 13
REVIEW5_PATCH = "disc5-attack-review"  # workflow.patched id: cases opened after the attack review
# workflow.patched id: cases opened after disc8 hold disc7's "the voter signs for the seat" (the
# guard runs again in the update handler on replay, so older histories keep the old rule).
VOTER_SIGNS_PATCH = "disc8-voter-signs"
# workflow.patched id (council9): in leave cases opened after it the employee is known as the
# party from the case's opening (fvl § 6 første ledd a), as review5 makes them in duty cases.
LEAVE_PARTY_PATCH = "council9-leave-party"
# workflow.patched id (council9, the lawyer's review of council8): in cases opened after it a
# member's demand for a meeting stands against any later convening, and the per-case seat is
# always the register's nearest superior (`council9` on the case file).
COUNCIL9_PATCH = "council9-review"
# workflow.patched id (council10, the last legal/attack review): in cases opened after it a vote
# is taken only in the convened meeting or an agreed written procedure, also in hiring (§ 13
# nr. 1-2); a demand for a meeting voids the written votes not yet concluded (§ 13 nr. 2); and
# the hiring central council decides through `Collegial` (§ 13 nr. 1-6, fvl § 6).
COUNCIL10_PATCH = "council10-review"
# workflow.patched id (council11, the lawyer/attacker's review of council10): in cases opened
# after it a written vote that disagrees with another voids the written votes as a demand for a
# meeting does (§ 13 nr. 2 "uenighet ... alltid i samlet møte"), and hiring's § 10 nr. 3 total
# reads the register again at each short appointment and extension. Hiring, § 23 nr. 4 and § 24
# set it; discipline's councils do not (their cases keep their rules).
COUNCIL11_PATCH = "council11-review"
# fvl § 6 første ledd bokstav a: "En offentlig tjenestemann er ugild ... når han selv er part i
# saken": the employee a case is about takes no part in a council's handling of it.
OWN_CASE = "fvl § 6 første ledd bokstav a"


class Vote(BaseModel):
    member_id: str
    choice: str  # what the member votes for, e.g. "ordensstraff" or "none"
    severity: int = 0  # for a graded choice (months of lost seniority): higher is harsher
    reasons: str = ""  # § 13 nr. 4: each member may state reasons in the protocol
    # fvl § 34 (disc8): a vote to change a decision on appeal carries the new reaction it votes
    # for (and `severity` its term): the decision entered is the majority's, as in § 19 nr. 2.
    reaction: str | None = None
    # PR-2012 § 20 nr. 1 (disc12): the day the vote was cast; the minority may demand the
    # central council in the meeting that day, so its chance ends with that day, not earlier.
    cast_on: date | None = None


class Tally(BaseModel):
    voters: int  # seats with a vote
    cast: int
    counts: dict[str, int]
    quorum: bool  # § 13 nr. 3: at least half the members take part
    majority: str | None  # a choice more than half of the votes cast agree on
    minority: list[str] = Field(default_factory=list)  # members outside the majority


def seated(council: Council, votes: list[Vote]) -> list[Vote]:
    """The votes of people the council seats (as the register seats it on the step's date,
    disc6): a member replaced in the register takes their vote with them; the new member
    votes for the seat (docs/legal-choices.md "A replaced member's vote")."""
    members = {m.person_id for m in council.members}
    return [v for v in votes if v.member_id in members]


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


Party = str | Collection[str] | None  # the party, or the parties (a hiring case's applicants)


def check_not_party(person_id: str, party_id: Party) -> None:
    """fvl § 6 første ledd bokstav a: a member who is the party to the case is disqualified: they
    neither vote, sign, agree to written procedure nor demand the central council (their
    personal deputy takes the seat, § 11 nr. 1-4). Several parties: any of them (council10)."""
    parties = (party_id,) if isinstance(party_id, str) else party_id or ()
    if person_id in parties:
        raise RuleViolation(
            OWN_CASE,
            'a member is disqualified in their own case ("når han selv er part i saken"); '
            "their personal deputy takes the seat",
            "actor.person_id",
        )


def check_vote(council: Council, votes: list[Vote], person_id: str, party_id: Party = None) -> str:
    """The seat a new vote from `person_id` fills, or the refusal; never the party (fvl § 6)."""
    check_not_party(person_id, party_id)
    seat = seat_of(council, person_id)
    taken = {seat_of(council, v.member_id) for v in seated(council, votes)}
    if seat in taken:
        raise RuleViolation(QUORUM, f"the seat of {seat} has voted already", "actor.person_id")
    return seat


def tally(council: Council, votes: list[Vote]) -> Tally:
    votes = seated(council, votes)
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
    per_case = (CouncilKind.local, CouncilKind.krus, CouncilKind.kitt)
    if (
        superior_id
        and council.kind in per_case
        and not any(m.person_id == superior_id for m in members if m.seat in ("leader", "member"))
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


def central_council_for(
    org: Org, unit_id: str, leader_post: bool, on: date | None = None
) -> Council | None:
    """§ 11 nr. 6: the central council as it sits for a case from `unit_id`: the regional
    director of the case's region, except for assistant directors, unit leaders (a leader
    post), the regional administration, KRUS and KITT, where KSF's administration
    representative sits."""
    central = next((c for c in org.councils if c.kind == CouncilKind.central), None)
    if central is None:
        return None
    unit = org.unit(unit_id)
    away = (UnitKind.region, UnitKind.region_admin, UnitKind.krus, UnitKind.kitt)
    director_sits = not (leader_post or (unit is not None and unit.kind in away))
    region = org.region_of(unit_id)
    directors = org.holders(Role.regional_director, region, on=on) if region else []
    return central_for_case(central, directors[0] if directors else None, director_sits)


def central_council_for_person(
    org: Org, person_id: str, unit_id: str, on: date | None = None
) -> Council | None:
    """§ 11 nr. 6 for a case about a person (discipline, appeals): a leader post is an
    assistant director's or a unit leader's (roles held on `on`, the step's date)."""
    leader = bool(org.roles_of(person_id, on=on) & {Role.assistant_director, Role.unit_leader})
    return central_council_for(org, unit_id, leader, on)


def composition_problems(council: Council) -> list[str]:
    """What keeps `council` (as it sits for a case) from the composition of § 11."""
    problems = [] if council.leader else ["no leader"]
    voting = [m for m in council.members if m.seat in ("leader", "member")]
    deputies = {m.deputy_for for m in council.members if m.seat == "deputy"}
    for seat, wanted in _SEATS[council.kind].items():
        have = [m for m in voting if m.represents == seat]
        if seat == Seat.region_director and not have:
            have = [m for m in voting if m.represents == Seat.ksf_administration]
        if len(have) != wanted and not (seat in council.vacant and not have):
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


def check_composition(council: Council, field: str | None = None, hint: str = "") -> None:
    if problems := composition_problems(council):
        raise RuleViolation(
            COMPOSITION[council.kind],
            f"{council.name} is not composed as the regulation says: {'; '.join(problems)}" + hint,
            field,
        )


# -- the sitting: procedure, votes, signatures, demands, protocol (PR-2012 § 13) ------------


class Signature(BaseModel):
    """A member's signature on the protocol (§ 13 nr. 3-4), as it stood when signed: a vote
    cast afterwards changes the protocol, and the earlier signature no longer covers it."""

    member_id: str
    seat: str
    votes_seen: int


class Demand(BaseModel):
    """A member's demand, made in the meeting and protocolled, that the central council decide
    (§ 13 nr. 5; § 20 nr. 1), with the written reasons that may follow within a short time."""

    member_id: str
    on: date
    reasons: str = ""


class Sitting(BaseModel):
    """One council's handling of one matter: what its protocol is made of."""

    procedure: str = "meeting"  # meeting | written (§ 13 nr. 2)
    written_agreed: list[str] = Field(default_factory=list)  # seats that agreed to written
    votes: list[Vote] = Field(default_factory=list)
    signatures: list[Signature] = Field(default_factory=list)
    demands: list[Demand] = Field(default_factory=list)
    superior_id: str | None = None  # § 11 nr. 3-4: the per-case seat, outside hiring
    # § 13 nr. 1-2 (council8): the day the leader sent the papers and convened the council, the
    # day it meets (or, for written procedure, the day set), and the seats that demanded a meeting
    convened_on: date | None = None
    meeting_on: date | None = None
    meeting_demanded_by: list[str] = Field(default_factory=list)
    # fvl § 34 third paragraph with § 16 (appeal10): votes of a round the detriment notice
    # closed, kept for the record; the members vote again after the party's reply period.
    closed_votes: list[Vote] = Field(default_factory=list)
    # § 13 nr. 2 (council11): the members disagreed in writing; the council meets, as on a demand
    disagreed_in_writing: bool = False

    def signed(self) -> set[str]:
        """The seats whose signature covers the protocol as it stands (every vote cast)."""
        return {s.seat for s in self.signatures if s.votes_seen == len(self.votes)}

    def choices(self) -> set[str]:
        return {v.choice for v in self.votes}


class Protocol(BaseModel):
    """§ 13 nr. 4: "Det endelige vedtaket tas inn i en protokoll som alle underskriver. Ved en
    eventuell anke har hvert av medlemmene rett til å grunngi sitt standpunkt i protokollen.
    Protokollen skal eventuelt følge saken til høyere organ." """

    council_id: str
    council_name: str
    rule: str  # the rule the council decided under
    procedure: str
    members: list[str]  # the voting seats as the council sat for the case
    votes: list[Vote]  # each member's (or deputy's) vote and reasons
    decision: str
    signed_by: list[str]
    not_signed: list[str]  # absent or refusing to sign: § 13 nr. 3 lets the rest decide
    demands: list[Demand] = Field(default_factory=list)
    decided_on: date
    # § 13 nr. 1-2 (council8): when the council was convened, the day set, who demanded a meeting
    convened_on: date | None = None
    meeting_on: date | None = None
    meeting_demanded_by: list[str] = Field(default_factory=list)
    # fvl § 34 with § 16 (appeal10): the votes cast before a detriment notice closed their round
    closed_votes: list[Vote] = Field(default_factory=list)


def _member_seat(council: Council, person_id: str, rule: str) -> str:
    try:
        return seat_of(council, person_id)
    except RuleViolation:
        raise RuleViolation(
            rule, f"{person_id} is not a member of {council.name}", "actor.person_id"
        ) from None


def check_written_agreement(council: Council, sitting: Sitting, person_id: str) -> str:
    """§ 13 nr. 2: "som hovedregel ... i samlet møte, med mindre medlemmene i rådet er enige om
    en annen ordning": each member records their own agreement to written procedure."""
    seat = _member_seat(council, person_id, WRITTEN)
    if seat in sitting.written_agreed:
        raise RuleViolation(WRITTEN, f"the seat of {seat} has agreed already", "actor.person_id")
    return seat


def written_agreed_by_all(council: Council, sitting: Sitting) -> bool:
    return set(voting_seats(council)) <= set(sitting.written_agreed)


def check_signature(
    council: Council,
    sitting: Sitting,
    person_id: str,
    party_id: Party = None,
    *,
    voter_signs: bool = True,
) -> str:
    """§ 13 nr. 3-4: a member who took part signs the protocol as it stands; never the party
    (fvl § 6). § 13 nr. 4 "alle underskriver" (disc7): the person who cast the seat's vote
    signs it, not the seat's deputy for a member who voted (nor the member for a deputy);
    `voter_signs` False only in cases opened before disc8 (`VOTER_SIGNS_PATCH`), which
    replay the signatures they took then."""
    check_not_party(person_id, party_id)
    seat = _member_seat(council, person_id, PROTOCOL)
    voters = {seat_of(council, v.member_id): v.member_id for v in seated(council, sitting.votes)}
    if seat not in voters:
        raise RuleViolation(
            PROTOCOL, "only a member who took part (voted) signs the protocol", "actor.person_id"
        )
    if voter_signs and voters[seat] != person_id:
        raise RuleViolation(
            PROTOCOL,
            f"{voters[seat]} cast this seat's vote: only the person who took part signs the "
            'protocol (§ 13 nr. 4 "alle underskriver")',
            "actor.person_id",
        )
    if seat in sitting.signed():
        raise RuleViolation(PROTOCOL, "the protocol as it stands is signed by this seat already",
                            "actor.person_id")  # fmt: skip
    return seat


def sign(council: Council, sitting: Sitting, person_id: str) -> Sitting:
    """The sitting with `person_id`'s signature on the protocol as it stands (pure)."""
    seat = seat_of(council, person_id)
    kept = [s for s in sitting.signatures if s.seat != seat]
    signature = Signature(member_id=person_id, seat=seat, votes_seen=len(sitting.votes))
    return sitting.model_copy(update={"signatures": [*kept, signature]})


def cast(sitting: Sitting, vote: Vote, void_split: bool = False) -> Sitting:
    """The sitting with `vote` added; § 13 nr. 2: disagreement in writing means a meeting.
    `void_split` (council11): "Hvis det imidlertid er uenighet ... skal rådet alltid behandle
    saken i samlet møte": a written vote that disagrees voids the written votes, as a demand for
    a meeting does (`demanded_meeting`), so the leader convenes a meeting and the members vote
    there; before, the written votes stood and were decided on the written day."""
    votes = [*sitting.votes, vote]
    split = len({v.choice for v in votes}) > 1
    if split and void_split and sitting.procedure == "written":
        voided = demanded_meeting(sitting, vote.member_id, True)
        return voided.model_copy(update={"meeting_demanded_by": sitting.meeting_demanded_by,
                                         "disagreed_in_writing": True})  # fmt: skip
    procedure = "meeting" if split else sitting.procedure
    return sitting.model_copy(update={"votes": votes, "procedure": procedure})


def decide(council: Council, sitting: Sitting, rule: str, *, signatures: bool = True) -> Tally:
    """The council's decision, or the refusal that names what is missing: composition (§ 11),
    written procedure only with every member's recorded agreement and no disagreement (§ 13
    nr. 2), quorum: at least half the members take part and sign (§ 13 nr. 3), and a majority.
    `signatures=False` only for cases recorded before signatures were kept (issue 13)."""
    result = check_sitting(council, sitting, signatures=signatures)
    if result.majority is None:
        raise RuleViolation(rule, "no majority for one outcome", "votes")
    return result


def check_sitting(council: Council, sitting: Sitting, *, signatures: bool = True) -> Tally:
    """What every decision of the council needs, whatever its outcome (a close without a
    majority included): composition (§ 11), written procedure only by everyone's agreement
    (§ 13 nr. 2), a quorum that took part and signed the protocol as it stands (§ 13 nr. 3-4)."""
    check_composition(council)
    if sitting.procedure == "written":
        if not written_agreed_by_all(council, sitting):
            missing = sorted(set(voting_seats(council)) - set(sitting.written_agreed))
            raise RuleViolation(
                WRITTEN,
                "written procedure needs every member's agreement; not recorded for "
                + ", ".join(missing),
                "procedure",
            )
        if len(sitting.choices()) > 1:
            raise RuleViolation(WRITTEN, "the members disagree: the council must meet", "votes")
    result = tally(council, sitting.votes)
    if not result.quorum:
        raise RuleViolation(
            QUORUM,
            f"{result.cast} of {result.voters} members have taken part: at least half must take "
            "part and sign",
            "votes",
        )
    if signatures:
        voted = {seat_of(council, v.member_id) for v in seated(council, sitting.votes)}
        signed = voted & sitting.signed()
        if len(signed) * 2 < result.voters:
            raise RuleViolation(
                QUORUM,
                f"{len(signed)} of {result.voters} members have signed the protocol as it "
                "stands: at least half must take part and sign",
                "signatures",
            )
    return result


def protocol(council: Council, sitting: Sitting, decision: str, rule: str, on: date) -> Protocol:
    """§ 13 nr. 4: the protocol the leader enters the decision with."""
    seats = voting_seats(council)
    signed = sitting.signed()
    return Protocol(
        council_id=council.council_id, council_name=council.name, rule=rule,
        procedure=sitting.procedure, members=seats, votes=seated(council, sitting.votes),
        decision=decision,
        signed_by=[s for s in seats if s in signed],
        not_signed=[s for s in seats if s not in signed],
        demands=sitting.demands, decided_on=on, convened_on=sitting.convened_on,
        meeting_on=sitting.meeting_on, meeting_demanded_by=sitting.meeting_demanded_by,
        closed_votes=sitting.closed_votes,
    )  # fmt: skip


def check_demand(
    council: Council, sitting: Sitting, person_id: str, rule: str, party_id: str | None = None
) -> str:
    """§ 13 nr. 5: "hvert medlem kan kreve saken avgjort av det sentrale tilsettingsrådet":
    a member who voted, once; never the party (fvl § 6)."""
    check_not_party(person_id, party_id)
    seat = _member_seat(council, person_id, rule)
    if seat not in {seat_of(council, v.member_id) for v in seated(council, sitting.votes)}:
        raise RuleViolation(rule, "only a member who voted may demand it", "actor.person_id")
    if any(seat_of(council, d.member_id) == seat for d in sitting.demands):
        raise RuleViolation(rule, "this seat has demanded it already", "actor.person_id")
    return seat


def demand(sitting: Sitting, person_id: str, on: date, reasons: str) -> Sitting:
    """The demand, protocolled (§ 13 nr. 5: "kravet skal protokollføres")."""
    entry = Demand(member_id=person_id, on=on, reasons=reasons)
    return sitting.model_copy(update={"demands": [*sitting.demands, entry]})


def leader_enters(council: Council | None, person_id: str, rule: str) -> Council:
    """The council's leader enters the decision (with its protocol): nobody else."""
    if council is None:
        raise RuleViolation(rule, "no council is registered for this case")
    if council.leader != person_id:
        raise RuleViolation(rule, f"the leader of {council.name} enters its decision",
                            "actor.person_id")  # fmt: skip
    return council


# -- convening the council (PR-2012 § 13 nr. 1-2): hiring's and every other council's -------


class Convening(BaseModel):
    """§ 13 nr. 1-2: the leader sends every member the case's papers, with time to prepare, and
    sets the day the council meets; written procedure is proposed only for a case that is
    "kurant og ikke volder tvil" (the members' own agreement to it follows, each recorded)."""

    model_config = ConfigDict(extra="forbid")
    procedure: str = Field(pattern="^(meeting|written)$")
    meeting_on: date
    uncontroversial: bool = False


def check_convening(council: Council, today: date, p: Convening) -> None:
    """§ 11 and § 13 nr. 1-2: composed as the regulation says, the meeting day at least
    `PREPARE_WORKING_DAYS` working days after the papers go out ("nødvendig tid til å sette seg
    inn i saken"), written procedure only for an uncontroversial case."""
    check_composition(council)
    ready = add_working_days(today, PREPARE_WORKING_DAYS, name="prepare", rule=CONVENE)
    if p.meeting_on < ready.due:
        raise RuleViolation(
            CONVENE,
            f"the members need time to prepare: not before {ready.due} ({DESIGN_PREPARE})",
            "payload.meeting_on",
        )
    if p.procedure == "written" and not p.uncontroversial:
        raise RuleViolation(
            WRITTEN,
            "written procedure only where the case is uncontroversial and raises no doubt",
            "payload.procedure",
        )


def check_meeting_demand(procedure: str) -> None:
    """§ 13 nr. 2: "Hvis ... noen av medlemmene krever det, skal rådet alltid behandle saken i
    samlet møte": any member may demand it, while the matter is in written procedure."""
    if procedure == "meeting":
        raise RuleViolation(WRITTEN, "the council meets already")


def check_session(council: Council, sitting: Sitting, today: date, meeting_on: date | None) -> None:
    """§ 13 nr. 2: "Tilsettingsrådet skal som hovedregel behandle sakene i samlet møte, med
    mindre medlemmene i rådet er enige om en annen ordning": a vote or decision is taken in the
    meeting, on or after its day, or in writing only once every member agreed to written
    procedure (each council's, hiring's included: council10)."""
    if sitting.procedure == "written" and written_agreed_by_all(council, sitting):
        return
    if sitting.procedure == "written":
        missing = sorted(set(voting_seats(council)) - set(sitting.written_agreed))
        raise RuleViolation(
            WRITTEN,
            "a matter is decided in writing only with every member's agreement to written "
            f"procedure (not recorded for {', '.join(missing)}); a member may demand a "
            "meeting instead",
            "sitting.procedure",
        )
    check_in_meeting(sitting.procedure, meeting_on, today, WRITTEN)


def demanded_meeting(sitting: Sitting, seat: str, void: bool) -> Sitting:
    """§ 13 nr. 2: "Hvis ... noen av medlemmene krever det, skal rådet alltid behandle saken i
    samlet møte": the council meets. `void` (council10): the votes cast in writing, not yet
    concluded, and their signatures lapse, and the day set for written answers is no meeting:
    the leader convenes the meeting anew (with time to prepare, § 13 nr. 1)."""
    update: dict[str, Any] = {
        "procedure": "meeting",
        "meeting_demanded_by": [*sitting.meeting_demanded_by, seat],
    }
    if void:
        update |= {"votes": [], "signatures": [], "written_agreed": [], "meeting_on": None}
    return sitting.model_copy(update=update)


def check_in_meeting(procedure: str, meeting_on: date | None, today: date, rule: str) -> None:
    """§ 13 nr. 2: what the council does in its meeting is done on or after the day set."""
    if procedure != "meeting" or meeting_on is None or today < meeting_on:
        raise RuleViolation(
            rule,
            "this is done in the council's meeting"
            + (f" (set for {meeting_on.isoformat()})" if meeting_on else ""),
        )


class SittingFile(BaseModel):
    """Mixin for a case file that keeps a sitting; reads the keys of files recorded before
    issue 13 (`votes`, `procedure` at the top level) into it."""

    sitting: Sitting = Field(default_factory=Sitting)
    # Set when the case opens (workflow.patched "issue13-collegial"): cases recorded before it
    # replay under the rules they were decided by (no signatures, the leader's written mode).
    collegial: bool = False
    protocol: Protocol | None = None  # § 13 nr. 4: entered with the decision
    # Set when the case opens (workflow.patched "council8-convene"): the council is convened
    # before it votes (§ 13 nr. 1-2); cases recorded before replay without it.
    convene: bool = False
    # Set when the case opens (workflow.patched "council10-review", `COUNCIL10_PATCH`).
    council10: bool = False
    # Set when the case opens (workflow.patched "council11-review", `COUNCIL11_PATCH`).
    council11: bool = False

    @model_validator(mode="before")
    @classmethod
    def _old_keys(cls, data: object) -> object:
        if isinstance(data, dict) and "sitting" not in data and "votes" in data:
            data = dict(data)
            data["sitting"] = {"votes": data.pop("votes"),
                               "procedure": data.pop("procedure", "meeting")}  # fmt: skip
        return data


SUPERIOR = "PR-2012 § 11 nr. 3"


def check_demand_stands(sitting: Sitting, procedure: str) -> None:
    """§ 13 nr. 2: "Hvis det imidlertid er uenighet, eller noen av medlemmene krever det, skal
    rådet alltid behandle saken i samlet møte" (council9): once a member demanded a meeting, the
    leader's convening anew (or distributing the papers again) sets a meeting, never writing."""
    if sitting.meeting_demanded_by and procedure != "meeting":
        raise RuleViolation(
            WRITTEN,
            f"{', '.join(sitting.meeting_demanded_by)} demanded a meeting: the council treats the "
            "case in a meeting (skal rådet alltid behandle saken i samlet møte)",
            "payload.procedure",
        )
    if sitting.disagreed_in_writing and procedure != "meeting":  # council11
        raise RuleViolation(
            WRITTEN,
            "the members disagreed in writing: the council treats the case in a meeting (Hvis "
            "det imidlertid er uenighet ... skal rådet alltid behandle saken i samlet møte)",
            "payload.procedure",
        )


def check_superior(case: Any, person_id: str | None, field: str) -> None:
    """§ 11 nr. 3-4: "nærmeste overordnede for stillingen": the per-case seat is the person the
    register names as the employee's nearest superior on the step's date (disc6)."""
    on = case.on()
    registered = case.subject().nearest_superior(on)
    if person_id != registered:
        raise RuleViolation(
            SUPERIOR,
            f"the register names {registered or 'no one'} as the employee's nearest superior on "
            f"{on.isoformat()}: only they take the council's per-case seat (nærmeste "
            "overordnede for stillingen)",
            field,
        )


# -- the council's rows, for any case a council decides (§ 23 nr. 4, § 24, §§ 19-20) ----------


class CouncilVote(BaseModel):
    """A member's vote (§ 13 nr. 4: with reasons); `seniority_months` for a graded
    ordensstraff."""

    model_config = ConfigDict(extra="forbid")
    choice: str = Field(min_length=1, max_length=40)
    seniority_months: int | None = Field(default=None, ge=1, le=24)
    reasons: str = Field(default="", max_length=8000)
    # fvl § 34 (disc8): what a vote to change a decision votes for (`Collegial.reacting`).
    reaction: str | None = Field(default=None, min_length=1, max_length=40)


class SeatSuperior(BaseModel):
    """§ 11 nr. 3-4: the employee's nearest superior takes the council's per-case seat."""

    model_config = ConfigDict(extra="forbid")
    person_id: str = Field(min_length=1, max_length=64)


class NoPayload(BaseModel):
    model_config = ConfigDict(extra="forbid")


COUNCIL_STEPS = ("council_vote", "agree_written", "sign_protocol", "seat_superior")
# § 13 nr. 1-2 (council8): the leader convenes the council, a member demands a meeting
CONVENE_STEPS = ("convene", "demand_meeting")


class MeetingDemand(BaseModel):
    """§ 13 nr. 2: a member demands that the council meet rather than decide in writing."""

    model_config = ConfigDict(extra="forbid")
    reasons: str = Field(default="", max_length=8000)


@dataclass(frozen=True)
class Collegial:
    """One council deciding one kind of matter: the rows its members take (vote, agree to
    written procedure, sign, seat the per-case member), the guard on the leader's entry of the
    decision, and the pure effects. `council_of(case)` is the council as it sits for the case
    (None: no council decides this case, e.g. the Justice Department's)."""

    rule: str  # the paragraph the council decides under
    council_of: Callable[[Any], Council | None]
    choices: tuple[str, ...]
    field: str = "sitting"  # the case file's attribute that holds the sitting
    per_case_seat: bool = True  # § 11 nr. 3-4: the nearest superior's seat (not § 11 nr. 6)
    # A second council matter in one case (e.g. the deciding body's § 42 and extension besides
    # the central council's escalation): its rows' triggers carry this prefix, and the
    # protocol it enters goes to `protocol_field`.
    prefix: str = ""
    protocol_field: str = "protocol"
    # § 13 nr. 1-2 (council8): the council is convened (papers, meeting day) before it votes,
    # and votes outside its meeting only in an agreed written procedure. On for every council
    # since mainconv (the disciplinary main council was the last, docs/regulation-coverage.md).
    convening: bool = True
    # The case file's flag that switches § 13 nr. 1-2 on for this council (set when the case
    # opens, workflow.patched): "convene" (council8), or a council's own later patch.
    convene_flag: str = "convene"
    # The choices whose vote states the reaction it votes for (fvl § 34: "change"); any other
    # vote carries none (disc8).
    reacting: tuple[str, ...] = ()
    # fvl § 6 første ledd a (council10): the parties where they are not the case's subject (the
    # hiring central council: the members who applied); None: the subject, as below.
    parties: Callable[[Any], frozenset[str]] | None = None

    def triggers(self) -> tuple[str, ...]:
        """The triggers of the council's own rows (vote, written, sign, seat, convene)."""
        steps = (
            *COUNCIL_STEPS[:3],
            *(COUNCIL_STEPS[3:] if self.per_case_seat else ()),
            *(CONVENE_STEPS if self.convening else ()),
        )
        return tuple(self.prefix + t for t in steps)

    def sitting(self, case: Any) -> Sitting:
        return getattr(case, self.field)  # type: ignore[no-any-return]

    def _council(self, case: Any) -> Council:
        council = self.council_of(case)
        if council is None:
            raise RuleViolation(self.rule, "no council decides this case")
        return council

    def rows(self, state: str | tuple[str, ...]) -> tuple[Step, ...]:
        p = self.prefix
        seat = (Step(p + "seat_superior", state, "=", MEMBERSHIP, (self._seat,)),)
        convene = (
            Step(p + "convene", state, "=", CONVENE, (self._convene,)),
            Step(p + "demand_meeting", state, "=", WRITTEN, (self._demand_meeting,)),
        )
        return (
            Step(p + "council_vote", state, "=", PROTOCOL, (self._vote,)),
            Step(p + "agree_written", state, "=", WRITTEN, (self._written,)),
            Step(p + "sign_protocol", state, "=", PROTOCOL, (self._sign,)),
            *(seat if self.per_case_seat else ()),
            *(convene if self.convening else ()),
        )

    def actions(self, prefix: str) -> dict[str, tuple[str, type[BaseModel]]]:
        """The council's rows as events: `<prefix>CouncilVoteCast` and so on."""
        mine = self.triggers()
        return {self.prefix + t: a for t, a in council_actions(prefix).items()
                if self.prefix + t in mine}  # fmt: skip

    def _party(self, case: Any) -> Party:
        """The party the case is about (fvl § 6), in cases opened after the attack review (duty
        cases' `review5`) or after council9 (leave's `party_known`)."""
        if self.parties is not None:
            return self.parties(case)
        known = getattr(case, "review5", False) or getattr(case, "party_known", False)
        return case.subject().person_id if known else None

    def convenes(self, case: Any) -> bool:
        """§ 13 nr. 1-2 applies: a convening council, in a case opened after council8."""
        return self.convening and bool(getattr(case, self.convene_flag, False))

    def check_convened(self, case: Any) -> None:
        """§ 13 nr. 1: "Rådets leder har ansvaret for at medlemmene ... får tilgang til alle
        saksdokumentene ... og nødvendig tid til å sette seg inn i saken før den tas opp til
        behandling": nothing is done in the council before its leader convened it."""
        if self.convenes(case) and self.sitting(case).convened_on is None:
            raise RuleViolation(
                CONVENE,
                "the council has not been convened: its leader sends every member the case's "
                f"papers and sets the meeting day first ({self.prefix}convene), with time to "
                "prepare before the matter is taken up",
                "sitting.convened_on",
            )

    def check_in_session(self, case: Any) -> None:
        """§ 13 nr. 2: "Tilsettingsrådet skal som hovedregel behandle sakene i samlet møte, med
        mindre medlemmene i rådet er enige om en annen ordning": a vote or decision is taken in
        the meeting, on or after its day, or in writing only once every member agreed to written
        procedure in an uncontroversial case nobody demanded a meeting in."""
        if not self.convenes(case):
            return
        self.check_convened(case)
        sitting = self.sitting(case)
        check_session(self._council(case), sitting, case.today, sitting.meeting_on)

    def _convene(self, case: Any, data: dict[str, Any]) -> None:
        """§ 13 nr. 1-2: the leader convenes the composed council, before anyone votes."""
        council = leader_enters(self._council(case), data["actor"].person_id, CONVENE)
        check_not_party(data["actor"].person_id, self._party(case))
        if not self.convenes(case):
            raise RuleViolation(CONVENE, "this case was opened before councils were convened; "
                                "its council decides as it did then")  # fmt: skip
        # A convening stands once the council votes; a seat taken since (the register's new
        # nearest superior, disc7) undoes it, and the leader convenes anew (mainconv).
        sitting = self.sitting(case)
        if sitting.votes and sitting.convened_on is not None:
            raise RuleViolation(CONVENE, "the council has started voting: its convening stands",
                                "payload.meeting_on")  # fmt: skip
        check_convening(council, case.today, data["payload"])
        if getattr(case, "council9", False):
            check_demand_stands(self.sitting(case), data["payload"].procedure)

    def _demand_meeting(self, case: Any, data: dict[str, Any]) -> None:
        """§ 13 nr. 2: any member (or the deputy in the seat) may demand a meeting; not the
        party (fvl § 6)."""
        self.check_convened(case)
        check_not_party(data["actor"].person_id, self._party(case))
        _member_seat(self._council(case), data["actor"].person_id, WRITTEN)
        check_meeting_demand(self.sitting(case).procedure)

    def check_voter(self, case: Any, data: dict[str, Any]) -> None:
        """Who may vote now: a seat not yet voted, never a party (fvl § 6), in the council's
        session (§ 13 nr. 1-2); the vote's content is the caller's (a case type's own event,
        the hiring central council's `CentralCouncilVoteCast`, checks its own)."""
        council = self._council(case)
        check_vote(council, self.sitting(case).votes, data["actor"].person_id, self._party(case))
        self.check_in_session(case)

    def _vote(self, case: Any, data: dict[str, Any]) -> None:
        self.check_voter(case, data)
        v: CouncilVote = data["payload"]
        if v.choice not in self.choices:
            raise RuleViolation(self.rule, f"vote one of {', '.join(self.choices)}",
                                "payload.choice")  # fmt: skip
        # (a case type's own vote event, e.g. discipline's `CouncilVoteCast`, has no reaction)
        if getattr(v, "reaction", None) is not None and v.choice not in self.reacting:
            raise RuleViolation(self.rule, f"a vote for {v.choice} carries no reaction",
                                "payload.reaction")  # fmt: skip

    def check_vote(self, case: Any, data: dict[str, Any]) -> None:
        """The vote row's guard, for a case type whose vote keeps an event of its own (the
        disciplinary case's `CouncilVoteCast`)."""
        self._vote(case, data)

    def _written(self, case: Any, data: dict[str, Any]) -> None:
        check_not_party(data["actor"].person_id, self._party(case))
        check_written_agreement(self._council(case), self.sitting(case), data["actor"].person_id)
        self.check_convened(case)
        if self.convenes(case) and self.sitting(case).procedure != "written":
            raise RuleViolation(
                WRITTEN, "the council meets: there is no written procedure to agree to"
            )

    def _sign(self, case: Any, data: dict[str, Any]) -> None:
        check_signature(
            self._council(case),
            self.sitting(case),
            data["actor"].person_id,
            self._party(case),
            voter_signs=getattr(case, "voter_signs", True),
        )
        self.check_convened(case)

    def _seat(self, case: Any, data: dict[str, Any]) -> None:
        """The leader seats the employee's nearest superior before anyone votes; not the
        employee (fvl § 6), not a member twice."""
        council = leader_enters(self._council(case), data["actor"].person_id, MEMBERSHIP)
        person = data["payload"].person_id
        if self.sitting(case).votes:
            raise RuleViolation(MEMBERSHIP, "the council has started voting", "payload.person_id")
        if person == case.subject().person_id:
            raise RuleViolation("fvl § 6", "nobody sits in their own case", "payload.person_id")
        if person in voting_seats(council) and person != self.sitting(case).superior_id:
            raise RuleViolation(MEMBERSHIP, f"{person} holds a seat already", "payload.person_id")
        # § 11 nr. 3 (council9): every case opened after the review checks the register's superior
        if getattr(case, "dated_seats", False) or getattr(case, "council9", False):
            check_superior(case, person, "payload.person_id")

    def decision(self, outcome: Callable[..., str]) -> Callable[..., None]:
        """Guard: the leader enters the council's decision, `outcome(data)` being what the
        majority of a composed, quorate council voted, with its protocol signed (§ 13 nr. 3-4).
        Sets data["council_decision"] to the protocol."""

        def _council_decided(case: Any, data: dict[str, Any]) -> None:
            if not case.collegial or self.council_of(case) is None:
                return  # recorded before issue 13, or not a council's matter (the Department)
            check_not_party(data["actor"].person_id, self._party(case))
            council = leader_enters(self._council(case), data["actor"].person_id, self.rule)
            if self.convenes(case):  # § 11 first, then § 13 nr. 1-2 (council8)
                check_composition(council)
                self.check_in_session(case)
            sitting = self.sitting(case)
            result = decide(council, sitting, self.rule, signatures=True)
            if result.majority != outcome(data):
                raise RuleViolation(
                    self.rule,
                    f"the council's majority voted {result.majority}: the leader enters that "
                    "decision, not another",
                    "payload",
                )
            data["council_decision"] = protocol(
                council, sitting, result.majority, self.rule, case.today
            )
            data["collegial"] = self

        return _council_decided

    def effect(self, case: Any, trigger: str, actor: str, payload: Any) -> Sitting:
        """The sitting after one of the council's rows (pure)."""
        sitting = self.sitting(case)
        council = self._council(case)
        match trigger.removeprefix(self.prefix):
            case "council_vote":
                vote = Vote(member_id=actor, choice=payload.choice, reasons=payload.reasons,
                            severity=payload.seniority_months or 0,
                            reaction=getattr(payload, "reaction", None),
                            cast_on=case.today)  # fmt: skip
                return cast(sitting, vote, getattr(case, "council11", False))
            case "agree_written" if self.convenes(case):
                # § 13 nr. 2: the convening proposed written procedure; it holds while nobody
                # disagrees or demands a meeting, and carries votes once everyone agreed
                agreed = [*sitting.written_agreed, seat_of(council, actor)]
                return sitting.model_copy(update={"written_agreed": agreed})
            case "agree_written":
                seat = seat_of(council, actor)
                agreed = [*sitting.written_agreed, seat]
                written = set(voting_seats(council)) <= set(agreed) and len(sitting.choices()) < 2
                return sitting.model_copy(update={
                    "written_agreed": agreed, "procedure": "written" if written else "meeting"
                })  # fmt: skip
            case "sign_protocol":
                return sign(council, sitting, actor)
            case "seat_superior":
                # § 13 nr. 1 (council8): a new member has not had the papers: convene anew
                anew = {"convened_on": None, "meeting_on": None} if self.convenes(case) else {}
                return sitting.model_copy(update={"superior_id": payload.person_id, **anew})
            case "convene":
                return sitting.model_copy(update={
                    "convened_on": case.today, "meeting_on": payload.meeting_on,
                    "procedure": payload.procedure, "written_agreed": [],
                })  # fmt: skip
            case "demand_meeting":
                seat = seat_of(council, actor)
                return demanded_meeting(sitting, seat, getattr(case, "council10", False))
        return sitting


def sitting_view(sitting: Sitting, protocol: Protocol | None) -> dict[str, Any]:
    """What the case view shows of a council's handling (§ 13): votes with reasons, who signed
    the protocol as it stands, written-procedure agreements, and the protocol once entered."""
    return {
        "procedure": sitting.procedure,
        "votes": [v.model_dump() for v in sitting.votes],
        "signed_by": sorted(sitting.signed()),
        "written_agreed": sitting.written_agreed,
        "superior_id": sitting.superior_id,
        "convened_on": sitting.convened_on.isoformat() if sitting.convened_on else None,
        "meeting_on": sitting.meeting_on.isoformat() if sitting.meeting_on else None,
        "meeting_demanded_by": sitting.meeting_demanded_by,
        "protocol": protocol.model_dump(mode="json") if protocol else None,
    }


def council_actions(prefix: str) -> dict[str, tuple[str, type[BaseModel]]]:
    """The council's rows as events: `<prefix>CouncilVoteCast` and so on."""
    return {
        "council_vote": (f"{prefix}CouncilVoteCast", CouncilVote),
        "agree_written": (f"{prefix}WrittenProcedureAgreed", NoPayload),
        "sign_protocol": (f"{prefix}CouncilProtocolSigned", NoPayload),
        "seat_superior": (f"{prefix}CouncilSuperiorSeated", SeatSuperior),
        "convene": (f"{prefix}CouncilConvened", Convening),
        "demand_meeting": (f"{prefix}CouncilMeetingDemanded", MeetingDemand),
    }
