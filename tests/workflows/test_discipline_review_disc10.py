"""The last legal/attack review of issue 12 (disc10) on the time-skipping server with exact dates
from June to August 2045 (after test_discipline_review.py, before test_discipline_review_disc9.py).
The tests run in date order: the test server's clock only moves forward."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from tests.helpers import CENTRAL_SEATS, Sender, convene
from tests.workflows.test_discipline import (
    DECISION,
    EMPLOYEE,
    LEADER,
    NOTICE,
    act,
    council_votes,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, window_of

URGENT = {"measure": "suspension", "reasons": "Fare for bevisforspillelse"}


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def test_a_new_notice_after_the_vote_is_the_councils_and_keeps_the_votes(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 16: the party is warned of the reaction before the decision; a new notice after the
    council voted (PR-2012 § 19 nr. 2) only when its majority wants a harsher reaction than the
    notice named, sent by the deciding council's leader for it (not a member, not the unit
    leader alone), naming that reaction; the votes on the old notice stay on the record as a
    closed round (the case view's `rounds`, the journal's note)."""
    await at(env, date(2045, 6, 5))  # Monday
    await to_deliberation(send, "DX-1")  # notice: ordensstraff, 3 months
    milder = (("leader-oslo", "ordensstraff", 1), ("adm-oslo", "ordensstraff", 1),
              ("rep-1", "ordensstraff", 1))  # fmt: skip
    await council_votes(send, "DX-1", *milder)
    harsher = NOTICE | {"reaction": "avskjed", "seniority_months": None}
    within = await refused(send, "DisciplineNoticeSent", "DX-1", harsher, LEADER)
    assert (within.rule, within.field) == ("fvl § 16", "votes")
    v = await view(send, "discipline-DX-1")
    assert v.state == "deliberation" and len(v.details["votes"]) == 3  # nothing changed

    await to_deliberation(send, "DX-2")
    await council_votes(send, "DX-2", ("leader-oslo", "avskjed", None),
                        ("adm-oslo", "avskjed", None), ("rep-1", "avskjed", None))  # fmt: skip
    by_member = await refused(send, "DisciplineNoticeSent", "DX-2", harsher, member("adm-oslo"))
    assert (by_member.rule, by_member.field) == ("PR-2012 § 19 nr. 2", "actor.person_id")
    short = NOTICE | {"seniority_months": 6}
    too_mild = await refused(send, "DisciplineNoticeSent", "DX-2", short, LEADER)
    assert (too_mild.rule, too_mild.field) == ("fvl § 16", "payload.reaction")
    assert len((await view(send, "discipline-DX-2")).details["votes"]) == 3

    await act(send, "DisciplineNoticeSent", "DX-2", harsher, LEADER)
    v = await view(send, "discipline-DX-2")
    assert v.state == "awaiting_reply" and v.details["votes"] == []
    [closed] = v.details["rounds"]
    assert closed["n"] == 1 and closed["closed_on"] == "2045-06-05"
    assert closed["notice"]["reaction"] == "ordensstraff"
    assert [x["choice"] for x in closed["votes"]] == ["avskjed"] * 3
    assert closed["sent_by"] == "leader-oslo"
    entry = v.history[-1]
    assert entry.trigger == "send_notice" and entry.note and "round 1 closed" in entry.note
    reply = next(d for d in v.deadlines if d.name == "notice_reply")
    assert reply.due == date(2045, 6, 19)  # Mon 06-05 + 14 days (fvl § 16)

    # The council votes anew on the new notice, after the reply; the closed round stays.
    await act(send, "DisciplineReplyReceived", "DX-2", {"statement": "Uenig."}, EMPLOYEE)
    await council_votes(send, "DX-2", ("leader-oslo", "avskjed", None),
                        ("adm-oslo", "avskjed", None), ("rep-1", "avskjed", None))  # fmt: skip
    await act(send, "DisciplineDecided", "DX-2", DECISION, LEADER)
    v = await view(send, "discipline-DX-2")
    assert v.details["reaction"] == "avskjed" and len(v.details["rounds"]) == 1


