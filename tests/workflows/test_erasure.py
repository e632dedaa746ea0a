"""Erasure by rule (issue 14, done-when): PR-2012 § 18 "Ordensstraffer ... slettes etter fem
år" erases the disciplinary case, its appeal and the report that led to it everywhere: no name,
statement, fact or reason can be read from Temporal's raw histories with the configured keys,
from the register file or from the case views, while the anonymous trail (steps, rules, dates)
still answers `case show`."""

from __future__ import annotations

import functools
import getpass
import json
import os
import re
import subprocess
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select
from temporalio.client import ScheduleActionStartWorkflow
from temporalio.testing import WorkflowEnvironment

from activities import sealed
from activities.erasure import ErasureActivities, ErasurePlan, member, register_family
from activities.store import (
    AccessLogRow,
    AccessRegister,
    ApplicantRow,
    AppointmentRow,
    CaseRow,
    CaseViewRow,
    DataKeyRow,
    DocumentRow,
    ErasureRow,
    JournalRow,
    LeavePeriodRow,
    OutboxRow,
    ReceivedEventRow,
    Store,
)
from intake import cases
from intake.codec import CodecError, EncryptionCodec
from intake.erase import erase, link_report
from intake.org_file import read_org
from intake.sweep import ensure_sweep, set_namespace_retention
from states.calendar import local_date, next_working_day
from states.retention import (
    CONFIRMED_ENV,
    LEAVE_CHOICE,
    NAMESPACE_RETENTION_DAYS,
    PR_18,
    verified_family,
)
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import (
    Sender,
    central_council_votes,
    deciding_council_votes,
    event,
    found_in,
    leave_request,
    letters,
    readable_history,
    run_cli,
    step,
)
from tests.workflows.test_case_keys import _payloads
from tests.workflows.test_discipline import (
    CENTRAL,
    EMPLOYEE,
    LEADER,
    NOTICE,
    council_votes,
    sleep_until,
    state_is,
    view,
)
from workflows.erasure import SWEEP_ID, RetentionSweep


@pytest.fixture(autouse=True)
def archive_owner_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """arkivloven § 9 bokstav c: the stated-choice rows erase only once confirmed (M4)."""
    monkeypatch.setenv(CONFIRMED_ENV, "leave,unsuccessful_applicants")


def cli(
    send: Sender, register: Store
) -> Callable[..., Awaitable[subprocess.CompletedProcess[str]]]:
    """`personalsak ...` as the officer runs it, on the session's register and server."""
    env = {**os.environ, "TEMPORAL_ADDRESS": send.client.service_client.config.target_host,
           "TASK_QUEUE": send.queue, "DATABASE_URL": register.url}  # fmt: skip
    return functools.partial(run_cli, env=env)


# Every register table whose rows belong to a case (by `workflow_id`): the § 18 scan reads them
# all for the family's person ids (issue 14 review).
HOLDING_IDS = (CaseRow, JournalRow, DocumentRow, CaseViewRow, DataKeyRow, ErasureRow,
               OutboxRow, LeavePeriodRow, AppointmentRow, ApplicantRow, AccessLogRow,
               ReceivedEventRow)  # fmt: skip


async def sweep(send: Sender) -> int:
    """One run of the retention sweep (the Schedule's daily action)."""
    handle = await send.client.start_workflow(
        RetentionSweep.run, id=f"sweep-{uuid.uuid4()}", task_queue=send.queue
    )
    return int(await handle.result())


STATEMENT = "Jeg glemte låsen fordi alarmen gikk."
GROUNDS = "Reaksjonen er for streng for en førstegangsforseelse."
UPHELD = "Ordensstraffen står seg etter en samlet vurdering."
REPORT = "Celledøren på avdeling B sto ulåst under lufting."
# The done-when case's own notice and decision (review L4 of erase7): no other case of the
# shared register holds them, so the register scan looks for every one of them.
ER_NOTICE = {**NOTICE, "facts": "Sluse 3 i portbygget sto åpen i 35 minutter ved vaktskiftet."}
ER_DECISION = {"reasons": "Portrutinen er grunnleggende for sikkerheten i anstalten.",
               "facts": "Sluse 3 sto åpen ved vaktskiftet."}  # fmt: skip


