"""Issue 11 review: a backdated event must not revive authority that has ended.

A person acts only with authority they hold today: a former holder of a fullmakt with a
still-valid token who dates their act inside the fullmakt's period is judged on the register
as it is now (PR-2012 § 22: "regiondirektøren eller den som regiondirektøren gir fullmakt").
And for every sender, a step is not entered before one the case has already taken (event
contract, `occurred_at`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from temporalio.client import Client

from activities.store import DelegationRow, Store
from states.rules import EVENT_CONTRACT
from tests.helpers import decision
from tests.security.sending import As, case_id, opened_days_ago, snapshot, welfare

TODAY = date.today()
FORMER = "adm-oslo"  # held the regional director's fullmakt for leave; it ended five days ago


@pytest.fixture
def ended_fullmakt(register: Store) -> Iterator[None]:
    start, end = TODAY - timedelta(days=30), TODAY - timedelta(days=5)
    row = DelegationRow(from_person_id="rd-east", to_person_id=FORMER, matters=["leave"],
                        valid_from=start, valid_to=end)  # fmt: skip
    with register.session() as s:
        s.add(row)
    yield
    with register.session() as s:
        for old in s.exec(select(DelegationRow).where(DelegationRow.to_person_id == FORMER)):
            s.delete(old)


def _dated(ev: dict[str, Any], day: date) -> dict[str, Any]:
    ev["occurred_at"] = datetime.combine(day, time(11), tzinfo=UTC).isoformat()
    return ev


@pytest.mark.usefixtures("ended_fullmakt")
async def test_a_person_cannot_backdate_into_an_ended_fullmakt(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    case = case_id("SEC-BACKDATE")
    wid = f"leave-{case}"
    await As(client, worker, register, "system:hr-backdate").send(welfare(case))
    opened_days_ago(register, wid, 20)  # requested while the fullmakt still held
    ev = decision(case, by=FORMER)
    del ev["actor"]["role"]  # no claim: the fullmakt is the register's
    _dated(ev, TODAY - timedelta(days=10))  # inside the ended fullmakt's period
    before = await snapshot(client, register, mail_dir, wid)
    refusal = await As(client, worker, register, f"person:{FORMER}").refused(ev)
    assert (refusal.rule, refusal.field) == ("PR-2012 § 22", "actor.person_id")
    assert "fullmakt" in refusal.message
    assert await snapshot(client, register, mail_dir, wid) == before
    # An HR system may relay the same act dated then, within its key: it held on that day.
    done = await As(client, worker, register, "system:hr-backdate").send(ev)
    assert done["status"] == "accepted" and done["state"] == "scheduled"


async def test_no_person_enters_a_step_before_the_cases_last(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    """DESIGN.md event contract: a case's record is appended to. A person (token) dates no step
    before the day of the case's last recorded step; an HR system relaying a case late may."""
    case = case_id("SEC-BEFORE")
    wid = f"leave-{case}"
    await As(client, worker, register, "system:hr-before").send(welfare(case))  # today
    # hr-east's fullmakt for leave has held since 2024: only the date is wrong.
    ev = _dated(decision(case, by="hr-east"), TODAY - timedelta(days=2))
    before = await snapshot(client, register, mail_dir, wid)
    refusal = await As(client, worker, register, "person:hr-east").refused(ev)
    assert (refusal.rule, refusal.field) == (EVENT_CONTRACT, "occurred_at")
    assert "last recorded step" in refusal.message
    assert await snapshot(client, register, mail_dir, wid) == before
    relayed = await As(client, worker, register, "system:hr-before").send(ev)
    assert relayed["status"] == "accepted"
