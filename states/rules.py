"""Citations and the one error every refusal raises.

A refusal always names the rule that refused it (DESIGN.md: "A refused action
names the rule that refused it") and, where bad input caused it, the field.
"""

from __future__ import annotations

PR_2012, TI_2020 = "PR-2012", "TI-2020"
RULESET = PR_2012  # the default, and every case recorded before issue 13
RULESET_PATCH = "issue13-ruleset-per-case"  # workflow.patched: the case's own ruleset
# The act a letter cites for its case's ruleset (DESIGN.md "Rules as data").
ACTS = {
    PR_2012: "Personalreglement for kriminalomsorgen (2012)",
    TI_2020: "Generell tjenesteinstruks for kriminalomsorgen (2020)",
}

# Rules the project adopts where the sources leave room (legal-notes.md "design choice").
DESIGN_WITHDRAWAL = "design choice: a leave request may be withdrawn until the leave starts"
DESIGN_WELFARE_YEAR = (
    "design choice: welfare leave with pay up to 12 working days per calendar year"
)
DESIGN_DEADLINE_ROLL = "domstolloven § 149 (by analogy, design choice)"
EVENT_CONTRACT = "event contract (DESIGN.md)"


class RuleViolation(Exception):
    """An action the rules refuse. `rule` is a citation id from provisions.md."""

    def __init__(self, rule: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, str]:
        out = {"error": self.message, "rule": self.rule}
        if self.field:
            out["field"] = self.field
        return out


class EventConflict(RuleViolation):
    """An event id already bound to other content: refused, never answered `accepted` (the
    CLI exits 2, the HTTP door answers 409)."""

    status = 409

    def __init__(self, message: str) -> None:
        super().__init__(EVENT_CONTRACT, message, "event_id")
