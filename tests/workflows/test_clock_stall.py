"""When the session's time-skipping server does not skip (tests/conftest.py's `env.sleep`), the
failure names the cases whose pending tasks hold its clock, instead of "Timeout expired"."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.testing import WorkflowEnvironment

from tests.conftest import binary, what_holds_the_clock


@pytest.fixture(scope="module")
async def own_server() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server of its own, not the session's `env`: the stalled case below kept
    the session server's clock held after it was terminated, and every `sleep` of every later
    clock module timed out after 30 s (the suite's councils and discipline modules, issue 16)."""
    environment = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=binary("temporal-test-server")
    )
    yield environment
    await environment.shutdown()


async def test_a_task_no_worker_takes_is_named(own_server: WorkflowEnvironment) -> None:
    """A case whose workflow task waits on a queue no worker polls holds the clock."""
    env = own_server
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
