"""Retention by rule (issue 14, docs/retention.md): one test per row of the table in
states/retention.py, each quoting its source. The register is set up as a case leaves it; the
sweep's activities decide what is due and erase it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlmodel import select
from temporalio.exceptions import ApplicationError

from activities import sealed
from activities.erasure import ErasureActivities, ErasurePlan
from activities.store import (
    ERASED,
    MIGRATIONS,
    OWN_SEQ,
    AccessLogRow,
    AccessRegister,
    ApiClientRow,
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
from intake.codec import parse_keys
from intake.erase import family_of
from intake.keyring import Keyring
from states import discipline
from states.retention import (
    APPLICANTS_CHOICE,
    ARCHIVE,
    CONFIRMED_ENV,
    LEAVE_CHOICE,
    NAMESPACE_RETENTION_DAYS,
    PR18_YEARS,
    PR_18,
    RETENTION,
    Member,
    add_years,
    appeal_id_of,
    check_pr18,
    confirmed_rows,
    erasable,
    report_link,
    verified_family,
)
from states.rules import RuleViolation
from workflows.erasure import deletes_histories

TODAY = date(2040, 6, 1)


@pytest.fixture(autouse=True)
def archive_owner_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """arkivloven § 9 bokstav c: the stated-choice rows run once the archive owner confirmed
    them (`PERSONALSAK_RETENTION_CONFIRMED`); a test of the unconfirmed rows removes it."""
    monkeypatch.setenv(CONFIRMED_ENV, "leave,unsuccessful_applicants")


MASTER = parse_keys("m1=" + "A" * 43 + "=")


def closed_case(store: Store, case_type: str, case_id: str, path: list[tuple[str, date]]) -> str:
    """A case as the register holds it: its row, its journal (the states entered, by day), a
    letter naming the employee, and its view."""
    wid = f"{case_type}-{case_id}"
    at = [datetime(d.year, d.month, d.day, 9, tzinfo=UTC) for _, d in path]
    with store.session() as s:
        s.add(
            CaseRow(
                workflow_id=wid,
                case_id=case_id,
                case_type=case_type,
                ruleset="PR-2012",
                state=path[-1][0],
                person_id="emp-2",
                org_unit="oslo-prison",
                opened_at=at[0],
                updated_at=at[-1],
            )
        )
        for n, ((dest, _), when) in enumerate(zip(path, at, strict=True), 1):
            s.add(
                JournalRow(
                    workflow_id=wid,
                    seq=n,
                    trigger=f"t{n}",
                    source="x",
                    dest=dest,
                    rule="r",
                    actor_id="emp-2",
                    actor_role="employee",
                    at=when,
                )
            )
        s.add(
            DocumentRow(
                doc_id=f"{wid}:1",
                workflow_id=wid,
                kind="k",
                title="Vedtak",
                body="Ola Hansen glemte låsen",
                recipient_id="emp-2",
                created_at=at[0],
            )
        )
        view = {
            "case_id": case_id,
            "case_type": case_type,
            "state": path[-1][0],
            "ruleset": "PR-2012",
            "opened_by_event": "e1",
            "history": [],
            "parties": [{"person_id": "emp-2", "role": "employee"}],
            "details": {"reasons": "Ola Hansen glemte låsen"},
        }
        s.add(
            CaseViewRow(
                workflow_id=wid,
                case_id=case_id,
                case_type=case_type,
                view=json.dumps(view),
                written_at=at[-1],
            )
        )
    return wid


def sweep(store: Store, keyring: Keyring | None, today: date) -> list[str]:
    """The sweep's register part (workflows/erasure.py RetentionSweep, every case closed)."""
    acts = ErasureActivities(store, keyring, None)
    done = []
    for plan in acts.due_erasures(today):
        done += acts.erase(plan).workflow_ids
    return done


def years_before(day: date, years: int, days: int = 0) -> date:
    return day.replace(year=day.year - years) - timedelta(days=days)


def test_every_row_has_its_source_and_temporal_forgets_sooner() -> None:
    """docs/retention.md: each period with its source; Temporal's namespace retention is
    shorter than every period that erases."""
    assert {r.key for r in RETENTION} == {
        "ordensstraff",
        "unsuccessful_applicants",
        "leave",
        "archive",
    }
    for r in RETENTION:
        assert r.rule and r.keeps and r.source in ("regulation", "law", "choice")
        assert r.years is None or r.years * 365 > NAMESPACE_RETENTION_DAYS


def test_ordensstraff_row_is_the_cases_own_timer_and_five_years(store: Store) -> None:
    """PR-2012 § 18: "Ordensstraffer ... slettes etter fem år": the case's durable timer takes
    the step (tests/workflows/test_erasure.py); the sweep does not erase by itself, and an
    officer may not erase before the five years."""
    registered = years_before(TODAY, 5, -1)  # five years less a day
    wid = closed_case(
        store,
        "discipline",
        "RT-1",
        [("assessing", registered), ("ordensstraff_registered", registered)],
    )
    assert sweep(store, None, TODAY) == []
    steps = [("decided", registered), ("ordensstraff_registered", registered)]
    with pytest.raises(RuleViolation) as early:
        erasable("discipline", PR_18, steps, True, TODAY)
    assert early.value.rule == PR_18 and "until" in early.value.message
    assert erasable("discipline", PR_18, steps, True, TODAY + timedelta(days=1)).key == (
        "ordensstraff"
    )
    assert store.case(wid).person_id == "emp-2"  # type: ignore[union-attr]


def test_unsuccessful_applicants_row(store: Store) -> None:
    """Stated choice (docs/retention.md, APPLICANTS_CHOICE): the applications of applicants not
    appointed go three years after the applicants were told who was appointed (PR-2012 § 16
    nr. 3, the `notify_appointment` step entering `awaiting_contract`; foreldelsesloven § 9);
    the appointee's and the public list's fields (offentleglova § 25: name, title,
    municipality) stay."""
    accepted = years_before(TODAY, 3, 1)
    wid = closed_case(
        store,
        "hiring",
        "RT-2",
        [
            ("council", accepted - timedelta(days=30)),
            ("awaiting_contract", accepted),
            ("probation", accepted + timedelta(days=20)),
        ],
    )
    with store.session() as s:
        s.add(
            AppointmentRow(
                workflow_id=wid,
                person_id="a-1",
                unit_id="oslo-prison",
                post_kind="fengselsbetjent",
                announced=True,
                permanent=True,
                months=0,
                appointed_on=accepted,
            )
        )
        for aid in ("a-1", "a-2"):
            s.add(
                ApplicantRow(
                    key=f"{wid}:{aid}",
                    workflow_id=wid,
                    applicant_id=aid,
                    name=f"Søker {aid}",
                    email=f"{aid}@example.no",
                    gender="f",
                    education="Bachelor",
                    experience="Vekter i 5 år",
                    received_on=accepted - timedelta(days=60),
                )
            )
    assert sweep(store, None, TODAY - timedelta(days=2)) == []  # not yet
    assert sweep(store, None, TODAY) == [wid]
    appointed, other = store.applicants(wid)
    assert appointed.email == "a-1@example.no" and appointed.experience == "Vekter i 5 år"
    assert other.email == "[slettet]" and other.experience == "[slettet]"
    assert other.name == "Søker a-2"  # the public applicant list stays (arkivloven)
    assert store.case(wid).person_id == "emp-2"  # the case itself runs on  # type: ignore[union-attr]
    assert sweep(store, None, TODAY) == []  # once
    with pytest.raises(RuleViolation) as other_rule:
        erasable("hiring", PR_18, [("awaiting_contract", accepted)], True, TODAY)
    assert other_rule.value.rule == APPLICANTS_CHOICE


@pytest.mark.parametrize("closing", ["refused", "returned", "withdrawn"])
def test_leave_row(store: Store, closing: str) -> None:
    """Stated choice (docs/retention.md): a closed leave case's free text, view and data key go
    three years after it closed (refused, returned or withdrawn: each of the row's anchors,
    review L3); the leave period (PR-2012 § 22 counts it) and the trail stay."""
    keyring = Keyring(store, MASTER)
    ended = years_before(TODAY, 3, 1)
    wid = closed_case(
        store, "leave", "RT-3", [("applied", ended - timedelta(days=40)), (closing, ended)]
    )
    keyring.key_for(wid)
    young = closed_case(store, "leave", "RT-4", [("applied", TODAY), (closing, TODAY)])
    assert sweep(store, keyring, TODAY) == [wid]
    with store.session() as s:
        assert s.get(DataKeyRow, wid).destroyed_by == LEAVE_CHOICE  # type: ignore[union-attr]
    assert all(d.body.startswith("[slettet etter") for d in store.documents(wid))
    view = json.loads(store.read_view("RT-3", "leave") or "{}")
    assert view["parties"] == [] and view["details"]["erased"]["rule"] == LEAVE_CHOICE
    assert "Ola" not in json.dumps(view)
    journal = store.journal(wid)
    assert journal[-1].trigger == "erase" and journal[-1].rule == LEAVE_CHOICE
    assert {j.actor_id for j in journal[:-1]} == {"anonymised"}
    assert "Ola" in store.documents(young)[0].body  # its three years have not passed


ARCHIVED = next(r for r in RETENTION if r.key == "archive").case_types


