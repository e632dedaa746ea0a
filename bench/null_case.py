"""The bare-Temporal floor for bench/overhead.py: a workflow that takes the same Updates and runs
the same number of activities as a real case, with no domain logic."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import activity, workflow

TIMEOUT = timedelta(seconds=60)


@activity.defn
def noop(n: int) -> int:
    return n


@workflow.defn
class NullCase:
    """The i-th Update runs `shape[i]` = (activities, local activities) (the first one, sent
    right after the start, those the real case runs when it opens); done after the last, as a
    case at its final state."""

    def __init__(self) -> None:
        self.shape: list[list[int]] = []
        self.updates = 0

    @workflow.run
    async def run(self, shape: list[list[int]]) -> int:
        self.shape = shape
        await workflow.wait_condition(
            lambda: self.updates == len(shape) and workflow.all_handlers_finished()
        )
        return self.updates

    @workflow.update
    async def step(self, n: int) -> int:
        await workflow.wait_condition(lambda: bool(self.shape))
        remote, local = self.shape[n]
        for i in range(local):
            await workflow.execute_local_activity(noop, i, start_to_close_timeout=TIMEOUT)
        for i in range(remote):
            await workflow.execute_activity(noop, i, start_to_close_timeout=TIMEOUT)
        self.updates += 1
        return self.updates


@workflow.defn
class NullTimer:
    """Sleeps until `at`, then runs `shape` = (activities, local activities), as a case does
    when its deadline fires."""

    @workflow.run
    async def run(self, at: datetime, shape: list[int]) -> None:
        await workflow.sleep(at - workflow.now())
        for i in range(shape[1]):
            await workflow.execute_local_activity(noop, i, start_to_close_timeout=TIMEOUT)
        for i in range(shape[0]):
            await workflow.execute_activity(noop, i, start_to_close_timeout=TIMEOUT)
