"""Issue 12, the legal review's last findings (disc6): the appointing council's main vote and
decision go through the one collegial machinery (states/council.py `Collegial`, PR-2012 §§ 11,
13), its seats are judged on the step's date from the register, the seated nearest superior is
checked against the register, a change on appeal to the appellant's detriment waits for the
notice and its reply period (fvl §§ 16, 34), and an embetsmann's ordensstraff is a skriftlig
irettesettelse. On the time-skipping server with exact dates in 2053 (after
test_discipline_review_rights.py's 2052; the test server's clock only moves forward)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake import dispatch
from intake.org_file import read_org
from states.org import Org, Superior
from states.rules import RuleViolation
from tests.conftest import EXAMPLES
from tests.helpers import (
    OSLO_SEATS,
    Sender,
    central_council_votes,
    convene_main,
    deciding_council_votes,
    event,
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
    refused,
    state_is,
    to_deliberation,
    view,
)
from tests.workflows.test_discipline_law import at, decided

EMBETSMANN = "statsansatteloven § 25; PR-2012 § 19 nr. 1"
REPRIMAND = {"reaction": "ordensstraff", "seniority_months": None,
             "form": "skriftlig_irettesettelse"}  # fmt: skip


def member(person_id: str) -> dict[str, str]:
    return {"person_id": person_id, "role": "employee"}


def vote(months: int | None = 1, reasons: str = "Alvorlig brudd.") -> dict[str, object]:
    choice = "ordensstraff" if months else "none"
    return {"choice": choice, "seniority_months": months, "reasons": reasons}


async def test_the_main_decision_is_the_councils_with_its_signed_protocol(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 2: the appointing body decides, and it is a council: § 11 nr. 3 "Ved
    de lokale enhetene består tilsettingsrådet av ... nærmeste overordnede for stillingen ...";
    § 13 nr. 3 "Rådet er beslutningsdyktig om minst halvparten av medlemmene deltar"; § 13 nr. 4
    "Det endelige vedtaket tas inn i en protokoll som alle underskriver". The notice reply comes
    Mon 2053-01-06; no vote before the nearest superior is seated, no decision before a quorum
    has signed the protocol as it stands, and the leader enters it with the protocol."""
    await at(env, date(2053, 1, 6))  # Monday
    await to_deliberation(send, "MS-1")
    early = await refused(send, "CouncilVoteCast", "MS-1", vote(), member("rep-1"))
    assert (early.rule, early.field) == ("PR-2012 § 11 nr. 1–4", "council")
    assert "nearest_superior" in early.message
    seat = {"person_id": "avd-oslo"}
    other = await refused(send, "DisciplineCouncilSuperiorSeated", "MS-1", seat, member("rep-1"))
    assert (other.rule, other.field) == ("PR-2012 § 11 nr. 1–4", "actor.person_id")
    own = await refused(send, "DisciplineCouncilSuperiorSeated", "MS-1",
                        {"person_id": "emp-2"}, LEADER)  # fmt: skip
    assert (own.rule, own.field) == ("fvl § 6", "payload.person_id")
    sitting = (await view(send, "discipline-MS-1")).details["main"]
    assert sitting["superior_id"] is None and sitting["votes"] == []  # nothing changed
    await act(send, "DisciplineCouncilSuperiorSeated", "MS-1", seat, LEADER)

    outsider = await refused(send, "CouncilVoteCast", "MS-1", vote(), member("tv-oslo"))
    assert (outsider.rule, outsider.field) == ("PR-2012 § 11 nr. 1–4", "actor.person_id")
    members = ("leader-oslo", "adm-oslo", "avd-oslo")
    await convene_main(send, "MS-1", {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in members:
        await act(send, "CouncilVoteCast", "MS-1", vote(reasons=f"{m}: alvorlig"), member(m))
    unsigned = await refused(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    for m in ("leader-oslo", "adm-oslo"):
        await act(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member(m))
    absent = await refused(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member("rep-2"))
    assert (absent.rule, absent.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    two = await refused(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    assert (two.rule, two.field) == ("PR-2012 § 13 nr. 3", "signatures")
    assert "2 of 5 members have signed" in two.message
    await act(send, "DisciplineCouncilProtocolSigned", "MS-1", {}, member("avd-oslo"))
    not_leader = await refused(send, "DisciplineDecided", "MS-1", DECISION, member("adm-oslo"))
    assert (not_leader.rule, not_leader.field) == ("PR-2012 § 19 nr. 2", "actor.person_id")
    assert (await view(send, "discipline-MS-1")).state == "deliberation"  # nothing changed

    await act(send, "DisciplineDecided", "MS-1", DECISION, LEADER)
    details = (await view(send, "discipline-MS-1")).details
    assert details["reaction"] == "ordensstraff" and details["seniority_months"] == 1
    protocol = details["main"]["protocol"]
    assert protocol["rule"] == "PR-2012 § 19 nr. 2" and protocol["decision"] == "ordensstraff"
    assert protocol["decided_on"] == "2053-01-06"
    assert "avd-oslo" in protocol["members"]  # § 11 nr. 3: the per-case seat sat
    assert protocol["signed_by"] == ["leader-oslo", "adm-oslo", "avd-oslo"]
    assert [v["reasons"] for v in protocol["votes"]] == [f"{m}: alvorlig" for m in members]


async def test_a_close_without_reaction_is_entered_with_its_protocol(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 2 with § 13 nr. 3-4: the council's majority for no reaction closes the
    case only as a decision of the council: signed by a quorum, entered with the protocol (Tue
    2053-01-07)."""
    await at(env, date(2053, 1, 7))
    await to_deliberation(send, "MS-2")
    await act(send, "DisciplineCouncilSuperiorSeated", "MS-2", {"person_id": "avd-oslo"}, LEADER)
    await convene_main(send, "MS-2", {"none"})  # § 13 nr. 1-2: convened, in writing
    for m in ("leader-oslo", "adm-oslo", "rep-1"):
        await act(send, "CouncilVoteCast", "MS-2", vote(None, "Ingen reaksjon."), member(m))
    close = {"reasons": "Flertallet: ingen reaksjon"}
    unsigned = await refused(send, "DisciplineDismissed", "MS-2", close, LEADER)
    assert (unsigned.rule, unsigned.field) == ("PR-2012 § 13 nr. 3", "signatures")
    assert (await view(send, "discipline-MS-2")).state == "deliberation"
    for m in ("leader-oslo", "adm-oslo", "rep-1"):
        await act(send, "DisciplineCouncilProtocolSigned", "MS-2", {}, member(m))
    await act(send, "DisciplineDismissed", "MS-2", close, LEADER)
    view_ = await view(send, "discipline-MS-2")
    assert view_.state == "closed"
    assert view_.details["main"]["protocol"]["decision"] == "none"
    assert EMPLOYEE["person_id"] not in view_.details["main"]["protocol"]["members"]


class Dated:
    """Steps dated on the test server's day: the event's `occurred_at` and the door's own day
    (`dispatch.door_day`), so that the register is read on that day, as in production."""

    def __init__(self, env: WorkflowEnvironment, send: Sender, mp: pytest.MonkeyPatch) -> None:
        self.env, self.send, self.mp = env, send, mp
        self.day = date.min

    async def to(self, day: date) -> None:
        await at(self.env, day)
        self.day = day
        self.mp.setattr(dispatch, "door_day", lambda: day)

    def _event(self, type_: str, case: str, payload: Any, actor: dict[str, str]) -> Any:
        ev = event(type_, case, payload, actor["person_id"], actor["role"])
        ev["occurred_at"] = datetime.combine(self.day, time(12), tzinfo=UTC).isoformat()
        return ev

    async def act(self, type_: str, case: str, payload: Any, actor: dict[str, str]) -> Any:
        return await self.send.send(self._event(type_, case, payload, actor))

    async def refused(
        self, type_: str, case: str, payload: Any, actor: dict[str, str]
    ) -> RuleViolation:
        return await self.send.refused(self._event(type_, case, payload, actor))


@pytest.fixture
def dated(env: WorkflowEnvironment, send: Sender, monkeypatch: pytest.MonkeyPatch) -> Dated:
    return Dated(env, send, monkeypatch)


@pytest.fixture
def org_back(register: Store) -> Iterator[Org]:
    """The example register, put back after a test that changes it."""
    org = read_org(EXAMPLES / "org.yaml")
    yield org
    register.load_org(org)


def replaced(org: Org, council_id: str, old: str, new: str, last_day: date) -> Org:
    """`old`'s seat (and their personal deputy's service for them) ends on `last_day`; `new`
    takes the seat the next day with the same deputy: the register's dated council seats."""
    councils = []
    for c in org.councils:
        members = []
        for m in c.members:
            if c.council_id == council_id and old in (m.person_id, m.deputy_for):
                members.append(m.model_copy(update={"valid_to": last_day}))
                after = {"valid_from": last_day + timedelta(days=1), "valid_to": None}
                after |= {"person_id": new} if m.person_id == old else {"deputy_for": new}
                members.append(m.model_copy(update=after))
            else:
                members.append(m)
        councils.append(c.model_copy(update={"members": members}))
    return org.model_copy(update={"councils": councils})


async def test_a_member_replaced_in_the_register_votes_no_more_and_the_new_one_does(
    send: Sender, register: Store, org_back: Org, dated: Dated
) -> None:
    """PR-2012 § 11 nr. 3 (the council's members and their personal deputies) with § 13 nr. 3:
    a seat is judged on the step's date from the register, not from the case's slice loaded
    when it opened. rep-2's seat ends Thu 2053-01-09 (recorded after the case opened) and
    tv-oslo holds it from Fri 01-10: on Friday rep-2 is refused by the rule and tv-oslo, whom
    the case's slice never knew, votes, signs and sits in the protocol. rep-2 voted on the
    Wednesday: that vote leaves with them (`seated`): it counts neither in the tally (2 of 5
    have taken part, no quorum) nor in the protocol, and tv-oslo votes for the seat."""
    await dated.to(date(2053, 1, 8))  # Wednesday
    await to_deliberation(send, "MS-3")
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-3", {"person_id": "avd-oslo"}, LEADER)
    await convene_main(send, "MS-3", {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in ("leader-oslo", "adm-oslo", "rep-2"):
        await dated.act("CouncilVoteCast", "MS-3", vote(), member(m))
    register.load_org(replaced(org_back, "council-oslo-prison", "rep-2", "tv-oslo",
                               date(2053, 1, 9)))  # fmt: skip

    await dated.to(date(2053, 1, 10))  # Friday
    gone = await dated.refused("CouncilVoteCast", "MS-3", vote(), member("rep-2"))
    assert (gone.rule, gone.field) == ("PR-2012 § 11 nr. 1–4", "actor.person_id")
    assert len((await view(send, "discipline-MS-3")).details["votes"]) == 3  # nothing changed
    # § 13 nr. 2: written procedure with every member's agreement, the new member's too
    await dated.act("DisciplineWrittenProcedureAgreed", "MS-3", {}, member("tv-oslo"))
    tally = await dated.refused("DisciplineDecided", "MS-3", DECISION, LEADER)
    assert (tally.rule, tally.field) == ("PR-2012 § 13 nr. 3", "votes")
    assert "2 of 5 members have taken part" in tally.message  # rep-2's vote left with them
    await dated.act("CouncilVoteCast", "MS-3", vote(), member("tv-oslo"))
    for m in ("leader-oslo", "adm-oslo", "tv-oslo"):
        await dated.act("DisciplineCouncilProtocolSigned", "MS-3", {}, member(m))
    await dated.act("DisciplineDecided", "MS-3", DECISION, LEADER)
    protocol = (await view(send, "discipline-MS-3")).details["main"]["protocol"]
    assert "tv-oslo" in protocol["members"] and "rep-2" not in protocol["members"]
    assert [v["member_id"] for v in protocol["votes"]] == ["leader-oslo", "adm-oslo", "tv-oslo"]
    assert protocol["signed_by"] == ["leader-oslo", "adm-oslo", "tv-oslo"]
    assert protocol["decided_on"] == "2053-01-10"


async def test_the_seated_superior_is_the_registers_nearest_superior_on_the_day(
    send: Sender, register: Store, org_back: Org, dated: Dated
) -> None:
    """PR-2012 § 11 nr. 3: "nærmeste overordnede for stillingen" sits per case: the person the
    register names as the employee's nearest superior on the step's date. The register has
    avd-oslo over emp-2 until Mon 2053-01-13 and sec-east from Tue 01-14: on the Monday only
    avd-oslo may be seated, on the Tuesday only sec-east."""
    emp_2 = next(p for p in org_back.people if p.person_id == "emp-2")
    changed = emp_2.model_copy(update={"superiors": [
        Superior(person_id="avd-oslo", valid_to=date(2053, 1, 13)),
        Superior(person_id="sec-east", valid_from=date(2053, 1, 14)),
    ]})  # fmt: skip
    people = [changed if p.person_id == "emp-2" else p for p in org_back.people]
    register.load_org(org_back.model_copy(update={"people": people}))
    await dated.to(date(2053, 1, 13))  # Monday
    for case in ("MS-4", "MS-5"):
        await to_deliberation(send, case)
    wrong = await dated.refused("DisciplineCouncilSuperiorSeated", "MS-4",
                          {"person_id": "sec-east"}, LEADER)  # fmt: skip
    assert (wrong.rule, wrong.field) == ("PR-2012 § 11 nr. 3", "payload.person_id")
    assert "avd-oslo" in wrong.message and "2053-01-13" in wrong.message
    assert (await view(send, "discipline-MS-4")).details["main"]["superior_id"] is None
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-4", {"person_id": "avd-oslo"}, LEADER)

    await dated.to(date(2053, 1, 14))  # Tuesday
    late = await dated.refused("DisciplineCouncilSuperiorSeated", "MS-5",
                         {"person_id": "avd-oslo"}, LEADER)  # fmt: skip
    assert (late.rule, late.field) == ("PR-2012 § 11 nr. 3", "payload.person_id")
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-5", {"person_id": "sec-east"}, LEADER)
    assert (await view(send, "discipline-MS-5")).details["main"]["superior_id"] == ("sec-east")
    # MS-4's seated superior is no longer emp-2's nearest superior: no vote (disc7: checked at
    # each step, the vote and the signature too), so no decision entered so.
    stale = await dated.refused("CouncilVoteCast", "MS-4", vote(), member("leader-oslo"))
    assert (stale.rule, stale.field) == ("PR-2012 § 11 nr. 3", "main.superior_id")
    assert (await view(send, "discipline-MS-4")).details["votes"] == []  # nothing changed


async def test_an_embetsmanns_ordensstraff_is_a_written_reprimand(
    send: Sender, dated: Dated, mail_dir: Path
) -> None:
    """PR-2012 § 19 nr. 1: "Justisdepartementet treffer vedtak om å ... gi [embetsmann]
    ordensstraff"; statsansatteloven § 25 (tjml § 14; legal-notes: "loss of seniority (1 month
    to 2 years), written reprimand (embetsmenn) or transfer"): an embetsmann's ordensstraff is a
    skriftlig irettesettelse, and only an embetsmann's (Wed 2053-01-15)."""
    await dated.to(date(2053, 1, 15))
    party = member("emb-1")
    await dated.act("DisciplinaryCaseOpened", "MS-6", {"employee_id": "emb-1",
                    "summary": "Ulåst dør"}, LEADER)  # fmt: skip
    months = await dated.refused("DisciplineNoticeSent", "MS-6", NOTICE, LEADER)
    assert (months.rule, months.field) == (EMBETSMANN, "payload.form")
    assert (await view(send, "discipline-MS-6")).state == "assessing"  # nothing changed
    await dated.act("DisciplineNoticeSent", "MS-6", NOTICE | REPRIMAND, LEADER)
    await dated.act("DisciplineReplyReceived", "MS-6", {"statement": "Beklager"}, party)
    seniority = DECISION | {"reaction": "ordensstraff", "seniority_months": 2}
    loss = await dated.refused("DisciplineDecided", "MS-6", seniority, JD)
    assert (loss.rule, loss.field) == (EMBETSMANN, "payload.form")
    assert (await view(send, "discipline-MS-6")).state == "deliberation"
    await dated.act("DisciplineDecided", "MS-6", DECISION | REPRIMAND, JD)
    details = (await view(send, "discipline-MS-6")).details
    assert details["reaction"] == "ordensstraff" and details["seniority_months"] is None
    assert details["ordensstraff_form"] == "skriftlig_irettesettelse"
    # disc7: the letters say it (fvl § 16 the notice, fvl § 24 the decision).
    sent = letters(mail_dir, "discipline-MS-6")
    [notice] = [x for x in sent if "Vi varsler" in x]
    [decision] = [x for x in sent if "VEDTAK OM ORDENSSTRAFF" in x]
    for text in (notice, decision):
        assert "ordensstraff i form av skriftlig irettesettelse (statsansatteloven § 25)" in text

    # A tjenestemann's ordensstraff is not a written reprimand.
    await dated.act("DisciplinaryCaseOpened", "MS-7", {"employee_id": "emp-2",
                    "summary": "Ulåst dør"}, LEADER)  # fmt: skip
    other = await dated.refused("DisciplineNoticeSent", "MS-7", NOTICE | REPRIMAND, LEADER)
    assert (other.rule, other.field) == (EMBETSMANN, "payload.form")
    assert (await view(send, "discipline-MS-7")).state == "assessing"


async def test_a_change_to_the_appellants_detriment_waits_for_the_notice_and_the_reply(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 34 third paragraph: "Vedtaket kan ikke endres til skade for klageren med mindre
    ..."; "Endring til skade for klageren kan ikke skje dersom underretning om endringen er
    sendt klageren senere enn tre måneder ..."; with fvl § 16 ("Parten skal ... varsles før
    vedtak treffes og gis høve til å uttale seg innen en nærmere angitt frist"). The notice goes
    out Thu 2053-01-16 with five working days to reply: to Thu 01-23 (over the weekend); the
    change is refused through Thursday and taken on Friday 01-24, the period run out."""
    await at(env, date(2053, 1, 16))  # Thursday
    await decided(send, "MS-8")  # ordensstraff, one month
    await act(send, "DecisionAppealed", "MS-8", {"grounds": "For streng",
              "posted_on": "2053-01-16"}, EMPLOYEE)  # fmt: skip
    assert await state_is(send, "appeal-MS-8-1", "with_deciding_body")
    await deciding_council_votes(send, "MS-8-1", "forward")
    await act(send, "AppealForwarded", "MS-8-1", {"reasons": "Opprettholdes"}, LEADER)
    await central_council_votes(
        send, "MS-8-1", "change", "AppealCentral", reaction="ordensstraff", seniority_months=3
    )
    worse = {"reasons": "Grovere enn lagt til grunn", "reaction": "ordensstraff",
             "seniority_months": 3, "detriment_reasons": "Sikkerheten i fengselet"}  # fmt: skip
    unnoticed = await refused(send, "AppealChanged", "MS-8-1", worse, CENTRAL)
    assert (unnoticed.rule, unnoticed.field) == ("fvl § 16", "payload.reaction")
    notice = {"reaction": "ordensstraff", "seniority_months": 3, "reasons": "Sikkerheten",
              "reply_days": 5}  # fmt: skip
    milder = await refused(send, "AppealDetrimentNoticeSent", "MS-8-1",
                           notice | {"seniority_months": 1}, CENTRAL)  # fmt: skip
    assert (milder.rule, milder.field) == ("fvl § 34", "payload.reaction")
    await act(send, "AppealDetrimentNoticeSent", "MS-8-1", notice, CENTRAL)
    due = next(d for d in (await view(send, "appeal-MS-8-1")).deadlines
               if d.name == "detriment_reply")  # fmt: skip
    assert due.due == date(2053, 1, 23) and due.rule == "fvl § 16"
    [letter] = [x for x in letters(mail_dir, "appeal-MS-8-1") if "VARSEL OM ENDRING" in x]
    assert "23. januar 2053" in letter and "forvaltningsloven § 16" in letter

    await at(env, date(2053, 1, 23))  # the period's last day
    waiting = await refused(send, "AppealChanged", "MS-8-1", worse, CENTRAL)
    assert (waiting.rule, waiting.field) == ("fvl § 16", "payload.reaction")
    assert "2053-01-23" in waiting.message
    harsher = await refused(send, "AppealChanged", "MS-8-1",
                            worse | {"seniority_months": 6}, CENTRAL)  # fmt: skip
    assert (harsher.rule, harsher.field) == ("fvl § 16", "payload.reaction")
    assert (await view(send, "appeal-MS-8-1")).state == "with_appeal_body"  # nothing changed
    await at(env, date(2053, 1, 24))  # Friday: the period ran out without a reply
    # appeal10 (fvl § 34 with § 16): the notice closed the votes before it; the members vote again
    await central_council_votes(
        send, "MS-8-1", "change", "AppealCentral", reaction="ordensstraff", seniority_months=3
    )
    await act(send, "AppealChanged", "MS-8-1", worse, CENTRAL)
    assert await state_is(send, "discipline-MS-8", "ordensstraff_registered")
    assert (await view(send, "discipline-MS-8")).details["seniority_months"] == 3


# -- the lawyer's review of issue 12 (disc7), Feb 2053 ------------------------------------------

SEAT = {"person_id": "avd-oslo"}
MAJORITY = ("leader-oslo", "adm-oslo", "avd-oslo")


async def _voted_and_signed(send: Sender, case: str) -> None:
    """The nearest superior seated; the majority votes one month's ordensstraff and signs."""
    await act(send, "DisciplineCouncilSuperiorSeated", case, SEAT, LEADER)
    await convene_main(send, case, {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in MAJORITY:
        await act(send, "CouncilVoteCast", case, vote(), member(m))
    for m in MAJORITY:
        await act(send, "DisciplineCouncilProtocolSigned", case, {}, member(m))


async def test_the_leader_enters_only_the_reaction_and_term_the_majority_voted(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 19 nr. 2: "Tilsettingsrådet treffer vedtak om ... ordensstraff"; § 13 nr. 4
    "Det endelige vedtaket tas inn i en protokoll": the council decides by its votes, and the
    leader enters that decision. The majority voted one month's ordensstraff (Mon 2053-02-03):
    the leader's avskjed, three months, or a form nobody voted for is refused by field and
    nothing changes; the majority's own reaction and term are entered."""
    await at(env, date(2053, 2, 3))
    await to_deliberation(send, "MS-9")
    await _voted_and_signed(send, "MS-9")
    avskjed = await refused(send, "DisciplineDecided", "MS-9",
                            DECISION | {"reaction": "avskjed"}, LEADER)  # fmt: skip
    assert (avskjed.rule, avskjed.field) == ("PR-2012 § 19 nr. 2", "payload.reaction")
    assert "ordensstraff (1 months)" in avskjed.message
    longer = await refused(send, "DisciplineDecided", "MS-9",
                           DECISION | {"reaction": "ordensstraff", "seniority_months": 3},
                           LEADER)  # fmt: skip
    assert (longer.rule, longer.field) == ("PR-2012 § 19 nr. 2", "payload.seniority_months")
    details = (await view(send, "discipline-MS-9")).details
    assert details["reaction"] is None and (await view(send, "discipline-MS-9")).state == (
        "deliberation"
    )  # nothing changed
    await act(send, "DisciplineDecided", "MS-9",
              DECISION | {"reaction": "ordensstraff", "seniority_months": 1}, LEADER)  # fmt: skip
    details = (await view(send, "discipline-MS-9")).details
    assert (details["reaction"], details["seniority_months"]) == ("ordensstraff", 1)
    assert details["ordensstraff_form"] is None


async def test_the_person_who_cast_the_seats_vote_signs_for_it(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 13 nr. 4: "Det endelige vedtaket tas inn i en protokoll som alle
    underskriver": those who took part sign. adm-oslo voted: their deputy cannot sign for the
    seat; rep-1's deputy voted for rep-1: rep-1 cannot sign for it (Tue 2053-02-04)."""
    await at(env, date(2053, 2, 4))
    await to_deliberation(send, "MS-10")
    await act(send, "DisciplineCouncilSuperiorSeated", "MS-10", SEAT, LEADER)
    await convene_main(send, "MS-10", {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in ("leader-oslo", "adm-oslo", "rep-1-dep"):
        await act(send, "CouncilVoteCast", "MS-10", vote(), member(m))
    deputy = await refused(send, "DisciplineCouncilProtocolSigned", "MS-10", {},
                           member("adm-oslo-dep"))  # fmt: skip
    assert (deputy.rule, deputy.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    assert "adm-oslo cast this seat's vote" in deputy.message
    principal = await refused(send, "DisciplineCouncilProtocolSigned", "MS-10", {},
                              member("rep-1"))  # fmt: skip
    assert (principal.rule, principal.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    assert (await view(send, "discipline-MS-10")).details["main"]["signed_by"] == []
    for m in ("adm-oslo", "rep-1-dep"):
        await act(send, "DisciplineCouncilProtocolSigned", "MS-10", {}, member(m))
    assert (await view(send, "discipline-MS-10")).details["main"]["signed_by"] == [
        "adm-oslo", "rep-1"
    ]  # fmt: skip


async def test_a_new_nearest_superior_takes_the_seat_and_the_old_ones_vote_drops(
    send: Sender, register: Store, org_back: Org, dated: Dated
) -> None:
    """PR-2012 § 11 nr. 3: "nærmeste overordnede for stillingen" on the day of each step, the
    vote and the signature included. avd-oslo is emp-2's nearest superior until Mon 2053-02-10
    and votes that day; sec-east is from Tue 02-11: then the others' votes and signatures are
    refused until the leader seats sec-east; avd-oslo's vote leaves with them (as a replaced
    member's) and sec-east votes for the seat."""
    emp_2 = next(p for p in org_back.people if p.person_id == "emp-2")
    changed = emp_2.model_copy(update={"superiors": [
        Superior(person_id="avd-oslo", valid_to=date(2053, 2, 10)),
        Superior(person_id="sec-east", valid_from=date(2053, 2, 11)),
    ]})  # fmt: skip
    people = [changed if p.person_id == "emp-2" else p for p in org_back.people]
    register.load_org(org_back.model_copy(update={"people": people}))
    await dated.to(date(2053, 2, 10))
    await to_deliberation(send, "MS-11")
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-11", SEAT, LEADER)
    await convene_main(send, "MS-11", {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in ("leader-oslo", "avd-oslo"):
        await dated.act("CouncilVoteCast", "MS-11", vote(), member(m))

    await dated.to(date(2053, 2, 11))
    stale = await dated.refused("CouncilVoteCast", "MS-11", vote(), member("adm-oslo"))
    assert (stale.rule, stale.field) == ("PR-2012 § 11 nr. 3", "main.superior_id")
    sign = await dated.refused("DisciplineCouncilProtocolSigned", "MS-11", {}, LEADER)
    assert (sign.rule, sign.field) == ("PR-2012 § 11 nr. 3", "main.superior_id")
    old = await dated.refused("DisciplineCouncilSuperiorSeated", "MS-11", SEAT, LEADER)
    assert (old.rule, old.field) == ("PR-2012 § 11 nr. 3", "payload.person_id")
    assert (await view(send, "discipline-MS-11")).details["main"]["superior_id"] == "avd-oslo"
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-11", {"person_id": "sec-east"}, LEADER)
    # § 13 nr. 1: the new member has not had the papers: the leader convenes anew
    await convene_main(send, "MS-11", {"ordensstraff"}, seats=(*OSLO_SEATS, "sec-east"))
    for m in ("adm-oslo", "sec-east"):
        await dated.act("CouncilVoteCast", "MS-11", vote(), member(m))
    gone = await dated.refused("DisciplineCouncilProtocolSigned", "MS-11", {}, member("avd-oslo"))
    assert (gone.rule, gone.field) == ("PR-2012 § 13 nr. 4", "actor.person_id")
    for m in ("leader-oslo", "adm-oslo", "sec-east"):
        await dated.act("DisciplineCouncilProtocolSigned", "MS-11", {}, member(m))
    await dated.act("DisciplineDecided", "MS-11", DECISION, LEADER)
    protocol = (await view(send, "discipline-MS-11")).details["main"]["protocol"]
    assert "sec-east" in protocol["members"] and "avd-oslo" not in protocol["members"]
    assert [v["member_id"] for v in protocol["votes"]] == ["leader-oslo", "adm-oslo", "sec-east"]


async def test_after_the_decision_no_member_sets_it_aside(
    send: Sender, register: Store, org_back: Org, dated: Dated
) -> None:
    """PR-2012 § 20 nr. 1: "Dersom det ikke blir flertall for ... kan hvert av medlemmene i
    mindretallet kreve saken avgjort av det sentrale tilsettingsrådet"; § 13 nr. 4: the
    decision with its protocol. rep-2 voted three months, the majority one (Wed 2053-02-12);
    rep-2's seat ends that day in the register. On Thu 02-13 the decision is made and sent:
    disc10 (fvl § 35) refuses a demand from anyone then, the protocol's minority included (the
    demand is made in the council before the decision)."""
    await dated.to(date(2053, 2, 12))
    await to_deliberation(send, "MS-12")
    await dated.act("DisciplineCouncilSuperiorSeated", "MS-12", SEAT, LEADER)
    await convene_main(send, "MS-12", {"ordensstraff"})  # § 13 nr. 1-2: convened, in writing
    for m in MAJORITY:
        await dated.act("CouncilVoteCast", "MS-12", vote(), member(m))
    await dated.act("CouncilVoteCast", "MS-12", vote(3, "Tre måneder"), member("rep-2"))
    for m in (*MAJORITY, "rep-2"):  # disc11: the minority signed (and did not demand)
        await dated.act("DisciplineCouncilProtocolSigned", "MS-12", {}, member(m))
    await dated.act("DisciplineDecided", "MS-12", DECISION, LEADER)
    register.load_org(replaced(org_back, "council-oslo-prison", "rep-2", "tv-oslo",
                               date(2053, 2, 12)))  # fmt: skip

    await dated.to(date(2053, 2, 13))
    # disc10: once the decision is made, no member's demand sets it aside (fvl § 35): neither
    # the stranger's nor the protocol's minority's (which disc7 let through while the window ran).
    for who in ("tv-oslo", "rep-2"):
        late = await dated.refused("DisciplineEscalated", "MS-12", {"reasons": "Strengere"},
                                   member(who))  # fmt: skip
        assert (late.rule, late.field) == ("PR-2012 § 20 nr. 1; fvl § 35", "trigger")
    assert (await view(send, "discipline-MS-12")).state == "appeal_window"
