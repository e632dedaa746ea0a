"""Personal data encrypted at rest in Temporal (AES-256-GCM, key ids, rotation), and the codec
endpoint an authorised officer's UI uses."""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from activities.store import Store
from intake.api import create_app
from intake.codec import CodecError, EncryptionCodec, new_key_line, parse_keys
from intake.config import Settings
from tests.helpers import Sender, leave_request

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


def test_codec_endpoint_decrypts_for_the_token_only(tmp_path: Path) -> None:
    keys = parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"])
    sealed = EncryptionCodec(keys).encrypt(PLAIN)
    body = json_format.MessageToJson(Payloads(payloads=[sealed]))
    os.environ["PERSONALSAK_CODEC_TOKEN"] = "officer-token"
    try:
        app = create_app(Settings.from_env())
        http = TestClient(app)
        ok = http.post("/codec/officer-token/decode", content=body)
        assert ok.status_code == 200
        data = base64.b64decode(ok.json()["payloads"][0]["data"])
        assert json.loads(data) == {"name": "Kari Nordmann"}
        assert http.post("/codec/guess/decode", content=body).status_code == 403
        bad = json.loads(body)
        bad["payloads"][0]["data"] = base64.b64encode(b"x" * 40).decode()
        assert http.post("/codec/officer-token/decode", content=json.dumps(bad)).status_code == 400
        cors = http.options(
            "/codec/officer-token/decode",
            headers={"Origin": "http://localhost:8233", "Access-Control-Request-Method": "POST"},
        )
        assert cors.headers.get("access-control-allow-origin") == "http://localhost:8233"
    finally:
        del os.environ["PERSONALSAK_CODEC_TOKEN"]
