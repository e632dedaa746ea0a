"""CentralCouncilCase: the central appointment council deciding a hiring case (PR-2012 § 13
nr. 5-6) as a child workflow; its votes, signatures and protocol, and the applicant it chose
for the hiring case."""

from __future__ import annotations

from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.contracts import Letter
    from states.catalog import DUTIES
    from states.central_council import (
        CentralFile,
        central_decided,
        central_signed,
        central_voted,
    )
    from states.council import sitting_view, tally
    from workflows.case import Command, SittingCouncil, sitting
    from workflows.duties import DutyCase, _duty_workflow


class CentralCouncilBase(DutyCase):
    file: CentralFile

    async def after(self, trigger: str, cmd: Command[Any] | None, decider: Any) -> None:
        f = self.file
        if trigger == "vote" and cmd is not None:
            f.sitting = central_voted(f, cmd.actor.person_id, cmd.payload)
        if trigger == "sign_protocol" and cmd is not None:
            f.sitting = central_signed(f, cmd.actor.person_id)
        if trigger == "decide":
            if not f.collegial:  # recorded before issue 13: no protocol document
                f.chosen = tally(f.request.council(), f.votes).majority
                return
            f.protocol = central_decided(f)
            f.chosen = f.protocol.decision
            await self._protocol_document(cmd)

    async def _protocol_document(self, cmd: Command[Any] | None) -> None:
        """§ 13 nr. 4: the protocol, to every member, filed with the case."""
        f = self.file
        assert f.protocol is not None
        members = [m.person_id for m in f.request.members if m.seat != "deputy"]
        await self.letter(
            Letter(
                key=f"{self.workflow_id}:council_protocol:{len(self.machine.history)}",
                workflow_id=self.workflow_id, template="council_protocol",
                title="Protokoll fra det sentrale tilsettingsrådet", recipients=members,
                people={"actor": cmd.actor.person_id} if cmd else {},
                context={
                    "case_id": self.case_id, "case_label": self.spec.label,
                    "unit_name": self.unit_name, "today": self.today().isoformat(),
                    "rule": f.protocol.rule, "decider": None,
                    "protocol": f.protocol.model_dump(mode="json"),
                    "payload": cmd.payload.model_dump(mode="json") if cmd else {},
                },
            )
        )  # fmt: skip

    def councils(self) -> list[SittingCouncil]:
        """§ 11 nr. 6 as it sits for the referral (the regional director's seat per case)."""
        return sitting(self.file.request.council(), self.file.chosen is not None)

    def details(self) -> dict[str, Any]:
        f = self.file
        r = f.request
        return {
            "hiring_case": r.hiring_case_id,
            "rule": r.rule,
            "allowed": r.allowed,
            "members": [m.person_id for m in r.members if m.seat != "deputy"],
            "votes": [v.model_dump() for v in f.votes],
            "signed_by": sorted(f.sitting.signed()),
            "council_protocol": r.protocol.model_dump(mode="json") if r.protocol else None,
            "protocol": f.protocol.model_dump(mode="json") if f.protocol else None,
            "chosen": f.chosen,
            # § 13 nr. 1-2 (council10): convening, written procedure, demands for a meeting
            "council": sitting_view(f.sitting, f.protocol) if f.council10 else None,
        }


CentralCouncilCase = _duty_workflow(
    DUTIES["central_council"], "CentralCouncilCase", CentralCouncilBase, __name__
)
