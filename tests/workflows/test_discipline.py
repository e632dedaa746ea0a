"""Disciplinary cases and appeals on the time-skipping server, each path quoting its rule."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from states.calendar import local_date, start_of_day
from tests.helpers import (
    Sender,
    central_council_votes,
    council_votes,
    deciding_council_votes,
    eventually,
    letters,
    refused_step,
    step,
)
from workflows import search
from workflows.case import CaseView
from workflows.catalog import WORKFLOWS

LEADER = {"person_id": "leader-oslo", "role": "unit_leader"}
EMPLOYEE = {"person_id": "emp-2", "role": "employee"}
CENTRAL = {"person_id": "kdi-dir", "role": "ksf_leader"}
JD = {"person_id": "jd-1", "role": "justice_department"}
NOTICE = {
    "reaction": "ordensstraff",
    "seniority_months": 3,
    "legal_basis": "tjml § 14",
    "facts": "Celledøren sto ulåst i 20 minutter under lufting.",
}
DECISION = {"reasons": "Alvorlig brudd på sikkerhetsrutinene.", "facts": "Døren sto ulåst."}


refused = refused_step
act = step


async def view(send: Sender, workflow_id: str) -> CaseView:
    case_type = workflow_id.split("-", 1)[0]
    handle = send.client.get_workflow_handle(workflow_id)
    return await handle.query(WORKFLOWS[case_type].describe, result_type=CaseView)


async def state_is(send: Sender, workflow_id: str, state: str) -> bool:
    async def check() -> bool:
        return (await view(send, workflow_id)).state == state

    return bool(await eventually(check))


async def sleep_until(env: WorkflowEnvironment, day: date) -> None:
    await env.sleep(start_of_day(day) + timedelta(hours=1) - await env.get_current_time())


async def to_deliberation(send: Sender, case_id: str, employee: str = "emp-2") -> None:
    opening = {"employee_id": employee, "summary": "Ulåst celledør"}
    # TI-2020 § 2-5: the leader over the employee's unit (the KSF leader over a director).
    await act(send, "DisciplinaryCaseOpened", case_id, opening,
              LEADER if employee != "rd-east" else CENTRAL)  # fmt: skip
    notice = (
        NOTICE
        if employee != "rd-east"
        else NOTICE | {"reaction": "oppsigelse", "seniority_months": None}
    )
    actor = LEADER if employee != "rd-east" else {"person_id": "kdi-dir", "role": "ksf_leader"}
    await act(send, "DisciplineNoticeSent", case_id, notice, actor)
    party = EMPLOYEE if employee == "emp-2" else {"person_id": employee, "role": "employee"}
    await act(send, "DisciplineReplyReceived", case_id, {"statement": "Beklager."}, party)


async def test_ordensstraff_appeal_upheld_then_deleted_after_five_years(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """fvl § 16 before the decision; PR-2012 § 19 nr. 2 the appointing body decides; fvl §§ 24,
    27, 29 the letter; § 20 nr. 2 the central council hears the appeal; § 18 "Ordensstraffer
    ... slettes etter fem år"."""
    await act(
        send, "DisciplinaryCaseOpened", "D-1", {"employee_id": "emp-2", "summary": "x"}, LEADER
    )
    early = await refused(send, "DisciplineDecided", "D-1", DECISION, LEADER)
    assert early.rule == "fvl § 16"  # no decision before the advance notice
    await act(send, "DisciplineNoticeSent", "D-1", NOTICE, LEADER)
    assert any("FORHÅNDSVARSEL" in x for x in letters(mail_dir, "discipline-D-1"))
    still_early = await refused(send, "CouncilVoteCast", "D-1", {"choice": "none"}, LEADER)
    assert still_early.rule == "fvl § 16"
    await act(send, "DisciplineReplyReceived", "D-1", {"statement": "Beklager"}, EMPLOYEE)

    outsider = await refused(
        send,
        "CouncilVoteCast",
        "D-1",
        {"choice": "none"},
        {"person_id": "emp-1", "role": "employee"},
    )
    assert outsider.rule == "PR-2012 § 11 nr. 1–4"  # a vote from someone not on the council
    await council_votes(
        send,
        "D-1",
        ("leader-oslo", "ordensstraff", 3),
        ("adm-oslo", "ordensstraff", 3),
        ("rep-1", "ordensstraff", 2),
    )
    decided = await act(send, "DisciplineDecided", "D-1", DECISION, LEADER)
    assert decided["state"] == "appeal_window"
    [decision] = [x for x in letters(mail_dir, "discipline-D-1") if "VEDTAK OM" in x]
    assert "KLAGEADGANG" in decision and "det sentrale tilsettingsrådet".lower() in (
        decision.lower()
    )
    assert "tre uker" in decision and "forvaltningsloven § 42" in decision

    stranger = await refused(
        send,
        "DecisionAppealed",
        "D-1",
        {"grounds": "x", "posted_on": date.today().isoformat()},
        {"person_id": "emp-1", "role": "employee"},
    )
    assert stranger.field == "actor.person_id"  # an appeal from someone not the party
    today = local_date(await env.get_current_time())
    await act(
        send,
        "DecisionAppealed",
        "D-1",
        {"grounds": "For streng reaksjon", "posted_on": today.isoformat()},
        EMPLOYEE,
    )
    assert (await view(send, "discipline-D-1")).state == "under_appeal"
    assert await state_is(send, "appeal-D-1-1", "with_deciding_body")
    wrong_body = await refused(send, "AppealUpheld", "D-1-1", {"reasons": "x"}, CENTRAL)
    assert "not possible" in wrong_body.message
    await deciding_council_votes(send, "D-1-1", "forward")
    await act(send, "AppealForwarded", "D-1-1", {"reasons": "Vedtaket opprettholdes"}, LEADER)
    await central_council_votes(send, "D-1-1", "uphold", "AppealCentral")  # § 13, issue 13
    await act(send, "AppealUpheld", "D-1-1", {"reasons": "Reaksjonen er forholdsmessig"}, CENTRAL)
    assert await state_is(send, "discipline-D-1", "ordensstraff_registered")  # resumed
    resumed = (await view(send, "discipline-D-1")).history[-1]
    assert resumed.trigger == "appeal_upheld" and resumed.rule == "PR-2012 § 20 nr. 2"

    await sleep_until(env, today.replace(year=today.year + 5) + timedelta(days=2))
    assert await state_is(send, "discipline-D-1", "ordensstraff_deleted")
    assert any("SLETTET" in x for x in letters(mail_dir, "discipline-D-1"))
    register: Store = send.store
    assert register.case("discipline-D-1").person_id == "anonymised"  # type: ignore[union-attr]
    old = [d for d in register.documents("discipline-D-1") if d.kind != "discipline_deleted"]
    assert old and all("slettet etter" in d.body for d in old)
    assert register.journal("discipline-D-1")[-1].trigger == "delete_ordensstraff"


