"""The workflow tests send events through the dispatcher to the session's worker."""

from __future__ import annotations

import pytest
from temporalio.client import Client

from activities.store import Store
from tests.helpers import Sender


@pytest.fixture
def send(client: Client, worker: str, register: Store) -> Sender:
    return Sender(client, worker, register)
