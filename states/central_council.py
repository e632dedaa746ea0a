"""The central appointment council deciding a hiring case (PR-2012 § 13 nr. 5-6), sitting as
§ 11 nr. 6 says for the case: a child case of the hiring case, whose decision resumes it. It
decides as a council (states/council.py): votes, composition, quorum, signatures, protocol."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pydantic import Field

from states.council import (
    CONVENE,
    Collegial,
    Protocol,
    Sitting,
    SittingFile,
    Vote,
    cast,
    check_signature,
    check_vote,
    decide,
    leader_enters,
    protocol,
    sign,
    tally,
)
from states.duties import Action, CaseOpening, DutyFile, DutySpec, Payload
from states.hiring import PR_13_4, PR_13_5, CandidateVote, CouncilDecision, _actor
from states.machine import MachineSpec, Step
from states.org import Council, CouncilKind, CouncilMember
from states.rules import RuleViolation

PR_11_6 = "PR-2012 § 11 nr. 6"


class Referral(CaseOpening):
    """What the hiring case hands the central council: the candidates it may choose among, its
    composition for this case, and the council's protocol, which follows the case (§ 13 nr. 4)."""

    hiring_case_id: str = Field(min_length=1)
    unit_id: str = Field(min_length=1)
    leader_id: str = Field(min_length=1)
    rule: str  # § 13 nr. 5 or nr. 6
    allowed: list[str] = Field(min_length=1)
    members: list[CouncilMember]
    protocol: Protocol | None = None  # the appointing council's (absent in old histories)
    # fvl § 6 første ledd a (council10): the central council's members and deputies who applied
    # for the post: parties, disqualified in its handling (their personal deputy sits)
    applicants: list[str] = Field(default_factory=list)

    def subject_id(self) -> str:
        return self.leader_id

    def case_unit(self) -> str | None:
        return self.unit_id

    def party_roles(self) -> list[tuple[str, str]]:
        return [(self.leader_id, "council_leader")]

    def council(self) -> Council:
        return Council(
            council_id="central", kind=CouncilKind.central, name="Det sentrale tilsettingsrådet",
            unit_ids=[], members=self.members,
        )  # fmt: skip


class CentralFile(SittingFile, DutyFile):
    request: Referral
    chosen: str | None = None
    # `protocol` (SittingFile): the central council's own, once it decided (§ 13 nr. 4)

    @property
    def votes(self) -> list[Vote]:
        return self.sitting.votes


def _council(case: CentralFile) -> Council:
    return case.request.council()


def _applicants(case: CentralFile) -> frozenset[str]:
    return frozenset(case.request.applicants)


# § 13 nr. 1-6 with § 11 nr. 6 (council10): the central council decides through the one collegial
# machinery: convened (papers, meeting day), written procedure only by every member's agreement,
# a demand for a meeting, votes in session, signatures, the protocol; an applicant who sits on it
# is disqualified (fvl § 6 første ledd a). Its vote keeps its own event (`CentralCouncilVoteCast`,
# an applicant's id), the "vote" row; cases opened before council10 replay without the rest.
CENTRAL_HIRING = Collegial(
    PR_13_5, _council, (), prefix="", per_case_seat=False, parties=_applicants
)


def _central_vote(case: CentralFile, data: dict[str, Any]) -> None:
    r = case.request
    if case.council10:  # fvl § 6, § 13 nr. 1-2: no applicant, in session (the machinery's)
        CENTRAL_HIRING.check_voter(case, data)
    else:
        check_vote(r.council(), case.votes, _actor(data))
    if data["payload"].applicant_id not in r.allowed:
        raise RuleViolation(
            r.rule,
            "the central council may only choose among the applicants some member of the "
            f"council wanted ({', '.join(r.allowed)})",
            "payload.applicant_id",
        )


def _central_signature(case: CentralFile, data: dict[str, Any]) -> None:
    """§ 13 nr. 3-4: a member who took part signs; never an applicant (fvl § 6, council10)."""
    check_signature(
        case.request.council(), case.sitting, _actor(data), _applicants(case),
        voter_signs=case.voter_signs,
    )  # fmt: skip


