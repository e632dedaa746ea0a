"""Issue 11: authority is judged on the decision's date -- the event's effective date (its
`occurred_at`) -- not on the day the step arrives. A fullmakt that ended before the decision,
or that begins after it, gives no authority for it; one that held that day does, even if it
has ended since. PR-2012 § 22: "regiondirektøren eller den som regiondirektøren gir fullmakt"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select
from temporalio.client import Client

from activities.store import DelegationRow, Store
from tests.helpers import decision
from tests.security.sending import As, case_id, opened_days_ago, snapshot, welfare

DECIDED_ON = date.today() - timedelta(days=10)  # the decision, reported ten days later
# Three people the regional director gave fullmakt for leave, in periods around that day.
PERIODS = {
    "adm-oslo": (date(2024, 1, 1), DECIDED_ON - timedelta(days=1)),  # ended the day before
    "adm-east": (DECIDED_ON + timedelta(days=1), None),  # begins the day after (valid today)
    "adm-east-dep": (date(2024, 1, 1), DECIDED_ON + timedelta(days=1)),  # ended since
}


@pytest.fixture
def fullmakter(register: Store) -> Iterator[None]:
    rows = [
        DelegationRow(from_person_id="rd-east", to_person_id=p, matters=["leave"],
                      valid_from=start, valid_to=end)
        for p, (start, end) in PERIODS.items()
    ]  # fmt: skip
    with register.session() as s:
        s.add_all(rows)
    yield
    with register.session() as s:
        for row in s.exec(select(DelegationRow).where(DelegationRow.to_person_id.in_(PERIODS))):  # type: ignore[attr-defined]
            s.delete(row)


def _decided_by(case: str, person_id: str) -> dict[str, Any]:
    ev = decision(case, by=person_id)
    del ev["actor"]["role"]  # they claim nothing: the fullmakt is the register's
    ev["occurred_at"] = datetime.combine(DECIDED_ON, time(11), tzinfo=UTC).isoformat()
    return ev


@pytest.mark.usefixtures("fullmakter")
async def test_a_fullmakt_counts_on_the_decisions_date(
    client: Client, worker: str, register: Store, mail_dir: Path
) -> None:
    send = As(client, worker, register, "system:hr-dated")
    for person in ("adm-oslo", "adm-east"):
        case = case_id("SEC-DATED")
        await send.send(welfare(case))
        wid = f"leave-{case}"
        opened_days_ago(register, wid, 20)  # requested before the decision
        before = await snapshot(client, register, mail_dir, wid)
        refusal = await send.refused(_decided_by(case, person))
        assert (refusal.rule, refusal.field) == ("PR-2012 § 22", "actor.person_id"), person
        assert "fullmakt" in refusal.message
        assert await snapshot(client, register, mail_dir, wid) == before
    # Held on the day of the decision, ended since: the decision stands, under the fullmakt.
    case = case_id("SEC-DATED")
    await send.send(welfare(case))
    opened_days_ago(register, f"leave-{case}", 20)
    done = await send.send(_decided_by(case, "adm-east-dep"))
    assert done["status"] == "accepted" and done["state"] == "scheduled"
    decided = (await send_view(client, case)).history[1]
    assert (decided.actor.person_id, decided.on_behalf_of) == ("adm-east-dep", "rd-east")


async def send_view(client: Client, case: str) -> Any:
    from tests.security.sending import view

    return await view(client, f"leave-{case}")
