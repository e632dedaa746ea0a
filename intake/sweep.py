"""Retention on the server side (issue 14): Temporal's namespace retention, set to match the
table in states/retention.py, and the Schedule that starts the daily retention sweep
(workflows/erasure.py `RetentionSweep`). `personalsak up` sets both, the worker ensures the
Schedule wherever it runs (compose, Kubernetes), and deploy/ sets the retention there."""

from __future__ import annotations

from datetime import timedelta

from google.protobuf.duration_pb2 import Duration
from temporalio.api.namespace.v1 import NamespaceConfig
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest, UpdateNamespaceRequest
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    SchedulePolicy,
    ScheduleSpec,
)

from states.retention import NAMESPACE_RETENTION_DAYS
from workflows.erasure import SWEEP_EVERY, SWEEP_ID, RetentionSweep


async def set_namespace_retention(client: Client, days: int = NAMESPACE_RETENTION_DAYS) -> int:
    """Closed workflows' histories leave Temporal after `days` (the register is the record)."""
    ttl = Duration()
    ttl.FromTimedelta(timedelta(days=days))
    await client.workflow_service.update_namespace(
        UpdateNamespaceRequest(
            namespace=client.namespace,
            config=NamespaceConfig(workflow_execution_retention_ttl=ttl),
        )
    )
    return await namespace_retention_days(client)


async def namespace_retention_days(client: Client) -> int:
    desc = await client.workflow_service.describe_namespace(
        DescribeNamespaceRequest(namespace=client.namespace)
    )
    return desc.config.workflow_execution_retention_ttl.ToTimedelta().days


async def ensure_sweep(client: Client, task_queue: str) -> bool:
    """The daily retention sweep's Schedule, once per namespace; True when made now. A missed
    day is caught up (one run: the sweep takes everything due)."""
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(RetentionSweep.run, id=SWEEP_ID, task_queue=task_queue),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=SWEEP_EVERY)]),
        policy=SchedulePolicy(catchup_window=timedelta(days=7)),
    )
    try:
        await client.create_schedule(SWEEP_ID, schedule)
    except ScheduleAlreadyRunningError:
        return False
    return True
