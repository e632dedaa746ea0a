"""Issue 12, the lawyer's review of the landed code: fvl § 34's limits on a change to the
appellant's detriment, an appeal that cannot be considered dismissed in its own case (fvl
§§ 28, 31, 33, 2), fvl § 6's next level along the line, authority asked for the step's date, and
§ 18's deletion of a forflytting. On the time-skipping server with exact dates around Whitsun
2046; the tests run in date order (the test server's clock only moves forward), after
test_discipline_review.py's 2045."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake.org_file import read_org
from states.org import Role, RoleAssignment
from tests.conftest import EXAMPLES
from tests.helpers import Sender, central_council_votes, deciding_council_votes, letters
from tests.workflows.test_discipline import (
    CENTRAL,
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
from tests.workflows.test_discipline_law import at, decided

RD = {"person_id": "rd-east", "role": "regional_director"}
EMP_1 = {"person_id": "emp-1", "role": "employee"}


async def test_a_change_to_the_appellants_detriment_within_three_months_of_the_appeal(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """fvl § 34 third paragraph: "Vedtaket kan ikke endres til skade for klageren med mindre
    dennes interesser må vike for omsynet til andre privatpersoner eller offentlige interesser
    ... Endring til skade for klageren kan ikke skje dersom underretning om endringen er sendt
    klageren senere enn tre måneder etter at underinstansen mottok klagen." The appeal reached
    the deciding body Mon 2046-02-12; three months end Sat 05-12 and move past Whit Sunday and
    Whit Monday (05-13, 05-14) to Tue 05-15."""
    await at(env, date(2046, 2, 5))  # Monday
    await decided(send, "LR-1")  # ordensstraff, one month
    await at(env, date(2046, 2, 12))
    await act(send, "DecisionAppealed", "LR-1", {"grounds": "For streng",
              "posted_on": "2046-02-12"}, EMPLOYEE)  # fmt: skip
    assert await state_is(send, "appeal-LR-1-1", "with_deciding_body")
    # fvl § 33 (the lawyer's review): the deciding body is the council, not its leader alone.
    alone = await refused(send, "AppealForwarded", "LR-1-1", {"reasons": "x"}, LEADER)
    assert alone.rule == "PR-2012 § 11 nr. 1–4"
    await deciding_council_votes(send, "LR-1-1", "forward")
    await act(send, "AppealForwarded", "LR-1-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-LR-1-1")).state == "with_appeal_body"

    # disc6: the notice is a step of its own (fvl § 16 by § 34), sent on its day: Tue 05-15,
    # the last day; the change waits for the reply or the end of its period.
    await at(env, date(2046, 5, 15))  # Tuesday after Whitsun
    notice = {"reaction": "ordensstraff", "seniority_months": 3,
              "reasons": "Sikkerheten i fengselet veier tyngre"}  # fmt: skip
    await act(send, "AppealDetrimentNoticeSent", "LR-1-1", notice, CENTRAL)
    worse = {
        "reasons": "Forholdet er grovere enn lagt til grunn",
        "reaction": "ordensstraff",
        "seniority_months": 3,
        "detriment_reasons": "Sikkerheten i fengselet veier tyngre",
    }
    early = await refused(send, "AppealChanged", "LR-1-1", worse, CENTRAL)
    assert (early.rule, early.field) == ("fvl § 16", "payload.reaction")
    await at(env, date(2046, 5, 16))  # Wednesday: three months have run out
    late = await refused(send, "AppealDetrimentNoticeSent", "LR-1-1", notice, CENTRAL)
    # disc7: the notice step has no date field; its date is the step's (`detriment_sent_on`).
    assert late.rule == "fvl § 34" and late.field == "detriment_sent_on"
    assert "three months" in late.message
    assert (await view(send, "appeal-LR-1-1")).state == "with_appeal_body"  # nothing changed
    await act(send, "AppealDetrimentReplyReceived", "LR-1-1", {"statement": "Uenig"}, EMPLOYEE)
    # appeal10 (fvl § 34 with § 16): the members vote once the appellant has replied
    await central_council_votes(
        send, "LR-1-1", "change", "AppealCentral", reaction="ordensstraff", seniority_months=3
    )
    await act(send, "AppealChanged", "LR-1-1", worse, CENTRAL)
    assert await state_is(send, "discipline-LR-1", "ordensstraff_registered")
    assert (await view(send, "discipline-LR-1")).details["seniority_months"] == 3


async def test_an_appeal_against_a_decided_appeal_is_taken_in_and_dismissed(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 28 third paragraph: "Vedtak i klagesak ... kan ikke påklages"; a party's rights are
    never lost to the form of an event: the appeal opens its case and the deciding body
    dismisses it (fvl § 33 second paragraph), an enkeltvedtak (fvl § 2 third paragraph) whose
    letter names the rule and the route. Only what is not an appeal at all is refused."""
    await at(env, date(2046, 5, 18))  # Friday after 17 May
    await decided(send, "LR-2")
    appeal = {"grounds": "For streng", "posted_on": "2046-05-18"}
    await act(send, "DecisionAppealed", "LR-2", appeal, EMPLOYEE)
    await deciding_council_votes(send, "LR-2-1", "forward")
    await act(send, "AppealForwarded", "LR-2-1", {"reasons": "Opprettholdes"}, LEADER)
    await central_council_votes(send, "LR-2-1", "uphold", "AppealCentral")
    await act(send, "AppealUpheld", "LR-2-1", {"reasons": "Forholdsmessig"}, CENTRAL)
    assert await state_is(send, "discipline-LR-2", "ordensstraff_registered")

    await at(env, date(2046, 5, 22))  # Tuesday: the first window still runs (to 06-13)
    future = await refused(send, "DecisionAppealed", "LR-2", appeal | {"posted_on": "2046-05-23"},
                           EMPLOYEE)  # fmt: skip
    assert future.rule == "fvl § 30" and future.field == "payload.posted_on"  # not an appeal
    await act(send, "DecisionAppealed", "LR-2", appeal | {"posted_on": "2046-05-22"}, EMPLOYEE)
    assert await state_is(send, "appeal-LR-2-2", "with_deciding_body")
    for step in ("AppealForwarded", "AppealReversedByDecidingBody"):
        heard = await refused(send, step, "LR-2-2", {"reasons": "x"}, LEADER)
        assert heard.rule == "fvl § 28 tredje ledd" and heard.field == "trigger"
    other = await refused(send, "AppealDismissed", "LR-2-2", {"reasons": "x"}, EMPLOYEE)
    assert other.rule == "fvl § 33" and other.field == "actor.person_id"
    await deciding_council_votes(send, "LR-2-2", "dismiss_inadmissible")
    await act(send, "AppealDismissed", "LR-2-2", {"reasons": "Klagen er avgjort"}, LEADER)
    assert (await view(send, "appeal-LR-2-2")).state == "dismissed"
    assert await state_is(send, "discipline-LR-2", "ordensstraff_registered")
    [letter] = [x for x in letters(mail_dir, "appeal-LR-2-2") if "KLAGEN ER AVVIST" in x]
    for words in (
        "forvaltningsloven § 28 tredje ledd",
        "forvaltningsloven § 2 tredje ledd",
        # disc9 (fvl § 2 third paragraph, § 28 third paragraph): the right is stated; disc11:
        # the disciplinary case takes that appeal, which tries only the avvisning
        "videre til Det sentrale tilsettingsrådet",
        "Klagen registreres i disiplinærsaken og gjelder bare avvisningen",
        "tre uker",
    ):
        assert words in letter, words