def sealed_texts(data: bytes) -> tuple[list[str], int]:
    """Every `enc:<key id>:<base64>` value in the register file's bytes, opened with the
    configured keys (a row's old version on a free page or in the -wal file opens as well as
    the live one: review H1), and how many opened. A value's end is not marked in the file:
    the longest base64 prefix that opens is the value."""
    texts, tokens = [], 0
    for m in re.finditer(rb"enc:([A-Za-z0-9_.-]{1,64}):([A-Za-z0-9+/]{24,}={0,2})", data):
        tokens += 1
        kid, b64 = m.group(1).decode(), m.group(2).decode()
        for end in range(len(b64) - len(b64) % 4, 23, -4):
            try:
                texts.append(sealed.unseal(f"enc:{kid}:{b64[:end]}"))
                break
            except (sealed.SealedError, ValueError):
                continue
    return texts, tokens


async def test_ordensstraff_with_appeal_erased_everywhere_after_five_years(
    env: WorkflowEnvironment, send: Sender, register: Store, mail_dir: Path
) -> None:
    """PR-2012 § 18 with GDPR art. 5(1)(e): the family erased, keys destroyed only once every
    case of it has closed; the anonymous trail stays (arkivloven)."""
    report = {"kind": "neglect", "summary": REPORT, "danger_or_loss": True,
              "employee_id": "emp-1", "concerns_employee_id": "emp-2"}  # fmt: skip
    # The report that led to the case. (Not handed over by `NeglectHandedToDiscipline` here:
    # the time-skipping test server stalls when a child that outlived its closed parent closes.
    # The leader closed the report and opened the case by its own event; the officer's `case
    # link-report` writes the register's link, checked on the register (review L4 of erase7);
    # the case's own `report_case_id` is only a claim.)
    submitted = event("ServiceReportSubmitted", "ER-R", report, "emp-1", "employee", "er-r-1")
    await send.send(submitted)
    await step(send, "NeglectAssessedNoAction", "ER-R", {"reasons": "Til disiplinærsak"}, LEADER)
    opening = {"employee_id": "emp-2", "summary": REPORT, "report_case_id": "ER-R"}
    await step(send, "DisciplinaryCaseOpened", "ER-1", opening, LEADER)
    assert await state_is(send, "discipline-ER-1", "assessing")
    assert register.case("discipline-ER-1").opened_from is None  # type: ignore[union-attr]
    today = local_date(await env.get_current_time())
    linked = link_report(register, "ER-1", "ER-R", "hr-east", today, "cli:test")
    assert linked == {"linked": "report-ER-R", "case": "discipline-ER-1", "already": False}
    # The party read the case (the access log names them until the erasure).
    AccessRegister(register).log("emp-2", "discipline-ER-1", "ER-1", "party", "api")
    await step(send, "DisciplineNoticeSent", "ER-1", ER_NOTICE, LEADER)
    await step(send, "DisciplineReplyReceived", "ER-1", {"statement": STATEMENT}, EMPLOYEE)
    await council_votes(send, "ER-1", ("leader-oslo", "ordensstraff", 3),
                        ("adm-oslo", "ordensstraff", 3), ("rep-1", "ordensstraff", 2))  # fmt: skip
    await step(send, "DisciplineDecided", "ER-1", ER_DECISION, LEADER)
    today = local_date(await env.get_current_time())
    appeal = {"grounds": GROUNDS, "posted_on": today.isoformat()}
    await step(send, "DecisionAppealed", "ER-1", appeal, EMPLOYEE)
    assert await state_is(send, "appeal-ER-1-1", "with_deciding_body")
    await deciding_council_votes(send, "ER-1-1", "forward")  # fvl § 33 by the council's votes
    await step(send, "AppealForwarded", "ER-1-1", {"reasons": "Vedtaket opprettholdes"}, LEADER)
    await central_council_votes(send, "ER-1-1", "uphold", "AppealCentral")
    await step(send, "AppealUpheld", "ER-1-1", {"reasons": UPHELD}, CENTRAL)
    assert await state_is(send, "discipline-ER-1", "ordensstraff_registered")
    family = ["discipline-ER-1", "appeal-ER-1-1", "report-ER-R"]
    assert all(register.read_view(w.split("-", 1)[1], w.split("-")[0]) for w in family)

    # The scan below reads what is there: before the deletion the keys open the statement and
    # the reasons (JSON writes `å` as an escape: both forms are looked for).
    before, _, _ = await readable_history(send.client, "discipline-ER-1")
    assert found_in(before, [STATEMENT, ER_DECISION["reasons"]]) == [
        STATEMENT, ER_DECISION["reasons"]]  # fmt: skip

    # The family's event ids, while the journal still holds them: Temporal keeps Update ids in
    # plain text, so an Update id made of the sender and the event id named them (review).
    journalled = [j.event_id for w in family for j in register.journal(w) if j.event_id]
    event_ids = sorted({submitted["event_id"], *journalled})
    assert len(event_ids) > 10

    # the letters the family sent, delivered to the mail directory (review H2)
    assert letters(mail_dir, "discipline-ER-1") and letters(mail_dir, "appeal-ER-1-1")

    await sleep_until(env, today.replace(year=today.year + 5) + timedelta(days=2))
    assert await state_is(send, "discipline-ER-1", "ordensstraff_deleted")
    # The live query from the deletion step on: no party, only what, when and by which rule.
    live = await view(send, "discipline-ER-1")
    assert (
        live.parties == []
        and live.documents == []
        and live.details["erased"]["rule"] == ("PR-2012 § 18")
    )
    assert {h.actor.person_id for h in live.history} == {"anonymised"}
    await send.client.get_workflow_handle("discipline-ER-1").result()  # closed
    # The keys go only once every case of the family has closed: the daily sweep does it
    # (with whatever else of the session's cases is due by then).
    assert await sweep(send) >= 1

    with register.session() as s:
        rows = [s.get(ErasureRow, w) for w in family]
    assert all(r is not None and r.keys_destroyed_at is not None for r in rows)
    # The register file, every sealed value in it (old versions too) opened with the configured
    # keys, right after the erasure: none holds the family's text (review H1: secure_delete
    # and the WAL checkpoint).
    path = Path(register.url.removeprefix("sqlite:///"))
    db = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    opened, tokens = sealed_texts(db)
    assert opened and tokens, "the scan opens the register's sealed values"
    # this test's own text, every fact, reason and statement of it (the register is shared:
    # names and addresses are in its staff register, `people`, and scanned in the case's rows)
    mine = [STATEMENT, GROUNDS, UPHELD, REPORT, ER_NOTICE["facts"], *ER_DECISION.values()]
    assert not [t for t in opened if found_in(t.encode(), mine)]
    # No letter of the family is left in the mail directory, nor a temporary file (review H2).
    for wid in family:
        assert not list(mail_dir.glob(f"{wid}+*")) and not list(mail_dir.glob(f".{wid}+*")), wid

    people = read_org(EXAMPLES / "org.yaml").people
    secrets = [p.name for p in people if p.person_id in ("emp-1", "emp-2")]
    secrets += [p.email for p in people if p.person_id in ("emp-1", "emp-2")]
    assert len(secrets) == 4
    everyone = {p.person_id for p in people}
    secrets += [STATEMENT, GROUNDS, UPHELD, REPORT, ER_NOTICE["facts"], ER_DECISION["reasons"],
                ER_DECISION["facts"]]  # fmt: skip

    # 1. Temporal's raw histories, every event's whole serialized protobuf (memo, search
    # attributes, headers, inputs, results, Update arguments, failures) after the configured
    # keys decoded every payload they still can: nothing readable (issue 14 review).
    codec = send.client.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec)
    # Person ids and event ids too: the Update ids are keyed tags (intake/signing.py
    # `update_id`), not `<sender>/<event id>` (issue 14 review).
    ids = ["emp-1", "emp-2", *event_ids]
    unreadable = 0
    for wid in family:
        raw, events, shut = await readable_history(send.client, wid)
        assert events > 3, wid
        assert not found_in(raw, secrets + ids), (wid, found_in(raw, secrets + ids))
        unreadable += shut
    assert unreadable > 20
    with pytest.raises(CodecError, match="erased"):  # the keys are gone, not merely unused
        async for e in env.client.get_workflow_handle(family[0]).fetch_history_events():
            for p in _payloads(e):
                codec.decrypt(p)

    # 2. The register file holds none of them (sealed columns decrypted by the store, too).
    # (Names and addresses are in the file's staff register, `people`: the employee is still
    # employed; the case's own rows are read below, decrypted.)
    path = Path(register.url.removeprefix("sqlite:///"))
    db = b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    assert not found_in(db, secrets[4:]), found_in(db, secrets[4:])
    for wid in family:
        text = " ".join(d.body for d in register.documents(wid))
        text += " ".join(f"{m.body} {m.to_address}" for m in register.outbox(wid))
        assert not [s for s in secrets if s in text], wid
        steps = register.journal(wid)
        assert {j.actor_id for j in steps[:-1]} == {"anonymised"}
        assert (steps[-1].trigger, steps[-1].rule) == ("erase", "PR-2012 § 18")  # a journal step

    # 2b. Nor does any register table that holds the family's rows hold a person id of it
    # (issue 14 review): senders, event ids, readers and outbox keys (`<doc>:<person id>`,
    # which § 18's own step left when it marked the recipient anonymised) are gone or keyed
    # tags, and no SMTP error keeps an address.
    with register.session() as s:
        rows = [row for table in HOLDING_IDS
                for row in s.exec(select(table).where(table.workflow_id.in_(family)))]  # type: ignore[attr-defined]  # fmt: skip
    assert any(isinstance(r, OutboxRow) for r in rows)
    assert all(r.last_error is None for r in rows if isinstance(r, OutboxRow))
    words = {w for r in rows for w in re.findall(r"[\w-]+", json.dumps(r.model_dump(mode="json")))}
    assert len(rows) > 20 and not words & everyone, words & everyone
    # A repeat of an event of the erased family is still known: refused, no new case.
    again_report = await send.refused(submitted)
    assert (again_report.rule, again_report.field) == (PR_18, "event_id")

    # 3. The case views show no party: the anonymous trail, what went, when, by which rule.
    for wid in family:
        kind, case_id = wid.split("-", 1)
        text = register.read_view(case_id, kind)
        assert text is not None and not found_in(text.encode(), secrets), wid
        shown = await cases.show(send.client, case_id, kind, register=register, live=True)
        assert shown is not None and shown.parties == [] and shown.history, wid
        assert shown.details["erased"]["rule"] == "PR-2012 § 18"
        assert {h.actor.person_id for h in shown.history} <= {"anonymised"}
    assert json.loads(register.read_view("ER-1", "discipline") or "{}")["state"] == (
        "ordensstraff_deleted"
    )

    # `case show` answers the erased appeal with its anonymous trail, live or not, never an
    # error; `case erase` cannot replay the deletion into another result.
    run = cli(send, register)
    shown_cli = await run("case", "show", "ER-1-1", "--type", "appeal", "--live", "--json")
    assert shown_cli.returncode == 0, shown_cli.stderr
    assert json.loads(shown_cli.stdout)["parties"] == []
    again = await run("case", "erase", "ER-1", "--rule", PR_18, "--by", "hr-east")
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(again.stdout)["already"] is True
    other = await run("case", "erase", "ER-1", "--rule", LEAVE_CHOICE, "--by", "hr-east")
    assert other.returncode == 2 and json.loads(other.stdout)["rule"] == PR_18
    # The refusal is journalled on the erased case naming no one (review M2).
    refusal = register.journal("discipline-ER-1")[-1]
    assert (refusal.trigger, refusal.actor_id, refusal.sender) == (
        "erase_refused", "anonymised", "cli:anonymised")  # fmt: skip

    # An event for an erased case is refused with the rule that erased it, naming the case,
    # and leaves no binding that names its sender (review M1; no HTTP 500).
    late = event("DisciplineReplyReceived", "ER-1", {"statement": "Sent svar."}, "emp-2",
                 "employee")  # fmt: skip
    refused = await send.refused(late)
    assert (refused.rule, refused.field) == (PR_18, "case_id") and "erased" in refused.message
    assert register.received_event(late["event_id"]) is None


