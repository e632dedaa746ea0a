"""The erasure's last step (issue 14 review): an erased family's closed runs leave Temporal,
on a dev server of its own (the time-skipping server lacks DeleteWorkflowExecution; a closed
run is deleted once the history queue's ack level passes its close, every second here instead
of the default 30)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from temporalio.testing import WorkflowEnvironment

from activities.erasure import ErasureActivities
from activities.store import ErasureRow, Store
from states.retention import PR_18
from tests.conftest import binary

ACK = "history.transferProcessorUpdateAckInterval"


@pytest.fixture
async def server() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"),
        dev_server_extra_args=["--dynamic-config-value", f'{ACK}="1s"'],
    )
    yield env
    await env.shutdown()


async def test_the_sweep_deletes_an_erased_familys_closed_runs(
    server: WorkflowEnvironment, register: Store
) -> None:
    """Issue 14 review, PR-2012 § 18 with GDPR art. 5(1)(e): what no data key covers (a case
    opened before its own key, its payloads under the master key) leaves Temporal with the
    erasure: the sweep deletes every closed run of a case the register records as erased with
    its family (DeleteWorkflowExecution), with or without a data key destroyed (a setup without
    a keyring, a retried sweep: review M1), and no other case's (docs/retention.md)."""
    client = server.client
    erased, kept = f"discipline-ER-DEL-{uuid.uuid4()}", f"discipline-ER-KEEP-{uuid.uuid4()}"
    for wid in (erased, kept):
        handle = await client.start_workflow("DisciplinaryCase", id=wid, task_queue="nobody")
        await handle.terminate("test: closed")
    at = await server.get_current_time()
    with register.session() as s:
        s.add(ErasureRow(workflow_id=erased, root=erased, rule=PR_18, scope="family",
                         requested_at=at, erased_at=at))  # fmt: skip
        s.add(ErasureRow(workflow_id=kept, root=kept, rule=PR_18, scope="family",
                         requested_at=at))  # fmt: skip
    acts = ErasureActivities(register, None, client)
    deleted: list[str] = []
    for _ in range(300):  # listed a moment after it closed; deleted a moment after that
        deleted = await acts.delete_histories([erased, kept])
        if deleted and await acts.status(erased) is None:
            break
        await asyncio.sleep(0.2)
    assert deleted == [erased], deleted
    assert await acts.status(erased) is None
    assert await acts.status(kept) is not None  # its erasure has not run: its history stays
