"""Retention by rule (issue 14, docs/retention.md): one test per row of the table in
states/retention.py, each quoting its source. The register is set up as a case leaves it; the
sweep's activities decide what is due and erase it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from activities.erasure import ErasureActivities
from activities.store import (
    ApplicantRow,
    AppointmentRow,
    CaseRow,
    CaseViewRow,
    DataKeyRow,
    DocumentRow,
    JournalRow,
    Store,
)
from intake.codec import parse_keys
from intake.keyring import Keyring
from states.retention import (
    APPLICANTS_CHOICE,
    ARCHIVE,
    LEAVE_CHOICE,
    NAMESPACE_RETENTION_DAYS,
    PR_18,
    RETENTION,
    erasable,
)
from states.rules import RuleViolation

TODAY = date(2040, 6, 1)
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
        acts.erase(plan)
        done += plan.family
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
    steps = [("ordensstraff_registered", registered)]
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