async def test_keys_wait_until_every_case_of_the_family_has_closed(
    env: WorkflowEnvironment, send: Sender, register: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """The order of an erasure (activities/erasure.py): a case still running keeps its key, or
    it could no longer encode its payloads nor its parent decode its result; the sweep erases
    the family once all of it has closed, and only once the rule, checked again on the sweep's
    day, lets it go (issue 14 review: the stated leave choice's three years, docs/retention.md;
    PR-2012 § 18 the same way). GDPR art. 5(1)(e)."""
    start = next_working_day(local_date(await env.get_current_time()) + timedelta(days=20))[0]
    await send.send(leave_request("ER-2", start, start + timedelta(days=5)))
    plan = ErasurePlan(root="leave-ER-2", family=["leave-ER-2"], rule=LEAVE_CHOICE,
                       at=await env.get_current_time())  # fmt: skip
    ErasureActivities(register, None, None).request_erasure(plan)
    caplog.set_level("WARNING", logger="temporalio.workflow")
    await sweep(send)
    # a family stuck with a running member is logged, with the rule and the days it waited,
    # never the case or a person (review L4)
    waits = [m for r in caplog.records if "waits for a running case" in (m := r.getMessage())]
    assert waits and LEAVE_CHOICE in waits[0] and "days since requested" in waits[0]
    assert not [w for w in waits if "ER-2" in w or "emp-1" in w]
    with register.session() as s:
        row = s.get(DataKeyRow, "leave-ER-2")
        assert row is not None and row.wrapped is not None  # still running: kept
        assert s.get(ErasureRow, "leave-ER-2").erased_at is None  # type: ignore[union-attr]
    withdrawn = event("LeaveWithdrawn", "ER-2", {"reason": "Endrede planer"}, "emp-1", "employee")
    assert (await send.send(withdrawn))["state"] == "withdrawn"
    await send.client.get_workflow_handle("leave-ER-2").result()
    assert await sweep(send) == 0  # closed, but its three years have not run: nothing changes
    with register.session() as s:
        row = s.get(DataKeyRow, "leave-ER-2")
        assert row is not None and row.wrapped is not None
    keyring = send.client.data_converter.payload_codec.keyring  # type: ignore[union-attr]
    later = local_date(await env.get_current_time()).replace(year=start.year + 4)
    acts = ErasureActivities(register, keyring, send.client)
    assert await acts.still_running(["leave-ER-2"]) == []
    acts.erase(plan.model_copy(update={"today": later}))
    with register.session() as s:
        row = s.get(DataKeyRow, "leave-ER-2")
        assert row is not None and row.wrapped is None and row.destroyed_by == LEAVE_CHOICE
    shown = await cases.show(send.client, "ER-2", "leave", register=register, live=True)
    assert shown is not None and shown.parties == [] and shown.state == "withdrawn"


async def test_an_officer_erases_only_what_the_rules_let_go(
    env: WorkflowEnvironment, send: Sender, register: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`personalsak case erase`: refused with the rule while the case is open and while its
    period runs (stated choice for leave, docs/retention.md), and for someone who is not an HR
    officer serving the case's unit; once due, erased with a journal step naming the officer."""
    start = next_working_day(local_date(await env.get_current_time()) + timedelta(days=20))[0]
    await send.send(leave_request("ER-3", start, start + timedelta(days=5)))
    run = cli(send, register)
    args = ("case", "erase", "ER-3", "--type", "leave", "--rule", LEAVE_CHOICE)
    open_case = await run(*args, "--by", "hr-east")
    assert open_case.returncode == 2, open_case.stdout + open_case.stderr
    refusal = json.loads(open_case.stdout)
    assert (refusal["rule"], refusal["field"]) == (LEAVE_CHOICE, "case")
    assert "open" in refusal["error"]
    withdrawn = event("LeaveWithdrawn", "ER-3", {"reason": "Endrede planer"}, "emp-1", "employee")
    await send.send(withdrawn)
    await send.client.get_workflow_handle("leave-ER-3").result()
    kept = await run(*args, "--by", "hr-east")
    assert kept.returncode == 2 and "until" in json.loads(kept.stdout)["error"]
    not_hr = await run(*args, "--by", "emp-1")
    assert not_hr.returncode == 2 and json.loads(not_hr.stdout)["field"] == "by"
    assert register.case("leave-ER-3").person_id == "emp-1"  # type: ignore[union-attr]
    # Each refusal is an erasure decision, a journal step with its rule and who asked
    # (arkivloven § 9 bokstav c), numbered apart from the case's own steps.
    refusals = [j for j in register.journal("leave-ER-3") if j.trigger == "erase_refused"]
    # an unverified --by is journalled as such, no name (review M2); the CLI user is the sender
    assert [(j.rule, j.actor_id) for j in refusals] == [
        (LEAVE_CHOICE, "hr-east"), (LEAVE_CHOICE, "hr-east"),
        (LEAVE_CHOICE, "unverified")]  # fmt: skip
    assert {j.sender for j in refusals} == {f"cli:{getpass.getuser()}"}
    # asking is no step in the case: it gives no read ground (intake/access.py `_steps`)
    assert all(t != "erase_refused" for _, t, _ in AccessRegister(register).steps_of("emp-1"))

    later = local_date(await env.get_current_time()).replace(year=start.year + 4)
    keyring = send.client.data_converter.payload_codec.keyring  # type: ignore[union-attr]
    asked: list[list[str]] = []

    async def deleting(self: ErasureActivities, ids: list[str]) -> list[str]:
        asked.append(ids)
        return ids

    monkeypatch.setattr(ErasureActivities, "delete_histories", deleting)
    done = await erase(register, send.client, keyring, "leave-ER-3", LEAVE_CHOICE, "hr-east",
                       later)  # fmt: skip
    assert done["erased"] == ["leave-ER-3"] and done["keys_destroyed"] == ["leave-ER-3"]
    # issue 14 review M1: the officer's erasure deletes the closed runs too, as the sweep does
    assert asked == [["leave-ER-3"]] and done["histories_deleted"] == ["leave-ER-3"]
    last = register.journal("leave-ER-3")[-1]
    assert (last.trigger, last.rule, last.actor_id) == ("erase", LEAVE_CHOICE, "hr-east")
    assert last.sender == f"cli:{getpass.getuser()}"
    assert register.case("leave-ER-3").person_id == "anonymised"  # type: ignore[union-attr]


async def test_the_handover_links_the_report(send: Sender, register: Store) -> None:
    """TI-2020 § 2-5: a report of neglect handed over opens the disciplinary case; the register
    links the case to its report from Temporal's parent of the run (`cases.opened_from`), the
    only link PR-2012 § 18 erases a report through. A case opened by an event naming a report
    (`report_case_id`) gets no link (issue 14 review)."""
    reporter = {"person_id": "emp-1", "role": "employee"}
    report = {"kind": "neglect", "summary": "Ulåst dør EHX.", "danger_or_loss": True,
              "employee_id": "emp-1", "concerns_employee_id": "emp-2"}  # fmt: skip
    await step(send, "ServiceReportSubmitted", "ER-H", report, reporter)
    await step(send, "NeglectHandedToDiscipline", "ER-H", {"reasons": "Vurderes"}, LEADER)
    assert await state_is(send, "discipline-ER-H", "assessing")
    assert register.case("discipline-ER-H").opened_from == "report-ER-H"  # type: ignore[union-attr]
    # The link the hand-over wrote is the one PR-2012 § 18 erases the report through: the
    # register's family and its verification take it (review M7).
    with register.session() as s:
        case = s.get(CaseRow, "discipline-ER-H")
        assert case is not None and "report-ER-H" in register_family(s, case)
        root, report_member = member(s, "discipline-ER-H"), member(s, "report-ER-H")
    ok, refused = verified_family(root, [report_member], PR_18)
    assert ok == ["discipline-ER-H", "report-ER-H"] and refused == []
    named = {"employee_id": "emp-2", "summary": "Ulåst dør EHY.", "report_case_id": "ER-H"}
    await step(send, "DisciplinaryCaseOpened", "ER-H2", named, LEADER)
    assert await state_is(send, "discipline-ER-H2", "assessing")
    assert register.case("discipline-ER-H2").opened_from is None  # type: ignore[union-attr]


async def test_up_sets_the_namespace_retention_and_the_daily_sweep(
    dev_server: WorkflowEnvironment,
) -> None:
    """Closed workflows' histories leave Temporal by the namespace retention of the retention
    table (docs/retention.md); the sweep runs daily by a Schedule (docs/legal-choices.md)."""
    client = dev_server.client
    assert await set_namespace_retention(client) == NAMESPACE_RETENTION_DAYS
    assert await ensure_sweep(client, "personalsak") is True
    assert await ensure_sweep(client, "personalsak") is False  # once per namespace
    desc = await client.get_schedule_handle(SWEEP_ID).describe()
    action = desc.schedule.action
    assert isinstance(action, ScheduleActionStartWorkflow) and action.workflow == "RetentionSweep"
    compose = (ROOT / "deploy" / "compose.yaml").read_text()
    assert compose.count(f"{NAMESPACE_RETENTION_DAYS * 24}h") == 2  # auto-setup and the update
