"""A party's requests in a disciplinary case and their reasoned decisions: suspensive effect
(fvl § 42) and access to the case's documents (fvl §§ 18–19). Payloads, guards and the pure
effects beside their rows; states/discipline.py puts the rows in its table."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from states.council import Collegial
from states.duties import Payload
from states.org import Council
from states.rules import RuleViolation

if TYPE_CHECKING:
    from states.discipline import DisciplineFile

FVL_42 = "fvl § 42"
FVL_18 = "fvl § 18"
FVL_19 = "fvl § 19"


# -- fvl § 42: suspensive effect --------------------------------------------------------------


class SuspensiveRequest(Payload):
    """The party asks that the decision wait for the appeal (fvl § 42 first paragraph)."""

    reasons: str = ""


class SuspensiveDecision(Payload):
    """ "Underinstansen, klageinstansen eller annet overordnet organ kan beslutte at vedtaket
    ikke skal iverksettes før klagefristen er ute eller klagen er avgjort": granted or refused,
    always with reasons (legal-notes: a refusal must be reasoned)."""

    granted: bool
    reasons: str = Field(min_length=1)


class SuspensiveRecord(BaseModel):
    granted: bool
    reasons: str
    decided_on: date
    decided_by: str


def suspensive_deciders(case: DisciplineFile) -> set[str]:
    """fvl § 42: the deciding body (underinstansen) and the appeal body (klageinstansen)."""
    from states.appeals import appeal_body_for, deciding_body_of  # appeals imports discipline

    return {*deciding_body_of(case), *appeal_body_for(case)[1]}


def may_decide_suspensive(case: DisciplineFile, data: dict[str, Any]) -> None:
    if data["actor"].person_id not in suspensive_deciders(case):
        raise RuleViolation(
            FVL_42,
            "suspensive effect is decided by the body that made the decision or the appeal body",
            "actor.person_id",
        )


def appeal_body_council(case: DisciplineFile) -> Council | None:
    """fvl § 42 ("klageinstansen ... kan beslutte") with PR-2012 § 20 nr. 2 (appeal10): where
    the appeal body is the central council, its decision on suspensive effect is the council's,
    as it sits for the employee on the step's date (§ 11 nr. 6); None where the King (the
    Department) or the Department above the central council decides, and in cases opened
    before appeal10 (the leader entered it alone then)."""
    from states.appeals import AppealBody, appeal_body_for  # appeals imports discipline

    if not case.appeal10 or case.person is None:
        return None
    body, _ = appeal_body_for(case)
    return case.central_sitting() if body == AppealBody.central_council else None


def request_pending(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42 (appeal10): the appeal body's council sits on a matter before it: the party's
    request that the decision wait for the appeal, or the § 42 decision taken below, which the
    appeal body ("klageinstansen ... kan beslutte") may decide anew."""
    if case.suspensive_requested_on is None and case.suspensive is None:
        raise RuleViolation(
            FVL_42,
            "no matter of suspensive effect is before the appeal body: the party has not asked "
            "for it and the deciding body has not decided it",
            "suspensive_requested_on",
        )


# fvl § 42 with § 13 nr. 1-4 (appeal10): the central council as appeal body decides suspensive
# effect by its members' votes, convened, composed, quorate, with its signed protocol.
APPEAL_BODY_SUSPENSIVE = Collegial(
    FVL_42,
    appeal_body_council,
    ("grant", "refuse"),
    field="appeal_body_matters",
    prefix="appeal_body_",
    protocol_field="appeal_body_protocol",
    per_case_seat=False,
)
_BY_APPEAL_BODY = APPEAL_BODY_SUSPENSIVE.decision(
    lambda data: "grant" if data["payload"].granted else "refuse"
)


def appeal_body_decides(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl § 42 (appeal10): the appeal body's leader enters its council's decision, as voted."""
    from states.appeals import appeal_body_for  # appeals imports discipline

    council = appeal_body_council(case)
    if council is not None and data["actor"].person_id in appeal_body_for(case)[1]:
        _BY_APPEAL_BODY(case, data)


def suspensive_effect(case: DisciplineFile) -> bool:
    """Whether the decision waits for the appeal: the reasoned § 42 decision, else the flag
    decisions carried before issue 12's review (old histories stay readable)."""
    if case.suspensive is not None:
        return case.suspensive.granted
    return bool(case.taken.get("decide", {}).get("suspensive_effect", False))


def decide_suspensive(case: DisciplineFile, p: SuspensiveDecision, by: str) -> None:
    case.suspensive = SuspensiveRecord(
        granted=p.granted, reasons=p.reasons, decided_on=case.today, decided_by=by
    )
    case.suspensive_requested_on = None


# -- fvl §§ 18–19: access to the case's documents ----------------------------------------------


class Exemption(StrEnum):
    """The rules that may keep a document or a piece of information from the party."""

    internal = "fvl § 18 a"  # organinterne dokumenter
    obtained_internally = "fvl § 18 b"  # documents obtained for the internal preparation
    security = "fvl § 19 første ledd"  # the realm's security, business secrets and the like
    party_health = "fvl § 19 andre ledd bokstav a"  # the party's own health, for their sake
    others_personal = "fvl § 19 andre ledd bokstav b"  # another person's personal matters


class Withheld(Payload):
    doc_id: str = Field(min_length=1)
    rule: Exemption
    reasons: str = Field(min_length=1)


class AccessRequest(Payload):
    """fvl § 18: "En part har rett til å gjøre seg kjent med sakens dokumenter"."""

    note: str = ""


class AccessDecision(Payload):
    """The body's decision: which documents are withheld, each with its rule and reasons; the
    rest are given to the party. A refusal of the whole request names its reasons."""

    withheld: list[Withheld] = Field(default_factory=list)
    refused_reasons: str = ""


def check_access(case: DisciplineFile, data: dict[str, Any]) -> None:
    """fvl §§ 18–19: a decision answers a pending request; a withheld document is one of the
    case's; a whole refusal needs its reasons and a rule for each document."""
    if case.access_requested_on is None:
        raise RuleViolation(FVL_18, "no request for access is pending", "payload")
    p: AccessDecision = data["payload"]
    unknown = [w.doc_id for w in p.withheld if w.doc_id not in case.document_ids]
    if unknown:
        raise RuleViolation(
            FVL_19, f"not a document of this case: {unknown[0]}", "payload.withheld.doc_id"
        )
    everything = case.document_ids and {w.doc_id for w in p.withheld} >= set(case.document_ids)
    if everything and not p.refused_reasons.strip():
        raise RuleViolation(
            FVL_19,
            "withholding every document is a refusal: give its reasons",
            "payload.refused_reasons",
        )


def access_given(case: DisciplineFile, p: AccessDecision) -> list[str]:
    """The documents the party sees: the case's, less those withheld with a rule."""
    withheld = {w.doc_id for w in p.withheld}
    return [d for d in case.document_ids if d not in withheld]
