"""Issue 12, the attacker's review of main: the employee takes no part in a council's handling of
their own case (fvl § 6), a majority for no reaction keeps the minority's § 20 nr. 1 demand, the
demand needs a finished, quorate vote (§ 13 nr. 3), a case sent back goes to the central council
that decided it, an appeal body never gives an embetsmann oppsigelse, and suspensive effect is no
flag. On the time-skipping server with exact dates in 2052; after test_discipline_review_lawyer's
2051 (the test server's clock only moves forward)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    Sender,
    central_council_votes,
    convene_main,
    deciding_council_votes,
    letters,
)
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    JD,
    LEADER,
    NOTICE,
    act,
    council_votes,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, decided, window_of

OWN_CASE = "fvl § 6 første ledd bokstav a"


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def test_the_employee_takes_no_part_in_their_own_case(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 6 første ledd bokstav a: "En offentlig tjenestemann er ugild ... når han selv er
    part i saken": rep-1, the employees' representative on the Oslo council, is the employee
    the case is about: they neither vote, nor vote on the council's other matters (fvl § 42),
    nor demand the central council; their personal deputy takes the seat (§ 11 nr. 3). The
    council, split, is convened on Tue 2052-01-02 and meets Fri 01-05 (§ 13 nr. 1-2)."""
    await at(env, date(2052, 1, 2))  # Tuesday
    await to_deliberation(send, "AR-1", employee="rep-1")
    vote = {"choice": "none", "seniority_months": None}
    own = await refused(send, "CouncilVoteCast", "AR-1", vote, member("rep-1"))
    assert (own.rule, own.field) == (OWN_CASE, "actor.person_id")
    matter = await refused(
        send, "DisciplineDecidingBodyCouncilVoteCast", "AR-1", {"choice": "grant"}, member("rep-1")
    )
    assert (matter.rule, matter.field) == (OWN_CASE, "actor.person_id")
    assert (await view(send, "discipline-AR-1")).details["votes"] == []  # nothing changed
    await council_votes(send, "AR-1", ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-2", "ordensstraff", 1), ("rep-1-dep", "ordensstraff", 1),
                        ("avd-oslo", "none", None))  # fmt: skip
    demand = await refused(send, "DisciplineEscalated", "AR-1", {"reasons": "x"}, member("rep-1"))
    assert (demand.rule, demand.field) == (OWN_CASE, "actor.person_id")
    await act(send, "DisciplineEscalated", "AR-1", {"reasons": "For mildt"}, member("rep-1-dep"))
    assert (await view(send, "discipline-AR-1")).state == "central_council"