@pytest.mark.parametrize("kind", ARCHIVED)
def test_archive_row_keeps_duty_cases(store: Store, kind: str) -> None:
    """arkivloven § 9 bokstav c: archive material is not discarded without authority; every
    case type of the archive row (review L3: all of them, discipline without an ordensstraff
    too) is kept by the sweep, and a request to erase one is refused with the rule."""
    long_ago = years_before(TODAY, 30)
    wid = closed_case(store, kind, "RT-K", [("opened", long_ago), ("closed", long_ago)])
    assert sweep(store, None, TODAY) == []
    assert "Ola" in store.documents(wid)[0].body
    with pytest.raises(RuleViolation) as kept:
        erasable(kind, LEAVE_CHOICE, [("closed", long_ago)], True, TODAY)
    assert kept.value.rule == ARCHIVE
    with pytest.raises(RuleViolation) as kept:
        erasable(kind, ARCHIVE, [("closed", long_ago)], True, TODAY)
    assert kept.value.rule == ARCHIVE and "kept" in kept.value.message


def test_archive_row_lists_every_case_type() -> None:
    """arkivloven § 9 bokstav c: no case type is without a row (review L3)."""
    from workflows.catalog import WORKFLOWS

    assert set(WORKFLOWS) == {t for r in RETENTION for t in r.case_types}


# -- the review's highs (issue 14): the link, the re-check, the ids that still named the person --


def ordensstraff_case(
    store: Store, case_id: str, decided: date, opened_from: str | None = None
) -> str:
    """A disciplinary case as the register holds it after its § 18 deletion step: decided on
    `decided`, registered, then deleted by its own timer under PR-2012 § 18."""
    path = [("assessing", decided), ("decided", decided),
            ("ordensstraff_registered", decided), ("ordensstraff_deleted", decided)]  # fmt: skip
    wid = closed_case(store, "discipline", case_id, path)
    with store.session() as s:
        rows = sorted(s.exec(select(JournalRow).where(JournalRow.workflow_id == wid)),
                      key=lambda r: r.seq)  # fmt: skip
        rows[1].trigger = "decide"
        rows[-1].trigger, rows[-1].rule = "delete_ordensstraff", PR_18
        if rows[-1].at.date() < TODAY:  # the deletion step is taken on the timer's day
            rows[-1].at = datetime(*add_years(decided, 5).timetuple()[:3], 9, tzinfo=UTC)
        case = s.get(CaseRow, wid)
        assert case is not None
        case.opened_from = opened_from
        for row in (*rows, case):
            s.add(row)
    return wid


def requested(store: Store, root: str, family: list[str], rule: str = PR_18) -> ErasurePlan:
    """The deletion step's request (workflows/erasure.py `erase_ordensstraff`), as the case
    names its family."""
    plan = ErasurePlan(root=root, family=family, rule=rule, at=datetime.now(UTC))
    ErasureActivities(store, None, None).request_erasure(plan)
    return plan


