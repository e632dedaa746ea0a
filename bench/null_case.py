"""The bare-Temporal floor for bench/overhead.py and bench/replay_cost.py: a workflow with the
same history as a real case — the same Updates, activities, local activities, patch markers and
search-attribute upserts, in the same number — and no domain logic."""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.common import SearchAttributeKey

TIMEOUT = timedelta(seconds=60)
STATE = SearchAttributeKey.for_keyword("CaseState")  # one of the case's own attributes


@activity.defn
def noop(n: int) -> int:
    return n


def count_event(shape: list[int], e: HistoryEvent) -> None:
    """Count a case's history event into `shape` = (activities, local activities, patch
    markers, search-attribute upserts): what the null workflows below then run."""
    if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        shape[0] += 1
    elif e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
        name = e.marker_recorded_event_attributes.marker_name
        shape[1 if name == "core_local_activity" else 2] += 1
    elif e.event_type == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        fields = e.upsert_workflow_search_attributes_event_attributes.search_attributes
        if set(fields.indexed_fields) != {"TemporalChangeVersion"}:  # not a patch's own
            shape[3] += 1


async def run_shape(shape: list[int], tag: str) -> None:
    """Record `shape`'s patch markers (each with its upsert of TemporalChangeVersion) and
    upserts, then run its local activities and activities."""
    remote, local, *more = shape
    marks, upserts = more or (0, 0)
    for i in range(marks):
        workflow.patched(f"null-{tag}{i}")
    for i in range(upserts):
        workflow.upsert_search_attributes([STATE.value_set(f"null-{tag}{i}")])
    for i in range(local):
        await workflow.execute_local_activity(noop, i, start_to_close_timeout=TIMEOUT)
    for i in range(remote):
        await workflow.execute_activity(noop, i, start_to_close_timeout=TIMEOUT)


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
        await run_shape(self.shape[n], f"{n}-")
        self.updates += 1
        return self.updates


@workflow.defn
class NullTimer:
    """Sleeps until `at`, then runs `shape` = (activities, local activities, patch markers,
    search-attribute upserts), as a case does when its deadline fires."""

    @workflow.run
    async def run(self, at: datetime, shape: list[int]) -> None:
        await workflow.sleep(at - workflow.now())
        await run_shape(shape, "")
