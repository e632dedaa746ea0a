"""Logs carry the Temporal context and never the people: a full case's log lines hold no name,
address or reason of the test people."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
import structlog
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities import logs
from activities.store import Store
from intake.org_file import read_org
from tests.conftest import EXAMPLES
from tests.helpers import Sender, decision, leave_request


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    out = io.StringIO()
    logs.configure(out)
    yield out
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    structlog.reset_defaults()


def test_redaction(captured: io.StringIO) -> None:
    logs.get().info("case opened", name="Kari Nordmann", reason="Begravelse", case_id="1")
    line = json.loads(captured.getvalue().splitlines()[-1])
    assert line["name"] == line["reason"] == "[redacted]" and line["case_id"] == "1"


async def test_a_case_logs_no_personal_data(
    env: WorkflowEnvironment,
    client: Client,
    worker: str,
    register: Store,
    captured: io.StringIO,
) -> None:
    start = (await env.get_current_time()).date() + timedelta(days=30)
    send = Sender(client, worker, register)
    await send.send(leave_request("LOG-1", start, start, reason="Begravelse av far"))
    await send.send(decision("LOG-1"))
    lines = [json.loads(x) for x in captured.getvalue().splitlines() if x.startswith("{")]
    assert any(x.get("workflow_id") == "leave-LOG-1" for x in lines)
    assert any("step grant" in x.get("event", "") for x in lines)
    text = captured.getvalue()
    org = read_org(EXAMPLES / "org.yaml")
    for person in org.people:
        assert person.name not in text and person.email not in text
    assert "Begravelse" not in text
