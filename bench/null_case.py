"""The bare-Temporal floor for bench/overhead.py and bench/replay_cost.py: a workflow with the
same history as a real case — the same Updates, activities, local activities, patch markers and
search-attribute upserts, in the same number — and no domain logic."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import activity, workflow
from temporalio.common import SearchAttributeKey

TIMEOUT = timedelta(seconds=60)
STATE = SearchAttributeKey.for_keyword("CaseState")  # one of the case's own attributes


@activity.defn
def noop(n: int) -> int:
    return n


@workflow.defn
class NullCase:
    """The i-th Update runs `shape[i]` = (activities, local activities, patch markers,
    search-attribute upserts) (the first one, sent right after the start, those the real case
    runs when it opens); done after the last, as a case at its final state."""

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
        remote, local, *more = self.shape[n]
        marks, upserts = more or (0, 0)
        for i in range(marks):  # a marker and an upsert of TemporalChangeVersion each
            workflow.patched(f"null-{n}-{i}")
        for i in range(upserts):
            workflow.upsert_search_attributes([STATE.value_set(f"null-{n}-{i}")])
        for i in range(local):
            await workflow.execute_local_activity(noop, i, start_to_close_timeout=TIMEOUT)
        for i in range(remote):
            await workflow.execute_activity(noop, i, start_to_close_timeout=TIMEOUT)
        self.updates += 1
        return self.updates


@workflow.defn
class NullTimer:
    """Sleeps until `at`, then runs `shape` = (activities, local activities, patch markers,
    search-attribute upserts), as a case does when its deadline fires."""

    @workflow.run
    async def run(self, at: datetime, shape: list[int]) -> None:
        await workflow.sleep(at - workflow.now())
        remote, local, *more = shape
        marks, upserts = more or (0, 0)
        for i in range(marks):
            workflow.patched(f"null-{i}")
        for i in range(upserts):
            workflow.upsert_search_attributes([STATE.value_set(f"null-{i}")])
        for i in range(local):
            await workflow.execute_local_activity(noop, i, start_to_close_timeout=TIMEOUT)
        for i in range(remote):
            await workflow.execute_activity(noop, i, start_to_close_timeout=TIMEOUT)
