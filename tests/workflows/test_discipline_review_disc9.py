"""The lawyer's review of issue 12 (disc9) on the time-skipping server with exact dates in
March 2040. The tests run in date order: the test server's clock only moves forward."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from tests.helpers import Sender
from tests.workflows.test_discipline import EMPLOYEE, act, state_is, view
from tests.workflows.test_discipline_law import at, decided, window_of


async def test_an_appeal_repeating_or_contradicting_the_recorded_receipt_is_taken(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: the window runs from the day the decision "er kommet fram"; fvl § 30: an appeal
    sent within the window is in time. A receipt date brought with the appeal never refuses it
    ("a late appeal is still an appeal"): the same date as the one recorded is fine, another
    is set aside and the recorded one stands, with a note in the journal."""
    await at(env, date(2040, 3, 19))  # Monday
    await decided(send, "D9-1")
    await decided(send, "D9-2")
    await at(env, date(2040, 3, 21))
    for case in ("D9-1", "D9-2"):
        await act(send, "DecisionReceived", case, {"received_on": "2040-03-20"}, EMPLOYEE)
        # Tue 03-20 + three weeks = Tue 04-10 (Easter 2040: 03-29..04-02 changes nothing).
        assert (await window_of(send, case))[0] == date(2040, 4, 10)

    same = {"grounds": "For streng", "posted_on": "2040-03-21", "received_on": "2040-03-20"}
    await act(send, "DecisionAppealed", "D9-1", same, EMPLOYEE)
    assert await state_is(send, "appeal-D9-1-1", "with_deciding_body")

    other = {"grounds": "For streng", "posted_on": "2040-03-21", "received_on": "2040-03-21"}
    await act(send, "DecisionAppealed", "D9-2", other, EMPLOYEE)
    assert await state_is(send, "appeal-D9-2-1", "with_deciding_body")
    v = await view(send, "discipline-D9-2")
    assert v.details is not None
    entry = next(h for h in v.history if h.trigger == "appeal")
    assert entry.note and "2040-03-20" in entry.note and "stands" in entry.note
    assert (await window_of(send, "D9-2"))[0] == date(2040, 4, 10)  # the recorded one stands