@pytest.fixture
def once_a_leader(register: Store) -> Iterator[None]:
    """emp-1 was acting unit leader at Oslo friomsorgskontor 2040-2045: a role that has ended."""
    org = read_org(EXAMPLES / "org.yaml")
    past = RoleAssignment(
        person_id="emp-1",
        role=Role.unit_leader,
        unit_id="oslo-probation",
        valid_from=date(2040, 1, 1),
        valid_to=date(2045, 12, 31),
    )
    register.load_org(org.model_copy(update={"roles": [*org.roles, past]}))
    yield
    register.load_org(org)


async def test_the_next_level_follows_the_line_and_authority_is_asked_for_the_day(
    env: WorkflowEnvironment, send: Sender, once_a_leader: None
) -> None:
    """fvl § 6 with TI-2020 § 2-5: a unit leader who stands aside gives way to the regional
    director of the unit's region, and only then to the KSF leader (the line: unit leader,
    regional director, KSF leader). Every authority question is asked for the step's date: a
    leader role that has ended makes nobody a leader (the nearest leader, the council that
    appoints to the post and decides the discipline, PR-2012 § 10 nr. 2, § 19 nr. 2)."""
    await at(env, date(2046, 5, 24))  # Thursday
    neglect = {"kind": "neglect", "summary": "Låste ikke celledør", "danger_or_loss": True}
    about_emp_2 = neglect | {"employee_id": "emp-1", "concerns_employee_id": "emp-2"}
    await act(send, "ServiceReportSubmitted", "LR-3", about_emp_2, EMP_1)
    await act(send, "NeglectAssessorDisqualified", "LR-3", {"reasons": "Nær venn"}, LEADER)
    skip = await refused(send, "NeglectAssessedNoAction", "LR-3", {"reasons": "x"}, CENTRAL)
    assert skip.rule == "TI-2020 § 2-5"  # the regional director is the next level, not KSF
    await act(send, "NeglectAssessorDisqualified", "LR-3", {"reasons": "Inhabil"}, RD)
    await act(send, "NeglectAssessedNoAction", "LR-3", {"reasons": "Rettet straks"}, CENTRAL)
    assert (await view(send, "report-LR-3")).state == "no_action"

    # emp-1's leader role ended 2045-12-31: today their nearest leader is their unit leader.
    about_emp_1 = neglect | {"employee_id": "emp-2", "concerns_employee_id": "emp-1"}
    await act(send, "ServiceReportSubmitted", "LR-4", about_emp_1, EMPLOYEE)
    early = await refused(send, "NeglectAssessedNoAction", "LR-4", {"reasons": "x"}, RD)
    assert early.rule == "TI-2020 § 2-5"
    await act(send, "NeglectAssessedNoAction", "LR-4", {"reasons": "Ingen fare"}, LEADER)

    # ... and the council that decides their discipline is the local unit's (§ 10 nr. 2).
    await to_deliberation(send, "LR-5", employee="emp-1")
    await council_votes(
        send, "LR-5", ("leader-oslo", "ordensstraff", 1), ("adm-oslo", "ordensstraff", 1),
        ("rep-1", "ordensstraff", 1),
    )  # fmt: skip
    await act(send, "DisciplineDecided", "LR-5", DECISION, LEADER)
    v = await view(send, "discipline-LR-5")
    assert v.state == "appeal_window" and v.details["reaction"] == "ordensstraff"


