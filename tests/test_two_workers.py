"""Two worker processes on one task queue against a real dev server: one is killed (SIGKILL)
mid-run, and every case still completes, with one letter each."""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

import intake
from activities.store import Store
from intake.org_file import read_org
from tests.conftest import EXAMPLES
from tests.helpers import Sender, decision, eventually, leave_request, start_worker

pytestmark = pytest.mark.e2e
CASES = 12


async def test_a_killed_worker_loses_nothing(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    target = dev_server.client.service_client.config.target_host
    db = f"sqlite:///{tmp_path / 'register.db'}"
    store = Store(db)
    store.migrate()
    store.load_org(read_org(EXAMPLES / "org.yaml"))
    env = {
        **os.environ,
        "TEMPORAL_ADDRESS": target,
        "TASK_QUEUE": "two-workers",
        "DATABASE_URL": db,
        "MAIL_DIR": str(tmp_path / "mail"),
    }
    workers = [start_worker(env, tmp_path / f"w{i}.log") for i in range(2)]
    try:
        client = await intake.connect(target, register=store)
        send = Sender(client, "two-workers", store)
        start = date.today() + timedelta(days=60)
        for i in range(CASES):
            await send.send(
                leave_request(
                    f"TW-{i}", start, start + timedelta(days=2), kind="education", paid=False
                )
            )
            if i == CASES // 2:
                workers[0].send_signal(signal.SIGKILL)  # mid-run, possibly inside an activity
        for i in range(CASES):
            await send.send(decision(f"TW-{i}"))

        async def all_scheduled() -> bool:
            views = [await send.view(f"TW-{i}") for i in range(CASES)]
            return all(v.state == "scheduled" for v in views)

        assert await eventually(all_scheduled, 60)
        letters = list((tmp_path / "mail").glob("*.eml"))
        assert len(letters) == CASES  # one decision letter per case, none twice
        assert {len(store.journal(f"leave-TW-{i}")) for i in range(CASES)} == {3}
    finally:
        for w in workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
                try:
                    w.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    w.kill()