def _central_decision(case: CentralFile, data: dict[str, Any]) -> None:
    """§ 11 nr. 6, § 13 nr. 3-4: the leader enters the decision of the council as it sits,
    composed, quorate, signed, with a majority."""
    council = leader_enters(case.request.council(), _actor(data), PR_11_6)
    try:
        if case.council10:  # the machinery's entry: no party, composed, in session (council10)
            majority = tally(council, case.votes).majority
            CENTRAL_HIRING.decision(lambda _: majority)(case, data)
        result = decide(council, case.sitting, case.request.rule, signatures=case.collegial)
    except RuleViolation as exc:
        if exc.field == "votes" and exc.rule in (case.request.rule, PR_13_5):
            raise RuleViolation(case.request.rule, "no majority for one applicant yet") from None
        raise
    data["decided"] = result.majority


def central_voted(case: CentralFile, member_id: str, p: CandidateVote) -> Sitting:
    """§ 13 nr. 2 (council11): a vote that disagrees in writing voids the written votes and
    day; the leader convenes a meeting (`cast`'s `void_split`), as in every other council."""
    vote = Vote(member_id=member_id, choice=p.applicant_id, reasons=p.reasons)
    return cast(case.sitting, vote, case.council11)


def central_signed(case: CentralFile, member_id: str) -> Sitting:
    return sign(case.request.council(), case.sitting, member_id)


def central_decided(case: CentralFile) -> Protocol:
    """§ 13 nr. 4-5: the central council's protocol, with the choice it made."""
    council = case.request.council()
    result = decide(council, case.sitting, case.request.rule, signatures=case.collegial)
    return protocol(council, case.sitting, result.majority or "", case.request.rule, case.today)


# The machinery's rows besides the vote (its own) and the signature (the same event and check:
# `_central_signature`, which replays cases recorded before council10): convene, demand a
# meeting, agree to written procedure, each refused in cases opened before council10.
def _since_council10(case: CentralFile, data: dict[str, Any]) -> None:
    if not case.council10:
        raise RuleViolation(CONVENE, "this case was opened before the central council was "
                            "convened: it decides as it did then")  # fmt: skip


_COUNCIL_ROWS = tuple(
    replace(r, guards=(_since_council10, *r.guards))
    for r in CENTRAL_HIRING.rows("deliberating")
    if r.trigger not in ("council_vote", "sign_protocol")
)
_COUNCIL_ACTIONS = {
    t: Action(e, m)
    for t, (e, m) in CENTRAL_HIRING.actions("Central").items()
    if t not in ("council_vote", "sign_protocol")
}


CENTRAL_COUNCIL = DutySpec(
    case_type="central_council",
    label="Sak for det sentrale tilsettingsrådet",
    machine=MachineSpec(
        name="central_council",
        states=("opened", "deliberating", "decided"),
        initial="opened",
        final=frozenset({"decided"}),
        steps=(
            Step("register", "opened", "deliberating", PR_13_5),
            Step("vote", "deliberating", "=", PR_13_5, (_central_vote,)),
            Step("sign_protocol", "deliberating", "=", PR_13_4, (_central_signature,)),
            *_COUNCIL_ROWS,
            Step("decide", "deliberating", "decided", PR_11_6, (_central_decision,)),
        ),
    ),
    opening_event="CentralCouncilReferral",
    opening=Referral,
    actions={
        "vote": Action("CentralCouncilVoteCast", CandidateVote),
        **_COUNCIL_ACTIONS,
        "sign_protocol": Action("CentralCouncilProtocolSigned", Payload),
        "decide": Action("CentralCouncilDecided", CouncilDecision),
    },
    waiting={"deliberating": "the central council's votes, signatures and decision"},
    file_model=CentralFile,
    opened_by_event=False,
    council=CENTRAL_HIRING,
)