async def test_a_forflytting_is_deleted_after_five_years(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """PR-2012 § 18: "Ordensstraffer etter tjenestemannsloven § 14 slettes etter fem år";
    forflytting is an ordensstraff (tjml § 14; § 20 nr. 1 treats it as one), so its deletion
    runs like any other's. Decided Fri 2046-06-01: presumed receipt Wed 06-06, window to Wed
    06-27; deleted on 2051-06-01 (the last test: it moves the clock five years)."""
    await at(env, date(2046, 6, 1))
    opening = {"employee_id": "emp-2", "summary": "Gjentatte brudd"}
    await act(send, "DisciplinaryCaseOpened", "LR-6", opening, LEADER)
    notice = NOTICE | {"reaction": "forflytting", "seniority_months": None}
    await act(send, "DisciplineNoticeSent", "LR-6", notice, LEADER)
    await act(send, "DisciplineReplyReceived", "LR-6", {"statement": "Beklager."}, EMPLOYEE)
    await council_votes(
        send, "LR-6", ("leader-oslo", "forflytting", None), ("adm-oslo", "forflytting", None),
        ("rep-1", "forflytting", None),
    )  # fmt: skip
    await act(send, "DisciplineDecided", "LR-6", DECISION, LEADER)
    await at(env, date(2046, 6, 27))
    assert (await view(send, "discipline-LR-6")).state == "appeal_window"
    await at(env, date(2046, 6, 28))
    assert await state_is(send, "discipline-LR-6", "ordensstraff_registered")
    await at(env, date(2051, 5, 31))
    assert (await view(send, "discipline-LR-6")).state == "ordensstraff_registered"
    await at(env, date(2051, 6, 1))
    assert await state_is(send, "discipline-LR-6", "ordensstraff_deleted")
