"""What waits for whom (issue 15), computed from the rule rows and the register: no Temporal,
a register loaded from examples/org.yaml and a case's read-model row as its workflow writes it."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from activities.store import AccessRegister, CaseRow, CaseViewRow, Store
from intake.access import Caller
from intake.org_file import read_org
from intake.tasks import tasks_for
from states.catalog import DUTIES
from tests.conftest import EXAMPLES
from workflows.case import CaseView

ON = date(2027, 3, 20)
WID = "discipline-D-T-1"


def _put_case(
    s: Any,
    *,
    wid: str,
    case_id: str,
    case_type: str,
    state: str,
    person_id: str,
    view: dict[str, Any],
    now: datetime,
) -> None:
    """A case of oslo-prison as the register holds it: its row and the view it wrote."""
    s.merge(CaseRow(workflow_id=wid, case_id=case_id, case_type=case_type, ruleset="PR-2012",
                    state=state, person_id=person_id, org_unit="oslo-prison", region="r-east",
                    opened_at=now, updated_at=now))  # fmt: skip
    s.merge(CaseViewRow(workflow_id=wid, case_id=case_id, case_type=case_type,
                        view=json.dumps(view), written_at=now))  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'register.db'}")
    s.migrate()
    s.load_org(read_org(EXAMPLES / "org.yaml"))
    return s


def put_case(store: Store, state: str, details: dict[str, Any] | None = None,
             deadlines: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    view = {
        "case_id": "D-T-1", "case_type": "discipline", "state": state, "ruleset": "PR-2012",
        "org_unit": "oslo-prison", "opened_by_event": "e1", "history": [],
        "deadlines": deadlines or [], "documents": [], "parties": [
            {"person_id": "emp-2", "role": "employee"}], "waiting_for": "x",
        "details": details or {}, "councils": [{"council_id": "council-oslo-prison",
        "kind": "local", "members": ["leader-oslo", "adm-oslo", "rep-1", "rep-2"]}],
    }  # fmt: skip
    with store.session() as s:
        _put_case(
            s,
            wid=WID,
            case_id="D-T-1",
            case_type="discipline",
            state=state,
            person_id="emp-2",
            view=view,
            now=now,
        )


def mine(store: Store, person: str) -> set[str]:
    return {t.trigger for t in tasks_for(store, Caller("person", person), ON)}


def test_council_member_votes_leader_decides_party_replies(store: Store) -> None:
    """PR-2012 § 19 nr. 2: the council votes and its leader enters the decision; fvl § 16: the
    party replies to the notice; TI-2020 § 2-5: the unit leader sends the notice."""
    put_case(store, "deliberation")
    assert "vote" in mine(store, "rep-1")  # a member of council-oslo-prison
    assert "decide" not in mine(store, "rep-1")  # only the leader enters the decision
    assert mine(store, "emp-1") == set()  # no part in the case: no task, not even a read
    put_case(store, "awaiting_reply")
    assert "record_reply" in mine(store, "emp-2")  # fvl § 16: the party
    assert "record_reply" in mine(store, "hr-east")  # an HR officer serving the unit
    assert "record_reply" not in mine(store, "rep-1")


def test_the_leader_decides_once_the_council_voted(store: Store) -> None:
    """PR-2012 § 13 nr. 3 (quorum) and § 19 nr. 2: the decision is the leader's task once half
    the council voted; before that it is theirs but not possible, with the quorum rule."""
    put_case(store, "deliberation")
    assert "decide" not in mine(store, "leader-oslo")
    votes = [{"member_id": m, "choice": "ordensstraff", "reasons": "", "severity": 3}
             for m in ("rep-1", "rep-2", "adm-oslo")]  # fmt: skip
    put_case(store, "deliberation", {"votes": votes})
    assert "decide" in mine(store, "leader-oslo")


def test_a_vote_taken_is_no_longer_a_task(store: Store) -> None:
    """PR-2012 § 13: one vote per seat. The vote cast is in the case's file (its sitting), and
    the vote row's own guard refuses a second one: the queue asks the row, not a table of what
    was done. A trail that names the member's vote without the file showing it leaves the vote
    a task (the rows decide; the trail only marks it as done in this stage)."""
    votes = [{"member_id": "rep-1", "choice": "ordensstraff", "reasons": "", "severity": 3}]
    put_case(store, "deliberation", {"votes": votes})
    assert "vote" not in mine(store, "rep-1")
    assert "vote" in mine(store, "rep-2")
    put_case(store, "deliberation")
    view = json.loads(store.read_view("D-T-1", "discipline") or "")
    view["history"] = [{"trigger": "vote", "source": "deliberation", "dest": "deliberation",
                        "rule": "PR-2012 § 19 nr. 2", "at": "2027-03-18T09:00:00Z",
                        "actor": {"person_id": "rep-1", "role": "employee"}}]  # fmt: skip
    with store.session() as s:
        row = s.get(CaseViewRow, WID)
        assert row is not None
        row.view = json.dumps(view)
        s.add(row)
        s.commit()
    [vote] = [t for t in tasks_for(store, Caller("person", "rep-1"), ON) if t.trigger == "vote"]
    assert vote.done_in_this_stage


def test_a_row_change_shows_up(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tasks are the rows: take the vote row out of deliberation, and no member has a vote
    to cast; move it elsewhere, and it waits there."""
    put_case(store, "deliberation")
    spec = DUTIES["discipline"]
    vote = next(s for s in spec.machine.steps if s.trigger == "vote")
    steps = [s for s in spec.machine.steps if s.trigger != "vote"]
    monkeypatch.setattr(spec.machine, "steps", steps)
    assert "vote" not in mine(store, "rep-1")
    put_case(store, "awaiting_reply")
    assert "vote" not in mine(store, "rep-1")
    monkeypatch.setattr(
        spec.machine, "steps", [*steps, dataclasses.replace(vote, source="awaiting_reply")]
    )
    assert "vote" in mine(store, "rep-1")


