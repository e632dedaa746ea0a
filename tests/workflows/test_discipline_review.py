"""Issue 12, the legal review: receipt (fvl § 29), reasons (fvl § 24), no appeal against an
appeal (fvl § 28), the minority's demand in the window (§ 20 nr. 1) and the letters (fvl
§§ 24, 27), on the time-skipping server with exact dates around Easter, Ascension, 17 May and
Whit Monday 2043. The tests run in date order: the test server's clock only moves forward."""

from __future__ import annotations

from datetime import date

from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from states.calendar import local_date
from tests.helpers import (
    CENTRAL_SEATS,
    Sender,
    central_council_votes,
    convene_in_writing,
    convene_main,
    deciding_council_votes,
    eventually,
)
from tests.workflows.test_discipline import (
    CENTRAL,
    DECISION,
    EMPLOYEE,
    LEADER,
    act,
    council_votes,
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import HR, at, decided, window_of

REP_2 = {"person_id": "rep-2", "role": "employee"}
ADM = {"person_id": "adm-oslo", "role": "employee"}


async def test_receipt_recorded_once_and_no_appeal_against_a_decided_appeal(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: the window runs from the day the decision "er kommet fram"; the day is
    recorded once, a delivery system's record replacing the party's own, and (disc9) the
    party's own statement an entry HR recorded. fvl § 28 third
    paragraph: "Vedtak i klagesak ... kan ikke påklages"."""
    await at(env, date(2043, 3, 20))  # Friday before Holy Week
    await decided(send, "RV-1")
    # Presumed receipt: Wed 03-25; three weeks end Wed 04-15 (Easter 03-26..03-30 in between).
    assert (await window_of(send, "RV-1"))[0] == date(2043, 4, 15)

    await at(env, date(2043, 3, 24))
    await act(send, "DecisionReceived", "RV-1", {"received_on": "2043-03-23"}, EMPLOYEE)
    assert (await window_of(send, "RV-1"))[0] == date(2043, 4, 13)  # Mon + 3 weeks
    twice = await refused(send, "DecisionReceived", "RV-1", {"received_on": "2043-03-24"}, EMPLOYEE)
    assert twice.rule == "fvl § 29" and twice.field == "payload.source"
    assert (await window_of(send, "RV-1"))[0] == date(2043, 4, 13)  # nothing changed
    system = {"received_on": "2043-03-24", "source": "delivery_receipt"}
    await act(send, "DecisionReceived", "RV-1", system, HR)  # the system's record wins
    assert (await window_of(send, "RV-1"))[0] == date(2043, 4, 14)
    for again in (system, {"received_on": "2043-03-23", "source": "digital_delivery"}):
        no = await refused(send, "DecisionReceived", "RV-1", again, HR)
        assert no.rule == "fvl § 29" and no.field == "payload.source"
    # disc9 (fvl § 29): HR records only a delivery system's receipt; the party's own statement
    # replaces an entry HR recorded.
    hr_says = await refused(send, "DecisionReceived", "RV-1", {"received_on": "2043-03-23"}, HR)
    assert hr_says.rule == "fvl § 29" and hr_says.field == "payload.source"
    await act(send, "DecisionReceived", "RV-1", {"received_on": "2043-03-23"}, EMPLOYEE)
    assert (await window_of(send, "RV-1"))[0] == date(2043, 4, 13)

    appeal = {"grounds": "For streng", "posted_on": "2043-03-24"}
    await act(send, "DecisionAppealed", "RV-1", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-RV-1-1", "with_deciding_body")
    await deciding_council_votes(send, "RV-1-1", "forward")
    await act(send, "AppealForwarded", "RV-1-1", {"reasons": "Opprettholdes"}, LEADER)
    await central_council_votes(send, "RV-1-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "RV-1-1", {"reasons": "Forholdsmessig"}, CENTRAL)
    assert await state_is(send, "discipline-RV-1", "ordensstraff_registered")

    await at(env, date(2043, 4, 2))  # Thursday after Easter, the window still runs
    # fvl § 28 third paragraph: the appeal against the decided appeal is taken in and dismissed
    # (tests/workflows/test_discipline_review_lawyer.py); the receipt changes nothing.
    receipt = await refused(
        send, "DecisionReceived", "RV-1", {"received_on": "2043-04-01", "source": "party"}, HR
    )
    assert receipt.rule == "fvl § 28 tredje ledd"
    assert (await view(send, "discipline-RV-1")).state == "ordensstraff_registered"


async def test_a_pending_request_for_reasons_keeps_the_window_open(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 24 second paragraph with § 29: a request for reasons within the window; "ny
    klagefrist løper fra det tidspunkt meddelelsen om begrunnelsen kommer fram" (presumed on
    the third working day, as the decision's own)."""
    await at(env, date(2043, 4, 13))  # Monday after Easter
    for case_id in ("RV-2", "RV-3"):
        await decided(send, case_id)
    # Presumed receipt Thu 04-16; three weeks end on Ascension Day 05-07 and move to Fri 05-08.
    assert (await window_of(send, "RV-2"))[0] == date(2043, 5, 8)
    await at(env, date(2043, 5, 6))
    for case_id in ("RV-2", "RV-3"):
        await act(send, "DecisionReasonsRequested", case_id, {}, EMPLOYEE)

    await at(env, date(2043, 5, 11))  # the first window has run out; the reasons have not come
    assert (await view(send, "discipline-RV-2")).state == "reasons_requested"
    appeal = {"grounds": "Uten begrunnelse", "posted_on": "2043-05-11"}
    await act(send, "DecisionAppealed", "RV-2", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-RV-2-1", "with_deciding_body")
    await deciding_council_votes(send, "RV-2-1", "forward")
    await act(send, "AppealForwarded", "RV-2-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-RV-2-1")).state == "with_appeal_body"  # in time, not late

    await at(env, date(2043, 5, 13))  # Wednesday before 17 May (a Sunday) and Whit Monday
    await act(send, "DecisionReasonsSent", "RV-3", {"reasons": "Utfyllende"}, LEADER)
    # Presumed to arrive Tue 05-19 (Thu, Fri, then Whit Monday 05-18 skipped); + 3 weeks.
    due, why = await window_of(send, "RV-3")
    assert due == date(2043, 6, 9) and "presumed to arrive" in why and "fvl § 24" in why
    await at(env, date(2043, 6, 10))
    assert await state_is(send, "discipline-RV-3", "ordensstraff_registered")


async def test_the_minoritys_demand_closes_with_the_decision(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 20 nr. 1: "Det samme gjelder hvor et mindretall ønsker en gitt ordensstraff
    skjerpet"; forflytting is an ordensstraff (tjml § 14, statsansatteloven § 25). disc10: the
    demand is made before the leader enters the decision (§ 13 nr. 5); a decision made and sent
    is not set aside by a later demand, not even within the appeal window (fvl § 35). The
    councils, split, are convened on Wed 06-10 to meet Mon 06-15 (§ 13 nr. 1-2)."""
    await at(env, date(2043, 6, 10))  # Wednesday
    for case_id in ("RV-4", "RV-5"):
        await to_deliberation(send, case_id)
        await convene_main(send, case_id, {"ordensstraff", "forflytting"}, move=False)
    await at(env, date(2043, 6, 15))  # Monday: the meetings
    for case_id in ("RV-4", "RV-5"):
        await council_votes(
            send,
            case_id,
            ("leader-oslo", "ordensstraff", 1),
            ("adm-oslo", "ordensstraff", 1),
            ("rep-1", "ordensstraff", 1),
            ("rep-2", "forflytting", None),
        )
        await act(send, "DisciplineDecided", case_id, DECISION, LEADER)
    # Presumed receipt Thu 06-18; the window ends Thu 07-09.
    assert (await window_of(send, "RV-4"))[0] == date(2043, 7, 9)
    majority = await refused(send, "DisciplineEscalated", "RV-4", {}, ADM)
    assert majority.rule == "PR-2012 § 20 nr. 1; fvl § 35"  # decided: nobody's demand now
    await at(env, date(2043, 7, 9))  # the window's last day
    after = await refused(send, "DisciplineEscalated", "RV-4", {"reasons": "Bør forflyttes"}, REP_2)
    assert (after.rule, after.field) == ("PR-2012 § 20 nr. 1; fvl § 35", "trigger")
    v = await view(send, "discipline-RV-4")  # nothing changed: the decision stands
    assert v.state == "appeal_window" and v.details["reaction"] == "ordensstraff"
    assert [d for d in v.deadlines if d.name == "appeal_window"]

    await at(env, date(2043, 7, 10))  # the window of RV-5 has run out
    assert await state_is(send, "discipline-RV-5", "ordensstraff_registered")
    late = await refused(send, "DisciplineEscalated", "RV-5", {"reasons": "x"}, REP_2)
    assert "not possible" in late.message or late.rule == "PR-2012 § 20 nr. 1"
    assert (await view(send, "discipline-RV-5")).details["reaction"] == "ordensstraff"


async def test_letters_name_the_basis_the_decider_and_the_appeal_body(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 24: "reglene vedtaket bygger på" (the provision the notice named and the
    competence rule); fvl § 27: who decided, the appeal body and the window, for the urgent
    suspension too (PR-2012 § 19 nr. 3, § 20 nr. 2); the letter is dated by the case's time."""
    await at(env, date(2043, 7, 13))  # Monday
    await decided(send, "RV-6")
    register: Store = send.store
    [decision] = [
        d for d in register.documents("discipline-RV-6") if d.kind == "discipline_decision"
    ]
    assert "tjml § 14" in decision.body and "PR-2012 § 19 nr. 2" in decision.body
    assert "Rettslig grunnlag: PR-2012 § 19 nr. 2." in decision.body  # not fvl § 27's notify
    assert "Avgjort av: Lars Berg, leder av Tilsettingsrådet ved Oslo fengsel" in decision.body
    assert "13. juli 2043" in decision.body and local_date(decision.created_at) == date(2043, 7, 13)

    await act(
        send, "DisciplinaryCaseOpened", "RV-7", {"employee_id": "emp-2", "summary": "x"}, LEADER
    )
    urgent = {"measure": "suspension", "reasons": "Fare for bevisforspillelse"}
    await act(send, "UrgentSuspension", "RV-7", urgent, LEADER)
    [suspension] = [
        d for d in register.documents("discipline-RV-7") if d.kind == "discipline_suspension"
    ]
    assert "klageinstans er Det sentrale tilsettingsrådet" in suspension.body
    assert "tre uker" in suspension.body and "13. juli 2043" in suspension.body


async def test_suspensive_effect_is_a_request_with_a_reasoned_decision(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 42: "Underinstansen, klageinstansen eller annet overordnet organ kan beslutte at
    vedtaket ikke skal iverksettes før klagefristen er ute eller klagen er avgjort"; a refusal
    is reasoned (legal-notes)."""
    await at(env, date(2043, 7, 20))  # Monday
    await decided(send, "RV-9")
    await act(send, "SuspensiveEffectRequested", "RV-9", {"reasons": "Vil klage"}, EMPLOYEE)
    assert (await view(send, "discipline-RV-9")).details["suspensive_requested_on"] == "2043-07-20"
    member = {"person_id": "rep-1", "role": "employee"}
    outsider = await refused(
        send, "SuspensiveEffectDecided", "RV-9", {"granted": True, "reasons": "x"}, member
    )
    assert outsider.rule == "fvl § 42" and outsider.field == "actor.person_id"
    bare = await refused(send, "SuspensiveEffectDecided", "RV-9", {"granted": False}, LEADER)
    assert bare.field == "payload.reasons"
    assert (await view(send, "discipline-RV-9")).details["suspensive_effect"] is False
    no = {"granted": False, "reasons": "Ordensstraffen er mild og kan rettes opp."}
    # The lawyer's review: the deciding body is the council; its leader does not decide alone
    # (§ 11 nr. 3-4: composed with the post's nearest superior; § 13 nr. 3-4: votes, protocol).
    alone = await refused(send, "SuspensiveEffectDecided", "RV-9", no, LEADER)
    assert alone.rule == "PR-2012 § 11 nr. 1–4"
    await deciding_council_votes(send, "RV-9", "refuse", "DisciplineDecidingBody")
    other = await refused(send, "SuspensiveEffectDecided", "RV-9", no | {"granted": True}, LEADER)
    assert other.rule == "PR-2012 § 19 nr. 2" and other.field == "payload"  # the majority's
    await act(send, "SuspensiveEffectDecided", "RV-9", no, LEADER)  # the deciding body
    protocol = (await view(send, "discipline-RV-9")).details["matter_protocol"]
    assert protocol["decision"] == "refuse" and len(protocol["signed_by"]) == 3
    v = await view(send, "discipline-RV-9")
    assert v.details["suspensive_effect"] is False and v.details["suspensive_requested_on"] is None
    register: Store = send.store
    [letter] = [
        d for d in register.documents("discipline-RV-9") if d.kind == "discipline_suspensive"
    ]
    assert "kan rettes opp" in letter.body and "forvaltningsloven § 42" in letter.body
    yes = {"granted": True, "reasons": "Klagen reiser tvil om faktum."}
    # the appeal body, the central council, by its members' votes (fvl § 42, appeal10), once
    # the appeal is before it (disc11)
    appeal = {"grounds": "Tvil om faktum", "posted_on": "2043-07-20"}
    await act(send, "DecisionAppealed", "RV-9", appeal, EMPLOYEE)
    await convene_in_writing(send, "RV-9", "DisciplineAppealBody", "kdi-dir", CENTRAL_SEATS)
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        vote = {"choice": "grant", "reasons": "Tvil om faktum."}
        await act(send, "DisciplineAppealBodyCouncilVoteCast", "RV-9", vote,
                  {"person_id": m, "role": "employee"})  # fmt: skip
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        await act(send, "DisciplineAppealBodyCouncilProtocolSigned", "RV-9", {},
                  {"person_id": m, "role": "employee"})  # fmt: skip
    await act(send, "SuspensiveEffectDecided", "RV-9", yes, CENTRAL)  # the appeal body
    assert (await view(send, "discipline-RV-9")).details["suspensive_effect"] is True


async def test_access_to_the_documents_is_decided_with_its_rule(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 18: "En part har rett til å gjøre seg kjent med sakens dokumenter"; fvl § 19:
    what may be withheld, each exemption with its rule; a refusal gives its reasons."""
    await at(env, date(2043, 7, 21))
    await decided(send, "RV-10")
    docs = (await view(send, "discipline-RV-10")).documents
    notice = next(d for d in docs if d.title == "Forhåndsvarsel")
    withheld = {
        "withheld": [{"doc_id": notice.doc_id, "rule": "fvl § 19 andre ledd bokstav b",
                      "reasons": "Opplysninger om en annen ansatts personlige forhold"}]
    }  # fmt: skip
    early = await refused(send, "DocumentAccessDecided", "RV-10", withheld, LEADER)
    assert early.rule == "fvl § 18"  # no request pending
    await act(send, "DocumentAccessRequested", "RV-10", {}, EMPLOYEE)
    assert (await view(send, "discipline-RV-10")).details["access_requested_on"] == "2043-07-21"
    member = {"person_id": "rep-1", "role": "employee"}
    assert (await refused(send, "DocumentAccessDecided", "RV-10", {}, member)).rule == (
        "TI-2020 § 2-5"
    )
    ghost = {"withheld": [withheld["withheld"][0] | {"doc_id": "nope"}]}
    unknown = await refused(send, "DocumentAccessDecided", "RV-10", ghost, LEADER)
    assert unknown.rule == "fvl § 19" and unknown.field == "payload.withheld.doc_id"
    every = {"withheld": [withheld["withheld"][0] | {"doc_id": d.doc_id} for d in docs]}
    blank = await refused(send, "DocumentAccessDecided", "RV-10", every, LEADER)
    assert blank.rule == "fvl § 19" and blank.field == "payload.refused_reasons"
    bad_rule = {"withheld": [withheld["withheld"][0] | {"rule": "fordi"}]}
    assert (await refused(send, "DocumentAccessDecided", "RV-10", bad_rule, LEADER)).field == (
        "payload.withheld.0.rule"
    )
    await act(send, "DocumentAccessDecided", "RV-10", withheld, LEADER)
    register: Store = send.store
    [letter] = [d for d in register.documents("discipline-RV-10") if d.kind == "discipline_access"]
    assert "- Vedtak" in letter.body
    assert "- Forhåndsvarsel: unntatt etter fvl § 19 andre ledd bokstav b" in letter.body
    assert (await view(send, "discipline-RV-10")).details["access_requested_on"] is None


async def test_the_suspension_has_its_own_appeal_extension_and_lapse(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 3 (urgent suspension), § 20 nr. 2 "En tjenestemann kan påklage vedtak
    om ... suspensjon", tjml § 16 nr. 2 (it lapses after six months unless extended), for a
    suspension the council decided (§ 19 nr. 2) as for an urgent one."""
    await at(env, date(2043, 8, 3))  # Monday
    await to_deliberation(send, "RV-11")
    urgent = {"measure": "suspension", "reasons": "Fare for bevisforspillelse"}
    await act(send, "UrgentSuspension", "RV-11", urgent, LEADER)
    assert (await view(send, "discipline-RV-11")).details["suspension_lapses"] == "2044-02-03"
    appeal = {"grounds": "Ikke grunnlag", "posted_on": "2043-08-03"}
    await act(send, "SuspensionAppealed", "RV-11", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-RV-11-1", "with_deciding_body")
    twice = await refused(send, "SuspensionAppealed", "RV-11", appeal, EMPLOYEE)
    assert twice.rule == "PR-2012 § 20 nr. 2"
    # The urgent suspension was the unit leader's alone (§ 19 nr. 3): no council sits on it.
    await act(send, "AppealForwarded", "RV-11-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-RV-11-1")).state == "with_appeal_body"  # in time
    await central_council_votes(send, "RV-11-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "RV-11-1", {"reasons": "Nødvendig"}, CENTRAL)

    async def resumed() -> bool:
        v = await view(send, "discipline-RV-11")
        return v.history[-1].trigger == "suspension_appeal_decided"

    assert await eventually(resumed)
    v = await view(send, "discipline-RV-11")
    assert v.state == "deliberation" and v.details["suspension_lapses"] == "2044-02-03"

    member = {"person_id": "rep-1", "role": "employee"}
    more = {"months": 2, "reasons": "Etterforskningen pågår"}
    no = await refused(send, "SuspensionExtended", "RV-11", more, member)
    assert no.rule == "tjml § 16 nr. 2" and no.field == "actor.person_id"
    alone = await refused(send, "SuspensionExtended", "RV-11", more, LEADER)
    assert alone.rule == "PR-2012 § 11 nr. 1–4"  # the council decides, not its leader alone
    await deciding_council_votes(send, "RV-11", "extend", "DisciplineDecidingBody")
    await act(send, "SuspensionExtended", "RV-11", more, LEADER)  # the council's leader enters it
    assert (await view(send, "discipline-RV-11")).details["suspension_lapses"] == "2044-04-03"
    register: Store = send.store
    [ext] = [
        d
        for d in register.documents("discipline-RV-11")
        if d.kind == "discipline_suspension_extended"
    ]
    assert (
        "klageinstans er Det sentrale tilsettingsrådet" in ext.body and "3. april 2044" in ext.body
    )

    # A suspension the council decides: the window closes, the decision stands, it lapses.
    notice = {"reaction": "suspensjon", "legal_basis": "tjml § 16", "facts": "Siktet"}
    await act(
        send, "DisciplinaryCaseOpened", "RV-12", {"employee_id": "emp-2", "summary": "x"}, LEADER
    )
    await act(send, "DisciplineNoticeSent", "RV-12", notice, LEADER)
    await act(send, "DisciplineReplyReceived", "RV-12", {"statement": "Nei"}, EMPLOYEE)
    await council_votes(
        send,
        "RV-12",
        ("leader-oslo", "suspensjon", None),
        ("adm-oslo", "suspensjon", None),
        ("rep-1", "suspensjon", None),
    )
    await act(send, "DisciplineDecided", "RV-12", DECISION, LEADER)
    assert (await view(send, "discipline-RV-12")).details["suspension_lapses"] == "2044-02-03"
    await at(env, date(2044, 2, 4))
    v = await view(send, "discipline-RV-12")
    assert v.state == "stands" and v.history[-1].trigger == "decided_suspension_lapses"
    assert v.details["suspension_lapses"] is None
    assert (await view(send, "discipline-RV-11")).details["suspension_lapses"] == "2044-04-03"
    await at(env, date(2044, 4, 4))
    v = await view(send, "discipline-RV-11")
    assert v.history[-1].trigger == "suspension_lapses" and v.details["suspension_lapses"] is None


async def test_the_neglect_is_assessed_by_the_concerned_employees_leader(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """TI-2020 § 2-5: "Ved tjenesteforsømmelser må enhetsleder vurdere om det skal gis en
    skriftlig advarsel": the unit leader of the employee concerned, not the reporter's; fvl § 6:
    a leader concerned or disqualified cannot, the next level decides; the employee may reply
    before the warning is filed with them (fvl § 16 by analogy)."""
    await at(env, date(2044, 4, 8))  # Friday before Holy Week
    reporter = {"person_id": "krus-emp", "role": "employee"}
    neglect = {"kind": "neglect", "summary": "Låste ikke celledør", "danger_or_loss": True}
    report = neglect | {"employee_id": "krus-emp", "concerns_employee_id": "emp-2"}
    await act(send, "ServiceReportSubmitted", "NR-1", report, reporter)
    own = await refused(
        send, "NeglectHandedToDiscipline", "NR-1", {"reasons": "x"},
        {"person_id": "krus-dir", "role": "krus_director"},
    )  # fmt: skip
    assert own.rule == "TI-2020 § 2-5" and own.field == "actor.person_id"  # the reporter's
    await act(send, "NeglectHandedToDiscipline", "NR-1", {"reasons": "Vurderes"}, LEADER)
    assert await state_is(send, "discipline-NR-1", "assessing")

    emp1 = {"person_id": "emp-1", "role": "employee"}
    about_leader = neglect | {"employee_id": "emp-1", "concerns_employee_id": "leader-oslo"}
    await act(send, "ServiceReportSubmitted", "NR-2", about_leader, emp1)
    himself = await refused(send, "NeglectAssessedNoAction", "NR-2", {"reasons": "x"}, LEADER)
    assert himself.rule == "fvl § 6" and himself.field == "actor.person_id"
    rd = {"person_id": "rd-east", "role": "regional_director"}
    await act(send, "NeglectAssessedNoAction", "NR-2", {"reasons": "Rettet straks"}, rd)

    await act(send, "ServiceReportSubmitted", "NR-3", neglect | {"employee_id": "emp-1",
              "concerns_employee_id": "emp-2"}, emp1)  # fmt: skip
    early = await refused(send, "NeglectAssessedNoAction", "NR-3", {"reasons": "x"}, rd)
    assert early.rule == "TI-2020 § 2-5"  # the unit leader first
    await act(send, "NeglectAssessorDisqualified", "NR-3", {"reasons": "Nær venn"}, LEADER)
    aside = await refused(send, "NeglectAssessedNoAction", "NR-3", {"reasons": "x"}, LEADER)
    assert aside.rule == "fvl § 6"
    await act(send, "NeglectAssessedNoAction", "NR-3", {"reasons": "Ingen fare"}, rd)

    # The warning in a case opened directly: a handed-over case that closes after its report
    # closed stops the test server's time skipping (its child-completion bookkeeping).
    opening = {"employee_id": "emp-2", "summary": "Låste ikke celledør"}
    await act(send, "DisciplinaryCaseOpened", "NR-4", opening, LEADER)
    warning = {"reasons": "Rutinebrudd"}
    unheard = await refused(send, "DisciplineWrittenWarning", "NR-4", warning, LEADER)
    assert unheard.rule == "TI-2020 § 2-5"
    announce = {"facts": "Døren sto ulåst", "reasons": "Rutinebrudd", "reply_days": 7}
    await act(send, "WrittenWarningAnnounced", "NR-4", announce, LEADER)
    # Seven days end on Good Friday 04-15 and move past Easter Monday to Tue 04-19.
    due = next(
        d for d in (await view(send, "discipline-NR-4")).deadlines if d.name == "warning_reply"
    )
    assert due.due == date(2044, 4, 19)
    await at(env, date(2044, 4, 19))
    assert (await view(send, "discipline-NR-4")).state == "warning_reply"
    await at(env, date(2044, 4, 20))
    assert await state_is(send, "discipline-NR-4", "assessing")
    await act(send, "DisciplineWrittenWarning", "NR-4", warning, LEADER)
    register: Store = send.store
    assert register.case("discipline-NR-4").person_id == "emp-2"  # type: ignore[union-attr]
    kinds = {d.kind for d in register.documents("discipline-NR-4")}
    assert {"discipline_warning_notice", "discipline_warning"} <= kinds
    assert not [d for d in register.documents("report-NR-1") if "ADVARSEL" in d.body]
    assert register.case("discipline-NR-1").person_id == "emp-2"  # type: ignore[union-attr]


async def test_no_receipt_a_year_after_the_decision(env: WorkflowEnvironment, send: Sender) -> None:
    """fvl § 31: no appeal "dersom det er gått mer enn ett år siden vedtaket ble truffet", so
    no receipt opens a window then (the last test: it moves the clock a year)."""
    await at(env, date(2044, 5, 2))
    await decided(send, "RV-8")
    await at(env, date(2045, 5, 2))  # the anniversary: still recorded
    await act(send, "DecisionReceived", "RV-8", {"received_on": "2044-05-06"}, EMPLOYEE)
    await at(env, date(2045, 5, 3))
    late = await refused(
        send,
        "DecisionReceived",
        "RV-8",
        {"received_on": "2044-05-09", "source": "delivery_receipt"},
        HR,
    )
    assert late.rule == "fvl § 31" and late.field == "payload.received_on"