async def test_deciding_body_reverses_its_own_decision(send: Sender) -> None:
    """fvl § 33: the body that decided may reverse its decision before forwarding."""
    await to_deliberation(send, "D-2")
    await council_votes(
        send,
        "D-2",
        ("leader-oslo", "ordensstraff", 1),
        ("adm-oslo", "ordensstraff", 1),
        ("rep-1", "ordensstraff", 1),
    )
    await act(send, "DisciplineDecided", "D-2", DECISION, LEADER)
    await act(
        send,
        "DecisionAppealed",
        "D-2",
        {"grounds": "Feil faktum", "posted_on": date.today().isoformat()},
        EMPLOYEE,
    )
    await state_is(send, "appeal-D-2-1", "with_deciding_body")
    await deciding_council_votes(send, "D-2-1", "reverse_own")
    await act(
        send, "AppealReversedByDecidingBody", "D-2-1", {"reasons": "Nye opplysninger"}, LEADER
    )
    assert await state_is(send, "discipline-D-2", "reversed")


async def test_late_appeal_considered_and_sent_back(env: WorkflowEnvironment, send: Sender) -> None:
    """fvl § 29: three weeks; § 31: a late appeal may still be considered, the appeal body
    decides whether; sent back for new handling, the case returns to deliberation."""
    await to_deliberation(send, "D-3")
    await council_votes(
        send,
        "D-3",
        ("leader-oslo", "ordensstraff", 1),
        ("adm-oslo", "ordensstraff", 1),
        ("rep-2", "ordensstraff", 1),
    )
    await act(send, "DisciplineDecided", "D-3", DECISION, LEADER)
    window = next(
        d for d in (await view(send, "discipline-D-3")).deadlines if d.name == "appeal_window"
    )
    assert window.rule == "fvl § 29" and "no receipt recorded" in window.explanation
    await sleep_until(env, window.due + timedelta(days=1))
    assert await state_is(send, "discipline-D-3", "ordensstraff_registered")
    posted = (window.due + timedelta(days=1)).isoformat()
    # fvl §§ 30–31: a plain appeal posted late goes to late review by itself.
    await act(
        send, "DecisionAppealed", "D-3", {"grounds": "Var syk", "posted_on": posted}, EMPLOYEE
    )
    await state_is(send, "appeal-D-3-1", "with_deciding_body")
    await deciding_council_votes(send, "D-3-1", "forward")
    await act(send, "AppealForwarded", "D-3-1", {"reasons": "Opprettholdes"}, LEADER)
    assert (await view(send, "appeal-D-3-1")).state == "late_review"
    await central_council_votes(send, "D-3-1", "consider_late", "AppealCentral")
    await act(send, "LateAppealConsidered", "D-3-1", {"reasons": "Dokumentert sykdom"}, CENTRAL)
    await central_council_votes(send, "D-3-1", "send_back", "AppealCentral")  # a new sitting
    await act(send, "AppealSentBack", "D-3-1", {"reasons": "Uttalelsen ikke vurdert"}, CENTRAL)
    assert await state_is(send, "discipline-D-3", "deliberation")

    async def votes_cleared() -> bool:  # new handling: the earlier votes no longer count
        return (await view(send, "discipline-D-3")).details["votes"] == []

    assert await eventually(votes_cleared)


