"""The central appointment council deciding a hiring case (PR-2012 § 13 nr. 5-6), sitting as
§ 11 nr. 6 says for the case: a child case of the hiring case, whose decision resumes it. It
decides as a council (states/council.py): votes, composition, quorum, signatures, protocol."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from states.council import (
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


def _central_vote(case: CentralFile, data: dict[str, Any]) -> None:
    r = case.request
    check_vote(r.council(), case.votes, _actor(data))
    if data["payload"].applicant_id not in r.allowed:
        raise RuleViolation(
            r.rule,
            "the central council may only choose among the applicants some member of the "
            f"council wanted ({', '.join(r.allowed)})",
            "payload.applicant_id",
        )


def _central_signature(case: CentralFile, data: dict[str, Any]) -> None:
    check_signature(
        case.request.council(), case.sitting, _actor(data), voter_signs=case.voter_signs
    )


def _central_decision(case: CentralFile, data: dict[str, Any]) -> None:
    """§ 11 nr. 6, § 13 nr. 3-4: the leader enters the decision of the council as it sits,
    composed, quorate, signed, with a majority."""
    council = leader_enters(case.request.council(), _actor(data), PR_11_6)
    try:
        result = decide(council, case.sitting, case.request.rule, signatures=case.collegial)
    except RuleViolation as exc:
        if exc.field == "votes" and exc.rule == case.request.rule:
            raise RuleViolation(case.request.rule, "no majority for one applicant yet") from None
        raise
    data["decided"] = result.majority


def central_voted(case: CentralFile, member_id: str, p: CandidateVote) -> Sitting:
    return cast(case.sitting, Vote(member_id=member_id, choice=p.applicant_id, reasons=p.reasons))


def central_signed(case: CentralFile, member_id: str) -> Sitting:
    return sign(case.request.council(), case.sitting, member_id)


def central_decided(case: CentralFile) -> Protocol:
    """§ 13 nr. 4-5: the central council's protocol, with the choice it made."""
    council = case.request.council()
    result = decide(council, case.sitting, case.request.rule, signatures=case.collegial)
    return protocol(council, case.sitting, result.majority or "", case.request.rule, case.today)


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
            Step("decide", "deliberating", "decided", PR_11_6, (_central_decision,)),
        ),
    ),
    opening_event="CentralCouncilReferral",
    opening=Referral,
    actions={
        "vote": Action("CentralCouncilVoteCast", CandidateVote),
        "sign_protocol": Action("CentralCouncilProtocolSigned", Payload),
        "decide": Action("CentralCouncilDecided", CouncilDecision),
    },
    waiting={"deliberating": "the central council's votes, signatures and decision"},
    file_model=CentralFile,
    opened_by_event=False,
)
