"""Faults on a real Temporal dev server: the mail server down, the worker killed (SIGKILL) in
the middle of an activity and of an Update, the dev server stopped and started again on its
SQLite file. Every case completes or resumes; nothing is lost; no letter goes out twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from temporalio.testing import WorkflowEnvironment

import intake
from activities.notifications import Mailer
from activities.store import Store
from intake import cases
from intake.org_file import read_org
from intake.up import Ports, dev_server_command, temporal_binary, wait_for_server
from tests.activities.test_smtp import Inbox, free_port
from tests.conftest import EXAMPLES
from tests.helpers import Sender, decision, eventually, leave_request, start_worker, step
from worker import create_worker

pytestmark = pytest.mark.e2e
START = date.today() + timedelta(days=30)
HR = {"person_id": "hr-east", "role": "hr_officer"}


def register(tmp_path: Path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'register.db'}")
    store.migrate()
    store.load_org(read_org(EXAMPLES / "org.yaml"))
    return store


def request(case_id: str) -> dict[str, Any]:
    return leave_request(case_id, START, START + timedelta(days=3), kind="education", paid=False)


class SlowInbox(Inbox):
    """An SMTP server that holds the first message for a while before it answers, so that the
    worker can be killed while its delivery activity is in flight."""

    def __init__(self) -> None:
        super().__init__()
        self.receiving = asyncio.Event()
        self.loop = asyncio.get_running_loop()
        self.slow = False

    def arm(self) -> None:
        """Hold the next message."""
        self.receiving.clear()
        self.slow = True

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.slow:
            self.slow = False
            self.loop.call_soon_threadsafe(self.receiving.set)
            await asyncio.sleep(5)
        return str(await super().handle_DATA(server, session, envelope))


async def test_mail_server_down_holds_nothing_up(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    """The letter waits in the outbox while SMTP is down (the decision itself is not held up),
    and goes out once, with retries and backoff, when the server is back."""
    port = free_port()
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    store = register(tmp_path)
    client = await intake.connect(dev_server.client.service_client.config.target_host)
    send = Sender(client, "faults", store)
    mailer = Mailer(tmp_path / "mail", f"smtp://127.0.0.1:{port}")
    async with create_worker(client, "faults", store=store, mailer=mailer):
        await send.send(request("F-1"))
        t0 = time.monotonic()
        decided = await send.send(decision("F-1"))
        assert decided["state"] == "scheduled" and time.monotonic() - t0 < 10
        [pending] = store.outbox("leave-F-1")
        assert pending.status == "pending" and pending.last_error
        smtp.start()
        try:

            async def delivered() -> bool:
                return store.outbox("leave-F-1")[0].status == "sent"

            assert await eventually(delivered, 30)
        finally:
            smtp.stop()
    assert len(inbox.messages) == 1
    assert store.outbox("leave-F-1")[0].attempts >= 2


class DevServer:
    """`temporal server start-dev` on a SQLite file, as `personalsak up` runs it."""

    def __init__(self, data: Path) -> None:
        self.data, self.ports = data, Ports(temporal=free_port(), ui=free_port())
        self.proc: subprocess.Popen[bytes] | None = None
        data.mkdir(parents=True, exist_ok=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.ports.temporal}"

    async def start(self) -> None:
        log = self.data / "temporal.log"
        with log.open("ab") as out:
            self.proc = subprocess.Popen(
                dev_server_command(temporal_binary(), self.data, self.ports),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        await wait_for_server(self.address, self.proc, log)

    def stop(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(timeout=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DevServer]:
    s = DevServer(tmp_path / "temporal")
    yield s
    if s.proc and s.proc.poll() is None:
        s.proc.kill()


def worker_process(server: DevServer, tmp_path: Path, smtp_port: int, n: int) -> Any:
    env = {
        **os.environ,
        "TEMPORAL_ADDRESS": server.address,
        "TASK_QUEUE": "faults",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'register.db'}",
        "MAIL_DIR": str(tmp_path / "mail"),
        "SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    return start_worker(env, tmp_path / f"worker{n}.log")


@pytest.fixture
async def slow_smtp() -> AsyncIterator[tuple[SlowInbox, int]]:
    port = free_port()
    inbox = SlowInbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    yield inbox, port
    smtp.stop()


async def test_worker_killed_in_an_activity_and_an_update(
    server: DevServer, tmp_path: Path, slow_smtp: tuple[SlowInbox, int]
) -> None:
    """SIGKILL while a decision's Update is running its letter's delivery activity; a case
    parked on its timer at the same time. A new worker finishes the Update (the dead worker's
    activity is retried once its heartbeat stops, within 5 s, not after the 60 s timeout); the
    letter goes out once (by its Message-ID, the idempotency key); the parked case keeps its
    timer and takes its next action."""
    inbox, smtp_port = slow_smtp
    store = register(tmp_path)
    await server.start()
    first = worker_process(server, tmp_path, smtp_port, 1)
    second = None
    try:
        client = await intake.connect(server.address, register=store)
        send = Sender(client, "faults", store)
        await send.send(request("K-PARKED"))
        await send.send(decision("K-PARKED"))  # scheduled: waits for the start of the leave
        await eventually(lambda: _sent(store, "leave-K-PARKED"), 20)
        await send.send(request("K-1"))
        inbox.arm()
        update = asyncio.create_task(send.send(decision("K-1")))
        await asyncio.wait_for(inbox.receiving.wait(), 20)  # the delivery is in flight
        first.send_signal(signal.SIGKILL)
        first.wait()
        second = worker_process(server, tmp_path, smtp_port, 2)
        result = await asyncio.wait_for(update, 45)  # the 60 s timeout would be too late
        assert result["status"] == "accepted" and result["state"] == "scheduled"
        assert await eventually(lambda: _sent(store, "leave-K-1"), 90)
        ids = [m["Message-ID"] for m in inbox.messages if "leave-K-1" in m["Message-ID"]]
        assert len(set(ids)) == 1  # a resend after the crash carries the same Message-ID
        assert [j.trigger for j in store.journal("leave-K-1")] == ["register", "grant", "schedule"]
        parked = await send.view("K-PARKED")
        assert parked.state == "scheduled" and parked.deadlines
        withdrawn = await step(
            send, "LeaveWithdrawn", "K-PARKED", {"reason": "Endrede planer"},
            {"person_id": "emp-1", "role": "employee"},
        )  # fmt: skip
        assert withdrawn["state"] == "withdrawn"
    finally:
        for w in (first, second):
            if w is not None and w.poll() is None:
                w.send_signal(signal.SIGTERM)
                w.wait(timeout=30)
        server.stop()


async def _sent(store: Store, workflow_id: str) -> bool:
    rows = store.outbox(workflow_id)
    return bool(rows) and all(r.status == "sent" for r in rows)


async def test_dev_server_restart_keeps_every_open_case(server: DevServer, tmp_path: Path) -> None:
    """Stop the dev server and start it again on the same SQLite file: every open case is there,
    in the state it had, and takes its next step."""
    store = register(tmp_path)
    await server.start()
    client = await intake.connect(server.address, register=store)
    send = Sender(client, "faults", store)
    gift = {"employee_id": "emp-1", "what": "gift", "giver": "inmate", "description": "Tegning",
            "received_on": date.today().isoformat(), "humane_reason": "Takk"}  # fmt: skip
    emp = {"person_id": "emp-1", "role": "employee"}
    async with create_worker(client, "faults", store=store, mailer=Mailer(tmp_path / "mail")):
        for i in range(5):
            await send.send(request(f"R-{i}"))
        await step(send, "GiftReported", "G-1", gift, emp)
        await step(send, "VacancyRegistered", "H-1", _vacancy(), HR)
    # Issue 16: with the worker stopped, reads answer from the register's read model; the
    # running case's query has nobody to answer it.
    view = await cases.show(client, "R-0", register=store)
    assert view is not None and view.state == "awaiting_decision" and view.history
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(cases.show(client, "R-0", live=True), 2)
    server.stop()
    gift_view = cases.from_register(store, "G-1")  # the server is down too
    assert gift_view is not None and gift_view.state == "awaiting_assessment"
    await server.start()
    client = await intake.connect(server.address, register=store)
    send = Sender(client, "faults", store)
    async with create_worker(client, "faults", store=store, mailer=Mailer(tmp_path / "mail")):
        for i in range(5):
            assert (await send.view(f"R-{i}")).state == "awaiting_decision"
            assert (await send.send(decision(f"R-{i}")))["state"] == "scheduled"
        leader = {"person_id": "leader-oslo", "role": "unit_leader"}
        kept = await step(send, "GiftMayBeKept", "G-1", {"reasons": "Ingen verdi"}, leader)
        assert kept["state"] == "may_keep"
        info = {"salary": "Lønnstrinn 40", "draft_text": "Utkast"}
        assert (await step(send, "SalaryInformationGiven", "H-1", info, HR))["state"] == "drafting"
    server.stop()


def _vacancy() -> dict[str, Any]:
    return {"unit_id": "oslo-prison", "title": "Fengselsbetjent", "post_kind": "fengselsbetjent",
            "nearest_superior_id": "avd-oslo", "permanent": True}  # fmt: skip