async def test_the_urgent_suspension_lapses_with_a_case_that_ends_without_dismissal(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 3 with tjml § 16 nr. 2: the suspension holds "inntil saken er avgjort"
    pending a dismissal; a case that ends without one (an ordensstraff registered once the
    window closes, a case closed without action) ends it, and the journal says so with the
    rule."""
    await at(env, date(2045, 6, 12))  # Monday
    await to_deliberation(send, "DX-3")
    await act(send, "UrgentSuspension", "DX-3", URGENT, LEADER)
    await council_votes(send, "DX-3", ("leader-oslo", "ordensstraff", 1),
                        ("adm-oslo", "ordensstraff", 1), ("rep-1", "ordensstraff", 1))  # fmt: skip
    await act(send, "DisciplineDecided", "DX-3", DECISION, LEADER)
    # Presumed receipt Thu 06-15 (three working days); the window's last day Thu 07-06.
    assert (await window_of(send, "DX-3"))[0] == date(2045, 7, 6)
    assert (await view(send, "discipline-DX-3")).details["suspension_lapses"] == "2045-12-12"

    opening = {"employee_id": "emp-2", "summary": "Ulåst celledør"}
    await act(send, "DisciplinaryCaseOpened", "DX-4", opening, LEADER)
    await act(send, "UrgentSuspension", "DX-4", URGENT, LEADER)
    await act(send, "DisciplineNoAction", "DX-4", {"reasons": "Ikke grunnlag"}, LEADER)
    v = await view(send, "discipline-DX-4")
    assert v.state == "closed" and v.details["suspension_lapses"] is None
    note = v.history[-1].note or ""
    assert "lapses" in note and "PR-2012 § 19 nr. 3" in note

    await at(env, date(2045, 7, 7))  # the window closed: the ordensstraff is registered
    assert await state_is(send, "discipline-DX-3", "ordensstraff_registered")
    v = await view(send, "discipline-DX-3")
    assert v.details["suspension_lapses"] is None
    entry = v.history[-1]
    assert entry.trigger == "window_closes" and "PR-2012 § 19 nr. 3" in (entry.note or "")


async def test_the_central_councils_ordensstraff_vote_states_its_months(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 18 with § 20 nr. 1: an ordensstraff of loss of seniority has its months, and the
    central council's decided term is its majority's (read from the votes): a member's vote for
    ordensstraff without months is refused by field, as is a vote for none with months."""
    await at(env, date(2045, 7, 17))  # Monday
    await to_deliberation(send, "DX-5")
    await council_votes(send, "DX-5", ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-1", "ordensstraff", 3), ("rep-2", "ordensstraff", 3),
                        ("avd-oslo", "none", None))  # fmt: skip
    await act(send, "DisciplineEscalated", "DX-5", {"reasons": "For mildt"}, member("rep-1"))
    assert (await view(send, "discipline-DX-5")).state == "central_council"
    await convene(send, "DX-5", "DisciplineCentral", "kdi-dir", CENTRAL_SEATS, {"ordensstraff"})
    bare = await refused(send, "DisciplineCentralCouncilVoteCast", "DX-5",
                         {"choice": "ordensstraff"}, member("kdi-dir"))  # fmt: skip
    assert bare.rule == "PR-2012 § 20 nr. 1; PR-2012 § 18"
    assert bare.field == "payload.seniority_months"
    stray = await refused(send, "DisciplineCentralCouncilVoteCast", "DX-5",
                          {"choice": "none", "seniority_months": 2}, member("kdi-dir"))  # fmt: skip
    assert stray.field == "payload.seniority_months"
    assert (await view(send, "discipline-DX-5")).details["council"]["votes"] == []
    await act(send, "DisciplineCentralCouncilVoteCast", "DX-5",
              {"choice": "ordensstraff", "seniority_months": 3}, member("kdi-dir"))  # fmt: skip
    assert len((await view(send, "discipline-DX-5")).details["council"]["votes"]) == 1


async def test_the_central_council_is_convened_before_it_votes(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 13 nr. 1: its leader sends the members the papers "og nødvendig tid til å sette
    seg inn i saken før den tas opp til behandling" (three working days, design choice); § 13
    nr. 2: in writing only where the matter is kurant and every member agrees. The central
    council in discipline (§ 20 nr. 1) since disc10: a vote before the convening, a convening by
    a member or too soon, and a written vote before every seat agreed are refused by field."""
    # Wednesday: the appointing council, split, is convened to meet Monday 08-07 (§ 13 nr. 2).
    await at(env, date(2045, 8, 2))
    await to_deliberation(send, "DX-6")
    await council_votes(send, "DX-6", ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-1", "ordensstraff", 3), ("rep-2", "ordensstraff", 3),
                        ("avd-oslo", "none", None))  # fmt: skip
    await act(send, "DisciplineEscalated", "DX-6", {"reasons": "For mildt"}, member("rep-1"))
    vote = {"choice": "ordensstraff", "seniority_months": 3, "reasons": "Alvorlig"}
    early = await refused(send, "DisciplineCentralCouncilVoteCast", "DX-6", vote,
                          member("kdi-dir"))  # fmt: skip
    assert (early.rule, early.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    written = {"procedure": "written", "uncontroversial": True, "meeting_on": "2045-08-10"}
    by_member = await refused(send, "DisciplineCentralCouncilConvened", "DX-6", written,
                              member("kdi-2"))  # fmt: skip
    assert (by_member.rule, by_member.field) == ("PR-2012 § 13 nr. 1", "actor.person_id")
    # Mon 08-07 + three working days = Thu 08-10; Wed 08-09 is too soon.
    soon = await refused(send, "DisciplineCentralCouncilConvened", "DX-6",
                         written | {"meeting_on": "2045-08-09"}, member("kdi-dir"))  # fmt: skip
    assert (soon.rule, soon.field) == ("PR-2012 § 13 nr. 1", "payload.meeting_on")
    await act(send, "DisciplineCentralCouncilConvened", "DX-6", written, member("kdi-dir"))
    for m in ("kdi-dir", "kdi-2"):
        await act(send, "DisciplineCentralWrittenProcedureAgreed", "DX-6", {}, member(m))
    not_all = await refused(send, "DisciplineCentralCouncilVoteCast", "DX-6", vote,
                            member("kdi-dir"))  # fmt: skip
    assert (not_all.rule, not_all.field) == ("PR-2012 § 13 nr. 2", "sitting.procedure")
    sitting = (await view(send, "discipline-DX-6")).details["council"]
    assert sitting["votes"] == [] and sitting["convened_on"] == "2045-08-07"
    assert sitting["meeting_on"] == "2045-08-10"
    for m in ("rep-c1", "rep-c2", "rd-east"):
        await act(send, "DisciplineCentralWrittenProcedureAgreed", "DX-6", {}, member(m))
    await act(send, "DisciplineCentralCouncilVoteCast", "DX-6", vote, member("kdi-dir"))
    assert len((await view(send, "discipline-DX-6")).details["council"]["votes"]) == 1
