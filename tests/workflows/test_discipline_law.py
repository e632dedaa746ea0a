"""Issue 12: the appeal window, late appeals, the notice's limit, the council's majority and
embetsmenn, each on the time-skipping server with exact dates (Easter 2040 for the window)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from states.calendar import local_date
from tests.helpers import Sender, central_council_votes, deciding_council_votes, letters
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
    sleep_until,
    state_is,
    to_deliberation,
    view,
)

HR = {"person_id": "hr-east", "role": "hr_officer"}


async def decided(send: Sender, case_id: str) -> None:
    """An ordensstraff of one month, decided by the council's unanimous vote today."""
    await to_deliberation(send, case_id)
    await council_votes(
        send,
        case_id,
        ("leader-oslo", "ordensstraff", 1),
        ("adm-oslo", "ordensstraff", 1),
        ("rep-1", "ordensstraff", 1),
    )
    await act(send, "DisciplineDecided", case_id, DECISION, LEADER)


async def window_of(send: Sender, case_id: str) -> tuple[date, str]:
    w = next(
        d
        for d in (await view(send, f"discipline-{case_id}")).deadlines
        if d.name == "appeal_window"
    )
    return w.due, w.explanation


async def at(env: WorkflowEnvironment, day: date) -> None:
    assert local_date(await env.get_current_time()) <= day, "the test clock is past this date"
    await sleep_until(env, day)


