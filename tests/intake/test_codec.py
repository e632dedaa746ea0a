"""Personal data encrypted at rest in Temporal (AES-256-GCM, key ids, rotation), and the codec
endpoint an authorised officer's UI uses."""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import WorkflowSerializationContext
from temporalio.testing import WorkflowEnvironment

import intake
from activities.notifications import Mailer
from activities.store import Store
from intake.api import create_app
from intake.client import data_converter
from intake.codec import CASE, CodecError, EncryptionCodec, case_of, new_key_line, parse_keys
from intake.config import Settings
from states.leave import LeaveRequest
from states.machine import Actor
from tests.conftest import binary
from tests.helpers import Sender, leave_request
from worker import create_worker
from workflows.leave import LeaveCase, LeaveCaseInput

PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"name": "Kari Nordmann"}')


def test_round_trip_rotation_and_tampering() -> None:
    old = parse_keys(new_key_line())
    codec_old = EncryptionCodec(old)
    sealed = codec_old.encrypt(PLAIN)
    assert b"Kari" not in sealed.data and sealed.metadata["encoding"] == b"binary/encrypted"
    rotated = EncryptionCodec(parse_keys(new_key_line()) + old)  # new key first, old kept
    assert rotated.decrypt(sealed) == PLAIN  # old histories stay readable
    assert (
        rotated.encrypt(PLAIN).metadata["encryption-key-id"] != sealed.metadata["encryption-key-id"]
    )
    flipped = sealed.data[:-1] + bytes([sealed.data[-1] ^ 1])  # always a change
    tampered = Payload(metadata=sealed.metadata, data=flipped)
    with pytest.raises(CodecError):
        rotated.decrypt(tampered)
    foreign = Payload(metadata={**sealed.metadata, "encryption-key-id": b"nope"}, data=sealed.data)
    with pytest.raises(CodecError):
        rotated.decrypt(foreign)
    with pytest.raises(CodecError, match="not encrypted"):
        codec_old.decrypt(PLAIN)  # plaintext is refused, never passed through


async def test_history_holds_ciphertext_only(
    env: WorkflowEnvironment, client: Client, worker: str, register: Store
) -> None:
    """A case's payloads in Temporal carry no readable personal data without the key."""
    start = (await env.get_current_time()).date() + timedelta(days=40)
    ev = leave_request("ENC-1", start, start, reason="Begravelse av far")
    await Sender(client, worker, register).send(ev)
    plain = env.client  # no codec: what `temporal workflow show` or the plain UI sees
    events = plain.get_workflow_handle("leave-ENC-1").fetch_history_events()
    raw = b"".join([e.SerializeToString() async for e in events])
    assert b"Begravelse" not in raw and b"emp-1" not in raw
    assert b"binary/encrypted" in raw


def test_a_payload_is_bound_to_its_case() -> None:
    """The workflow id from the SDK's serialization context is in the metadata and the
    associated data: a payload copied into another case, or relabelled, is refused."""
    codec = EncryptionCodec(parse_keys(new_key_line()))
    mine = codec.with_context(WorkflowSerializationContext("default", "leave-A"))
    other = codec.with_context(WorkflowSerializationContext("default", "leave-B"))
    sealed = mine.encrypt(PLAIN)
    assert case_of(sealed) == "leave-A"
    assert mine.decrypt(sealed) == PLAIN and codec.decrypt(sealed) == PLAIN  # the codec server
    with pytest.raises(CodecError, match="belongs to case 'leave-A'"):
        other.decrypt(sealed)
    relabelled = Payload(metadata={**sealed.metadata, CASE: b"leave-B"}, data=sealed.data)
    with pytest.raises(CodecError, match="authentication"):
        other.decrypt(relabelled)
    unbound = codec.encrypt(PLAIN)  # no workflow: bound to no case
    assert case_of(unbound) is None and mine.decrypt(unbound) == PLAIN


async def test_a_plain_client_cannot_start_a_case_in_plaintext(
    register: Store, mail_dir: Path
) -> None:
    """A Temporal client without the codec starts a leave case straight on the task queue: the
    worker's codec refuses the plaintext input, the workflow task fails, no case is registered
    and the plaintext is never handled (issue 11: only the door moves a case). On a server of
    its own: a workflow task failing over and over stalls the session server's time skipping."""
    own = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=binary("temporal-test-server")
    )
    try:
        client = await intake.connect(own.client.service_client.config.target_host)
        queue = f"plain-{uuid.uuid4()}"
        async with create_worker(client, queue, store=register, mailer=Mailer(mail_dir)):
            start = (await own.get_current_time()).date() + timedelta(days=40)
            ev = leave_request("ENC-PLAIN-1", start, start)
            target = own.client.service_client.config.target_host
            plain = await Client.connect(target, data_converter=pydantic_data_converter)
            handle = await plain.start_workflow(
                LeaveCase.run,
                LeaveCaseInput(
                    case_id="ENC-PLAIN-1",
                    event_id=ev["event_id"],
                    actor=Actor(person_id="emp-1", role="employee"),
                    request=LeaveRequest.model_validate(ev["payload"]),
                ),
                id="leave-ENC-PLAIN-1",
                task_queue=queue,
            )
            failure, raw = "", ""
            # The failure's message goes through the codec (issue 14 review): the history holds
            # "Encoded failure"; the project's converter, with the register's keys, reads it.
            converter = data_converter(register=register).with_context(
                WorkflowSerializationContext(own.client.namespace, "leave-ENC-PLAIN-1")
            )
            for _ in range(100):
                async for e in handle.fetch_history_events():
                    if e.HasField("workflow_task_failed_event_attributes"):
                        stored = e.workflow_task_failed_event_attributes.failure
                        raw = stored.message
                        failure = str(await converter.decode_failure(stored))
                if failure:
                    break
                await asyncio.sleep(0.1)
            await handle.terminate("test: plaintext start refused")
        assert raw == "Encoded failure" and "not encrypted" in failure
        assert register.case("leave-ENC-PLAIN-1") is None
        assert register.journal("leave-ENC-PLAIN-1") == []
    finally:
        await own.shutdown()


async def test_codec_endpoint_refuses_the_old_url_token(tmp_path: Path) -> None:
    """The codec endpoint has no shared token in its URL any more (it was visible in `ps`):
    a person's bearer token or a local sign-in session (tests/security/test_codec_endpoint.py)."""
    keys = parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"])
    body = json_format.MessageToJson(Payloads(payloads=[EncryptionCodec(keys).encrypt(PLAIN)]))
    app = create_app(Settings.from_env())
    http = TestClient(app)
    old = http.post("/codec/officer-token/decode", content=body)
    assert old.status_code == 404 and b"Kari" not in old.content  # no such route
    cors = http.options(
        "/codec/decode",
        headers={"Origin": "http://localhost:8233", "Access-Control-Request-Method": "POST"},
    )
    assert cors.headers.get("access-control-allow-origin") == "http://localhost:8233"