def test_tasks_are_ordered_by_due_date(store: Store) -> None:
    """The nearest deadline first (fvl § 16: the reply deadline)."""
    d = {"name": "notice_reply", "rule": "fvl § 16", "start": "2027-03-16",
         "raw_end": "2027-03-30", "due": "2027-03-30", "explanation": "14 dager"}  # fmt: skip
    put_case(store, "awaiting_reply", deadlines=[d])
    found = tasks_for(store, Caller("person", "emp-2"), ON)
    assert found and found[0].due == "2027-03-30"
    put_case(store, "deliberation", deadlines=[d])  # a stage passed: its deadline no longer runs
    assert [t.due for t in tasks_for(store, Caller("person", "rep-1"), ON)] == [None]


def test_cli_tasks_for_a_person(store: Store, tmp_path: Path) -> None:
    """`personalsak tasks --person ID`: the same tasks from the register alone, the read logged
    as the local operator's; a person not in the register is refused by name."""
    put_case(store, "awaiting_reply")
    env = {**os.environ, "DATABASE_URL": store.url}  # the session's keys unseal the view
    cli = str(Path(sys.executable).parent / "personalsak")
    done = subprocess.run([cli, "tasks", "--person", "emp-2", "--on", "2027-03-20"], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [(t["case_id"], t["trigger"]) for t in found if t["trigger"] == "record_reply"] == [
        ("D-T-1", "record_reply")
    ]
    logged = AccessRegister(store).entries(WID)
    assert logged and logged[-1].reader.startswith("cli:") and logged[-1].channel == "list"
    nobody = subprocess.run([cli, "tasks", "--person", "nobody"], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert nobody.returncode == 2 and "--person" in nobody.stdout


def test_hr_sees_what_falls_due_this_week(store: Store) -> None:
    """fvl § 16: the party's reply, which HR serving the unit may record for him, falls due on
    the reply deadline; `within_days=7` (GET /tasks?within_days=7, "Forfaller denne uken",
    `tasks --within 7`) lists it in the week it falls due and not before."""
    d = {"name": "notice_reply", "rule": "fvl § 16", "start": "2027-03-16",
         "raw_end": "2027-03-30", "due": "2027-03-30", "explanation": "14 dager"}  # fmt: skip
    put_case(store, "awaiting_reply", deadlines=[d])
    hr = Caller("person", "hr-east")
    assert [t.trigger for t in tasks_for(store, hr, ON, within_days=7)] == []
    assert "record_reply" in {t.trigger for t in tasks_for(store, hr, ON, within_days=10)}
    late = date(2027, 4, 2)  # overdue: still listed
    assert "record_reply" in {t.trigger for t in tasks_for(store, hr, late, within_days=7)}


LEAVE = "leave-L-T-1"


def put_leave(store: Store, state: str, granted: list[str] | None = None,
              deadlines: list[dict[str, Any]] | None = None,
              history: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
    """A leave case's read-model row as LeaveCase writes it (details: kind, pay, periods), for
    emp-1 at Oslo fengsel: unpaid education leave of two weeks (PR-2012 § 23 nr. 1)."""
    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    view = {
        "case_id": "L-T-1", "case_type": "leave", "state": state, "ruleset": "PR-2012",
        "org_unit": "oslo-prison", "opened_by_event": "e1", "history": history or [],
        "deadlines": deadlines or [], "documents": [],
        "parties": [{"person_id": "emp-1", "role": "employee"}], "waiting_for": "x",
        "details": {"kind": "education", "paid": False,
                    "requested": ["2027-04-01", "2027-04-14"], "granted": granted,
                    "extension_pending": False, "council": None},
    }  # fmt: skip
    with store.session() as s:
        _put_case(
            s,
            wid=LEAVE,
            case_id="L-T-1",
            case_type="leave",
            state=state,
            person_id="emp-1",
            view=view,
            now=now,
        )


def test_leave_cases_give_tasks(store: Store) -> None:
    """PR-2012 § 23 nr. 4: the leave waits for the decision of HR under the regional director's
    fullmakt (or the regional director), not the employee's; the employee (fvl § 2 e) may
    withdraw it before it starts; a colleague has nothing. Once back from leave, the employee
    reports the return, due on the first working day after it (§ 23), not the leave's start."""
    put_leave(store, "awaiting_decision")
    assert {"grant", "grant_partly", "refuse"} <= mine(store, "hr-east")
    assert "grant" in mine(store, "rd-east")
    assert mine(store, "emp-1") == {"withdraw"}
    assert mine(store, "emp-2") == set()
    days = [("leave_start", "2027-04-01"), ("return_to_work", "2027-04-15")]
    deadlines = [{"name": n, "rule": "PR-2012 § 23 nr. 1", "start": d, "raw_end": d, "due": d,
                  "explanation": n} for n, d in days]  # fmt: skip
    moved = {"trigger": "end", "source": "on_leave", "dest": "return_due",
             "rule": "PR-2012 § 23 nr. 4", "actor": {"person_id": "system", "role": "system"},
             "at": "2027-04-15T00:00:00Z"}  # fmt: skip
    put_leave(store, "return_due", ["2027-04-01", "2027-04-14"], deadlines, [moved])
    found = tasks_for(store, Caller("person", "emp-1"), date(2027, 4, 15))
    assert [(t.trigger, t.due) for t in found] == [("report_return", "2027-04-15")]
    assert tasks_for(store, Caller("person", "emp-2"), date(2027, 4, 15)) == []


def test_an_action_no_one_may_take_now_is_no_ones(store: Store) -> None:
    """PR-2012 § 23 nr. 4: a paid leave is not the council's, so its council rows refuse
    everyone alike ("no council decides this case"): the employee's case page lists his own
    action (fvl § 2 e: he may withdraw), not "Avgi stemme" as his but not possible now."""
    from intake.tasks import case_tasks

    put_leave(store, "awaiting_decision")
    row = store.case(LEAVE)
    assert row is not None
    view = CaseView.model_validate_json(store.read_view("L-T-1", "leave") or "")
    listed = {t.trigger for t in case_tasks(store, row, view, "emp-1", ON, everything=True)}
    assert listed == {"withdraw"}


HIRING = "hiring-H-T-1"


def put_hiring(store: Store, state: str, applicants: dict[str, bool]) -> None:
    """A hiring case for a post at Oslo fengsel (examples/vacancy-registered.json) in `state`,
    its applicants (id -> withdrawn) in the register as the case writes them (its file is
    written without them: `HiringFile.QUEUE_OMITS`)."""
    from activities.store import ApplicantRow

    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    view = {
        "case_id": "H-T-1", "case_type": "hiring", "state": state, "ruleset": "PR-2012",
        "org_unit": "oslo-prison", "opened_by_event": "e1", "history": [], "deadlines": [],
        "documents": [], "parties": [], "waiting_for": "x", "details": {}, "councils": [],
    }  # fmt: skip
    with store.session() as s:
        _put_case(
            s,
            wid=HIRING,
            case_id="H-T-1",
            case_type="hiring",
            state=state,
            person_id="avd-oslo",
            view=view,
            now=now,
        )
        for a, withdrawn in applicants.items():
            off = date(2027, 3, 10) if withdrawn else None
            s.merge(ApplicantRow(key=f"{HIRING}:{a}", workflow_id=HIRING, applicant_id=a,
                                 name=a, email=f"{a}@x.example", gender="female",
                                 received_on=date(2027, 3, 1), withdrawn_on=off))  # fmt: skip


def test_an_applicants_own_steps_are_in_their_queue(store: Store) -> None:
    """PR-2012 § 9 nr. 5 ("søkerne ... har rett til å gjøre seg kjent med innstillingen") and
    § 7 (an applicant withdraws): the applicant whose application the register holds is offered
    both; one who withdrew is offered neither (§ 9 nr. 5 reads a standing application); a
    council member is offered no access request (the guard's actor part comes before the
    form's applicant: issue 15 review), HR serving the post's unit is (for an applicant)."""
    put_hiring(store, "council", {"emp-2": False, "emp-1": True})
    assert {"request_access", "withdraw_application"} <= mine(store, "emp-2")
    assert not {"request_access", "withdraw_application"} & mine(store, "emp-1")
    assert "request_access" not in mine(store, "rep-1")
    assert "request_access" in mine(store, "hr-east")


def test_no_row_is_offered_to_a_person_the_register_knows_nothing_of(tmp_path: Path) -> None:
    """Issue 15 review: a guard that reads the form before its actor check was passed over
    whole, so its step was offered to anyone with a ground in the case (a council member was
    offered an applicant's § 9 nr. 5 access request). Every human row of every case type,
    from every state it leaves, on the file its opening example makes: a person with no role,
    seat or application is never let through by the guards alone (the door's ground aside)."""
    from intake.learn import example
    from intake.tasks import door_actions
    from states.authority import Grants
    from states.duties import DutyFile
    from states.machine import CaseMachine
    from states.tasks import NOBODY, judge

    register = Store(f"sqlite:///{tmp_path / 'register.db'}")
    register.migrate()
    register.load_org(read_org(EXAMPLES / "org.yaml"))
    flags = ("collegial", "review5", "council_matters", "main_council", "dated_seats", "disc7",
             "matter_pending", "convene_main")  # fmt: skip
    judged, let_through = 0, []
    for kind, spec in DUTIES.items():
        if not spec.opened_by_event:
            continue  # an appeal or the central council's case: opened by another case
        request = spec.opening.model_validate(example(spec.opening_event, ON)["payload"])
        org = register.org_slice(request.subject_id(), request.case_unit())
        file = (spec.file_model or DutyFile)(request=request, today=ON, org=org,
                                              person=org.person(request.subject_id()))  # fmt: skip
        for flag in flags:
            if flag in type(file).model_fields:
                setattr(file, flag, True)
        for trigger in door_actions(kind):
            for state in sorted({s for r in spec.machine.rows(trigger) for s in r.sources}):
                run = CaseMachine(spec.machine, file.model_copy(deep=True), state)
                status, _, _ = judge(run, trigger, NOBODY, Grants(person_id=NOBODY), ON)
                judged += status == "not_yours"
                if status == "allowed":
                    let_through.append((kind, state, trigger))
    assert judged > 150  # the actor checks were reached, not skipped by an error
    assert let_through == []


def test_a_case_the_queue_cannot_judge_is_shown_and_logged(store: Store) -> None:
    """Issue 15 review: a case whose file the queue cannot read (here a leave case's view
    without its requested period, PR-2012 § 23) was left out of everyone's queue without a
    word. It is listed as not judged ("kan ikke vurderes") to those with a ground to act in
    it (the employee, fvl § 2 e; HR serving the unit), not to a colleague, and logged with
    the case's workflow id, state and the error's class: no person, no content."""
    from structlog.testing import capture_logs

    put_leave(store, "awaiting_decision")
    with store.session() as s:
        row = s.get(CaseViewRow, LEAVE)
        assert row is not None
        view = json.loads(row.view)
        del view["details"]["requested"]
        row.view = json.dumps(view)
        s.add(row)
    with capture_logs() as logged:
        found = tasks_for(store, Caller("person", "emp-1"), ON)
    assert [(t.workflow_id, t.status, t.trigger) for t in found] == [(LEAVE, "unjudged", "")]
    assert [t.status for t in tasks_for(store, Caller("person", "hr-east"), ON)] == ["unjudged"]
    assert tasks_for(store, Caller("person", "emp-2"), ON) == []
    [entry] = [e for e in logged if e["event"] == "work queue: action not judged"]
    assert entry["workflow_id"] == LEAVE and entry["error"] == "KeyError"
    assert "emp-1" not in json.dumps(entry, default=str)


def test_every_ground_and_council_step_has_a_bokmal_name() -> None:
    """The people's page names the reader's ground and each action in bokmål (issue 15): the
    register's role grounds, a fullmakt (PR-2012 § 22), a ground to act, and a council's
    convening (PR-2012 § 13) are no English or "Handling <event>"."""
    from intake import bokmal
    from intake.access import MAY_ACT

    for ground in ("hr for unit", "unit leader", "regional director", MAY_ACT):
        assert bokmal.ground(ground) != ground
    assert bokmal.ground("fullmakt from leader-oslo") == "fullmakt fra leader-oslo"
    assert not bokmal.action("convene", "CouncilConvened").startswith("Handling")
    assert not bokmal.action("main_convene", "CouncilConvened").startswith("Handling")


WINDOW = {"name": "appeal_window", "rule": "fvl § 29", "start": "2027-03-16",
          "raw_end": "2027-04-06", "due": "2027-04-06", "explanation": "3 uker"}  # fmt: skip


def test_only_the_step_the_deadline_waits_for_has_it(store: Store) -> None:
    """Issue 15 review M1 (fvl § 29): the appeal window's deadline is the day the case moves on
    without an appeal; the party's appeal carries it, a step beside it (a request for access,
    fvl § 18; a receipt, fvl § 29; the case stays in its state) has no deadline."""
    put_case(store, "appeal_window", deadlines=[WINDOW])
    due = {t.trigger: t.due for t in tasks_for(store, Caller("person", "emp-2"), ON)}
    assert due["appeal"] == "2027-04-06"
    side = {t for t in due if t in ("request_access", "record_receipt")}
    assert side and all(due[t] is None for t in side), due
    [appeal] = [t for t in tasks_for(store, Caller("person", "emp-2"), ON) if t.trigger == "appeal"]
    assert appeal.must and [d["name"] for d in appeal.deadlines] == ["appeal_window"]


def test_one_name_for_the_appeal(store: Store) -> None:
    """fvl §§ 30-31 (issue 15 review M2): `appeal` and `appeal_late` are one act, judged late
    from its posting date: "Klag" is offered while the window runs, "Klag etter fristen" once
    the decision stands, never both."""
    put_case(store, "appeal_window", deadlines=[WINDOW])
    assert "appeal" in mine(store, "emp-2") and "appeal_late" not in mine(store, "emp-2")
    put_case(store, "reasons_requested")
    assert "appeal" in mine(store, "emp-2") and "appeal_late" not in mine(store, "emp-2")
    put_case(store, "stands")
    assert "appeal_late" in mine(store, "emp-2") and "appeal" not in mine(store, "emp-2")


def test_the_department_reads_only_cases_that_name_it(store: Store) -> None:
    """PR-2012 § 10 nr. 1, § 19 nr. 1, § 20 nr. 2 (issue 15 reviews H2, M3): the Department
    acts only in a case whose own rules name it (`Reader.department_part`): a director's or an
    embetsmann's discipline, a director's leave (the authority row), a post on its route; an
    ordinary officer's discipline or leave, a post at a prison, and a gift, relation, exit
    interview or errand (and a report nobody stood aside in) are no case of the Department's:
    no read (fvl § 13), no act, no task."""
    from intake.access import DEPARTMENT_CASES, Reader, facts_of, first_readable, readable

    named = {"appeal", "certificate", "discipline", "hiring", "leave", "report", "secondary_work"}
    assert named == DEPARTMENT_CASES
    reader = Reader(store, Caller("person", "jd-1"), ON)
    now = datetime(2027, 3, 16, 9, tzinfo=UTC)

    def case(kind: str, person: str, details: dict[str, Any] | None = None) -> Any:
        wid = f"{kind}-X-{kind}-{person}"
        view = {"case_id": f"X-{kind}-{person}", "case_type": kind, "state": "opened",
                "ruleset": "TI-2020", "org_unit": "oslo-prison", "opened_by_event": "e1",
                "history": [], "deadlines": [], "documents": [], "parties": [],
                "waiting_for": "x", "details": details or {}}  # fmt: skip
        with store.session() as s:
            _put_case(s, wid=wid, case_id=f"X-{kind}-{person}", case_type=kind, state="opened",
                      person_id=person, view=view, now=now)  # fmt: skip
        row = store.case(wid)
        assert row is not None
        return facts_of(store, row), CaseView.model_validate(view)

    for kind in ("report", "gift", "relation", "exit_interview", "errand"):
        facts, _ = case(kind, "emp-2")
        assert reader.ground(facts) is None and reader.act_ground(facts, "", None) is None, kind
        with pytest.raises(LookupError):
            first_readable(reader, facts.case_id, kind)
    for kind, person, details, theirs in (
        ("discipline", "emp-2", None, False),  # § 10 nr. 2: the appointing council's
        ("discipline", "emb-1", None, True),  # § 19 nr. 1: an embetsmann
        ("discipline", "rd-east", None, True),  # § 10 nr. 1: a director
        ("leave", "emp-2", None, False),
        ("leave", "krus-dir", None, True),  # § 23 nr. 4: a director's leave
        ("hiring", "leader-oslo", {"route": "council"}, False),
        ("hiring", "kdi-dir", {"route": "department"}, True),  # § 10 nr. 1
    ):
        facts, view = case(kind, person, details)
        held = reader.act_ground(facts, "", view)
        assert (held == "the Department") is theirs, (kind, person, held)
        assert (readable(reader, facts, view) is not None) is theirs, (kind, person)
    assert all(
        t.case_type in DEPARTMENT_CASES for t in tasks_for(store, Caller("person", "jd-1"), ON)
    )


def test_a_per_case_seat_reads_the_case_it_sits_in(store: Store) -> None:
    """PR-2012 § 11 nr. 3-4 (issue 15 review H1): the nearest superior seated for the case
    (named in the view's council, not on a register council) reads it on the same path the
    queue, the pages and the API share (`first_readable`), before their first step too."""
    from intake.access import PER_CASE_SEAT, Reader, first_readable

    put_case(store, "deliberation")
    reader = Reader(store, Caller("person", "avd-oslo"), ON)
    with pytest.raises(LookupError):
        first_readable(reader, "D-T-1", "discipline")
    view = json.loads(store.read_view("D-T-1", "discipline") or "")
    view["councils"][0]["members"].append("avd-oslo")
    with store.session() as s:
        row = s.get(CaseViewRow, WID)
        assert row is not None
        row.view = json.dumps(view)
        s.add(row)
        s.commit()
    facts, ground = first_readable(Reader(store, Caller("person", "avd-oslo"), ON), "D-T-1", None)
    assert (facts.workflow_id, ground) == (WID, PER_CASE_SEAT)


def test_every_state_and_deadline_has_a_bokmal_name() -> None:
    """Issue 15 review M3: the pages name each case state in bokmål (the code beside it), as
    they name each action (LABELS, ACTIONS): a state added to any machine without a bokmål
    name fails here; so does a deadline a spec's timer shows."""
    from intake import bokmal
    from states.catalog import MACHINES
    from states.leave import RUNNING_DEADLINES

    states = {s for m in MACHINES.values() for s in m.states}
    assert states - set(bokmal.STATES) == set()
    shown = {t.shows for spec in DUTIES.values() for t in spec.timers if t.shows}
    shown |= {d for names in RUNNING_DEADLINES.values() for d in names}
    assert shown - set(bokmal.DEADLINES) == set()
    assert bokmal.refusal("fvl § 16", "Uttalelse").startswith("Avvist etter fvl § 16")
    steps = {r.trigger for m in MACHINES.values() for r in m.steps}  # the trail's "Steg"
    assert {t for t in steps if bokmal.action(t).startswith("Handling")} == set()


def test_the_queue_comes_in_pages_and_logs_each_page_once(store: Store) -> None:
    """Issue 15 review M4: GET /tasks and "Mine oppgaver" take the cases that give the person
    a task a page at a time (by their tasks' own earliest due date, L5), and
    log the page's reads (fvl § 13 with the access log) in one transaction."""
    from intake.tasks import task_page

    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    for i, due in enumerate(("2027-03-30", "2027-03-25", None)):
        deadlines = [{**WINDOW, "name": "notice_reply", "due": due, "raw_end": due}] if due else []
        view = {"case_id": f"D-P-{i}", "case_type": "discipline", "state": "awaiting_reply",
                "ruleset": "PR-2012", "org_unit": "oslo-prison", "opened_by_event": "e1",
                "history": [], "deadlines": deadlines, "documents": [], "waiting_for": "x",
                "parties": [{"person_id": "emp-2", "role": "employee"}], "details": {}}  # fmt: skip
        with store.session() as s:
            _put_case(s, wid=f"discipline-D-P-{i}", case_id=f"D-P-{i}", case_type="discipline",
                      state="awaiting_reply", person_id="emp-2", view=view, now=now)  # fmt: skip
            s.commit()
    hr = Caller("person", "hr-east")
    first, more = task_page(store, hr, ON, limit=2)
    assert more and [t.case_id for t in first if t.trigger == "record_reply"] == ["D-P-1", "D-P-0"]
    rest, more = task_page(store, hr, ON, limit=2, offset=2)
    assert not more and {t.case_id for t in rest} == {"D-P-2"}
    logged = [e.workflow_id for e in AccessRegister(store).entries(reader="hr-east")]
    assert sorted(logged) == ["discipline-D-P-0", "discipline-D-P-1", "discipline-D-P-2"]


def test_every_form_choice_has_a_bokmal_name() -> None:
    """Issue 15 re-review M2: a form's drop-down shows each choice of its event payload (an
    enum, a Literal, a pattern) by its bokmål name, the value sent staying the code the door
    reads (fvl § 11 e: plain language to the party): a choice added to any payload a form
    offers without a bokmål name fails here, as a state does above."""
    from intake import bokmal
    from intake.events import BY_NAME
    from intake.forms import fields_of
    from intake.web import TEMPLATES, payload_model

    missing = {
        (event, f.name, c)
        for event in BY_NAME
        for f in fields_of(payload_model(event))
        if f.kind == "select"
        for c in f.choices
        if (f.name, c) not in bokmal.FIELD_CHOICES and c not in bokmal.CHOICES
    }
    assert missing == set()
    page = TEMPLATES.env.from_string(
        "{% for c in ['granted', 'none'] %}<option value=\"{{ c }}\">{{ c | choice_name('x') }}"
        "</option>{% endfor %}"
    ).render()
    assert page == ('<option value="granted">innvilget</option>'
                    '<option value="none">ingen reaksjon</option>')  # fmt: skip


def test_a_deadline_is_said_in_bokmal_and_explained_in_english_collapsed() -> None:
    """Issue 15 re-review M2 (fvl § 11 e): a running deadline is said in bokmål from its name
    and due date; the case's English explanation is shown only collapsed, marked "(engelsk)",
    on the case page and in "Mine oppgaver"."""
    from pathlib import Path

    from intake import bokmal

    assert bokmal.deadline_line("appeal_window", date(2027, 3, 25)) == (
        "Klagefrist: siste dag er 2027-03-25."
    )
    for name in ("case.html", "tasks.html"):
        text = (Path("intake/templates") / name).read_text()
        assert '<span lang="en">{{ d.explanation }}' not in text, name
        assert ('<details class="hint" lang="en"><summary lang="nb">Forklaring (engelsk)'
                "</summary>{{ d.explanation }}</details>") in text, name  # fmt: skip


def test_the_appeal_form_opens_on_today_and_takes_grounds_at_length() -> None:
    """fvl § 30 (issue 15 re-review L6): the appeal's posting date opens on the door's day in
    Oslo, which the party changes for a letter posted earlier; its grounds (fvl § 32 first
    paragraph c) and every other reason or statement are written in a text area."""
    from intake.dispatch import door_day
    from intake.forms import fields_of
    from intake.tasks import Task
    from intake.web import payload_model, preset

    for event in ("DecisionAppealed", "SuspensionAppealed"):
        task = Task("discipline-D-1", "D-1", "discipline", "appeal_window", "appeal", event,
                    "fvl § 29", "allowed")  # fmt: skip
        assert preset(task) == {"posted_on": door_day().isoformat()}
        kinds = {f.name: f.kind for f in fields_of(payload_model(event))}
        assert (kinds["grounds"], kinds["posted_on"]) == ("textarea", "date"), kinds
    leave = Task("leave-L-1", "L-1", "leave", "requested", "grant", "LeaveDecided", "§ 23", "x")
    assert preset(leave) == {"outcome": "granted"}
    events = ("UrgentSuspension", "VacancyReannounced", "LeaveRequested")
    reasons = {f.kind for e in events for f in fields_of(payload_model(e))
               if "reason" in f.name and not f.choices}  # fmt: skip
    assert reasons <= {"textarea"}, reasons


def test_pages_follow_each_tasks_own_due_date(store: Store, monkeypatch: Any) -> None:
    """Issue 15 re-review L5: the cases of the queue's pages are taken by their tasks' own
    earliest due date, the key the tasks of a page are sorted by, not by a deadline of the
    case that is no task of the person's (fvl § 11: what is theirs to meet comes first); a
    page says whether more follow (GET /tasks: `X-More`)."""
    import intake.tasks as queue
    from intake.tasks import Task, task_page

    now = datetime(2027, 3, 16, 9, tzinfo=UTC)
    own = {"D-Q-0": None, "D-Q-1": "2027-03-25", "D-Q-2": "2027-03-30"}
    for i, case in enumerate(own):
        # D-Q-0's deadline runs first, but belongs to no step of the person's.
        due = "2027-03-20" if i == 0 else None
        deadlines = [{**WINDOW, "name": "notice_reply", "due": due, "raw_end": due}] if due else []
        view = {"case_id": case, "case_type": "discipline", "state": "awaiting_reply",
                "ruleset": "PR-2012", "org_unit": "oslo-prison", "opened_by_event": "e1",
                "history": [], "deadlines": deadlines, "documents": [], "waiting_for": "x",
                "parties": [{"person_id": "emp-2", "role": "employee"}], "details": {}}  # fmt: skip
        with store.session() as s:
            _put_case(s, wid=f"discipline-{case}", case_id=case, case_type="discipline",
                      state="awaiting_reply", person_id="emp-2", view=view, now=now)  # fmt: skip
            s.commit()

    def tasks(store: Any, row: CaseRow, *args: Any, **kwargs: Any) -> list[Task]:
        return [Task(row.workflow_id, row.case_id, "discipline", "awaiting_reply", "x", "E",
                     "fvl § 16", "allowed", due=own[row.case_id])]  # fmt: skip

    monkeypatch.setattr(queue, "case_tasks", tasks)
    hr = Caller("person", "hr-east")
    first, more = task_page(store, hr, ON, limit=2)
    assert more and [t.case_id for t in first] == ["D-Q-1", "D-Q-2"]
    rest, more = task_page(store, hr, ON, limit=2, offset=2)
    assert not more and [t.case_id for t in rest] == ["D-Q-0"]


def test_an_outsider_is_not_read_a_council_cases_view(store: Store, monkeypatch: Any) -> None:
    """Issue 15 re-review L1 (fvl § 13; GDPR art. 5(1)(c)): the stored view of a council's
    case is read to confirm a per-case seat (PR-2012 § 11 nr. 3-4 and 6) only for someone the
    register could seat: the nearest superior (avd-oslo) is read it, an employee with no role,
    seat or subordinate (emp-1) is refused on the register alone, the view unread."""
    from intake.access import Reader, first_readable

    put_case(store, "deliberation")
    asked: list[str] = []
    read_view = store.read_view
    monkeypatch.setattr(store, "read_view", lambda *a: asked.append(a[0]) or read_view(*a))
    for person, reads in (("emp-1", []), ("avd-oslo", ["D-T-1"])):
        asked.clear()
        reader = Reader(store, Caller("person", person), ON)
        assert reader.may_sit_per_case is bool(reads), person
        with pytest.raises(LookupError):
            first_readable(reader, "D-T-1", "discipline")
        assert asked == reads, person
