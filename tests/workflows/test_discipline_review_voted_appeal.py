"""Issue 12, disc8: the appeal decided as voted. A vote to change carries the reaction and term
it votes for, and the central council's leader enters only the majority's (fvl § 34 with
PR-2012 § 20 nr. 2 and § 13 nr. 4, `as_voted` shared with the first instance); whether a change
is to the appellant's detriment, and needs its notice, follows from what was voted; only the
party's own reply (or their "nothing more") ends the fvl § 16 reply period early; the appeal's
change keeps the form of an ordensstraff (statsansatteloven § 25). On the time-skipping server
with exact dates in March-April 2053 (after test_discipline_review_sitting.py's February)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from tests.helpers import (
    Sender,
    central_council_votes,
    convene_appeal_central,
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
from tests.workflows.test_discipline_law import HR, at, decided

PR_20_2 = "PR-2012 § 20 nr. 2"
EMBETSMANN = "statsansatteloven § 25; PR-2012 § 19 nr. 1"
REPRIMAND = {"reaction": "ordensstraff", "seniority_months": None,
             "form": "skriftlig_irettesettelse"}  # fmt: skip


def change(months: int | None, reaction: str = "ordensstraff") -> dict[str, object]:
    return {"choice": "change", "reaction": reaction, "seniority_months": months,
            "reasons": "Endres."}  # fmt: skip


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


async def _with_appeal_body(send: Sender, case: str, posted_on: str) -> None:
    """The decision appealed in time; its council forwards it to the central council."""
    await act(send, "DecisionAppealed", case, {"grounds": "For streng", "posted_on": posted_on},
              EMPLOYEE)  # fmt: skip
    assert await state_is(send, f"appeal-{case}-1", "with_deciding_body")
    await deciding_council_votes(send, f"{case}-1", "forward")
    await act(send, "AppealForwarded", f"{case}-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, f"appeal-{case}-1")).state == "with_appeal_body"


async def test_the_change_entered_is_the_reaction_and_term_the_majority_voted(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 34: "Klageinstansen kan prøve alle sider av saken"; PR-2012 § 20 nr. 2 "Det
    sentrale tilsettingsrådet er klageinstans"; § 13 nr. 4 "Det endelige vedtaket tas inn i en
    protokoll": the central council changes the decision by its members' votes, and a vote to
    change says what to. Three months' ordensstraff (Mon 2053-03-03) appealed; the members vote
    one, two and two months: the longest term a majority stands behind is two; the leader's one
    month is refused by field and nothing changes; two months is entered."""
    await at(env, date(2053, 3, 3))  # Monday
    await to_deliberation(send, "VA-1")  # the notice named three months
    await council_votes(send, "VA-1", ("leader-oslo", "ordensstraff", 3),
                        ("adm-oslo", "ordensstraff", 3), ("rep-1", "ordensstraff", 3))  # fmt: skip
    await act(send, "DisciplineDecided", "VA-1", DECISION, LEADER)
    await _with_appeal_body(send, "VA-1", "2053-03-03")

    await convene_appeal_central(send, "VA-1-1")  # § 13 nr. 1-2 (appeal10)
    bare = {"choice": "change", "reasons": "Endres."}
    unsaid = await refused(send, "AppealCentralCouncilVoteCast", "VA-1-1", bare, member("kdi-dir"))
    assert (unsaid.rule, unsaid.field) == (PR_20_2, "payload.reaction")
    ungraded = await refused(send, "AppealCentralCouncilVoteCast", "VA-1-1", change(None),
                             member("kdi-dir"))  # fmt: skip
    assert (ungraded.rule, ungraded.field) == (PR_20_2, "payload.seniority_months")
    upheld = {"choice": "uphold", "reaction": "ordensstraff", "reasons": "Står."}
    stray = await refused(send, "AppealCentralCouncilVoteCast", "VA-1-1", upheld,
                          member("kdi-dir"))  # fmt: skip
    assert (stray.rule, stray.field) == (PR_20_2, "payload.reaction")
    assert (await view(send, "appeal-VA-1-1")).details["council"]["votes"] == []

    for m, months in (("kdi-dir", 1), ("kdi-2", 2), ("rep-c1", 2)):
        await act(send, "AppealCentralCouncilVoteCast", "VA-1-1", change(months), member(m))
    for m in ("kdi-dir", "kdi-2", "rep-c1"):
        await act(send, "AppealCentralCouncilProtocolSigned", "VA-1-1", {}, member(m))
    entry = {"reasons": "Forholdsmessig", "reaction": "ordensstraff", "seniority_months": 1}
    shorter = await refused(send, "AppealChanged", "VA-1-1", entry, CENTRAL)
    assert (shorter.rule, shorter.field) == (PR_20_2, "payload.seniority_months")
    assert "ordensstraff (2 months)" in shorter.message
    assert (await view(send, "appeal-VA-1-1")).state == "with_appeal_body"  # nothing changed

    await act(send, "AppealChanged", "VA-1-1", entry | {"seniority_months": 2}, CENTRAL)
    assert await state_is(send, "discipline-VA-1", "ordensstraff_registered")
    details = (await view(send, "discipline-VA-1")).details
    assert (details["reaction"], details["seniority_months"]) == ("ordensstraff", 2)
    protocol = (await view(send, "appeal-VA-1-1")).details["council"]["protocol"]
    assert [(v["reaction"], v["severity"]) for v in protocol["votes"]] == [
        ("ordensstraff", 1), ("ordensstraff", 2), ("ordensstraff", 2)
    ]  # fmt: skip
    [letter] = [x for x in letters(mail_dir, "appeal-VA-1-1") if "KLAGESAK:" in x]
    assert "tap av ansiennitet i 2 måneder" in letter and "til skade for deg" not in letter


