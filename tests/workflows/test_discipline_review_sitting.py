"""Issue 12, the legal review's last findings (disc6): the appointing council's main vote and
decision go through the one collegial machinery (states/council.py `Collegial`, PR-2012 §§ 11,
13), its seats are judged on the step's date from the register, the seated nearest superior is
checked against the register, a change on appeal to the appellant's detriment waits for the
notice and its reply period (fvl §§ 16, 34), and an embetsmann's ordensstraff is a skriftlig
irettesettelse. On the time-skipping server with exact dates in 2053 (after
test_discipline_review_rights.py's 2052; the test server's clock only moves forward)."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from tests.helpers import Sender
from tests.workflows.test_discipline import (
    DECISION,
    EMPLOYEE,
    LEADER,
    act,
    refused,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


def vote(months: int | None = 1, reasons: str = "Alvorlig brudd.") -> dict[str, object]:
    choice = "ordensstraff" if months else "none"
    return {"choice": choice, "seniority_months": months, "reasons": reasons}


async def test_the_main_decision_is_the_councils_with_its_signed_protocol(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 2: the appointing body decides, and it is a council: § 11 nr. 3 "Ved
    de lokale enhetene består tilsettingsrådet av ... nærmeste overordnede for stillingen ...";
    § 13 nr. 3 "Rådet er beslutningsdyktig om minst halvparten av medlemmene deltar"; § 13 nr. 4
    "Det endelige vedtaket tas inn i en protokoll som alle underskriver". The notice reply comes
    Mon 2053-01-06; no vote before the nearest superior is seated, no decision before a quorum
    has signed the protocol as it stands, and the leader enters it with the protocol."""
    await at(env, date(2053, 1, 6))  # Monday
    await to_deliberation(send, "MS-1")
    early = await refused(send, "CouncilVoteCast", "MS-1", vote(), member("rep-1"))
    assert (early.rule, early.field) == ("PR-2012 § 11 nr. 1–4", "council")
    assert "nearest_superior" in early.message
    seat = {"person_id": "avd-oslo"}
    other = await refused(send, "DisciplineCouncilSuperiorSeated", "MS-1", seat, member("rep-1"))
    assert (other.rule, other.field) == ("PR-2012 § 11 nr. 1–4", "actor.person_id")
    own = await refused(send, "DisciplineCouncilSuperiorSeated", "MS-1",
                        {"person_id": "emp-2"}, LEADER)  # fmt: skip
    assert (own.rule, own.field) == ("fvl § 6", "payload.person_id")
    sitting = (await view(send, "discipline-MS-1")).details["main_council"]
    assert sitting["superior_id"] is None and sitting["votes"] == []  # nothing changed
    await act(send, "DisciplineCouncilSuperiorSeated", "MS-1", seat, LEADER)

    outsider = await refused(send, "CouncilVoteCast", "MS-1", vote(), member("tv-oslo"))
    assert (outsider.rule, outsider.field) == ("PR-2012 § 11 nr. 1–4", "actor.person_id")
    members = ("leader-oslo", "adm-oslo", "avd-oslo")
    for m in members:
        await act(send, "CouncilVoteCast", "MS-1", vote(reasons=f"{m}: alvorlig"), member(m))
    unsigned = await refused(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    for m in ("leader-oslo", "adm-oslo"):
        await act(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member(m))
    absent = await refused(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member("rep-2"))
    assert (absent.rule, absent.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    two = await refused(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    assert (two.rule, two.field) == ("PR-2012 § 13 nr. 3", "signatures")
    assert "2 of 5 members have signed" in two.message
    await act(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member("avd-oslo"))
    not_leader = await refused(send, "DisciplineDecided", "MS-1", DECISION, member("adm-oslo"))
    assert (not_leader.rule, not_leader.field) == ("PR-2012 § 19 nr. 2", "actor.person_id")
    assert (await view(send, "discipline-MS-1")).state == "deliberation"  # nothing changed

    await act(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    details = (await view(send, "discipline-MS-1")).details
    assert details["reaction"] == "ordensstraff" and details["seniority_months"] == 1
    protocol = details["main_council"]["protocol"]
    assert protocol["rule"] == "PR-2012 § 19 nr. 2" and protocol["decision"] == "ordensstraff"
    assert protocol["decided_on"] == "2053-01-06"
    assert "avd-oslo" in protocol["members"]  # § 11 nr. 3: the per-case seat sat
    assert protocol["signed_by"] == ["leader-oslo", "adm-oslo", "avd-oslo"]
    assert [v["reasons"] for v in protocol["votes"]] == [f"{m}: alvorlig" for m in members]


async def test_a_close_without_reaction_is_entered_with_its_protocol(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 2 with § 13 nr. 3-4: the council's majority for no reaction closes the
    case only as a decision of the council: signed by a quorum, entered with the protocol (Tue
    2053-01-07)."""
    await at(env, date(2053, 1, 7))
    await to_deliberation(send, "MS-2")
    await act(send, "DisciplineCouncilSuperiorSeated", "MS-2", {"person_id": "avd-oslo"}, LEADER)
    for m in ("leader-oslo", "adm-oslo", "rep-1"):
        await act(send, "CouncilVoteCast", "MS-2", vote(None, "Ingen reaksjon."), member(m))
    close = {"reasons": "Flertallet: ingen reaksjon"}
    unsigned = await refused(send, "DisciplineDismissed", "MS-2", close, LEADER)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    assert (await view(send, "discipline-MS-2")).state == "deliberation"
    for m in ("leader-oslo", "adm-oslo", "rep-1"):
        await act(send, "DisciplineCouncilProtocolSigned", "MS-2", {}, member(m))
    await act(send, "DisciplineDismissed", "MS-2", close, LEADER)
    view_ = await view(send, "discipline-MS-2")
    assert view_.state == "closed"
    assert view_.details["main_council"]["protocol"]["decision"] == "none"
    assert EMPLOYEE["person_id"] not in view_.details["main_council"]["protocol"]["members"]