def test_a_case_cannot_name_another_report_into_its_deletion(store: Store) -> None:
    """PR-2012 § 18 erases the report "that led to" the disciplinary case (issue 14), and
    TI-2020 § 2-5: a report of neglect is handed over by its own step. The report is erased only
    if the register links it as the report that opened this very case (`cases.opened_from`,
    from Temporal's parent of the run); a case that merely names a report in its opening
    (`report_case_id`) is refused with the rule and field, and the report, archive material
    (arkivloven § 9 bokstav c), is untouched."""
    keyring = Keyring(store, MASTER)
    decided = years_before(TODAY, 5, 1)
    report = closed_case(store, "report", "RL-R", [("registered", decided), ("closed", decided)])
    keyring.key_for(report)
    forged = ordensstraff_case(store, "RL-1", decided)  # names RL-R, not opened by it
    plan = requested(store, forged, [forged, report])
    with store.session() as s:
        assert s.get(ErasureRow, report) is None and s.get(ErasureRow, forged) is not None
    # Every erasure decision is a journal step with its rule, the refusal too (arkivloven § 9
    # bokstav c, PR-2012 § 18): on the asking case's trail, once; never on the kept report
    # about the same employee, which the line would tie to the deleted case (erase6 review).
    requested(store, forged, [forged, report])
    refusal = [j for j in store.journal(forged) if j.trigger == "erase_refused"]
    assert [(j.rule, j.actor_id) for j in refusal] == [(PR_18, "system")]
    assert not [j for j in store.journal(report) if j.trigger == "erase_refused"]
    with pytest.raises(RuleViolation) as named:
        report_link(Member(forged, "discipline", "RL-1", None), "RL-R",
                    Member(report, "report", "RL-R"))  # fmt: skip
    assert (named.value.rule, named.value.field) == (PR_18, "report_case_id")
    done = ErasureActivities(store, keyring, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [forged]
    assert [(r["rule"], r["field"]) for r in done.refused] == [(PR_18, "report_case_id")]
    assert "Ola" in store.documents(report)[0].body and store.case(report).person_id == "emp-2"  # type: ignore[union-attr]
    with store.session() as s:
        assert s.get(DataKeyRow, report).wrapped is not None  # type: ignore[union-attr]
    # A case of another type named as the report, and a report of another case, are refused too.
    gift = closed_case(store, "gift", "RL-G", [("closed", decided)])
    with pytest.raises(RuleViolation) as other_type:
        report_link(Member(forged, "discipline", "RL-1", gift), "RL-G",
                    Member(gift, "gift", "RL-G"))  # fmt: skip
    assert other_type.value.field == "report_case_id"

    # The report that did open the case (the register's link) goes with it.
    linked = ordensstraff_case(store, "RL-2", decided, opened_from="report-RL-R")
    plan = requested(store, linked, [linked, report])
    done = ErasureActivities(store, keyring, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [linked, report] and done.refused == []
    assert store.case(report).person_id == "anonymised"  # type: ignore[union-attr]


def test_the_sweep_checks_the_rule_again_before_it_erases(store: Store) -> None:
    """PR-2012 § 18: "Ordensstraffer ... slettes etter fem år": the sweep re-checks, on its own
    day, that the case took its § 18 deletion step and that five years have passed since the
    decision, before it clears the register or destroys a key; a request it cannot confirm
    changes nothing and waits. A case the register does not know gets no key-destroyed
    record."""
    keyring = Keyring(store, MASTER)
    young = ordensstraff_case(store, "RS-1", years_before(TODAY, 4))
    keyring.key_for(young)
    requested(store, young, [young])
    with store.session() as s:  # a request recorded for no case the register holds
        s.add(ErasureRow(workflow_id="discipline-RS-NOPE", root="discipline-RS-NOPE", rule=PR_18,
                         scope="family", requested_at=datetime.now(UTC)))  # fmt: skip
    assert sweep(store, keyring, TODAY) == []
    assert "Ola" in store.documents(young)[0].body
    with store.session() as s:
        assert s.get(DataKeyRow, young).wrapped is not None  # type: ignore[union-attr]
        assert s.get(ErasureRow, young).erased_at is None  # type: ignore[union-attr]
        assert s.get(DataKeyRow, "discipline-RS-NOPE") is None
    assert keyring.destroy(["discipline-RS-NOPE"], PR_18) == []
    # A case that never took its deletion step (a request forged or mistaken): refused.
    undeleted = closed_case(store, "discipline", "RS-2",
                            [("assessing", years_before(TODAY, 9)), ("closed", TODAY)])  # fmt: skip
    requested(store, undeleted, [undeleted])
    assert sweep(store, keyring, TODAY) == []
    # Once five years have passed since the decision: erased, and the rest still waits.
    later = add_years(TODAY, 1)
    assert sweep(store, keyring, later) == [young]
    with store.session() as s:
        assert s.get(DataKeyRow, young).destroyed_by == PR_18  # type: ignore[union-attr]
        assert s.get(DataKeyRow, "discipline-RS-NOPE") is None
    assert store.case(undeleted).person_id == "emp-2"  # type: ignore[union-attr]


def test_an_erased_case_keeps_no_id_that_names_the_person(store: Store) -> None:
    """Issue 14 review, GDPR art. 5(1)(e) with the archive duty (arkivloven § 9 bokstav c):
    after the erasure no row of the register links the case to the person: the event bindings
    (sender, event id) are a keyed tag only, the journal keeps steps, rules, dates and roles
    without event ids or senders, the access log keeps when, how and on what ground without the
    person who read, and the outbox's keys no longer end with a person id. A repeated event is
    still known by its tag: refused with the rule that erased the case (docs/retention.md)."""
    ended = years_before(TODAY, 3, 1)
    wid = closed_case(store, "leave", "RP-1", [("applied", ended), ("withdrawn", ended)])
    with store.session() as s:
        for row in s.exec(select(JournalRow).where(JournalRow.workflow_id == wid)):
            row.event_id, row.sender = "emp-2-soknad-1", "cli:emp-2"
            s.add(row)
        s.add(OutboxRow(key=f"{wid}:letter:emp-2", workflow_id=wid, recipient_id="emp-2",
                        to_address="ola@example.no", subject="Vedtak", body="Ola",
                        created_at=datetime.now(UTC)))  # fmt: skip
        s.add(ApiClientRow(name="hr-system", key_hash="x", event_types=["*"],
                           created_at=datetime.now(UTC)))  # fmt: skip
    assert store.bind_event("emp-2-soknad-1", "d", "LeaveRequested", wid, "person:emp-2")[0]
    access = AccessRegister(store)
    access.log("emp-2", wid, "RP-1", "party", "api")
    access.log("hr-system", wid, "RP-1", "api key scope", "api")
    assert sweep(store, None, TODAY) == [wid]

    with store.session() as s:
        rows = [*s.exec(select(ReceivedEventRow).where(ReceivedEventRow.workflow_id == wid)),
                *s.exec(select(JournalRow).where(JournalRow.workflow_id == wid)),
                *s.exec(select(AccessLogRow).where(AccessLogRow.workflow_id == wid)),
                *s.exec(select(OutboxRow).where(OutboxRow.workflow_id == wid))]  # fmt: skip
    text = " ".join(json.dumps(r.model_dump(mode="json")) for r in rows)
    assert rows and "emp-2" not in text and "ola@" not in text
    assert [(x.reader, x.ground) for x in access.entries(case=wid)] == [
        ("anonymised", "party"), ("hr-system", "api key scope")]  # fmt: skip
    assert [j.trigger for j in store.journal(wid)][-1] == "erase"  # the trail stays
    # The repeat is known by its keyed tag: refused with the rule, no new binding, no new case.
    assert store.erased_event("emp-2-soknad-1", "person:emp-2") == ERASED + LEAVE_CHOICE
    assert store.bind_event("emp-2-soknad-1", "d", "LeaveRequested", wid, "person:emp-2") == (
        True, ERASED + LEAVE_CHOICE)  # fmt: skip
    assert store.erased_event("emp-2-soknad-1", "person:emp-3") is None  # another sender's id
    # A later read of the erased case names no one either.
    access.log("emp-2", wid, "RP-1", "party", "api")
    assert access.entries(case=wid)[-1].reader == "anonymised"


_OLD_AT = datetime(2030, 1, 1, tzinfo=UTC)


OldCase = tuple[str, str, str, str, str | None]  # workflow id, case id, type, event id, sender


def _old_register(tmp_path: Path, revision: str, rows: list[OldCase]) -> Store:
    """A register at `revision` holding, per row (workflow id, case id, case type, event id,
    sender), a case and its opening step; then migrated to the head."""
    store = Store(f"sqlite:///{tmp_path / 'old.db'}", keys=[])
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    case = ("INSERT INTO cases (workflow_id, case_id, case_type, ruleset, state, person_id, "
            "org_unit, opened_at, updated_at) VALUES (:w, :c, :t, 'PR-2012', 'x', 'emp-2', "
            "'oslo-prison', :at, :at)")  # fmt: skip
    step = ("INSERT INTO journal (workflow_id, seq, trigger, source, dest, rule, actor_id, "
            "actor_role, event_id, sender, at) VALUES (:w, 1, 'open', 'requested', 'assessing', "
            "'r', 'leader-oslo', 'leader', :e, :s, :at)")  # fmt: skip
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        for wid, cid, kind, ev, sender in rows:
            conn.execute(text(case), {"w": wid, "c": cid, "t": kind, "at": _OLD_AT})
            if ev:
                conn.execute(text(step), {"w": wid, "e": ev, "s": sender, "at": _OLD_AT})
    store.migrate()
    return store


def test_the_migration_links_reports_handed_over_before_it(tmp_path: Path) -> None:
    """0015_erase2, TI-2020 § 2-5 with PR-2012 § 18: a disciplinary case handed over by its
    report before the register kept the link is linked by its opening step (the report's own
    `hand_to_discipline` event, with no door sender); a case whose opening event merely carries
    such an id through the door (a sender) is not."""
    event = "report-{}:hand_to_discipline"
    store = _old_register(tmp_path, "0014_erase", [
        ("report-MH-1", "MH-1", "report", "", None),
        ("discipline-MH-1", "MH-1", "discipline", event.format("MH-1"), None),
        ("report-MH-2", "MH-2", "report", "", None),
        ("discipline-MH-2", "MH-2", "discipline", event.format("MH-2"), "system:hr"),
    ])  # fmt: skip
    assert store.case("discipline-MH-1").opened_from == "report-MH-1"  # type: ignore[union-attr]
    assert store.case("discipline-MH-2").opened_from is None  # type: ignore[union-attr]
    assert store.case("report-MH-1").opened_from is None  # type: ignore[union-attr]


def _link(store: Store, wid: str, parent: str | None) -> None:
    with store.session() as s:
        case = s.get(CaseRow, wid)
        assert case is not None
        case.opened_from = parent
        s.add(case)


def opened_appeal(store: Store, root: str, trigger: str = "appeal") -> None:
    """The disciplinary case's journal: its registration step was preceded by an appeal."""
    with store.session() as s:
        rows = sorted(s.exec(select(JournalRow).where(JournalRow.workflow_id == root)),
                      key=lambda r: r.seq)  # fmt: skip
        rows[2].trigger = trigger
        s.add(rows[2])


def test_an_appeal_goes_only_with_the_case_it_appeals(store: Store) -> None:
    """Issue 14 review H2: PR-2012 § 18 erases a disciplinary case "with its appeal cases",
    and only those: case ids hold "-", so `appeal-A-1-1-1` (the appeal of case A-1-1, another
    person's) must not go with case A-1, and an appeal the register does not link to the case
    (`opened_from`) is refused and kept (arkivloven § 9 bokstav c)."""
    keyring = Keyring(store, MASTER)
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "A-1", decided)
    ordensstraff_case(store, "A-1-1", decided)
    path = [("with_deciding_body", decided), ("decided", decided)]
    own = closed_case(store, "appeal", "A-1-1", path)  # appeal-A-1-1: A-1's first appeal
    theirs = closed_case(store, "appeal", "A-1-1-1", path)  # A-1-1's first appeal
    unlinked = closed_case(store, "appeal", "A-1-2", path)
    _link(store, own, root)  # A-1-1's appeal: opened before the link was kept (no link)
    # the case's journal says its first appeal appealed the decision (the appeals hold no
    # file: tjml § 16, a suspension's would be kept)
    opened_appeal(store, root)
    assert family_of(store, store.case(root), PR_18) == [root, own]  # type: ignore[arg-type]
    plan = requested(store, root, [root, own, theirs, unlinked])
    done = ErasureActivities(store, keyring, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [root, own]
    assert sorted(r["error"].split(" ")[0] for r in done.refused) == [theirs, unlinked]
    assert store.case(theirs).person_id == "emp-2"  # type: ignore[union-attr]
    assert store.case(unlinked).person_id == "emp-2"  # type: ignore[union-attr]
    assert store.case(own).person_id == "anonymised"  # type: ignore[union-attr]
    assert not appeal_id_of("A-1", theirs) and appeal_id_of("A-1-1", theirs)


def test_the_migration_links_appeals_opened_before_it(tmp_path: Path) -> None:
    """0016_erase3 (issue 14 review H2, PR-2012 § 18): an appeal opened before the register kept
    the link is linked to the case whose opening event its own opening event extends
    (`<E>:appeal:<n>`, no door sender: workflows/duties.py `start_linked_case`); an appeal
    whose opening came through the door (a sender) stays unlinked, and A-1-1's appeal is never
    linked to A-1."""
    rows: list[OldCase] = [
            ("discipline-A-1", "A-1", "discipline", "ev-a", "system:hr"),
            ("discipline-A-1-1", "A-1-1", "discipline", "ev-b", "system:hr"),
            ("appeal-A-1-1", "A-1-1", "appeal", "ev-a:appeal:1", None),
            ("appeal-A-1-1-1", "A-1-1-1", "appeal", "ev-b:appeal:1", None),
            ("appeal-A-1-2", "A-1-2", "appeal", "ev-a:appeal:2", "system:hr")]  # fmt: skip
    store = _old_register(tmp_path, "0015_erase2", rows)
    assert store.case("appeal-A-1-1").opened_from == "discipline-A-1"  # type: ignore[union-attr]
    assert store.case("appeal-A-1-1-1").opened_from == "discipline-A-1-1"  # type: ignore[union-attr]
    assert store.case("appeal-A-1-2").opened_from is None  # type: ignore[union-attr]


def test_unconfirmed_choice_rows_erase_nothing_and_say_why(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """arkivloven § 9 bokstav c (issue 14 review M4): archive material is not discarded without
    authority, so the stated-choice rows (leave, unsuccessful applicants) erase nothing until the
    archive owner's confirmation is recorded in `PERSONALSAK_RETENTION_CONFIRMED`: the sweep
    logs the row it left (no case, no person), an officer is refused naming the setting; a
    confirmed row runs, an unknown name is refused."""
    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RC-1", [("applied", ended), ("withdrawn", ended)])
    monkeypatch.delenv(CONFIRMED_ENV)
    caplog.set_level("INFO", logger="activities.erasure")
    assert sweep(store, None, TODAY) == []
    assert "Ola" in store.documents(leave)[0].body
    said = caplog.text
    assert "'leave'" in said and "'unsuccessful_applicants'" in said and "confirmed" in said
    assert "emp-2" not in said and "RC-1" not in said
    with pytest.raises(RuleViolation) as refused:
        erasable("leave", LEAVE_CHOICE, [("withdrawn", ended)], True, TODAY)
    assert (refused.value.rule, refused.value.field) == (ARCHIVE, CONFIRMED_ENV)
    with pytest.raises(RuleViolation) as typo:
        confirmed_rows("leave,ordensstraff")
    assert typo.value.field == CONFIRMED_ENV
    monkeypatch.setenv(CONFIRMED_ENV, "leave")
    assert sweep(store, None, TODAY) == [leave]


def test_five_years_have_one_figure_and_one_anchor() -> None:
    """PR-2012 § 18 "Ordensstraffer ... slettes etter fem år" (issue 14 review M6): the case's
    timer, the row and the sweep's re-check count the same years from the same day, the
    deciding body's last decision (docs/legal-choices.md): a decision set aside and sent back by
    the appeal body no longer anchors them; the registration after the appeal does not."""
    assert discipline.DELETION_YEARS is PR18_YEARS
    first, again, registered = date(2030, 3, 1), date(2030, 9, 1), date(2031, 1, 5)
    journal = [("decide", "decided", "r", first), ("appeal", "under_appeal", "r", first),
               ("appeal_sent_back", "deliberation", "r", again),
               ("decide", "decided", "r", again),
               ("window_closes", "ordensstraff_registered", "r", registered),
               ("delete_ordensstraff", "ordensstraff_deleted", PR_18,
                add_years(again, 5))]  # fmt: skip
    timer = discipline._deletion_day(discipline.DisciplineFile.model_construct(decided_on=again))
    assert timer == add_years(again, PR18_YEARS)
    check_pr18(journal, add_years(again, 5))
    with pytest.raises(RuleViolation) as early:
        check_pr18(journal, add_years(again, 5) - timedelta(days=1))
    assert early.value.rule == PR_18
    steps = [(dest, day) for _, dest, _, day in journal]
    assert erasable("discipline", PR_18, steps, True, add_years(again, 5)).key == "ordensstraff"
    with pytest.raises(RuleViolation):  # not from the registration, not from the first decision
        erasable("discipline", PR_18, steps, True, add_years(again, 5) - timedelta(days=1))


def test_every_case_keyed_on_the_deleted_ordensstraff_goes_with_it(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PR-2012 § 18 "Ordensstraffer ... slettes etter fem år" deletes the record of the
    disciplinary case (issue 14 review, HIGH; docs/legal-choices.md, a choice for the archive
    owner under arkivloven § 9 bokstav c): every case the register links to it and keys on it
    goes with it, whatever it appeals (the decision, the suspension, one whose file is gone),
    and its exit interview too, once the archive owner confirmed `ordensstraff_children`
    (review M6), though the case's request did not name it: a kept
    `appeal-X-n` or `exit_interview-discipline-X-n` would tie the deleted case to the employee.
    A report that did not open the case is kept, and the refusal is journalled on the asking
    case only, never on the kept case about the same employee."""
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_children")  # review M6
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RS-1", decided)
    children = []
    for wid, reaction in ((f"appeal-RS-1-{1}", "suspensjon"), (f"appeal-RS-1-{2}", None),
                          (f"exit_interview-{root}-1", None)):  # fmt: skip
        kind, case_id = wid.split("-", 1)
        closed_case(store, kind, case_id, [("decided", decided)])
        with store.session() as s:
            case, view = s.get(CaseRow, wid), s.get(CaseViewRow, wid)
            assert case is not None and view is not None
            case.opened_from = root
            view.file = json.dumps({"request": {"reaction": reaction}}) if reaction else None
            s.add(case)
            s.add(view)
        children.append(wid)
    report = closed_case(store, "report", "RS-R", [("closed", decided)])  # not linked
    plan = requested(store, root, [root, *children[:2], report])
    done = ErasureActivities(store, None, None).erase(plan.model_copy(update={"today": TODAY}))
    assert sorted(done.workflow_ids) == sorted([root, *children])
    assert [r["rule"] for r in done.refused] == [PR_18]
    for wid in children:
        assert store.case(wid).person_id == "anonymised"  # type: ignore[union-attr]
    assert store.case(report).person_id == "emp-2"  # type: ignore[union-attr]
    assert not [j for j in store.journal(report) if j.trigger == "erase_refused"]
    assert [j.rule for j in store.journal(root) if j.trigger == "erase_refused"] == [PR_18]
    with store.session() as s:  # the officer's `case erase` names them by the same link
        case = s.get(CaseRow, root)
        assert case is not None and set(children) <= set(family_of(store, case, PR_18))
    # a case the register does not link, or whose id is not the case's child's, is kept
    ok, refused = verified_family(Member(root, "discipline", "RS-1"),
                                  [Member("appeal-RS-1-1-1", "appeal", "RS-1-1-1", root),
                                   Member(f"exit_interview-{root}-1", "exit_interview",
                                          f"{root}-1", None)], PR_18)  # fmt: skip
    assert ok == [root] and len(refused) == 2


def test_the_sweep_deletes_by_what_it_erased_without_a_keyring(store: Store) -> None:
    """Issue 14 review M1 (PR-2012 § 18, GDPR art. 5(1)(e)): the histories of an erased family
    leave Temporal whether or not a key was destroyed now (a setup without a keyring, a retried
    sweep whose keys are gone); a key is recorded destroyed only if the keyring destroyed it,
    and an erased case is not taken up again."""
    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RD-1", [("applied", ended), ("withdrawn", ended)])
    acts = ErasureActivities(store, None, None)
    (plan,) = acts.due_erasures(TODAY)
    done = acts.erase(plan)
    assert done.workflow_ids == [leave] and done.keys_destroyed == []
    assert deletes_histories(plan, done)
    with store.session() as s:
        row = s.get(ErasureRow, leave)
        assert row is not None and row.erased_at is not None and row.keys_destroyed_at is None
    assert acts.due_erasures(TODAY) == []
    # with a keyring, a retry finds the keys gone and still deletes the histories
    other = closed_case(store, "leave", "RD-2", [("applied", ended), ("withdrawn", ended)])
    keyring = Keyring(store, MASTER)
    keyring.key_for(other)
    acts = ErasureActivities(store, keyring, None)
    (plan,) = [p for p in acts.due_erasures(TODAY) if p.root == other]
    assert acts.erase(plan).keys_destroyed == [other]
    again = acts.erase(plan)
    assert again.keys_destroyed == [] and deletes_histories(plan, again)
    with store.session() as s:
        assert s.get(ErasureRow, other).keys_destroyed_at is not None  # type: ignore[union-attr]


class _SmtpDown:
    """A mailer whose server refuses with the address in its text (as SMTP does)."""

    def send(self, key: str, msg: object) -> str:
        raise OSError("550 5.1.1 <ola.hansen@example.no>: Recipient address rejected")


def test_the_deleted_ordensstraffs_outbox_names_no_one(store: Store) -> None:
    """PR-2012 § 18 "Ordensstraffer ... slettes etter fem år" (issue 14 review, HIGH): the
    case's own deletion step (`anonymise_case`) and the sweep's erasure clear the outbox by the
    case: no key `<doc>:<person id>`, no SMTP error quoting the address; the worker's log names
    a message by a keyed tag, never by its key or the server's text; a retried delivery of an
    erased message sends nothing."""
    import structlog

    from activities.case_activities import CaseActivities

    decided = years_before(TODAY, 5, 1)
    wid = ordensstraff_case(store, "RO-1", decided)
    key = f"{wid}:vedtak:emp-2"
    with store.session() as s:
        s.add(OutboxRow(key=key, workflow_id=wid, recipient_id="emp-2",
                        to_address="ola.hansen@example.no", subject="Vedtak", body="Ola",
                        created_at=datetime.now(UTC)))  # fmt: skip
    acts = CaseActivities(store, _SmtpDown())  # type: ignore[arg-type]
    with structlog.testing.capture_logs() as logged, pytest.raises(ApplicationError):
        acts.deliver(key)
    said = json.dumps(logged)
    assert logged and "emp-2" not in said and "ola.hansen" not in said and key not in said
    assert store.outbox(wid)[0].last_error is not None  # the operator sees it until erased

    def names_no_one() -> None:
        with store.session() as s:
            rows = list(s.exec(select(OutboxRow).where(OutboxRow.workflow_id == wid)))
        text = " ".join(json.dumps(r.model_dump(mode="json")) for r in rows)
        assert len(rows) == 1 and "emp-2" not in text and "ola.hansen" not in text, text
        assert rows[0].last_error is None

    acts.anonymise_case(wid)  # the case's own § 18 step
    names_no_one()
    assert acts.deliver(key) == "erased"  # a retried delivery finds it erased: nothing sent
    assert sweep(store, None, TODAY) == [wid]  # the sweep's erase_case: the same, once
    names_no_one()


def test_a_deletion_taken_before_issue_14_is_finished_by_the_sweep(tmp_path: Path) -> None:
    """PR-2012 § 18 "Ordensstraffer ... slettes etter fem år" (issue 14 review, MEDIUM): a
    disciplinary case that took its deletion step before issue 14's patch has no erasure row
    (workflows/discipline.py ERASURE_PATCH); the sweep finds it by its state, builds its family
    from the register's links and erases it after re-checking the step and the five years."""
    store = _old_register(tmp_path, "0013_case_keys", [
        ("discipline-OE-1", "OE-1", "discipline", "ev-o", "system:hr"),
        ("appeal-OE-1-1", "OE-1-1", "appeal", "ev-o:appeal:1", None),
        ("discipline-OE-2", "OE-2", "discipline", "ev-p", "system:hr"),
    ])  # fmt: skip
    decided = years_before(TODAY, 5, 1)
    deleted_on = datetime(*add_years(decided, 5).timetuple()[:3], 9, tzinfo=UTC)
    decided_at = datetime(*decided.timetuple()[:3], 9, tzinfo=UTC)
    with store.session() as s:
        for wid, last in (("discipline-OE-1", "ordensstraff_deleted"),
                          ("discipline-OE-2", "ordensstraff_registered")):  # fmt: skip
            # the journal says its appeal appealed the decision (review M6: one the register
            # cannot place is kept until the archive owner confirms `ordensstraff_children`)
            path = [("decide", "decided", "r", decided_at),
                    ("appeal", "under_appeal", "r", decided_at),
                    ("register", "ordensstraff_registered", "r", decided_at),
                    ("delete_ordensstraff", "ordensstraff_deleted", PR_18, deleted_on)]  # fmt: skip
            for n, (trigger, dest, rule, at) in enumerate(path, 2):
                s.add(JournalRow(workflow_id=wid, seq=n, trigger=trigger, source="x",
                                 dest=dest, rule=rule, actor_id="system", actor_role="system",
                                 at=at))  # fmt: skip
                if dest == last:
                    break
            case = s.get(CaseRow, wid)
            assert case is not None
            case.state = last
            s.add(case)
    assert store.case("appeal-OE-1-1").opened_from == "discipline-OE-1"  # type: ignore[union-attr]
    assert sweep(store, None, TODAY - timedelta(days=2)) == []  # the five years re-checked
    assert sorted(sweep(store, None, TODAY)) == ["appeal-OE-1-1", "discipline-OE-1"]
    for wid in ("discipline-OE-1", "appeal-OE-1-1"):
        assert store.case(wid).person_id == "anonymised"  # type: ignore[union-attr]
    assert store.case("discipline-OE-2").person_id == "emp-2"  # type: ignore[union-attr]
    assert sweep(store, None, TODAY) == []  # once


def _hiring_case(store: Store, case_id: str, told: date) -> str:
    """A running hiring case whose appointee (a-1) was appointed and every other applicant (a-2)
    told so on `told` (PR-2012 § 16 nr. 3, the `notify_appointment` step into
    `awaiting_confirmation`), the contract weeks later; the extended list filed and copied to
    a council member, an invitation and the notice queued to a-2."""
    wid = closed_case(store, "hiring", case_id, [
        ("council", told - timedelta(days=30)), ("awaiting_confirmation", told),
        ("awaiting_contract", told + timedelta(days=40))])  # fmt: skip
    now = datetime.now(UTC)
    with store.session() as s:
        s.add(AppointmentRow(workflow_id=wid, person_id="a-1", unit_id="oslo-prison",
                             post_kind="fengselsbetjent", announced=True, permanent=True,
                             months=0, appointed_on=told))  # fmt: skip
        for aid in ("a-1", "a-2"):
            s.add(ApplicantRow(key=f"{wid}:{aid}", workflow_id=wid, applicant_id=aid,
                               name=f"Søker {aid}", email=f"{aid}@example.no", gender="f",
                               education="Bachelor", experience="Vekter i 5 år",
                               received_on=told - timedelta(days=60)))  # fmt: skip
        s.add(DocumentRow(doc_id=f"{wid}:list", workflow_id=wid, kind="hiring_extended_list",
                          title="Utvidet søkerliste", body="a-2: Vekter i 5 år",
                          created_at=now))  # fmt: skip
        for key, doc, to, address in (
            ("list:rep-1", f"{wid}:list", "rep-1", "rep@example.no"),
            ("invite:a-2", None, "a-2", "a-2@example.no"),
            ("notice:a-2", None, "a-2", "a-2@example.no"),
            ("notice:a-1", None, "a-1", "a-1@example.no"),
        ):
            s.add(OutboxRow(key=f"{wid}:{key}", workflow_id=wid, doc_id=doc, recipient_id=to,
                            to_address=address, subject="s", body="Vekter i 5 år",
                            last_error=f"550 <{address}>", created_at=now))  # fmt: skip
    return wid


def test_the_applicants_row_erases_the_copies_and_journals_it(store: Store) -> None:
    """Stated choice (docs/retention.md, APPLICANTS_CHOICE; issue 14 review, MEDIUM): three
    years from the day the applicants were told who was appointed (PR-2012 § 16 nr. 3;
    foreldelsesloven § 9 runs from when the applicant knew), not from the contract. The
    applications of applicants not appointed go, and so do the outbox's copies of the extended
    list (forvaltningsforskriften § 15; the filed list is kept as archive material) and every
    message's address and text to them; the erasure is a journal step with its rule, numbered
    apart from the running case's own steps (OWN_SEQ)."""
    told = years_before(TODAY, 3, 1)
    wid = _hiring_case(store, "RA-1", told)
    assert sweep(store, None, TODAY) == [wid]  # the contract's day is 40 days later
    out = {m.key.split(":", 1)[1]: m for m in store.outbox(wid)}
    assert "Vekter" not in out["list:rep-1"].body  # the copy to the council
    for key in ("invite:a-2", "notice:a-2"):
        assert out[key].to_address == "[slettet]" and "Vekter" not in out[key].body
        assert out[key].last_error is None
    assert out["notice:a-1"].to_address == "a-1@example.no"  # the appointee's stays
    filed = {d.doc_id: d.body for d in store.documents(wid)}
    assert filed[f"{wid}:list"] == "a-2: Vekter i 5 år"  # the archive's document
    erased = [j for j in store.journal(wid) if j.trigger == "erase"]
    assert [(j.rule, j.seq > OWN_SEQ) for j in erased] == [(APPLICANTS_CHOICE, True)]
    assert sweep(store, None, TODAY) == []  # once


def test_a_running_hiring_case_still_logs_its_readers(store: Store) -> None:
    """GDPR art. 15 and fvl § 18 (who read a party's case) with the stated applicants choice
    (issue 14 review, MEDIUM): erasing part of a running hiring case (the unsuccessful
    applications) anonymises no reader: a later read of the appointee's case is logged with
    its reader, and the case is still asked live (`cases.erased` is for a case erased whole)."""
    from intake.cases import erased

    wid = _hiring_case(store, "RA-2", years_before(TODAY, 3, 1))
    access = AccessRegister(store)
    access.log("a-1", wid, "RA-2", "party", "api")
    assert sweep(store, None, TODAY) == [wid]
    access.log("a-1", wid, "RA-2", "party", "api")
    assert [e.reader for e in access.entries(case=wid)] == ["a-1", "a-1"]
    assert not erased(store, "RA-2", "hiring") and not store.erased(wid)


def test_the_erased_leave_period_names_no_one(store: Store) -> None:
    """Stated choice (docs/retention.md, LEAVE_CHOICE; issue 14 review, LOW): the erased leave
    case's period keeps its dates and kind, not whose it was (PR-2012 § 22 counts welfare days
    per calendar year, long past)."""
    ended = years_before(TODAY, 3, 1)
    wid = closed_case(store, "leave", "RL-9", [("applied", ended), ("withdrawn", ended)])
    with store.session() as s:
        s.add(LeavePeriodRow(workflow_id=wid, person_id="emp-2", kind="welfare", start=ended,
                             end=ended))  # fmt: skip
    assert sweep(store, None, TODAY) == [wid]
    with store.session() as s:
        row = s.get(LeavePeriodRow, wid)
        assert row is not None and row.person_id == "anonymised" and row.start == ended


# -- the review of erase6 (issue 14): mail files, the setting, the children, the link ----------


def test_a_typo_in_the_confirmed_setting_stops_no_pr18_deletion(
    store: Store, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Review M3: PR-2012 § 18 needs no confirmation, so an unknown name in
    `PERSONALSAK_RETENTION_CONFIRMED` (arkivloven § 9 bokstav c) must not stop its deletions
    (the sweep's activity raised, was retried forever and the Schedule skipped later days):
    the sweep logs each stated-choice row it leaves and goes on; the worker refuses to start
    with a one-line error naming the setting."""
    import worker

    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RM-1", decided)
    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RM-2", [("applied", ended), ("withdrawn", ended)])
    monkeypatch.setenv(CONFIRMED_ENV, "leave,leve")
    caplog.set_level("INFO", logger="activities.erasure")
    requested(store, root, [root])
    plans = ErasureActivities(store, None, None).due_erasures(TODAY)
    assert [p.root for p in plans] == [root]  # § 18 goes on; the leave row waits
    assert "leave not confirmed" in caplog.text and "RM-2" not in caplog.text
    assert "Ola" in store.documents(leave)[0].body
    with pytest.raises(SystemExit) as stop:
        worker.check_retention_setting()
    assert CONFIRMED_ENV in str(stop.value) and "\n" not in str(stop.value)
    monkeypatch.setenv(CONFIRMED_ENV, "leave,ordensstraff_children")
    worker.check_retention_setting()


def _child(store: Store, root: str, wid: str, decided: date, reaction: str | None) -> str:
    """A case the disciplinary case opened, linked by the register, with its file's reaction."""
    kind, case_id = wid.split("-", 1)
    closed_case(store, kind, case_id, [("decided", decided)])
    with store.session() as s:
        case, view = s.get(CaseRow, wid), s.get(CaseViewRow, wid)
        assert case is not None and view is not None
        case.opened_from = root
        view.file = json.dumps({"request": {"reaction": reaction}}) if reaction else None
        s.add(case)
        s.add(view)
    return wid


def test_children_that_are_no_ordensstraff_wait_for_the_archive_owner(store: Store) -> None:
    """Review M6 (arkivloven § 9 bokstav c; PR-2012 § 18 deletes ordensstraffer; tjml § 16, a
    suspension is none): the appeal of the decision goes with the deleted case; its
    suspension's appeal and its exit interview are kept until the archive owner confirms
    `ordensstraff_children`, and the refusal is a journal step on the asking case."""
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RK-1", decided)
    decision = _child(store, root, "appeal-RK-1-1", decided, "ordensstraff")
    suspension = _child(store, root, "appeal-RK-1-2", decided, "suspensjon")
    interview = _child(store, root, f"exit_interview-{root}-1", decided, None)
    plan = requested(store, root, [root, decision, suspension])
    done = ErasureActivities(store, None, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [root, decision]
    assert [r["rule"] for r in done.refused] == [ARCHIVE, ARCHIVE]
    assert all("ordensstraff_children" in r["error"] for r in done.refused)
    for kept in (suspension, interview):
        assert store.case(kept).person_id == "emp-2"  # type: ignore[union-attr]
    refusals = [j for j in store.journal(root) if j.trigger == "erase_refused"]
    assert {j.rule for j in refusals} == {ARCHIVE}
    assert not [j for j in store.journal(suspension) if j.trigger == "erase_refused"]
    assert confirmed_rows("ordensstraff_children") == {"ordensstraff_children"}


def test_an_erased_cases_letters_leave_the_mail_directory(store: Store, tmp_path: Path) -> None:
    """Review H2 (PR-2012 § 18, GDPR art. 5(1)(e); the stated rows alike): the mail directory
    holds every letter as a file named by its key, with the decision, facts and reasons in
    plain text: an erasure deletes the case's files (also those whose message § 18's own step
    had re-keyed, by the case's name pattern) and leaves other cases' letters alone; the
    applicants row deletes the files of the messages whose text it clears."""
    from activities.notifications import Mailer, build_message, mail_name

    mail_dir = tmp_path / "mail"
    mailer = Mailer(mail_dir)

    def deliver(key: str) -> Path:
        return Path(mailer.send(key, build_message(key, "x@example.no", "Vedtak", "Ola Hansen")))

    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RF-1", [("applied", ended), ("withdrawn", ended)])
    other = closed_case(store, "leave", "RF-10", [("applied", TODAY), ("withdrawn", TODAY)])
    with store.session() as s:
        s.add(OutboxRow(key=f"{leave}:1:emp-2", workflow_id=leave, doc_id=f"{leave}:1",
                        recipient_id="emp-2", to_address="x@example.no", subject="Vedtak",
                        body="Ola Hansen", created_at=datetime.now(UTC)))  # fmt: skip
    files = [deliver(f"{leave}:1:emp-2"), deliver(f"{leave}:2:emp-2")]
    (mail_dir / f".{mail_name(f'{leave}:3:emp-2')}.tmp").write_text("Ola Hansen")
    kept = deliver(f"{other}:1:emp-2")
    acts = ErasureActivities(store, None, None, mail_dir)
    assert [acts.erase(p).workflow_ids for p in acts.due_erasures(TODAY)] == [[leave]]
    assert not any(f.exists() for f in files) and kept.exists()
    assert sorted(p.name for p in mail_dir.iterdir()) == [kept.name]
    # a letter of a case erased before its files went with it: the next sweep deletes it
    early = deliver(f"{leave}:4:emp-2")
    acts.due_erasures(TODAY)
    assert not early.exists() and kept.exists()

    told = years_before(TODAY, 3, 1)
    hiring = _hiring_case(store, "RF-2", told)
    sent = {m.key.split(":", 1)[1]: deliver(m.key) for m in store.outbox(hiring)}
    for plan in acts.due_erasures(TODAY):
        acts.erase(plan)
    assert [k for k, f in sent.items() if f.exists()] == ["notice:a-1"]  # the appointee's


def _report(
    store: Store,
    case_id: str,
    path: list[tuple[str, date]],
    request: dict,
    unit: str = "oslo-prison",
) -> str:
    """A report of neglect as the register holds it: its journal (the states entered) and its
    file's request, in `unit`."""
    wid = closed_case(store, "report", case_id, path)
    with store.session() as s:
        case, view = s.get(CaseRow, wid), s.get(CaseViewRow, wid)
        assert case is not None and view is not None
        case.org_unit = unit
        view.file = json.dumps({"request": request})
        s.add(case)
        s.add(view)
    return wid


def _file(store: Store, wid: str, request: dict) -> None:
    with store.session() as s:
        view = s.get(CaseViewRow, wid)
        assert view is not None
        view.file = json.dumps({"request": request})
        s.add(view)


NEGLECT = {"kind": "neglect", "employee_id": "emp-1", "concerns_employee_id": "emp-2"}


def test_an_officer_links_a_report_to_its_disciplinary_case(store: Store) -> None:
    """Review M5 (TI-2020 § 2-5 with PR-2012 § 18): a disciplinary case opened by its own
    event, not by the report's hand-over, is linked to the report of neglect that led to it by
    `case link-report`, checked on the register: an HR officer serving the case's unit and the
    report's, a report of neglect its leader assessed (its journal) on or before the case
    opened, about the case's employee, that led to no other case; a journal step with the
    rule. The § 18 family then takes the report."""
    from intake.erase import link_report

    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RL-1", decided)
    _file(store, root, {"employee_id": "emp-2"})
    handed = [("received", decided), ("no_action", decided)]
    report = _report(store, "RL-R", handed, NEGLECT)
    _report(store, "RL-O", handed, {**NEGLECT, "employee_id": "emp-2",
                                    "concerns_employee_id": "emp-1"})  # fmt: skip
    _report(store, "RL-U", [("received", decided)], NEGLECT)

    def refused(report_id: str, by: str = "hr-east") -> tuple[str, str | None]:
        with pytest.raises(RuleViolation) as no:
            link_report(store, "RL-1", report_id, by, TODAY, "cli:test")
        return no.value.rule, no.value.field

    assert refused("RL-R", "emp-1") == ("TI-2020 § 2-5", "by")
    assert refused("RL-O") == ("TI-2020 § 2-5", "report")  # about someone else
    assert refused("RL-U") == ("TI-2020 § 2-5", "report")  # not yet assessed
    assert refused("RL-X") == ("TI-2020 § 2-5", "report")  # no such report
    assert store.case(root).opened_from is None  # type: ignore[union-attr]
    done = link_report(store, "RL-1", "RL-R", "hr-east", TODAY, "cli:test")
    assert done == {"linked": report, "case": root, "already": False}
    assert link_report(store, "RL-1", "RL-R", "hr-east", TODAY)["already"] is True
    line = store.journal(root)[-1]
    assert (line.trigger, line.actor_id, line.sender, line.seq > OWN_SEQ) == (
        "link_report", "hr-east", "cli:test", True)  # fmt: skip
    assert "TI-2020 § 2-5" in line.rule and PR_18 in line.rule
    case = store.case(root)
    assert case is not None and family_of(store, case, PR_18) == [root, report]
    plan = requested(store, root, [root])
    done = ErasureActivities(store, None, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [root, report] and done.refused == []
    assert store.case(report).person_id == "anonymised"  # type: ignore[union-attr]


def test_link_report_refuses_a_later_or_foreign_report_and_unlinks_a_wrong_one(
    store: Store,
) -> None:
    """Review H1 and M1 of erase7 (TI-2020 § 2-5 with PR-2012 § 18; arkivloven § 9 bokstav c
    keeps every report that did not lead to the case): `case link-report` refuses a report its
    leader assessed only after the case opened, one whose assessment its journal does not
    show, and one in a unit the officer does not serve, the last with the same words as
    a report that does not exist, naming nothing of it; a report it reads is in the access
    log. A wrong link is undone by `case unlink-report` (journalled) so the right one can be
    linked, until the § 18 erasure is requested; a hand-over's link is never undone."""
    from intake.erase import link_report, unlink_report

    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RU-1", decided)
    _file(store, root, {"employee_id": "emp-2"})
    before = [("received", decided), ("handed_to_discipline", decided)]
    right = _report(store, "RU-R", before, NEGLECT)
    wrong = _report(store, "RU-W", before, NEGLECT)
    later = years_before(TODAY, 2)
    _report(store, "RU-L", [("received", later), ("handed_to_discipline", later)], NEGLECT)
    forged = _report(store, "RU-N", [("received", decided)], NEGLECT)
    with store.session() as s:  # a row's state the journal does not show
        row = s.get(CaseRow, forged)
        assert row is not None
        row.state = "no_action"
        s.add(row)
    _report(store, "RU-K", before, NEGLECT, unit="krus")

    def refusal(report_id: str) -> RuleViolation:
        with pytest.raises(RuleViolation) as no:
            link_report(store, "RU-1", report_id, "hr-east", TODAY, "cli:test")
        assert (no.value.rule, no.value.field) == ("TI-2020 § 2-5", "report")
        return no.value

    assert "after" in refusal("RU-L").message  # assessed years after the case opened
    assert "its journal" in refusal("RU-N").message  # assessed by the row alone
    foreign, missing = refusal("RU-K"), refusal("RU-Z")
    assert foreign.message.replace("RU-K", "RU-Z") == missing.message
    assert "neglect" not in foreign.message and "emp-2" not in foreign.message
    reads = AccessRegister(store)
    assert not reads.entries("report-RU-K") and not reads.entries("report-RU-Z")
    assert store.case(root).opened_from is None  # type: ignore[union-attr]

    link_report(store, "RU-1", "RU-W", "hr-east", TODAY, "cli:test")
    assert [(e.reader, e.channel) for e in reads.entries(wrong)] == [("hr-east", "cli")]
    with pytest.raises(RuleViolation) as one:  # one link per case: the wrong one goes first
        link_report(store, "RU-1", "RU-R", "hr-east", TODAY, "cli:test")
    assert (one.value.rule, one.value.field) == ("TI-2020 § 2-5", "case_id")
    assert unlink_report(store, "RU-1", "hr-east", TODAY, "cli:test")["unlinked"] == wrong
    assert link_report(store, "RU-1", "RU-R", "hr-east", TODAY, "cli:test")["linked"] == right
    triggers = [j.trigger for j in store.journal(root) if j.seq > OWN_SEQ]
    assert triggers == ["link_report", "unlink_report", "link_report"]
    requested(store, root, [root])
    with pytest.raises(RuleViolation) as late:  # the § 18 erasure is requested: it stays
        unlink_report(store, "RU-1", "hr-east", TODAY, "cli:test")
    assert late.value.rule == PR_18
    assert store.case(root).opened_from == right  # type: ignore[union-attr]
    # a hand-over's link (Temporal's parent) is a fact: no officer undoes it
    other = ordensstraff_case(store, "RU-2", decided, opened_from=wrong)
    with pytest.raises(RuleViolation) as fact:
        unlink_report(store, "RU-2", "hr-east", TODAY, "cli:test")
    assert fact.value.field == "case_id" and store.case(other).opened_from == wrong  # type: ignore[union-attr]


def test_case_erase_checks_the_rule_on_oslos_day() -> None:
    """Review L2 (PR-2012 § 18's five years, the stated rows' periods, counted in days): the
    officer's `case erase` checks the rule on the day in Oslo, as the sweep does
    (`local_date(utcnow())`), never on the machine's local day."""
    import inspect

    from intake import cli

    source = inspect.getsource(cli.case_erase)
    assert "local_date(utcnow())" in source and "date.today()" not in source


# -- the review of erase7 (issue 14): late children, mail names, the busy checkpoint ----------


def test_children_confirmed_after_the_deletion_go_by_the_sweep_and_case_erase(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review M3 and L1 of erase7 (PR-2012 § 18; arkivloven § 9 bokstav c): a suspension's
    appeal and an exit interview kept when their disciplinary case was erased, because the
    archive owner had not confirmed `ordensstraff_children` (or a typo hid it), go once it is
    confirmed: the sweep plans the erased root again, and so does an officer's `case erase`
    (no longer `already`). A typo in the setting refuses no officer's § 18 erasure."""
    import asyncio

    from intake.erase import erase

    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RC-1", decided)
    suspension = _child(store, root, "appeal-RC-1-1", decided, "suspensjon")
    interview = _child(store, root, f"exit_interview-{root}-1", decided, None)
    requested(store, root, [root])
    acts = ErasureActivities(store, None, None)
    (plan,) = acts.due_erasures(TODAY)
    assert acts.erase(plan).workflow_ids == [root]
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_childern")  # a typo: still kept
    assert acts.due_erasures(TODAY) == []
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_children")  # corrected
    (plan,) = acts.due_erasures(TODAY)
    assert plan.root == root and plan.rule == PR_18
    assert sorted(acts.erase(plan).workflow_ids) == sorted([root, suspension, interview])
    for wid in (suspension, interview):
        assert store.case(wid).person_id == "anonymised"  # type: ignore[union-attr]
    assert acts.due_erasures(TODAY) == []

    async def closed(self: object, ids: list[str]) -> list[str]:
        return []

    monkeypatch.setattr(ErasureActivities, "still_running", closed)
    monkeypatch.setattr(ErasureActivities, "delete_histories", closed)

    def case_erase(wid: str) -> dict:
        return asyncio.run(erase(store, None, None, wid, PR_18, "hr-east", TODAY))  # type: ignore[arg-type]

    other = ordensstraff_case(store, "RC-2", decided)
    child = _child(store, other, "appeal-RC-2-1", decided, "suspensjon")
    monkeypatch.setenv(CONFIRMED_ENV, "leve")  # L1: a typo refuses no § 18 erasure
    assert case_erase(other)["erased"] == [other]
    assert case_erase(other)["already"] is True
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_children")
    done = case_erase(other)
    assert done["already"] is False and child in done["erased"]
    assert store.case(child).person_id == "anonymised"  # type: ignore[union-attr]


def test_a_kept_suspension_appeal_keeps_its_key_and_its_case(store: Store) -> None:
    """Review L3 of erase7 (PR-2012 § 18 deletes the ordensstraff; tjml § 16, a suspension is
    none; arkivloven § 9 bokstav c keeps the rest until the archive owner confirms
    `ordensstraff_children`, docs/retention.md): the disciplinary case's key is destroyed and
    its history deleted; its suspension's appeal keeps its own key (which also opens its start
    input in the erased parent's history), its register rows and its history."""
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RA-1", decided)
    appeal = _child(store, root, "appeal-RA-1-1", decided, "suspensjon")
    keyring = Keyring(store, MASTER)
    keyring.key_for(root)
    keyring.key_for(appeal)
    requested(store, root, [root, appeal])
    acts = ErasureActivities(store, keyring, None)
    (plan,) = acts.due_erasures(TODAY)
    done = acts.erase(plan)
    assert done.workflow_ids == [root] and done.keys_destroyed == [root]
    assert keyring.destroyed(root) and not keyring.destroyed(appeal)
    assert keyring.key_for(appeal, create=False) is not None
    assert store.case(appeal).person_id == "emp-2"  # type: ignore[union-attr]
    assert "Ola" in store.documents(appeal)[0].body
    assert store.erasure(appeal) is None  # its history is not deleted with the root's
    assert deletes_histories(plan, done) and done.workflow_ids == [root]


def test_mail_names_keep_case_x_apart_from_case_x_2(store: Store, tmp_path: Path) -> None:
    """Review M4 of erase7 (PR-2012 § 18, GDPR art. 5(1)(e); the stated rows alike): case ids
    may hold "_", so erasing `leave-RX-1` must not delete the letters of `leave-RX-1_2`, and
    the sweep's catch-up must find an erased `exit_interview-...` case's letters. New files
    split at "+", which no case id holds; files named before (with "_") are matched by the
    outbox keys the register still holds for the cases not erased."""
    from activities.notifications import Mailer, build_message, mail_name

    mail_dir = tmp_path / "mail"
    mailer = Mailer(mail_dir)
    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RX-1", [("applied", ended), ("withdrawn", ended)])
    other = closed_case(store, "leave", "RX-1_2", [("applied", TODAY), ("withdrawn", TODAY)])
    files = {}
    for wid in (leave, other):
        for n in (1, 2):
            key = f"{wid}:{n}:emp-9"
            with store.session() as s:
                s.add(OutboxRow(key=key, workflow_id=wid, doc_id=f"{wid}:{n}",
                                recipient_id="emp-9", to_address="x@example.no",
                                subject="Vedtak", body="Ola Hansen",
                                created_at=datetime.now(UTC)))  # fmt: skip
            if n == 1:  # delivered before erase8: "_" for ":"
                path = mail_dir / mail_name(key, "_")
                mail_dir.mkdir(mode=0o700, exist_ok=True)
                path.write_text("Ola Hansen")
            else:
                path = Path(mailer.send(key, build_message(key, "x@example.no", "V", "Ola")))
            files[wid, n] = path
    assert files[leave, 2].name == "leave-RX-1+2+emp-9.eml"
    acts = ErasureActivities(store, None, None, mail_dir)
    assert [acts.erase(p).workflow_ids for p in acts.due_erasures(TODAY)] == [[leave]]
    assert not files[leave, 1].exists() and not files[leave, 2].exists()
    assert files[other, 1].exists() and files[other, 2].exists()
    # an exit interview erased before its letters went (its keys re-keyed): the catch-up
    interview = "exit_interview-discipline-RX-3-1"
    old = mail_dir / f"{interview}_1_emp-2.eml"
    new = mail_dir / f"{interview}+2+emp-2.eml"
    for path in (old, new):
        path.write_text("Ola Hansen")
    with store.session() as s:
        s.add(ErasureRow(workflow_id=interview, root="discipline-RX-3", rule=PR_18,
                         scope="family", requested_at=datetime.now(UTC),
                         erased_at=datetime.now(UTC)))  # fmt: skip
    acts.due_erasures(TODAY)
    assert not old.exists() and not new.exists()
    assert files[other, 1].exists() and files[other, 2].exists()


def test_a_busy_checkpoint_is_retried_by_the_sweep_until_the_wal_is_empty(
    store: Store, tmp_path: Path
) -> None:
    """Review M2 of erase7 (PR-2012 § 18, GDPR art. 5(1)(e)): a reader holding a snapshot
    while an erasure checkpoints makes the TRUNCATE checkpoint busy, and SQLite's own
    checkpoints never truncate the -wal file: the register records the checkpoint pending and
    the daily sweep retries it until the -wal file is empty."""
    import sqlite3

    from activities.store import WAL_CHECKPOINT, PendingWorkRow

    ended = years_before(TODAY, 4)
    leave = closed_case(store, "leave", "RW-1", [("applied", ended), ("withdrawn", ended)])
    wal = tmp_path / "register.db-wal"
    reader = sqlite3.connect(tmp_path / "register.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM cases").fetchone()  # holds its snapshot
    acts = ErasureActivities(store, None, None)
    (plan,) = acts.due_erasures(TODAY)
    assert acts.erase(plan).workflow_ids == [leave]
    with store.session() as s:
        assert s.get(PendingWorkRow, WAL_CHECKPOINT) is not None
    assert wal.stat().st_size > 0
    reader.rollback()
    reader.close()
    acts.due_erasures(TODAY)  # the next day's sweep
    with store.session() as s:
        assert s.get(PendingWorkRow, WAL_CHECKPOINT) is None
    assert wal.stat().st_size == 0


# -- the review of erase8 (issue 14): the report named but not linked, the link's checks -------


def _no_file(store: Store, wid: str) -> None:
    """The § 18 step's next view write: the erased case writes no file (workflows/case.py)."""
    with store.session() as s:
        view = s.get(CaseViewRow, wid)
        assert view is not None
        view.file = None
        s.add(view)


ASSESSED_ON = [("received", years_before(TODAY, 5, 1)), ("no_action", years_before(TODAY, 5, 1))]


def test_a_report_named_but_not_linked_is_linked_until_the_family_is_erased(
    store: Store,
) -> None:
    """Review M2 of erase8 (PR-2012 § 18 erases the report that led to the ordensstraff;
    TI-2020 § 2-5; arkivloven § 9 bokstav c keeps any other): the § 18 step finds the report
    its case names not linked and, the case's file still saying whom it concerns, journals a
    notice an officer can act on, naming no report and no one. `case link-report` then runs
    until the family is erased, though the step took the case's file: only the report the
    notice is of; the sweep takes it with the family. Once erased, no link; the notice's tag
    goes with the case's event ids. A named report about someone else gets no notice."""
    from activities.erasure import noticed
    from activities.store import NOT_LINKED
    from intake.erase import link_report

    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RM-1", decided)
    _file(store, root, {"employee_id": "emp-2", "report_case_id": "RM-R"})
    report = _report(store, "RM-R", ASSESSED_ON, NEGLECT)
    other = _report(store, "RM-O", ASSESSED_ON, NEGLECT)  # same employee, not named
    requested(store, root, [root, report])  # the § 18 step, its file still there
    requested(store, root, [root, report])  # a retried activity adds no line
    [notice] = [j for j in store.journal(root) if j.trigger == NOT_LINKED]
    assert PR_18 in notice.rule and "TI-2020 § 2-5" in notice.rule and notice.seq > OWN_SEQ
    assert (notice.actor_id, notice.actor_role) == ("system", "system")
    line = json.dumps(notice.model_dump(mode="json"))
    assert "RM-R" not in line and "emp-2" not in line and sealed.is_tag(notice.event_id or "")
    assert [j.rule for j in store.journal(root) if j.trigger == "erase_refused"] == [PR_18]
    _no_file(store, root)  # the step's view write: the file is gone, the request with it

    with pytest.raises(RuleViolation) as not_named:
        link_report(store, "RM-1", "RM-O", "hr-east", TODAY, "cli:test")
    assert (not_named.value.rule, not_named.value.field) == ("TI-2020 § 2-5", "report")
    assert store.case(root).opened_from is None  # type: ignore[union-attr]
    done = link_report(store, "RM-1", "RM-R", "hr-east", TODAY, "cli:test")
    assert done == {"linked": report, "case": root, "already": False}

    acts = ErasureActivities(store, None, None)
    (plan,) = acts.due_erasures(TODAY)
    assert report in plan.family and plan.family_checked  # the sweep checks it runs no more
    assert sorted(acts.erase(plan).workflow_ids) == sorted([root, report])
    assert store.case(report).person_id == "anonymised"  # type: ignore[union-attr]
    assert store.case(other).person_id == "emp-2"  # type: ignore[union-attr]
    [notice] = [j for j in store.journal(root) if j.trigger == NOT_LINKED]
    assert notice.event_id is None  # the tag of the report went with the case
    with store.session() as s:
        assert not noticed(s, root, report)
    with pytest.raises(RuleViolation) as erased:
        link_report(store, "RM-1", "RM-O", "hr-east", TODAY, "cli:test")
    assert (erased.value.rule, erased.value.field) == (PR_18, "case_id")

    # a named report about another employee: no link could follow, so no notice
    kept = ordensstraff_case(store, "RM-2", decided)
    _file(store, kept, {"employee_id": "emp-2", "report_case_id": "RM-X"})
    foreign = _report(store, "RM-X", ASSESSED_ON, {**NEGLECT, "concerns_employee_id": "emp-1"})
    requested(store, kept, [kept, foreign])
    assert not [j for j in store.journal(kept) if j.trigger == NOT_LINKED]


def test_link_report_refuses_a_report_the_case_does_not_name(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review L2 and L3 of erase8 (TI-2020 § 2-5, PR-2012 § 18: the report that led to the
    case goes with it, no other): a case whose request names its report takes no other one,
    refused naming the field `report`, nothing written. The link and its journal step are one
    transaction: a journal write that fails leaves no link either."""
    from intake import erase as officer

    decided = years_before(TODAY, 1)
    root = closed_case(store, "discipline", "RB-1", [("assessing", decided)])
    _file(store, root, {"employee_id": "emp-2", "report_case_id": "RB-R"})
    report = _report(store, "RB-R", [("received", decided), ("no_action", decided)], NEGLECT)
    _report(store, "RB-O", [("received", decided), ("no_action", decided)], NEGLECT)
    with pytest.raises(RuleViolation) as other:
        officer.link_report(store, "RB-1", "RB-O", "hr-east", TODAY, "cli:test")
    assert (other.value.rule, other.value.field) == ("TI-2020 § 2-5", "report")
    assert "report_case_id" in other.value.message

    def journal_fails() -> datetime:
        raise RuntimeError("the journal write failed")

    monkeypatch.setattr(officer, "utcnow", journal_fails)
    with pytest.raises(RuntimeError):
        officer.link_report(store, "RB-1", "RB-R", "hr-east", TODAY, "cli:test")
    assert store.case(root).opened_from is None  # type: ignore[union-attr]
    assert not [j for j in store.journal(root) if j.seq > OWN_SEQ]
    monkeypatch.undo()
    assert officer.link_report(store, "RB-1", "RB-R", "hr-east", TODAY)["linked"] == report
    assert [j.trigger for j in store.journal(root) if j.seq > OWN_SEQ] == ["link_report"]


def test_an_unlink_never_moves_the_pr18_anchor(store: Store) -> None:
    """Review L1 of erase8 (PR-2012 § 18: five years from the deciding body's last decision):
    `case unlink-report`, like the link and the § 18 notice, is an erasure line and no step of
    the case: journalled while the case is `decided`, it moves no anchor, and it gives the
    officer no read ground ("took a step in it")."""
    from activities.erasure import journal_steps, steps
    from activities.store import ERASURE_TRIGGERS, NOT_LINKED
    from intake.erase import link_report, unlink_report
    from states.retention import anchor_day

    decided = years_before(TODAY, 1)
    root = closed_case(store, "discipline", "RA-1", [("assessing", decided), ("decided", decided)])
    _file(store, root, {"employee_id": "emp-2"})
    _report(store, "RA-R", [("received", decided), ("no_action", decided)], NEGLECT)
    link_report(store, "RA-1", "RA-R", "hr-east", TODAY, "cli:test")
    unlink_report(store, "RA-1", "hr-east", TODAY, "cli:test")
    assert [j.dest for j in store.journal(root) if j.seq > OWN_SEQ] == ["decided", "decided"]
    row = next(r for r in RETENTION if r.rule == PR_18)
    with store.session() as s:
        assert anchor_day(row, steps(s, root)) == decided
        assert [t for t, *_ in journal_steps(s, root)] == ["t1", "t2"]
    assert not [w for w, *_ in AccessRegister(store).steps_of("hr-east") if w == root]
    assert {"link_report", "unlink_report", NOT_LINKED} <= set(ERASURE_TRIGGERS)


def test_the_sweep_checks_for_running_every_member_it_erases(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review L4 of erase8 (PR-2012 § 18; a key destroyed under a running case stalls it): the
    sweep's running check (`still_running` on the plan's family) covers every member `erase`
    takes, those the register confirms since the request too (`ordensstraff_children`
    confirmed since, arkivloven § 9 bokstav c); and `erase` takes no member outside the family
    the sweep checked, should the setting change between the two: it waits for the next
    sweep's check."""
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RW-1", decided)
    interview = _child(store, root, f"exit_interview-{root}-1", decided, None)
    requested(store, root, [root])  # `ordensstraff_children` not confirmed: the interview kept
    acts = ErasureActivities(store, None, None)
    (checked,) = acts.due_erasures(TODAY)
    assert checked.family == [root] and checked.family_checked
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_children")  # between the check and erase
    assert acts.erase(checked).workflow_ids == [root]
    assert store.case(interview).person_id == "emp-2"  # type: ignore[union-attr]
    (plan,) = acts.due_erasures(TODAY)  # the next sweep checks it, then erases it
    assert interview in plan.family and plan.family_checked
    assert interview in acts.erase(plan).workflow_ids
    assert store.case(interview).person_id == "anonymised"  # type: ignore[union-attr]

    monkeypatch.setenv(CONFIRMED_ENV, "leave")
    other = ordensstraff_case(store, "RW-2", decided)
    child = _child(store, other, f"exit_interview-{other}-1", decided, None)
    requested(store, other, [other])  # kept, not requested
    monkeypatch.setenv(CONFIRMED_ENV, "ordensstraff_children")
    (plan,) = acts.due_erasures(TODAY)  # confirmed before this sweep: checked with the family
    assert plan.root == other and sorted(plan.family) == sorted([other, child])
    assert sorted(acts.erase(plan).workflow_ids) == sorted([other, child])