async def test_a_majority_for_none_keeps_the_minoritys_demand_after_a_finished_vote(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 20 nr. 1: "Dersom det i tilsettingsrådet ikke er flertall for oppsigelse, avskjed
    eller ordensstraff, kan hvert medlem av mindretallet kreve saken avgjort av det sentrale
    tilsettingsrådet": a majority for no reaction is no majority for one, so the leader's close
    leaves the minority three weeks (from Wed 2052-01-10, the day of the meeting the split
    council was convened to on Fri 01-05 (§ 13 nr. 1-2), to Wed 01-31). § 13 nr. 3: "beslutnings-
    dyktig om minst halvparten av medlemmene deltar": no demand from a vote without a quorum, nor
    before every member has voted or the leader has closed the vote."""
    await at(env, date(2052, 1, 5))  # Friday
    await to_deliberation(send, "AR-2")
    await convene_main(send, "AR-2", {"ordensstraff", "none"})  # meets Wed 01-10
    await council_votes(send, "AR-2", ("rep-2", "ordensstraff", 2))
    alone = await refused(send, "DisciplineEscalated", "AR-2", {"reasons": "x"}, member("rep-2"))
    assert (alone.rule, alone.field) == ("PR-2012 § 13 nr. 3", "votes")
    assert "1 of 5 members have voted" in alone.message  # the nearest superior sits (§ 11)
    await council_votes(send, "AR-2", ("leader-oslo", "none", None), ("adm-oslo", "none", None))
    early = await refused(send, "DisciplineEscalated", "AR-2", {"reasons": "x"}, member("rep-2"))
    assert (early.rule, early.field) == ("PR-2012 § 13 nr. 3", "votes")
    assert "not finished" in early.message and "avd-oslo, rep-1" in early.message
    assert (await view(send, "discipline-AR-2")).state == "deliberation"  # nothing changed
    await council_votes(send, "AR-2", ("rep-1", "none", None), ("avd-oslo", "none", None))
    await act(send, "DisciplineDismissed", "AR-2", {"reasons": "Flertallet: ingen reaksjon"},
              LEADER)  # fmt: skip
    assert (await view(send, "discipline-AR-2")).state == "no_majority"
    assert (await window_of(send, "AR-2"))[0] == date(2052, 1, 31)
    majority = await refused(send, "DisciplineEscalated", "AR-2", {"reasons": "x"},
                             member("adm-oslo"))  # fmt: skip
    assert majority.rule == "PR-2012 § 20 nr. 1"
    await at(env, date(2052, 1, 31))  # the window's last day
    await act(send, "DisciplineEscalated", "AR-2", {"reasons": "Bør ha ordensstraff"},
              member("rep-2"))  # fmt: skip
    assert (await view(send, "discipline-AR-2")).state == "central_council"

    # A unanimous vote for no reaction closes the case: nobody asked for one.
    await to_deliberation(send, "AR-3")
    await council_votes(send, "AR-3", *((m, "none", None) for m in ("leader-oslo", "adm-oslo",
                                                                    "rep-1")))  # fmt: skip
    await act(send, "DisciplineDismissed", "AR-3", {"reasons": "Ingen reaksjon"}, LEADER)
    assert (await view(send, "discipline-AR-3")).state == "closed"


async def test_sent_back_to_the_central_council_that_decided(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 34 fourth paragraph with PR-2012 § 20 nr. 1: a decision the central council made
    on the minority's demand, sent back by the appeal body (the Department above it, fvl § 28),
    is decided anew by the central council, not by the local council it overruled."""
    await at(env, date(2052, 2, 2))  # Friday
    case = "AR-4"
    await to_deliberation(send, case)
    await council_votes(send, case, ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-1", "ordensstraff", 3), ("rep-2", "ordensstraff", 3),
                        ("avd-oslo", "none", None))  # fmt: skip
    await act(send, "DisciplineEscalated", case, {"reasons": "For mildt"}, member("rep-1"))
    await central_council_votes(send, case, "ordensstraff", "DisciplineCentral",
                                ("kdi-dir", "rd-east", "rep-c1"), seniority_months=3)  # fmt: skip
    decision = DECISION | {"reaction": "ordensstraff", "seniority_months": 3}
    await act(send, "DisciplineDecided", case, decision, CENTRAL)
    await act(send, "DecisionAppealed", case, {"grounds": "For strengt",
              "posted_on": "2052-02-02"}, EMPLOYEE)  # fmt: skip
    assert await state_is(send, f"appeal-{case}-1", "with_deciding_body")
    await deciding_council_votes(send, f"{case}-1", "forward",
                                 members=("kdi-dir", "kdi-2", "rep-c1"), superior=None)  # fmt: skip
    await act(send, "AppealForwarded", f"{case}-1", {"reasons": "Opprettholdes"}, CENTRAL)
    await act(send, "AppealSentBack", f"{case}-1", {"reasons": "Mangelfull utredning"}, JD)
    assert await state_is(send, f"discipline-{case}", "central_council")
    local = await refused(send, "CouncilVoteCast", case, {"choice": "none"}, LEADER)
    assert local.rule == "fvl § 16" or local.field == "trigger"  # no local vote any more
    v = await view(send, f"discipline-{case}")
    assert v.details["reaction"] is None and v.state == "central_council"


async def test_the_appeal_body_gives_no_embetsmann_oppsigelse(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """Grunnloven § 22 second paragraph, tjml § 10: an embetsmann is removed only by judgment,
    oppsigelse is a tjenestemann's; the appeal body deciding anew (fvl § 34) is bound as the
    first instance was (PR-2012 § 19 nr. 1), even with the weighing and notice a change to the
    appellant's detriment needs."""
    await at(env, date(2052, 3, 1))  # Friday
    party = member("emb-1")
    await act(send, "DisciplinaryCaseOpened", "AR-5", {"employee_id": "emb-1",
              "summary": "Ulåst dør"}, LEADER)  # fmt: skip
    # statsansatteloven § 25: an embetsmann's ordensstraff is a skriftlig irettesettelse.
    reprimand = {"reaction": "ordensstraff", "seniority_months": None,
                 "form": "skriftlig_irettesettelse"}  # fmt: skip
    await act(send, "DisciplineNoticeSent", "AR-5", NOTICE | reprimand, LEADER)
    await act(send, "DisciplineReplyReceived", "AR-5", {"statement": "Beklager"}, party)
    ordens = DECISION | reprimand
    await act(send, "DisciplineDecided", "AR-5", ordens, JD)
    await act(send, "DecisionAppealed", "AR-5", {"grounds": "Uenig", "posted_on": "2052-03-01"},
              party)  # fmt: skip
    assert await state_is(send, "appeal-AR-5-1", "with_deciding_body")
    await act(send, "AppealForwarded", "AR-5-1", {"reasons": "Opprettholdes"}, JD)
    worse = {
        "reasons": "Grovt",
        "reaction": "oppsigelse",
        "detriment_reasons": "Sikkerheten veier tyngre",
        "notice_sent_on": "2052-03-01",
    }
    no = await refused(send, "AppealChanged", "AR-5-1", worse, JD)
    assert (no.rule, no.field) == ("Grunnloven § 22; tjml § 10", "payload.reaction")
    assert (await view(send, "appeal-AR-5-1")).state == "with_appeal_body"  # nothing changed


async def test_suspensive_effect_is_no_flag_on_the_decision(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 42: "Underinstansen eller klageinstansen kan etter anmodning fra en part eller av
    eget tiltak beslutte at vedtaket ikke skal iverksettes ...": a reasoned decision of its own
    (SuspensiveEffectRequested/Decided), never a yes/no flag on the main decision."""
    await at(env, date(2052, 3, 1))
    await to_deliberation(send, "AR-6")
    members = ("leader-oslo", "adm-oslo", "rep-1")
    await council_votes(send, "AR-6", *((m, "ordensstraff", 1) for m in members))
    flag = await refused(send, "DisciplineDecided", "AR-6", DECISION | {"suspensive_effect": True},
                         LEADER)  # fmt: skip
    assert (flag.rule, flag.field) == ("fvl § 42", "payload.suspensive_effect")
    assert (await view(send, "discipline-AR-6")).state == "deliberation"
    await act(send, "DisciplineDecided", "AR-6", DECISION, LEADER)
    assert (await view(send, "discipline-AR-6")).state == "appeal_window"


async def test_a_leader_who_stood_aside_in_the_report_stays_aside_in_the_discipline(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 6 with TI-2020 § 2-5: the unit leader stood aside in the report of neglect about
    emp-2 (Mon 2052-03-04), the regional director assessed it and handed it to discipline; in
    the disciplinary case the unit leader is still disqualified (no advance notice from them)
    and the regional director, the next level of the line, takes the leader's steps."""
    await at(env, date(2052, 3, 4))
    neglect = {"kind": "neglect", "summary": "Låste ikke celledør", "danger_or_loss": True,
               "employee_id": "emp-1", "concerns_employee_id": "emp-2"}  # fmt: skip
    rd = {"person_id": "rd-east", "role": "regional_director"}
    await act(send, "ServiceReportSubmitted", "AR-8", neglect, member("emp-1"))
    await act(send, "NeglectAssessorDisqualified", "AR-8", {"reasons": "Nær venn"}, LEADER)
    await act(send, "NeglectHandedToDiscipline", "AR-8", {"reasons": "Alvorlig"}, rd)
    assert await state_is(send, "discipline-AR-8", "assessing")
    aside = await refused(send, "DisciplineNoticeSent", "AR-8", NOTICE, LEADER)
    assert (aside.rule, aside.field) == ("fvl § 6", "actor.person_id")
    assert (await view(send, "discipline-AR-8")).state == "assessing"  # nothing changed
    await act(send, "DisciplineNoticeSent", "AR-8", NOTICE, rd)
    assert (await view(send, "discipline-AR-8")).state == "awaiting_reply"


async def test_the_outcome_letter_states_the_new_reaction_and_a_detriment(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 27 with § 34 third paragraph: the letter on a changed outcome states the new
    reaction and term, and a change to the appellant's detriment is called that (not "delvis
    tatt til følge"), with the interests that outweighed theirs and the day of the notice."""
    await at(env, date(2052, 3, 4))  # Monday
    await decided(send, "AR-9")  # ordensstraff, one month
    await act(send, "DecisionAppealed", "AR-9", {"grounds": "For streng",
              "posted_on": "2052-03-04"}, EMPLOYEE)  # fmt: skip
    assert await state_is(send, "appeal-AR-9-1", "with_deciding_body")
    await deciding_council_votes(send, "AR-9-1", "forward")
    await act(send, "AppealForwarded", "AR-9-1", {"reasons": "Opprettholdes"}, LEADER)
    # fvl § 34 third paragraph with § 16 (disc6): the notice, and the appellant's reply; the
    # members vote after it (appeal10).
    notice = {"reaction": "ordensstraff", "seniority_months": 3, "reasons": "Sikkerheten"}
    await act(send, "AppealDetrimentNoticeSent", "AR-9-1", notice, CENTRAL)
    await act(send, "AppealDetrimentReplyReceived", "AR-9-1", {"statement": "Uenig"}, EMPLOYEE)
    await central_council_votes(
        send, "AR-9-1", "change", "AppealCentral", reaction="ordensstraff", seniority_months=3
    )
    worse = {"reasons": "Grovere enn lagt til grunn", "reaction": "ordensstraff",
             "seniority_months": 3, "detriment_reasons": "Sikkerheten i fengselet",
             "notice_sent_on": "2052-03-04"}  # fmt: skip
    await act(send, "AppealChanged", "AR-9-1", worse, CENTRAL)
    [letter] = [x for x in letters(mail_dir, "appeal-AR-9-1") if "KLAGESAK:" in x]
    assert "til skade for deg" in letter and "delvis tatt til følge" not in letter
    assert "tap av ansiennitet i 3 måneder" in letter and "Sikkerheten i fengselet" in letter
    # fvl § 24 with § 29: the new window after reasons runs from their (presumed) arrival, as
    # `send_reasons` counts it, and the decision letter says so.
    [decision] = [x for x in letters(mail_dir, "discipline-AR-9") if "VEDTAK OM" in x]
    assert "ny frist fra den dagen begrunnelsen kom fram til deg" in decision


async def test_only_the_hr_side_records_a_delivery_systems_receipt(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: "Fristen for å klage er tre uker fra det tidspunkt underretning om vedtaket er
    kommet fram": the employee may record the day it reached them, as their own; a delivery
    system's record comes from the HR side, and replaces the party's (Mon 2052-03-04: window to
    Mon 03-25)."""
    await at(env, date(2052, 3, 4))
    await decided(send, "AR-10")
    claimed = {"received_on": "2052-03-04", "source": "digital_delivery"}
    no = await refused(send, "DecisionReceived", "AR-10", claimed, EMPLOYEE)
    assert (no.rule, no.field) == ("fvl § 29", "payload.source")
    appeal = {"grounds": "x", "posted_on": "2052-03-04"} | claimed
    also = await refused(send, "DecisionAppealed", "AR-10", appeal, EMPLOYEE)
    assert (also.rule, also.field) == ("fvl § 29", "payload.source")
    await act(send, "DecisionReceived", "AR-10", {"received_on": "2052-03-04"}, EMPLOYEE)
    hr = {"person_id": "hr-east", "role": "hr_officer"}
    await act(send, "DecisionReceived", "AR-10", claimed, hr)  # the system's record replaces it
    assert (await window_of(send, "AR-10"))[0] == date(2052, 3, 25)


async def test_a_suspension_the_central_council_decided_is_appealed_above_it(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 28: "Enkeltvedtak kan påklages ... til det forvaltningsorgan som er nærmest
    overordnet det forvaltningsorgan som har truffet vedtaket": a suspension the central council
    decided on the minority's demand (PR-2012 § 20 nr. 1, § 20 nr. 2 "påklage vedtak om ...
    suspensjon") is appealed to the Justice Department, never to the central council itself;
    the central council as the deciding body forwards it by its members' votes (fvl § 33, § 13
    nr. 3-4), and the appeal carries the day it was received (fvl § 34: Thu 2052-03-07). The
    appointing council, split, is convened on Mon 03-04 and meets Thu 03-07 (§ 13 nr. 1-2)."""
    await at(env, date(2052, 3, 4))  # Monday
    case = "AR-7"
    await act(send, "DisciplinaryCaseOpened", case, {"employee_id": "emp-2", "summary": "x"},
              LEADER)  # fmt: skip
    notice = NOTICE | {"reaction": "oppsigelse", "seniority_months": None}
    await act(send, "DisciplineNoticeSent", case, notice, LEADER)
    await act(send, "DisciplineReplyReceived", case, {"statement": "Uenig"}, EMPLOYEE)
    await council_votes(send, case, ("leader-oslo", "none", None), ("adm-oslo", "none", None),
                        ("rep-1", "oppsigelse", None), ("rep-2", "oppsigelse", None),
                        ("avd-oslo", "none", None))  # fmt: skip
    await act(send, "DisciplineEscalated", case, {"reasons": "Grovt"}, member("rep-1"))
    await central_council_votes(send, case, "suspensjon", "DisciplineCentral",
                                ("kdi-dir", "rd-east", "rep-c1"))  # fmt: skip
    await act(send, "DisciplineDecided", case, DECISION | {"reaction": "suspensjon"}, CENTRAL)
    appeal = {"grounds": "Ikke grunnlag", "posted_on": "2052-03-07"}
    await act(send, "SuspensionAppealed", case, appeal, EMPLOYEE)
    assert await state_is(send, f"appeal-{case}-1", "with_deciding_body")
    alone = await refused(send, "AppealForwarded", f"{case}-1", {"reasons": "x"}, CENTRAL)
    # the central council forwards as a council, convened first (§ 13 nr. 1, council8)
    assert (alone.rule, alone.field) == ("PR-2012 § 13 nr. 1", "sitting.convened_on")
    await deciding_council_votes(send, f"{case}-1", "forward",
                                 members=("kdi-dir", "kdi-2", "rep-c1"), superior=None)  # fmt: skip
    await act(send, "AppealForwarded", f"{case}-1", {"reasons": "Opprettholdes"}, CENTRAL)
    assert (await view(send, f"appeal-{case}-1")).state == "with_appeal_body"  # in time
    itself = await refused(send, "AppealUpheld", f"{case}-1", {"reasons": "x"}, CENTRAL)
    assert (itself.rule, itself.field) == ("PR-2012 § 20 nr. 2", "actor.person_id")
    await act(send, "AppealUpheld", f"{case}-1", {"reasons": "Nødvendig"}, JD)
    assert (await view(send, f"appeal-{case}-1")).state == "upheld"