async def test_regional_directors_case_goes_to_the_king(send: Sender) -> None:
    """PR-2012 § 19 nr. 1 and § 10 nr. 1: the Department decides for the directors it appoints;
    § 20 nr. 2: "med unntak av regiondirektøren ... hvor Kongen er klageinstans"."""
    await to_deliberation(send, "D-4", employee="rd-east")
    no_vote = await refused(
        send,
        "CouncilVoteCast",
        "D-4",
        {"choice": "none"},
        {"person_id": "rd-east", "role": "regional_director"},
    )
    assert no_vote.rule == "PR-2012 § 19 nr. 1"
    council = await refused(
        send, "DisciplineDecided", "D-4", DECISION | {"reaction": "oppsigelse"}, LEADER
    )
    assert council.rule == "PR-2012 § 19 nr. 1"
    await act(send, "DisciplineDecided", "D-4", DECISION | {"reaction": "oppsigelse"}, JD)
    await act(
        send,
        "DecisionAppealed",
        "D-4",
        {"grounds": "Uenig", "posted_on": date.today().isoformat()},
        {"person_id": "rd-east", "role": "regional_director"},
    )
    await state_is(send, "appeal-D-4-1", "with_deciding_body")
    appeal = await view(send, "appeal-D-4-1")
    assert appeal.case_type == "appeal"
    described = await send.client.workflow_service.describe_workflow_execution(
        DescribeWorkflowExecutionRequest(
            namespace="default", execution=WorkflowExecution(workflow_id="appeal-D-4-1")
        )
    )
    info = described.workflow_execution_info
    assert info.parent_execution.workflow_id == "discipline-D-4"  # a linked child in the UI
    parent = info.search_attributes.indexed_fields[search.PARENT_CASE.name].data
    assert json.loads(parent) == "discipline-D-4"
    await act(send, "AppealForwarded", "D-4-1", {"reasons": "Opprettholdes"}, JD)
    central = await refused(send, "AppealUpheld", "D-4-1", {"reasons": "x"}, CENTRAL)
    assert central.rule == "PR-2012 § 20 nr. 2"  # the appeal body chosen by position
    milder = {"reasons": "Ordensstraff i stedet", "reaction": "ordensstraff", "seniority_months": 2}
    await act(send, "AppealChanged", "D-4-1", milder, JD)
    assert await state_is(send, "discipline-D-4", "ordensstraff_registered")  # fvl § 34


