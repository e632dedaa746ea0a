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

from activities.erasure import ErasureActivities, ErasurePlan
from activities.store import (
    ERASED,
    MIGRATIONS,
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
    """Stated choice (docs/retention.md): the applications of applicants not appointed go three
    years after the appointment was accepted; the appointee's and the public list's fields
    (offentleglova § 25: name, title, municipality) stay."""
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


def test_leave_row(store: Store) -> None:
    """Stated choice (docs/retention.md): a closed leave case's free text, view and data key go
    three years after it closed; the leave period (PR-2012 § 22 counts it) and the trail stay."""
    keyring = Keyring(store, MASTER)
    ended = years_before(TODAY, 3, 1)
    wid = closed_case(
        store, "leave", "RT-3", [("applied", ended - timedelta(days=40)), ("withdrawn", ended)]
    )
    keyring.key_for(wid)
    young = closed_case(store, "leave", "RT-4", [("applied", TODAY), ("withdrawn", TODAY)])
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


def test_archive_row_keeps_duty_cases(store: Store) -> None:
    """arkivloven § 9 bokstav c: archive material is not discarded without authority; duty
    cases (and discipline without an ordensstraff) are kept, and a request to erase one is
    refused with the rule."""
    long_ago = years_before(TODAY, 30)
    for n, kind in enumerate(("gift", "report", "secondary_work", "discipline")):
        closed_case(store, kind, f"RT-K{n}", [("opened", long_ago), ("closed", long_ago)])
    assert sweep(store, None, TODAY) == []
    for kind in ("gift", "report", "discipline"):
        with pytest.raises(RuleViolation) as kept:
            erasable(kind, LEAVE_CHOICE, [("closed", long_ago)], True, TODAY)
        assert kept.value.rule == ARCHIVE
    with pytest.raises(RuleViolation) as kept:
        erasable("gift", ARCHIVE, [("closed", long_ago)], True, TODAY)
    assert kept.value.rule == ARCHIVE and "kept" in kept.value.message


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
    # bokstav c, PR-2012 § 18): the report's trail says it was asked for and is kept; once.
    requested(store, forged, [forged, report])
    refusal = [j for j in store.journal(report) if j.trigger == "erase_refused"]
    assert [(j.rule, j.dest, j.actor_id) for j in refusal] == [(PR_18, "closed", "system")]
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


def test_a_suspension_appeal_is_kept(store: Store) -> None:
    """tjml § 16: a suspension is no ordensstraff (PR-2012 § 14), so PR-2012 § 18 does not erase
    the appeal of a suspension with the disciplinary case (issue 14 review M7): it is archive
    material (arkivloven § 9 bokstav c), refused and untouched; the ordensstraff's appeal goes."""
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RS-1", decided)
    appeals = {}
    for n, reaction in ((1, "suspensjon"), (2, "ordensstraff")):
        wid = closed_case(store, "appeal", f"RS-1-{n}", [("decided", decided)])
        with store.session() as s:
            case, view = s.get(CaseRow, wid), s.get(CaseViewRow, wid)
            assert case is not None and view is not None
            case.opened_from = root
            view.file = json.dumps({"request": {"reaction": reaction}})
            s.add(case)
            s.add(view)
        appeals[reaction] = wid
    plan = requested(store, root, [root, *appeals.values()])
    done = ErasureActivities(store, None, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [root, appeals["ordensstraff"]]
    assert [r["rule"] for r in done.refused] == [ARCHIVE]
    assert "suspension" in done.refused[0]["error"]
    assert store.case(appeals["suspensjon"]).person_id == "emp-2"  # type: ignore[union-attr]
    ok, _ = verified_family(Member(root, "discipline", "RS-1"),
                            [Member(appeals["suspensjon"], "appeal", "RS-1-1", root, None)],
                            PR_18)  # fmt: skip
    assert ok == [root]  # the register cannot say what it appeals: kept (docs/legal-choices.md)


def test_a_suspension_appeal_without_its_file_is_kept_by_the_journal(store: Store) -> None:
    """tjml § 16 with PR-2012 § 18 (issue 14 review): an appeal whose file the register does not
    hold is judged by its opener's journal, which numbers the appeals it opened: the first,
    opened by `appeal_suspension`, is kept (arkivloven § 9 bokstav c) with a journal line; the
    second, opened by `appeal`, goes with the ordensstraff; one the journal cannot place is
    kept."""
    decided = years_before(TODAY, 5, 1)
    root = ordensstraff_case(store, "RF-1", decided)
    with store.session() as s:
        rows = sorted(s.exec(select(JournalRow).where(JournalRow.workflow_id == root)),
                      key=lambda r: r.seq)  # fmt: skip
        rows[0].trigger, rows[2].trigger = "appeal_suspension", "appeal"
        for row in rows:
            s.add(row)
    appeals = []
    for n in (1, 2, 3):
        wid = closed_case(store, "appeal", f"RF-1-{n}", [("decided", decided)])
        with store.session() as s:
            case, view = s.get(CaseRow, wid), s.get(CaseViewRow, wid)
            assert case is not None and view is not None and view.file is None  # no file
            case.opened_from = root
            s.add(case)
        appeals.append(wid)
    plan = requested(store, root, [root, *appeals])
    done = ErasureActivities(store, None, None).erase(plan.model_copy(update={"today": TODAY}))
    assert done.workflow_ids == [root, appeals[1]]
    assert [r["rule"] for r in done.refused] == [ARCHIVE, ARCHIVE]
    for kept in (appeals[0], appeals[2]):
        assert store.case(kept).person_id == "emp-2"  # type: ignore[union-attr]
        assert [j.rule for j in store.journal(kept) if j.trigger == "erase_refused"] == [ARCHIVE]
    assert store.case(appeals[1]).person_id == "anonymised"  # type: ignore[union-attr]


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
