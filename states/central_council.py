"""The central appointment council deciding a hiring case (PR-2012 § 13 nr. 5-6), sitting as
§ 11 nr. 6 says for the case: a child case of the hiring case, whose decision resumes it."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from states.council import Vote, check_composition, check_vote, tally
from states.duties import Action, CaseOpening, DutyFile, DutySpec
from states.hiring import PR_13_3, PR_13_5, CandidateVote, CouncilDecision, _actor
from states.machine import MachineSpec, Step
from states.org import Council, CouncilKind, CouncilMember
from states.rules import RuleViolation

PR_11_6 = "PR-2012 § 11 nr. 6"


class Referral(CaseOpening):
    """What the hiring case hands the central council: the candidates it may choose among and
    its composition for this case."""

    hiring_case_id: str = Field(min_length=1)
    unit_id: str = Field(min_length=1)
    leader_id: str = Field(min_length=1)
    rule: str  # § 13 nr. 5 or nr. 6
    allowed: list[str] = Field(min_length=1)
    members: list[CouncilMember]

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


class CentralFile(DutyFile):
    request: Referral
    votes: list[Vote] = Field(default_factory=list)
    chosen: str | None = None


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


def _central_decision(case: CentralFile, data: dict[str, Any]) -> None:
    council = case.request.council()
    if council.leader != _actor(data):
        raise RuleViolation(PR_11_6, "the central council's leader does this", "actor.person_id")
    check_composition(council)
    result = tally(council, case.votes)
    if not result.quorum:
        raise RuleViolation(
            PR_13_3, f"{result.cast} of {result.voters} members have voted: at least half must"
        )
    if result.majority is None:
        raise RuleViolation(case.request.rule, "no majority for one applicant yet")
    data["decided"] = result.majority


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
            Step("decide", "deliberating", "decided", PR_11_6, (_central_decision,)),
        ),
    ),
    opening_event="CentralCouncilReferral",
    opening=Referral,
    actions={
        "vote": Action("CentralCouncilVoteCast", CandidateVote),
        "decide": Action("CentralCouncilDecided", CouncilDecision),
    },
    waiting={"deliberating": "the central council's votes and decision"},
    file_model=CentralFile,
    opened_by_event=False,
)
