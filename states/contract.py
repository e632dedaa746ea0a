"""PR-2012 § 16 nr. 2: the written employment contract, with the minimum content of
arbeidsmiljøloven § 14-6 (issue 13): working hours, notice periods, holidays, the collective
agreement, the ground for a temporary appointment, and pension.

The service-wide terms are defaults every state employee in the service has (docs/legal-choices.md
"The contract's standard terms"); the post's own (hours, the temporary ground) come from the
vacancy, so the contract can never be written without them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from states.rules import RuleViolation

PR_16_2 = "PR-2012 § 16 nr. 2"
AML_14_6 = "aml § 14-6"


class TemporaryGround(StrEnum):
    """statsansatteloven § 9: the grounds for a temporary appointment (aml § 14-6 (1) e)."""

    temporary_work = "temporary_work"  # arbeidet er av midlertidig karakter
    substitute = "substitute"  # vikar
    trainee = "trainee"  # praksisarbeid
    other = "other"  # another ground in law: stated in `temporary_ground_details`


GROUND_TEXT = {
    TemporaryGround.temporary_work: "arbeidet er av midlertidig karakter (statsansatteloven § 9)",
    TemporaryGround.substitute: "vikariat (statsansatteloven § 9)",
    TemporaryGround.trainee: "praksisarbeid (statsansatteloven § 9)",
    TemporaryGround.other: "",
}

# The terms every contract in the service states (aml § 14-6 (1) g, h, j, l, n).
STANDARD_TERMS = {
    "notice": "Oppsigelsesfrister etter statsansatteloven § 22 (i prøvetiden § 22 første ledd)",
    "holidays": "Ferie etter ferieloven og Hovedtariffavtalen i staten",
    "collective_agreement": "Hovedtariffavtalene i staten",
    "pension": "Medlemskap i Statens pensjonskasse",
}


def check_contract_basis(v: Any) -> None:
    """A temporary post states its ground when it is registered, so that its contract can
    (aml § 14-6 (1) e: "grunnlaget for den midlertidige ansettelsen")."""
    if v.permanent:
        return
    if v.temporary_ground is None:
        raise RuleViolation(
            PR_16_2,
            "a temporary post states the ground for the temporary appointment (arbeidsmiljøloven "
            "§ 14-6 (1) e, statsansatteloven § 9): its contract must name it",
            "payload.temporary_ground",
        )
    if v.temporary_ground == TemporaryGround.other and not v.temporary_ground_details.strip():
        raise RuleViolation(
            PR_16_2,
            "state the other ground and its basis in law",
            "payload.temporary_ground_details",
        )


def contract_terms(v: Any) -> dict[str, str]:
    """The contract's § 14-6 items (pure): the letter renders every one of them."""
    hours = f"{v.weekly_hours:g}".replace(".", ",")
    terms = {
        "working_hours": f"{hours} timer per uke etter arbeidsplan (arbeidsmiljøloven kap. 10)",
        **STANDARD_TERMS,
    }
    for field in ("salary", "workplace"):  # aml § 14-6 (1) i and b (council11)
        if getattr(v, field, ""):
            terms[field] = getattr(v, field)
    if not v.permanent:
        ground = v.temporary_ground
        text = GROUND_TEXT.get(ground, "") if ground else ""
        terms["temporary_ground"] = text or v.temporary_ground_details
    return terms
