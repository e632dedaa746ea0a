"""Delivery over SMTP against a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import temporalio.activity
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from temporalio.api.failure.v1 import Failure
from temporalio.converter import DataConverter
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.case_activities import DELIVERY_FAILED, CaseActivities
from activities.notifications import Mailer, mail_name
from activities.store import Store
from intake.org_file import read_org
from tests.activities.test_logs import captured  # noqa: F401 (the worker's log, a fixture)
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
    with pytest.raises(ApplicationError) as down:
        acts.deliver(key)  # Temporal retries this activity with backoff
    assert down.value.type == DELIVERY_FAILED and not down.value.non_retryable
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


class Refusing(Inbox):
    """A mail server that refuses the recipient, quoting the address (as SMTP servers do)."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: Any) -> str:  # fmt: skip
        return f"550 5.1.1 <{address}>: Recipient address rejected"


async def failed_as_the_worker_logs_it(deliver: Any, key: str) -> tuple[ApplicationError, str]:
    """Run the activity as a worker does and log its failure as the SDK's worker does
    (temporalio/worker/_activity.py: "Completing activity as failed", with the traceback), then
    encode the failure Temporal records. Returns the error and the failure's text."""

    def attempt() -> None:
        try:
            deliver(key)
        except Exception:
            temporalio.activity.logger.warning("Completing activity as failed", exc_info=True)
            raise

    with pytest.raises(ApplicationError) as failed:
        ActivityEnvironment().run(attempt)
    failure = Failure()
    await DataConverter.default.encode_failure(failed.value, failure)
    return failed.value, str(failure)


async def test_a_failed_delivery_logs_no_address_and_no_person(
    acts: CaseActivities,
    port: int,
    tmp_path: Path,
    captured: io.StringIO,  # noqa: F811
) -> None:
    """GDPR art. 5(1)(c) and PR-2012 § 18 (issue 14 review M1): a refused recipient
    (SMTPRecipientsRefused quotes the address) and a failed write to the mail directory (its
    error quotes the path, which ends with the person id) reach neither the worker's log nor
    the failure Temporal records: the error's kind only, still retried (not non-retryable);
    the register keeps the text for the operator until the case is erased."""
    server = Controller(Refusing(), hostname="127.0.0.1", port=port)
    server.start()
    try:
        key = queue_letter(acts)
        refused, failure = await failed_as_the_worker_logs_it(acts.deliver, key)
    finally:
        server.stop()
    [row] = acts.store.outbox("leave-9")
    assert row.status == "pending" and "ola.hansen@" in (row.last_error or "")
    # the file mailer: its temporary file's place taken by a directory
    files = CaseActivities(acts.store, Mailer(tmp_path / "mail"))
    (tmp_path / "mail" / f".{mail_name(key)}.tmp").mkdir(parents=True)
    unwritten, failure2 = await failed_as_the_worker_logs_it(files.deliver, key)
    text = captured.getvalue() + failure + failure2
    assert text.count("Completing activity as failed") == 2
    assert "SMTPRecipientsRefused" in text and "IsADirectoryError" in text
    assert "@" not in text and "emp-2" not in text and key not in text, text
    for error in (refused, unwritten):
        assert error.type == DELIVERY_FAILED and not error.non_retryable
        assert error.__cause__ is None and error.__suppress_context__
