"""When the session's time-skipping server does not skip (tests/conftest.py's `env.sleep`), the
failure names the cases whose pending tasks hold its clock, instead of "Timeout expired"."""

from __future__ import annotations

import uuid

from temporalio.testing import WorkflowEnvironment

from tests.conftest import what_holds_the_clock


async def test_a_task_no_worker_takes_is_named(env: WorkflowEnvironment) -> None:
    """A case whose workflow task waits on a queue no worker polls holds the clock."""
    workflow_id = f"stall-{uuid.uuid4()}"
    handle = await env.client.start_workflow(
        "NoSuchCase", id=workflow_id, task_queue=f"nobody-{uuid.uuid4()}"
    )
    try:
        held = await what_holds_the_clock(env.client, {workflow_id, "no-such-case"})
        assert held == f"{workflow_id}: workflow task pending, failed 0 times"
    finally:
        await handle.terminate("test finished")
    assert await what_holds_the_clock(env.client, {workflow_id}) == "no case has a pending task"