async def test_minority_takes_it_to_the_central_council(send: Sender) -> None:
    """PR-2012 § 20 nr. 1: "Dersom det i tilsettingsrådet ikke er flertall for oppsigelse ...
    kan hvert medlem av mindretallet kreve saken avgjort av det sentrale tilsettingsrådet." """
    await to_deliberation(send, "D-5")
    await council_votes(
        send,
        "D-5",
        ("leader-oslo", "none", None),
        ("adm-oslo", "none", None),
        ("rep-1", "oppsigelse", None),
        ("rep-2", "oppsigelse", None),
        ("avd-oslo", "ordensstraff", 1),  # § 11 nr. 3: the nearest superior's seat votes too
    )
    no_majority = await refused(send, "DisciplineDecided", "D-5", DECISION, LEADER)
    assert no_majority.rule == "PR-2012 § 19 nr. 2"
    majority_side = await refused(
        send, "DisciplineEscalated", "D-5", {}, {"person_id": "adm-oslo", "role": "employee"}
    )
    assert majority_side.rule == "PR-2012 § 20 nr. 1"
    await act(
        send,
        "DisciplineEscalated",
        "D-5",
        {"reasons": "Grovt brudd"},
        {"person_id": "rep-1", "role": "employee"},
    )
    assert (await view(send, "discipline-D-5")).state == "central_council"
    # fvl § 16: the notice named ordensstraff; oppsigelse needs a new notice and reply period.
    harsher = await refused(
        send, "DisciplineDecided", "D-5", DECISION | {"reaction": "oppsigelse"}, CENTRAL
    )
    assert harsher.rule == "fvl § 16" and harsher.field == "payload.reaction"
    assert (await view(send, "discipline-D-5")).state == "central_council"  # nothing changed
    again = NOTICE | {"reaction": "oppsigelse", "seniority_months": None}
    # fvl § 16 with § 20 nr. 1 (disc10): the central council has the case: its leader sends the
    # new notice for it, never the unit leader alone.
    alone = await refused(send, "DisciplineNoticeSent", "D-5", again, LEADER)
    assert (alone.rule, alone.field) == ("PR-2012 § 20 nr. 1", "actor.person_id")
    await act(send, "DisciplineNoticeSent", "D-5", again, CENTRAL)
    await act(send, "DisciplineReplyReceived", "D-5", {"statement": "Uenig"}, EMPLOYEE)
    assert (await view(send, "discipline-D-5")).state == "central_council"
    await central_council_votes(send, "D-5", "oppsigelse", "DisciplineCentral")  # issue 13
    await act(send, "DisciplineDecided", "D-5", DECISION | {"reaction": "oppsigelse"}, CENTRAL)
    assert (await view(send, "discipline-D-5")).details["reaction"] == "oppsigelse"


