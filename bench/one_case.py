"""One leave case end to end on a real Temporal dev server: request -> decision -> withdrawal.

Prints the figures and the machine, and appends them to bench/RESULTS.md.
Run: .venv/bin/python bench/one_case.py [N]
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import intake  # noqa: E402
from activities.notifications import Mailer  # noqa: E402
from activities.store import Store  # noqa: E402
from intake.dispatch import dispatch  # noqa: E402
from intake.org_file import read_org  # noqa: E402
from worker import create_worker  # noqa: E402
from workflows import search  # noqa: E402


def ev(type_: str, case_id: str, payload: dict, who: str, role: str, n: str) -> dict:
    return {
        "event_id": f"{case_id}-{n}",
        "type": type_,
        "case_id": case_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "actor": {"person_id": who, "role": role},
        "payload": payload,
    }


async def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        search_attributes=search.ALL,
    )
    client = await intake.connect(env.client.service_client.config.target_host)
    store = Store(f"sqlite:///{tmp / 'r.db'}")
    store.migrate()
    store.load_org(read_org(ROOT / "examples" / "org.yaml"))
    start = date.today() + timedelta(days=60)
    laps: dict[str, list[float]] = {"request": [], "decision": [], "withdrawal": [], "case": []}
    async with create_worker(client, "bench", store=store, mailer=Mailer(tmp / "mail")):
        for i in range(n):
            cid = f"B-{i}"
            t0 = time.perf_counter()
            req = {
                "employee_id": "emp-1",
                "kind": "education",
                "start": start.isoformat(),
                "end": (start + timedelta(days=30)).isoformat(),
                "paid": False,
            }
            await dispatch(
                client,
                ev("LeaveRequested", cid, req, "emp-1", "employee", "r"),
                task_queue="bench",
                register=store,
            )
            t1 = time.perf_counter()
            await dispatch(
                client,
                ev("LeaveDecided", cid, {"outcome": "granted"}, "hr-east", "hr_officer", "d"),
                task_queue="bench",
                register=store,
            )
            t2 = time.perf_counter()
            await dispatch(
                client,
                ev("LeaveWithdrawn", cid, {}, "emp-1", "employee", "w"),
                task_queue="bench",
                register=store,
            )
            t3 = time.perf_counter()
            for k, v in zip(laps.values(), (t1 - t0, t2 - t1, t3 - t2, t3 - t0), strict=True):
                k.append(v * 1000)
    await env.shutdown()
    lines = [
        f"## one_case.py, {n} cases, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; Temporal dev server (SQLite, in memory), worker and "
        "register (SQLite file) in one process",
        "",
        "| step | p50 ms | p95 ms | max ms |",
        "| --- | --- | --- | --- |",
    ]
    for k, v in laps.items():
        v.sort()
        p95 = v[min(len(v) - 1, int(len(v) * 0.95))]
        lines.append(f"| {k} | {statistics.median(v):.0f} | {p95:.0f} | {v[-1]:.0f} |")
    text = "\n".join(lines) + "\n\n"
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as out:
        out.write(text)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
