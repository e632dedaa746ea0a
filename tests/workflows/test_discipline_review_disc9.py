"""The lawyer's review of issue 12 (disc9) on the time-skipping server with exact dates from
September to November 2045 (after test_discipline_review.py, before test_discipline_review_
lawyer.py). The tests run in date order: the test server's clock only moves forward."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from tests.helpers import Sender
from tests.workflows.test_discipline import (
    EMPLOYEE,
    LEADER,
    NOTICE,
    act,
    refused,
    state_is,
    view,
)
from tests.workflows.test_discipline_law import HR, at, decided, window_of


async def test_an_appeal_repeating_or_contradicting_the_recorded_receipt_is_taken(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: the window runs from the day the decision "er kommet fram"; fvl § 30: an appeal
    sent within the window is in time. A receipt date brought with the appeal never refuses it
    ("a late appeal is still an appeal"): the same date as the one recorded is fine, another
    is set aside and the recorded one stands, with a note in the journal."""
    await at(env, date(2045, 9, 18))  # Monday
    await decided(send, "D9-1")
    await decided(send, "D9-2")
    await at(env, date(2045, 9, 20))
    for case in ("D9-1", "D9-2"):
        await act(send, "DecisionReceived", case, {"received_on": "2045-09-19"}, EMPLOYEE)
        # Tue 09-19 + three weeks = Tue 10-10.
        assert (await window_of(send, case))[0] == date(2045, 10, 10)

    same = {"grounds": "For streng", "posted_on": "2045-09-20", "received_on": "2045-09-19"}
    await act(send, "DecisionAppealed", "D9-1", same, EMPLOYEE)
    assert await state_is(send, "appeal-D9-1-1", "with_deciding_body")

    other = {"grounds": "For streng", "posted_on": "2045-09-20", "received_on": "2045-09-20"}
    await act(send, "DecisionAppealed", "D9-2", other, EMPLOYEE)
    assert await state_is(send, "appeal-D9-2-1", "with_deciding_body")
    v = await view(send, "discipline-D9-2")
    assert v.details is not None
    entry = next(h for h in v.history if h.trigger == "appeal")
    assert entry.note and "2045-09-19" in entry.note and "stands" in entry.note
    assert (await window_of(send, "D9-2"))[0] == date(2045, 10, 10)  # the recorded one stands


async def test_the_reply_to_the_notice_and_to_the_warning_is_the_partys(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 16: the party shall have "høve til å uttale seg innen en nærmere angitt frist";
    TI-2020 § 2-5 with fvl § 16 for the written warning. A reply recorded by HR carries the
    party's statement (an empty one is refused) and ends the period early only when it says the
    party has nothing more to say; otherwise the case waits for the period's end."""
    await at(env, date(2045, 10, 16))  # Monday
    opening = {"employee_id": "emp-2", "summary": "Ulåst celledør"}
    for case in ("D9-3", "D9-4", "D9-5"):
        await act(send, "DisciplinaryCaseOpened", case, opening, LEADER)
    for case in ("D9-3", "D9-4"):
        await act(send, "DisciplineNoticeSent", case, NOTICE, LEADER)
    announce = {"facts": "Døren sto åpen", "reasons": "Rutinebrudd"}
    await act(send, "WrittenWarningAnnounced", "D9-5", announce, LEADER)
    # Mon 10-16 + 14 days = Mon 10-30.
    deadlines = (await view(send, "discipline-D9-3")).deadlines
    assert next(d for d in deadlines if d.name == "notice_reply").due == date(2045, 10, 30)

    await at(env, date(2045, 10, 17))  # the day after the notice
    empty = await refused(send, "DisciplineReplyReceived", "D9-3", {}, HR)
    assert empty.rule == "fvl § 16" and empty.field == "payload.statement"
    await act(send, "DisciplineReplyReceived", "D9-3", {"statement": "Hun er uenig"}, HR)
    assert (await view(send, "discipline-D9-3")).state == "awaiting_reply"  # the period runs
    done = {"statement": "Hun er uenig", "nothing_more": True}
    await act(send, "DisciplineReplyReceived", "D9-4", done, HR)
    assert await state_is(send, "discipline-D9-4", "deliberation")  # her "nothing more"

    empty = await refused(send, "WrittenWarningReplyReceived", "D9-5", {}, HR)
    assert empty.rule == "fvl § 16" and empty.field == "payload.statement"
    await act(send, "WrittenWarningReplyReceived", "D9-5", {"statement": "Uenig"}, HR)
    assert (await view(send, "discipline-D9-5")).state == "warning_reply"
    early = await refused(send, "DisciplineWrittenWarning", "D9-5", {"reasons": "x"}, LEADER)
    assert early.rule == "TI-2020 § 2-5"  # not heard yet: the period runs
    await act(send, "WrittenWarningReplyReceived", "D9-5", {"statement": "Beklager"}, EMPLOYEE)
    assert await state_is(send, "discipline-D9-5", "assessing")  # her own reply ends it

    await at(env, date(2045, 10, 30))  # the last day: still hers
    assert (await view(send, "discipline-D9-3")).state == "awaiting_reply"
    await at(env, date(2045, 11, 1))
    assert await state_is(send, "discipline-D9-3", "deliberation")
