"""Decryption only for identified officers (issue 11 point 5): the codec endpoint decodes the
payloads of cases the person may read, leaves others encrypted, logs every decode, and answers
malformed requests with 400."""

from __future__ import annotations

import base64
import json
import os

import httpx
import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.api.failure.v1 import Failure
from temporalio.client import Client
from temporalio.converter import WorkflowSerializationContext
from temporalio.exceptions import ApplicationError

from activities.store import ErasureRow, Store, utcnow
from intake.codec import EncryptionCodec, parse_keys
from intake.keyring import Keyring
from states.retention import APPLICANTS_CHOICE, PR_18
from tests.security.conftest import Mint, bearer, open_discipline, reads

SECRET = Payload(metadata={"encoding": b"json/plain"}, data=b'{"summary": "Celled\\u00f8r"}')


def sealed_for(workflow_id: str) -> str:
    codec = EncryptionCodec(parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"]))
    bound = codec.with_context(WorkflowSerializationContext("default", workflow_id))
    return json_format.MessageToJson(Payloads(payloads=[bound.encrypt(SECRET)]))


async def test_decode_needs_an_identity(door: httpx.AsyncClient, register: Store) -> None:
    body = sealed_for("discipline-SEC-C-0")
    assert (await door.post("/codec/decode", content=body)).status_code == 401
    forged = {"cookie": "personalsak_codec=guessed"}
    guess = await door.post("/codec/decode", content=body, headers=forged)
    assert guess.status_code == 401
    assert reads(register, "SEC-C-0") == []


async def test_decode_only_for_a_reader_of_the_case(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    await open_discipline(client, worker, register, "SEC-C-1")
    body = sealed_for("discipline-SEC-C-1")
    other = await door.post("/codec/decode", content=body, headers=bearer(mint("krus-emp")))
    assert other.status_code == 200
    still = other.json()["payloads"][0]
    assert base64.b64decode(still["metadata"]["encoding"]) == b"binary/encrypted"
    # The party reads a reduced view (intake/views.py) and so decodes nothing: the raw history
    # holds what their view leaves out. The unit leader, who handles the case, decodes.
    party = await door.post("/codec/decode", content=body, headers=bearer(mint("emp-2")))
    still = party.json()["payloads"][0]
    assert base64.b64decode(still["metadata"]["encoding"]) == b"binary/encrypted"
    leader = await door.post("/codec/decode", content=body, headers=bearer(mint("leader-oslo")))
    data = base64.b64decode(leader.json()["payloads"][0]["data"])
    assert json.loads(data) == {"summary": "Celledør"}
    # Only the allowed decode is logged: the others read nothing and write nothing.
    assert [(r.reader, r.ground, r.channel) for r in reads(register, "SEC-C-1")] == [
        ("leader-oslo", "unit leader", "codec"),
    ]
    encode = await door.post("/codec/encode", content=body, headers=bearer(mint("emp-2")))
    assert encode.status_code == 403  # cases move through the door, not the UI


async def test_a_failure_is_encrypted_and_the_ui_decodes_it(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """Issue 14 review: a failure's message and stack trace are stored in Temporal's history
    and can quote a name or a reason: they go through the codec (`encode_common_attributes`),
    so the case's data key covers them (PR-2012 § 18 crypto-shredding, GDPR art. 5(1)(e)),
    and the UI still shows them to a reader of the case through the codec endpoint."""
    await open_discipline(client, worker, register, "SEC-C-F")
    bound = client.data_converter.with_context(
        WorkflowSerializationContext("default", "discipline-SEC-C-F")
    )
    failure = Failure()
    try:
        raise ApplicationError("Ola Hansen glemte låsen")
    except ApplicationError as exc:
        await bound.encode_failure(exc, failure)
    raw = failure.SerializeToString()
    assert b"Ola" not in raw and failure.message == "Encoded failure" and not failure.stack_trace
    assert failure.encoded_attributes.metadata["encoding"] == b"binary/encrypted"
    body = json_format.MessageToJson(Payloads(payloads=[failure.encoded_attributes]))
    leader = await door.post("/codec/decode", content=body, headers=bearer(mint("leader-oslo")))
    shown = json.loads(base64.b64decode(leader.json()["payloads"][0]["data"]))
    assert shown["message"] == "Ola Hansen glemte låsen" and "raise" in shown["stack_trace"]


async def test_an_erased_case_is_never_decoded_by_the_endpoint(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """Issue 14 review H1: PR-2012 § 18 "slettes" and GDPR art. 17: once a case's data key is
    destroyed (by a worker, another process than the API), the codec endpoint decodes none of
    its payloads, even with the key still in its cache, and logs no read."""
    await open_discipline(client, worker, register, "SEC-C-E")
    bound = client.data_converter.with_context(
        WorkflowSerializationContext("default", "discipline-SEC-C-E")
    )
    codec = bound.payload_codec
    assert codec is not None
    [payload] = await codec.encode([SECRET])
    body = json_format.MessageToJson(Payloads(payloads=[payload]))
    token = bearer(mint("leader-oslo"))
    before = await door.post("/codec/decode", content=body, headers=token)
    assert json.loads(base64.b64decode(before.json()["payloads"][0]["data"])) == {
        "summary": "Celledør"
    }  # the API's keyring now holds the case's key
    keys = parse_keys(os.environ["PERSONALSAK_CODEC_KEYS"])
    assert Keyring(register, keys).destroy(["discipline-SEC-C-E"], "PR-2012 § 18")
    after = await door.post("/codec/decode", content=body, headers=token)
    still = after.json()["payloads"][0]
    assert base64.b64decode(still["metadata"]["encoding"]) == b"binary/encrypted"
    assert len(reads(register, "SEC-C-E")) == 1  # the read before the erasure only


async def test_an_erased_case_under_the_master_key_is_never_decoded(
    door: httpx.AsyncClient, client: Client, worker: str, register: Store, mint: Mint
) -> None:
    """Issue 14 review (PR-2012 § 18 "slettes", GDPR art. 17): a payload of an erased case that
    no data key covers (sealed by the master key: a case from before per-case keys, or erased
    where no keyring ran) is not decoded either: the register's record of the erasure decides,
    not only a destroyed key."""
    await open_discipline(client, worker, register, "SEC-C-M")
    body = sealed_for("discipline-SEC-C-M")  # the master key, bound to the case
    token = bearer(mint("leader-oslo"))
    before = await door.post("/codec/decode", content=body, headers=token)
    assert json.loads(base64.b64decode(before.json()["payloads"][0]["data"])) == {
        "summary": "Celledør"
    }
    with register.session() as s:
        s.add(ErasureRow(workflow_id="discipline-SEC-C-M", root="discipline-SEC-C-M",
                         rule="PR-2012 § 18", scope="family", requested_at=utcnow(),
                         erased_at=utcnow()))  # fmt: skip
    after = await door.post("/codec/decode", content=body, headers=token)
    still = after.json()["payloads"][0]
    assert base64.b64decode(still["metadata"]["encoding"]) == b"binary/encrypted"


@pytest.mark.parametrize(
    ("case_id", "rule", "scope", "erased"),
    [
        # the applicants row ran on a hiring case that runs on for years (review M4)
        ("SEC-C-A", APPLICANTS_CHOICE, "unsuccessful_applicants", True),
        # a § 18 deletion requested, the family's sweep still to come (review L1)
        ("SEC-C-R", PR_18, "family", False),
    ],
)
async def test_a_case_erased_in_part_or_awaiting_its_sweep_is_never_decoded(
    door: httpx.AsyncClient,
    client: Client,
    worker: str,
    register: Store,
    mint: Mint,
    case_id: str,
    rule: str,
    scope: str,
    erased: bool,
) -> None:
    """Issue 14 review M4, L1 (GDPR art. 5(1)(e), PR-2012 § 18): the register's record of an
    erasure decides, whatever its scope: a case whose applicants not appointed were erased, or
    whose § 18 deletion is requested and not yet swept, is never decoded by the endpoint."""
    await open_discipline(client, worker, register, case_id)
    body = sealed_for(f"discipline-{case_id}")
    token = bearer(mint("leader-oslo"))
    before = await door.post("/codec/decode", content=body, headers=token)
    assert json.loads(base64.b64decode(before.json()["payloads"][0]["data"])) == {
        "summary": "Celledør"
    }
    with register.session() as s:
        s.add(ErasureRow(workflow_id=f"discipline-{case_id}", root=f"discipline-{case_id}",
                         rule=rule, scope=scope, requested_at=utcnow(),
                         erased_at=utcnow() if erased else None))  # fmt: skip
    after = await door.post("/codec/decode", content=body, headers=token)
    still = after.json()["payloads"][0]
    assert base64.b64decode(still["metadata"]["encoding"]) == b"binary/encrypted"


async def test_malformed_codec_requests_are_400(door: httpx.AsyncClient, mint: Mint) -> None:
    token = bearer(mint("leader-oslo"))  # a reader who decodes the case (not its party)
    bad_data = json.loads(sealed_for("discipline-SEC-C-1"))
    bad_data["payloads"][0]["data"] = base64.b64encode(b"x" * 40).decode()
    for body in (
        b"not json",
        b'{"payloads": 7}',
        b'{"payloads": [{"metadata": "x"}]}',
        b"[" * 20_000,
        json.dumps(bad_data).encode(),
    ):
        r = await door.post("/codec/decode", content=body, headers=token)
        assert r.status_code == 400, (body[:30], r.status_code, r.text)


async def test_local_sign_in_gives_this_browser_a_session(
    door: httpx.AsyncClient, register: Store
) -> None:
    """`up` prints a one-time code; redeeming it gives this browser the codec session as an
    HttpOnly, SameSite=Strict cookie. The code works once; the local operator's decodes are
    logged. Under `up` on http://localhost (issue 15 review L2: Secure everywhere else)."""
    door.app.state.web.local_allowed = True  # type: ignore[attr-defined]
    code = door.app.state.local_signin.new_code()  # type: ignore[attr-defined]
    signed = await door.get("/codec/signin", params={"code": code})
    assert signed.json()["codec_endpoint"] == "http://door/codec"
    assert (await door.get("/codec/signin", params={"code": code})).status_code == 403
    r = await door.post("/codec/decode", content=sealed_for("discipline-SEC-C-2"))
    assert r.status_code == 200
    assert json.loads(base64.b64decode(r.json()["payloads"][0]["data"])) == {"summary": "Celledør"}
    assert reads(register, "SEC-C-2")[-1].channel == "codec"