async def test_a_voted_change_to_the_detriment_waits_for_the_partys_own_reply(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 34 third paragraph: "Vedtaket kan ikke endres til skade for klageren med mindre
    ..."; fvl § 16: "Parten skal varsles før vedtak treffes og gis høve til å uttale seg innen
    en nærmere angitt frist". The council votes three months against the one decided (Mon
    2053-03-24): the leader cannot enter the one month nobody voted for to skip the notice, and
    the three months wait for it. The notice goes out Tue 04-01 with five working days: past
    Easter (Thu 04-03 to Mon 04-07) to Fri 04-11. An empty reply recorded by HR is refused; HR's
    record of what the appellant said keeps the period running; the appellant's own reply on
    Tue 04-08 ends it, and the change is entered that day."""
    await at(env, date(2053, 3, 24))  # Monday
    await decided(send, "VA-2")  # ordensstraff, one month
    await _with_appeal_body(send, "VA-2", "2053-03-24")
    await central_council_votes(send, "VA-2-1", "change", "AppealCentral",
                                reaction="ordensstraff", seniority_months=3)  # fmt: skip
    before = (await view(send, "appeal-VA-2-1")).details["council"]["votes"]
    as_before = {"reasons": "Står", "reaction": "ordensstraff", "seniority_months": 1}
    dodge = await refused(send, "AppealChanged", "VA-2-1", as_before, CENTRAL)
    assert (dodge.rule, dodge.field) == (PR_20_2, "payload.seniority_months")
    worse = {"reasons": "Grovere enn lagt til grunn", "reaction": "ordensstraff",
             "seniority_months": 3, "detriment_reasons": "Sikkerheten i fengselet"}  # fmt: skip
    unheard = await refused(send, "AppealChanged", "VA-2-1", worse, CENTRAL)
    assert (unheard.rule, unheard.field) == ("fvl § 16", "payload.reaction")

    await at(env, date(2053, 4, 1))  # Tuesday before Easter
    notice = {"reaction": "ordensstraff", "seniority_months": 3, "reasons": "Sikkerheten",
              "reply_days": 5}  # fmt: skip
    await act(send, "AppealDetrimentNoticeSent", "VA-2-1", notice, CENTRAL)
    # appeal10 (fvl § 34 with § 16): the notice closed the round; no vote while the party may reply
    assert (await view(send, "appeal-VA-2-1")).details["council"]["votes"] == []
    recast = await refused(send, "AppealCentralCouncilVoteCast", "VA-2-1", change(3),
                           member("kdi-dir"))  # fmt: skip
    assert (recast.rule, recast.field) == ("fvl § 16", "detriment_due")
    assert "2053-04-11" in recast.message
    for reply, who in (({"statement": " "}, HR), ({}, EMPLOYEE), ({"nothing_more": True}, HR)):
        empty = await refused(send, "AppealDetrimentReplyReceived", "VA-2-1", reply, who)
        assert (empty.rule, empty.field) == ("fvl § 16", "payload.statement")
    said = {"statement": "Arbeidstakeren mener tre måneder er urimelig (telefon i dag)."}
    await act(send, "AppealDetrimentReplyReceived", "VA-2-1", said, HR)
    due = next(d for d in (await view(send, "appeal-VA-2-1")).deadlines
               if d.name == "detriment_reply")  # fmt: skip
    assert due.due == date(2053, 4, 11)  # HR's record left the period running
    running = await refused(send, "AppealChanged", "VA-2-1", worse, CENTRAL)
    assert (running.rule, running.field) == ("fvl § 16", "payload.reaction")
    assert "2053-04-11" in running.message

    await at(env, date(2053, 4, 8))  # Tuesday after Easter Monday
    await act(send, "AppealDetrimentReplyReceived", "VA-2-1",
              {"statement": "Jeg har forklart meg skriftlig."}, EMPLOYEE)  # fmt: skip
    assert not any(
        d.name == "detriment_reply" for d in (await view(send, "appeal-VA-2-1")).deadlines
    )
    unvoted = await refused(send, "AppealChanged", "VA-2-1", worse, CENTRAL)
    assert (unvoted.rule, unvoted.field) == ("PR-2012 § 13 nr. 3", "votes")  # the old round
    await central_council_votes(send, "VA-2-1", "change", "AppealCentral",
                                reaction="ordensstraff", seniority_months=3)  # fmt: skip
    await act(send, "AppealChanged", "VA-2-1", worse, CENTRAL)
    protocol = (await view(send, "appeal-VA-2-1")).details["council"]["protocol"]
    assert protocol["closed_votes"] == before  # kept on the record
    assert len(protocol["votes"]) == 3 and protocol["decided_on"] == "2053-04-08"
    assert await state_is(send, "discipline-VA-2", "ordensstraff_registered")
    assert (await view(send, "discipline-VA-2")).details["seniority_months"] == 3


async def test_hr_ends_the_reply_period_only_with_the_partys_nothing_more(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 16 ("høve til å uttale seg innen en nærmere angitt frist"): HR records for the
    appellant (Mon 2053-04-14) that they have said all they will: the period, which would run to
    Mon 04-21 (Easter long past; five working days), ends, and the voted change is entered the
    same day."""
    await at(env, date(2053, 4, 14))  # Monday
    await decided(send, "VA-3")
    await _with_appeal_body(send, "VA-3", "2053-04-14")
    await central_council_votes(send, "VA-3-1", "change", "AppealCentral",
                                reaction="ordensstraff", seniority_months=2)  # fmt: skip
    notice = {"reaction": "ordensstraff", "seniority_months": 2, "reasons": "Gjentatt",
              "reply_days": 5}  # fmt: skip
    await act(send, "AppealDetrimentNoticeSent", "VA-3-1", notice, CENTRAL)
    done = {
        "statement": "Har ikke mer å tilføye (e-post fra arbeidstakeren).",
        "nothing_more": True,
    }
    await act(send, "AppealDetrimentReplyReceived", "VA-3-1", done, HR)
    await central_council_votes(send, "VA-3-1", "change", "AppealCentral",
                                reaction="ordensstraff", seniority_months=2)  # fmt: skip
    worse = {"reasons": "Gjentatt brudd", "reaction": "ordensstraff", "seniority_months": 2,
             "detriment_reasons": "Sikkerheten i fengselet"}  # fmt: skip
    await act(send, "AppealChanged", "VA-3-1", worse, CENTRAL)
    assert await state_is(send, "discipline-VA-3", "ordensstraff_registered")


