"""Issue 12's appeal review (appeal10), the parts that need a year on the session's clock: fvl
§ 31's year measured on the day the appeal was sent (fvl § 30), a receipt brought with it
recorded (fvl § 29); the central council as appeal body decides suspensive effect as a council
(fvl § 42, PR-2012 § 20 nr. 2, § 13 nr. 1-4). Dated September 2064 to September 2065: after
test_duty_councils_convened.py's 2054-2055 on the session's clock (the modules in between run on
relative days)."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    CENTRAL_SEATS,
    Sender,
    central_council_votes,
    convene_in_writing,
    deciding_council_votes,
)
from tests.workflows.test_discipline import CENTRAL, EMPLOYEE, LEADER, act, refused, state_is, view
from tests.workflows.test_discipline_law import at, decided
from tests.workflows.test_discipline_review_xappeal import member


async def test_the_year_is_measured_on_the_day_the_appeal_was_sent(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 31: "Klagen kan ikke i noe tilfelle tas under behandling dersom det er gått mer enn
    ett år siden vedtaket ble truffet", measured, as lateness is, on the day the appeal was
    posted or sent (fvl § 30). Decided Mon 2064-09-01; the appeal posted on the anniversary,
    Tue 2065-09-01, reaches the register after the weekend, Mon 09-07, with the day the decision
    reached the employee (Fri 2064-09-19, fvl § 29): the receipt is recorded, not set aside;
    the appeal is late but may be considered, forwarded to late review and taken up by the
    central council that Monday."""
    await at(env, date(2064, 9, 1))  # Monday
    await decided(send, "AX-3")
    await at(env, date(2065, 9, 7))  # Monday after the weekend
    appeal = {"grounds": "Var syk", "posted_on": "2065-09-01", "received_on": "2064-09-19"}
    await act(send, "DecisionAppealed", "AX-3", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-AX-3-1", "with_deciding_body")
    window = next(d for d in (await view(send, "discipline-AX-3")).deadlines
                  if d.name == "appeal_window")  # fmt: skip
    assert window.due == date(2064, 10, 10)  # the receipt recorded: three weeks from Fri 09-19
    assert "stated with the appeal" in window.explanation
    # admissible (fvl § 31 by the posting day): forwarded, as a late one, to late review
    await deciding_council_votes(send, "AX-3-1", "forward")
    await act(send, "AppealForwarded", "AX-3-1", {"reasons": "For sent"}, LEADER)
    assert (await view(send, "appeal-AX-3-1")).state == "late_review"
    await central_council_votes(send, "AX-3-1", "consider_late", "AppealCentral")
    await act(send, "LateAppealConsidered", "AX-3-1", {"reasons": "Syk"}, CENTRAL)
    assert (await view(send, "appeal-AX-3-1")).state == "with_appeal_body"


async def test_the_central_council_as_appeal_body_decides_suspensive_effect_by_its_votes(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 42: "Underinstansen, klageinstansen eller annet overordnet organ kan beslutte at
    vedtaket ikke skal iverksettes før ... klagen er avgjort"; PR-2012 § 20 nr. 2 "Det sentrale
    tilsettingsrådet er klageinstans", deciding as a council (§ 13 nr. 1-4). The appeal is with
    the central council (Mon 2065-09-14) and the party asks that the decision wait: the
    council's leader alone is refused (not convened, naming `sitting.convened_on`) and nothing
    changes; convened in writing, three members vote to refuse: the leader's "granted" is
    refused by the majority's rule; their refusal is entered, with its protocol."""
    await at(env, date(2065, 9, 14))  # Monday
    await decided(send, "AX-4")
    posted = {"grounds": "For streng", "posted_on": "2065-09-14"}
    await act(send, "DecisionAppealed", "AX-4", posted, EMPLOYEE)
    assert await state_is(send, "appeal-AX-4-1", "with_deciding_body")
    await deciding_council_votes(send, "AX-4-1", "forward")
    await act(send, "AppealForwarded", "AX-4-1", {"reasons": "Opprettholdes"}, LEADER)
    await act(send, "SuspensiveEffectRequested", "AX-4", {"reasons": "Vent"}, EMPLOYEE)
    granted = {"granted": True, "reasons": "Vedtaket venter"}
    alone = await refused(send, "SuspensiveEffectDecided", "AX-4", granted, CENTRAL)
    assert (alone.rule, alone.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    assert (await view(send, "discipline-AX-4")).details["suspensive_requested_on"] is not None

    await convene_in_writing(send, "AX-4", "DisciplineAppealBody", "kdi-dir", CENTRAL_SEATS)
    no = {"choice": "refuse", "reasons": "Ingen grunn til å vente"}
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        await act(send, "DisciplineAppealBodyCouncilVoteCast", "AX-4", no, member(m))
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        await act(send, "DisciplineAppealBodyCouncilProtocolSigned", "AX-4", {}, member(m))
    other = await refused(send, "SuspensiveEffectDecided", "AX-4", granted, CENTRAL)
    assert (other.rule, other.field) == ("fvl § 42", "payload")
    refusal = {"granted": False, "reasons": "Ingen grunn til å vente"}
    await act(send, "SuspensiveEffectDecided", "AX-4", refusal, CENTRAL)
    details = (await view(send, "discipline-AX-4")).details
    assert details["suspensive_effect"] is False and details["suspensive_requested_on"] is None
