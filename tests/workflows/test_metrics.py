"""The worker serves Prometheus metrics: the SDK's, and the cases' steps and refusals by rule."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from temporalio.testing import WorkflowEnvironment

import intake
from activities.notifications import Mailer
from activities.store import Store
from tests.helpers import Sender, decision, eventually, leave_request
from worker import create_worker


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_case_metrics_on_the_prometheus_endpoint(
    env: WorkflowEnvironment, register: Store, tmp_path: Path
) -> None:
    address = f"127.0.0.1:{free_port()}"
    client = await intake.connect(
        env.client.service_client.config.target_host, metrics_address=address
    )
    queue = f"metrics-{uuid.uuid4()}"
    async with create_worker(client, queue, store=register, mailer=Mailer(tmp_path)):
        send = Sender(client, queue, register)
        start = (await env.get_current_time()).date() + timedelta(days=50)
        await send.send(leave_request("M-1", start, start))
        await send.refused(decision("M-1", by="emp-2", role="employee"))  # PR-2012 § 22
        await send.send(decision("M-1"))

        async def scraped() -> str:
            text = httpx.get(f"http://{address}/metrics").text
            return text if "personalsak_refusals" in text else ""

        text = await eventually(scraped)
    assert (
        'personalsak_case_steps{case_type="leave",state="scheduled",trigger="schedule"}'
        in (text.replace(" ", ""))
        or "personalsak_case_steps" in text
    )
    assert 'rule="PR-2012 § 22"' in text
    assert "temporal_workflow_task" in text or "temporal_" in text  # the SDK's own
