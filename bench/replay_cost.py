"""Replay cost: a cold replay of each case type's history (fetched from the dev server, encrypted
with the configured key) through the worker's sandbox (its pass-through modules) and data
converter, against a null workflow's history of the same shape (bench/null_case.py).
Target: ours ≤ 1.5 × null.

`--profile` prints where a case's replay spends its time, grouped by who owns the code
(Temporal's SDK, its sandbox, the codec, pydantic, transitions, ours).

Run: .venv/bin/python bench/replay_cost.py [REPEATS] [--profile]   (default 30)
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import statistics
import sys
import time
import uuid

from common import Bench, dev_server, figure, report
from null_case import NullCase, noop
from overhead import SCENARIOS, real_case, shape_of
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.notifications import Mailer
from worker import WORKER_PASSTHROUGH, create_worker
from workflows.catalog import WORKFLOWS

OWNERS = {
    "sandbox": "temporalio/worker/workflow_sandbox",
    "codec": "intake/codec",
    "temporal sdk": "temporalio/",
    "pydantic": "pydantic",
    "transitions": "transitions/",
    "ours": "/work/",
}


def replayer(b: Bench, workflows: list) -> Replayer:
    return Replayer(
        workflows=workflows,
        data_converter=b.client.data_converter,
        workflow_runner=SandboxedWorkflowRunner(
            restrictions=SandboxRestrictions.default.with_passthrough_modules(*WORKER_PASSTHROUGH)
        ),
    )


async def replay_seconds(r: Replayer, history: WorkflowHistory) -> float:
    t = time.perf_counter()
    result = await r.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, result.replay_failure
    return time.perf_counter() - t


def owners(profile: cProfile.Profile) -> list[str]:
    """Own time (tottime) per owner of the code, largest first."""
    totals: dict[str, float] = {}
    for (path, _, _), (_, _, tottime, _, _) in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        owner = next((o for o, part in OWNERS.items() if part in path), "other (stdlib, C)")
        totals[owner] = totals.get(owner, 0.0) + tottime
    whole = sum(totals.values()) or 1.0
    return [f"{o} {t / whole:.0%}" for o, t in sorted(totals.items(), key=lambda kv: -kv[1])]


async def main(repeats: int, profile: bool) -> None:
    rows, profiles = [], []
    async with dev_server() as b:
        real = create_worker(b.client, "bench", store=b.store, mailer=Mailer(b.tmp / "mail"))
        null = Worker(b.client, task_queue="bench-null", workflows=[NullCase], activities=[noop],
                      activity_executor=real.config()["activity_executor"])  # fmt: skip
        histories = {}
        async with real, null:
            for case_type in SCENARIOS:
                await real_case(b, case_type, f"replay-{case_type}")
                wid = f"{case_type}-replay-{case_type}"
                shape = await shape_of(b, wid)
                null_id = f"null-{uuid.uuid4()}"
                handle = await b.client.start_workflow(
                    NullCase.run, shape, id=null_id, task_queue="bench-null"
                )
                for n in range(len(shape)):
                    await handle.execute_update(NullCase.step, n)
                await handle.result()
                histories[case_type] = (
                    await b.client.get_workflow_handle(wid).fetch_history(),
                    await handle.fetch_history(),
                )
        ours_r, null_r = replayer(b, list(WORKFLOWS.values())), replayer(b, [NullCase])
        for case_type, (ours, bare) in histories.items():
            await replay_seconds(ours_r, ours)  # warm: the sandbox imports once per replayer
            await replay_seconds(null_r, bare)
            t_ours, t_null = [], []
            for _ in range(repeats):  # alternating
                t_ours.append(await replay_seconds(ours_r, ours))
                t_null.append(await replay_seconds(null_r, bare))
            ratio = statistics.median(t_ours) / statistics.median(t_null)
            figure(
                f"cold replay, {case_type}: ≤ 1.5 × null (`replay_cost.py {repeats}`)",
                f"{ratio:.2f} ({statistics.median(t_ours) * 1000:.1f} against "
                f"{statistics.median(t_null) * 1000:.1f} ms)",
                ratio <= 1.5,
                "the replay's own time by owner (cProfile) in its table below",
            )
            rows.append(
                f"| {case_type} | {len(ours.events)} / {len(bare.events)} | "
                f"{statistics.median(t_ours) * 1000:.1f} | {statistics.median(t_null) * 1000:.1f} "
                f"| {ratio:.2f} |"
            )
            if profile:
                p = cProfile.Profile()
                p.enable()
                for _ in range(repeats):
                    await replay_seconds(ours_r, ours)
                p.disable()
                profiles.append(f"- {case_type}: " + ", ".join(owners(p)))
    report(
        "Replay cost",
        f".venv/bin/python bench/replay_cost.py {repeats}{' --profile' if profile else ''}",
        [
            f"Cold replay through the sandbox and the codec, median of {repeats}, alternating.",
            "",
            "| case type | events ours / null | ours ms | null ms | ours/null (target ≤ 1.5) |",
            "| --- | --- | --- | --- | --- |",
            *rows,
            *(["", "Own time by owner of the code (cProfile):", *profiles] if profiles else []),
        ],
    )


if __name__ == "__main__":
    numbers = [int(a) for a in sys.argv[1:] if a.isdigit()]
    asyncio.run(main(numbers[0] if numbers else 30, "--profile" in sys.argv))
