"""One leave case end to end on a real Temporal dev server: request -> decision -> withdrawal.

Prints the figures and the machine, and appends them to bench/RESULTS.md.
Run: .venv/bin/python bench/one_case.py [N]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import date, timedelta

from common import dev_server, event, percentile, report

from activities.notifications import Mailer
from intake.dispatch import dispatch
from worker import create_worker


async def main(n: int) -> None:
    start = date.today() + timedelta(days=60)
    request = {"employee_id": "emp-1", "kind": "education", "start": start.isoformat(),
               "end": (start + timedelta(days=30)).isoformat(), "paid": False}  # fmt: skip
    steps = [
        ("request", "LeaveRequested", request, ("emp-1", "employee")),
        ("decision", "LeaveDecided", {"outcome": "granted"}, ("hr-east", "hr_officer")),
        ("withdrawal", "LeaveWithdrawn", {}, ("emp-1", "employee")),
    ]
    laps: dict[str, list[float]] = {name: [] for name, *_ in steps} | {"case": []}
    async with dev_server() as b:
        mailer = Mailer(b.tmp / "mail")
        async with create_worker(b.client, "bench", store=b.store, mailer=mailer):
            for i in range(n):
                t_case = time.perf_counter()
                for name, type_, payload, (who, role) in steps:
                    t = time.perf_counter()
                    e = event(type_, f"B-{i}", payload, who, role, name)
                    await dispatch(b.client, e, task_queue="bench", register=b.store)
                    laps[name].append((time.perf_counter() - t) * 1000)
                laps["case"].append((time.perf_counter() - t_case) * 1000)
    report(
        f"One leave case, {n} times",
        f".venv/bin/python bench/one_case.py {n}",
        [
            "| step | p50 ms | p95 ms | max ms |",
            "| --- | --- | --- | --- |",
            *(
                f"| {k} | {statistics.median(v):.0f} | {percentile(v, 0.95):.0f} | {max(v):.0f} |"
                for k, v in laps.items()
            ),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
