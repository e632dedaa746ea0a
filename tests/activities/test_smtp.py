"""Delivery over SMTP against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from activities.case_activities import CaseActivities
from activities.notifications import Mailer
from activities.store import Store
from intake.org_file import read_org
from tests.conftest import EXAMPLES
from tests.helpers import withdrawal_letter


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[Any] = []

    def handle_message(self, message: Any) -> None:
        self.messages.append(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def acts(tmp_path: Path, port: int) -> Iterator[CaseActivities]:
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    store.migrate()
    store.load_org(read_org(EXAMPLES / "org.yaml"))
    yield CaseActivities(store, Mailer(tmp_path / "mail", f"smtp://127.0.0.1:{port}"))
    store.engine.dispose()


def queue_letter(acts: CaseActivities) -> str:
    sent = acts.send_letter(withdrawal_letter("9", "emp-2"))
    return sent.outbox_keys[0]


def test_smtp_delivery_once(acts: CaseActivities, port: int) -> None:
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        key = queue_letter(acts)
        assert acts.deliver(key) == f"smtp://127.0.0.1:{port}"
        assert acts.deliver(key) == "already sent"
    finally:
        server.stop()
    [msg] = inbox.messages
    assert msg["To"] == "ola.hansen@kriminalomsorg.example"
    assert msg["Message-ID"] == "<leave-9.leave_withdrawn.2.0.emp-2@personalsak>"
    assert "Til: Ola Hansen" in msg.get_payload(decode=True).decode()


def test_smtp_down_keeps_the_message_in_the_outbox(acts: CaseActivities, port: int) -> None:
    key = queue_letter(acts)
    with pytest.raises(OSError):
        acts.deliver(key)  # Temporal retries this activity with backoff
    [row] = acts.store.outbox("leave-9")
    assert row.status == "pending" and row.attempts == 1 and row.last_error
    inbox = Inbox()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        acts.deliver(key)
    finally:
        server.stop()
    assert len(inbox.messages) == 1
    [row] = acts.store.outbox("leave-9")
    assert row.status == "sent" and row.attempts == 2