async def test_the_king_keeps_an_embetsmanns_reprimand_a_reprimand(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """PR-2012 § 20 nr. 2: "med unntak av ... embetsmenn, hvor Kongen er klageinstans";
    statsansatteloven § 25: an embetsmann's ordensstraff is a skriftlig irettesettelse. The
    King (entered by the Justice Department, Tue 2053-04-22) may change the decision and keep
    the reprimand as one; loss of seniority for an embetsmann is refused by field, and the
    disciplinary case keeps the reprimand's form."""
    await at(env, date(2053, 4, 22))  # Tuesday
    party = {"person_id": "emb-1", "role": "employee"}
    await act(send, "DisciplinaryCaseOpened", "VA-4", {"employee_id": "emb-1",
              "summary": "Ulåst dør"}, LEADER)  # fmt: skip
    await act(send, "DisciplineNoticeSent", "VA-4", NOTICE | REPRIMAND, LEADER)
    await act(send, "DisciplineReplyReceived", "VA-4", {"statement": "Beklager"}, party)
    await act(send, "DisciplineDecided", "VA-4", DECISION | REPRIMAND, JD)
    await act(send, "DecisionAppealed", "VA-4", {"grounds": "For streng",
              "posted_on": "2053-04-22"}, party)  # fmt: skip
    assert await state_is(send, "appeal-VA-4-1", "with_deciding_body")
    await act(send, "AppealForwarded", "VA-4-1", {"reasons": "Opprettholdes"}, JD)
    seniority = {"reasons": "Tap av ansiennitet", "reaction": "ordensstraff", "seniority_months": 1}
    loss = await refused(send, "AppealChanged", "VA-4-1", seniority, JD)
    assert (loss.rule, loss.field) == (EMBETSMANN, "payload.form")
    kept = {"reasons": "Irettesettelsen står, med ny begrunnelse"} | REPRIMAND
    await act(send, "AppealChanged", "VA-4-1", kept, JD)
    assert await state_is(send, "discipline-VA-4", "ordensstraff_registered")
    details = (await view(send, "discipline-VA-4")).details
    assert details["ordensstraff_form"] == "skriftlig_irettesettelse"
    assert details["seniority_months"] is None
    [letter] = [x for x in letters(mail_dir, "appeal-VA-4-1") if "KLAGESAK:" in x]
    assert "i form av skriftlig irettesettelse (statsansatteloven § 25)" in letter
