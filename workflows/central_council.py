"""CentralCouncilCase: the central appointment council deciding a hiring case (PR-2012 § 13
nr. 5-6) as a child workflow; its votes, and the applicant it chose for the hiring case."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from states.catalog import DUTIES
    from states.central_council import CentralFile
    from states.council import Vote, tally
    from workflows.case import Command
    from workflows.duties import DutyCase, _duty_workflow


class CentralCouncilBase(DutyCase):
    file: CentralFile

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        if trigger == "vote" and cmd is not None:
            self.file.votes.append(
                Vote(
                    member_id=cmd.actor.person_id,
                    choice=cmd.payload.applicant_id,
                    reasons=cmd.payload.reasons,
                )
            )
        if trigger == "decide":
            self.file.chosen = tally(self.file.request.council(), self.file.votes).majority

    def details(self) -> dict[str, Any]:
        f = self.file
        return {
            "hiring_case": f.request.hiring_case_id,
            "rule": f.request.rule,
            "allowed": f.request.allowed,
            "members": [m.person_id for m in f.request.members if m.seat != "deputy"],
            "votes": [v.model_dump() for v in f.votes],
            "chosen": f.chosen,
        }


CentralCouncilCase = _duty_workflow(
    DUTIES["central_council"], "CentralCouncilCase", CentralCouncilBase, __name__
)
