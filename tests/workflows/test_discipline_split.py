"""The lawyer's review of PR-2012 Del V: a council with no majority for a reaction (§ 20 nr. 1)
and a receipt date that comes with the appeal (fvl §§ 29–30), on the time-skipping server."""

from __future__ import annotations

from datetime import date, timedelta

from temporalio.testing import WorkflowEnvironment

from tests.helpers import CENTRAL_SEATS, Sender, convene, deciding_council_votes
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    LEADER,
    act,
    council_votes,
    refused,
    sleep_until,
    state_is,
    to_deliberation,
    view,
)

CLOSING = {"reasons": "Ikke flertall for noen reaksjon."}
SPLIT = (
    ("leader-oslo", "none", None),
    ("adm-oslo", "none", None),
    ("rep-1", "ordensstraff", 3),
    ("rep-2", "oppsigelse", None),
)


async def test_no_majority_for_a_reaction_closes_and_keeps_the_minoritys_demand(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 20 nr. 1: "Dersom det i tilsettingsrådet ikke er flertall for oppsigelse, avskjed
    eller ordensstraff, kan hvert medlem av mindretallet kreve saken avgjort av det sentrale
    tilsettingsrådet": with a quorum and no majority, no reaction; the leader closes, the
    minority's demand stays open three weeks, and the central council may close likewise."""
    await to_deliberation(send, "DS-1")
    await council_votes(send, "DS-1", *SPLIT)
    not_leader = await refused(send, "DisciplineDismissed", "DS-1", CLOSING, EMPLOYEE)
    assert not_leader.field == "actor.person_id"
    await act(send, "DisciplineDismissed", "DS-1", CLOSING, LEADER)
    assert (await view(send, "discipline-DS-1")).state == "no_majority"
    await act(send, "DisciplineEscalated", "DS-1", {"reasons": "Grovt"},
              {"person_id": "rep-1", "role": "employee"})  # fmt: skip
    assert (await view(send, "discipline-DS-1")).state == "central_council"
    split = (
        ("kdi-dir", "none", None),
        ("kdi-2", "ordensstraff", 3),
        ("rep-c1", "oppsigelse", None),
    )
    # § 13 nr. 1-2 (disc10): the members disagree: its leader convenes a meeting, and they vote
    # on its day.
    await convene(send, "DS-1", "DisciplineCentral", "kdi-dir", CENTRAL_SEATS,
                  {c for _, c, _ in split})  # fmt: skip
    for member, choice, months in split:
        vote = {"choice": choice, "seniority_months": months, "reasons": "Slik ser jeg det."}
        await act(send, "DisciplineCentralCouncilVoteCast", "DS-1", vote,
                  {"person_id": member, "role": "employee"})  # fmt: skip
    no_reaction = await refused(send, "DisciplineDecided", "DS-1", DECISION, CENTRAL)
    assert no_reaction.rule == "PR-2012 § 20 nr. 1"
    # § 13 nr. 3-4 (lawyer's review): the close is the council's decision too: at least half
    # of its members took part and signed the protocol as it stands, before the leader enters it.
    unsigned = await refused(send, "DisciplineDismissed", "DS-1", CLOSING, CENTRAL)
    assert unsigned.rule == "PR-2012 § 13 nr. 3" and unsigned.field == "signatures"
    for member, _, _ in split[:2]:
        await act(send, "DisciplineCentralCouncilProtocolSigned", "DS-1", {},
                  {"person_id": member, "role": "employee"})  # fmt: skip
    half = await refused(send, "DisciplineDismissed", "DS-1", CLOSING, CENTRAL)
    assert half.field == "signatures"  # two of five have signed
    await act(send, "DisciplineCentralCouncilProtocolSigned", "DS-1", {},
              {"person_id": "rep-c1", "role": "employee"})  # fmt: skip
    await act(send, "DisciplineDismissed", "DS-1", CLOSING, CENTRAL)
    closed = await view(send, "discipline-DS-1")
    assert closed.state == "closed"
    protocol = closed.details["council"]["protocol"]
    assert protocol["signed_by"] == ["kdi-dir", "kdi-2", "rep-c1"] and protocol["rule"] == (
        "PR-2012 § 20 nr. 1"
    )

    # Nobody demands it within the window: the case closes, and the demand comes too late.
    await to_deliberation(send, "DS-2")
    await council_votes(send, "DS-2", *SPLIT)
    await act(send, "DisciplineDismissed", "DS-2", CLOSING, LEADER)
    window = next(
        d for d in (await view(send, "discipline-DS-2")).deadlines if d.name == "appeal_window"
    )
    await sleep_until(env, window.due + timedelta(days=1))
    assert await state_is(send, "discipline-DS-2", "closed")


async def test_a_receipt_date_brought_with_the_appeal_makes_it_in_time(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: "Fristen for å klage er tre uker fra det tidspunkt underretning om vedtaket er
    kommet fram til vedkommende part"; fvl § 30: in time when posted before the window ends. A
    receipt date stated in the appeal opens the window before lateness is read from it."""
    await to_deliberation(send, "DS-3")
    await council_votes(send, "DS-3", *((m, "ordensstraff", 1) for m in
                                        ("leader-oslo", "adm-oslo", "rep-2")))  # fmt: skip
    await act(send, "DisciplineDecided", "DS-3", DECISION, LEADER)
    window = next(
        d for d in (await view(send, "discipline-DS-3")).deadlines if d.name == "appeal_window"
    )
    await sleep_until(env, window.due + timedelta(days=2))
    assert await state_is(send, "discipline-DS-3", "ordensstraff_registered")
    posted = window.due + timedelta(days=1)
    appeal = {"grounds": "Fikk vedtaket sent", "posted_on": posted.isoformat()}
    future = await refused(send, "DecisionAppealed", "DS-3",
                           appeal | {"received_on": "2999-01-01"}, EMPLOYEE)  # fmt: skip
    assert future.rule == "fvl § 29" and future.field == "payload.received_on"
    received: date = window.due - timedelta(days=10)
    await act(send, "DecisionAppealed", "DS-3", appeal | {"received_on": received.isoformat()},
              EMPLOYEE)  # fmt: skip
    await state_is(send, "appeal-DS-3-1", "with_deciding_body")
    case = await view(send, "discipline-DS-3")
    moved = next(d for d in case.deadlines if d.name == "appeal_window")
    assert moved.start == received and moved.due >= posted  # fvl § 29: from the receipt
    await deciding_council_votes(send, "DS-3-1", "forward")
    await act(send, "AppealForwarded", "DS-3-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-DS-3-1")).state != "late_review"  # in time
