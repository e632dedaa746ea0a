"""Reads that never replay (issue 16): N open leave cases, then the worker stopped; the time of
`GET /cases/{id}` (the API in process, an API key that may read leave cases, the access check
and its log row included) and of the CLI's read (`case show`'s register read) for R random cases.
Target: p99 ≤ 50 ms for any of 10 000 open cases, worker stopped.

Run: .venv/bin/python bench/read_model.py [N [R]]   (default 10000 500)
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
from datetime import date, timedelta

import httpx
from common import dev_server, event, figure, in_parallel, percentile, report

from activities.notifications import Mailer
from intake import apikeys, cases
from intake.api import create_app
from intake.config import Settings
from intake.dispatch import dispatch
from worker import create_worker


def leave(i: int) -> dict:
    start = date(2031, 3, 3) + timedelta(days=i % 200)
    payload = {"employee_id": "emp-1", "kind": "education", "start": start.isoformat(),
               "end": (start + timedelta(days=10)).isoformat(), "paid": False}  # fmt: skip
    return event("LeaveRequested", f"rm-{i}", payload, "emp-1", "employee", "0")


def ms(laps: list[float], p: float) -> str:
    return f"{percentile(laps, p) * 1000:.1f}"


async def main(n: int, reads: int) -> None:
    async with dev_server() as b:
        real = create_worker(b.client, "bench", store=b.store, mailer=Mailer(b.tmp / "mail"))
        t0 = time.perf_counter()
        async with real:
            await in_parallel(n, 32, lambda i: dispatch(b.client, leave(i), task_queue="bench",
                                                        register=b.store))  # fmt: skip
        opened = time.perf_counter() - t0
        # The worker is stopped: a query would wait for a worker; the register answers.
        base = Settings.from_env()
        settings = Settings(base.data_dir, b.address, "bench", b.store.url, b.tmp / "mail",
                            None, 0)  # fmt: skip
        key = apikeys.issue(b.store, "bench-reader", [], ["leave"], ["oslo-prison"])
        app = create_app(settings, b.client)
        sample = random.Random(7).sample(range(n), min(reads, n))
        api_laps, cli_laps = [], []
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://door") as http,
        ):
            for i in sample:
                t = time.perf_counter()
                r = await http.get(f"/cases/rm-{i}", headers={"X-API-Key": key})
                api_laps.append(time.perf_counter() - t)
                assert r.status_code == 200 and r.json()["state"] == "awaiting_decision", r.text
        for i in sample:
            t = time.perf_counter()
            view = cases.from_register(b.store, f"rm-{i}")
            cli_laps.append(time.perf_counter() - t)
            assert view is not None and view.state == "awaiting_decision"
    figure(
        f"read model: p99 ≤ 50 ms for any of {n} open cases, worker stopped "
        f"(`read_model.py {n} {reads}`)",
        f"`GET /cases/{{id}}` p99 {ms(api_laps, 0.99)} ms, `case show` p99 {ms(cli_laps, 0.99)} ms",
        max(percentile(api_laps, 0.99), percentile(cli_laps, 0.99)) <= 0.050,
    )
    report(
        "Read model: reads with the worker stopped",
        f".venv/bin/python bench/read_model.py {n} {reads}",
        [
            f"{n} open leave cases (opened in {opened:.0f} s by 32 senders), then the worker "
            f"stopped; {len(sample)} random cases read.",
            "",
            "| read | p50 ms | p99 ms | max ms | target p99 |",
            "| --- | --- | --- | --- | --- |",
            f"| `GET /cases/{{id}}` (API key, access check and log) | {ms(api_laps, 0.5)} | "
            f"{ms(api_laps, 0.99)} | {max(api_laps) * 1000:.1f} | ≤ 50 ms |",
            f"| register read of `case show` | {ms(cli_laps, 0.5)} | {ms(cli_laps, 0.99)} | "
            f"{max(cli_laps) * 1000:.1f} | ≤ 50 ms |",
        ],
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    count, reads = (args + [10000, 500][len(args) :])[:2]
    asyncio.run(main(count, reads))