async def test_urgent_suspension_lapses_after_six_months(
    env: WorkflowEnvironment, send: Sender, mail_dir: Path
) -> None:
    """PR-2012 § 19 nr. 3: the superior authority may suspend in haste; legal-notes: it lapses
    after six months without a dismissal decision (tjml § 16 nr. 2)."""
    await to_deliberation(send, "D-6")
    urgent = {"measure": "suspension", "reasons": "Fare for bevisforspillelse"}
    colleague = await refused(
        send, "UrgentSuspension", "D-6", urgent, {"person_id": "emp-1", "role": "employee"}
    )
    assert colleague.rule == "PR-2012 § 19 nr. 3"
    await act(send, "UrgentSuspension", "D-6", urgent, LEADER)
    lapses = date.fromisoformat((await view(send, "discipline-D-6")).details["suspension_lapses"])
    assert any("SUSPENSJON" in x for x in letters(mail_dir, "discipline-D-6"))
    await sleep_until(env, lapses)

    async def lapsed() -> bool:
        return (await view(send, "discipline-D-6")).history[-1].trigger == "suspension_lapses"

    assert await eventually(lapsed)
    assert (await view(send, "discipline-D-6")).state == "deliberation"


async def test_request_for_reasons_restarts_the_window(
    env: WorkflowEnvironment, send: Sender
) -> None:
    """legal-notes (fvl § 24): "A request for reasons within the deadline starts a new 3-week
    deadline when the reasons arrive." """
    await to_deliberation(send, "D-7")
    await council_votes(
        send,
        "D-7",
        ("leader-oslo", "ordensstraff", 2),
        ("adm-oslo", "ordensstraff", 2),
        ("rep-1", "ordensstraff", 2),
    )
    await act(send, "DisciplineDecided", "D-7", DECISION, LEADER)
    first = (await view(send, "discipline-D-7")).deadlines
    first_due = next(d.due for d in first if d.name == "appeal_window")
    await act(send, "DecisionReasonsRequested", "D-7", {}, EMPLOYEE)
    await env.sleep(timedelta(days=10))
    await act(send, "DecisionReasonsSent", "D-7", {"reasons": "Utfyllende begrunnelse"}, LEADER)
    again = next(
        d for d in (await view(send, "discipline-D-7")).deadlines if d.name == "appeal_window"
    )
    assert again.due > first_due and "a new deadline" in again.explanation


async def test_written_warning_is_not_appealable(send: Sender, mail_dir: Path) -> None:
    """TI-2020 § 2-5 and legal-notes: a written warning is not ordensstraff, not appealed."""
    colleague = await refused(
        send,
        "DisciplinaryCaseOpened",
        "D-8",
        {"employee_id": "emp-2", "summary": "x"},
        {"person_id": "emp-1", "role": "employee"},
    )
    assert colleague.rule == "TI-2020 § 2-5" and colleague.field == "actor.role"
    await act(
        send, "DisciplinaryCaseOpened", "D-8", {"employee_id": "emp-2", "summary": "x"}, LEADER
    )
    hr = await refused(
        send,
        "DisciplineWrittenWarning",
        "D-8",
        {"reasons": "x"},
        {"person_id": "hr-east", "role": "hr_officer"},
    )
    assert hr.rule == "TI-2020 § 2-5"
    # An ordensstraff cannot travel the written-warning path.
    disguised = await refused(
        send,
        "DisciplineWrittenWarning",
        "D-8",
        {"reasons": "x", "reaction": "ordensstraff"},
        LEADER,
    )
    assert disguised.field == "payload.reaction"
    unheard = await refused(send, "DisciplineWrittenWarning", "D-8", {"reasons": "x"}, LEADER)
    assert unheard.rule == "TI-2020 § 2-5"  # the employee may reply first (issue 12 review)
    announce = {"facts": "Døren sto åpen", "reasons": "Rutinebrudd"}
    await act(send, "WrittenWarningAnnounced", "D-8", announce, LEADER)
    await act(send, "WrittenWarningReplyReceived", "D-8", {"statement": "Beklager"}, EMPLOYEE)
    done = await act(send, "DisciplineWrittenWarning", "D-8", {"reasons": "Rutinebrudd"}, LEADER)
    assert done["state"] == "warned"
    assert any("kan ikke påklages" in x for x in letters(mail_dir, "discipline-D-8"))
