"""Issue 12's appeal review (appeal10): the appeal body's members and leader read from the
register on the day they act (PR-2012 § 11 nr. 6, § 20 nr. 2, the authority model); fvl § 31's
year measured on the day the appeal was sent (fvl § 30), a receipt brought with it recorded;
the urgent suspension's window from the day it reached the employee (fvl § 29). On the
time-skipping server with exact dates from May to July 2053 (after
test_discipline_review_wseat.py's May 2053, before test_duty_councils_convened.py's May 2054);
fvl § 31's year and the appeal body's § 42 need a year on the clock and are in
test_elapsed_appeal_year.py, after test_duty_councils_convened.py."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake.org_file import Org
from tests.helpers import (
    CENTRAL_SEATS,
    Sender,
    convene_appeal_central,
    deciding_council_votes,
)
from tests.workflows.test_discipline import (
    CENTRAL,
    EMPLOYEE,
    LEADER,
    act,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, decided
from tests.workflows.test_discipline_review_sitting import (  # noqa: F401 (fixtures)
    Dated,
    dated,
    org_back,
    replaced,
)

PR_20_2 = "PR-2012 § 20 nr. 2"


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def test_the_urgent_suspensions_window_runs_from_the_day_it_reached_the_employee(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: "Fristen for å klage er tre uker fra det tidspunkt underretning om vedtaket er
    kommet fram til vedkommende part", for the urgent suspension (PR-2012 § 19 nr. 3, § 20
    nr. 2) as for the main decision (`appeal_window`, one function). Suspended Wed 2053-05-14,
    the day before Ascension: its letter is presumed to arrive Tue 05-20 (window to Tue 06-10).
    The appeal states that it reached the employee Fri 05-23: its window runs to Fri 06-13, and
    the appeal posted Thu 06-12 is in time (not a late one for fvl § 31's review). A receipt
    before the suspension is refused by field and nothing changes."""
    await at(env, date(2053, 5, 14))  # Wednesday before Ascension Day
    await to_deliberation(send, "AX-1")
    urgent = {"measure": "suspension", "reasons": "Fare for bevisforspillelse"}
    await act(send, "UrgentSuspension", "AX-1", urgent, LEADER)

    await at(env, date(2053, 6, 12))  # Thursday
    appeal = {"grounds": "Ikke grunnlag", "posted_on": "2053-06-12"}
    before = await refused(send, "SuspensionAppealed", "AX-1",
                           appeal | {"received_on": "2053-05-13"}, EMPLOYEE)  # fmt: skip
    assert (before.rule, before.field) == ("fvl § 29", "payload.received_on")
    assert (await view(send, "discipline-AX-1")).details["appeals"] == []  # nothing changed
    await act(send, "SuspensionAppealed", "AX-1", appeal | {"received_on": "2053-05-23"},
              EMPLOYEE)  # fmt: skip
    assert await state_is(send, "appeal-AX-1-1", "with_deciding_body")
    await act(send, "AppealForwarded", "AX-1-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-AX-1-1")).state == "with_appeal_body"  # in time


async def test_the_appeal_body_sits_as_the_register_seats_it_on_the_day(
    send: Sender,
    register: Store,
    org_back: Org,  # noqa: F811 (the fixture imported above)
    dated: Dated,  # noqa: F811
) -> None:
    """PR-2012 § 11 nr. 6 and § 20 nr. 2 ("Det sentrale tilsettingsrådet er klageinstans") with
    the authority model: the central council's members and its leader are the register's on
    the day they act, not those frozen when the appeal opened. The appeal is forwarded and the
    council convened Mon 2053-07-07; kdi-dir and rep-c1 vote; their seats pass that evening to
    tv-east (leader) and tv-central. On Tue 07-08 their votes have left with them, the new
    members agree to written procedure (§ 13 nr. 2) and vote; kdi-dir may no longer enter the
    decision (refused by rule and field, nothing changes) and tv-east does."""
    await dated.to(date(2053, 7, 7))  # Monday
    await decided(send, "AX-2")
    posted = {"grounds": "For streng", "posted_on": "2053-07-07"}
    await dated.act("DecisionAppealed", "AX-2", posted, EMPLOYEE)
    assert await state_is(send, "appeal-AX-2-1", "with_deciding_body")
    await deciding_council_votes(send, "AX-2-1", "forward")
    await dated.act("AppealForwarded", "AX-2-1", {"reasons": "Opprettholdes"}, LEADER)
    await convene_appeal_central(send, "AX-2-1")
    uphold = {"choice": "uphold", "reasons": "Enig."}
    for m in ("kdi-dir", "rep-c1"):
        await dated.act("AppealCentralCouncilVoteCast", "AX-2-1", uphold, member(m))
    last_day = date(2053, 7, 7)
    new = replaced(replaced(org_back, "council-central", "rep-c1", "tv-central", last_day),
                   "council-central", "kdi-dir", "tv-east", last_day)  # fmt: skip
    register.load_org(new)

    await dated.to(date(2053, 7, 8))  # Tuesday
    for m in ("tv-east", "tv-central"):
        await dated.act("AppealCentralWrittenProcedureAgreed", "AX-2-1", {}, member(m))
    for m in ("tv-east", "tv-central", "kdi-2"):
        await dated.act("AppealCentralCouncilVoteCast", "AX-2-1", uphold, member(m))
    for m in ("tv-east", "tv-central", "kdi-2"):
        await dated.act("AppealCentralCouncilProtocolSigned", "AX-2-1", {}, member(m))
    gone = await dated.refused("AppealUpheld", "AX-2-1", {"reasons": "Står"}, CENTRAL)
    assert (gone.rule, gone.field) == (PR_20_2, "actor.person_id")
    assert (await view(send, "appeal-AX-2-1")).state == "with_appeal_body"  # nothing changed
    await dated.act("AppealUpheld", "AX-2-1", {"reasons": "Står"}, member("tv-east"))
    assert await state_is(send, "discipline-AX-2", "ordensstraff_registered")
    protocol = (await view(send, "appeal-AX-2-1")).details["council"]["protocol"]
    assert [v["member_id"] for v in protocol["votes"]] == ["tv-east", "tv-central", "kdi-2"]
    assert {"tv-east", "tv-central"} <= set(protocol["members"])
    assert not {"kdi-dir", "rep-c1"} & set(protocol["members"])
    assert set(CENTRAL_SEATS) - {"kdi-dir", "rep-c1"} <= set(protocol["members"])
