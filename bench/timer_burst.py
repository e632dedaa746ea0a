"""Deadline bursts: N leave cases whose start falls on the same day all take their `start` step
when that instant comes, against N null workflows whose timers fire at one instant and then run
the same activities (bench/null_case.py's floor, with a timer). Target: ours ≤ 1.25 × null.

On the time-skipping test server, so the instant comes at once; the time measured is from the
skip until every case has its `start` step in the register's journal (polled), or every null
workflow has completed (its result awaited; a long poll each).

Run: .venv/bin/python bench/timer_burst.py [N [ROUNDS]]   (default 1000 1)
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import ROOT, event, figure, in_parallel, report
from null_case import NullTimer, count_event, noop
from temporalio.api.enums.v1 import EventType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

import intake
from activities.notifications import Mailer
from activities.store import Store
from intake.dispatch import dispatch
from intake.org_file import read_org
from worker import create_worker
from workflows import search

HR = ("hr-east", "hr_officer")
EMP = ("emp-1", "employee")


async def park(client: Client, store: Store, case_id: str, start: date) -> None:
    """A granted leave, scheduled: its timer fires at the start of `start`."""
    payload = {"employee_id": "emp-1", "kind": "education", "start": start.isoformat(),
               "end": (start + timedelta(days=3)).isoformat(), "paid": False}  # fmt: skip
    for type_, body, actor, n in (
        ("LeaveRequested", payload, EMP, "0"),
        ("LeaveDecided", {"outcome": "granted", "reasons": "Vurdert."}, HR, "1"),
    ):
        await dispatch(client, event(type_, case_id, body, *actor, n), task_queue="bench",
                       register=store)  # fmt: skip


def started(store: Store, workflow_id: str) -> bool:
    return any(j.trigger == "start" for j in store.journal(workflow_id))


async def shape_after_timer(client: Client, workflow_id: str) -> list[int]:
    """(activities, local activities, patch markers, search-attribute upserts) the case ran
    after its timer fired: the null workflow's history after its timer is the same."""
    shape, fired = [0, 0, 0, 0], False
    async for e in client.get_workflow_handle(workflow_id).fetch_history_events():
        if e.event_type == EventType.EVENT_TYPE_TIMER_FIRED:
            fired = True
        elif fired:
            count_event(shape, e)
    return shape


async def burst(
    env: WorkflowEnvironment, until: datetime, done: Callable[[], Awaitable[None]]
) -> float:
    """Skip to `until` and wait until `done()` returns; the wall seconds it took."""
    t0 = time.perf_counter()
    for attempt in range(3):  # the sleep's RPC can drop on a loaded machine ("h2 protocol
        try:  # error", 2026-11-29): the clock has moved as far as it got; sleep the rest
            left = until + timedelta(minutes=1) - await env.get_current_time()
            if left > timedelta(0):
                await env.sleep(left)
            break
        except RPCError:
            if attempt == 2:
                raise
    await done()
    return time.perf_counter() - t0


async def one_round(
    env: WorkflowEnvironment, client: Client, store: Store, r: int, n: int
) -> tuple[float, float, list[int]]:
    """Park n cases on one instant and skip to it; then n null workflows likewise."""
    start = (await env.get_current_time()).date() + timedelta(days=60)
    ids = [f"burst{r}-{i}" for i in range(n)]
    await in_parallel(n, 16, lambda i: park(client, store, ids[i], start))
    at = datetime.combine(start, datetime.min.time(), tzinfo=UTC)

    async def all_started() -> None:
        while not all(started(store, f"leave-{c}") for c in ids):
            await asyncio.sleep(0.05)

    if any(started(store, f"leave-{c}") for c in ids):
        raise SystemExit("a case started before the burst: the server skipped time early")
    t_ours = await burst(env, at, all_started)
    shape = await shape_after_timer(client, f"leave-{ids[0]}")
    at_null = at + timedelta(days=30)
    handles = [
        await client.start_workflow(NullTimer.run, args=[at_null, shape],
                                    id=f"null-{uuid.uuid4()}", task_queue="bench-null")
        for _ in range(n)
    ]  # fmt: skip

    async def all_done() -> None:
        await asyncio.gather(*(h.result() for h in handles))

    return t_ours, await burst(env, at_null, all_done), shape


async def main(n: int, rounds: int) -> None:
    tmp = Path(tempfile.mkdtemp())
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server")
    )
    await env.client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(namespace="default", search_attributes=search.registration())
    )
    store = Store(f"sqlite:///{tmp / 'register.db'}")
    store.migrate()
    store.load_org(read_org(ROOT / "examples" / "org.yaml"))
    client = await intake.connect(env.client.service_client.config.target_host, register=store)
    real = create_worker(client, "bench", store=store, mailer=Mailer(tmp / "mail"))
    null = Worker(client, task_queue="bench-null", workflows=[NullTimer], activities=[noop],
                  activity_executor=real.config()["activity_executor"])  # fmt: skip
    ratios: list[float] = []
    ours_s: list[float] = []
    null_s: list[float] = []
    shape: list[int] = []
    try:
        async with real, null:
            for r in range(rounds):
                t_ours, t_null, shape = await one_round(env, client, store, r, n)
                ours_s.append(t_ours)
                null_s.append(t_null)
                ratios.append(t_ours / t_null)
    finally:
        await env.shutdown()
    figure(
        f"deadline burst: {n} cases ≤ 1.25 × null (`timer_burst.py {n} {rounds}`)",
        f"{statistics.median(ratios):.2f} ({statistics.median(ours_s):.1f} s against "
        f"{statistics.median(null_s):.1f} s)",
        statistics.median(ratios) <= 1.25,
    )
    report(
        "Deadline burst",
        f".venv/bin/python bench/timer_burst.py {n} {rounds}",
        [
            f"{n} scheduled leave cases whose start falls at one instant (time-skipping server), "
            f"against {n} null workflows with a timer at one instant and the same activities "
            f"after it ({shape[0]} activities, {shape[1]} local, {shape[2]} patch markers, "
            f"{shape[3]} upserts).",
            "",
            "| rounds | ours s (median) | null s (median) | ours/null median (min–max) |",
            "| --- | --- | --- | --- |",
            f"| {rounds} | {statistics.median(ours_s):.1f} | {statistics.median(null_s):.1f} | "
            f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f}) "
            "(target ≤ 1.25) |",
        ],
    )


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    count, rounds = (args + [1000, 1][len(args) :])[:2]
    asyncio.run(main(count, rounds))