async def test_window_runs_from_receipt_across_easter(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 29: "Fristen for å klage er tre uker fra det tidspunkt underretning om vedtaket er
    kommet fram til vedkommende part"; fvl § 30: posted in time is in time; legal-notes: a
    deadline on a weekend or holiday moves to the next working day."""
    await at(env, date(2040, 3, 5))  # Monday
    for case_id in ("L-1", "L-2", "L-3"):
        await decided(send, case_id)
    # Unknown receipt: presumed on the third working day, Thu 2040-03-08; three weeks end on
    # Maundy Thursday 2040-03-29 and move past Easter to Tue 2040-04-03.
    due, why = await window_of(send, "L-1")
    assert due == date(2040, 4, 3) and "no receipt recorded" in why and "2040-03-08" in why
    [letter] = [x for x in letters(mail_dir, "discipline-L-1") if "VEDTAK OM" in x]
    assert "forvaltningsloven § 29" in letter and "forvaltningsloven § 30" in letter
    assert "Vedtaket kom fram" not in letter  # the date only when the receipt is known

    before = await refused(send, "DecisionReceived", "L-1", {"received_on": "2040-03-04"}, HR)
    future = await refused(send, "DecisionReceived", "L-1", {"received_on": "2040-03-06"}, HR)
    for r in (before, future):
        assert r.rule == "fvl § 29" and r.field == "payload.received_on"
    assert (await window_of(send, "L-1"))[0] == date(2040, 4, 3)  # nothing changed

    await at(env, date(2040, 3, 6))
    receipt = {"received_on": "2040-03-06", "source": "delivery_receipt"}
    await act(send, "DecisionReceived", "L-1", receipt, HR)
    assert (await window_of(send, "L-1"))[0] == date(2040, 3, 27)  # Tue + 3 weeks: a Tuesday

    await at(env, date(2040, 4, 4))  # the presumed windows of L-2 and L-3 closed yesterday
    assert await state_is(send, "discipline-L-2", "ordensstraff_registered")
    # fvl § 30: posted on the last day, registered after the timer fired: in time (disc11: the
    # postmark HR recorded shows the day; the party's word alone goes to late review).
    last_day = {"grounds": "For streng", "posted_on": "2040-04-03", "posted_source": "postmark"}
    await act(send, "DecisionAppealed", "L-2", last_day, HR)
    assert await state_is(send, "appeal-L-2-1", "with_deciding_body")
    await deciding_council_votes(send, "L-2-1", "forward")
    await act(send, "AppealForwarded", "L-2-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-L-2-1")).state == "with_appeal_body"  # not late review
    # A plain appeal posted a day late goes to late review by itself (fvl § 31).
    late = {"grounds": "For streng", "posted_on": "2040-04-04"}
    await act(send, "DecisionAppealed", "L-3", late, EMPLOYEE)
    assert await state_is(send, "appeal-L-3-1", "with_deciding_body")
    await deciding_council_votes(send, "L-3-1", "forward")
    await act(send, "AppealForwarded", "L-3-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-L-3-1")).state == "late_review"


async def test_receipt_recorded_after_the_timer_opens_the_window_again(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 29: the window runs from receipt; a receipt recorded after the presumed window
    closed, still inside the real one, opens the case for an appeal in time."""
    await at(env, date(2040, 5, 7))  # Monday
    await decided(send, "L-4")
    # Presumed receipt: the third working day is Fri 05-11 (Thu 05-10 is Ascension Day);
    # three weeks end Fri 06-01.
    due, why = await window_of(send, "L-4")
    assert due == date(2040, 6, 1) and "2040-05-11" in why
    await at(env, date(2040, 6, 2))
    assert await state_is(send, "discipline-L-4", "ordensstraff_registered")
    await act(send, "DecisionReceived", "L-4", {"received_on": "2040-05-16"}, EMPLOYEE)
    # Wed 05-16 + 3 weeks = Wed 06-06.
    assert (await view(send, "discipline-L-4")).state == "appeal_window"
    assert (await window_of(send, "L-4"))[0] == date(2040, 6, 6)


async def test_no_late_appeal_a_year_after_the_decision(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 31: "Klagen kan ikke i noe tilfelle tas under behandling dersom det er gått mer
    enn ett år siden vedtaket ble truffet" (from the decision, not from the deadline), measured
    on the day the appeal was sent (fvl § 30, appeal10)."""
    await at(env, date(2041, 3, 5))  # Tuesday
    for case_id in ("L-5", "L-6"):
        await decided(send, case_id)
    await at(env, date(2042, 3, 5))  # the anniversary: a late appeal may still be lodged
    late = {"grounds": "Var syk", "posted_on": "2042-03-05"}
    await act(send, "DecisionAppealed", "L-5", late, EMPLOYEE)
    assert await state_is(send, "appeal-L-5-1", "with_deciding_body")
    await deciding_council_votes(send, "L-5-1", "forward")
    await act(send, "AppealForwarded", "L-5-1", {"reasons": "For sent"}, LEADER)
    await at(env, date(2042, 3, 6))  # a year and a day: the window's end + 365 days is later
    # appeal10: the year is measured on the day the appeal was sent (fvl § 30), the anniversary:
    # the appeal body may take it up on any later day.
    await central_council_votes(send, "L-5-1", "consider_late", "AppealCentral")
    await act(send, "LateAppealConsidered", "L-5-1", {"reasons": "Syk"}, CENTRAL)
    assert (await view(send, "appeal-L-5-1")).state == "with_appeal_body"
    # A party's rights are never lost to the form of an event: the appeal a year and a day
    # after the decision opens its case, which cannot be heard and is dismissed (avvisning,
    # fvl § 33 second paragraph; an enkeltvedtak, fvl § 2 third paragraph).
    future = await refused(
        send, "DecisionAppealed", "L-6", {"grounds": "x", "posted_on": "2042-03-07"}, EMPLOYEE
    )
    assert future.rule == "fvl § 30" and future.field == "payload.posted_on"  # malformed
    too_late = {"grounds": "x", "posted_on": "2042-03-06"}
    await act(send, "DecisionAppealed", "L-6", too_late, EMPLOYEE)
    assert await state_is(send, "appeal-L-6-1", "with_deciding_body")
    heard = await refused(send, "AppealForwarded", "L-6-1", {"reasons": "x"}, LEADER)
    assert heard.rule == "fvl § 31" and heard.field == "trigger"
    await deciding_council_votes(send, "L-6-1", "dismiss_inadmissible")
    await act(send, "AppealDismissed", "L-6-1", {"reasons": "Over ett år"}, LEADER)
    assert (await view(send, "appeal-L-6-1")).state == "dismissed"
    assert await state_is(send, "discipline-L-6", "ordensstraff_registered")
    # appeal10: the avvisning is an enkeltvedtak the party may appeal (fvl § 28 third paragraph,
    # § 2 third paragraph): the appeal the same Thursday, in time (three weeks from the
    # avvisning's presumed arrival, fvl § 29), opens a case that is heard, not dismissed again:
    # the deciding body cannot dismiss it (refused by rule and field, nothing changes) and
    # forwards it; the central council upholds, and the decision stands.
    against = {"grounds": "Klagen ble sendt innen ett år", "posted_on": "2042-03-06"}
    await act(send, "DecisionAppealed", "L-6", against, EMPLOYEE)
    assert await state_is(send, "appeal-L-6-2", "with_deciding_body")
    again = await refused(send, "AppealDismissed", "L-6-2", {"reasons": "x"}, LEADER)
    assert (again.rule, again.field) == ("fvl § 33", "trigger")
    assert (await view(send, "appeal-L-6-2")).state == "with_deciding_body"  # nothing changed
    await deciding_council_votes(send, "L-6-2", "forward")
    await act(send, "AppealForwarded", "L-6-2", {"reasons": "Avvisningen står"}, LEADER)
    assert (await view(send, "appeal-L-6-2")).state == "with_appeal_body"  # in time
    [forwarded] = [x for x in letters(mail_dir, "appeal-L-6-2") if "SENDT TIL KLAGEINSTANSEN" in x]
    assert "Klagen gjelder avvisningen" in forwarded and "fvl § 31" in forwarded
    await central_council_votes(send, "L-6-2", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "L-6-2", {"reasons": "Riktig avvist"}, CENTRAL)
    assert await state_is(send, "discipline-L-6", "ordensstraff_registered")


async def test_no_decision_harsher_than_the_notice(send: Sender) -> None:
    """fvl § 16: the party is warned of the reaction; a harsher one (more months of seniority)
    needs a new notice and a new reply period."""
    await to_deliberation(send, "L-7")  # notice: ordensstraff, 3 months
    await council_votes(
        send,
        "L-7",
        ("leader-oslo", "ordensstraff", 6),
        ("adm-oslo", "ordensstraff", 6),
        ("rep-1", "ordensstraff", 6),
    )
    harsher = await refused(send, "DisciplineDecided", "L-7", DECISION, LEADER)
    assert harsher.rule == "fvl § 16" and harsher.field == "votes"
    assert (await view(send, "discipline-L-7")).state == "deliberation"
    await act(send, "DisciplineNoticeSent", "L-7", NOTICE | {"seniority_months": 6}, LEADER)
    case = await view(send, "discipline-L-7")
    assert case.state == "awaiting_reply" and case.details["votes"] == []  # new reply period


async def test_majority_term_and_a_harsher_minority(send: Sender) -> None:
    """PR-2012 § 20 nr. 1: "Dersom det i tilsettingsrådet ikke er flertall for ... avskjed ...
    kan hvert medlem av mindretallet kreve saken avgjort av det sentrale tilsettingsrådet.
    Det samme gjelder hvor et mindretall ønsker en gitt ordensstraff skjerpet." The decided
    term is the one a majority stands behind (1 month), not the median of its votes (3)."""
    votes = (
        ("leader-oslo", "ordensstraff", 3),
        ("adm-oslo", "ordensstraff", 3),
        ("rep-1", "ordensstraff", 1),
        ("rep-2", "avskjed", None),
        ("avd-oslo", "ordensstraff", 1),  # § 11 nr. 3: the nearest superior's seat
    )
    await to_deliberation(send, "L-8")
    await council_votes(send, "L-8", *votes)
    await act(send, "DisciplineDecided", "L-8", DECISION, LEADER)
    assert (await view(send, "discipline-L-8")).details["seniority_months"] == 1

    await to_deliberation(send, "L-9")
    await council_votes(send, "L-9", *votes)
    same = await refused(
        send, "DisciplineEscalated", "L-9", {}, {"person_id": "rep-1", "role": "employee"}
    )
    assert same.rule == "PR-2012 § 20 nr. 1" and same.field == "actor.person_id"
    await act(send, "DisciplineEscalated", "L-9", {}, {"person_id": "rep-2", "role": "employee"})
    assert (await view(send, "discipline-L-9")).state == "central_council"


async def test_embetsmann_department_and_the_king(send: Sender) -> None:
    """PR-2012 § 19 nr. 1: the Department gives an embetsmann ordensstraff; oppsigelse is a
    tjenestemann's (tjml § 10; Grunnloven § 22); § 20 nr. 2: "Kongen er klageinstans hvis en
    embetsmann klager over en ordensstraff"."""
    opening = {"employee_id": "emb-1", "summary": "Ulåst dør"}
    await act(send, "DisciplinaryCaseOpened", "L-10", opening, LEADER)
    dismissal = NOTICE | {"reaction": "oppsigelse", "seniority_months": None}
    no = await refused(send, "DisciplineNoticeSent", "L-10", dismissal, LEADER)
    assert no.rule == "Grunnloven § 22; tjml § 10" and no.field == "payload.reaction"
    assert (await view(send, "discipline-L-10")).state == "assessing"
    # statsansatteloven § 25: an embetsmann's ordensstraff is a skriftlig irettesettelse.
    reprimand = {"reaction": "ordensstraff", "seniority_months": None,
                 "form": "skriftlig_irettesettelse"}  # fmt: skip
    await act(send, "DisciplineNoticeSent", "L-10", NOTICE | reprimand, LEADER)
    party = {"person_id": "emb-1", "role": "employee"}
    await act(send, "DisciplineReplyReceived", "L-10", {"statement": "Beklager"}, party)
    council = await refused(send, "DisciplineDecided", "L-10", DECISION, LEADER)
    assert council.rule == "PR-2012 § 19 nr. 1"
    avskjed = await refused(
        send, "DisciplineDecided", "L-10", DECISION | {"reaction": "avskjed"}, JD
    )
    assert avskjed.rule == "PR-2012 § 19 nr. 1" and avskjed.field == "payload.reaction"
    ordens = DECISION | reprimand
    await act(send, "DisciplineDecided", "L-10", ordens, JD)
    today = (await view(send, "discipline-L-10")).details["decided_on"]
    await act(send, "DecisionAppealed", "L-10", {"grounds": "Uenig", "posted_on": today}, party)
    assert await state_is(send, "appeal-L-10-1", "with_deciding_body")
    await act(send, "AppealForwarded", "L-10-1", {"reasons": "Opprettholdes"}, JD)
    central = await refused(send, "AppealUpheld", "L-10-1", {"reasons": "x"}, CENTRAL)
    assert central.rule == "PR-2012 § 20 nr. 2"
    await act(send, "AppealUpheld", "L-10-1", {"reasons": "Forholdsmessig"}, JD)
    assert await state_is(send, "discipline-L-10", "ordensstraff_registered")


async def test_changed_outcome_drives_the_case(send: Sender) -> None:
    """fvl § 34: "Klageinstansen kan prøve alle sider av saken"; a change to the appellant's
    detriment only where their interests must yield and after notice. PR-2012 § 18: the milder
    ordensstraff is registered and deleted after five years."""
    await to_deliberation(send, "L-11")  # notice: ordensstraff, 3 months
    await council_votes(
        send,
        "L-11",
        ("leader-oslo", "ordensstraff", 3),
        ("adm-oslo", "ordensstraff", 3),
        ("rep-1", "ordensstraff", 3),
    )
    await act(send, "DisciplineDecided", "L-11", DECISION, LEADER)
    today = (await view(send, "discipline-L-11")).details["decided_on"]
    await act(
        send, "DecisionAppealed", "L-11", {"grounds": "For strengt", "posted_on": today}, EMPLOYEE
    )
    assert await state_is(send, "appeal-L-11-1", "with_deciding_body")
    await deciding_council_votes(send, "L-11-1", "forward")
    await act(send, "AppealForwarded", "L-11-1", {"reasons": "Opprettholdes"}, LEADER)
    worse = {"reasons": "Grovere enn antatt", "reaction": "ordensstraff", "seniority_months": 6}
    no_reasons = await refused(send, "AppealChanged", "L-11-1", worse, CENTRAL)
    assert no_reasons.rule == "fvl § 34" and no_reasons.field == "payload.detriment_reasons"
    no_notice = await refused(
        send, "AppealChanged", "L-11-1", worse | {"detriment_reasons": "Sikkerheten"}, CENTRAL
    )
    # fvl § 34 third paragraph with § 16 (disc6): the notice is a step of its own, first.
    assert no_notice.rule == "fvl § 16" and no_notice.field == "payload.reaction"
    assert (await view(send, "appeal-L-11-1")).state == "with_appeal_body"
    milder = {"reasons": "Forholdsmessig", "reaction": "ordensstraff", "seniority_months": 1}
    # issue 13; disc8: the vote to change states the reaction and term it votes for (fvl § 34)
    await central_council_votes(
        send, "L-11-1", "change", "AppealCentral", reaction="ordensstraff", seniority_months=1
    )
    await act(send, "AppealChanged", "L-11-1", milder, CENTRAL)
    assert await state_is(send, "discipline-L-11", "ordensstraff_registered")
    case = await view(send, "discipline-L-11")
    assert case.details["seniority_months"] == 1
    resumed = case.history[-1]
    assert resumed.trigger == "appeal_changed" and "ordensstraff (1 months) by kdi-dir" in (
        resumed.note or ""
    )
    assert any(d.name == "delete_ordensstraff" for d in case.deadlines)  # § 18 runs
