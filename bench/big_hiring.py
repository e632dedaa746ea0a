"""A popular post: one hiring case takes N applications (default 5 000) on a real Temporal dev
server, through the same dispatcher as the CLI and the HTTP door, C senders at a time.

Reports wall time, applications/s, the runs the case continued through and the events of
each (Temporal warns at 10 240 and stops at 51 200), and checks that every application is in
the case and in the register. Appends to bench/RESULTS.md.

Run: .venv/bin/python bench/big_hiring.py [N] [C]
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import date, timedelta
from typing import Any

from common import dev_server, event, in_parallel, percentile, report

from activities.notifications import Mailer
from intake.dispatch import dispatch
from worker import create_worker
from workflows.case import CaseView
from workflows.hiring import HiringCase

CASE = "BIG-1"


def ev(type_: str, payload: dict[str, Any], who: str, role: str, n: str) -> dict[str, Any]:
    return event(type_, CASE, payload, who, role, n)


def application(n: int) -> dict[str, Any]:
    return {
        "applicant_id": f"s{n}",
        "name": f"Søker {n}",
        "email": f"s{n}@soker.example",
        "birth_date": "1990-01-01",
        "gender": ("female", "male")[n % 2],
        "title": "Vekter",
        "municipality": "Oslo",
        "education": "Bachelor",
        "experience": "Tre år",
    }


async def announce(send: Any) -> None:
    on = date.today()
    vacancy = {
        "unit_id": "oslo-prison",
        "title": "Fengselsbetjent",
        "post_kind": "fengselsbetjent",
        "nearest_superior_id": "avd-oslo",
        "permanent": True,
        "probation_months": 6,
    }
    await send(ev("VacancyRegistered", vacancy, "hr-east", "hr_officer", "open"))
    info = {"salary": "Lønnstrinn 40-50", "draft_text": "Utkast"}
    await send(ev("SalaryInformationGiven", info, "hr-east", "hr_officer", "salary"))
    for rep in ("emp-2", "tv-oslo"):  # § 5 nr. 4: the unions' tillitsvalgte (issue 13)
        await send(ev("AnnouncementTextCommented", {"comment": "Ok."}, rep, "employee", rep))
    text = {
        "description": "Vakt",
        "qualifications": "Utdanning",
        "salary": "40-50",
        "workplace": "Oslo",
        "probation": "6 måneder",
        "available_from": on.isoformat(),
        "full_time": True,
        "permanent": True,
        "conduct_clause": True,
        "contact": "HR",
        "nav_registered_on": on.isoformat(),
        "own_pages_on": on.isoformat(),
        "deadline": (on + timedelta(days=30)).isoformat(),
        "channels": ["public", "internal", "nav"],
    }
    await send(ev("VacancyAnnounced", text, "hr-east", "hr_officer", "announce"))


async def main(n: int, concurrency: int) -> None:
    async with dev_server() as b:
        client, store = b.client, b.store

        async def send(e: dict[str, Any]) -> dict[str, Any]:
            return await dispatch(client, e, task_queue="bench", register=store)

        async with create_worker(client, "bench", store=store, mailer=Mailer(b.tmp / "mail")):
            await announce(send)

            async def apply(i: int) -> None:
                e = ev("ApplicationReceived", application(i + 1), f"s{i + 1}", "applicant",
                       f"a{i + 1}")  # fmt: skip
                await send(e)

            t0 = time.perf_counter()
            latencies = await in_parallel(n, concurrency, apply)
            wall = time.perf_counter() - t0
            handle = client.get_workflow_handle(f"hiring-{CASE}")
            view = await handle.query(HiringCase.describe, result_type=CaseView)
            while len(store.applicants(f"hiring-{CASE}")) < n:  # the last batch's write
                await asyncio.sleep(0.1)
            runs = [
                (w.run_id, w.history_length, w.status.name if w.status else "")
                async for w in client.list_workflows(f'WorkflowId = "hiring-{CASE}"')
            ]
            # The open run's length is not in the list; ask the run itself.
            events_now = int(view.details["run"]["events"])
            runs = [(r, length or events_now, s) for r, length, s in runs]

    events = sorted(r[1] for r in runs)
    total = view.details["applicants"]["total"]
    assert total == n, f"{total} applications in the case, {n} sent"
    report(
        "Big hiring case",
        f".venv/bin/python bench/big_hiring.py {n} {concurrency}",
        [
            f"- {n} applications by {concurrency} concurrent senders through the dispatcher: "
            f"{wall:.1f} s wall, {n / wall:.0f} applications/s",
            f"- per application (send → accepted): p50 {percentile(latencies, 0.5) * 1000:.0f} "
            f"ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms",
            f"- runs: {len(runs)} (continue-as-new at 8 000 events or when the server suggests "
            f"it); events per run: {', '.join(map(str, events))}; largest {max(events)} "
            "(target ≤ 10 240)",
            f"- every application in the case ({total}) and in the register "
            f"({len(store.applicants(f'hiring-{CASE}'))})",
        ],
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000,
                     int(sys.argv[2]) if len(sys.argv) > 2 else 8))  # fmt: skip
